import { redirect } from '@sveltejs/kit';
import { localize } from '$lib/domain/localized-text';
import { getLocale } from '$lib/paraglide/runtime';
import {
	createTeamSchema,
	emailInviteSchema,
	guardianSchema,
	inviteIdSchema,
	linkInviteSchema,
	memberSchema,
	renameTeamSchema
} from '$lib/schemas/team';
import { requireChallenge } from '$lib/server/challenge';
import { now } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { getFileStore } from '$lib/server/files';
import { displayZones, formatDateTime } from '$lib/server/format';
import { parseForm, runAction } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import { requestGuardianConsent } from '$lib/server/services/consent';
import { entrySummary, getTeamEntry } from '$lib/server/services/entries';
import { publishedResultForEntry } from '$lib/server/services/publication';
import { teamFeedback } from '$lib/server/services/team-feedback';
import {
	createInviteLink,
	createTeam,
	findMembership,
	inviteByEmail,
	leaveTeam,
	listOpenInvites,
	listTeamMembers,
	removeMember,
	renameTeam,
	revokeInvite,
	transferLead
} from '$lib/server/services/teams';
import { teamEligibility } from '$lib/server/services/team-eligibility';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user } = requireUser(event);
	const db = await getDb();
	const challenge = await requireChallenge(db);
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const current = now();
	const deadline = {
		label: formatDateTime(challenge.submissionDeadlineAt, locale, zones),
		iso: challenge.submissionDeadlineAt.toISOString(),
		passed: current >= challenge.submissionDeadlineAt,
		daysLeft: Math.max(
			0,
			Math.floor((challenge.submissionDeadlineAt.getTime() - current.getTime()) / 86_400_000)
		)
	};
	const rules = {
		teamMinSize: challenge.teamMinSize,
		teamMaxSize: challenge.teamMaxSize,
		challengeTitle: localize(challenge.title, locale)
	};
	const membership = await findMembership(db, user.id, challenge.id);
	if (!membership) return { team: null, deadline, rules };

	const [members, entry, eligibility] = await Promise.all([
		listTeamMembers(db, membership.teamId, challenge, user.id),
		getTeamEntry(db, membership.teamId),
		teamEligibility(db, membership.teamId, challenge)
	]);
	const lead = membership.role === 'lead';
	const [summary, feedback, result] = await Promise.all([
		entrySummary(db, entry),
		teamFeedback(db, entry.id),
		publishedResultForEntry(db, challenge.id, entry.id)
	]);
	// The submit rule's verdict on the team's size (members' own problems are shown per member).
	const sizeProblem =
		eligibility
			.map((problem) =>
				problem.kind === 'too_small'
					? { kind: 'too_small' as const, count: problem.min }
					: problem.kind === 'too_large'
						? { kind: 'too_large' as const, count: problem.max }
						: null
			)
			.find((problem) => problem !== null) ?? null;
	const me = members.find((member) => member.userId === user.id);
	return {
		team: { id: membership.teamId, name: membership.teamName, lead },
		deadline,
		rules,
		members: members.map((member) => ({
			userId: member.userId,
			name: member.name,
			role: member.role,
			you: member.userId === user.id,
			minor: member.minor,
			consent: member.consent,
			ageProblem: member.ageProblem
		})),
		sizeProblem,
		hasFeedback: feedback.length > 0,
		// The result as last published; nothing before the organizers publish.
		result: result
			? {
					decision: result.decision,
					round: result.roundName,
					publishedAt: formatDateTime(result.publishedAt, locale, zones)
				}
			: null,
		needsGuardian: Boolean(me?.minor && !me.consent?.given),
		guardianRequested: me?.consent?.requested ? me.consent.guardianEmail : null,
		invites: lead
			? (await listOpenInvites(db, membership.teamId)).map((invite) => ({
					id: invite.id,
					email: invite.email,
					singleUse: invite.singleUse,
					expires: formatDateTime(invite.expiresAt, locale, zones)
				}))
			: [],
		entry: {
			...summary,
			// After the deadline there is nothing to submit again: no invitation to do so.
			unsubmittedChanges: summary.unsubmittedChanges && !deadline.passed,
			latestVersion: summary.latestVersion
				? {
						number: summary.latestVersion.number,
						submitted: formatDateTime(summary.latestVersion.submittedAt, locale, zones)
					}
				: null
		}
	};
}) satisfies PageServerLoad;

