CREATE TABLE "gallery_facets" (
	"challenge_id" uuid PRIMARY KEY NOT NULL,
	"tracks" jsonb NOT NULL,
	"sdgs" jsonb NOT NULL,
	"countries" jsonb NOT NULL,
	"entries" integer NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gallery_facets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "gallery_facets" ADD CONSTRAINT "gallery_facets_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The one definition of the gallery's facets: the tracks (in gallery order), goals and countries
-- of a challenge's published entries, each with its number of entries, and their total. Called in
-- the transaction that writes gallery_entries, so a visitor reads one row instead of aggregating
-- every published entry per request. Not SECURITY DEFINER: it runs with its caller's rights.
CREATE FUNCTION "public"."refresh_gallery_facets"(p_challenge uuid) RETURNS void
LANGUAGE sql VOLATILE SET search_path = public, pg_temp AS $$
	WITH published AS MATERIALIZED (
		SELECT entry_id, track_slug, track_name, position, sdgs, countries
		FROM gallery_entries WHERE challenge_id = p_challenge
	)
	INSERT INTO gallery_facets (challenge_id, tracks, sdgs, countries, entries, refreshed_at)
	SELECT p_challenge,
		coalesce((SELECT jsonb_agg(jsonb_build_object('slug', t.slug, 'name', t.name, 'entries', t.entries) ORDER BY t.first, t.slug)
			FROM (SELECT track_slug AS slug, (array_agg(track_name ORDER BY position))[1] AS name,
					min(position) AS first, count(DISTINCT entry_id)::int AS entries
				FROM published GROUP BY track_slug) t), '[]'::jsonb),
		coalesce((SELECT jsonb_agg(jsonb_build_object('goal', s.goal, 'entries', s.entries) ORDER BY s.goal)
			FROM (SELECT goal, count(DISTINCT entry_id)::int AS entries
				FROM published, unnest(published.sdgs) AS goal GROUP BY goal) s), '[]'::jsonb),
		coalesce((SELECT jsonb_agg(jsonb_build_object('code', c.code, 'entries', c.entries) ORDER BY c.code)
			FROM (SELECT code, count(DISTINCT entry_id)::int AS entries
				FROM published, unnest(published.countries) AS code GROUP BY code) c), '[]'::jsonb),
		(SELECT count(*)::int FROM published),
		now()
	ON CONFLICT (challenge_id) DO UPDATE SET tracks = excluded.tracks, sdgs = excluded.sdgs,
		countries = excluded.countries, entries = excluded.entries, refreshed_at = excluded.refreshed_at
$$;
--> statement-breakpoint
-- Every existing challenge's facets, from the gallery it has now.
SELECT refresh_gallery_facets(id) FROM challenges;
