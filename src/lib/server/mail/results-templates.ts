import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import type { Decision } from '../db/schema';
import { chosenText, renderEmail } from './templates';

function decisionParagraph(
	locale: Locale,
	decision: Decision,
	details: { title: string; round: string }
): string {
	switch (decision) {
		case 'advance':
			return m.results_email_advance(details, { locale });
		case 'shortlist':
			return m.results_email_shortlist(details, { locale });
		case 'not_selected':
			return m.results_email_not_selected(details, { locale });
	}
}

export const resultsEmails = {
	/**
	 * A team's result once the organizers publish (or re-publish with a changed decision). The
	 * link leads to the judges' feedback when the round's feedback is released, else to /team.
	 */
	published: (
		locale: Locale,
		details: {
			name: string;
			challenge: string;
			title: string;
			round: string;
			decision: Decision;
			updated: boolean;
			feedbackUrl: string | null;
			teamUrl: string;
		}
	) =>
		renderEmail(locale, {
			subject: details.updated
				? m.results_email_subject_updated({ challenge: details.challenge }, { locale })
				: m.results_email_subject({ challenge: details.challenge }, { locale }),
			name: details.name,
			paragraphs: [
				...(details.updated ? [m.results_email_updated_intro({}, { locale })] : []),
				decisionParagraph(locale, details.decision, {
					title: chosenText(details.title),
					round: details.round
				}),
				details.feedbackUrl
					? m.results_email_feedback({}, { locale })
					: m.results_email_team_page({}, { locale })
			],
			action: details.feedbackUrl
				? { label: m.results_email_feedback_action({}, { locale }), url: details.feedbackUrl }
				: { label: m.results_email_team_action({}, { locale }), url: details.teamUrl }
		})
};
