import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateSessionToken } from '../../auth/session';
import { freezeClock, HOUR, MINUTE, DAY } from '../../clock';
import { emailOutbox, sessions, userRoles, users, userTokens } from '../../db/schema';
import { ServiceError } from '../../errors';
import { processOutbox } from '../../mail/outbox';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import {
	TEST_PASSWORD,
	createUser,
	dumpAllTables,
	testActor,
	testContext
} from '../../testing/fixtures';
import {
	changePassword,
	confirmEmailChange,
	deleteAccount,
	exportUserData,
	landingFor,
	requestEmailChange,
	requestPasswordReset,
	resetPassword,
	signIn,
	signOutEverywhere,
	signUp,
	verifyEmail
} from '.';

let database: TestDatabase;
const noFiles = { put: async () => {}, get: async () => null, delete: async () => {} };
const start = new Date('2026-11-24T10:00:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
});
afterEach(() => freezeClock(undefined));

/** The link of the newest mail to an address (the developer mailbox keeps bodies). */
async function lastMailLink(to: string): Promise<{ template: string; token: string | null }> {
	const rows = await database.db
		.select()
		.from(emailOutbox)
		.where(eq(emailOutbox.toAddress, to))
		.orderBy(emailOutbox.createdAt);
	const last = rows.at(-1);
	if (!last) throw new Error(`no mail to ${to}`);
	return { template: last.template, token: /token=([a-z0-9]+)/.exec(last.textBody)?.[1] ?? null };
}

async function expectServiceError(promise: Promise<unknown>, status: number, field?: string) {
	const error = await promise.then(
		() => null,
		(caught: unknown) => caught
	);
	expect(error).toBeInstanceOf(ServiceError);
	expect((error as ServiceError).status).toBe(status);
	if (field) expect((error as ServiceError).field).toBe(field);
	return error as ServiceError;
}

const newAccount = (email: string) => ({
	name: 'Ada Lovelace',
	email,
	password: 'analytical engine notes',
	country: 'GB',
	dateOfBirth: '2004-12-10'
});

