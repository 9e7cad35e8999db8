//! Aho-Corasick automata that are cheap to build first and fast once there is text to pay for
//! them.
//!
//! A DFA reads text about twice as fast as a contiguous NFA, but it costs several times as much
//! to build: for the boilerplate phrases about 3 ms of a 27 ms `tamis check` of one release,
//! which a single small file never earns back. [`TwoSpeed`] answers with the NFA until the
//! process has read [`DFA_AFTER`] bytes through it, then builds the DFA once and uses it from
//! then on. With the standard match semantics used here, every kind of automaton reports the
//! same matches (aho-corasick documents it), so which one answered never shows in the output.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// The bytes read through the NFA after which the DFA is built: at about a nanosecond a byte
/// saved, the DFA's few milliseconds of construction pay for themselves after a few megabytes,
/// so it is built once a batch or an editor session is clearly under way.
pub const DFA_AFTER: usize = 1 << 20;

/// Whether a [`TwoSpeed`] builds its DFA where it is asked for one, after [`DFA_AFTER`] bytes:
/// yes in a batch; not in a language server, where it is built on a thread of its own (see
/// [`build_fast_on_a_thread`]).
static BUILD_WHEN_READ: AtomicBool = AtomicBool::new(true);

/// From now on, a [`TwoSpeed`] that has read [`DFA_AFTER`] bytes has its DFA built on a thread
/// of its own, and answers with its NFA until it is there (or until the server's warm-up calls
/// [`TwoSpeed::fast`]): a language server's keystroke never waits for a DFA to be built (a few
/// milliseconds).
pub fn build_fast_on_a_thread() {
    BUILD_WHEN_READ.store(false, Ordering::Relaxed);
}

/// An automaton built as a contiguous NFA first, as a DFA after [`DFA_AFTER`] bytes.
pub struct TwoSpeed {
    build: fn(AhoCorasickKind) -> AhoCorasick,
    read: AtomicUsize,
    nfa: OnceLock<AhoCorasick>,
    dfa: OnceLock<AhoCorasick>,
    /// Set when the DFA's thread is started.
    building: AtomicBool,
}

impl TwoSpeed {
    /// `build` makes the automaton of the given kind (the same patterns and options each time).
    pub const fn new(build: fn(AhoCorasickKind) -> AhoCorasick) -> TwoSpeed {
        TwoSpeed {
            build,
            read: AtomicUsize::new(0),
            nfa: OnceLock::new(),
            dfa: OnceLock::new(),
            building: AtomicBool::new(false),
        }
    }

    /// The automaton to read `haystack_len` bytes with.
    pub fn get(&'static self, haystack_len: usize) -> &'static AhoCorasick {
        self.get_as(haystack_len, BUILD_WHEN_READ.load(Ordering::Relaxed))
    }

    /// [`TwoSpeed::get`], building the DFA after [`DFA_AFTER`] bytes here if `here`, on a
    /// thread of its own otherwise.
    fn get_as(&'static self, haystack_len: usize, here: bool) -> &'static AhoCorasick {
        if let Some(dfa) = self.dfa.get() {
            return dfa;
        }
        if self.read.fetch_add(haystack_len, Ordering::Relaxed) >= DFA_AFTER {
            if here {
                return self.fast();
            }
            if !self.building.swap(true, Ordering::Relaxed) {
                // (If no thread can be started, the warm-up builds it.)
                let _ = std::thread::Builder::new()
                    .name("tamis-dfa".into())
                    .spawn(move || {
                        self.fast();
                    });
            }
        }
        self.nfa
            .get_or_init(|| (self.build)(AhoCorasickKind::ContiguousNFA))
    }

    /// The DFA, built now if it is not yet: what a language server's warm-up calls, so that no
    /// keystroke pays for it.
    pub fn fast(&self) -> &AhoCorasick {
        self.dfa.get_or_init(|| (self.build)(AhoCorasickKind::DFA))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(kind: AhoCorasickKind) -> AhoCorasick {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(kind))
            .build(["share", "cookie", "cookies", "read more"])
            .unwrap()
    }

    #[test]
    fn both_speeds_find_the_same_matches() {
        static AC: TwoSpeed = TwoSpeed::new(build);
        let text = "Share this. Cookies! READ MORE about cookie policy";
        let spans = |ac: &AhoCorasick| -> Vec<(usize, usize, usize)> {
            ac.find_iter(text)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect()
        };
        let slow = spans(AC.get(text.len()));
        assert_eq!(AC.get(0).kind(), AhoCorasickKind::ContiguousNFA);
        assert_eq!(slow, spans(AC.fast()));
        assert_eq!(AC.get(0).kind(), AhoCorasickKind::DFA);
    }

    #[test]
    fn the_dfa_comes_after_enough_text() {
        static AC: TwoSpeed = TwoSpeed::new(build);
        assert_eq!(AC.get(DFA_AFTER - 1).kind(), AhoCorasickKind::ContiguousNFA);
        assert_eq!(AC.get(1).kind(), AhoCorasickKind::ContiguousNFA);
        assert_eq!(AC.get(1).kind(), AhoCorasickKind::DFA);
    }

    #[test]
    fn a_server_s_dfa_is_built_on_a_thread_of_its_own() {
        static AC: TwoSpeed = TwoSpeed::new(build);
        assert_eq!(
            AC.get_as(DFA_AFTER - 1, false).kind(),
            AhoCorasickKind::ContiguousNFA
        );
        assert_eq!(AC.get_as(1, false).kind(), AhoCorasickKind::ContiguousNFA);
        assert!(!AC.building.load(Ordering::Relaxed));
        // Past the bytes: the NFA still answers (or the DFA, once built) and a thread builds it.
        AC.get_as(1, false);
        assert!(AC.building.load(Ordering::Relaxed));
        let started = std::time::Instant::now();
        while AC.dfa.get().is_none() {
            assert!(started.elapsed().as_secs() < 60, "the DFA is built");
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert_eq!(AC.get_as(1, false).kind(), AhoCorasickKind::DFA);
    }
}
