import prettier from 'eslint-config-prettier';
import path from 'node:path';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, includeIgnoreFile } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const gitignorePath = path.resolve(import.meta.dirname, '.gitignore');

/*
 * The layering (README "Architecture"): services own their queries; routes check roles, services
 * check ownership and state; the domain is pure. Each layer lists what it may not import.
 */
const SQL = {
	group: ['drizzle-orm', 'drizzle-orm/*', '**/db/schema', '**/db/schema.ts'],
	message: 'Only services (src/lib/server/services) and the database layer query: call a service.'
};
const SCHEMA_REEXPORT = {
	name: '$lib/server/db',
	importNames: ['schema'],
	message: 'Only services (src/lib/server/services) and the database layer query: call a service.'
};
const SERVER = {
	group: ['$lib/server', '$lib/server/*', '**/server/*'],
	message: 'The domain, schemas and components are pure: no server code.'
};
const SERVICES = {
	group: ['$lib/server/services', '$lib/server/services/*', '**/services/*', '**/seed/*'],
	message:
		'The database layer is below the services: it never calls them (the seed lives in src/lib/server/seed).'
};
const forbid = (files, patterns, paths = [], ignores = []) => ({
	files,
	ignores,
	rules: { 'no-restricted-imports': ['error', { patterns, paths }] }
});

export default defineConfig(
	includeIgnoreFile(gitignorePath),
	{ ignores: ['supabase/migrations/meta/**'] },
	js.configs.recommended,
	ts.configs.recommended,
	svelte.configs.recommended,
	prettier,
	svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript checks undefined names itself.
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	forbid(['src/routes/**'], [SQL], [SCHEMA_REEXPORT]),
	forbid(['src/lib/domain/**', 'src/lib/schemas/**', 'src/lib/components/**'], [SQL, SERVER]),
	// Rooms small enough to read (issue 15): functions, services and route files. Tests are
	// tables of cases and stay out of it.
	{
		files: ['src/**/*.ts', 'src/**/*.svelte', 'scripts/**/*.ts'],
		ignores: ['**/*.spec.ts', 'src/lib/paraglide/**'],
		rules: { 'max-lines-per-function': ['error', { max: 120 }] }
	},
	{
		files: ['src/lib/server/services/**/*.ts'],
		ignores: ['**/*.spec.ts'],
		rules: { 'max-lines': ['error', { max: 500 }] }
	},
	{
		files: ['src/routes/**/*.ts', 'src/routes/**/*.svelte'],
		ignores: ['**/*.spec.ts'],
		rules: { 'max-lines': ['error', { max: 250 }] }
	},
	// Its tests may load the demo data to have something to check.
	forbid(['src/lib/server/db/**'], [SERVICES], [], ['**/*.spec.ts']),
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				// No type information (projectService): it made eslint four times slower (61 s
				// instead of 16 on this machine) for two rules only, turned off below. svelte-check
				// type-checks every component on each run.
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			// Internal links are plain paths; the app has no base path.
			'svelte/no-navigation-without-resolve': 'off',
			// Both need type information (see above); the app has no stores, and props are typed.
			'svelte/no-unused-props': 'off',
			'svelte/require-store-reactive-access': 'off'
		}
	}
);
