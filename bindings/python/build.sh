#!/usr/bin/env bash
# `make bindings` for Python: checks that the committed stubs (tdjson/*.pyi) are current with
# schema/td_api.tl, then builds the wheel into target/bindings/python/ (pure Python, no compiler;
# pip fetches setuptools from PyPI to build it). It is built from a copy of the package's files,
# so the source folder stays clean and the wheel holds only what the package ships.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/retry.sh"

python3 "$here/gen_stubs.py" --check

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/pyproject.toml" "$here/README.md" "$here/tdjson" "$work/"
rm -rf "$work/tdjson/__pycache__"
out="$root/target/bindings/python"
mkdir -p "$out"
rm -f "$out"/tdjson-*.whl
retry python3 -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$out" "$work"
echo "bindings/python: $(ls "$out"/tdjson-*.whl)"
