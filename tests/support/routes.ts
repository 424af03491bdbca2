import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type RouteEntry = {
	/** URL path with sample values for parameters. */
	path: string;
	/** Route id as SvelteKit names it, e.g. /(admin)/admin/accounts */
	id: string;
	hasPage: boolean;
	/** Whether the path holds a parameter (filled with an id that does not exist). */
	dynamic: boolean;
	/** Named form actions of its +page.server.ts. */
	actions: string[];
	/** HTTP methods exported by its +server.ts. */
	methods: string[];
};

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

/** Walks src/routes and lists every route with its actions, so no route can be forgotten. */
export function listRoutes(root = 'src/routes'): RouteEntry[] {
	const entries: RouteEntry[] = [];
	const walk = (folder: string) => {
		const files = readdirSync(folder);
		const pageServer = files.includes('+page.server.ts')
			? readFileSync(join(folder, '+page.server.ts'), 'utf8')
			: '';
		const server = files.includes('+server.ts')
			? readFileSync(join(folder, '+server.ts'), 'utf8')
			: '';
		if (files.some((file) => file.startsWith('+page')) || server) {
			const id = '/' + relative(root, folder).split(sep).filter(Boolean).join('/');
			const path =
				id
					.split('/')
					.filter((segment) => !/^\(.*\)$/.test(segment))
					.map((segment) => (/^\[.*\]$/.test(segment) ? SAMPLE_ID : segment))
					.join('/') || '/';
			const actionsBlock =
				/export const actions = \{([\s\S]*?)\n\} satisfies Actions/.exec(pageServer)?.[1] ?? '';
			entries.push({
				path: path === '' ? '/' : path,
				id: id === '/' ? '/' : id,
				hasPage: files.some((file) => file.startsWith('+page.svelte')),
				dynamic: path.includes(SAMPLE_ID),
				actions: [...actionsBlock.matchAll(/^\t(\w+): async/gm)].map((match) => match[1]),
				methods: [...server.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map(
					(match) => match[1]
				)
			});
		}
		for (const file of files) {
			const full = join(folder, file);
			if (statSync(full).isDirectory()) walk(full);
		}
	};
	walk(root);
	return entries.sort((a, b) => a.id.localeCompare(b.id));
}
