-- The published gallery, readable through Supabase's Data API by the `anon` role. The view runs
-- with its owner's rights (it is not security_invoker), so `anon` needs, and gets, no right on
-- gallery_entries itself: only SELECT on these public columns. Nothing else is granted to anon.
CREATE VIEW "public"."showcase" WITH (security_barrier = true) AS
SELECT
	g.slug,
	c.slug AS challenge_slug,
	g.position,
	g.title,
	g.tagline,
	g.track_slug,
	g.track_name,
	g.sdgs,
	g.countries,
	g.problem,
	g.solution,
	g.ai_approach,
	g.responsible_ai,
	g.impact,
	g.video_url,
	g.prototype_url,
	g.repository_url,
	g.team_name,
	g.member_names,
	g.cover_width,
	g.cover_height,
	g.published_at
FROM "public"."gallery_entries" g
JOIN "public"."challenges" c ON c.id = g.challenge_id;
--> statement-breakpoint
REVOKE ALL ON "public"."showcase" FROM PUBLIC;
--> statement-breakpoint
GRANT SELECT ON "public"."showcase" TO anon;
