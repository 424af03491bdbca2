import type { LocalizedText } from '$lib/domain/localized-text';

/**
 * The demo challenge, modelled on the organization that inspired the portal: a UN-affiliated
 * project office on governance in Songdo (Incheon) and its September symposium. All of it is
 * ordinary data that an organizer edits.
 */
export const demoChallenge = {
	slug: 'youth-ai-governance',
	title: {
		en: 'Youth AI for Good Governance Challenge',
		ko: '청년 AI 굿 거버넌스 챌린지'
	},
	theme: {
		en: 'AI Transformation and Effective Governance',
		ko: 'AI 전환과 효과적인 거버넌스'
	},
	summary: {
		en: 'Young innovators design AI solutions that help governments serve people better: fairly, safely and for everyone.',
		ko: '청년 혁신가들이 정부가 시민에게 더 공정하고 안전하게, 모두를 위해 봉사하도록 돕는 AI 솔루션을 설계합니다.'
	},
	description: {
		en: 'Public administrations everywhere are learning to use artificial intelligence: smart cities, big data and digital twins for local services such as disaster response, transportation, welfare and tourism. This challenge invites young people to propose AI solutions to real public-administration problems, with attention to data privacy, bias and fairness, human oversight and the digital divide. Teams submit an entry with their problem, solution, AI approach, responsible-AI safeguards and expected impact. A panel of judges scores the entries against a published rubric; shortlisted teams present their work at the symposium and in the public gallery.',
		ko: '세계 곳곳의 행정기관이 인공지능 활용을 배우고 있습니다. 스마트시티, 빅데이터, 디지털 트윈은 재난 대응, 교통, 복지, 관광과 같은 지역 서비스를 바꾸고 있습니다. 이 챌린지는 청년들이 데이터 프라이버시, 편향과 공정성, 인간의 감독, 디지털 격차를 고려하여 실제 행정 문제에 대한 AI 솔루션을 제안하도록 초대합니다. 팀은 문제, 솔루션, AI 접근 방식, 책임 있는 AI 안전장치, 기대 효과를 담은 출품작을 제출합니다. 심사위원단은 공개된 평가 기준에 따라 출품작을 평가하며, 최종 후보 팀은 심포지엄과 공개 갤러리에서 작품을 발표합니다.'
	},
	organizerName: {
		en: 'Project Office on Governance, Songdo',
		ko: '송도 거버넌스 프로젝트 사무소'
	},
	organizerAbout: {
		en: 'A United Nations–affiliated project office on governance, founded in 2006 in Songdo, Incheon (Republic of Korea). It helps member states strengthen public administration through workshops, peer learning and advisory work, and shares best practices in line with the 2030 Agenda for Sustainable Development. Its recent work covers AI and digital transformation in government, the ethics of data use, and community-driven local governance such as the participatory leadership of Korea’s Saemaeul Undong.',
		ko: '2006년 인천 송도에 설립된 유엔 관련 거버넌스 프로젝트 사무소입니다. 워크숍, 동료 학습, 자문을 통해 회원국의 공공행정 역량 강화를 지원하고, 2030 지속가능발전의제에 맞춘 모범 사례를 공유합니다. 최근에는 정부의 AI·디지털 전환, 데이터 활용 윤리, 그리고 한국 새마을운동의 참여형 리더십과 같은 주민 주도 지역 거버넌스를 다루고 있습니다.'
	},
	organizerUrl: 'https://example.org/governance-office',
	contactEmail: 'challenge@example.org',
	eventName: {
		en: 'Symposium on AI Transformation and Effective Governance',
		ko: 'AI 전환과 효과적인 거버넌스 심포지엄'
	},
	eventLocation: { en: 'Songdo, Incheon, Republic of Korea', ko: '대한민국 인천 송도' },
	timeZone: 'Asia/Seoul',
	minAge: 15,
	maxAge: 35,
	teamMinSize: 1,
	teamMaxSize: 5
} satisfies Record<string, unknown>;

export const demoTracks: { slug: string; name: LocalizedText; description: LocalizedText }[] = [
	{
		slug: 'disaster-response',
		name: { en: 'Disaster response', ko: '재난 대응' },
		description: {
			en: 'Early warning, emergency coordination and recovery with data and AI.',
			ko: '데이터와 AI를 활용한 조기 경보, 비상 대응 조정, 복구.'
		}
	},
	{
		slug: 'transport',
		name: { en: 'Transport and mobility', ko: '교통과 이동' },
		description: {
			en: 'Safer, cleaner and more accessible public transport and streets.',
			ko: '더 안전하고 깨끗하며 누구나 이용할 수 있는 대중교통과 도로.'
		}
	},
	{
		slug: 'welfare',
		name: { en: 'Social welfare', ko: '사회 복지' },
		description: {
			en: 'Reaching people in need, fairly and with dignity.',
			ko: '도움이 필요한 사람에게 공정하고 존엄하게 닿는 복지.'
		}
	},
	{
		slug: 'tourism',
		name: { en: 'Tourism and culture', ko: '관광과 문화' },
		description: {
			en: 'Sustainable tourism that benefits local communities.',
			ko: '지역 공동체에 도움이 되는 지속 가능한 관광.'
		}
	},
	{
		slug: 'local-services',
		name: { en: 'Local public services', ko: '지역 공공 서비스' },
		description: {
			en: 'Responsive, participatory local government, from permits to complaints.',
			ko: '인허가부터 민원까지, 주민이 참여하고 빠르게 응답하는 지방정부.'
		}
	},
	{
		slug: 'climate-adaptation',
		name: { en: 'Climate adaptation', ko: '기후 적응' },
		description: {
			en: 'Helping cities and regions adapt to heat, floods and drought.',
			ko: '폭염, 홍수, 가뭄에 도시와 지역이 적응하도록 돕기.'
		}
	}
];

