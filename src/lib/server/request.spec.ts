import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';

const config = vi.hoisted(() => ({
	origin: undefined as string | undefined,
	behindProxy: false,
	devMailbox: true
}));
vi.mock('./config', () => ({ getConfig: () => config }));

const { isLocalRequest, publicOrigin, safeRedirectPath, withNotice } = await import('./request');
const { developerTools } = await import('./dev-tools');

afterEach(() => {
	config.origin = undefined;
	config.behindProxy = false;
	config.devMailbox = true;
});

describe('safeRedirectPath', () => {
	it.each([
		['/account', '/account'],
		['/admin/accounts?q=a', '/admin/accounts?q=a'],
		['https://evil.example', '/'],
		['//evil.example', '/'],
		['/\\evil.example', '/'],
		['javascript:alert(1)', '/'],
		['/ok\r\nSet-Cookie: x=1', '/'],
		['/\tevil.example', '/'],
		['/join?token=abc&x=1', '/join?token=abc&x=1'],
		[`/${'a'.repeat(1000)}`, '/'],
		[null, '/'],
		[42, '/']
	])('%j → %j', (input, expected) => {
		expect(safeRedirectPath(input)).toBe(expected);
	});

	it('gives the chosen fallback, null included, for anything unsafe or missing', () => {
		expect(safeRedirectPath('//evil.example', null)).toBeNull();
		expect(safeRedirectPath(null, null)).toBeNull();
		expect(safeRedirectPath('/judge', null)).toBe('/judge');
	});
});

describe('withNotice', () => {
	it.each([
		['/account', '/account?notice=verified'],
		['/join?token=abc', '/join?token=abc&notice=verified'],
		['/team#members', '/team?notice=verified#members'],
		// Joined as text: never resolved into a protocol-relative "//evil.example".
		['/..//evil.example', '/..//evil.example?notice=verified']
	])('%s → %s', (path, expected) => {
		expect(withNotice(path, 'verified')).toBe(expected);
	});
});

describe('publicOrigin', () => {
	it('is ORIGIN whatever Host the request named', () => {
		config.origin = 'https://challenge.example.org/';
		expect(publicOrigin(new URL('http://evil.example/gallery'))).toBe(
			'https://challenge.example.org'
		);
	});

	it('without ORIGIN trusts only a loopback host', () => {
		expect(publicOrigin(new URL('http://localhost:5173/x'))).toBe('http://localhost:5173');
		expect(publicOrigin(new URL('http://127.0.0.1:3000/x'))).toBe('http://127.0.0.1:3000');
		expect(publicOrigin(new URL('http://[::1]:3000/x'))).toBe('http://[::1]:3000');
		expect(publicOrigin(new URL('http://evil.example/x'))).not.toContain('evil');
		expect(publicOrigin(new URL('http://localhost.evil.example/x'))).not.toContain('evil');
	});
});

function eventFrom(
	address: string,
	url = 'http://localhost:4173/dev/mailbox',
	headers: Record<string, string> = {}
) {
	return {
		getClientAddress: () => address,
		request: new Request(url, { headers }),
		url: new URL(url)
	} as unknown as RequestEvent;
}

describe('isLocalRequest', () => {
	it.each([
		['127.0.0.1', 'http://localhost:4173/dev/mailbox', {}, true],
		['::1', 'http://localhost:4173/dev/mailbox', {}, true],
		['::ffff:127.0.0.1', 'http://127.0.0.1:3000/dev/mailbox', {}, true],
		['203.0.113.9', 'http://localhost:4173/dev/mailbox', {}, false],
		['10.0.0.2', 'http://10.0.0.1:3000/dev/mailbox', {}, false],
		['127.0.0.1', 'http://portal.example.org/dev/mailbox', {}, false],
		['127.0.0.1', 'http://localhost:4173/dev/mailbox', { 'x-forwarded-for': '203.0.113.9' }, false],
		['127.0.0.1', 'http://localhost:4173/dev/mailbox', { forwarded: 'for=203.0.113.9' }, false],
		['127.0.0.1', 'http://localhost:4173/dev/mailbox', { 'x-real-ip': '203.0.113.9' }, false]
	])('%s at %s %j → %s', (address, url, headers, expected) => {
		expect(isLocalRequest(eventFrom(address, url, headers))).toBe(expected);
	});

	it('is never local behind a configured proxy (every request arrives from loopback there)', () => {
		config.behindProxy = true;
		expect(isLocalRequest(eventFrom('127.0.0.1'))).toBe(false);
	});
});

describe('developerTools', () => {
	const run = (event: RequestEvent) =>
		developerTools({ event, resolve: async () => new Response('mailbox') }) as Promise<Response>;

	it('answers /dev only locally, outside production, without real mail', async () => {
		expect((await run(eventFrom('127.0.0.1'))).status).toBe(200);
		expect((await run(eventFrom('203.0.113.9'))).status).toBe(404);
		expect((await run(eventFrom('203.0.113.9', 'http://localhost:4173/dev/clock'))).status).toBe(
			404
		);
		config.devMailbox = false;
		expect((await run(eventFrom('127.0.0.1'))).status).toBe(404);
	});

	it('leaves other paths alone', async () => {
		expect((await run(eventFrom('203.0.113.9', 'http://localhost:4173/developer'))).status).toBe(
			200
		);
	});
});
