/**
 * npm run admin:create -- --email someone@example.org [--name "Full Name"] [--country KR]
 *   [--date-of-birth 1990-01-31]
 * Creates the first organizer, or gives an existing account the organizer role.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { getConfig } from '../src/lib/server/config';
import { closeDatabase, getDatabaseHandle } from '../src/lib/server/db';
import { runMigrations } from '../src/lib/server/db/migrate';
import { createOrPromoteOrganizer } from '../src/lib/server/services/bootstrap';
import { isKnownCountry } from '../src/lib/domain/countries';
import { parseIsoDate } from '../src/lib/domain/age';

const { values } = parseArgs({
	options: {
		email: { type: 'string' },
		name: { type: 'string' },
		country: { type: 'string', default: 'KR' },
		'date-of-birth': { type: 'string', default: '1990-01-01' }
	}
});

const input = z
	.object({
		email: z.email('--email must be an email address'),
		name: z.string().trim().min(1).max(100),
		country: z.string().toUpperCase().refine(isKnownCountry, '--country must be an ISO 3166 code'),
		dateOfBirth: z
			.string()
			.refine((value) => parseIsoDate(value) !== null, '--date-of-birth must be YYYY-MM-DD')
	})
	.safeParse({
		email: values.email,
		name: values.name ?? values.email?.split('@')[0] ?? '',
		country: values.country,
		dateOfBirth: values['date-of-birth']
	});
if (!input.success) {
	console.error(input.error.issues.map((issue) => issue.message).join('\n'));
	console.error('Usage: npm run admin:create -- --email someone@example.org [--name "Full Name"]');
	process.exit(2);
}

const config = getConfig();
if (!config.origin)
	console.warn(
		'ORIGIN is not set: the link below points at the development server. In production, load the\n' +
			'portal\'s environment first (see the README, "Deploying").'
	);
const origin = config.origin?.replace(/\/$/, '') ?? 'http://localhost:5173';
const handle = await getDatabaseHandle();
await runMigrations(handle, config.database, config.migrationsDir);
const result = await createOrPromoteOrganizer(handle.db, input.data, origin);
await closeDatabase();
if (result.created) console.log(`Created organizer ${input.data.email}.`);
else if (result.reclaimed)
	console.log(
		`${input.data.email} had an account whose address was never confirmed: its password was replaced and every session ended. It is now an organizer.`
	);
else console.log(`${input.data.email} is now an organizer.`);
if (result.setPasswordUrl)
	console.log(`Choose a password within one hour: ${result.setPasswordUrl}`);
if (result.challengeCreated)
	console.log(`Created an empty challenge: set it up at ${origin}/admin/settings`);
