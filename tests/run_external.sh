#!/usr/bin/env bash
# Tests that run outside `cargo test`: TDLib parity, real third-party clients, and Telethon
# against tdjson-testdc. Each part fails loudly when what it needs (the reference library,
# npm, PyPI) is missing; none passes silently.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
ours=target/release/libtdjson.so
. tests/retry.sh
anchor=$(retry bash ../shared/tools/setup_anchor.sh "${ANCHOR_DIR:-$root/.anchor}" | tail -n1)
[ -f "$ours" ] || { echo "run_external: $ours is not built (make build)"; exit 1; }

status=0
echo "== TDLib parity (tests/parity)"
python3 tests/parity/run.py --ours "$ours" --anchor "$anchor" || status=1
python3 tests/parity/sessions/run.py --ours "$ours" --anchor "$anchor" || status=1
echo "== real clients (tests/clients)"
tests/clients/run.sh "$ours" "$anchor" || status=1
echo "== Telethon against tdjson-testdc (tests/telethon)"
tests/telethon/run.sh target/release/tdjson-testdc || status=1
echo "== Telethon and the engine in one private chat, group and channel (tests/engine/telethon_peer.rs)"
# An empty TELETHON_PYTHON (the venv could not be made) fails the test loudly.
py=$(retry bash ../shared/tools/setup_telethon.sh "$root/.cache/telethon-venv" | tail -n1) || py=
TELETHON_PYTHON="$py" cargo test --release --test engine telethon_peer -- --ignored || status=1
exit $status
