import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, demo } from './support/accounts';
import {
	createConfirmedAccount,
	mailLink,
	postForm,
	showHtml,
	type FormFields
} from './support/http';

/**
 * Every form, fed bad input: the answer is HTTP 400, the field is named next to its message,
 * and what the person typed is still in the form (except secrets). Never a 500.
 */
type Case = { label: string; fields: FormFields; field: string };

const long = (length: number) => 'x'.repeat(length);
const NUL = 'a\u0000b';
const BIDI = 'evil\u202Etxt';
const COMMON_PASSWORD = 'qwerty123456';

const signUpValid = {
	name: 'Valid Person',
	email: 'valid-bad-input@example.org',
	password: 'a valid pass phrase',
	country: 'KR',
	dateOfBirth: '2004-05-06'
};
const signUpCases: Case[] = [
	{
		label: 'all empty',
		fields: { name: '', email: '', password: '', country: '', dateOfBirth: '' },
		field: 'name'
	},
	{ label: 'name missing', fields: { ...signUpValid, name: '' }, field: 'name' },
	{ label: 'name only spaces', fields: { ...signUpValid, name: '    ' }, field: 'name' },
	{ label: 'name too long', fields: { ...signUpValid, name: long(101) }, field: 'name' },
	{ label: 'name with NUL', fields: { ...signUpValid, name: NUL }, field: 'name' },
	{ label: 'name with bidi override', fields: { ...signUpValid, name: BIDI }, field: 'name' },
	{ label: 'email missing', fields: { ...signUpValid, email: '' }, field: 'email' },
	{ label: 'email without @', fields: { ...signUpValid, email: 'not-an-email' }, field: 'email' },
	{
		label: 'email too long',
		fields: { ...signUpValid, email: `${long(250)}@example.org` },
		field: 'email'
	},
	{
		label: 'email with newline',
		fields: { ...signUpValid, email: 'a@b.org\nBcc: x@y.org' },
		field: 'email'
	},
	{ label: 'password missing', fields: { ...signUpValid, password: '' }, field: 'password' },
	{
		label: 'password too short',
		fields: { ...signUpValid, password: 'short pw' },
		field: 'password'
	},
	{
		label: 'password too long',
		fields: { ...signUpValid, password: long(257) },
		field: 'password'
	},
	{
		label: 'password too common',
		fields: { ...signUpValid, password: COMMON_PASSWORD },
		field: 'password'
	},
	{
		label: 'password with control character',
		fields: { ...signUpValid, password: `long enough${NUL}` },
		field: 'password'
	},
	{ label: 'country missing', fields: { ...signUpValid, country: '' }, field: 'country' },
	{ label: 'unknown country', fields: { ...signUpValid, country: 'XX' }, field: 'country' },
	{ label: 'country as a name', fields: { ...signUpValid, country: 'Korea' }, field: 'country' },
	{
		label: 'date of birth missing',
		fields: { ...signUpValid, dateOfBirth: '' },
		field: 'dateOfBirth'
	},
	{
		label: 'date of birth in another format',
		fields: { ...signUpValid, dateOfBirth: '06/05/2004' },
		field: 'dateOfBirth'
	},
	{
		label: 'impossible date of birth',
		fields: { ...signUpValid, dateOfBirth: '2004-02-30' },
		field: 'dateOfBirth'
	},
	{
		label: 'future date of birth',
		fields: { ...signUpValid, dateOfBirth: '2999-01-01' },
		field: 'dateOfBirth'
	},
	{
		label: 'too young',
		fields: { ...signUpValid, dateOfBirth: '2020-01-01' },
		field: 'dateOfBirth'
	},
	{
		label: 'date of birth as a number',
		fields: { ...signUpValid, dateOfBirth: '1234567890' },
		field: 'dateOfBirth'
	}
];

