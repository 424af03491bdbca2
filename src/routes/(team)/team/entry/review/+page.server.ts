import { redirect } from '@sveltejs/kit';
import { QUESTION_ORDER, TEXT_QUESTIONS, type TextQuestionKey } from '$lib/domain/entry-fields';
import { countryName } from '$lib/domain/countries';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { isReadOnly } from '$lib/server/entry-form';
import { displayZones, formatDateTime } from '$lib/server/format';
import { renderMarkdown } from '$lib/server/markdown';
import { serviceAction, teamMember } from '$lib/server/guards';
import {
	entrySummary,
	getTeamEntry,
	submitEntry,
	withdrawEntry
} from '$lib/server/services/entries';
import { entryMedia } from '$lib/server/services/files';
import { teamEligibility } from '$lib/server/services/team-eligibility';
import { listTeamMembers } from '$lib/server/services/teams';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, db, challenge, membership } = await teamMember();
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const [entry, members, eligibility] = await Promise.all([
		getTeamEntry(db, membership.teamId),
		listTeamMembers(db, membership.teamId, challenge, user.id),
		teamEligibility(db, membership.teamId, challenge)
	]);
	const summary = await entrySummary(db, entry);
	const { cover, deck } = await entryMedia(db, entry);
	const track = challenge.tracks.find((candidate) => candidate.id === entry.trackId);
	const answers = QUESTION_ORDER.map((key) => {
		if (key in TEXT_QUESTIONS) {
			const value = entry[key as TextQuestionKey];
			const kind = TEXT_QUESTIONS[key as TextQuestionKey].kind;
			return { key, kind, text: value, html: kind === 'markdown' ? renderMarkdown(value) : null };
		}
		const text =
			key === 'trackId'
				? track
					? localize(track.name, locale)
					: ''
				: key === 'countries'
					? entry.countries.map((code) => countryName(code, locale)).join(', ')
					: key === 'stage'
						? (entry.stage ?? '')
						: '';
		return { key, kind: key, text, html: null };
	});
	// The submit rule's own verdict, its members' problems in the order the page lists members.
	const position = new Map(members.map((member, index) => [member.userId, index]));
	const nameOf = (userId: string) => members[position.get(userId) ?? -1]?.name ?? '';
	const problems = eligibility
		.map((problem, index) => ({
			problem,
			order: 'userId' in problem ? (position.get(problem.userId) ?? index) : -1
		}))
		.sort((a, b) => a.order - b.order)
		.map(({ problem }) =>
			problem.kind === 'too_small'
				? m.entry_problem_too_small({ min: problem.min })
				: problem.kind === 'too_large'
					? m.entry_problem_too_large({ max: problem.max })
					: problem.kind === 'age'
						? m.entry_problem_age({ name: nameOf(problem.userId) })
						: m.entry_problem_consent({ name: nameOf(problem.userId) })
		);
	return {
		lead: membership.role === 'lead',
		readOnly: isReadOnly(challenge),
		summary: {
			status: summary.status,
			missing: summary.missing,
			// After the deadline there is nothing to submit again: no invitation to do so.
			unsubmittedChanges: summary.unsubmittedChanges && !isReadOnly(challenge),
			latestVersion: summary.latestVersion
				? {
						number: summary.latestVersion.number,
						submitted: formatDateTime(summary.latestVersion.submittedAt, locale, zones)
					}
				: null
		},
		answers,
		sdgs: entry.sdgs,
		cover,
		deck,
		problems
	};
}) satisfies PageServerLoad;

export const actions = {
	submit: async () => {
		const { db, challenge, actor } = await teamMember();
		// A refusal (missing answers, eligibility, deadline) comes back as a failure with its message.
		return serviceAction(new FormData(), 'submit', async () => {
			const { version, created } = await submitEntry(db, actor, { challenge });
			return { form: 'submit', submitted: version, created };
		});
	},
	withdraw: async () => {
		const { db, challenge, actor } = await teamMember();
		return serviceAction(new FormData(), 'withdraw', async () => {
			await withdrawEntry(db, actor, { challenge });
			redirect(303, '/team?notice=entry_withdrawn');
		});
	}
} satisfies Actions;
