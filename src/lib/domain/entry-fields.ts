/**
 * The questions of an entry, grouped in the steps of the entry form. One list drives the form,
 * validation, completeness (the submission checklist), help texts and exports.
 */
export const ENTRY_STEPS = [
	'basics',
	'story',
	'responsible-ai',
	'impact',
	'media',
	'review'
] as const;
export type EntryStep = (typeof ENTRY_STEPS)[number];
/** Steps with questions (the last one only reviews and submits). */
export type EditableStep = Exclude<EntryStep, 'review'>;

export const ENTRY_STAGES = ['idea', 'prototype', 'pilot', 'deployed'] as const;
export type EntryStage = (typeof ENTRY_STAGES)[number];

type TextQuestion = {
	kind: 'line' | 'markdown' | 'url';
	step: EditableStep;
	max: number;
	required: boolean;
};

/** Free-text questions (markdown ones accept a small, sanitized subset of Markdown). */
export const TEXT_QUESTIONS = {
	title: { kind: 'line', step: 'basics', max: 120, required: true },
	tagline: { kind: 'line', step: 'basics', max: 160, required: true },
	partner: { kind: 'line', step: 'basics', max: 200, required: false },
	problem: { kind: 'markdown', step: 'story', max: 3000, required: true },
	solution: { kind: 'markdown', step: 'story', max: 3000, required: true },
	aiApproach: { kind: 'markdown', step: 'story', max: 3000, required: true },
	privacy: { kind: 'markdown', step: 'responsible-ai', max: 2000, required: true },
	fairness: { kind: 'markdown', step: 'responsible-ai', max: 2000, required: true },
	oversight: { kind: 'markdown', step: 'responsible-ai', max: 2000, required: true },
	accessibility: { kind: 'markdown', step: 'responsible-ai', max: 2000, required: true },
	risks: { kind: 'markdown', step: 'responsible-ai', max: 2000, required: true },
	impact: { kind: 'markdown', step: 'impact', max: 2000, required: true },
	measurement: { kind: 'markdown', step: 'impact', max: 2000, required: true },
	feasibility: { kind: 'markdown', step: 'impact', max: 2000, required: true },
	scaling: { kind: 'markdown', step: 'impact', max: 2000, required: true },
	videoUrl: { kind: 'url', step: 'media', max: 500, required: false },
	prototypeUrl: { kind: 'url', step: 'media', max: 500, required: false },
	repositoryUrl: { kind: 'url', step: 'media', max: 500, required: false }
} as const satisfies Record<string, TextQuestion>;
export type TextQuestionKey = keyof typeof TEXT_QUESTIONS;

/** Questions that are not free text, with the step they belong to. */
export const OTHER_QUESTIONS = {
	trackId: 'basics',
	countries: 'basics',
	sdgs: 'basics',
	stage: 'story',
	cover: 'media',
	deck: 'media'
} as const satisfies Record<string, EditableStep>;
export type OtherQuestionKey = keyof typeof OTHER_QUESTIONS;
export type QuestionKey = TextQuestionKey | OtherQuestionKey;

export const MAX_COUNTRIES = 20;
export const SDG_NUMBERS = Array.from({ length: 17 }, (_, index) => index + 1);

/** All question keys, in form order (help texts, exports and checklists follow it). */
export const QUESTION_ORDER: QuestionKey[] = [
	'title',
	'tagline',
	'trackId',
	'countries',
	'sdgs',
	'partner',
	'problem',
	'solution',
	'aiApproach',
	'stage',
	'privacy',
	'fairness',
	'oversight',
	'accessibility',
	'risks',
	'impact',
	'measurement',
	'feasibility',
	'scaling',
	'videoUrl',
	'prototypeUrl',
	'repositoryUrl',
	'cover',
	'deck'
];

export function stepOf(key: QuestionKey): EditableStep {
	return key in TEXT_QUESTIONS
		? TEXT_QUESTIONS[key as TextQuestionKey].step
		: OTHER_QUESTIONS[key as OtherQuestionKey];
}

export function questionsOfStep(step: EditableStep): QuestionKey[] {
	return QUESTION_ORDER.filter((key) => stepOf(key) === step);
}

export const REQUIRED_QUESTIONS: QuestionKey[] = QUESTION_ORDER.filter((key) =>
	key in TEXT_QUESTIONS ? TEXT_QUESTIONS[key as TextQuestionKey].required : true
);
