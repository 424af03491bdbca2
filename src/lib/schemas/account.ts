import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { checkPassword, PASSWORD_MAX_LENGTH } from '$lib/domain/password-policy';
import { isKnownCountry } from '$lib/domain/countries';
import { checkDateOfBirth } from '$lib/domain/age';
import { emailField, requiredText } from './fields';

export const LOCALES = ['en', 'ko'] as const;

/** The password list lives on the server; the schema is built with it. */
export function passwordField(isCommon: (value: string) => boolean) {
	return z
		.string({ error: () => m.error_required() })
		.min(1, { error: () => m.error_required() })
		.superRefine((value, context) => {
			const problem = checkPassword(value, isCommon);
			if (!problem) return;
			const message = {
				too_short: m.error_password_too_short,
				too_long: m.error_password_too_long,
				too_common: m.error_password_too_common,
				control_characters: m.error_password_control
			}[problem]();
			context.addIssue({ code: 'custom', message });
		});
}

/** Entering a current password: only presence and a sane length are checked. */
export const currentPasswordField = z
	.string({ error: () => m.error_required() })
	.min(1, { error: () => m.error_required() })
	.max(PASSWORD_MAX_LENGTH * 4, { error: () => m.error_password_too_long() });

export const countryField = z
	.string({ error: () => m.error_country_unknown() })
	.trim()
	.toUpperCase()
	.refine(isKnownCountry, { error: () => m.error_country_unknown() });

export const localeField = z.enum(LOCALES, { error: () => m.error_locale_unknown() });

export function dateOfBirthField(today: Date, minimumAge: number) {
	return z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.superRefine((value, context) => {
			const problem = checkDateOfBirth(value, today, minimumAge);
			if (!problem) return;
			const message = {
				invalid: () => m.error_date_invalid(),
				future: () => m.error_date_future(),
				too_old: () => m.error_date_too_old(),
				too_young: () => m.error_too_young({ min: minimumAge })
			}[problem]();
			context.addIssue({ code: 'custom', message });
		});
}

/** Minimum age for an account (digital-consent age); challenge eligibility is checked later. */
export const ACCOUNT_MINIMUM_AGE = 13;

export function signUpSchema(today: Date, isCommon: (value: string) => boolean) {
	return z.object({
		name: requiredText(100),
		email: emailField,
		password: passwordField(isCommon),
		country: countryField,
		dateOfBirth: dateOfBirthField(today, ACCOUNT_MINIMUM_AGE)
	});
}

export const signInSchema = z.object({
	email: emailField,
	password: currentPasswordField
});

export const forgotPasswordSchema = z.object({ email: emailField });

export function resetPasswordSchema(isCommon: (value: string) => boolean) {
	return z.object({
		token: z.string().min(1).max(200),
		password: passwordField(isCommon)
	});
}

export function profileSchema(today: Date) {
	return z.object({
		name: requiredText(100),
		country: countryField,
		dateOfBirth: dateOfBirthField(today, ACCOUNT_MINIMUM_AGE),
		locale: localeField
	});
}

export function changePasswordSchema(isCommon: (value: string) => boolean) {
	return z.object({
		currentPassword: currentPasswordField,
		newPassword: passwordField(isCommon)
	});
}

export const changeEmailSchema = z.object({
	newEmail: emailField,
	currentPassword: currentPasswordField
});

export const deleteAccountSchema = z.object({
	currentPassword: currentPasswordField,
	confirmation: z.literal('DELETE', { error: () => m.error_confirmation() })
});

export const tokenSchema = z.object({ token: z.string().min(1).max(200) });
