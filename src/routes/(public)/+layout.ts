// Public pages are plain server-rendered HTML: no client-side JavaScript is shipped.
export const csr = false;
