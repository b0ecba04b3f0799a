#!/bin/sh
# Installs the locked dependencies when they are missing or older than the lockfile.
# The `node` devDependency brings Node 24, which every npm script then runs on (see README).
set -e
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)..." >&2
  npm ci --no-audit --no-fund
fi
major=$(node_modules/.bin/node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 22 ]; then
  echo "Outpost needs Node >= 22; node_modules/.bin/node is $major. Run: rm -rf node_modules && npm ci" >&2
  exit 1
fi
