import { expect, test, type Page } from '@playwright/test';

/**
 * The symposium screen as the audience sees it, on the main server's published demo gallery:
 * a cover is never blank right after the page turns, and each slide fits the screen (16:9
 * projectors and a phone), its QR code and address clear of the controls.
 */

const presenting = (page: Page) => page.locator('[data-controls]:not([hidden])').waitFor();

test('turning the page never shows a blank cover, even when covers arrive slowly', async ({
	page
}) => {
	// Covers arrive slowly, as on a venue's busy network.
	await page.route('**/gallery/*/cover/*', async (route) => {
		await new Promise((resolve) => setTimeout(resolve, 1_200));
		await route.continue();
	});
	// Each time a slide is shown, whether its cover could be painted at once.
	await page.addInitScript(() => {
		const shown: { id: string; ready: boolean }[] = [];
		Object.assign(window, { shownSlides: shown });
		new MutationObserver((records) => {
			for (const record of records) {
				const slide = record.target as HTMLElement;
				if (!slide.classList.contains('symposium-slide') || slide.hidden) continue;
				const image = slide.querySelector('img');
				shown.push({
					id: slide.id,
					ready: !image || (image.complete && image.naturalWidth > 0)
				});
			}
		}).observe(document, { subtree: true, attributes: true, attributeFilter: ['hidden'] });
	});
	// Not waiting for the load event, which waits for every cover.
	await page.goto('/symposium', { waitUntil: 'domcontentloaded' });
	await presenting(page);
	const count = await page.locator('.symposium-slide').count();
	expect(count, 'slides in the demo gallery').toBeGreaterThanOrEqual(3);
	await expect(page.locator('.symposium-slide img').first()).toBeVisible();

	// Right away, before the covers have arrived: the page turns once the cover is there.
	await page.keyboard.press('ArrowRight');
	await expect(page).toHaveURL(/#slide-2$/);
	await page.keyboard.press('ArrowRight');
	await expect(page).toHaveURL(/#slide-3$/);
	await page.getByRole('button', { name: 'Previous slide' }).click();
	await expect(page).toHaveURL(/#slide-2$/);
	await page.keyboard.press('End');
	await expect(page).toHaveURL(new RegExp(`#slide-${count}$`));

	const shown = await page.evaluate(
		() => (window as unknown as { shownSlides: { id: string; ready: boolean }[] }).shownSlides
	);
	expect(shown.map((slide) => slide.id)).toEqual([
		'slide-2',
		'slide-3',
		'slide-2',
		`slide-${count}`
	]);
	expect(shown.filter((slide) => !slide.ready)).toEqual([]);
});

for (const [device, width, height] of [
	['a 1366×768 projector', 1366, 768],
	['a 1280×720 projector', 1280, 720],
	['a 1920×1080 screen', 1920, 1080],
	['a phone', 390, 844]
] as const) {
	test(`every slide fits ${device}: nothing cut off, the QR code and its address clear of the controls`, async ({
		browser
	}) => {
		const context = await browser.newContext({ viewport: { width, height } });
		const page = await context.newPage();
		await page.goto('/symposium');
		await presenting(page);
		const count = await page.locator('.symposium-slide').count();
		const controls = page.locator('.symposium-controls');
		for (let index = 1; index <= count; index++) {
			if (index > 1) {
				await page.getByRole('button', { name: 'Next slide' }).click();
				await expect(page).toHaveURL(new RegExp(`#slide-${index}$`));
			}
			const slide = page.locator(`#slide-${index}`);
			const fit = await page.evaluate(() => {
				const box = document.querySelector('.symposium-slides') as HTMLElement;
				return { scroll: box.scrollHeight, client: box.clientHeight };
			});
			expect(fit.scroll, `slide ${index} needs scrolling inside the screen`).toBeLessThanOrEqual(
				fit.client + 1
			);
			const scan = slide.locator('.symposium-scan');
			await expect(scan.getByRole('img', { name: /QR code/ })).toBeInViewport({ ratio: 1 });
			await expect(scan.getByRole('link')).toBeInViewport({ ratio: 1 });
			const scanBox = (await scan.boundingBox())!;
			const controlsBox = (await controls.boundingBox())!;
			expect(
				scanBox.y + scanBox.height,
				`slide ${index}: QR under the controls`
			).toBeLessThanOrEqual(controlsBox.y);
			await expect(slide.getByRole('heading', { level: 2 })).toBeInViewport({ ratio: 1 });
			// The controls take one row on every screen.
			expect(controlsBox.height, 'controls on one row').toBeLessThan(70);
		}
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			width
		);
		await context.close();
	});
}
