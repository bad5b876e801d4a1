# lede — every entry point. The README names two: `make serve` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
SHARED ?= ../shared
PORT ?= 8080
# Largest adversarial input `make bench` times (bytes); 10485760 for the full sweep.
SCALING_MAX ?= 524288
# Largest input whose instructions `make bench` counts under valgrind (exact ratios).
SCALING_IMAX ?= 131072
CARGO_TARGET := $(or $(CARGO_TARGET_DIR),target)
WASM_OUT := $(CARGO_TARGET)/wasm32-unknown-unknown/wasm/lede.wasm
PKG := www/pkg
LEDE := $(CARGO_TARGET)/release/lede
RUST_SRC := $(shell find src -type f) Cargo.toml Cargo.lock

.PHONY: all setup wasm serve test test-native test-browser eval bench model extension fuzz clean

all: wasm

# Installs what is missing (wasm target, pinned wasm-bindgen-cli, npm packages).
setup:
	@scripts/setup.sh

# The browser build: src/ → www/pkg/lede.js + lede_bg.wasm.
wasm: setup $(PKG)/lede_bg.wasm

$(PKG)/lede_bg.wasm: $(RUST_SRC)
	cargo build --lib --target wasm32-unknown-unknown --profile wasm
	wasm-bindgen --target web --remove-name-section --out-dir $(PKG) $(WASM_OUT)
	node scripts/inline-snippets.mjs $(PKG)
	@printf 'wasm: %s bytes, %s gzip\n' $$(wc -c < $@) $$(gzip -9c $@ | wc -c)

$(LEDE): $(RUST_SRC)
	cargo build --release --bin lede

# Build and serve the page on http://127.0.0.1:$(PORT)/
serve: wasm
	node scripts/serve.mjs --root www --port $(PORT)

# Every test: native (unit, doc, golden, properties) then the browser suites.
test: wasm test-native test-browser

test-native:
	LEDE_SHARED=$(abspath $(SHARED)) cargo test --release

# LEDE_BIN: the glue test checks the wasm's spans equal the CLI's.
test-browser: wasm extension $(LEDE)
	LEDE_SHARED=$(abspath $(SHARED)) LEDE_BIN=$(abspath $(LEDE)) node --test --test-concurrency=1 tests/e2e/

# The browser extension: www/extension/ + www/dom.js + the wasm → target/extension/
# (load it unpacked) and target/lede-extension.zip (for a store upload).
extension: wasm
	rm -rf target/extension target/lede-extension.zip
	mkdir -p target/extension/icons
	cp www/extension/manifest.json www/extension/*.js www/extension/*.html www/extension/*.css target/extension/
	cp www/extension/icons/*.png target/extension/icons/
	cp www/dom.js $(PKG)/lede.js $(PKG)/lede_bg.wasm target/extension/
	cd target/extension && python3 -m zipfile -c ../lede-extension.zip *
	@printf 'extension: target/lede-extension.zip, %s bytes\n' $$(wc -c < target/lede-extension.zip)

# Scores on the dev sets, one table.
eval: $(LEDE)
	python3 scripts/eval.py $(LEDE) $(SHARED)

# Speed and size against compromise and wink-nlp, side by side (no assertions).
bench: wasm
	@command -v valgrind >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; } || \
	  echo 'bench: valgrind not installed (apt-get install valgrind): instruction counts will be skipped'
	LEDE_SHARED=$(abspath $(SHARED)) cargo bench --bench native
	cargo run --release --example scaling -- --max $(SCALING_MAX) --instructions --imax $(SCALING_IMAX)
	LEDE_SHARED=$(abspath $(SHARED)) node bench/browser.mjs

# Bounded fuzzing (issue 9), FUZZ_SECONDS per target: cargo-fuzz on nightly
# (installed here from crates.io, once, when a nightly toolchain exists and
# cargo-fuzz is missing), else (or with FUZZ_ENGINE=stable) the stable driver
# examples/fuzz_stable.rs. Exits 1 on a crash; the input is saved under
# fuzz/artifacts/. Only this rule installs cargo-fuzz: `make test` never does.
fuzz: FUZZ_SECONDS ?= 60
fuzz: FUZZ_ENGINE ?= auto
fuzz:
	@if [ "$(FUZZ_ENGINE)" != stable ] && cargo +nightly --version >/dev/null 2>&1 && ! cargo fuzz --version >/dev/null 2>&1; then \
	  echo "fuzz: installing cargo-fuzz (nightly is here, cargo-fuzz is not); once"; \
	  cargo install cargo-fuzz || echo "fuzz: cargo-fuzz install failed; using the stable driver"; \
	fi
	@if [ "$(FUZZ_ENGINE)" != stable ] && cargo +nightly --version >/dev/null 2>&1 && cargo fuzz --version >/dev/null 2>&1; then \
	  status=0; \
	  for t in analyze jsonl; do \
	    mkdir -p fuzz/corpus/$$t; \
	    extra=""; if [ $$t = analyze ] && [ -d "$(SHARED)/articles" ]; then extra="$(abspath $(SHARED))/articles"; fi; \
	    (cd fuzz && cargo +nightly fuzz run -O -a -s none $$t corpus/$$t corpus/seed/$$t $$extra -- \
	      -dict=analyze.dict -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -print_final_stats=1) || status=1; \
	  done; \
	  exit $$status; \
	else \
	  echo "fuzz: running the stable driver (FUZZ_ENGINE=$(FUZZ_ENGINE); cargo-fuzz on nightly not used)"; \
	  LEDE_SHARED=$(abspath $(SHARED)) cargo run --release --example fuzz_stable -- --seconds $(FUZZ_SECONDS); \
	fi

# Retrains the entity model: CoNLL-2003 train (tuned on dev) from $(SHARED)/data/conll2003,
# research data kept out of this repository. Deterministic; about a minute on 2 cores.
model:
	LEDE_SHARED=$(abspath $(SHARED)) cargo run --release --bin train -- --out src/entities/model.bin

clean:
	cargo clean
	rm -rf $(PKG) node_modules
