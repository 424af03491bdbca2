/**
 * Finding who wrote a text, so it can be withheld: from the judge of a blind round (the team's
 * name, its members' names and addresses, any web or email address) and from the public gallery
 * (a minor's name). Pure: no imports.
 *
 * Matching runs on a folded copy of the text, and every folded character remembers which
 * characters of the original it came from, so a redaction covers exactly the original spelling:
 *  - NFKC-compatible forms are one ("ｊｏｓé", "ﬁ" → "jose", "fi"), accents and other combining
 *    marks are dropped ("José" = "Jose"), and a few letters NFKC keeps apart are mapped too
 *    ("ß" → "ss", "ø" → "o", "ł" → "l", Cyrillic and Greek look-alikes of Latin letters);
 *  - invisible and format characters are dropped (soft hyphen, zero-width space and joiners,
 *    word joiner, variation selectors, Hangul fillers: every default-ignorable code point);
 *  - case is folded; a capital after a small letter ("GreenFuture") may start a word.
 *
 * What counts as a name (the rule a test pins):
 *  - a full name matches in any spacing: "Green Future", "Green-Future", "green_future",
 *    "GreenFuture", "green.future"; a person's full name also with its words in another order
 *    ("Minji Kim", "kimminji"); a full name made only of everyday words ("Will Park") only when
 *    each word starts with a capital, so "we will park" stays;
 *  - a word of 5 letters or more also with a hyphen inside ("Min-ji", "Green-field");
 *  - a single word of a person's name matches alone when it has at least 3 letters or digits;
 *    a single word of a team's name when it has at least 4; in scripts written without spaces
 *    (Hangul, Han, kana, Thai) 2 characters are enough. Words on COMMON_WORDS (function words,
 *    the words teams put in every name — "team", "lab", "future" — and everyday words that are
 *    also names — "will", "park", "grace") never match alone, only inside a full name, so the
 *    matcher does not shred ordinary answers;
 *  - a Korean name of three or four syllables also matches by its given name ("이서준" → "서준",
 *    "남궁민수" → "민수");
 *  - Latin-script names match whole words only (not "Kim" in "Kimchi"), with a plural or
 *    possessive ending for words of 4 letters or more ("Greenfields", "Greenfield's"); names in
 *    scripts without spaces match anywhere ("민지가": Korean names take particles).
 *
 * What counts as an address (blind review shows it as "[link: host]", an email as "[redacted]"):
 * anything with a scheme ("https://…"), a protocol-relative link ("//host/path"), "www.…", a
 * bare host with a path ("github.com/team/repo", "example.org/x"), and a bare host alone when
 * its ending is a common one (".com", ".org", ".kr"…, not ".md" or ".in", see HOST_ENDINGS).
 */

export const REDACTED = '[redacted]';

/** Who the team is: the strings a blind round must not show. */
export type TeamIdentity = {
	teamName: string;
	members: { name: string; email: string }[];
};

/** A link answer as a judge of a blind round sees it. */
export type BlindLink =
	| { kind: 'empty' }
	/** The address names the team: not shown at all. */
	| { kind: 'hidden' }
	/** Shown as its host, with the full address behind a reveal (and a warning). */
	| { kind: 'masked'; host: string; href: string }
	/** Not a web address the portal would link to. */
	| { kind: 'invalid' };

/** Part of a text to replace: [start, end) in the original's UTF-16 positions. */
export type Replacement = { start: number; end: number; text: string };

// ---------------------------------------------------------------------------------------------
// Folding

/** The folded text and, for each of its UTF-16 units, the original range it came from. */
export type FoldedText = {
	text: string;
	starts: number[];
	ends: number[];
	/** Positions of `text` where the original had a capital right after a small letter. */
	breaks: Set<number>;
	/** Positions of `text` whose original character is a capital. */
	capitals: Set<number>;
};

