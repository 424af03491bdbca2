import type { RequestEvent } from '@sveltejs/kit';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import { hasUnsafeCharacters } from '$lib/domain/text';
import { getConfig } from './config';

/** What a service needs to know about the request it serves. */
export type RequestContext = {
	ipAddress: string;
	userAgent: string | null;
	/** Absolute origin for links in mail, e.g. https://challenge.example.org */
	baseUrl: string;
	locale: Locale;
};

/**
 * Who acts, for the services' audit records and mail: the one shape every service takes
 * (`fn(db, actor, input)`, with the challenge and other scope inside `input`; a file store, where
 * one is needed, comes beside `db`). The openers in guards.ts give the whole request context; a
 * test or a job may give the id alone, and a service that needs more asks for it with
 * `ActorWith<…>`. Flows before sign-in (sign-up, sign-in, password reset, links from mail) have
 * no actor and take the request instead: `fn(db, request: RequestContext, input)`.
 */
export type Actor = {
	actorId: string;
	ipAddress?: string | null;
	userAgent?: string | null;
	baseUrl?: string;
	locale?: Locale;
};

/** An actor whose service mails or links, and so cannot do without these parts of the request. */
export type ActorWith<Part extends Exclude<keyof Actor, 'actorId'>> = Actor &
	Required<Pick<Actor, Part>>;

export function requestContext(event: RequestEvent): RequestContext {
	return {
		ipAddress: event.getClientAddress(),
		userAgent: event.request.headers.get('user-agent'),
		baseUrl: publicOrigin(event.url),
		locale: getLocale()
	};
}

const LOOPBACK_ADDRESS = /^(?:127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3})$/;
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];

/**
 * A request made on this very machine, to a loopback address: the only kind the developer tools
 * (mailbox, clock) answer, whatever APP_ENV says. Behind a proxy every request arrives from
 * loopback, so a configured ADDRESS_HEADER or any forwarding header makes a request remote.
 */
export function isLocalRequest(event: Pick<RequestEvent, 'getClientAddress' | 'request' | 'url'>) {
	if (getConfig().behindProxy) return false;
	if (FORWARDING_HEADERS.some((name) => event.request.headers.has(name))) return false;
	let address: string;
	try {
		address = event.getClientAddress();
	} catch {
		return false;
	}
	return LOOPBACK_ADDRESS.test(address) && LOOPBACK_HOST.test(event.url.hostname);
}

/**
 * The portal's address for links that leave the page (mail, QR codes, the API's absolute URLs):
 * ORIGIN, never a Host header a client chose. Without ORIGIN (development) the request's own
 * origin is trusted only when it is a loopback name, where nobody else can be sent.
 */
export function publicOrigin(requestUrl: URL): string {
	const configured = getConfig().origin;
	if (configured) return configured.replace(/\/$/, '');
	if (LOOPBACK_HOST.test(requestUrl.hostname)) return requestUrl.origin;
	return `http://localhost:${process.env.PORT || 3000}`;
}

/** Longer is no page of this portal: a `next` that long is refused rather than mailed around. */
const MAX_REDIRECT_PATH = 1000;

/**
 * A same-site path to go back to after a form, a sign-in or a confirmation link (`next`), never
 * an absolute or protocol-relative URL: the one check for every `next` the portal follows.
 * Anything else gives the fallback (null when the caller wants to know there was none).
 */
export function safeRedirectPath(value: unknown, fallback?: string): string;
export function safeRedirectPath(value: unknown, fallback: null): string | null;
export function safeRedirectPath(value: unknown, fallback: string | null = '/'): string | null {
	if (typeof value !== 'string' || value.length > MAX_REDIRECT_PATH) return fallback;
	if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
	if (hasUnsafeCharacters(value)) return fallback;
	return value;
}

/**
 * A safe path with `?notice=…` added (the confirmation shown where the person lands). Joined as
 * text, not through URL parsing, which would resolve `/..//host` into a protocol-relative path.
 */
export function withNotice(path: string, notice: string): string {
	const hash = path.indexOf('#');
	const [base, fragment] = hash < 0 ? [path, ''] : [path.slice(0, hash), path.slice(hash)];
	return `${base}${base.includes('?') ? '&' : '?'}notice=${encodeURIComponent(notice)}${fragment}`;
}
