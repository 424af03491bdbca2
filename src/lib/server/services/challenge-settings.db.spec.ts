import { and, asc, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../seed/seed';
import { auditLog, challenges, entries, teams, tracks } from '../db/schema';
import { ServiceError } from '../errors';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser, testContext } from '../testing/fixtures';
import { getCurrentChallenge } from './challenges';
import {
	createTrack,
	deleteTrack,
	listTracksWithUsage,
	moveTrack,
	updateChallengeTexts,
	updateDates,
	updateEligibility,
	updateEntryHelp,
	updateOrganizer,
	updateTrack,
	updateUploadLimits
} from './challenge-settings';

let database: TestDatabase;
let organizerId: string;
let challengeId: string;

const MB = 1024 * 1024;

beforeAll(async () => {
	database = await createTestDatabase();
	await seedDemoData(database.db);
	organizerId = (await createUser(database.db, { roles: ['organizer'] })).id;
	challengeId = (await getCurrentChallenge(database.db))!.id;
});

async function challenge() {
	const [row] = await database.db.select().from(challenges).where(eq(challenges.id, challengeId));
	return row;
}

async function lastAudit() {
	const [row] = await database.db
		.select()
		.from(auditLog)
		.where(eq(auditLog.entityId, challengeId))
		.orderBy(desc(auditLog.id))
		.limit(1);
	return row;
}

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ServiceError);
	return error as ServiceError;
}

async function trackSlugs() {
	const rows = await database.db
		.select({ slug: tracks.slug })
		.from(tracks)
		.where(eq(tracks.challengeId, challengeId))
		.orderBy(asc(tracks.position));
	return rows.map((row) => row.slug);
}

