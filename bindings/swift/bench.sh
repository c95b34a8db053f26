#!/usr/bin/env bash
# Prints what the Swift binding adds over raw C calls into libtdjson (not asserted), built in
# release mode in the trixie folder build.sh installs. usage: bindings/swift/bench.sh [ROUNDS]
set -euo pipefail
. "$(dirname "$0")/chroot.sh"
bash "$here/build.sh" >/dev/null
mount_proc
in_chroot bash -c "cd /tdjson/bindings/swift && swift build -c release --product TDJsonBench \
  --scratch-path /tdjson-build-release -Xlinker -L$rel -Xlinker -rpath -Xlinker $rel >/dev/null 2>&1 &&
  /tdjson-build-release/release/TDJsonBench $*"
