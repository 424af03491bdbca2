/** Organizer-provided text in each UI language; English is required and is the fallback. */
export type LocalizedText = { en: string; ko?: string };

export function localize(text: LocalizedText | null | undefined, locale: string): string {
	if (!text) return '';
	const value = (text as Record<string, string | undefined>)[locale];
	return value && value.trim() !== '' ? value : text.en;
}
