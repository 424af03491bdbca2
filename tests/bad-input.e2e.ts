import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, demo, uniqueEmail } from './support/accounts';
import {
	createConfirmedAccount,
	mailLink,
	postForm,
	showHtml,
	signedInRequest,
	type FormFields
} from './support/http';
import { readIds } from './support/dom';
import { createTeamLead, inviteLink, joinTeam } from './support/team';

/**
 * Every form, fed bad input: the answer is HTTP 400, the field is named next to its message,
 * and what the person typed is still in the form (except secrets). Never a 500.
 */
type Case = { label: string; fields: FormFields; field: string; status?: number };

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
		label: 'email with a fullwidth at sign',
		fields: { email: 'someone\uFF20example.org', password: 'something long' },
		field: 'email'
	},
	{
		label: 'email sent twice, the first one empty',
		fields: { email: ['', 'someone@example.org'], password: 'something long' },
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
		'\t',
		'a\uFF20b.org',
		'a@b',
		'.a@b.org'
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
		'QWERTY123456',
		`bidi${BIDI} override`
	].map((value, index) => ({
		label: `password #${index + 1}`,
		fields: { ...extra, [name]: value },
		field: name
	}));

/** Compares what the server sent back (HTML turns NUL into U+FFFD, and CR LF into LF). */
const normalize = (text: string | null) =>
	(text ?? '').replace(/\r\n?/g, '\n').replaceAll(String.fromCharCode(0), '\uFFFD');

async function expectBadInput(
	page: Page,
	request: APIRequestContext,
	path: string,
	testCase: Case,
	errorIdPrefix = 'field'
) {
	const response = await postForm(request, path, testCase.fields);
	expect(response.status(), testCase.label).toBe(testCase.status ?? 400);
	const id = (name: string) => `${errorIdPrefix}-${name}`;
	const errorId = `${id(testCase.field)}-error`;
	const shown = await readIds(page, await response.text(), [
		errorId,
		...Object.keys({ [testCase.field]: '', ...testCase.fields }).map(id)
	]);
	const label = `${testCase.label}: message on ${testCase.field}`;
	expect(shown[errorId].count, label).toBe(1);
	expect(shown[errorId].text, label).toBeTruthy();
	// The field points at its message (a group of radio buttons has no single control).
	const control = shown[id(testCase.field)];
	if (control.count) expect(control.invalid, label).toBe('true');
	// The typed values are still there (never secrets).
	for (const [name, value] of Object.entries(testCase.fields)) {
		if (/password|token|confirmation/i.test(name) || Array.isArray(value)) continue;
		const input = shown[id(name)];
		if (input.count !== 1 || input.tag !== 'INPUT') continue;
		expect(normalize(input.value), `${testCase.label}: ${name} kept`).toBe(normalize(value));
	}
}

/** Runs a table: at least 20 distinct cases, each refused with its field named. */
async function expectTable(
	page: Page,
	request: APIRequestContext,
	path: string,
	cases: Case[],
	errorIdPrefix = 'field'
) {
	expect(cases.length, path).toBeGreaterThanOrEqual(20);
	expect(new Set(cases.map((testCase) => JSON.stringify(testCase.fields))).size, path).toBe(
		cases.length
	);
	for (const testCase of cases) await expectBadInput(page, request, path, testCase, errorIdPrefix);
}

