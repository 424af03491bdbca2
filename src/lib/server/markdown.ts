import { marked } from 'marked';
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
		a: (tagName, attributes) => ({
			tagName,
			attribs: { href: attributes.href ?? '', rel: 'nofollow noopener noreferrer ugc' }
		})
	}
};

export function renderMarkdown(source: string): string {
	if (!source.trim()) return '';
	const html = marked.parse(source, { async: false, gfm: true, breaks: true }) as string;
	return sanitizeHtml(html, { ...allowed, allowedAttributes: { a: ['href', 'rel'] } });
}
