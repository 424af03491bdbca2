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
