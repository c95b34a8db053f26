#!/usr/bin/env bash
# Builds the Swift package (called by `make bindings` through bindings/build.sh, and by test.sh).
# Debian 12 has no Swift toolchain, so the first run makes a Debian 13 (trixie) folder with
# debootstrap under <clone>/.cache/trixie (from the mirror this machine's apt uses) and installs
# Debian's swiftlang 6.0.3 inside; later runs reuse it. The package, the header and
# target/release/{libtdjson.so,tdjson-testdc} are copied in and `swift build --build-tests`
# runs there under chroot (the build folder /tdjson-build inside is kept between runs).
# Override the binaries with TDJSON_LIBRARY and TDJSON_TESTDC. Needs root (chroot, mount).
set -euo pipefail
. "$(dirname "$0")/chroot.sh"

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

link=(-Xlinker -L$rel -Xlinker -rpath -Xlinker $rel)
start=$SECONDS
in_chroot bash -c "cd /tdjson/bindings/swift && swift build --build-tests --scratch-path /tdjson-build ${link[*]}"
echo "swift: built in $((SECONDS - start)) s"
