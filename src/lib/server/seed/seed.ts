import { eq, inArray } from 'drizzle-orm';
import { hashPassword } from '../auth/password';
import { addMilliseconds, DAY, now } from '../clock';
import { getConfig } from '../config';
import type { FileStore } from '../files/store';
import type { Database, Transaction } from '../db';
import {
	challenges,
	rounds,
	rubricCriteria,
	rubrics,
	tracks,
	userRoles,
	users
} from '../db/schema';
import { defaultRubric, DEMO_PASSWORD, demoAccounts, demoChallenge, demoTracks } from './seed-data';
import { seedDemoGallery } from './demo-gallery';

/** A date `days` from the reference at 23:59 in Seoul (14:59 UTC), for deadlines that read well. */
function seoulEvening(reference: Date, days: number): Date {
	const day = addMilliseconds(reference, days * DAY);
	return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 14, 59));
}

export type SeedOptions = {
	/**
	 * Also seed a published demo gallery (six teams of adults whose entries a decided showcase
	 * round shortlisted), with its cover images in this file store. The running demo portal
	 * wants it; tests do not.
	 */
	gallery?: { files: FileStore };
};

/**
 * Loads the demo challenge, demo accounts and a published demo gallery. Idempotent: everything
 * is keyed (challenge slug, track slug, account email, team name, gallery slug) and existing rows
 * are left exactly as they are.
 */
export async function seedDemoData(
	db: Database,
	log: (line: string) => void = () => {},
	options: SeedOptions = {}
) {
	// The demo accounts' password is in the README: such accounts must never exist in production.
	if (getConfig().production)
		throw new Error(
			'The demo seed does not run in production (APP_ENV=production). Create the first organizer with npm run admin:create.'
		);
	const reference = now();
	await seedChallenge(db, reference);
	await seedDemoAccounts(db, reference);
	if (options.gallery) await seedDemoGallery(db, reference, options.gallery.files);
	log('Demo accounts (password for all: ' + DEMO_PASSWORD + '):');
	for (const account of demoAccounts)
		log(`  ${(account.roles[0] ?? 'entrant').padEnd(10)} ${account.email}`);
}

/** The demo challenge with its tracks, default rubric and rounds (each keyed, kept if present). */
async function seedChallenge(db: Database, reference: Date) {
	await db.transaction(async (tx) => {
		await tx
			.insert(challenges)
			.values({
				...demoChallenge,
				submissionsOpenAt: seoulEvening(reference, -14),
				submissionDeadlineAt: seoulEvening(reference, 75),
				judgingStartsAt: seoulEvening(reference, 76),
				resultsAt: seoulEvening(reference, 120),
				eventAt: seoulEvening(reference, 135)
			})
			.onConflictDoNothing({ target: challenges.slug });
		const [challenge] = await tx
			.select({ id: challenges.id })
			.from(challenges)
			.where(eq(challenges.slug, demoChallenge.slug));
		await tx
			.insert(tracks)
			.values(
				demoTracks.map((track, position) => ({ ...track, challengeId: challenge.id, position }))
			)
			.onConflictDoNothing({ target: [tracks.challengeId, tracks.slug] });
		await seedDefaultRubric(tx, challenge.id);
	});
}

/** The default rubric and two draft rounds, once per challenge. */
async function seedDefaultRubric(tx: Transaction, challengeId: string) {
	const [hasRubric] = await tx
		.select({ id: rubrics.id })
		.from(rubrics)
		.where(eq(rubrics.challengeId, challengeId))
		.limit(1);
	if (hasRubric) return;
	const [rubric] = await tx
		.insert(rubrics)
		.values({
			challengeId,
			familyId: crypto.randomUUID(),
			name: defaultRubric.name,
			description: defaultRubric.description
		})
		.returning({ id: rubrics.id });
	await tx.insert(rubricCriteria).values(
		defaultRubric.criteria.map((criterion, position) => ({
			...criterion,
			rubricId: rubric.id,
			position
		}))
	);
	const [dates] = await tx
		.select({ judgingStartsAt: challenges.judgingStartsAt, resultsAt: challenges.resultsAt })
		.from(challenges)
		.where(eq(challenges.id, challengeId));
	const middle = new Date((dates.judgingStartsAt.getTime() + dates.resultsAt.getTime()) / 2);
	await tx
		.insert(rounds)
		.values([
			{
				challengeId,
				position: 1,
				name: 'Screening',
				rubricId: rubric.id,
				opensAt: dates.judgingStartsAt,
				closesAt: middle,
				judgesPerEntry: 2,
				blind: true
			},
			{
				challengeId,
				position: 2,
				name: 'Final',
				rubricId: rubric.id,
				opensAt: addMilliseconds(middle, DAY),
				closesAt: dates.resultsAt,
				judgesPerEntry: 2,
				blind: false,
				peerScores: 'after_submit'
			}
		])
		.onConflictDoNothing({ target: [rounds.challengeId, rounds.position] });
}

/** The demo accounts that do not exist yet, with their roles. */
async function seedDemoAccounts(db: Database, reference: Date) {
	const existing = await db
		.select({ email: users.email })
		.from(users)
		.where(
			inArray(
				users.email,
				demoAccounts.map((account) => account.email)
			)
		);
	const known = new Set(existing.map((row) => row.email));
	const missing = demoAccounts.filter((account) => !known.has(account.email));
	if (missing.length > 0) {
		const passwordHash = await hashPassword(DEMO_PASSWORD);
		await db.transaction(async (tx) => {
			for (const account of missing) {
				const [created] = await tx
					.insert(users)
					.values({
						email: account.email,
						name: account.name,
						country: account.country,
						dateOfBirth: account.dateOfBirth,
						passwordHash,
						emailVerifiedAt: reference
					})
					.onConflictDoNothing({ target: users.email })
					.returning({ id: users.id });
				if (!created) continue;
				for (const role of account.roles)
					await tx.insert(userRoles).values({ userId: created.id, role }).onConflictDoNothing();
			}
		});
	}
}
