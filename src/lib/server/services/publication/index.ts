/**
 * Publishing the results. A publication (version 1, then each explicit re-publication, which
 * needs a reason) freezes, in one transaction:
 *  - published_results: the decision of every decided entry of the challenge, with its rank
 *    within its track and its scores in that round;
 *  - gallery_entries: the public copy of every shortlisted entry.
 * Decisions and scores may change afterwards; nothing public moves until the next publication.
 *
 * Which decision counts for an entry decided in several rounds: the one of its latest round (by
 * position), so "advance" in the screening and "shortlist" in the final gives "shortlist".
 * Withdrawn entries are left out.
 *
 * The gallery shows what the team SUBMITTED: the newest entry_versions row (a draft edit made
 * after submission stays private). An entry with no version at all, which only rows made outside
 * the submission flow can be, is shown from its entry row. Only adults are named: 18 or older on
 * the submission deadline (the day the challenge's minor rules are judged by) and so on the day
 * of publication too; a minor's name is never copied, neither into the member list nor into any
 * text of the public copy (gallery-privacy.ts redacts it, and the organizer sees where before
 * publishing).
 */
export * from './overview';
export * from './previews';
export * from './publish';
