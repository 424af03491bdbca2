/**
 * npm run bench:gallery — the public gallery under load, on the production build and the
 * embedded default (PGlite).
 *
 * Data: the demo challenge plus 10,000 submitted entries (10,000 teams), of which 2,000 are
 * published in the gallery (the demo gallery rows are replaced by them). The production build
 * (`build-bench/`, beside the tests' `build/`; made by `BUILD_DIR=build-bench vite build` when
 * missing or when BENCH_BUILD=1, as bench:load does) runs on that folder; 25 keep-alive connections
 * then request, each for BENCH_SECONDS (default 10) after a 2-second warm-up:
 *  - the gallery's first page, /gallery;
 *  - page 80 of the gallery (24 per page), reached by its keyset cursor;
 *  - an entry's page;
 *  - the first page and page 80 again with the per-node public cache off (PUBLIC_CACHE_SECONDS=0),
 *    so the figures show what rendering each page costs as well as what visitors get;
 *  - the same first-page HTML served as a static file by nginx (when /usr/sbin/nginx exists),
 *    to put the portal's figures beside a static server's on this machine (the ratio line).
 * It also prints the gzip bytes of JavaScript each public route ships.
 * Targets (issue 5): gallery pages p95 < 20 ms at 25 connections; JS < 35 KB gzip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { count, sql } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '../src/lib/server/db';
import { runMigrations } from '../src/lib/server/db/migrate';
import * as schema from '../src/lib/server/db/schema';
import { seedDemoData } from '../src/lib/server/seed/seed';
import { refreshGalleryFacets } from '../src/lib/server/services/publication/facets';
import { percentile, report, runLoad, sleep, waitForServer } from './bench/load';
import { hasWrk, reportWrk, runWrk } from './bench/wrk';

const BUILD_DIR = 'build-bench';

const ENTRIES = 10_000;
const SHORTLISTED = 2_000;
const CONNECTIONS = 25;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = 4390;
const NGINX_PORT = 4391;
const ORIGIN = `http://127.0.0.1:${PORT}`;

async function fillDatabase(db: Database) {
	await seedDemoData(db);
	const [challenge] = await db.select().from(schema.challenges).limit(1);
	await db.execute(sql`delete from gallery_entries`);
	await db.execute(sql`
		insert into teams (challenge_id, name)
		select ${challenge.id}::uuid, 'Bench team ' || n from generate_series(1, ${ENTRIES}) n`);
	await db.execute(sql`
		with tracks_numbered as (
			select id, row_number() over (order by position, slug) - 1 as i, count(*) over () as total
			from tracks where challenge_id = ${challenge.id}::uuid
		), numbered as (
			select t.id as team_id, substring(t.name from 12)::int as n from teams t
			where t.challenge_id = ${challenge.id}::uuid and t.name like 'Bench team %'
		)
		insert into entries (team_id, challenge_id, status, title, tagline, track_id, countries, sdgs,
			problem, solution, ai_approach, impact, privacy, fairness, oversight, accessibility, submitted_at)
		select numbered.team_id, ${challenge.id}::uuid, 'submitted',
			'Civic assistant ' || n || (array[' for flood alerts', ' for bus routes', ' for welfare claims', ' for tourism permits', ' for local services'])[1 + n % 5],
			'Helping public servants answer citizens faster, case ' || n,
			tracks_numbered.id,
			array[(array['KR','KE','BR','IN','ID','PH','VN','GH'])[1 + n % 8]],
			array[(1 + n % 17)::smallint, (1 + (n * 7) % 17)::smallint],
			'Municipal offices receive thousands of requests a week and answer them late. ' || repeat('Citizens wait for services. ', 10),
			'A multilingual assistant drafts answers that an officer checks before sending. ' || repeat('Officers stay in control. ', 10),
			'A small language model fine-tuned on public, consented service records. ' || repeat('Evaluated for bias. ', 8),
			'Waiting times halve in the pilot district. ' || repeat('Measured monthly. ', 8),
			'No personal data leaves the office.', 'Audited quarterly for bias.', 'An officer approves every answer.', 'Works with screen readers.',
			now()
		from numbered join tracks_numbered on tracks_numbered.i = numbered.n % tracks_numbered.total`);
	const [publication] = await db
		.insert(schema.resultPublications)
		.values({ challengeId: challenge.id, version: 1, reason: 'benchmark' })
		.returning();
	await db.execute(sql`
		insert into gallery_entries (entry_id, challenge_id, publication_id, slug, position, title, tagline,
			track_id, track_slug, track_name, sdgs, countries, problem, solution, ai_approach, responsible_ai,
			impact, video_url, team_name, member_names, published_at)
		select e.id, e.challenge_id, ${publication.id}::uuid,
			'bench-entry-' || substring(t.name from 12), substring(t.name from 12)::int, e.title, e.tagline,
			tr.id, tr.slug, tr.name, e.sdgs, e.countries, e.problem, e.solution, e.ai_approach,
			jsonb_build_object('privacy', e.privacy, 'fairness', e.fairness, 'oversight', e.oversight, 'accessibility', e.accessibility),
			e.impact, 'https://video.example.org/' || substring(t.name from 12), t.name,
			array['Ada Member', 'Grace Member'], now()
		from entries e join teams t on t.id = e.team_id join tracks tr on tr.id = e.track_id
		where t.name like 'Bench team %' and substring(t.name from 12)::int <= ${SHORTLISTED}`);
	// As a publication does: the filters' lists and counts come from gallery_facets.
	await refreshGalleryFacets(db, challenge.id);
	const [{ total }] = await db.select({ total: count() }).from(schema.galleryEntries);
	return total;
}

function startServer(dataDir: string, publicCacheSeconds = 10): ChildProcess {
	const child = spawn(process.execPath, ['scripts/serve.js'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			PORT: String(PORT),
			HOST: '127.0.0.1',
			// Production needs an https ORIGIN (as behind a TLS proxy); requests here are plain GETs.
			ORIGIN: 'https://gallery.bench.test',
			BUILD_DIR,
			DATA_DIR: dataDir,
			APP_ENV: 'production',
			SMTP_URL: 'smtp://127.0.0.1:9',
			SEED_DEMO_DATA: 'false',
			DATABASE_URL: '',
			PUBLIC_CACHE_SECONDS: String(publicCacheSeconds)
		}
	});
	return child;
}

/**
 * With wrk (not a bottleneck) and the cache off: the first page, a filter, and searches for words
 * no visitor searched before (a unique term per request: no cache of any kind can answer them),
 * each with the server's CPU per request and the requests left unanswered counted as failures.
 */
