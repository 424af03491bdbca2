import { z } from 'zod';
import { isKnownCountry } from '$lib/domain/countries';
import { hasUnsafeCharacters } from '$lib/domain/text';
import { m } from '$lib/paraglide/messages';

/**
 * The public gallery's query string (the /gallery page's GET form and GET /api/v1/showcase)
 * and the shapes the Showcase API answers with. Output schemas double as the API's
 * documentation: /api/v1/openapi.json is generated from them.
 */

export const GALLERY_SEARCH_MAX = 200;
export const SHOWCASE_LIMIT_MAX = 100;
export const SHOWCASE_LANGUAGES = ['en', 'ko'] as const;

// An empty select or search box means "any".
const blankAsMissing = (value: unknown) => (value === '' || value === null ? undefined : value);

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The filters every gallery view shares; the track's existence is checked against the gallery. */
export const galleryQuerySchema = z.object({
	track: z.preprocess(
		blankAsMissing,
		z
			.string()
			.max(80, { error: () => m.gallery_error_track() })
			.regex(SLUG_PATTERN, { error: () => m.gallery_error_track() })
			.optional()
	),
	sdg: z.preprocess(
		blankAsMissing,
		z
			.string()
			.regex(/^\d{1,2}$/, { error: () => m.gallery_error_sdg() })
			.transform(Number)
			.refine((goal) => goal >= 1 && goal <= 17, { error: () => m.gallery_error_sdg() })
			.optional()
	),
	country: z.preprocess(
		blankAsMissing,
		z
			.string()
			.regex(/^[A-Za-z]{2}$/, { error: () => m.gallery_error_country() })
			.transform((code) => code.toUpperCase())
			.refine(isKnownCountry, { error: () => m.gallery_error_country() })
			.optional()
	),
	q: z.preprocess(
		(value) => (value === null || value === undefined ? '' : value),
		z
			.string()
			.max(GALLERY_SEARCH_MAX * 4, { error: () => m.gallery_error_q({ max: GALLERY_SEARCH_MAX }) })
			.trim()
			.max(GALLERY_SEARCH_MAX, { error: () => m.gallery_error_q({ max: GALLERY_SEARCH_MAX }) })
			.refine((value) => !hasUnsafeCharacters(value), {
				error: () => m.gallery_error_q_characters()
			})
	),
	cursor: z.preprocess(
		blankAsMissing,
		z
			.string()
			.max(600, { error: () => m.gallery_error_cursor() })
			.regex(/^[A-Za-z0-9_-]+$/, { error: () => m.gallery_error_cursor() })
			.optional()
	)
});
export type GalleryQuery = z.output<typeof galleryQuerySchema>;

/** The symposium screen: one track or all, and the seconds between slides (auto-advance). */
export const symposiumQuerySchema = galleryQuerySchema.pick({ track: true }).extend({
	auto: z.preprocess(
		(value) => (value === '' || value === null || value === '0' ? undefined : value),
		z
			.string()
			.regex(/^\d{1,3}$/, { error: () => m.showcase_error_auto() })
			.transform(Number)
			.refine((seconds) => seconds >= 5 && seconds <= 600, {
				error: () => m.showcase_error_auto()
			})
			.optional()
	)
});

/** GET /api/v1/showcase: the gallery's filters, a page size and the language of track names. */
export const showcaseApiQuerySchema = galleryQuerySchema.extend({
	limit: z.preprocess(
		blankAsMissing,
		z
			.string()
			.regex(/^\d{1,3}$/, { error: () => m.showcase_error_limit({ max: SHOWCASE_LIMIT_MAX }) })
			.transform(Number)
			.refine((limit) => limit >= 1 && limit <= SHOWCASE_LIMIT_MAX, {
				error: () => m.showcase_error_limit({ max: SHOWCASE_LIMIT_MAX })
			})
			.optional()
	),
	lang: languageField()
});

/** GET /api/v1/showcase/{slug}: only the language. */
export const showcaseEntryQuerySchema = z.object({ lang: languageField() });

