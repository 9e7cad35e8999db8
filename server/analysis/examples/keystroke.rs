//! The analysis after a keystroke, as the language server runs it, without the server: reads a
//! file, analyses it once, then types `N` characters one at a time in its middle (at the start
//! of a line), analysing again after each with [`Incremental`], and prints the time of each
//! analysis (p50, max) and how many findings it gave. For profiles (`perf record`,
//! `valgrind --tool=callgrind`: the instructions of `N` keystrokes are those of a run with `N`
//! less those of a run with 0).
//!
//! `cargo run --release -p tamis-analysis --example keystroke -- FILE [N]`

use std::sync::Arc;
use std::time::Instant;

use tamis_analysis::config::Settings;
use tamis_analysis::{Context, Incremental};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: keystroke FILE [N]");
    let edits: usize = args
        .next()
        .map_or(20, |n| n.parse().expect("a number of edits"));
    let mut text = std::fs::read_to_string(&path).expect("a UTF-8 file");
    let settings = Arc::new(Settings::default());
    let cx = Context {
        settings: &settings,
        model: None,
    };
    let mut inc = Incremental::new();
    let started = Instant::now();
    let found = inc.check(&text, &settings, cx).len();
    println!(
        "first analysis: {:.2} ms, {found} findings",
        started.elapsed().as_secs_f64() * 1e3
    );
    // The start of the line nearest the middle.
    let mut at = text.len() / 2;
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut times = Vec::with_capacity(edits);
    let mut found = 0;
    for _ in 0..edits {
        text.insert(at, 'é');
        let started = Instant::now();
        found = inc.check(&text, &settings, cx).len();
        times.push(started.elapsed());
    }
    times.sort();
    if let (Some(p50), Some(max)) = (times.get(times.len() / 2), times.last()) {
        println!(
            "{edits} keystrokes: p50 {:.2} ms, max {:.2} ms, {found} findings",
            p50.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3
        );
    }
}
