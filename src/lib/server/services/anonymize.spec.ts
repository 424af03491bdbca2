import { describe, expect, it } from 'vitest';
import {
	addressNamesTeam,
	blindLink,
	createRedactor,
	identityTerms,
	judgeFileName,
	padLabel,
	type TeamIdentity
} from './anonymize';

const identity: TeamIdentity = {
	teamName: 'Green Future',
	members: [
		{ name: 'Kim Minji', email: 'minji.kim@school.example.org' },
		{ name: '이서준', email: 'seojun@example.com' },
		{ name: 'Al', email: 'al@example.com' }
	]
};

describe('identityTerms', () => {
	it('lists names, name parts, emails and local parts, longest first, ignoring tiny parts', () => {
		const terms = identityTerms(identity);
		expect(terms).toContain('green future');
		expect(terms).toContain('kim minji');
		expect(terms).toContain('minji');
		expect(terms).toContain('minji.kim@school.example.org');
		expect(terms).toContain('이서준');
		expect(terms).not.toContain('al');
		expect(terms.indexOf('kim minji')).toBeLessThan(terms.indexOf('minji'));
	});
});

describe('createRedactor', () => {
	const redact = createRedactor(identity);

	it('redacts the team name and members in any case, as whole words', () => {
		expect(redact('We are GREEN   FUTURE, led by kim minji and Minji’s friend.')).toBe(
			'We are [redacted], led by [redacted] and [redacted]’s friend.'
		);
		// Not inside other words.
		expect(redact('Kimchi and evergreen futures')).toBe('Kimchi and evergreen futures');
	});

	it('redacts Korean names with particles attached', () => {
		expect(redact('이서준이 데이터를 모았습니다.')).toBe('[redacted]이 데이터를 모았습니다.');
	});

	it('redacts every email address and reduces web addresses to their host', () => {
		expect(redact('Write to minji.kim@school.example.org or help@city.example.go.kr')).toBe(
			'Write to [redacted] or [redacted]'
		);
		expect(redact('Code: https://github.com/green-future/app. Demo: www.example.org/x')).toBe(
			'Code: [link: github.com]. Demo: [link: example.org]'
		);
	});

	it('leaves text without identity alone', () => {
		expect(redact('A flood warning system for coastal towns.')).toBe(
			'A flood warning system for coastal towns.'
		);
		expect(redact('')).toBe('');
	});
});

describe('blind links', () => {
	it('hides addresses that contain the team or a member, in slug forms', () => {
		for (const address of [
			'https://github.com/green-future',
			'https://github.com/GreenFuture/app',
			'https://green_future.example.org',
			'https://youtube.com/@minjikim',
			'https://example.org/%EC%9D%B4%EC%84%9C%EC%A4%80'
		])
			expect(addressNamesTeam(address, identity), address).toBe(true);
		expect(addressNamesTeam('https://video.example.com/watch?v=abc', identity)).toBe(false);
		// Generic pieces of an address (http-…@, info@) do not hide every link.
		const generic: TeamIdentity = {
			teamName: 'Team 7f3k',
			members: [{ name: 'Fresh Account', email: 'http-1a2b@example.org' }]
		};
		expect(addressNamesTeam('https://riversense.example.org', generic)).toBe(false);
		expect(addressNamesTeam('https://github.com/team-7f3k', generic)).toBe(true);
		expect(identityTerms(generic)).not.toContain('http');
	});

	it('shows other links as their host behind a reveal; empty and invalid ones as such', () => {
		expect(blindLink('https://www.youtube.com/watch?v=abc', identity)).toEqual({
			kind: 'masked',
			host: 'youtube.com',
			href: 'https://www.youtube.com/watch?v=abc'
		});
		expect(blindLink('https://github.com/green-future', identity)).toEqual({ kind: 'hidden' });
		expect(blindLink('  ', identity)).toEqual({ kind: 'empty' });
		expect(blindLink('javascript:alert(1)', identity)).toEqual({ kind: 'invalid' });
	});
});

describe('file names', () => {
	it('are generic and carry only the blind label', () => {
		expect(padLabel(42)).toBe('0042');
		expect(judgeFileName(42, 'cover', 'image/webp')).toBe('entry-0042-cover.webp');
		expect(judgeFileName(7, 'deck', 'application/pdf')).toBe('entry-0007-deck.pdf');
	});
});
