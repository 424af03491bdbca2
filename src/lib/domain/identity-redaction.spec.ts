import { describe, expect, it } from 'vitest';
import {
	addressMentions,
	addressNamesTeam,
	blindLink,
	blindRedactor,
	findNames,
	fold,
	foldText,
	judgeFileName,
	padLabel,
	personNameMatcher,
	redactNames,
	type TeamIdentity
} from './identity-redaction';

const identity: TeamIdentity = {
	teamName: 'Greenfield Innovators',
	members: [
		{ name: 'José Martínez', email: 'jmartinez@school.example.org' },
		{ name: 'Kim Minji', email: 'minji.kim@example.com' },
		{ name: '이서준', email: 'seojun.lee@example.kr' },
		{ name: '이지원', email: 'jiwon@example.kr' },
		{ name: 'Zoë Lefèvre', email: 'zoe.l@example.org' },
		{ name: 'Will Park', email: 'wpark@example.org' },
		{ name: 'Al', email: 'al@example.com' }
	]
};
const redactor = blindRedactor(identity);

describe('folding', () => {
	it('makes compatible, accented, invisible and look-alike spellings one', () => {
		expect(fold('Ｊｏｓé')).toBe('jose');
		expect(fold('Jose\u0301')).toBe('jose');
		expect(fold('Gre\u00aden\u200bfield')).toBe('greenfield');
		expect(fold('Straße ØRSTED Łódź')).toBe('strasse orsted lodz');
		expect(fold('Grееn')).toBe('green');
		expect(fold('서준')).toBe('서준');
		expect(fold('tab\tand\u00a0space')).toBe('tab and space');
	});

	it('maps every folded character back to the original characters it came from', () => {
		const original = 'A Jo\u00adsé!';
		const folded = foldText(original);
		expect(folded.text).toBe('a jose!');
		const start = folded.text.indexOf('jose');
		const end = start + 'jose'.length;
		expect(original.slice(folded.starts[start], folded.ends[end - 1])).toBe('Jo\u00adsé');
	});
});

/**
 * Ways a team writes its own name, a member's name or an address so that the judge of a blind
 * round would still read it. Each must come out redacted, and only the name itself.
 */
