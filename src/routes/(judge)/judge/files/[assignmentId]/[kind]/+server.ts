import { z } from 'zod';
import { judgeFileName } from '$lib/domain/identity-redaction';
import { getFileStore } from '$lib/server/files';
import { judge } from '$lib/server/guards';
import { readTeamFile } from '$lib/server/services/files';
import { findJudgeFile } from '$lib/server/services/scoring';
import type { RequestHandler } from './$types';
import { notFound } from '$lib/server/not-found';

const params = z.object({ assignmentId: z.uuid(), kind: z.enum(['cover', 'deck']) });

// Covers are shown at up to this width on the score page.
const COVER_WIDTH = 960;

/**
 * A file of an entry assigned to the signed-in judge, under a generic name that carries only the
 * round's label ("entry-0042-cover.webp"): never the team's, never the uploaded name. Blind rounds
 * offer no deck (its PDF properties may name the team). 404 for anything else.
 */
export const GET: RequestHandler = async (event) => {
	const { user, db } = await judge();
	const parsed = params.safeParse(event.params);
	if (!parsed.success) notFound();
	const { assignmentId, kind } = parsed.data;
	const found = await findJudgeFile(db, user.id, assignmentId, kind);
	if (!found) notFound();
	const width = kind === 'cover' ? COVER_WIDTH : undefined;
	const content = await readTeamFile(getFileStore(), found.file, width);
	if (!content) notFound();
	const name = judgeFileName(found.label, kind, content.contentType);
	return new Response(Buffer.from(content.data), {
		headers: {
			'content-type': content.contentType,
			'content-disposition': `${kind === 'deck' ? 'attachment' : 'inline'}; filename="${name}"`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store',
			'content-security-policy': "default-src 'none'; sandbox",
			'referrer-policy': 'no-referrer'
		}
	});
};
