#!/usr/bin/env bash
# `pnpm db:generate [service]`: writes a migration for every schema file that changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/db-services.sh
for service in "${@:-${DB_SERVICES[@]}}"; do
  (cd "apps/$service" && pnpm exec drizzle-kit generate)
done
