import { describe, expect, it } from 'vitest';
import { CHOSEN_TEXT_MAX, chosenText, renderEmail } from './templates';

describe('chosenText', () => {
	it.each([
		['Kim Min-jun', 'Kim Min-jun'],
		['김민준', '김민준'],
		['J. Kim', 'J․ Kim'],
		['evil.example', 'evil․example'],
		['www.evil.example', 'www․evil․example'],
		['http://evil.example/win', 'http:∕∕evil․example∕win'],
		['someone@evil.example', 'someone＠evil․example'],
		['\\\\host\\share', '∖∖host∖share'],
		['evil。example', 'evil․example'],
		['evil．example', 'evil․example'],
		['Team ”. The organizers say: “pay', "Team '․ The organizers say: 'pay"],
		['two\nlines\r\n\tand tabs', 'two lines and tabs'],
		['right-to-left \u202Eelpmaxe.live\u202C', 'right-to-left elpmaxe․live'],
		['zero\u200Bwidth soft\u00ADhyphen', 'zerowidth softhyphen'],
		['  spaced   out  ', 'spaced out']
	])('shows %j as %j', (value, shown) => {
		expect(chosenText(value)).toBe(shown);
	});

	it('bounds the length (in characters, not code units)', () => {
		expect(chosenText('가'.repeat(CHOSEN_TEXT_MAX))).toBe('가'.repeat(CHOSEN_TEXT_MAX));
		const long = chosenText('😀'.repeat(200));
		expect([...long]).toHaveLength(CHOSEN_TEXT_MAX);
		expect(long.endsWith('…')).toBe(true);
		expect([...chosenText('a'.repeat(1000), 20)]).toHaveLength(20);
	});
});

describe('renderEmail', () => {
	it('greets by a name that cannot become a link and escapes everything in the HTML part', () => {
		const mail = renderEmail('en', {
			subject: 'Confirm your email address',
			name: 'Visit <b>http://evil.example</b>',
			paragraphs: ['<script>x</script>'],
			action: { label: 'Confirm', url: 'http://portal.test/verify?token=abc' }
		});
		expect(mail.text.split('\n')[0]).toBe('Hello Visit <b>http:∕∕evil․example<∕b>,');
		expect(mail.html).not.toContain('<b>');
		expect(mail.html).not.toContain('<script>');
		expect(mail.html).not.toContain('evil.example');
		expect(mail.html.match(/<a\b/g)).toHaveLength(1);
	});
});
