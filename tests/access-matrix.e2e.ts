import { randomBytes } from 'node:crypto';
import {
	expect,
	test,
	type APIRequestContext,
	type APIResponse,
	type Page
} from '@playwright/test';
import { demo, whenInteractive } from './support/accounts';
import { newRequestContext, postForm, signedInRequest } from './support/http';
import {
	assignmentsInRound,
	createTeam,
	signUpConfirmed,
	submitEntry,
	submitScore
} from './support/judging-e2e';
import { inviteLink } from './support/team';
import { listRoutes, type RouteEntry } from './support/routes';

/**
 * The access matrix: every route, form action and endpoint of the app — found by walking
 * src/routes, so a new one cannot be forgotten — requested by every role against a table of
 * expected outcomes. A route, action or method missing from the table fails the test.
 *
 * Roles, on a server of their own (4181) with real data: anonymous; the leads of team A and
 * team B (both with submitted entries); a judge assigned to A's entry; a judge with no
 * assignment; a judge with a declared conflict with team A; the organizer. Dynamic segments get
 * the ids of team A's objects (its entry, its cover file, the assigned judge's assignment…).
 *
 * Outcomes: `ok` (GET answers 200), `reached` (an action or POST gets past authorization: any
 * answer but 404/403 or a redirect to sign-in), `signin` (303 to /sign-in), `hidden` (404, or
 * 403), `redirect` (a 3xx elsewhere). Actions that would destroy the fixtures for the role
 * allowed to run them (sign-out, leaving or withdrawing…) are only tried by the roles that must
 * be refused. Every HTML answer is also checked for the CSP (frame-ancestors 'none'), nosniff and
 * Referrer-Policy headers.
 */
const MATRIX_URL = 'http://localhost:4181';
test.use({ baseURL: MATRIX_URL });
test.describe.configure({ mode: 'serial' });

const ROLES = [
	'anonymous',
	'entrantA',
	'entrantB',
	'judgeAssigned',
	'judgeUnassigned',
	'judgeConflicted',
	'organizer'
] as const;
type Role = (typeof ROLES)[number];
type Outcome = 'ok' | 'reached' | 'signin' | 'hidden' | 'redirect' | 'skip';
type Policy = (role: Role) => Outcome;

const judges = new Set<Role>(['judgeAssigned', 'judgeUnassigned', 'judgeConflicted']);
const entrants = new Set<Role>(['entrantA', 'entrantB']);

// Pages (GET) and actions (POST) share these policies; `ok` means 200 for a GET and "reached"
// for a POST.
const everyone: Policy = () => 'ok';
const signedIn: Policy = (role) => (role === 'anonymous' ? 'signin' : 'ok');
const organizerOnly: Policy = (role) =>
	role === 'anonymous' ? 'signin' : role === 'organizer' ? 'ok' : 'hidden';
const judgeOnly: Policy = (role) =>
	role === 'anonymous' ? 'signin' : judges.has(role) ? 'ok' : 'hidden';
const assignedJudgeOnly: Policy = (role) =>
	role === 'anonymous' ? 'signin' : role === 'judgeAssigned' ? 'ok' : 'hidden';
/** Team A's private file: its members and organizers; for everyone else it does not exist. */
const teamAFile: Policy = (role) => (role === 'entrantA' || role === 'organizer' ? 'ok' : 'hidden');
/** Pages of one's own team's entry: for people without a team they do not exist. */
const ownTeamPage: Policy = (role) =>
	role === 'anonymous' ? 'signin' : entrants.has(role) ? 'ok' : 'hidden';
const redirects: Policy = () => 'redirect';
/** Sign-in and sign-up: a signed-in person is sent on to their account. */
const anonymousOnly: Policy = (role) => (role === 'anonymous' ? 'ok' : 'redirect');
/** Only the roles that must be refused are tried (see above). */
const refusedOnly =
	(policy: Policy): Policy =>
	(role) =>
		policy(role) === 'ok' ? 'skip' : policy(role);

type Expectation = {
	get?: Policy;
	methods?: Record<string, Policy>;
	actions?: Record<string, Policy>;
};

