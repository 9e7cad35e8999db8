//! Open documents in ropey, changed incrementally in arrival order.

use std::sync::{Arc, Mutex, OnceLock};

use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use crate::positions::{rope_offset, Encoding, Position};

/// An open document.
#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// The analysis of this text, computed once for the diagnostics, the hover, the code
    /// actions, the outline, the semantic tokens and workspace symbols; emptied by every change
    /// (and by a new configuration or model, see `Backend::recheck_all`).
    pub analysis: AnalysisCache,
    /// The findings of the last texts analysed, per paragraph, so that the analysis after a
    /// change redoes only the paragraphs it touched.
    pub parts: Arc<Mutex<tamis_analysis::Incremental>>,
    /// The JSON of the last diagnostics published, for the next (see `publish`).
    pub templates: Arc<Mutex<super::publish::Templates>>,
}

/// The analysis of a text longer than this is dropped on a thread of its own after a change:
/// freeing the findings of a 5 MB document (55,000 of them, each with its strings) took a few
/// milliseconds of the keystroke.
const DROP_LATER: usize = 64 << 10;

/// Drops an analysis on the thread of [`drop_later`] when its text is large.
pub fn drop_large(analysis: Arc<tamis_analysis::ide::Analysis>) {
    if analysis.text().len() > DROP_LATER {
        drop_later(analysis);
    }
}

/// Drops `value` on a thread kept for that, so that the caller does not wait for it.
fn drop_later<T: Send + 'static>(value: T) {
    static DROPPER: OnceLock<std::sync::mpsc::Sender<Box<dyn Send>>> = OnceLock::new();
    let sender = DROPPER.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel::<Box<dyn Send>>();
        std::thread::Builder::new()
            .name("tamis-drop".into())
            .spawn(move || {
                for value in receiver {
                    super::trace::mark("drop: start");
                    drop(value);
                    super::trace::mark("drop: done");
                }
            })
            .expect("a thread can be started");
        sender
    });
    // The thread never ends, so the value is always taken; dropped here if it were not.
    let _ = sender.send(Box::new(value));
}

/// A text analysed at most once.
pub type AnalysisCache = Arc<OnceLock<Arc<tamis_analysis::ide::Analysis>>>;

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
            analysis: AnalysisCache::default(),
            parts: Arc::default(),
            templates: Arc::default(),
        }
    }

    /// Applies one change: a range replaced, or the whole text when no range is given. Positions
    /// past the end are clamped, as the specification allows.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
        let last = std::mem::take(&mut self.analysis);
        if last.get().is_some_and(|a| a.text().len() > DROP_LATER) {
            drop_later(last);
        }
        match change.range {
            None => self.rope = Rope::from_str(&change.text),
            Some(range) => {
                let pos = |p: tower_lsp_server::ls_types::Position| Position {
                    line: p.line,
                    character: p.character,
                };
                let start = rope_offset(&self.rope, pos(range.start), encoding);
                let end = rope_offset(&self.rope, pos(range.end), encoding).max(start);
                let (start, end) = (self.rope.byte_to_char(start), self.rope.byte_to_char(end));
                self.rope.remove(start..end);
                self.rope.insert(start, &change.text);
            }
        }
    }

    pub fn text(&self) -> String {
        text(&self.rope)
    }
}

/// The text of `rope`, in a string allocated once: `to_string` grows it as it writes, which on a
/// 5 MB document copied it about twenty times, a millisecond of every keystroke.
pub fn text(rope: &Rope) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    rope.chunks().for_each(|chunk| text.push_str(chunk));
    text
}
