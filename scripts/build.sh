#!/usr/bin/env bash
# Builds everything: the native CLI, the WASM core, dist/extension (+ zips), dist/www.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="${CLAUSEMARK_TOOLS:-$HOME/.cache/clausemark-tools}"
say() { printf '\033[1m[build]\033[0m %s\n' "$*"; }

say "native CLI (target/release/clausemark)"
cargo build --release --quiet

say "WASM core"
cargo build --profile wasm --quiet --lib --target wasm32-unknown-unknown
rm -rf pkg
"$TOOLS/bin/wasm-bindgen" --target web --out-dir pkg --remove-name-section --remove-producers-section \
  target/wasm32-unknown-unknown/wasm/clausemark.wasm

node scripts/assemble.mjs