const IGNORED = /[\p{M}\p{Cf}\p{Cc}\p{Default_Ignorable_Code_Point}]/gu;
const WHITESPACE = /^\s+$/u;
const UPPER = /^[\p{Lu}\p{Lt}]/u;
const LOWER = /[\p{Ll}]$/u;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Letters that NFKC keeps apart from the Latin letter a reader takes them for. */
const LOOK_ALIKES: Record<string, string> = {
	ß: 'ss',
	ẞ: 'ss',
	æ: 'ae',
	Æ: 'ae',
	œ: 'oe',
	Œ: 'oe',
	ø: 'o',
	Ø: 'o',
	ł: 'l',
	Ł: 'l',
	đ: 'd',
	Đ: 'd',
	ð: 'd',
	Ð: 'd',
	þ: 'th',
	Þ: 'th',
	ı: 'i',
	ħ: 'h',
	ŧ: 't',
	// Cyrillic
	А: 'a',
	а: 'a',
	В: 'b',
	Е: 'e',
	е: 'e',
	К: 'k',
	к: 'k',
	М: 'm',
	Н: 'h',
	О: 'o',
	о: 'o',
	Р: 'p',
	р: 'p',
	С: 'c',
	с: 'c',
	Т: 't',
	У: 'y',
	у: 'y',
	Х: 'x',
	х: 'x',
	І: 'i',
	і: 'i',
	Ј: 'j',
	ј: 'j',
	Ѕ: 's',
	ѕ: 's',
	һ: 'h',
	ԁ: 'd',
	ԛ: 'q',
	ԝ: 'w',
	ӏ: 'l',
	// Greek
	Α: 'a',
	α: 'a',
	Β: 'b',
	Ε: 'e',
	Ζ: 'z',
	Η: 'h',
	Ι: 'i',
	ι: 'i',
	Κ: 'k',
	κ: 'k',
	Μ: 'm',
	Ν: 'n',
	ν: 'v',
	Ο: 'o',
	ο: 'o',
	Ρ: 'p',
	ρ: 'p',
	Τ: 't',
	Υ: 'y',
	υ: 'u',
	Χ: 'x',
	// Apostrophes
	'’': "'",
	'‘': "'",
	ʼ: "'",
	'`': "'"
};

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function foldGrapheme(grapheme: string): string {
	if (grapheme.length === 1 && isPlainAscii(grapheme.charCodeAt(0)))
		return grapheme === '\t' || grapheme === '\n' || grapheme === '\r'
			? ' '
			: (LOOK_ALIKES[grapheme] ?? grapheme.toLowerCase());
	const known = foldedGraphemes.get(grapheme);
	if (known !== undefined) return known;
	if (foldedGraphemes.size >= 20_000) foldedGraphemes.clear();
	const folded = foldOther(grapheme);
	foldedGraphemes.set(grapheme, folded);
	return folded;
}

// Folding a grapheme outside ASCII takes several normalizations; texts repeat theirs.
const foldedGraphemes = new Map<string, string>();

function foldOther(grapheme: string): string {
	// JavaScript's \s counts U+FEFF (zero-width no-break space), which is invisible.
	const visible = grapheme.replace(/\uFEFF/g, '');
	if (visible && WHITESPACE.test(visible)) return ' ';
	const mapped = [...grapheme.normalize('NFKD')].map((char) => LOOK_ALIKES[char] ?? char).join('');
	return mapped
		.toLowerCase()
		.normalize('NFKD')
		.replace(IGNORED, '')
		.normalize('NFC')
		.replace(/[^\x20-\x7e]/gu, (char) => LOOK_ALIKES[char] ?? char);
}

/** Printable ASCII, tab and line breaks: a character that is a grapheme on its own. */
const isPlainAscii = (code: number) =>
	(code >= 0x20 && code <= 0x7e) || code === 9 || code === 10 || code === 13;

