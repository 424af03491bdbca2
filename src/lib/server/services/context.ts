import type { Locale } from '$lib/paraglide/runtime';

/** What a service needs to know about the request it serves. */
export type RequestContext = {
	ipAddress: string;
	userAgent: string | null;
	/** Absolute origin for links in mail, e.g. https://challenge.example.org */
	baseUrl: string;
	locale: Locale;
};
