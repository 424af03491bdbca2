import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { isKnownCountry } from '$lib/domain/countries';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../audit';
import { now } from '../clock';
import type { Database, Executor } from '../db';
import { assignments, judgeProfiles, rounds, tracks, userRoles, users } from '../db/schema';
import { ServiceError } from '../errors';
import {
	encodeCursor,
	textPairCursor,
	JUDGE_LIMITS,
	JUDGE_PAGE_SIZE,
	multiLine,
	optionalCountry,
	singleLine,
	UUID
} from './judge-common';
import { detectConflicts } from './conflicts';
import type { Actor } from '../request';

/** Scalar fields of the profile form; `expertise` (several checkboxes) is read separately. */
export const judgeProfileSchema = z.object({
	organization: singleLine(JUDGE_LIMITS.organization).default(''),
	country: optionalCountry,
	bio: multiLine(JUDGE_LIMITS.bio)
});

export type JudgeProfile = {
	organization: string;
	country: string;
	expertise: string[];
	bio: string;
	updatedAt: Date | null;
};

export async function getJudgeProfile(db: Executor, userId: string): Promise<JudgeProfile> {
	const [row] = await db
		.select({
			organization: judgeProfiles.organization,
			country: judgeProfiles.country,
			expertise: judgeProfiles.expertise,
			bio: judgeProfiles.bio,
			updatedAt: judgeProfiles.updatedAt
		})
		.from(judgeProfiles)
		.where(eq(judgeProfiles.userId, userId))
		.limit(1);
	return row ?? { organization: '', country: '', expertise: [], bio: '', updatedAt: null };
}

/** Saves a judge's profile (expertise: tracks of the challenge only), then re-runs detection. */
export async function saveJudgeProfile(
	db: Database,
	actor: Actor,
	input: {
		challengeId: string;
		organization: string;
		country: string;
		expertise: string[];
		bio: string;
	}
): Promise<{ detected: number }> {
	const organization = input.organization.trim();
	const country = input.country.trim().toUpperCase();
	const bio = input.bio.trim();
	if (organization.length > JUDGE_LIMITS.organization)
		throw new ServiceError(
			400,
			m.error_too_long({ max: JUDGE_LIMITS.organization }),
			'organization'
		);
	if (country !== '' && !isKnownCountry(country))
		throw new ServiceError(400, m.error_country_unknown(), 'country');
	if (bio.length > JUDGE_LIMITS.bio)
		throw new ServiceError(400, m.error_too_long({ max: JUDGE_LIMITS.bio }), 'bio');
	const expertise = [...new Set(input.expertise)];
	if (expertise.length > 100 || expertise.some((id) => !UUID.test(id)))
		throw new ServiceError(400, m.judges_error_expertise(), 'expertise');
	return db.transaction(async (tx) => {
		if (expertise.length > 0) {
			const known = await tx
				.select({ id: tracks.id })
				.from(tracks)
				.where(and(eq(tracks.challengeId, input.challengeId), inArray(tracks.id, expertise)));
			if (known.length !== expertise.length)
				throw new ServiceError(400, m.judges_error_expertise(), 'expertise');
		}
		const values = { organization, country, expertise, bio, updatedAt: now() };
		await tx
			.insert(judgeProfiles)
			.values({ userId: actor.actorId, ...values, createdAt: now() })
			.onConflictDoUpdate({ target: judgeProfiles.userId, set: values });
		await recordAudit(tx, {
			actorId: actor.actorId,
			action: 'judge.profile_save',
			entityType: 'judge_profile',
			entityId: actor.actorId,
			data: { organization, country, expertise: expertise.length },
			ipAddress: actor.ipAddress ?? null
		});
		return detectConflicts(tx, null, { challengeId: input.challengeId, judgeId: actor.actorId });
	});
}

// ---------------------------------------------------------------------------------------------
// Conflicts

/**
 * A judge declares a conflict; it counts at once (confirmed). A team is named by typing its
 * exact name, never picked from a list, and the answer is the same whether or not it exists:
 * judges in a blind process must not learn which teams take part. A name that matches a team
 * (case-insensitively) is stored as a team conflict with that team's id; one that matches none
 * is kept as an organization conflict with the typed text, which still blocks entries whose
 * partner has that name. A declaration the judge already made is not stored twice.
 */
// ---------------------------------------------------------------------------------------------
// Judges list (organizers)

export type JudgeRow = {
	id: string;
	name: string;
	email: string;
	organization: string;
	country: string;
	expertise: string[];
	assigned: number;
	profileSaved: boolean;
};

/** Accounts with the judge role, by name, keyset-paged, with profile and assignment count. */
export async function listJudges(
	db: Executor,
	challengeId: string,
	options: { after?: string; limit?: number } = {}
): Promise<{ judges: JudgeRow[]; nextAfter: string | null }> {
	const limit = options.limit ?? JUDGE_PAGE_SIZE;
	const after = textPairCursor(options.after);
	const validAfter = after && UUID.test(after[1]) ? after : null;
	const assigned = db
		.select({ judgeId: assignments.judgeId, total: count().as('total') })
		.from(assignments)
		.innerJoin(rounds, eq(rounds.id, assignments.roundId))
		.where(and(eq(rounds.challengeId, challengeId), isNull(assignments.suspendedAt)))
		.groupBy(assignments.judgeId)
		.as('assigned');
	const rows = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			organization: judgeProfiles.organization,
			country: judgeProfiles.country,
			expertise: judgeProfiles.expertise,
			updatedAt: judgeProfiles.updatedAt,
			createdAt: judgeProfiles.createdAt,
			assigned: assigned.total
		})
		.from(userRoles)
		.innerJoin(users, eq(users.id, userRoles.userId))
		.leftJoin(judgeProfiles, eq(judgeProfiles.userId, users.id))
		.leftJoin(assigned, eq(assigned.judgeId, users.id))
		.where(
			and(
				eq(userRoles.role, 'judge'),
				validAfter
					? sql`(${users.name}, ${users.id}) > (${validAfter[0]}, ${validAfter[1]}::uuid)`
					: undefined
			)
		)
		.orderBy(asc(users.name), asc(users.id))
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	const last = page.at(-1);
	return {
		judges: page.map((row) => ({
			id: row.id,
			name: row.name,
			email: row.email,
			organization: row.organization ?? '',
			country: row.country ?? '',
			expertise: row.expertise ?? [],
			assigned: Number(row.assigned ?? 0),
			profileSaved: Boolean(
				row.updatedAt && row.createdAt && row.updatedAt.getTime() > row.createdAt.getTime()
			)
		})),
		nextAfter: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null
	};
}

/** The challenge's tracks, in their order (the choices for expertise). */
export async function listChallengeTracks(db: Executor, challengeId: string) {
	return db
		.select({ id: tracks.id, name: tracks.name })
		.from(tracks)
		.where(eq(tracks.challengeId, challengeId))
		.orderBy(asc(tracks.position), asc(tracks.slug));
}
