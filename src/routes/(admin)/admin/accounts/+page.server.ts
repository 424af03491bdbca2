import { fail } from '@sveltejs/kit';
import { countryName } from '$lib/domain/countries';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { accountListQuerySchema, roleChangeSchema } from '$lib/schemas/admin';
import { getDb } from '$lib/server/db';
import { formatDate } from '$lib/server/format';
import { parseForm, runAction } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { requestContext } from '$lib/server/request';
import { grantRole, listAccounts, revokeRole } from '$lib/server/services/admin-accounts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireRole(event, 'organizer');
	const query = accountListQuerySchema.safeParse({
		q: event.url.searchParams.get('q') ?? '',
		after: event.url.searchParams.get('after') ?? undefined
	});
	if (!query.success) {
		// The search form is shown again with its message and what was typed, as a 400.
		event.locals.badRequest = true;
		return {
			search: event.url.searchParams.get('q') ?? '',
			searchError: query.error.issues[0]?.message ?? m.error_invalid_request(),
			accounts: [],
			nextAfter: undefined,
			paged: false
		};
	}
	const locale = getLocale();
	const page = await listAccounts(await getDb(), { search: query.data.q, after: query.data.after });
	return {
		search: query.data.q,
		searchError: null,
		paged: Boolean(query.data.after),
		nextAfter: page.nextAfter,
		accounts: page.accounts.map((account) => ({
			id: account.id,
			name: account.name,
			email: account.email,
			emailVerified: account.emailVerified,
			country: countryName(account.country, locale),
			joined: formatDate(account.createdAt, locale),
			roles: account.roles
		}))
	};
}) satisfies PageServerLoad;

function roleLabel(role: 'judge' | 'organizer') {
	return role === 'judge' ? m.role_judge() : m.role_organizer();
}

export const actions = {
	grant: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const parsed = await parseForm(event.request, roleChangeSchema, 'role');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, 'role', () =>
			grantRole(db, user.id, parsed.data, requestContext(event))
		);
		if (!result.ok) return result.failure;
		return {
			form: 'role',
			done: m.admin_role_granted({ name: result.value.name, role: roleLabel(parsed.data.role) })
		};
	},
	revoke: async (event) => {
		const { user } = requireRole(event, 'organizer');
		const parsed = await parseForm(event.request, roleChangeSchema, 'role');
		if (!parsed.ok) return parsed.failure;
		const db = await getDb();
		const result = await runAction(event, parsed.formData, 'role', () =>
			revokeRole(db, user.id, parsed.data, requestContext(event))
		);
		if (!result.ok) {
			if (result.failure.status === 404) return fail(404, result.failure.data);
			return result.failure;
		}
		return {
			form: 'role',
			done: m.admin_role_revoked({ name: result.value.name, role: roleLabel(parsed.data.role) })
		};
	}
} satisfies Actions;
