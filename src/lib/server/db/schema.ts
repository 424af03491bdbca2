import { sql } from 'drizzle-orm';
import {
	bigserial,
	boolean,
	check,
	date,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import type { LocalizedText } from '$lib/domain/localized-text';

const timestamps = {
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
};

export const appRole = pgEnum('app_role', ['judge', 'organizer']);
export const teamRole = pgEnum('team_role', ['lead', 'member']);
export const entryStatus = pgEnum('entry_status', ['draft', 'submitted', 'withdrawn']);
export const entryStage = pgEnum('entry_stage', ['idea', 'prototype', 'pilot', 'deployed']);
export const fileKind = pgEnum('file_kind', ['cover', 'deck']);
export const tokenPurpose = pgEnum('token_purpose', [
	'verify_email',
	'reset_password',
	'change_email'
]);

export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		// Stored lower-cased and trimmed; unique.
		email: text('email').notNull(),
		emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
		name: text('name').notNull(),
		country: text('country').notNull(),
		dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
		passwordHash: text('password_hash').notNull(),
		locale: text('locale').notNull().default('en'),
		passwordChangedAt: timestamp('password_changed_at', { withTimezone: true })
			.notNull()
			.defaultNow(),
		...timestamps
	},
	(table) => [
		uniqueIndex('users_email_key').on(table.email),
		index('users_created_at_idx').on(table.createdAt, table.id),
		check('users_email_lower', sql`${table.email} = lower(${table.email})`),
		check('users_country_code', sql`${table.country} ~ '^[A-Z]{2}$'`),
		check('users_name_length', sql`char_length(${table.name}) between 1 and 100`)
	]
).enableRLS();

export const userRoles = pgTable(
	'user_roles',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: appRole('role').notNull(),
		grantedBy: uuid('granted_by').references(() => users.id, { onDelete: 'set null' }),
		grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		primaryKey({ columns: [table.userId, table.role] }),
		index('user_roles_role_idx').on(table.role)
	]
).enableRLS();

export const sessions = pgTable(
	'sessions',
	{
		// SHA-256 (hex) of the token in the cookie; the token itself is never stored.
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
		userAgent: text('user_agent'),
		ipAddress: text('ip_address')
	},
	(table) => [
		index('sessions_user_id_idx').on(table.userId),
		index('sessions_expires_at_idx').on(table.expiresAt)
	]
).enableRLS();

export const userTokens = pgTable(
	'user_tokens',
	{
		// SHA-256 (hex) of the token sent by mail; single use.
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		purpose: tokenPurpose('purpose').notNull(),
		email: text('email').notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('user_tokens_user_purpose_idx').on(table.userId, table.purpose)]
).enableRLS();

export const rateLimits = pgTable(
	'rate_limits',
	{
		key: text('key').primaryKey(),
		hits: integer('hits').notNull().default(0),
		windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
		blockedUntil: timestamp('blocked_until', { withTimezone: true }),
		strikes: smallint('strikes').notNull().default(0),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull()
	},
	(table) => [index('rate_limits_updated_at_idx').on(table.updatedAt)]
).enableRLS();

export const emailOutbox = pgTable(
	'email_outbox',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		textBody: text('text_body').notNull(),
		htmlBody: text('html_body').notNull(),
		template: text('template').notNull(),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		lockedUntil: timestamp('locked_until', { withTimezone: true }),
		attempts: integer('attempts').notNull().default(0),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		lastError: text('last_error')
	},
	(table) => [
		index('email_outbox_pending_idx')
			.on(table.nextAttemptAt)
			.where(sql`${table.sentAt} is null`),
		index('email_outbox_created_at_idx').on(table.createdAt)
	]
).enableRLS();

