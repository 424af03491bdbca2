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

/**
 * The decided round that holds the demo gallery's entries: a showcase of early entries that
 * closed, was decided and published before the portal was installed. With it the demo results
 * agree with themselves (every published entry was judged and shortlisted in a round), and the
 * entries stay out of round 1, which only entries not yet judged in the challenge join.
 */
export const demoRound = {
	name: 'Demo showcase',
	rubricName: `${defaultRubric.name} (demo showcase)`,
	/** The demo judges who scored every entry of the round. */
	judges: ['judge.amara@example.org', 'judge.lucas@example.org'],
	/** Days before the seed ran: opened, closed, decided, published. */
	opened: 12,
	closed: 4,
	decided: 2,
	published: 1
} as const;

/**
 * A closed demo round judged by two panels that never reviewed a common entry: the demo judges
 * scored the entries of the first three tracks, two guest judges (invited for that round only,
 * so they hold no judge role now) those of the other three, more leniently. Its leaderboard shows
 * what the portal says when scores cannot be compared across groups of judges. It closed before
 * the showcase round, which stays the round the results page opens on.
 */
export const demoPanelsRound = {
	name: 'Demo track panels',
	/** Days before the seed ran: opened, closed. */
	opened: 12,
	closed: 8,
	guests: [
		{
			email: 'guest.hana.yoon@example.org',
			name: 'Hana Yoon',
			country: 'KR',
			dateOfBirth: '1981-06-14'
		},
		{
			email: 'guest.tomas.reyes@example.org',
			name: 'Tomás Reyes',
			country: 'CL',
			dateOfBirth: '1976-01-30'
		}
	],
	/**
	 * The level (on the 1–5 scale) each panel's first and second judge gave each of its three
	 * entries: the guests' panel scores about a point higher.
	 */
	levels: [
		[
			[3.6, 3.4],
			[3.2, 3.5],
			[2.8, 2.5]
		],
		[
			[4.6, 4.8],
			[4.5, 4.1],
			[4.2, 4.4]
		]
	]
} as const;

/** A demo team's shortlisted entry, as the public gallery shows it after the demo publication. */
export type DemoGalleryEntry = {
	slug: string;
	team: string;
	/** Adults only (the gallery names adult members); the first is the team lead. */
	members: { email: string; name: string; country: string; dateOfBirth: string }[];
	track: string;
	title: string;
	tagline: string;
	partner: string;
	countries: string[];
	sdgs: number[];
	stage: 'idea' | 'prototype' | 'pilot' | 'deployed';
	problem: string;
	solution: string;
	aiApproach: string;
	privacy: string;
	fairness: string;
	oversight: string;
	accessibility: string;
	risks: string;
	impact: string;
	measurement: string;
	feasibility: string;
	scaling: string;
	videoUrl: string;
	prototypeUrl: string;
	repositoryUrl: string;
	/** Two colours of the generated cover image. */
	colors: [string, string];
};

/**
 * Six shortlisted demo entries, one per demo track, so a fresh portal shows a populated public
 * gallery and symposium screen. Teams, people and projects are invented.
 */
