import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { demo, signIn } from './support/accounts';
import { signedInRequest } from './support/http';
import {
	assignmentsInRound,
	crawl,
	createTeam,
	criterionIds,
	entryIdsOnRound,
	findFoldedLeaks,
	findLeaks,
	judgeIdentities,
	post,
	roundId,
	roundState,
	signUpConfirmed,
	submitEntry,
	submitScore,
	type Fetched
} from './support/judging-e2e';
import { inviteLink, joinTeam } from './support/team';

/**
 * Blind-round leak test: unique marker strings go into team names, member names, email
 * addresses and uploaded file names (and, by the teams, into their own answers, disguised as a
 * team would to dodge the redaction, with a handle only in bare and `//` addresses). A judge of a
 * blind round crawls every page, `__data.json` and download it can reach, error pages of failed
 * posts included: no marker may appear. The other way round, a team crawls its own pages after
 * the feedback is released: no judge's name or address may appear.
 *
 * The entries are judged in round 2 ("Final"), made blind, by a demo judge; they reach it by
 * advancing from round 1, which they join when submitted.
 */
// Its own server (4180): the whole-judging flow test changes round 1's state on the judging one.
const BLIND_URL = 'http://localhost:4180';
test.use({ baseURL: BLIND_URL });
test.describe.configure({ mode: 'serial' });

const hex = () => randomBytes(5).toString('hex');
// Letters that are not hex digits first, so no id or hash can contain a marker by chance.
const markers = {
	team: [`tmk${hex()}`, `tmk${hex()}`],
	name: [`nmk${hex()}`, `nmk${hex()}`, `nmk${hex()}`, `nmk${hex()}`],
	email: [`emk${hex()}`, `emk${hex()}`, `emk${hex()}`, `emk${hex()}`],
	file: [`fmk${hex()}`, `fmk${hex()}`, `fmk${hex()}`, `fmk${hex()}`],
	// A team's handle that only appears inside addresses (a GitHub organization, a CDN folder).
	handle: [`hmk${hex()}`, `hmk${hex()}`]
};
const allMarkers = Object.values(markers).flat();
const suffix = hex();
const PASSWORD = 'leak test passphrase';
const titles = [`Leak check A ${suffix}`, `Leak check B ${suffix}`];
const feedback = `Leak test feedback ${suffix}: a convincing pilot.`;

type Person = { name: string; email: string; request: APIRequestContext };

/** A marker as a team might write it to slip past a search for it (each must still be redacted). */
const disguise = {
	softHyphen: (text: string) => `${text.slice(0, 4)}\u00ad${text.slice(4)}`,
	zeroWidth: (text: string) => `${text.slice(0, 3)}\u200b${text.slice(3)}`,
	fullWidth: (text: string) =>
		text.replace(/[!-~]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0)),
	accent: (text: string) => `${text[0]}\u0301${text.slice(1)}`,
	entity: (text: string) => `&#${text.charCodeAt(0)};${text.slice(1)}`,
	emphasis: (text: string) => `${text.slice(0, 5)}**${text.slice(5)}**`
};

/** The team's own names, disguised, and addresses that carry its handle, as Markdown. */
function evasions(index: number): string {
	const team = markers.team[index]!;
	const [lead, member] = [markers.name[2 * index]!, markers.name[2 * index + 1]!];
	const [leadEmail, memberEmail] = [markers.email[2 * index]!, markers.email[2 * index + 1]!];
	const handle = markers.handle[index]!;
	return [
		`Also known as ${disguise.softHyphen(team)}, ${disguise.zeroWidth(team)}’s app, the ${disguise.fullWidth(team)}s and Team-${team.toUpperCase()}.`,
		`Made by ${disguise.accent(lead)}, ${disguise.entity(member)}, ${disguise.emphasis(leadEmail)} and ${disguise.zeroWidth(memberEmail)}.`,
		`Code at github.com/${handle}/app, a mirror at //cdn.example.org/${handle}/x and www.example.org/${handle}.`
	].join('\n\n');
}
const teams: { name: string; lead: Person; member: Person }[] = [];
let amara: APIRequestContext;
let organizer: APIRequestContext;
let finalId = '';
let assignments: string[] = [];

const day = 86_400_000;
const local = (time: number) => new Date(time).toISOString().slice(0, 16);

