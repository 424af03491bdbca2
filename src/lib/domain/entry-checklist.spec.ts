import { describe, expect, it } from 'vitest';
import { REQUIRED_QUESTIONS } from './entry-fields';
import { completion, missingAnswers, type EntryAnswers } from './entry-checklist';

const empty: EntryAnswers = {
	countries: [],
	sdgs: [],
	trackId: null,
	stage: null,
	coverFileId: null,
	deckFileId: null,
	title: '',
	tagline: '   '
};

const complete: EntryAnswers = {
	...Object.fromEntries(REQUIRED_QUESTIONS.map((key) => [key, 'answer'])),
	countries: ['KR'],
	sdgs: [11],
	trackId: 'track',
	stage: 'pilot',
	coverFileId: 'cover',
	deckFileId: 'deck'
};

describe('entry checklist', () => {
	it('lists every required question of an empty entry, in form order', () => {
		expect(missingAnswers(empty)).toEqual(REQUIRED_QUESTIONS);
		expect(completion(empty)).toBe(0);
	});
	it('counts blank text as unanswered and optional questions not at all', () => {
		expect(missingAnswers({ ...complete, tagline: '  ' })).toEqual(['tagline']);
		expect(missingAnswers({ ...complete, partner: '', videoUrl: '' })).toEqual([]);
		expect(completion(complete)).toBe(100);
	});
	it('needs a cover, a deck, a country and a goal', () => {
		expect(missingAnswers({ ...complete, coverFileId: null, sdgs: [] })).toEqual(['sdgs', 'cover']);
	});
});