/** The comparable form of a text, with the way back to the original's positions. */
export function foldText(original: string): FoldedText {
	let text = '';
	const starts: number[] = [];
	const ends: number[] = [];
	const breaks = new Set<number>();
	const capitals = new Set<number>();
	let previousLower = false;
	const add = (grapheme: string, index: number) => {
		const folded = foldGrapheme(grapheme);
		if (!folded) return;
		const code = grapheme.length === 1 ? grapheme.charCodeAt(0) : -1;
		const upper = code >= 0 && code < 0x80 ? code >= 65 && code <= 90 : UPPER.test(grapheme);
		if (upper) {
			capitals.add(text.length);
			if (previousLower) breaks.add(text.length);
		}
		previousLower = code >= 0 && code < 0x80 ? code >= 97 && code <= 122 : LOWER.test(grapheme);
		text += folded;
		for (let unit = 0; unit < folded.length; unit++) {
			starts.push(index);
			ends.push(index + grapheme.length);
		}
	};
	// Runs of plain ASCII are folded character by character (segmenting costs microseconds per
	// character); the rest, with the ASCII letter before it (an accent may follow it), by grapheme.
	let index = 0;
	while (index < original.length) {
		let end = index;
		while (end < original.length && isPlainAscii(original.charCodeAt(end))) end++;
		const asciiEnd = end < original.length && end > index ? end - 1 : end;
		for (let at = index; at < asciiEnd; at++) add(original.charAt(at), at);
		if (asciiEnd >= original.length) break;
		let stop = end;
		while (stop < original.length && !isPlainAscii(original.charCodeAt(stop))) stop++;
		for (const { segment, index: at } of graphemes.segment(original.slice(asciiEnd, stop)))
			add(segment, asciiEnd + at);
		index = stop;
	}
	return { text, starts, ends, breaks, capitals };
}

/** Just the folded string (for names and words). */
export const fold = (text: string): string => foldText(text).text;

function charBefore(text: string, position: number): string {
	const code = text.charCodeAt(position - 1);
	return code >= 0xdc00 && code <= 0xdfff && position >= 2
		? text.slice(position - 2, position)
		: text.charAt(position - 1);
}

function charAt(text: string, position: number): string {
	return String.fromCodePoint(text.codePointAt(position) ?? 0);
}

function startsWord(folded: FoldedText, position: number): boolean {
	return (
		position === 0 ||
		!WORD_CHARACTER.test(charBefore(folded.text, position)) ||
		folded.breaks.has(position)
	);
}

function endsWord(folded: FoldedText, position: number): boolean {
	return (
		position >= folded.text.length ||
		!WORD_CHARACTER.test(charAt(folded.text, position)) ||
		folded.breaks.has(position)
	);
}

// ---------------------------------------------------------------------------------------------
// Names

