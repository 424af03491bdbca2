import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

export type RenderedEmail = { subject: string; text: string; html: string };

const escapeHtml = (value: string) =>
	value.replace(
		/[&<>"']/g,
		(character) =>
			({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] as string
	);

/** One plain layout for every message: greeting, paragraphs, one action link, sign-off. */
export function renderEmail(
	locale: Locale,
	parts: {
		subject: string;
		name: string;
		paragraphs: string[];
		action?: { label: string; url: string };
	}
): RenderedEmail {
	const site = m.site_name({}, { locale });
	const greeting = m.email_greeting({ name: parts.name }, { locale });
	const signoff = m.email_signoff({ site }, { locale });
	const text = [
		greeting,
		'',
		...parts.paragraphs.flatMap((paragraph) => [paragraph, '']),
		...(parts.action ? [`${parts.action.label}: ${parts.action.url}`, ''] : []),
		signoff
	].join('\n');
	const html = `<!doctype html><html lang="${locale}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a2433;max-width:560px">
<p>${escapeHtml(greeting)}</p>
${parts.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
${parts.action ? `<p><a href="${escapeHtml(parts.action.url)}" style="display:inline-block;padding:10px 16px;background:#0b4f8a;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(parts.action.label)}</a></p><p style="font-size:13px;color:#4a5568">${escapeHtml(parts.action.url)}</p>` : ''}
<p>${escapeHtml(signoff)}</p>
</body></html>`;
	return { subject: parts.subject, text, html };
}

export const emails = {
	verifyEmail: (locale: Locale, name: string, url: string) =>
		renderEmail(locale, {
			subject: m.email_verify_subject({}, { locale }),
			name,
			paragraphs: [m.email_verify_body({}, { locale }), m.email_ignore({}, { locale })],
			action: { label: m.email_verify_action({}, { locale }), url }
		}),
	accountExists: (locale: Locale, name: string, url: string) =>
		renderEmail(locale, {
			subject: m.email_exists_subject({}, { locale }),
			name,
			paragraphs: [m.email_exists_body({}, { locale }), m.email_ignore({}, { locale })],
			action: { label: m.email_exists_action({}, { locale }), url }
		}),
	resetPassword: (locale: Locale, name: string, url: string) =>
		renderEmail(locale, {
			subject: m.email_reset_subject({}, { locale }),
			name,
			paragraphs: [m.email_reset_body({}, { locale }), m.email_ignore({}, { locale })],
			action: { label: m.email_reset_action({}, { locale }), url }
		}),
	passwordChanged: (locale: Locale, name: string, url: string) =>
		renderEmail(locale, {
			subject: m.email_password_changed_subject({}, { locale }),
			name,
			paragraphs: [m.email_password_changed_body({}, { locale })],
			action: { label: m.email_reset_action({}, { locale }), url }
		}),
	confirmEmailChange: (locale: Locale, name: string, url: string) =>
		renderEmail(locale, {
			subject: m.email_change_subject({}, { locale }),
			name,
			paragraphs: [m.email_change_body({}, { locale }), m.email_ignore({}, { locale })],
			action: { label: m.email_change_action({}, { locale }), url }
		}),
	emailChangeTaken: (locale: Locale, name: string) =>
		renderEmail(locale, {
			subject: m.email_change_taken_subject({}, { locale }),
			name,
			paragraphs: [m.email_change_taken_body({}, { locale }), m.email_ignore({}, { locale })]
		}),
	emailChangedNotice: (locale: Locale, name: string, newEmail: string) =>
		renderEmail(locale, {
			subject: m.email_changed_notice_subject({}, { locale }),
			name,
			paragraphs: [m.email_changed_notice_body({ email: newEmail }, { locale })]
		})
};
