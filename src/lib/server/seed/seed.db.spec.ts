import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileStore } from '../files/local-store';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { dumpAllTables } from '../testing/fixtures';
import { getCurrentChallenge } from '../services/challenges';
import { getLeaderboard } from '../services/leaderboard';
import { getPublicationOverview, previewGalleryRemovals } from '../services/publication';
import { listRounds, transitionRound } from '../services/rounds';
import { seedDemoData } from './seed';

let database: TestDatabase;

beforeAll(async () => {
	database = await createTestDatabase();
});

describe('seedDemoData', () => {
	it('loads the demo challenge, tracks and one account per role', async () => {
		const lines: string[] = [];
		await seedDemoData(database.db, (line) => lines.push(line));
		const challenges = await database.query<{ slug: string }>(`select slug from challenges`);
		expect(challenges).toEqual([{ slug: 'youth-ai-governance' }]);
		const tracks = await database.query(`select slug from tracks`);
		expect(tracks.length).toBeGreaterThanOrEqual(5);
		const roles = await database.query<{ role: string }>(
			`select distinct role::text as role from user_roles order by role`
		);
		expect(roles.map((row) => row.role)).toEqual(['judge', 'organizer']);
		expect(lines.join('\n')).toMatch(/organizer@example\.org/);
	});

	it('is idempotent: a second run changes nothing', async () => {
		const before = await dumpAllTables(database.query);
		await seedDemoData(database.db);
		const after = await dumpAllTables(database.query);
		expect(after).toBe(before);
	});
});

describe('seedDemoData with the demo gallery', () => {
	let galleryDatabase: TestDatabase;
	let root: string;
	beforeAll(async () => {
		galleryDatabase = await createTestDatabase();
		root = await mkdtemp(path.join(tmpdir(), 'portal-seed-'));
	});
	afterAll(() => rm(root, { recursive: true, force: true }));

	it('publishes six adult teams with covers, and a second run changes nothing', async () => {
		const options = { gallery: { files: new LocalFileStore(path.join(root, 'files')) } };
		await seedDemoData(galleryDatabase.db, () => {}, options);
		const gallery = await galleryDatabase.query<{ slug: string; cover: boolean }>(
			`select slug, cover_file_id is not null as cover from gallery_entries order by position`
		);
		expect(gallery).toHaveLength(6);
		expect(gallery.every((row) => row.cover)).toBe(true);
		const minors = await galleryDatabase.query(
			`select u.id from users u join team_members tm on tm.user_id = u.id
			 where u.date_of_birth > now() - interval '18 years'`
		);
		expect(minors).toEqual([]);
		const before = await dumpAllTables(galleryDatabase.query);
		await seedDemoData(galleryDatabase.db, () => {}, options);
		expect(await dumpAllTables(galleryDatabase.query)).toBe(before);
	});

	it('holds the published entries in a decided showcase round that judged and shortlisted them', async () => {
		const db = galleryDatabase.db;
		const challenge = (await getCurrentChallenge(db))!;
		// The results agree with the publication: nothing changed, nothing would leave the gallery.
		const overview = await getPublicationOverview(db, challenge.id);
		expect(overview.latest?.version).toBe(1);
		expect(overview.changes).toEqual([]);
		expect(overview.counts).toEqual({ advance: 0, shortlist: 6, not_selected: 0 });
		expect(await previewGalleryRemovals(db, challenge.id)).toEqual([]);

		const rounds = await listRounds(db, challenge.id);
		expect(rounds.map((round) => [round.position, round.name, round.state, round.entries])).toEqual(
			[
				[1, 'Screening', 'draft', 0],
				[2, 'Final', 'draft', 0],
				[3, 'Demo track panels', 'closed', 6],
				[4, 'Demo showcase', 'decided', 6]
			]
		);
		const showcase = rounds[3]!;
		expect(showcase.closesAt.getTime()).toBeLessThan(Date.now());
		const board = await getLeaderboard(db, challenge.id, showcase.id);
		expect(board?.rows).toHaveLength(6);
		// A panel that agrees, as a demo of the agreement figure should.
		expect(board!.agreement.alpha).toBeGreaterThan(0.8);
		for (const row of board!.rows) {
			expect(row.reviews).toBe(2);
			expect(row.flags).toEqual([]);
			expect(row.decision).toBe('shortlist');
		}
		const published = await galleryDatabase.query<{ round: string; reviews: number }>(
			`select r.name as round, pr.reviews from published_results pr join rounds r on r.id = pr.round_id`
		);
		expect(published).toHaveLength(6);
		expect(published.every((row) => row.round === 'Demo showcase' && row.reviews === 2)).toBe(true);

		// The panels round: two groups of judges that share no entry, each over three tracks,
		// every entry reviewed twice; closed before the showcase, undecided.
		const panels = rounds[2]!;
		expect(panels.closedAt!.getTime()).toBeLessThan(showcase.closedAt!.getTime());
		const split = (await getLeaderboard(db, challenge.id, panels.id))!;
		expect(split.connectivity.connected).toBe(false);
		expect(
			split.connectivity.groups.map((group) => [group.judges.length, group.tracks.length])
		).toEqual([
			[2, 3],
			[2, 3]
		]);
		expect(split.connectivity.links.filter((link) => link.judges === 0)).toHaveLength(9);
		for (const row of split.rows) {
			expect(row).toMatchObject({ reviews: 2, decision: null });
			expect(row.interval).not.toBeNull();
		}
		// The guests' panel is the lenient one: its entries lead by raw mean.
		const guests = split.connectivity.groups.findIndex((group) =>
			group.judges.includes('Hana Yoon')
		);
		expect(split.rows[0]!.group).toBe(guests);

		// Round 1 takes in entries not judged yet, never the showcase's.
		const [organizer] = await galleryDatabase.query<{ id: string }>(
			`select id from users where email = 'organizer@example.org'`
		);
		await transitionRound(
			db,
			{ actorId: organizer!.id },
			{ challengeId: challenge.id, roundId: rounds[0]!.id, transition: 'open' }
		);
		expect((await listRounds(db, challenge.id))[0]).toMatchObject({ state: 'open', entries: 0 });
	});
});
