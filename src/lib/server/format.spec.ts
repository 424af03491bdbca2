import { describe, expect, it } from 'vitest';
import { displayZones, formatDateTime } from './format';

const deadline = new Date('2026-12-20T14:59:00Z');

describe('formatDateTime', () => {
	it('names the challenge’s zone when the viewer’s is unknown or reads the same', () => {
		expect(formatDateTime(deadline, 'en', displayZones(null, 'Asia/Seoul'))).toBe(
			'20 December 2026 at 23:59 GMT+9'
		);
		// Tokyo is another zone with the same clock: nothing to add.
		expect(formatDateTime(deadline, 'en', displayZones('Asia/Tokyo', 'Asia/Seoul'))).toBe(
			'20 December 2026 at 23:59 GMT+9'
		);
	});

	it('adds the viewer’s own time, named, where it differs', () => {
		expect(formatDateTime(deadline, 'en', displayZones('Europe/Berlin', 'Asia/Seoul'))).toBe(
			'20 December 2026 at 23:59 GMT+9 (20 Dec, 15:59 CET your time)'
		);
		expect(formatDateTime(deadline, 'ko', displayZones('America/New_York', 'Asia/Seoul'))).toBe(
			'2026년 12월 20일 23:59 GMT+9 (내 시간 12월 20일 09:59 GMT-5)'
		);
	});
});
