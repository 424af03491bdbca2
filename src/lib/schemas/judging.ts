import { z } from 'zod';
import { hasUnsafeCharacters, hasUnsafeCharactersInMultiline } from '$lib/domain/text';
import {
	formatRanges,
	overlappingPoint,
	uncoveredPoints,
	type ScaleDescriptor
} from '$lib/domain/rubric';
import { fromZonedInputValue, isValidTimeZone } from '$lib/domain/zoned-time';
import { m } from '$lib/paraglide/messages';

/**
 * Forms of the organizer's rubric builder and round settings. Field names are flat
 * (`descriptor.3.text`) so every message lands on the exact field that caused it.
 */

export const RUBRIC_LIMITS = {
	name: 120,
	description: 2000,
	criterionName: 120,
	guidance: 2000,
	descriptor: 500,
	weight: { min: 1, max: 100 },
	scale: { min: 0, max: 100 },
	/** Band rows offered beyond the stored ones (wide scales). */
	spareBands: 2,
	maxBands: 50
} as const;

export const ROUND_LIMITS = {
	name: 80,
	judgesPerEntry: { min: 1, max: 20 }
} as const;

export const PEER_SCORES = ['never', 'after_submit'] as const;

type Issue = { code: 'custom'; path: string[]; message: string; input: unknown };
const issue = (path: string, message: string, input: unknown): Issue => ({
	code: 'custom',
	path: [path],
	message,
	input
});

const normalizeNewlines = (value: string) => value.replace(/\r\n?/g, '\n');

/** A single-line text; the message when it is not acceptable, else the cleaned text. */
function readLine(value: unknown, max: number, required: boolean): string | { error: string } {
	const text = typeof value === 'string' ? value.trim() : '';
	if (typeof value !== 'string' && value !== undefined) return { error: m.error_invalid_request() };
	if (required && text.length === 0) return { error: m.error_required() };
	if (text.length > max) return { error: m.error_too_long({ max }) };
	if (hasUnsafeCharacters(text)) return { error: m.error_control_characters() };
	return text;
}

function readMultiline(value: unknown, max: number): string | { error: string } {
	if (typeof value !== 'string' && value !== undefined) return { error: m.error_invalid_request() };
	const text = normalizeNewlines(typeof value === 'string' ? value.trim() : '');
	if (text.length > max) return { error: m.error_too_long({ max }) };
	if (hasUnsafeCharactersInMultiline(text)) return { error: m.error_control_characters() };
	return text;
}

function readInteger(
	value: unknown,
	min: number,
	max: number,
	required = true
): number | null | { error: string } {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return required ? { error: m.error_required() } : null;
	if (!/^[+-]?\d{1,6}$/.test(text)) return { error: m.judging_error_integer({ min, max }) };
	const number = Number(text);
	if (number < min || number > max) return { error: m.judging_error_integer({ min, max }) };
	return number;
}

const isError = (value: unknown): value is { error: string } =>
	typeof value === 'object' && value !== null && 'error' in value;

const formRecord = z.record(z.string(), z.unknown());

// ---------------------------------------------------------------------------------------------
// Rubrics

export const rubricFormSchema = formRecord.transform((raw, context) => {
	const name = readLine(raw.name, RUBRIC_LIMITS.name, true);
	const description = readMultiline(raw.description, RUBRIC_LIMITS.description);
	if (isError(name)) context.issues.push(issue('name', name.error, raw.name));
	if (isError(description))
		context.issues.push(issue('description', description.error, raw.description));
	return {
		name: isError(name) ? '' : name,
		description: isError(description) ? '' : description
	};
});
export type RubricInput = z.output<typeof rubricFormSchema>;

export type CriterionInput = {
	name: string;
	guidance: string;
	weight: number;
	scaleMin: number;
	scaleMax: number;
	descriptors: ScaleDescriptor[];
};

/** Indexes of the descriptor rows a form sent (`descriptor.<index>.from|to|text`). */
function descriptorRows(raw: Record<string, unknown>): number[] {
	const indexes = new Set<number>();
	for (const key of Object.keys(raw)) {
		const match = /^descriptor\.(\d{1,3})\.(from|to|text)$/.exec(key);
		if (match) indexes.add(Number(match[1]));
	}
	return [...indexes].sort((a, b) => a - b);
}

/**
 * One criterion: name, guidance, weight, scale and a descriptor for every point of the scale
 * (one per point, or bands from–to that cover the scale without overlapping). A row whose
 * from, to and text are all empty is a spare band row and is ignored.
 */
