// Native throughput (issue 6): reads criterion's results (<target>/criterion/**/new/{benchmark,estimates}.json,
// written by `cargo bench --bench core`) and prints JSON: per benchmark the mean time per iteration
// and, from its declared throughput, MB/s (Bytes) or elements/s (Elements, i.e. clauses/s).
// Also picks up the plain-loop lines benches/core.rs prints ("core/NAME: B bytes, C clauses: X MB/s,
// Y clauses/s (…)") from criterion's captured output, when given.
// Usage: node bench/criterion.mjs [criterion dir] [captured output]
//   (default dir: $CARGO_TARGET_DIR/criterion or target/criterion)
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] || join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'criterion');

function* newDirs(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = join(d, e.name);
    if (e.name === 'new' && existsSync(join(p, 'benchmark.json')) && existsSync(join(p, 'estimates.json'))) yield p;
    else if (e.name !== 'base' && e.name !== 'change' && e.name !== 'report') yield* newDirs(p);
  }
}

const benchmarks = [];
if (existsSync(dir)) {
  for (const d of newDirs(dir)) {
    const b = JSON.parse(readFileSync(join(d, 'benchmark.json'), 'utf8'));
    const est = JSON.parse(readFileSync(join(d, 'estimates.json'), 'utf8'));
    const ns = (est.slope && est.slope.point_estimate) || est.mean.point_estimate;
    const t = b.throughput || {};
    const bytes = t.Bytes ?? t.BytesDecimal ?? null;
    const elements = t.Elements ?? null;
    benchmarks.push({
      id: b.full_id || b.title,
      ns_per_iter: Math.round(ns),
      ms_per_iter: Math.round(ns / 1e4) / 100,
      bytes,
      elements,
      mb_per_s: bytes ? Math.round((bytes / ns) * 1e3 * 10) / 10 : null, // bytes/ns × 1e9 / 1e6
      elements_per_s: elements ? Math.round((elements / ns) * 1e9) : null,
    });
  }
}
benchmarks.sort((a, b) => a.id.localeCompare(b.id));

const plain = [];
if (process.argv[3] && existsSync(process.argv[3])) {
  const re = /^core\/(\S+): (\d+) bytes, (\d+) clauses: ([\d.]+) MB\/s, ([\d.]+) clauses\/s/;
  for (const line of readFileSync(process.argv[3], 'utf8').split('\n')) {
    const m = re.exec(line.trim());
    if (m) plain.push({ corpus: m[1], bytes: +m[2], clauses: +m[3], mb_per_s: +m[4], clauses_per_s: +m[5] });
  }
}
// A corpus on which the model fires on nothing measures a core that skips most of its work.
const invalid = plain.filter((p) => p.clauses === 0).map((p) => `${p.corpus}: 0 clauses reported`);
process.stdout.write(JSON.stringify({ dir, benchmarks, plain, invalid }, null, 2) + '\n');
