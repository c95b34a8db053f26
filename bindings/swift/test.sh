#!/usr/bin/env bash
# The Swift binding's XCTest suite (called by bindings/test.sh in `make test`).
# Debian 12 has no Swift toolchain, so this runs in a Debian 13 (trixie) folder made with
# debootstrap under <clone>/.cache/trixie, with Debian's swiftlang 6.0.3 installed inside (once;
# later runs reuse it). The package, the header and target/release/{libtdjson.so,tdjson-testdc}
# are copied in; `swift build` and `swift test` run there under chroot, and each test starts its
# own tdjson-testdc on loopback (the chroot shares the network). Override the binaries with
# TDJSON_LIBRARY and TDJSON_TESTDC. Needs root (chroot, mount).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/retry.sh"
lib=${TDJSON_LIBRARY:-$root/target/release/libtdjson.so}
testdc=${TDJSON_TESTDC:-$root/target/release/tdjson-testdc}
for f in "$lib" "$testdc"; do
  [ -e "$f" ] || { echo "swift: $f is missing (make build)"; exit 1; }
done

R="$root/.cache/trixie"
stamp="$R/.tdjson-swiftlang-6.0"
chroot_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

mounted=
cleanup() { [ -n "$mounted" ] && umount "$R/proc" 2>/dev/null || true; }
trap cleanup EXIT
mount_proc() { # swift finds its libraries through /proc/self/exe
  if ! mountpoint -q "$R/proc"; then mount -t proc proc "$R/proc"; mounted=1; fi
}
in_chroot() { chroot "$R" /usr/bin/env -i HOME=/root PATH="$chroot_path" LANG=C.UTF-8 "$@"; }

# The mirror this machine's apt uses (deb822 or one-line sources), for the trixie folder too.
mirror() {
  local m
  m=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | grep '/debian/\?$' | head -n1 || true)
  [ -n "$m" ] || m=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -n1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

if [ ! -e "$stamp" ]; then
  start=$SECONDS
  if ! command -v debootstrap >/dev/null; then
    retry apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive retry apt-get install -y -q debootstrap >/dev/null
  fi
  m=$(mirror)
  mkdir -p "$root/.cache"
  echo "swift: installing Debian trixie and swiftlang into .cache/trixie (from $m)"
  mountpoint -q "$R/proc" 2>/dev/null && umount "$R/proc"
  retry bash -c "rm -rf '$R' && debootstrap --variant=minbase trixie '$R' '$m' >'$root/.cache/trixie.log' 2>&1" ||
    { tail -20 "$root/.cache/trixie.log"; exit 1; }
  mount_proc
  retry in_chroot sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends swiftlang libc6-dev libstdc++-14-dev' \
    >>"$root/.cache/trixie.log" 2>&1 || { tail -20 "$root/.cache/trixie.log"; exit 1; }
  touch "$stamp"
  echo "swift: toolchain installed in $((SECONDS - start)) s: $(in_chroot swift --version 2>/dev/null | head -n1)"
fi
mount_proc

# A fresh copy of the sources each run; the build folder (/tdjson-build) is kept.
dest="$R/tdjson"
rm -rf "$dest"
mkdir -p "$dest/bindings/swift" "$dest/target/release"
(cd "$here" && tar --exclude=./.build --exclude=./.swiftpm -cf - .) | tar -C "$dest/bindings/swift" -xf -
cp -r "$root/include" "$dest/include"
cp "$lib" "$dest/target/release/libtdjson.so"
cp "$testdc" "$dest/target/release/tdjson-testdc"

rel=/tdjson/target/release
link=(-Xlinker -L$rel -Xlinker -rpath -Xlinker $rel)
start=$SECONDS
in_chroot bash -c "cd /tdjson/bindings/swift && swift build --build-tests --scratch-path /tdjson-build ${link[*]}"
echo "swift: built in $((SECONDS - start)) s"
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
