import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newStorageKey } from './store';
import { SupabaseFileStore } from './supabase-store';

/**
 * An HTTP double of the Supabase Storage API, limited to the three endpoints the driver uses,
 * with objects kept in memory. It answers like Storage does, errors included.
 */
const serviceRoleKey = 'service-role-key-for-the-storage-double';
const bucket = 'portal-files';
const teamId = '0b8d1a52-3f4e-4c6b-8a7d-9e0f1a2b3c4d';

type StoredObject = {
	data: Buffer;
	contentType: string;
	cacheControl: string;
	updatedAt?: string;
};
type RecordedRequest = { method: string; path: string; headers: IncomingMessage['headers'] };

const objects = new Map<string, StoredObject>();
const requests: RecordedRequest[] = [];
let server: Server;
let baseUrl: string;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
	const url = new URL(request.url ?? '/', 'http://storage.test');
	const method = request.method ?? 'GET';
	requests.push({ method, path: url.pathname, headers: request.headers });
	const body = await readBody(request);

	if (
		request.headers.authorization !== `Bearer ${serviceRoleKey}` ||
		request.headers.apikey !== serviceRoleKey
	)
		return sendJson(response, 401, {
			statusCode: '401',
			error: 'Unauthorized',
			message: 'invalid signature'
		});

	const bucketInfo = /^\/storage\/v1\/bucket\/([^/]+)$/.exec(url.pathname);
	if (method === 'GET' && bucketInfo)
		return bucketInfo[1] === bucket
			? sendJson(response, 200, { id: bucket, name: bucket, public: false })
			: sendJson(response, 404, {
					statusCode: '404',
					error: 'Bucket not found',
					message: 'Bucket not found'
				});

	const listed = /^\/storage\/v1\/object\/list\/([^/]+)$/.exec(url.pathname);
	if (method === 'POST' && listed) {
		if (listed[1] !== bucket)
			return sendJson(response, 404, {
				statusCode: '404',
				error: 'Bucket not found',
				message: 'Bucket not found'
			});
		// One folder level, as Storage lists it: sub-folders by name with a null id.
		const { prefix, limit, offset } = JSON.parse(body.toString('utf8')) as {
			prefix: string;
			limit: number;
			offset: number;
		};
		const entries = new Map<string, unknown>();
		for (const [key, object] of objects) {
			if (!key.startsWith(`${prefix}/`)) continue;
			const [name, ...rest] = key.slice(prefix.length + 1).split('/');
			const time = object.updatedAt ?? new Date().toISOString();
			entries.set(
				name,
				rest.length > 0
					? { name, id: null, updated_at: null, created_at: null, metadata: null }
					: { name, id: randomUUID(), updated_at: time, created_at: time, metadata: {} }
			);
		}
		const page = [...entries.keys()].sort().slice(offset, offset + limit);
		return sendJson(
			response,
			200,
			page.map((name) => entries.get(name))
		);
	}

	const match = /^\/storage\/v1\/object\/([^/]+)(?:\/(.+))?$/.exec(url.pathname);
	if (!match) return sendJson(response, 404, { statusCode: '404', error: 'Route not found' });
	const [, bucketName, key] = match;
	if (bucketName !== bucket)
		return sendJson(response, 404, {
			statusCode: '404',
			error: 'Bucket not found',
			message: 'Bucket not found'
		});

	if (method === 'POST' && key) {
		if (objects.has(key) && request.headers['x-upsert'] !== 'true')
			return sendJson(response, 409, {
				statusCode: '409',
				error: 'Duplicate',
				message: 'The resource already exists'
			});
		objects.set(key, {
			data: body,
			contentType: String(request.headers['content-type']),
			cacheControl: String(request.headers['cache-control'])
		});
		return sendJson(response, 200, { Id: randomUUID(), Key: `${bucket}/${key}` });
	}
	if (method === 'GET' && key) {
		const object = objects.get(key);
		if (!object)
			return sendJson(response, 404, {
				statusCode: '404',
				error: 'not_found',
				message: 'Object not found'
			});
		response.writeHead(200, {
			'content-type': object.contentType,
			'cache-control': object.cacheControl
		});
		response.end(object.data);
		return;
	}
	if (method === 'DELETE' && !key) {
		const { prefixes } = JSON.parse(body.toString('utf8')) as { prefixes: string[] };
		const removed = prefixes.filter((prefix) => objects.delete(prefix));
		return sendJson(
			response,
			200,
			removed.map((name) => ({ name, bucket_id: bucket }))
		);
	}
	return sendJson(response, 404, { statusCode: '404', error: 'Route not found' });
}

