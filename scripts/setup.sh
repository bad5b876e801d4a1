#!/usr/bin/env bash
# Installs what the build and tests need, only when missing: the wasm32
# target, wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in
# Cargo.lock, and the npm dev dependencies. Idempotent; fast when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$want" != "$have" ]; then
  echo "setup: installing wasm-bindgen-cli $want (have: ${have:-none}); about 90 s, once"
  # No --locked: one of its locked dependencies is not in the registry index here.
  cargo install wasm-bindgen-cli --version "$want" --no-default-features
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
