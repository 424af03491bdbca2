import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { chosenText, renderEmail } from './templates';

/**
 * Mails about a team. Invitations and consent requests go to any address a participant types, so
 * their subjects carry no text a person chose, and their bodies quote such text (see chosenText)
 * as what someone wrote.
 */
export const teamEmails = {
	invite: (
		locale: Locale,
		details: { inviter: string; team: string; challenge: string; url: string }
	) =>
		renderEmail(locale, {
			subject: m.email_team_invite_subject({}, { locale }),
			name: m.email_team_invite_greeting_name({}, { locale }),
			paragraphs: [
				m.email_team_invite_body(
					{
						inviter: chosenText(details.inviter),
						team: chosenText(details.team),
						challenge: details.challenge
					},
					{ locale }
				),
				m.email_team_invite_expiry({}, { locale }),
				m.email_quoted_by_sender({}, { locale })
			],
			action: { label: m.email_team_invite_action({}, { locale }), url: details.url }
		}),
	consentRequest: (
		locale: Locale,
		details: { participant: string; challenge: string; url: string }
	) =>
		renderEmail(locale, {
			subject: m.email_consent_subject({}, { locale }),
			// The guardian's name was typed by the participant: the greeting does not repeat it.
			name: m.email_consent_greeting_name({}, { locale }),
			paragraphs: [
				m.email_consent_body(
					{ participant: chosenText(details.participant), challenge: details.challenge },
					{ locale }
				),
				m.email_consent_expiry({}, { locale }),
				m.email_quoted_by_sender({}, { locale })
			],
			action: { label: m.email_consent_action({}, { locale }), url: details.url }
		}),
	consentGiven: (locale: Locale, details: { participant: string; guardian: string }) =>
		renderEmail(locale, {
			subject: m.email_consent_given_subject({}, { locale }),
			name: details.participant,
			paragraphs: [
				m.email_consent_given_body({ guardian: chosenText(details.guardian) }, { locale })
			]
		}),
	submitted: (
		locale: Locale,
		details: { name: string; team: string; title: string; version: number; url: string }
	) =>
		renderEmail(locale, {
			subject: m.email_submitted_subject({}, { locale }),
			name: details.name,
			paragraphs: [
				m.email_submitted_body(
					{
						team: chosenText(details.team),
						title: chosenText(details.title),
						version: details.version
					},
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
			subject: m.email_withdrawn_subject({}, { locale }),
			name: details.name,
			paragraphs: [
				m.email_withdrawn_body(
					{ team: chosenText(details.team), title: chosenText(details.title) },
					{ locale }
				)
			],
			action: { label: m.email_submitted_action({}, { locale }), url: details.url }
		})
};