const table: Record<string, Expectation> = {
	'/(account)/account': { get: signedIn, actions: { profile: signedIn } },
	'/(account)/account/export': { methods: { GET: signedIn } },
	'/(account)/account/privacy': { get: signedIn, actions: { delete: signedIn } },
	'/(account)/account/security': {
		get: signedIn,
		actions: { password: signedIn, email: signedIn, signOutEverywhere: refusedOnly(signedIn) }
	},
	'/(admin)/admin': { get: organizerOnly },
	'/(admin)/admin/accounts': {
		get: organizerOnly,
		actions: { grant: organizerOnly, revoke: organizerOnly }
	},
	'/(admin)/admin/audit': { get: organizerOnly },
	'/(admin)/admin/entries': { get: organizerOnly },
	'/(admin)/admin/entries/[id]': { get: organizerOnly },
	'/(admin)/admin/entries/export.csv': { methods: { GET: organizerOnly } },
	'/(admin)/admin/judging': { get: organizerOnly },
	'/(admin)/admin/judging/judges': {
		get: organizerOnly,
		actions: {
			invite: organizerOnly,
			revoke: organizerOnly,
			detect: organizerOnly,
			confirm: organizerOnly,
			dismiss: organizerOnly
		}
	},
	'/(admin)/admin/judging/rounds/[id]': {
		get: organizerOnly,
		actions: {
			settings: organizerOnly,
			transition: organizerOnly,
			feedback: organizerOnly,
			advance: organizerOnly
		}
	},
	'/(admin)/admin/judging/rounds/[id]/assignments': {
		get: organizerOnly,
		actions: {
			auto: refusedOnly(organizerOnly),
			add: organizerOnly,
			remove: organizerOnly,
			swap: organizerOnly
		}
	},
	'/(admin)/admin/judging/rounds/[id]/progress': {
		get: organizerOnly,
		actions: { remind: organizerOnly }
	},
	'/(admin)/admin/judging/rounds/new': { get: organizerOnly, actions: { create: organizerOnly } },
	'/(admin)/admin/judging/rubrics/[id]': {
		get: organizerOnly,
		actions: {
			details: organizerOnly,
			add: organizerOnly,
			update: organizerOnly,
			remove: organizerOnly,
			move: organizerOnly,
			moveRounds: organizerOnly
		}
	},
	'/(admin)/admin/judging/rubrics/new': { get: organizerOnly, actions: { create: organizerOnly } },
	'/(admin)/admin/results': {
		get: organizerOnly,
		actions: {
			bulk: organizerOnly,
			top: organizerOnly,
			basis: organizerOnly,
			moveAdvanced: organizerOnly
		}
	},
	'/(admin)/admin/results/decisions.csv': { methods: { GET: organizerOnly } },
	'/(admin)/admin/results/leaderboard.csv': { methods: { GET: organizerOnly } },
	'/(admin)/admin/results/publish': {
		get: organizerOnly,
		actions: { publish: refusedOnly(organizerOnly) }
	},
	'/(admin)/admin/results/reviews.csv': { methods: { GET: organizerOnly } },
	'/(admin)/admin/results/rounds/[roundId]/entries/[entryId]': {
		get: organizerOnly,
		actions: { save: organizerOnly }
	},
	'/(admin)/admin/results/sheet': { get: organizerOnly },
	'/(admin)/admin/settings': {
		get: organizerOnly,
		actions: { texts: organizerOnly, organizer: organizerOnly }
	},
	'/(admin)/admin/settings/entry-form': { get: organizerOnly, actions: { help: organizerOnly } },
	'/(admin)/admin/settings/schedule': {
		get: organizerOnly,
		actions: { dates: organizerOnly, eligibility: organizerOnly }
	},
	'/(admin)/admin/settings/tracks': {
		get: organizerOnly,
		actions: {
			create: organizerOnly,
			update: organizerOnly,
			move: organizerOnly,
			delete: organizerOnly
		}
	},
	'/(admin)/admin/settings/uploads': { get: organizerOnly, actions: { limits: organizerOnly } },
	// Token pages: the emailed link is the credential, so anyone may open them.
	'/(auth)/confirm-email-change': { get: everyone, actions: { default: everyone } },
	'/(auth)/consent': { get: everyone, actions: { give: everyone } },
	'/(auth)/forgot-password': { get: everyone, actions: { default: everyone } },
	'/(auth)/judge-invite': { get: everyone, actions: { accept: signedIn } },
	'/(auth)/reset-password': { get: everyone, actions: { default: everyone } },
	'/(auth)/sign-in': { get: anonymousOnly, actions: { default: everyone } },
	'/(auth)/sign-out': {
		get: (role) => (role === 'anonymous' ? 'redirect' : 'ok'),
		actions: { default: (role) => (role === 'anonymous' ? 'signin' : 'skip') }
	},
	'/(auth)/sign-up': { get: anonymousOnly, actions: { default: everyone } },
	'/(auth)/sign-up/check-inbox': { get: everyone },
	'/(auth)/verify-email': { get: everyone, actions: { confirm: everyone, resend: signedIn } },
	'/(judge)/judge': { get: judgeOnly },
	'/(judge)/judge/files/[assignmentId]/[kind]': { methods: { GET: assignedJudgeOnly } },
	'/(judge)/judge/profile': {
		get: judgeOnly,
		actions: { save: judgeOnly, declare: judgeOnly, remove: judgeOnly }
	},
	'/(judge)/judge/score/[assignmentId]': {
		get: assignedJudgeOnly,
		actions: { save: assignedJudgeOnly, conflict: refusedOnly(assignedJudgeOnly) }
	},
	'/(public)': { get: everyone },
	'/(public)/about': { get: everyone },
	'/(public)/gallery': { get: everyone },
	'/(public)/gallery/[slug]': { get: everyone, actions: { vote: signedIn } },
	'/(public)/gallery/[slug]/cover/[version]': { methods: { GET: everyone } },
	'/(public)/symposium': { get: everyone },
	'/(team)/join': { get: everyone, actions: { accept: signedIn } },
	'/(team)/team': {
		get: signedIn,
		actions: {
			create: signedIn,
			rename: signedIn,
			inviteEmail: signedIn,
			inviteLink: signedIn,
			revokeInvite: signedIn,
			leave: refusedOnly(signedIn),
			removeMember: signedIn,
			transferLead: signedIn,
			guardian: signedIn
		}
	},
	'/(team)/team/entry': {
		get: (role) => (role === 'anonymous' ? 'signin' : entrants.has(role) ? 'redirect' : 'hidden')
	},
	'/(team)/team/entry/[step]': {
		get: ownTeamPage,
		actions: { save: ownTeamPage, upload: ownTeamPage }
	},
	'/(team)/team/entry/review': {
		get: ownTeamPage,
		actions: { submit: ownTeamPage, withdraw: refusedOnly(ownTeamPage) }
	},
	// Without a team, the feedback page sends people to /team.
	'/(team)/team/feedback': {
		get: (role) => (role === 'anonymous' ? 'signin' : entrants.has(role) ? 'ok' : 'redirect')
	},
	'/api/v1/openapi.json': { methods: { GET: everyone } },
	'/api/v1/showcase': { methods: { GET: everyone } },
	'/api/v1/showcase/[slug]': { methods: { GET: everyone } },
	// Test servers only (APP_ENV=test); absent from production builds (production-mode test).
	'/dev/clock': { methods: { GET: everyone, POST: refusedOnly(everyone) } },
	'/dev/mailbox': { get: everyone },
	'/dev/mailbox/[id]': { get: everyone },
	'/files/[id]': { methods: { GET: teamAFile } },
	'/health': { methods: { GET: everyone } },
	'/preferences/language': { methods: { GET: redirects } },
	'/preferences/theme': { methods: { GET: redirects } }
};

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const suffix = randomBytes(3).toString('hex');
const PASSWORD = 'matrix test passphrase';
const contexts = new Map<Role, APIRequestContext>();
const ids: Record<string, string> = {};

