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
import {
	createTrack,
	deleteTrack,
	listTracksWithUsage,
	moveTrack,
	updateTrack
} from '$lib/server/services/challenge-settings';
import { formAction, organizer } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load = (async () => {
	const { db, challenge } = await organizer(m.settings_error_no_challenge);
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
	create: async () => {
		const { db, challenge, actor } = await organizer(m.settings_error_no_challenge);
		return formAction(createTrackSchema, 'create', async (input) => {
			await createTrack(db, actor, { ...input, challengeId: challenge.id });
			redirect(303, `${TRACKS_PATH}?notice=track_created`);
		});
	},
	update: async () => {
		const { db, challenge, actor } = await organizer(m.settings_error_no_challenge);
		return formAction(updateTrackSchema, 'track', async (input) => {
			const result = await updateTrack(db, actor, { ...input, challengeId: challenge.id });
			redirect(
				303,
				`${TRACKS_PATH}?notice=${result.fields.length > 0 ? 'track_updated' : 'unchanged'}`
			);
		});
	},
	move: async () => {
		const { db, challenge, actor } = await organizer(m.settings_error_no_challenge);
		return formAction(moveTrackSchema, 'move', async (input) => {
			const result = await moveTrack(db, actor, { ...input, challengeId: challenge.id });
			// No redirect: the list stays where the person is, with the confirmation beside it.
			return {
				form: 'move',
				done: m.settings_track_moved({ name: localize(result.track.name, getLocale()) })
			};
		});
	},
	delete: async () => {
		const { db, challenge, actor } = await organizer(m.settings_error_no_challenge);
		return formAction(deleteTrackSchema, 'delete', async (input) => {
			await deleteTrack(db, actor, { ...input, challengeId: challenge.id });
			redirect(303, `${TRACKS_PATH}?notice=track_deleted`);
		});
	}
} satisfies Actions;
