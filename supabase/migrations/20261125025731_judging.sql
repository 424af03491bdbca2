CREATE TYPE "public"."conflict_kind" AS ENUM('team', 'organization', 'country');--> statement-breakpoint
CREATE TYPE "public"."conflict_source" AS ENUM('judge', 'system', 'organizer');--> statement-breakpoint
CREATE TYPE "public"."conflict_status" AS ENUM('suggested', 'confirmed', 'dismissed');--> statement-breakpoint
CREATE TYPE "public"."peer_scores" AS ENUM('never', 'after_submit');--> statement-breakpoint
CREATE TYPE "public"."round_state" AS ENUM('draft', 'open', 'closed', 'decided');--> statement-breakpoint
CREATE TYPE "public"."score_status" AS ENUM('draft', 'submitted');--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"judge_id" uuid NOT NULL,
	"assigned_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assignments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "judge_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"judge_id" uuid NOT NULL,
	"kind" "conflict_kind" NOT NULL,
	"team_id" uuid,
	"value" text DEFAULT '' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"source" "conflict_source" NOT NULL,
	"status" "conflict_status" NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "judge_conflicts_target" CHECK (("judge_conflicts"."kind" = 'team' and "judge_conflicts"."team_id" is not null) or ("judge_conflicts"."kind" <> 'team' and char_length("judge_conflicts"."value") between 1 and 200)),
	CONSTRAINT "judge_conflicts_reason_length" CHECK (char_length("judge_conflicts"."reason") <= 1000)
);
--> statement-breakpoint
ALTER TABLE "judge_conflicts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "judge_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"revoked_at" timestamp with time zone,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "judge_invites_email_lower" CHECK ("judge_invites"."email" = lower("judge_invites"."email"))
);
--> statement-breakpoint
ALTER TABLE "judge_invites" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "judge_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"organization" text DEFAULT '' NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"expertise" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "judge_profiles_country" CHECK ("judge_profiles"."country" = '' or "judge_profiles"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "judge_profiles_organization_length" CHECK (char_length("judge_profiles"."organization") <= 200)
);
--> statement-breakpoint
ALTER TABLE "judge_profiles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "round_entries" (
	"round_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"label" integer NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "round_entries_round_id_entry_id_pk" PRIMARY KEY("round_id","entry_id")
);
--> statement-breakpoint
ALTER TABLE "round_entries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	"rubric_id" uuid NOT NULL,
	"state" "round_state" DEFAULT 'draft' NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"judges_per_entry" smallint DEFAULT 3 NOT NULL,
	"blind" boolean DEFAULT true NOT NULL,
	"peer_scores" "peer_scores" DEFAULT 'never' NOT NULL,
	"feedback_released_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rounds_name_length" CHECK (char_length("rounds"."name") between 1 and 80),
	CONSTRAINT "rounds_window" CHECK ("rounds"."opens_at" < "rounds"."closes_at"),
	CONSTRAINT "rounds_judges_per_entry" CHECK ("rounds"."judges_per_entry" between 1 and 20),
	CONSTRAINT "rounds_position_positive" CHECK ("rounds"."position" >= 1)
);
--> statement-breakpoint
ALTER TABLE "rounds" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "rubric_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rubric_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"weight" smallint NOT NULL,
	"scale_min" smallint NOT NULL,
	"scale_max" smallint NOT NULL,
	"descriptors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "rubric_criteria_scale_key" UNIQUE("id","scale_min","scale_max"),
	CONSTRAINT "rubric_criteria_name_length" CHECK (char_length("rubric_criteria"."name") between 1 and 120),
	CONSTRAINT "rubric_criteria_weight" CHECK ("rubric_criteria"."weight" between 1 and 100),
	CONSTRAINT "rubric_criteria_scale" CHECK ("rubric_criteria"."scale_min" >= 0 and "rubric_criteria"."scale_max" > "rubric_criteria"."scale_min" and "rubric_criteria"."scale_max" <= 100)
);
--> statement-breakpoint
ALTER TABLE "rubric_criteria" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "rubrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"locked_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rubrics_name_length" CHECK (char_length("rubrics"."name") between 1 and 120),
	CONSTRAINT "rubrics_version_positive" CHECK ("rubrics"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "rubrics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "score_items" (
	"assignment_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"scale_min" smallint NOT NULL,
	"scale_max" smallint NOT NULL,
	"value" smallint,
	"comment" text DEFAULT '' NOT NULL,
	CONSTRAINT "score_items_assignment_id_criterion_id_pk" PRIMARY KEY("assignment_id","criterion_id"),
	CONSTRAINT "score_items_value_in_scale" CHECK ("score_items"."value" is null or "score_items"."value" between "score_items"."scale_min" and "score_items"."scale_max"),
	CONSTRAINT "score_items_comment_length" CHECK (char_length("score_items"."comment") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "score_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "scores" (
	"assignment_id" uuid PRIMARY KEY NOT NULL,
	"rubric_id" uuid NOT NULL,
	"status" "score_status" DEFAULT 'draft' NOT NULL,
	"overall_comment" text DEFAULT '' NOT NULL,
	"feedback" text DEFAULT '' NOT NULL,
	"private_note" text DEFAULT '' NOT NULL,
	"total_hundredths" integer,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scores_text_lengths" CHECK (char_length("scores"."overall_comment") <= 4000 and char_length("scores"."feedback") <= 4000 and char_length("scores"."private_note") <= 4000),
	CONSTRAINT "scores_submitted" CHECK (("scores"."status" = 'submitted') = ("scores"."submitted_at" is not null)),
	CONSTRAINT "scores_total_range" CHECK ("scores"."total_hundredths" is null or "scores"."total_hundredths" between 0 and 10000)
);
--> statement-breakpoint
ALTER TABLE "scores" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_judge_id_users_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_round_id_entry_id_round_entries_round_id_entry_id_fk" FOREIGN KEY ("round_id","entry_id") REFERENCES "public"."round_entries"("round_id","entry_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_conflicts" ADD CONSTRAINT "judge_conflicts_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_conflicts" ADD CONSTRAINT "judge_conflicts_judge_id_users_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_conflicts" ADD CONSTRAINT "judge_conflicts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_conflicts" ADD CONSTRAINT "judge_conflicts_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_invites" ADD CONSTRAINT "judge_invites_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_invites" ADD CONSTRAINT "judge_invites_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_invites" ADD CONSTRAINT "judge_invites_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_profiles" ADD CONSTRAINT "judge_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_entries" ADD CONSTRAINT "round_entries_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_entries" ADD CONSTRAINT "round_entries_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_entries" ADD CONSTRAINT "round_entries_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_rubric_id_rubrics_id_fk" FOREIGN KEY ("rubric_id") REFERENCES "public"."rubrics"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubric_criteria" ADD CONSTRAINT "rubric_criteria_rubric_id_rubrics_id_fk" FOREIGN KEY ("rubric_id") REFERENCES "public"."rubrics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubrics" ADD CONSTRAINT "rubrics_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubrics" ADD CONSTRAINT "rubrics_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_items" ADD CONSTRAINT "score_items_assignment_id_scores_assignment_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."scores"("assignment_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_items" ADD CONSTRAINT "score_items_criterion_id_scale_min_scale_max_rubric_criteria_id_scale_min_scale_max_fk" FOREIGN KEY ("criterion_id","scale_min","scale_max") REFERENCES "public"."rubric_criteria"("id","scale_min","scale_max") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_rubric_id_rubrics_id_fk" FOREIGN KEY ("rubric_id") REFERENCES "public"."rubrics"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_round_entry_judge_key" ON "assignments" USING btree ("round_id","entry_id","judge_id");--> statement-breakpoint
CREATE INDEX "assignments_judge_idx" ON "assignments" USING btree ("judge_id","round_id");--> statement-breakpoint
CREATE INDEX "assignments_entry_idx" ON "assignments" USING btree ("round_id","entry_id");--> statement-breakpoint
CREATE INDEX "judge_conflicts_judge_idx" ON "judge_conflicts" USING btree ("challenge_id","judge_id");--> statement-breakpoint
CREATE INDEX "judge_conflicts_team_idx" ON "judge_conflicts" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "judge_invites_token_key" ON "judge_invites" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "judge_invites_challenge_idx" ON "judge_invites" USING btree ("challenge_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "round_entries_label_key" ON "round_entries" USING btree ("round_id","label");--> statement-breakpoint
CREATE INDEX "round_entries_entry_idx" ON "round_entries" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rounds_challenge_position_key" ON "rounds" USING btree ("challenge_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "rubric_criteria_position_key" ON "rubric_criteria" USING btree ("rubric_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "rubrics_family_version_key" ON "rubrics" USING btree ("family_id","version");--> statement-breakpoint
CREATE INDEX "rubrics_challenge_idx" ON "rubrics" USING btree ("challenge_id");--> statement-breakpoint
CREATE INDEX "scores_status_idx" ON "scores" USING btree ("status");