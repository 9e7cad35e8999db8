//! A progress bar on stderr while a long run goes (only when stderr is a terminal), and the
//! messages printed meanwhile kept clear of it.

use std::io::IsTerminal;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bar of the running phase; errors and notes suspend it to print.
static CURRENT: Mutex<Option<ProgressBar>> = Mutex::new(None);

fn current() -> MutexGuard<'static, Option<ProgressBar>> {
    CURRENT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A phase of a run over `total` files: `learning`, `checking`, `fixing`.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    pub fn start(phase: &'static str, total: usize) -> Progress {
        // Hidden unless a person watches: not on pipes, files, CI logs, or for tiny runs.
        let target = if std::io::stderr().is_terminal() && total >= 64 {
            ProgressDrawTarget::stderr_with_hz(10)
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(total as u64), target);
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix:>9.cyan.bold} [{bar:32}] {pos}/{len} files  {per_sec}  ETA {eta}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        bar.set_prefix(phase);
        bar.enable_steady_tick(Duration::from_millis(200));
        *current() = Some(bar.clone());
        Progress { bar }
    }

    pub fn inc(&self, n: usize) {
        self.bar.inc(n as u64);
    }

    /// Runs `f` (which writes to the terminal) with the bar cleared.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        *current() = None;
    }
}

/// Prints a line on stderr, clear of the running bar if there is one.
pub fn eprint_line(line: &str) {
    let bar = current().clone();
    match bar {
        Some(bar) => bar.suspend(|| eprintln!("{line}")),
        None => eprintln!("{line}"),
    }
}
