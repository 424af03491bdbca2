import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fold } from '$lib/domain/identity-redaction';
import { freezeClock } from '../../clock';
import {
	assignments,
	auditLog,
	challenges,
	emailOutbox,
	entries,
	entryVersions,
	files,
	galleryEntries,
	galleryFacets,
	peoplesChoiceVotes,
	publishedResults,
	resultPublications,
	roundEntries,
	rounds,
	scores,
	teamMembers,
	teams,
	tracks
} from '../../db/schema';
import { ServiceError } from '../../errors';
import { demoChallenge } from '../../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import type { FileStore } from '../../files/store';
import { createUser, TEST_PASSWORD } from '../../testing/fixtures';
import { leaderboardFixtures, type FixtureCriterion } from '../../testing/leaderboard-fixtures';
import { setDecision, setDecisions, setRoundScoreBasis } from '../decisions';
import { deleteAccount } from '../accounts';
import { getGalleryEntry, listGallery } from '../gallery';
import {
	getPublicationOverview,
	previewGalleryRemovals,
	previewMinorRedactions,
	publishedResultForEntry,
	publishResults
} from '.';

let database: TestDatabase;
let organizer: { actorId: string; ipAddress: string };
/** Each test publishes in a challenge of its own (a publication covers a whole challenge). */
let challengeId = '';
let trackIds: string[] = [];
const fixtures = leaderboardFixtures(() => ({ db: database.db, challengeId }));
const NOW = new Date('2026-09-20T03:00:00Z');
const context = { baseUrl: 'https://portal.test' };
const store: FileStore = { put: async () => {}, get: async () => null, delete: async () => {} };

beforeAll(async () => {
	database = await createTestDatabase();
	await demoChallenge(database.db);
	const person = await createUser(database.db, { roles: ['organizer'], name: 'Mina Park' });
	organizer = { actorId: person.id, ipAddress: '198.51.100.4' };
});
afterEach(() => freezeClock(undefined));

async function refusal(promise: Promise<unknown>) {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ServiceError);
	return error as ServiceError;
}

/** A new challenge (a copy of the demo one) with two tracks, a rubric and a closed round. */
async function newChallenge() {
	const demo = await demoChallenge(database.db);
	const { id: _id, tracks: _tracks, createdAt: _created, updatedAt: _updated, ...settings } = demo;
	const [challenge] = await database.db
		.insert(challenges)
		.values({
			...settings,
			slug: `results-${randomBytes(4).toString('hex')}`,
			isActive: false,
			// The deadline has passed on NOW (the day of publication in these tests).
			submissionsOpenAt: new Date('2026-06-01T00:00:00Z'),
			submissionDeadlineAt: new Date('2026-09-01T14:59:00Z'),
			judgingStartsAt: new Date('2026-09-02T00:00:00Z'),
			resultsAt: new Date('2026-09-30T00:00:00Z')
		})
		.returning({ id: challenges.id });
	challengeId = challenge!.id;
	// Track order is by position: "transport" (0) comes before "disaster" (1).
	const made = await database.db
		.insert(tracks)
		.values([
			{
				challengeId,
				slug: 'transport',
				position: 0,
				name: { en: 'Transport', ko: '교통' },
				description: { en: 'Buses' }
			},
			{
				challengeId,
				slug: 'disaster',
				position: 1,
				name: { en: 'Disaster response', ko: '재난 대응' },
				description: { en: 'Floods' }
			}
		])
		.returning({ id: tracks.id, slug: tracks.slug });
	trackIds = [
		made.find((row) => row.slug === 'transport')!.id,
		made.find((row) => row.slug === 'disaster')!.id
	];
	const { rubricId, criteria } = await fixtures.rubric([{ weight: 1, scaleMin: 0, scaleMax: 100 }]);
	const roundId = await fixtures.round(rubricId, { judgesPerEntry: 2, state: 'closed' });
	const judges = await fixtures.judges(['Judge One', 'Judge Two']);
	return { challengeId, roundId, rubricId, criteria, judges };
}

type Setup = Awaited<ReturnType<typeof newChallenge>>;
let labels = 0;

/**
 * A team whose entry was submitted (version 1 holds the submitted answers) and then edited as a
 * draft (the entry row holds the edit, which must never be published), in the round with
 * both judges' totals.
 */