const evasions: [name: string, input: string, expected: string][] = [
	['accent dropped', 'Jose trained the model.', '[redacted] trained the model.'],
	['accent added', 'Mínji wrote the survey.', '[redacted] wrote the survey.'],
	['another accent', 'Martìnez and Lefevre', '[redacted] and [redacted]'],
	['capitals with accents', 'JOSÉ MARTÍNEZ leads.', '[redacted] leads.'],
	['decomposed accent (NFD)', 'Jose\u0301 leads.', '[redacted] leads.'],
	['diaeresis dropped', 'Zoe tested it.', '[redacted] tested it.'],
	['one word of the team name', 'Greenfield won a prize.', '[redacted] won a prize.'],
	['the team name in full', 'We are Greenfield Innovators.', 'We are [redacted].'],
	['team name hyphenated', 'the Greenfield-Innovators app', 'the [redacted] app'],
	['team name joined, camel case', 'GreenfieldInnovators on stage', '[redacted] on stage'],
	['team name joined, lower case', 'greenfieldinnovators rocks', '[redacted] rocks'],
	['team name with an underscore', 'greenfield_innovators', '[redacted]'],
	['team name with a dot', 'greenfield.innovators', '[redacted]'],
	['team name over a line break', 'Greenfield\nInnovators', '[redacted]'],
	['a hyphen inside a word', 'Green-field', '[redacted]'],
	['plural', 'the Greenfields say', 'the [redacted] say'],
	['possessive', "Greenfield's model", "[redacted]'s model"],
	['possessive with a curly apostrophe', 'Greenfield’s model', '[redacted]’s model'],
	['plural possessive', 'the Greenfields’ model', 'the [redacted]’ model'],
	['soft hyphen', 'Green\u00adfield', '[redacted]'],
	['zero-width space', 'Min\u200bji', '[redacted]'],
	['zero-width joiner', 'Mart\u200dinez', '[redacted]'],
	['zero-width non-joiner', 'Le\u200cfevre', '[redacted]'],
	['word joiner', 'Jo\u2060sé', '[redacted]'],
	['zero-width no-break space', 'Min\ufeffji', '[redacted]'],
	['variation selector', 'Jo\ufe0fse', '[redacted]'],
	['combining grapheme joiner', 'Min\u034fji', '[redacted]'],
	['Hangul filler inside a Korean name', '이\u3164서준', '[redacted]'],
	['full-width letters', 'Ｇｒｅｅｎｆｉｅｌｄ', '[redacted]'],
	['mathematical bold letters', '𝐌𝐢𝐧𝐣𝐢', '[redacted]'],
	['circled letters', 'ⓜⓘⓝⓙⓘ', '[redacted]'],
	['ligature', 'Greenﬁeld', '[redacted]'],
	['Cyrillic look-alike letters', 'Grееnfield', '[redacted]'],
	['Greek look-alike letter', 'Jοse', '[redacted]'],
	['name parts in the other order', 'Minji Kim', '[redacted]'],
	['name run together, reversed', 'minjikim', '[redacted]'],
	['name after a capital inside a word', 'TeamMinji', 'Team[redacted]'],
	['email local part', 'ask jmartinez', 'ask [redacted]'],
	['email local part with a dot', 'minji.kim on Slack', '[redacted] on Slack'],
	['email with a full-width at sign', 'jose＠school.example.org', '[redacted]'],
	['Korean given name with a particle', '서준이가 만들었다', '[redacted]이가 만들었다'],
	['Korean full name with a particle', '이서준은 팀장', '[redacted]은 팀장'],
	['everyday words written as a name', 'WILL PARK and Will-Park', '[redacted] and [redacted]'],
	['bare address with a path', 'Code at github.com/gf-team/repo.', 'Code at [link: github.com].'],
	['bare address of a known host', 'Visit example.org/x today', 'Visit [link: example.org] today'],
	['protocol-relative link', 'see //cdn.example.net/gf/app', 'see [link: cdn.example.net]'],
	['www address', 'www.example.org/about', '[link: example.org]'],
	['bare host naming the team', 'greenfield.io', '[link: [redacted].io]'],
	[
		'address naming the team in its host',
		'https://greenfield-innovators.example.org/x',
		'[link: [redacted].example.org]'
	],
	['full-width address', 'ｇｉｔｈｕｂ．ｃｏｍ／ｇｆ', '[link: github.com]'],
	['address broken by a zero-width space', 'github\u200b.com/gf/x', '[link: github.com]'],
	['someone else’s email address', 'help@city.example.go.kr', '[redacted]'],
	['address inside Markdown emphasis', '**https://gf.example.org/x**', '**[link: gf.example.org]**']
];

/** Rendered Markdown (sanitized HTML) that hides a name from a search of its raw text. */
const htmlEvasions: [name: string, input: string, expected: string][] = [
	['numeric entity', '<p>Jos&#233; wrote it</p>', '<p>[redacted] wrote it</p>'],
	['hex entity', '<p>Min&#x6a;i</p>', '<p>[redacted]</p>'],
	['split by emphasis', '<p>Green<em>field</em> won</p>', '<p>[redacted]<em></em> won</p>'],
	[
		'full name split by strong',
		'<p><strong>Kim</strong> Minji</p>',
		'<p><strong>[redacted]</strong></p>'
	],
	[
		'link text hiding the address',
		'<p><a href="https://github.com/gf/x" rel="nofollow">our code</a></p>',
		'<p>our code ([link: github.com])</p>'
	],
	[
		'autolink',
		'<p><a href="https://gf.example.org/x">https://gf.example.org/x</a></p>',
		'<p>[link: gf.example.org]</p>'
	],
	['code span', '<p><code>minji.kim</code></p>', '<p><code>[redacted]</code></p>'],
	['escaped markup around a name', '<p>&lt;Greenfield&gt;</p>', '<p>&lt;[redacted]&gt;</p>'],
	['unknown named entity shown as written', '<p>Jos&eacute;</p>', '<p>Jos&amp;eacute;</p>']
];

