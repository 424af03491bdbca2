import { peersVisible } from '$lib/domain/round';
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { countryName } from '$lib/domain/countries';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { now } from '$lib/server/clock';
import { isServiceError } from '$lib/server/errors';
import { displayZones, formatDateTime } from '$lib/server/format';
import { echoOnly, formObject, formValues, readFormData } from '$lib/server/forms';
import { formAction, judge } from '$lib/server/guards';
import { notFound } from '$lib/server/not-found';
import { declareConflictOnEntry, MAX_CONFLICT_REASON } from '$lib/server/services/conflicts';
import {
	getScoringView,
	MAX_CRITERION_COMMENT,
	MAX_SHEET_TEXT,
	nextUnscoredAssignment,
	saveScore
} from '$lib/server/services/scoring';
import type { Actions, PageServerLoad } from './$types';

const assignmentIdSchema = z.uuid();

function assignmentIdOf(event: Pick<RequestEvent, 'params'>): string {
	const parsed = assignmentIdSchema.safeParse(event.params.assignmentId);
	if (!parsed.success) notFound();
	return parsed.data;
}

/** A 404 from a service (not the judge's, outside the window) is a 404 page, not a form error. */
async function orNotFound<T>(promise: Promise<T>): Promise<T> {
	try {
		return await promise;
	} catch (failure) {
		if (isServiceError(failure) && failure.status === 404) notFound();
		throw failure;
	}
}

export const load = (async (event) => {
	const { user, db, challenge } = await judge();
	const assignmentId = assignmentIdOf(event);
	const locale = getLocale();
	const zones = displayZones(event.locals.timeZone, challenge.timeZone);
	const view = await orNotFound(getScoringView(db, user.id, assignmentId));
	const { entry, round } = view;
	const criteriaById = new Map(view.criteria.map((criterion) => [criterion.id, criterion.name]));
	return {
		assignmentId,
		round: {
			name: round.name,
			blind: round.blind,
			windowOpen: round.windowOpen,
			upcoming: round.state === 'open' && !round.windowOpen && now() < round.opensAt,
			opens: formatDateTime(round.opensAt, locale, zones),
			closes: formatDateTime(round.closesAt, locale, zones)
		},
		entry: {
			label: String(entry.label),
			title: entry.title,
			teamName: entry.teamName,
			track: entry.track ? localize(entry.track, locale) : '',
			countries: entry.countries.map((code) => countryName(code, locale)).join(', '),
			sdgs: entry.sdgs,
			stage: entry.stage,
			// Rendered (and in blind rounds redacted, without the Markdown) by the service.
			answers: entry.answers,
			cover: entry.cover,
			deck: entry.deck,
			deckWithheld: entry.deckWithheld
		},
		criteria: view.criteria,
		score: {
			status: view.score.status,
			overallComment: view.score.overallComment,
			feedback: view.score.feedback,
			privateNote: view.score.privateNote,
			total:
				view.score.totalHundredths === null ? null : (view.score.totalHundredths / 100).toFixed(2)
		},
		hasNext: view.nextAssignmentId !== null,
		peers: view.peers.map((peer) => ({
			letter: peer.letter,
			total: peer.totalHundredths === null ? null : (peer.totalHundredths / 100).toFixed(2),
			values: view.criteria.map((criterion) => ({
				criterion: criteriaById.get(criterion.id) ?? '',
				value: peer.values[criterion.id] ?? null
			}))
		})),
		peersShown: peersVisible(round.peerScores, view.score.status),
		limits: {
			sheet: MAX_SHEET_TEXT,
			comment: MAX_CRITERION_COMMENT,
			reason: MAX_CONFLICT_REASON
		}
	};
}) satisfies PageServerLoad;

const INTENTS = ['draft', 'submit', 'submit_next'] as const;
const INTEGER = /^\s*-?\d{1,6}\s*$/;

/**
 * The score form, read field by field: `value.<criterion id>` (radio or number; empty = not
 * chosen), `comment.<criterion id>`, the three texts and the button pressed. Values that are not
 * whole numbers go on as NaN so the service names the criterion in its message. The judge is the
 * session's; any judge or assignment field in the body is ignored.
 */
function readScoreForm(formData: FormData) {
	const fields = formObject(formData);
	const values: Record<string, number | null> = {};
	const comments: Record<string, string> = {};
	for (const [key, raw] of Object.entries(fields)) {
		if (key.startsWith('value.')) {
			const id = key.slice('value.'.length);
			values[id] = raw.trim() === '' ? null : INTEGER.test(raw) ? Number(raw) : Number.NaN;
		} else if (key.startsWith('comment.')) {
			comments[key.slice('comment.'.length)] = raw;
		}
	}
	const intent = INTENTS.find((name) => name === fields.intent) ?? 'draft';
	return {
		values,
		comments,
		overallComment: fields.overallComment ?? '',
		feedback: fields.feedback ?? '',
		privateNote: fields.privateNote ?? '',
		intent
	};
}

const SCORE_TEXTS = new Set(['overallComment', 'feedback', 'privateNote']);

/** The fields of the score form a failure shows again (the criteria's values and comments). */
function scoreFormKeys(formData: FormData): Set<string> {
	const keys = new Set<string>();
	for (const key of formData.keys())
		if (SCORE_TEXTS.has(key) || key.startsWith('value.') || key.startsWith('comment.'))
			keys.add(key);
	return keys;
}

const conflictSchema = z.object({
	reason: z
		.string()
		.max(MAX_CONFLICT_REASON, { message: m.judge_text_too_long({ max: MAX_CONFLICT_REASON }) })
		.default(''),
	confirm: z.literal('on', { message: m.judge_conflict_confirm_required() })
});

export const actions = {
	save: async (event) => {
		const { user, db, actor } = await judge();
		const assignmentId = assignmentIdOf(event);
		const read = await readFormData(event.request);
		if (!read.ok)
			return fail(read.status, { form: 'score', values: {}, errors: {}, message: read.message });
		const { formData } = read;
		echoOnly(formData, scoreFormKeys(formData));
		const form = readScoreForm(formData);
		let saved;
		try {
			saved = await saveScore(db, actor, {
				assignmentId,
				values: form.values,
				comments: form.comments,
				overallComment: form.overallComment,
				feedback: form.feedback,
				privateNote: form.privateNote,
				intent: form.intent === 'draft' ? 'draft' : 'submit'
			});
		} catch (failure) {
			if (!isServiceError(failure)) throw failure;
			if (failure.status === 404) notFound();
			return fail(failure.status, {
				form: 'score',
				values: formValues(formData),
				errors: failure.field ? { [failure.field]: failure.message } : {},
				message: failure.field ? m.judge_form_errors() : failure.message
			});
		}
		if (form.intent === 'draft') redirect(303, `/judge/score/${assignmentId}?notice=draft_saved`);
		if (form.intent === 'submit') redirect(303, `/judge/score/${assignmentId}?notice=submitted`);
		const next = await nextUnscoredAssignment(db, user.id, saved.roundId, assignmentId);
		redirect(303, next ? `/judge/score/${next}?notice=submitted` : '/judge?notice=all_done');
	},

	conflict: async (event) => {
		const { db, actor } = await judge();
		const assignmentId = assignmentIdOf(event);
		return formAction(conflictSchema, 'conflict', async (input) => {
			const declared = await orNotFound(
				declareConflictOnEntry(db, actor, { assignmentId, reason: input.reason })
			);
			redirect(303, `/judge?notice=${declared.short > 0 ? 'conflict_short' : 'conflict'}`);
		});
	}
} satisfies Actions;