async function submittedEntry(
	setup: Setup,
	options: {
		title: string;
		track: number;
		/** Both judges' total; `scores` instead gives each judge's (null: that judge none). */
		score?: number;
		scores?: (number | null)[];
		members?: { name: string; dateOfBirth: string }[];
		cover?: { width: number; height: number; variants: number[] } | null;
		/** Answers that replace the defaults (in the submitted version and the draft). */
		texts?: Record<string, string>;
		sdgs?: number[];
		countries?: string[];
	}
) {
	const suffix = randomBytes(3).toString('hex');
	const [team] = await database.db
		.insert(teams)
		.values({ challengeId: setup.challengeId, name: `Team ${options.title} ${suffix}` })
		.returning();
	const people = options.members ?? [{ name: `Lead ${suffix}`, dateOfBirth: '1999-02-03' }];
	const users = [];
	for (const [index, member] of people.entries()) {
		const user = await createUser(database.db, member);
		users.push(user);
		await database.db.insert(teamMembers).values({
			teamId: team!.id,
			challengeId: setup.challengeId,
			userId: user.id,
			role: index === 0 ? 'lead' : 'member'
		});
	}
	let coverId: string | null = null;
	if (options.cover !== null) {
		const cover = options.cover ?? { width: 1600, height: 900, variants: [1200, 400, 800] };
		const [file] = await database.db
			.insert(files)
			.values({
				teamId: team!.id,
				kind: 'cover',
				storageKey: `teams/${team!.id}/${suffix}.webp`,
				contentType: 'image/webp',
				byteSize: 1000,
				storedBytes: 4000,
				width: cover.width,
				height: cover.height,
				variants: cover.variants.map((width) => ({
					width,
					key: `k-${width}-${suffix}`,
					bytes: 10
				})),
				sha256: randomBytes(32).toString('hex')
			})
			.returning({ id: files.id });
		coverId = file!.id;
	}
	const submitted = {
		title: options.title,
		tagline: `Tagline of ${options.title}`,
		trackId: trackIds[options.track]!,
		countries: options.countries ?? ['KR', 'VN'],
		sdgs: options.sdgs ?? [11, 16],
		problem: `Problem of ${options.title}`,
		solution: `Solution of ${options.title}`,
		aiApproach: 'Gradient boosting on open data',
		privacy: 'No personal data leaves the city',
		fairness: 'Audited for district bias',
		oversight: 'Officers review every alert',
		accessibility: 'Works by SMS',
		impact: 'Fewer missed buses',
		videoUrl: 'https://video.example.org/x',
		prototypeUrl: 'https://demo.example.org/x',
		repositoryUrl: 'https://code.example.org/x',
		coverFileId: coverId,
		...options.texts
	};
	const [entry] = await database.db
		.insert(entries)
		.values({
			teamId: team!.id,
			challengeId: setup.challengeId,
			status: 'submitted',
			...submitted,
			// A draft edit after submission: private until submitted again.
			title: `${options.title} (unsent draft)`,
			problem: 'UNSENT DRAFT TEXT',
			revision: 2
		})
		.returning({ id: entries.id });
	await database.db.insert(entryVersions).values({
		entryId: entry!.id,
		number: 1,
		revision: 1,
		content: { ...submitted, stage: 'pilot', risks: '' }
	});
	const label = ++labels;
	await database.db
		.insert(roundEntries)
		.values({ roundId: setup.roundId, entryId: entry!.id, label });
	for (const [index, judgeId] of setup.judges.entries()) {
		const score = options.scores ? options.scores[index] : options.score;
		if (score === null || score === undefined) continue;
		await fixtures.review(
			setup.roundId,
			setup.rubricId,
			setup.criteria as FixtureCriterion[],
			entry!.id,
			judgeId,
			[score]
		);
	}
	return { entryId: entry!.id, teamId: team!.id, teamName: team!.name, label, users };
}

const publish = (reason = '', removals: string[] = []) =>
	publishResults(database.db, { ...organizer, ...context }, { challengeId, reason, removals });

const gallery = () =>
	database.db
		.select()
		.from(galleryEntries)
		.where(eq(galleryEntries.challengeId, challengeId))
		.orderBy(asc(galleryEntries.position));

const resultsOf = async (version: number) => {
	const [publication] = await database.db
		.select({ id: resultPublications.id })
		.from(resultPublications)
		.where(eq(resultPublications.challengeId, challengeId))
		.orderBy(asc(resultPublications.version))
		.offset(version - 1)
		.limit(1);
	return database.db
		.select()
		.from(publishedResults)
		.where(eq(publishedResults.publicationId, publication!.id));
};

const mailTo = (addresses: string[]) =>
	database.db
		.select()
		.from(emailOutbox)
		.where(inArray(emailOutbox.toAddress, addresses))
		.orderBy(asc(emailOutbox.createdAt));

