import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import type { Executor } from '../db';
import {
	assignments,
	challenges,
	entries,
	entryVersions,
	roundEntries,
	rounds,
	userRoles,
	users
} from '../db/schema';
import { displayZones, formatDateTime, timeZoneName } from '../format';
import { judgingEmails } from '../mail/judging-templates';
import { enqueueEmail } from '../mail/outbox';
import { chosenText } from '../mail/templates';
import type { Actor } from '../request';

/**
 * Judges are told by mail when they have work: when a round holding their assignments opens
 * (one mail each, with all their entries and the window) and when entries are assigned to them
 * while the round is open (one mail per change, with the new entries). Both are written in the
 * caller's transaction through the outbox, so a mail goes out only for a change that was
 * committed. A draft round sends nothing: its judges hear from it when it opens.
 *
 * Blind rounds name entries by their round label only ("Entry 0007"), as the judge's workspace
 * does; the entries' titles are not even read. Other rounds name the title of the version the
 * judges read, as the workspace does.
 */

const asLocale = (value: string): Locale => (value === 'ko' ? 'ko' : 'en');

/** Mails every judge with live assignments in the round, which has just been opened. */
export function mailJudgesOfOpenedRound(
	tx: Executor,
	actor: Pick<Actor, 'baseUrl'>,
	input: { roundId: string }
): Promise<number> {
	return mailJudges(tx, input.roundId, null, 'opened', actor.baseUrl ?? '');
}

/** Mails the judges of these new assignments of a round, if the round is open. */
export function mailNewAssignments(
	tx: Executor,
	actor: Pick<Actor, 'baseUrl'>,
	input: { roundId: string; assignmentIds: string[] }
): Promise<number> {
	const { roundId, assignmentIds } = input;
	if (assignmentIds.length === 0) return Promise.resolve(0);
	return mailJudges(tx, roundId, assignmentIds, 'assigned', actor.baseUrl ?? '');
}

async function mailJudges(
	tx: Executor,
	roundId: string,
	assignmentIds: string[] | null,
	kind: 'opened' | 'assigned',
	baseUrl: string
): Promise<number> {
	const [round] = await tx
		.select({
			name: rounds.name,
			state: rounds.state,
			blind: rounds.blind,
			opensAt: rounds.opensAt,
			closesAt: rounds.closesAt,
			challengeTitle: challenges.title,
			timeZone: challenges.timeZone
		})
		.from(rounds)
		.innerJoin(challenges, eq(challenges.id, rounds.challengeId))
		.where(eq(rounds.id, roundId))
		.limit(1);
	if (!round || round.state !== 'open') return 0;

	// Work the judge really has: not suspended by a conflict, of an entry still in competition,
	// for someone who is still a judge.
	const rows = await tx
		.select({
			judgeId: assignments.judgeId,
			name: users.name,
			email: users.email,
			locale: users.locale,
			label: roundEntries.label,
			title: round.blind
				? sql<string | null>`null::text`
				: sql<string | null>`${entryVersions.content} ->> 'title'`
		})
		.from(assignments)
		.innerJoin(users, eq(users.id, assignments.judgeId))
		.innerJoin(
			userRoles,
			and(eq(userRoles.userId, assignments.judgeId), eq(userRoles.role, 'judge'))
		)
		.innerJoin(entries, eq(entries.id, assignments.entryId))
		.innerJoin(
			roundEntries,
			and(
				eq(roundEntries.roundId, assignments.roundId),
				eq(roundEntries.entryId, assignments.entryId)
			)
		)
		.leftJoin(
			entryVersions,
			and(
				eq(entryVersions.entryId, roundEntries.entryId),
				eq(entryVersions.number, roundEntries.versionNumber)
			)
		)
		.where(
			and(
				eq(assignments.roundId, roundId),
				isNull(assignments.suspendedAt),
				ne(entries.status, 'withdrawn'),
				assignmentIds ? inArray(assignments.id, assignmentIds) : undefined
			)
		)
		.orderBy(asc(assignments.judgeId), asc(roundEntries.label));

	const byJudge = new Map<string, typeof rows>();
	for (const row of rows) byJudge.set(row.judgeId, [...(byJudge.get(row.judgeId) ?? []), row]);

	for (const [judgeId, work] of byJudge) {
		const judge = work[0]!;
		const locale = asLocale(judge.locale);
		const entryName = (row: (typeof rows)[number]) =>
			round.blind || !row.title
				? m.judge_entry_label({ number: String(row.label) }, { locale })
				: chosenText(row.title);
		const details = {
			name: judge.name,
			round: chosenText(round.name),
			challenge: localize(round.challengeTitle, locale),
			entries: work.map(entryName),
			blind: round.blind,
			opensAt: formatDateTime(round.opensAt, locale, displayZones(null, round.timeZone)),
			closesAt: formatDateTime(round.closesAt, locale, displayZones(null, round.timeZone)),
			timeZone: timeZoneName(round.timeZone, locale, round.closesAt),
			url: `${baseUrl}/judge`
		};
		await enqueueEmail(tx, {
			to: judge.email,
			userId: judgeId,
			template: kind === 'opened' ? 'judging_round_opened' : 'judging_new_assignments',
			...judgingEmails.work(locale, kind, details)
		});
	}
	return byJudge.size;
}
