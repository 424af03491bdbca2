import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freezeClock } from '../clock';
import { challenges, entries, files, peoplesChoiceVotes, teams } from '../db/schema';
import { ServiceError } from '../errors';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser } from '../testing/fixtures';
import {
	createGalleryChallenge,
	publishGalleryRows,
	type GalleryRowInput
} from '../testing/gallery-fixtures';
import {
	findPublishedCover,
	getGalleryContext,
	getGalleryEntry,
	listGallery,
	splitSearchPrefix,
	votingState
} from './gallery';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof createGalleryChallenge>>;
let published: Awaited<ReturnType<typeof publishGalleryRows>>;

// 30 rows over three tracks: positions 1–30 (track order, then rank), a few with stories.
const TOTAL = 30;

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await createGalleryChallenge(database.db);
	const [disaster, transport, welfare] = challenge.tracks;
	const rows: GalleryRowInput[] = Array.from({ length: TOTAL }, (_, index) => {
		const track = index < 10 ? disaster : index < 20 ? transport : welfare;
		return {
			slug: `entry-${String(index + 1).padStart(2, '0')}`,
			title: `Civic assistant ${index + 1}`,
			track,
			sdgs: index % 3 === 0 ? [11, 13] : [16],
			countries: index % 2 === 0 ? ['KR'] : ['KE', 'BR'],
			coverWidths: index === 0 ? [480, 960, 1600] : undefined
		};
	});
	// Stories for the search: a title match ranks above a match deep in the text.
	rows[4] = {
		...rows[4],
		title: 'Flood warnings for riverside districts',
		tagline: 'Early flood alerts by text message',
		problem: 'Floods arrive before the warnings do.'
	};
	rows[14] = {
		...rows[14],
		title: 'Bus routes that follow demand',
		problem: 'After a flood the buses still run the old routes.'
	};
	rows[24] = {
		...rows[24],
		title: 'Welfare claims without queues',
		solution: 'Floodlight dashboards for caseworkers.',
		teamName: 'Seoul Floodgates'
	};
	published = await publishGalleryRows(database.db, challenge.id, rows);
});

afterEach(() => freezeClock(undefined));

const slugsOf = (page: { items: { slug: string }[] }) => page.items.map((item) => item.slug);
const expectedSlugs = (from: number, to: number) =>
	Array.from(
		{ length: to - from + 1 },
		(_, index) => `entry-${String(from + index).padStart(2, '0')}`
	);

async function refusal(promise: Promise<unknown>) {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ServiceError);
	return error as ServiceError;
}

describe('getGalleryContext', () => {
	it('finds the current challenge with the tracks, goals and countries of its gallery', async () => {
		const context = await getGalleryContext(database.db);
		expect(context?.id).toBe(challenge.id);
		expect(context?.tracks.map((track) => track.slug)).toEqual([
			'disaster-response',
			'transport',
			'welfare'
		]);
		expect(context?.tracks[0]?.name).toEqual({
			en: 'Track disaster-response',
			ko: '트랙 disaster-response'
		});
		expect(context?.sdgs).toEqual([11, 13, 16]);
		expect(context?.countries).toEqual(['BR', 'KE', 'KR']);
		expect(context?.entries).toBe(TOTAL);
	});
});

