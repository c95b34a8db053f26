#!/usr/bin/env bash
# Real clients, unmodified, hold a conversation through our libtdjson against tdjson-testdc: for
# each of tdl and python-telegram, two accounts in one process sign up, exchange a text and its
# reply, and A sends a document that B downloads byte for byte (chat_*.{js,py}).
# usage: tests/clients/chat.sh OURS_LIB TESTDC_BINARY
set -euo pipefail
ours=$(realpath "$1"); testdc=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
deps="$root/.cache/clients"   # installed by run.sh
[ -d "$deps/node_modules/tdl" ] && [ -x "$deps/venv/bin/python" ] || { echo "FAIL chat: $deps has no tdl or venv (tests/clients/run.sh installs them)"; exit 1; }
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

. "$here/testdc.sh"
start_testdc "$testdc" "$work" || exit 1
pid=$testdc_pid

fail=0
converse() {  # name, phone A, phone B, command...
  local name=$1 a=$2 b=$3; shift 3
  local start=$SECONDS rc=0
  mkdir -p "$work/$name"
  # The script bounds each wait itself (30 s); this outer bound only catches a hung process.
  timeout 180 "$@" "$ours" "$work/$name" "$a" "$b" 2>"$work/$name.err" | sed "s/^/$name: /" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "FAIL $name: the conversation failed after $((SECONDS - start)) s (exit $rc); its stderr ends:"
    tail -20 "$work/$name.err"
    fail=1
  else
    echo "ok   $name: the conversation passed in $((SECONDS - start)) s"
  fi
}
# A and B on different DCs, so messages and files cross between them.
n=$((RANDOM % 10000)); s1=$(printf '%04d' "$n"); s2=$(printf '%04d' $(((n + 1) % 10000)))
converse tdl "999661$s1" "999662$s1" env NODE_PATH="$deps/node_modules" node "$here/chat_tdl.js"
converse python-telegram "999663$s1" "999661$s2" "$deps/venv/bin/python" "$here/chat_python_telegram.py"
exit $fail
