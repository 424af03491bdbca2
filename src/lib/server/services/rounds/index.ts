/**
 * Judging rounds: draft → open → closed → decided (a closed round may be reopened while its
 * window lasts). Entries join round 1 when submitted (and when round 1 is created or opened,
 * every entry submitted so far and in no round yet); organizers advance entries to the next
 * round. Each entry gets
 * a stable per-round label (1, 2, 3…) that blind rounds show instead of the team.
 */
export * from './reading';
export * from './settings';
export * from './lifecycle';
export * from './membership';
