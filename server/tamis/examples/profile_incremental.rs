//! The analysis after one keystroke, full or incremental, on the language server benchmark's
//! documents (`benches/lsp.rs`), for timing with a profiler or `time`:
//!
//!     cargo run --release --example profile_incremental -- full|incremental clean|damaged|release|FILE [EDITS]
//!
//! Prints the time per edit and, for `incremental`, how many parts were analysed again. With a
//! file (the reference releases one after another, say), that file's text is edited. Under
//! `valgrind --tool=callgrind`, the instructions of `N` keystrokes are those of a run with `N`
//! edits less those of a run with 0.

use std::sync::Arc;
use std::time::Instant;

use tamis_analysis::config::Settings;
use tamis_analysis::{Context, Incremental};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map_or("incremental", String::as_str);
    let doc = args.get(2).map_or("damaged", String::as_str);
    let edits: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(20);
    // `EDITS` may be 0, for the analysis of the text alone.
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/sample-corpus/");
    let release = std::fs::read_to_string(format!("{sample}fr-02-haiti-fonds.txt")).unwrap();
    let clean = std::fs::read_to_string(format!("{sample}es-01-retornos.txt")).unwrap();
    let (mut text, size) = match doc {
        "release" => (String::new(), 4096),
        "clean" => (release.clone(), 5 << 20),
        "damaged" => (String::new(), 5 << 20),
        path => (std::fs::read_to_string(path).expect("a UTF-8 file"), 0),
    };
    let repeated = if doc == "clean" { &clean } else { &release };
    while text.len() < size {
        text.push_str(repeated);
    }
    let settings = Arc::new(Settings::default());
    let cx = Context {
        settings: &settings,
        model: None,
    };
    let mut parts = Incremental::new();
    let findings = match mode {
        "full" => tamis_analysis::check(&text, cx).len(),
        _ => parts.check(&text, &settings, cx).len(),
    };
    // Type one character at the start of line 40,000 (or 40), as the benchmark does.
    let line = if text.len() > 100_000 { 40_000 } else { 40 };
    let at = text
        .match_indices('\n')
        .nth(line - 1)
        .or_else(|| text.match_indices('\n').next_back())
        .map_or(0, |(i, _)| i + 1);
    let started = Instant::now();
    let mut analysed = 0;
    for _ in 0..edits {
        text.insert(at, 'é');
        match mode {
            "full" => {
                tamis_analysis::check(&text, cx);
            }
            _ => {
                parts.check(&text, &settings, cx);
                analysed += parts.last_counts().1;
            }
        }
    }
    let per_edit = started.elapsed().as_secs_f64() * 1e3 / edits.max(1) as f64;
    println!(
        "{mode} {doc}: {} bytes, {findings} findings, {per_edit:.2} ms per edit, {} parts of {} analysed per edit",
        text.len(),
        analysed / edits.max(1),
        parts.last_counts().0
    );
}
