import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '$lib/server/db';
import {
	createTestDatabase,
	countingDatabase,
	type TestDatabase
} from '$lib/server/testing/database';
import { createUser, testActor } from '$lib/server/testing/fixtures';
import { demoChallenge } from '$lib/server/testing/challenge-fixtures';
import { createTeam } from '$lib/server/services/teams';

const state = vi.hoisted(() => ({ db: null as unknown as Database, challengeReads: 0 }));
vi.mock('$lib/server/db', async (original) => ({
	...(await original<typeof import('$lib/server/db')>()),
	getDb: async () => state.db
}));
vi.mock('$lib/server/services/challenges', async (original) => {
	const module = await original<typeof import('$lib/server/services/challenges')>();
	return {
		...module,
		getCurrentChallenge: (...args: Parameters<typeof module.getCurrentChallenge>) => {
			state.challengeReads++;
			return module.getCurrentChallenge(...args);
		}
	};
});

// Kit's own request store, as its server sets it around a load (getRequestEvent reads it).
const kitServer: string = '@sveltejs/kit/internal/server';
const { with_request_store } = (await import(/* @vite-ignore */ kitServer)) as {
	with_request_store: <T>(store: unknown, run: () => T) => T;
};
const { load: layoutLoad } = await import('../../../../+layout.server');
const { load: stepLoad } = await import('./+page.server');

let database: TestDatabase;
beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(() => database.close());

// Issue 15: the challenge is read once per request, memoized in `locals`.
describe('GET /team/entry/<step>', () => {
	it('reads the challenge once, for the layout and the page together', async () => {
		const challenge = await demoChallenge(database.db);
		const user = await createUser(database.db);
		await createTeam(database.db, testActor(user.id), { challenge, name: 'Counting team' });
		const counting = countingDatabase(database.db);
		state.db = counting.db;
		state.challengeReads = 0;
		const url = new URL('http://portal.test/team/entry/basics');
		const event = {
			url,
			params: { step: 'basics' },
			locals: {
				user: { ...user, roles: [] },
				session: { id: 's' },
				timeZone: null,
				theme: 'system'
			},
			request: new Request(url),
			getClientAddress: () => '127.0.0.1',
			setHeaders: () => {}
		} as never;
		await with_request_store({ event, state: {} }, async () => {
			await Promise.all([
				(layoutLoad as (e: unknown) => Promise<unknown>)(event),
				(stepLoad as (e: unknown) => Promise<unknown>)(event)
			]);
		});
		// The root layout and the page share one read (three before: layout, opener, page).
		expect(state.challengeReads).toBe(1);
		// The challenge and its tracks, the membership, the entry (eight before).
		expect(counting.started()).toBe(4);
	});
});
