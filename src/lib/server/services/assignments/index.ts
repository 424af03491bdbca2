/**
 * Judges' assignments to the entries of a round: made by the portal (balanced, expertise and
 * conflicts respected), by hand, and read for the organizer's page.
 */
export * from './automatic';
export * from './manual';
export * from './page';
