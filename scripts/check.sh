#!/usr/bin/env bash
# The whole suite behind `npm test`: lint, typecheck, migration drift, then every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
step() { printf '\n== %s\n' "$1"; }
step "lint";              eslint --max-warnings 0 .
step "typecheck";         tsc -p tsconfig.json
step "contracts lint";    bash scripts/contracts-lint.sh
step "contracts drift";   node packages/contracts/generate.ts --check
step "migrations drift";  bash scripts/db-check.sh
step "tests";             node scripts/test.ts "$@"
