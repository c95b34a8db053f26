#!/usr/bin/env bash
# `make bindings` for Python: checks that the committed stubs (tdjson/*.pyi) are current with
# schema/td_api.tl, then builds the wheel into target/bindings/python/ (pure Python, no compiler,
# no index: the in-tree backend in backend/ builds it with the standard library and picks the
# files it ships itself; it leaves nothing in the source folder but backend/__pycache__).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

python3 "$here/gen_stubs.py" --check

out="$root/target/bindings/python"
mkdir -p "$out"
rm -f "$out"/tdjson-*.whl
python3 -m pip wheel --quiet --disable-pip-version-check --no-index --no-deps -w "$out" "$here"
echo "bindings/python: $(ls "$out"/tdjson-*.whl)"
