#!/usr/bin/env bash
# The Node binding's suite in node's own test runner (called by `make test` through
# bindings/test.sh). Each test file starts its own tdjson-testdc on free loopback ports.
# Uses the clone's target/release/{libtdjson.so,tdjson-testdc}; TDJSON_LIBRARY and
# TDJSON_TESTDC override them. TypeScript and @types/node (for the declaration test) are
# installed under .cache/ of the clone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/retry.sh"
lib=$(realpath -m "${TDJSON_LIBRARY:-$root/target/release/libtdjson.so}")
testdc=$(realpath -m "${TDJSON_TESTDC:-$root/target/release/tdjson-testdc}")
[ -f "$lib" ] || { echo "node test: $lib is not built (make build)"; exit 1; }
[ -x "$testdc" ] || { echo "node test: $testdc is not built (make build)"; exit 1; }
[ -f "$here/tdjson.node" ] || { echo "node test: bindings/node/tdjson.node is not built (bindings/node/build.sh)"; exit 1; }

deps="$root/.cache/node-bindings/types"
if [ ! -f "$deps/node_modules/typescript/bin/tsc" ] || [ ! -d "$deps/node_modules/@types/node" ]; then
  mkdir -p "$deps"
  retry npm install --prefix "$deps" --no-audit --no-fund --no-save --loglevel=error typescript@5.9.3 @types/node@20.19.43
fi

cd "$here"
export TDJSON_LIBRARY="$lib" TDJSON_TESTDC="$testdc" TDJSON_NODE_MODULES="$deps/node_modules"
exec node --test --test-timeout=180000 test/*.test.js
