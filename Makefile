# tdjson-rs: build, test, bench. `make test` is the one command CI runs (.ci/run).
CARGO ?= cargo
ANCHOR_DIR ?= $(CURDIR)/.anchor

.PHONY: all build bindings test test-rust test-parity test-clients test-telethon header bench anchor demo clean

all: build

build:
	$(CARGO) build --release --workspace

# The reference libtdjson (TDLib 1.8.65 from npm), installed inside the clone.
anchor:
	@bash -c '. tests/retry.sh && retry bash ../shared/tools/setup_anchor.sh "$(ANCHOR_DIR)"' >/dev/null

test: build anchor bindings
	$(CARGO) test --release --workspace
	ANCHOR_DIR=$(ANCHOR_DIR) tests/run_external.sh
	bindings/test.sh
	$(MAKE) demo

# Two accounts sign up on a local testdc, chat and send files (examples/demo.py, over the C ABI).
demo: build
	python3 examples/demo.py

# First-party bindings (bindings/*/build.sh), over target/release/libtdjson.so.
bindings: build
	bindings/build.sh

header:
	$(CARGO) test --release --test header -- --ignored regenerate

bench: build anchor bindings
	ANCHOR_DIR=$(ANCHOR_DIR) benches/run.sh
	benches/engine.sh
	benches/chats.sh
	benches/files.sh
	bindings/bench.sh

clean:
	$(CARGO) clean
