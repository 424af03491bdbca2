import { countryOptions } from '$lib/domain/countries';
import {
	ENTRY_STEPS,
	QUESTION_ORDER,
	TEXT_QUESTIONS,
	type EditableStep,
	type QuestionKey
} from '$lib/domain/entry-fields';
import { localize } from '$lib/domain/localized-text';
import { getLocale } from '$lib/paraglide/runtime';
import { ARRAY_QUESTIONS, formQuestionsOfStep } from '$lib/schemas/entry';
import { now } from './clock';
import type { Challenge } from './db/schema';
import { notFound } from './not-found';

export const EDITABLE_STEPS = ENTRY_STEPS.filter((step) => step !== 'review') as EditableStep[];

export function parseStep(value: string): EditableStep {
	if (!(EDITABLE_STEPS as string[]).includes(value)) notFound();
	return value as EditableStep;
}

export function isReadOnly(challenge: Challenge): boolean {
	return now().getTime() >= challenge.submissionDeadlineAt.getTime();
}

/** Help text per question: the organizer's, else the built-in one (resolved on the client). */
export function organizerHelp(challenge: Challenge): Partial<Record<QuestionKey, string>> {
	const locale = getLocale();
	const help: Partial<Record<QuestionKey, string>> = {};
	for (const key of QUESTION_ORDER) {
		const text = localize(challenge.entryHelp[key], locale);
		if (text) help[key] = text;
	}
	return help;
}

export function choices(challenge: {
	tracks: { id: string; name: { en: string; ko?: string } }[];
}) {
	const locale = getLocale();
	return {
		tracks: challenge.tracks.map((track) => ({
			value: track.id,
			label: localize(track.name, locale)
		})),
		countries: countryOptions(locale)
	};
}

/** The answers and base fingerprints a step's form posted. */
export function readStepForm(formData: FormData, step: EditableStep) {
	const answers: Record<string, unknown> = {};
	const base: Record<string, string> = {};
	for (const key of formQuestionsOfStep(step)) {
		if (ARRAY_QUESTIONS.includes(key))
			answers[key] = formData.getAll(key).filter((value) => typeof value === 'string');
		else {
			const value = formData.get(key);
			if (typeof value === 'string') answers[key] = value;
		}
		const print = formData.get(`base.${key}`);
		if (typeof print === 'string' && /^[0-9a-f]{16}$/.test(print)) base[key] = print;
	}
	return { answers, base };
}

/** The fields of a step's form that a failure shows again: its questions and their bases. */
export function stepFormKeys(step: EditableStep): Set<string> {
	const questions = formQuestionsOfStep(step);
	return new Set([...questions, ...questions.map((key) => `base.${key}`)]);
}

export function isTextQuestion(key: QuestionKey): key is keyof typeof TEXT_QUESTIONS {
	return key in TEXT_QUESTIONS;
}
