//! Analysis again after a change, at the cost of the change rather than of the document.
//!
//! A language server analyses the document at every keystroke. Most rules decide on a line from
//! that line and a few lines around it ([`Scope::Lines`](crate::rules::Scope)): their findings
//! on a line change only when the line or its neighbours change. [`Incremental`] cuts the text
//! into parts of a few lines (where a part ends depends on the text of its last line, so that a
//! change moves no end but its own), runs those rules on each part with the lines around it that
//! the rules read, and keeps each part's findings keyed by that text: after a change, only the
//! parts whose text (with its surroundings) changed are analysed again; the others' findings are
//! shifted to their new offsets. The rules of document scope (boilerplate at the head and tail,
//! repeated lines, hard-wrapped paragraphs) run on the whole text every time; `boilerplate-page`
//! keeps the measure of each line it saw, by line text.
//!
//! The key is the text itself, compared in full on a hit, so a cached part is reused only for an
//! identical text: the result is the full analysis's, which a property test and a fuzz target
//! check after random edits.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::Arc;

use crate::boilerplate::Measures;
use crate::config::Settings;
use crate::{finish, rules, Context, Document, DocumentFacts, Finding};

/// The findings of one part, with offsets from the part's start.
#[derive(Debug)]
struct Part {
    /// The part with the lines around it that the rules read.
    context: Box<str>,
    /// Where the part itself lies in `context`.
    inner: Range<usize>,
    facts: DocumentFacts,
    findings: Vec<Finding>,
}

/// The findings of the rules of line scope, per part of the last text analysed, for the next.
#[derive(Debug, Default)]
pub struct Incremental {
    settings: Option<Arc<Settings>>,
    parts: HashMap<u64, Part, foldhash::fast::FixedState>,
    /// The boilerplate measures of the lines of the last text.
    measures: RefCell<Measures>,
    /// How many parts the last analysis found and how many it analysed again.
    last: (usize, usize),
}

impl Incremental {
    pub fn new() -> Incremental {
        Incremental::default()
    }

    /// The findings of every rule on `text`, as [`crate::check`] gives them, analysing again only
    /// the parts that differ from the texts analysed before. The parts are kept for the next
    /// call; they are dropped when the settings change.
    pub fn check(&mut self, text: &str, settings: &Arc<Settings>, cx: Context<'_>) -> Vec<Finding> {
        if !self
            .settings
            .as_ref()
            .is_some_and(|s| Arc::ptr_eq(s, settings))
        {
            self.parts.clear();
            self.settings = Some(settings.clone());
        }
        let mut doc = Document::new(text, cx);
        doc.measures = Some(&self.measures);
        let mut findings = Vec::new();
        rules::run_document_rules(&doc, &mut findings);
        self.measures.borrow_mut().next_text();
        let facts = doc.facts();
        let (before, after) = rules::line_context();
        let lines = line_starts(text);
        let hasher = foldhash::fast::FixedState::with_seed(0x7a6d);
        let mut kept: HashMap<u64, Part, _> =
            HashMap::with_capacity_and_hasher(self.parts.len(), hasher.clone());
        let (mut count, mut analysed) = (0, 0);
        for (first, end) in parts(text, &lines) {
            count += 1;
            let context_start = context_start(text, &lines, first, before);
            let context_end = context_end(text, &lines, end, after);
            let start = lines[first];
            let stop = lines.get(end).copied().unwrap_or(text.len());
            let context =
                &text[lines[context_start]..lines.get(context_end).copied().unwrap_or(text.len())];
            let inner = start - lines[context_start]..stop - lines[context_start];
            let key = hasher.hash_one((context, &inner, facts));
            let same = |p: &Part| &*p.context == context && p.inner == inner && p.facts == facts;
            let part = match (kept.get(&key), self.parts.remove(&key)) {
                (Some(p), _) if same(p) => None,
                (_, Some(p)) if same(&p) => Some(p),
                _ => {
                    analysed += 1;
                    let last = end >= lines.len();
                    Some(analyse(context, inner, last, facts, cx))
                }
            };
            if let Some(part) = part {
                kept.insert(key, part);
            }
            let part = &kept[&key];
            findings.extend(part.findings.iter().map(|f| shifted(f, start as isize)));
        }
        self.parts = kept;
        self.last = (count, analysed);
        finish(&mut findings, cx.settings);
        findings
    }

    /// How many parts the last analysis cut the text into, and how many of them it analysed
    /// (the others were reused).
    pub fn last_counts(&self) -> (usize, usize) {
        self.last
    }
}

