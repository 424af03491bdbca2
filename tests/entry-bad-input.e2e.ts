import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { postForm, showHtml, type FormFields } from './support/http';
import { createTeamLead } from './support/team';

/**
 * Every step of the entry form, fed bad input (at least 20 cases each): HTTP 400, the question
 * named next to its message, the typed text still in the form, and the saved draft untouched.
 */
type Case = { label: string; fields: FormFields; field: string };
const NUL = 'a\u0000b';
const BELL = 'ring\u0007';
const ESCAPE = 'esc\u001b[31m';
const BIDI = 'evil\u202Etxt';
const long = (length: number) => 'x'.repeat(length);

const saved = {
	basics: { title: 'Saved title', tagline: 'Saved tagline', partner: 'Saved partner' },
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
} as const;

/** Bad values for a text question: too long, invisible characters (and line breaks in one-liners). */
function textCases(field: string, max: number, multiline: boolean): Case[] {
	const values: [string, string][] = [
		['too long', long(max + 1)],
		['NUL', NUL],
		['bell', BELL],
		['escape sequence', ESCAPE],
		['bidi override', BIDI],
		['zero-width no-break space', 'a\uFEFFb']
	];
	if (!multiline)
		values.push(['line break', 'one\ntwo'], ['tab', 'one\ttwo'], ['zero-width space', 'a\u200Bb']);
	return values.map(([label, value]) => ({
		label: `${field}: ${label}`,
		fields: { [field]: value },
		field
	}));
}

const cases: Record<keyof typeof saved, Case[]> = {
	basics: [
		...textCases('title', 120, false),
		...textCases('tagline', 160, false),
		...textCases('partner', 200, false).slice(0, 3),
		{
			label: 'unknown track id',
			fields: { trackId: '00000000-0000-4000-8000-000000000000' },
			field: 'trackId'
		},
		{ label: 'track not a uuid', fields: { trackId: "x' or 1=1 --" }, field: 'trackId' },
		{ label: 'unknown country', fields: { countries: ['KR', 'XX'] }, field: 'countries' },
		{ label: 'country as a name', fields: { countries: ['Korea'] }, field: 'countries' },
		{
			label: 'too many countries',
			fields: {
				countries: [
					'KR',
					'JP',
					'CN',
					'VN',
					'TH',
					'PH',
					'ID',
					'MY',
					'SG',
					'IN',
					'BD',
					'NP',
					'LK',
					'PK',
					'MN',
					'KZ',
					'UZ',
					'KH',
					'LA',
					'MM',
					'BT'
				]
			},
			field: 'countries'
		},
		{ label: 'goal 0', fields: { sdgs: ['0'] }, field: 'sdgs' },
		{ label: 'goal 18', fields: { sdgs: ['18'] }, field: 'sdgs' },
		{ label: 'goal not a number', fields: { sdgs: ['eleven'] }, field: 'sdgs' },
		{ label: 'goal as a fraction', fields: { sdgs: ['1.5'] }, field: 'sdgs' }
	],
	story: [
		...textCases('problem', 3000, true),
		...textCases('solution', 3000, true),
		...textCases('aiApproach', 3000, true),
		{ label: 'stage in capitals', fields: { stage: 'PILOT' }, field: 'stage' },
		{ label: 'unknown stage', fields: { stage: 'scaled' }, field: 'stage' },
		{ label: 'stage as markup', fields: { stage: '<b>pilot</b>' }, field: 'stage' }
	],
	'responsible-ai': ['privacy', 'fairness', 'oversight', 'accessibility', 'risks'].flatMap(
		(field) => textCases(field, 2000, true).slice(0, 4)
	),
	impact: ['impact', 'measurement', 'feasibility', 'scaling'].flatMap((field) =>
		textCases(field, 2000, true).slice(0, 5)
	),
	media: ['videoUrl', 'prototypeUrl', 'repositoryUrl'].flatMap((field) =>
		[
			'javascript:alert(1)',
			'data:text/html,<script>alert(1)</script>',
			'ftp://files.example.org/demo',
			'file:///etc/passwd',
			'https://user:secret@example.org/',
			'not a url',
			'https://localhost',
			`https://example.org/${long(500)}`
		].map((value) => ({
			label: `${field}: ${value.slice(0, 30)}`,
			fields: { [field]: value },
			field
		}))
	)
};

async function expectRefused(page: Page, request: APIRequestContext, step: string, testCase: Case) {
	const response = await postForm(request, `/team/entry/${step}?/save`, {
		...testCase.fields,
		intent: 'stay'
	});
	expect(response.status(), testCase.label).toBe(400);
	await showHtml(page, await response.text());
	await expect(page.locator(`#q-${testCase.field}-error`), testCase.label).toHaveCount(1);
	const control = page.locator(`#q-${testCase.field}`);
	if (await control.count()) {
		await expect(control, testCase.label).toHaveAttribute('aria-invalid', 'true');
		const value = testCase.fields[testCase.field];
		if (
			typeof value === 'string' &&
			(await control.evaluate((node) => node.tagName)) !== 'SELECT'
		) {
			// What was typed comes back (HTML turns NUL into U+FFFD). A one-line input's value
			// drops line breaks by HTML's rules, so its value attribute is compared there.
			const typed = value.replaceAll(String.fromCharCode(0), '\uFFFD');
			const isInput = (await control.evaluate((node) => node.tagName)) === 'INPUT';
			const shown = isInput ? await control.getAttribute('value') : await control.inputValue();
			expect((shown ?? '').replace(/\r\n/g, '\n'), testCase.label).toBe(typed);
		}
	}
}

test('bad input on every step of the entry: 400, the question named, the draft intact', async ({
	page
}) => {
	test.setTimeout(240_000);
	const { request } = await createTeamLead();
	for (const [step, values] of Object.entries(saved))
		expect(
			(await postForm(request, `/team/entry/${step}?/save`, { ...values, intent: 'stay' })).status()
		).toBe(303);

	for (const [step, stepCases] of Object.entries(cases)) {
		expect(stepCases.length, step).toBeGreaterThanOrEqual(20);
		for (const testCase of stepCases) await expectRefused(page, request, step, testCase);
	}

	// The saved draft is exactly as it was.
	for (const [step, values] of Object.entries(saved)) {
		await showHtml(page, await (await request.get(`/team/entry/${step}`)).text());
		for (const [field, value] of Object.entries(values)) {
			if (field === 'stage')
				await expect(page.locator(`input[name=stage][value=${value}]`)).toBeChecked();
			else await expect(page.locator(`#q-${field}`), `${step}.${field}`).toHaveValue(value);
		}
	}
});
