import { sql } from 'drizzle-orm';
import {
	bigserial,
	boolean,
	check,
	customType,
	foreignKey,
	date,
	index,
	integer,
	jsonb,
	numeric,
	pgEnum,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp,
	unique,
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
		/**
		 * Set on the anonymous stand-in that keeps a deleted judge's submitted reviews (see
		 * deleteAccount): no personal data, no way to sign in, listed nowhere as an account.
		 */
		deletedAt: timestamp('deleted_at', { withTimezone: true }),
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
		/** People's choice: signed-in, verified users vote for one published entry per track. */
		peoplesChoiceEnabled: boolean('peoples_choice_enabled').notNull().default(false),
		/** Votes are accepted until then and shown only after it. */
		votingClosesAt: timestamp('voting_closes_at', { withTimezone: true }),
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

// ---------------------------------------------------------------------------------------------
// Judging: rubrics, rounds, judges, conflicts, assignments and scores.

export const roundState = pgEnum('round_state', ['draft', 'open', 'closed', 'decided']);
/** When a judge may see the other judges' scores on the same entry. */
export const peerScores = pgEnum('peer_scores', ['never', 'after_submit']);
export const conflictKind = pgEnum('conflict_kind', ['team', 'organization', 'country']);
/** Declared by the judge (confirmed at once), flagged by the system (suggested), or decided. */
export const conflictStatus = pgEnum('conflict_status', ['suggested', 'confirmed', 'dismissed']);
export const conflictSource = pgEnum('conflict_source', ['judge', 'system', 'organizer']);
export const scoreStatus = pgEnum('score_status', ['draft', 'submitted']);

/** A descriptor for one scale point (from = to) or a band of points. */
export type ScaleDescriptor = { from: number; to: number; text: string };

/**
 * A rubric version. Versions of one rubric share `familyId`; a version is locked as soon as any
 * score uses it, and editing a locked rubric creates the next version.
 */
export const rubrics = pgTable(
	'rubrics',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		challengeId: uuid('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		familyId: uuid('family_id').notNull(),
		version: integer('version').notNull().default(1),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		lockedAt: timestamp('locked_at', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		...timestamps
	},
	(table) => [
		uniqueIndex('rubrics_family_version_key').on(table.familyId, table.version),
		index('rubrics_challenge_idx').on(table.challengeId),
		check('rubrics_name_length', sql`char_length(${table.name}) between 1 and 120`),
		check('rubrics_version_positive', sql`${table.version} >= 1`)
	]
).enableRLS();

export const rubricCriteria = pgTable(
	'rubric_criteria',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		rubricId: uuid('rubric_id')
			.notNull()
			.references(() => rubrics.id, { onDelete: 'cascade' }),
		position: smallint('position').notNull(),
		name: text('name').notNull(),
		guidance: text('guidance').notNull().default(''),
		/** Relative weight; shown as a percentage of the rubric's total. */
		weight: smallint('weight').notNull(),
		scaleMin: smallint('scale_min').notNull(),
		scaleMax: smallint('scale_max').notNull(),
		descriptors: jsonb('descriptors').$type<ScaleDescriptor[]>().notNull().default([])
	},
	(table) => [
		uniqueIndex('rubric_criteria_position_key').on(table.rubricId, table.position),
		// Target of score items' composite key, so the database checks each value's scale.
		unique('rubric_criteria_scale_key').on(table.id, table.scaleMin, table.scaleMax),
		check('rubric_criteria_name_length', sql`char_length(${table.name}) between 1 and 120`),
		check('rubric_criteria_weight', sql`${table.weight} between 1 and 100`),
		check(
			'rubric_criteria_scale',
			sql`${table.scaleMin} >= 0 and ${table.scaleMax} > ${table.scaleMin} and ${table.scaleMax} <= 100`
		)
	]
).enableRLS();

export const rounds = pgTable(
	'rounds',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		challengeId: uuid('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		/** 1 for the first round (entries join it when submitted), 2 for the next… */
		position: smallint('position').notNull(),
		name: text('name').notNull(),
		rubricId: uuid('rubric_id')
			.notNull()
			.references(() => rubrics.id, { onDelete: 'restrict' }),
		state: roundState('state').notNull().default('draft'),
		opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
		closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
		judgesPerEntry: smallint('judges_per_entry').notNull().default(3),
		/** Team identity hidden from judges. */
		blind: boolean('blind').notNull().default(true),
		peerScores: peerScores('peer_scores').notNull().default('never'),
		feedbackReleasedAt: timestamp('feedback_released_at', { withTimezone: true }),
		openedAt: timestamp('opened_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		/**
		 * The score that sorts and decides in this round (the default sort, "top N of each track",
		 * publication): 'adjusted' (judge effects removed, the default) or 'raw' (the plain mean).
		 * Who chose it last and when (null while nobody changed the default); every change is in
		 * the audit log too.
		 */
		scoreBasis: text('score_basis').notNull().default('adjusted'),
		scoreBasisChosenBy: uuid('score_basis_chosen_by').references(() => users.id, {
			onDelete: 'set null'
		}),
		scoreBasisChosenAt: timestamp('score_basis_chosen_at', { withTimezone: true }),
		...timestamps
	},
	(table) => [
		uniqueIndex('rounds_challenge_position_key').on(table.challengeId, table.position),
		check('rounds_score_basis', sql`${table.scoreBasis} in ('raw', 'adjusted')`),
		check('rounds_name_length', sql`char_length(${table.name}) between 1 and 80`),
		check('rounds_window', sql`${table.opensAt} < ${table.closesAt}`),
		check('rounds_judges_per_entry', sql`${table.judgesPerEntry} between 1 and 20`),
		check('rounds_position_positive', sql`${table.position} >= 1`)
	]
).enableRLS();

/** Entries taking part in a round (round 1: every submitted entry; later: those advanced). */
export const roundEntries = pgTable(
	'round_entries',
	{
		roundId: uuid('round_id')
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		entryId: uuid('entry_id')
			.notNull()
			.references(() => entries.id, { onDelete: 'cascade' }),
		/** Stable, meaningless label shown to judges in blind rounds (e.g. "Entry 0042"). */
		label: integer('label').notNull(),
		addedBy: uuid('added_by').references(() => users.id, { onDelete: 'set null' }),
		addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
		/**
		 * The submitted version judges see in this round (entry_versions.number), kept by database
		 * triggers (the frozen_versions migration): the newest version when the entry joins the
		 * round, and a newer one only while the round is still a draft. Once a round opens, what
		 * its judges read never changes, whatever the team submits later.
		 */
		versionNumber: integer('version_number'),
		/**
		 * Kept by database triggers (see the review_tallies migration), never written by the app:
		 * the judges assigned to the entry in the round, by id, and beside each the total of their
		 * submitted score sheet in hundredths (null while not submitted). The leaderboard reads these
		 * instead of joining thousands of assignments and sheets.
		 */
		assignedJudges: uuid('assigned_judges')
			.array()
			.notNull()
			.default(sql`'{}'::uuid[]`),
		reviewTotals: integer('review_totals')
			.array()
			.notNull()
			.default(sql`'{}'::integer[]`)
	},
	(table) => [
		primaryKey({ columns: [table.roundId, table.entryId] }),
		uniqueIndex('round_entries_label_key').on(table.roundId, table.label),
		index('round_entries_entry_idx').on(table.entryId)
	]
).enableRLS();

/**
 * Per (round, criterion, entry): the values of the criterion in the entry's submitted score sheets
 * (count m, sum s, sum of squares q, and the values themselves), for entries in competition (in
 * the round and not withdrawn). Kept by database triggers in the scoring transaction; read by
 * nobody but the triggers, which subtract a unit's old contribution from the round's tallies
 * below before adding the new one.
 */
export const criterionUnitTallies = pgTable(
	'criterion_unit_tallies',
	{
		roundId: uuid('round_id')
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		criterionId: uuid('criterion_id').notNull(),
		entryId: uuid('entry_id')
			.notNull()
			.references(() => entries.id, { onDelete: 'cascade' }),
		m: integer('m').notNull(),
		s: integer('s').notNull(),
		q: integer('q').notNull(),
		values: smallint('values').array().notNull()
	},
	// (round, entry) first: the triggers replace an entry's units by that prefix.
	(table) => [primaryKey({ columns: [table.roundId, table.entryId, table.criterionId] })]
).enableRLS();

/**
 * Per (round, criterion): the sums Krippendorff's alpha needs over the entries with two or more
 * values (n = Σm, s = Σs, q = Σq, within = Σ (m·q − s²)/(m − 1), exact in numeric so that adding
 * and later subtracting a unit cancels exactly). Kept by database triggers.
 */
export const criterionRoundTallies = pgTable(
	'criterion_round_tallies',
	{
		roundId: uuid('round_id')
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		criterionId: uuid('criterion_id').notNull(),
		n: integer('n').notNull(),
		s: integer('s').notNull(),
		q: integer('q').notNull(),
		within: numeric('within').notNull()
	},
	(table) => [primaryKey({ columns: [table.roundId, table.criterionId] })]
).enableRLS();

/** Per (round, criterion, value): how many submitted sheets of entries in competition gave it. */
export const criterionValueTallies = pgTable(
	'criterion_value_tallies',
	{
		roundId: uuid('round_id')
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		criterionId: uuid('criterion_id').notNull(),
		value: smallint('value').notNull(),
		count: integer('count').notNull()
	},
	(table) => [primaryKey({ columns: [table.roundId, table.criterionId, table.value] })]
).enableRLS();

export const judgeProfiles = pgTable(
	'judge_profiles',
	{
		userId: uuid('user_id')
			.primaryKey()
			.references(() => users.id, { onDelete: 'cascade' }),
		organization: text('organization').notNull().default(''),
		/** ISO 3166-1 alpha-2, or empty. */
		country: text('country').notNull().default(''),
		/** Track ids the judge knows well. */
		expertise: uuid('expertise')
			.array()
			.notNull()
			.default(sql`'{}'::uuid[]`),
		bio: text('bio').notNull().default(''),
		...timestamps
	},
	(table) => [
		check('judge_profiles_country', sql`${table.country} = '' or ${table.country} ~ '^[A-Z]{2}$'`),
		check('judge_profiles_organization_length', sql`char_length(${table.organization}) <= 200`)
	]
).enableRLS();

export const judgeInvites = pgTable(
	'judge_invites',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		challengeId: uuid('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		email: text('email').notNull(),
		// SHA-256 of the token in the link.
		tokenHash: text('token_hash').notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }),
		acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		uniqueIndex('judge_invites_token_key').on(table.tokenHash),
		index('judge_invites_challenge_idx').on(table.challengeId, table.createdAt),
		check('judge_invites_email_lower', sql`${table.email} = lower(${table.email})`)
	]
).enableRLS();

