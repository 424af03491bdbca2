-- One normalization of names for conflicts: an organization a judge typed, a judge's profile
-- organization and an entry's partner compare lower-cased with every space removed. Blocking
-- (conflict_pairs, below) and the app's detection and declaration (conflictName in
-- services/conflicts) both call this function, so the two cannot drift apart.
CREATE FUNCTION "public"."conflict_name"(p_name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
	SELECT lower(regexp_replace(p_name, '\s+', '', 'g'))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."conflict_pairs"(p_challenge uuid, p_round uuid, p_entries uuid[], p_judges uuid[])
RETURNS TABLE (judge_id uuid, entry_id uuid)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
	WITH confirmed AS MATERIALIZED (
		SELECT c.judge_id, c.kind, c.team_id, conflict_name(c.value) AS name, c.value
		FROM judge_conflicts c
		WHERE c.status = 'confirmed' AND c.challenge_id = p_challenge
			AND (p_judges IS NULL OR c.judge_id = ANY(p_judges))
	)
	SELECT c.judge_id, e.id
	FROM confirmed c JOIN entries e ON e.team_id = c.team_id
	WHERE c.kind = 'team'
		AND (p_entries IS NULL OR e.id = ANY(p_entries))
		AND (p_round IS NULL OR EXISTS (SELECT FROM round_entries re WHERE re.round_id = p_round AND re.entry_id = e.id))
	UNION
	SELECT c.judge_id, e.id
	FROM confirmed c JOIN entries e ON e.challenge_id = p_challenge AND e.partner <> ''
		AND conflict_name(e.partner) = c.name
	WHERE c.kind = 'organization'
		AND (p_entries IS NULL OR e.id = ANY(p_entries))
		AND (p_round IS NULL OR EXISTS (SELECT FROM round_entries re WHERE re.round_id = p_round AND re.entry_id = e.id))
	UNION
	SELECT c.judge_id, e.id
	FROM confirmed c JOIN entries e ON e.challenge_id = p_challenge AND (c.value = ANY(e.countries)
		OR EXISTS (SELECT FROM team_members tm JOIN users u ON u.id = tm.user_id
			WHERE tm.team_id = e.team_id AND u.country = c.value))
	WHERE c.kind = 'country'
		AND (p_entries IS NULL OR e.id = ANY(p_entries))
		AND (p_round IS NULL OR EXISTS (SELECT FROM round_entries re WHERE re.round_id = p_round AND re.entry_id = e.id))
	UNION
	SELECT tm.user_id, e.id
	FROM user_roles ur
	JOIN team_members tm ON tm.user_id = ur.user_id AND tm.challenge_id = p_challenge
	JOIN entries e ON e.team_id = tm.team_id
	WHERE ur.role = 'judge'
		AND (p_judges IS NULL OR ur.user_id = ANY(p_judges))
		AND (p_entries IS NULL OR e.id = ANY(p_entries))
		AND (p_round IS NULL OR EXISTS (SELECT FROM round_entries re WHERE re.round_id = p_round AND re.entry_id = e.id))
$$;
