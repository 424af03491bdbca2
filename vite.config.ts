import { paraglideVitePlugin } from '@inlang/paraglide-js';
import tailwindcss from '@tailwindcss/vite';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { postgresTestProject } from './scripts/test/postgres-project.ts';

export default defineConfig(async (): Promise<ViteUserConfig> => ({
	plugins: [
		tailwindcss(),
		sveltekit(),
		// Keep in step with the `prepare` script, which compiles the same for type checks and scripts.
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
			emitTsDeclarations: true
		})
	],
	server: { port: 5173 },
	test: {
		expect: { requireAssertions: true },
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
			{
				extends: true,
				test: {
					name: 'db-pglite',
					environment: 'node',
					include: ['src/**/*.db.spec.ts'],
					env: { TEST_DB: 'pglite' },
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			},
			await postgresTestProject()
		]
	}
}));