const find = (html: string, pattern: string, label: string): string => {
	const found = new RegExp(pattern).exec(html)?.[1];
	expect(found, label).toBeTruthy();
	return found as string;
};

test.beforeAll(async () => {
	test.setTimeout(180_000);
	contexts.set('anonymous', await newRequestContext(MATRIX_URL));
	const organizer = await signedInRequest(demo.organizer, undefined, MATRIX_URL);
	contexts.set('organizer', organizer);
	for (const [role, team] of [
		['entrantA', 'A'],
		['entrantB', 'B']
	] as const) {
		const request = await signUpConfirmed(
			{
				name: `Matrix Lead ${team}`,
				email: `matrix-${team.toLowerCase()}-${suffix}@example.org`,
				password: PASSWORD
			},
			MATRIX_URL
		);
		await createTeam(request, `Matrix team ${team} ${suffix}`);
		await submitEntry(request, { title: `Matrix entry ${team} ${suffix}` });
		contexts.set(role, request);
	}

	// A third judge, made one by the organizer, who declares a conflict with team A.
	const conflictedEmail = `matrix-judge-${suffix}@example.org`;
	const conflicted = await signUpConfirmed(
		{ name: 'Matrix Conflicted Judge', email: conflictedEmail, password: PASSWORD },
		MATRIX_URL
	);
	const accounts = await (
		await organizer.get(`/admin/accounts?q=${encodeURIComponent(conflictedEmail)}`)
	).text();
	const userId = find(accounts, `name="userId" value="(${UUID})"`, 'the new account');
	expect(
		(await postForm(organizer, '/admin/accounts?/grant', { userId, role: 'judge' })).status()
	).toBeLessThan(400);
	expect(
		(
			await postForm(conflicted, '/judge/profile?/declare', {
				kind: 'team',
				value: `Matrix team A ${suffix}`,
				reason: 'My cousin leads it.'
			})
		).status()
	).toBeLessThan(400);
	contexts.set('judgeConflicted', conflicted);
	contexts.set('judgeAssigned', await signedInRequest(demo.judge, undefined, MATRIX_URL));
	contexts.set('judgeUnassigned', await signedInRequest(demo.otherJudge, undefined, MATRIX_URL));

	// Round 1 open now, with the assigned judge on team A's entry.
	const judging = await (await organizer.get('/admin/judging')).text();
	ids.round = find(judging, `href="/admin/judging/rounds/(${UUID})"[^>]*>\\s*Screening`, 'round');
	ids.rubric = find(judging, `href="/admin/judging/rubrics/(${UUID})"`, 'rubric');
	const day = 86_400_000;
	const local = (time: number) => new Date(time).toISOString().slice(0, 16);
	const settings = await postForm(organizer, `/admin/judging/rounds/${ids.round}?/settings`, {
		name: 'Screening',
		rubricId: ids.rubric,
		zone: 'UTC',
		opensAt: local(Date.now() - day),
		closesAt: local(Date.now() + 30 * day),
		judgesPerEntry: '1',
		blind: 'on',
		peerScores: 'never'
	});
	expect(settings.status(), 'round settings').toBe(303);
	const opened = await postForm(organizer, `/admin/judging/rounds/${ids.round}?/transition`, {
		transition: 'open',
		confirmUnassigned: 'yes'
	});
	expect(opened.status(), 'open round 1').toBe(303);
	const entriesPage = await (
		await organizer.get(`/admin/entries?q=${encodeURIComponent(`Matrix entry A ${suffix}`)}`)
	).text();
	ids.entry = find(entriesPage, `href="/admin/entries/(${UUID})"`, "team A's entry");
	const users = await (
		await organizer.get(`/admin/accounts?q=${encodeURIComponent(demo.judge)}`)
	).text();
	const judgeId = find(users, `name="userId" value="(${UUID})"`, 'the assigned judge');
	const added = await postForm(organizer, `/admin/judging/rounds/${ids.round}/assignments?/add`, {
		entryId: ids.entry,
		judgeId
	});
	expect(added.status(), 'assign the judge by hand').toBeLessThan(400);
	const [assignment] = await assignmentsInRound(contexts.get('judgeAssigned')!, 'Screening');
	expect(assignment, "the judge's assignment").toBeTruthy();
	ids.assignment = assignment as string;
	expect(await assignmentsInRound(contexts.get('judgeConflicted')!, 'Screening')).toEqual([]);

	// Team A's cover, a published gallery entry and its cover, a mail.
	const media = await (await contexts.get('entrantA')!.get('/team/entry/media')).text();
	ids.file = find(media, `/files/(${UUID})`, "team A's cover file");
	const gallery = await (await contexts.get('anonymous')!.get('/gallery')).text();
	ids.slug = find(gallery, 'href="/gallery/([a-z0-9-]+)"', 'a gallery entry');
	const entryPage = await (await contexts.get('anonymous')!.get(`/gallery/${ids.slug}`)).text();
	ids.coverVersion = find(entryPage, `/gallery/${ids.slug}/cover/([0-9a-f]+)`, 'a cover version');
	const mailbox = await (await contexts.get('anonymous')!.get('/dev/mailbox')).text();
	ids.mail = find(mailbox, `/dev/mailbox/(${UUID})`, 'a mail');
});

