#!/bin/sh
# `npm test`: every check CI runs, in order from cheapest to slowest.
set -e
cd "$(dirname "$0")/.."
sh scripts/ensure-install.sh
sh scripts/ensure-chromium.sh
sh scripts/ensure-postgres.sh
echo "== format" >&2 && npm run -s format:check
echo "== lint" >&2 && npm run -s lint
echo "== typecheck" >&2 && npm run -s typecheck
echo "== unit and integration tests" >&2 && npx vitest run --project unit --project client
echo "== end-to-end tests (Chromium)" >&2 && npx vitest run --project e2e
