import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freezeClock } from '../clock';
import { tracks } from '../db/schema';
import { getJudgeProfile, listJudges, saveJudgeProfile } from './judge-profiles';
import { judgeHelpers, judgeSetting, refusal, type JudgeSetting } from '../testing/judge-fixtures';

let database: JudgeSetting['database'];
let challenge: JudgeSetting['challenge'];
let organizer: JudgeSetting['organizer'];

beforeAll(async () => {
	({ database, challenge, organizer } = await judgeSetting());
});
afterEach(() => freezeClock(undefined));

const { newJudge } = judgeHelpers(() => ({ database, challenge, organizer }));

describe('judge profiles', () => {
	it('saves organization, country, expertise (tracks of the challenge) and bio', async () => {
		const judge = await newJudge();
		const challengeTracks = await database.db
			.select({ id: tracks.id })
			.from(tracks)
			.where(eq(tracks.challengeId, challenge.id));
		const actor = { actorId: judge.id };
		const input = {
			challengeId: challenge.id,
			organization: '  Ministry of the Interior ',
			country: 'kr',
			expertise: [challengeTracks[0].id],
			bio: 'Public administration scholar.'
		};
		await saveJudgeProfile(database.db, actor, input);
		expect(await getJudgeProfile(database.db, judge.id)).toMatchObject({
			organization: 'Ministry of the Interior',
			country: 'KR',
			expertise: [challengeTracks[0].id]
		});
		const unknownTrack = await refusal(
			saveJudgeProfile(database.db, actor, {
				...input,
				expertise: ['00000000-0000-4000-8000-000000000000']
			})
		);
		expect([unknownTrack.status, unknownTrack.field]).toEqual([400, 'expertise']);
		const malformed = await refusal(
			saveJudgeProfile(database.db, actor, { ...input, expertise: ['not-a-uuid'] })
		);
		expect(malformed.field).toBe('expertise');
		const country = await refusal(
			saveJudgeProfile(database.db, actor, { ...input, country: 'XX' })
		);
		expect([country.status, country.field]).toEqual([400, 'country']);
		const long = await refusal(
			saveJudgeProfile(database.db, actor, { ...input, organization: 'x'.repeat(201) })
		);
		expect([long.status, long.field]).toEqual([400, 'organization']);
		await saveJudgeProfile(database.db, actor, { ...input, country: '', expertise: [] });
		expect(await getJudgeProfile(database.db, judge.id)).toMatchObject({
			country: '',
			expertise: []
		});
	});
});

describe('judges list', () => {
	it('lists judges with profile details, keyset-paged', async () => {
		await newJudge();
		await newJudge();
		const first = await listJudges(database.db, challenge.id, { limit: 2 });
		expect(first.judges).toHaveLength(2);
		expect(first.nextAfter).not.toBeNull();
		const second = await listJudges(database.db, challenge.id, {
			limit: 2,
			after: first.nextAfter ?? undefined
		});
		expect(second.judges[0].id).not.toBe(first.judges[0].id);
		expect(second.judges.map((row) => row.id)).not.toContain(first.judges[1].id);
		const garbage = await listJudges(database.db, challenge.id, { after: 'garbage' });
		expect(garbage.judges.length).toBeGreaterThan(2);
	});
});
