# lede — every entry point. The README names two: `make serve` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
SHARED ?= ../shared
PORT ?= 8080
WASM_OUT := target/wasm32-unknown-unknown/wasm/lede.wasm
PKG := www/pkg
LEDE := target/release/lede
RUST_SRC := $(shell find src -type f) Cargo.toml Cargo.lock

.PHONY: all setup wasm serve test test-native test-browser eval bench model extension clean

all: wasm

# Installs what is missing (wasm target, pinned wasm-bindgen-cli, npm packages).
setup:
	@scripts/setup.sh

# The browser build: src/ → www/pkg/lede.js + lede_bg.wasm.
wasm: setup $(PKG)/lede_bg.wasm

$(PKG)/lede_bg.wasm: $(RUST_SRC)
	cargo build --lib --target wasm32-unknown-unknown --profile wasm
	wasm-bindgen --target web --remove-name-section --out-dir $(PKG) $(WASM_OUT)
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

test-browser: wasm
	LEDE_SHARED=$(abspath $(SHARED)) node --test --test-concurrency=1 tests/e2e/

# Scores on the dev sets, one table.
eval: $(LEDE)
	python3 scripts/eval.py $(LEDE) $(SHARED)

# Speed and size against compromise and wink-nlp, side by side (no assertions).
bench: wasm
	LEDE_SHARED=$(abspath $(SHARED)) cargo bench --bench native
	LEDE_SHARED=$(abspath $(SHARED)) node bench/browser.mjs

clean:
	cargo clean
	rm -rf $(PKG) node_modules
