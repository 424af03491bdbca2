import { z } from 'zod';
import {
	ENTRY_STEPS,
	questionsOfStep,
	type EditableStep,
	type QuestionKey
} from '$lib/domain/entry-fields';
import type { LocalizedText } from '$lib/domain/localized-text';
import { hasUnsafeCharacters, hasUnsafeCharactersInMultiline } from '$lib/domain/text';
import { canonicalTimeZone, fromZonedInputValue, isValidTimeZone } from '$lib/domain/zoned-time';
import { m } from '$lib/paraglide/messages';
import { emailField, requiredText } from './fields';

/**
 * Forms of the organizer's challenge settings. Field names are flat (`titleEn`, `titleKo`) so
 * each one can carry its own message; the schemas put the values back together.
 */

const MEGABYTE = 1024 * 1024;

type Issues = { path?: PropertyKey[] }[];
const hasIssueOn = (issues: Issues, ...fields: string[]) =>
	issues.some((issue) => fields.includes(String(issue.path?.[0])));

const normalizeNewlines = (value: string) => value.replace(/\r\n?/g, '\n');

/** Single line; empty allowed. */
const optionalText = (max: number) =>
	z
		.string({ error: () => m.error_invalid_request() })
		.trim()
		.max(max, { error: () => m.error_too_long({ max }) })
		.refine((value) => !hasUnsafeCharacters(value), { error: () => m.error_control_characters() })
		.optional()
		.transform((value) => value ?? '');

/** Several lines (line breaks and tabs allowed, nothing else invisible). */
const multilineText = (max: number, required: boolean) =>
	z
		.string({ error: () => (required ? m.error_required() : m.error_invalid_request()) })
		.trim()
		.overwrite(normalizeNewlines)
		.min(required ? 1 : 0, { error: () => m.error_required() })
		.max(max, { error: () => m.error_too_long({ max }) })
		.refine((value) => !hasUnsafeCharactersInMultiline(value), {
			error: () => m.error_control_characters()
		});
const requiredMultiline = (max: number) => multilineText(max, true);
const optionalMultiline = (max: number) =>
	multilineText(max, false)
		.optional()
		.transform((value) => value ?? '');

/** English is the fallback of every organizer text; Korean is left out when empty. */
export function localized(en: string, ko: string): LocalizedText {
	return ko ? { en, ko } : { en };
}

export const TEXT_LIMITS = {
	title: 120,
	theme: 160,
	summary: 400,
	description: 5000,
	organizerName: 160,
	organizerAbout: 3000,
	eventName: 200,
	eventLocation: 200,
	organizerUrl: 500
} as const;

export const challengeTextsSchema = z
	.object({
		titleEn: requiredText(TEXT_LIMITS.title),
		titleKo: optionalText(TEXT_LIMITS.title),
		themeEn: requiredText(TEXT_LIMITS.theme),
		themeKo: optionalText(TEXT_LIMITS.theme),
		summaryEn: requiredMultiline(TEXT_LIMITS.summary),
		summaryKo: optionalMultiline(TEXT_LIMITS.summary),
		descriptionEn: requiredMultiline(TEXT_LIMITS.description),
		descriptionKo: optionalMultiline(TEXT_LIMITS.description)
	})
	.transform((value) => ({
		title: localized(value.titleEn, value.titleKo),
		theme: localized(value.themeEn, value.themeKo),
		summary: localized(value.summaryEn, value.summaryKo),
		description: localized(value.descriptionEn, value.descriptionKo)
	}));
export type ChallengeTextsInput = z.output<typeof challengeTextsSchema>;

function isWebAddress(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
	} catch {
		return false;
	}
}

const optionalUrl = z
	.string({ error: () => m.settings_error_url() })
	.trim()
	.max(TEXT_LIMITS.organizerUrl, {
		error: () => m.error_too_long({ max: TEXT_LIMITS.organizerUrl })
	})
	.refine((value) => !hasUnsafeCharacters(value), { error: () => m.error_control_characters() })
	.refine((value) => value === '' || isWebAddress(value), { error: () => m.settings_error_url() })
	.optional()
	.transform((value) => value || null);

