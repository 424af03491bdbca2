-- Supabase exposes the public schema through its Data API as the roles `anon` and
-- `authenticated`. Plain PostgreSQL and PGlite lack them: create them so the same grants and
-- tests apply everywhere. The portal itself connects as the table owner.
-- Roles belong to the whole cluster, not one database: two databases migrating at once (test
-- runs, a staging copy beside production) can both find a role missing, and the second CREATE
-- then fails on pg_authid's unique index. Either error means the role now exists.
DO $$
BEGIN
	BEGIN
		CREATE ROLE anon NOLOGIN NOINHERIT;
	EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
	END;
	BEGIN
		CREATE ROLE authenticated NOLOGIN NOINHERIT;
	EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
	END;
END
$$;
--> statement-breakpoint
-- Supabase grants these roles everything on new tables by default; the portal grants nothing
-- except what it publishes on purpose (see later migrations).
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM anon, authenticated;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM anon, authenticated;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON FUNCTIONS FROM anon, authenticated;
