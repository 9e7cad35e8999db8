//! Times `check`, entity extraction and each of its stages over the benchmark's generated corpus
//! (`-`) or over the files of a folder, repeated up to 20 MB; each figure is the best of
//! `ROUNDS` rounds (second argument, 3 by default). A development aid for profiling.
use std::time::{Duration, Instant};
// The allocator the binary uses (`src/main.rs`), so that the figures are those users get.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use tamis_analysis::config::Settings;
use tamis_analysis::{check, check_and_extract, entities, Context};

#[path = "../benches/corpus.rs"]
mod corpus;

fn best(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let docs: Vec<String> = match std::env::args().nth(1).filter(|a| a != "-") {
        Some(dir) => corpus::repeated(Some(&dir), 20 << 20).expect("a folder of readable files"),
        None => corpus::generate(20 << 20),
    };
    let rounds: usize = std::env::args().nth(2).map_or(3, |r| r.parse().unwrap());
    let bytes: usize = docs.iter().map(String::len).sum();
    let s = Settings::default();
    let cx = Context {
        settings: &s,
        model: None,
    };
    let check_time = best(rounds, || {
        for d in &docs {
            std::hint::black_box(check(d, cx));
        }
    });
    let extract_time = best(rounds, || {
        for d in &docs {
            std::hint::black_box(entities::extract_text(d, cx));
        }
    });
    let both_time = best(rounds, || {
        for d in &docs {
            std::hint::black_box(check_and_extract(d, cx));
        }
    });
    let mib = |t: Duration| bytes as f64 / t.as_secs_f64() / 1048576.0;
    let share = |t: Duration| t.as_secs_f64() / check_time.as_secs_f64() * 100.0;
    println!(
        "{} documents, {:.1} MiB",
        docs.len(),
        bytes as f64 / 1048576.0
    );
    for (name, t) in [
        ("check", check_time),
        ("extract_text", extract_time),
        ("check_and_extract", both_time),
    ] {
        println!(
            "{name:<24} {t:>9.1?} {:>6.1} MiB/s {:>6.1} % of check",
            mib(t),
            share(t)
        );
    }
    println!(
        "{:<24} {:>+9.1} %",
        "extraction adds",
        (both_time.as_secs_f64() / check_time.as_secs_f64() - 1.0) * 100.0
    );
    let mut stages: Vec<(&str, Duration)> = Vec::new();
    for _ in 0..rounds {
        for (k, (name, t)) in entities::stage_times(&docs, cx).into_iter().enumerate() {
            match stages.get_mut(k) {
                Some(s) => s.1 = s.1.min(t),
                None => stages.push((name, t)),
            }
        }
    }
    println!("stages (best of {rounds}):");
    for (name, t) in &stages {
        println!("  {name:<22} {t:>9.1?} {:>6.1} % of check", share(*t));
    }
}
