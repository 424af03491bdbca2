ALTER TABLE "assignments" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "round_entries" ADD COLUMN "version_number" integer;--> statement-breakpoint
CREATE INDEX "assignments_suspended_idx" ON "assignments" USING btree ("round_id","entry_id") WHERE "assignments"."suspended_at" is not null;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."refresh_review_tallies"(p_rounds uuid[], p_entries uuid[])
RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
	fresh criterion_unit_tallies[] := '{}';
	stale criterion_unit_tallies[] := '{}';
	i integer;
BEGIN
	SELECT array_agg(d.r ORDER BY d.r, d.e), array_agg(d.e ORDER BY d.r, d.e)
	INTO p_rounds, p_entries
	FROM (SELECT DISTINCT x.r, x.e FROM unnest(p_rounds, p_entries) AS x(r, e)
		WHERE x.r IS NOT NULL AND x.e IS NOT NULL) AS d;
	IF p_rounds IS NULL THEN
		RETURN;
	END IF;

	-- The judges assigned to each entry (suspended assignments left out: a conflict blocks them)
	-- and their submitted totals (every pair's row first, in
	-- order, so that transactions refreshing several pairs lock them in the same order).
	UPDATE round_entries re
	SET assigned_judges = coalesce(x.judges, '{}'), review_totals = coalesce(x.totals, '{}')
	FROM unnest(p_rounds, p_entries) AS p(r, e)
	LEFT JOIN LATERAL (
		SELECT array_agg(a.judge_id ORDER BY a.judge_id) AS judges,
			array_agg(CASE WHEN sc.status = 'submitted' THEN sc.total_hundredths END ORDER BY a.judge_id) AS totals
		FROM assignments a
		LEFT JOIN scores sc ON sc.assignment_id = a.id
		WHERE a.round_id = p.r AND a.entry_id = p.e AND a.suspended_at IS NULL
	) AS x ON true
	WHERE re.round_id = p.r AND re.entry_id = p.e
		AND (re.assigned_judges IS DISTINCT FROM coalesce(x.judges, '{}')
			OR re.review_totals IS DISTINCT FROM coalesce(x.totals, '{}'));

	-- Pair by pair, with the pair as plain parameters: plans that look rows up by key, whatever
	-- the sizes of the tables when they were prepared. Each pair's criterion units as they are now
	-- (only submitted sheets of entries in competition — in the round, not withdrawn — and only
	-- values that are set) and, replaced by them, as they were counted.
	FOR i IN 1 .. cardinality(p_rounds) LOOP
		fresh := fresh || ARRAY(
			SELECT ROW(a.round_id, si.criterion_id, a.entry_id, count(*)::integer, sum(si.value)::integer,
				sum(si.value::integer * si.value)::integer,
				array_agg(si.value ORDER BY si.value))::criterion_unit_tallies
			FROM assignments a
			JOIN scores sc ON sc.assignment_id = a.id AND sc.status = 'submitted'
			JOIN score_items si ON si.assignment_id = a.id AND si.value IS NOT NULL
			WHERE a.round_id = p_rounds[i] AND a.entry_id = p_entries[i] AND a.suspended_at IS NULL
				AND EXISTS (
					SELECT 1 FROM round_entries re JOIN entries en ON en.id = re.entry_id
					WHERE re.round_id = p_rounds[i] AND re.entry_id = p_entries[i]
						AND en.status <> 'withdrawn')
			GROUP BY a.round_id, a.entry_id, si.criterion_id
			ORDER BY si.criterion_id);
		WITH gone AS (
			DELETE FROM criterion_unit_tallies o
			WHERE o.round_id = p_rounds[i] AND o.entry_id = p_entries[i]
			RETURNING o.round_id, o.entry_id, o.criterion_id, o.m, o.s, o.q, o."values"
		)
		SELECT stale || coalesce(array_agg(ROW(g.round_id, g.criterion_id, g.entry_id, g.m, g.s, g.q,
			g."values")::criterion_unit_tallies), '{}')
		INTO stale FROM gone AS g;
	END LOOP;

	-- A draft, an assignment without a sheet: nothing was counted and nothing is.
	IF cardinality(fresh) = 0 AND cardinality(stale) = 0 THEN
		RETURN;
	END IF;

	INSERT INTO criterion_unit_tallies (round_id, entry_id, criterion_id, m, s, q, "values")
	SELECT f.round_id, f.entry_id, f.criterion_id, f.m, f.s, f.q, f."values" FROM unnest(fresh) AS f;

	-- The round's alpha sums move by (new units − old units) with two or more values.
	INSERT INTO criterion_round_tallies AS t (round_id, criterion_id, n, s, q, within)
	SELECT d.round_id, d.criterion_id, sum(d.sign * d.m)::integer, sum(d.sign * d.s)::integer,
		sum(d.sign * d.q)::integer, sum(d.sign * ((d.m::numeric * d.q - d.s::numeric * d.s) / (d.m - 1)))
	FROM (
		SELECT 1 AS sign, f.round_id, f.criterion_id, f.m, f.s, f.q FROM unnest(fresh) AS f WHERE f.m >= 2
		UNION ALL
		SELECT -1, o.round_id, o.criterion_id, o.m, o.s, o.q FROM unnest(stale) AS o WHERE o.m >= 2
	) AS d
	WHERE EXISTS (SELECT 1 FROM rounds WHERE rounds.id = d.round_id)
	GROUP BY d.round_id, d.criterion_id
	ORDER BY d.round_id, d.criterion_id
	ON CONFLICT (round_id, criterion_id) DO UPDATE
	SET n = t.n + excluded.n, s = t.s + excluded.s, q = t.q + excluded.q,
		within = t.within + excluded.within;

	-- The value counts move the same way.
	INSERT INTO criterion_value_tallies AS t (round_id, criterion_id, value, count)
	SELECT d.round_id, d.criterion_id, d.value, sum(d.sign)::integer
	FROM (
		SELECT 1 AS sign, f.round_id, f.criterion_id, v.value
		FROM unnest(fresh) AS f, unnest(f."values") AS v(value)
		UNION ALL
		SELECT -1, o.round_id, o.criterion_id, v.value
		FROM unnest(stale) AS o, unnest(o."values") AS v(value)
	) AS d
	WHERE EXISTS (SELECT 1 FROM rounds WHERE rounds.id = d.round_id)
	GROUP BY d.round_id, d.criterion_id, d.value
	HAVING sum(d.sign) <> 0
	ORDER BY d.round_id, d.criterion_id, d.value
	ON CONFLICT (round_id, criterion_id, value) DO UPDATE SET count = t.count + excluded.count;