test.describe('bad input on every form gives 400 with the field named', () => {
	test('sign-up', async ({ page, request }) => {
		await expectTable(page, request, '/sign-up', signUpCases);
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
		// A real account with a wrong password is refused like an unknown one, on the email.
		const { email } = await createConfirmedAccount();
		await expectTable(page, request, '/sign-in', [
			...signInCases,
			{
				label: 'wrong password of a real account',
				fields: { email, password: 'not the right passphrase' },
				field: 'email'
			}
		]);
	});

	test('forgot password', async ({ page, request }) => {
		await expectTable(page, request, '/forgot-password', [
			...emailOnlyCases('email'),
			{ label: 'email sent twice', fields: { email: ['plain', 'a@b.org'] }, field: 'email' }
		]);
	});

	test('reset password', async ({ page }) => {
		// A live reset link: the page shows its form, and bad passwords never use the link up.
		const { email, request } = await createConfirmedAccount();
		expect((await postForm(request, '/forgot-password', { email })).status()).toBe(303);
		const link = await mailLink(request, email, 'Reset your password');
		const token = link.searchParams.get('token') as string;
		await expectTable(
			page,
			request,
			`/reset-password?token=${token}`,
			passwordOnlyCases('password', { token })
		);
		const good = await postForm(request, `/reset-password?token=${token}`, {
			token,
			password: 'finally a good passphrase'
		});
		expect(good.status()).toBe(303);
	});
});

test.describe('bad input in account settings gives 400 with the field named', () => {
	const current = 'a fresh account passphrase';

	test('profile', async ({ page }) => {
		const { request } = await createConfirmedAccount(current);
		const profileValid = {
			name: 'Fresh Account',
			country: 'KR',
			dateOfBirth: '2002-02-02',
			locale: 'en'
		};
		const profileCases: Case[] = [
			...signUpCases
				.filter(
					(testCase) =>
						['name', 'country', 'dateOfBirth'].includes(testCase.field) &&
						testCase.label !== 'all empty'
				)
				.map((testCase) => ({
					label: testCase.label,
					field: testCase.field,
					fields: {
						...profileValid,
						[testCase.field]: testCase.fields[testCase.field] as string
					}
				})),
			{
				label: 'name sent twice, the first one empty',
				fields: { ...profileValid, name: ['', 'Fresh Account'] },
				field: 'name'
			},
			{
				label: 'date of birth too long ago',
				fields: { ...profileValid, dateOfBirth: '1850-01-01' },
				field: 'dateOfBirth'
			},
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
		await expectTable(page, request, '/account?/profile', profileCases);
	});

	test('change password', async ({ page }) => {
		const { request } = await createConfirmedAccount(current);
		await expectTable(
			page,
			request,
			'/account/security?/password',
			[
				...passwordOnlyCases('newPassword', { currentPassword: current }),
				{
					label: 'current password empty',
					fields: { currentPassword: '', newPassword: 'a new and good passphrase' },
					field: 'currentPassword'
				},
				{
					label: 'current password missing',
					fields: { newPassword: 'a new and good passphrase' },
					field: 'currentPassword'
				},
				{
					label: 'current password absurdly long',
					fields: { currentPassword: long(1025), newPassword: 'a new and good passphrase' },
					field: 'currentPassword'
				},
				{
					label: 'current password wrong',
					fields: {
						currentPassword: 'not my passphrase',
						newPassword: 'a new and good passphrase'
					},
					field: 'currentPassword'
				}
			],
			'password'
		);
		// The password did not change.
		const again = await postForm(request, '/account/security?/password', {
			currentPassword: current,
			newPassword: 'a new and good passphrase'
		});
		expect(again.status()).toBe(303);
	});

	test('change email', async ({ page }) => {
		const { email, request } = await createConfirmedAccount(current);
		await expectTable(
			page,
			request,
			'/account/security?/email',
			[
				...emailOnlyCases('newEmail').map((testCase) => ({
					...testCase,
					fields: { ...testCase.fields, currentPassword: current }
				})),
				{
					label: 'the address it already has',
					fields: { newEmail: email, currentPassword: current },
					field: 'newEmail'
				},
				{
					label: 'the address it already has, in capitals with spaces',
					fields: { newEmail: `  ${email.toUpperCase()} `, currentPassword: current },
					field: 'newEmail'
				},
				{
					label: 'current password empty',
					fields: { newEmail: uniqueEmail('new'), currentPassword: '' },
					field: 'currentPassword'
				},
				{
					label: 'current password wrong',
					fields: { newEmail: uniqueEmail('new'), currentPassword: 'not my passphrase' },
					field: 'currentPassword'
				}
			],
			'email'
		);
	});

	test('delete account', async ({ page }) => {
		const { request } = await createConfirmedAccount(current);
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
			fields: { currentPassword: current, confirmation: value },
			field: 'confirmation'
		}));
		await expectTable(page, request, '/account/privacy?/delete', [
			...deleteCases,
			{
				label: 'confirmation missing',
				fields: { currentPassword: current },
				field: 'confirmation'
			},
			{
				label: 'current password empty',
				fields: { currentPassword: '', confirmation: 'DELETE' },
				field: 'currentPassword'
			},
			{
				label: 'current password wrong',
				fields: { currentPassword: 'not my passphrase', confirmation: 'DELETE' },
				field: 'currentPassword'
			}
		]);
		// The account is still there.
		expect((await request.get('/account', { maxRedirects: 0 })).status()).toBe(200);
	});
});

