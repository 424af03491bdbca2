import { and, asc, count, eq, max } from 'drizzle-orm';
import { QUESTION_ORDER } from '$lib/domain/entry-fields';
import type { LocalizedText } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import {
	dateOrderProblem,
	TRACK_LIMITS,
	type ChallengeDates,
	type ChallengeTextsInput,
	type EligibilityInput,
	type EntryHelpInput,
	type OrganizerInput,
	type TrackInput,
	type UploadLimitsInput
} from '$lib/schemas/challenge-settings';
import { recordAudit } from '../audit';
import { now } from '../clock';
import type { Database, Executor } from '../db';
import { challenges, entries, tracks, type Challenge } from '../db/schema';
import { ServiceError } from '../errors';
import type { Actor } from '../request';

/**
 * The organizer's settings of a challenge. Every change runs in one transaction with the
 * challenge row locked (two organizers saving at once apply one after the other), records the
 * fields that changed in the audit log, and turns the database's own checks into a message on
 * the field rather than a 500.
 */

/** The database's CHECK constraints, and the form field each one is about. */
const CONSTRAINT_FIELDS: Record<string, { field: string; message: () => string }> = {
	challenges_age_range: { field: 'maxAge', message: () => m.settings_error_max_age_order() },
	challenges_team_size: { field: 'teamMaxSize', message: () => m.settings_error_team_size_order() },
	challenges_upload_limits: {
		field: 'quotaMb',
		message: () => m.settings_error_upload_limits()
	},
	challenges_dates_order: {
		field: 'submissionDeadlineAt',
		message: () => m.settings_error_dates_order()
	},
	tracks_challenge_slug_key: { field: 'slug', message: () => m.settings_error_slug_taken() }
};

/** Code and constraint of a PostgreSQL error, wherever the driver or drizzle wrapped it. */
function databaseError(error: unknown): { code?: string; constraint?: string } | null {
	for (let current = error, depth = 0; current && depth < 5; depth++) {
		if (typeof current !== 'object') return null;
		const candidate = current as {
			code?: unknown;
			constraint?: unknown;
			constraint_name?: unknown;
			cause?: unknown;
		};
		if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code))
			return {
				code: candidate.code,
				constraint: String(candidate.constraint ?? candidate.constraint_name ?? '')
			};
		current = candidate.cause;
	}
	return null;
}

/** Runs a write; a CHECK or UNIQUE violation we know becomes a 400 on its field. */
async function guarded<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (error) {
		const known = databaseError(error);
		const mapped = known?.constraint ? CONSTRAINT_FIELDS[known.constraint] : undefined;
		if (mapped && (known?.code === '23514' || known?.code === '23505'))
			throw new ServiceError(400, mapped.message(), mapped.field);
		throw error;
	}
}

async function lockChallenge(tx: Executor, challengeId: string): Promise<Challenge> {
	const [challenge] = await tx
		.select()
		.from(challenges)
		.where(eq(challenges.id, challengeId))
		.for('update');
	if (!challenge) throw new ServiceError(404, m.settings_error_no_challenge());
	return challenge;
}

function sameValue(a: unknown, b: unknown): boolean {
	if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
	if (a && b && typeof a === 'object' && typeof b === 'object')
		return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
	return a === b;
}

/** Objects with sorted keys, so jsonb (which reorders keys) compares equal to what was sent. */
function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value && typeof value === 'object' && !(value instanceof Date))
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>)
				.filter(([, item]) => item !== undefined)
				.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
				.map(([key, item]) => [key, canonical(item)])
		);
	return value;
}

type ChallengeChanges = Partial<
	Pick<
		Challenge,
		| 'title'
		| 'theme'
		| 'summary'
		| 'description'
		| 'organizerName'
		| 'organizerAbout'
		| 'organizerUrl'
		| 'contactEmail'
		| 'eventName'
		| 'eventLocation'
		| 'timeZone'
		| 'minAge'
		| 'maxAge'
		| 'teamMinSize'
		| 'teamMaxSize'
		| 'submissionsOpenAt'
		| 'submissionDeadlineAt'
		| 'judgingStartsAt'
		| 'resultsAt'
		| 'eventAt'
		| 'entryHelp'
		| 'maxCoverBytes'
		| 'maxDeckBytes'
		| 'teamStorageQuotaBytes'
	>
>;

/**
 * Writes the values that differ from the stored ones and audits their names. Returns the
 * names of the changed fields (none: nothing written, nothing audited).
 */
