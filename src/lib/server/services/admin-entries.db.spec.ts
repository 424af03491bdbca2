import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '$lib/domain/csv';
import { QUESTION_ORDER, TEXT_QUESTIONS } from '$lib/domain/entry-fields';
import { challenges, entries, teamMembers } from '../db/schema';
import { ServiceError } from '../errors';
import { completeEntry, demoChallenge } from '../testing/challenge-fixtures';
import { countingDatabase, createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser, testActor } from '../testing/fixtures';
import { CSV_COLUMNS, exportEntriesCsv, getEntryForOrganizer, listEntries } from './admin-entries';
import { submitEntry, withdrawEntry } from './entries';
import { acceptInvite, createInviteLink, createTeam } from './teams';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
});

async function newTeam(name: string, options: { leadName?: string; title?: string } = {}) {
	const lead = await createUser(database.db, { name: options.leadName ?? `Lead of ${name}` });
	const team = await createTeam(database.db, testActor(lead.id), { challenge, name });
	if (options.title !== undefined)
		await database.db
			.update(entries)
			.set({ title: options.title })
			.where(eq(entries.teamId, team.id));
	const [entry] = await database.db.select().from(entries).where(eq(entries.teamId, team.id));
	return { lead, team, entry };
}

async function submittedTeam(name: string, trackIndex = 0) {
	const created = await newTeam(name);
	await completeEntry(database.db, created.team.id, challenge.tracks[trackIndex].id);
	await submitEntry(database.db, testActor(created.lead.id), { challenge });
	return created;
}

