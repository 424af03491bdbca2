/**
 * What a person typed, ticked or chose before the page's JavaScript took over.
 *
 * Every form is server-rendered and usable at once: a fast typist, a password manager or a slow
 * phone fills it before hydration. Hydration then writes each field's rendered value over the
 * field (Svelte sets the `value` and `checked` properties it rendered when they differ from the
 * element's), which wiped names and emails and dropped first letters. The root layout takes a
 * snapshot as hydration starts (its script runs first, in the same task as the whole hydration)
 * and puts the person's input back once hydration has finished.
 *
 * A field is the person's when it differs from what the server rendered: its value from its
 * `defaultValue`, a box's `checked` from its `defaultChecked`, an option's `selected` from its
 * `defaultSelected`.
 */
type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
type Typed = { field: Field; value?: string; checked?: boolean; selected?: boolean[] };

const UNTYPED = new Set(['hidden', 'file', 'submit', 'button', 'reset', 'image']);

export function snapshotTyped(root: ParentNode): Typed[] {
	const typed: Typed[] = [];
	for (const field of root.querySelectorAll<Field>('input, textarea, select')) {
		if (field instanceof HTMLSelectElement) {
			const options = [...field.options];
			if (options.some((option) => option.selected !== option.defaultSelected))
				typed.push({ field, selected: options.map((option) => option.selected) });
		} else if (field instanceof HTMLInputElement && UNTYPED.has(field.type)) {
			continue;
		} else if (
			field instanceof HTMLInputElement &&
			(field.type === 'checkbox' || field.type === 'radio')
		) {
			if (field.checked !== field.defaultChecked) typed.push({ field, checked: field.checked });
		} else if (field.value !== field.defaultValue) {
			typed.push({ field, value: field.value });
		}
	}
	return typed;
}

/**
 * Puts back what hydration overwrote, and tells the page (an `input` or `change` event, as if the
 * person had done it) so that bound state and character counts follow.
 */
export function restoreTyped(typed: Typed[]) {
	for (const { field, value, checked, selected } of typed) {
		if (!field.isConnected) continue;
		let changed = false;
		if (value !== undefined && field.value !== value) {
			field.value = value;
			changed = true;
		}
		if (checked !== undefined && field instanceof HTMLInputElement && field.checked !== checked) {
			field.checked = checked;
			changed = true;
		}
		if (selected && field instanceof HTMLSelectElement) {
			[...field.options].forEach((option, index) => {
				if (index < selected.length && option.selected !== selected[index]) {
					option.selected = selected[index];
					changed = true;
				}
			});
		}
		if (changed)
			field.dispatchEvent(new Event(value !== undefined ? 'input' : 'change', { bubbles: true }));
	}
}
