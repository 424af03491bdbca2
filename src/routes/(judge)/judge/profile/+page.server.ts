import { redirect } from '@sveltejs/kit';
import { countryName, countryOptions } from '$lib/domain/countries';
import { localize } from '$lib/domain/localized-text';
import { getLocale } from '$lib/paraglide/runtime';
import { formAction, judge } from '$lib/server/guards';
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

export const load = (async () => {
	const { user, db, challenge } = await judge();
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
	save: async () => {
		const { db, challenge, actor } = await judge();
		return formAction(judgeProfileSchema, 'profile', async (input, formData) => {
			const expertise = formData
				.getAll('expertise')
				.filter((value): value is string => typeof value === 'string');
			await saveJudgeProfile(db, actor, { challengeId: challenge.id, ...input, expertise });
			redirect(303, `${PROFILE_PATH}?notice=saved`);
		});
	},
	declare: async () => {
		const { db, challenge, actor } = await judge();
		return formAction(declareConflictSchema, 'declare', async (input) => {
			const { kind, value, country, reason } = input;
			await declareConflict(db, actor, {
				challengeId: challenge.id,
				kind,
				value: kind === 'country' ? country : value,
				reason
			});
			redirect(303, `${PROFILE_PATH}?notice=declared#conflicts-heading`);
		});
	},
	remove: async () => {
		const { db, challenge, actor } = await judge();
		return formAction(conflictIdSchema, 'remove', async (input) => {
			await removeOwnDeclaredConflict(db, actor, {
				challengeId: challenge.id,
				conflictId: input.conflictId
			});
			redirect(303, `${PROFILE_PATH}?notice=removed#conflicts-heading`);
		});
	}
} satisfies Actions;
