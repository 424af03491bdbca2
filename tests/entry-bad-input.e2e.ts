import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { readIds } from './support/dom';
import { postForm, showHtml, type FormFields } from './support/http';
import { createTeamLead } from './support/team';

/**
 * Every step of the entry form, fed bad input (at least 20 distinct cases each): HTTP 400, the
 * question named next to its message, the typed text still in the form, and the saved draft
 * untouched.
 */
type Case = { label: string; fields: FormFields; field: string };
const NUL = 'a\u0000b';
const BIDI = 'evil\u202Etxt';
const long = (length: number) => 'x'.repeat(length);

type Kind = [label: string, value: (max: number) => string];

/** What no text answer may hold: more than its limit, invisible or control characters. */
const anyText: Kind[] = [
	['too long', (max) => long(max + 1)],
	['NUL', () => NUL],
	['bell', () => 'ring\u0007'],
	['escape sequence', () => 'esc\u001b[31m'],
	['delete character', () => 'del\u007f'],
	['right-to-left override', () => BIDI],
	['left-to-right isolate', () => 'a\u2066b'],
	['byte order mark inside', () => 'a\uFEFFb']
];
/** Besides: one-line answers hold no line break, tab or zero-width space. */
const lineKinds: Kind[] = [
	...anyText,
	['too long in Korean', (max) => '가'.repeat(max + 1)],
	['C1 control', () => 'csi\u009b'],
	['line break', () => 'one\ntwo'],
	['carriage return', () => 'one\rtwo'],
	['tab', () => 'one\ttwo'],
	['zero-width space', () => 'a\u200Bb']
];
/** Multi-line answers may break lines and hold tabs, nothing else invisible. */
const markdownKinds: Kind[] = [
	...anyText,
	['too long in emoji', (max) => '🌊'.repeat(max + 1)],
	['C1 next line', () => 'next\u0085line'],
	['backspace', () => 'back\u0008space'],
	['vertical tab', () => 'vertical\u000Btab'],
	['form feed', () => 'form\u000Cfeed'],
	['left-to-right override', () => 'a\u202Db'],
	['pop directional isolate', () => 'a\u2069b']
];
/** Links a judge must not be sent to, or that are not links at all. */
const badUrls = [
	'javascript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'ftp://files.example.org/demo',
	'file:///etc/passwd',
	'https://user:secret@example.org/',
	'not a url',
	'https://localhost',
	`https://example.org/${long(500)}`,
	'vbscript:msgbox(1)',
	'mailto:team@example.org',
	'//example.org/no-scheme',
	'https://exa mple.org',
	'https://example.org/\u0000',
	'https://example.org/\u202Egnp.exe',
	'https://example.org\nhttps://evil.example.org',
	'HTTPS://admin@example.org'
];

/**
 * Cases for several questions of a step, each question taking the next `count` kinds in turn, so
 * the step as a whole tries many different kinds (not the same few on every question).
 */
function textCases(fields: string[], max: number, kinds: Kind[], count: number): Case[] {
	return fields.flatMap((field, index) =>
		Array.from({ length: count }, (_, offset) => {
			const [label, value] = kinds[(index * count + offset) % kinds.length];
			return { label: `${field}: ${label}`, fields: { [field]: value(max) }, field };
		})
	);
}

function urlCases(fields: string[], count: number): Case[] {
	return fields.flatMap((field, index) =>
		Array.from({ length: count }, (_, offset) => {
			const value = badUrls[(index * count + offset) % badUrls.length];
			return {
				label: `${field}: ${JSON.stringify(value.slice(0, 30))}`,
				fields: { [field]: value },
				field
			};
		})
	);
}

const NOBODY = '00000000-0000-4000-8000-000000000000';
const tooManyCountries = [
	...['KR', 'JP', 'CN', 'VN', 'TH', 'PH', 'ID', 'MY', 'SG', 'IN', 'BD', 'NP', 'LK', 'PK'],
	...['MN', 'KZ', 'UZ', 'KH', 'LA', 'MM', 'BT']
];

function casesByStep(trackId: string): Record<string, Case[]> {
	return {
		basics: [
			...textCases(['title'], 120, lineKinds, 6),
			...textCases(['tagline'], 160, lineKinds.slice(6), 6),
			...textCases(['partner'], 200, lineKinds.slice(12).concat(lineKinds), 4),
			{ label: 'unknown track id', fields: { trackId: NOBODY }, field: 'trackId' },
			{ label: 'track not a uuid', fields: { trackId: "x' or 1=1 --" }, field: 'trackId' },
			{
				label: 'track sent twice, the first one unknown',
				fields: { trackId: [NOBODY, trackId] },
				field: 'trackId'
			},
			{ label: 'unknown country', fields: { countries: ['KR', 'XX'] }, field: 'countries' },
			{ label: 'country as a name', fields: { countries: ['Korea'] }, field: 'countries' },
			{ label: 'country with NUL', fields: { countries: ['K\u0000R'] }, field: 'countries' },
			{ label: 'too many countries', fields: { countries: tooManyCountries }, field: 'countries' },
			{ label: 'goal 0', fields: { sdgs: ['0'] }, field: 'sdgs' },
			{ label: 'goal 18', fields: { sdgs: ['18'] }, field: 'sdgs' },
			{ label: 'goal not a number', fields: { sdgs: ['eleven'] }, field: 'sdgs' },
			{ label: 'goal as a fraction', fields: { sdgs: ['1.5'] }, field: 'sdgs' },
			{ label: 'goal with a leading zero', fields: { sdgs: ['11', '011'] }, field: 'sdgs' }
		],
		story: [
			...textCases(['problem', 'solution', 'aiApproach'], 3000, markdownKinds, 6),
			{ label: 'stage in capitals', fields: { stage: 'PILOT' }, field: 'stage' },
			{ label: 'unknown stage', fields: { stage: 'scaled' }, field: 'stage' },
			{ label: 'stage as markup', fields: { stage: '<b>pilot</b>' }, field: 'stage' },
			{
				label: 'stage sent twice, the first one unknown',
				fields: { stage: ['launched', 'pilot'] },
				field: 'stage'
			}
		],
		'responsible-ai': textCases(
			['privacy', 'fairness', 'oversight', 'accessibility', 'risks'],
			2000,
			markdownKinds,
			4
		),
		impact: textCases(['impact', 'measurement', 'feasibility', 'scaling'], 2000, markdownKinds, 5),
		media: urlCases(['videoUrl', 'prototypeUrl', 'repositoryUrl'], 8)
	};
}

