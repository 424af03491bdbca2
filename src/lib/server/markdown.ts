import { Marked, Tokenizer } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * "Markdown-lite" for entry answers: paragraphs, line breaks, bold, italics, lists and http(s)
 * links. Anything else (headings, images, raw HTML, scripts) is reduced to its text. The output
 * is safe to insert as HTML.
 */
const allowed: sanitizeHtml.IOptions = {
	allowedTags: ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'code', 'blockquote'],
	allowedAttributes: { a: ['href'] },
	allowedSchemes: ['http', 'https'],
	allowProtocolRelative: false,
	disallowedTagsMode: 'discard',
	transformTags: {
		// Only absolute http(s) addresses: a relative one would point into the portal itself.
		a: (tagName, attributes) => ({
			tagName,
			attribs: {
				...(/^https?:\/\//i.test(attributes.href ?? '') ? { href: attributes.href } : {}),
				rel: 'nofollow noopener noreferrer ugc'
			}
		})
	}
};

/**
 * Deepest nesting of containers (quotes, lists) and of inline spans (emphasis, strike-through,
 * links) that is still rendered; deeper markers stay as text. marked recurses once per level and
 * rescans the rest of the text at each one, so without a bound an answer of 3,000 `>` overflowed
 * the stack (a 500 on every page showing it) and nested emphasis took time quadratic in its length.
 */
export const MAX_MARKDOWN_NESTING = 8;

const depth = { block: 0, inline: 0 };

/** The tokenizer `method`, declining (so its text stays text) once `kind` is nested too deeply. */
function bounded<Args extends unknown[], Result>(
	kind: keyof typeof depth,
	method: (this: Tokenizer, ...args: Args) => Result
) {
	return function (this: Tokenizer, ...args: Args): Result | undefined {
		if (depth[kind] >= MAX_MARKDOWN_NESTING) return undefined;
		depth[kind] += 1;
		try {
			return method.apply(this, args);
		} finally {
			depth[kind] -= 1;
		}
	};
}

const base = Tokenizer.prototype;
const markdown = new Marked({
	gfm: true,
	breaks: true,
	async: false,
	tokenizer: {
		blockquote: bounded('block', base.blockquote),
		list: bounded('block', base.list),
		emStrong: bounded('inline', base.emStrong),
		del: bounded('inline', base.del),
		link: bounded('inline', base.link),
		reflink: bounded('inline', base.reflink)
	}
});

const escapeHtml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The answer as escaped text in paragraphs and line breaks: what shows when rendering fails. */
export function renderPlainText(source: string): string {
	return source
		.trim()
		.split(/\n[ \t]*\n+/)
		.map((paragraph) => `<p>${escapeHtml(paragraph.trim()).replace(/\n/g, '<br />\n')}</p>\n`)
		.join('');
}

/**
 * Rendered answers by their text. Parsing and sanitizing is the costliest part of an entry page
 * (milliseconds for a long answer), and the same published answers are read by every visitor and
 * judge: each text is rendered once while it stays here (least recently used out first, within a
 * byte budget). Safe to share: the output depends on the text alone.
 */
const RENDERED_BUDGET_BYTES = 8 * 1024 * 1024;
const rendered = new Map<string, string>();
let renderedBytes = 0;

/** What the cache of rendered answers holds (for tests). */
export function renderedCacheSize(): { entries: number; bytes: number } {
	return { entries: rendered.size, bytes: renderedBytes };
}

/** UTF-16 strings: two bytes a code unit, for the key and the value. */
const bytesOf = (source: string, html: string) => 2 * (source.length + html.length);

export function renderMarkdown(source: string): string {
	const kept = rendered.get(source);
	if (kept !== undefined) {
		// Most recently used last: eviction takes from the front.
		rendered.delete(source);
		rendered.set(source, kept);
		return kept;
	}
	const html = renderUncached(source);
	const size = bytesOf(source, html);
	if (size > RENDERED_BUDGET_BYTES / 64) return html;
	while (renderedBytes + size > RENDERED_BUDGET_BYTES) {
		const [oldest, value] = rendered.entries().next().value as [string, string];
		rendered.delete(oldest);
		renderedBytes -= bytesOf(oldest, value);
	}
	rendered.set(source, html);
	renderedBytes += size;
	return html;
}

function renderUncached(source: string): string {
	if (!source.trim()) return '';
	let html: string;
	try {
		html = markdown.parse(source) as string;
	} catch {
		// A page must never fail because of what a team wrote; marked's own errors (and any input
		// that still exhausts the stack) show the answer as plain text instead.
		return renderPlainText(source.replace(/\r\n?/g, '\n'));
	}
	return sanitizeHtml(html, { ...allowed, allowedAttributes: { a: ['href', 'rel'] } });
}
