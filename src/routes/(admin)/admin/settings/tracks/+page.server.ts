import { redirect } from '@sveltejs/kit';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import {
	createTrackSchema,
	deleteTrackSchema,
	moveTrackSchema,
	TRACK_LIMITS,
	updateTrackSchema
} from '$lib/schemas/challenge-settings';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import {
	createTrack,
	deleteTrack,
	listTracksWithUsage,
	moveTrack,
	updateTrack
} from '$lib/server/services/challenge-settings';
import { requireCurrentChallenge } from '../current-challenge.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireRole(event, 'organizer');
	const db = await getDb();
	const challenge = await requireCurrentChallenge(db);
	const locale = getLocale();
	const tracks = await listTracksWithUsage(db, challenge.id);
	return {
		tracks: tracks.map((track) => ({
			id: track.id,
			label: localize(track.name, locale),
			used: track.used,
			values: {
				trackId: track.id,
				slug: track.slug,
				nameEn: track.name.en,
				nameKo: track.name.ko ?? '',
				descriptionEn: track.description.en,
				descriptionKo: track.description.ko ?? ''
			}
		})),
		limits: TRACK_LIMITS
	};
}) satisfies PageServerLoad;

const TRACKS_PATH = '/admin/settings/tracks';

export const actions = {
	create: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const parsed = await parseForm(event.request, createTrackSchema, 'create');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireCurrentChallenge(db);
		const result = await runAction(event, parsed.formData, 'create', () =>
			createTrack(db, user.id, challenge.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(303, `${TRACKS_PATH}?notice=track_created`);
	},
	update: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const parsed = await parseForm(event.request, updateTrackSchema, 'track');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireCurrentChallenge(db);
		const result = await runAction(event, parsed.formData, 'track', () =>
			updateTrack(db, user.id, challenge.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(
			303,
			`${TRACKS_PATH}?notice=${result.value.fields.length > 0 ? 'track_updated' : 'unchanged'}`
		);
	},
	move: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const parsed = await parseForm(event.request, moveTrackSchema, 'move');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireCurrentChallenge(db);
		const result = await runAction(event, parsed.formData, 'move', () =>
			moveTrack(db, user.id, challenge.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		// No redirect: the list stays where the person is, with the confirmation beside it.
		return {
			form: 'move',
			done: m.settings_track_moved({ name: localize(result.value.track.name, getLocale()) })
		};
	},
	delete: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const parsed = await parseForm(event.request, deleteTrackSchema, 'delete');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireCurrentChallenge(db);
		const result = await runAction(event, parsed.formData, 'delete', () =>
			deleteTrack(db, user.id, challenge.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(303, `${TRACKS_PATH}?notice=track_deleted`);
	}
} satisfies Actions;
