#!/usr/bin/env bash
# Runs the README's two set-up commands exactly as written, the way a new user would.
#   scripts/check-readme-commands.sh               clone HEAD into a temp dir; run both there
#   scripts/check-readme-commands.sh --start-only  in this checkout (CI's clone is already fresh):
#                                                  bring the app up, check it answers, stop it
# The commands are read from the README (the code block after `<!-- command: up -->` and
# `<!-- command: test -->`), so the README cannot drift from what is checked.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

readme_command() { # $1 = up | test
  awk -v marker="<!-- command: $1 -->" '
    $0 == marker { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    found && inside { print; exit }' "$root/README.md"
}

up_cmd=$(readme_command up)
test_cmd=$(readme_command test)
[ -n "$up_cmd" ] && [ -n "$test_cmd" ] || { echo "README lacks the command markers" >&2; exit 1; }

check_up() { # in the current directory
  local log pid url
  log=$(mktemp)
  echo "== README up command: $up_cmd" >&2
  setsid bash -c "$up_cmd" >"$log" 2>&1 &
  pid=$!
  # Whatever happens below, the app started here does not outlive the check.
  trap 'kill -TERM -- "-$pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 900); do
    url=$(grep -o 'Outpost is up at http://[^ ]*' "$log" | head -n 1 | sed 's/Outpost is up at //') || true
    [ -n "$url" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; echo "the up command exited early" >&2; exit 1; fi
    sleep 1
  done
  [ -n "$url" ] || { cat "$log" >&2; echo "the app did not come up within 15 minutes" >&2; exit 1; }
  echo "app is up at $url" >&2
  curl -fsS "$url/api/v1/health" | grep -q '"status":"ok"' || { echo "health check failed" >&2; exit 1; }
  curl -fsS -H 'Accept: text/html' "$url/contacts" | grep -q '<div id="root">' || { echo "deep link did not serve the app" >&2; exit 1; }
  kill -TERM -- "-$pid"
  wait "$pid" || true
  # npm and its shell exit at once; the server finishes its shutdown after them.
  for _ in $(seq 1 30); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.5
  done
  trap - EXIT
  grep -q 'shutdown complete' "$log" || { cat "$log" >&2; echo "no clean shutdown" >&2; exit 1; }
  echo "app came up, answered and shut down cleanly" >&2
}

if [ "${1:-}" = "--start-only" ]; then
  cd "$root"
  check_up
  exit 0
fi

work=$(mktemp -d)
git clone -q "$root" "$work/fresh"
# The team's material (../shared: the CSV generator, references) sits beside every checkout.
[ -d "$root/../shared" ] && ln -s "$(cd "$root/../shared" && pwd)" "$work/shared"
cd "$work/fresh"
check_up
echo "== README test command: $test_cmd" >&2
bash -c "$test_cmd"
cd / && rm -rf "$work"
echo "both README commands work from a fresh clone" >&2
