#!/usr/bin/env bash
# Builds the Node package in place (called by `make bindings` through bindings/build.sh):
# the napi-rs addon with cargo --release, copied to tdjson.node, and td_api.d.ts generated
# from schema/td_api.tl. Crates come from crates.io, or offline from cargo's cache once fetched.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/retry.sh"
cd "$here"
# Its own target dir: the root workspace never builds the addon, nor shares its artifacts.
export CARGO_TARGET_DIR="$here/target"
command -v node >/dev/null || { echo "build: node is not installed"; exit 1; }
cargo fetch --locked --offline >/dev/null 2>&1 || retry cargo fetch --locked
cargo build --release --locked --offline
case "$(uname -s)" in
  Darwin) lib=libtdjson_node.dylib ;;
  *) lib=libtdjson_node.so ;;
esac
cp "$CARGO_TARGET_DIR/release/$lib" tdjson.node.tmp && mv tdjson.node.tmp tdjson.node
node scripts/generate-types.js
echo "build: bindings/node/tdjson.node and td_api.d.ts are ready"