test.describe('bad input on the organizer accounts page gives 400 with the field named', () => {
	const NOBODY = '00000000-0000-4000-8000-000000000000';

	/** The id of the demo entrant, as the accounts page lists it. */
	async function entrantId(organizer: APIRequestContext) {
		const html = await (
			await organizer.get(`/admin/accounts?${new URLSearchParams({ q: demo.entrant })}`)
		).text();
		const id = /name="userId" value="([0-9a-f-]{36})"/.exec(html)?.[1];
		expect(id).toBeTruthy();
		return id as string;
	}

	test('grant and revoke a role', async ({ page }) => {
		const organizer = await signedInRequest(demo.organizer, DEMO_PASSWORD);
		const id = await entrantId(organizer);
		const roleCases: Case[] = [
			{ label: 'nothing sent', fields: {}, field: 'userId' },
			{ label: 'account empty', fields: { userId: '', role: 'judge' }, field: 'userId' },
			{ label: 'account only spaces', fields: { userId: '   ', role: 'judge' }, field: 'userId' },
			{
				label: 'account not an id',
				fields: { userId: 'not-a-uuid', role: 'judge' },
				field: 'userId'
			},
			{
				label: 'account id one digit short',
				fields: { userId: id.slice(0, -1), role: 'judge' },
				field: 'userId'
			},
			{
				label: 'account id one digit long',
				fields: { userId: `${id}0`, role: 'judge' },
				field: 'userId'
			},
			{
				label: 'account id without hyphens',
				fields: { userId: id.replaceAll('-', ''), role: 'judge' },
				field: 'userId'
			},
			{
				label: 'account id in braces',
				fields: { userId: `{${id}}`, role: 'judge' },
				field: 'userId'
			},
			{
				label: 'account id after a space',
				fields: { userId: ` ${id}`, role: 'judge' },
				field: 'userId'
			},
			{
				label: 'account id with NUL',
				fields: { userId: `${id}\u0000`, role: 'judge' },
				field: 'userId'
			},
			{
				label: 'account id with a letter beyond f',
				fields: { userId: `${id.slice(0, -1)}g`, role: 'judge' },
				field: 'userId'
			},
			{
				label: 'account id as SQL',
				fields: { userId: "1' or '1'='1", role: 'judge' },
				field: 'userId'
			},
			{
				label: 'account sent twice, the first one bad',
				fields: { userId: ['nobody', id], role: 'judge' },
				field: 'userId'
			},
			{
				label: 'account id of nobody',
				fields: { userId: NOBODY, role: 'judge' },
				field: 'userId',
				status: 404
			},
			{ label: 'role missing', fields: { userId: id }, field: 'role' },
			{ label: 'role empty', fields: { userId: id, role: '' }, field: 'role' },
			{ label: 'role admin', fields: { userId: id, role: 'admin' }, field: 'role' },
			{ label: 'role in capitals', fields: { userId: id, role: 'Judge' }, field: 'role' },
			{ label: 'role entrant', fields: { userId: id, role: 'entrant' }, field: 'role' },
			{ label: 'role with NUL', fields: { userId: id, role: 'organizer\u0000' }, field: 'role' },
			{ label: 'role after a space', fields: { userId: id, role: ' judge' }, field: 'role' },
			{ label: 'two roles in one', fields: { userId: id, role: 'judge,organizer' }, field: 'role' },
			{ label: 'role as markup', fields: { userId: id, role: '<b>judge</b>' }, field: 'role' },
			{ label: 'role in Korean', fields: { userId: id, role: '심사위원' }, field: 'role' },
			{
				label: 'role sent twice, the first one bad',
				fields: { userId: id, role: ['superuser', 'judge'] },
				field: 'role'
			}
		];
		expect(roleCases.length).toBeGreaterThanOrEqual(20);
		// The forms are posted from a filtered list: the search stays, as typed.
		const search = demo.entrant;
		for (const action of ['grant', 'revoke'])
			for (const testCase of roleCases) {
				const label = `${action}: ${testCase.label}`;
				const path = `/admin/accounts?${new URLSearchParams({ q: search })}&/${action}`;
				const response = await postForm(organizer, path, testCase.fields);
				expect(response.status(), label).toBe(testCase.status ?? 400);
				const errorId = `role-${testCase.field}-error`;
				const shown = await readIds(page, await response.text(), [errorId, 'search']);
				expect(shown[errorId].count, label).toBe(1);
				expect(shown[errorId].text, label).toBeTruthy();
				expect(shown.search.value, label).toBe(search);
			}
		// Nothing was granted.
		await showHtml(
			page,
			await (await organizer.get(`/admin/accounts?${new URLSearchParams({ q: search })}`)).text()
		);
		await expect(page.locator('form[action$="/revoke"]')).toHaveCount(0);
	});

	test('search', async ({ page }) => {
		const organizer = await signedInRequest(demo.organizer, DEMO_PASSWORD);
		const searches: [string, Record<string, string>][] = [
			['too long', { q: long(101) }],
			['far too long', { q: long(5000) }],
			['too long in Korean', { q: '한'.repeat(101) }],
			['NUL', { q: NUL }],
			['bell', { q: 'ring\u0007' }],
			['escape sequence', { q: 'esc\u001b[31m' }],
			['delete character', { q: 'del\u007f' }],
			['C1 next line', { q: 'next\u0085line' }],
			['unit separator', { q: 'a\u001fb' }],
			['right-to-left override', { q: BIDI }],
			['left-to-right override', { q: 'a\u202Db' }],
			['left-to-right embedding', { q: 'a\u202Ab' }],
			['left-to-right isolate', { q: 'a\u2066b' }],
			['pop directional isolate', { q: 'a\u2069b' }],
			['zero-width space', { q: 'ama\u200Bra' }],
			['byte order mark', { q: 'ama\uFEFFra' }],
			['tab', { q: 'amara\tokafor' }],
			['line break', { q: 'amara\nokafor' }],
			['carriage return', { q: 'amara\rokafor' }],
			['page cursor with NUL', { q: 'amara', after: 'a\u0000b' }],
			['page cursor too long', { q: 'amara', after: long(255) }],
			['page cursor with bidi override', { q: 'amara', after: BIDI }]
		];
		expect(searches.length).toBeGreaterThanOrEqual(20);
		for (const [label, query] of searches) {
			const response = await organizer.get(`/admin/accounts?${new URLSearchParams(query)}`);
			expect(response.status(), label).toBe(400);
			const shown = await readIds(page, await response.text(), ['search-error', 'search']);
			expect(shown['search-error'].text, label).toBeTruthy();
			expect(shown.search.invalid, label).toBe('true');
			expect(normalize(shown.search.value), `${label}: kept`).toBe(normalize(query.q));
		}
		// A good search still answers 200.
		expect((await organizer.get('/admin/accounts?q=amara')).status()).toBe(200);
	});
});