describe('publishing results', () => {
	it('freezes every decision and copies the shortlisted entries, as submitted, to the gallery', async () => {
		freezeClock(NOW);
		const setup = await newChallenge();
		const bus = await submittedEntry(setup, {
			title: 'Smart Bus Alerts',
			track: 0,
			score: 80,
			members: [
				{ name: 'Adult Lead', dateOfBirth: '2000-01-01' },
				// 17 on the day of publication: never named.
				{ name: 'Minor Member', dateOfBirth: '2009-01-01' },
				// 18 the day before publication but 17 on the deadline: a minor, never named.
				{ name: 'Just Eighteen', dateOfBirth: '2008-09-19' },
				// 18 a fortnight before the deadline: named.
				{ name: 'August Adult', dateOfBirth: '2008-08-15' }
			]
		});
		const flood = await submittedEntry(setup, { title: 'Flood Watch', track: 1, score: 90 });
		const korean = await submittedEntry(setup, {
			title: '재난 알림 도우미',
			track: 1,
			score: 70,
			cover: null
		});
		const bus2 = await submittedEntry(setup, { title: 'Smart Bus Alerts', track: 0, score: 60 });
		const rejected = await submittedEntry(setup, { title: 'Parking AI', track: 0, score: 40 });
		await setDecisions(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryIds: [bus.entryId, flood.entryId, korean.entryId, bus2.entryId],
			decision: 'shortlist'
		});
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryId: rejected.entryId,
			decision: 'not_selected'
		});
		await database.db
			.update(rounds)
			.set({ feedbackReleasedAt: NOW })
			.where(eq(rounds.id, setup.roundId));

		expect(await publishedResultForEntry(database.db, challengeId, bus.entryId)).toBeNull();
		const result = await publish();
		expect(result).toMatchObject({
			version: 1,
			results: 5,
			gallery: { added: 4, updated: 0, removed: 0, unchanged: 0 },
			notifiedTeams: 5
		});

		const [publication] = await database.db
			.select()
			.from(resultPublications)
			.where(eq(resultPublications.challengeId, challengeId));
		expect(publication).toMatchObject({
			version: 1,
			scoreBasis: 'adjusted',
			publishedBy: organizer.actorId,
			reason: ''
		});
		expect(publication!.publishedAt.toISOString()).toBe(NOW.toISOString());
		expect(publication!.notifiedAt?.toISOString()).toBe(NOW.toISOString());

		// Every decided entry, with its rank in its track and both scores.
		const results = new Map((await resultsOf(1)).map((row) => [row.entryId, row]));
		expect(results.size).toBe(5);
		expect(results.get(flood.entryId)).toMatchObject({
			decision: 'shortlist',
			rank: 1,
			rawMeanHundredths: 9000,
			reviews: 2,
			roundId: setup.roundId
		});
		expect(results.get(bus.entryId)).toMatchObject({ rank: 1, rawMeanHundredths: 8000 });
		expect(results.get(bus2.entryId)).toMatchObject({ rank: 2, rawMeanHundredths: 6000 });
		expect(results.get(rejected.entryId)).toMatchObject({ decision: 'not_selected', rank: 3 });
		// Judges who agree: the adjusted score is the raw mean. The earlier z-score is not written.
		expect(results.get(flood.entryId)).toMatchObject({
			scoreBasis: 'adjusted',
			adjustedHundredths: 9000,
			normalizedHundredths: null
		});

		// The gallery: tracks in order (transport, then disaster), then rank.
		const rows = await gallery();
		expect(rows.map((row) => [row.position, row.slug, row.trackSlug])).toEqual([
			[1, 'smart-bus-alerts', 'transport'],
			[2, 'smart-bus-alerts-2', 'transport'],
			[3, 'flood-watch', 'disaster'],
			[4, `entry-${korean.label}`, 'disaster']
		]);
		const first = rows[0]!;
		expect(first).toMatchObject({
			entryId: bus.entryId,
			publicationId: result.publicationId,
			title: 'Smart Bus Alerts',
			tagline: 'Tagline of Smart Bus Alerts',
			trackId: trackIds[0],
			trackName: { en: 'Transport', ko: '교통' },
			sdgs: [11, 16],
			countries: ['KR', 'VN'],
			problem: 'Problem of Smart Bus Alerts',
			solution: 'Solution of Smart Bus Alerts',
			aiApproach: 'Gradient boosting on open data',
			responsibleAi: {
				privacy: 'No personal data leaves the city',
				fairness: 'Audited for district bias',
				oversight: 'Officers review every alert',
				accessibility: 'Works by SMS'
			},
			impact: 'Fewer missed buses',
			videoUrl: 'https://video.example.org/x',
			prototypeUrl: 'https://demo.example.org/x',
			repositoryUrl: 'https://code.example.org/x',
			teamName: bus.teamName,
			memberNames: ['Adult Lead', 'August Adult'],
			coverWidth: 1600,
			coverHeight: 900,
			coverWidths: [400, 800, 1200]
		});
		expect(first.coverFileId).not.toBeNull();
		expect(first.publishedAt.toISOString()).toBe(NOW.toISOString());
		expect(rows[3]).toMatchObject({
			coverFileId: null,
			coverWidths: [],
			title: '재난 알림 도우미'
		});

		// The draft edit made after submission and the minor's name are nowhere public.
		const everything = JSON.stringify(rows);
		expect(everything).not.toContain('UNSENT DRAFT');
		expect(everything).not.toContain('unsent draft');
		expect(everything).not.toContain('Minor Member');
		expect(everything).not.toContain('Just Eighteen');
		const [{ slug }] = await database.db
			.select({ slug: challenges.slug })
			.from(challenges)
			.where(eq(challenges.id, challengeId));
		const anon = await database.queryAsRole<{ team_name: string; member_names: string[] }>(
			'anon',
			`select team_name, member_names from showcase where challenge_slug = '${slug}'`
		);
		expect(anon).toHaveLength(4);
		expect(JSON.stringify(anon)).not.toContain('Minor Member');

		// Emails: every member of every decided team, with the feedback link (released).
		const mail = await mailTo(bus.users.map((user) => user.email));
		expect(mail).toHaveLength(4);
		expect(mail[0]!.template).toBe('results_published');
		expect(mail[0]!.textBody).toContain('“Smart Bus Alerts” is shortlisted');
		expect(mail[0]!.textBody).toContain('https://portal.test/team/feedback');
		const [rejectedMail] = await mailTo(rejected.users.map((user) => user.email));
		expect(rejectedMail!.textBody).toContain('was not selected');

		// The team page reads the published decision.
		expect(await publishedResultForEntry(database.db, challengeId, bus.entryId)).toMatchObject({
			decision: 'shortlist',
			feedbackReleased: true
		});

		const [record] = await database.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.entityId, result.publicationId));
		expect(record).toMatchObject({
			action: 'results.publish',
			actorId: organizer.actorId,
			entityType: 'result_publication'
		});
		expect(record!.data).toMatchObject({
			version: 1,
			results: 5,
			shortlisted: 4,
			notifiedTeams: 5
		});
	});

	it('keeps the publication frozen until an explicit re-publication, which needs a reason', async () => {
		freezeClock(NOW);
		const setup = await newChallenge();
		const a = await submittedEntry(setup, { title: 'Alpha Route', track: 0, score: 90 });
		const b = await submittedEntry(setup, { title: 'Beta Shelter', track: 1, score: 80 });
		const c = await submittedEntry(setup, { title: 'Gamma Clinic', track: 1, score: 70 });
		// Decided only after the first publication: its first result mail is not an "update".
		const d = await submittedEntry(setup, { title: 'Delta Library', track: 0, score: 60 });
		await setDecisions(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryIds: [a.entryId, b.entryId],
			decision: 'shortlist'
		});
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryId: c.entryId,
			decision: 'not_selected'
		});
		await publish();
		const before = await resultsOf(1);
		const galleryBefore = await gallery();
		expect((await getPublicationOverview(database.db, challengeId)).changes).toEqual([]);

		// A score changes and a decision is overridden: nothing public moves.
		const [firstReview] = await database.db
			.select({ id: assignments.id })
			.from(assignments)
			.where(eq(assignments.entryId, a.entryId))
			.orderBy(asc(assignments.id))
			.limit(1);
		await database.db
			.update(scores)
			.set({ totalHundredths: 1000 })
			.where(eq(scores.assignmentId, firstReview!.id));
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryId: b.entryId,
			decision: 'not_selected',
			note: 'Licence issue'
		});
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryId: c.entryId,
			decision: 'shortlist',
			note: 'Reconsidered'
		});
		expect(await resultsOf(1)).toEqual(before);
		expect(await gallery()).toEqual(galleryBefore);
		expect(await publishedResultForEntry(database.db, challengeId, b.entryId)).toMatchObject({
			decision: 'shortlist'
		});
		const overview = await getPublicationOverview(database.db, challengeId);
		expect(
			overview.changes.map((change) => [change.label, change.published, change.current])
		).toEqual([
			[b.label, 'shortlist', 'not_selected'],
			[c.label, 'not_selected', 'shortlist']
		]);

		// Re-publication needs a reason; then it is version 2 with the new state.
		const noReason = await refusal(publish('   '));
		expect([noReason.status, noReason.field]).toEqual([400, 'reason']);
		const tooLong = await refusal(publish('r'.repeat(2001)));
		expect([tooLong.status, tooLong.field]).toEqual([400, 'reason']);
		expect(
			await database.db
				.select()
				.from(resultPublications)
				.where(eq(resultPublications.challengeId, challengeId))
		).toHaveLength(1);

		await setDecision(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryId: d.entryId,
			decision: 'shortlist'
		});
		// B leaves the gallery: named before publishing, and refused until it is confirmed (a
		// confirmation of another list does not count).
		expect(await previewGalleryRemovals(database.db, challengeId)).toMatchObject([
			{ entryId: b.entryId, title: 'Beta Shelter' }
		]);
		for (const removals of [[], [c.entryId]]) {
			const unconfirmed = await refusal(publish('Licence of team B withdrawn', removals));
			expect([unconfirmed.status, unconfirmed.field]).toEqual([400, 'confirmRemoval']);
			expect(unconfirmed.message).toContain('Beta Shelter');
		}
		// The round now decides by the raw mean: the new version is ranked by it.
		await setRoundScoreBasis(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			basis: 'raw'
		});
		const republished = await publish('Licence of team B withdrawn', [b.entryId]);
		expect(republished).toMatchObject({
			version: 2,
			gallery: { added: 2, removed: 1 },
			notifiedTeams: 3
		});
		const after = new Map((await resultsOf(2)).map((row) => [row.entryId, row]));
		expect(after.get(a.entryId)).toMatchObject({ rawMeanHundredths: (1000 + 9000) / 2 });
		expect(after.get(b.entryId)?.decision).toBe('not_selected');
		expect(after.get(c.entryId)?.decision).toBe('shortlist');
		expect((await gallery()).map((row) => row.entryId).sort()).toEqual(
			[a.entryId, c.entryId, d.entryId].sort()
		);
		expect(await resultsOf(1)).toEqual(before);
		expect((await getPublicationOverview(database.db, challengeId)).changes).toEqual([]);
		const [latest] = await database.db
			.select()
			.from(resultPublications)
			.where(eq(resultPublications.challengeId, challengeId))
			.orderBy(asc(resultPublications.version))
			.offset(1);
		expect(latest).toMatchObject({ reason: 'Licence of team B withdrawn', scoreBasis: 'raw' });

		// Only the teams whose decision changed were emailed again, with the "updated" wording.
		expect(await mailTo(a.users.map((user) => user.email))).toHaveLength(1);
		const bMail = await mailTo(b.users.map((user) => user.email));
		expect(bMail).toHaveLength(2);
		expect(bMail[1]!.subject).toMatch(/^Updated results/);
		expect(bMail[1]!.textBody).toContain('was not selected');
		const dMail = await mailTo(d.users.map((user) => user.email));
		expect(dMail).toHaveLength(1);
		expect(dMail[0]!.subject).not.toMatch(/Updated/);
		expect(dMail[0]!.textBody).not.toMatch(/again|has changed/);

		// An entry taken out of the round since: its published decision is listed as a change,
		// with no label (it has none in the round any more), not as "entry 0".
		await database.db
			.delete(roundEntries)
			.where(and(eq(roundEntries.roundId, setup.roundId), eq(roundEntries.entryId, c.entryId)));
		expect(
			(await getPublicationOverview(database.db, challengeId)).changes.map((change) => [
				change.entryId,
				change.label,
				change.published,
				change.current
			])
		).toEqual([[c.entryId, null, 'shortlist', null]]);
	});

	it('updates gallery rows in place: slugs and people\u2019s choice votes survive', async () => {
		freezeClock(NOW);
		const setup = await newChallenge();
		const kept = await submittedEntry(setup, { title: 'Kept Entry', track: 0, score: 90 });
		const dropped = await submittedEntry(setup, { title: 'Dropped Entry', track: 0, score: 80 });
		const added = await submittedEntry(setup, { title: 'Kept Entry', track: 1, score: 70 });
		await setDecisions(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryIds: [kept.entryId, dropped.entryId],
			decision: 'shortlist'
		});
		await publish();
		const [keptRow] = (await gallery()).filter((row) => row.entryId === kept.entryId);
		expect(keptRow!.slug).toBe('kept-entry');

		const voters = await Promise.all([createUser(database.db), createUser(database.db)]);
		await database.db.insert(peoplesChoiceVotes).values([
			{ challengeId, trackId: trackIds[0]!, userId: voters[0].id, entryId: kept.entryId },
			{ challengeId, trackId: trackIds[0]!, userId: voters[1].id, entryId: dropped.entryId }
		]);

		// The kept entry's team takes a new name: its row is updated, its slug stays.
		await database.db.update(teams).set({ name: 'Renamed Team' }).where(eq(teams.id, kept.teamId));
		// A version submitted after its round was judged changes nothing public: the gallery
		// shows the version the judges read.
		await database.db.insert(entryVersions).values({
			entryId: kept.entryId,
			number: 2,
			revision: 3,
			content: {
				title: 'Kept Entry Renamed',
				trackId: trackIds[0]!,
				problem: 'New problem',
				sdgs: [3],
				countries: ['KE']
			}
		});
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryId: dropped.entryId,
			decision: 'not_selected'
		});
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryId: added.entryId,
			decision: 'shortlist'
		});
		freezeClock(new Date(NOW.getTime() + 3_600_000));
		const result = await publish('Second look', [dropped.entryId]);
		expect(result.gallery).toEqual({ added: 1, updated: 1, removed: 1, unchanged: 0 });

		const rows = await gallery();
		const keptAfter = rows.find((row) => row.entryId === kept.entryId)!;
		expect(keptAfter).toMatchObject({
			slug: 'kept-entry',
			teamName: 'Renamed Team',
			title: 'Kept Entry',
			publicationId: result.publicationId
		});
		expect(keptAfter.problem).not.toBe('New problem');
		// First published then; changed now.
		expect(keptAfter.publishedAt.toISOString()).toBe(NOW.toISOString());
		expect(keptAfter.updatedAt.getTime()).toBeGreaterThan(NOW.getTime());
		// A new entry with a taken title gets the next free slug.
		expect(rows.find((row) => row.entryId === added.entryId)?.slug).toBe('kept-entry-2');
		expect(rows.some((row) => row.entryId === dropped.entryId)).toBe(false);

		const votes = await database.db
			.select()
			.from(peoplesChoiceVotes)
			.where(eq(peoplesChoiceVotes.challengeId, challengeId));
		expect(votes.map((vote) => vote.entryId)).toEqual([kept.entryId]);

		// Re-publishing without any change touches no row's content.
		const again = await publish('No change, new basis check');
		expect(again.gallery).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 2 });
		expect(again.notifiedTeams).toBe(0);
		expect((await gallery()).every((row) => row.publicationId === again.publicationId)).toBe(true);
	});

	it('refuses to publish nothing, or decisions of a round that is open again', async () => {
		const setup = await newChallenge();
		const nothing = await refusal(publish());
		expect(nothing.status).toBe(409);
		const entry = await submittedEntry(setup, { title: 'Open Again', track: 0, score: 50 });
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryId: entry.entryId,
			decision: 'shortlist'
		});
		await database.db.update(rounds).set({ state: 'open' }).where(eq(rounds.id, setup.roundId));
		const open = await refusal(publish());
		expect(open.status).toBe(409);
		expect(open.message).toContain(
			(
				await database.db
					.select({ name: rounds.name })
					.from(rounds)
					.where(eq(rounds.id, setup.roundId))
			)[0]!.name
		);
		expect(await gallery()).toEqual([]);
		expect(
			(await getPublicationOverview(database.db, challengeId)).blockingRounds.map(
				(round) => round.id
			)
		).toEqual([setup.roundId]);
	});

	it("ranks each round's results by that round's deciding score, and says when they differ", async () => {
		const setup = await newChallenge();
		// Judge One is lenient, Judge Two harsh (they share the first two entries); each scored one
		// entry alone: raw mean, the lenient judge's 80 leads; adjusted, the harsh judge's 75.
		await submittedEntry(setup, { title: 'Shared One', track: 0, scores: [70, 40] });
		await submittedEntry(setup, { title: 'Shared Two', track: 0, scores: [66, 38] });
		const loneLenient = await submittedEntry(setup, {
			title: 'Lone Lenient',
			track: 0,
			scores: [80, null]
		});
		const loneHarsh = await submittedEntry(setup, {
			title: 'Lone Harsh',
			track: 0,
			scores: [null, 75]
		});
		await setDecisions(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryIds: [loneLenient.entryId, loneHarsh.entryId],
			decision: 'shortlist'
		});
		const overview = await getPublicationOverview(database.db, challengeId);
		expect(overview.decidingRounds).toEqual([
			expect.objectContaining({ id: setup.roundId, scoreBasis: 'adjusted', chosenAt: null })
		]);

		// Adjusted (the default): the harsh judge's 75 is the better entry.
		await publish();
		const ranked = async (version: number) =>
			new Map((await resultsOf(version)).map((row) => [row.entryId, [row.scoreBasis, row.rank]]));
		expect(await ranked(1)).toEqual(
			new Map([
				[loneHarsh.entryId, ['adjusted', 1]],
				[loneLenient.entryId, ['adjusted', 2]]
			])
		);

		// The round chooses raw, and a second round (decided by adjusted) joins the publication.
		await database.db
			.update(rounds)
			.set({ scoreBasis: 'raw', scoreBasisChosenBy: organizer.actorId, scoreBasisChosenAt: NOW })
			.where(eq(rounds.id, setup.roundId));
		const otherRound = await fixtures.round(setup.rubricId, { judgesPerEntry: 1, state: 'closed' });
		const other = await submittedEntry(setup, { title: 'Other Round', track: 1, scores: [] });
		await database.db
			.insert(roundEntries)
			.values({ roundId: otherRound, entryId: other.entryId, label: 1 });
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: otherRound,
			entryId: other.entryId,
			decision: 'not_selected'
		});
		const bases = (await getPublicationOverview(database.db, challengeId)).decidingRounds;
		expect(bases.map((round) => [round.id, round.scoreBasis, round.chosenBy])).toEqual([
			[setup.roundId, 'raw', 'Mina Park'],
			[otherRound, 'adjusted', null]
		]);
		await publish('The screening decides by the raw mean');
		expect((await ranked(2)).get(loneLenient.entryId)).toEqual(['raw', 1]);
		expect((await ranked(2)).get(loneHarsh.entryId)).toEqual(['raw', 2]);
		const [second] = await database.db
			.select()
			.from(resultPublications)
			.where(
				and(eq(resultPublications.challengeId, challengeId), eq(resultPublications.version, 2))
			);
		expect(second!.scoreBasis).toBe('mixed');
		expect((await getPublicationOverview(database.db, challengeId)).latest?.scoreBasis).toBe(
			'mixed'
		);
		const [record] = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'results.publish'), eq(auditLog.entityId, second!.id)));
		expect(record!.data).toMatchObject({
			basis: 'mixed',
			rounds: { [setup.roundId]: 'raw', [otherRound]: 'adjusted' }
		});
		// Version 1 is as it was published.
		expect((await ranked(1)).get(loneHarsh.entryId)).toEqual(['adjusted', 1]);
	});

	it('keeps a publication made with the earlier z-score as it was: its word and its numbers', async () => {
		const setup = await newChallenge();
		const entry = await submittedEntry(setup, { title: 'Published Before', track: 0, score: 64 });
		// As the migration found it: published with the normalized score, rank and figure frozen.
		const [legacy] = await database.db
			.insert(resultPublications)
			.values({ challengeId, version: 1, scoreBasis: 'normalized', publishedAt: NOW })
			.returning({ id: resultPublications.id });
		await database.db.insert(publishedResults).values({
			publicationId: legacy!.id,
			entryId: entry.entryId,
			roundId: setup.roundId,
			decision: 'shortlist',
			rank: 3,
			rawMeanHundredths: 6400,
			normalizedHundredths: 7133,
			reviews: 2
		});
		expect((await getPublicationOverview(database.db, challengeId)).latest?.scoreBasis).toBe(
			'normalized'
		);
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryId: entry.entryId,
			decision: 'shortlist'
		});
		await publish('Republished with the adjusted score');
		expect(await resultsOf(1)).toEqual([
			expect.objectContaining({
				scoreBasis: null,
				rank: 3,
				normalizedHundredths: 7133,
				adjustedHundredths: null
			})
		]);
		expect(await resultsOf(2)).toEqual([
			expect.objectContaining({
				scoreBasis: 'adjusted',
				rank: 1,
				normalizedHundredths: null,
				adjustedHundredths: 6400
			})
		]);
	});

	it('takes each entry\u2019s decision from its latest round', async () => {
		const setup = await newChallenge();
		const entry = await submittedEntry(setup, { title: 'Two Rounds', track: 0, score: 85 });
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryId: entry.entryId,
			decision: 'advance'
		});
		const finalId = await fixtures.round(setup.rubricId, { judgesPerEntry: 1, state: 'draft' });
		await database.db
			.insert(roundEntries)
			.values({ roundId: finalId, entryId: entry.entryId, label: 1 });
		// Round 2 without a decision: round 1's "advance" is published.
		await publish();
		expect(await publishedResultForEntry(database.db, challengeId, entry.entryId)).toMatchObject({
			decision: 'advance'
		});
		expect(await gallery()).toEqual([]);
		await database.db.update(rounds).set({ state: 'closed' }).where(eq(rounds.id, finalId));
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: finalId,
			entryId: entry.entryId,
			decision: 'shortlist'
		});
		await publish('Final decided');
		const [row] = (await resultsOf(2)).filter((result) => result.entryId === entry.entryId);
		expect(row).toMatchObject({ roundId: finalId, decision: 'shortlist', rank: null, reviews: 0 });
		expect((await gallery()).map((item) => item.entryId)).toEqual([entry.entryId]);
	});

	it("keeps the gallery's facets equal to a recount of its rows after every publication", async () => {
		freezeClock(NOW);
		const setup = await newChallenge();
		// A seeded generator: the same "random" shortlists on every run.
		let seed = 20261208;
		const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		const pick = <T>(values: T[]) => values.filter(() => random() < 0.5);
		const made = [];
		for (let index = 0; index < 10; index++)
			made.push(
				await submittedEntry(setup, {
					title: `Facet Entry ${index}`,
					track: index % 2,
					score: 50 + index,
					sdgs: [...new Set([1 + (index % 5), ...pick([3, 11, 16])])],
					countries: [...new Set(['KR', ...pick(['BR', 'KE', 'VN'])])].slice(0, 3)
				})
			);
		const recount = async () => {
			const rows = await gallery();
			const tally = <K>(keys: K[]) => {
				const counts = new Map<K, number>();
				for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
				return counts;
			};
			const tracks = [...tally(rows.map((row) => row.trackSlug))].map(([slug, entries]) => ({
				slug,
				name: rows.find((row) => row.trackSlug === slug)!.trackName,
				entries
			}));
			const sorted = <K>(counts: Map<K, number>) =>
				[...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
			return {
				tracks,
				sdgs: sorted(tally(rows.flatMap((row) => row.sdgs))).map(([goal, entries]) => ({
					goal,
					entries
				})),
				countries: sorted(tally(rows.flatMap((row) => row.countries))).map(([code, entries]) => ({
					code,
					entries
				})),
				entries: rows.length
			};
		};
		for (let publication = 1; publication <= 5; publication++) {
			const shortlisted = new Set(pick(made.map((entry) => entry.entryId)));
			for (const entry of made)
				await setDecision(database.db, organizer, {
					challengeId,
					roundId: setup.roundId,
					entryId: entry.entryId,
					decision: shortlisted.has(entry.entryId) ? 'shortlist' : 'not_selected'
				});
			const removals = (await gallery()).map((row) => row.entryId);
			await publish(publication === 1 ? '' : `Publication ${publication}`, removals);
			const [facets] = await database.db
				.select()
				.from(galleryFacets)
				.where(eq(galleryFacets.challengeId, challengeId));
			const expected = await recount();
			expect(expected.entries, `publication ${publication}`).toBe(shortlisted.size);
			expect(
				{
					tracks: facets!.tracks,
					sdgs: facets!.sdgs,
					countries: facets!.countries,
					entries: facets!.entries
				},
				`publication ${publication}`
			).toEqual(expected);
		}
	});
});

