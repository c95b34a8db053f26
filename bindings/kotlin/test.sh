#!/usr/bin/env bash
# The Kotlin/JVM binding's JUnit 5 suite (called by bindings/test.sh in `make test`), run with
# JUnit's console launcher over <clone>/target/release/libtdjson.so; each test starts its own
# tdjson-testdc on loopback. Override the binaries with TDJSON_LIBRARY and TDJSON_TESTDC.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export TDJSON_LIBRARY=${TDJSON_LIBRARY:-$root/target/release/libtdjson.so}
export TDJSON_TESTDC=${TDJSON_TESTDC:-$root/target/release/tdjson-testdc}
for f in "$TDJSON_LIBRARY" "$TDJSON_TESTDC"; do
  [ -e "$f" ] || { echo "kotlin: $f is missing (make build)"; exit 1; }
done
bash "$here/build.sh" >/dev/null # rebuilds only what changed
cp=$(cat "$here/build/classpath")
export TDJSON_KT_EXAMPLE_CP="$cp:$here/build/tdjson-dev.jar"
report=$(mktemp -d)
trap 'rm -rf "$report"' EXIT
status=0
java -jar /usr/share/java/junit-platform-console-standalone.jar \
  --class-path "$cp:$here/build/tdjson-dev.jar" --scan-class-path="$here/build/tdjson-dev.jar" \
  --fail-if-no-tests --disable-banner --disable-ansi-colors --details=tree --reports-dir "$report" || status=$?
# One closing line for any reader: counts from the JUnit XML report.
python3 - "$report" <<'EOF'
import sys, glob, xml.etree.ElementTree as ET
t = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.xml"):
    for suite in ET.parse(path).getroot().iter("testsuite"):
        t += int(suite.get("tests", 0)); s += int(suite.get("skipped", 0))
        f += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
print(f"kotlin: {t - f - s} passed, {f} failed, {s} skipped")
EOF
exit $status
