// Production entry point: `npm start` (or `node scripts/serve.js`).
// adapter-node refuses request bodies over BODY_SIZE_LIMIT (512 KB by default), which is too
// small for a pitch deck. The portal checks each upload against the organizer's limits (at most
// 50 MB) and answers 413 with a message; this outer bound only has to be above that.
process.env.BODY_SIZE_LIMIT ??= '64M';
// BUILD_DIR serves another build (see svelte.config.js).
const { pathToFileURL } = await import('node:url');
const { resolve } = await import('node:path');
await import(pathToFileURL(resolve(process.env.BUILD_DIR || 'build', 'index.js')).href);
