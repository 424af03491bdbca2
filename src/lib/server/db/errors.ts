/**
 * The name of the constraint a database error violated, whichever driver raised it (postgres.js
 * names it `constraint_name`, PGlite `constraint`) and however drizzle wrapped it (`cause`).
 */
export function violatedConstraint(error: unknown): string | null {
	let current: unknown = error;
	for (let depth = 0; current && depth < 5; depth++) {
		const candidate = current as { constraint_name?: string; constraint?: string; cause?: unknown };
		const name = candidate.constraint_name ?? candidate.constraint;
		if (typeof name === 'string' && name) return name;
		current = candidate.cause;
	}
	return null;
}

// postgres.js connection errors, and PostgreSQL's "cannot serve now" classes: connection
// exceptions (08…) and operator intervention (57P01 admin shutdown, 57P02 crash, 57P03 starting).
const CONNECTION_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ENOTFOUND',
	'EAI_AGAIN',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT',
	'57P01',
	'57P02',
	'57P03'
]);

/**
 * Whether an error means the database cannot be reached right now (it restarts, the network
 * dropped): such a request deserves a 503 and a retry, not a 500. Follows `cause` as drizzle
 * wraps driver errors.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
	let current: unknown = error;
	for (let depth = 0; current && depth < 5; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08')))
			return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}

// A pooled connection that was already dead when the work was handed to it: the socket was
// closed, or the server terminated the session (57P01 admin shutdown, 57P02 crash shutdown,
// 08003 connection does not exist, 08006 connection failure).
const CLOSED_CONNECTION_CODES = new Set([
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'ECONNRESET',
	'EPIPE',
	'57P01',
	'57P02',
	'08003',
	'08006'
]);

/** Whether an error means the connection itself was gone (see retryingClosedConnections). */
export function isClosedConnection(error: unknown): boolean {
	let current: unknown = error;
	for (let depth = 0; current && depth < 5; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && CLOSED_CONNECTION_CODES.has(code)) return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}
