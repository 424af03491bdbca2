import { HOUR, MINUTE } from './clock';
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

export const rateLimitRules = {
	/** Wrong passwords for one account: the 11th in a row is refused. */
	signInAccount: () => rule(10, 15 * MINUTE, 5 * MINUTE),
	signInIp: () => perIp(30, 15 * MINUTE, 5 * MINUTE),
	signUpIp: () => perIp(10, HOUR, 15 * MINUTE),
	signUpEmail: () => rule(3, HOUR, HOUR),
	resetIp: () => perIp(10, HOUR, 15 * MINUTE),
	resetEmail: () => rule(3, HOUR, HOUR),
	verifyIp: () => perIp(20, HOUR, 15 * MINUTE),
	verifyAccount: () => rule(5, HOUR, HOUR),
	/** Re-entering the current password in settings. */
	reauthAccount: () => rule(10, 15 * MINUTE, 5 * MINUTE)
};
