import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq, inArray, max } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '$lib/domain/entry-merge';
import { freezeClock } from '../clock';
import {
	auditLog,
	emailOutbox,
	entries,
	entryVersions,
	files,
	galleryEntries,
	resultPublications,
	type StoredFile
} from '../db/schema';
import { ServiceError } from '../errors';
import { LocalFileStore } from '../files/local-store';
import type { FileStore } from '../files/store';
import { completeEntry, demoChallenge } from '../testing/challenge-fixtures';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { createUser, testActor, testContext } from '../testing/fixtures';
import { giveConsent, requestGuardianConsent } from './consent';
import {
	attachEntryFile,
	getTeamEntry,
	saveEntryStep,
	SubmissionRefused,
	submitEntry,
	uploadEntryFile,
	withdrawEntry
} from './entries';
import { findReadableFile } from './file-access';
import { readTeamFile, teamStorageUsed } from './files';
import { acceptInvite, createInviteLink, createTeam } from './teams';

let database: TestDatabase;
let challenge: Awaited<ReturnType<typeof demoChallenge>>;

beforeAll(async () => {
	database = await createTestDatabase();
	challenge = await demoChallenge(database.db);
});
afterEach(() => freezeClock(undefined));

let counter = 0;
async function teamWithMembers(extra: { dateOfBirth?: string }[] = []) {
	const lead = await createUser(database.db);
	const team = await createTeam(database.db, testActor(lead.id), {
		challenge,
		name: `Entry team ${++counter} ${Date.now()}`
	});
	const members = [];
	if (extra.length) {
		const link = await createInviteLink(database.db, testActor(lead.id), {
			challenge,
			uses: 'multiple',
			days: 7
		});
		for (const options of extra) {
			const member = await createUser(database.db, options);
			await acceptInvite(database.db, testActor(member.id), {
				challenge,
				token: new URL(link.url).searchParams.get('token') as string
			});
			members.push(member);
		}
	}
	return { lead, team, members };
}

const basics = (title: string) => ({
	title,
	tagline: 'A tagline',
	trackId: null,
	countries: ['KR'],
	sdgs: [11],
	partner: ''
});

describe('saving entry steps', () => {
	it('saves a draft and bumps the revision', async () => {
		const { lead, team } = await teamWithMembers();
		const before = await getTeamEntry(database.db, team.id);
		const saved = await saveEntryStep(database.db, testActor(lead.id), {
			challenge,
			step: 'basics',
			values: basics('RiverSense'),
			base: {}
		});
		expect(saved.saved).toBe(true);
		const after = await getTeamEntry(database.db, team.id);
		expect(after.title).toBe('RiverSense');
		expect(after.revision).toBe(before.revision + 1);
	});

	it('merges two members’ saves of different fields and reports a true conflict', async () => {
		const { lead, team, members } = await teamWithMembers([{}]);
		const [member] = members;
		const start = await getTeamEntry(database.db, team.id);
		const base = Object.fromEntries(
			Object.entries(basics('')).map(([key]) => [
				key,
				fingerprint((start as unknown as Record<string, never>)[key] ?? null)
			])
		);
		// Both opened the step; the lead saves a title, the member a tagline.
		await saveEntryStep(database.db, testActor(lead.id), {
			challenge,
			step: 'basics',
			values: { ...basics('Lead title'), tagline: '', countries: [], sdgs: [] },
			base
		});
		const merged = await saveEntryStep(database.db, testActor(member.id), {
			challenge,
			step: 'basics',
			values: { ...basics(''), tagline: 'Member tagline', countries: [], sdgs: [] },
			base
		});
		expect(merged.saved).toBe(true);
		const both = await getTeamEntry(database.db, team.id);
		expect([both.title, both.tagline]).toEqual(['Lead title', 'Member tagline']);
		// Now both change the title from the same base: the second is told, nothing is lost.
		const base2 = {
			...base,
			title: fingerprint('Lead title'),
			tagline: fingerprint('Member tagline')
		};
		await saveEntryStep(database.db, testActor(lead.id), {
			challenge,
			step: 'basics',
			values: { ...basics('Lead again'), tagline: 'Member tagline', countries: [], sdgs: [] },
			base: base2
		});
		const conflict = await saveEntryStep(database.db, testActor(member.id), {
			challenge,
			step: 'basics',
			values: { ...basics('Member title'), tagline: 'Member tagline', countries: [], sdgs: [] },
			base: base2
		});
		expect(conflict).toMatchObject({
			saved: false,
			conflicts: ['title'],
			theirs: { title: 'Lead again' }
		});
		expect((await getTeamEntry(database.db, team.id)).title).toBe('Lead again');
	});

	it('refuses edits from non-members (404) and after the deadline (409)', async () => {
		const { lead } = await teamWithMembers();
		const outsider = await createUser(database.db);
		const refused = await saveEntryStep(database.db, testActor(outsider.id), {
			challenge,
			step: 'basics',
			values: basics('x'),
			base: {}
		}).catch((error: ServiceError) => error);
		expect((refused as ServiceError).status).toBe(404);
		freezeClock(new Date(challenge.submissionDeadlineAt.getTime()));
		const late = await saveEntryStep(database.db, testActor(lead.id), {
			challenge,
			step: 'basics',
			values: basics('late'),
			base: {}
		}).catch((error: ServiceError) => error);
		expect((late as ServiceError).status).toBe(409);
	});
});

