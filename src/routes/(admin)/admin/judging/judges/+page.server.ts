import { countryName } from '$lib/domain/countries';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDate } from '$lib/server/format';
import {
	confirmConflict,
	conflictIdSchema,
	countJudgeConflicts,
	detectConflicts,
	dismissConflict,
	listJudgeConflicts,
	type ConflictRow
} from '$lib/server/services/conflicts';
import {
	inviteIdSchema,
	inviteJudge,
	inviteJudgeSchema,
	listInvites,
	revokeInvite
} from '$lib/server/services/judge-invites';
import { listChallengeTracks, listJudges } from '$lib/server/services/judge-profiles';
import { formAction, organizer } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

const STATUSES = ['suggested', 'confirmed', 'dismissed'] as const;
type Status = (typeof STATUSES)[number];

/** What the organizer reads about one conflict row. */
function describeConflict(row: ConflictRow, locale: string) {
	const about =
		row.kind === 'team'
			? m.judges_team_label({ team: row.teamName ?? '' })
			: row.kind === 'country'
				? `${m.judges_label_country()}: ${countryName(row.value, locale)}`
				: `${m.judges_label_organization()}: ${row.value}`;
	let reason = row.reason;
	if (row.source === 'system') {
		if (row.reason === 'team_member') reason = m.judges_reason_team_member();
		else if (row.reason === 'same_organization')
			reason = m.judges_reason_same_organization({ organization: row.value });
		else if (row.reason === 'email_domain')
			reason = m.judges_reason_email_domain({ domain: row.value });
	}
	const source = {
		judge: m.judges_source_judge,
		system: m.judges_source_system,
		organizer: m.judges_source_organizer
	}[row.source]();
	return { about, reason, source };
}

export const load = (async (event) => {
	const { db, challenge } = await organizer();
	const locale = getLocale();
	const zone = event.locals.timeZone ?? challenge.timeZone;
	const params = event.url.searchParams;
	const requested = params.get('status');
	const status: Status = STATUSES.includes(requested as Status)
		? (requested as Status)
		: 'suggested';
	const cursor = (name: string) => {
		const value = params.get(name);
		return value && value.length <= 500 ? value : undefined;
	};
	const [invites, judges, conflicts, counts, challengeTracks] = await Promise.all([
		listInvites(db, challenge.id, { after: cursor('invitesAfter') }),
		listJudges(db, challenge.id, { after: cursor('judgesAfter') }),
		listJudgeConflicts(db, { challengeId: challenge.id, status, after: cursor('conflictsAfter') }),
		countJudgeConflicts(db, challenge.id),
		listChallengeTracks(db, challenge.id)
	]);
	const trackNames = new Map(
		challengeTracks.map((track) => [track.id, localize(track.name, locale)])
	);
	return {
		status,
		counts,
		paged: {
			invites: Boolean(cursor('invitesAfter')),
			judges: Boolean(cursor('judgesAfter')),
			conflicts: Boolean(cursor('conflictsAfter'))
		},
		invites: {
			nextAfter: invites.nextAfter,
			rows: invites.invites.map((invite) => ({
				id: invite.id,
				email: invite.email,
				status: invite.status,
				sent: formatDate(invite.createdAt, locale, zone),
				expires: formatDate(invite.expiresAt, locale, zone),
				invitedBy: invite.invitedByName
			}))
		},
		judges: {
			nextAfter: judges.nextAfter,
			rows: judges.judges.map((judge) => ({
				id: judge.id,
				name: judge.name,
				email: judge.email,
				organization: judge.organization,
				country: judge.country ? countryName(judge.country, locale) : '',
				expertise: judge.expertise
					.map((id) => trackNames.get(id))
					.filter((name): name is string => Boolean(name)),
				assigned: judge.assigned
			}))
		},
		conflicts: {
			nextAfter: conflicts.nextAfter,
			rows: conflicts.conflicts.map((row) => ({
				id: row.id,
				judgeName: row.judgeName,
				judgeEmail: row.judgeEmail,
				status: row.status,
				created: formatDate(row.createdAt, locale, zone),
				decidedBy: row.decidedByName,
				...describeConflict(row, locale)
			}))
		}
	};
}) satisfies PageServerLoad;

export const actions = {
	invite: async () => {
		const { db, challenge, actor } = await organizer();
		return formAction(inviteJudgeSchema, 'invite', async (input) => {
			await inviteJudge(db, actor, { challengeId: challenge.id, email: input.email });
			return { form: 'invite', done: m.judges_invite_sent({ email: input.email }) };
		});
	},
	revoke: async () => {
		const { db, challenge, actor } = await organizer();
		return formAction(inviteIdSchema, 'revoke', async (input) => {
			await revokeInvite(db, actor, { challengeId: challenge.id, inviteId: input.inviteId });
			return { form: 'revoke', done: m.judges_invite_revoked() };
		});
	},
	detect: async () => {
		const { db, challenge, actor } = await organizer();
		const result = await detectConflicts(db, actor, { challengeId: challenge.id });
		return { form: 'detect', done: m.judges_detected({ count: result.detected }) };
	},
	confirm: async () => {
		const { db, challenge, actor } = await organizer();
		return formAction(conflictIdSchema, 'decide', async (input) => {
			await confirmConflict(db, actor, { challengeId: challenge.id, conflictId: input.conflictId });
			return { form: 'decide', done: m.judges_conflict_confirmed() };
		});
	},
	dismiss: async () => {
		const { db, challenge, actor } = await organizer();
		return formAction(conflictIdSchema, 'decide', async (input) => {
			await dismissConflict(db, actor, { challengeId: challenge.id, conflictId: input.conflictId });
			return { form: 'decide', done: m.judges_conflict_dismissed() };
		});
	}
} satisfies Actions;
