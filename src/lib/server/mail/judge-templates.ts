import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { chosenText, renderEmail } from './templates';

export const judgeEmails = {
	invite: (locale: Locale, details: { inviter: string; challenge: string; url: string }) =>
		renderEmail(locale, {
			subject: m.judges_email_invite_subject({ challenge: details.challenge }, { locale }),
			name: m.judges_email_invite_greeting_name({}, { locale }),
			paragraphs: [
				m.judges_email_invite_body(
					{ inviter: chosenText(details.inviter), challenge: details.challenge },
					{ locale }
				),
				m.judges_email_invite_account({}, { locale }),
				m.judges_email_invite_expiry({}, { locale }),
				m.email_ignore({}, { locale })
			],
			action: { label: m.judges_email_invite_action({}, { locale }), url: details.url }
		})
};
