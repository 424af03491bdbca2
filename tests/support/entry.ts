import { expect, type Page } from '@playwright/test';

/** Answers for every step of an entry, as a team would type them. */
export const answers = {
	basics: {
		title: 'RiverSense',
		tagline: 'Flood warnings for every village, in every language',
		partner: 'Incheon Metropolitan City'
	},
	story: {
		problem:
			'Floods reach **small villages** first; warnings arrive late and only in one language.',
		solution:
			'A warning service that turns river sensor data into local alerts:\n\n- SMS\n- radio\n- village loudspeakers',
		aiApproach: 'A gradient-boosted model forecasts river levels from open weather and sensor data.'
	},
	'responsible-ai': {
		privacy: 'No personal data: alerts go to areas, not to people.',
		fairness: 'We test forecast accuracy for every district, rich and poor alike.',
		oversight: 'A duty officer confirms every alert before it is sent.',
		accessibility: 'Alerts reach people without smartphones through SMS, radio and loudspeakers.',
		risks: 'False alarms erode trust: we publish accuracy every month.'
	},
	impact: {
		impact: 'Earlier evacuation, fewer injuries, less damage.',
		measurement: 'Warning lead time, evacuation rate and damage per flood, against 2025.',
		feasibility: 'Runs on a single server; sensors cost 300 USD each.',
		scaling: 'Any river basin with open gauge data; Viet Nam and Bangladesh first.'
	},
	media: {
		videoUrl: 'https://video.example.org/riversense',
		prototypeUrl: 'https://riversense.example.org',
		repositoryUrl: ''
	}
} as const;

export async function fillTextAnswers(page: Page, values: Record<string, string>) {
	for (const [key, value] of Object.entries(values)) await page.locator(`#q-${key}`).fill(value);
}

/** Fills the basics step completely (track, countries, goals included). */
export async function fillBasics(page: Page) {
	await page.goto('/team/entry/basics');
	await fillTextAnswers(page, answers.basics);
	await page.locator('#q-trackId').selectOption({ index: 1 });
	const countries = page.getByRole('group', { name: 'Countries of implementation' });
	await countries.getByRole('checkbox', { name: 'South Korea', exact: true }).check();
	await countries.getByRole('checkbox', { name: 'Vietnam' }).check();
	await page.locator('input[name=sdgs][value="11"]').check();
	await page.locator('input[name=sdgs][value="13"]').check();
}

export async function saveAndContinue(page: Page, nextStep: string) {
	await page.getByRole('button', { name: 'Save and continue' }).click();
	await expect(page).toHaveURL(new RegExp(`/team/entry/${nextStep}$`));
}

export async function uploadFile(
	page: Page,
	kind: 'cover' | 'deck',
	name: string,
	mimeType: string,
	buffer: Buffer
) {
	const what = kind === 'cover' ? 'cover image' : 'pitch deck';
	await page
		.getByLabel(kind === 'cover' ? 'Cover image file' : 'Pitch deck file (PDF)')
		.setInputFiles({ name, mimeType, buffer });
	await page.getByRole('button', { name: new RegExp(`^(Upload|Replace) ${what}$`) }).click();
}
