#!/usr/bin/env bash
# Real clients, unmodified, sign in through our libtdjson against tdjson-testdc (no TDLib here:
# TDLib trusts only Telegram's servers). usage: tests/clients/login.sh OURS_LIB TESTDC_BINARY
set -euo pipefail
ours=$(realpath "$1"); testdc=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
deps="$root/.cache/clients"   # installed by run.sh
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

. "$here/testdc.sh"
start_testdc "$testdc" "$work" || exit 1
pid=$testdc_pid

fail=0
check() {  # name, phone, first, last, command...
  local name=$1 phone=$2 first=$3 last=$4; shift 4
  local out
  if ! out=$(timeout 90 "$@" "$ours" "$work/$name" "$phone" 2>"$work/$name.err"); then
    echo "FAIL $name: login failed"; tail -20 "$work/$name.err"; fail=1; return
  fi
  local want="{\"state\": \"READY\", \"me\": {\"first_name\": \"$first\", \"last_name\": \"$last\", \"phone_number\": \"$phone\"}}"
  local got
  got=$(printf '%s\n' "$out" | tail -n1 | python3 -c 'import json,sys; d=json.load(sys.stdin); d["state"]=d["state"].replace("authorizationStateReady","READY"); print(json.dumps(d, sort_keys=False))')
  if [ "$got" == "$want" ]; then
    echo "ok   $name: login() reached Ready against testdc and getMe answered $first $last"
  else
    echo "FAIL $name: got $got, want $want"; fail=1
  fi
}
suffix=$(printf '%04d' $((RANDOM % 10000)))
check tdl 999661$suffix Tdl Node env NODE_PATH="$deps/node_modules" node "$here/login_tdl.js"
check python-telegram 999662$suffix Python Telegram "$deps/venv/bin/python" "$here/login_python_telegram.py"
exit $fail