/** Bad team names (the taken ones are added by each test). */
const teamNameCases = (taken: string): Case[] =>
	(
		[
			['empty', ''],
			['only spaces', '   '],
			['one letter', 'x'],
			['one emoji', '🐢'],
			['too long', long(81)],
			['too long in Korean', '팀'.repeat(81)],
			['NUL', NUL],
			['bell', 'Team\u0007'],
			['escape sequence', 'Team\u001b[31m'],
			['delete character', 'Team\u007f'],
			['C1 control', 'Team\u009b'],
			['right-to-left override', BIDI],
			['left-to-right isolate', 'Team\u2066A'],
			['zero-width space', 'Te\u200Bam'],
			['byte order mark', 'Te\uFEFFam'],
			['tab', 'Team\tA'],
			['line break', 'Team\nA'],
			['taken by another team', taken],
			['taken, in capitals', taken.toUpperCase()],
			['taken, with spaces around', `  ${taken}  `]
		] as const
	)
		.map(([label, name]): Case => ({ label, fields: { name }, field: 'name' }))
		.concat([
			{ label: 'name missing', fields: {}, field: 'name' },
			{
				label: 'name sent twice, the first one empty',
				fields: { name: ['', 'Good'] },
				field: 'name'
			}
		]);

test.describe('bad input in the team forms gives 400 with the field named', () => {
	test('create and rename a team', async ({ page }) => {
		const lead = await createTeamLead();
		const newcomer = await createConfirmedAccount();
		await expectTable(page, newcomer.request, '/team?/create', teamNameCases(lead.teamName));
		// The newcomer has no team yet; a good name still works.
		const ownName = `Team ${Math.random().toString(36).slice(2, 10)}`;
		expect((await postForm(newcomer.request, '/team?/create', { name: ownName })).status()).toBe(
			303
		);
		await expectTable(page, lead.request, '/team?/rename', teamNameCases(ownName), 'rename');
		// The team kept its name.
		await showHtml(page, await (await lead.request.get('/team')).text());
		await expect(page.locator('h1')).toHaveText(lead.teamName);
	});

	test('invitations by email and by link', async ({ page }) => {
		const lead = await createTeamLead();
		const member = await createConfirmedAccount();
		await joinTeam(member.request, await inviteLink(lead.request));
		const invited = uniqueEmail('invited');
		expect((await postForm(lead.request, '/team?/inviteEmail', { email: invited })).status()).toBe(
			200
		);
		await expectTable(
			page,
			lead.request,
			'/team?/inviteEmail',
			[
				...emailOnlyCases('email'),
				{ label: 'the lead’s own address', fields: { email: lead.email }, field: 'email' },
				{ label: 'a member’s address', fields: { email: member.email }, field: 'email' },
				{ label: 'an address already invited', fields: { email: invited }, field: 'email' },
				{
					label: 'an address already invited, in capitals',
					fields: { email: ` ${invited.toUpperCase()}` },
					field: 'email'
				}
			],
			'invite'
		);

		const days = (value: string | string[]): Case => ({
			label: `days ${JSON.stringify(value)}`,
			fields: { uses: 'single', days: value },
			field: 'days'
		});
		const uses = (value: string | string[]): Case => ({
			label: `uses ${JSON.stringify(value)}`,
			fields: { uses: value, days: '7' },
			field: 'uses'
		});
		await expectTable(
			page,
			lead.request,
			'/team?/inviteLink',
			[
				days(''),
				days('   '),
				days('0'),
				days('15'),
				days('-1'),
				days('1.5'),
				days('seven'),
				days('7 days'),
				days('Infinity'),
				days('NaN'),
				days('99999999999999999999'),
				days('７'),
				days('٧'),
				days(`7${NUL}`),
				days(['0', '7']),
				{ label: 'days missing', fields: { uses: 'single' }, field: 'days' },
				uses(''),
				uses('SINGLE'),
				uses('many'),
				uses('single '),
				uses(['forever', 'single']),
				{ label: 'uses missing', fields: { days: '7' }, field: 'uses' }
			],
			'link'
		);
	});
});