/**
 * Words that never match on their own (folded): English function words, the words teams put
 * in every name, and everyday words that are also given names or surnames. Inside a full name
 * they still match ("Team Greenfield", "Grace Park").
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
	[
		// Function words
		'a an the and or nor but of for to in on at by with from into onto over under about as',
		'our ours we us my your you its it is are was be been not no yes this that these those',
		'all any one two three new next more most very just also than then here there when what',
		'who how why where will would can could may might must shall should let get got go up out',
		'off per via each every some such own same other others only even ever never',
		// Words in every team's name
		'team teams group club crew squad lab labs project projects society studio collective',
		'network alliance association initiative foundation company inc ltd co corp org school',
		'schools high middle university college academy institute class youth young kids',
		'students student friends innovators innovation innovations solutions solution makers',
		'builders hackers coders developers designers tech technology technologies digital smart',
		'data ai future futures gen generation global world city cities civic public open',
		'community people service services system systems app apps platform hub works',
		'international national korea korean',
		// Everyday words that are also names
		'will may june april august hope grace rose mark bill joy faith sky sun moon star king',
		'park long rich love song summer autumn winter spring dawn river forest ocean sea stone',
		'brown white black green gray grey young',
		// Korean: team words and everyday words that are also given names
		'팀 조 동아리 클럽 프로젝트 연구소 그룹 랩 우리 미래 스마트 데이터 디지털 청년 학생 학교',
		'지원 하늘 보람 바다 사랑 소망 나라 한결 기쁨 새롬 가람 누리 다솜 슬기 아름 은혜 이슬'
	]
		.join(' ')
		.split(' ')
);

/** Scripts written without spaces between words: names there match anywhere. */
const UNSPACED =
	/[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
const HANGUL_SYLLABLES = /^[\uac00-\ud7a3]+$/;
/** Between the words of a full name: spaces, dashes, underscores, dots, or nothing. */
const JOINER = String.raw`[\s\p{Pd}_.·・]{0,3}`;

type Term = {
	/** Groups: 1 the name, 2… each of its words, then the plural ending. */
	regex: RegExp;
	words: number;
	anywhere: boolean;
	/** Every word is an everyday one ("Will Park"): each must start with a capital. */
	capitalized: boolean;
	/** The words run together ("greenfuture"), to look for inside addresses. */
	compact: string;
};

/** A compiled set of names to look for. */
export type NameMatcher = { readonly terms: readonly Term[] };

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An everyday word, or its plural ("rivers"). */
const isCommon = (word: string) =>
	COMMON_WORDS.has(word) || (/e?s$/.test(word) && COMMON_WORDS.has(word.replace(/e?s$/, '')));

/**
 * One word of a name, as a group; a Latin word of 5 letters or more also with a hyphen inside
 * ("Min-ji" for "Minji").
 */
function wordPattern(word: string): string {
	const letters = [...word];
	const body =
		letters.length >= 5 && !UNSPACED.test(word)
			? letters.map(escapeRegExp).join(String.raw`[\p{Pd}_]?`)
			: escapeRegExp(word);
	return `(${body})`;
}

/** The folded words of a name ("Jo\u00adsé O'Brien" → jose, o, brien). */
export function nameWords(name: string): string[] {
	return fold(name)
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean);
}

const letterCount = (word: string) => [...word].length;

function minimumLength(word: string, latin: number): number {
	return UNSPACED.test(word) ? 2 : latin;
}

function permutations(words: string[]): string[][] {
	if (words.length > 3) return [words, [...words].reverse()];
	if (words.length <= 1) return [words];
	return words.flatMap((word, index) =>
		permutations([...words.slice(0, index), ...words.slice(index + 1)]).map((rest) => [
			word,
			...rest
		])
	);
}

class TermSet {
	private readonly bySource = new Map<string, Term>();

	/** A full name: its words in this order, joined by any separator or none. */
	addPhrase(words: string[]) {
		const compact = words.join('');
		if (words.length === 0 || letterCount(compact) < minimumLength(compact, 3)) return;
		const anywhere = UNSPACED.test(compact);
		const last = words[words.length - 1] ?? '';
		const plural = !anywhere && letterCount(last) >= 4;
		const source = `(${words.map(wordPattern).join(JOINER)})(${plural ? '(?:e?s)?' : ''})`;
		if (this.bySource.has(source)) return;
		this.bySource.set(source, {
			regex: new RegExp(source, 'gdu'),
			words: words.length,
			anywhere,
			capitalized: words.every(isCommon),
			compact
		});
	}

	/** A single word of a name, unless it is too short or an everyday word. */
	addWord(word: string, latinMinimum: number) {
		if (letterCount(word) < minimumLength(word, latinMinimum) || isCommon(word)) return;
		this.addPhrase([word]);
	}

	/** A person's name: in full, in any order, and word by word. */
	addPerson(name: string, keep: ReadonlySet<string> = new Set()) {
		const words = nameWords(name);
		if (words.length === 0) return;
		for (const order of permutations(words)) this.addPhrase(order);
		// "Seo-yeon Choi": the hyphenated given name is a name of its own.
		for (const token of name.split(/\s+/)) {
			const pieces = nameWords(token);
			if (pieces.length > 1) this.addPhrase(pieces);
		}
		for (const word of words) {
			if (!keep.has(word)) this.addWord(word, 3);
			// 이서준: the family name is the first syllable (two in 남궁민수); people call each other
			// by the rest.
			if (HANGUL_SYLLABLES.test(word) && (word.length === 3 || word.length === 4)) {
				const given = word.slice(word.length - 2);
				if (!keep.has(given)) this.addWord(given, 2);
			}
		}
	}