test.afterAll(async () => {
	for (const context of contexts.values()) await context.dispose();
});

/** The URL of a route with team A's ids in its dynamic segments. */
function pathOf(route: RouteEntry): string {
	const values: Record<string, string> = {
		'/(admin)/admin/entries/[id]': `/admin/entries/${ids.entry}`,
		'/(admin)/admin/judging/rounds/[id]': `/admin/judging/rounds/${ids.round}`,
		'/(admin)/admin/judging/rounds/[id]/assignments': `/admin/judging/rounds/${ids.round}/assignments`,
		'/(admin)/admin/judging/rounds/[id]/progress': `/admin/judging/rounds/${ids.round}/progress`,
		'/(admin)/admin/judging/rubrics/[id]': `/admin/judging/rubrics/${ids.rubric}`,
		'/(admin)/admin/results/rounds/[roundId]/entries/[entryId]': `/admin/results/rounds/${ids.round}/entries/${ids.entry}`,
		'/(judge)/judge/files/[assignmentId]/[kind]': `/judge/files/${ids.assignment}/cover`,
		'/(judge)/judge/score/[assignmentId]': `/judge/score/${ids.assignment}`,
		'/(public)/gallery/[slug]': `/gallery/${ids.slug}`,
		'/(public)/gallery/[slug]/cover/[version]': `/gallery/${ids.slug}/cover/${ids.coverVersion}`,
		'/(team)/team/entry/[step]': '/team/entry/basics',
		'/api/v1/showcase/[slug]': `/api/v1/showcase/${ids.slug}`,
		'/dev/mailbox/[id]': `/dev/mailbox/${ids.mail}`,
		'/files/[id]': `/files/${ids.file}`
	};
	if (route.dynamic) {
		expect(values[route.id], `sample values for ${route.id}`).toBeTruthy();
		return values[route.id] as string;
	}
	// Query strings the pages need to show something rather than a form error.
	const queries: Record<string, string> = {
		'/(admin)/admin/results/leaderboard.csv': `?round=${ids.round}`,
		'/(admin)/admin/results/reviews.csv': `?round=${ids.round}&mode=anonymized`,
		'/(admin)/admin/results/sheet': `?round=${ids.round}`,
		'/preferences/language': '?set=en&redirect=/',
		'/preferences/theme': '?set=dark&redirect=/'
	};
	return route.path + (queries[route.id] ?? '');
}

