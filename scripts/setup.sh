#!/usr/bin/env bash
# Idempotent set-up for a fresh machine of this kind (Debian, root, registries only).
# Quick when already done: every step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS="${CLAUSEMARK_TOOLS:-$HOME/.cache/clausemark-tools}"
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# 1. Rust's wasm target.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. The wasm-bindgen CLI, pinned to the exact wasm-bindgen version in Cargo.lock, installed once into a cache.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  say "installing wasm-bindgen-cli $WB_VERSION into $TOOLS (about 5 minutes, once)"
  # No --locked: its lockfile pins a crate version the reachable index lacks (../shared/toolchain.md).
  cargo install wasm-bindgen-cli --version "=$WB_VERSION" --root "$TOOLS"
fi

# 3. Debian packages: Chromium for the browser tests, Firefox ESR for the smoke test.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/firefox-esr ] || need+=(firefox-esr)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# 4. npm packages (playwright-core, web-ext): only when package-lock.json changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.clausemark-lock; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.clausemark-lock
fi
say "ready"
