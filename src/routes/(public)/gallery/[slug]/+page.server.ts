import { redirect } from '@sveltejs/kit';
import { countryName } from '$lib/domain/countries';
import { localize } from '$lib/domain/localized-text';
import { getLocale } from '$lib/paraglide/runtime';
import { SLUG_PATTERN } from '$lib/schemas/showcase';
import { getDb } from '$lib/server/db';
import { formatDate, displayZones, formatDateTime } from '$lib/server/format';
import { formDataOf, runAction } from '$lib/server/forms';
import { setPageCache } from '$lib/server/http-cache';
import { renderMarkdown } from '$lib/server/markdown';
import { publicOrigin } from '$lib/server/request';
import {
	coverPath,
	coverWidthFor,
	getGalleryEntry,
	getGalleryTitle,
	publicWebLink
} from '$lib/server/services/gallery';
import { castVote, findVoteInTrack } from '$lib/server/services/peoples-choice';
import { signedIn } from '$lib/server/guards';
import { coverImage } from '../cards.server';
import type { Actions, PageServerLoad } from './$types';
import { notFound } from '$lib/server/not-found';

const NOTICES = new Set(['recorded', 'moved', 'unchanged']);

export const load = (async (event) => {
	setPageCache(event);
	const { slug } = event.params;
	if (!SLUG_PATTERN.test(slug) || slug.length > 200) notFound();
	const db = await getDb();
	const entry = await getGalleryEntry(db, slug);
	if (!entry) notFound();
	const locale = getLocale();
	const origin = publicOrigin(event.url);
	const zone = event.locals.timeZone ?? entry.timeZone;
	const zones = displayZones(event.locals.timeZone, entry.timeZone);
	const user = event.locals.user;

	let myVote: { slug: string; title: string } | null = null;
	if (entry.voting.state === 'open' && user)
		myVote = await findVoteInTrack(db, user.id, entry.challengeId, entry.trackId);
	const notice = event.url.searchParams.get('vote');
	const from = event.url.searchParams.get('from');
	const movedFrom =
		notice === 'moved' && from && SLUG_PATTERN.test(from) && from.length <= 200
			? await getGalleryTitle(db, from)
			: null;

	const shareImageWidth = entry.cover ? coverWidthFor(entry.cover, 1200) : undefined;
	return {
		entry: {
			slug: entry.slug,
			title: entry.title,
			tagline: entry.tagline,
			track: localize(entry.trackName, locale),
			trackSlug: entry.trackSlug,
			sdgs: entry.sdgs,
			countries: entry.countries.map((code) => ({ code, name: countryName(code, locale) })),
			teamName: entry.teamName,
			members: entry.memberNames,
			published: formatDate(entry.publishedAt, locale, zone),
			publishedIso: entry.publishedAt.toISOString(),
			cover: coverImage(entry.slug, entry.cover, 1200),
			story: {
				problem: renderMarkdown(entry.problem),
				solution: renderMarkdown(entry.solution),
				aiApproach: renderMarkdown(entry.aiApproach),
				privacy: renderMarkdown(entry.responsibleAi.privacy),
				fairness: renderMarkdown(entry.responsibleAi.fairness),
				oversight: renderMarkdown(entry.responsibleAi.oversight),
				accessibility: renderMarkdown(entry.responsibleAi.accessibility),
				impact: renderMarkdown(entry.impact)
			},
			links: [
				{ key: 'videoUrl', href: publicWebLink(entry.videoUrl) },
				{ key: 'prototypeUrl', href: publicWebLink(entry.prototypeUrl) },
				{ key: 'repositoryUrl', href: publicWebLink(entry.repositoryUrl) }
			].filter(
				(link): link is { key: 'videoUrl' | 'prototypeUrl' | 'repositoryUrl'; href: string } =>
					Boolean(link.href)
			)
		},
		share: {
			url: `${origin}/gallery/${entry.slug}`,
			description: entry.tagline || entry.problem.replace(/\s+/g, ' ').slice(0, 200),
			image:
				entry.cover && shareImageWidth
					? {
							url: `${origin}${coverPath(entry.slug, entry.cover, shareImageWidth)}`,
							width: shareImageWidth,
							height: entry.cover.width
								? Math.round(
										(shareImageWidth * (entry.cover.height ?? entry.cover.width)) /
											entry.cover.width
									)
								: null
						}
					: null
		},
		voting: {
			state: entry.voting.state,
			closes: entry.voting.closesAt ? formatDateTime(entry.voting.closesAt, locale, zones) : null,
			votes: entry.voting.votes,
			signedIn: Boolean(user),
			verified: Boolean(user?.emailVerified),
			mine: myVote ? myVote.slug === entry.slug : false,
			elsewhere: myVote && myVote.slug !== entry.slug ? myVote.title : null,
			notice: notice && NOTICES.has(notice) ? notice : null,
			movedFrom,
			signInHref: `/sign-in?next=${encodeURIComponent(`/gallery/${entry.slug}`)}`
		}
	};
}) satisfies PageServerLoad;

export const actions = {
	vote: async (event) => {
		const { user, db, actor } = await signedIn();
		const { slug } = event.params;
		if (!SLUG_PATTERN.test(slug) || slug.length > 200) notFound();
		const formData = await formDataOf(event.request);
		const result = await runAction(event, formData, 'vote', () =>
			castVote(db, actor, { slug, emailVerified: user.emailVerified })
		);
		if (!result.ok) {
			if (result.failure.status === 404) notFound();
			return result.failure;
		}
		const outcome = result.value;
		const query = outcome.unchanged
			? 'vote=unchanged'
			: outcome.movedFrom
				? `vote=moved&from=${encodeURIComponent(outcome.movedFrom.slug)}`
				: 'vote=recorded';
		redirect(303, `/gallery/${slug}?${query}#vote`);
	}
} satisfies Actions;