export const criterionFormSchema = formRecord.transform((raw, context): CriterionInput => {
	const { scale, weight: weightLimits } = RUBRIC_LIMITS;
	const name = readLine(raw.name, RUBRIC_LIMITS.criterionName, true);
	const guidance = readMultiline(raw.guidance, RUBRIC_LIMITS.guidance);
	const weight = readInteger(raw.weight, weightLimits.min, weightLimits.max);
	const scaleMin = readInteger(raw.scaleMin, scale.min, scale.max);
	const scaleMax = readInteger(raw.scaleMax, scale.min, scale.max);
	if (isError(name)) context.issues.push(issue('name', name.error, raw.name));
	if (isError(guidance)) context.issues.push(issue('guidance', guidance.error, raw.guidance));
	if (isError(weight)) context.issues.push(issue('weight', weight.error, raw.weight));
	if (isError(scaleMin)) context.issues.push(issue('scaleMin', scaleMin.error, raw.scaleMin));
	if (isError(scaleMax)) context.issues.push(issue('scaleMax', scaleMax.error, raw.scaleMax));
	const scaleKnown = typeof scaleMin === 'number' && typeof scaleMax === 'number';
	if (scaleKnown && scaleMax <= scaleMin)
		context.issues.push(
			issue('scaleMax', m.judging_error_scale_order({ min: scaleMin }), raw.scaleMax)
		);
	const scaleValid = scaleKnown && scaleMax > scaleMin;

	const descriptors: ScaleDescriptor[] = [];
	const rows = descriptorRows(raw);
	if (rows.length > RUBRIC_LIMITS.maxBands + 101)
		context.issues.push(issue('descriptors', m.error_invalid_request(), null));
	else
		for (const index of rows) {
			const prefix = `descriptor.${index}`;
			const fromRaw = raw[`${prefix}.from`];
			const toRaw = raw[`${prefix}.to`];
			const textRaw = raw[`${prefix}.text`];
			const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
			if (blank(fromRaw) && blank(toRaw) && blank(textRaw)) continue;
			const from = readInteger(fromRaw, scale.min, scale.max);
			const to = readInteger(toRaw, scale.min, scale.max);
			const text = readMultiline(textRaw, RUBRIC_LIMITS.descriptor);
			let rowValid = true;
			if (isError(from)) {
				context.issues.push(issue(`${prefix}.from`, from.error, fromRaw));
				rowValid = false;
			}
			if (isError(to)) {
				context.issues.push(issue(`${prefix}.to`, to.error, toRaw));
				rowValid = false;
			}
			if (isError(text)) {
				context.issues.push(issue(`${prefix}.text`, text.error, textRaw));
				rowValid = false;
			} else if (text === '') {
				const point = typeof from === 'number' && from === to ? from : null;
				context.issues.push(
					issue(
						`${prefix}.text`,
						point === null
							? m.judging_error_descriptor_required_band()
							: m.judging_error_descriptor_required({ point }),
						textRaw
					)
				);
				rowValid = false;
			}
			if (!rowValid || typeof from !== 'number' || typeof to !== 'number') continue;
			if (to < from) {
				context.issues.push(issue(`${prefix}.to`, m.judging_error_band_order({ from }), toRaw));
				continue;
			}
			if (scaleValid && (from < scaleMin || to > scaleMax)) {
				context.issues.push(
					issue(
						from < scaleMin ? `${prefix}.from` : `${prefix}.to`,
						m.judging_error_band_outside({ min: scaleMin, max: scaleMax }),
						from < scaleMin ? fromRaw : toRaw
					)
				);
				continue;
			}
			descriptors.push({ from, to, text: text as string });
		}

	const rowIssues = context.issues.some((entry) =>
		String(entry.path?.[0] ?? '').startsWith('descriptor.')
	);
	if (scaleValid && !rowIssues) {
		const overlap = overlappingPoint(descriptors);
		const gaps = uncoveredPoints(scaleMin, scaleMax, descriptors);
		if (overlap !== null)
			context.issues.push(
				issue('descriptors', m.judging_error_descriptor_overlap({ point: overlap }), null)
			);
		else if (gaps.length > 0)
			context.issues.push(
				issue('descriptors', m.judging_error_descriptor_gaps({ points: formatRanges(gaps) }), null)
			);
	}
	descriptors.sort((a, b) => a.from - b.from);
	return {
		name: isError(name) ? '' : name,
		guidance: isError(guidance) ? '' : guidance,
		weight: typeof weight === 'number' ? weight : 0,
		scaleMin: typeof scaleMin === 'number' ? scaleMin : 0,
		scaleMax: typeof scaleMax === 'number' ? scaleMax : 0,
		descriptors
	};
});

const uuidField = z.uuid({ error: () => m.error_invalid_request() });

