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

export function renderMarkdown(source: string): string {
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
