import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { renderEmail } from './templates';

/** What a judge's work mails share: the round, its window (with its zone) and the entries. */
type WorkDetails = {
	name: string;
	round: string;
	challenge: string;
	/** Entry labels ("Entry 0007") in blind rounds, titles otherwise. */
	entries: string[];
	blind: boolean;
	opensAt: string;
	closesAt: string;
	timeZone: string;
	url: string;
};

function workParagraphs(locale: Locale, details: WorkDetails, first: string): string[] {
	return [
		first,
		m.email_judging_window(
			{ opens: details.opensAt, closes: details.closesAt, zone: details.timeZone },
			{ locale }
		),
		...(details.blind ? [m.email_judging_blind_note({}, { locale })] : [])
	];
}

export const judgingEmails = {
	/**
	 * A judge's work in a round: all their entries when it has just opened ("opened"), or the
	 * entries given to them while it is already open ("assigned").
	 */
	work: (locale: Locale, kind: 'opened' | 'assigned', details: WorkDetails) => {
		const texts = {
			opened: [m.email_judging_opened_subject, m.email_judging_opened_body],
			assigned: [m.email_judging_assigned_subject, m.email_judging_assigned_body]
		} as const;
		const [subject, body] = texts[kind];
		return renderEmail(locale, {
			subject: subject({ round: details.round }, { locale }),
			name: details.name,
			paragraphs: workParagraphs(
				locale,
				details,
				body({ round: details.round, challenge: details.challenge }, { locale })
			),
			list: details.entries,
			action: { label: m.email_judging_reminder_action({}, { locale }), url: details.url }
		});
	},
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