describe('sign-up and email verification', () => {
	it('creates an unconfirmed account and mails a single-use link; only its hash is stored', async () => {
		freezeClock(start);
		await signUp(database.db, testContext(), newAccount('ada@example.org'));
		const [user] = await database.db.select().from(users).where(eq(users.email, 'ada@example.org'));
		expect(user.emailVerifiedAt).toBeNull();
		expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		const mail = await lastMailLink('ada@example.org');
		expect(mail.template).toBe('verify_email');
		expect(mail.token).toMatch(/^[a-z2-7]{32}$/); // 160 bits in base32
		const tokens = await database.db
			.select()
			.from(userTokens)
			.where(eq(userTokens.userId, user.id));
		expect(tokens).toHaveLength(1);
		expect(tokens[0].id).not.toContain(mail.token as string);
		expect(tokens[0].id).toMatch(/^[0-9a-f]{64}$/);

		const { session } = await verifyEmail(database.db, testContext(), {
			token: mail.token as string
		});
		const [verified] = await database.db.select().from(users).where(eq(users.id, user.id));
		expect(verified.emailVerifiedAt).not.toBeNull();
		expect((await validateSessionToken(database.db, session!.token))?.user.id).toBe(user.id);
		// Single use.
		await expectServiceError(
			verifyEmail(database.db, testContext(), { token: mail.token as string }),
			400,
			'token'
		);
	});

	it('confirms someone else’s link without switching a signed-in browser, unless asked to', async () => {
		// Opening another account's link while signed in silently swapped the session to it.
		const signedIn = await createUser(database.db);
		await signUp(database.db, testContext(), newAccount('other.owner@example.org'));
		const first = await lastMailLink('other.owner@example.org');
		const stay = await verifyEmail(database.db, testContext(), {
			token: first.token as string,
			signedInAs: signedIn.id,
			switchAccount: false
		});
		expect(stay.session).toBeNull();
		const [owner] = await database.db
			.select()
			.from(users)
			.where(eq(users.email, 'other.owner@example.org'));
		expect(owner.emailVerifiedAt).not.toBeNull();

		await signUp(database.db, testContext(), newAccount('switcher@example.org'));
		const second = await lastMailLink('switcher@example.org');
		const switched = await verifyEmail(database.db, testContext(), {
			token: second.token as string,
			signedInAs: signedIn.id,
			switchAccount: true
		});
		expect(switched.session).not.toBeNull();
	});

	it('carries an invitation (`next`) in the confirmation link; the delivered mail keeps neither token', async () => {
		const next = '/join?token=invitationtoken123';
		await signUp(database.db, testContext(), { ...newAccount('invited@example.org'), next });
		const [row] = await database.db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.toAddress, 'invited@example.org'));
		const link = /(https?:\/\/\S+\/verify-email\?\S+)/.exec(row.textBody)?.[1] as string;
		expect(new URL(link).searchParams.get('next')).toBe(next);
		expect(new URL(link).searchParams.get('token')).toMatch(/^[a-z2-7]{32}$/);

		const sent: string[] = [];
		const transport = {
			name: 'test',
			keepsSentLinks: false,
			send: async (message: { text: string }) => void sent.push(message.text)
		};
		await processOutbox(database.db, transport, 1000);
		expect(sent.some((text) => text.includes('invitationtoken123'))).toBe(true);
		const [delivered] = await database.db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.id, row.id));
		expect(delivered.textBody).not.toContain('invitationtoken123');
		expect(delivered.htmlBody).not.toContain('invitationtoken123');
		expect(delivered.textBody).toContain('next=%2Fjoin%3Ftoken%3Dremoved&token=removed');
	});

	it('refuses an expired verification link', async () => {
		freezeClock(start);
		await signUp(database.db, testContext(), newAccount('late@example.org'));
		const mail = await lastMailLink('late@example.org');
		freezeClock(new Date(start.getTime() + DAY + MINUTE));
		await expectServiceError(
			verifyEmail(database.db, testContext(), { token: mail.token as string }),
			400
		);
	});

	it('answers a sign-up for a taken address exactly like a new one, and tells the owner by mail', async () => {
		const owner = await createUser(database.db, { email: 'taken@example.org', name: 'Owner' });
		const result = await signUp(database.db, testContext(), newAccount('taken@example.org'));
		expect(result).toBeUndefined();
		const fresh = await signUp(database.db, testContext(), newAccount('fresh@example.org'));
		expect(fresh).toEqual(result);
		const [still] = await database.db.select().from(users).where(eq(users.id, owner.id));
		expect(still.name).toBe('Owner');
		expect((await lastMailLink('taken@example.org')).template).toBe('account_exists');
	});
});

