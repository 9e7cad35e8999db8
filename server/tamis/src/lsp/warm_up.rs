//! What the analysis builds at first use (word lists, gazetteer, phone metadata expressions,
//! the fast automata), built once per process in the background, in steps, while the editor is
//! quiet.
//!
//! It starts after the first diagnostics are published, or a moment after `initialized` when no
//! document is open. Not before the first diagnostics: an editor opens its first document right
//! after the handshake, and a warm-up running beside that analysis slowed it down on two cores
//! (first diagnostics of a 4 KB release 29-43 ms without, 35-72 ms with, `cargo bench --bench
//! lsp`). Nor while the user types: started at once after the first diagnostics, its 20 ms or so
//! of building ran beside the first keystrokes and made them the slowest of a run (the 4 KB
//! release over stdio: the first edit 2.8-4.9 ms in every run against 0.2 ms for the median,
//! and edits 29-41 of some runs over 2 ms). So each step waits until no document has opened or
//! changed for [`QUIET`]; a keystroke that comes during a step shares the cores with that step
//! only.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long no document must have opened or changed before a step of the warm-up runs: longer
/// than the pause between two keystrokes of someone typing.
const QUIET: Duration = Duration::from_millis(250);

/// The process's clock's origin, for [`LAST_ACTIVITY`].
fn origin() -> Instant {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    *ORIGIN.get_or_init(Instant::now)
}

/// When a document last opened or changed, in microseconds from [`origin`].
static LAST_ACTIVITY: AtomicU64 = AtomicU64::new(0);

/// Notes that a document opened or changed: the warm-up's next step waits for [`QUIET`].
pub(super) fn active() {
    let now = origin().elapsed().as_micros() as u64;
    LAST_ACTIVITY.store(now, Ordering::Relaxed);
}

/// How much longer to wait for [`QUIET`], or `None` when it has been quiet that long.
fn wait_needed() -> Option<Duration> {
    let last = Duration::from_micros(LAST_ACTIVITY.load(Ordering::Relaxed));
    let quiet = origin().elapsed().saturating_sub(last);
    QUIET.checked_sub(quiet).filter(|d| !d.is_zero())
}

/// The steps, each a few milliseconds: the warm-up texts (each analysed and its entities
/// extracted, which builds what a text of its kind needs), then the fast automata.
fn steps() -> Vec<Box<dyn FnOnce() + Send>> {
    let mut steps: Vec<Box<dyn FnOnce() + Send>> = tamis_analysis::WARM_UP
        .iter()
        .map(|text| {
            Box::new(move || {
                let settings = tamis_analysis::config::Settings::default();
                let cx = tamis_analysis::Context {
                    settings: &settings,
                    model: None,
                };
                let _ = tamis_analysis::check_and_extract(text, cx);
            }) as Box<dyn FnOnce() + Send>
        })
        .collect();
    steps.push(Box::new(tamis_analysis::build_fast_automata));
    steps
}

/// Starts the warm-up, once per process: a task that runs each step on a blocking thread when
/// the editor has been quiet for [`QUIET`].
pub(super) fn start() {
    static STARTED: AtomicBool = AtomicBool::new(false);
    if STARTED.swap(true, Ordering::Relaxed) {
        return;
    }
    origin();
    tokio::spawn(async {
        for step in steps() {
            while let Some(wait) = wait_needed() {
                tokio::time::sleep(wait).await;
            }
            if tokio::task::spawn_blocking(step).await.is_err() {
                return;
            }
        }
    });
}
