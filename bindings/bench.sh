#!/usr/bin/env bash
# `make bench`, bindings part: what each binding adds over raw calls into libtdjson, printed
# (never asserted). Needs target/release/libtdjson.so (make build).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export TDJSON_LIBRARY=${TDJSON_LIBRARY:-$root/target/release/libtdjson.so}
status=0
echo "== bindings/python"; python3 "$here/python/bench.py" || status=1
for b in node kotlin swift; do
  echo "== bindings/$b"; bash "$here/$b/bench.sh" || status=1
done
exit $status
