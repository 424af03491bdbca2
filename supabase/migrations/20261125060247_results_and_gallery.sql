CREATE TYPE "public"."decision_kind" AS ENUM('advance', 'shortlist', 'not_selected');--> statement-breakpoint
CREATE TABLE "entry_decisions" (
	"round_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"decision" "decision_kind" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entry_decisions_round_id_entry_id_pk" PRIMARY KEY("round_id","entry_id"),
	CONSTRAINT "entry_decisions_note_length" CHECK (char_length("entry_decisions"."note") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "entry_decisions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "gallery_entries" (
	"entry_id" uuid PRIMARY KEY NOT NULL,
	"challenge_id" uuid NOT NULL,
	"publication_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"tagline" text DEFAULT '' NOT NULL,
	"track_id" uuid NOT NULL,
	"track_slug" text NOT NULL,
	"track_name" jsonb NOT NULL,
	"sdgs" smallint[] DEFAULT '{}'::smallint[] NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"problem" text DEFAULT '' NOT NULL,
	"solution" text DEFAULT '' NOT NULL,
	"ai_approach" text DEFAULT '' NOT NULL,
	"responsible_ai" jsonb NOT NULL,
	"impact" text DEFAULT '' NOT NULL,
	"video_url" text DEFAULT '' NOT NULL,
	"prototype_url" text DEFAULT '' NOT NULL,
	"repository_url" text DEFAULT '' NOT NULL,
	"team_name" text NOT NULL,
	"member_names" text[] DEFAULT '{}'::text[] NOT NULL,
	"cover_file_id" uuid,
	"cover_width" integer,
	"cover_height" integer,
	"cover_widths" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(team_name, '')), 'A') || setweight(to_tsvector('simple'::regconfig, coalesce(tagline, '')), 'B') || setweight(to_tsvector('simple'::regconfig, coalesce(problem, '') || ' ' || coalesce(solution, '') || ' ' || coalesce(ai_approach, '') || ' ' || coalesce(impact, '')), 'C')) STORED NOT NULL,
	CONSTRAINT "gallery_entries_entry_track_key" UNIQUE("entry_id","track_id"),
	CONSTRAINT "gallery_entries_slug_format" CHECK ("gallery_entries"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
ALTER TABLE "gallery_entries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "peoples_choice_votes" (
	"challenge_id" uuid NOT NULL,
	"track_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"voted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "peoples_choice_votes_challenge_id_track_id_user_id_pk" PRIMARY KEY("challenge_id","track_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "peoples_choice_votes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "published_results" (
	"publication_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"decision" "decision_kind" NOT NULL,
	"rank" integer,
	"raw_mean_hundredths" integer,
	"normalized_hundredths" integer,
	"reviews" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "published_results_publication_id_entry_id_pk" PRIMARY KEY("publication_id","entry_id")
);
--> statement-breakpoint
ALTER TABLE "published_results" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "result_publications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"score_basis" text DEFAULT 'normalized' NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone,
	CONSTRAINT "result_publications_version_positive" CHECK ("result_publications"."version" >= 1),
	CONSTRAINT "result_publications_reason_length" CHECK (char_length("result_publications"."reason") <= 2000),
	CONSTRAINT "result_publications_basis" CHECK ("result_publications"."score_basis" in ('raw', 'normalized'))
);
--> statement-breakpoint
ALTER TABLE "result_publications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "peoples_choice_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "voting_closes_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "entry_decisions" ADD CONSTRAINT "entry_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_decisions" ADD CONSTRAINT "entry_decisions_round_id_entry_id_round_entries_round_id_entry_id_fk" FOREIGN KEY ("round_id","entry_id") REFERENCES "public"."round_entries"("round_id","entry_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_entries" ADD CONSTRAINT "gallery_entries_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_entries" ADD CONSTRAINT "gallery_entries_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_entries" ADD CONSTRAINT "gallery_entries_publication_id_result_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."result_publications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_entries" ADD CONSTRAINT "gallery_entries_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_entries" ADD CONSTRAINT "gallery_entries_cover_file_id_files_id_fk" FOREIGN KEY ("cover_file_id") REFERENCES "public"."files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peoples_choice_votes" ADD CONSTRAINT "peoples_choice_votes_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peoples_choice_votes" ADD CONSTRAINT "peoples_choice_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peoples_choice_votes" ADD CONSTRAINT "peoples_choice_votes_entry_id_track_id_gallery_entries_entry_id_track_id_fk" FOREIGN KEY ("entry_id","track_id") REFERENCES "public"."gallery_entries"("entry_id","track_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_results" ADD CONSTRAINT "published_results_publication_id_result_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."result_publications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_results" ADD CONSTRAINT "published_results_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_results" ADD CONSTRAINT "published_results_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_publications" ADD CONSTRAINT "result_publications_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_publications" ADD CONSTRAINT "result_publications_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entry_decisions_entry_idx" ON "entry_decisions" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "gallery_entries_slug_key" ON "gallery_entries" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "gallery_entries_order_idx" ON "gallery_entries" USING btree ("challenge_id","position","slug");--> statement-breakpoint
CREATE INDEX "gallery_entries_track_idx" ON "gallery_entries" USING btree ("challenge_id","track_slug","position");--> statement-breakpoint
CREATE INDEX "gallery_entries_sdgs_idx" ON "gallery_entries" USING gin ("sdgs");--> statement-breakpoint
CREATE INDEX "gallery_entries_countries_idx" ON "gallery_entries" USING gin ("countries");--> statement-breakpoint
CREATE INDEX "gallery_entries_search_idx" ON "gallery_entries" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "peoples_choice_votes_entry_idx" ON "peoples_choice_votes" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "published_results_entry_idx" ON "published_results" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "result_publications_version_key" ON "result_publications" USING btree ("challenge_id","version");