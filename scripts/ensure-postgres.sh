#!/bin/sh
# The store test suite runs against a real PostgreSQL at 127.0.0.1:5432 (or TEST_DATABASE_URL).
# On the development and CI machines it is a local cluster that may need starting.
set -e
if [ -n "${TEST_DATABASE_URL:-}" ] || [ "${OUTPOST_SKIP_POSTGRES:-}" = 1 ]; then exit 0; fi
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then exit 0; fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "Starting PostgreSQL..." >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done
fi
echo "PostgreSQL is not reachable at 127.0.0.1:5432: start it, set TEST_DATABASE_URL, or OUTPOST_SKIP_POSTGRES=1." >&2
exit 1
