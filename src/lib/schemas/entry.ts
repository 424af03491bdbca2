import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { isKnownCountry } from '$lib/domain/countries';
import {
	ENTRY_STAGES,
	MAX_COUNTRIES,
	TEXT_QUESTIONS,
	questionsOfStep,
	type EditableStep,
	type QuestionKey,
	type TextQuestionKey
} from '$lib/domain/entry-fields';
import {
	characterCount,
	hasUnsafeCharacters,
	hasUnsafeCharactersInMultiline
} from '$lib/domain/text';

/**
 * Saving a step accepts incomplete answers (a draft); only shapes and limits are checked here.
 * Completeness is checked when the team submits.
 */
function textAnswer(key: TextQuestionKey) {
	const question = TEXT_QUESTIONS[key];
	return z
		.string()
		.default('')
		.transform((value) => value.replace(/\r\n?/g, '\n'))
		.transform((value) => (question.kind === 'markdown' ? value.trimEnd() : value.trim()))
		.superRefine((value, context) => {
			if (characterCount(value) > question.max)
				context.addIssue({ code: 'custom', message: m.error_too_long({ max: question.max }) });
			const unsafe =
				question.kind === 'markdown'
					? hasUnsafeCharactersInMultiline(value)
					: hasUnsafeCharacters(value);
			if (unsafe) context.addIssue({ code: 'custom', message: m.error_control_characters() });
			if (question.kind === 'url' && value !== '' && !isPublicWebUrl(value))
				context.addIssue({ code: 'custom', message: m.entry_error_url() });
		});
}

/** http(s) only, with a host, without credentials: what a judge can safely open. */
export function isPublicWebUrl(value: string): boolean {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return false;
	}
	return (
		(url.protocol === 'https:' || url.protocol === 'http:') &&
		url.hostname.includes('.') &&
		url.username === '' &&
		url.password === ''
	);
}

const countriesAnswer = z
	.array(z.string().trim().toUpperCase())
	.default([])
	.superRefine((values, context) => {
		if (values.some((code) => !isKnownCountry(code)))
			context.addIssue({ code: 'custom', message: m.error_country_unknown() });
		if (values.length > MAX_COUNTRIES)
			context.addIssue({
				code: 'custom',
				message: m.entry_error_countries_max({ max: MAX_COUNTRIES })
			});
	})
	.transform((values) => [...new Set(values)]);

const sdgsAnswer = z
	.array(z.string())
	.default([])
	.superRefine((values, context) => {
		if (values.some((value) => !/^(?:[1-9]|1[0-7])$/.test(value)))
			context.addIssue({ code: 'custom', message: m.entry_error_sdg() });
	})
	.transform((values) => [...new Set(values.map(Number))].sort((a, b) => a - b));

const stageAnswer = z
	.union([z.literal(''), z.enum(ENTRY_STAGES)], { error: () => m.entry_error_stage() })
	.default('')
	.transform((value) => (value === '' ? null : value));

function trackAnswer(trackIds: string[]) {
	return z
		.string()
		.default('')
		.refine((value) => value === '' || trackIds.includes(value), {
			error: () => m.entry_error_track()
		})
		.transform((value) => (value === '' ? null : value));
}

/** The schema of one step's form, given the challenge's tracks. */
export function entryStepSchema(step: EditableStep, trackIds: string[]) {
	const shape: Record<string, z.ZodType> = {};
	for (const key of questionsOfStep(step)) {
		if (key in TEXT_QUESTIONS) shape[key] = textAnswer(key as TextQuestionKey);
		else if (key === 'countries') shape[key] = countriesAnswer;
		else if (key === 'sdgs') shape[key] = sdgsAnswer;
		else if (key === 'stage') shape[key] = stageAnswer;
		else if (key === 'trackId') shape[key] = trackAnswer(trackIds);
	}
	return z.object(shape);
}

/** Questions of a step that the form edits as text or choices (files are uploaded apart). */
export function formQuestionsOfStep(step: EditableStep): QuestionKey[] {
	return questionsOfStep(step).filter((key) => key !== 'cover' && key !== 'deck');
}

export const ARRAY_QUESTIONS: QuestionKey[] = ['countries', 'sdgs'];
