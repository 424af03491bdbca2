// Production entry point: `npm start` (or `node scripts/serve.js`).
// adapter-node refuses request bodies over BODY_SIZE_LIMIT (512 KB by default), which is too
// small for a pitch deck. The portal checks each upload against the organizer's limits (at most
// 50 MB) and answers 413 with a message; this outer bound only has to be above that.
process.env.BODY_SIZE_LIMIT ??= '64M';
await import('../build/index.js');