describe('challenge settings', () => {
	it('saves the texts and audits the fields that changed', async () => {
		const before = await challenge();
		const result = await updateChallengeTexts(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{
				challengeId,
				title: { en: 'Civic AI Challenge', ko: '시민 AI 챌린지' },
				theme: before.theme,
				summary: { en: 'A shorter summary.' },
				description: before.description
			}
		);
		expect(result.fields).toEqual(['title', 'summary']);
		const after = await challenge();
		expect(after.title).toEqual({ en: 'Civic AI Challenge', ko: '시민 AI 챌린지' });
		expect(after.summary).toEqual({ en: 'A shorter summary.' });
		expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
		const audit = await lastAudit();
		expect(audit).toMatchObject({
			actorId: organizerId,
			action: 'challenge.update_texts',
			entityType: 'challenge',
			data: { fields: ['title', 'summary'] }
		});

		// The same values again: nothing written, nothing audited.
		const again = await updateChallengeTexts(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{
				challengeId,
				title: { en: 'Civic AI Challenge', ko: '시민 AI 챌린지' },
				theme: before.theme,
				summary: { en: 'A shorter summary.' },
				description: before.description
			}
		);
		expect(again.fields).toEqual([]);
		expect((await lastAudit()).id).toBe(audit.id);
	});

	it('saves the organizer, contact and time zone', async () => {
		const before = await challenge();
		const result = await updateOrganizer(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{
				challengeId,
				organizerName: before.organizerName,
				organizerAbout: before.organizerAbout,
				organizerUrl: null,
				contactEmail: 'hello@example.org',
				eventName: before.eventName,
				eventLocation: { en: 'Incheon' },
				timeZone: 'Europe/Berlin'
			}
		);
		expect(result.fields.sort()).toEqual(
			['contactEmail', 'eventLocation', 'organizerUrl', 'timeZone'].sort()
		);
		const after = await challenge();
		expect(after).toMatchObject({
			organizerUrl: null,
			contactEmail: 'hello@example.org',
			eventLocation: { en: 'Incheon' },
			timeZone: 'Europe/Berlin'
		});
		expect((await lastAudit()).action).toBe('challenge.update_organizer');
	});

	it('saves eligibility and refuses ranges the wrong way round', async () => {
		await updateEligibility(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{ challengeId, minAge: 16, maxAge: 30, teamMinSize: 2, teamMaxSize: 4 }
		);
		expect(await challenge()).toMatchObject({
			minAge: 16,
			maxAge: 30,
			teamMinSize: 2,
			teamMaxSize: 4
		});
		expect(await lastAudit()).toMatchObject({
			action: 'challenge.update_eligibility',
			data: { fields: ['minAge', 'maxAge', 'teamMinSize', 'teamMaxSize'] }
		});
		const ages = await refusal(
			updateEligibility(
				database.db,
				{ actorId: organizerId, ...testContext() },
				{ challengeId, minAge: 30, maxAge: 20, teamMinSize: 1, teamMaxSize: 5 }
			)
		);
		expect(ages).toMatchObject({ status: 400, field: 'maxAge' });
		const team = await refusal(
			updateEligibility(
				database.db,
				{ actorId: organizerId, ...testContext() },
				{ challengeId, minAge: 15, maxAge: 35, teamMinSize: 5, teamMaxSize: 1 }
			)
		);
		expect(team).toMatchObject({ status: 400, field: 'teamMaxSize' });
		expect((await challenge()).minAge).toBe(16);
	});

	it('saves the dates and refuses them out of order, naming the field', async () => {
		const dates = {
			submissionsOpenAt: new Date('2026-03-01T00:00:00Z'),
			submissionDeadlineAt: new Date('2026-06-30T14:59:00Z'),
			judgingStartsAt: new Date('2026-07-01T00:00:00Z'),
			resultsAt: new Date('2026-08-01T00:00:00Z'),
			eventAt: new Date('2026-09-15T01:00:00Z')
		};
		const result = await updateDates(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{ ...dates, challengeId }
		);
		expect(result.fields).toHaveLength(5);
		expect(await challenge()).toMatchObject(dates);
		expect(await lastAudit()).toMatchObject({ action: 'challenge.update_dates' });

		const cases: [Partial<typeof dates>, string][] = [
			[{ submissionDeadlineAt: dates.submissionsOpenAt }, 'submissionDeadlineAt'],
			[{ judgingStartsAt: new Date('2026-06-01T00:00:00Z') }, 'judgingStartsAt'],
			[{ resultsAt: new Date('2026-06-15T00:00:00Z') }, 'resultsAt'],
			// Only the service checks this one (the database's constraint stops at the results).
			[{ eventAt: new Date('2026-07-15T00:00:00Z') }, 'eventAt']
		];
		for (const [change, field] of cases) {
			const error = await refusal(
				updateDates(
					database.db,
					{ actorId: organizerId, ...testContext() },
					{ challengeId, ...dates, ...change }
				)
			);
			expect(error, field).toMatchObject({ status: 400, field });
		}
		expect(await challenge()).toMatchObject(dates);
	});

	it('saves upload limits; the database check becomes a message on the field', async () => {
		await updateUploadLimits(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{ challengeId, maxCoverBytes: 4 * MB, maxDeckBytes: 30 * MB, teamStorageQuotaBytes: 100 * MB }
		);
		expect(await challenge()).toMatchObject({
			maxCoverBytes: 4 * MB,
			maxDeckBytes: 30 * MB,
			teamStorageQuotaBytes: 100 * MB
		});
		expect(await lastAudit()).toMatchObject({ action: 'challenge.update_upload_limits' });
		const error = await refusal(
			updateUploadLimits(
				database.db,
				{ actorId: organizerId, ...testContext() },
				{
					challengeId,
					maxCoverBytes: 40 * MB,
					maxDeckBytes: 40 * MB,
					teamStorageQuotaBytes: 50 * MB
				}
			)
		);
		expect(error).toMatchObject({ status: 400, field: 'quotaMb' });
		expect((await challenge()).maxCoverBytes).toBe(4 * MB);
	});

	it('sets and clears help texts of some questions, keeping the others', async () => {
		await updateEntryHelp(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{
				challengeId,
				help: {
					problem: { en: 'Which public service, for whom?', ko: '어떤 공공 서비스입니까?' },
					solution: { en: 'What changes for people?' }
				}
			}
		);
		expect((await challenge()).entryHelp).toEqual({
			problem: { en: 'Which public service, for whom?', ko: '어떤 공공 서비스입니까?' },
			solution: { en: 'What changes for people?' }
		});
		expect(await lastAudit()).toMatchObject({
			action: 'challenge.update_entry_help',
			data: { fields: ['problem', 'solution'] }
		});
		const result = await updateEntryHelp(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{
				challengeId,
				help: { problem: null, solution: { en: 'What changes for people?' }, title: null }
			}
		);
		expect(result.fields).toEqual(['problem']);
		expect((await challenge()).entryHelp).toEqual({
			solution: { en: 'What changes for people?' }
		});
		// Only questions of the entry form have help texts.
		const unknown = await refusal(
			updateEntryHelp(
				database.db,
				{ actorId: organizerId, ...testContext() },
				{ challengeId, help: { notAQuestion: { en: 'x' } } as never }
			)
		);
		expect(unknown.status).toBe(400);
	});

	it('adds, edits, reorders and deletes tracks', async () => {
		const slugs = await trackSlugs();
		const track = await createTrack(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{
				challengeId,
				slug: 'health',
				name: { en: 'Health', ko: '보건' },
				description: { en: 'Public health services.' }
			}
		);
		expect(await trackSlugs()).toEqual([...slugs, 'health']);
		expect(await lastAudit()).toMatchObject({
			action: 'challenge.create_track',
			data: { trackId: track.id, slug: 'health' }
		});

		const taken = await refusal(
			createTrack(
				database.db,
				{ actorId: organizerId, ...testContext() },
				{ challengeId, slug: 'health', name: { en: 'Again' }, description: { en: '' } }
			)
		);
		expect(taken).toMatchObject({ status: 400, field: 'slug' });

		const updated = await updateTrack(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{
				challengeId,
				trackId: track.id,
				slug: 'public-health',
				name: { en: 'Public health', ko: '공공 보건' },
				description: { en: 'Public health services.' }
			}
		);
		expect(updated.fields).toEqual(['slug', 'name']);
		expect(await lastAudit()).toMatchObject({
			action: 'challenge.update_track',
			data: { trackId: track.id, fields: ['slug', 'name'] }
		});
		const renameToTaken = await refusal(
			updateTrack(
				database.db,
				{ actorId: organizerId, ...testContext() },
				{
					challengeId,
					trackId: track.id,
					slug: slugs[0],
					name: { en: 'X' },
					description: { en: '' }
				}
			)
		);
		expect(renameToTaken).toMatchObject({ status: 400, field: 'slug' });

		await moveTrack(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{ challengeId, trackId: track.id, direction: 'up' }
		);
		expect((await trackSlugs()).slice(-2)).toEqual(['public-health', slugs.at(-1)]);
		expect(await lastAudit()).toMatchObject({ action: 'challenge.move_track' });
		// The last cannot go further down, nor the first further up: nothing happens.
		const first = (await listTracksWithUsage(database.db, challengeId))[0];
		const unmoved = await moveTrack(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{ challengeId, trackId: first.id, direction: 'up' }
		);
		expect(unmoved.moved).toBe(false);
		const positions = (await listTracksWithUsage(database.db, challengeId)).map(
			(row) => row.position
		);
		expect(positions).toEqual(positions.map((_, index) => index));

		await deleteTrack(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{ challengeId, trackId: track.id }
		);
		expect(await trackSlugs()).toEqual(slugs);
		expect(await lastAudit()).toMatchObject({
			action: 'challenge.delete_track',
			data: { trackId: track.id, slug: 'public-health' }
		});
		const gone = await refusal(
			deleteTrack(
				database.db,
				{ actorId: organizerId, ...testContext() },
				{ challengeId, trackId: track.id }
			)
		);
		expect(gone.status).toBe(404);
	});

	it('refuses to delete a track an entry uses', async () => {
		const track = await createTrack(
			database.db,
			{ actorId: organizerId, ...testContext() },
			{ challengeId, slug: 'in-use', name: { en: 'In use' }, description: { en: '' } }
		);
		const [team] = await database.db
			.insert(teams)
			.values({ challengeId, name: 'Team Tracks' })
			.returning();
		await database.db.insert(entries).values({ teamId: team.id, challengeId, trackId: track.id });
		const listed = await listTracksWithUsage(database.db, challengeId);
		expect(listed.find((row) => row.id === track.id)?.used).toBe(1);

		const error = await refusal(
			deleteTrack(
				database.db,
				{ actorId: organizerId, ...testContext() },
				{ challengeId, trackId: track.id }
			)
		);
		expect(error).toMatchObject({ status: 409, field: 'trackId' });
		const [still] = await database.db
			.select()
			.from(tracks)
			.where(and(eq(tracks.id, track.id), eq(tracks.challengeId, challengeId)));
		expect(still).toBeDefined();
	});

	it('refuses a change to a challenge that does not exist', async () => {
		const error = await refusal(
			updateEligibility(
				database.db,
				{ actorId: organizerId, ...testContext() },
				{
					challengeId: '00000000-0000-4000-8000-000000000000',
					minAge: 15,
					maxAge: 35,
					teamMinSize: 1,
					teamMaxSize: 5
				}
			)
		);
		expect(error.status).toBe(404);
	});
});
