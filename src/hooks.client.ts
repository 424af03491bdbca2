import { z } from 'zod';

// Zod compiles faster parsers with `new Function()` and probes for it when a schema is built;
// the content security policy (script-src 'self', no 'unsafe-eval') forbids that, and the probe
// alone is reported as a violation. In the browser, parse without compiling.
z.config({ jitless: true });