function classify(response: APIResponse, method: 'GET' | 'POST'): Outcome {
	const status = response.status();
	const location = response.headers().location ?? '';
	if (status >= 300 && status < 400 && location.startsWith('/sign-in')) return 'signin';
	if (status === 404 || status === 403) return 'hidden';
	if (method === 'POST') return status >= 500 ? ('error' as Outcome) : 'reached';
	if (status === 200) return 'ok';
	if (status >= 300 && status < 400) return 'redirect';
	return `status ${status}` as Outcome;
}

const expected = (outcome: Outcome, method: 'GET' | 'POST'): Outcome =>
	method === 'POST' && outcome === 'ok' ? 'reached' : outcome;

test('every route of the app is in the table, with all its actions and methods', () => {
	const problems: string[] = [];
	for (const route of listRoutes()) {
		const entry = table[route.id];
		if (!entry) {
			problems.push(`${route.id} is not in the table`);
			continue;
		}
		if (route.hasPage && !entry.get) problems.push(`${route.id}: no expectation for GET`);
		for (const action of route.actions)
			if (!entry.actions?.[action]) problems.push(`${route.id}: no expectation for ?/${action}`);
		for (const method of route.methods)
			if (!entry.methods?.[method]) problems.push(`${route.id}: no expectation for ${method}`);
	}
	const known = new Set(listRoutes().map((route) => route.id));
	for (const id of Object.keys(table))
		if (!known.has(id)) problems.push(`${id} is in the table but not in src/routes`);
	expect(problems).toEqual([]);
});

