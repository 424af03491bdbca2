import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { getFileStore } from '$lib/server/files';
import { findReadableFile } from '$lib/server/services/file-access';
import { chooseVariantKey, readTeamFile } from '$lib/server/services/files';
import type { RequestHandler } from './$types';
import { notFound } from '$lib/server/not-found';

const query = z.object({
	id: z.uuid(),
	w: z.coerce.number().int().min(1).max(4000).optional()
});

/**
 * Serves an uploaded file under a generated name (never the uploaded one), with its checked
 * type, nosniff, and private caching; 404 for anyone not allowed to see it.
 */
export const GET: RequestHandler = async ({ params, url, locals, request }) => {
	const parsed = query.safeParse({ id: params.id, w: url.searchParams.get('w') ?? undefined });
	if (!parsed.success) notFound();
	const db = await getDb();
	const file = await findReadableFile(db, parsed.data.id, locals.user);
	if (!file) notFound();
	const key = chooseVariantKey(file, parsed.data.w);
	const etag = `"${file.sha256.slice(0, 32)}-${key.split('/').pop()}"`;
	const headers = {
		'content-type': file.contentType,
		'content-disposition':
			file.kind === 'deck'
				? `attachment; filename="pitch-deck-${file.id.slice(0, 8)}.pdf"`
				: `inline; filename="cover-${file.id.slice(0, 8)}.webp"`,
		'x-content-type-options': 'nosniff',
		'cache-control': 'private, max-age=0, must-revalidate',
		'content-security-policy': "default-src 'none'; sandbox",
		etag
	};
	if (request.headers.get('if-none-match') === etag)
		return new Response(null, { status: 304, headers });
	const content = await readTeamFile(getFileStore(), file, parsed.data.w);
	if (!content) notFound();
	return new Response(Buffer.from(content.data), { headers });
};
