import { expect, type APIRequestContext } from '@playwright/test';
import { decodeEntities, fold } from '../../src/lib/domain/identity-redaction';
import { answers } from './entry';
import { pdfDocument, pngImage } from './files';
import { mailLink, newRequestContext, originOf, postForm, type FormFields } from './http';

/**
 * Helpers for the whole-judging tests, which run against their own server (4178): the round
 * states they change would disturb the other tests.
 */
export const JUDGING_URL = 'http://localhost:4178';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A form POST to the request's server (the judging server by default), as without JavaScript. */
export const post = (request: APIRequestContext, path: string, fields: FormFields = {}) =>
	postForm(request, path, fields, originOf(request) ?? JUDGING_URL);

/** Signs up with a chosen name and address and confirms it; returns the signed-in context. */
export async function signUpConfirmed(
	account: { name: string; email: string; password: string; dateOfBirth?: string },
	baseURL = JUDGING_URL
) {
	const request = await newRequestContext(baseURL);
	const signUp = await post(request, '/sign-up', {
		name: account.name,
		email: account.email,
		password: account.password,
		country: 'KR',
		dateOfBirth: account.dateOfBirth ?? '2003-03-03'
	});
	expect(signUp.status(), `sign-up of ${account.email}`).toBe(303);
	const link = await mailLink(request, account.email, 'Confirm your email address');
	const confirm = await post(request, '/verify-email?/confirm', {
		token: link.searchParams.get('token') as string
	});
	expect(confirm.status(), `confirmation of ${account.email}`).toBe(303);
	return request;
}

export async function createTeam(request: APIRequestContext, name: string) {
	const created = await post(request, '/team?/create', { name });
	expect(created.status(), `team ${name}`).toBe(303);
}

async function upload(
	request: APIRequestContext,
	kind: 'cover' | 'deck',
	name: string,
	buffer: Buffer
) {
	const response = await request.post('/team/entry/media?/upload', {
		headers: { origin: originOf(request) ?? JUDGING_URL, accept: 'text/html' },
		multipart: {
			kind,
			file: {
				name,
				mimeType: kind === 'cover' ? 'image/png' : 'application/pdf',
				buffer
			}
		},
		maxRedirects: 0,
		failOnStatusCode: false
	});
	expect(response.status(), `upload ${kind} ${name}`).toBe(303);
}

/** Fills every step of the team's entry over HTTP, uploads cover and deck, and submits. */
export async function submitEntry(
	request: APIRequestContext,
	options: {
		title: string;
		problem?: string;
		media?: Partial<Record<keyof typeof answers.media, string>>;
		coverName?: string;
		deckName?: string;
		cover?: Buffer;
		/** Which track, by its position in the list (default: the first). */
		track?: number;
		countries?: string[];
		sdgs?: string[];
	}
) {
	const basics = await (await request.get('/team/entry/basics')).text();
	const select = /id="q-trackId"[\s\S]*?<\/select>/.exec(basics)?.[0] ?? '';
	const trackIds = [...select.matchAll(new RegExp(`<option[^>]*value="(${UUID})"`, 'g'))].map(
		(match) => match[1]
	);
	const trackId = trackIds[options.track ?? 0];
	expect(trackId, 'a track to choose').toBeTruthy();
	const steps: Record<string, FormFields> = {
		basics: {
			...answers.basics,
			title: options.title,
			trackId: trackId as string,
			countries: options.countries ?? ['KR'],
			sdgs: options.sdgs ?? ['11']
		},
		story: {
			...answers.story,
			...(options.problem ? { problem: options.problem } : {}),
			stage: 'pilot'
		},
		'responsible-ai': answers['responsible-ai'],
		impact: answers.impact,
		media: { ...answers.media, ...options.media }
	};
	for (const [step, fields] of Object.entries(steps)) {
		const saved = await post(request, `/team/entry/${step}?/save`, { ...fields, intent: 'stay' });
		expect(saved.status(), `save ${step}`).toBe(303);
	}
	await upload(
		request,
		'cover',
		options.coverName ?? 'cover.png',
		options.cover ?? (await pngImage())
	);
	await upload(request, 'deck', options.deckName ?? 'deck.pdf', pdfDocument());
	const submitted = await post(request, '/team/entry/review?/submit');
	expect(submitted.status(), `submit ${options.title}`).toBe(200);
}