describe('sign-in', () => {
	it('lands each person where their work is: organizer, judge, team member, or their account', async () => {
		const organizer = await createUser(database.db, { roles: ['organizer', 'judge'] });
		const judge = await createUser(database.db, { roles: ['judge'] });
		const nobody = await createUser(database.db);
		expect(await landingFor(database.db, organizer.id)).toBe('/admin');
		expect(await landingFor(database.db, judge.id)).toBe('/judge');
		expect(await landingFor(database.db, nobody.id)).toBe('/account');
		// A later test counts on this database having no organizer.
		await database.db.delete(userRoles).where(eq(userRoles.userId, organizer.id));
	});

	it('signs in with the right password and gives the same error for unknown emails and wrong passwords', async () => {
		const user = await createUser(database.db);
		const session = await signIn(database.db, testContext(), {
			email: user.email,
			password: TEST_PASSWORD
		});
		expect((await validateSessionToken(database.db, session.token))?.user.email).toBe(user.email);
		const wrong = await expectServiceError(
			signIn(database.db, testContext(), { email: user.email, password: 'not the password!' }),
			400
		);
		const unknown = await expectServiceError(
			signIn(database.db, testContext(), {
				email: 'nobody@example.org',
				password: 'not the password!'
			}),
			400
		);
		expect(unknown.message).toBe(wrong.message);
		expect(unknown.field).toBe(wrong.field);
	});

	it('issues a new token at every sign-in and stores only its SHA-256', async () => {
		const user = await createUser(database.db);
		const first = await signIn(database.db, testContext(), {
			email: user.email,
			password: TEST_PASSWORD
		});
		const second = await signIn(database.db, testContext(), {
			email: user.email,
			password: TEST_PASSWORD
		});
		expect(first.token).not.toBe(second.token);
		const dump = await dumpAllTables(database.query);
		expect(dump).toContain(first.session.id);
		expect(dump).not.toContain(first.token);
		expect(dump).not.toContain(second.token);
	});

	it('takes about as long for an unknown email as for a wrong password', async () => {
		const user = await createUser(database.db);
		const time = async (email: string) => {
			const started = performance.now();
			await signIn(database.db, testContext(), { email, password: 'wrong password here' }).catch(
				() => {}
			);
			return performance.now() - started;
		};
		// One warm-up of each path, then the fastest of six runs each: other test files running
		// at the same time only ever add time, so the minimum is the path's own cost.
		await time(user.email);
		await time('ghost-warm-up@example.org');
		const known: number[] = [];
		const unknown: number[] = [];
		for (let round = 0; round < 6; round++) {
			known.push(await time(user.email));
			unknown.push(await time(`ghost-${round}@example.org`));
		}
		const ratio = Math.min(...unknown) / Math.min(...known);
		expect(ratio).toBeGreaterThan(0.5);
		expect(ratio).toBeLessThan(2);
	});

	it('refuses the 11th wrong password in a row for one account with 429, from any address', async () => {
		const user = await createUser(database.db);
		for (let attempt = 1; attempt <= 10; attempt++)
			await expectServiceError(
				signIn(database.db, testContext(), {
					email: user.email,
					password: `wrong ${attempt} password`
				}),
				400
			);
		const blocked = await expectServiceError(
			signIn(database.db, testContext(), { email: user.email, password: TEST_PASSWORD }),
			429
		);
		expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
	});

	it('backs off longer after each block', async () => {
		freezeClock(start);
		const user = await createUser(database.db);
		const blockLength = async () => {
			for (let attempt = 0; attempt < 10; attempt++)
				await signIn(database.db, testContext(), {
					email: user.email,
					password: 'wrong password!!'
				}).catch(() => {});
			const error = await expectServiceError(
				signIn(database.db, testContext(), { email: user.email, password: 'wrong password!!' }),
				429
			);
			return error.retryAfterSeconds as number;
		};
		const first = await blockLength();
		freezeClock(new Date(start.getTime() + first * 1000 + 1000));
		const second = await blockLength();
		expect(second).toBeGreaterThanOrEqual(first * 2 - 1);
	});

	it('limits per address too: rotating accounts from one IP is refused', async () => {
		const context = testContext({ ipAddress: '192.0.2.77' });
		let refused = 0;
		for (let attempt = 0; attempt < 40; attempt++) {
			const error = await signIn(database.db, context, {
				email: `victim-${attempt}@example.org`,
				password: 'guessing away!'
			}).catch((caught: ServiceError) => caught);
			if ((error as ServiceError).status === 429) refused++;
		}
		expect(refused).toBeGreaterThan(0);
	});
});

describe('sign-in under a burst of guesses', () => {
	const statusOf = (promise: Promise<unknown>) =>
		promise.then(
			() => 200,
			(error: ServiceError) => error.status
		);

	it('verifies at most ten of 100 concurrent wrong passwords, and the right one sent last does not get in', async () => {
		// Checked before and counted after the hash, all 100 were verified and the last got in.
		const user = await createUser(database.db);
		const context = testContext();
		const guesses = Array.from({ length: 100 }, (_, index) =>
			statusOf(
				signIn(database.db, context, { email: user.email, password: `wrong guess ${index}!` })
			)
		);
		const right = statusOf(
			signIn(database.db, context, { email: user.email, password: TEST_PASSWORD })
		);
		const statuses = await Promise.all(guesses);
		expect(statuses.filter((status) => status === 400).length).toBeLessThanOrEqual(10);
		expect(statuses.every((status) => status === 400 || status === 429)).toBe(true);
		expect(await right).toBe(429);
	});

	it('keys IPv6 addresses by their /64: rotating within one network is refused', async () => {
		let refused = 0;
		for (let attempt = 0; attempt < 40; attempt++) {
			const status = await statusOf(
				signIn(
					database.db,
					testContext({ ipAddress: `2001:db8:77:1:${attempt.toString(16)}::1` }),
					{ email: `v6-victim-${attempt}@example.org`, password: 'guessing away!' }
				)
			);
			if (status === 429) refused++;
		}
		expect(refused).toBe(10);
	});

	it('lets a completed password reset lift the lock that guesses put on the account', async () => {
		freezeClock(start);
		const user = await createUser(database.db);
		for (let attempt = 0; attempt < 10; attempt++)
			await statusOf(
				signIn(database.db, testContext(), { email: user.email, password: 'wrong password!!' })
			);
		await expectServiceError(
			signIn(database.db, testContext(), { email: user.email, password: TEST_PASSWORD }),
			429
		);
		await requestPasswordReset(database.db, testContext(), { email: user.email });
		const mail = await lastMailLink(user.email);
		await resetPassword(database.db, testContext(), {
			token: mail.token as string,
			password: 'a fresh start of words'
		});
		await signIn(database.db, testContext(), {
			email: user.email,
			password: 'a fresh start of words'
		});
	});

	it('verifies at most ten concurrent wrong current passwords in settings', async () => {
		const user = await createUser(database.db);
		const session = await signIn(database.db, testContext(), {
			email: user.email,
			password: TEST_PASSWORD
		});
		const change = (currentPassword: string) =>
			statusOf(
				changePassword(database.db, testActor(user.id), {
					currentSessionId: session.session.id,
					currentPassword,
					newPassword: 'a newer password phrase'
				})
			);
		const statuses = await Promise.all(
			Array.from({ length: 50 }, (_, index) => change(`not it ${index}!!`))
		);
		expect(statuses.filter((status) => status === 400).length).toBeLessThanOrEqual(10);
		expect(await change(TEST_PASSWORD)).toBe(429);
	});
});