export const DEMO_PASSWORD = 'governance-demo-2026';

export const demoAccounts = [
	{
		email: 'organizer@example.org',
		name: 'Mina Park',
		country: 'KR',
		dateOfBirth: '1984-05-12',
		roles: ['organizer'] as const
	},
	{
		email: 'judge.amara@example.org',
		name: 'Amara Okafor',
		country: 'NG',
		dateOfBirth: '1979-03-02',
		roles: ['judge'] as const
	},
	{
		email: 'judge.lucas@example.org',
		name: 'Lucas Silva',
		country: 'BR',
		dateOfBirth: '1988-11-20',
		roles: ['judge'] as const
	},
	{
		email: 'entrant@example.org',
		name: 'Ji-woo Kim',
		country: 'KR',
		dateOfBirth: '2001-07-08',
		roles: [] as const
	}
];

type RubricSeed = {
	name: string;
	description: string;
	criteria: {
		name: string;
		guidance: string;
		weight: number;
		scaleMin: number;
		scaleMax: number;
		descriptors: { from: number; to: number; text: string }[];
	}[];
};

/** Five-point descriptors, from weakest to strongest. */
const fivePoints = (texts: [string, string, string, string, string]) =>
	texts.map((text, index) => ({ from: index + 1, to: index + 1, text }));

/** The challenge's default rubric (organizers edit it; editing a used rubric makes a new version). */
export const defaultRubric: RubricSeed = {
	name: 'Youth AI for Good Governance rubric',
	description:
		'Six weighted criteria on a 1–5 scale. Score what the entry shows, not what it promises.',
	criteria: [
		{
			name: 'Relevance to public governance',
			guidance:
				'Does the entry address a real problem of public administration, for people who are named, with evidence?',
			weight: 20,
			scaleMin: 1,
			scaleMax: 5,
			descriptors: fivePoints([
				'No clear link to public administration.',
				'A general problem; the public-sector role is vague.',
				'A relevant problem with some evidence of need.',
				'A well-evidenced problem for a named public service or community.',
				'A pressing, well-evidenced problem with a clear public-sector owner.'
			])
		},
		{
			name: 'Quality of the AI approach',
			guidance:
				'Is AI the right tool? Are the models and data sources named and suited to the problem?',
			weight: 20,
			scaleMin: 1,
			scaleMax: 5,
			descriptors: fivePoints([
				'AI is a buzzword; no model or data named.',
				'A model is named but its fit to the problem is unclear.',
				'A plausible approach with named data sources.',
				'A sound approach, data and evaluation described.',
				'An excellent, well-justified approach with evidence that it works.'
			])
		},
		{
			name: 'Responsible AI: privacy, bias and oversight',
			guidance:
				'Privacy, fairness, human oversight, accessibility and the digital divide, risks and mitigations.',
			weight: 20,
			scaleMin: 1,
			scaleMax: 5,
			descriptors: fivePoints([
				'Risks are not considered.',
				'Risks are mentioned without mitigations.',
				'The main risks have mitigations.',
				'Thorough safeguards, with human oversight built in.',
				'Exemplary: safeguards designed with the people affected.'
			])
		},
		{
			name: 'Impact and SDG contribution',
			guidance: 'Expected impact, how it would be measured, and the goals it advances.',
			weight: 15,
			scaleMin: 1,
			scaleMax: 5,
			descriptors: fivePoints([
				'Impact unclear.',
				'Impact claimed but not measurable.',
				'Credible impact with some measures.',
				'Significant impact with a clear measurement plan.',
				'Transformative impact, measured or measurable with rigour.'
			])
		},
		{
			name: 'Feasibility and scalability',
			guidance: 'Cost, stage, partners, and whether it could work in other countries.',
			weight: 15,
			scaleMin: 1,
			scaleMax: 5,
			descriptors: fivePoints([
				'Not feasible as described.',
				'Feasible only with major unknowns.',
				'Feasible with a realistic plan.',
				'Feasible, costed, with a partner or pilot.',
				'Proven in practice and ready to scale.'
			])
		},
		{
			name: 'Clarity of the pitch',
			guidance: 'Is the entry clear, well structured and convincing for a non-specialist?',
			weight: 10,
			scaleMin: 1,
			scaleMax: 5,
			descriptors: fivePoints([
				'Hard to follow.',
				'Understandable with effort.',
				'Clear.',
				'Clear and well structured.',
				'Compelling and memorable.'
			])
		}
	]
};