const signInCases: Case[] = [
	{ label: 'both empty', fields: { email: '', password: '' }, field: 'email' },
	{ label: 'email empty', fields: { email: '', password: 'something long' }, field: 'email' },
	{ label: 'email spaces', fields: { email: '   ', password: 'something long' }, field: 'email' },
	{
		label: 'email without domain',
		fields: { email: 'someone@', password: 'something long' },
		field: 'email'
	},
	{
		label: 'email with two @',
		fields: { email: 'a@@b.org', password: 'something long' },
		field: 'email'
	},
	{
		label: 'email too long',
		fields: { email: `${long(260)}@b.org`, password: 'something long' },
		field: 'email'
	},
	{
		label: 'email with NUL',
		fields: { email: `a${NUL}@b.org`, password: 'something long' },
		field: 'email'
	},
	{
		label: 'email with bidi',
		fields: { email: `${BIDI}@b.org`, password: 'something long' },
		field: 'email'
	},
	{
		label: 'email as a number',
		fields: { email: '12345', password: 'something long' },
		field: 'email'
	},
	{
		label: 'email with script',
		fields: { email: '<script>@x.org', password: 'something long' },
		field: 'email'
	},
	{
		label: 'password empty',
		fields: { email: 'someone@example.org', password: '' },
		field: 'password'
	},
	{
		label: 'password absurdly long',
		fields: { email: 'someone@example.org', password: long(5000) },
		field: 'password'
	},
	{
		label: 'unknown account',
		fields: { email: 'nobody-here@example.org', password: 'something long' },
		field: 'email'
	},
	{
		label: 'wrong password',
		fields: { email: 'nobody-either@example.org', password: 'wrong password x' },
		field: 'email'
	},
	{ label: 'email missing entirely', fields: { password: 'something long' }, field: 'email' },
	{
		label: 'password missing entirely',
		fields: { email: 'someone@example.org' },
		field: 'password'
	},
	{
		label: 'email with spaces inside',
		fields: { email: 'some one@example.org', password: 'something long' },
		field: 'email'
	},
	{
		label: 'email with comma',
		fields: { email: 'a@b.org,c@d.org', password: 'something long' },
		field: 'email'
	},
	{
		label: 'email is a URL',
		fields: { email: 'https://example.org', password: 'something long' },
		field: 'email'
	},
	{
		label: 'email with newline',
		fields: { email: 'a@b.org\r\n', password: 'x\nsomething long' },
		field: 'email'
	}
];

const emailOnlyCases = (name: string): Case[] =>
	[
		'',
		'   ',
		'plain',
		'a@',
		'@b.org',
		'a@@b.org',
		'a b@c.org',
		`${long(255)}@b.org`,
		`a${NUL}@b.org`,
		`${BIDI}@b.org`,
		'a@b.org\nBcc: c@d.org',
		'<a@b.org>',
		'a@b..org',
		'a@-b.org',
		'12345',
		'a,b@c.org',
		'"quoted"@b.org extra',
		'a@b.org;c@d.org',
		'http://x.org',
		'\t'
	].map((value, index) => ({
		label: `email #${index + 1} ${JSON.stringify(value.slice(0, 20))}`,
		fields: { [name]: value },
		field: name
	}));

const passwordOnlyCases = (name: string, extra: FormFields): Case[] =>
	[
		'',
		'short',
		'elevenchars',
		long(257),
		COMMON_PASSWORD,
		'1q2w3e4r5t6y',
		'qazwsxedcrfv',
		'123qweasdzxc',
		`long enough${NUL}`,
		`long enough\u0007bell`,
		'tab\tin the password',
		'newline\nin password',
		'🐢'.repeat(11),
		'   ',
		'leavemealone',
		'1qaz2wsx3edc',
		'q1w2e3r4t5y6',
		'123456qwerty',
		'qwerty123456',
		long(1000)
	].map((value, index) => ({
		label: `password #${index + 1}`,
		fields: { ...extra, [name]: value },
		field: name
	}));