async function person(name: string, emailMarker: string): Promise<Person> {
	const email = `${emailMarker}@example.org`;
	return {
		name,
		email,
		request: await signUpConfirmed({ name, email, password: PASSWORD }, BLIND_URL)
	};
}

test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	// Two teams, each a lead and a member (joined through an invitation link).
	await Promise.all(
		[0, 1].map(async (index) => {
			const name = `Team ${markers.team[index]}`;
			const lead = await person(`Ada ${markers.name[2 * index]}`, markers.email[2 * index]!);
			const member = await person(
				`Ben ${markers.name[2 * index + 1]}`,
				markers.email[2 * index + 1]!
			);
			await createTeam(lead.request, name);
			await joinTeam(
				member.request,
				await inviteLink(lead.request, 'single', BLIND_URL),
				BLIND_URL
			);
			await submitEntry(lead.request, {
				title: titles[index]!,
				// The team writes its own names into an answer: the judge must read "[redacted]".
				problem: `We are ${name}: ${lead.name} and ${member.name}, at ${lead.email}. Floods reach villages first.\n\n${evasions(index)}`,
				media: { repositoryUrl: `https://code.example.org/team-${markers.team[index]}` },
				coverName: `${markers.file[2 * index]}-cover.png`,
				deckName: `${markers.file[2 * index + 1]}-deck.pdf`
			});
			teams[index] = { name, lead, member };
		})
	);

	// Round 2, blind and open now, with both entries assigned to a demo judge by hand.
	organizer = await signedInRequest(demo.organizer, undefined, BLIND_URL);
	const screeningId = await roundId(organizer, 'Screening');
	finalId = await roundId(organizer, 'Final');
	// Run after the flow test, round 1 is closed: reopening it brings the entries in.
	const screening = await roundState(organizer, screeningId);
	if (screening === 'closed')
		expect(
			(
				await post(organizer, `/admin/judging/rounds/${screeningId}?/transition`, {
					transition: 'reopen'
				})
			).status()
		).toBe(303);
	const ids = await entryIdsOnRound(organizer, screeningId, titles);
	const advanced = await post(organizer, `/admin/judging/rounds/${screeningId}?/advance`, {
		entryId: ids
	});
	expect(advanced.status(), 'advance to Final').toBe(200);
	if (screening === 'closed')
		expect(
			(
				await post(organizer, `/admin/judging/rounds/${screeningId}?/transition`, {
					transition: 'close'
				})
			).status()
		).toBe(303);

	const page = await (await browser.newContext({ baseURL: BLIND_URL })).newPage();
	await signIn(page, demo.organizer);
	await page.goto(`/admin/judging/rounds/${finalId}`);
	await page.getByLabel('Scoring opens').fill(local(Date.now() - 2 * day));
	await page.getByLabel('Scoring closes').fill(local(Date.now() + 30 * day));
	await page.getByLabel('Judges per entry').fill('1');
	await page.getByRole('checkbox', { name: /^Blind round/ }).check();
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page).toHaveURL(/notice=(saved|unchanged)/);
	await expect(page.getByRole('checkbox', { name: /^Blind round/ })).toBeChecked();
	const open = page.getByRole('button', { name: 'Open the round' });
	if (await open.count()) {
		// The judges are assigned after opening: confirm opening with entries unscored.
		const anyway = page.getByLabel('Open the round anyway, with these entries unscored');
		if (await anyway.count()) await anyway.check();
		await open.click();
		await expect(page).toHaveURL(/notice=round_opened/);
	}
	await page.goto(`/admin/judging/rounds/${finalId}/assignments`);
	const add = page.getByRole('group', { name: 'Assign by hand' });
	for (const title of titles) {
		const entry = add.getByLabel('Entry').locator('option', { hasText: title }).first();
		await add.getByLabel('Entry').selectOption((await entry.getAttribute('value')) as string);
		const judge = add.getByLabel('Judge').locator('option', { hasText: 'Amara Okafor' });
		await add.getByLabel('Judge').selectOption((await judge.getAttribute('value')) as string);
		await add.getByRole('button', { name: 'Assign' }).click();
		await expect(
			page.getByText('Judge assigned.').or(add.getByText(/is already assigned to entry/))
		).toBeVisible();
	}
	await page.context().close();

	amara = await signedInRequest(demo.judge, undefined, BLIND_URL);
	assignments = await assignmentsInRound(amara, 'Final');
	expect(assignments, "Amara's assignments in Final").toHaveLength(2);
});

