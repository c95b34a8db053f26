#!/usr/bin/env bash
# The Swift binding's XCTest suite (called by bindings/test.sh in `make test`): build.sh (which
# installs the toolchain on first use), then `swift test` under chroot in .cache/trixie; each
# test starts its own tdjson-testdc on loopback (the chroot shares the network).
set -euo pipefail
. "$(dirname "$0")/chroot.sh"
bash "$here/build.sh"
mount_proc
bin=$(in_chroot sh -c "cd /tdjson/bindings/swift && swift build --show-bin-path --scratch-path /tdjson-build")
status=0
out=$(mktemp)
in_chroot TDJSON_TESTDC=$rel/tdjson-testdc TDJSON_SWIFT_EXAMPLE="$bin/TDJsonExample" \
  sh -c "cd /tdjson/bindings/swift && swift test --skip-build --disable-swift-testing --scratch-path /tdjson-build" 2>&1 |
  tee "$out" || status=$?
# One closing line for any reader, from XCTest's own summary.
python3 - "$out" <<'EOF2'
import re, sys
runs = re.findall(r"Executed (\d+) tests?, with (\d+) failures?", open(sys.argv[1], errors="replace").read())
t, f = (int(runs[-1][0]), int(runs[-1][1])) if runs else (0, 0)
print(f"swift: {t - f} passed, {f} failed")
EOF2
rm -f "$out"
exit $status
