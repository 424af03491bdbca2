import { describe, expect, it } from 'vitest';
import { TEXT_QUESTIONS } from '$lib/domain/entry-fields';
import { seededRandom } from '$lib/domain/seeded-random';
import { TEXT_LIMITS } from '$lib/schemas/challenge-settings';
import { RUBRIC_LIMITS } from '$lib/schemas/judging';
import {
	MAX_MARKDOWN_NESTING,
	renderedCacheSize,
	renderMarkdown,
	renderPlainText
} from './markdown';
import { MAX_CONFLICT_REASON } from './services/conflicts';
import { JUDGE_LIMITS } from './services/judge-common';
import { MAX_CRITERION_COMMENT, MAX_SHEET_TEXT } from './services/scoring';

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
		['[x](/admin/settings)', 'href="/admin'],
		['<style>body{display:none}</style>', 'display:none']
	])('neutralizes %j', (source, forbidden) => {
		expect(renderMarkdown(source)).not.toContain(forbidden);
	});

	it('reduces headings to text and returns nothing for blank input', () => {
		expect(renderMarkdown('# Title')).not.toContain('<h1');
		expect(renderMarkdown('   ')).toBe('');
	});
});

/** The longest text any form accepts (entry answers, judges' comments, organizer texts). */
const LONGEST_ANSWER = Math.max(
	...Object.values(TEXT_QUESTIONS).map((question) => question.max),
	...Object.values(TEXT_LIMITS),
	RUBRIC_LIMITS.description,
	RUBRIC_LIMITS.guidance,
	JUDGE_LIMITS.bio,
	MAX_SHEET_TEXT,
	MAX_CRITERION_COMMENT,
	MAX_CONFLICT_REASON
);
/**
 * A guard against a runaway case (stack overflow, exponential backtracking), not a speed target:
 * the worst case measured here is about 130 ms, and a shared two-core machine can be many times
 * slower for a moment, so the bound is far above it.
 */
const TIME_BOUND_MS = 10_000;

/** `unit` repeated to `length` characters (cut at the end), followed by `tail`. */
const repeated = (unit: string, length: number, tail = '') =>
	unit.repeat(Math.ceil(length / unit.length)).slice(0, length - tail.length) + tail;

/** Openers (and a few closers) of every construct that nests. */
const NESTING_UNITS = [
	'>',
	'> ',
	'>\n',
	'- ',
	'* ',
	'+ ',
	'1. ',
	'1) ',
	'*',
	'_',
	'**',
	'__',
	'~~',
	'*a ',
	'_a ',
	'**a ',
	'~~a ',
	'[',
	'[a ',
	'![',
	'[x](',
	'](a)',
	'`',
	'``a',
	'<',
	'<a ',
	'<div>',
	'<!--',
	'\\',
	'> - ',
	'- > ',
	'> 1. * ',
	'>*',
	'*[_`<',
	'> 1) + ',
	'*_[',
	'  - x\n',
	'   1. x\n'
];

/** A line indented one level deeper than the one before it, as deep as the length allows. */
function indentedList(marker: string, length: number): string {
	let text = '';
	for (let level = 0; text.length < length; level += 1)
		text += `${' '.repeat(level * (marker.length + 1))}${marker} x\n`;
	return text.slice(0, length);
}

function fuzzCases(length: number): [string, string][] {
	const cases: [string, string][] = [];
	for (const unit of NESTING_UNITS) {
		cases.push([`${JSON.stringify(unit)} repeated`, repeated(unit, length)]);
		cases.push([`${JSON.stringify(unit)} repeated, then text`, repeated(unit, length, 'x')]);
	}
	for (const [open, close] of [
		['*', '*'],
		['_', '_'],
		['**', '**'],
		['~~', '~~'],
		['*a ', ' a*'],
		['_a ', ' a_'],
		['[', '](https://example.org)'],
		['![', '](a)'],
		['<em>', '</em>'],
		['`', '`']
	]) {
		const half = Math.floor((length - 1) / (open.length + close.length));
		cases.push([`${open}…x…${close} balanced`, `${open.repeat(half)}x${close.repeat(half)}`]);
	}
	cases.push(['lists indented level by level', indentedList('-', length)]);
	cases.push(['ordered lists indented level by level', indentedList('1.', length)]);
	const random = seededRandom(12);
	const pick = () => NESTING_UNITS[Math.floor(random() * NESTING_UNITS.length)];
	for (let round = 0; round < 24; round += 1) {
		// A few units interleaved over and over, and a random walk through all of them.
		const few = [pick(), pick(), pick()].join('');
		cases.push([`interleaved ${JSON.stringify(few)}`, repeated(few, length, 'x')]);
		let text = '';
		while (text.length < length) text += pick();
		cases.push([`random mix ${round}`, text.slice(0, length)]);
	}
	return cases;
}