export const challenges = pgTable(
	'challenges',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		slug: text('slug').notNull(),
		title: jsonb('title').$type<LocalizedText>().notNull(),
		theme: jsonb('theme').$type<LocalizedText>().notNull(),
		summary: jsonb('summary').$type<LocalizedText>().notNull(),
		description: jsonb('description').$type<LocalizedText>().notNull(),
		organizerName: jsonb('organizer_name').$type<LocalizedText>().notNull(),
		organizerAbout: jsonb('organizer_about').$type<LocalizedText>().notNull(),
		organizerUrl: text('organizer_url'),
		contactEmail: text('contact_email'),
		eventName: jsonb('event_name').$type<LocalizedText>().notNull(),
		eventLocation: jsonb('event_location').$type<LocalizedText>().notNull(),
		timeZone: text('time_zone').notNull().default('UTC'),
		minAge: smallint('min_age').notNull().default(15),
		maxAge: smallint('max_age').notNull().default(35),
		teamMinSize: smallint('team_min_size').notNull().default(1),
		teamMaxSize: smallint('team_max_size').notNull().default(5),
		submissionsOpenAt: timestamp('submissions_open_at', { withTimezone: true }).notNull(),
		submissionDeadlineAt: timestamp('submission_deadline_at', { withTimezone: true }).notNull(),
		judgingStartsAt: timestamp('judging_starts_at', { withTimezone: true }).notNull(),
		resultsAt: timestamp('results_at', { withTimezone: true }).notNull(),
		eventAt: timestamp('event_at', { withTimezone: true }).notNull(),
		/** Organizer's help text per entry question (keys of ENTRY_FIELDS), overriding defaults. */
		entryHelp: jsonb('entry_help').$type<Record<string, LocalizedText>>().notNull().default({}),
		maxCoverBytes: integer('max_cover_bytes')
			.notNull()
			.default(5 * 1024 * 1024),
		maxDeckBytes: integer('max_deck_bytes')
			.notNull()
			.default(20 * 1024 * 1024),
		teamStorageQuotaBytes: integer('team_storage_quota_bytes')
			.notNull()
			.default(60 * 1024 * 1024),
		isActive: boolean('is_active').notNull().default(true),
		...timestamps
	},
	(table) => [
		uniqueIndex('challenges_slug_key').on(table.slug),
		check(
			'challenges_age_range',
			sql`${table.minAge} between 0 and 120 and ${table.maxAge} >= ${table.minAge}`
		),
		check(
			'challenges_team_size',
			sql`${table.teamMinSize} >= 1 and ${table.teamMaxSize} >= ${table.teamMinSize}`
		),
		check(
			'challenges_upload_limits',
			sql`${table.maxCoverBytes} between 1024 and 52428800 and ${table.maxDeckBytes} between 1024 and 52428800 and ${table.teamStorageQuotaBytes} >= ${table.maxCoverBytes} + ${table.maxDeckBytes}`
		),
		check(
			'challenges_dates_order',
			sql`${table.submissionsOpenAt} < ${table.submissionDeadlineAt} and ${table.submissionDeadlineAt} <= ${table.judgingStartsAt} and ${table.judgingStartsAt} <= ${table.resultsAt}`
		)
	]
).enableRLS();

export const tracks = pgTable(
	'tracks',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		challengeId: uuid('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		slug: text('slug').notNull(),
		name: jsonb('name').$type<LocalizedText>().notNull(),
		description: jsonb('description').$type<LocalizedText>().notNull(),
		position: smallint('position').notNull().default(0)
	},
	(table) => [uniqueIndex('tracks_challenge_slug_key').on(table.challengeId, table.slug)]
).enableRLS();

export const teams = pgTable(
	'teams',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		challengeId: uuid('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		...timestamps
	},
	(table) => [
		uniqueIndex('teams_challenge_name_key').on(table.challengeId, sql`lower(${table.name})`),
		index('teams_created_at_idx').on(table.createdAt, table.id),
		check('teams_name_length', sql`char_length(${table.name}) between 2 and 80`)
	]
).enableRLS();

