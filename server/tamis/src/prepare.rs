//! What a process that analyses text builds on a second thread from its start, shared by the
//! command line and the language server: the parts of the analysis built at their first use
//! that most texts need (`tamis_analysis::prepare_start`: the phone metadata), then those the
//! first text needs (`tamis_analysis::prepare_for`), what the rules read last first. So this
//! work overlaps the reading of the arguments and files and the rules on a second core,
//! rather than following them (start-up of `tamis check` on one small file, the first
//! diagnostics of the server). No result changes: what the analysing thread reaches first it
//! builds itself, this thread waiting, or the other way round.

use std::sync::{Condvar, Mutex, Once};

use tamis_analysis::config::Settings;

/// The first text analysed, its head, with the settings it is analysed with: set once.
struct FirstText {
    text: Mutex<Option<(String, Settings)>>,
    given: Condvar,
}

static FIRST: FirstText = FirstText {
    text: Mutex::new(None),
    given: Condvar::new(),
};

/// How much of the first text [`first_text`] keeps: `tamis_analysis::prepare_for` judges the
/// numbers of the first 64 KiB at most, and a release's words tell its language well before.
const HEAD_CHARS: usize = 16 << 10;

/// Starts the thread, once per process: it builds what most texts need, then waits for the
/// first text ([`first_text`]) and builds what that one needs. A process that never analyses
/// a text leaves it waiting, and exits without it.
pub fn start() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        let spawned = std::thread::Builder::new()
            .name("tamis-prepare".into())
            .spawn(|| {
                tamis_analysis::prepare_start();
                let mut first = FIRST.text.lock().unwrap_or_else(|e| e.into_inner());
                let (head, settings) = loop {
                    if let Some(given) = first.take() {
                        break given;
                    }
                    first = FIRST.given.wait(first).unwrap_or_else(|e| e.into_inner());
                };
                drop(first);
                tamis_analysis::prepare_for(&head, &settings);
            });
        // Only time is lost without it: the analysis builds everything at first use.
        drop(spawned);
    });
}

/// Hands the first text to be analysed to the thread (started if it was not), once per
/// process; an empty text is not handed (there is nothing to prepare for it).
pub fn first_text(text: &str, settings: &Settings) {
    static GIVEN: Once = Once::new();
    if text.is_empty() || GIVEN.is_completed() {
        return;
    }
    GIVEN.call_once(|| {
        start();
        let head: String = text.chars().take(HEAD_CHARS).collect();
        let mut first = FIRST.text.lock().unwrap_or_else(|e| e.into_inner());
        *first = Some((head, settings.clone()));
        FIRST.given.notify_one();
    });
}

/// Whether the command line's arguments name a command that analyses text (all but `lsp`,
/// which starts the thread at `initialize`, `rules`, `eval` and `learn`), read without
/// parsing them: [`start`] is called before the parser runs.
pub fn analyses_text(mut args: impl Iterator<Item = std::ffi::OsString>) -> bool {
    let command = args.nth(1);
    ["check", "fix", "entities", "export", "report", "redact"]
        .iter()
        .any(|c| command.as_deref() == Some(std::ffi::OsStr::new(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = std::ffi::OsString> {
        list.iter()
            .map(std::ffi::OsString::from)
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn only_the_commands_that_analyse_text_start_the_thread_from_main() {
        assert!(analyses_text(args(&["tamis", "check", "a.txt"])));
        assert!(analyses_text(args(&["tamis", "fix", "--diff", "."])));
        assert!(analyses_text(args(&["tamis", "entities", "."])));
        assert!(!analyses_text(args(&["tamis", "lsp"])));
        assert!(!analyses_text(args(&["tamis", "rules"])));
        assert!(!analyses_text(args(&["tamis", "--help"])));
        assert!(!analyses_text(args(&["tamis"])));
        // Options come after the command: one before it is no command.
        assert!(!analyses_text(args(&["tamis", "--version", "check"])));
    }
}