describe('answers that do not reveal accounts', () => {
	const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
	async function timed(work: () => Promise<unknown>) {
		const started = performance.now();
		await work().catch(() => {});
		return performance.now() - started;
	}

	it('takes about as long to sign up a taken address as a new one', async () => {
		const owner = await createUser(database.db);
		const taken: number[] = [];
		const fresh: number[] = [];
		for (let round = 0; round < 3; round++) {
			taken.push(await timed(() => signUp(database.db, testContext(), newAccount(owner.email))));
			fresh.push(
				await timed(() =>
					signUp(database.db, testContext(), newAccount(`timing-${round}-${owner.id}@example.org`))
				)
			);
		}
		const ratio = median(taken) / median(fresh);
		expect(ratio).toBeGreaterThan(0.67);
		expect(ratio).toBeLessThan(1.5);
	});

	it('takes about as long to request a reset for an unknown address as for a known one', async () => {
		const owner = await createUser(database.db);
		const known: number[] = [];
		const unknown: number[] = [];
		for (let round = 0; round < 3; round++) {
			known.push(
				await timed(() => requestPasswordReset(database.db, testContext(), { email: owner.email }))
			);
			unknown.push(
				await timed(() =>
					requestPasswordReset(database.db, testContext(), { email: `ghost-${round}@example.org` })
				)
			);
		}
		const ratio = median(unknown) / median(known);
		expect(ratio).toBeGreaterThan(0.67);
		expect(ratio).toBeLessThan(1.5);
	});
});

describe('password reset', () => {
	it('mails a one-hour link; using it sets the password, ends all sessions and signs in', async () => {
		freezeClock(start);
		const user = await createUser(database.db);
		const old = await signIn(database.db, testContext(), {
			email: user.email,
			password: TEST_PASSWORD
		});
		await requestPasswordReset(database.db, testContext(), { email: user.email });
		const mail = await lastMailLink(user.email);
		expect(mail.template).toBe('reset_password');
		const [token] = await database.db
			.select()
			.from(userTokens)
			.where(and(eq(userTokens.userId, user.id), eq(userTokens.purpose, 'reset_password')));
		expect(token.expiresAt.getTime() - start.getTime()).toBeLessThanOrEqual(HOUR);

		const fresh = await resetPassword(database.db, testContext(), {
			token: mail.token as string,
			password: 'brand new secret words'
		});
		expect(await validateSessionToken(database.db, old.token)).toBeNull();
		expect(await validateSessionToken(database.db, fresh.token)).not.toBeNull();
		await signIn(database.db, testContext(), {
			email: user.email,
			password: 'brand new secret words'
		});
		await expectServiceError(
			resetPassword(database.db, testContext(), {
				token: mail.token as string,
				password: 'another new secret'
			}),
			400
		);
	});

	it('refuses a reset link after an hour', async () => {
		freezeClock(start);
		const user = await createUser(database.db);
		await requestPasswordReset(database.db, testContext(), { email: user.email });
		const mail = await lastMailLink(user.email);
		freezeClock(new Date(start.getTime() + HOUR + 1000));
		await expectServiceError(
			resetPassword(database.db, testContext(), {
				token: mail.token as string,
				password: 'too late for this'
			}),
			400
		);
	});

	it('answers the same for unknown addresses and sends nothing', async () => {
		const before = await database.db.select().from(emailOutbox);
		await requestPasswordReset(database.db, testContext(), { email: 'no-such-person@example.org' });
		const after = await database.db.select().from(emailOutbox);
		expect(after.length).toBe(before.length);
	});
});