test.afterAll(async () => {
	for (const team of teams) {
		await team.lead.request.dispose();
		await team.member.request.dispose();
	}
	await amara?.dispose();
	await organizer?.dispose();
});

test('a judge of a blind round finds no marker on any page, data response, error or download', async () => {
	test.setTimeout(120_000);
	const extra: Fetched[] = [];
	const record = async (url: string, response: Awaited<ReturnType<typeof post>>) => {
		extra.push({
			url,
			status: response.status(),
			contentType: response.headers()['content-type'] ?? '',
			headers: JSON.stringify(response.headers()),
			body: await response.text()
		});
	};
	// Failed posts re-render the score page with the errors.
	for (const id of assignments) {
		const path = `/judge/score/${id}`;
		const html = await (await amara.get(path)).text();
		expect(html, 'the round is blind').toContain('This is a blind round.');
		const ids = criterionIds(html);
		const empty = await post(amara, `${path}?/save`, { intent: 'submit', feedback: 'x' });
		expect(empty.status()).toBe(400);
		await record(`POST ${path}?/save (nothing chosen)`, empty);
		const outOfScale = await post(amara, `${path}?/save`, {
			...Object.fromEntries(ids.map((criterion) => [`value.${criterion}`, '99'])),
			intent: 'submit'
		});
		expect(outOfScale.status()).toBe(400);
		await record(`POST ${path}?/save (out of scale)`, outOfScale);
		const conflict = await post(amara, `${path}?/conflict`, { reason: 'x' });
		expect(conflict.status()).toBe(400);
		await record(`POST ${path}?/conflict (unconfirmed)`, conflict);
		await submitScore(amara, id, () => 3, feedback);
	}

	const fetched = await crawl(amara, ['/judge']);
	const visited = fetched.map((item) => item.url);
	// Not vacuous: the dashboard, both score pages with their data, and a file were read.
	expect(visited).toContain('/judge');
	expect(visited).toContain('/judge/__data.json');
	for (const id of assignments) {
		expect(visited).toContain(`/judge/score/${id}`);
		expect(visited).toContain(`/judge/score/${id}/__data.json`);
		const cover = fetched.find((item) => item.url === `/judge/files/${id}/cover`);
		expect(cover?.status, `cover of ${id}`).toBe(200);
		expect(cover?.contentType).toMatch(/^image\//);
		expect(fetched.find((item) => item.url === `/judge/score/${id}`)?.body).toContain('[redacted]');
	}
	expect(
		fetched.filter((item) => item.status >= 500),
		'server errors'
	).toEqual([]);
	// The deck is withheld in blind rounds; asking for it anyway is a 404 that names nobody.
	for (const id of assignments) {
		const deck = await amara.get(`/judge/files/${id}/deck`);
		expect(deck.status()).toBe(404);
		await record(`/judge/files/${id}/deck`, deck);
	}
	expect(findLeaks([...fetched, ...extra], allMarkers)).toEqual([]);
	// Nor disguised: invisible characters, accents, full-width letters, entities, markup.
	expect(findFoldedLeaks([...fetched, ...extra], allMarkers)).toEqual([]);
});

test('a team finds no judge name or address anywhere after the feedback is released', async () => {
	test.setTimeout(90_000);
	const transition = await post(organizer, `/admin/judging/rounds/${finalId}?/transition`, {
		transition: 'close'
	});
	expect(transition.status()).toBe(303);
	const release = await post(organizer, `/admin/judging/rounds/${finalId}?/feedback`, {
		release: 'release'
	});
	expect(release.status()).toBe(303);
	const identities = await judgeIdentities(organizer);
	expect(identities).toContain('Amara Okafor');
	expect(identities).toContain(demo.judge);

	for (const team of teams)
		for (const member of [team.lead, team.member]) {
			const fetched = await crawl(member.request, ['/team', '/team/feedback', '/account'], {
				allow: (path) => /^\/(team|account)(\/|$)/.test(path)
			});
			const feedbackData = fetched.find((item) => item.url === '/team/feedback/__data.json');
			expect(feedbackData?.body, `feedback released to ${member.email}`).toContain(feedback);
			expect(fetched.map((item) => item.url)).toContain('/account/export');
			expect(
				fetched.filter((item) => item.status >= 500),
				'server errors'
			).toEqual([]);
			expect(findLeaks(fetched, identities), member.email).toEqual([]);
		}
});