/** Loads what every action needs: the signed-in person, the database and the challenge. */
async function setup(event: Parameters<Actions[string]>[0]) {
	const { user } = requireUser(event);
	const db = await getDb();
	const challenge = await requireChallenge(db);
	return { user, db, challenge, context: requestContext(event) };
}

export const actions = {
	create: async (event) => {
		const { user, db, challenge, context } = await setup(event);
		const parsed = await parseForm(event.request, createTeamSchema, 'create');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'create', () =>
			createTeam(db, user.id, challenge, parsed.data, context)
		);
		if (!result.ok) return result.failure;
		redirect(303, '/team?notice=team_created');
	},
	rename: async (event) => {
		const { user, db, challenge, context } = await setup(event);
		const parsed = await parseForm(event.request, renameTeamSchema, 'rename');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'rename', () =>
			renameTeam(db, user.id, challenge, parsed.data, context)
		);
		if (!result.ok) return result.failure;
		redirect(303, '/team?notice=team_renamed');
	},
	inviteEmail: async (event) => {
		const { user, db, challenge, context } = await setup(event);
		const parsed = await parseForm(event.request, emailInviteSchema, 'inviteEmail');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'inviteEmail', () =>
			inviteByEmail(db, user.id, challenge, parsed.data, context)
		);
		if (!result.ok) return result.failure;
		return { form: 'inviteEmail', sentTo: parsed.data.email };
	},
	inviteLink: async (event) => {
		const { user, db, challenge, context } = await setup(event);
		const parsed = await parseForm(event.request, linkInviteSchema, 'inviteLink');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'inviteLink', () =>
			createInviteLink(db, user.id, challenge, parsed.data, context)
		);
		if (!result.ok) return result.failure;
		// Shown once: only the hash is stored.
		return {
			form: 'inviteLink',
			link: result.value.url,
			expires: formatDateTime(
				result.value.expiresAt,
				getLocale(),
				displayZones(event.locals.timeZone, challenge.timeZone)
			)
		};
	},
	revokeInvite: async (event) => {
		const { user, db, challenge, context } = await setup(event);
		const parsed = await parseForm(event.request, inviteIdSchema, 'revokeInvite');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'revokeInvite', () =>
			revokeInvite(db, user.id, challenge, parsed.data.inviteId, context)
		);
		if (!result.ok) return result.failure;
		redirect(303, '/team?notice=invite_revoked');
	},
	leave: async (event) => {
		const { user, db, challenge, context } = await setup(event);
		const result = await runAction(event, new FormData(), 'leave', () =>
			leaveTeam(db, getFileStore(), user.id, challenge, context)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/team?notice=${result.value === 'dissolved' ? 'team_dissolved' : 'team_left'}`);
	},
	removeMember: async (event) => {
		const { user, db, challenge, context } = await setup(event);
		const parsed = await parseForm(event.request, memberSchema, 'members');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'members', () =>
			removeMember(db, user.id, challenge, parsed.data.userId, context)
		);
		if (!result.ok) return result.failure;
		redirect(303, '/team?notice=member_removed');
	},
	transferLead: async (event) => {
		const { user, db, challenge, context } = await setup(event);
		const parsed = await parseForm(event.request, memberSchema, 'members');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'members', () =>
			transferLead(db, user.id, challenge, parsed.data.userId, context)
		);
		if (!result.ok) return result.failure;
		redirect(303, '/team?notice=lead_transferred');
	},
	guardian: async (event) => {
		const { user, db, challenge, context } = await setup(event);
		const parsed = await parseForm(event.request, guardianSchema, 'guardian');
		if (!parsed.ok) return parsed.failure;
		const result = await runAction(event, parsed.formData, 'guardian', () =>
			requestGuardianConsent(db, user.id, challenge, parsed.data, context)
		);
		if (!result.ok) return result.failure;
		return { form: 'guardian', sentTo: parsed.data.guardianEmail };
	}
} satisfies Actions;