export const criterionTargetSchema = z.object({ criterionId: uuidField });
export const moveCriterionSchema = z.object({
	criterionId: uuidField,
	direction: z.enum(['up', 'down'], { error: () => m.error_invalid_request() })
});

/** A route parameter that must be an id (anything else is a 404, never an error). */
export const idParamSchema = z.uuid();

// ---------------------------------------------------------------------------------------------
// Rounds

export type RoundSettingsInput = {
	name: string;
	rubricId: string;
	opensAt: Date;
	closesAt: Date;
	judgesPerEntry: number;
	blind: boolean;
	peerScores: (typeof PEER_SCORES)[number];
};

const YEARS = { min: 2000, max: 2100 };

function readZoned(value: unknown, zone: string): Date | { error: string } {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return { error: m.error_required() };
	const instant = text.length <= 40 ? fromZonedInputValue(text, zone) : null;
	if (!instant) return { error: m.judging_error_datetime() };
	const year = Number(text.slice(0, 4));
	if (year < YEARS.min || year > YEARS.max)
		return { error: m.judging_error_year({ min: YEARS.min, max: YEARS.max }) };
	return instant;
}

/**
 * Round settings, with the window typed in the zone the form showed it in (`zone`, sent with
 * the form), else in `fallbackZone`. Checkboxes send "on" when ticked and nothing otherwise.
 */
export function roundSettingsSchema(fallbackZone: string) {
	return formRecord.transform((raw, context): RoundSettingsInput => {
		const zone =
			typeof raw.zone === 'string' && isValidTimeZone(raw.zone) ? raw.zone : fallbackZone;
		const name = readLine(raw.name, ROUND_LIMITS.name, true);
		const rubricId = uuidField.safeParse(raw.rubricId);
		const opensAt = readZoned(raw.opensAt, zone);
		const closesAt = readZoned(raw.closesAt, zone);
		const judges = readInteger(
			raw.judgesPerEntry,
			ROUND_LIMITS.judgesPerEntry.min,
			ROUND_LIMITS.judgesPerEntry.max
		);
		const peer = z.enum(PEER_SCORES).safeParse(raw.peerScores);
		if (isError(name)) context.issues.push(issue('name', name.error, raw.name));
		if (!rubricId.success)
			context.issues.push(issue('rubricId', m.judging_error_rubric_choice(), raw.rubricId));
		if (isError(opensAt)) context.issues.push(issue('opensAt', opensAt.error, raw.opensAt));
		if (isError(closesAt)) context.issues.push(issue('closesAt', closesAt.error, raw.closesAt));
		if (!isError(opensAt) && !isError(closesAt) && closesAt.getTime() <= opensAt.getTime())
			context.issues.push(issue('closesAt', m.judging_error_window_order(), raw.closesAt));
		if (isError(judges))
			context.issues.push(issue('judgesPerEntry', judges.error, raw.judgesPerEntry));
		if (!peer.success)
			context.issues.push(issue('peerScores', m.judging_error_peer_choice(), raw.peerScores));
		return {
			name: isError(name) ? '' : name,
			rubricId: rubricId.success ? rubricId.data : '',
			opensAt: isError(opensAt) ? new Date(0) : opensAt,
			closesAt: isError(closesAt) ? new Date(0) : closesAt,
			judgesPerEntry: typeof judges === 'number' ? judges : 1,
			blind: raw.blind === 'on' || raw.blind === 'true',
			peerScores: peer.success ? peer.data : 'never'
		};
	});
}

import { ROUND_TRANSITIONS } from '$lib/domain/round';

export { ROUND_TRANSITIONS, type RoundTransition } from '$lib/domain/round';
export const transitionSchema = z.object({
	transition: z.enum(ROUND_TRANSITIONS, { error: () => m.error_invalid_request() }),
	// Checked to open a round although some of its entries have no judge (anything else: not).
	confirmUnassigned: z
		.literal('yes')
		.optional()
		.catch(undefined)
		.transform((value) => value === 'yes')
});

export const feedbackSchema = z.object({
	release: z.enum(['release', 'withdraw'], { error: () => m.error_invalid_request() })
});

/** Checked entries of a round's list (`entryId` repeated), to advance to the next round. */
export const advanceSchema = z.object({
	entryId: z
		.array(uuidField, { error: () => m.judging_error_select_entries() })
		.min(1, { error: () => m.judging_error_select_entries() })
		.max(500, { error: () => m.error_invalid_request() })
});

export const roundEntriesQuerySchema = z.object({
	after: z
		.string()
		.max(600)
		.regex(/^[A-Za-z0-9_-]*$/)
		.optional()
		.transform((value) => value || undefined)
});