const optionalEmail = z
	.string({ error: () => m.error_email_invalid() })
	.trim()
	.max(254, { error: () => m.error_too_long({ max: 254 }) })
	.refine((value) => value === '' || emailField.safeParse(value).success, {
		error: () => m.error_email_invalid()
	})
	.optional()
	.transform((value) => (value ? value.toLowerCase() : null));

/** An IANA zone, written the way Intl canonically writes it. */
export const timeZoneField = z
	.string({ error: () => m.settings_error_time_zone() })
	.trim()
	.min(1, { error: () => m.error_required() })
	.refine(isValidTimeZone, { error: () => m.settings_error_time_zone() })
	.transform((zone) => canonicalTimeZone(zone) as string);

/** Every zone the runtime knows, for a select (UTC first). */
export function timeZoneOptions(): string[] {
	const zones = Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC');
	return ['UTC', ...zones];
}

export const organizerSchema = z
	.object({
		organizerNameEn: requiredText(TEXT_LIMITS.organizerName),
		organizerNameKo: optionalText(TEXT_LIMITS.organizerName),
		organizerAboutEn: requiredMultiline(TEXT_LIMITS.organizerAbout),
		organizerAboutKo: optionalMultiline(TEXT_LIMITS.organizerAbout),
		organizerUrl: optionalUrl,
		contactEmail: optionalEmail,
		eventNameEn: requiredText(TEXT_LIMITS.eventName),
		eventNameKo: optionalText(TEXT_LIMITS.eventName),
		eventLocationEn: requiredText(TEXT_LIMITS.eventLocation),
		eventLocationKo: optionalText(TEXT_LIMITS.eventLocation),
		timeZone: timeZoneField
	})
	.transform((value) => ({
		organizerName: localized(value.organizerNameEn, value.organizerNameKo),
		organizerAbout: localized(value.organizerAboutEn, value.organizerAboutKo),
		organizerUrl: value.organizerUrl,
		contactEmail: value.contactEmail,
		eventName: localized(value.eventNameEn, value.eventNameKo),
		eventLocation: localized(value.eventLocationEn, value.eventLocationKo),
		timeZone: value.timeZone
	}));
export type OrganizerInput = z.output<typeof organizerSchema>;

/** A whole number typed into a form, within bounds. */
const integerField = (min: number, max: number) =>
	z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.regex(/^[+-]?\d{1,9}$/, { error: () => m.settings_error_integer() })
		.transform(Number)
		.refine((value) => value >= min && value <= max, {
			error: () => m.settings_error_between({ min, max })
		});

export const ELIGIBILITY_LIMITS = {
	age: { min: 10, max: 100 },
	teamSize: { min: 1, max: 20 }
} as const;

export const eligibilitySchema = z
	.object({
		minAge: integerField(ELIGIBILITY_LIMITS.age.min, ELIGIBILITY_LIMITS.age.max),
		maxAge: integerField(ELIGIBILITY_LIMITS.age.min, ELIGIBILITY_LIMITS.age.max),
		teamMinSize: integerField(ELIGIBILITY_LIMITS.teamSize.min, ELIGIBILITY_LIMITS.teamSize.max),
		teamMaxSize: integerField(ELIGIBILITY_LIMITS.teamSize.min, ELIGIBILITY_LIMITS.teamSize.max)
	})
	.check((context) => {
		const { value, issues } = context;
		if (!hasIssueOn(issues, 'minAge', 'maxAge') && value.maxAge < value.minAge)
			issues.push({
				code: 'custom',
				path: ['maxAge'],
				message: m.settings_error_max_age_order(),
				input: value.maxAge
			});
		if (!hasIssueOn(issues, 'teamMinSize', 'teamMaxSize') && value.teamMaxSize < value.teamMinSize)
			issues.push({
				code: 'custom',
				path: ['teamMaxSize'],
				message: m.settings_error_team_size_order(),
				input: value.teamMaxSize
			});
	});
export type EligibilityInput = z.output<typeof eligibilitySchema>;

/** The key dates, in the order they must happen. */
export const DATE_FIELDS = [
	'submissionsOpenAt',
	'submissionDeadlineAt',
	'judgingStartsAt',
	'resultsAt',
	'eventAt'
] as const;
export type DateField = (typeof DATE_FIELDS)[number];
export type ChallengeDates = Record<DateField, Date>;

