import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { renderEmail } from './templates';

export const teamEmails = {
	invite: (
		locale: Locale,
		details: { inviter: string; team: string; challenge: string; url: string }
	) =>
		renderEmail(locale, {
			subject: m.email_team_invite_subject({ team: details.team }, { locale }),
			name: m.email_team_invite_greeting_name({}, { locale }),
			paragraphs: [
				m.email_team_invite_body(
					{ inviter: details.inviter, team: details.team, challenge: details.challenge },
					{ locale }
				),
				m.email_team_invite_expiry({}, { locale }),
				m.email_ignore({}, { locale })
			],
			action: { label: m.email_team_invite_action({}, { locale }), url: details.url }
		}),
	consentRequest: (
		locale: Locale,
		details: { guardian: string; participant: string; challenge: string; url: string }
	) =>
		renderEmail(locale, {
			subject: m.email_consent_subject({ participant: details.participant }, { locale }),
			name: details.guardian,
			paragraphs: [
				m.email_consent_body(
					{ participant: details.participant, challenge: details.challenge },
					{ locale }
				),
				m.email_consent_expiry({}, { locale }),
				m.email_ignore({}, { locale })
			],
			action: { label: m.email_consent_action({}, { locale }), url: details.url }
		}),
	consentGiven: (locale: Locale, details: { participant: string; guardian: string }) =>
		renderEmail(locale, {
			subject: m.email_consent_given_subject({}, { locale }),
			name: details.participant,
			paragraphs: [m.email_consent_given_body({ guardian: details.guardian }, { locale })]
		}),
	submitted: (
		locale: Locale,
		details: { name: string; team: string; title: string; version: number; url: string }
	) =>
		renderEmail(locale, {
			subject: m.email_submitted_subject({ title: details.title }, { locale }),
			name: details.name,
			paragraphs: [
				m.email_submitted_body(
					{ team: details.team, title: details.title, version: details.version },
					{ locale }
				),
				m.email_submitted_edit({}, { locale })
			],
			action: { label: m.email_submitted_action({}, { locale }), url: details.url }
		}),
	withdrawn: (
		locale: Locale,
		details: { name: string; team: string; title: string; url: string }
	) =>
		renderEmail(locale, {
			subject: m.email_withdrawn_subject({ title: details.title }, { locale }),
			name: details.name,
			paragraphs: [
				m.email_withdrawn_body({ team: details.team, title: details.title }, { locale })
			],
			action: { label: m.email_submitted_action({}, { locale }), url: details.url }
		})
};