describe('listGallery', () => {
	it('pages forward and back in gallery order, 24 at a time, with a total', async () => {
		const first = await listGallery(database.db, challenge.id, { filters: {} });
		expect(slugsOf(first)).toEqual(expectedSlugs(1, 24));
		expect(first.total).toBe(TOTAL);
		expect(first.previous).toBeNull();
		expect(first.next).not.toBeNull();

		const second = await listGallery(database.db, challenge.id, {
			filters: {},
			cursor: first.next as string
		});
		expect(slugsOf(second)).toEqual(expectedSlugs(25, 30));
		expect(second.next).toBeNull();
		expect(second.previous).not.toBeNull();

		const back = await listGallery(database.db, challenge.id, {
			filters: {},
			cursor: second.previous as string
		});
		expect(slugsOf(back)).toEqual(expectedSlugs(1, 24));
		expect(back.previous).toBeNull();
	});

	it('walks every page of 7 both ways without gaps or repeats', async () => {
		const forward: string[] = [];
		let cursor: string | undefined;
		const cursors: (string | null)[] = [];
		do {
			const page = await listGallery(database.db, challenge.id, {
				filters: {},
				cursor,
				pageSize: 7
			});
			forward.push(...slugsOf(page));
			cursors.push(page.previous);
			cursor = page.next ?? undefined;
		} while (cursor);
		expect(forward).toEqual(expectedSlugs(1, TOTAL));
		// From the last page back to the first.
		const backward: string[][] = [];
		let previous = cursors[cursors.length - 1];
		while (previous) {
			const page = await listGallery(database.db, challenge.id, {
				filters: {},
				cursor: previous,
				pageSize: 7
			});
			backward.unshift(slugsOf(page));
			previous = page.previous;
		}
		expect(backward.flat()).toEqual(expectedSlugs(1, 28));
	});

	it('filters by track, goal and country, together', async () => {
		const transport = await listGallery(database.db, challenge.id, {
			filters: { track: 'transport' }
		});
		expect(slugsOf(transport)).toEqual(expectedSlugs(11, 20));
		expect(transport.total).toBe(10);
		expect(transport.items[0]?.trackName).toEqual({
			en: 'Track transport',
			ko: '트랙 transport'
		});

		const goal = await listGallery(database.db, challenge.id, { filters: { sdg: 13 } });
		expect(slugsOf(goal)).toEqual(expectedSlugs(1, TOTAL).filter((_, index) => index % 3 === 0));
		const kenya = await listGallery(database.db, challenge.id, {
			filters: { country: 'KE', track: 'welfare', sdg: 16 }
		});
		expect(slugsOf(kenya)).toEqual(['entry-24', 'entry-26', 'entry-30']);
		const none = await listGallery(database.db, challenge.id, { filters: { sdg: 5 } });
		expect(none.items).toEqual([]);
		expect(none.total).toBe(0);
		expect(none.next).toBeNull();
	});

	it('searches the words of titles, teams and stories, best matches first', async () => {
		const flood = await listGallery(database.db, challenge.id, { filters: { q: 'flood' } });
		// A match in the title and tagline outranks one in the team name ("Floodgates": the
		// last word also matches as a prefix), which outranks one in the story alone.
		expect(slugsOf(flood)).toEqual(['entry-05', 'entry-25', 'entry-15']);
		expect(flood.total).toBe(3);

		// The last word is also a prefix while it is being typed: "Floodlight", "Floodgates".
		const typing = await listGallery(database.db, challenge.id, { filters: { q: 'Flo' } });
		expect(slugsOf(typing).sort()).toEqual(['entry-05', 'entry-15', 'entry-25']);

		// Web search syntax: a phrase, and a word left out.
		const phrase = await listGallery(database.db, challenge.id, {
			filters: { q: '"riverside districts"' }
		});
		expect(slugsOf(phrase)).toEqual(['entry-05']);
		const without = await listGallery(database.db, challenge.id, {
			filters: { q: 'flood -buses' }
		});
		expect(slugsOf(without)).toEqual(['entry-05']);

		// With the other filters.
		const inTransport = await listGallery(database.db, challenge.id, {
			filters: { q: 'flood', track: 'transport' }
		});
		expect(slugsOf(inTransport)).toEqual(['entry-15']);

		// Nothing to search for in punctuation alone: no match, no error.
		const punctuation = await listGallery(database.db, challenge.id, { filters: { q: '!!! ?' } });
		expect(punctuation.items).toEqual([]);
	});

	it('pages search results by relevance without gaps or repeats', async () => {
		const all = await listGallery(database.db, challenge.id, {
			filters: { q: 'civic assistant' },
			pageSize: 100
		});
		expect(all.total).toBe(TOTAL - 3);
		const walked: string[] = [];
		let cursor: string | undefined;
		let pages = 0;
		do {
			const page = await listGallery(database.db, challenge.id, {
				filters: { q: 'civic assistant' },
				cursor,
				pageSize: 4
			});
			walked.push(...slugsOf(page));
			cursor = page.next ?? undefined;
			pages++;
		} while (cursor && pages < 20);
		expect(walked).toEqual(slugsOf(all));
		expect(new Set(walked).size).toBe(TOTAL - 3);
	});

	it('refuses a cursor it did not write, or one of the other ordering, on `cursor`', async () => {
		for (const cursor of [
			'not-a-cursor',
			Buffer.from('[1,2]').toString('base64url'),
			'x'.repeat(700)
		]) {
			const error = await refusal(listGallery(database.db, challenge.id, { filters: {}, cursor }));
			expect(error.status).toBe(400);
			expect(error.field).toBe('cursor');
		}
		const positional = await listGallery(database.db, challenge.id, {
			filters: {},
			pageSize: 2
		});
		const error = await refusal(
			listGallery(database.db, challenge.id, {
				filters: { q: 'civic' },
				cursor: positional.next as string
			})
		);
		expect(error.field).toBe('cursor');
	});

	it('shows only published rows: a submitted entry that is not in the gallery never appears', async () => {
		const lead = await createUser(database.db);
		const [team] = await database.db
			.insert(teams)
			.values({ challengeId: challenge.id, name: `Unpublished ${randomBytes(3).toString('hex')}` })
			.returning({ id: teams.id });
		await database.db.insert(entries).values({
			teamId: team.id,
			challengeId: challenge.id,
			status: 'submitted',
			title: 'Secret flood project',
			trackId: challenge.tracks[0].id
		});
		expect(lead.id).toBeTruthy();
		const search = await listGallery(database.db, challenge.id, { filters: { q: 'secret' } });
		expect(search.items).toEqual([]);
		const page = await listGallery(database.db, challenge.id, { filters: {}, pageSize: 100 });
		expect(page.items.map((item) => item.title)).not.toContain('Secret flood project');
	});

	it('lists cover versions and widths for srcset, and counts votes only when asked', async () => {
		const page = await listGallery(database.db, challenge.id, { filters: {}, pageSize: 2 });
		const [withCover, withoutCover] = page.items;
		expect(withCover.cover?.widths).toEqual([480, 960, 1600]);
		expect(withCover.cover?.version).toMatch(/^[0-9a-f]{16}$/);
		expect(withoutCover.cover).toBeNull();
		expect(withCover.votes).toBeNull();
		const voter = await createUser(database.db);
		await database.db.insert(peoplesChoiceVotes).values({
			challengeId: challenge.id,
			trackId: challenge.tracks[0].id,
			userId: voter.id,
			entryId: published.rows[0].entryId
		});
		const counted = await listGallery(database.db, challenge.id, {
			filters: {},
			pageSize: 2,
			withVotes: true
		});
		expect(counted.items.map((item) => item.votes)).toEqual([1, 0]);
	});
});

