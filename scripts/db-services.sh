# Apps that own a Postgres schema and its drizzle-kit migrations (sourced by db-*.sh).
DB_SERVICES=(auth-svc financial-svc trading-svc comm-svc ai-core)
