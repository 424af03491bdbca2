/**
 * Class names of the SDG colour utilities (defined in app.css), written out in full so
 * Tailwind sees them.
 */
const SDG_CLASSES = [
	'sdg-1',
	'sdg-2',
	'sdg-3',
	'sdg-4',
	'sdg-5',
	'sdg-6',
	'sdg-7',
	'sdg-8',
	'sdg-9',
	'sdg-10',
	'sdg-11',
	'sdg-12',
	'sdg-13',
	'sdg-14',
	'sdg-15',
	'sdg-16',
	'sdg-17'
];

export function sdgClass(goal: number): string {
	return SDG_CLASSES[goal - 1] ?? '';
}
