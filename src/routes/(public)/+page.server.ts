import { localize } from '$lib/domain/localized-text';
import { getLocale } from '$lib/paraglide/runtime';
import { now } from '$lib/server/clock';
import { displayZones, formatDateTime, timeZoneName } from '$lib/server/format';
import { currentChallenge } from '$lib/server/challenge';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const challenge = await currentChallenge();
	if (!challenge) return { challenge: null };
	const locale = getLocale();
	const current = now();
	const zones = displayZones(locals.timeZone, challenge.timeZone);
	const milestones = [
		{ key: 'submissions_open', at: challenge.submissionsOpenAt },
		{ key: 'submission_deadline', at: challenge.submissionDeadlineAt },
		{ key: 'judging_starts', at: challenge.judgingStartsAt },
		{ key: 'results', at: challenge.resultsAt },
		{ key: 'event', at: challenge.eventAt }
	] as const;
	const nextIndex = milestones.findIndex((milestone) => milestone.at > current);
	const daysLeft = Math.ceil(
		(challenge.submissionDeadlineAt.getTime() - current.getTime()) / 86_400_000
	);
	return {
		challenge: {
			title: localize(challenge.title, locale),
			theme: localize(challenge.theme, locale),
			summary: localize(challenge.summary, locale),
			description: localize(challenge.description, locale),
			organizerName: localize(challenge.organizerName, locale),
			organizerAbout: localize(challenge.organizerAbout, locale),
			eventName: localize(challenge.eventName, locale),
			eventLocation: localize(challenge.eventLocation, locale),
			minAge: challenge.minAge,
			maxAge: challenge.maxAge,
			teamMinSize: challenge.teamMinSize,
			teamMaxSize: challenge.teamMaxSize,
			deadline: formatDateTime(challenge.submissionDeadlineAt, locale, zones),
			deadlineIso: challenge.submissionDeadlineAt.toISOString(),
			daysLeft: daysLeft > 0 ? daysLeft : 0,
			zone: timeZoneName(challenge.timeZone, locale, current),
			tracks: challenge.tracks.map((track) => ({
				slug: track.slug,
				name: localize(track.name, locale),
				description: localize(track.description, locale)
			})),
			milestones: milestones.map((milestone, index) => ({
				key: milestone.key,
				iso: milestone.at.toISOString(),
				label: formatDateTime(milestone.at, locale, zones),
				status:
					nextIndex === -1 || index < nextIndex ? 'past' : index === nextIndex ? 'next' : 'future'
			}))
		}
	};
}) satisfies PageServerLoad;
