/**
 * How comparable a round's scores are, from who reviewed what.
 *
 * Judges and entries linked by reviews form groups (the connected components of the judge–entry
 * graph). Within a group, every judge's harshness can be measured against the others through the
 * entries they share, directly or by a chain; between groups nothing links them, so scores of
 * entries in different groups cannot be compared by any method: a lenient group's entries look
 * better. Per pair of tracks, the number of judges who reviewed entries in both says how strongly
 * the tracks are linked (0: they are compared through other tracks at best).
 *
 * Entries without a track form the track `null`. Pure; no database.
 */

export type TrackKey = string | null;

export type ConnectivityGroup = {
	judges: string[];
	entries: string[];
	/** The tracks of its entries, in the order given by `trackOrder` (no-track last). */
	tracks: TrackKey[];
};

export type TrackLink = { a: TrackKey; b: TrackKey; judges: number };

export type RoundConnectivity = {
	/** Largest first, as given. */
	groups: ConnectivityGroup[];
	/** The group (index in `groups`) of each reviewed entry. */
	groupOf: Map<string, number>;
	/** Every reviewed track with the groups holding its entries (more than one: a split track). */
	tracks: { track: TrackKey; groups: number[] }[];
	/** Every pair of reviewed tracks, with the judges who reviewed entries in both. */
	links: TrackLink[];
	/** True when at most one group holds reviewed entries: every score compares with every other. */
	connected: boolean;
};

/**
 * The round's connectivity from the model's groups (`components`, largest first), the reviews
 * (judge–entry pairs) and each entry's track. `trackOrder` orders the tracks (the challenge's
 * order); tracks not in it come after, by id, and no-track last.
 */
export function roundConnectivity(input: {
	components: readonly { judges: readonly string[]; entries: readonly string[] }[];
	reviews: readonly { judgeId: string; entryId: string }[];
	trackOf: ReadonlyMap<string, TrackKey>;
	trackOrder?: readonly string[];
}): RoundConnectivity {
	const position = new Map((input.trackOrder ?? []).map((track, index) => [track, index]));
	const byTrackOrder = (a: TrackKey, b: TrackKey) => {
		if (a === b) return 0;
		if (a === null) return 1;
		if (b === null) return -1;
		const pa = position.get(a) ?? Number.MAX_SAFE_INTEGER;
		const pb = position.get(b) ?? Number.MAX_SAFE_INTEGER;
		return pa - pb || a.localeCompare(b);
	};
	const trackOfEntry = (entryId: string): TrackKey => input.trackOf.get(entryId) ?? null;

	const groupOf = new Map<string, number>();
	const groups: ConnectivityGroup[] = input.components.map((component, index) => {
		const tracks = new Set<TrackKey>();
		for (const entryId of component.entries) {
			groupOf.set(entryId, index);
			tracks.add(trackOfEntry(entryId));
		}
		return {
			judges: [...component.judges],
			entries: [...component.entries],
			tracks: [...tracks].sort(byTrackOrder)
		};
	});

	const trackGroups = new Map<TrackKey, Set<number>>();
	groups.forEach((group, index) => {
		for (const track of group.tracks) {
			let set = trackGroups.get(track);
			if (!set) trackGroups.set(track, (set = new Set()));
			set.add(index);
		}
	});
	const reviewedTracks = [...trackGroups.keys()].sort(byTrackOrder);

	const judgeTracks = new Map<string, Set<TrackKey>>();
	for (const review of input.reviews) {
		let set = judgeTracks.get(review.judgeId);
		if (!set) judgeTracks.set(review.judgeId, (set = new Set()));
		set.add(trackOfEntry(review.entryId));
	}
	const pairKey = (a: TrackKey, b: TrackKey) => `${a ?? ''}\u0000${b ?? ''}`;
	const shared = new Map<string, number>();
	for (const tracks of judgeTracks.values()) {
		const list = [...tracks].sort(byTrackOrder);
		for (let i = 0; i < list.length; i++)
			for (let j = i + 1; j < list.length; j++) {
				const key = pairKey(list[i]!, list[j]!);
				shared.set(key, (shared.get(key) ?? 0) + 1);
			}
	}
	const links: TrackLink[] = [];
	for (let i = 0; i < reviewedTracks.length; i++)
		for (let j = i + 1; j < reviewedTracks.length; j++) {
			const a = reviewedTracks[i]!;
			const b = reviewedTracks[j]!;
			links.push({ a, b, judges: shared.get(pairKey(a, b)) ?? 0 });
		}

	return {
		groups,
		groupOf,
		tracks: reviewedTracks.map((track) => ({
			track,
			groups: [...trackGroups.get(track)!].sort((x, y) => x - y)
		})),
		links,
		connected: groups.filter((group) => group.entries.length > 0).length <= 1
	};
}

/** Whether the given entries lie in more than one group (so ranking them together misleads). */
export function spansGroups(
	connectivity: Pick<RoundConnectivity, 'groupOf'>,
	entryIds: Iterable<string>
): boolean {
	let seen: number | undefined;
	for (const entryId of entryIds) {
		const group = connectivity.groupOf.get(entryId);
		if (group === undefined) continue;
		if (seen === undefined) seen = group;
		else if (seen !== group) return true;
	}
	return false;
}
