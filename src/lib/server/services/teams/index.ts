/** Teams: membership (members.ts) and invitations (invites.ts), on the checks they share. */
export { findMembership } from './shared';
export type { Membership } from './shared';
export {
	createTeam,
	renameTeam,
	leaveTeam,
	removeMember,
	transferLead,
	listTeamMembers
} from './members';
export type { TeamMemberView } from './members';
export {
	inviteByEmail,
	createInviteLink,
	revokeInvite,
	previewInvite,
	acceptInvite,
	listOpenInvites
} from './invites';
