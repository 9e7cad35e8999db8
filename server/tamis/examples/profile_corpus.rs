//! Runs `check` over every file of a folder many times (a development aid for profiling).
use tamis_analysis::config::Settings;
use tamis_analysis::{check, Context, Model};

fn main() {
    let dir = std::env::args().nth(1).expect("a folder");
    let docs: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut model = Model::new();
    docs.iter().for_each(|d| model.add_document(d));
    let s = Settings::default();
    let start = std::time::Instant::now();
    let mut bytes = 0;
    for _ in 0..5 {
        for d in &docs {
            bytes += d.len();
            std::hint::black_box(check(
                d,
                Context {
                    settings: &s,
                    model: Some(&model),
                },
            ));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{:.1} MB/s", bytes as f64 / secs / 1e6);
}
