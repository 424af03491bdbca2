import { fail } from '@sveltejs/kit';
import { countryName } from '$lib/domain/countries';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { accountListQuerySchema, roleChangeSchema } from '$lib/schemas/admin';
import { formatDate } from '$lib/server/format';
import { runAction } from '$lib/server/forms';
import { grantRole, listAccounts, revokeRole } from '$lib/server/services/admin-accounts';
import { formAction, organizerAnyChallenge } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { db } = await organizerAnyChallenge();
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
	const page = await listAccounts(db, { search: query.data.q, after: query.data.after });
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
	grant: async () => {
		const { db, actor } = await organizerAnyChallenge();
		return formAction(roleChangeSchema, 'role', async (input) => {
			const result = await grantRole(db, actor, input);
			return {
				form: 'role',
				done: m.admin_role_granted({ name: result.name, role: roleLabel(input.role) })
			};
		});
	},
	revoke: async (event) => {
		const { db, actor } = await organizerAnyChallenge();
		return formAction(roleChangeSchema, 'role', async (input, formData) => {
			const result = await runAction(event, formData, 'role', () => revokeRole(db, actor, input));
			if (!result.ok) {
				if (result.failure.status === 404) return fail(404, result.failure.data);
				return result.failure;
			}
			return {
				form: 'role',
				done: m.admin_role_revoked({ name: result.value.name, role: roleLabel(input.role) })
			};
		});
	}
} satisfies Actions;
