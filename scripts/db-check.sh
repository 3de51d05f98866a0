#!/usr/bin/env bash
# Fails when a Drizzle schema changed without its migration: drizzle-kit generates into a scratch
# copy of each service's migrations folder; "nothing to migrate" is the only passing answer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/db-services.sh
status=0
for service in "${DB_SERVICES[@]}"; do
  scratch=".drift-check"
  rm -rf "apps/$service/$scratch" && cp -r "apps/$service/drizzle" "apps/$service/$scratch"
  # The schema path comes from the service's drizzle.config.ts (financial-svc's lives in packages/financial-domain).
  schema="$(cd "apps/$service" && node --input-type=module -e "console.log((await import('./drizzle.config.ts')).default.schema)")"
  output="$(cd "apps/$service" && pnpm exec drizzle-kit generate --dialect postgresql --schema "$schema" --out "./$scratch" 2>&1 || true)"
  rm -rf "apps/$service/$scratch"
  if grep -q "No schema changes" <<<"$output"; then
    echo "ok: $service migrations match its schema"
  elif grep -q "Your SQL migration file" <<<"$output"; then
    echo "migration drift: apps/$service/src/db changed without a migration; run: pnpm db:generate $service" >&2
    status=1
  else
    echo "drift check could not run for $service:" >&2
    echo "$output" >&2
    status=1
  fi
done
exit "$status"
