import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Database } from '$lib/server/db';
import { getRoundHeader } from '$lib/server/services/assignments';

const roundIdSchema = z.uuid();

/** The round of the page (an unknown round: 404); the route's opener has checked the role. */
export async function requireRound(db: Database, id: string | undefined) {
	const parsed = roundIdSchema.safeParse(id);
	if (!parsed.success) error(404, { message: m.error_404_title() });
	const round = await getRoundHeader(db, parsed.data);
	if (!round) error(404, { message: m.error_404_title() });
	return round;
}