/** The id of a round, by its name, from the organizer's overview. */
export async function roundId(organizer: APIRequestContext, name: string): Promise<string> {
	const list = await (await organizer.get('/admin/judging')).text();
	const id = new RegExp(`href="/admin/judging/rounds/(${UUID})"[^>]*>\\s*${name}\\s*<`).exec(
		list
	)?.[1];
	expect(id, `round "${name}" on /admin/judging`).toBeTruthy();
	return id as string;
}

/** The state of a round as its page shows it (draft, open, closed, decided). */
export async function roundState(organizer: APIRequestContext, id: string): Promise<string> {
	const html = await (await organizer.get(`/admin/judging/rounds/${id}`)).text();
	const transitions = [...html.matchAll(/name="transition" value="(\w+)"/g)].map(
		(match) => match[1]
	);
	if (transitions.includes('open')) return 'draft';
	if (transitions.includes('close')) return 'open';
	if (transitions.includes('reopen')) return 'closed';
	return 'decided';
}

/** The entry ids of the titles, read from a round's page (the organizer sees titles). */
export async function entryIdsOnRound(
	organizer: APIRequestContext,
	id: string,
	titles: string[]
): Promise<string[]> {
	const html = await (await organizer.get(`/admin/judging/rounds/${id}`)).text();
	return titles.map((title) => {
		const at = html.indexOf(title);
		expect(at, `${title} listed in the round`).toBeGreaterThan(-1);
		const before = [...html.slice(0, at).matchAll(new RegExp(`/admin/entries/(${UUID})`, 'g'))];
		return before.at(-1)?.[1] as string;
	});
}

/** The judge's assignment ids in one round, from the dashboard's section of that round. */
export async function assignmentsInRound(
	judge: APIRequestContext,
	roundName: string
): Promise<string[]> {
	const html = await (await judge.get('/judge')).text();
	const section = html
		.split('<section')
		.find((part) => new RegExp(`<h2[^>]*>\\s*${roundName}\\s*</h2>`).test(part));
	if (!section) return [];
	return [
		...new Set(
			[...section.matchAll(new RegExp(`/judge/score/(${UUID})`, 'g'))].map((match) => match[1])
		)
	];
}

/** The criterion ids of a score page. */
export const criterionIds = (html: string) => [
	...new Set([...html.matchAll(new RegExp(`name="value\\.(${UUID})"`, 'g'))].map((m) => m[1]))
];

/** Submits a score sheet over HTTP: every criterion gets `value(index)`. */
export async function submitScore(
	judge: APIRequestContext,
	assignmentId: string,
	value: (index: number) => number,
	feedback: string,
	privateNote = ''
) {
	const html = await (await judge.get(`/judge/score/${assignmentId}`)).text();
	const ids = criterionIds(html);
	expect(ids.length, `criteria on /judge/score/${assignmentId}`).toBeGreaterThan(0);
	const fields: FormFields = { feedback, overallComment: '', privateNote, intent: 'submit' };
	ids.forEach((id, index) => (fields[`value.${id}`] = String(value(index))));
	const response = await post(judge, `/judge/score/${assignmentId}?/save`, fields);
	expect(response.status(), `score ${assignmentId}`).toBe(303);
}

export type Fetched = {
	url: string;
	status: number;
	contentType: string;
	headers: string;
	body: string;
};

const SKIPPED = /^\/(sign-out|preferences|dev|_app|admin)(\/|$)/;

/**
 * Follows every same-origin link (href and src) from the start paths, breadth first, as the
 * signed-in context, fetching each page, its `__data.json` (what client-side navigation loads)
 * and every file it links. Never follows sign-out, language/theme switches, the developer
 * mailbox, static assets or organizer pages.
 */
