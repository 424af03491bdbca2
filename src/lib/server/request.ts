import type { RequestEvent } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { hasUnsafeCharacters } from '$lib/domain/text';
import { getConfig } from './config';
import type { RequestContext } from './services/context';

export function requestContext(event: RequestEvent): RequestContext {
	return {
		ipAddress: event.getClientAddress(),
		userAgent: event.request.headers.get('user-agent'),
		baseUrl: getConfig().origin ?? event.url.origin,
		locale: getLocale()
	};
}

/** A same-site path to go back to after a form, never an absolute or protocol-relative URL. */
export function safeRedirectPath(value: unknown, fallback = '/'): string {
	if (typeof value !== 'string') return fallback;
	if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
	if (hasUnsafeCharacters(value)) return fallback;
	return value;
}
