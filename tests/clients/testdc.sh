# Sourced by login.sh and chat.sh. start_testdc TESTDC_BINARY WORKDIR: starts tdjson-testdc on a
# free loopback port (three tries), waits until its three DCs listen, and exports TDJSON_TEST_DC
# and TDJSON_TEST_DC_RSA_KEY for the engine. Sets testdc_pid; the caller kills it. Returns 1
# (after printing testdc's stderr) when it never starts.
start_testdc() {
  local testdc=$1 work=$2 port attempt
  testdc_pid=
  for attempt in 1 2 3; do
    port=$(python3 -c '
import socket, random
for _ in range(200):
    p = random.randrange(20000, 32000)
    socks = []
    try:
        for i in range(3):
            socks.append(socket.socket()); socks[-1].bind(("127.0.0.1", p + i))
        print(p); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
')
    "$testdc" --listen "127.0.0.1:$port" --rsa-key "$work/key.pem" >"$work/testdc.out" 2>"$work/testdc.err" &
    testdc_pid=$!
    for _ in $(seq 600); do
      if [ "$(grep -c '^DC ' "$work/testdc.out" 2>/dev/null || true)" -ge 3 ]; then
        export TDJSON_TEST_DC="127.0.0.1:$port" TDJSON_TEST_DC_RSA_KEY="$work/key.pem.pub"
        return 0
      fi
      kill -0 "$testdc_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$testdc_pid" 2>/dev/null; wait "$testdc_pid" 2>/dev/null || true; testdc_pid=
    echo "testdc did not start (attempt $attempt)"; cat "$work/testdc.err"
  done
  return 1
}