const ALLOWED_TAG =
	/^<\/?(p|br|strong|em|ul|ol|li|code|blockquote|a)( \/)?>$|^<a (href="https?:[^"<>]*" )?rel="[a-z ]+">$|^<ol start="\d+">$/;

function expectSafeHtml(html: string) {
	for (const tag of html.match(/<[^>]*>?/g) ?? []) expect(tag).toMatch(ALLOWED_TAG);
}

const depthOf = (html: string, tag: string) => {
	let depth = 0;
	let deepest = 0;
	for (const [match] of html.matchAll(new RegExp(`</?${tag}\\b`, 'g'))) {
		depth += match.startsWith('</') ? -1 : 1;
		deepest = Math.max(deepest, depth);
	}
	return deepest;
};

describe('renderMarkdown with deeply nested input', () => {
	it('renders an answer of 2,999 ">" (a 500 on the review and score pages) with bounded nesting', () => {
		const html = renderMarkdown('>'.repeat(2999));
		expect(depthOf(html, 'blockquote')).toBe(MAX_MARKDOWN_NESTING);
		// The markers beyond the bound stay as text.
		expect(html).toContain('&gt;'.repeat(2999 - MAX_MARKDOWN_NESTING));
		expectSafeHtml(html);
	});

	it('bounds every nesting construct at the same depth and keeps shallow nesting intact', () => {
		const deep = MAX_MARKDOWN_NESTING + 4;
		expect(depthOf(renderMarkdown('- '.repeat(deep) + 'x'), 'ul')).toBe(MAX_MARKDOWN_NESTING);
		expect(depthOf(renderMarkdown('1. '.repeat(deep) + 'x'), 'ol')).toBe(MAX_MARKDOWN_NESTING);
		expect(depthOf(renderMarkdown('> - '.repeat(deep) + 'x'), '(?:ul|blockquote)')).toBe(
			MAX_MARKDOWN_NESTING
		);
		const emphasis = renderMarkdown(`${'*a '.repeat(deep)}x${' a*'.repeat(deep)}`);
		expect(depthOf(emphasis, 'em')).toBe(MAX_MARKDOWN_NESTING);
		expect(renderMarkdown('> > quoted twice\n\n- a\n  - b')).toBe(
			'<blockquote>\n<blockquote>\n<p>quoted twice</p>\n</blockquote>\n</blockquote>\n' +
				'<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n'
		);
	});

	it(`never throws, stays safe and finishes within ${TIME_BOUND_MS} ms for nesting up to the longest answer`, () => {
		expect(LONGEST_ANSWER).toBeGreaterThanOrEqual(5000);
		for (const length of [TEXT_QUESTIONS.problem.max, LONGEST_ANSWER]) {
			for (const [name, source] of fuzzCases(length)) {
				const started = performance.now();
				let html = '';
				expect(() => (html = renderMarkdown(source)), name).not.toThrow();
				const elapsed = performance.now() - started;
				expect(
					elapsed,
					`${name} (${length} characters) took ${Math.round(elapsed)} ms`
				).toBeLessThan(TIME_BOUND_MS);
				expectSafeHtml(html);
			}
		}
		// About 170 renders of up to 5,000 characters: seconds on a busy machine.
	}, 120_000);

	it('falls back to escaped paragraphs (the same safe subset) when given plain text', () => {
		expect(renderPlainText('a <b> & "c"\nline\n\n\nnext')).toBe(
			'<p>a &lt;b&gt; &amp; &quot;c&quot;<br />\nline</p>\n<p>next</p>\n'
		);
		expectSafeHtml(renderPlainText('<script>alert(1)</script>\n\n[x](javascript:1)'));
	});
});

describe('renderMarkdown keeps what it rendered', () => {
	it('gives the same safe HTML for the same text, rendered once', () => {
		const text = `**Rendered once** for every visitor ${Math.random()}\n\n<script>alert(1)</script>`;
		const before = renderedCacheSize().entries;
		const first = renderMarkdown(text);
		expect(renderedCacheSize().entries).toBe(before + 1);
		expect(renderMarkdown(text)).toBe(first);
		expect(renderedCacheSize().entries).toBe(before + 1);
		expect(first).not.toContain('<script');
	});

	it('stays within its byte budget however many answers it sees', () => {
		for (let index = 0; index < 400; index++)
			renderMarkdown(`Answer ${index} ${'with many words '.repeat(500)}`);
		expect(renderedCacheSize().bytes).toBeLessThanOrEqual(8 * 1024 * 1024);
		expect(renderedCacheSize().entries).toBeLessThan(400);
	});
});
