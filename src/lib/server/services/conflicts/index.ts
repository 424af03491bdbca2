/**
 * Conflicts of interest, the whole concept: what judges declare (on their profile or on an
 * entry), what the system suggests and organizers decide, and the rule that blocks a
 * (judge, entry) pair — one name normalization (`conflictName`) for all of them.
 */
export * from './declarations';
export * from './review';
export * from './pairs';
