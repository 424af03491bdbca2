import { countryName } from '$lib/domain/countries';
import { QUESTION_ORDER, TEXT_QUESTIONS, type TextQuestionKey } from '$lib/domain/entry-fields';
import { localize } from '$lib/domain/localized-text';
import { getLocale } from '$lib/paraglide/runtime';
import { entryIdSchema } from '$lib/schemas/organizer';
import { type Database } from '$lib/server/db';
import { isServiceError } from '$lib/server/errors';
import { displayZones, formatDateTime } from '$lib/server/format';
import { renderMarkdown } from '$lib/server/markdown';
import { listAudit } from '$lib/server/services/admin-audit';
import { getEntryForOrganizer } from '$lib/server/services/admin-entries';
import { organizer } from '$lib/server/guards';
import { auditRows } from '../../audit/audit-rows.server';
import type { PageServerLoad } from './$types';
import { notFound } from '$lib/server/not-found';

const HISTORY_LENGTH = 50;

async function findEntry(db: Database, challengeId: string, entryId: string) {
	try {
		return await getEntryForOrganizer(db, challengeId, entryId);
	} catch (failure) {
		if (isServiceError(failure) && failure.status === 404) notFound();
		throw failure;
	}
}

export const load = (async (event) => {
	const { db, challenge } = await organizer();
	const id = entryIdSchema.safeParse(event.params.id);
	if (!id.success) notFound();
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const detail = await findEntry(db, challenge.id, id.data);
	const { entry, team } = detail;
	const history = await listAudit(db, {
		entities: [
			{ type: 'entry', id: entry.id },
			{ type: 'team', id: team.id }
		],
		pageSize: HISTORY_LENGTH
	});
	// The answers as the team's review page shows them (markdown-lite rendered here).
	const answers = QUESTION_ORDER.filter((key) => key !== 'cover' && key !== 'deck').map((key) => {
		if (key in TEXT_QUESTIONS) {
			const text = entry[key as TextQuestionKey];
			const kind = TEXT_QUESTIONS[key as TextQuestionKey].kind;
			return { key, kind, text, html: kind === 'markdown' ? renderMarkdown(text) : null };
		}
		const text =
			key === 'trackId'
				? detail.track
					? localize(detail.track.name, locale)
					: ''
				: key === 'countries'
					? entry.countries.map((code) => countryName(code, locale)).join(', ')
					: key === 'stage'
						? (entry.stage ?? '')
						: '';
		return { key, kind: key, text, html: null };
	});
	return {
		entry: {
			id: entry.id,
			title: entry.title,
			status: entry.status,
			updated: formatDateTime(entry.updatedAt, locale, zones),
			sdgs: entry.sdgs
		},
		answers,
		cover: detail.cover
			? { id: detail.cover.id, width: detail.cover.width, height: detail.cover.height }
			: null,
		deck: detail.deck ? { id: detail.deck.id } : null,
		team: {
			name: team.name,
			since: formatDateTime(team.createdAt, locale, zones)
		},
		members: detail.members.map((member) => ({
			id: member.userId,
			name: member.name,
			email: member.email,
			lead: member.role === 'lead',
			minor: member.minor,
			consented: member.consented
		})),
		versions: detail.versions.map((version) => ({
			number: version.number,
			submitted: formatDateTime(version.submittedAt, locale, zones),
			submittedIso: version.submittedAt.toISOString(),
			by: version.submitterName
		})),
		history: auditRows(history.records, locale, zones)
	};
}) satisfies PageServerLoad;