async function uncachedByWrk(pid: number): Promise<void> {
	if (!hasWrk()) {
		console.log('bench: wrk figures skipped (install wrk: apt-get install -y wrk)');
		return;
	}
	for (const [name, url, luaPath] of [
		['wrk_gallery_first_uncached', `${ORIGIN}/gallery`, undefined],
		['wrk_gallery_filter_uncached', `${ORIGIN}/gallery?sdg=11&country=KR`, undefined],
		['wrk_gallery_search_unique', `${ORIGIN}/gallery`, '"/gallery?q=assistant+or+w" .. n']
	] as const) {
		await runWrk({ url, connections: CONNECTIONS, seconds: 2, luaPath });
		const result = await runWrk({ url, connections: CONNECTIONS, seconds: SECONDS, pid, luaPath });
		reportWrk(name, result);
		if (result.failures > 0) exitCode = 1;
	}
}

/** The href of the pagination link marked rel="next" on a gallery page. */
function nextHref(html: string): string | null {
	for (const match of html.matchAll(/<a\b[^>]*>/g)) {
		const tag = match[0];
		if (!/\brel="[^"]*\bnext\b/.test(tag)) continue;
		const href = /\bhref="([^"]+)"/.exec(tag);
		if (href) return href[1].replaceAll('&amp;', '&');
	}
	return null;
}

