#!/usr/bin/env bash
# Builds the Kotlin/JVM binding offline (called by `make bindings` through bindings/build.sh):
# build/tdjson.jar (the library) and build/tdjson-dev.jar (the tests, benchmark and README example).
# Tools: kotlinc from the npm package kotlin-compiler (installed under <clone>/.cache/kotlin),
# JNA and JUnit 5 from Debian (libjna-java, junit5). kotlinx-coroutines-core is the jar that
# ships inside the Kotlin compiler's lib/. A user builds with Gradle instead (README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/retry.sh"

KOTLIN_VERSION=2.4.20
kdir="$root/.cache/kotlin"
kotlinc="$kdir/node_modules/kotlin-compiler/bin/kotlinc"
klib="$kdir/node_modules/kotlin-compiler/lib"

need=()
for p in libjna-java junit5; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "kotlin: installing ${need[*]} (apt)"
  retry apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive retry apt-get install -y -q "${need[@]}" >/dev/null
fi
if [ ! -x "$kotlinc" ] || ! grep -qx "$KOTLIN_VERSION" "$kdir/node_modules/kotlin-compiler/build.txt" 2>/dev/null; then
  echo "kotlin: installing kotlin-compiler@$KOTLIN_VERSION (npm)"
  mkdir -p "$kdir"
  retry npm install --no-audit --no-fund --silent --prefix "$kdir" "kotlin-compiler@$KOTLIN_VERSION" >/dev/null
fi

jna=/usr/share/java/jna.jar
coroutines="$klib/kotlinx-coroutines-core-jvm.jar"
junit=/usr/share/java/junit-platform-console-standalone.jar
out="$here/build"
mkdir -p "$out"

# Rebuilds a jar only when a source under its folders is newer than it.
stale() { # jar dir...
  local jar=$1; shift
  [ ! -e "$jar" ] || [ -n "$(find "$@" "$here/build.sh" -newer "$jar" -print -quit)" ]
}

kc() { "$kotlinc" -nowarn -jvm-target 17 "$@"; }

if stale "$out/tdjson.jar" "$here/src/main"; then
  echo "kotlin: compiling the library"
  kc -cp "$jna:$coroutines" -d "$out/tdjson.jar" "$here/src/main/kotlin"
fi
# The tests, the benchmark and the README example in one compiler run (kotlinc's start-up is
# most of its time here).
if stale "$out/tdjson-dev.jar" "$here/src/test" "$here/src/bench" "$here/src/example" "$out/tdjson.jar"; then
  echo "kotlin: compiling the tests, the benchmark and the example"
  kc -cp "$out/tdjson.jar:$jna:$coroutines:$junit" -d "$out/tdjson-dev.jar" \
    "$here/src/test/kotlin" "$here/src/bench/kotlin" "$here/src/example/kotlin"
fi
# The runtime classpath the tests and the benchmark use.
echo "$out/tdjson.jar:$jna:$coroutines:$klib/kotlin-stdlib.jar" >"$out/classpath"
echo "kotlin: built $out/tdjson.jar"