describe('settings', () => {
	it('changing the password ends the other sessions but keeps this one', async () => {
		const user = await createUser(database.db);
		const here = await signIn(database.db, testContext(), {
			email: user.email,
			password: TEST_PASSWORD
		});
		const elsewhere = await signIn(database.db, testContext(), {
			email: user.email,
			password: TEST_PASSWORD
		});
		await expectServiceError(
			changePassword(database.db, testActor(user.id), {
				currentSessionId: here.session.id,
				currentPassword: 'not my password',
				newPassword: 'a new long password'
			}),
			400,
			'currentPassword'
		);
		await changePassword(database.db, testActor(user.id), {
			currentSessionId: here.session.id,
			currentPassword: TEST_PASSWORD,
			newPassword: 'a new long password'
		});
		expect(await validateSessionToken(database.db, here.token)).not.toBeNull();
		expect(await validateSessionToken(database.db, elsewhere.token)).toBeNull();
		expect((await lastMailLink(user.email)).template).toBe('password_changed');
	});

	it('changes the email only through a link sent to the new address', async () => {
		const user = await createUser(database.db);
		const here = await signIn(database.db, testContext(), {
			email: user.email,
			password: TEST_PASSWORD
		});
		const elsewhere = await signIn(database.db, testContext(), {
			email: user.email,
			password: TEST_PASSWORD
		});
		const newEmail = `moved-${user.id.slice(0, 8)}@example.org`;
		await requestEmailChange(database.db, testActor(user.id), {
			newEmail,
			currentPassword: TEST_PASSWORD
		});
		const [unchanged] = await database.db.select().from(users).where(eq(users.id, user.id));
		expect(unchanged.email).toBe(user.email);
		const mail = await lastMailLink(newEmail);
		expect(mail.template).toBe('change_email');
		const result = await confirmEmailChange(database.db, testContext(), {
			token: mail.token as string,
			currentSession: { id: here.session.id, userId: user.id }
		});
		expect(result.signedIn).toBe(true);
		const [changed] = await database.db.select().from(users).where(eq(users.id, user.id));
		expect(changed.email).toBe(newEmail);
		expect(await validateSessionToken(database.db, here.token)).not.toBeNull();
		expect(await validateSessionToken(database.db, elsewhere.token)).toBeNull();
		expect((await lastMailLink(user.email)).template).toBe('email_changed_notice');
	});

	it('does not reveal that the new address is taken, and tells its owner', async () => {
		const user = await createUser(database.db);
		const other = await createUser(database.db);
		await requestEmailChange(database.db, testActor(user.id), {
			newEmail: other.email,
			currentPassword: TEST_PASSWORD
		});
		expect((await lastMailLink(other.email)).template).toBe('email_change_taken');
		await expectServiceError(
			requestEmailChange(database.db, testActor(user.id), {
				newEmail: user.email,
				currentPassword: TEST_PASSWORD
			}),
			400,
			'newEmail'
		);
	});

	it('limits mail to a new address, whoever asks: many accounts cannot fill one inbox (429)', async () => {
		const target = `inbox-${Date.now()}@example.org`;
		const change = async () =>
			requestEmailChange(
				database.db,
				testActor((await createUser(database.db, { name: 'Visit evil.example' })).id),
				{ newEmail: target, currentPassword: TEST_PASSWORD }
			);
		for (let asked = 0; asked < 3; asked++) await change();
		await expectServiceError(change(), 429);
		const mails = await database.db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.toAddress, target));
		expect(mails).toHaveLength(3);
		// The name each account chose is in the greeting, but not as something to click.
		for (const mail of mails) expect(mail.textBody).not.toContain('evil.example');
	});

	it('ends a pending email-change link at a password change and at “sign out everywhere”, and tells the old address', async () => {
		// The link an attacker started survived both, keeping a way to take the account over.
		for (const end of ['password', 'everywhere'] as const) {
			const user = await createUser(database.db);
			const session = await signIn(database.db, testContext(), {
				email: user.email,
				password: TEST_PASSWORD
			});
			const target = `taker-${end}-${user.id.slice(0, 6)}@example.org`;
			await requestEmailChange(database.db, testActor(user.id), {
				newEmail: target,
				currentPassword: TEST_PASSWORD
			});
			const notice = await lastMailLink(user.email);
			expect(notice.template).toBe('email_change_requested');
			const link = await lastMailLink(target);
			if (end === 'password')
				await changePassword(database.db, testActor(user.id), {
					currentSessionId: session.session.id,
					currentPassword: TEST_PASSWORD,
					newPassword: 'taking it back now'
				});
			else await signOutEverywhere(database.db, testActor(user.id));
			await expectServiceError(
				confirmEmailChange(database.db, testContext(), {
					token: link.token as string,
					currentSession: null
				}),
				400,
				'token'
			);
			const [after] = await database.db.select().from(users).where(eq(users.id, user.id));
			expect(after.email).toBe(user.email);
		}
	});

	it('signs out everywhere', async () => {
		const user = await createUser(database.db);
		const a = await signIn(database.db, testContext(), {
			email: user.email,
			password: TEST_PASSWORD
		});
		const b = await signIn(database.db, testContext(), {
			email: user.email,
			password: TEST_PASSWORD
		});
		await signOutEverywhere(database.db, testActor(user.id));
		expect(await validateSessionToken(database.db, a.token)).toBeNull();
		expect(await validateSessionToken(database.db, b.token)).toBeNull();
	});
});