async function expectBadInput(
	page: import('@playwright/test').Page,
	request: APIRequestContext,
	path: string,
	testCase: Case,
	errorIdPrefix = 'field'
) {
	const response = await postForm(request, path, testCase.fields);
	expect(response.status(), testCase.label).toBe(400);
	const html = await response.text();
	await showHtml(page, html);
	const message = page.locator(`#${errorIdPrefix}-${testCase.field}-error`);
	await expect(message, `${testCase.label}: message on ${testCase.field}`).toHaveCount(1);
	await expect(message).not.toBeEmpty();
	// The field points at its message, and the typed values are still there.
	const control = page.locator(`#${errorIdPrefix}-${testCase.field}`);
	await expect(control).toHaveAttribute('aria-invalid', 'true');
	for (const [name, value] of Object.entries(testCase.fields)) {
		if (/password|token|confirmation/i.test(name) || Array.isArray(value)) continue;
		const input = page.locator(`input#${errorIdPrefix}-${name}`);
		if ((await input.count()) !== 1) continue;
		// Compare what the server sent back (HTML turns NUL into U+FFFD).
		const normalize = (text: string | null) =>
			(text ?? '').replace(/\r\n?/g, '\n').replaceAll(String.fromCharCode(0), '\uFFFD');
		expect(normalize(await input.getAttribute('value')), `${testCase.label}: ${name} kept`).toBe(
			normalize(value)
		);
	}
}