describe('the organizer list of entries', () => {
	it('searches team names and titles literally, without regard to case', async () => {
		await newTeam('Search Harbour', { title: 'Flood sensors' });
		await newTeam('Search Lantern', { title: 'Bus routes for 100% of villages' });
		await newTeam('Other Team Q', { title: 'Search-free title' });
		const byName = await listEntries(database.db, challenge.id, { search: 'search har' });
		expect(byName.entries.map((entry) => entry.teamName)).toEqual(['Search Harbour']);
		const byTitle = await listEntries(database.db, challenge.id, { search: 'FLOOD' });
		expect(byTitle.entries.map((entry) => entry.teamName)).toEqual(['Search Harbour']);
		const either = await listEntries(database.db, challenge.id, { search: 'search' });
		expect(either.entries.map((entry) => entry.teamName).sort()).toEqual([
			'Other Team Q',
			'Search Harbour',
			'Search Lantern'
		]);
		// LIKE wildcards match only themselves.
		const percent = await listEntries(database.db, challenge.id, { search: '100%' });
		expect(percent.entries.map((entry) => entry.teamName)).toEqual(['Search Lantern']);
		expect((await listEntries(database.db, challenge.id, { search: 'Search_' })).entries).toEqual(
			[]
		);
	});

	it('filters by status and track and reports versions and member counts', async () => {
		const submitted = await submittedTeam('Filter Submitted', 0);
		const withdrawn = await submittedTeam('Filter Withdrawn', 1);
		await withdrawEntry(database.db, testActor(withdrawn.lead.id), { challenge });
		await newTeam('Filter Draft');

		const list = (options: Parameters<typeof listEntries>[2]) =>
			listEntries(database.db, challenge.id, options).then((page) =>
				page.entries.map((entry) => entry.teamName).sort()
			);
		expect(await list({ search: 'Filter ', status: 'submitted' })).toEqual(['Filter Submitted']);
		expect(await list({ search: 'Filter ', status: 'withdrawn' })).toEqual(['Filter Withdrawn']);
		expect(await list({ search: 'Filter ', status: 'draft' })).toEqual(['Filter Draft']);
		expect(await list({ search: 'Filter ', trackId: challenge.tracks[1].id })).toEqual([
			'Filter Withdrawn'
		]);
		expect(
			await list({ search: 'Filter ', status: 'submitted', trackId: challenge.tracks[1].id })
		).toEqual([]);

		const [row] = (await listEntries(database.db, challenge.id, { search: 'Filter Submitted' }))
			.entries;
		expect(row).toMatchObject({
			entryId: submitted.entry.id,
			teamId: submitted.team.id,
			status: 'submitted',
			trackId: challenge.tracks[0].id,
			trackSlug: challenge.tracks[0].slug,
			memberCount: 1,
			latestVersion: 1
		});
		expect(row.submittedAt).toBeInstanceOf(Date);
		const [draft] = (await listEntries(database.db, challenge.id, { search: 'Filter Draft' }))
			.entries;
		expect(draft).toMatchObject({ latestVersion: null, submittedAt: null, trackSlug: null });
	});

	it('pages by keyset in team-name order, without overlap or gaps', async () => {
		for (const name of ['kset-d', 'KSET-b', 'kset-e', 'kset-a', 'Kset-c']) await newTeam(name);
		const seen: string[] = [];
		let after: string | undefined;
		let pages = 0;
		do {
			const page = await listEntries(database.db, challenge.id, {
				search: 'kset-',
				after,
				pageSize: 2
			});
			seen.push(...page.entries.map((entry) => entry.teamName));
			after = page.nextAfter;
			pages++;
		} while (after && pages < 10);
		expect(pages).toBe(3);
		expect(seen).toEqual(['kset-a', 'KSET-b', 'Kset-c', 'kset-d', 'kset-e']);
	});

	it('refuses a page cursor it did not write', async () => {
		for (const after of [
			'not a cursor',
			Buffer.from('["x"]').toString('base64url'),
			Buffer.from('["x","not-a-uuid"]').toString('base64url'),
			Buffer.from('{}').toString('base64url'),
			'%%%'
		]) {
			const refusal = await listEntries(database.db, challenge.id, { search: '', after }).catch(
				(error: unknown) => error
			);
			expect(refusal, after).toBeInstanceOf(ServiceError);
			expect((refusal as ServiceError).status).toBe(400);
			expect((refusal as ServiceError).field).toBe('after');
		}
	});

	it('lists a page with the same number of queries whatever its size', async () => {
		const small = countingDatabase(database.db);
		await listEntries(small.db, challenge.id, { search: '', pageSize: 1 });
		const large = countingDatabase(database.db);
		const page = await listEntries(large.db, challenge.id, { search: '', pageSize: 100 });
		expect(page.entries.length).toBeGreaterThan(5);
		expect(large.started()).toBe(small.started());
		expect(large.started()).toBeLessThanOrEqual(2);

		const exportSmall = countingDatabase(database.db);
		await exportEntriesCsv(exportSmall.db, challenge.id);
		await newTeam('Query Count Extra');
		const exportLarge = countingDatabase(database.db);
		await exportEntriesCsv(exportLarge.db, challenge.id);
		expect(exportLarge.started()).toBe(exportSmall.started());
	});
});

