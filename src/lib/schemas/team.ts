import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { emailField, requiredText } from './fields';

export const teamNameField = requiredText(80).refine((value) => [...value].length >= 2, {
	error: () => m.team_error_name_short()
});

export const createTeamSchema = z.object({ name: teamNameField });
export const renameTeamSchema = z.object({ name: teamNameField });

export const emailInviteSchema = z.object({ email: emailField });

export const linkInviteSchema = z.object({
	uses: z.enum(['single', 'multiple'], { error: () => m.team_error_invite_uses() }),
	days: z.coerce
		.number({ error: () => m.team_error_invite_days() })
		.int({ error: () => m.team_error_invite_days() })
		.min(1, { error: () => m.team_error_invite_days() })
		.max(14, { error: () => m.team_error_invite_days() })
});

export const memberSchema = z.object({
	userId: z.uuid({ error: () => m.error_invalid_request() })
});

export const inviteIdSchema = z.object({
	inviteId: z.uuid({ error: () => m.error_invalid_request() })
});

export const guardianSchema = z.object({
	guardianName: requiredText(100),
	guardianEmail: emailField
});

export const consentSchema = z.object({
	token: z.string().min(1).max(200),
	signedName: requiredText(100),
	agree: z.literal('yes', { error: () => m.consent_error_agree() })
});