/// Runs the rules of line scope on `context` and keeps the findings that start in `inner`
/// (at its end too when the part ends the text), with offsets from `inner.start`.
fn analyse(
    context: &str,
    inner: Range<usize>,
    last: bool,
    facts: DocumentFacts,
    cx: Context<'_>,
) -> Part {
    let doc = Document::part(context, cx, facts);
    let mut found = Vec::new();
    rules::run_line_rules(&doc, &mut found);
    let findings = found
        .into_iter()
        .filter(|f| {
            let s = f.range.start;
            inner.start <= s && (s < inner.end || (last && s == inner.end))
        })
        .map(|f| shifted(&f, -(inner.start as isize)))
        .collect();
    Part {
        context: context.into(),
        inner,
        facts,
        findings,
    }
}

/// A copy of `f` with its offsets (and its fix's) moved by `by` bytes.
fn shifted(f: &Finding, by: isize) -> Finding {
    let moved = |r: &Range<usize>| r.start.wrapping_add_signed(by)..r.end.wrapping_add_signed(by);
    let mut f = f.clone();
    f.range = moved(&f.range);
    if let Some(fix) = &mut f.fix {
        for e in &mut fix.edits {
            e.range = moved(&e.range);
        }
    }
    f
}

/// The byte offset where each line starts (after `\n`).
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .filter(|&i| i < text.len() || i == 0)
        .collect()
}

fn is_blank(text: &str, lines: &[usize], i: usize) -> bool {
    let end = lines.get(i + 1).copied().unwrap_or(text.len());
    text[lines[i]..end].trim().is_empty()
}

/// The parts, as ranges of lines `first..end`. Where a part ends depends only on the text of
/// its last line (a line whose hash ends in three zero bits ends a part; about eight lines per
/// part), or on a length of 32 lines since the last end: a change moves no end but near it, so
/// the parts after a change are the same texts as before it.
fn parts<'t>(text: &'t str, lines: &'t [usize]) -> impl Iterator<Item = (usize, usize)> + 't {
    let hasher = foldhash::fast::FixedState::with_seed(0x5eed);
    let mut first = 0;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < lines.len() {
            let end = lines.get(i + 1).copied().unwrap_or(text.len());
            let ends = hasher.hash_one(&text[lines[i]..end]) & 7 == 0 || i + 1 - first >= 32;
            i += 1;
            if ends {
                let part = (first, i);
                first = i;
                return Some(part);
            }
        }
        if first < lines.len() {
            let part = (first, lines.len());
            first = lines.len();
            return Some(part);
        }
        None
    })
}

/// The first line of the context of a part starting at line `first`: back over `n` lines that
/// are not blank (and the blank lines between them), and one more line, whatever it is.
fn context_start(text: &str, lines: &[usize], first: usize, n: usize) -> usize {
    let mut i = first;
    let mut seen = 0;
    while i > 0 && seen < n {
        i -= 1;
        if !is_blank(text, lines, i) {
            seen += 1;
        }
    }
    i.saturating_sub(1)
}

