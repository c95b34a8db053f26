#!/usr/bin/env bash
# The engine's sign-in figures next to Telethon 1.44's, against one tdjson-testdc process:
# new login, restart, and N idle signed-in clients (memory, keepalive CPU).
# usage: benches/engine.sh [CLIENTS] [IDLE_SECONDS] [TELETHON_CLIENTS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
clients=${1:-1000}; idle=${2:-130}; tclients=${3:-200}
testdc=$root/target/release/tdjson-testdc
[ -x "$testdc" ] || { echo "engine bench: build first (make build)"; exit 1; }
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
        for i in range(3):
            socks.append(socket.socket()); socks[-1].bind(("127.0.0.1", p + i))
        print(p); break
    except OSError: pass
    finally:
        for s in socks: s.close()')
"$testdc" --listen "127.0.0.1:$port" --rsa-key "$work/key.pem" >"$work/testdc.out" 2>&1 &
pid=$!
for _ in $(seq 600); do [ "$(grep -c '^DC ' "$work/testdc.out" || true)" -ge 3 ] && break; sleep 0.1; done
base=$(( (RANDOM % 4) * 2000 ))
ours=$(TDJSON_TEST_DC="127.0.0.1:$port" TDJSON_TEST_DC_RSA_KEY="$work/key.pem.pub" BENCH_PHONE_BASE=$base \
  cargo bench --quiet --manifest-path "$root/Cargo.toml" --bench engine -- "$clients" "$idle")
theirs=$("$py" "$root/benches/telethon_engine.py" --port "$port" --rsa-pub "$work/key.pem.pub" \
  --clients "$tclients" --idle "$idle" --phone-base $((base + 12000)))
fig() { grep "^$2 " <<<"$1" | awk '{print $2}'; }
printf '%-36s %12s %12s %8s  %s\n' figure ours telethon ratio goal
row() {
  local a b; a=$(fig "$ours" "$2"); b=$(fig "$theirs" "$2")
  printf '%-36s %12s %12s %8s  %s\n' "$1" "$a" "$b" "$(awk "BEGIN{printf \"%.2fx\", $a/$b}")" "$3"
}
row "new login, median ms" login_median_ms "<= 150 ms"
row "restart to Ready, median ms" restart_median_ms "<= 20 ms"
row "RSS per idle client KiB" rss_per_client_kib "<= 100 KiB"
row "CPU ms per client-minute" cpu_ms_per_client_minute "<= 1 ms"
printf '%-36s %12s %12s\n' "clients" "$(fig "$ours" clients)" "$(fig "$theirs" clients)"
printf '%-36s %12s %12s\n' "  signed in, s" "$(fig "$ours" clients_signed_in_s)" "$(fig "$theirs" clients_signed_in_s)"
printf '%-36s %12s\n' "  threads (ours)" "$(fig "$ours" threads)"
echo "(Telethon's restart needs the network: connect until is_user_authorized(); ours is from the database, offline.)"
