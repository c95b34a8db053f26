#!/usr/bin/env bash
# Prints what the Kotlin binding adds over raw JNA calls into libtdjson (not asserted).
# usage: bindings/kotlin/bench.sh [ROUNDS]   (TDJSON_LIBRARY overrides target/release/libtdjson.so)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export TDJSON_LIBRARY=${TDJSON_LIBRARY:-$root/target/release/libtdjson.so}
bash "$here/build.sh" >/dev/null
exec java -cp "$(cat "$here/build/classpath"):$here/build/tdjson-dev.jar" tdjson.BenchKt "$@"