describe('an entry as the organizer sees it', () => {
	it('has its team, members (minors flagged), versions and files', async () => {
		const created = await submittedTeam('Detail Team');
		const link = await createInviteLink(database.db, testActor(created.lead.id), {
			challenge,
			uses: 'multiple',
			days: 7
		});
		// 16 on the deadline: under 18.
		const deadlineYear = challenge.submissionDeadlineAt.getUTCFullYear();
		const minor = await createUser(database.db, {
			name: 'Young Member',
			dateOfBirth: `${deadlineYear - 16}-01-01`
		});
		// Joining a submitted team takes a guardian's consent first (teams.db.spec): the refusal,
		// then the membership as it stands in data from before that rule, to show it flagged.
		const refused = await acceptInvite(database.db, testActor(minor.id), {
			challenge,
			token: new URL(link.url).searchParams.get('token') as string
		}).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(ServiceError);
		await database.db.insert(teamMembers).values({
			teamId: created.team.id,
			challengeId: challenge.id,
			userId: minor.id,
			role: 'member'
		});
		const detail = await getEntryForOrganizer(database.db, challenge.id, created.entry.id);
		expect(detail.team).toMatchObject({ id: created.team.id, name: 'Detail Team' });
		expect(detail.track?.id).toBe(challenge.tracks[0].id);
		expect(detail.members).toEqual([
			expect.objectContaining({
				userId: created.lead.id,
				role: 'lead',
				email: created.lead.email,
				minor: false,
				consented: null
			}),
			expect.objectContaining({ userId: minor.id, role: 'member', minor: true, consented: false })
		]);
		expect(detail.versions).toEqual([
			expect.objectContaining({ number: 1, submitterName: created.lead.name })
		]);
		expect(detail.cover?.kind).toBe('cover');
		expect(detail.deck?.kind).toBe('deck');
		expect(detail.entry.problem).toBe('Answer for problem');
	});

	it('is 404 for an unknown id and for an entry of another challenge', async () => {
		const unknown = await getEntryForOrganizer(
			database.db,
			challenge.id,
			'00000000-0000-4000-8000-000000000000'
		).catch((error: unknown) => error);
		expect(unknown).toBeInstanceOf(ServiceError);
		expect((unknown as ServiceError).status).toBe(404);

		const { id: _id, slug: _slug, tracks: _tracks, ...settings } = challenge;
		const [other] = await database.db
			.insert(challenges)
			.values({ ...settings, slug: 'another-challenge', isActive: false })
			.returning();
		const lead = await createUser(database.db);
		const team = await createTeam(database.db, testActor(lead.id), {
			challenge: other,
			name: 'Elsewhere Team'
		});
		const [entry] = await database.db.select().from(entries).where(eq(entries.teamId, team.id));
		const elsewhere = await getEntryForOrganizer(database.db, challenge.id, entry.id).catch(
			(error: unknown) => error
		);
		expect((elsewhere as ServiceError).status).toBe(404);
		expect((await listEntries(database.db, challenge.id, { search: 'Elsewhere' })).entries).toEqual(
			[]
		);
		expect((await getEntryForOrganizer(database.db, other.id, entry.id)).team.name).toBe(
			'Elsewhere Team'
		);
	});
});

