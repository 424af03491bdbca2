import { redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { getRequestEvent } from '$app/server';
import type { SessionUser, ValidSession } from './auth/session';
import { currentChallenge, requireChallenge } from './challenge';
import { getDb, type Database } from './db';
import type { AppRole } from './db/schema';
import { parseForm, runAction, type FormFailure } from './forms';
import { requestContext, type Actor, type RequestContext } from './request';
import type { CurrentChallenge } from './services/challenges';
import { findMembership } from './services/teams';
import { notFound } from './not-found';

/**
 * Who checks what: a route opens every load, action and endpoint with the opener of its audience
 * (signed-in, team member, judge, organizer); the opener checks the role and gives what the rest
 * needs. Services check ownership and state themselves.
 */

type Event = Pick<RequestEvent, 'locals' | 'url'>;

/** Signed-in person or a redirect to sign-in that comes back here afterwards. */
export function requireUser(event: Event = getRequestEvent()): {
	user: SessionUser;
	session: ValidSession;
} {
	const { user, session } = event.locals;
	if (!user || !session) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/sign-in?next=${encodeURIComponent(next)}`);
	}
	return { user, session };
}

/**
 * A signed-in person with the role. Others get 404: the page's existence is not revealed.
 * Call it in every load and every action (layouts do not re-run for actions).
 */
export function requireRole(event: Event, role: AppRole) {
	const signedIn = requireUser(event);
	if (!signedIn.user.roles.includes(role)) notFound();
	return signedIn;
}

export type Opened<Challenge> = {
	user: SessionUser;
	session: ValidSession;
	db: Database;
	challenge: Challenge;
	/** Who acts, with the request's address, agent, origin and locale (audit records, mail). */
	actor: Actor & RequestContext;
	event: RequestEvent;
};

async function open<Challenge>(
	signedIn: { user: SessionUser; session: ValidSession },
	event: RequestEvent,
	challenge: Promise<Challenge>
): Promise<Opened<Challenge>> {
	const [db, found] = await Promise.all([getDb(), challenge]);
	const actor = { actorId: signedIn.user.id, ...requestContext(event) };
	return { ...signedIn, db, challenge: found, actor, event };
}

/** Any signed-in person (account pages); the challenge may not exist. */
export function signedIn(): Promise<Opened<CurrentChallenge | null>> {
	const event = getRequestEvent();
	return open(requireUser(event), event, currentChallenge(event));
}

/**
 * A signed-in person of the running challenge (team pages before a team exists); 404 when
 * there is no challenge.
 */
export function participant(): Promise<Opened<CurrentChallenge>> {
	const event = getRequestEvent();
	return open(requireUser(event), event, requireChallenge());
}

/** The signed-in member's team and the challenge; 404 for people without a team. */
export async function teamMember() {
	const opened = await participant();
	const membership = await findMembership(opened.db, opened.user.id, opened.challenge.id);
	if (!membership) notFound();
	return { ...opened, membership };
}

/** A judge of the running challenge; anyone else gets 404. */
export function judge(): Promise<Opened<CurrentChallenge>> {
	const event = getRequestEvent();
	return open(requireRole(event, 'judge'), event, requireChallenge());
}

/**
 * An organizer and the running challenge; anyone else gets 404. `noChallenge` is the 404's
 * message when there is no challenge (the settings pages say why).
 */
export function organizer(noChallenge?: () => string): Promise<Opened<CurrentChallenge>> {
	const event = getRequestEvent();
	return open(requireRole(event, 'organizer'), event, requireChallenge(noChallenge));
}

/** An organizer, for the pages that also work before a challenge exists. */
export function organizerAnyChallenge(): Promise<Opened<CurrentChallenge | null>> {
	const event = getRequestEvent();
	return open(requireRole(event, 'organizer'), event, currentChallenge(event));
}

/**
 * The one way an action reads a form and calls a service: parses the form with the schema (400
 * with a message per field and the typed values on failure), runs, and turns a ServiceError into
 * a failure on its field, in the shape the pages read (`FormFailure`). A redirect or a
 * `fail(...)` returned by `run` passes through.
 */
export async function formAction<Schema extends z.ZodType, T>(
	schema: Schema,
	formName: string | undefined,
	run: (input: z.output<Schema>, formData: FormData) => Promise<T> | T
): Promise<T | ActionFailure<FormFailure>> {
	const event = getRequestEvent();
	const parsed = await parseForm(event.request, schema, formName);
	if (!parsed.ok) return parsed.failure;
	const result = await runAction(event, parsed.formData, formName, async () =>
		run(parsed.data, parsed.formData)
	);
	return result.ok ? result.value : result.failure;
}

/** A service call of an action that reads its form itself (or has none). */
export async function serviceAction<T>(
	formData: FormData,
	formName: string | undefined,
	run: () => Promise<T> | T
): Promise<T | ActionFailure<FormFailure>> {
	const result = await runAction(getRequestEvent(), formData, formName, async () => run());
	return result.ok ? result.value : result.failure;
}