	matcher(): NameMatcher {
		return { terms: [...this.bySource.values()] };
	}
}

/** A matcher for people's names (a minor's, a deleted account's); `keep` lists names that stay. */
export function personNameMatcher(names: string[], keep: string[] = []): NameMatcher {
	const kept = new Set(keep.flatMap(nameWords));
	const set = new TermSet();
	for (const name of names) set.addPerson(name, kept);
	return set.matcher();
}

// Pieces of email addresses that name nobody (`info@…`, `http-team@…`): matching them would
// redact ordinary words and hide every link.
const GENERIC_EMAIL_PARTS = new Set([
	'admin',
	'contact',
	'email',
	'hello',
	'http',
	'https',
	'info',
	'mail',
	'office',
	'team',
	'test',
	'user',
	'www'
]);

/** A matcher for a team: its name, its members' names and the local parts of their addresses. */
export function teamIdentityMatcher(identity: TeamIdentity): NameMatcher {
	const set = new TermSet();
	const teamWords = nameWords(identity.teamName);
	set.addPhrase(teamWords);
	for (const word of teamWords) set.addWord(word, 4);
	for (const member of identity.members) {
		set.addPerson(member.name);
		const local = fold(member.email.split('@')[0] ?? '');
		if (!GENERIC_EMAIL_PARTS.has(local)) {
			const parts = local.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
			set.addPhrase(parts);
			for (const part of parts) if (!GENERIC_EMAIL_PARTS.has(part)) set.addWord(part, 3);
		}
	}
	return set.matcher();
}

type Span = [start: number, end: number];

/** Whether each word of the match starts with a capital in the original ("Will Park"). */
function capitalized(folded: FoldedText, match: RegExpExecArray, term: Term): boolean {
	for (let group = 2; group < 2 + term.words; group++) {
		const at = match.indices?.[group]?.[0];
		if (at === undefined || !folded.capitals.has(at)) return false;
	}
	return true;
}

/** Where the names are, in the folded text's positions, overlapping ones merged. */
function nameSpans(folded: FoldedText, matcher: NameMatcher): Span[] {
	const spans: Span[] = [];
	for (const term of matcher.terms) {
		const regex = term.regex;
		regex.lastIndex = 0;
		let match: RegExpExecArray | null;
		while ((match = regex.exec(folded.text)) !== null) {
			const start = match.index;
			let end = -1;
			if (term.anywhere) end = start + match[0].length;
			else if (
				startsWord(folded, start) &&
				(!term.capitalized || capitalized(folded, match, term))
			) {
				const whole = start + match[0].length;
				const bare = start + (match[1]?.length ?? 0);
				end = endsWord(folded, whole) ? whole : endsWord(folded, bare) ? bare : -1;
			}
			if (end > start) {
				spans.push([start, end]);
				regex.lastIndex = end;
			} else {
				regex.lastIndex = start + 1;
			}
		}
	}
	return mergeSpans(spans);
}

function mergeSpans(spans: Span[]): Span[] {
	const sorted = [...spans].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
	const merged: Span[] = [];
	for (const span of sorted) {
		const last = merged[merged.length - 1];
		if (last && span[0] < last[1]) last[1] = Math.max(last[1], span[1]);
		else merged.push([span[0], span[1]]);
	}
	return merged;
}

const toOriginal = (folded: FoldedText, [start, end]: Span): Span => [
	folded.starts[start] ?? 0,
	folded.ends[end - 1] ?? 0
];

/** Applies replacements (sorted or not, never overlapping) to a text. */
export function applyReplacements(text: string, replacements: Replacement[]): string {
	let result = '';
	let at = 0;
	for (const replacement of [...replacements].sort((a, b) => a.start - b.start)) {
		if (replacement.start < at) continue;
		result += text.slice(at, replacement.start) + replacement.text;
		at = replacement.end;
	}
	return result + text.slice(at);
}