export function dateLabel(field: DateField): string {
	return {
		submissionsOpenAt: m.date_submissions_open,
		submissionDeadlineAt: m.date_submission_deadline,
		judgingStartsAt: m.date_judging_starts,
		resultsAt: m.date_results,
		eventAt: m.date_event
	}[field]();
}

/**
 * The first date out of order, named by the later field of the pair: submissions open strictly
 * before the deadline; judging, results and the event may fall on the moment before them.
 */
export function dateOrderProblem(
	dates: Partial<Record<DateField, Date>>
): { field: DateField; message: string } | null {
	for (let index = 1; index < DATE_FIELDS.length; index++) {
		const earlierField = DATE_FIELDS[index - 1];
		const laterField = DATE_FIELDS[index];
		const earlier = dates[earlierField];
		const later = dates[laterField];
		if (!earlier || !later) continue;
		const strict = laterField === 'submissionDeadlineAt';
		const wrong = strict
			? later.getTime() <= earlier.getTime()
			: later.getTime() < earlier.getTime();
		if (wrong)
			return {
				field: laterField,
				message: strict
					? m.settings_error_date_after({ earlier: dateLabel(earlierField) })
					: m.settings_error_date_not_before({ earlier: dateLabel(earlierField) })
			};
	}
	return null;
}

const YEARS = { min: 2000, max: 2100 };

/** A datetime-local value read in a zone: the instant, or the message why not. */
function readZonedDateTime(value: string, timeZone: string): Date | string {
	const instant = fromZonedInputValue(value, timeZone);
	if (!instant) return m.settings_error_datetime();
	const year = Number(value.trim().slice(0, 4));
	if (year < YEARS.min || year > YEARS.max)
		return m.settings_error_year({ min: YEARS.min, max: YEARS.max });
	return instant;
}

const dateTimeText = z
	.string({ error: () => m.error_required() })
	.trim()
	.min(1, { error: () => m.error_required() })
	.max(40, { error: () => m.settings_error_datetime() });

/**
 * The key dates as typed in the zone the form showed them in (`zone`, sent with the form so a
 * change of the viewer's zone in between cannot shift them), else in `fallbackZone`.
 */
export function datesSchema(fallbackZone: string) {
	return z
		.object({
			zone: z.string().optional(),
			submissionsOpenAt: dateTimeText,
			submissionDeadlineAt: dateTimeText,
			judgingStartsAt: dateTimeText,
			resultsAt: dateTimeText,
			eventAt: dateTimeText
		})
		.transform((value, context) => {
			const zone = value.zone && isValidTimeZone(value.zone) ? value.zone : fallbackZone;
			const dates: Partial<ChallengeDates> = {};
			for (const name of DATE_FIELDS) {
				const read = readZonedDateTime(value[name], zone);
				if (typeof read === 'string')
					context.issues.push({ code: 'custom', path: [name], message: read, input: value[name] });
				else dates[name] = read;
			}
			const problem = dateOrderProblem(dates);
			if (problem)
				context.issues.push({
					code: 'custom',
					path: [problem.field],
					message: problem.message,
					input: value[problem.field]
				});
			return dates as ChallengeDates;
		});
}
export type DatesInput = z.output<ReturnType<typeof datesSchema>>;

export const UPLOAD_LIMITS_MB = {
	file: { min: 1, max: 50 },
	quota: { min: 2, max: 500 }
} as const;

export const uploadLimitsSchema = z
	.object({
		coverMb: integerField(UPLOAD_LIMITS_MB.file.min, UPLOAD_LIMITS_MB.file.max),
		deckMb: integerField(UPLOAD_LIMITS_MB.file.min, UPLOAD_LIMITS_MB.file.max),
		quotaMb: integerField(UPLOAD_LIMITS_MB.quota.min, UPLOAD_LIMITS_MB.quota.max)
	})
	.check((context) => {
		const { value, issues } = context;
		if (
			!hasIssueOn(issues, 'coverMb', 'deckMb', 'quotaMb') &&
			value.quotaMb < value.coverMb + value.deckMb
		)
			issues.push({
				code: 'custom',
				path: ['quotaMb'],
				message: m.settings_error_quota({ min: value.coverMb + value.deckMb }),
				input: value.quotaMb
			});
	})
	.transform((value) => ({
		maxCoverBytes: value.coverMb * MEGABYTE,
		maxDeckBytes: value.deckMb * MEGABYTE,
		teamStorageQuotaBytes: value.quotaMb * MEGABYTE
	}));
