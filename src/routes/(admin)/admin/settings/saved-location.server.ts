/** Where a settings form goes after saving: back to its page, with a confirmation. */
export function savedLocation(path: string, fields: string[]): string {
	return `${path}?notice=${fields.length > 0 ? 'saved' : 'unchanged'}`;
}
