import { existsSync } from 'node:fs';
import { z } from 'zod';

/**
 * The one place that reads the environment. Everything else imports `config`.
 * A bad value stops the server at start with a message naming the variable.
 */
const booleanString = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'])
	.transform((value) => value === 'true' || value === '1' || value === 'yes');

const postgresUrl = z
	.string()
	.url()
	.refine(
		(value) => /^postgres(ql)?:\/\//.test(value),
		'must start with postgres:// or postgresql://'
	);

const environmentSchema = z
	.object({
		APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
		ORIGIN: z.string().url().optional(),
		DATABASE_URL: postgresUrl.optional(),
		DATABASE_PREPARE: booleanString.default(true),
		DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
		DATABASE_LISTEN_URL: postgresUrl.optional(),
		DATA_DIR: z.string().min(1).default('.data'),
		MIGRATIONS_DIR: z.string().min(1).default('supabase/migrations'),
		SEED_DEMO_DATA: booleanString.optional(),
		SEED_DEMO_GALLERY: booleanString.default(true),
		SMTP_URL: z
			.string()
			.url()
			.refine((value) => /^smtps?:\/\//.test(value), 'must start with smtp:// or smtps://')
			.optional(),
		MAIL_FROM: z.string().min(3).default('Challenge Portal <no-reply@localhost>'),
		SUPABASE_URL: z.string().url().optional(),
		SUPABASE_SERVICE_ROLE_KEY: z.string().min(20).optional(),
		SUPABASE_STORAGE_BUCKET: z.string().min(3).max(63).default('portal-files'),
		RATE_LIMIT_IP_FACTOR: z.coerce.number().min(1).max(1000).default(1),
		PUBLIC_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).optional(),
		// Read by adapter-node itself; the portal only needs to know whether a proxy is in front.
		ADDRESS_HEADER: z.string().min(1).optional()
	})
	.superRefine((env, context) => {
		if (env.APP_ENV === 'production') {
			if (!env.ORIGIN?.startsWith('https://'))
				context.addIssue({
					code: 'custom',
					path: ['ORIGIN'],
					message: 'is required in production and must be an https:// URL'
				});
			if (!env.SMTP_URL)
				context.addIssue({
					code: 'custom',
					path: ['SMTP_URL'],
					message: 'is required in production (the developer mailbox is not available there)'
				});
		}
		if (env.APP_ENV === 'production' && env.SEED_DEMO_DATA)
			context.addIssue({
				code: 'custom',
				path: ['SEED_DEMO_DATA'],
				message:
					'must not be true in production: the demo accounts share a published password. Create the first organizer with npm run admin:create'
			});
		if (Boolean(env.SUPABASE_URL) !== Boolean(env.SUPABASE_SERVICE_ROLE_KEY))
			context.addIssue({
				code: 'custom',
				path: [env.SUPABASE_URL ? 'SUPABASE_SERVICE_ROLE_KEY' : 'SUPABASE_URL'],
				message: 'SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY must be set together'
			});
	});

export type DatabaseSettings =
	| { kind: 'pglite'; dataDir: string }
	| {
			kind: 'postgres';
			url: string;
			prepare: boolean;
			poolMax: number;
			/** A session connection for LISTEN (a transaction pooler cannot keep one); null: none. */
			listenUrl?: string | null;
	  };

export type Config = ReturnType<typeof parseConfig>;

export class ConfigurationError extends Error {
	override name = 'ConfigurationError';
}

export function parseConfig(environment: Record<string, string | undefined>) {
	// Empty strings count as unset, as in most deployment dashboards.
	const cleaned = Object.fromEntries(
		Object.entries(environment).filter(([, value]) => value !== undefined && value !== '')
	);
	const result = environmentSchema.safeParse(cleaned);
	if (!result.success) {
		const lines = result.error.issues.map(
			(issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`
		);
		throw new ConfigurationError(`Invalid environment configuration:\n${lines.join('\n')}`);
	}
	const env = result.data;
	const embedded = !env.DATABASE_URL;
	return {
		appEnv: env.APP_ENV,
		production: env.APP_ENV === 'production',
		origin: env.ORIGIN,
		database: (embedded
			? { kind: 'pglite', dataDir: `${env.DATA_DIR}/db` }
			: {
					kind: 'postgres',
					url: env.DATABASE_URL as string,
					prepare: env.DATABASE_PREPARE,
					poolMax: env.DATABASE_POOL_MAX,
					listenUrl:
						env.DATABASE_LISTEN_URL ?? (env.DATABASE_PREPARE ? (env.DATABASE_URL as string) : null)
				}) as DatabaseSettings,
		dataDir: env.DATA_DIR,
		migrationsDir: env.MIGRATIONS_DIR,
		// Never in production, whatever the database (checked above and in seedDemoData itself).
		seedDemoData: env.APP_ENV !== 'production' && (env.SEED_DEMO_DATA ?? embedded),
		// With the demo data: six submitted, published entries for the gallery (and round 1).
		seedDemoGallery: env.SEED_DEMO_GALLERY,
		mail: env.SMTP_URL
			? ({ transport: 'smtp', url: env.SMTP_URL, from: env.MAIL_FROM } as const)
			: ({ transport: 'mailbox', from: env.MAIL_FROM } as const),
		// The developer mailbox exists only where no real mail is sent and never in production, and
		// even then answers only requests made on this machine (see isLocalRequest).
		devMailbox: !env.SMTP_URL && env.APP_ENV !== 'production',
		behindProxy: Boolean(env.ADDRESS_HEADER),
		// Test-only time travel for end-to-end tests.
		devClock: env.APP_ENV === 'test',
		storage: env.SUPABASE_URL
			? ({
					driver: 'supabase',
					url: env.SUPABASE_URL,
					serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY as string,
					bucket: env.SUPABASE_STORAGE_BUCKET
				} as const)
			: ({ driver: 'local', root: `${env.DATA_DIR}/files` } as const),
		rateLimitIpFactor: env.RATE_LIMIT_IP_FACTOR,
		// Off under `vite dev`, where a page must show an edit at once.
		publicCacheSeconds: env.PUBLIC_CACHE_SECONDS ?? (env.APP_ENV === 'development' ? 0 : 10)
	};
}

function loadEnvironment(): Record<string, string | undefined> {
	// `vite dev` does not put .env into process.env; Node can (without overriding real variables).
	if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
	return process.env;
}

let cached: Config | undefined;

export function getConfig(): Config {
	cached ??= parseConfig(loadEnvironment());
	return cached;
}