describe('the CSV export', () => {
	it('has one row per team with every text question as a column', async () => {
		const submitted = await submittedTeam('Csv Columns Team');
		await database.db
			.update(entries)
			.set({ solution: 'Two lines:\n- sensors\n- alerts, in "quotes"' })
			.where(eq(entries.id, submitted.entry.id));
		const csv = await exportEntriesCsv(database.db, challenge.id);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		// Every text cell is quoted; a line starting a formula (here "-") is neutralized too.
		expect(csv).toContain(`"Two lines:\n'- sensors\n'- alerts, in ""quotes"""`);
		expect(csv.slice(1, csv.indexOf('\r\n'))).toBe(
			CSV_COLUMNS.map((name) => `"${name}"`).join(',')
		);
		const [header, ...rows] = parseCsv(csv.slice(1));
		const textKeys = QUESTION_ORDER.filter((key) => key in TEXT_QUESTIONS);
		expect(header).toEqual([...CSV_COLUMNS]);
		expect(header.slice(8, 8 + textKeys.length)).toEqual(textKeys);
		expect(header).toEqual(
			expect.arrayContaining(['team', 'status', 'latestVersion', 'submittedAt', 'memberNames'])
		);
		const teamCount = (await listEntries(database.db, challenge.id, { search: '', pageSize: 500 }))
			.entries.length;
		expect(rows).toHaveLength(teamCount);
		const row = rows.find((cells) => cells[0] === 'Csv Columns Team') as string[];
		const cell = (column: string) => row[header.indexOf(column)];
		expect(cell('status')).toBe('submitted');
		expect(cell('latestVersion')).toBe('1');
		expect(cell('submittedAt')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		expect(cell('track')).toBe(challenge.tracks[0].slug);
		expect(cell('countries')).toBe('KR;VN');
		expect(cell('sdgs')).toBe('11;13');
		expect(cell('stage')).toBe('pilot');
		expect(cell('problem')).toBe('Answer for problem');
		expect(cell('solution')).toBe(`Two lines:\n'- sensors\n'- alerts, in "quotes"`);
		expect(cell('partner')).toBe('');
		expect(cell('memberCount')).toBe('1');
		expect(cell('memberNames')).toBe(submitted.lead.name);
		expect(cell('memberEmails')).toBe(submitted.lead.email);
		expect(new Date(cell('createdAt')).toISOString()).toBe(cell('createdAt'));
		expect(cell('updatedAt')).toMatch(/Z$/);
	});

	it('keeps Korean text intact', async () => {
		await newTeam('한빛 스마트시티 팀', {
			leadName: '김하늘',
			title: '재난 대응을 위한 디지털 트윈'
		});
		const csv = await exportEntriesCsv(database.db, challenge.id);
		const bytes = Buffer.from(csv, 'utf8');
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1));
		const row = rows.find((cells) => cells[0] === '한빛 스마트시티 팀') as string[];
		expect(row[header.indexOf('title')]).toBe('재난 대응을 위한 디지털 트윈');
		expect(row[header.indexOf('memberNames')]).toBe('김하늘');
	});

	it('neutralizes cells a spreadsheet would run as formulas', async () => {
		const dangerous = await newTeam('=HYPERLINK("http://evil.example","x")', {
			leadName: '@SUM(1+1)',
			title: '+1+cmd|calc'
		});
		await database.db
			.update(entries)
			.set({ tagline: '-2+3', partner: '\tpartner', problem: '\r\nproblem' })
			.where(eq(entries.id, dangerous.entry.id));
		const csv = await exportEntriesCsv(database.db, challenge.id);
		const [header, ...rows] = parseCsv(csv.slice(1));
		const row = rows.find((cells) => cells[0].includes('HYPERLINK')) as string[];
		const cell = (column: string) => row[header.indexOf(column)];
		expect(cell('team')).toBe('\'=HYPERLINK("http://evil.example","x")');
		expect(cell('title')).toBe("'+1+cmd|calc");
		expect(cell('tagline')).toBe("'-2+3");
		expect(cell('partner')).toBe("'\tpartner");
		expect(cell('problem')).toBe("'\r\nproblem");
		expect(cell('memberNames')).toBe("'@SUM(1+1)");
		// No cell of the whole file starts a formula.
		for (const cells of rows)
			for (const value of cells) expect(value, value).not.toMatch(/^[=+\-@\t\r]/);
	});

	it('neutralizes formulas after separators, in joined lists too, and quotes every text cell', async () => {
		const dangerous = await newTeam('x;=1+1;@A1', { leadName: 'Kim|=2+2', title: 'a,=b' });
		const link = await createInviteLink(database.db, testActor(dangerous.lead.id), {
			challenge,
			uses: 'single',
			days: 7
		});
		const member = await createUser(database.db, { name: "=cmd|' /C calc'!A0" });
		const token = new URL(link.url).searchParams.get('token') as string;
		await acceptInvite(database.db, testActor(member.id), { challenge, token });
		await database.db
			.update(entries)
			.set({ tagline: 'tab\t=1', problem: 'two lines\n+1+1' })
			.where(eq(entries.id, dangerous.entry.id));
		const csv = await exportEntriesCsv(database.db, challenge.id);
		expect(csv).toContain(`\r\n"x;'=1+1;'@A1","draft",,,`);
		const [header, ...rows] = parseCsv(csv.slice(1));
		const row = rows.find((cells) => cells[0].startsWith('x;')) as string[];
		const cell = (column: string) => row[header.indexOf(column)];
		expect(cell('title')).toBe("a,'=b");
		expect(cell('tagline')).toBe("tab\t'=1");
		expect(cell('problem')).toBe("two lines\n'+1+1");
		expect(cell('memberNames')).toBe("Kim|'=2+2;'=cmd|' /C calc'!A0");
		expect(cell('memberCount')).toBe('2');
		// However a spreadsheet splits a cell, no piece starts a formula.
		for (const cells of rows)
			for (const value of cells)
				for (const piece of value.split(/[,;|\t\r\n]/))
					expect(piece.replace(/^[ \u00A0\u3000"]+/, ''), value).not.toMatch(
						/^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/
					);
	});
});
