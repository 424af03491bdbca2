import { getLocale } from '$lib/paraglide/runtime';
import { auditListQuerySchema } from '$lib/schemas/organizer';
import { isServiceError } from '$lib/server/errors';
import { displayZones } from '$lib/server/format';
import { listAudit } from '$lib/server/services/admin-audit';
import { organizerAnyChallenge } from '$lib/server/guards';
import { auditRows } from './audit-rows.server';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const { db, challenge } = await organizerAnyChallenge();
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge?.timeZone ?? 'UTC');
	const params = event.url.searchParams;
	const raw = {
		action: params.get('action') ?? '',
		actor: params.get('actor') ?? '',
		after: params.get('after') ?? ''
	};
	const base = {};
	const query = auditListQuerySchema.safeParse(raw);
	const empty = { ...base, rows: [], nextAfter: undefined, paged: false };
	if (!query.success) {
		const errors: Record<string, string> = {};
		for (const issue of query.error.issues) errors[String(issue.path[0])] ??= issue.message;
		return {
			...empty,
			filters: { action: errors.action ? '' : raw.action, actor: raw.actor },
			errors
		};
	}
	const filters = { action: query.data.action ?? '', actor: query.data.actor };
	try {
		const page = await listAudit(db, {
			action: query.data.action ? `${query.data.action}.` : undefined,
			actor: query.data.actor,
			after: query.data.after
		});
		return {
			...base,
			filters,
			errors: {} as Record<string, string>,
			paged: Boolean(query.data.after),
			nextAfter: page.nextAfter,
			rows: auditRows(page.records, locale, zones)
		};
	} catch (error) {
		if (!isServiceError(error)) throw error;
		return { ...empty, filters, errors: { [error.field ?? 'after']: error.message } };
	}
}) satisfies PageServerLoad;