async function shippedJavaScript(route: string): Promise<number> {
	const html = await (await fetch(ORIGIN + route)).text();
	const sources = new Set<string>();
	for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) sources.add(match[1]);
	for (const match of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g))
		sources.add(match[1]);
	for (const match of html.matchAll(/import\(["']([^"']+\.js)["']\)/g)) sources.add(match[1]);
	let total = 0;
	for (const source of sources) {
		const body = Buffer.from(await (await fetch(new URL(source, ORIGIN + route))).arrayBuffer());
		total += gzipSync(body, { level: 9 }).length;
	}
	// Inline scripts count too.
	for (const match of html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g))
		total += match[1].trim() ? gzipSync(match[1], { level: 9 }).length : 0;
	return total;
}

async function nginxStatic(html: string): Promise<{ p95: number; rps: number } | null> {
	if (!existsSync('/usr/sbin/nginx')) {
		console.log('bench: nginx_static skipped (install nginx: apt-get install -y nginx)');
		return null;
	}
	const root = mkdtempSync(path.join(os.tmpdir(), 'bench-nginx-'));
	// Started as root, nginx serves from worker processes running as "nobody".
	chmodSync(root, 0o755);
	mkdirSync(path.join(root, 'www'));
	writeFileSync(path.join(root, 'www', 'gallery.html'), html);
	writeFileSync(
		path.join(root, 'nginx.conf'),
		`worker_processes 1;
daemon off;
pid ${root}/nginx.pid;
error_log ${root}/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path ${root}/body;
	proxy_temp_path ${root}/proxy;
	fastcgi_temp_path ${root}/fastcgi;
	uwsgi_temp_path ${root}/uwsgi;
	scgi_temp_path ${root}/scgi;
	server {
		listen 127.0.0.1:${NGINX_PORT};
		root ${root}/www;
		location / { default_type text/html; }
	}
}
`
	);
	const nginx = spawn('/usr/sbin/nginx', ['-c', path.join(root, 'nginx.conf'), '-p', root], {
		stdio: 'inherit'
	});
	try {
		await waitForServer(`http://127.0.0.1:${NGINX_PORT}/gallery.html`, 10_000);
		const url = `http://127.0.0.1:${NGINX_PORT}/gallery.html`;
		await runLoad({ url, connections: CONNECTIONS, seconds: 2 });
		const result = await runLoad({ url, connections: CONNECTIONS, seconds: SECONDS });
		report('nginx_static_gallery', result);
		return {
			p95: percentile(result.latencies, 0.95),
			rps: result.requests / result.seconds
		};
	} finally {
		nginx.kill('SIGTERM');
		await sleep(300);
		rmSync(root, { recursive: true, force: true });
	}
}

