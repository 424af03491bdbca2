import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import ko from 'i18n-iso-countries/langs/ko.json' with { type: 'json' };

countries.registerLocale(en);
countries.registerLocale(ko);

const codes = new Set(Object.keys(countries.getAlpha2Codes()));

export function isKnownCountry(code: string): boolean {
	return codes.has(code);
}

export function countryName(code: string, locale: string): string {
	return (
		countries.getName(code, locale, { select: 'official' }) ?? countries.getName(code, 'en') ?? code
	);
}

type CountryOption = { code: string; name: string };
// Sorting 250 names with a collator costs milliseconds, and every form with a country asks for
// the same list: one per language, made once.
const optionsByLocale = new Map<string, readonly CountryOption[]>();

/** All ISO 3166-1 countries, sorted by their name in the given language. */
export function countryOptions(locale: string): readonly CountryOption[] {
	let options = optionsByLocale.get(locale);
	if (!options) {
		const names = countries.getNames(locale, { select: 'official' });
		const collator = new Intl.Collator(locale);
		options = Object.freeze(
			[...codes]
				.map((code) => Object.freeze({ code, name: names[code] ?? countryName(code, 'en') }))
				.sort((a, b) => collator.compare(a.name, b.name))
		);
		optionsByLocale.set(locale, options);
	}
	return options;
}
