import { error, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/guards';
import { getRoundHeader } from '$lib/server/services/assignments';

const roundIdSchema = z.uuid();

/** The organizer and the round of the page (any other person, or an unknown round: 404). */
export async function organizerRound(event: RequestEvent) {
	const { user } = requireRole(event, 'organizer');
	const id = roundIdSchema.safeParse(event.params.id);
	if (!id.success) error(404, { message: m.error_404_title() });
	const db = await getDb();
	const round = await getRoundHeader(db, id.data);
	if (!round) error(404, { message: m.error_404_title() });
	return { user, db, round };
}

/** `?after=` of a keyset-paged table: a positive label, or the first page. */
export function afterLabel(url: URL): number | undefined {
	const value = Number(url.searchParams.get('after'));
	return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
