/** The demo rounds that are already over: judged, decided and published. */
import { eq, inArray, max } from 'drizzle-orm';
import { weightedTotal } from '$lib/domain/rubric';
import { hashPassword } from '../auth/password';
import { addMilliseconds, DAY } from '../clock';
import { getLeaderboard } from '../services/leaderboard';
import type { Database, Transaction } from '../db';
import {
	assignments,
	challenges,
	entryDecisions,
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
	users
} from '../db/schema';
import {
	defaultRubric,
	DEMO_PASSWORD,
	demoAccounts,
	demoPanelsRound,
	demoRound
} from './seed-data';

import type { SeededEntry } from './demo-gallery';
import { refreshGalleryFacets } from '../services/publication/facets';

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

/**
 * The demo round of two panels that share no entry (see demoPanelsRound), closed and undecided:
 * its leaderboard warns that scores cannot be compared across the panels. Its guest judges are
 * accounts without a role (their invitation ended with the round).
 */
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
export async function publishDemoRound(
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
		const { judgeIds, organizerId } = await demoJudges(tx);
		const { rubricId, criteria } = await insertShowcaseRubric(tx, challengeId, at);
		// After the challenge's own rounds, so that round 1 stays the round entries join.
		const [{ highest }] = await tx
			.select({ highest: max(rounds.position) })
			.from(rounds)
			.where(eq(rounds.challengeId, challengeId));
		await seedPanelsRound(tx, {
			challengeId,
			position: (highest ?? 0) + 1,
			rubricId,
			criteria,
			judgeIds,
			organizerId,
			seeded,
			at
		});
		const roundId = await insertShowcaseRound(tx, {
			challengeId,
			position: (highest ?? 0) + 2,
			rubricId,
			seeded,
			at
		});
		await scoreShowcaseRound(tx, {
			roundId,
			rubricId,
			criteria,
			judgeIds,
			organizerId,
			seeded,
			at
		});
		await publishShowcase(tx, { challengeId, roundId, organizerId, seeded, at });
	});
}

type At = (daysAgo: number, minutes?: number) => Date;
type Criterion = { id: string; weight: number; scaleMin: number; scaleMax: number };

/** The demo judges' ids (those that exist) and the demo organizer's, who decided and published. */
async function demoJudges(tx: Transaction) {
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
		people.find((person) => !demoRound.judges.some((email) => email === person.email))?.id ?? null;
	return { judgeIds, organizerId };
}

/**
 * The showcase round's own rubric version, locked as scoring locks one: the current rounds'
 * rubric stays editable in place.
 */
async function insertShowcaseRubric(tx: Transaction, challengeId: string, at: At) {
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
	return { rubricId: rubric.id, criteria };
}

/** The showcase round, decided in the past, holding the demo entries. */
async function insertShowcaseRound(
	tx: Transaction,
	input: { challengeId: string; position: number; rubricId: string; seeded: SeededEntry[]; at: At }
): Promise<string> {
	const { challengeId, rubricId, seeded, at } = input;
	const [round] = await tx
		.insert(rounds)
		.values({
			challengeId,
			position: input.position,
			name: demoRound.name,
			rubricId,
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
	return round.id;
}

/** Every entry scored by both demo judges, all six well enough to be shortlisted, and shortlisted. */
async function scoreShowcaseRound(
	tx: Transaction,
	input: {
		roundId: string;
		rubricId: string;
		criteria: Criterion[];
		judgeIds: string[];
		organizerId: string | null;
		seeded: SeededEntry[];
		at: At;
	}
) {
	const { roundId, rubricId, criteria, judgeIds, organizerId, seeded, at } = input;
	if (judgeIds.length > 0) {
		const placed = await tx
			.insert(assignments)
			.values(
				seeded.flatMap((row) =>
					judgeIds.map((judgeId) => ({
						roundId: roundId,
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
		await insertSubmittedSheets(tx, rubricId, criteria, sheets);
	}
	await tx.insert(entryDecisions).values(
		seeded.map((row) => ({
			roundId: roundId,
			entryId: row.entryId,
			decision: 'shortlist' as const,
			decidedBy: organizerId,
			decidedAt: at(demoRound.decided)
		}))
	);
}

/** Publication 1: the showcase round's results and the gallery rows of its entries. */
async function publishShowcase(
	tx: Transaction,
	input: {
		challengeId: string;
		roundId: string;
		organizerId: string | null;
		seeded: SeededEntry[];
		at: At;
	}
) {
	const { challengeId, roundId, organizerId, seeded, at } = input;
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
	const board = await getLeaderboard(tx, challengeId, roundId);
	const rowOf = new Map((board?.rows ?? []).map((row) => [row.entryId, row]));
	const hundredths = (value: number | null | undefined) =>
		value === null || value === undefined ? null : Math.round(value * 100);
	await tx.insert(publishedResults).values(
		seeded.map((row) => {
			const scored = rowOf.get(row.entryId);
			return {
				publicationId: publication.id,
				entryId: row.entryId,
				roundId: roundId,
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
	await refreshGalleryFacets(tx, challengeId);
}