async function updateChallenge(
	db: Database,
	challengeId: string,
	actor: Actor,
	action: string,
	changes: ChallengeChanges,
	validate?: (next: Challenge) => void
): Promise<{ fields: string[] }> {
	return db.transaction(async (tx) => {
		const current = await lockChallenge(tx, challengeId);
		const fields = (Object.keys(changes) as (keyof ChallengeChanges)[]).filter(
			(field) => !sameValue(current[field], changes[field])
		);
		validate?.({ ...current, ...changes });
		if (fields.length === 0) return { fields };
		const update = Object.fromEntries(fields.map((field) => [field, changes[field]]));
		await guarded(() =>
			tx
				.update(challenges)
				.set({ ...update, updatedAt: now() })
				.where(eq(challenges.id, challengeId))
		);
		await recordAudit(tx, {
			actorId: actor.actorId,
			action,
			entityType: 'challenge',
			entityId: challengeId,
			data: { fields },
			ipAddress: actor.ipAddress
		});
		return { fields };
	});
}

export function updateChallengeTexts(
	db: Database,
	actor: Actor,
	input: ChallengeTextsInput & { challengeId: string }
) {
	const { challengeId, ...changes } = input;
	return updateChallenge(db, challengeId, actor, 'challenge.update_texts', changes);
}

export function updateOrganizer(
	db: Database,
	actor: Actor,
	input: OrganizerInput & { challengeId: string }
) {
	const { challengeId, ...changes } = input;
	return updateChallenge(db, challengeId, actor, 'challenge.update_organizer', changes);
}

export function updateEligibility(
	db: Database,
	actor: Actor,
	input: EligibilityInput & { challengeId: string }
) {
	const { challengeId, ...changes } = input;
	return updateChallenge(
		db,
		challengeId,
		actor,
		'challenge.update_eligibility',
		changes,
		(next) => {
			if (next.maxAge < next.minAge)
				throw new ServiceError(400, m.settings_error_max_age_order(), 'maxAge');
			if (next.teamMaxSize < next.teamMinSize)
				throw new ServiceError(400, m.settings_error_team_size_order(), 'teamMaxSize');
		}
	);
}

export function updateDates(
	db: Database,
	actor: Actor,
	input: ChallengeDates & { challengeId: string }
) {
	const { challengeId, ...changes } = input;
	return updateChallenge(db, challengeId, actor, 'challenge.update_dates', changes, (next) => {
		// The database checks most of the order; the event after the results only this does.
		const problem = dateOrderProblem(next);
		if (problem) throw new ServiceError(400, problem.message, problem.field);
	});
}

export function updateUploadLimits(
	db: Database,
	actor: Actor,
	input: UploadLimitsInput & { challengeId: string }
) {
	const { challengeId, ...changes } = input;
	return updateChallenge(db, challengeId, actor, 'challenge.update_upload_limits', changes);
}

/**
 * Sets or clears the organizer's help texts of some questions (the others stay as they are).
 * A cleared question shows the built-in default again.
 */
export async function updateEntryHelp(
	db: Database,
	actor: Actor,
	input: Pick<EntryHelpInput, 'help'> & { challengeId: string }
) {
	const { challengeId } = input;
	return db.transaction(async (tx) => {
		const current = await lockChallenge(tx, challengeId);
		const next: Record<string, LocalizedText> = { ...current.entryHelp };
		const fields: string[] = [];
		for (const [key, text] of Object.entries(input.help)) {
			if (text === undefined) continue;
			if (!(QUESTION_ORDER as string[]).includes(key))
				throw new ServiceError(400, m.error_invalid_request(), key);
			if (sameValue(current.entryHelp[key] ?? null, text)) continue;
			fields.push(key);
			if (text === null) delete next[key];
			else next[key] = text;
		}
		if (fields.length === 0) return { fields };
		await tx
			.update(challenges)
			.set({ entryHelp: next, updatedAt: now() })
			.where(eq(challenges.id, challengeId));
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'challenge.update_entry_help',
			entityType: 'challenge',
			entityId: challengeId,
			data: { fields },
			ipAddress: actor.ipAddress
		});
		return { fields };
	});
}

/** The tracks in their order, each with the number of entries that chose it. */
export async function listTracksWithUsage(db: Executor, challengeId: string) {
	const rows = await orderedTracks(db, challengeId);
	const usage = await db
		.select({ trackId: entries.trackId, used: count() })
		.from(entries)
		.where(eq(entries.challengeId, challengeId))
		.groupBy(entries.trackId);
	const used = new Map(usage.map((row) => [row.trackId, row.used]));
	return rows.map((track) => ({ ...track, used: used.get(track.id) ?? 0 }));
}

async function orderedTracks(tx: Executor, challengeId: string) {
	return tx
		.select()
		.from(tracks)
		.where(eq(tracks.challengeId, challengeId))
		.orderBy(asc(tracks.position), asc(tracks.slug));
}

async function findTrack(tx: Executor, challengeId: string, trackId: string) {
	const [track] = await tx
		.select()
		.from(tracks)
		.where(and(eq(tracks.id, trackId), eq(tracks.challengeId, challengeId)))
		.limit(1);
	if (!track) throw new ServiceError(404, m.settings_error_track_unknown(), 'trackId');
	return track;
}