export const teamMembers = pgTable(
	'team_members',
	{
		teamId: uuid('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		// Repeated from the team so the database enforces one team per person per challenge.
		challengeId: uuid('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: teamRole('role').notNull().default('member'),
		joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		primaryKey({ columns: [table.teamId, table.userId] }),
		uniqueIndex('team_members_one_team_per_challenge').on(table.challengeId, table.userId),
		// Exactly one lead: at most one here, at least one by the services.
		uniqueIndex('team_members_one_lead')
			.on(table.teamId)
			.where(sql`${table.role} = 'lead'`),
		index('team_members_user_idx').on(table.userId)
	]
).enableRLS();

export const teamInvites = pgTable(
	'team_invites',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		teamId: uuid('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		// SHA-256 of the token in the link.
		tokenHash: text('token_hash').notNull(),
		/** Set for an invitation by email: only that address may use it. */
		email: text('email'),
		singleUse: boolean('single_use').notNull().default(true),
		uses: integer('uses').notNull().default(0),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		uniqueIndex('team_invites_token_key').on(table.tokenHash),
		index('team_invites_team_idx').on(table.teamId),
		check(
			'team_invites_uses',
			sql`${table.uses} >= 0 and (not ${table.singleUse} or ${table.uses} <= 1)`
		)
	]
).enableRLS();

export const guardianConsents = pgTable(
	'guardian_consents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		challengeId: uuid('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		guardianName: text('guardian_name').notNull(),
		guardianEmail: text('guardian_email').notNull(),
		tokenHash: text('token_hash').notNull(),
		requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		consentedAt: timestamp('consented_at', { withTimezone: true }),
		/** The name the guardian typed when consenting. */
		signedName: text('signed_name')
	},
	(table) => [
		uniqueIndex('guardian_consents_user_challenge_key').on(table.userId, table.challengeId),
		uniqueIndex('guardian_consents_token_key').on(table.tokenHash)
	]
).enableRLS();

export const files = pgTable(
	'files',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		teamId: uuid('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		kind: fileKind('kind').notNull(),
		/** Generated storage key; never derived from the uploaded name. */
		storageKey: text('storage_key').notNull(),
		contentType: text('content_type').notNull(),
		byteSize: integer('byte_size').notNull(),
		/** Total bytes stored for this file, variants included (counts against the quota). */
		storedBytes: integer('stored_bytes').notNull(),
		/** Resized copies of a cover: width → storage key. */
		variants: jsonb('variants')
			.$type<{ width: number; key: string; bytes: number }[]>()
			.notNull()
			.default([]),
		width: integer('width'),
		height: integer('height'),
		sha256: text('sha256').notNull(),
		uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		uniqueIndex('files_storage_key_key').on(table.storageKey),
		index('files_team_idx').on(table.teamId),
		check('files_sizes', sql`${table.byteSize} > 0 and ${table.storedBytes} >= ${table.byteSize}`)
	]
).enableRLS();

export const entries = pgTable(
	'entries',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		teamId: uuid('team_id')
			.notNull()
			.references(() => teams.id, { onDelete: 'cascade' }),
		challengeId: uuid('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		status: entryStatus('status').notNull().default('draft'),
		/** Bumped by every save; a submitted version records the one it captured. */
		revision: integer('revision').notNull().default(1),
		title: text('title').notNull().default(''),
		tagline: text('tagline').notNull().default(''),
		trackId: uuid('track_id').references(() => tracks.id, { onDelete: 'set null' }),
		countries: text('countries')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		sdgs: smallint('sdgs')
			.array()
			.notNull()
			.default(sql`'{}'::smallint[]`),
		partner: text('partner').notNull().default(''),
		problem: text('problem').notNull().default(''),
		solution: text('solution').notNull().default(''),
		aiApproach: text('ai_approach').notNull().default(''),
		stage: entryStage('stage'),
		privacy: text('privacy').notNull().default(''),
		fairness: text('fairness').notNull().default(''),
		oversight: text('oversight').notNull().default(''),
		accessibility: text('accessibility').notNull().default(''),
		risks: text('risks').notNull().default(''),
		impact: text('impact').notNull().default(''),
		measurement: text('measurement').notNull().default(''),
		feasibility: text('feasibility').notNull().default(''),
		scaling: text('scaling').notNull().default(''),
		videoUrl: text('video_url').notNull().default(''),
		prototypeUrl: text('prototype_url').notNull().default(''),
		repositoryUrl: text('repository_url').notNull().default(''),
		coverFileId: uuid('cover_file_id').references(() => files.id, { onDelete: 'set null' }),
		deckFileId: uuid('deck_file_id').references(() => files.id, { onDelete: 'set null' }),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
		...timestamps
	},
	(table) => [
		uniqueIndex('entries_team_key').on(table.teamId),
		index('entries_challenge_status_idx').on(table.challengeId, table.status),
		index('entries_updated_at_idx').on(table.updatedAt, table.id),
		check(
			'entries_sdgs_range',
			sql`${table.sdgs} <@ array[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]::smallint[]`
		),
		check('entries_revision_positive', sql`${table.revision} >= 1`)
	]
).enableRLS();

/** Every submission, kept: the newest counts. */
export const entryVersions = pgTable(
	'entry_versions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		entryId: uuid('entry_id')
			.notNull()
			.references(() => entries.id, { onDelete: 'cascade' }),
		number: integer('number').notNull(),
		/** The entry revision this version captured. */
		revision: integer('revision').notNull(),
		content: jsonb('content').$type<Record<string, unknown>>().notNull(),
		submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
		submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		uniqueIndex('entry_versions_number_key').on(table.entryId, table.number),
		// The same revision is never submitted twice (a repeated click adds nothing).
		uniqueIndex('entry_versions_revision_key').on(table.entryId, table.revision)
	]
).enableRLS();

export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		action: text('action').notNull(),
		entityType: text('entity_type').notNull(),
		entityId: text('entity_id'),
		data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
		ipAddress: text('ip_address'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		index('audit_log_created_at_idx').on(table.createdAt, table.id),
		index('audit_log_entity_idx').on(table.entityType, table.entityId),
		index('audit_log_actor_idx').on(table.actorId)
	]
).enableRLS();

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Challenge = typeof challenges.$inferSelect;
export type Track = typeof tracks.$inferSelect;
export type AppRole = (typeof appRole.enumValues)[number];
export type Team = typeof teams.$inferSelect;
export type Entry = typeof entries.$inferSelect;
export type EntryStatus = (typeof entryStatus.enumValues)[number];
export type StoredFile = typeof files.$inferSelect;
