import { decodeCursor, encodeCursor } from '$lib/cursor';

const isLabelCursor = (value: unknown): value is [number] =>
	Array.isArray(value) &&
	value.length === 1 &&
	Number.isSafeInteger(value[0]) &&
	(value[0] as number) > 0;

/**
 * `?after=` of a keyset-paged table (assignments, progress by entry): the last label shown, as an
 * opaque cursor like every list's; anything else (a stale or typed link) is the first page.
 */
export function afterLabel(url: URL): number | undefined {
	return decodeCursor(url.searchParams.get('after') ?? '', isLabelCursor)?.[0];
}

/** The `?after=` cursor of the next page, which starts after this label (null: no next page). */
export function labelCursor(label: number | null): string | null {
	return label === null ? null : encodeCursor([label]);
}
