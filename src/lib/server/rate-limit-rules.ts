import { DAY, HOUR, MINUTE } from './clock';
import { getConfig } from './config';
import type { RateLimitRule } from './rate-limit';

const rule = (
	limit: number,
	windowMs: number,
	baseBlockMs: number,
	maxBlockMs = 24 * HOUR
): RateLimitRule => ({ limit, windowMs, baseBlockMs, maxBlockMs });

/**
 * Per-IP limits can be raised (RATE_LIMIT_IP_FACTOR) for deployments where many people share
 * one address, such as a school network behind NAT; per-account limits never change.
 */
function perIp(limit: number, windowMs: number, baseBlockMs: number): RateLimitRule {
	return rule(Math.round(limit * getConfig().rateLimitIpFactor), windowMs, baseBlockMs);
}

/**
 * The per-address limits, by scope (part of every key of that limit). Requests from an address
 * that one of them blocks are refused before they reach their route (address-limits.ts).
 */
export const ADDRESS_SCOPES = {
	signIn: 'signin:ip',
	signUp: 'signup:ip',
	reset: 'reset:ip',
	verify: 'verify:ip',
	vote: 'vote:ip'
} as const;

export const rateLimitRules = {
	/** Wrong passwords for one account: the 11th in a row is refused. */
	signInAccount: () => rule(10, 15 * MINUTE, 5 * MINUTE),
	signInIp: () => perIp(30, 15 * MINUTE, 5 * MINUTE),
	/**
	 * A classroom behind one school network signs up together (a class of 40, with retries):
	 * the per-address limit only stops a script; per-email limits and the bounded hash queue do
	 * the real work, and each confirmation link still has to be opened from its own inbox.
	 */
	signUpIp: () => perIp(60, HOUR, 15 * MINUTE),
	signUpEmail: () => rule(3, HOUR, HOUR),
	resetIp: () => perIp(10, HOUR, 15 * MINUTE),
	resetEmail: () => rule(3, HOUR, HOUR),
	verifyIp: () => perIp(20, HOUR, 15 * MINUTE),
	verifyAccount: () => rule(5, HOUR, HOUR),
	/** Re-entering the current password in settings. */
	reauthAccount: () => rule(10, 15 * MINUTE, 5 * MINUTE),
	/**
	 * Mail that a person sends to an address they choose: per sender, per team for team
	 * invitations (handing over the lead does not start again) and per address, whoever sends,
	 * so that many accounts together cannot fill one inbox.
	 */
	teamInviteSender: () => rule(30, DAY, HOUR, DAY),
	teamInviteTeam: () => rule(30, DAY, HOUR, DAY),
	teamInviteRecipient: () => rule(3, DAY, DAY, DAY),
	consentSender: () => rule(5, DAY, HOUR, DAY),
	consentRecipient: () => rule(5, DAY, DAY, DAY),
	/** Organizers inviting judges: a whole panel in a day, but not a mailing list. */
	judgeInviteSender: () => rule(100, DAY, HOUR, DAY),
	judgeInviteRecipient: () => rule(3, DAY, DAY, DAY)
};
