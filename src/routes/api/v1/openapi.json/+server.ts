import { z } from 'zod';
import {
	GALLERY_SEARCH_MAX,
	SHOWCASE_LANGUAGES,
	SHOWCASE_LIMIT_MAX,
	showcaseEntrySchema,
	showcaseErrorSchema,
	showcaseListSchema
} from '$lib/schemas/showcase';
import { GALLERY_PAGE_SIZE } from '$lib/server/services/gallery';
import { publicOrigin } from '$lib/server/request';
import { apiJson, preflight } from '../http.server';
import type { RequestHandler } from './$types';

/** A response body's JSON Schema (2020-12, which OpenAPI 3.1 uses), from its zod schema. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
	const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'output' }) as Record<
		string,
		unknown
	>;
	return rest;
}

const json = (ref: string, description: string) => ({
	description,
	headers: {
		ETag: {
			description: 'Validator of the body; send it back in If-None-Match.',
			schema: { type: 'string' }
		},
		'Cache-Control': {
			schema: { type: 'string', example: 'public, max-age=60, stale-while-revalidate=60' }
		}
	},
	content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } }
});
const problem = (description: string) => ({
	description,
	content: { 'application/json': { schema: { $ref: '#/components/schemas/ShowcaseError' } } }
});
const notModified = { description: 'Not modified: the If-None-Match validator still holds.' };

const lang = {
	name: 'lang',
	in: 'query',
	description: 'Language of track names.',
	schema: { type: 'string', enum: [...SHOWCASE_LANGUAGES], default: 'en' }
};

function document(origin: string) {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Showcase API',
			version: '1.0.0',
			description:
				'The public gallery of shortlisted entries of the current challenge: read-only, no authentication, CORS open to every origin (without credentials). Only what the organizers published is served. Texts are markdown-lite (paragraphs, lists, emphasis, links).'
		},
		servers: [{ url: `${origin}/api/v1` }],
		paths: {
			'/showcase': {
				get: {
					operationId: 'listShowcase',
					summary: 'List the shortlisted entries',
					description: `In gallery order (track, then rank), or by relevance when \`q\` is given. Keyset-paginated: pass \`nextCursor\` as \`cursor\` for the next page.`,
					parameters: [
						{
							name: 'track',
							in: 'query',
							description: 'Track slug.',
							schema: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }
						},
						{
							name: 'sdg',
							in: 'query',
							description: 'Sustainable Development Goal number.',
							schema: { type: 'integer', minimum: 1, maximum: 17 }
						},
						{
							name: 'country',
							in: 'query',
							description: 'ISO 3166-1 alpha-2 country code.',
							schema: { type: 'string', pattern: '^[A-Za-z]{2}$' }
						},
						{
							name: 'q',
							in: 'query',
							description:
								'Full-text search (web search syntax: quotes for a phrase, `-word` to exclude, `or`); the last word also matches as a prefix.',
							schema: { type: 'string', maxLength: GALLERY_SEARCH_MAX }
						},
						{
							name: 'cursor',
							in: 'query',
							description: 'The `nextCursor` of the previous page (with the same filters).',
							schema: { type: 'string', maxLength: 600 }
						},
						{
							name: 'limit',
							in: 'query',
							description: 'Entries per page.',
							schema: {
								type: 'integer',
								minimum: 1,
								maximum: SHOWCASE_LIMIT_MAX,
								default: GALLERY_PAGE_SIZE
							}
						},
						lang
					],
					responses: {
						'200': json('ShowcaseList', 'One page of entries.'),
						'304': notModified,
						'400': problem('A query parameter is not valid; `error.parameter` names it.')
					}
				}
			},
			'/showcase/{slug}': {
				get: {
					operationId: 'getShowcaseEntry',
					summary: "An entry's public story",
					parameters: [
						{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } },
						lang
					],
					responses: {
						'200': json('ShowcaseEntry', 'The entry.'),
						'304': notModified,
						'400': problem('A query parameter is not valid.'),
						'404': problem('No published entry has this slug.')
					}
				}
			}
		},
		components: {
			schemas: {
				ShowcaseList: jsonSchema(showcaseListSchema),
				ShowcaseEntry: jsonSchema(showcaseEntrySchema),
				ShowcaseError: jsonSchema(showcaseErrorSchema)
			}
		}
	};
}

/** GET /api/v1/openapi.json: the OpenAPI 3.1 description of the Showcase API. */
export const GET: RequestHandler = ({ url, request }) =>
	apiJson(request, document(publicOrigin(url)));

export const OPTIONS: RequestHandler = () => preflight();