END
$$;
--> statement-breakpoint
-- Conflicts suspend assignments. A confirmed conflict (team, organization, country) or a judge's
-- membership of an entry's team blocks the (judge, entry) pair: conflict_pairs is the one
-- definition of that rule (the app's blockedPairs reads it too). Triggers on every table the rule
-- reads keep assignments.suspended_at in step, in the same transaction as the change; the review
-- tallies leave suspended assignments out, so a conflicted review counts in no figure, and the
-- app hides them from their judges. Clearing the conflict brings the assignment and its sheet back.

CREATE FUNCTION "public"."conflict_pairs"(p_challenge uuid, p_round uuid, p_entries uuid[], p_judges uuid[])
RETURNS TABLE (judge_id uuid, entry_id uuid)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
	WITH confirmed AS MATERIALIZED (
		SELECT c.judge_id, c.kind, c.team_id, lower(regexp_replace(c.value, '\s+', '', 'g')) AS name, c.value
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
		AND lower(regexp_replace(e.partner, '\s+', '', 'g')) = c.name
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
--> statement-breakpoint
-- Suspends the assignments (of the challenge; of these entries or judges when given) that a
-- conflict blocks, and lifts the suspension of those it no longer blocks. Only rows whose state
-- changes are written, so the tallies' own trigger refreshes just those pairs.
CREATE FUNCTION "public"."sync_conflict_suspensions"(p_challenge uuid, p_entries uuid[], p_judges uuid[])
RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	WITH blocked AS MATERIALIZED (
		SELECT b.judge_id, b.entry_id FROM conflict_pairs(p_challenge, NULL, p_entries, p_judges) AS b
	)
	UPDATE assignments a
	SET suspended_at = CASE WHEN a.suspended_at IS NULL THEN now() ELSE NULL END
	FROM rounds r
	WHERE r.id = a.round_id AND r.challenge_id = p_challenge
		AND (p_entries IS NULL OR a.entry_id = ANY(p_entries))
		AND (p_judges IS NULL OR a.judge_id = ANY(p_judges))
		AND (a.suspended_at IS NULL) = EXISTS (
			SELECT 1 FROM blocked b WHERE b.judge_id = a.judge_id AND b.entry_id = a.entry_id);
END
$$;
--> statement-breakpoint
CREATE FUNCTION "public"."conflict_suspensions_from_conflicts"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM sync_conflict_suspensions(OLD.challenge_id, NULL, ARRAY[OLD.judge_id]);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM sync_conflict_suspensions(NEW.challenge_id, NULL, ARRAY[NEW.judge_id]);
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "public"."conflict_suspensions_from_entries"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	PERFORM sync_conflict_suspensions(NEW.challenge_id, ARRAY[NEW.id], NULL);
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- A member joins or leaves: a judge among them, or their country, may block the team's entry.
CREATE FUNCTION "public"."conflict_suspensions_from_members"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
	member team_members;
BEGIN
	member := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
	PERFORM sync_conflict_suspensions(member.challenge_id,
		ARRAY(SELECT e.id FROM entries e WHERE e.team_id = member.team_id), NULL);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "public"."conflict_suspensions_from_countries"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	PERFORM sync_conflict_suspensions(tm.challenge_id,
		ARRAY(SELECT e.id FROM entries e WHERE e.team_id = tm.team_id), NULL)
	FROM team_members tm WHERE tm.user_id = NEW.id;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "public"."conflict_suspensions_from_roles"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
	person uuid;
BEGIN
	person := CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END;
	PERFORM sync_conflict_suspensions(tm.challenge_id, NULL, ARRAY[person])
	FROM team_members tm WHERE tm.user_id = person;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- New assignments of a blocked pair (a hand-made one, or one made before the conflict was known
-- to the assignment) start suspended.
CREATE FUNCTION "public"."conflict_suspensions_from_assignments"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	PERFORM sync_conflict_suspensions(r.challenge_id, array_agg(DISTINCT n.entry_id), array_agg(DISTINCT n.judge_id))
	FROM new_rows n JOIN rounds r ON r.id = n.round_id
	GROUP BY r.challenge_id;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER conflict_suspensions_conflicts AFTER INSERT OR UPDATE OR DELETE ON "public"."judge_conflicts"
FOR EACH ROW EXECUTE FUNCTION conflict_suspensions_from_conflicts();
--> statement-breakpoint
CREATE TRIGGER conflict_suspensions_entries AFTER UPDATE OF partner, countries ON "public"."entries"
FOR EACH ROW WHEN (OLD.partner IS DISTINCT FROM NEW.partner OR OLD.countries IS DISTINCT FROM NEW.countries)
EXECUTE FUNCTION conflict_suspensions_from_entries();
--> statement-breakpoint
CREATE TRIGGER conflict_suspensions_members AFTER INSERT OR DELETE ON "public"."team_members"
FOR EACH ROW EXECUTE FUNCTION conflict_suspensions_from_members();
--> statement-breakpoint
CREATE TRIGGER conflict_suspensions_countries AFTER UPDATE OF country ON "public"."users"
FOR EACH ROW WHEN (OLD.country IS DISTINCT FROM NEW.country)
EXECUTE FUNCTION conflict_suspensions_from_countries();
--> statement-breakpoint
CREATE TRIGGER conflict_suspensions_roles_insert AFTER INSERT ON "public"."user_roles"
FOR EACH ROW WHEN (NEW.role = 'judge') EXECUTE FUNCTION conflict_suspensions_from_roles();
--> statement-breakpoint
CREATE TRIGGER conflict_suspensions_roles_delete AFTER DELETE ON "public"."user_roles"
FOR EACH ROW WHEN (OLD.role = 'judge') EXECUTE FUNCTION conflict_suspensions_from_roles();
--> statement-breakpoint
CREATE TRIGGER conflict_suspensions_assignments AFTER INSERT ON "public"."assignments"
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conflict_suspensions_from_assignments();
--> statement-breakpoint
-- An entry deleted outright (its team dissolved) leaves its rounds first, while its criterion
-- units still exist: the cascade would otherwise remove those units before the tallies' own
-- triggers could subtract them from the round's sums and value counts.
CREATE FUNCTION "public"."review_tallies_before_entry_delete"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	DELETE FROM round_entries WHERE entry_id = OLD.id;
	RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE TRIGGER review_tallies_entries_delete BEFORE DELETE ON "public"."entries"
FOR EACH ROW EXECUTE FUNCTION review_tallies_before_entry_delete();
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."review_tallies_before_entry_delete"() FROM PUBLIC;
--> statement-breakpoint
-- Frozen versions: what a round's judges read is the version recorded for the entry in the round.
CREATE FUNCTION "public"."frozen_version_on_join"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	IF NEW.version_number IS NULL THEN
		SELECT max(v.number) INTO NEW.version_number FROM entry_versions v WHERE v.entry_id = NEW.entry_id;
	END IF;
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "public"."frozen_version_on_submit"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	UPDATE round_entries re SET version_number = NEW.number
	FROM rounds r
	WHERE re.entry_id = NEW.entry_id AND r.id = re.round_id AND r.state = 'draft'
		AND (re.version_number IS NULL OR re.version_number < NEW.number);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER frozen_versions_round_entries BEFORE INSERT ON "public"."round_entries"
FOR EACH ROW EXECUTE FUNCTION frozen_version_on_join();
--> statement-breakpoint
CREATE TRIGGER frozen_versions_entry_versions AFTER INSERT ON "public"."entry_versions"
FOR EACH ROW EXECUTE FUNCTION frozen_version_on_submit();
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."conflict_pairs"(uuid, uuid, uuid[], uuid[]) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."sync_conflict_suspensions"(uuid, uuid[], uuid[]) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."conflict_suspensions_from_conflicts"() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."conflict_suspensions_from_entries"() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."conflict_suspensions_from_members"() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."conflict_suspensions_from_countries"() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."conflict_suspensions_from_roles"() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."conflict_suspensions_from_assignments"() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."frozen_version_on_join"() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."frozen_version_on_submit"() FROM PUBLIC;
--> statement-breakpoint
-- Existing data: each round entry reads its newest version; conflicts known now suspend.
UPDATE "public"."round_entries" re SET version_number = (
	SELECT max(v.number) FROM "public"."entry_versions" v WHERE v.entry_id = re.entry_id)
WHERE re.version_number IS NULL;
--> statement-breakpoint
SELECT "public"."sync_conflict_suspensions"(id, NULL, NULL) FROM "public"."challenges";
--> statement-breakpoint
-- The tallies, without the reviews suspended above (their trigger refreshed those pairs already;
-- this recounts every pair with the new rule).
SELECT "public"."refresh_review_tallies"(array_agg(round_id), array_agg(entry_id)) FROM "public"."round_entries";