describe('submitting', () => {
	it('refuses an incomplete entry with the list of what is missing', async () => {
		const { lead } = await teamWithMembers();
		const error = await submitEntry(database.db, testActor(lead.id), { challenge }).catch(
			(caught) => caught
		);
		expect(error).toBeInstanceOf(SubmissionRefused);
		expect((error as SubmissionRefused).missing).toContain('title');
	});

	it('records one version per submitted revision, mails every member, and lets the team withdraw', async () => {
		const { lead, team, members } = await teamWithMembers([{}]);
		await completeEntry(database.db, team.id, challenge.tracks[0].id);
		const first = await submitEntry(database.db, testActor(lead.id), { challenge });
		expect(first).toEqual({ version: 1, created: true });
		const repeat = await submitEntry(database.db, testActor(lead.id), { challenge });
		expect(repeat).toEqual({ version: 1, created: false });
		for (const person of [lead, ...members]) {
			const mail = await database.db
				.select()
				.from(emailOutbox)
				.where(eq(emailOutbox.toAddress, person.email));
			expect(mail.map((row) => row.template)).toContain('entry_submitted');
			// The subject names no team and no title (chosen text stays in the body, quoted).
			expect(mail.find((row) => row.template === 'entry_submitted')?.subject).toBe(
				'Your team submitted its entry'
			);
		}
		// An edit after submitting needs a new submission, which becomes version 2.
		await saveEntryStep(database.db, testActor(lead.id), {
			challenge,
			step: 'basics',
			values: { ...basics('Version two'), trackId: challenge.tracks[0].id },
			base: {}
		});
		expect(await submitEntry(database.db, testActor(lead.id), { challenge })).toEqual({
			version: 2,
			created: true
		});
		const entry = await getTeamEntry(database.db, team.id);
		const versions = await database.db
			.select()
			.from(entryVersions)
			.where(eq(entryVersions.entryId, entry.id));
		expect(versions.map((version) => version.number).sort()).toEqual([1, 2]);
		expect(versions.find((version) => version.number === 2)?.content.title).toBe('Version two');
		// Only the lead submits or withdraws.
		const memberTry = await withdrawEntry(database.db, testActor(members[0].id), {
			challenge
		}).catch((error) => error);
		expect((memberTry as ServiceError).status).toBe(403);
		await withdrawEntry(database.db, testActor(lead.id), { challenge });
		expect((await getTeamEntry(database.db, team.id)).status).toBe('withdrawn');
	});

	it('50 parallel submits of one entry leave exactly one submitted version', async () => {
		const { lead, team } = await teamWithMembers();
		await completeEntry(database.db, team.id, challenge.tracks[0].id);
		const results = await Promise.allSettled(
			Array.from({ length: 50 }, () => submitEntry(database.db, testActor(lead.id), { challenge }))
		);
		expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
		const created = results.filter(
			(result) => result.status === 'fulfilled' && result.value.created
		);
		expect(created).toHaveLength(1);
		const [entry] = await database.db.select().from(entries).where(eq(entries.teamId, team.id));
		const versions = await database.db
			.select()
			.from(entryVersions)
			.where(eq(entryVersions.entryId, entry.id));
		expect(versions).toHaveLength(1);
		expect(entry.status).toBe('submitted');
	});

	it('blocks an under-18 member until a guardian consents', async () => {
		const { lead, team, members } = await teamWithMembers([{ dateOfBirth: '2010-03-01' }]);
		const [minor] = members;
		await completeEntry(database.db, team.id, challenge.tracks[0].id);
		const blocked = (await submitEntry(database.db, testActor(lead.id), { challenge }).catch(
			(error) => error
		)) as SubmissionRefused;
		expect(blocked.problems).toEqual([{ kind: 'consent', userId: minor.id }]);
		await requestGuardianConsent(database.db, testActor(minor.id), {
			challenge,
			guardianName: 'Parent Person',
			guardianEmail: `parent-${minor.id}@example.org`
		});
		const [mail] = await database.db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.toAddress, `parent-${minor.id}@example.org`));
		const token = /token=([a-z0-9]+)/.exec(mail.textBody)?.[1] as string;
		await giveConsent(database.db, testContext(), { token, signedName: 'Parent Person' });
		expect(await submitEntry(database.db, testActor(lead.id), { challenge })).toEqual({
			version: 1,
			created: true
		});
	});

	it('refuses a submission after the deadline', async () => {
		const { lead, team } = await teamWithMembers();
		await completeEntry(database.db, team.id, challenge.tracks[0].id);
		freezeClock(new Date(challenge.submissionDeadlineAt.getTime() + 1));
		const late = (await submitEntry(database.db, testActor(lead.id), { challenge }).catch(
			(error) => error
		)) as ServiceError;
		expect(late.status).toBe(409);
	});

	it('after the deadline: no upload, no withdrawal, no joining; nothing changes', async () => {
		const { lead, team } = await teamWithMembers();
		await completeEntry(database.db, team.id, challenge.tracks[0].id);
		await submitEntry(database.db, testActor(lead.id), { challenge });
		const link = await createInviteLink(database.db, testActor(lead.id), {
			challenge,
			uses: 'multiple',
			days: 7
		});
		const before = await getTeamEntry(database.db, team.id);
		const [file] = await database.db
			.insert(files)
			.values({
				teamId: team.id,
				kind: 'cover',
				storageKey: `teams/${team.id}/late.webp`,
				contentType: 'image/webp',
				byteSize: 10,
				storedBytes: 10,
				sha256: 'f'.repeat(64)
			})
			.returning();
		freezeClock(new Date(challenge.submissionDeadlineAt.getTime() + 1));
		const outcomes = await Promise.all(
			[
				attachEntryFile(database.db, testActor(lead.id), {
					challenge,
					kind: 'cover',
					fileId: file!.id
				}),
				withdrawEntry(database.db, testActor(lead.id), { challenge }),
				createUser(database.db).then((late) =>
					acceptInvite(database.db, testActor(late.id), {
						challenge,
						token: new URL(link.url).searchParams.get('token') as string
					})
				)
			].map((promise) =>
				promise.then(
					() => null,
					(error: unknown) => error as ServiceError
				)
			)
		);
		for (const refused of outcomes) {
			expect(refused).toBeInstanceOf(ServiceError);
			expect(refused!.status).toBe(409);
		}
		const after = await getTeamEntry(database.db, team.id);
		expect(after).toEqual(before);
	});

	it('records edits, submissions, withdrawals and consent in the audit log', async () => {
		const { lead, team, members } = await teamWithMembers([{ dateOfBirth: '2010-03-01' }]);
		const [minor] = members;
		await requestGuardianConsent(database.db, testActor(minor!.id), {
			challenge,
			guardianName: 'Parent Person',
			guardianEmail: `audit-parent-${minor!.id}@example.org`
		});
		const [mail] = await database.db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.toAddress, `audit-parent-${minor!.id}@example.org`));
		const token = /token=([a-z0-9]+)/.exec(mail!.textBody)?.[1] as string;
		await giveConsent(database.db, testContext(), { token, signedName: 'Parent Person' });
		await completeEntry(database.db, team.id, challenge.tracks[0].id);
		await saveEntryStep(database.db, testActor(lead.id), {
			challenge,
			step: 'basics',
			values: { ...basics('Audited'), trackId: challenge.tracks[0].id },
			base: {}
		});
		await submitEntry(database.db, testActor(lead.id), { challenge });
		await withdrawEntry(database.db, testActor(lead.id), { challenge });
		const entry = await getTeamEntry(database.db, team.id);
		const rows = await database.db
			.select({ action: auditLog.action, actorId: auditLog.actorId })
			.from(auditLog)
			.where(
				and(
					inArray(auditLog.action, [
						'consent.request',
						'consent.give',
						'entry.edit',
						'entry.submit',
						'entry.withdraw'
					]),
					inArray(auditLog.entityId, [entry.id, minor!.id, team.id])
				)
			)
			.orderBy(asc(auditLog.id));
		expect(rows.map((row) => row.action)).toEqual([
			'consent.request',
			'consent.give',
			'entry.edit',
			'entry.submit',
			'entry.withdraw'
		]);
		expect(
			rows.filter((row) => row.action.startsWith('entry.')).every((row) => row.actorId === lead.id)
		).toBe(true);
	});
});

