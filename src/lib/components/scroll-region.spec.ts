import { afterEach, describe, expect, it, vi } from 'vitest';
import { overflows, scrollRegion } from './scroll-region';

/** A stand-in for the box: its widths and attributes, and the observer watching it. */
function fakeBox(scrollWidth: number, clientWidth: number) {
	const attributes = new Map<string, string>();
	const table = {};
	const box = {
		scrollWidth,
		clientWidth,
		children: [table],
		setAttribute: (name: string, value: string) => attributes.set(name, value),
		removeAttribute: (name: string) => attributes.delete(name)
	};
	return { box, table, attributes, element: box as unknown as HTMLElement };
}

const observers: { callback: () => void; observed: unknown[]; disconnected: boolean }[] = [];
vi.stubGlobal(
	'ResizeObserver',
	class {
		record: (typeof observers)[number];
		constructor(callback: () => void) {
			this.record = { callback, observed: [], disconnected: false };
			observers.push(this.record);
		}
		observe(target: unknown) {
			this.record.observed.push(target);
		}
		disconnect() {
			this.record.disconnected = true;
		}
	}
);
afterEach(() => {
	observers.length = 0;
});

describe('overflows', () => {
	it('is true only when the content is wider than the box', () => {
		expect(overflows({ scrollWidth: 801, clientWidth: 800 })).toBe(true);
		expect(overflows({ scrollWidth: 800, clientWidth: 800 })).toBe(false);
	});
});

describe('scrollRegion', () => {
	it('makes an overflowing box a named region with a tab stop', () => {
		const { element, attributes } = fakeBox(900, 390);
		scrollRegion({ label: 'Accounts' })(element);
		expect(Object.fromEntries(attributes)).toEqual({
			role: 'region',
			'aria-label': 'Accounts',
			tabindex: '0'
		});
	});

	it('names the region by another element when asked', () => {
		const { element, attributes } = fakeBox(900, 390);
		scrollRegion({ labelledby: 'offsets-heading' })(element);
		expect(attributes.get('aria-labelledby')).toBe('offsets-heading');
		expect(attributes.has('aria-label')).toBe(false);
	});

	it('leaves a box whose content fits without role, name or tab stop', () => {
		const { element, attributes } = fakeBox(390, 390);
		scrollRegion({ label: 'Accounts' })(element);
		expect(attributes.size).toBe(0);
	});

	it('follows the widths of the box and its content, and stops watching when removed', () => {
		const { box, table, element, attributes } = fakeBox(390, 390);
		const detach = scrollRegion({ label: 'Accounts' })(element);
		const [observer] = observers;
		expect(observer?.observed).toEqual([box, table]);
		box.scrollWidth = 900;
		observer?.callback();
		expect(attributes.get('tabindex')).toBe('0');
		box.clientWidth = 1200;
		observer?.callback();
		expect(attributes.size).toBe(0);
		if (typeof detach === 'function') detach();
		expect(observer?.disconnected).toBe(true);
	});
});
