import { sql } from 'drizzle-orm';
import type { Executor } from '../../db';

/**
 * Rewrites a challenge's gallery facets (gallery_facets) from its gallery_entries, through the
 * database function that alone defines them. Every writer of gallery_entries calls it in the same
 * transaction, after its last write: the facets then never disagree with the rows a visitor
 * pages through.
 */
export async function refreshGalleryFacets(tx: Executor, challengeId: string): Promise<void> {
	await tx.execute(sql`select refresh_gallery_facets(${challengeId})`);
}