/** Ordinary text that names nobody: it must come back exactly as written. */
const untouched: [name: string, input: string][] = [
	['a member name inside other words', 'Kimchi and kimbap are Korean food.'],
	['the team name inside other words', 'An evergreen field near the river.'],
	['the team name’s words as ordinary words', 'Green fields and green roofs cool the city.'],
	['a common word of the team name', 'Innovators from many cities joined.'],
	['names that start like a member’s', 'Joseph and Martina helped Kimberley.'],
	['a short name part', 'Alabama is far; all of us went.'],
	['everyday words that form a name', 'We will park the buses at night.'],
	['a generic word', 'Team spirit matters.'],
	['a longer word ending like a name', 'The Zoetrope and Parker.'],
	['dotted words that are not hosts', 'e.g. Node.js, README.md and i.e. U.S. data'],
	['a missing space after a full stop', 'It was done.In the end it worked.'],
	['numbers and slashes', 'Scores of 3.14, 24/7 service, km/h and and/or.'],
	['a Korean given name that is an everyday word', '정부 지원 사업으로 하늘을 지킨다.'],
	['an ordinary Korean sentence', '홍수 경보를 문자로 보냅니다.'],
	['empty text', '']
];

describe('blind redaction of text', () => {
	it.each(evasions)('redacts an evasion: %s', (_name, input, expected) => {
		expect(redactor.text(input)).toBe(expected);
	});

	it.each(htmlEvasions)('redacts rendered Markdown: %s', (_name, input, expected) => {
		expect(redactor.html(input)).toBe(expected);
	});

	it.each(untouched)('leaves ordinary text alone: %s', (_name, input) => {
		expect(redactor.text(input)).toBe(input);
	});

	it('has a corpus of at least 40 evasions', () => {
		expect(new Set(evasions.map(([name]) => name)).size).toBe(evasions.length);
		expect(evasions.length + htmlEvasions.length).toBeGreaterThanOrEqual(40);
	});

	it('redacts the team name and members in any case, as whole words', () => {
		expect(
			redactor.text('We are GREENFIELD   INNOVATORS, led by kim minji and Minji’s friend.')
		).toBe('We are [redacted], led by [redacted] and [redacted]’s friend.');
	});

	it('redacts every email address and reduces web addresses to their host', () => {
		expect(redactor.text('Write to minji.kim@example.com or help@city.example.go.kr')).toBe(
			'Write to [redacted] or [redacted]'
		);
		expect(redactor.text('Code: https://github.com/greenfield/app. Demo: www.example.org/x')).toBe(
			'Code: [link: github.com]. Demo: [link: example.org]'
		);
	});

	it('keeps the markup of rendered Markdown and the text around a redaction', () => {
		expect(
			redactor.html('<p>A flood app by <em>Greenfield</em>.</p>\n<ul><li>Kim</li><li>Chi</li></ul>')
		).toBe('<p>A flood app by <em>[redacted]</em>.</p>\n<ul><li>[redacted]</li><li>Chi</li></ul>');
		expect(redactor.html('<p>Safe &amp; sound &lt;3</p>')).toBe('<p>Safe &amp; sound &lt;3</p>');
	});
});

describe('blind links', () => {
	it('hides addresses that contain the team or a member, in slug forms', () => {
		for (const address of [
			'https://github.com/greenfield-innovators',
			'https://github.com/GreenfieldInnovators/app',
			'https://greenfield_innovators.example.org',
			'https://youtube.com/@minjikim',
			'https://github.com/thegreenfieldproject',
			'https://example.org/%EC%9D%B4%EC%84%9C%EC%A4%80',
			'https://example.org/Jos%C3%A9-Martinez'
		])
			expect(addressNamesTeam(address, identity), address).toBe(true);
		expect(addressNamesTeam('https://video.example.com/watch?v=abc', identity)).toBe(false);
		// Generic pieces of an address (http-…@, info@) do not hide every link.
		const generic: TeamIdentity = {
			teamName: 'Team 7f3k',
			members: [{ name: 'Fresh Account', email: 'http-1a2b@example.org' }]
		};
		expect(addressNamesTeam('https://riversense.example.org', generic)).toBe(false);
		expect(addressNamesTeam('https://github.com/team-7f3k', generic)).toBe(true);
		expect(addressNamesTeam('https://example.org/http-guide', generic)).toBe(false);
		expect(blindRedactor(generic).text('Served over http and https.')).toBe(
			'Served over http and https.'
		);
	});

	it('shows other links as their host behind a reveal; empty and invalid ones as such', () => {
		expect(blindLink('https://www.youtube.com/watch?v=abc', identity)).toEqual({
			kind: 'masked',
			host: 'youtube.com',
			href: 'https://www.youtube.com/watch?v=abc'
		});
		expect(blindLink('https://github.com/greenfield', identity)).toEqual({ kind: 'hidden' });
		expect(redactor.link('https://github.com/GREENFIELD')).toEqual({ kind: 'hidden' });
		expect(blindLink('  ', identity)).toEqual({ kind: 'empty' });
		expect(blindLink('javascript:alert(1)', identity)).toEqual({ kind: 'invalid' });
		expect(blindLink('//cdn.example.org/x', identity)).toEqual({ kind: 'invalid' });
	});
});

