# Sourced by build.sh, test.sh and bench.sh: where the Debian 13 (trixie) folder with the Swift
# toolchain lives (<clone>/.cache/trixie) and how to run commands in it under chroot.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/retry.sh"
lib=${TDJSON_LIBRARY:-$root/target/release/libtdjson.so}
testdc=${TDJSON_TESTDC:-$root/target/release/tdjson-testdc}
for f in "$lib" "$testdc"; do
  [ -e "$f" ] || { echo "swift: $f is missing (make build)"; exit 1; }
done

R="$root/.cache/trixie"
stamp="$R/.tdjson-swiftlang-6.0"
rel=/tdjson/target/release # libtdjson.so and tdjson-testdc, inside
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