function languageField() {
	return z.preprocess(
		blankAsMissing,
		z
			.enum(SHOWCASE_LANGUAGES, { error: () => m.showcase_error_lang() })
			.optional()
			.default('en')
	);
}

/** Reads a query string with a schema: the values, or the first parameter at fault and why. */
export function parseQuery<Schema extends z.ZodType>(
	schema: Schema,
	params: URLSearchParams
): { ok: true; data: z.output<Schema> } | { ok: false; parameter: string; message: string } {
	const shape = (schema as unknown as z.ZodObject).shape as Record<string, unknown>;
	const raw = Object.fromEntries(Object.keys(shape).map((key) => [key, params.get(key)]));
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, data: result.data };
	const issue = result.error.issues[0];
	return {
		ok: false,
		parameter: String(issue?.path[0] ?? 'query'),
		message: issue?.message ?? m.error_invalid_request()
	};
}

// --- What the Showcase API answers -------------------------------------------------------------

const absoluteUrl = z.url({ protocol: /^https?$/ });

export const showcaseTrackSchema = z
	.object({
		slug: z.string().regex(SLUG_PATTERN).describe('Stable identifier of the track.'),
		name: z.string().describe('Name of the track in the requested language.')
	})
	.describe('The challenge track the entry competes in.');

export const showcaseItemSchema = z
	.object({
		slug: z.string().regex(SLUG_PATTERN).describe('Stable identifier of the entry in the gallery.'),
		title: z.string(),
		tagline: z.string(),
		track: showcaseTrackSchema,
		sdgs: z
			.array(z.int().min(1).max(17))
			.describe('Sustainable Development Goals the entry addresses (1–17).'),
		countries: z
			.array(z.string().regex(/^[A-Z]{2}$/))
			.describe('ISO 3166-1 alpha-2 codes of the countries of implementation.'),
		teamName: z.string(),
		members: z
			.array(z.string())
			.describe('Names of the adult team members; members under 18 are never named.'),
		coverUrl: absoluteUrl.nullable().describe('Cover image (WebP), or null without one.'),
		url: absoluteUrl.describe("The entry's public page."),
		votes: z
			.int()
			.min(0)
			.nullable()
			.describe("People's choice votes; null until voting has closed (or without a vote)."),
		publishedAt: z.iso.datetime().describe('When the results were published.')
	})
	.describe('A shortlisted entry, as listed in the public gallery.');

export const showcaseListSchema = z
	.object({
		items: z.array(showcaseItemSchema),
		nextCursor: z
			.string()
			.nullable()
			.describe('Pass as `cursor` to get the next page; null on the last page.')
	})
	.describe('One page of the public gallery, in gallery order (or by relevance with `q`).');

export const showcaseEntrySchema = showcaseItemSchema
	.extend({
		problem: z.string().describe('Markdown-lite text (paragraphs, lists, emphasis, links).'),
		solution: z.string(),
		aiApproach: z.string(),
		responsibleAi: z.object({
			privacy: z.string(),
			fairness: z.string(),
			oversight: z.string(),
			accessibility: z.string()
		}),
		impact: z.string(),
		videoUrl: absoluteUrl.nullable(),
		prototypeUrl: absoluteUrl.nullable(),
		repositoryUrl: absoluteUrl.nullable(),
		coverWidth: z.int().positive().nullable(),
		coverHeight: z.int().positive().nullable()
	})
	.describe("A shortlisted entry's whole public story.");

export const showcaseErrorSchema = z
	.object({
		error: z.object({
			status: z.int(),
			code: z.enum(['invalid_parameter', 'not_found']),
			parameter: z.string().optional().describe('The query parameter at fault.'),
			message: z.string()
		})
	})
	.describe('An error: a bad query parameter (400) or an unknown entry (404).');

export type ShowcaseItem = z.output<typeof showcaseItemSchema>;
export type ShowcaseEntry = z.output<typeof showcaseEntrySchema>;
export type ShowcaseList = z.output<typeof showcaseListSchema>;
export type ShowcaseError = z.output<typeof showcaseErrorSchema>;
