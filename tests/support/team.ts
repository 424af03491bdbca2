import { expect, type APIRequestContext } from '@playwright/test';
import { BASE_URL, createConfirmedAccount, postForm } from './http';

/** A confirmed account that leads a new team, over HTTP. */
export async function createTeamLead(
	options: { baseURL?: string; name?: string; dateOfBirth?: string } = {}
) {
	const account = await createConfirmedAccount('team lead passphrase', options);
	const teamName = `Team ${Math.random().toString(36).slice(2, 10)}`;
	const created = await postForm(
		account.request,
		'/team?/create',
		{ name: teamName },
		options.baseURL ?? BASE_URL
	);
	expect(created.status()).toBe(303);
	return { ...account, teamName };
}

/** An invitation link created by the lead (single use unless told otherwise). */
export async function inviteLink(
	lead: APIRequestContext,
	uses: 'single' | 'multiple' = 'single',
	baseURL = BASE_URL
): Promise<string> {
	const response = await postForm(lead, '/team?/inviteLink', { uses, days: '7' }, baseURL);
	expect(response.status()).toBe(200);
	const link = /data-testid="invite-link"[^>]*>\s*([^<\s]+)\s*</.exec(await response.text())?.[1];
	expect(link).toBeTruthy();
	return link as string;
}

/** Joins a team through an invitation link, as the signed-in account of `request`. */
export async function joinTeam(request: APIRequestContext, link: string, baseURL = BASE_URL) {
	const token = new URL(link).searchParams.get('token') as string;
	const response = await postForm(request, '/join?/accept', { token }, baseURL);
	expect(response.status()).toBe(303);
}
