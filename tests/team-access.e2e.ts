import {
	expect,
	request as playwrightRequest,
	test,
	type APIRequestContext
} from '@playwright/test';
import { demo } from './support/accounts';
import { pngImage } from './support/files';
import { BASE_URL, createConfirmedAccount, postForm, signedInRequest } from './support/http';
import { listRoutes } from './support/routes';
import { createTeamLead, inviteLink, joinTeam } from './support/team';

/**
 * Team B's draft, files and invitations, approached by a member of team A, a judge and an
 * anonymous visitor: nothing of B is reachable, and nothing changes.
 */
const teamRoutes = listRoutes().filter((route) => route.id.startsWith('/(team)'));
const MARKER = `ZZTEAMBMARKER${Date.now()}${Math.random().toString(36).slice(2, 8).toUpperCase()}`;

async function uploadCover(request: APIRequestContext) {
	const response = await request.post('/team/entry/media?/upload', {
		headers: { origin: BASE_URL, accept: 'text/html' },
		multipart: {
			kind: 'cover',
			file: { name: 'cover.png', mimeType: 'image/png', buffer: await pngImage(640, 360) }
		},
		maxRedirects: 0,
		failOnStatusCode: false
	});
	expect(response.status()).toBe(303);
	const media = await (await request.get('/team/entry/media')).text();
	return /\/files\/([0-9a-f-]{36})\?w=480/.exec(media)?.[1] as string;
}

let teamB: Awaited<ReturnType<typeof createTeamLead>>;
let memberB: Awaited<ReturnType<typeof createConfirmedAccount>>;
let coverB: string;
let inviteIdB: string;
let linkB: string;
let teamA: Awaited<ReturnType<typeof createTeamLead>>;
let memberA: Awaited<ReturnType<typeof createConfirmedAccount>>;

// One worker runs the file's tests in order: beforeAll makes team B once (fully parallel mode
// would run it again for each group of tests, with the same marker).
test.describe.configure({ mode: 'default' });

test.beforeAll(async () => {
	teamB = await createTeamLead({ name: `${MARKER} Lead` });
	expect(
		(await postForm(teamB.request, '/team?/rename', { name: `${MARKER} Team` })).status()
	).toBe(303);
	const saved = await postForm(teamB.request, '/team/entry/basics?/save', {
		title: `${MARKER} Title`,
		intent: 'stay'
	});
	expect(saved.status()).toBe(303);
	coverB = await uploadCover(teamB.request);
	linkB = await inviteLink(teamB.request, 'multiple');
	memberB = await createConfirmedAccount('member b passphrase');
	await joinTeam(memberB.request, linkB);
	const dashboard = await (await teamB.request.get('/team')).text();
	inviteIdB = /name="inviteId" value="([0-9a-f-]{36})"/.exec(dashboard)?.[1] as string;
	expect(inviteIdB).toBeTruthy();

	teamA = await createTeamLead();
	memberA = await createConfirmedAccount('member a passphrase');
	await joinTeam(memberA.request, await inviteLink(teamA.request));
});

test('the route walk finds the team pages and actions', () => {
	expect(teamRoutes.map((route) => route.path)).toEqual(
		expect.arrayContaining(['/team', '/team/entry/review', '/join'])
	);
	expect(teamRoutes.flatMap((route) => route.actions)).toEqual(
		expect.arrayContaining([
			'revokeInvite',
			'removeMember',
			'transferLead',
			'save',
			'upload',
			'submit'
		])
	);
});

test('a member of team A sees nothing of team B on any team page, and cannot act on it', async () => {
	for (const account of [teamA, memberA]) {
		for (const route of teamRoutes.filter((entry) => entry.hasPage)) {
			for (const path of route.path.includes('00000000')
				? ['basics', 'story', 'responsible-ai', 'impact', 'media'].map(
						(step) => `/team/entry/${step}`
					)
				: [route.path]) {
				const response = await account.request.get(path, { maxRedirects: 5 });
				expect(response.status(), path).toBeLessThan(500);
				expect(await response.text(), path).not.toContain(MARKER);
			}
		}
		expect((await account.request.get(`/files/${coverB}`)).status()).toBe(404);
		expect((await account.request.get(`/files/${coverB}?w=480`)).status()).toBe(404);
	}
	// Team A's lead acting on team B's invitation and members: 404, as if they did not exist.
	for (const [action, fields] of [
		['revokeInvite', { inviteId: inviteIdB }],
		['removeMember', { userId: (await memberId(teamB.request, memberB.email)) as string }],
		['transferLead', { userId: (await memberId(teamB.request, memberB.email)) as string }]
	] as const) {
		const response = await postForm(teamA.request, `/team?/${action}`, fields);
		expect(response.status(), action).toBe(404);
	}
	// Team B's invitation link does not let a member of another team in.
	const join = await postForm(memberA.request, '/join?/accept', {
		token: new URL(linkB).searchParams.get('token') as string
	});
	expect(join.status()).toBe(409);
	// Team B is unchanged.
	const dashboardB = await (await teamB.request.get('/team')).text();
	expect(dashboardB).toContain(inviteIdB);
	expect(dashboardB).toContain('Fresh Account');
});

async function memberId(request: APIRequestContext, _email: string) {
	const html = await (await request.get('/team')).text();
	return /action="\?\/removeMember"[\s\S]*?name="userId" value="([0-9a-f-]{36})"/.exec(html)?.[1];
}

test('a judge and anonymous visitors never reach a draft or its files', async () => {
	const judge = await signedInRequest(demo.judge);
	for (const step of ['basics', 'media', 'review']) {
		expect((await judge.get(`/team/entry/${step}`, { maxRedirects: 0 })).status()).toBe(404);
	}
	for (const route of teamRoutes.filter((entry) => entry.id.startsWith('/(team)/team/entry')))
		for (const action of route.actions) {
			const path = route.path.includes('00000000')
				? route.path.replace(/00000000-0000-4000-8000-000000000000/, 'basics')
				: route.path;
			const response = await postForm(judge, `${path}?/${action}`, { title: 'x' });
			expect([403, 404], `${path}?/${action}`).toContain(response.status());
		}
	expect((await judge.get(`/files/${coverB}`)).status()).toBe(404);

	const anonymous = await playwrightRequest.newContext({ baseURL: BASE_URL });
	expect((await anonymous.get('/team/entry/basics', { maxRedirects: 0 })).status()).toBe(303);
	expect((await anonymous.get(`/files/${coverB}`)).status()).toBe(404);
	const organizer = await signedInRequest(demo.organizer);
	const file = await organizer.get(`/files/${coverB}`);
	expect(file.status()).toBe(200);
	expect(file.headers()['content-type']).toBe('image/webp');
	expect(file.headers()['x-content-type-options']).toBe('nosniff');
	expect(file.headers()['content-disposition']).toMatch(
		/^inline; filename="cover-[0-9a-f]{8}\.webp"$/
	);
});
