#!/usr/bin/env bash
# Tests that run outside `cargo test`: TDLib parity and real third-party clients.
# Each part fails loudly when what it needs (the reference library, npm, PyPI) is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "external tests: none yet"