export type UploadLimitsInput = z.output<typeof uploadLimitsSchema>;

/** Bytes as the whole (or, if set outside these forms, decimal) megabytes the form shows. */
export function bytesToMegabytes(bytes: number): string {
	const value = bytes / MEGABYTE;
	return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export const EDITABLE_STEPS = ENTRY_STEPS.filter((step): step is EditableStep => step !== 'review');
export const HELP_MAX = 500;

/** Form field names of a question's help text. */
export const helpFieldNames = (key: QuestionKey) => ({ en: `${key}En`, ko: `${key}Ko` });

/**
 * Help texts of one step of the entry form. An empty pair clears the organizer's text (the
 * built-in default shows again); Korean alone is refused, as English is the fallback.
 */
export const entryHelpSchema = z
	.looseObject({
		step: z.enum(EDITABLE_STEPS, { error: () => m.error_invalid_request() })
	})
	.transform((value, context) => {
		const help: Partial<Record<QuestionKey, LocalizedText | null>> = {};
		const raw = value as Record<string, unknown>;
		const field = optionalMultiline(HELP_MAX);
		for (const key of questionsOfStep(value.step)) {
			const names = helpFieldNames(key);
			const en = field.safeParse(raw[names.en]);
			const ko = field.safeParse(raw[names.ko]);
			for (const [name, result] of [
				[names.en, en],
				[names.ko, ko]
			] as const)
				if (!result.success)
					context.issues.push({
						code: 'custom',
						path: [name],
						message: result.error.issues[0]?.message ?? m.error_invalid_request(),
						input: raw[name]
					});
			if (!en.success || !ko.success) continue;
			if (ko.data && !en.data) {
				context.issues.push({
					code: 'custom',
					path: [names.en],
					message: m.settings_error_english_needed(),
					input: ''
				});
				continue;
			}
			help[key] = en.data ? localized(en.data, ko.data) : null;
		}
		return { step: value.step, help };
	});
export type EntryHelpInput = z.output<typeof entryHelpSchema>;

export const TRACK_LIMITS = { slug: 40, name: 80, description: 300, count: 20 } as const;

const slugField = z
	.string({ error: () => m.error_required() })
	.trim()
	.toLowerCase()
	.min(1, { error: () => m.error_required() })
	.max(TRACK_LIMITS.slug, { error: () => m.error_too_long({ max: TRACK_LIMITS.slug }) })
	.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: () => m.settings_error_slug() });

const trackFields = {
	slug: slugField,
	nameEn: requiredText(TRACK_LIMITS.name),
	nameKo: optionalText(TRACK_LIMITS.name),
	descriptionEn: optionalMultiline(TRACK_LIMITS.description),
	descriptionKo: optionalMultiline(TRACK_LIMITS.description)
};

type TrackFieldValues = { [K in keyof typeof trackFields]: z.output<(typeof trackFields)[K]> };

function checkTrackDescription(context: {
	value: TrackFieldValues;
	issues: z.core.$ZodRawIssue[];
}) {
	const { value, issues } = context;
	if (
		!hasIssueOn(issues, 'descriptionEn', 'descriptionKo') &&
		value.descriptionKo &&
		!value.descriptionEn
	)
		issues.push({
			code: 'custom',
			path: ['descriptionEn'],
			message: m.settings_error_english_needed(),
			input: ''
		});
}

const toTrack = (value: TrackFieldValues) => ({
	slug: value.slug,
	name: localized(value.nameEn, value.nameKo),
	description: localized(value.descriptionEn, value.descriptionKo)
});

const trackIdField = z.uuid({ error: () => m.error_invalid_request() });

export const createTrackSchema = z
	.object(trackFields)
	.check(checkTrackDescription)
	.transform(toTrack);
export type TrackInput = z.output<typeof createTrackSchema>;

export const updateTrackSchema = z
	.object({ trackId: trackIdField, ...trackFields })
	.check(checkTrackDescription)
	.transform((value) => ({ trackId: value.trackId, ...toTrack(value) }));

export const moveTrackSchema = z.object({
	trackId: trackIdField,
	direction: z.enum(['up', 'down'], { error: () => m.error_invalid_request() })
});

export const deleteTrackSchema = z.object({ trackId: trackIdField });
