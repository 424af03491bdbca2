// Production entry point: `npm start` (or `node scripts/serve.js`).
// adapter-node refuses request bodies over BODY_SIZE_LIMIT (512 KB by default), which is too
// small for a pitch deck. The portal checks each upload against the organizer's limits (at most
// 50 MB) and answers 413 with a message; this outer bound only has to be above that.
process.env.BODY_SIZE_LIMIT ??= '64M';
// Node closes an idle keep-alive connection after 5 s. A client or proxy that reuses it at that
// moment gets a reset (nginx: a 502 for a POST it will not retry), so idle connections are kept
// longer than nginx keeps its upstream ones (keepalive_timeout, 60 s by default).
process.env.KEEP_ALIVE_TIMEOUT ??= '65';
// BUILD_DIR serves another build (see svelte.config.js).
const { pathToFileURL } = await import('node:url');
const { resolve } = await import('node:path');
await import(pathToFileURL(resolve(process.env.BUILD_DIR || 'build', 'index.js')).href);