const saved = {
	basics: {
		title: 'Saved title',
		tagline: 'Saved tagline',
		partner: 'Saved partner',
		countries: ['KR', 'VN'],
		sdgs: ['11', '13']
	},
	story: {
		problem: 'Saved problem',
		solution: 'Saved solution',
		aiApproach: 'Saved approach',
		stage: 'pilot'
	},
	'responsible-ai': {
		privacy: 'Saved privacy',
		fairness: 'Saved fairness',
		oversight: 'Saved oversight',
		accessibility: 'Saved accessibility',
		risks: 'Saved risks'
	},
	impact: {
		impact: 'Saved impact',
		measurement: 'Saved measurement',
		feasibility: 'Saved feasibility',
		scaling: 'Saved scaling'
	},
	media: { videoUrl: 'https://video.example.org/saved', prototypeUrl: '', repositoryUrl: '' }
} satisfies Record<string, FormFields>;

async function expectRefused(page: Page, request: APIRequestContext, step: string, testCase: Case) {
	const response = await postForm(request, `/team/entry/${step}?/save`, {
		...testCase.fields,
		intent: 'stay'
	});
	expect(response.status(), testCase.label).toBe(400);
	const id = `q-${testCase.field}`;
	const shown = await readIds(page, await response.text(), [`${id}-error`, id]);
	expect(shown[`${id}-error`].count, testCase.label).toBe(1);
	expect(shown[`${id}-error`].text, testCase.label).toBeTruthy();
	const control = shown[id];
	// Groups of checkboxes and radio buttons have no single control.
	if (!control.count) return;
	expect(control.invalid, testCase.label).toBe('true');
	const value = testCase.fields[testCase.field];
	if (typeof value === 'string' && control.tag !== 'SELECT') {
		// What was typed comes back (HTML turns NUL into U+FFFD and CR into LF). A one-line input
		// is compared by its value attribute, which keeps the line breaks the server sent.
		const typed = value.replace(/\r\n?/g, '\n').replaceAll(String.fromCharCode(0), '\uFFFD');
		expect((control.value ?? '').replace(/\r\n?/g, '\n'), testCase.label).toBe(typed);
	}
}

test('bad input on every step of the entry: 400, the question named, the draft intact', async ({
	page
}) => {
	test.setTimeout(120_000);
	const { request } = await createTeamLead();
	const basics = await (await request.get('/team/entry/basics')).text();
	const trackId = /id="q-trackId"[\s\S]*?<option value="([0-9a-f-]{36})"/.exec(basics)?.[1];
	expect(trackId, 'a track to choose').toBeTruthy();
	const draft: Record<string, FormFields> = {
		...saved,
		basics: { ...saved.basics, trackId: trackId as string }
	};
	for (const [step, values] of Object.entries(draft))
		expect(
			(await postForm(request, `/team/entry/${step}?/save`, { ...values, intent: 'stay' })).status()
		).toBe(303);

	for (const [step, stepCases] of Object.entries(casesByStep(trackId as string))) {
		expect(stepCases.length, step).toBeGreaterThanOrEqual(20);
		expect(new Set(stepCases.map((testCase) => JSON.stringify(testCase.fields))).size, step).toBe(
			stepCases.length
		);
		for (const testCase of stepCases) await expectRefused(page, request, step, testCase);
	}

	// The saved draft is exactly as it was, choices included.
	for (const [step, values] of Object.entries(draft)) {
		await showHtml(page, await (await request.get(`/team/entry/${step}`)).text());
		for (const [field, value] of Object.entries(values)) {
			const label = `${step}.${field}`;
			if (field === 'stage')
				await expect(page.locator(`input[name=stage][value=${value}]`), label).toBeChecked();
			else if (field === 'sdgs' || field === 'countries') {
				// Groups of checkboxes: exactly the saved ones are ticked.
				const checked = page.locator(`input[name=${field}]:checked`);
				await expect(checked, label).toHaveCount(value.length);
				for (const item of value)
					await expect(page.locator(`input[name=${field}][value="${item}"]`), label).toBeChecked();
			} else if (Array.isArray(value))
				await expect(page.locator(`#q-${field}`), label).toHaveValues(value);
			else await expect(page.locator(`#q-${field}`), label).toHaveValue(value);
		}
	}
});