/** The places where a text names someone of the matcher (original positions). */
export function findNames(text: string, matcher: NameMatcher): Span[] {
	if (!text || matcher.terms.length === 0) return [];
	const folded = foldText(text);
	return nameSpans(folded, matcher).map((span) => toOriginal(folded, span));
}

/** The text with every name of the matcher replaced. */
export function redactNames(text: string, matcher: NameMatcher, replacement = REDACTED): string {
	return applyReplacements(
		text,
		findNames(text, matcher).map(([start, end]) => ({ start, end, text: replacement }))
	);
}

/** Whether a web address contains one of the names, in any slug form, even run into other words. */
export function addressMentions(address: string, matcher: NameMatcher): boolean {
	let decoded = address;
	try {
		decoded = decodeURIComponent(address);
	} catch {
		// Keep the raw text when it is not valid percent-encoding.
	}
	// The scheme and "www." name nobody.
	const folded = fold(decoded)
		.replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
		.replace(/^\/\//, '')
		.replace(/^www\./, '');
	if (findNames(folded, matcher).length > 0) return true;
	const compact = folded.replace(/[^\p{L}\p{N}]+/gu, '');
	return matcher.terms.some(
		(term) =>
			letterCount(term.compact) >= minimumLength(term.compact, 4) && compact.includes(term.compact)
	);
}

// ---------------------------------------------------------------------------------------------
// Addresses

const URL_CHARACTER = String.raw`[^\s<>"'\u0060()[\]{}]`;
const EMAIL =
	/(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const SCHEME_ADDRESS = new RegExp(
	String.raw`(?<![\p{L}\p{N}])[a-z][a-z0-9+.-]{1,15}:\/\/${URL_CHARACTER}+`,
	'gu'
);
/** "//host/path": a protocol-relative link. */
const SLASHED_ADDRESS = new RegExp(
	String.raw`(?<![\p{L}\p{N}:/])\/\/[\p{L}\p{N}]${URL_CHARACTER}*`,
	'gu'
);
const WWW_ADDRESS = new RegExp(String.raw`(?<![\p{L}\p{N}.@/-])www\.${URL_CHARACTER}+`, 'gu');
/** "github.com/team/repo", "example.org/x", "riversense.io": a host without a scheme. */
const BARE_ADDRESS = new RegExp(
	String.raw`(?<![\p{L}\p{N}.@/_-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,62}[\p{L}\p{N}])?\.)+(\p{L}{2,24})(?![\p{L}\p{N}-])((?::\d{1,5})?\/${URL_CHARACTER}*)?`,
	'gu'
);
/**
 * Endings that make a host of a dotted word without a path. Endings that are also English words
 * ("in", "it", "is", "me", "to", "us") or file types ("md", "py", "pl") are left out, so
 * "done.In" or "README.md" stay text; with a path ("example.in/x") any ending counts.
 */
const HOST_ENDINGS = new Set(
	(
		'com org net edu gov mil int io ai app dev info biz xyz site online tech page link ly gg tv ' +
		'cloud store shop blog news media studio design space website live asia africa global ' +
		'kr jp cn uk de fr ca au nz sg vn ph th ke ng za br mx eu ch nl se fi dk ru ua ee lt lv ' +
		'hk tw ar cl pe gh rw ug tz et eg ma tn sa ae qa tr ir pk bd np lk mn kz uz kh mm bt fj pg'
	).split(' ')
);
const TRAILING_PUNCTUATION = /[.,;:!?*_~]+$/;

type AddressSpan = { start: number; end: number; kind: 'email' | 'address' };

function addressSpans(text: string): AddressSpan[] {
	const found: AddressSpan[] = [];
	const collect = (
		regex: RegExp,
		kind: AddressSpan['kind'],
		keep?: (match: RegExpExecArray) => boolean
	) => {
		regex.lastIndex = 0;
		let match: RegExpExecArray | null;
		while ((match = regex.exec(text)) !== null) {
			if (keep && !keep(match)) continue;
			const value = kind === 'email' ? match[0] : match[0].replace(TRAILING_PUNCTUATION, '');
			if (value) found.push({ start: match.index, end: match.index + value.length, kind });
		}
	};
	collect(EMAIL, 'email');
	collect(SCHEME_ADDRESS, 'address');
	collect(SLASHED_ADDRESS, 'address');
	collect(WWW_ADDRESS, 'address');
	collect(
		BARE_ADDRESS,
		'address',
		(match) => Boolean(match[2]) || HOST_ENDINGS.has(match[1] ?? '')
	);
	// Earliest first, the longest of those starting together; overlaps are dropped.
	found.sort((a, b) => a.start - b.start || b.end - a.end);
	const kept: AddressSpan[] = [];
	for (const span of found) {
		const last = kept[kept.length - 1];
		if (!last || span.start >= last.end) kept.push(span);
	}
	return kept;
}

/** The host of an address as written (folded), without "www.", or null when there is none. */
function hostOf(address: string): string | null {
	const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(address);
	if (scheme && scheme[1] !== 'http' && scheme[1] !== 'https') return null;
	const rest = address.slice(scheme ? scheme[0].length : address.startsWith('//') ? 2 : 0);
	const authority = rest.split(/[/?#]/)[0] ?? '';
	const host = (authority.split('@').pop() ?? '').replace(/:\d*$/, '').replace(/^www\./, '');
	return /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u.test(host) ? host : null;
}

// ---------------------------------------------------------------------------------------------
// Blind review

type BlindMatcher = { identity: TeamIdentity; names: NameMatcher };

function blindReplacements(text: string, blind: BlindMatcher): Replacement[] {
	if (!text) return [];
	const folded = foldText(text);
	const addresses = addressSpans(folded.text);
	const replacements: Replacement[] = addresses.map((span) => {
		const [start, end] = toOriginal(folded, [span.start, span.end]);
		if (span.kind === 'email') return { start, end, text: REDACTED };
		const host = hostOf(folded.text.slice(span.start, span.end));
		return {
			start,
			end,
			text: host ? `[link: ${redactNames(host, blind.names)}]` : REDACTED
		};
	});
	for (const span of nameSpans(folded, blind.names)) {
		if (addresses.some((address) => span[0] < address.end && address.start < span[1])) continue;
		const [start, end] = toOriginal(folded, span);
		replacements.push({ start, end, text: REDACTED });
	}
	return replacements;
}

/** What a judge of a blind round may read of a team's texts. */
export type BlindRedactor = {
	/** Plain text: names and emails become "[redacted]", web addresses "[link: host]". */
	text: (value: string) => string;
	/** Sanitized HTML (rendered Markdown): the same for its text, links reduced to text. */
	html: (value: string) => string;
	/** A link answer. */
	link: (address: string) => BlindLink;
};

export function blindRedactor(identity: TeamIdentity): BlindRedactor {
	const blind: BlindMatcher = { identity, names: teamIdentityMatcher(identity) };
	const replacementsOf = (value: string) => blindReplacements(value, blind);
	return {
		text: (value) => applyReplacements(value, replacementsOf(value)),
		html: (value) => redactHtmlText(unlinkHtml(value), replacementsOf),
		link: (address) => linkFor(address, blind.names)
	};
}

/** Whether an address contains one of the team's names or addresses, in any common slug form. */
export function addressNamesTeam(address: string, identity: TeamIdentity): boolean {
	return addressMentions(address, teamIdentityMatcher(identity));
}

function linkFor(address: string, names: NameMatcher): BlindLink {
	const trimmed = address.trim();
	if (!trimmed) return { kind: 'empty' };
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		return { kind: 'invalid' };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'invalid' };
	if (addressMentions(trimmed, names)) return { kind: 'hidden' };
	return { kind: 'masked', host: url.hostname.replace(/^www\./, ''), href: trimmed };
}

/** A link answer for a blind round. */
export function blindLink(address: string, identity: TeamIdentity): BlindLink {
	return linkFor(address, teamIdentityMatcher(identity));
}

// ---------------------------------------------------------------------------------------------
// HTML (the sanitized output of the Markdown renderer: tags, and text with entities)

const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g;
const BLOCK_TAGS = new Set([
	'p',
	'br',
	'li',
	'ul',
	'ol',
	'blockquote',
	'div',
	'pre',
	'hr',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'table',
	'tr',
	'td',
	'th'
]);
const NAMED_ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: '\u00a0',
	shy: '\u00ad'
};

export function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
		if (name[0] === '#') {
			const code =
				name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
			return Number.isInteger(code) && code >= 0 && code <= 0x10ffff
				? String.fromCodePoint(code)
				: whole;
		}
		return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
	});
}

