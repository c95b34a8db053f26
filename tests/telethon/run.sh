#!/usr/bin/env bash
# Telethon 1.44 against tdjson-testdc: every scenario over the four TCP transports, the control
# interface's faults, and a restart with --data. usage: tests/telethon/run.sh [TESTDC_BINARY]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
testdc=${1:-$root/target/release/tdjson-testdc}
[ -x "$testdc" ] || { echo "telethon: $testdc not built" >&2; exit 1; }
. "$root/tests/retry.sh"
py=$(retry bash "$root/../shared/tools/setup_telethon.sh" "$root/.cache/telethon-venv" | tail -n1)
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() {  # a base port with the three after it free too (3 DCs + control)
  # Below the kernel's ephemeral range (32768+), so outgoing connections do not take them.
  "$py" - <<'PY'
import socket, random
for _ in range(200):
    p = random.randrange(20000, 32000)
    socks = []
    try:
        for i in range(4):
            socks.append(socket.socket())
            socks[-1].bind(("127.0.0.1", p + i))
        print(p); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
PY
}

start() {  # start testdc with the given extra args, wait until it prints its DC lines
  # A restart keeps the ports (reuse_port=1): saved sessions remember their DC's address.
  # A fresh start that dies at once (a port taken meanwhile) is tried again on other ports.
  local attempt
  for attempt in 1 2 3; do
    [ -n "${reuse_port:-}" ] || port=$(free_port)
    control=$((port + 3))
    "$testdc" --listen "127.0.0.1:$port" --rsa-key "$work/key.pem" --control "127.0.0.1:$control" "$@" \
      >"$work/testdc.out" 2>"$work/testdc.err" &
    pid=$!
    # The first start makes a 2048-bit RSA key, which can take a while on a busy machine.
    for _ in $(seq 600); do
      [ "$(grep -c '^DC ' "$work/testdc.out" 2>/dev/null || true)" -ge 3 ] && return 0
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=
    echo "telethon: testdc did not start (attempt $attempt)"; cat "$work/testdc.out" "$work/testdc.err"
    [ -z "${reuse_port:-}" ] || break
  done
  exit 1
}
stop() {  # SIGTERM must end it cleanly
  kill -TERM "$pid"; local rc=0; wait "$pid" || rc=$?; pid=
  [ "$rc" -eq 0 ] || { echo "telethon: testdc exited $rc on SIGTERM"; tail -20 "$work/testdc.err"; exit 1; }
}

fail=0
start
for t in full intermediate abridged obfuscated; do
  extra=(); [ "$t" = full ] && extra=(--faults)
  "$py" "$here/suite.py" --port "$port" --control "$control" --rsa-pub "$work/key.pem.pub" \
    --transport "$t" "${extra[@]}" 2>>"$work/suite.err" || fail=1
done
stop

# Restart with --data: everything made before must still be there.
start --data "$work/data"
"$py" "$here/suite.py" --port "$port" --control "$control" --rsa-pub "$work/key.pem.pub" \
  --persist before "$work/persist.json" 2>>"$work/suite.err" || fail=1
stop
reuse_port=1 start --data "$work/data"
"$py" "$here/suite.py" --port "$port" --control "$control" --rsa-pub "$work/key.pem.pub" \
  --persist after "$work/persist.json" 2>>"$work/suite.err" || fail=1
stop
[ "$fail" -eq 0 ] || { echo "--- suite stderr (tail)"; tail -60 "$work/suite.err"; }
exit $fail
