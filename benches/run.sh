#!/usr/bin/env bash
# Side-by-side benchmark of our libtdjson and TDLib's (the four goals of the C ABI issue).
# usage: benches/run.sh [OURS_LIB] [ANCHOR_LIB]   (defaults: target/release/libtdjson.so, .anchor)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ours=${1:-$root/target/release/libtdjson.so}
anchor=${2:-$(bash "$root/../shared/tools/setup_anchor.sh" "${ANCHOR_DIR:-$root/.anchor}" | tail -n1)}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/abi_bench" "$root/benches/abi_bench.c" -ldl

figure() { grep "^$2 " <<<"$1" | awk '{print $2}'; }
measure() {  # lib -> all figures
  "$work/abi_bench" "$1" exec "${EXEC_N:-200000}" 3
  "$work/abi_bench" "$1" latency "${LATENCY_N:-10000}"
  "$work/abi_bench" "$1" rss 1000
}
a=$(measure "$ours"); b=$(measure "$anchor")
strip --strip-all -o "$work/ours.so" "$ours"; strip --strip-all -o "$work/tdlib.so" "$anchor"
size_a=$(stat -c %s "$work/ours.so"); size_b=$(stat -c %s "$work/tdlib.so")

printf '%-32s %14s %14s %9s  %s\n' figure ours tdlib ratio goal
row() {  # name, ours, tdlib, ratio expression, goal text
  printf '%-32s %14s %14s %9s  %s\n' "$1" "$2" "$3" "$(awk "BEGIN{printf \"%.2fx\", $4}")" "$5"
}
for f in getTextEntities parseTextEntities; do
  x=$(figure "$a" exec_${f}_calls_per_s); y=$(figure "$b" exec_${f}_calls_per_s)
  row "td_execute $f calls/s" "$x" "$y" "$x/$y" "ours/tdlib >= 3"
done
x=$(figure "$a" latency_median_us); y=$(figure "$b" latency_median_us)
row "round trip median us" "$x" "$y" "$x/$y" "ours/tdlib <= 0.5"
for f in latency_p90_us latency_p99_us; do
  printf '%-32s %14s %14s\n' "round trip ${f#latency_}" "$(figure "$a" $f)" "$(figure "$b" $f)"
done
x=$(figure "$a" rss_total_kib); y=$(figure "$b" rss_total_kib)
row "RSS library+1000 clients KiB" "$x" "$y" "$x/$y" "ours/tdlib <= 0.2"
printf '%-32s %14s %14s\n' "  of which library KiB" "$(figure "$a" rss_library_kib)" "$(figure "$b" rss_library_kib)"
printf '%-32s %14s %14s\n' "  threads" "$(figure "$a" threads)" "$(figure "$b" threads)"
row "stripped .so bytes" "$size_a" "$size_b" "$size_a/$size_b" "ours/tdlib <= 0.25"
