import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every file under the folders, recursively. */
function filesUnder(folders: string[]): string[] {
	return folders.flatMap((folder) =>
		readdirSync(folder).flatMap((name) => {
			const entry = path.join(folder, name);
			if (name === 'paraglide' || name === 'node_modules') return [];
			return statSync(entry).isDirectory() ? filesUnder([entry]) : [entry];
		})
	);
}

describe('.env.example', () => {
	const example = readFileSync('.env.example', 'utf8');

	it('names every variable the portal’s configuration reads', () => {
		const config = readFileSync('src/lib/server/config.ts', 'utf8');
		const schema = config.slice(config.indexOf('z\n\t.object({'), config.indexOf('.superRefine('));
		const variables = [...schema.matchAll(/^\t\t([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]);
		expect(variables.length).toBeGreaterThan(10);
		for (const variable of variables) expect(example, variable).toContain(variable);
	});

	it('names every process.env variable of the code and scripts, and adapter-node’s', () => {
		const sources = filesUnder(['src', 'scripts']).filter((file) => /\.(ts|js|mjs)$/.test(file));
		const read = new Set<string>();
		for (const file of sources)
			for (const match of readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g))
				read.add(match[1]!);
		// What adapter-node reads itself (its README), which operators set.
		for (const variable of ['HOST', 'PORT', 'ORIGIN', 'ADDRESS_HEADER', 'XFF_DEPTH'])
			read.add(variable);
		for (const variable of ['SHUTDOWN_TIMEOUT', 'BODY_SIZE_LIMIT']) read.add(variable);
		// Set by the tools, never by a person.
		for (const internal of ['VITEST', 'TEST_DB', 'NODE_ENV', 'CI']) read.delete(internal);
		for (const variable of read) expect(example, variable).toContain(variable);
	});
});
