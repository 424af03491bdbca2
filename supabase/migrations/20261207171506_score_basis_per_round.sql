-- Issue 14: each round chooses the score that sorts and decides it (rounds.score_basis, default
-- 'adjusted': the judge-effect model's score, which replaces the per-judge z-score called
-- 'normalized'), and publications record, per result, which score its rank was computed with.
--
-- Publications made before this migration are NOT rewritten: their ranks and
-- normalized_hundredths were computed with the z-score, so they keep the word 'normalized'
-- (shown as the earlier method) and their numbers. Relabelling them 'adjusted' would claim a
-- method that did not produce them; recomputing them would change published results silently.
-- New publications write 'raw', 'adjusted' or 'mixed' (rounds that chose differently) and the
-- adjusted score in adjusted_hundredths; normalized_hundredths is left null from now on.
ALTER TABLE "result_publications" DROP CONSTRAINT "result_publications_basis";--> statement-breakpoint
ALTER TABLE "result_publications" ALTER COLUMN "score_basis" SET DEFAULT 'adjusted';--> statement-breakpoint
ALTER TABLE "published_results" ADD COLUMN "score_basis" text;--> statement-breakpoint
ALTER TABLE "published_results" ADD COLUMN "adjusted_hundredths" integer;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "score_basis" text DEFAULT 'adjusted' NOT NULL;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "score_basis_chosen_by" uuid;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "score_basis_chosen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_score_basis_chosen_by_users_id_fk" FOREIGN KEY ("score_basis_chosen_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_results" ADD CONSTRAINT "published_results_score_basis" CHECK ("published_results"."score_basis" is null or "published_results"."score_basis" in ('raw', 'adjusted'));--> statement-breakpoint
ALTER TABLE "result_publications" ADD CONSTRAINT "result_publications_basis" CHECK ("result_publications"."score_basis" in ('raw', 'adjusted', 'mixed', 'normalized'));--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_score_basis" CHECK ("rounds"."score_basis" in ('raw', 'adjusted'));