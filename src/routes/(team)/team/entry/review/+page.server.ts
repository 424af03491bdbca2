import { redirect } from '@sveltejs/kit';
import { inArray } from 'drizzle-orm';
import { QUESTION_ORDER, TEXT_QUESTIONS, type TextQuestionKey } from '$lib/domain/entry-fields';
import { countryName } from '$lib/domain/countries';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { files } from '$lib/server/db/schema';
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
import { listTeamMembers } from '$lib/server/services/teams';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, db, challenge, membership } = await teamMember();
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const [entry, members] = await Promise.all([
		getTeamEntry(db, membership.teamId),
		listTeamMembers(db, membership.teamId, challenge, user.id)
	]);
	const summary = await entrySummary(db, entry);
	const fileIds = [entry.coverFileId, entry.deckFileId].filter((id): id is string => Boolean(id));
	const fileRows = fileIds.length
		? await db.select().from(files).where(inArray(files.id, fileIds))
		: [];
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
	const problems = [
		...(members.length < challenge.teamMinSize
			? [m.entry_problem_too_small({ min: challenge.teamMinSize })]
			: []),
		...(members.length > challenge.teamMaxSize
			? [m.entry_problem_too_large({ max: challenge.teamMaxSize })]
			: []),
		...members.flatMap((member) =>
			member.ageProblem
				? [m.entry_problem_age({ name: member.name })]
				: member.minor && !member.consent?.given
					? [m.entry_problem_consent({ name: member.name })]
					: []
		)
	];
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
		cover: fileRows.find((file) => file.id === entry.coverFileId) ?? null,
		deck: fileRows.find((file) => file.id === entry.deckFileId) ?? null,
		problems
	};
}) satisfies PageServerLoad;

export const actions = {
	submit: async () => {
		const { user, db, challenge, actor } = await teamMember();
		// A refusal (missing answers, eligibility, deadline) comes back as a failure with its message.
		return serviceAction(new FormData(), 'submit', async () => {
			const { version, created } = await submitEntry(db, user.id, challenge, actor);
			return { form: 'submit', submitted: version, created };
		});
	},
	withdraw: async () => {
		const { user, db, challenge, actor } = await teamMember();
		return serviceAction(new FormData(), 'withdraw', async () => {
			await withdrawEntry(db, user.id, challenge, actor);
			redirect(303, '/team?notice=entry_withdrawn');
		});
	}
} satisfies Actions;
