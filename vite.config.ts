import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { compile, paraglideVitePlugin, type CompilerOptions } from '@inlang/paraglide-js';
import tailwindcss from '@tailwindcss/vite';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { databaseProjects } from './scripts/test/database-projects.ts';

/** The newest modification time under the paths (folders walked); 0 when there is none. */
function newest(paths: string[]): number {
	let time = 0;
	for (const entry of paths) {
		const stats = statSync(entry, { throwIfNoEntry: false });
		if (!stats) continue;
		time = Math.max(
			time,
			stats.isDirectory()
				? newest(readdirSync(entry).map((name) => path.join(entry, name)))
				: stats.mtimeMs
		);
	}
	return time;
}

const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
	emitTsDeclarations: true
} satisfies CompilerOptions;
const messageInputs = ['messages', 'project.inlang/settings.json'];
const inputsStamp = 'node_modules/.cache/paraglide/inputs.sha256';

/** A hash of every message file and the project settings (paths and contents). */
function hashOfInputs(paths: string[], hash = createHash('sha256')) {
	for (const entry of paths.toSorted()) {
		const stats = statSync(entry, { throwIfNoEntry: false });
		if (!stats) continue;
		if (stats.isDirectory())
			hashOfInputs(
				readdirSync(entry).map((name) => path.join(entry, name)),
				hash
			);
		else hash.update(entry).update(readFileSync(entry));
	}
	return hash;
}

/**
 * Compiles the messages unless they are current: compiled (by `npm install`'s `prepare` script or
 * an earlier run) after the last change to a message file or the project settings, or from inputs
 * with the hash this function last compiled. Compiling loads the inlang SDK and writes the TypeScript
 * declarations, seconds that every test run and build used to pay through the Vite plugin.
 */
async function compileMessagesUnlessCurrent(): Promise<void> {
	const compiled = statSync('src/lib/paraglide/runtime.js', { throwIfNoEntry: false });
	if (compiled && newest(messageInputs) < newest([paraglideOptions.outdir])) return;
	const hash = hashOfInputs(messageInputs).digest('hex');
	if (
		compiled &&
		statSync(inputsStamp, { throwIfNoEntry: false }) &&
		readFileSync(inputsStamp, 'utf8') === hash
	)
		return;
	await compile(paraglideOptions);
	mkdirSync(path.dirname(inputsStamp), { recursive: true });
	writeFileSync(inputsStamp, hash);
}

export default defineConfig(async ({ command }): Promise<ViteUserConfig> => {
	// The dev server compiles the messages through the plugin, and again on every edit; test runs
	// and builds compile them once, when they changed. Keep in step with the `prepare` script,
	// which compiles the same for type checks and scripts.
	const devServer = command === 'serve' && !process.env.VITEST;
	if (!devServer) await compileMessagesUnlessCurrent();
	return {
		plugins: [tailwindcss(), sveltekit(), devServer ? paraglideVitePlugin(paraglideOptions) : null],
		server: { port: 5173 },
		test: {
			expect: { requireAssertions: true },
			// Vitest's default is one worker fewer than the cores: a single worker on a two-core
			// machine, where the database tests then wait on each other's PGlite and PostgreSQL
			// (they mostly wait on I/O, so two workers finish them well before one does).
			maxWorkers: Math.max(2, availableParallelism() - 1),
			projects: [
				{
					extends: true,
					test: {
						name: 'unit',
						environment: 'node',
						include: ['src/**/*.spec.ts'],
						exclude: ['src/**/*.db.spec.ts', 'src/**/*.pg.spec.ts']
					}
				},
				...(await databaseProjects())
			]
		}
	};
});
