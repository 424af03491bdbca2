import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { renderEmail } from './templates';

export const judgingEmails = {
	reminder: (
		locale: Locale,
		details: {
			name: string;
			round: string;
			challenge: string;
			unfinished: number;
			drafts: number;
			closesAt: string;
			url: string;
		}
	) =>
		renderEmail(locale, {
			subject: m.email_judging_reminder_subject({ count: details.unfinished }, { locale }),
			name: details.name,
			paragraphs: [
				m.email_judging_reminder_body(
					{
						round: details.round,
						challenge: details.challenge,
						count: details.unfinished,
						drafts: details.drafts
					},
					{ locale }
				),
				m.email_judging_reminder_deadline({ date: details.closesAt }, { locale })
			],
			action: { label: m.email_judging_reminder_action({}, { locale }), url: details.url }
		})
};