for (const role of ROLES) {
	test(`${role}: every page, action and endpoint answers as the table says`, async () => {
		test.setTimeout(120_000);
		const request = contexts.get(role)!;
		const mismatches: string[] = [];
		const check = async (
			label: string,
			policy: Policy | undefined,
			method: 'GET' | 'POST',
			send: () => Promise<APIResponse>
		) => {
			if (!policy) return;
			const want = expected(policy(role), method);
			if (want === 'skip') return;
			const response = await send();
			const got = classify(response, method);
			if (got !== want) mismatches.push(`${label}: expected ${want}, got ${got}`);
			// Every HTML answer, error pages included, carries the security headers.
			const headers = response.headers();
			if ((headers['content-type'] ?? '').includes('text/html')) {
				const csp = headers['content-security-policy'] ?? '';
				if (!csp.includes("frame-ancestors 'none'") || !csp.includes("object-src 'none'"))
					mismatches.push(`${label}: CSP missing or weak: ${csp}`);
				if (headers['x-content-type-options'] !== 'nosniff')
					mismatches.push(`${label}: no nosniff`);
				if (!headers['referrer-policy']) mismatches.push(`${label}: no Referrer-Policy`);
			}
		};
		for (const route of listRoutes()) {
			const entry = table[route.id]!;
			const path = pathOf(route);
			if (route.hasPage || route.id === '/(team)/team/entry')
				await check(`GET ${path}`, entry.get, 'GET', () =>
					request.get(path, { maxRedirects: 0, failOnStatusCode: false })
				);
			for (const method of route.methods)
				await check(
					`${method} ${path}`,
					entry.methods?.[method],
					method === 'GET' ? 'GET' : 'POST',
					() =>
						request.fetch(path, {
							method,
							maxRedirects: 0,
							failOnStatusCode: false,
							headers: { origin: MATRIX_URL }
						})
				);
			for (const action of route.actions) {
				const target =
					action === 'default' ? path : `${path}${path.includes('?') ? '&' : '?'}/${action}`;
				await check(`POST ${target}`, entry.actions?.[action], 'POST', () =>
					postForm(request, target, {})
				);
			}
		}
		expect(mismatches).toEqual([]);
	});
}

/**
 * The round as an organizer reads it at its fullest: team A's entry scored by its judge, the
 * round closed (so checkboxes and "Change decision" links show) and a decision with a note.
 * Run once, after the matrix above (which needs the round open).
 */
let resultsReady: Promise<void> | undefined;
function prepareResults() {
	resultsReady ??= (async () => {
		const organizer = contexts.get('organizer')!;
		await submitScore(
			contexts.get('judgeAssigned')!,
			ids.assignment as string,
			(index) => 3 + (index % 3),
			'A clear problem statement; the pilot plan needs named partners.'
		);
		const closed = await postForm(organizer, `/admin/judging/rounds/${ids.round}?/transition`, {
			transition: 'close'
		});
		expect(closed.status(), 'close round 1').toBe(303);
		const decided = await postForm(organizer, '/admin/results?/bulk', {
			round: ids.round as string,
			view: `?round=${ids.round}`,
			entryId: [ids.entry as string],
			decision: 'shortlist',
			note: 'Strong local partners; a pilot within a year.'
		});
		expect(decided.status(), 'a decision with a note').toBeLessThan(400);
	})();
	return resultsReady;
}

/** The pages each role is shown, from the table: every page whose GET is `ok` for the role. */
const VIEWERS = ['anonymous', 'entrantA', 'judgeAssigned', 'organizer'] as const;
const STEPS = ['basics', 'story', 'responsible-ai', 'impact', 'media'];

/**
 * What makes the page wider than the window: the outermost elements reaching past its right
 * edge that no scrolling (or clipping) container of their own holds.
 */
async function overflowOf(page: Page) {
	return page.evaluate(() => {
		const width = document.documentElement.clientWidth;
		const scrollWidth = document.documentElement.scrollWidth;
		const culprits: string[] = [];
		if (scrollWidth > width) {
			// Whether a scrolling or clipping box holds the element: only the boxes on its chain
			// of containing blocks do (an absolutely positioned element, such as a visually hidden
			// label, escapes every box up to its nearest positioned ancestor).
			const held = (element: Element) => {
				for (let current = element; ;) {
					const position = getComputedStyle(current).position;
					if (position === 'fixed') return false;
					let parent = current.parentElement;
					if (position === 'absolute')
						while (
							parent &&
							parent !== document.body &&
							getComputedStyle(parent).position === 'static'
						)
							parent = parent.parentElement;
					if (!parent || parent === document.body || parent === document.documentElement)
						return false;
					if (/auto|scroll|hidden|clip/.test(getComputedStyle(parent).overflowX)) return true;
					current = parent;
				}
			};
			const wide = new Set<Element>();
			for (const element of document.body.querySelectorAll('*')) {
				const rect = element.getBoundingClientRect();
				if (rect.width > 0 && rect.right > width + 0.5 && !held(element)) wide.add(element);
			}
			for (const element of wide) {
				if (element.parentElement && wide.has(element.parentElement)) continue;
				const name = `${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''}.${String(element.getAttribute('class') ?? '').slice(0, 60)}`;
				const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
				culprits.push(
					`${name} "${text}" right=${Math.round(element.getBoundingClientRect().right)}`
				);
			}
		}
		return { scrollWidth, width, culprits: culprits.slice(0, 4) };
	});
}

