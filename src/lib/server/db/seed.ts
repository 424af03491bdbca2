import { and, eq, inArray, max } from 'drizzle-orm';
import type { LocalizedText } from '$lib/domain/localized-text';
import { weightedTotal } from '$lib/domain/rubric';
import sharp from 'sharp';
import { hashPassword } from '../auth/password';
import { addMilliseconds, DAY, HOUR, now } from '../clock';
import { getConfig } from '../config';
import type { FileStore } from '../files/store';
import { saveTeamFile } from '../services/files';
import { getLeaderboard } from '../services/leaderboard';
import type { Database, Transaction } from './index';
import {
	assignments,
	challenges,
	entries,
	entryDecisions,
	entryVersions,
	files,
	galleryEntries,
	publishedResults,
	resultPublications,
	roundEntries,
	rounds,
	rubricCriteria,
	rubrics,
	scoreItems,
	scores,
	teamMembers,
	teams,
	tracks,
	userRoles,
	users
} from './schema';
import {
	defaultRubric,
	DEMO_PASSWORD,
	demoAccounts,
	demoChallenge,
	demoGallery,
	demoPanelsRound,
	demoRound,
	demoTracks,
	type DemoGalleryEntry
} from './seed-data';

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

		// The default rubric and two rounds (drafts), once per challenge.
		const [hasRubric] = await tx
			.select({ id: rubrics.id })
			.from(rubrics)
			.where(eq(rubrics.challengeId, challenge.id))
			.limit(1);
		if (!hasRubric) {
			const [rubric] = await tx
				.insert(rubrics)
				.values({
					challengeId: challenge.id,
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
				.where(eq(challenges.id, challenge.id));
			const middle = new Date((dates.judgingStartsAt.getTime() + dates.resultsAt.getTime()) / 2);
			await tx
				.insert(rounds)
				.values([
					{
						challengeId: challenge.id,
						position: 1,
						name: 'Screening',
						rubricId: rubric.id,
						opensAt: dates.judgingStartsAt,
						closesAt: middle,
						judgesPerEntry: 2,
						blind: true
					},
					{
						challengeId: challenge.id,
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
	});

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
	if (options.gallery) await seedDemoGallery(db, reference, options.gallery.files);
	log('Demo accounts (password for all: ' + DEMO_PASSWORD + '):');
	for (const account of demoAccounts)
		log(`  ${(account.roles[0] ?? 'entrant').padEnd(10)} ${account.email}`);
}

/** A cover for a demo entry: a gradient with soft circles (no text, so no font is needed). */
async function demoCover(entry: DemoGalleryEntry, index: number): Promise<Uint8Array> {
	const [from, to] = entry.colors;
	const circles = [0, 1, 2, 3]
		.map((step) => {
			const x = 200 + ((index * 337 + step * 421) % 1200);
			const y = 150 + ((index * 211 + step * 277) % 600);
			const r = 90 + ((index + step) % 4) * 60;
			return `<circle cx="${x}" cy="${y}" r="${r}" fill="#ffffff" fill-opacity="${0.08 + step * 0.05}"/>`;
		})
		.join('');
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs><rect width="1600" height="900" fill="url(#g)"/>${circles}</svg>`;
	return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/**
 * Six demo teams of adults with submitted entries, judged in a decided round and shortlisted,
 * and a result publication whose gallery shows them: a fresh portal has something in its public
 * gallery, and its results agree with it. Each step is keyed, so an interrupted run is completed
 * by the next one and a complete one is left untouched.
 */
async function seedDemoGallery(db: Database, reference: Date, fileStore: FileStore) {
	const [challenge] = await db
		.select()
		.from(challenges)
		.where(eq(challenges.slug, demoChallenge.slug));
	const challengeTracks = await db
		.select({ id: tracks.id, slug: tracks.slug, name: tracks.name, position: tracks.position })
		.from(tracks)
		.where(eq(tracks.challengeId, challenge.id));
	const published = await db
		.select({ slug: galleryEntries.slug })
		.from(galleryEntries)
		.where(
			inArray(
				galleryEntries.slug,
				demoGallery.map((entry) => entry.slug)
			)
		);
	const done = new Set(published.map((row) => row.slug));
	const pending = demoGallery.filter(
		(entry) => !done.has(entry.slug) && challengeTracks.some((track) => track.slug === entry.track)
	);
	if (pending.length === 0) return;

	const emails = pending.flatMap((entry) => entry.members.map((member) => member.email));
	const known = await db
		.select({ email: users.email })
		.from(users)
		.where(inArray(users.email, emails));
	const passwordHash =
		known.length < emails.length ? await hashPassword(DEMO_PASSWORD) : 'unused-no-new-accounts';
	const opened = addMilliseconds(reference, -demoRound.opened * DAY);

	const seeded: SeededEntry[] = [];
	for (const [index, demo] of demoGallery.entries()) {
		if (!pending.includes(demo)) continue;
		const track = challengeTracks.find((candidate) => candidate.slug === demo.track)!;
		// Submitted in the days before the showcase round opened.
		const submittedAt = addMilliseconds(opened, -(demoGallery.length - index) * 6 * HOUR);
		const { teamId, leadId, entry } = await db.transaction(async (tx) => {
			for (const member of demo.members)
				await tx
					.insert(users)
					.values({ ...member, passwordHash, emailVerifiedAt: reference })
					.onConflictDoNothing({ target: users.email });
			const people = await tx
				.select({ id: users.id, email: users.email })
				.from(users)
				.where(
					inArray(
						users.email,
						demo.members.map((member) => member.email)
					)
				);
			const idOf = (email: string) => people.find((person) => person.email === email)!.id;
			await tx
				.insert(teams)
				.values({ challengeId: challenge.id, name: demo.team, createdAt: submittedAt })
				.onConflictDoNothing();
			const [team] = await tx
				.select({ id: teams.id })
				.from(teams)
				.where(and(eq(teams.challengeId, challenge.id), eq(teams.name, demo.team)));
			for (const [position, member] of demo.members.entries())
				await tx
					.insert(teamMembers)
					.values({
						teamId: team.id,
						challengeId: challenge.id,
						userId: idOf(member.email),
						role: position === 0 ? 'lead' : 'member',
						joinedAt: submittedAt
					})
					.onConflictDoNothing();
			await tx
				.insert(entries)
				.values({
					teamId: team.id,
					challengeId: challenge.id,
					status: 'submitted',
					title: demo.title,
					tagline: demo.tagline,
					trackId: track.id,
					countries: demo.countries,
					sdgs: demo.sdgs,
					partner: demo.partner,
					problem: demo.problem,
					solution: demo.solution,
					aiApproach: demo.aiApproach,
					stage: demo.stage,
					privacy: demo.privacy,
					fairness: demo.fairness,
					oversight: demo.oversight,
					accessibility: demo.accessibility,
					risks: demo.risks,
					impact: demo.impact,
					measurement: demo.measurement,
					feasibility: demo.feasibility,
					scaling: demo.scaling,
					videoUrl: demo.videoUrl,
					prototypeUrl: demo.prototypeUrl,
					repositoryUrl: demo.repositoryUrl,
					submittedAt,
					createdAt: submittedAt,
					updatedAt: submittedAt
				})
				.onConflictDoNothing({ target: entries.teamId });
			const [row] = await tx.select().from(entries).where(eq(entries.teamId, team.id));
			return { teamId: team.id, leadId: idOf(demo.members[0].email), entry: row };
		});

		// The cover goes through the upload pipeline (WebP variants), outside any transaction.
		let coverFileId = entry.coverFileId;
		if (!coverFileId) {
			const file = await saveTeamFile(
				db,
				fileStore,
				{ actorId: leadId },
				{
					teamId,
					kind: 'cover',
					data: await demoCover(demo, index),
					limits: {
						maxCoverBytes: challenge.maxCoverBytes,
						maxDeckBytes: challenge.maxDeckBytes,
						teamStorageQuotaBytes: challenge.teamStorageQuotaBytes
					}
				}
			);
			coverFileId = file.id;
			await db.update(entries).set({ coverFileId }).where(eq(entries.id, entry.id));
		}

		// The submitted version: what the round's judges read and the gallery shows.
		const {
			id: _id,
			teamId: _team,
			challengeId: _challenge,
			status: _status,
			...content
		} = { ...entry, coverFileId };
		await db
			.insert(entryVersions)
			.values({
				entryId: entry.id,
				number: 1,
				revision: entry.revision,
				content: JSON.parse(JSON.stringify(content)),
				submittedBy: leadId,
				submittedAt
			})
			.onConflictDoNothing();
		seeded.push({ demo, entryId: entry.id, teamId, track, coverFileId });
	}
	await publishDemoRound(db, challenge.id, reference, seeded);
}

type SeededEntry = {
	demo: DemoGalleryEntry;
	entryId: string;
	teamId: string;
	track: { id: string; slug: string; name: LocalizedText; position: number };
	coverFileId: string | null;
};

/**
 * The demo round of two panels that share no entry (see demoPanelsRound), closed and undecided:
 * its leaderboard warns that scores cannot be compared across the panels. Its guest judges are
 * accounts without a role (their invitation ended with the round).
 */
/** Submitted score sheets with their criterion values, as a judge's submit stores them. */
async function insertSubmittedSheets(
	tx: Transaction,
	rubricId: string,
	criteria: { id: string; weight: number; scaleMin: number; scaleMax: number }[],
	sheets: { assignment: { id: string }; values: Map<string, number>; submittedAt: Date }[]
) {
	await tx.insert(scores).values(
		sheets.map(({ assignment, values, submittedAt }) => ({
			assignmentId: assignment.id,
			rubricId,
			status: 'submitted' as const,
			totalHundredths: weightedTotal(criteria, values),
			submittedAt,
			createdAt: submittedAt,
			updatedAt: submittedAt
		}))
	);
	await tx.insert(scoreItems).values(
		sheets.flatMap(({ assignment, values }) =>
			criteria.map((criterion) => ({
				assignmentId: assignment.id,
				criterionId: criterion.id,
				scaleMin: criterion.scaleMin,
				scaleMax: criterion.scaleMax,
				value: values.get(criterion.id)!
			}))
		)
	);
}

async function seedPanelsRound(
	tx: Transaction,
	input: {
		challengeId: string;
		position: number;
		rubricId: string;
		criteria: { id: string; weight: number; scaleMin: number; scaleMax: number }[];
		judgeIds: string[];
		organizerId: string | null;
		seeded: SeededEntry[];
		at: (daysAgo: number, minutes?: number) => Date;
	}
) {
	const { at, criteria } = input;
	if (input.judgeIds.length < 2 || input.seeded.length < 6) return;
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	await tx
		.insert(users)
		.values(
			demoPanelsRound.guests.map((guest) => ({
				...guest,
				passwordHash,
				emailVerifiedAt: at(demoPanelsRound.opened + 2)
			}))
		)
		.onConflictDoNothing({ target: users.email });
	const guests = await tx
		.select({ id: users.id, email: users.email })
		.from(users)
		.where(
			inArray(
				users.email,
				demoPanelsRound.guests.map((guest) => guest.email)
			)
		);
	const panels = [
		input.judgeIds.slice(0, 2),
		demoPanelsRound.guests.map((guest) => guests.find((row) => row.email === guest.email)!.id)
	];
	const [round] = await tx
		.insert(rounds)
		.values({
			challengeId: input.challengeId,
			position: input.position,
			name: demoPanelsRound.name,
			rubricId: input.rubricId,
			state: 'closed',
			opensAt: at(demoPanelsRound.opened),
			closesAt: at(demoPanelsRound.closed),
			judgesPerEntry: 2,
			blind: true,
			openedAt: at(demoPanelsRound.opened),
			closedAt: at(demoPanelsRound.closed),
			createdAt: at(demoPanelsRound.opened + 1),
			updatedAt: at(demoPanelsRound.closed)
		})
		.returning({ id: rounds.id });
	await tx.insert(roundEntries).values(
		input.seeded.map((row, index) => ({
			roundId: round.id,
			entryId: row.entryId,
			label: index + 1,
			addedAt: at(demoPanelsRound.opened)
		}))
	);
	// Panel p reviews entries 3p … 3p + 2 (tracks in gallery order), both of its judges each.
	const pairs = panels.flatMap((judges, panel) =>
		input.seeded.slice(panel * 3, panel * 3 + 3).flatMap((row, slot) =>
			judges.map((judgeId, number) => ({
				entryId: row.entryId,
				judgeId,
				level: demoPanelsRound.levels[panel]![slot]![number]!,
				minutes: panel * 300 + slot * 40 + number * 11
			}))
		)
	);
	const placed = await tx
		.insert(assignments)
		.values(
			pairs.map((pair) => ({
				roundId: round.id,
				entryId: pair.entryId,
				judgeId: pair.judgeId,
				assignedBy: input.organizerId,
				createdAt: at(demoPanelsRound.opened)
			}))
		)
		.returning({ id: assignments.id, entryId: assignments.entryId, judgeId: assignments.judgeId });
	const sheets = placed.map((assignment) => {
		const pair = pairs.find(
			(candidate) =>
				candidate.entryId === assignment.entryId && candidate.judgeId === assignment.judgeId
		)!;
		// Around the judge's level for the entry: a half point up or down by criterion.
		const values = new Map(
			criteria.map((criterion, index) => {
				const wobble = ((index + pair.minutes) % 3) - 1;
				const value = Math.round(pair.level + wobble * 0.5);
				return [criterion.id, Math.min(criterion.scaleMax, Math.max(criterion.scaleMin, value))];
			})
		);
		const submittedAt = at(demoPanelsRound.closed + 1, pair.minutes);
		return { assignment, values, submittedAt };
	});
	await insertSubmittedSheets(tx, input.rubricId, criteria, sheets);
}

/**
 * The demo round and the publication, in one transaction: the showcase round (decided, in the
 * past) holding the demo entries, each scored by the two demo judges and shortlisted, then
 * publication 1 with their results and gallery rows. Skipped when the challenge has a
 * publication already: results someone published are never rewritten by the seed.
 */
async function publishDemoRound(
	db: Database,
	challengeId: string,
	reference: Date,
	seeded: SeededEntry[]
) {
	if (seeded.length === 0) return;
	const at = (daysAgo: number, minutes = 0) =>
		addMilliseconds(reference, -daysAgo * DAY + minutes * 60_000);
	await db.transaction(async (tx) => {
		// The challenge row serializes two seeds run at once: one of them publishes.
		await tx
			.select({ id: challenges.id })
			.from(challenges)
			.where(eq(challenges.id, challengeId))
			.for('update');
		const [earlier] = await tx
			.select({ id: resultPublications.id })
			.from(resultPublications)
			.where(eq(resultPublications.challengeId, challengeId))
			.limit(1);
		if (earlier) return;
		const people = await tx
			.select({ id: users.id, email: users.email })
			.from(users)
			.where(
				inArray(users.email, [
					...demoRound.judges,
					...demoAccounts
						.filter((account) => account.roles.some((role) => role === 'organizer'))
						.map((account) => account.email)
				])
			);
		const judgeIds = demoRound.judges.flatMap(
			(email) => people.find((person) => person.email === email)?.id ?? []
		);
		const organizerId =
			people.find((person) => !demoRound.judges.some((email) => email === person.email))?.id ??
			null;

		// Its own rubric version, locked as scoring locks one: the current rounds' rubric stays
		// editable in place.
		const [rubric] = await tx
			.insert(rubrics)
			.values({
				challengeId,
				familyId: crypto.randomUUID(),
				name: demoRound.rubricName,
				description: defaultRubric.description,
				lockedAt: at(demoRound.opened),
				createdAt: at(demoRound.opened + 1),
				updatedAt: at(demoRound.opened)
			})
			.returning({ id: rubrics.id });
		const criteria = await tx
			.insert(rubricCriteria)
			.values(
				defaultRubric.criteria.map((criterion, position) => ({
					...criterion,
					rubricId: rubric.id,
					position
				}))
			)
			.returning({
				id: rubricCriteria.id,
				position: rubricCriteria.position,
				weight: rubricCriteria.weight,
				scaleMin: rubricCriteria.scaleMin,
				scaleMax: rubricCriteria.scaleMax
			});
		criteria.sort((a, b) => a.position - b.position);

		// After the challenge's own rounds, so that round 1 stays the round entries join.
		const [{ highest }] = await tx
			.select({ highest: max(rounds.position) })
			.from(rounds)
			.where(eq(rounds.challengeId, challengeId));
		await seedPanelsRound(tx, {
			challengeId,
			position: (highest ?? 0) + 1,
			rubricId: rubric.id,
			criteria,
			judgeIds,
			organizerId,
			seeded,
			at
		});
		const [round] = await tx
			.insert(rounds)
			.values({
				challengeId,
				position: (highest ?? 0) + 2,
				name: demoRound.name,
				rubricId: rubric.id,
				state: 'decided',
				opensAt: at(demoRound.opened),
				closesAt: at(demoRound.closed),
				judgesPerEntry: 2,
				blind: true,
				openedAt: at(demoRound.opened),
				closedAt: at(demoRound.closed),
				decidedAt: at(demoRound.decided),
				createdAt: at(demoRound.opened + 1),
				updatedAt: at(demoRound.decided)
			})
			.returning({ id: rounds.id });
		await tx.insert(roundEntries).values(
			seeded.map((row, index) => ({
				roundId: round.id,
				entryId: row.entryId,
				label: index + 1,
				addedAt: at(demoRound.opened)
			}))
		);

		// Every entry scored by both demo judges, all six well enough to be shortlisted.
		if (judgeIds.length > 0) {
			const placed = await tx
				.insert(assignments)
				.values(
					seeded.flatMap((row) =>
						judgeIds.map((judgeId) => ({
							roundId: round.id,
							entryId: row.entryId,
							judgeId,
							assignedBy: organizerId,
							createdAt: at(demoRound.opened)
						}))
					)
				)
				.returning({
					id: assignments.id,
					entryId: assignments.entryId,
					judgeId: assignments.judgeId
				});
			const sheets = placed.map((assignment) => {
				const entryIndex = seeded.findIndex((row) => row.entryId === assignment.entryId);
				const judgeIndex = judgeIds.indexOf(assignment.judgeId);
				// Fives down to threes, a little lower for each entry after the first; the second
				// judge agrees but on one criterion, one point nearer the middle (a panel that agrees
				// well: its agreement figure is high).
				const values = new Map(
					criteria.map((criterion, index) => {
						const value =
							(index < criteria.length - entryIndex ? 5 : 4) -
							(entryIndex >= 3 && index >= 3 ? 1 : 0);
						const differs = judgeIndex > 0 && index === entryIndex % criteria.length;
						return [criterion.id, differs ? value + (value < 4 ? 1 : -1) : value];
					})
				);
				const submittedAt = at(demoRound.closed + 3, entryIndex * 7 + judgeIndex * 41);
				return { assignment, values, submittedAt };
			});
			await insertSubmittedSheets(tx, rubric.id, criteria, sheets);
		}
		await tx.insert(entryDecisions).values(
			seeded.map((row) => ({
				roundId: round.id,
				entryId: row.entryId,
				decision: 'shortlist' as const,
				decidedBy: organizerId,
				decidedAt: at(demoRound.decided)
			}))
		);

		const publishedAt = at(demoRound.published);
		const [publication] = await tx
			.insert(resultPublications)
			.values({
				challengeId,
				version: 1,
				reason: '',
				scoreBasis: 'adjusted',
				publishedBy: organizerId,
				publishedAt
			})
			.returning({ id: resultPublications.id });
		// Ranks and scores as a publication records them: from the round's leaderboard.
		const board = await getLeaderboard(tx, challengeId, round.id);
		const rowOf = new Map((board?.rows ?? []).map((row) => [row.entryId, row]));
		const hundredths = (value: number | null | undefined) =>
			value === null || value === undefined ? null : Math.round(value * 100);
		await tx.insert(publishedResults).values(
			seeded.map((row) => {
				const scored = rowOf.get(row.entryId);
				return {
					publicationId: publication.id,
					entryId: row.entryId,
					roundId: round.id,
					decision: 'shortlist' as const,
					rank: scored?.trackRankAdjusted ?? null,
					scoreBasis: 'adjusted',
					rawMeanHundredths: hundredths(scored?.rawMean),
					adjustedHundredths: hundredths(scored?.adjusted),
					reviews: scored?.reviews ?? 0
				};
			})
		);

		const covers = await tx
			.select()
			.from(files)
			.where(
				inArray(
					files.id,
					seeded.flatMap((row) => (row.coverFileId ? [row.coverFileId] : []))
				)
			);
		await tx
			.insert(galleryEntries)
			.values(
				seeded.map(({ demo, entryId, track, coverFileId }) => {
					const file = covers.find((cover) => cover.id === coverFileId);
					return {
						entryId,
						challengeId,
						publicationId: publication.id,
						slug: demo.slug,
						position: track.position * 1000 + 1,
						title: demo.title,
						tagline: demo.tagline,
						trackId: track.id,
						trackSlug: track.slug,
						trackName: track.name,
						sdgs: demo.sdgs,
						countries: demo.countries,
						problem: demo.problem,
						solution: demo.solution,
						aiApproach: demo.aiApproach,
						responsibleAi: {
							privacy: demo.privacy,
							fairness: demo.fairness,
							oversight: demo.oversight,
							accessibility: demo.accessibility
						},
						impact: demo.impact,
						videoUrl: demo.videoUrl,
						prototypeUrl: demo.prototypeUrl,
						repositoryUrl: demo.repositoryUrl,
						teamName: demo.team,
						memberNames: demo.members.map((member) => member.name),
						coverFileId: file?.id ?? null,
						coverWidth: file?.width ?? null,
						coverHeight: file?.height ?? null,
						coverWidths: file ? file.variants.map((variant) => variant.width) : [],
						publishedAt
					};
				})
			)
			.onConflictDoNothing();
	});
}
