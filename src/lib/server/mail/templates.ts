import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

export type RenderedEmail = { subject: string; text: string; html: string };

const escapeHtml = (value: string) =>
	value.replace(
		/[&<>"']/g,
		(character) =>
			({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] as string
	);

/** The most characters of someone's chosen text (a name, a team name, a title) a mail repeats. */
export const CHOSEN_TEXT_MAX = 80;

/**
 * Text a person chose (a name, a team name, an entry title) as a mail may repeat it, when it can
 * reach any address: on one line, without invisible or direction-changing characters, at most
 * `max` characters, with its double quotes made single (so it cannot close the quotes a message
 * puts around it), and with dots, slashes, backslashes and at signs replaced by look-alikes, so
 * that no mail program turns it into a link, an address or a network path.
 */
export function chosenText(value: string, max = CHOSEN_TEXT_MAX): string {
	const line = value
		.replace(/\p{Cf}+/gu, '')
		.replace(/[\s\p{Cc}\p{Z}]+/gu, ' ')
		.trim();
	const characters = [...line];
	const kept = characters.slice(0, max - 1).join('');
	const bounded = characters.length > max ? `${kept.trimEnd()}…` : line;
	return bounded
		.replace(/["“”„‟«»「」『』〝〞＂]/g, "'")
		.replace(/[.\u3002\uFF0E\uFF61]/g, '\u2024')
		.replace(/[/\uFF0F]/g, '\u2215')
		.replace(/[\\\uFF3C]/g, '\u2216')
		.replace(/@/g, '\uFF20');
}

/**
 * One plain layout for every message: greeting, paragraphs, one action link, sign-off. The name
 * in the greeting may have been typed by whoever asked for the mail (a sign-up with someone
 * else's address), so it is shown as chosen text.
 */
export function renderEmail(
	locale: Locale,
	parts: {
		subject: string;
		name: string;
		paragraphs: string[];
		/** Items shown as a list after the first paragraph (e.g. the entries a judge has to score). */
		list?: string[];
		action?: { label: string; url: string };
	}
): RenderedEmail {
	const site = m.site_name({}, { locale });
	const greeting = m.email_greeting({ name: chosenText(parts.name) }, { locale });
	const signoff = m.email_signoff({ site }, { locale });
	const list = parts.list ?? [];
	const text = [
		greeting,
		'',
		...parts.paragraphs.flatMap((paragraph, index) => [
			paragraph,
			'',
			...(index === 0 && list.length > 0 ? [...list.map((item) => `- ${item}`), ''] : [])
		]),
		...(parts.action ? [`${parts.action.label}: ${parts.action.url}`, ''] : []),
		signoff
	].join('\n');
	const listHtml =
		list.length > 0
			? `<ul>${list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
			: '';
	const paragraphsHtml = parts.paragraphs
		.map((paragraph, index) => `<p>${escapeHtml(paragraph)}</p>${index === 0 ? listHtml : ''}`)
		.join('\n');
	const html = `<!doctype html><html lang="${locale}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a2433;max-width:560px">
<p>${escapeHtml(greeting)}</p>
${paragraphsHtml}
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
		}),
	/** To the current address when someone asks to move the account to another one. */
	emailChangeRequested: (locale: Locale, name: string, newEmail: string, resetUrl: string) =>
		renderEmail(locale, {
			subject: m.email_change_requested_subject({}, { locale }),
			name,
			paragraphs: [
				m.email_change_requested_body({ email: newEmail }, { locale }),
				m.email_change_requested_warning({}, { locale })
			],
			action: { label: m.email_change_requested_action({}, { locale }), url: resetUrl }
		})
};
