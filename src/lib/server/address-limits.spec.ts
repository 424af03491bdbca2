import type { RequestEvent } from '@sveltejs/kit';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const blocks = vi.hoisted(() => new Map<string, number>());
vi.mock('./rate-limit', async (original) => ({
	...(await original<typeof import('./rate-limit')>()),
	knownBlock: (key: string) =>
		blocks.has(key) ? { blocked: true, retryAfterSeconds: blocks.get(key)! } : null
}));
const { refuseBlockedAddresses } = await import('./address-limits');
const { addressRateLimitKey } = await import('./rate-limit');

function eventFor(route: string, method = 'POST', headers: Record<string, string> = {}) {
	return {
		route: { id: route },
		url: new URL('http://localhost/sign-in'),
		request: new Request('http://localhost/sign-in', { method, headers }),
		getClientAddress: () => '2001:db8:5:6::9'
	} as unknown as RequestEvent;
}

let reached = 0;
const run = (event: RequestEvent) =>
	refuseBlockedAddresses({
		event,
		resolve: async () => {
			reached++;
			return new Response('page');
		}
	}) as Promise<Response>;

beforeEach(() => {
	blocks.clear();
	reached = 0;
});

describe('refuseBlockedAddresses', () => {
	it('refuses a post from a network this node knows is blocked, before the route runs', async () => {
		blocks.set(addressRateLimitKey('signin:ip', '2001:db8:5:6::1'), 240);
		const refused = await run(eventFor('/(auth)/sign-in'));
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('240');
		expect(refused.headers.get('connection')).toBe('close');
		expect(await refused.text()).toContain('4 minutes');
		expect(reached).toBe(0);
	});

	it('answers an enhanced form with an action failure it can show', async () => {
		blocks.set(addressRateLimitKey('signin:ip', '2001:db8:5:6::1'), 60);
		const refused = await run(
			eventFor('/(auth)/sign-in', 'POST', { 'x-sveltekit-action': 'true' })
		);
		const body = (await refused.json()) as { type: string; status: number; data: string };
		expect(body).toMatchObject({ type: 'failure', status: 429 });
		expect(JSON.parse(body.data)[3]).toContain('minute');
	});

	it('lets everything else through: other scopes, other routes, GET', async () => {
		blocks.set(addressRateLimitKey('signup:ip', '2001:db8:5:6::1'), 60);
		expect((await run(eventFor('/(auth)/sign-in'))).status).toBe(200);
		expect((await run(eventFor('/(public)/gallery'))).status).toBe(200);
		blocks.set(addressRateLimitKey('signin:ip', '2001:db8:5:6::1'), 60);
		expect((await run(eventFor('/(auth)/sign-in', 'GET'))).status).toBe(200);
		expect(reached).toBe(3);
	});
});
