import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// BUILD_DIR builds beside the default one (e.g. a benchmark while tests use build/), with its own
// intermediate folder so two builds never write into each other.
const buildDir = process.env.BUILD_DIR || 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		// Runes everywhere in our code; libraries keep their own mode.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter({ out: buildDir, precompress: true }),
		outDir: buildDir === 'build' ? '.svelte-kit' : `.svelte-kit-${buildDir}`,
		csp: {
			// Hashes (not nonces) keep responses deterministic, so public pages can carry ETags.
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				// No inline style attributes, except the exact one SvelteKit's client router puts on its
				// live region for screen readers (#svelte-announcer in the generated root component).
				// After a SvelteKit upgrade, `npm run lighthouse` reports a console CSP error if it changed.
				'style-src-attr': ['unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'media-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none'],
				'manifest-src': ['self'],
				'worker-src': ['self']
			}
		},
		router: {
			// The browser asks the server which route a path is instead of downloading and compiling
			// the whole route table (over sixty routes) before the first page becomes interactive.
			resolution: 'server'
		}
	}
};

export default config;
