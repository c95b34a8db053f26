#!/usr/bin/env bash
# `make bindings`: builds every first-party binding in bindings/*/ (each has its own build.sh).
# Needs target/release/libtdjson.so (make build). Fails if any binding fails to build.
set -euo pipefail
cd "$(dirname "$0")"
status=0
for b in */build.sh; do
  [ -e "$b" ] || continue
  echo "== building bindings/${b%/build.sh}"
  bash "$b" || { echo "FAIL: bindings/${b%/build.sh} did not build"; status=1; }
done
exit $status