describe('replacing the cover and the deck', () => {
	let root: string;
	let store: LocalFileStore;
	beforeAll(async () => {
		root = await mkdtemp(path.join(tmpdir(), 'portal-entry-files-'));
		store = new LocalFileStore(root);
	});
	afterAll(() => rm(root, { recursive: true, force: true }));

	const coverImage = () =>
		sharp(randomBytes(640 * 360 * 3), { raw: { width: 640, height: 360, channels: 3 } })
			.jpeg({ quality: 80 })
			.toBuffer();
	/** A small, valid PDF whose bytes differ by the label. */
	const deckPdf = (label: string) =>
		Buffer.from(
			`%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n% ${label}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`
		);
	const keysOf = (...stored: StoredFile[]) =>
		[
			...new Set(stored.flatMap((file) => [file.storageKey, ...file.variants.map((v) => v.key)]))
		].sort();
	const blobsOf = async (teamId: string) =>
		(await readdir(path.join(root, 'teams', teamId)).catch(() => [] as string[]))
			.map((name) => `teams/${teamId}/${name}`)
			.sort();
	const fileIdsOf = async (teamId: string) =>
		(await database.db.select({ id: files.id }).from(files).where(eq(files.teamId, teamId)))
			.map((row) => row.id)
			.sort();
	const upload = (
		userId: string,
		kind: 'cover' | 'deck',
		data: Uint8Array,
		on: FileStore = store
	) => uploadEntryFile(database.db, on, testActor(userId), { challenge, kind, data });
	/** The store, with something done before each write. */
	const storeWith = (beforePut: () => Promise<void> | void): FileStore => ({
		put: async (key, data, contentType) => {
			await beforePut();
			await store.put(key, data, contentType);
		},
		get: (key) => store.get(key),
		delete: (keys) => store.delete(keys)
	});

	it('keeps the old cover when the deadline passes while the new one is being stored', async () => {
		const { lead, team } = await teamWithMembers();
		const first = await upload(lead.id, 'cover', await coverImage());
		// Past the route's early check, the deadline passes while the bytes are written.
		const straddling = storeWith(() =>
			freezeClock(new Date(challenge.submissionDeadlineAt.getTime() + 1))
		);
		const refused = await upload(lead.id, 'cover', await coverImage(), straddling).catch(
			(error: unknown) => error
		);
		expect(refused).toBeInstanceOf(ServiceError);
		expect((refused as ServiceError).status).toBe(409);
		freezeClock(undefined);

		expect((await getTeamEntry(database.db, team.id)).coverFileId).toBe(first.id);
		expect(await fileIdsOf(team.id)).toEqual([first.id]);
		expect(await readTeamFile(store, first)).not.toBeNull();
		// The refused upload's bytes are gone, and only the kept cover counts.
		expect(await blobsOf(team.id)).toEqual(keysOf(first));
		expect(await teamStorageUsed(database.db, team.id)).toBe(first.storedBytes);
	});

	it('replacing the deck after submitting keeps the submitted version’s deck readable', async () => {
		const { lead, team } = await teamWithMembers();
		await completeEntry(database.db, team.id, challenge.tracks[0].id);
		const cover = await upload(lead.id, 'cover', await coverImage());
		const submittedDeck = await upload(lead.id, 'deck', deckPdf('version 1'));
		await submitEntry(database.db, testActor(lead.id), { challenge });
		const draftDeck = await upload(lead.id, 'deck', deckPdf('draft'));

		const entry = await getTeamEntry(database.db, team.id);
		expect(entry.deckFileId).toBe(draftDeck.id);
		const [version] = await database.db
			.select()
			.from(entryVersions)
			.where(eq(entryVersions.entryId, entry.id));
		expect(version.content).toMatchObject({ coverFileId: cover.id, deckFileId: submittedDeck.id });
		// What /files/<id> serves: the row for a member, and its bytes.
		const viewer = {
			id: lead.id,
			email: lead.email,
			name: lead.name,
			emailVerified: true,
			roles: [],
			locale: 'en'
		};
		expect((await findReadableFile(database.db, submittedDeck.id, viewer))?.id).toBe(
			submittedDeck.id
		);
		expect((await readTeamFile(store, submittedDeck))?.data).toEqual(
			new Uint8Array(deckPdf('version 1'))
		);

		// Replacing the unsubmitted deck again removes that one only.
		const nextDraft = await upload(lead.id, 'deck', deckPdf('draft 2'));
		expect(await fileIdsOf(team.id)).toEqual([cover.id, submittedDeck.id, nextDraft.id].sort());
		expect(await blobsOf(team.id)).toEqual(keysOf(cover, submittedDeck, nextDraft));
		expect(await teamStorageUsed(database.db, team.id)).toBe(
			cover.storedBytes + submittedDeck.storedBytes + nextDraft.storedBytes
		);
	});

	it('six uploads at once leave the entry on one stored cover and nothing else counted', async () => {
		const { lead, team } = await teamWithMembers();
		await upload(lead.id, 'cover', await coverImage());
		const images = await Promise.all(Array.from({ length: 6 }, () => coverImage()));
		// Every upload is past its early checks and writing before any of them commits.
		let arrived = 0;
		let release: () => void = () => {};
		const allArrived = new Promise<void>((resolve) => (release = resolve));
		const gated = storeWith(async () => {
			if (++arrived === images.length) release();
			await allArrived;
		});
		const results = await Promise.allSettled(
			images.map((image) => upload(lead.id, 'cover', image, gated))
		);
		expect(results.filter((result) => result.status === 'rejected')).toEqual([]);

		const entry = await getTeamEntry(database.db, team.id);
		expect(await fileIdsOf(team.id)).toEqual([entry.coverFileId]);
		const [kept] = await database.db.select().from(files).where(eq(files.teamId, team.id));
		expect(await blobsOf(team.id)).toEqual(keysOf(kept));
		expect(await readTeamFile(store, kept)).not.toBeNull();
		expect(await teamStorageUsed(database.db, team.id)).toBe(kept.storedBytes);
	});

	it('a cover shown in the gallery survives a replacement in the draft', async () => {
		const { lead, team } = await teamWithMembers();
		const shown = await upload(lead.id, 'cover', await coverImage());
		const entry = await getTeamEntry(database.db, team.id);
		// A gallery row naming the cover (no submitted version names it here).
		const [{ latest }] = await database.db
			.select({ latest: max(resultPublications.version) })
			.from(resultPublications)
			.where(eq(resultPublications.challengeId, challenge.id));
		const [publication] = await database.db
			.insert(resultPublications)
			.values({ challengeId: challenge.id, version: (latest ?? 0) + 1, reason: 'test' })
			.returning();
		const track = challenge.tracks[0];
		await database.db.insert(galleryEntries).values({
			entryId: entry.id,
			challengeId: challenge.id,
			publicationId: publication.id,
			slug: `gallery-cover-${randomBytes(4).toString('hex')}`,
			position: 1,
			title: 'Shown',
			trackId: track.id,
			trackSlug: track.slug,
			trackName: track.name,
			responsibleAi: { privacy: '', fairness: '', oversight: '', accessibility: '' },
			teamName: team.name,
			coverFileId: shown.id,
			publishedAt: new Date()
		});

		const replacement = await upload(lead.id, 'cover', await coverImage());
		expect((await getTeamEntry(database.db, team.id)).coverFileId).toBe(replacement.id);
		const [galleryRow] = await database.db
			.select({ coverFileId: galleryEntries.coverFileId })
			.from(galleryEntries)
			.where(eq(galleryEntries.entryId, entry.id));
		expect(galleryRow.coverFileId).toBe(shown.id);
		expect(await readTeamFile(store, shown, 480)).not.toBeNull();
		expect(await blobsOf(team.id)).toEqual(keysOf(shown, replacement));
	});
});
