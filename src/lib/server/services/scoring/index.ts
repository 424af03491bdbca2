/**
 * Scoring, as judges do it: the dashboard of their rounds, the score page, saving a sheet and
 * the files of an assigned entry. A judge's conflict on an entry lives with conflicts.
 */
export { MAX_CRITERION_COMMENT, MAX_SHEET_TEXT, type ScoreStatusView } from './shared';
export * from './dashboard';
export * from './view';
export * from './save';
export * from './files';
