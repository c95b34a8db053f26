#!/usr/bin/env bash
# Prints what the Swift binding adds over raw C calls into libtdjson (not asserted), built in
# release mode inside the trixie folder test.sh installs. usage: bindings/swift/bench.sh [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
R="$root/.cache/trixie"
[ -e "$R/.tdjson-swiftlang-6.0" ] || { echo "swift: run bindings/swift/test.sh first (it installs the toolchain)"; exit 1; }
[ -d "$R/tdjson/bindings/swift" ] || { echo "swift: run bindings/swift/test.sh first (it copies the sources in)"; exit 1; }
mounted=
trap '[ -n "$mounted" ] && umount "$R/proc"' EXIT
if ! mountpoint -q "$R/proc"; then mount -t proc proc "$R/proc"; mounted=1; fi
rel=/tdjson/target/release
chroot "$R" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 bash -c \
  "cd /tdjson/bindings/swift && swift build -c release --product TDJsonBench --scratch-path /tdjson-build-release \
     -Xlinker -L$rel -Xlinker -rpath -Xlinker $rel >/dev/null && /tdjson-build-release/release/TDJsonBench $*"