export async function crawl(
	request: APIRequestContext,
	starts: string[],
	options: { allow?: (path: string) => boolean; limit?: number } = {}
): Promise<Fetched[]> {
	const limit = options.limit ?? 200;
	const allow = options.allow ?? (() => true);
	const queue = [...starts];
	const seen = new Set(queue);
	const fetched: Fetched[] = [];
	const get = async (url: string) => {
		const response = await request.get(url, { failOnStatusCode: false });
		const buffer = await response.body();
		const item: Fetched = {
			url,
			status: response.status(),
			contentType: response.headers()['content-type'] ?? '',
			headers: JSON.stringify(response.headers()),
			body: buffer.toString(
				/text|json|xml|javascript/.test(response.headers()['content-type'] ?? '')
					? 'utf8'
					: 'latin1'
			)
		};
		fetched.push(item);
		return item;
	};
	while (queue.length > 0 && seen.size <= limit) {
		const url = queue.shift() as string;
		const page = await get(url);
		if (!page.contentType.includes('text/html')) continue;
		const parsed = new URL(url, originOf(request) ?? JUDGING_URL);
		const dataPath = `${parsed.pathname.replace(/\/$/, '')}/__data.json${parsed.search}`;
		await get(dataPath);
		for (const match of page.body.matchAll(/\b(?:href|src)="([^"]+)"/g)) {
			const raw = match[1].replace(/&amp;/g, '&');
			let target: URL;
			try {
				target = new URL(raw, parsed);
			} catch {
				continue;
			}
			if (target.origin !== parsed.origin) continue;
			const path = target.pathname + target.search;
			if (SKIPPED.test(target.pathname) || !allow(target.pathname) || seen.has(path)) continue;
			if (seen.size >= limit) break;
			seen.add(path);
			queue.push(path);
		}
	}
	return fetched;
}

/** Every (case-insensitive) occurrence of the strings in the bodies and headers, with context. */
export function findLeaks(
	fetched: { url: string; body: string; headers?: string }[],
	strings: string[]
) {
	const leaks: string[] = [];
	for (const item of fetched)
		for (const text of [item.body, item.headers ?? '']) {
			const lower = text.toLowerCase();
			for (const needle of strings) {
				const at = lower.indexOf(needle.toLowerCase());
				if (at >= 0)
					leaks.push(
						`${item.url}: "${needle}" in …${text.slice(Math.max(0, at - 80), at + needle.length + 80)}…`
					);
			}
		}
	return leaks;
}

/**
 * Like findLeaks, but also through the disguises a text can wear on its way to a reader: JSON
 * escapes, HTML entities, markup inside a word ("nmk12<strong>34</strong>"), and everything the
 * redaction folds (invisible characters, accents, full-width letters, case). A marker written
 * "tmk\u00ad1234" or "ｔｍｋ1234" in an answer is found here when it reaches a page unredacted.
 */
export function findFoldedLeaks(fetched: { url: string; body: string }[], strings: string[]) {
	const leaks: string[] = [];
	const needles = strings.map((needle) => fold(needle));
	for (const item of fetched) {
		const unescaped = item.body.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) =>
			String.fromCharCode(parseInt(hex, 16))
		);
		for (const variant of [unescaped, unescaped.replace(/<[^>]*>/g, '')]) {
			const folded = fold(decodeEntities(variant));
			needles.forEach((needle, index) => {
				const at = folded.indexOf(needle);
				if (at >= 0)
					leaks.push(
						`${item.url}: "${strings[index]}" in …${folded.slice(Math.max(0, at - 80), at + needle.length + 80)}…`
					);
			});
		}
	}
	return [...new Set(leaks)];
}

/** Names and addresses of every judge, from the organizer's judges page. */
export async function judgeIdentities(organizer: APIRequestContext): Promise<string[]> {
	const html = await (await organizer.get('/admin/judging/judges')).text();
	const identities = new Set<string>();
	for (const match of html.matchAll(
		/<span class="block font-semibold text-ink">([^<]+)<\/span>\s*<span class="block text-sm font-normal break-all text-muted">([^<]+)<\/span>/g
	)) {
		identities.add(match[1].trim());
		identities.add(match[2].trim());
	}
	return [...identities];
}
