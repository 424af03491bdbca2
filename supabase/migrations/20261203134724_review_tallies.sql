CREATE TABLE "criterion_round_tallies" (
	"round_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"s" integer NOT NULL,
	"q" integer NOT NULL,
	"within" numeric NOT NULL,
	CONSTRAINT "criterion_round_tallies_round_id_criterion_id_pk" PRIMARY KEY("round_id","criterion_id")
);
--> statement-breakpoint
ALTER TABLE "criterion_round_tallies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "criterion_unit_tallies" (
	"round_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"m" integer NOT NULL,
	"s" integer NOT NULL,
	"q" integer NOT NULL,
	"values" smallint[] NOT NULL,
	CONSTRAINT "criterion_unit_tallies_round_id_entry_id_criterion_id_pk" PRIMARY KEY("round_id","entry_id","criterion_id")
);
--> statement-breakpoint
ALTER TABLE "criterion_unit_tallies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "criterion_value_tallies" (
	"round_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"value" smallint NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "criterion_value_tallies_round_id_criterion_id_value_pk" PRIMARY KEY("round_id","criterion_id","value")
);
--> statement-breakpoint
ALTER TABLE "criterion_value_tallies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "round_entries" ADD COLUMN "assigned_judges" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "round_entries" ADD COLUMN "review_totals" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "criterion_round_tallies" ADD CONSTRAINT "criterion_round_tallies_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_unit_tallies" ADD CONSTRAINT "criterion_unit_tallies_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_unit_tallies" ADD CONSTRAINT "criterion_unit_tallies_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_value_tallies" ADD CONSTRAINT "criterion_value_tallies_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Review tallies, kept by the database in the same transaction as every write that can change
-- them (score sheets and their values, assignments, entries joining or leaving a round, entries
-- withdrawn or reinstated, deletions by cascade), so the organizers' leaderboard reads a few
-- rows per entry instead of every assignment, sheet and criterion value of the round.
--
-- Everything goes through refresh_review_tallies(rounds, entries): for each (round, entry) pair it
-- recomputes the pair from the source tables (never by trusting an increment), and moves the
-- round's totals by the difference between the pair's new and old units (read once each). Rows are written in
-- (round, criterion[, value]) order so that concurrent transactions lock them in the same order.