export const demoGallery: DemoGalleryEntry[] = [
	{
		slug: 'floodcast-neighbourhood-flood-alerts',
		team: 'Han River Watchers',
		members: [
			{
				email: 'seoyeon.lee@example.org',
				name: 'Seo-yeon Lee',
				country: 'KR',
				dateOfBirth: '1999-04-17'
			},
			{
				email: 'miguel.santos@example.org',
				name: 'Miguel Santos',
				country: 'PH',
				dateOfBirth: '1998-09-02'
			}
		],
		track: 'disaster-response',
		title: 'FloodCast: neighbourhood flood alerts',
		tagline: 'Street-level flood warnings, hours ahead, in every language spoken on the street.',
		partner: 'Mapo-gu District Office, Seoul',
		countries: ['KR', 'PH'],
		sdgs: [11, 13],
		stage: 'pilot',
		problem:
			'City-wide flood warnings arrive late and say little about **which streets** will flood. In the 2022 Seoul floods, residents of semi-basement homes had minutes to leave. Migrant residents often miss warnings written only in Korean.',
		solution:
			'FloodCast combines rain radar, river gauges and drain sensors into a street-level forecast for the next six hours. When a street is at risk, residents who registered get a text message in their language, and district staff see which semi-basement homes to visit first.',
		aiApproach:
			'A gradient-boosted model trained on ten years of rainfall, gauge and flood-report data predicts water depth per street segment. A small translation model turns the official warning into 12 languages; staff review each template before it is used.',
		privacy:
			'Residents register only a phone number and a street, never a name. Data stays on the district’s servers and is deleted 30 days after the rainy season.',
		fairness:
			'We checked that forecasts are as accurate in low-income neighbourhoods, where fewer flood reports exist, and added community-reported floods to balance the training data.',
		oversight:
			'The duty officer approves every alert before it is sent; the model only proposes. Every decision is logged for the after-action review.',
		accessibility:
			'Alerts work on any phone by text message, in plain language, with a voice call option for people who cannot read them.',
		risks:
			'A false alarm erodes trust, a missed flood costs lives. We publish accuracy every season and keep the official siren system as the fallback.',
		impact:
			'In the 2025 pilot in two districts, residents got warnings 2.5 hours earlier on average and 1,800 households registered, a third of them in a language other than Korean.',
		measurement:
			'Lead time between alert and first flood report, share of at-risk homes visited, and a survey of registered residents after each event.',
		feasibility:
			'Runs on existing district sensors and a single cloud server; about 40 million won a year per district.',
		scaling:
			'Manila’s barangays use similar gauges: a partner team is adapting FloodCast for Marikina River.',
		videoUrl: 'https://video.example.org/floodcast',
		prototypeUrl: 'https://floodcast.example.org',
		repositoryUrl: 'https://code.example.org/han-river-watchers/floodcast',
		colors: ['#0b5394', '#5fd3c1']
	},
	{
		slug: 'busbeat-demand-aware-bus-routes',
		team: 'Route Commons',
		members: [
			{
				email: 'wanjiru.kamau@example.org',
				name: 'Wanjiru Kamau',
				country: 'KE',
				dateOfBirth: '2000-01-23'
			},
			{
				email: 'daniel.otieno@example.org',
				name: 'Daniel Otieno',
				country: 'KE',
				dateOfBirth: '1997-06-30'
			},
			{
				email: 'asha.mwakilema@example.org',
				name: 'Asha Mwakilema',
				country: 'TZ',
				dateOfBirth: '2001-11-11'
			}
		],
		track: 'transport',
		title: 'BusBeat: bus routes that follow demand',
		tagline: 'Anonymous ticket data shows where growing towns need buses, and when.',
		partner: 'Kisumu County Transport Department',
		countries: ['KE', 'TZ'],
		sdgs: [9, 11],
		stage: 'prototype',
		problem:
			'Secondary cities grow faster than their bus networks. Routes drawn twenty years ago miss new neighbourhoods, so people walk long distances or pay for informal minibuses.',
		solution:
			'BusBeat turns anonymous ticket and mobile-money fare data into a map of trips people actually make. Planners compare the current routes with demand and test new ones in a simulator before changing anything on the street.',
		aiApproach:
			'Trip chains are reconstructed from tap-in data with a probabilistic model; a route optimiser proposes changes that cut average travel time without leaving any stop unserved.',
		privacy:
			'Card numbers are replaced by rotating pseudonyms before data leaves the operator, and only trips aggregated over at least 20 people are shown.',
		fairness:
			'Every proposed route change is scored for its effect on women travelling off-peak, older people and informal settlements, not only on the average commuter.',
		oversight:
			'The optimiser suggests; planners decide after public consultation with residents’ associations.',
		accessibility:
			'Route changes are published as printed maps at stops and by SMS, not only in an app.',
		risks:
			'Fare data under-represents people who pay cash. We add manual counts at informal stages twice a year.',
		impact:
			'A simulated redesign of four routes cuts average travel time by 14% and brings 23,000 residents within 500 metres of a stop.',
		measurement:
			'Ridership, travel time from household surveys, and complaints to the county before and after each change.',
		feasibility:
			'Uses data the operator already collects; the software is open source and runs on a laptop.',
		scaling: 'Any city with electronic fares can use it; Mwanza has asked for a trial.',
		videoUrl: 'https://video.example.org/busbeat',
		prototypeUrl: '',
		repositoryUrl: 'https://code.example.org/route-commons/busbeat',
		colors: ['#fd6925', '#19486a']
	},
	{
		slug: 'claimcompass-welfare-claims-without-queues',
		team: 'Fair Benefits Lab',
		members: [
			{
				email: 'linh.nguyen@example.org',
				name: 'Linh Nguyen',
				country: 'VN',
				dateOfBirth: '1998-02-14'
			},
			{
				email: 'putri.rahayu@example.org',
				name: 'Putri Rahayu',
				country: 'ID',
				dateOfBirth: '1999-08-05'
			}
		],
		track: 'welfare',
		title: 'ClaimCompass: welfare claims without queues',
		tagline:
			'A caseworker’s assistant that finds the benefits a family is entitled to, and explains why.',
		partner: 'Da Nang Department of Labour, Invalids and Social Affairs',
		countries: ['VN', 'ID'],
		sdgs: [1, 10, 16],
		stage: 'pilot',
		problem:
			'Families eligible for support often never claim it: the rules are spread over dozens of decrees, forms are long, and a visit to the office costs a day’s wages.',
		solution:
			'ClaimCompass asks a family a few plain questions, lists the benefits they are likely entitled to with the reason for each, and pre-fills the forms. A caseworker checks and submits the claim in one visit.',
		aiApproach:
			'The eligibility rules are encoded as a transparent rules engine, not a black box; a language model only rephrases the questions and the explanations in plain Vietnamese and Bahasa Indonesia.',
		privacy:
			'Answers are stored on the department’s own servers; nothing is sent to the language model except the text of the question being rephrased.',
		fairness:
			'Because decisions come from published rules, every outcome can be explained and appealed. We test the questions with ethnic-minority users for clarity.',
		oversight:
			'A caseworker confirms every claim. The assistant never refuses anybody: it can only suggest claims.',
		accessibility:
			'Works on a shared tablet at the commune office and by voice; large text and high contrast throughout.',
		risks: 'Rules change: the department’s legal team reviews the rules engine every quarter.',
		impact:
			'In the pilot commune, claims for child and disability benefits rose by 31% and the average visit fell from 2 hours to 35 minutes.',
		measurement:
			'Take-up of each benefit compared with the eligible population, visit duration, and appeals upheld.',
		feasibility:
			'Built with the department’s IT team; the running cost is a single server per province.',
		scaling:
			'The rules engine is separate from the interface: Surabaya is encoding Indonesian social-assistance rules.',
		videoUrl: 'https://video.example.org/claimcompass',
		prototypeUrl: 'https://claimcompass.example.org',
		repositoryUrl: '',
		colors: ['#a21942', '#fcc30b']
	},
	{
		slug: 'trailwise-crowd-aware-village-tourism',
		team: 'Trail Keepers',
		members: [
			{
				email: 'jiho.choi@example.org',
				name: 'Ji-ho Choi',
				country: 'KR',
				dateOfBirth: '2002-03-09'
			},
			{
				email: 'anjali.sharma@example.org',
				name: 'Anjali Sharma',
				country: 'NP',
				dateOfBirth: '1996-12-21'
			}
		],
		track: 'tourism',
		title: 'TrailWise: crowd-aware village tourism',
		tagline:
			'Spreading visitors across villages so tourism income stays local and trails stay open.',
		partner: 'Jeju Olle Trail Foundation',
		countries: ['KR', 'NP'],
		sdgs: [8, 12, 15],
		stage: 'prototype',
		problem:
			'A few famous spots on Jeju and in the Annapurna region are overcrowded while nearby villages see no visitors. Crowds damage trails, and income goes to a handful of operators.',
		solution:
			'TrailWise forecasts crowding at popular sites and suggests comparable, quieter routes and village guesthouses. Villages publish their own events and capacity, so recommendations never send more people than a village can host.',
		aiApproach:
			'Crowd levels are forecast from anonymous mobile-network counts and parking data; a recommender matches visitors’ interests with routes while respecting each village’s capacity limits.',
		privacy:
			'Only aggregated counts from the mobile operator are used; the app needs no account and stores preferences on the phone.',
		fairness:
			'Recommendations rotate among villages that opt in, so small guesthouses are shown as often as large ones.',
		oversight: 'Village councils set capacity and can pause recommendations at any time.',
		accessibility:
			'Routes are labelled for step-free access and difficulty; the site works offline on the trail.',
		risks:
			'Sending visitors to quiet places could make them crowded: capacity limits are enforced, not advisory.',
		impact:
			'In a three-month trial, visits to eight partner villages doubled and peak crowding at two famous sites fell by a fifth.',
		measurement:
			'Visitor counts per site, guesthouse occupancy in partner villages and trail condition surveys.',
		feasibility: 'Uses open mobility data and a small team; costs are covered by the foundation.',
		scaling: 'Under discussion with the Annapurna Conservation Area for trekking routes.',
		videoUrl: '',
		prototypeUrl: 'https://trailwise.example.org',
		repositoryUrl: 'https://code.example.org/trail-keepers/trailwise',
		colors: ['#56c02b', '#0a97d9']
	},
	{
		slug: 'minwon-mate-multilingual-civic-assistant',
		team: 'Civic Desk',
		members: [
			{
				email: 'minjun.kang@example.org',
				name: 'Min-jun Kang',
				country: 'KR',
				dateOfBirth: '1995-10-28'
			},
			{
				email: 'bolormaa.bat@example.org',
				name: 'Bolormaa Bat',
				country: 'MN',
				dateOfBirth: '2000-05-16'
			}
		],
		track: 'local-services',
		title: 'Minwon Mate: a multilingual assistant for local services',
		tagline: 'Permits and complaints answered in your language, with a civil servant in the loop.',
		partner: 'Incheon Yeonsu-gu Office',
		countries: ['KR', 'MN'],
		sdgs: [10, 16],
		stage: 'deployed',
		problem:
			'Foreign residents and older people find it hard to file civil complaints (minwon) and permit requests: forms are in formal Korean and phone lines are busy.',
		solution:
			'Minwon Mate helps residents describe their request in their own words and language, routes it to the right department and drafts a reply for the officer to check. Residents follow the status by text message.',
		aiApproach:
			'A classifier routes requests to one of 140 departments; a retrieval-augmented language model drafts answers from the office’s own regulations, citing them, for the officer to edit.',
		privacy:
			'Personal details are masked before any text reaches the language model, which runs in the office’s private cloud.',
		fairness:
			'Routing accuracy is monitored per language every month; requests in languages with lower accuracy go to a human first.',
		oversight:
			'No answer is sent without an officer’s approval, and residents can always ask for a person.',
		accessibility:
			'Voice input, easy-read mode and a kiosk at the community centre for people without a smartphone.',
		risks: 'A wrong citation could mislead; officers see the cited article next to the draft.',
		impact:
			'Since launch, first replies come in 1.4 days instead of 4.2, and requests from foreign residents tripled.',
		measurement: 'Reply time, reopened requests and satisfaction surveys per language.',
		feasibility:
			'In service in one district office with existing staff; licences and hosting cost less than one extra officer.',
		scaling: 'Ulaanbaatar’s district offices are testing a Mongolian version.',
		videoUrl: 'https://video.example.org/minwon-mate',
		prototypeUrl: '',
		repositoryUrl: '',
		colors: ['#00689d', '#dd1367']
	},
	{
		slug: 'coolblocks-heatwave-maps',
		team: 'Heat Shield Collective',
		members: [
			{
				email: 'priya.nair@example.org',
				name: 'Priya Nair',
				country: 'IN',
				dateOfBirth: '1997-07-19'
			},
			{
				email: 'rafiq.hasan@example.org',
				name: 'Rafiq Hasan',
				country: 'BD',
				dateOfBirth: '1999-01-03'
			}
		],
		track: 'climate-adaptation',
		title: 'CoolBlocks: heatwave maps for vulnerable residents',
		tagline: 'Finding the hottest blocks and the people most at risk before the heatwave hits.',
		partner: 'Ahmedabad Municipal Corporation Heat Action Plan',
		countries: ['IN', 'BD'],
		sdgs: [3, 11, 13],
		stage: 'pilot',
		problem:
			'Heatwaves kill quietly: older people living alone under tin roofs are most at risk, but cities do not know where they live or which blocks heat up most.',
		solution:
			'CoolBlocks maps surface temperature block by block and combines it with census data on age and housing, so health workers know which doors to knock on and where to open cooling centres.',
		aiApproach:
			'Satellite thermal images are downscaled to 30-metre blocks with a convolutional network trained on street-level sensors; a risk index weights heat, age and roof type.',
		privacy:
			'Only census-block statistics are used, never individual records; health workers get addresses from their own registers.',
		fairness:
			'Informal settlements are missing from some census data: community health volunteers add them to the map.',
		oversight:
			'The city’s heat officer decides where cooling centres open; the map is one input among others.',
		accessibility:
			'Maps are printed for ward offices, and alerts go out by loudspeaker van and text message as well as online.',
		risks:
			'A map can stigmatise neighbourhoods: it is shared with health teams, not published street by street.',
		impact:
			'During the 2025 heatwave, health workers visited 4,000 high-risk residents in two wards; heat-related hospital admissions there fell by 18% compared with similar wards.',
		measurement:
			'Hospital admissions for heat illness, visits made and cooling-centre use by ward.',
		feasibility: 'Free satellite data, open models and a small grant for sensors.',
		scaling: 'Dhaka North City Corporation is mapping its first two wards.',
		videoUrl: 'https://video.example.org/coolblocks',
		prototypeUrl: 'https://coolblocks.example.org',
		repositoryUrl: 'https://code.example.org/heat-shield/coolblocks',
		colors: ['#e5243b', '#fd9d24']
	}
];
