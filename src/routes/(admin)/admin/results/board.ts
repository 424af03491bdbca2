import type { PageData } from './$types';

/** The page's data when a round is shown (the sections below the view form need one). */
export type Board = Exclude<PageData, { round: null }>;
