import { redirect } from '@sveltejs/kit';
import { countryName, countryOptions } from '$lib/domain/countries';
import { localize } from '$lib/domain/localized-text';
import { getLocale } from '$lib/paraglide/runtime';
import { requireChallenge } from '$lib/server/challenge';
import { getDb } from '$lib/server/db';
import { parseForm, runAction } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import {
	conflictIdSchema,
	declareConflict,
	declareConflictSchema,
	listOwnConflicts,
	removeOwnDeclaredConflict
} from '$lib/server/services/conflicts';
import { JUDGE_LIMITS } from '$lib/server/services/judge-common';
import {
	getJudgeProfile,
	judgeProfileSchema,
	listChallengeTracks,
	saveJudgeProfile
} from '$lib/server/services/judge-profiles';
import type { Actions, PageServerLoad } from './$types';

const PROFILE_PATH = '/judge/profile';

export const load = (async (event) => {
	const { user } = requireRole(event, 'judge');
	const db = await getDb();
	const challenge = await requireChallenge(db);
	const locale = getLocale();
	const [profile, conflicts, challengeTracks] = await Promise.all([
		getJudgeProfile(db, user.id),
		listOwnConflicts(db, { judgeId: user.id, challengeId: challenge.id }),
		listChallengeTracks(db, challenge.id)
	]);
	return {
		profile: {
			organization: profile.organization,
			country: profile.country,
			expertise: profile.expertise,
			bio: profile.bio
		},
		tracks: challengeTracks.map((track) => ({ id: track.id, name: localize(track.name, locale) })),
		countries: countryOptions(locale),
		conflicts: conflicts.map((conflict) => ({
			id: conflict.id,
			kind: conflict.kind,
			value: conflict.value,
			country: conflict.kind === 'country' ? countryName(conflict.value, locale) : '',
			reason: conflict.reason,
			own: conflict.removable
		})),
		limits: JUDGE_LIMITS
	};
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const { user } = requireRole(event, 'judge');
		const parsed = await parseForm(event.request, judgeProfileSchema, 'profile');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireChallenge(db);
		const expertise = parsed.formData
			.getAll('expertise')
			.filter((value): value is string => typeof value === 'string');
		const result = await runAction(event, parsed.formData, 'profile', () =>
			saveJudgeProfile(
				db,
				{ userId: user.id, challengeId: challenge.id, ...parsed.data, expertise },
				requestContext(event)
			)
		);
		if (!result.ok) return result.failure;
		redirect(303, `${PROFILE_PATH}?notice=saved`);
	},
	declare: async (event) => {
		const { user } = requireRole(event, 'judge');
		const parsed = await parseForm(event.request, declareConflictSchema, 'declare');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireChallenge(db);
		const { kind, value, country, reason } = parsed.data;
		const result = await runAction(event, parsed.formData, 'declare', () =>
			declareConflict(
				db,
				{
					judgeId: user.id,
					challengeId: challenge.id,
					kind,
					value: kind === 'country' ? country : value,
					reason
				},
				requestContext(event)
			)
		);
		if (!result.ok) return result.failure;
		redirect(303, `${PROFILE_PATH}?notice=declared#conflicts-heading`);
	},
	remove: async (event) => {
		const { user } = requireRole(event, 'judge');
		const parsed = await parseForm(event.request, conflictIdSchema, 'remove');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const challenge = await requireChallenge(db);
		const result = await runAction(event, parsed.formData, 'remove', () =>
			removeOwnDeclaredConflict(
				db,
				{ judgeId: user.id, challengeId: challenge.id, conflictId: parsed.data.conflictId },
				requestContext(event)
			)
		);
		if (!result.ok) return result.failure;
		redirect(303, `${PROFILE_PATH}?notice=removed#conflicts-heading`);
	}
} satisfies Actions;