/**
 * A minor's name in the public copy of an entry: the name, its parts and its accent-free or
 * joined forms, while an adult teammate who shares a part of it stays named.
 */
const minorEvasions: [name: string, input: string, expected: string][] = [
	['full name', 'Seo-yeon Choi built the app.', '[redacted] built the app.'],
	['full name without the hyphen', 'Seoyeon Choi built it.', '[redacted] built it.'],
	['given name alone', 'Thanks to Seo-yeon!', 'Thanks to [redacted]!'],
	['given name with a space', 'Seo yeon tested it.', '[redacted] tested it.'],
	['family name first', 'Choi Seoyeon', '[redacted]'],
	['joined, lower case', 'choiseoyeon on Instagram', '[redacted] on Instagram'],
	['camel case', 'SeoyeonChoi', '[redacted]'],
	['accent-free spelling', 'Chloe Dubois drew the maps.', '[redacted] drew the maps.'],
	['accented spelling of a plain name', 'Chlóe', '[redacted]'],
	['upper case', 'CHLOÉ', '[redacted]'],
	['soft hyphen inside', 'Chlo\u00ade', '[redacted]'],
	['zero-width space inside', 'Cho\u200bi', '[redacted]'],
	['full-width', 'Ｃｈｌｏｅ', '[redacted]'],
	['possessive', "Chloé's idea", "[redacted]'s idea"],
	['Korean full name with a particle', '박민지가 발표했다', '[redacted]가 발표했다'],
	['Korean given name', '민지는 열여섯 살', '[redacted]는 열여섯 살'],
	['Korean given name after a two-syllable family name', '민수야, 고마워', '[redacted]야, 고마워'],
	['inside a link', 'github.com/chloe-dubois/app', 'github.com/[redacted]/app'],
	[
		'a family name shared with an adult teammate stays',
		'Dubois and Marc Dubois',
		'Dubois and Marc Dubois'
	],
	[
		'the minor’s full name still goes',
		'Chloé Dubois and Marc Dubois',
		'[redacted] and Marc Dubois'
	],
	[
		'ordinary words stay',
		'A choice of boiled rice for the choir.',
		'A choice of boiled rice for the choir.'
	]
];

describe('a minor’s name', () => {
	const minors = personNameMatcher(
		['Seo-yeon Choi', 'Chloé Dubois', '박민지', '남궁민수'],
		['Marc Dubois']
	);

	it.each(minorEvasions)('%s', (_name, input, expected) => {
		expect(redactNames(input, minors)).toBe(expected);
	});

	it('is found in addresses, run into other words', () => {
		expect(addressMentions('https://youtube.com/@chloedubois', minors)).toBe(true);
		expect(addressMentions('https://example.org/by-seoyeonchoi2009', minors)).toBe(true);
		expect(addressMentions('https://example.org/flood', minors)).toBe(false);
	});

	it('reports where the names are, in the original text', () => {
		const text = 'By Chlo\u00adé, with Seo-yeon.';
		expect(findNames(text, minors).map(([start, end]) => text.slice(start, end))).toEqual([
			'Chlo\u00adé',
			'Seo-yeon'
		]);
	});
});

describe('file names', () => {
	it('are generic and carry only the blind label', () => {
		expect(padLabel(42)).toBe('0042');
		expect(judgeFileName(42, 'cover', 'image/webp')).toBe('entry-0042-cover.webp');
		expect(judgeFileName(7, 'deck', 'application/pdf')).toBe('entry-0007-deck.pdf');
	});
});