beforeAll(async () => {
	server = createServer((request, response) => {
		handle(request, response).catch((error: unknown) =>
			sendJson(response, 500, { message: String(error) })
		);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
	objects.clear();
	requests.length = 0;
});

function createStore(overrides: { serviceRoleKey?: string; bucket?: string } = {}) {
	return new SupabaseFileStore({
		url: baseUrl,
		serviceRoleKey: overrides.serviceRoleKey ?? serviceRoleKey,
		bucket: overrides.bucket ?? bucket
	});
}

describe('Supabase Storage file store', () => {
	it('uploads without overwriting, with the content type and cache header, and downloads', async () => {
		const store = createStore();
		const key = newStorageKey(teamId, 'webp', '960');
		const data = new Uint8Array([82, 73, 70, 70, 0, 255, 1, 2]);
		await store.put(key, data, 'image/webp');

		const object = objects.get(key);
		expect(object?.contentType).toBe('image/webp');
		expect(object?.cacheControl).toBe('max-age=3600');
		expect(new Uint8Array(object?.data ?? [])).toEqual(data);
		const upload = requests.find((request) => request.method === 'POST');
		expect(upload?.path).toBe(`/storage/v1/object/${bucket}/${key}`);
		expect(upload?.headers['x-upsert']).toBe('false');

		expect(await store.get(key)).toEqual(data);
		await expect(store.put(key, data, 'image/webp')).rejects.toThrow(
			/upload .* failed \(HTTP 409\)/
		);
	});

	it('answers null for an object that does not exist', async () => {
		const store = createStore();
		expect(await store.get(newStorageKey(teamId, 'pdf'))).toBeNull();
	});

	it('does not mistake a missing bucket for a missing file', async () => {
		const store = createStore({ bucket: 'no-such-bucket' });
		await expect(store.get(newStorageKey(teamId, 'pdf'))).rejects.toThrow(/Bucket not found/);
	});

	it('removes objects in one request and ignores unknown keys', async () => {
		const store = createStore();
		const keys = [newStorageKey(teamId, 'webp', '480'), newStorageKey(teamId, 'webp', '960')];
		for (const key of keys) await store.put(key, new Uint8Array([1, 2, 3]), 'image/webp');
		requests.length = 0;

		await store.delete([...keys, newStorageKey(teamId, 'pdf')]);
		expect(objects.size).toBe(0);
		expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			`DELETE /storage/v1/object/${bucket}`
		]);
		await store.delete([]);
		expect(requests).toHaveLength(1);
	});

	it('sends the service-role key, and a wrong key is an error, not a missing file', async () => {
		await createStore().get(newStorageKey(teamId, 'pdf'));
		expect(requests[0].headers.authorization).toBe(`Bearer ${serviceRoleKey}`);
		expect(requests[0].headers.apikey).toBe(serviceRoleKey);

		const wrong = createStore({ serviceRoleKey: 'not-the-service-role-key-at-all' });
		const key = newStorageKey(teamId, 'pdf');
		await expect(wrong.put(key, new Uint8Array([1]), 'application/pdf')).rejects.toThrow(
			/HTTP 401/
		);
		await expect(wrong.get(key)).rejects.toThrow(/HTTP 401/);
		await expect(wrong.delete([key])).rejects.toThrow(/HTTP 401/);
		expect(objects.size).toBe(0);
	});

	it('lists every key under a folder, through sub-folders and pages, with its time', async () => {
		const store = createStore();
		const otherTeamId = '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f';
		// More than one page (1000 entries) in one folder.
		const many = Array.from({ length: 1001 }, () => newStorageKey(teamId, 'pdf'));
		const other = newStorageKey(otherTeamId, 'webp', '480');
		for (const key of [...many, other])
			objects.set(key, {
				data: Buffer.from([1]),
				contentType: 'application/pdf',
				cacheControl: 'max-age=3600',
				updatedAt: '2026-01-02T03:04:05.000Z'
			});
		objects.set(`teams/${teamId}/.emptyFolderPlaceholder`, {
			data: Buffer.alloc(0),
			contentType: 'text/plain',
			cacheControl: 'max-age=3600'
		});

		const listed = await store.list('teams');
		expect(listed.map((object) => object.key).sort()).toEqual([...many, other].sort());
		expect(
			listed.every((object) => object.modifiedAt.toISOString() === '2026-01-02T03:04:05.000Z')
		).toBe(true);
		expect(requests.every((request) => request.path === `/storage/v1/object/list/${bucket}`)).toBe(
			true
		);
		await expect(store.list('../x')).rejects.toThrow(/Invalid storage key/);
		await expect(createStore({ bucket: 'no-such-bucket' }).list('teams')).rejects.toThrow(
			/Bucket not found/
		);
	});

	it('refuses invalid keys before any request', async () => {
		const store = createStore();
		for (const key of ['../x', '/etc/passwd', 'a/../../b', 'Teams/X.png', '']) {
			await expect(store.put(key, new Uint8Array([1]), 'image/png')).rejects.toThrow(
				/Invalid storage key/
			);
			await expect(store.get(key)).rejects.toThrow(/Invalid storage key/);
			await expect(store.delete([key])).rejects.toThrow(/Invalid storage key/);
		}
		expect(requests).toHaveLength(0);
	});

	it('checks that the bucket exists and the key is accepted (for /health)', async () => {
		await expect(createStore().check()).resolves.toBeUndefined();
		await expect(createStore({ bucket: 'no-such-bucket' }).check()).rejects.toThrow(
			/Bucket not found/
		);
		await expect(
			createStore({ serviceRoleKey: 'not-the-service-role-key-at-all' }).check()
		).rejects.toThrow(/HTTP 401/);
	});
});
