import { z } from 'zod';
import type { Database } from '$lib/server/db';
import { getRoundHeader } from '$lib/server/services/assignments';
import { notFound } from '$lib/server/not-found';

const roundIdSchema = z.uuid();

/** The round of the page (an unknown round: 404); the route's opener has checked the role. */
export async function requireRound(db: Database, id: string | undefined) {
	const parsed = roundIdSchema.safeParse(id);
	if (!parsed.success) notFound();
	const round = await getRoundHeader(db, parsed.data);
	if (!round) notFound();
	return round;
}
