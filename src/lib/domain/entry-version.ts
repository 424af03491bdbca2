import {
	ENTRY_STAGES,
	TEXT_QUESTIONS,
	type EntryStage,
	type TextQuestionKey
} from './entry-fields';

/**
 * A submitted version of an entry, as read back from its stored snapshot (entry_versions.content,
 * a JSON copy of the entry's answers at submission). Judges read this, never the live entry, so a
 * team's later edits reach no one until they are submitted, and the gallery is written from it.
 * Stored JSON is read defensively: anything of the wrong type reads as empty.
 */
export type VersionContent = Record<TextQuestionKey, string> & {
	trackId: string | null;
	countries: string[];
	sdgs: number[];
	stage: EntryStage | null;
	coverFileId: string | null;
	deckFileId: string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const textOf = (content: Record<string, unknown>, key: string) =>
	typeof content[key] === 'string' ? (content[key] as string) : '';

const idOf = (content: Record<string, unknown>, key: string) => {
	const value = content[key];
	return typeof value === 'string' && UUID.test(value) ? value : null;
};

export function readVersionContent(content: Record<string, unknown>): VersionContent {
	const texts = Object.fromEntries(
		(Object.keys(TEXT_QUESTIONS) as TextQuestionKey[]).map((key) => [key, textOf(content, key)])
	) as Record<TextQuestionKey, string>;
	const stage = content.stage;
	return {
		...texts,
		trackId: idOf(content, 'trackId'),
		countries: Array.isArray(content.countries)
			? content.countries.filter(
					(code): code is string => typeof code === 'string' && /^[A-Z]{2}$/.test(code)
				)
			: [],
		sdgs: Array.isArray(content.sdgs)
			? content.sdgs.filter(
					(goal): goal is number => Number.isInteger(goal) && goal >= 1 && goal <= 17
				)
			: [],
		stage: ENTRY_STAGES.includes(stage as EntryStage) ? (stage as EntryStage) : null,
		coverFileId: idOf(content, 'coverFileId'),
		deckFileId: idOf(content, 'deckFileId')
	};
}
