import type { PageData } from './$types';

/** The page's data for someone in a team (the sections below need one). */
export type TeamData = Exclude<PageData, { team: null }>;

/** What a successful invitation or guardian request returned (the page confirms it). */
export type Sent = { form: string; sentTo: string } | null;
