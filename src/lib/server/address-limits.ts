import type { Handle } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { addressRateLimitKey, knownBlock } from './rate-limit';
import { ADDRESS_SCOPES } from './rate-limit-rules';

/**
 * The form posts that count against a per-address limit, by route id. While this node knows the
 * client's network to be blocked for one of them (it refused it a moment ago), a post is refused
 * here, before its body is read or a page rendered: a flood from one address then costs almost
 * nothing, and everything else the node serves stays fast. The route's own check remains the
 * authority (a node that has not seen the block counts the attempt in the database as usual).
 */
const LIMITED_POSTS: Record<string, string> = {
	'/(auth)/sign-in': ADDRESS_SCOPES.signIn,
	'/(auth)/sign-up': ADDRESS_SCOPES.signUp,
	'/(auth)/forgot-password': ADDRESS_SCOPES.reset,
	'/(auth)/reset-password': ADDRESS_SCOPES.reset,
	'/(auth)/verify-email': ADDRESS_SCOPES.verify,
	'/(auth)/confirm-email-change': ADDRESS_SCOPES.verify
};

export const refuseBlockedAddresses: Handle = ({ event, resolve }) => {
	const scope = event.route.id ? LIMITED_POSTS[event.route.id] : undefined;
	if (event.request.method !== 'POST' || !scope) return resolve(event);
	const blocked = knownBlock(addressRateLimitKey(scope, event.getClientAddress()));
	if (!blocked) return resolve(event);
	const minutes = Math.max(1, Math.ceil(blocked.retryAfterSeconds / 60));
	const message = m.error_rate_limited({ minutes });
	const headers = {
		'retry-after': String(blocked.retryAfterSeconds),
		'cache-control': 'no-store',
		// A blocked client keeps no connection: each further attempt must connect again, which a
		// busy node grants last, so a flood slows itself instead of the node's other visitors.
		connection: 'close'
	};
	// A form enhanced by JavaScript reads an action result: the same failure a route returns
	// (`{ values, errors, message }`, in SvelteKit's devalue encoding), so the message shows on it.
	if (event.request.headers.get('x-sveltekit-action') === 'true')
		return new Response(
			JSON.stringify({
				type: 'failure',
				status: 429,
				data: JSON.stringify([{ values: 1, errors: 2, message: 3 }, {}, {}, message])
			}),
			{ headers: { ...headers, 'content-type': 'application/json' } }
		);
	const escaped = message.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
	return new Response(
		`<!doctype html><meta charset="utf-8"><title>429</title><p>${escaped}</p><p><a href="${event.url.pathname}">${m.error_back_to_form()}</a></p>`,
		{
			status: 429,
			headers: {
				...headers,
				'content-type': 'text/html; charset=utf-8',
				'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'none'"
			}
		}
	);
};