describe('personal data', () => {
	it('exports the account without secrets', async () => {
		const user = await createUser(database.db, { name: 'Export Me' });
		const session = await signIn(database.db, testContext(), {
			email: user.email,
			password: TEST_PASSWORD
		});
		const data = await exportUserData(database.db, user.id);
		expect(data.account.email).toBe(user.email);
		expect(data.sessions).toHaveLength(1);
		const text = JSON.stringify(data);
		expect(text).not.toContain(user.passwordHash);
		expect(text).not.toContain(session.session.id);
		expect(text).not.toContain(session.token);
	});

	it('deletes the account, its sessions and its mail; the last organizer cannot leave', async () => {
		const user = await createUser(database.db);
		await signIn(database.db, testContext(), { email: user.email, password: TEST_PASSWORD });
		await requestPasswordReset(database.db, testContext(), { email: user.email });
		await expectServiceError(
			deleteAccount(
				database.db,
				noFiles,
				{ actorId: user.id },
				{ currentPassword: 'wrong password here' }
			),
			400,
			'currentPassword'
		);
		await deleteAccount(
			database.db,
			noFiles,
			{ actorId: user.id },
			{ currentPassword: TEST_PASSWORD }
		);
		expect(await database.db.select().from(users).where(eq(users.id, user.id))).toEqual([]);
		expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual(
			[]
		);
		expect(
			await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, user.email))
		).toEqual([]);

		const organizers = await database.db
			.select()
			.from(userRoles)
			.where(eq(userRoles.role, 'organizer'));
		expect(organizers).toEqual([]);
		const solo = await createUser(database.db, { roles: ['organizer'] });
		await expectServiceError(
			deleteAccount(database.db, noFiles, { actorId: solo.id }, { currentPassword: TEST_PASSWORD }),
			409
		);
	});
});

describe('mail tokens after delivery', () => {
	it('keeps no usable link in the outbox once a real transport delivered it', async () => {
		const user = await createUser(database.db);
		await requestPasswordReset(database.db, testContext(), { email: user.email });
		const mail = await lastMailLink(user.email);
		const delivered: string[] = [];
		// Every pending message: earlier tests leave more than one batch in this database.
		await processOutbox(
			database.db,
			{
				name: 'smtp-double',
				keepsSentLinks: false,
				send: async (message) => {
					delivered.push(message.text);
				}
			},
			1000
		);
		expect(delivered.join('\n')).toContain(mail.token as string);
		const dump = await dumpAllTables(database.query);
		expect(dump).not.toContain(mail.token as string);
	});
});