CREATE FUNCTION "public"."refresh_review_tallies"(p_rounds uuid[], p_entries uuid[])
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

	-- The judges assigned to each entry and their submitted totals (every pair's row first, in
	-- order, so that transactions refreshing several pairs lock them in the same order).
	UPDATE round_entries re
	SET assigned_judges = coalesce(x.judges, '{}'), review_totals = coalesce(x.totals, '{}')
	FROM unnest(p_rounds, p_entries) AS p(r, e)
	LEFT JOIN LATERAL (
		SELECT array_agg(a.judge_id ORDER BY a.judge_id) AS judges,
			array_agg(CASE WHEN sc.status = 'submitted' THEN sc.total_hundredths END ORDER BY a.judge_id) AS totals
		FROM assignments a
		LEFT JOIN scores sc ON sc.assignment_id = a.id
		WHERE a.round_id = p.r AND a.entry_id = p.e
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
			WHERE a.round_id = p_rounds[i] AND a.entry_id = p_entries[i]
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
-- Statement-level triggers: one refresh per statement, whatever the number of rows it touched.
CREATE FUNCTION "public"."review_tallies_from_assignments"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	-- Both arrays from one scan, so that the i-th round and the i-th entry are one pair.
	IF TG_OP = 'INSERT' THEN
		PERFORM refresh_review_tallies(array_agg(round_id), array_agg(entry_id)) FROM new_rows;
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM refresh_review_tallies(array_agg(round_id), array_agg(entry_id)) FROM old_rows;
	ELSE
		PERFORM refresh_review_tallies(array_agg(x.round_id), array_agg(x.entry_id))
		FROM (SELECT round_id, entry_id FROM new_rows
			UNION ALL SELECT round_id, entry_id FROM old_rows) AS x;
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- Score sheets and their values: through their assignment (gone when the assignment itself was
-- deleted; its own trigger refreshes the pair then). A draft saved as a draft changes nothing.
CREATE FUNCTION "public"."review_tallies_from_sheets"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
	changed uuid[];
BEGIN
	IF TG_TABLE_NAME = 'scores' THEN
		IF TG_OP = 'INSERT' THEN
			SELECT array_agg(assignment_id) INTO changed FROM new_rows WHERE status = 'submitted';
		ELSIF TG_OP = 'DELETE' THEN
			SELECT array_agg(assignment_id) INTO changed FROM old_rows WHERE status = 'submitted';
		ELSE
			SELECT array_agg(n.assignment_id) INTO changed
			FROM new_rows n JOIN old_rows o ON o.assignment_id = n.assignment_id
			WHERE (n.status = 'submitted' OR o.status = 'submitted')
				AND (n.status IS DISTINCT FROM o.status
					OR n.total_hundredths IS DISTINCT FROM o.total_hundredths);
		END IF;
	ELSE
		IF TG_OP = 'INSERT' THEN
			SELECT array_agg(assignment_id) INTO changed FROM new_rows;
		ELSIF TG_OP = 'DELETE' THEN
			SELECT array_agg(assignment_id) INTO changed FROM old_rows;
		ELSE
			SELECT array_agg(assignment_id) INTO changed
			FROM (SELECT n.assignment_id FROM new_rows n JOIN old_rows o
				ON o.assignment_id = n.assignment_id AND o.criterion_id = n.criterion_id
				WHERE n.value IS DISTINCT FROM o.value) AS x;
		END IF;
		-- Only values of submitted sheets count.
		SELECT array_agg(sc.assignment_id) INTO changed
		FROM scores sc WHERE sc.assignment_id = ANY(changed) AND sc.status = 'submitted';
	END IF;
	IF changed IS NOT NULL THEN
		PERFORM refresh_review_tallies(array_agg(a.round_id), array_agg(a.entry_id))
		FROM assignments a WHERE a.id = ANY(changed);
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- Entries withdrawn or reinstated leave or rejoin the competition of every round they are in.
CREATE FUNCTION "public"."review_tallies_from_entries"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	PERFORM refresh_review_tallies(array_agg(re.round_id), array_agg(re.entry_id))
	FROM new_rows n
	JOIN old_rows o ON o.id = n.id
	JOIN round_entries re ON re.entry_id = n.id
	WHERE (n.status = 'withdrawn') IS DISTINCT FROM (o.status = 'withdrawn');
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "public"."review_tallies_from_round_entries"() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM refresh_review_tallies(array_agg(round_id), array_agg(entry_id)) FROM new_rows;
	ELSE
		PERFORM refresh_review_tallies(array_agg(round_id), array_agg(entry_id)) FROM old_rows;
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER review_tallies_assignments_insert AFTER INSERT ON "public"."assignments"
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_tallies_from_assignments();
--> statement-breakpoint
CREATE TRIGGER review_tallies_assignments_update AFTER UPDATE ON "public"."assignments"
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_tallies_from_assignments();
--> statement-breakpoint
CREATE TRIGGER review_tallies_assignments_delete AFTER DELETE ON "public"."assignments"
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION review_tallies_from_assignments();
--> statement-breakpoint
CREATE TRIGGER review_tallies_scores_insert AFTER INSERT ON "public"."scores"
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_tallies_from_sheets();
--> statement-breakpoint
CREATE TRIGGER review_tallies_scores_update AFTER UPDATE ON "public"."scores"
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_tallies_from_sheets();
--> statement-breakpoint
CREATE TRIGGER review_tallies_scores_delete AFTER DELETE ON "public"."scores"
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION review_tallies_from_sheets();
--> statement-breakpoint
CREATE TRIGGER review_tallies_score_items_insert AFTER INSERT ON "public"."score_items"
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_tallies_from_sheets();
--> statement-breakpoint
CREATE TRIGGER review_tallies_score_items_update AFTER UPDATE ON "public"."score_items"
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_tallies_from_sheets();
--> statement-breakpoint
CREATE TRIGGER review_tallies_score_items_delete AFTER DELETE ON "public"."score_items"
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION review_tallies_from_sheets();
--> statement-breakpoint
CREATE TRIGGER review_tallies_entries_update AFTER UPDATE ON "public"."entries"
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_tallies_from_entries();
--> statement-breakpoint
CREATE TRIGGER review_tallies_round_entries_insert AFTER INSERT ON "public"."round_entries"
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_tallies_from_round_entries();
--> statement-breakpoint
CREATE TRIGGER review_tallies_round_entries_delete AFTER DELETE ON "public"."round_entries"
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION review_tallies_from_round_entries();
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."refresh_review_tallies"(uuid[], uuid[]) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."review_tallies_from_assignments"() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."review_tallies_from_sheets"() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."review_tallies_from_entries"() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "public"."review_tallies_from_round_entries"() FROM PUBLIC;
--> statement-breakpoint
-- The rounds that already exist.
SELECT "public"."refresh_review_tallies"(array_agg(round_id), array_agg(entry_id)) FROM "public"."round_entries";
