#!/usr/bin/env bash
# Runs bench.js (figures printed, not asserted) against the clone's target/release/libtdjson.so
# (or TDJSON_LIBRARY), with koffi from npm (installed under .cache/ of the clone) as the plain
# FFI baseline. Needs the addon built (build.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/retry.sh"
export TDJSON_LIBRARY=$(realpath -m "${TDJSON_LIBRARY:-$root/target/release/libtdjson.so}")
[ -f "$TDJSON_LIBRARY" ] || { echo "node bench: $TDJSON_LIBRARY is not built (make build)"; exit 1; }
[ -f "$here/tdjson.node" ] || bash "$here/build.sh"
deps="$root/.cache/node-bindings/bench"
if [ ! -f "$deps/node_modules/koffi/package.json" ]; then
  mkdir -p "$deps"
  retry npm install --prefix "$deps" --no-audit --no-fund --no-save --loglevel=error koffi@3.3.4
fi
export KOFFI="$deps/node_modules/koffi"
exec node "$here/bench.js"
