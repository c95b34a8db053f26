#!/usr/bin/env bash
# Runs every binding's suite (bindings/*/test.sh) in its ecosystem's own runner, each against
# its own tdjson-testdc on loopback. Needs target/release/{libtdjson.so,tdjson-testdc}.
set -euo pipefail
cd "$(dirname "$0")"
status=0
for t in */test.sh; do
  [ -e "$t" ] || continue
  echo "== bindings/${t%/test.sh}"
  bash "$t" || { echo "FAIL: bindings/${t%/test.sh}"; status=1; }
done
exit $status
