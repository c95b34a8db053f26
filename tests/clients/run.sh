#!/usr/bin/env bash
# Real third-party clients, unmodified, against our libtdjson and the real one: the same script's
# transcript must be identical. usage: tests/clients/run.sh OURS_LIB ANCHOR_LIB
set -euo pipefail
ours=$(realpath "$1"); anchor=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
deps="$root/.cache/clients"
mkdir -p "$deps"

# Installed inside the clone (pinned versions); fails loudly when a registry is unreachable.
. "$root/tests/retry.sh"
if ! (cd "$deps" && NODE_PATH="$deps/node_modules" node -e 'require("tdl")' 2>/dev/null); then
  [ -f "$deps/package.json" ] || echo '{"private":true}' > "$deps/package.json"
  retry sh -c "cd '$deps' && npm install --no-audit --no-fund --silent tdl@8.1.0 >&2"
fi
if [ ! -x "$deps/venv/bin/python" ] || ! "$deps/venv/bin/python" -c 'import telegram' 2>/dev/null; then
  [ -x "$deps/venv/bin/python" ] || python3 -m venv "$deps/venv"
  retry "$deps/venv/bin/pip" install --quiet --disable-pip-version-check python-telegram==2.0.0 >&2
fi

# TDLib orders nothing between an answer and an unrelated update (ours answers setTdlibParameters
# at once, TDLib after opening its database), so events are compared per kind, in order.
by_kind() { python3 -c '
import json, sys
lines = [l for l in sys.stdin.read().splitlines() if l.strip()]
kinds = []
for l in lines:
    k = json.loads(l)["kind"]
    if k not in kinds: kinds.append(k)
for k in kinds:
    for l in lines:
        if json.loads(l)["kind"] == k: print(l)
'; }

fail=0
compare() {  # name, command prefix...
  local name=$1; shift
  local out_ours out_ref work
  work=$(mktemp -d)
  out_ours=$(timeout 60 "$@" "$ours" "$work/ours" 2>"$work/ours.err" | by_kind; exit "${PIPESTATUS[0]}") || { echo "FAIL $name: our run failed:"; cat "$work/ours.err"; echo "$out_ours"; fail=1; return; }
  out_ref=$(timeout 60 "$@" "$anchor" "$work/ref" 2>"$work/ref.err" | by_kind; exit "${PIPESTATUS[0]}") || { echo "FAIL $name: reference run failed:"; cat "$work/ref.err"; fail=1; return; }
  if [ "$out_ours" == "$out_ref" ]; then
    echo "ok   $name: $(printf '%s\n' "$out_ours" | wc -l) events identical to TDLib's"
  else
    echo "FAIL $name: transcripts differ (< ours, > TDLib)"
    diff <(printf '%s\n' "$out_ours") <(printf '%s\n' "$out_ref") | head -40
    fail=1
  fi
  rm -rf "$work"
}

compare "tdl@8.1.0 (Node)" env NODE_PATH="$deps/node_modules" node "$here/tdl_client.js"
compare "python-telegram 2.0.0" "$deps/venv/bin/python" "$here/python_telegram_client.py"
# And the same clients signing in for real, against tdjson-testdc.
"$here/login.sh" "$ours" "$root/target/release/tdjson-testdc" || fail=1
# And two accounts of each client talking: a text, its reply, a document A uploads and B downloads.
"$here/chat.sh" "$ours" "$root/target/release/tdjson-testdc" || fail=1
exit $fail
