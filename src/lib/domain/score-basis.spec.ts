import { describe, expect, it } from 'vitest';
import { asPublishedBasis, asScoreBasis, publicationBasis, scaleSide } from './score-basis';

describe('score bases', () => {
	it('reads a stored basis, the adjusted score by default', () => {
		expect(asScoreBasis('raw')).toBe('raw');
		expect(asScoreBasis('adjusted')).toBe('adjusted');
		expect(asScoreBasis('normalized')).toBe('adjusted');
		expect(asPublishedBasis('normalized')).toBe('normalized');
		expect(asPublishedBasis('mixed')).toBe('mixed');
	});

	it("a publication's basis is its rounds' shared choice, or mixed", () => {
		expect(publicationBasis(['raw', 'raw'])).toBe('raw');
		expect(publicationBasis(['adjusted'])).toBe('adjusted');
		expect(publicationBasis(['adjusted', 'raw'])).toBe('mixed');
		expect(publicationBasis([])).toBe('adjusted');
	});

	it('says on which side of the 0–100 scale a score lies, never clamping it', () => {
		expect(scaleSide(100)).toBeNull();
		expect(scaleSide(100.01)).toBe('above');
		expect(scaleSide(0)).toBeNull();
		expect(scaleSide(-0.5)).toBe('below');
		expect(scaleSide(null)).toBeNull();
	});
});
