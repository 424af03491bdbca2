import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { changeEmailSchema, changePasswordSchema } from '$lib/schemas/account';
import { isCommonPassword } from '$lib/server/auth/common-passwords';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { getDb } from '$lib/server/db';
import { displayZones, formatDateTime } from '$lib/server/format';
import { parseForm, runAction } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import {
	changePassword,
	getAccount,
	requestEmailChange,
	signOutEverywhere
} from '$lib/server/services/accounts';
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
	const { user, session } = requireUser(event);
	const account = await getAccount(await getDb(), user.id);
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
	password: async (event) => {
		const { user, session } = requireUser(event);
		const parsed = await parseForm(
			event.request,
			changePasswordSchema(isCommonPassword),
			'password'
		);
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, 'password', () =>
			changePassword(db, user.id, session.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		redirect(303, '/account/security?notice=password_changed');
	},
	email: async (event) => {
		const { user } = requireUser(event);
		const parsed = await parseForm(event.request, changeEmailSchema, 'email');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, 'email', () =>
			requestEmailChange(db, user.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		return { form: 'email', sentTo: parsed.data.newEmail };
	},
	signOutEverywhere: async (event) => {
		const { user } = requireUser(event);
		await signOutEverywhere(await getDb(), user.id, requestContext(event));
		deleteSessionCookie(event.cookies);
		redirect(303, '/sign-in?notice=signed_out_everywhere');
	}
} satisfies Actions;
