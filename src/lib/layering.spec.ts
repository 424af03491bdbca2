import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layering rules of eslint.config.js, shown to fail on a deliberate violation: a rule that
// silently stopped matching (a moved folder, a changed glob) would let the layers drift apart.
const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return result.messages
		.filter((message) => message.ruleId === 'no-restricted-imports')
		.map((message) => message.message);
}

describe('the layering lint rules', () => {
	// The first lint loads the configuration, its plugins and TypeScript: seconds on a busy machine.
	beforeAll(() => eslint.lintText('\n', { filePath: 'src/lib/domain/x.ts' }), 120_000);

	it.each([
		['a route', 'src/routes/(team)/team/x/+page.server.ts', "import { sql } from 'drizzle-orm';"],
		['a route', 'src/routes/x/+page.server.ts', "import { files } from '$lib/server/db/schema';"],
		['a route', 'src/routes/x/+server.ts', "import { schema } from '$lib/server/db';"],
		['the domain', 'src/lib/domain/x.ts', "import { eq } from 'drizzle-orm';"],
		['the domain', 'src/lib/domain/x.ts', "import { getConfig } from '$lib/server/config';"],
		['the domain', 'src/lib/domain/x.ts', "import { users } from '../server/db/schema';"],
		['a schema', 'src/lib/schemas/x.ts', "import { now } from '$lib/server/clock';"],
		['a component', 'src/lib/components/x.ts', "import { and } from 'drizzle-orm';"],
		[
			'the database layer',
			'src/lib/server/db/x.ts',
			"import { signIn } from '../services/accounts';"
		],
		['the database layer', 'src/lib/server/db/x.ts', "import { seedDemoData } from '../seed/seed';"]
	])('refuses %s importing what is below or beside it (%s)', async (_layer, filePath, code) => {
		expect(await restrictedImports(filePath, `${code}\n`)).not.toEqual([]);
	});

	it.each([
		[
			'a route opening a request',
			'src/routes/x/+page.server.ts',
			"import { judge } from '$lib/server/guards';"
		],
		['a service querying', 'src/lib/server/services/x.ts', "import { eq } from 'drizzle-orm';"],
		[
			'the seed calling services',
			'src/lib/server/seed/x.ts',
			"import { saveTeamFile } from '../services/files';"
		],
		[
			'the domain importing the domain',
			'src/lib/domain/x.ts',
			"import { weightedTotal } from './rubric';"
		]
	])('allows %s', async (_what, filePath, code) => {
		expect(await restrictedImports(filePath, `${code}\n`)).toEqual([]);
	});
});