// BENCH_DATA_DIR keeps the filled database there and reuses it on the next run (for profiling).
const kept = process.env.BENCH_DATA_DIR;
const folder = kept ? path.resolve(kept) : mkdtempSync(path.join(os.tmpdir(), 'bench-gallery-'));
let server: ChildProcess | null = null;
let exitCode = 0;
try {
	if (process.env.BENCH_BUILD === '1' || !existsSync(path.join(BUILD_DIR, 'index.js'))) {
		console.log(`building (BUILD_DIR=${BUILD_DIR} vite build)…`);
		execFileSync('npx', ['vite', 'build'], { stdio: 'ignore', env: { ...process.env, BUILD_DIR } });
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const dataDir = path.join(folder, 'db');
	const reuse = Boolean(kept) && existsSync(path.join(dataDir, 'PG_VERSION'));
	mkdirSync(folder, { recursive: true });
	const client = await PGlite.create(dataDir);
	const db = drizzle({ client, schema }) as unknown as Database;
	const handle: DatabaseHandle = { db, kind: 'pglite', close: () => client.close() };
	let published: number;
	if (reuse) {
		[{ published }] = await db.select({ published: count() }).from(schema.galleryEntries);
	} else {
		await runMigrations(handle, { kind: 'pglite', dataDir }, 'supabase/migrations');
		published = await fillDatabase(db);
		await db.execute(sql`vacuum analyze`);
	}
	await handle.close();
	console.log(
		`bench: data ${ENTRIES} entries, ${published} published in the gallery; ${CONNECTIONS} connections, ${SECONDS} s per figure; production build, PGlite`
	);
	console.log(
		`bench: machine ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`
	);

	server = startServer(folder);
	await waitForServer(`${ORIGIN}/health`);

	// Page 80 by following the keyset cursors (the same links a visitor follows).
	let pageUrl = `${ORIGIN}/gallery`;
	const firstHtml = await (await fetch(pageUrl)).text();
	let html = firstHtml;
	for (let page = 1; page < 80; page++) {
		const next = nextHref(html);
		if (!next) throw new Error(`no rel="next" link on gallery page ${page}`);
		pageUrl = new URL(next, pageUrl).toString();
		html = await (await fetch(pageUrl)).text();
	}
	if (!html.includes('bench-entry-')) throw new Error('page 80 shows no gallery entry');
	const entryUrl = `${ORIGIN}/gallery/bench-entry-1234`;
	const entryResponse = await fetch(entryUrl);
	if (entryResponse.status !== 200) throw new Error(`entry page answered ${entryResponse.status}`);

	const figures: Record<string, number> = {};
	for (const [name, url] of [
		['gallery_first', `${ORIGIN}/gallery`],
		['gallery_page80', pageUrl],
		['gallery_entry', entryUrl]
	] as const) {
		await runLoad({ url, connections: CONNECTIONS, seconds: 2 });
		const result = await runLoad({ url, connections: CONNECTIONS, seconds: SECONDS });
		report(name, result);
		figures[name] = percentile(result.latencies, 0.95);
		figures[`${name}_rps`] = result.requests / result.seconds;
		if (result.errors > 0) exitCode = 1;
	}

	// The same pages rendered for every request: what the cache saves.
	server.kill('SIGTERM');
	await sleep(500);
	server = startServer(folder, 0);
	await waitForServer(`${ORIGIN}/health`);
	for (const [name, url] of [
		['gallery_first_uncached', `${ORIGIN}/gallery`],
		['gallery_page80_uncached', pageUrl]
	] as const) {
		await runLoad({ url, connections: CONNECTIONS, seconds: 2 });
		const result = await runLoad({ url, connections: CONNECTIONS, seconds: SECONDS });
		report(name, result);
		if (result.errors > 0) exitCode = 1;
	}

	if (server.pid) await uncachedByWrk(server.pid);

	for (const [name, route] of [
		['gallery', '/gallery'],
		['gallery_entry', '/gallery/bench-entry-1234'],
		['symposium', '/symposium']
	] as const)
		console.log(`bench: js_${name}_gzip ${await shippedJavaScript(route)} bytes`);

	const nginx = await nginxStatic(firstHtml);
	if (nginx) {
		console.log(
			`bench: gallery_vs_nginx_p95_ratio ${(figures.gallery_first / nginx.p95).toFixed(1)} x`
		);
		console.log(
			`bench: gallery_vs_nginx_rps_ratio ${(nginx.rps / figures.gallery_first_rps).toFixed(1)} x (nginx req/s ÷ portal req/s)`
		);
	}
} catch (error) {
	console.error(error);
	exitCode = 1;
} finally {
	server?.kill('SIGTERM');
	await sleep(500);
	if (!kept) rmSync(folder, { recursive: true, force: true });
}
process.exit(exitCode);
