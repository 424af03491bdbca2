import { m } from '$lib/paraglide/messages';

export type Reason = 'not_enough_judges' | 'conflicts' | 'capacity';
export type AutoResult = {
	added: number;
	kept: number;
	balanced: boolean;
	loadMin: number;
	loadMax: number;
	judges: number;
	entries: number;
	bridging: number;
	components: number;
	groups: {
		judges: string[];
		entries: number;
		tracks: { name: string | null; entries: number }[];
	}[];
	shortfalls: {
		entryId: string;
		label: number;
		title: string;
		needed: number;
		assigned: number;
		reason: Reason;
	}[];
};

export const entryName = (label: number, title: string) =>
	m.assign_entry_option({ label, title: title || m.assign_untitled() });
