import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { changeEmailSchema, changePasswordSchema } from '$lib/schemas/account';
import { isCommonPassword } from '$lib/server/auth/common-passwords';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { displayZones, formatDateTime } from '$lib/server/format';
import {
	changePassword,
	getAccount,
	requestEmailChange,
	signOutEverywhere
} from '$lib/server/services/accounts';
import { formAction, signedIn } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

/** "Chrome on Linux" from a user-agent string, without a library. */
function describeDevice(userAgent: string | null): string | null {
	if (!userAgent) return null;
	const browser = /Edg\//.test(userAgent)
		? 'Edge'
		: /Firefox\//.test(userAgent)
			? 'Firefox'
			: /Chrome\//.test(userAgent)
				? 'Chrome'
				: /Safari\//.test(userAgent)
					? 'Safari'
					: null;
	const system = /Android/.test(userAgent)
		? 'Android'
		: /iPhone|iPad/.test(userAgent)
			? 'iOS'
			: /Windows/.test(userAgent)
				? 'Windows'
				: /Mac OS X/.test(userAgent)
					? 'macOS'
					: /Linux/.test(userAgent)
						? 'Linux'
						: null;
	return [browser, system].filter(Boolean).join(' · ') || null;
}

export const load = (async (event) => {
	const { user, session, db } = await signedIn();
	const account = await getAccount(db, user.id);
	if (!account) error(404, { message: m.error_unknown_user() });
	const locale = getLocale();
	// No challenge owns a session: the viewer's own zone (named with each time) is the reference.
	const zones = displayZones(null, event.locals.timeZone ?? 'UTC');
	return {
		email: account.email,
		emailVerified: account.emailVerified,
		sessions: account.sessions.map((row) => ({
			current: row.id === session.id,
			device: describeDevice(row.userAgent),
			since: formatDateTime(row.createdAt, locale, zones),
			lastSeen: formatDateTime(row.lastSeenAt, locale, zones)
		}))
	};
}) satisfies PageServerLoad;

export const actions = {
	password: async () => {
		const { session, db, actor } = await signedIn();
		return formAction(changePasswordSchema(isCommonPassword), 'password', async (input) => {
			await changePassword(db, actor, { currentSessionId: session.id, ...input });
			redirect(303, '/account/security?notice=password_changed');
		});
	},
	email: async () => {
		const { db, actor } = await signedIn();
		return formAction(changeEmailSchema, 'email', async (input) => {
			await requestEmailChange(db, actor, input);
			return { form: 'email', sentTo: input.newEmail };
		});
	},
	signOutEverywhere: async (event) => {
		const { db, actor } = await signedIn();
		await signOutEverywhere(db, actor);
		deleteSessionCookie(event.cookies);
		redirect(303, '/sign-in?notice=signed_out_everywhere');
	}
} satisfies Actions;
