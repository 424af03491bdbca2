// Developer aid: screenshots of pages at phone and desktop widths, light and dark.
// node scripts/dev/screenshots.mjs BASE_URL OUT_DIR [email password] path...
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const [, , base, out, ...rest] = process.argv;
let email, password;
if (rest[0] && rest[0].includes('@')) [email, password] = rest.splice(0, 2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium'
});
for (const [label, width, scheme, locale] of [
	['desktop', 1280, 'light', 'en'],
	['phone', 390, 'dark', 'en'],
	['phone-ko', 390, 'light', 'ko']
]) {
	const context = await browser.newContext({
		viewport: { width, height: 900 },
		colorScheme: scheme
	});
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: base }]);
	const page = await context.newPage();
	if (email) {
		await page.goto(base + '/sign-in');
		await page.fill('#field-email', email);
		await page.fill('#field-password', password);
		await page.click('main button[type=submit]');
		await page.waitForURL(/account/);
	}
	for (const path of rest) {
		await page.goto(base + path);
		const name = path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home';
		await page.screenshot({ path: `${out}/${name}-${label}.png`, fullPage: true });
		await page.screenshot({ path: `${out}/${name}-${label}-top.png` });
	}
	await context.close();
}
await browser.close();