describe('names the gallery never shows', () => {
	/** Everything public about the challenge's gallery: rows, search index, service answers. */
	async function publicCopy() {
		const rows = await gallery();
		const vectors = await database.db
			.select({ vector: sql<string>`${galleryEntries.searchVector}::text` })
			.from(galleryEntries)
			.where(eq(galleryEntries.challengeId, challengeId));
		const listed = await listGallery(database.db, challengeId, { filters: {} });
		const details = await Promise.all(rows.map((row) => getGalleryEntry(database.db, row.slug)));
		return fold(JSON.stringify({ rows, vectors, listed, details }));
	}

	const search = async (q: string) =>
		(await listGallery(database.db, challengeId, { filters: { q } })).items.map(
			(item) => item.entryId
		);

	it('takes a minor’s name out of every public text and the search index, and tells the organizer where', async () => {
		freezeClock(NOW);
		const setup = await newChallenge();
		const entry = await submittedEntry(setup, {
			title: 'Minji’s Flood Map',
			track: 1,
			score: 80,
			members: [
				{ name: 'Adult Lead Park', dateOfBirth: '2000-01-01' },
				// 16 on the deadline (the day the gallery copy is judged by): minors.
				{ name: 'Kim Minji', dateOfBirth: '2010-03-04' },
				{ name: 'Chloé Dubois', dateOfBirth: '2009-12-01' }
			],
			texts: {
				tagline: 'Made by MINJI and Chloe',
				problem: 'Kim Min-ji (16) saw the river rise; Ｍｉｎｊｉ mapped every street.',
				solution: 'Chlo\u00ade Dubois wrote the code at github.com/chloedubois/flood.',
				aiApproach: 'minjikim trained a small flood model.',
				privacy: 'Minji’s phone never leaves the device.',
				oversight: 'Checked by Chloé and by the city.',
				impact: 'Kim Minji hopes to help her town.',
				repositoryUrl: 'https://github.com/minji-kim/flood'
			}
		});
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryId: entry.entryId,
			decision: 'shortlist'
		});

		// Before publishing, the organizer sees which fields will lose a minor's name, and whose.
		const preview = await previewMinorRedactions(database.db, challengeId);
		expect(preview).toHaveLength(1);
		expect(preview[0]).toMatchObject({ entryId: entry.entryId, label: entry.label });
		expect(new Set(preview[0]!.fields)).toEqual(
			new Set([
				'title',
				'tagline',
				'teamName',
				'problem',
				'solution',
				'aiApproach',
				'privacy',
				'oversight',
				'impact',
				'repositoryUrl'
			])
		);
		expect(preview[0]!.minors.sort()).toEqual(['Chloé Dubois', 'Kim Minji']);

		await publish();
		const [row] = await gallery();
		expect(row).toMatchObject({
			entryId: entry.entryId,
			title: '[redacted]’s Flood Map',
			memberNames: ['Adult Lead Park'],
			repositoryUrl: '',
			videoUrl: 'https://video.example.org/x'
		});
		expect(row!.slug).toBe('redacted-s-flood-map');
		expect(row!.responsibleAi.fairness).toBe('Audited for district bias');
		expect(row!.problem).toBe(
			'[redacted] (16) saw the river rise; [redacted] mapped every street.'
		);
		const copy = await publicCopy();
		for (const name of ['minji', 'chloe', 'dubois', 'kim'])
			expect(copy, name).not.toMatch(new RegExp(`(?<![a-z])${name}`));
		for (const q of ['Minji', 'minji', 'Chloé', 'Chloe', 'Dubois', 'minjikim', 'Kim Minji', 'Min'])
			expect(await search(q), q).toEqual([]);
		// Still found by what it is about.
		expect(await search('flood')).toEqual([entry.entryId]);

		// A copy written before names were redacted (its slug and title name her) is put right by
		// the next publication, slug included.
		await database.db
			.update(galleryEntries)
			.set({ slug: 'minji-s-flood-map-2025', title: 'Minji’s Flood Map' })
			.where(eq(galleryEntries.entryId, entry.entryId));
		const again = await publish('Minors are no longer named');
		expect(again.gallery).toMatchObject({ added: 0, updated: 1 });
		const [fixed] = await gallery();
		expect(fixed!.title).toBe('[redacted]’s Flood Map');
		expect(fixed!.slug).toMatch(/^redacted-s-flood-map(-\d+)?$/);
	});

	it('deleting an account takes the person’s name out of the gallery and its search, for good', async () => {
		freezeClock(NOW);
		const setup = await newChallenge();
		// The title (and so the team's name, "Team Ingrid’s River Sensors …") names her too.
		const entry = await submittedEntry(setup, {
			title: 'Ingrid’s River Sensors',
			track: 0,
			score: 70,
			members: [
				{ name: 'Lead Adult Okoro', dateOfBirth: '1998-05-05' },
				{ name: 'Ingrid Solberg', dateOfBirth: '1999-06-06' }
			],
			texts: {
				problem: 'Ingrid Solberg grew up by the river; Okoro and Ingrid built the sensors.',
				impact: 'INGRID measures the water; Solberg’s data is open.',
				prototypeUrl: 'https://ingrid-solberg.example.org/demo'
			}
		});
		await setDecision(database.db, organizer, {
			challengeId,
			roundId: setup.roundId,
			entryId: entry.entryId,
			decision: 'shortlist'
		});
		await publish();
		expect((await gallery())[0]!.memberNames).toEqual(['Lead Adult Okoro', 'Ingrid Solberg']);
		expect(await search('Ingrid')).toEqual([entry.entryId]);

		const ingrid = entry.users[1]!;
		await deleteAccount(
			database.db,
			store,
			{ actorId: ingrid.id },
			{ currentPassword: TEST_PASSWORD }
		);
		const [row] = await gallery();
		// The entry is still published, without her.
		expect(row).toMatchObject({
			entryId: entry.entryId,
			title: '[redacted]’s River Sensors',
			memberNames: ['Lead Adult Okoro'],
			problem: '[redacted] grew up by the river; Okoro and [redacted] built the sensors.',
			prototypeUrl: ''
		});
		for (const q of ['Ingrid', 'Solberg', 'Ingrid Solberg', 'ingrid'])
			expect(await search(q), q).toEqual([]);
		expect(await search('Okoro')).toEqual([entry.entryId]);
		expect(await publicCopy()).not.toMatch(/ingrid|solberg/);
		// Nor in the team's entry, from which a later publication copies the gallery again.
		await publish('Re-published after an account deletion');
		expect(await publicCopy()).not.toMatch(/ingrid|solberg/);
		expect(row!.slug).not.toMatch(/ingrid/);
		const stored = await database.db
			.select({ entry: entries, version: entryVersions.content, team: teams.name })
			.from(entries)
			.innerJoin(entryVersions, eq(entryVersions.entryId, entries.id))
			.innerJoin(teams, eq(teams.id, entries.teamId))
			.where(eq(entries.id, entry.entryId));
		expect(stored[0]!.team).toMatch(/^Team \[redacted\]’s River Sensors /);
		expect(fold(JSON.stringify(stored))).not.toMatch(/ingrid|solberg/);
	});
});
