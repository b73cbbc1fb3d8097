#!/usr/bin/env bash
# Installs Emmett's SQLite store for W1 (npm run bench:setup-emmett-sqlite), opt-in and apart from
# Factum's own install: bench/peers/emmett-sqlite has its own package.json and lock, and its
# node_modules is git-ignored. node-sqlite3 is a native addon and npm 11 runs no dependency install
# script unless allowed, so the install skips scripts and the addon is then built from source with
# the node-gyp the lock pins (prebuilt downloads are not relied on). A few minutes on 2 cores.
set -euo pipefail

peer="$(cd "$(dirname "${BASH_SOURCE[0]}")/peers/emmett-sqlite" && pwd)"
log="$peer/node_modules/.sqlite3-build.log"
cd "$peer"

step() { printf '\n== %s\n' "$*"; }
fail() {
  printf '\nbench:setup-emmett-sqlite FAILED: %s\n' "$*" >&2
  exit 1
}

step "1/3 npm ci in $peer (scripts skipped)"
npm ci --ignore-scripts --no-audit --no-fund || fail "npm ci in $peer"

step "2/3 building sqlite3 from source (node-gyp; full log: $log)"
# Only the build steps reach the terminal; the compiler's warnings go to the log.
set +e
npm exec --no -- node-gyp rebuild --jobs max --directory node_modules/sqlite3 2>&1 |
  tee "$log" |
  grep --line-buffered -E '^\s*(CC|CXX|AR|LINK|SOLINK_MODULE|COPY|ACTION|TOUCH)[( ]|^gyp (ERR|info ok)'
build=${PIPESTATUS[0]}
set -e
if [ "$build" -ne 0 ]; then
  tail -n 40 "$log" >&2
  fail "node-gyp rebuild of sqlite3 exited with $build (see $log)"
fi

step "3/3 checking that the bench's entry loads and sqlite3 runs"
node --input-type=module -e "
  const { core, store } = await import('./index.mjs');
  const sqlite3 = (await import('sqlite3')).default;
  if (typeof core.CommandHandler !== 'function' || typeof store.getSQLiteEventStore !== 'function')
    throw new Error('index.mjs does not expose Emmett\'s CommandHandler and SQLite store');
  const version = await new Promise((resolve, reject) => {
    const db = new sqlite3.Database(':memory:');
    db.get('select sqlite_version() as v', (error, row) => (error ? reject(error) : db.close(() => resolve(row.v))));
  });
  console.log('emmett-sqlite ok: sqlite ' + version);
" || fail "the installed Emmett SQLite does not load"

printf "\nDone: npm run bench (W1) now measures Emmett's SQLite command handler.\n"
