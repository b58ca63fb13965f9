# Clausemark task runner. `make demo` and `make test` are the README's two commands.
SHELL := /bin/bash
PORT ?= 8080
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: demo build setup test test-rust test-e2e lint bench fuzz clean

## demo: set up, build everything, serve the www/ demo on 127.0.0.1:$(PORT)
demo: build
	PORT=$(PORT) node scripts/serve.mjs

## build: set up + build (CLI, WASM, dist/extension, zips, dist/www); exits when done
build: setup
	scripts/build.sh

setup:
	scripts/setup.sh

## test: every test (format, lints, Rust tests, WASM build, browser tests)
test: build
	cargo fmt --check
	cargo clippy --all-targets --quiet -- -D warnings
	cargo test --quiet
	node --test --test-concurrency=1 tests/e2e/

test-e2e:
	node --test --test-concurrency=1 tests/e2e/

## bench: criterion (native) + in-browser benchmarks + sizes + TF-IDF baseline; prints JSON and a table
bench: build
	scripts/bench.sh

## fuzz: the long property-test run (not part of `make test`)
fuzz:
	PROPTEST_CASES=$${CASES:-20000} cargo test --release --test fuzz -- --nocapture

clean:
	rm -rf dist pkg target
