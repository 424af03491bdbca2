import { and, eq } from 'drizzle-orm';
import { isMinorOnDeadline } from '$lib/domain/eligibility';
import { localize } from '$lib/domain/localized-text';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../audit';
import { generateToken, hashToken } from '../auth/tokens';
import { addMilliseconds, DAY, now } from '../clock';
import type { Database, Executor } from '../db';
import { challenges, guardianConsents, users, type Challenge } from '../db/schema';
import { ServiceError } from '../errors';
import { enqueueEmail } from '../mail/outbox';
import { teamEmails } from '../mail/team-templates';
import { enforceRateLimits, rateLimitKey } from '../rate-limit';
import { rateLimitRules } from '../rate-limit-rules';
import type { ActorWith, RequestContext } from '../request';

const CONSENT_LINK_LIFETIME = 14 * DAY;

/**
 * A participant under 18 on the deadline names a parent or guardian, who gets a link to give
 * consent. A new request replaces the previous link (and any consent given through it).
 */
export async function requestGuardianConsent(
	db: Database,
	actor: ActorWith<'baseUrl' | 'locale'>,
	input: { challenge: Challenge; guardianName: string; guardianEmail: string }
) {
	const { challenge } = input;
	const userId = actor.actorId;
	if (now().getTime() >= challenge.submissionDeadlineAt.getTime())
		throw new ServiceError(409, m.team_error_deadline_passed());
	await enforceRateLimits(
		db,
		[
			{
				key: rateLimitKey('consent:user', userId),
				rule: rateLimitRules.consentSender()
			}
		],
		{ field: 'guardianEmail' }
	);
	await db.transaction(async (tx) => {
		const [person] = await tx
			.select({ name: users.name, email: users.email, dateOfBirth: users.dateOfBirth })
			.from(users)
			.where(eq(users.id, userId))
			.limit(1);
		if (!person) throw new ServiceError(404, m.error_unknown_user());
		if (!isMinorOnDeadline(person.dateOfBirth, challenge.submissionDeadlineAt))
			throw new ServiceError(400, m.consent_error_not_minor(), 'guardianEmail');
		if (input.guardianEmail === person.email)
			throw new ServiceError(400, m.consent_error_own_email(), 'guardianEmail');
		// Per address, whoever asks: many participants together cannot fill one inbox.
		await enforceRateLimits(
			tx,
			[
				{
					key: rateLimitKey('consent:to', input.guardianEmail),
					rule: rateLimitRules.consentRecipient()
				}
			],
			{ field: 'guardianEmail' }
		);
		const token = generateToken();
		const values = {
			guardianName: input.guardianName,
			guardianEmail: input.guardianEmail,
			tokenHash: hashToken(token),
			requestedAt: now(),
			expiresAt: addMilliseconds(now(), CONSENT_LINK_LIFETIME),
			consentedAt: null,
			signedName: null
		};
		await tx
			.insert(guardianConsents)
			.values({ userId, challengeId: challenge.id, ...values })
			.onConflictDoUpdate({
				target: [guardianConsents.userId, guardianConsents.challengeId],
				set: values
			});
		await enqueueEmail(tx, {
			to: input.guardianEmail,
			template: 'guardian_consent',
			...teamEmails.consentRequest(actor.locale, {
				participant: person.name,
				challenge: localize(challenge.title, actor.locale),
				url: `${actor.baseUrl}/consent?token=${token}`
			})
		});
		await recordAudit(tx, {
			actorId: userId,
			action: 'consent.request',
			entityType: 'user',
			entityId: userId,
			ipAddress: actor.ipAddress
		});
	});
}

async function findByToken(db: Executor, token: string) {
	const [row] = await db
		.select({
			consent: guardianConsents,
			participant: users.name,
			participantEmail: users.email,
			participantLocale: users.locale,
			challengeTitle: challenges.title
		})
		.from(guardianConsents)
		.innerJoin(users, eq(users.id, guardianConsents.userId))
		.innerJoin(challenges, eq(challenges.id, guardianConsents.challengeId))
		.where(eq(guardianConsents.tokenHash, hashToken(token)))
		.limit(1);
	return row ?? null;
}

/** What the guardian's page shows: whose consent is asked, for which challenge. */
export async function previewConsent(db: Executor, token: string, locale: string) {
	const row = await findByToken(db, token);
	if (!row || row.consent.expiresAt.getTime() <= now().getTime()) return { valid: false as const };
	return {
		valid: true as const,
		participant: row.participant,
		guardianName: row.consent.guardianName,
		challenge: localize(row.challengeTitle, locale),
		given: row.consent.consentedAt !== null
	};
}

/**
 * The guardian's consent through the mailed link. The guardian has no account: like every flow
 * before sign-in it takes the request, not an actor (`fn(db, request, input)`).
 */
export async function giveConsent(
	db: Database,
	request: Pick<RequestContext, 'ipAddress'>,
	input: { token: string; signedName: string }
) {
	await db.transaction(async (tx) => {
		const row = await findByToken(tx, input.token);
		if (!row || row.consent.expiresAt.getTime() <= now().getTime())
			throw new ServiceError(400, m.error_token_invalid(), 'signedName');
		if (row.consent.consentedAt) return;
		await tx
			.update(guardianConsents)
			.set({ consentedAt: now(), signedName: input.signedName })
			.where(
				and(
					eq(guardianConsents.id, row.consent.id),
					eq(guardianConsents.tokenHash, hashToken(input.token))
				)
			);
		await recordAudit(tx, {
			actorId: null,
			action: 'consent.give',
			entityType: 'user',
			entityId: row.consent.userId,
			data: { guardianEmail: row.consent.guardianEmail },
			ipAddress: request.ipAddress
		});
		const locale = row.participantLocale === 'ko' ? 'ko' : 'en';
		await enqueueEmail(tx, {
			to: row.participantEmail,
			userId: row.consent.userId,
			template: 'guardian_consent_given',
			...teamEmails.consentGiven(locale, {
				participant: row.participant,
				guardian: row.consent.guardianName
			})
		});
	});
}