test.describe('bad input on every form gives 400 with the field named', () => {
	test('sign-up', async ({ page, request }) => {
		expect(signUpCases.length).toBeGreaterThanOrEqual(20);
		for (const testCase of signUpCases) await expectBadInput(page, request, '/sign-up', testCase);
	});

	test('sign-up with a taken email answers like a new one (no enumeration)', async ({
		request
	}) => {
		const taken = await postForm(request, '/sign-up', { ...signUpValid, email: demo.entrant });
		const fresh = await postForm(request, '/sign-up', {
			...signUpValid,
			email: `new-${Date.now()}@example.org`
		});
		expect(taken.status()).toBe(303);
		expect(fresh.status()).toBe(303);
		expect(taken.headers().location).toBe(fresh.headers().location);
	});

	test('sign-in', async ({ page, request }) => {
		for (const testCase of signInCases) await expectBadInput(page, request, '/sign-in', testCase);
	});

	test('forgot password', async ({ page, request }) => {
		for (const testCase of emailOnlyCases('email'))
			await expectBadInput(page, request, '/forgot-password', testCase);
	});

	test('reset password', async ({ page }) => {
		// A live reset link: the page shows its form, and bad passwords never use the link up.
		const { email, request } = await createConfirmedAccount();
		expect((await postForm(request, '/forgot-password', { email })).status()).toBe(303);
		const link = await mailLink(request, email, 'Reset your password');
		const token = link.searchParams.get('token') as string;
		for (const testCase of passwordOnlyCases('password', { token }))
			await expectBadInput(page, request, `/reset-password?token=${token}`, testCase);
		const good = await postForm(request, `/reset-password?token=${token}`, {
			token,
			password: 'finally a good passphrase'
		});
		expect(good.status()).toBe(303);
	});

	test('account settings: profile, password, email and deletion', async ({ page }) => {
		const { request } = await createConfirmedAccount();
		const profileValid = {
			name: 'Fresh Account',
			country: 'KR',
			dateOfBirth: '2002-02-02',
			locale: 'en'
		};
		const profileCases: Case[] = [
			...signUpCases
				.filter((testCase) => ['name', 'country', 'dateOfBirth'].includes(testCase.field))
				.map((testCase) => ({
					label: testCase.label,
					field: testCase.field,
					fields: {
						...profileValid,
						[testCase.field]: testCase.fields[testCase.field] as string
					}
				})),
			{ label: 'unknown language', fields: { ...profileValid, locale: 'xx' }, field: 'locale' },
			{ label: 'language empty', fields: { ...profileValid, locale: '' }, field: 'locale' },
			{ label: 'language in capitals', fields: { ...profileValid, locale: 'KO' }, field: 'locale' },
			{
				label: 'language with region',
				fields: { ...profileValid, locale: 'en-US' },
				field: 'locale'
			},
			{
				label: 'language as markup',
				fields: { ...profileValid, locale: '<b>ko</b>' },
				field: 'locale'
			},
			{
				label: 'country only spaces',
				fields: { ...profileValid, country: '   ' },
				field: 'country'
			}
		];
		expect(profileCases.length).toBeGreaterThanOrEqual(20);
		for (const testCase of profileCases)
			await expectBadInput(page, request, '/account?/profile', testCase);

		const passwordCases = passwordOnlyCases('newPassword', {
			currentPassword: 'a fresh account passphrase'
		});
		for (const testCase of passwordCases)
			await expectBadInput(page, request, '/account/security?/password', testCase, 'password');
		await expectBadInput(
			page,
			request,
			'/account/security?/password',
			{
				label: 'current password empty',
				fields: { currentPassword: '', newPassword: 'a new and good passphrase' },
				field: 'currentPassword'
			},
			'password'
		);

		for (const testCase of emailOnlyCases('newEmail'))
			await expectBadInput(
				page,
				request,
				'/account/security?/email',
				{
					...testCase,
					fields: { ...testCase.fields, currentPassword: 'a fresh account passphrase' }
				},
				'email'
			);

		const deleteCases: Case[] = [
			'',
			'delete',
			'Delete',
			'DELETE ',
			' DELETE',
			'DELET',
			'DELETEE',
			'yes',
			'true',
			'1',
			'ＤＥＬＥＴＥ',
			'DELETE\u0000',
			'DEL ETE',
			'삭제',
			long(300),
			'<DELETE>',
			'"DELETE"',
			'DELETE!',
			'null',
			'undefined'
		].map((value, index) => ({
			label: `confirmation #${index + 1}`,
			fields: { currentPassword: 'a fresh account passphrase', confirmation: value },
			field: 'confirmation'
		}));
		for (const testCase of deleteCases)
			await expectBadInput(page, request, '/account/privacy?/delete', testCase);
		// The account is still there.
		expect((await request.get('/account', { maxRedirects: 0 })).status()).toBe(200);
	});

	test('organizer role changes', async ({ request }) => {
		const { signedInRequest } = await import('./support/http');
		const organizer = await signedInRequest(demo.organizer, DEMO_PASSWORD);
		const bad: FormFields[] = [
			{},
			{ userId: '', role: 'judge' },
			{ userId: 'not-a-uuid', role: 'judge' },
			{ userId: '00000000-0000-0000-0000-00000000000', role: 'judge' },
			{ userId: "1' or '1'='1", role: 'judge' },
			{ userId: '00000000-0000-4000-8000-000000000000', role: '' },
			{ userId: '00000000-0000-4000-8000-000000000000', role: 'admin' },
			{ userId: '00000000-0000-4000-8000-000000000000', role: 'Judge' },
			{ userId: '00000000-0000-4000-8000-000000000000', role: 'entrant' },
			{ userId: '00000000-0000-4000-8000-000000000000', role: 'organizer\u0000' }
		];
		for (const action of ['grant', 'revoke'])
			for (const fields of bad) {
				const response = await postForm(organizer, `/admin/accounts?/${action}`, fields);
				expect(response.status(), JSON.stringify(fields)).toBe(400);
			}
		// A well-formed id of nobody: 404, not 500.
		const nobody = await postForm(organizer, '/admin/accounts?/grant', {
			userId: '00000000-0000-4000-8000-000000000000',
			role: 'judge'
		});
		expect(nobody.status()).toBe(404);
		void request;
	});
});