test('every page fits a 390 px phone without scrolling sideways, for every role', async ({
	browser
}) => {
	test.setTimeout(300_000);
	await prepareResults();
	// A live team invitation and a mail holding a long link, so their pages show real content.
	const joinLink = await inviteLink(contexts.get('entrantA')!, 'single', MATRIX_URL);
	const extra: Partial<Record<(typeof VIEWERS)[number], string[]>> = {
		anonymous: [new URL(joinLink).pathname + new URL(joinLink).search, '/gallery?q=water'],
		organizer: [
			'/admin/accounts?q=example.org',
			`/admin/results?round=${ids.round}&basis=raw`,
			`/admin/results/sheet?round=${ids.round}`
		]
	};
	const wide: string[] = [];
	let visited = 0;
	for (const role of VIEWERS) {
		const context = await browser.newContext({
			baseURL: MATRIX_URL,
			viewport: { width: 390, height: 844 },
			storageState: await contexts.get(role)!.storageState()
		});
		const page = await context.newPage();
		const paths: string[] = [];
		for (const route of listRoutes()) {
			if (!route.hasPage || table[route.id]?.get?.(role) !== 'ok') continue;
			if (route.id === '/(team)/team/entry/[step]')
				paths.push(...STEPS.map((step) => `/team/entry/${step}`));
			else paths.push(pathOf(route));
		}
		paths.push(...(extra[role] ?? []));
		for (const path of paths) {
			const response = await page.goto(path);
			expect(response?.status(), `${role} GET ${path}`).toBeLessThan(400);
			await whenInteractive(page);
			const { scrollWidth, culprits } = await overflowOf(page);
			visited++;
			if (scrollWidth > 390)
				wide.push(`${role} ${path}: ${scrollWidth} px wide; ${culprits.join('; ')}`);
		}
		await context.close();
	}
	expect(visited, 'pages visited').toBeGreaterThan(60);
	expect(wide).toEqual([]);
});

test('the leaderboard shows every column at 1366 px, the decision column included', async ({
	browser
}) => {
	await prepareResults();
	const context = await browser.newContext({
		baseURL: MATRIX_URL,
		viewport: { width: 1366, height: 900 },
		storageState: await contexts.get('organizer')!.storageState()
	});
	const page = await context.newPage();
	await page.goto(`/admin/results?round=${ids.round}`);
	const board = page.getByRole('table', { name: /Leaderboard/ });
	// By its team: the matrix's empty step saves above leave team A's entry untitled.
	await expect(board.getByRole('rowheader', { name: /Matrix team A/ })).toBeVisible();
	// Down to the table (below the publication panel); nothing scrolls it sideways.
	// A pixel more: line heights are not whole pixels, so the table's top can fall a fraction of
	// a pixel above the viewport after scrolling to it, which is not what this test is about.
	await board.evaluate((table) => {
		table.scrollIntoView({ block: 'start', inline: 'nearest' });
		window.scrollBy(0, -1);
	});
	for (const name of ['Rank', 'Entry', 'Raw', 'Adjusted', 'Median', 'Spread', 'Reviews', 'Flags'])
		await expect(board.getByRole('columnheader', { name: new RegExp(name) })).toBeInViewport({
			ratio: 1
		});
	await expect(board.getByRole('columnheader', { name: /Decision/ })).toBeInViewport({ ratio: 1 });
	await expect(board.getByRole('link', { name: /Change decision/ }).first()).toBeInViewport({
		ratio: 1
	});
	// Nothing hides in the table's own scrolling box either.
	const box = await board.evaluate((table) => {
		const holder = table.parentElement as HTMLElement;
		return { scroll: holder.scrollWidth, client: holder.clientWidth };
	});
	expect(box.scroll, 'the table scrolls sideways at 1366 px').toBeLessThanOrEqual(box.client);
	await context.close();
});
