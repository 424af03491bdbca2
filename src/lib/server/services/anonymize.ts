/**
 * What a judge sees of an entry in a blind round. Nothing that names the team may reach the
 * page: the team's name, its members' names and email addresses are redacted from every answer,
 * any email address or web address written into an answer is reduced to "[redacted]" or its
 * host, and the link answers (video, prototype, repository) are shown as their host with a
 * warning, because a GitHub organization or a video channel names a team as surely as a name.
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

const MIN_PART_LENGTH = 3;
// Pieces of email addresses that name nobody (`info@…`, `http-team@…`): matching them would
// redact ordinary words and hide every link.
const GENERIC_PARTS = new Set([
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
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
// Latin-script identifiers match whole words only; others (Korean names take particles: "민지가")
// match anywhere.
const LATIN_ONLY = /^[\p{Script=Latin}\p{N}\s'’.\-_@+]+$/u;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const WEB_ADDRESS = /\b(?:https?:\/\/|www\.)[^\s<>()[\]"']+/giu;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The strings to redact for a team, longest first (so "Kim Minji" goes before "Minji"): the team
 * name, each member's full name and its parts, each email address and its local part.
 */
export function identityTerms(identity: TeamIdentity): string[] {
	const terms = new Set<string>();
	const add = (value: string) => {
		const trimmed = value.trim().replace(/\s+/g, ' ');
		if (trimmed.length >= MIN_PART_LENGTH && LETTER_OR_DIGIT.test(trimmed))
			terms.add(trimmed.toLowerCase());
	};
	add(identity.teamName);
	for (const member of identity.members) {
		add(member.name);
		for (const part of member.name.split(/[\s,.]+/)) add(part);
		add(member.email);
		const local = member.email.split('@')[0] ?? '';
		if (!GENERIC_PARTS.has(local.toLowerCase())) add(local);
		for (const part of local.split(/[._+-]+/))
			if (!GENERIC_PARTS.has(part.toLowerCase())) add(part);
	}
	return [...terms].sort((a, b) => b.length - a.length);
}

function termPattern(terms: string[]): RegExp | null {
	if (terms.length === 0) return null;
	const alternatives = terms.map((term) => {
		const body = escapeRegExp(term).replace(/ /g, '\\s+');
		return LATIN_ONLY.test(term) ? `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])` : body;
	});
	return new RegExp(alternatives.join('|'), 'giu');
}

function hostOf(address: string): string | null {
	try {
		const url = new URL(/^www\./i.test(address) ? `https://${address}` : address);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
		return url.hostname.replace(/^www\./, '');
	} catch {
		return null;
	}
}

/** The forms a name takes inside a web address: "Green Future" → green-future, greenfuture… */
function slugForms(term: string): string[] {
	const words = term
		.toLowerCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean);
	if (words.length === 0) return [];
	return [...new Set([words.join('-'), words.join('_'), words.join(''), words.join('.')])];
}

/** A redactor for one team's free text: names and emails become "[redacted]", links their host. */
export function createRedactor(identity: TeamIdentity): (text: string) => string {
	const pattern = termPattern(identityTerms(identity));
	return (text: string) => {
		if (!text) return text;
		let result = text.replace(WEB_ADDRESS, (match) => {
			// Sentence punctuation after an address is not part of it.
			const trailing = /[.,;:!?]+$/.exec(match)?.[0] ?? '';
			const host = hostOf(match.slice(0, match.length - trailing.length));
			return (host ? `[link: ${host}]` : REDACTED) + trailing;
		});
		result = result.replace(EMAIL, REDACTED);
		if (pattern) result = result.replace(pattern, REDACTED);
		return result;
	};
}

/** Whether an address contains one of the team's names or addresses, in any common slug form. */
export function addressNamesTeam(address: string, identity: TeamIdentity): boolean {
	// The scheme and "www." name nobody.
	let decoded = address
		.toLowerCase()
		.replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
		.replace(/^www\./, '');
	try {
		decoded = decodeURIComponent(decoded);
	} catch {
		// Keep the raw text when it is not valid percent-encoding.
	}
	const compact = decoded.replace(/[^\p{L}\p{N}]+/gu, '');
	return identityTerms(identity).some((term) => {
		if (slugForms(term).some((form) => form.length >= MIN_PART_LENGTH && decoded.includes(form)))
			return true;
		// "GreenFuture", "green--future": compare without separators for multi-word terms.
		const bare = term.replace(/[^\p{L}\p{N}]+/gu, '');
		return bare.length >= 6 && compact.includes(bare);
	});
}

/** A link answer for a blind round. */
export function blindLink(address: string, identity: TeamIdentity): BlindLink {
	const trimmed = address.trim();
	if (!trimmed) return { kind: 'empty' };
	const host = hostOf(trimmed);
	if (!host) return { kind: 'invalid' };
	if (addressNamesTeam(trimmed, identity)) return { kind: 'hidden' };
	return { kind: 'masked', host, href: trimmed };
}

/** "Entry 0042": the number part of a blind label. */
export function padLabel(label: number): string {
	return String(label).padStart(4, '0');
}

/** The generic download name of a judge's copy of an entry's file. */
export function judgeFileName(label: number, kind: 'cover' | 'deck', contentType: string): string {
	const extension =
		kind === 'deck' ? 'pdf' : (contentType.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/g, '');
	return `entry-${padLabel(label)}-${kind}.${extension}`;
}
