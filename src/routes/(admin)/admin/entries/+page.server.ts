import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { entryListQuerySchema } from '$lib/schemas/organizer';
import { isServiceError } from '$lib/server/errors';
import { displayZones, formatDateTime } from '$lib/server/format';
import { listEntries } from '$lib/server/services/admin-entries';
import { organizer } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const { db, challenge } = await organizer();
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const params = event.url.searchParams;
	const raw = {
		q: params.get('q') ?? '',
		status: params.get('status') ?? '',
		track: params.get('track') ?? '',
		after: params.get('after') ?? ''
	};
	const tracks = challenge.tracks.map((track) => ({
		id: track.id,
		name: localize(track.name, locale)
	}));
	const empty = { tracks, entries: [], nextAfter: undefined, paged: false };

	const query = entryListQuerySchema.safeParse(raw);
	const errors: Record<string, string> = {};
	if (!query.success)
		for (const issue of query.error.issues) errors[String(issue.path[0])] ??= issue.message;
	else if (query.data.track && !tracks.some((track) => track.id === query.data.track))
		errors.track = m.organizer_error_track();
	// Filters as typed, except choices that are not in the lists (their select shows "all").
	const filters = {
		q: raw.q,
		status: errors.status ? '' : raw.status,
		track: errors.track ? '' : raw.track
	};
	if (!query.success || Object.keys(errors).length > 0) return { ...empty, filters, errors };

	try {
		const page = await listEntries(db, challenge.id, {
			search: query.data.q,
			status: query.data.status,
			trackId: query.data.track,
			after: query.data.after
		});
		return {
			tracks,
			filters,
			errors,
			paged: Boolean(query.data.after),
			nextAfter: page.nextAfter,
			entries: page.entries.map((entry) => ({
				id: entry.entryId,
				team: entry.teamName,
				title: entry.title,
				status: entry.status,
				track: entry.trackName ? localize(entry.trackName, locale) : null,
				members: entry.memberCount,
				latestVersion: entry.latestVersion,
				submitted: entry.submittedAt ? formatDateTime(entry.submittedAt, locale, zones) : null,
				updated: formatDateTime(entry.updatedAt, locale, zones),
				updatedIso: entry.updatedAt.toISOString()
			}))
		};
	} catch (error) {
		if (!isServiceError(error)) throw error;
		return { ...empty, filters, errors: { [error.field ?? 'after']: error.message } };
	}
}) satisfies PageServerLoad;
