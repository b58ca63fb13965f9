#!/usr/bin/env bash
# All benchmarks of issue 6 in one run: native throughput (criterion), sizes, the TF-IDF + logistic-
# regression baseline, in-browser timings (Chromium + the extension, and the www demo). Writes
# bench-out/*.json, then prints one JSON object (bench-out/summary.json) and the budget table
# (bench-out/table.md). Run after `make build` (`make bench` does). BENCH_RUNS (default 3) sets the
# number of browser runs (medians are reported). About 6 minutes after the builds on 2 shared cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
OUT=bench-out
TARGET="${CARGO_TARGET_DIR:-target}"
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/table.md
say() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
start=$(date +%s)

say "native core (criterion: cargo bench --bench core)"
if [ -f benches/core.rs ]; then
  # Short measurement: enough for MB/s to ±a few %; the whole run stays under ~10 minutes.
  cargo bench --quiet --bench core -- --noplot --warm-up-time 1 --measurement-time 3 2>&1 | tee "$OUT/criterion.txt" >&2 || say "criterion failed (see $OUT/criterion.txt)"
  node bench/criterion.mjs "$TARGET/criterion" "$OUT/criterion.txt" > "$OUT/criterion.json"
else
  say "benches/core.rs missing: native throughput not measured"
fi

say "sizes"
node bench/sizes.mjs > "$OUT/sizes.json"

say "TF-IDF + logistic regression baseline (scikit-learn in .venv)"
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sklearn' 2>/dev/null; then
  python3 -m venv .venv && .venv/bin/pip install -q scikit-learn
fi
.venv/bin/python bench/baseline.py ../shared/data/labels/clauses.jsonl target/release/clausemark > "$OUT/baseline.json"

say "in the browser (Chromium + extension, and the www demo)"
node bench/browser.mjs > "$OUT/browser.json"

node bench/report.mjs "$OUT"
say "done in $(( $(date +%s) - start )) s"
