#!/usr/bin/env bash
# Lints every OpenAPI spec with Redocly (rules in openapi/redocly.yaml).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for spec in openapi/{auth,financial,trading,comm,ai-core,gateway}.yaml; do
  packages/contracts/node_modules/.bin/redocly lint "$spec" --config openapi/redocly.yaml --format=summary
done