async function refuseTakenSlug(
	tx: Executor,
	challengeId: string,
	slug: string,
	exceptTrackId?: string
) {
	const [taken] = await tx
		.select({ id: tracks.id })
		.from(tracks)
		.where(and(eq(tracks.challengeId, challengeId), eq(tracks.slug, slug)))
		.limit(1);
	if (taken && taken.id !== exceptTrackId)
		throw new ServiceError(400, m.settings_error_slug_taken(), 'slug');
}

/** Positions 0, 1, 2… in the given order (only rows whose position changes are written). */
async function renumber(tx: Executor, ordered: { id: string; position: number }[]) {
	for (const [position, track] of ordered.entries())
		if (track.position !== position)
			await tx.update(tracks).set({ position }).where(eq(tracks.id, track.id));
}

function auditTrack(
	tx: Executor,
	actor: Actor,
	challengeId: string,
	action: string,
	data: Record<string, unknown>
) {
	return recordAudit(tx, {
		actorId: actor.actorId,
		action,
		entityType: 'challenge',
		entityId: challengeId,
		data,
		ipAddress: actor.ipAddress
	});
}

export async function createTrack(
	db: Database,
	actor: Actor,
	input: TrackInput & { challengeId: string }
) {
	const { challengeId, ...fields } = input;
	return db.transaction(async (tx) => {
		await lockChallenge(tx, challengeId);
		const [{ total, last }] = await tx
			.select({ total: count(), last: max(tracks.position) })
			.from(tracks)
			.where(eq(tracks.challengeId, challengeId));
		if (total >= TRACK_LIMITS.count)
			throw new ServiceError(409, m.settings_error_too_many_tracks({ max: TRACK_LIMITS.count }));
		await refuseTakenSlug(tx, challengeId, fields.slug);
		const [track] = await guarded(() =>
			tx
				.insert(tracks)
				.values({ ...fields, challengeId, position: last === null ? 0 : last + 1 })
				.returning()
		);
		await auditTrack(tx, actor, challengeId, 'challenge.create_track', {
			trackId: track.id,
			slug: track.slug,
			fields: ['slug', 'name', 'description']
		});
		return track;
	});
}

export async function updateTrack(
	db: Database,
	actor: Actor,
	input: TrackInput & { challengeId: string; trackId: string }
) {
	const { challengeId } = input;
	return db.transaction(async (tx) => {
		await lockChallenge(tx, challengeId);
		const track = await findTrack(tx, challengeId, input.trackId);
		const changes = { slug: input.slug, name: input.name, description: input.description };
		const fields = (Object.keys(changes) as (keyof typeof changes)[]).filter(
			(field) => !sameValue(track[field], changes[field])
		);
		if (fields.length === 0) return { track, fields };
		if (fields.includes('slug')) await refuseTakenSlug(tx, challengeId, input.slug, track.id);
		const [updated] = await guarded(() =>
			tx.update(tracks).set(changes).where(eq(tracks.id, track.id)).returning()
		);
		await auditTrack(tx, actor, challengeId, 'challenge.update_track', {
			trackId: track.id,
			slug: updated.slug,
			fields
		});
		return { track: updated, fields };
	});
}

/** Swaps a track with its neighbour; the first cannot go up nor the last down (no change). */
export async function moveTrack(
	db: Database,
	actor: Actor,
	input: { challengeId: string; trackId: string; direction: 'up' | 'down' }
) {
	const { challengeId } = input;
	return db.transaction(async (tx) => {
		await lockChallenge(tx, challengeId);
		const track = await findTrack(tx, challengeId, input.trackId);
		const ordered = await orderedTracks(tx, challengeId);
		const index = ordered.findIndex((row) => row.id === track.id);
		const target = input.direction === 'up' ? index - 1 : index + 1;
		if (target < 0 || target >= ordered.length) return { track, moved: false };
		const reordered = [...ordered];
		[reordered[index], reordered[target]] = [reordered[target], reordered[index]];
		await renumber(tx, reordered);
		await auditTrack(tx, actor, challengeId, 'challenge.move_track', {
			trackId: track.id,
			slug: track.slug,
			direction: input.direction,
			fields: ['position']
		});
		return { track, moved: true };
	});
}

/** Deletes a track no entry uses (entries keep their track; organizers rename instead). */
export async function deleteTrack(
	db: Database,
	actor: Actor,
	input: { challengeId: string; trackId: string }
) {
	const { challengeId } = input;
	return db.transaction(async (tx) => {
		await lockChallenge(tx, challengeId);
		const track = await findTrack(tx, challengeId, input.trackId);
		const [{ used }] = await tx
			.select({ used: count() })
			.from(entries)
			.where(eq(entries.trackId, track.id));
		if (used > 0)
			throw new ServiceError(409, m.settings_error_track_in_use({ count: used }), 'trackId');
		await tx.delete(tracks).where(eq(tracks.id, track.id));
		await renumber(tx, await orderedTracks(tx, challengeId));
		await auditTrack(tx, actor, challengeId, 'challenge.delete_track', {
			trackId: track.id,
			slug: track.slug,
			fields: ['tracks']
		});
		return track;
	});
}
