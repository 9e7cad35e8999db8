//! Times each stage of entity extraction over the benchmark's generated corpus, or over the
//! files of a folder (a development aid for profiling).
use tamis::analysis::{check, entities, Context};
use tamis::config::Settings;

#[path = "../benches/corpus.rs"]
mod corpus;

fn main() {
    // A folder's files are repeated up to 20 MB, so that start-up costs do not count.
    let docs: Vec<String> = match std::env::args().nth(1).filter(|a| a != "-") {
        Some(dir) => {
            let files: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
                .collect();
            let mut docs = Vec::new();
            let mut total = 0;
            while total < 20 << 20 {
                let d = files[docs.len() % files.len()].clone();
                total += d.len();
                docs.push(d);
            }
            docs
        }
        None => corpus::generate(20 << 20),
    };
    let bytes: usize = docs.iter().map(String::len).sum();
    let s = Settings::default();
    let cx = Context {
        settings: &s,
        model: None,
    };
    for d in &docs {
        std::hint::black_box(check(d, cx));
    }
    let start = std::time::Instant::now();
    for d in &docs {
        std::hint::black_box(check(d, cx));
    }
    let check_time = start.elapsed();
    println!(
        "{:<24} {:>9.1?} {:>7.1} MiB/s",
        "check",
        check_time,
        bytes as f64 / check_time.as_secs_f64() / 1048576.0
    );
    entities::stage_times(&docs[..docs.len().min(1000)], cx);
    // More rounds (second argument) for a profiler to sample.
    let rounds: usize = std::env::args().nth(2).map_or(1, |r| r.parse().unwrap());
    for _ in 1..rounds {
        entities::stage_times(&docs, cx);
    }
    let times = entities::stage_times(&docs, cx);
    let total: std::time::Duration = times.iter().map(|t| t.1).sum();
    for (name, t) in &times {
        println!(
            "{name:<24} {t:>9.1?} {:>5.1} % of check",
            t.as_secs_f64() / check_time.as_secs_f64() * 100.0
        );
    }
    println!(
        "{:<24} {total:>9.1?} {:>5.1} % of check",
        "extraction total",
        total.as_secs_f64() / check_time.as_secs_f64() * 100.0
    );
}
