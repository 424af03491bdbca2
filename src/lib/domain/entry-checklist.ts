import { REQUIRED_QUESTIONS, type QuestionKey } from './entry-fields';

/** The parts of an entry that decide completeness (what the entries table holds). */
export type EntryAnswers = Record<string, unknown> & {
	countries: string[];
	sdgs: number[];
	trackId: string | null;
	stage: string | null;
	coverFileId: string | null;
	deckFileId: string | null;
};

function answered(entry: EntryAnswers, key: QuestionKey): boolean {
	switch (key) {
		case 'countries':
			return entry.countries.length > 0;
		case 'sdgs':
			return entry.sdgs.length > 0;
		case 'cover':
			return entry.coverFileId !== null;
		case 'deck':
			return entry.deckFileId !== null;
		default: {
			const value = entry[key];
			return typeof value === 'string'
				? value.trim() !== ''
				: value !== null && value !== undefined;
		}
	}
}

/** Required questions still unanswered, in form order. */
export function missingAnswers(entry: EntryAnswers): QuestionKey[] {
	return REQUIRED_QUESTIONS.filter((key) => !answered(entry, key));
}

/** Share of required questions answered, 0–100. */
export function completion(entry: EntryAnswers): number {
	const total = REQUIRED_QUESTIONS.length;
	return Math.round(((total - missingAnswers(entry).length) / total) * 100);
}
