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
import { now } from '$lib/server/clock';
import { getFileStore } from '$lib/server/files';
import { displayZones, formatDateTime } from '$lib/server/format';
import { formAction, participant, serviceAction } from '$lib/server/guards';
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
	const { user, db, challenge } = await participant();
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

export const actions = {
	create: async () => {
		const { db, challenge, actor } = await participant();
		return formAction(createTeamSchema, 'create', async (input) => {
			await createTeam(db, actor, { challenge, ...input });
			redirect(303, '/team?notice=team_created');
		});
	},
	rename: async () => {
		const { db, challenge, actor } = await participant();
		return formAction(renameTeamSchema, 'rename', async (input) => {
			await renameTeam(db, actor, { challenge, ...input });
			redirect(303, '/team?notice=team_renamed');
		});
	},
	inviteEmail: async () => {
		const { db, challenge, actor } = await participant();
		return formAction(emailInviteSchema, 'inviteEmail', async (input) => {
			await inviteByEmail(db, actor, { challenge, ...input });
			return { form: 'inviteEmail', sentTo: input.email };
		});
	},
	inviteLink: async (event) => {
		const { db, challenge, actor } = await participant();
		return formAction(linkInviteSchema, 'inviteLink', async (input) => {
			const link = await createInviteLink(db, actor, { challenge, ...input });
			// Shown once: only the hash is stored.
			return {
				form: 'inviteLink',
				link: link.url,
				expires: formatDateTime(
					link.expiresAt,
					getLocale(),
					displayZones(event.locals.timeZone, challenge.timeZone)
				)
			};
		});
	},
	revokeInvite: async () => {
		const { db, challenge, actor } = await participant();
		return formAction(inviteIdSchema, 'revokeInvite', async (input) => {
			await revokeInvite(db, actor, { challenge, inviteId: input.inviteId });
			redirect(303, '/team?notice=invite_revoked');
		});
	},
	leave: async () => {
		const { db, challenge, actor } = await participant();
		return serviceAction(new FormData(), 'leave', async () => {
			const left = await leaveTeam(db, getFileStore(), actor, { challenge });
			redirect(303, `/team?notice=${left === 'dissolved' ? 'team_dissolved' : 'team_left'}`);
		});
	},
	removeMember: async () => {
		const { db, challenge, actor } = await participant();
		return formAction(memberSchema, 'members', async (input) => {
			await removeMember(db, actor, { challenge, memberUserId: input.userId });
			redirect(303, '/team?notice=member_removed');
		});
	},
	transferLead: async () => {
		const { db, challenge, actor } = await participant();
		return formAction(memberSchema, 'members', async (input) => {
			await transferLead(db, actor, { challenge, newLeadUserId: input.userId });
			redirect(303, '/team?notice=lead_transferred');
		});
	},
	guardian: async () => {
		const { db, challenge, actor } = await participant();
		return formAction(guardianSchema, 'guardian', async (input) => {
			await requestGuardianConsent(db, actor, { challenge, ...input });
			return { form: 'guardian', sentTo: input.guardianEmail };
		});
	}
} satisfies Actions;
