-- Login by email is the one flow that must find a user before knowing the tenant, while every
-- table is behind row-level security. This narrow SECURITY DEFINER function is the only crossing:
-- it answers, for one exact email, the user id and tenant id and nothing else; login then
-- continues inside that tenant (withTenant) like every other query. It runs as its owner (the
-- migrating user) with a fixed search_path, and only the runtime role may execute it.

-- The boot migrator creates the runtime role after the migrations; the grant below needs it now.
DO $$
BEGIN
  CREATE ROLE ai_auth_rw NOLOGIN NOSUPERUSER NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
--> statement-breakpoint
-- A superuser owner bypasses row-level security; an owner that is not one is bound by the FORCEd
-- policies, so it gets read access to users for this lookup (and nothing for the runtime role).
CREATE POLICY "login_lookup" ON "auth"."users" AS PERMISSIVE FOR SELECT TO CURRENT_USER USING (true);
--> statement-breakpoint
CREATE FUNCTION "auth"."find_login"(login_email text)
RETURNS TABLE (user_id uuid, tenant_id uuid)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT u.id, u.tenant_id FROM "auth"."users" u WHERE lower(u.email) = lower(login_email)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "auth"."find_login"(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION "auth"."find_login"(text) TO ai_auth_rw;
