#!/usr/bin/env bash
# The engine's chat and message figures next to Telethon 1.44's, against one tdjson-testdc
# process: sendMessage round trip, delivery latency, throughput of PAIRS sending and PAIRS
# receiving clients, memory per client holding CHATS chats of 100 messages, and a soak of
# SOAK messages through one client across SOAK_CHATS chats.
# usage: benches/chats.sh [SENDS] [PAIRS] [SECONDS] [HOLDERS] [SOAK] [SOAK_CHATS] [TELETHON_HOLDERS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sends=${1:-300}; pairs=${2:-100}; seconds=${3:-20}; holders=${4:-50}
soak=${5:-100000}; soak_chats=${6:-1000}; tholders=${7:-10}
chats=20; per=100
target=${CARGO_TARGET_DIR:-$root/target}
testdc=$target/release/tdjson-testdc
[ -x "$testdc" ] || { echo "chats bench: build first (make build)"; exit 1; }
. "$root/tests/retry.sh"
py=$(retry bash "$root/../shared/tools/setup_telethon.sh" "$root/.cache/telethon-venv" | tail -n1)
work=$(mktemp -d); pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c '
import socket, random
for _ in range(200):
    p = random.randrange(20000, 32000); socks = []
    try:
        for i in range(4):
            socks.append(socket.socket()); socks[-1].bind(("127.0.0.1", p + i))
        print(p); break
    except OSError: pass
    finally:
        for s in socks: s.close()')
control=127.0.0.1:$((port + 3))
"$testdc" --listen "127.0.0.1:$port" --rsa-key "$work/key.pem" --control "$control" >"$work/testdc.out" 2>&1 &
pid=$!
for _ in $(seq 600); do
  [ "$(grep -c '^DC ' "$work/testdc.out" || true)" -ge 3 ] && curl -sf "http://$control/health" >/dev/null && break
  sleep 0.1
done
cargo bench --quiet --manifest-path "$root/Cargo.toml" --bench chats --no-run 2>/dev/null
ours() {
  TDJSON_TEST_DC="127.0.0.1:$port" TDJSON_TEST_DC_RSA_KEY="$work/key.pem.pub" BENCH_CONTROL=$control \
    cargo bench --quiet --manifest-path "$root/Cargo.toml" --bench chats -- "$@"
}
theirs() {
  "$py" "$root/benches/telethon_chats.py" --port "$port" --rsa-pub "$work/key.pem.pub" --control "$control" "$@"
}
step() { echo "... $*" >&2; }
step "latency ($sends sends each)"
o_lat=$(ours latency "$sends"); t_lat=$(theirs --mode latency --sends "$sends")
step "throughput ($pairs pairs, $seconds s each)"
o_tp=$(ours throughput "$pairs" "$seconds"); t_tp=$(theirs --mode throughput --pairs "$pairs" --seconds "$seconds")
step "memory: $holders accounts x $chats chats x $per messages injected"
setup=$(ours memory-setup "$holders" "$chats" "$per")
o_off=$(ours memory off "$holders" "$chats" "$per"); o_on=$(ours memory on "$holders" "$chats" "$per")
t_mem=$(theirs --mode memory --clients "$tholders" --per "$per")
step "soak: $soak messages across $soak_chats chats"
o_soak=$(ours soak "$soak" "$soak_chats" off); o_soak_db=$(ours soak "$soak" "$soak_chats" on)

fig() { grep "^$2 " <<<"$1" | head -n1 | awk '{print $2}'; }
ratio() { awk "BEGIN{ if ($2 + 0 == 0) print \"-\"; else printf \"%.2fx\", $1/$2 }"; }
printf '%-48s %12s %12s %8s  %s\n' figure ours telethon ratio goal
row() { # label, our output, their output, key, goal
  local a b; a=$(fig "$2" "$4"); b=$(fig "$3" "$4")
  printf '%-48s %12s %12s %8s  %s\n' "$1" "$a" "$b" "$(ratio "${a:-0}" "${b:-0}")" "$5"
}
row "sendMessage -> SendSucceeded, median ms" "$o_lat" "$t_lat" send_median_ms ""
row "sendMessage -> SendSucceeded, p99 ms" "$o_lat" "$t_lat" send_p99_ms ""
row "delivery to the other account, median ms" "$o_lat" "$t_lat" delivery_median_ms ""
row "delivery to the other account, p99 ms" "$o_lat" "$t_lat" delivery_p99_ms ""
row "messages/s, $pairs senders -> $pairs receivers" "$o_tp" "$t_tp" messages_per_s ""
row "CPU s per 1,000 messages received" "$o_tp" "$t_tp" cpu_s_per_1000 ""
row "messages received per CPU s" "$o_tp" "$t_tp" messages_per_cpu_s ">= 5x"
row "RSS per client, $chats chats x $per msgs, db off KiB" "$o_off" "$t_mem" rss_per_client_kib "<= 0.1x"
row "RSS per client, $chats chats x $per msgs, db on KiB" "$o_on" "$t_mem" rss_per_client_kib "<= 0.1x"
printf '%-48s %12s %12s\n' "  heap per client, db off / on KiB (ours)" "$(fig "$o_off" heap_per_client_kib)" "$(fig "$o_on" heap_per_client_kib)"
printf '%-48s %s\n' "  messages fetched: db off, db on, telethon" \
  "$(fig "$o_off" messages_fetched)/$(fig "$o_off" messages_expected), $(fig "$o_on" messages_fetched)/$(fig "$o_on" messages_expected), $(fig "$t_mem" messages_fetched)"
printf '%-48s %12s %12s\n' "  clients measured (ours / telethon)" "$holders" "$tholders"
echo "  soak, resident memory (heap in use) at N messages received, KiB:   db off            db on"
paste -d' ' <(grep '^soak_rss_kib ' <<<"$o_soak" | awk '{print $2, $3, $5}') \
     <(grep '^soak_rss_kib ' <<<"$o_soak_db" | awk '{print $3, $5}') |
  awk 'NF == 5 {printf "  %48d %8d (%6d) %8d (%6d)\n", $1, $2, $3, $4, $5}'
printf '%-48s %12s %12s %8s  %s\n' "soak RSS growth, 20,000 mark to end, %, db off" "$(fig "$o_soak" soak_growth_pct)" "" "" "<= 10%"
printf '%-48s %12s %12s %8s  %s\n' "soak RSS growth, 20,000 mark to end, %, db on" "$(fig "$o_soak_db" soak_growth_pct)" "" "" "<= 10%"
for v in o_soak o_soak_db; do
  printf '%-48s %12s\n' "  $v: received/injected, seconds, views" \
    "$(fig "${!v}" soak_received)/$(fig "${!v}" soak_injected), $(fig "${!v}" soak_seconds) s, $(fig "${!v}" soak_views)"
done
printf '%-48s %12s\n' "  injection into testdc, messages/s" "$(fig "$setup" inject_per_s)"
for name in o_lat t_lat o_tp t_tp o_off o_on t_mem o_soak o_soak_db; do
  e=$(fig "${!name}" errors); l=$(fig "${!name}" lost)
  [ -n "$e$l" ] && [ "${e:-0}${l:-0}" != "00" ] && echo "$name: errors ${e:-0}, lost ${l:-0}"
  grep '^# ' <<<"${!name}" | sed "s/^/$name: /" || true
done
echo "(one testdc for all; ours: one process per figure through the C ABI; counts used: sends $sends, pairs $pairs, $seconds s, holders $holders (Telethon $tholders), soak $soak/$soak_chats)"
