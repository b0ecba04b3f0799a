#!/bin/sh
# `npm start`: install if needed, build the client, start the server on embedded defaults
# (SQLite under ./data). Environment variables configure it; see the README.
set -e
cd "$(dirname "$0")/.."
sh scripts/ensure-install.sh
node node_modules/vite/bin/vite.js build --logLevel warn
exec node sync-server/main.ts
