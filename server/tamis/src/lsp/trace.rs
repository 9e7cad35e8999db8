//! Timestamps of the stages a message goes through in the server (read by the client's
//! framing guard, handed to the library, handled, its diagnostics written and sent), for
//! finding where the time of a slow keystroke goes. Off unless [`enable`]d: `benches/lsp.rs`
//! turns it on with `TAMIS_BENCH_TRACE=1` and prints the stages of its slowest edits. Off, a
//! mark costs one relaxed load.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// One stage reached: its name, when, and on which thread.
#[derive(Debug, Clone)]
pub struct Mark {
    pub stage: &'static str,
    pub at: Instant,
    pub thread: std::thread::ThreadId,
    /// The thread's name, when it has one (tokio's workers and blocking threads do).
    pub thread_name: Option<String>,
    /// How long this thread has waited, in all, runnable but for a CPU (the second field of
    /// Linux's `/proc/thread-self/schedstat`, in nanoseconds): between two marks of one thread,
    /// the part of the time the system gave to others.
    pub run_delay_ns: Option<u64>,
}

static ON: AtomicBool = AtomicBool::new(false);
static MARKS: Mutex<Vec<Mark>> = Mutex::new(Vec::new());

/// Starts recording marks, in this process, until the end.
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

/// Records that `stage` is reached now, when tracing is on.
#[inline]
pub fn mark(stage: &'static str) {
    if ON.load(Ordering::Relaxed) {
        record(stage);
    }
}

#[cold]
fn record(stage: &'static str) {
    let at = Instant::now();
    let thread = std::thread::current();
    let mark = Mark {
        stage,
        at,
        thread: thread.id(),
        thread_name: thread.name().map(str::to_string),
        run_delay_ns: run_delay(),
    };
    MARKS.lock().unwrap_or_else(|e| e.into_inner()).push(mark);
}

/// This thread's time spent waiting on a run queue, where the system tells it.
fn run_delay() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().nth(1)?.parse().ok()
}

/// The marks recorded since the last call, in the order they were recorded.
pub fn take() -> Vec<Mark> {
    std::mem::take(&mut *MARKS.lock().unwrap_or_else(|e| e.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_kept_once_enabled_and_taken_once() {
        // Off by default: nothing kept (other tests of this binary never enable it first).
        mark("before");
        enable();
        mark("one");
        mark("two");
        let marks = take();
        let stages: Vec<_> = marks.iter().map(|m| m.stage).collect();
        assert!(!stages.contains(&"before"));
        let one = stages.iter().position(|&s| s == "one").unwrap();
        let two = stages.iter().position(|&s| s == "two").unwrap();
        assert!(one < two && marks[one].at <= marks[two].at);
        assert!(!take().iter().any(|m| m.stage == "one"));
    }
}
