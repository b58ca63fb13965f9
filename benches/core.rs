//! Native throughput of the core (issue 6): segment + classify + summarise, i.e.
//! `clausemark::analyze` on the blocks `clausemark::doc::load` makes of the 19 policies of
//! `../shared/data/policies`, all together and the largest (Facebook.md) alone.
//!
//! Run: `cargo bench --bench core` (about a minute after the build). Criterion reports MB/s
//! (Throughput::Bytes, over the policies' Markdown bytes) and clauses/s (Throughput::Elements, over
//! the clauses `analyze` reports); a line per corpus also prints both from a plain timing loop.
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clausemark::{analyze, Block, Options};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

struct Corpus {
    name: &'static str,
    /// The documents' bytes as read from disk (what MB/s is measured over).
    bytes: u64,
    /// One block list per document (each document is analysed on its own, as a page would be).
    docs: Vec<Vec<Block>>,
    clauses: u64,
}

fn policies_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/policies")
}

fn load(path: &PathBuf) -> (u64, Vec<Block>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let blocks = clausemark::doc::load(&bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
    (bytes.len() as u64, blocks)
}

fn run(docs: &[Vec<Block>]) -> u64 {
    let options = Options::default();
    docs.iter()
        .map(|blocks| analyze(black_box(blocks), &options).stats.clauses as u64)
        .sum()
}

fn corpus(name: &'static str, paths: &[PathBuf]) -> Corpus {
    let mut bytes = 0;
    let mut docs = Vec::new();
    for p in paths {
        let (n, blocks) = load(p);
        bytes += n;
        docs.push(blocks);
    }
    let clauses = run(&docs);
    Corpus {
        name,
        bytes,
        docs,
        clauses,
    }
}

fn corpora() -> Vec<Corpus> {
    let dir = policies_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 19, "the 19 policies of {}", dir.display());
    vec![
        corpus("all-policies", &paths),
        corpus("facebook", &[dir.join("Facebook.md")]),
    ]
}

/// A plain timing loop, printed so that clauses/s and MB/s show without reading criterion's files.
fn print_rates(c: &Corpus) {
    let start = Instant::now();
    let mut rounds = 0u32;
    while rounds < 3 || start.elapsed() < Duration::from_secs(1) {
        black_box(run(&c.docs));
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64() / f64::from(rounds);
    println!(
        "core/{}: {} bytes, {} clauses: {:.1} MB/s, {:.0} clauses/s ({:.2} ms per pass)",
        c.name,
        c.bytes,
        c.clauses,
        c.bytes as f64 / secs / 1e6,
        c.clauses as f64 / secs,
        secs * 1e3
    );
}

fn bench(cr: &mut Criterion) {
    let corpora = corpora();
    for c in &corpora {
        print_rates(c);
    }
    let mut g = cr.benchmark_group("analyze");
    for c in &corpora {
        g.throughput(Throughput::Bytes(c.bytes));
        g.bench_with_input(BenchmarkId::new("bytes", c.name), c, |b, c| {
            b.iter(|| run(&c.docs))
        });
    }
    g.finish();
    let mut g = cr.benchmark_group("analyze-clauses");
    for c in corpora.iter().filter(|c| c.name == "all-policies") {
        g.throughput(Throughput::Elements(c.clauses));
        g.bench_with_input(BenchmarkId::new("clauses", c.name), c, |b, c| {
            b.iter(|| run(&c.docs))
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench
}
criterion_main!(benches);
