//! Check throughput, single-threaded, on a generated corpus of about 50 MB built from the sample
//! corpus with variations (names, numbers and digits changed per copy).
//!
//! `cargo bench --bench check` prints MB/s (criterion's throughput in bytes).
//!
//! The `reference` group runs check, and check with entity extraction, on the reference corpus
//! (`../shared/corpus/iom-fr`, real releases, repeated up to 20 MiB) when it sits beside the
//! checkout: what extraction adds to check there is the figure the entities issue sets a limit on.

// The allocator the binary uses (`src/main.rs`), so that the figures are those users get.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tamis_analysis::config::Settings;
use tamis_analysis::{check, Context, Model};

mod corpus;
use corpus::{generate, repeated};

fn bench_check(c: &mut Criterion) {
    let corpus = generate(50 << 20);
    let bytes: usize = corpus.iter().map(String::len).sum();
    let mut model = Model::new();
    for doc in &corpus {
        model.add_document(doc);
    }
    let settings = Settings::default();
    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("corpus-50MB-with-model", |b| {
        b.iter(|| {
            let cx = Context {
                settings: &settings,
                model: Some(&model),
            };
            corpus
                .iter()
                .map(|d| black_box(check(d, cx)).len())
                .sum::<usize>()
        })
    });
    group.bench_function("corpus-50MB-no-model", |b| {
        b.iter(|| {
            let cx = Context {
                settings: &settings,
                model: None,
            };
            corpus
                .iter()
                .map(|d| black_box(check(d, cx)).len())
                .sum::<usize>()
        })
    });
    group.finish();
    // Entity extraction on the same corpus, to compare with `check` without a model.
    let mut entities = c.benchmark_group("entities");
    entities.throughput(Throughput::Bytes(bytes as u64));
    entities.sample_size(10);
    entities.bench_function("corpus-50MB", |b| {
        b.iter(|| {
            let cx = Context {
                settings: &settings,
                model: None,
            };
            corpus
                .iter()
                .map(|d| black_box(tamis_analysis::entities::extract_text(d, cx)).len())
                .sum::<usize>()
        })
    });
    entities.bench_function("check-and-extract-corpus-50MB", |b| {
        b.iter(|| {
            let cx = Context {
                settings: &settings,
                model: None,
            };
            corpus
                .iter()
                .map(|d| black_box(tamis_analysis::check_and_extract(d, cx)).1.len())
                .sum::<usize>()
        })
    });
    entities.finish();
    if let Some(reference) = repeated(None, 20 << 20) {
        let bytes: usize = reference.iter().map(String::len).sum();
        let cx = Context {
            settings: &settings,
            model: None,
        };
        let mut group = c.benchmark_group("reference");
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(20);
        group.bench_function("check-iom-fr-20MB", |b| {
            b.iter(|| {
                reference
                    .iter()
                    .map(|d| black_box(check(d, cx)).len())
                    .sum::<usize>()
            })
        });
        group.bench_function("check-and-extract-iom-fr-20MB", |b| {
            b.iter(|| {
                reference
                    .iter()
                    .map(|d| black_box(tamis_analysis::check_and_extract(d, cx)).1.len())
                    .sum::<usize>()
            })
        });
        group.finish();
    } else {
        eprintln!("reference: ../shared/corpus/iom-fr is missing; its benchmarks are skipped");
    }
    let mut learn = c.benchmark_group("learn");
    learn.throughput(Throughput::Bytes(bytes as u64));
    learn.sample_size(10);
    learn.bench_function("corpus-50MB", |b| {
        b.iter(|| {
            let mut m = Model::new();
            for doc in &corpus {
                m.add_document(doc);
            }
            m.documents()
        })
    });
    learn.finish();
    // One typical release, the editor's per-keystroke cost.
    let one = &corpus[5];
    let mut single = c.benchmark_group("check-one-release");
    single.throughput(Throughput::Bytes(one.len() as u64));
    single.bench_function("release", |b| {
        b.iter(|| {
            check(
                black_box(one),
                Context {
                    settings: &settings,
                    model: Some(&model),
                },
            )
            .len()
        })
    });
    single.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
