import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
	it('renders the small subset', () => {
		expect(renderMarkdown('**bold** and *soft*\n\n- one\n- two')).toBe(
			'<p><strong>bold</strong> and <em>soft</em></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n'
		);
		expect(renderMarkdown('[site](https://example.org)')).toBe(
			'<p><a href="https://example.org" rel="nofollow noopener noreferrer ugc">site</a></p>\n'
		);
	});

	it.each([
		['<script>alert(1)</script>', 'alert'],
		['<img src=x onerror=alert(1)>', 'onerror'],
		['[x](javascript:alert(1))', 'javascript:'],
		['<a href="https://x" onclick="alert(1)">x</a>', 'onclick'],
		['<iframe src="https://evil"></iframe>', 'iframe'],
		['![img](https://tracker.example/p.png)', '<img'],
		['<svg onload=alert(1)>', 'onload'],
		['[x](//evil.example)', '//evil'],
		['<style>body{display:none}</style>', 'display:none']
	])('neutralizes %j', (source, forbidden) => {
		expect(renderMarkdown(source)).not.toContain(forbidden);
	});

	it('reduces headings to text and returns nothing for blank input', () => {
		expect(renderMarkdown('# Title')).not.toContain('<h1');
		expect(renderMarkdown('   ')).toBe('');
	});
});