describe('getGalleryEntry and findPublishedCover', () => {
	it('returns the public story, with vote counts hidden until voting closes', async () => {
		const entry = await getGalleryEntry(database.db, 'entry-05');
		expect(entry?.title).toBe('Flood warnings for riverside districts');
		expect(entry?.responsibleAi.oversight).toBe('An officer approves every decision.');
		expect(entry?.voting).toEqual({ state: 'off', closesAt: null, votes: null });
		expect(entry).not.toHaveProperty('searchVector');
		expect(await getGalleryEntry(database.db, 'no-such-entry')).toBeNull();

		const closesAt = new Date('2031-06-01T00:00:00Z');
		await database.db
			.update(challenges)
			.set({ peoplesChoiceEnabled: true, votingClosesAt: closesAt })
			.where(eq(challenges.id, challenge.id));
		freezeClock(new Date('2031-05-31T23:59:00Z'));
		const open = await getGalleryEntry(database.db, 'entry-01');
		expect(open?.voting).toEqual({ state: 'open', closesAt, votes: null });
		freezeClock(closesAt);
		const closed = await getGalleryEntry(database.db, 'entry-01');
		expect(closed?.voting).toEqual({ state: 'closed', closesAt, votes: 1 });
		await database.db
			.update(challenges)
			.set({ peoplesChoiceEnabled: false, votingClosesAt: null })
			.where(eq(challenges.id, challenge.id));
	});

	it('serves the cover of a published entry only, never another file of the team', async () => {
		const cover = await findPublishedCover(database.db, 'entry-01');
		expect(cover?.id).toBe(published.rows[0].coverFileId);
		expect(await findPublishedCover(database.db, 'entry-02')).toBeNull();
		expect(await findPublishedCover(database.db, 'no-such-entry')).toBeNull();
		// A deck of the same team exists, but no gallery row names it.
		const [deck] = await database.db
			.insert(files)
			.values({
				teamId: published.rows[1].teamId,
				kind: 'deck',
				storageKey: `teams/${published.rows[1].teamId}/${randomBytes(6).toString('hex')}.pdf`,
				contentType: 'application/pdf',
				byteSize: 10,
				storedBytes: 10,
				sha256: randomBytes(32).toString('hex')
			})
			.returning({ id: files.id });
		expect(deck.id).toBeTruthy();
		expect(await findPublishedCover(database.db, 'entry-02')).toBeNull();
	});
});

describe('search and voting rules', () => {
	it('splits the last plain word off as a prefix', () => {
		expect(splitSearchPrefix('flood war')).toEqual({ head: 'flood', prefix: 'war' });
		expect(splitSearchPrefix('홍수')).toEqual({ head: '', prefix: '홍수' });
		expect(splitSearchPrefix('"flood war')).toEqual({ head: '"flood war', prefix: null });
		expect(splitSearchPrefix('flood -war')).toEqual({ head: 'flood -war', prefix: null });
		expect(splitSearchPrefix('flood or')).toEqual({ head: 'flood or', prefix: null });
		expect(splitSearchPrefix('flood:*')).toEqual({ head: 'flood:*', prefix: null });
	});

	it('tells off, open and closed apart by the clock', () => {
		const closesAt = new Date('2030-01-01T00:00:00Z');
		expect(votingState({ peoplesChoiceEnabled: false, votingClosesAt: closesAt })).toBe('off');
		expect(votingState({ peoplesChoiceEnabled: true, votingClosesAt: closesAt }, new Date(0))).toBe(
			'open'
		);
		expect(votingState({ peoplesChoiceEnabled: true, votingClosesAt: closesAt }, closesAt)).toBe(
			'closed'
		);
		expect(votingState({ peoplesChoiceEnabled: true, votingClosesAt: null })).toBe('open');
	});
});