/// The line after the context of a part ending before line `end`: forward over `n` lines that
/// are not blank, and one more line.
fn context_end(text: &str, lines: &[usize], end: usize, n: usize) -> usize {
    let mut i = end;
    let mut seen = 0;
    while i < lines.len() && seen < n {
        if !is_blank(text, lines, i) {
            seen += 1;
        }
        i += 1;
    }
    (i + 1).min(lines.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use proptest::prelude::*;

    fn full(text: &str, settings: &Settings) -> Vec<Finding> {
        crate::check(
            text,
            Context {
                settings,
                model: None,
            },
        )
    }

    fn incremental(inc: &mut Incremental, text: &str, settings: &Arc<Settings>) -> Vec<Finding> {
        inc.check(
            text,
            settings,
            Context {
                settings,
                model: None,
            },
        )
    }

    const RELEASE: &str = "Qui sommes nous\nStructure\n\nGENÈVE – L'agence a mis en uvre un programme.\n\
        Elle a réuni 30 partenaires à Dakar le 3 mars 2021.\n\nPour plus d'informations :\n\
        Awa Diop, OIM Dakar\nTél. : + 221 33 869 62 00\nE-mail:\n\n\"mailto:adiop@iom.int\">adiop@iom.int\n\
        Tel: 06 12 34 56 78\n\n\nLa rÃ©union a eu lieu.&nbsp;Fin.\n";

    #[test]
    fn cuts_the_text_where_the_lines_say() {
        let text: String = (0..200).map(|i| format!("line {i}\n")).collect();
        let parts = parts_of(&text);
        assert!(parts.len() > 200 / 32, "{parts:?}");
        assert_eq!(parts.first().unwrap().0, 0);
        assert_eq!(parts.last().unwrap().1, 200);
        assert!(parts.windows(2).all(|w| w[0].1 == w[1].0));
        // A line inserted near the start moves no end further on.
        let edited = format!("new\n{text}");
        let shifted: Vec<_> = parts_of(&edited)
            .iter()
            .map(|&(a, b)| (a.max(1) - 1, b - 1))
            .collect();
        assert_eq!(shifted[shifted.len() - 3..], parts[parts.len() - 3..]);
        assert_eq!(parts_of(""), vec![(0, 1)]);
    }

    /// The findings only one side has, for a readable failure.
    fn difference(a: &[Finding], b: &[Finding]) -> String {
        let only = |x: &[Finding], y: &[Finding]| -> Vec<String> {
            x.iter()
                .filter(|f| !y.contains(f))
                .map(|f| format!("{} {:?} {}", f.code, f.range, f.message))
                .collect()
        };
        format!(
            "incremental only: {:?}\nfull only: {:?}",
            only(a, b),
            only(b, a)
        )
    }

    fn parts_of(text: &str) -> Vec<(usize, usize)> {
        let lines = line_starts(text);
        parts(text, &lines).collect()
    }

    #[test]
    fn gives_the_full_analysis_and_reuses_unchanged_parts() {
        let settings = Arc::new(Settings::default());
        let mut inc = Incremental::new();
        let text: String = (0..20)
            .map(|i| RELEASE.replace("30", &format!("{}", 40 + i)))
            .collect();
        assert_eq!(
            incremental(&mut inc, &text, &settings),
            full(&text, &settings)
        );
        let (count, analysed) = inc.last_counts();
        assert_eq!(count, analysed);
        let edited = text.replace("45 partenaires", "46 partenaires");
        assert_eq!(
            incremental(&mut inc, &edited, &settings),
            full(&edited, &settings)
        );
        let (count, analysed) = inc.last_counts();
        assert!(
            analysed < count,
            "{analysed} of {count} parts analysed again"
        );
    }

    fn sample_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "\n",
            "\n\n",
            " ",
            "E-mail:",
            "Tel: ",
            "+ 509 3245 5153",
            "+506 2212.5352",
            "+57 1 6397777",
            "06 12 34 56 78",
            " à Dakar",
            "Courriel :\n",
            "x@iom.int",
            "\"mailto:x@iom.int\">x@iom.int",
            "mis en uvre",
            "rÃ©union",
            "&nbsp;",
            "<br>",
            "Qui sommes nous\n",
            "Structure\n",
            "a [at] b [dot] org",
            "Bonjour à tous.",
            "Le programme est mis en place dans la région.",
            "OIM",
            "@",
            ".",
            ",",
            "é",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// After random edits, the incremental findings are the full analysis's.
        #[test]
        fn equals_the_full_analysis_after_random_edits(
            start in sample_text(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..40, sample_text()), 1..6),
        ) {
            let settings = Arc::new(Settings::default());
            let mut inc = Incremental::new();
            let mut text = start;
            prop_assert_eq!(incremental(&mut inc, &text, &settings), full(&text, &settings));
            for (at, len, insert) in edits {
                let at = crate::text::floor_char_boundary(&text, at.index(text.len() + 1));
                let end = crate::text::floor_char_boundary(&text, (at + len).min(text.len()));
                let insert: String = insert.chars().take(30).collect();
                text.replace_range(at..end, &insert);
                let (a, b) = (incremental(&mut inc, &text, &settings), full(&text, &settings));
                prop_assert!(a == b, "{}\ntext: {:?}", difference(&a, &b), text);
            }
        }
    }

    /// Every text file under `dir` (and its sub-folders) analysed both ways, then again after
    /// a character is typed in its middle; returns how many files were compared.
    fn compare_folder(dir: &std::path::Path) -> usize {
        let settings = Arc::new(Settings::default());
        let mut checked = 0;
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                checked += compare_folder(&path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let mut inc = Incremental::new();
            let name = path.display();
            assert_eq!(
                incremental(&mut inc, &text, &settings),
                full(&text, &settings),
                "{name}"
            );
            let mut edited = text.clone();
            let at = crate::text::floor_char_boundary(&text, text.len() / 2);
            edited.insert(at, 'x');
            let found = incremental(&mut inc, &edited, &settings);
            assert_eq!(found, full(&edited, &settings), "{name}, edited");
            checked += 1;
        }
        checked
    }

    #[test]
    fn equals_the_full_analysis_on_real_corpora() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        assert!(compare_folder(&root.join("tests/sample-corpus")) > 5);
        assert!(compare_folder(&root.join("tests/sites-corpus")) > 5);
        assert!(compare_folder(&root.join("tests/entities-eval")) > 30);
        // The reference corpus and the public web pages, where `../shared` is beside the checkout.
        let shared = root.join("../shared");
        if shared.is_dir() {
            assert!(compare_folder(&shared.join("corpus/iom-fr")) >= 5);
            assert!(compare_folder(&shared.join("testdata/webpages")) > 100);
        }
    }
}
