#!/usr/bin/env bash
# The Python binding's suite (pytest), against target/release/{libtdjson.so,tdjson-testdc}.
# Makes a venv under <clone>/.cache/bindings-python/, installs pytest and mypy from PyPI and the
# package with a plain `pip install --no-index bindings/python` (as a user would; the in-tree
# backend needs nothing from an index and leaves nothing in the source folder but
# backend/__pycache__), then runs tests/, which import the installed package.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/retry.sh"
lib="$root/target/release/libtdjson.so"
testdc="$root/target/release/tdjson-testdc"
for f in "$lib" "$testdc"; do
  [ -e "$f" ] || { echo "bindings/python: $f is missing (make build)"; exit 1; }
done

cache="$root/.cache/bindings-python"
venv="$cache/venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
retry "${pip[@]}" install "pytest==8.3.4" "mypy==1.13.0"
"${pip[@]}" install --no-index --force-reinstall --no-deps "$here"

cd "$here/tests"
TDJSON_LIBRARY="$lib" TDJSON_TESTDC="$testdc" TDJSON_SOURCE="$here" \
  "$venv/bin/python" -m pytest -p no:cacheprovider -q --durations=8 "$@"
