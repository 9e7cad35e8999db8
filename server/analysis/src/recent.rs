//! What was computed from each line of the last texts of a batch, by line text, so that a text
//! that shares lines with those before it (the pages of a site, their menu and footer) computes
//! only its own: the page detector's measures, the corpus model's keys.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::text::LineKeys;

/// The texts whose lines [`RecentLines`] keeps after them at least, while its lines hold at
/// most [`RECENT_BYTES`].
pub(crate) const RECENT_TEXTS: u32 = 8;
/// The bytes of line text [`RecentLines`] keeps for the texts before the last one: beyond them,
/// only the last text's lines stay.
pub(crate) const RECENT_BYTES: usize = 1 << 20;

thread_local! {
    /// The corpus model's keys of the lines of the last texts read on this thread, by
    /// `learn_keys` or by a batch's check against a model it did not learn (see
    /// `check_in_batch_keyed`): a corpus of pages is read in batches whose pages share their
    /// site's menu and footer, and a line's keys depend on its text alone (the table's lookup
    /// hashes a line several times faster than the keys' byte-by-byte FNV chains).
    pub(crate) static RECENT_KEYS: RefCell<RecentLines<LineKeys>> = RefCell::default();
}

/// A value computed from a line's text alone, for the lines of the last [`RECENT_TEXTS`] texts
/// and of the text being read.
///
/// One table holds them all, each line with the number of the last text that held it: a line
/// met again is one lookup (a table per text costs three: a miss in the text's own, a removal
/// from the last one's, an insertion), and the table keeps its capacity from text to text. The
/// lines of several texts rather than of the last one alone: a batch interleaves the pages of
/// several sites (files sorted by path, the chunks of the threads), and a page of another site
/// between two pages of one made the second compute the site's menu and footer again.
#[derive(Debug)]
pub(crate) struct RecentLines<V> {
    /// The lines of the texts read last and of the text being read, with the number of the
    /// last text that held each.
    pub(crate) lines: HashMap<Box<str>, (V, u32), foldhash::fast::FixedState>,
    /// The bytes of the lines of `lines`.
    bytes: usize,
    /// The number of the text being read.
    pub(crate) text: u32,
}

impl<V> Default for RecentLines<V> {
    fn default() -> Self {
        RecentLines {
            lines: HashMap::default(),
            bytes: 0,
            text: 0,
        }
    }
}

impl<V: Copy> RecentLines<V> {
    /// The value of line `t`: kept, or `compute(t)` now and kept.
    #[inline]
    pub(crate) fn get(&mut self, t: &str, compute: impl FnOnce(&str) -> V) -> V {
        if let Some((v, seen)) = self.lines.get_mut(t) {
            *seen = self.text;
            return *v;
        }
        self.add(t, compute(t))
    }

    /// Keeps the value of a line met for the first time: apart from [`RecentLines::get`], whose
    /// lookup (most lines are met again) then stays small enough to be inlined whole.
    #[cold]
    #[inline(never)]
    fn add(&mut self, t: &str, v: V) -> V {
        self.bytes += t.len();
        self.lines.insert(t.into(), (v, self.text));
        v
    }

    /// Forgets the lines of the texts before the last [`RECENT_TEXTS`] read, every
    /// [`RECENT_TEXTS`] texts (the table is read whole to find them: it holds the lines of
    /// [`RECENT_TEXTS`] to twice as many texts); those of every text but the last one as soon as
    /// the lines kept hold more than [`RECENT_BYTES`].
    pub(crate) fn next_text(&mut self) {
        let last = self.text;
        let oldest = if self.bytes > RECENT_BYTES {
            1
        } else if last % RECENT_TEXTS == RECENT_TEXTS - 1 {
            RECENT_TEXTS
        } else {
            0
        };
        if oldest > 0 {
            let mut bytes = 0;
            self.lines.retain(|t, (_, seen)| {
                let keep = last.wrapping_sub(*seen) < oldest;
                bytes += if keep { t.len() } else { 0 };
                keep
            });
            self.bytes = bytes;
        }
        self.text = last.wrapping_add(1);
    }
}
