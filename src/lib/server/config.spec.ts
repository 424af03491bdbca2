import { describe, expect, it } from 'vitest';
import { ConfigurationError, parseConfig } from './config';

describe('parseConfig', () => {
	it('defaults to the embedded database, the developer mailbox and local files', () => {
		const config = parseConfig({});
		expect(config.database).toEqual({ kind: 'pglite', dataDir: '.data/db' });
		expect(config.mail.transport).toBe('mailbox');
		expect(config.devMailbox).toBe(true);
		expect(config.storage.driver).toBe('local');
		expect(config.seedDemoData).toBe(true);
		expect(config.production).toBe(false);
	});

	it('uses PostgreSQL with DATABASE_URL, without prepared statements for a pooler', () => {
		const config = parseConfig({
			DATABASE_URL: 'postgres://app:secret@db.example.org:6543/postgres',
			DATABASE_PREPARE: 'false'
		});
		expect(config.database).toEqual({
			kind: 'postgres',
			url: 'postgres://app:secret@db.example.org:6543/postgres',
			prepare: false,
			poolMax: 10,
			// A transaction pooler cannot keep a LISTEN: none unless a session URL is given.
			listenUrl: null
		});
		expect(config.seedDemoData).toBe(false);
		const listening = parseConfig({
			DATABASE_URL: 'postgres://app:secret@db.example.org:6543/postgres',
			DATABASE_PREPARE: 'false',
			DATABASE_LISTEN_URL: 'postgres://app:secret@db.example.org:5432/postgres'
		});
		expect(listening.database).toMatchObject({
			listenUrl: 'postgres://app:secret@db.example.org:5432/postgres'
		});
		const direct = parseConfig({ DATABASE_URL: 'postgres://app:secret@db.example.org/postgres' });
		expect(direct.database).toMatchObject({
			listenUrl: 'postgres://app:secret@db.example.org/postgres'
		});
	});

	it.each([
		[{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
		[{ APP_ENV: 'staging' }, 'APP_ENV'],
		[{ DATABASE_POOL_MAX: 'many' }, 'DATABASE_POOL_MAX'],
		[{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
		[{ SUPABASE_URL: 'https://x.supabase.co' }, 'SUPABASE_SERVICE_ROLE_KEY'],
		[{ APP_ENV: 'production', SMTP_URL: 'smtp://mail:25' }, 'ORIGIN'],
		[{ APP_ENV: 'production', ORIGIN: 'https://portal.example.org' }, 'SMTP_URL'],
		[
			{ APP_ENV: 'production', ORIGIN: 'http://portal.example.org', SMTP_URL: 'smtp://m' },
			'ORIGIN'
		],
		[
			{
				APP_ENV: 'production',
				ORIGIN: 'https://portal.example.org',
				SMTP_URL: 'smtp://m',
				SEED_DEMO_DATA: 'true'
			},
			'SEED_DEMO_DATA'
		]
	])('fails fast naming the bad variable: %j', (environment, variable) => {
		expect(() => parseConfig(environment)).toThrowError(ConfigurationError);
		expect(() => parseConfig(environment)).toThrowError(new RegExp(`\\b${variable}\\b`));
	});

	it('in production: no mailbox, no test clock', () => {
		const config = parseConfig({
			APP_ENV: 'production',
			ORIGIN: 'https://portal.example.org',
			SMTP_URL: 'smtps://user:pass@smtp.example.org:465'
		});
		expect(config.devMailbox).toBe(false);
		expect(config.devClock).toBe(false);
		// Not even on the embedded database, where it is on by default elsewhere.
		expect(config.seedDemoData).toBe(false);
		expect(config.mail.transport).toBe('smtp');
	});

	it('treats empty variables as unset', () => {
		expect(parseConfig({ DATABASE_URL: '', SMTP_URL: '' }).database.kind).toBe('pglite');
	});
});