const escapeHtml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Links become their text, followed by the address in brackets when the text is something else
 * ("our code (https://…)"), so the address is redacted like any other.
 */
export function unlinkHtml(html: string): string {
	return html.replace(
		/<a\b[^>]*?\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>|<a\b[^>]*>|<\/a>/g,
		(whole, href: string | undefined, label: string | undefined) => {
			if (href === undefined || label === undefined) return '';
			const address = decodeEntities(href);
			const text = decodeEntities(label.replace(TAG, ''));
			return text.trim() === address.trim() || !address
				? label
				: `${label} (${escapeHtml(address)})`;
		}
	);
}

/**
 * Replaces in the text of HTML: the text nodes are read as one text (decoded, block tags as line
 * breaks, inline tags as nothing, so "Green<em>Future</em>" is "GreenFuture"), the replacements
 * found in it are put back into the nodes they cover, and the tags stay as they were.
 */
export function redactHtmlText(
	html: string,
	replacementsOf: (text: string) => Replacement[]
): string {
	type Part = { tag: string } | { text: string; from: number };
	const parts: Part[] = [];
	let joined = '';
	let at = 0;
	const addText = (raw: string) => {
		if (!raw) return;
		const text = decodeEntities(raw);
		parts.push({ text, from: joined.length });
		joined += text;
	};
	for (const match of html.matchAll(TAG)) {
		addText(html.slice(at, match.index));
		parts.push({ tag: match[0] });
		if (BLOCK_TAGS.has((match[1] ?? '').toLowerCase())) joined += '\n';
		at = match.index + match[0].length;
	}
	addText(html.slice(at));
	// Rebuilt even without replacements: the text is then exactly what was searched (an entity the
	// decoder does not know is shown as written, never decoded by the browser into a name).
	const replacements = replacementsOf(joined).sort((a, b) => a.start - b.start);
	// A replacement goes where it starts (or into the first node it reaches, when it starts on a
	// line break); the rest of what it covers is removed from the following nodes.
	const placed = new Set<Replacement>();
	return parts
		.map((part) => {
			if ('tag' in part) return part.tag;
			const to = part.from + part.text.length;
			let result = '';
			let position = part.from;
			for (const replacement of replacements) {
				if (replacement.end <= part.from || replacement.start >= to) continue;
				const start = Math.max(replacement.start, part.from);
				const end = Math.min(replacement.end, to);
				if (start < position) {
					position = Math.max(position, end);
					continue;
				}
				result += escapeHtml(part.text.slice(position - part.from, start - part.from));
				if (!placed.has(replacement)) {
					result += escapeHtml(replacement.text);
					placed.add(replacement);
				}
				position = end;
			}
			return result + escapeHtml(part.text.slice(position - part.from));
		})
		.join('');
}

// ---------------------------------------------------------------------------------------------
// Labels and file names

/** "0042": a label padded for file names, which then sort in label order ("Entry 42" on pages). */
export function padLabel(label: number): string {
	return String(label).padStart(4, '0');
}

/** The generic download name of a judge's copy of an entry's file. */
export function judgeFileName(label: number, kind: 'cover' | 'deck', contentType: string): string {
	const extension =
		kind === 'deck' ? 'pdf' : (contentType.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/g, '');
	return `entry-${padLabel(label)}-${kind}.${extension}`;
}