/**
 * A judge's conflict of interest. `team` names a team; `organization` and `country` name a
 * relation that the services resolve to teams (partner organization, members' countries,
 * countries of implementation). Only confirmed conflicts block assignment.
 */
export const judgeConflicts = pgTable(
	'judge_conflicts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		challengeId: uuid('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		judgeId: uuid('judge_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: conflictKind('kind').notNull(),
		teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
		/** Organization name or country code, for those kinds. */
		value: text('value').notNull().default(''),
		reason: text('reason').notNull().default(''),
		source: conflictSource('source').notNull(),
		status: conflictStatus('status').notNull(),
		decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		index('judge_conflicts_judge_idx').on(table.challengeId, table.judgeId),
		index('judge_conflicts_team_idx').on(table.teamId),
		check(
			'judge_conflicts_target',
			sql`(${table.kind} = 'team' and ${table.teamId} is not null) or (${table.kind} <> 'team' and char_length(${table.value}) between 1 and 200)`
		),
		check('judge_conflicts_reason_length', sql`char_length(${table.reason}) <= 1000`)
	]
).enableRLS();

export const assignments = pgTable(
	'assignments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		roundId: uuid('round_id')
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		entryId: uuid('entry_id')
			.notNull()
			.references(() => entries.id, { onDelete: 'cascade' }),
		judgeId: uuid('judge_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** null: by the automatic assignment. */
		assignedBy: uuid('assigned_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/**
		 * Set while a confirmed conflict (or the judge's membership of the entry's team) blocks the
		 * pair, by database triggers on every table a conflict depends on (the frozen_versions
		 * migration); cleared when it no longer does. A suspended assignment is invisible to its
		 * judge and its review counts in no figure; its sheet is kept.
		 */
		suspendedAt: timestamp('suspended_at', { withTimezone: true })
	},
	(table) => [
		uniqueIndex('assignments_round_entry_judge_key').on(
			table.roundId,
			table.entryId,
			table.judgeId
		),
		index('assignments_judge_idx').on(table.judgeId, table.roundId),
		index('assignments_entry_idx').on(table.roundId, table.entryId),
		index('assignments_suspended_idx')
			.on(table.roundId, table.entryId)
			.where(sql`${table.suspendedAt} is not null`),
		foreignKey({
			columns: [table.roundId, table.entryId],
			foreignColumns: [roundEntries.roundId, roundEntries.entryId]
		}).onDelete('cascade')
	]
).enableRLS();

/** One judge's score sheet for one assignment. */
export const scores = pgTable(
	'scores',
	{
		assignmentId: uuid('assignment_id')
			.primaryKey()
			.references(() => assignments.id, { onDelete: 'cascade' }),
		/** The rubric version scored (locked from the first save). */
		rubricId: uuid('rubric_id')
			.notNull()
			.references(() => rubrics.id, { onDelete: 'restrict' }),
		status: scoreStatus('status').notNull().default('draft'),
		overallComment: text('overall_comment').notNull().default(''),
		/** Shown to the team when the round's feedback is released. */
		feedback: text('feedback').notNull().default(''),
		/** For the organizers only. */
		privateNote: text('private_note').notNull().default(''),
		/** Weighted total on a 0–100 scale, computed when submitted. */
		totalHundredths: integer('total_hundredths'),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		...timestamps
	},
	(table) => [
		index('scores_status_idx').on(table.status),
		check(
			'scores_text_lengths',
			sql`char_length(${table.overallComment}) <= 4000 and char_length(${table.feedback}) <= 4000 and char_length(${table.privateNote}) <= 4000`
		),
		check(
			'scores_submitted',
			sql`(${table.status} = 'submitted') = (${table.submittedAt} is not null)`
		),
		check(
			'scores_total_range',
			sql`${table.totalHundredths} is null or ${table.totalHundredths} between 0 and 10000`
		)
	]
).enableRLS();

export const scoreItems = pgTable(
	'score_items',
	{
		assignmentId: uuid('assignment_id')
			.notNull()
			.references(() => scores.assignmentId, { onDelete: 'cascade' }),
		criterionId: uuid('criterion_id').notNull(),
		/** Copied from the criterion through the composite key below, so CHECK can bound the value. */
		scaleMin: smallint('scale_min').notNull(),
		scaleMax: smallint('scale_max').notNull(),
		value: smallint('value'),
		comment: text('comment').notNull().default('')
	},
	(table) => [
		primaryKey({ columns: [table.assignmentId, table.criterionId] }),
		foreignKey({
			columns: [table.criterionId, table.scaleMin, table.scaleMax],
			foreignColumns: [rubricCriteria.id, rubricCriteria.scaleMin, rubricCriteria.scaleMax]
		}).onDelete('cascade'),
		check(
			'score_items_value_in_scale',
			sql`${table.value} is null or ${table.value} between ${table.scaleMin} and ${table.scaleMax}`
		),
		check('score_items_comment_length', sql`char_length(${table.comment}) <= 2000`)
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

// ---------------------------------------------------------------------------------------------
// Results: decisions, frozen publications, the public gallery and people's choice.

export const decisionKind = pgEnum('decision_kind', ['advance', 'shortlist', 'not_selected']);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** An organizer's decision on an entry in a round; every change is also in the audit log. */
export const entryDecisions = pgTable(
	'entry_decisions',
	{
		roundId: uuid('round_id').notNull(),
		entryId: uuid('entry_id').notNull(),
		decision: decisionKind('decision').notNull(),
		note: text('note').notNull().default(''),
		decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
		decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		primaryKey({ columns: [table.roundId, table.entryId] }),
		foreignKey({
			columns: [table.roundId, table.entryId],
			foreignColumns: [roundEntries.roundId, roundEntries.entryId]
		}).onDelete('cascade'),
		index('entry_decisions_entry_idx').on(table.entryId),
		check('entry_decisions_note_length', sql`char_length(${table.note}) <= 2000`)
	]
).enableRLS();

/**
 * A publication of the results: version 1, then each explicit re-publication. What was
 * published is frozen in published_results and gallery_entries; later score changes do not move
 * it until the next publication.
 */
export const resultPublications = pgTable(
	'result_publications',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		challengeId: uuid('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		/** Why it was (re-)published; required from version 2. */
		reason: text('reason').notNull().default(''),
		/**
		 * The score the ranks were computed with: 'raw' or 'adjusted' when every round of the
		 * publication decided by it, 'mixed' when its rounds chose differently (each result says
		 * which). 'normalized' is the earlier per-judge z-score: publications made before the
		 * adjusted score keep that word, because their frozen ranks and scores were computed with
		 * it (see the score_basis_per_round migration).
		 */
		scoreBasis: text('score_basis').notNull().default('adjusted'),
		publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
		publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
		/** When the teams were notified by email (set in the same transaction, via the outbox). */
		notifiedAt: timestamp('notified_at', { withTimezone: true })
	},
	(table) => [
		uniqueIndex('result_publications_version_key').on(table.challengeId, table.version),
		check('result_publications_version_positive', sql`${table.version} >= 1`),
		check('result_publications_reason_length', sql`char_length(${table.reason}) <= 2000`),
		check(
			'result_publications_basis',
			sql`${table.scoreBasis} in ('raw', 'adjusted', 'mixed', 'normalized')`
		)
	]
).enableRLS();

/** The frozen result of every decided entry in a publication. */
export const publishedResults = pgTable(
	'published_results',
	{
		publicationId: uuid('publication_id')
			.notNull()
			.references(() => resultPublications.id, { onDelete: 'cascade' }),
		entryId: uuid('entry_id')
			.notNull()
			.references(() => entries.id, { onDelete: 'cascade' }),
		roundId: uuid('round_id')
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		decision: decisionKind('decision').notNull(),
		/** Rank within the entry's track in that round, by `scoreBasis`. */
		rank: integer('rank'),
		/**
		 * The score the rank was computed with, the round's choice when published ('raw' or
		 * 'adjusted'); null in publications made before rounds chose (their publication's basis).
		 */
		scoreBasis: text('score_basis'),
		rawMeanHundredths: integer('raw_mean_hundredths'),
		/** The adjusted score; may lie outside 0–100 (never clamped). */
		adjustedHundredths: integer('adjusted_hundredths'),
		/** The earlier per-judge z-score, kept as published; never written since. */
		normalizedHundredths: integer('normalized_hundredths'),
		reviews: smallint('reviews').notNull().default(0)
	},
	(table) => [
		primaryKey({ columns: [table.publicationId, table.entryId] }),
		check(
			'published_results_score_basis',
			sql`${table.scoreBasis} is null or ${table.scoreBasis} in ('raw', 'adjusted')`
		),
		index('published_results_entry_idx').on(table.entryId)
	]
).enableRLS();

/**
 * The public gallery: a copy of each published, shortlisted entry holding only what may be
 * shown publicly (no email, no minor's name, no score, no private note). Readable by Supabase's
 * `anon` role only through the `showcase` view.
 */
export const galleryEntries = pgTable(
	'gallery_entries',
	{
		entryId: uuid('entry_id')
			.primaryKey()
			.references(() => entries.id, { onDelete: 'cascade' }),
		challengeId: uuid('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		publicationId: uuid('publication_id')
			.notNull()
			.references(() => resultPublications.id, { onDelete: 'cascade' }),
		slug: text('slug').notNull(),
		/** Gallery order: by track position, then rank. Keyset pagination runs on (position, slug). */
		position: integer('position').notNull(),
		title: text('title').notNull(),
		tagline: text('tagline').notNull().default(''),
		trackId: uuid('track_id')
			.notNull()
			.references(() => tracks.id, { onDelete: 'cascade' }),
		trackSlug: text('track_slug').notNull(),
		trackName: jsonb('track_name').$type<LocalizedText>().notNull(),
		sdgs: smallint('sdgs')
			.array()
			.notNull()
			.default(sql`'{}'::smallint[]`),
		countries: text('countries')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		problem: text('problem').notNull().default(''),
		solution: text('solution').notNull().default(''),
		aiApproach: text('ai_approach').notNull().default(''),
		/** Privacy, fairness, oversight and accessibility safeguards, as the team wrote them. */
		responsibleAi: jsonb('responsible_ai')
			.$type<{ privacy: string; fairness: string; oversight: string; accessibility: string }>()
			.notNull(),
		impact: text('impact').notNull().default(''),
		videoUrl: text('video_url').notNull().default(''),
		prototypeUrl: text('prototype_url').notNull().default(''),
		repositoryUrl: text('repository_url').notNull().default(''),
		teamName: text('team_name').notNull(),
		/** Display names of adult members only; minors are never named. */
		memberNames: text('member_names')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		coverFileId: uuid('cover_file_id').references(() => files.id, { onDelete: 'set null' }),
		coverWidth: integer('cover_width'),
		coverHeight: integer('cover_height'),
		/** Widths available for srcset (the file's resized variants). */
		coverWidths: integer('cover_widths')
			.array()
			.notNull()
			.default(sql`'{}'::integer[]`),
		publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		searchVector: tsvector('search_vector')
			.notNull()
			.generatedAlwaysAs(
				sql`setweight(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(team_name, '')), 'A') || setweight(to_tsvector('simple'::regconfig, coalesce(tagline, '')), 'B') || setweight(to_tsvector('simple'::regconfig, coalesce(problem, '') || ' ' || coalesce(solution, '') || ' ' || coalesce(ai_approach, '') || ' ' || coalesce(impact, '')), 'C')`
			)
	},
	(table) => [
		uniqueIndex('gallery_entries_slug_key').on(table.slug),
		unique('gallery_entries_entry_track_key').on(table.entryId, table.trackId),
		index('gallery_entries_order_idx').on(table.challengeId, table.position, table.slug),
		index('gallery_entries_track_idx').on(table.challengeId, table.trackSlug, table.position),
		index('gallery_entries_sdgs_idx').using('gin', table.sdgs),
		index('gallery_entries_countries_idx').using('gin', table.countries),
		index('gallery_entries_search_idx').using('gin', table.searchVector),
		check('gallery_entries_slug_format', sql`${table.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
	]
).enableRLS();

/**
 * What the gallery's filters offer, with how many published entries each holds, and the total,
 * per challenge. Written with gallery_entries, in the same transaction, by the database function
 * refresh_gallery_facets (services/publication/facets.ts), so a visitor's page reads one row
 * instead of aggregating every published entry on every request.
 */
export const galleryFacets = pgTable('gallery_facets', {
	challengeId: uuid('challenge_id')
		.primaryKey()
		.references(() => challenges.id, { onDelete: 'cascade' }),
	/** In gallery order (the order of their first entry). */
	tracks: jsonb('tracks')
		.$type<{ slug: string; name: LocalizedText; entries: number }[]>()
		.notNull(),
	sdgs: jsonb('sdgs').$type<{ goal: number; entries: number }[]>().notNull(),
	countries: jsonb('countries').$type<{ code: string; entries: number }[]>().notNull(),
	entries: integer('entries').notNull(),
	refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow()
}).enableRLS();

/** People's choice: one vote per account per track, enforced by the primary key. */
export const peoplesChoiceVotes = pgTable(
	'peoples_choice_votes',
	{
		challengeId: uuid('challenge_id')
			.notNull()
			.references(() => challenges.id, { onDelete: 'cascade' }),
		trackId: uuid('track_id').notNull(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		entryId: uuid('entry_id').notNull(),
		votedAt: timestamp('voted_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		primaryKey({ columns: [table.challengeId, table.trackId, table.userId] }),
		// The entry must be in the gallery, in that track.
		foreignKey({
			columns: [table.entryId, table.trackId],
			foreignColumns: [galleryEntries.entryId, galleryEntries.trackId]
		}).onDelete('cascade'),
		index('peoples_choice_votes_entry_idx').on(table.entryId)
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
export type Rubric = typeof rubrics.$inferSelect;
export type RubricCriterion = typeof rubricCriteria.$inferSelect;
export type Round = typeof rounds.$inferSelect;
export type RoundState = (typeof roundState.enumValues)[number];
export type Assignment = typeof assignments.$inferSelect;
export type Score = typeof scores.$inferSelect;
export type JudgeConflict = typeof judgeConflicts.$inferSelect;
export type Decision = (typeof decisionKind.enumValues)[number];
export type GalleryEntry = typeof galleryEntries.$inferSelect;
export type ResultPublication = typeof resultPublications.$inferSelect;
