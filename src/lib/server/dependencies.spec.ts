import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm audit` is not served by the registry this project can reach, so the lower bounds of the
// advisories that matter to a server-rendered SvelteKit app are pinned here instead. The lockfile
// is what `npm ci` installs: every copy of each package in it (nested ones too) must be safe.
const MINIMUM_SAFE_VERSIONS: Record<string, { version: string; why: string }> = {
	'@sveltejs/kit': {
		version: '2.57.1',
		why: 'DoS/SSRF with prerendering and the remote-form deserializer (GHSA-j62c-4x62-9r35, GHSA-j2f3-wq62-6q46, fixed in 2.49.5), the form/file amplification fixes of 2.52.2 and 2.53.3, and the April 2026 advisory fixed in 2.57.1'
	},
	svelte: {
		version: '5.55.7',
		why: 'SSR XSS: spread attributes, hydratable promise serialization, DOM clobbering, <svelte:element> ReDoS (GHSA-pr6f-5x2q-rwfp, GHSA-f3cj-j4f6-wq85, GHSA-rcqx-6q8c-2c42, GHSA-9rmh-mm8f-r9h6; vulnerable <= 5.55.6)'
	},
	devalue: {
		version: '5.9.2',
		why: 'prototype pollution (CVE-2025-57820, fixed in 5.3.2; CVE-2026-30226, 5.6.4) and devalue.parse DoS (CVE-2026-22774/22775, 5.6.2; CVE-2026-42570, 5.8.1; CVE-2026-81176, 5.9.2)'
	},
	cookie: {
		version: '0.7.0',
		why: 'out-of-bounds characters accepted in cookie name, path and domain (CVE-2024-47764); Kit 2 asks for ^0.6, so package.json overrides it'
	}
};

// Packages that nothing names but that are needed all the same. Keep this list short.
const USED_INDIRECTLY: Record<string, string> = {
	typescript:
		'the compiler behind svelte-check, typescript-eslint, vite and tsx (a peer dependency)'
};

// Where a dependency can be used: the code, the tests, the scripts and the tools' configuration.
const SOURCE_FOLDERS = ['src', 'scripts', 'tests'];
const CONFIG_FILES = [
	'vite.config.ts',
	'svelte.config.js',
	'playwright.config.ts',
	'eslint.config.js',
	'prettier.config.js',
	'drizzle.config.ts',
	'project.inlang/settings.json'
];
const SOURCE_EXTENSIONS = new Set(['.ts', '.js', '.mjs', '.cjs', '.svelte', '.css', '.json']);
// Compiled by `npm run prepare`; its imports are Paraglide's, not ours.
const GENERATED_FOLDERS = new Set([path.join('src', 'lib', 'paraglide')]);

type LockedPackage = { version: string; bin?: Record<string, string> };
type PackageJson = {
	scripts: Record<string, string>;
	dependencies: Record<string, string>;
	devDependencies: Record<string, string>;
};

const root = process.cwd();
const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const lockfile = readJson<{ packages: Record<string, LockedPackage> }>('package-lock.json');
const packageJson = readJson<PackageJson>('package.json');

/** Compares two semantic versions (`1.2.3`, `1.2.3-next.4`): negative, zero or positive. */
function compareVersions(a: string, b: string): number {
	const parse = (version: string) => {
		const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(version.trim());
		if (!match) throw new Error(`not a semantic version: ${version}`);
		return { core: match.slice(1, 4).map(Number), prerelease: match[4]?.split('.') ?? [] };
	};
	const left = parse(a);
	const right = parse(b);
	for (let index = 0; index < 3; index++) {
		const difference = left.core[index] - right.core[index];
		if (difference !== 0) return difference;
	}
	// A pre-release comes before its release; identifiers compare numerically when numeric.
	if (left.prerelease.length === 0 || right.prerelease.length === 0)
		return right.prerelease.length - left.prerelease.length;
	const length = Math.max(left.prerelease.length, right.prerelease.length);
	for (let index = 0; index < length; index++) {
		const [x, y] = [left.prerelease[index], right.prerelease[index]];
		if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
		if (x === y) continue;
		const [xIsNumber, yIsNumber] = [/^\d+$/.test(x), /^\d+$/.test(y)];
		if (xIsNumber && yIsNumber) return Number(x) - Number(y);
		if (xIsNumber !== yIsNumber) return xIsNumber ? -1 : 1;
		return x < y ? -1 : 1;
	}
	return 0;
}

/** Every copy of `name` in the lockfile, keyed by its path (`node_modules/a/node_modules/name`). */
function lockedCopies(name: string): [string, LockedPackage][] {
	return Object.entries(lockfile.packages).filter(
		([location]) =>
			location === `node_modules/${name}` || location.endsWith(`/node_modules/${name}`)
	);
}

function sourceFiles(folder: string): string[] {
	const files: string[] = [];
	for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
		const relative = path.join(folder, entry.name);
		if (entry.isDirectory()) {
			if (!GENERATED_FOLDERS.has(relative) && entry.name !== 'node_modules')
				files.push(...sourceFiles(relative));
		} else if (SOURCE_EXTENSIONS.has(path.extname(entry.name))) files.push(relative);
	}
	return files;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('compareVersions', () => {
	it('orders versions numerically, pre-releases before their release', () => {
		expect(compareVersions('2.10.0', '2.9.9')).toBeGreaterThan(0);
		expect(compareVersions('0.6.0', '0.7.0')).toBeLessThan(0);
		expect(compareVersions('5.55.7', '5.55.7')).toBe(0);
		expect(compareVersions('5.55.7-next.1', '5.55.7')).toBeLessThan(0);
		expect(compareVersions('1.0.0-next.10', '1.0.0-next.9')).toBeGreaterThan(0);
		expect(compareVersions('1.0.0-alpha', '1.0.0-alpha.1')).toBeLessThan(0);
		expect(() => compareVersions('latest', '1.0.0')).toThrow();
	});
});

describe('installed versions', () => {
	for (const [name, minimum] of Object.entries(MINIMUM_SAFE_VERSIONS)) {
		it(`every ${name} is at least ${minimum.version} (${minimum.why})`, () => {
			const copies = lockedCopies(name);
			expect(copies.length, `${name} is not in package-lock.json`).toBeGreaterThan(0);
			for (const [location, locked] of copies) {
				expect(
					compareVersions(locked.version, minimum.version),
					`${location}@${locked.version} in package-lock.json`
				).toBeGreaterThanOrEqual(0);
				// node_modules can lag behind the lockfile (an install that was not re-run).
				const manifest = path.join(root, location, 'package.json');
				if (!existsSync(manifest)) continue;
				const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
				expect(
					compareVersions(version, minimum.version),
					`${location}@${version} installed`
				).toBeGreaterThanOrEqual(0);
			}
		});
	}
});

describe('package.json', () => {
	it('lists nothing unused: each package is imported, configured or run as a binary', () => {
		const texts = [...SOURCE_FOLDERS.flatMap(sourceFiles), ...CONFIG_FILES].map((file) =>
			readFileSync(path.join(root, file), 'utf8')
		);
		const scriptWords = new Set(
			Object.values(packageJson.scripts).flatMap((script) => script.split(/[\s;&|()]+/))
		);
		const named = (name: string) => {
			// A module specifier ('name', 'name/sub', @import 'name') or a path into node_modules.
			const specifier = new RegExp(`['"\`]${escape(name)}(?:/[^'"\`]*)?['"\`]`);
			const installedPath = new RegExp(`node_modules/${escape(name)}/`);
			return texts.some((text) => specifier.test(text) || installedPath.test(text));
		};
		const runAsBinary = (name: string) =>
			Object.keys(lockfile.packages[`node_modules/${name}`]?.bin ?? {}).some((bin) =>
				scriptWords.has(bin)
			);
		const nodeBuiltins = texts.some((text) => /['"]node:[a-z_/]+['"]/.test(text));
		const isUsed = (name: string): boolean => {
			if (name in USED_INDIRECTLY) return true;
			if (name === '@types/node') return nodeBuiltins;
			// Type definitions are used when the package they describe is.
			const typed = /^@types\/(.+)$/.exec(name)?.[1];
			if (typed) return isUsed(typed.includes('__') ? `@${typed.replace('__', '/')}` : typed);
			return named(name) || runAsBinary(name);
		};

		const declared = [
			...Object.keys(packageJson.dependencies),
			...Object.keys(packageJson.devDependencies)
		];
		expect(declared.filter((name) => !isUsed(name))).toEqual([]);
		// The allow-list itself must not go stale.
		for (const name of Object.keys(USED_INDIRECTLY)) expect(declared).toContain(name);
	});
});
