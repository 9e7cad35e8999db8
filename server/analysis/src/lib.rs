//! The analysis core of tamis: text, settings and an optional corpus model in; findings with
//! byte ranges, fixes and entities out.
//!
//! Nothing here knows of the Language Server Protocol, JSON or files, and nothing can fail: the
//! command line and the language server both call [`check`] (or [`ide::Analysis`]) and convert
//! its plain data at their own boundary.
//!
//! The API: [`check`], [`check_and_extract`] and the fix functions ([`apply_fixes`],
//! [`fix_until_stable`], [`fix_and_extract`], [`select_fixes`]); [`config`] (the settings of `tamis.toml`);
//! [`entities`] (what a release names); [`ide`] (what an editor shows of a document); [`rules`]
//! (every rule with its documentation); [`Model`] (the boilerplate model of a corpus). [`email`]
//! and [`phone`] expose their parsers for the public test suites.

mod automaton;
pub mod boilerplate;
pub mod config;
mod each;
pub mod email;
pub mod entities;
mod fix;
pub mod ide;
mod incremental;
mod lexicon;
mod model;
mod mojibake;
pub mod phone;
mod places;
mod recent;
pub mod rules;
mod text;

use std::cell::OnceCell;
use std::ops::Range;

pub use each::check_each;
pub use fix::{
    apply_edits, apply_fixes, count_findings, fix_and_extract, fix_until_stable,
    fix_until_stable_counted, fix_until_stable_owned, select_fixes, sorted_edits, FixOptions,
    Fixed,
};
pub use incremental::{common_ends, Incremental};
pub use model::{document_keys, learn_keys, Model, TextKeys, MAGIC as MODEL_MAGIC};
pub use mojibake::fix_encoding;
pub use text::{bom_len, collapse, terminator, MAX_TEXT_LEN};

use crate::config::Settings;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

/// How sure tamis is that a fix is right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Keeps the meaning of the text: applied by `tamis fix` and fix-all.
    Safe,
    /// Probably right, but a person should look: applied only with `--unsafe-fixes`.
    Unsafe,
    /// Shown as a suggestion, never applied automatically.
    DisplayOnly,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// The strings of a finding: the message, a fix's title and its edits' texts. A clone shares
/// the text (or copies it, up to 23 bytes, kept inline): the server's incremental analysis
/// carries the findings of the parts an edit did not reach to the next version of the text, and
/// drops the last version's, at every keystroke (56,000 findings on a damaged 5 MB document).
pub use smol_str::SmolStr;

/// The edits of a fix, sorted and disjoint: shared by the copies of a finding, and moved with
/// it without a copy ([`Edits::moved`]). The server's incremental analysis gives every finding
/// of the parts an edit did not reach again at each keystroke, moved by the edit's length
/// (55,000 findings on the damaged 5 MB document of `benches/lsp.rs`): a vector of edits each
/// was an allocation, a copy and a free, a third of a keystroke's instructions on the analysing
/// thread. (The list and how far it is moved are 24 bytes, as a `Vec` was: a finding is still
/// 120 bytes. A `SmallVec` of one edit inline saved the allocation but made a finding 152
/// bytes: the moves of findings (merging, sorting) cost more than the allocations they saved.)
#[derive(Clone)]
pub struct Edits {
    list: std::sync::Arc<[Edit]>,
    /// How far the edits are from where `list` has them.
    by: isize,
}

impl Edits {
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The edits, in order, at their places.
    pub fn iter(&self) -> EditsIter<'_> {
        EditsIter {
            list: self.list.iter(),
            by: self.by,
        }
    }

    /// The place and the text of each edit, in order, without a copy of the text.
    pub fn places(&self) -> impl DoubleEndedIterator<Item = (Range<usize>, &str)> + Clone + '_ {
        let by = self.by;
        self.list
            .iter()
            .map(move |e| (moved(&e.range, by), e.new_text.as_str()))
    }

    pub fn first(&self) -> Option<Edit> {
        self.iter().next()
    }

    pub fn last(&self) -> Option<Edit> {
        self.iter().next_back()
    }

    /// The edits moved by `by` bytes, sharing their list with these.
    pub fn moved(&self, by: isize) -> Edits {
        Edits {
            list: self.list.clone(),
            by: self.by.wrapping_add(by),
        }
    }

    /// Moves the edits by `by` bytes: in place when the list is not shared.
    pub fn move_by(&mut self, by: isize) {
        let by = self.by.wrapping_add(by);
        match std::sync::Arc::get_mut(&mut self.list) {
            Some(list) => {
                list.iter_mut().for_each(|e| e.range = moved(&e.range, by));
                self.by = 0;
            }
            None => self.by = by,
        }
    }

    /// Whether these are `other` moved by `by` bytes, the same list: then they are the same
    /// edits at those places, told without reading them.
    pub fn shares(&self, other: &Edits, by: isize) -> bool {
        std::sync::Arc::ptr_eq(&self.list, &other.list) && self.by == other.by.wrapping_add(by)
    }
}

/// `range` moved by `by` bytes.
fn moved(range: &Range<usize>, by: isize) -> Range<usize> {
    range.start.wrapping_add_signed(by)..range.end.wrapping_add_signed(by)
}

/// The edits of an [`Edits`], at their places.
#[derive(Clone)]
pub struct EditsIter<'a> {
    list: std::slice::Iter<'a, Edit>,
    by: isize,
}

impl EditsIter<'_> {
    fn at(&self, e: &Edit) -> Edit {
        Edit {
            range: moved(&e.range, self.by),
            new_text: e.new_text.clone(),
        }
    }
}

impl Iterator for EditsIter<'_> {
    type Item = Edit;

    fn next(&mut self) -> Option<Edit> {
        let e = self.list.next()?;
        Some(self.at(e))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.list.size_hint()
    }
}

impl DoubleEndedIterator for EditsIter<'_> {
    fn next_back(&mut self) -> Option<Edit> {
        let e = self.list.next_back()?;
        Some(self.at(e))
    }
}

impl ExactSizeIterator for EditsIter<'_> {}

impl<'a> IntoIterator for &'a Edits {
    type Item = Edit;
    type IntoIter = EditsIter<'a>;

    fn into_iter(self) -> EditsIter<'a> {
        self.iter()
    }
}

impl From<Vec<Edit>> for Edits {
    fn from(edits: Vec<Edit>) -> Edits {
        Edits {
            list: edits.into(),
            by: 0,
        }
    }
}

impl<const N: usize> From<[Edit; N]> for Edits {
    fn from(edits: [Edit; N]) -> Edits {
        Edits {
            list: std::sync::Arc::new(edits),
            by: 0,
        }
    }
}

impl FromIterator<Edit> for Edits {
    fn from_iter<I: IntoIterator<Item = Edit>>(edits: I) -> Edits {
        Edits {
            list: edits.into_iter().collect(),
            by: 0,
        }
    }
}

impl PartialEq for Edits {
    fn eq(&self, other: &Edits) -> bool {
        self.shares(other, 0) || (self.len() == other.len() && self.iter().eq(other.iter()))
    }
}

impl Eq for Edits {}

impl std::hash::Hash for Edits {
    /// As the `Vec` of the edits at their places hashes.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        self.iter().for_each(|e| e.hash(state));
    }
}

impl std::fmt::Debug for Edits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// One replacement of a byte range.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: SmolStr,
}

impl Edit {
    pub fn replace(range: Range<usize>, new_text: impl Into<SmolStr>) -> Edit {
        Edit {
            range,
            new_text: new_text.into(),
        }
    }

    pub fn delete(range: Range<usize>) -> Edit {
        Edit::replace(range, "")
    }
}

/// A repair: sorted, non-overlapping edits that belong together.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    pub title: SmolStr,
    pub applicability: Applicability,
    pub edits: Edits,
}

impl Fix {
    /// A fix with the given edits, which must be sorted and disjoint.
    pub fn new(
        title: impl Into<SmolStr>,
        applicability: Applicability,
        edits: impl Into<Edits>,
    ) -> Fix {
        let edits = edits.into();
        debug_assert!(
            edits
                .list
                .windows(2)
                .all(|w| w[0].range.end <= w[1].range.start),
            "edits must be sorted and disjoint"
        );
        Fix {
            title: title.into(),
            applicability,
            edits,
        }
    }

    /// The bytes this fix touches, from its first edit's start to its last edit's end.
    pub fn range(&self) -> Range<usize> {
        let (by, list) = (self.edits.by, &self.edits.list);
        let start = list
            .first()
            .map_or(0, |e| e.range.start.wrapping_add_signed(by));
        let end = list
            .last()
            .map_or(0, |e| e.range.end.wrapping_add_signed(by));
        start..end
    }
}

/// What a rule found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    /// The rule code, such as `phone-malformed`; its family is the part before the first `-`.
    pub code: &'static str,
    pub severity: Severity,
    pub message: SmolStr,
    /// The bytes the finding is about.
    pub range: Range<usize>,
    pub fix: Option<Fix>,
}

/// What the analysis is given besides the text.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub settings: &'a Settings,
    /// The boilerplate model learned from the corpus, when there is one.
    pub model: Option<&'a Model>,
}

/// A text being analysed, with what several rules need computed once.
pub struct Document<'a> {
    pub text: &'a str,
    pub cx: Context<'a>,
    lines: OnceCell<Vec<text::Line<'a>>>,
    phones: OnceCell<Vec<phone::Mention>>,
    emails: OnceCell<Vec<email::Mention>>,
    tokens: OnceCell<entities::tokens::Tokens>,
    french: OnceCell<bool>,
    /// What the rules of document scope computed line by line on the text before a change, when
    /// the text is analysed again after it (see [`incremental`]).
    pub(crate) memo: Option<&'a std::cell::RefCell<incremental::LineMemo>>,
    /// The boilerplate measures of the lines of the texts checked before in a batch (see
    /// [`check_in_batch`]).
    pub(crate) measures: Option<&'a std::cell::RefCell<boilerplate::Measures>>,
    /// The keys of the text's lines, kept from learning the corpus model (see
    /// [`check_in_batch_keyed`]).
    pub(crate) line_keys: Option<&'a TextKeys>,
    /// The keys of the lines of the texts checked before in a batch, for the lines whose keys
    /// were not kept (see [`check_in_batch_keyed`]).
    pub(crate) recent_keys: Option<&'a std::cell::RefCell<recent::RecentLines<text::LineKeys>>>,
}

impl<'a> Document<'a> {
    pub fn new(text: &'a str, cx: Context<'a>) -> Self {
        Document {
            text,
            cx,
            lines: OnceCell::new(),
            phones: OnceCell::new(),
            emails: OnceCell::new(),
            tokens: OnceCell::new(),
            french: OnceCell::new(),
            memo: None,
            measures: None,
            line_keys: None,
            recent_keys: None,
        }
    }

    /// A text given with the keys of its lines kept from learning the model (see
    /// [`check_in_batch_keyed`]), and its lines taken from them rather than split again.
    fn keyed(text: &'a str, cx: Context<'a>, keys: Option<&'a TextKeys>) -> Self {
        let mut doc = Document::new(text, cx);
        if let Some(lines) = keys.and_then(|k| k.lines_of(text)) {
            let _ = doc.lines.set(lines);
        }
        doc.line_keys = keys;
        doc
    }

    /// A part of a larger text, with the facts of the whole text that rules of line scope read
    /// (see [`rules::Scope`]) given rather than computed from the part.
    pub(crate) fn part(text: &'a str, cx: Context<'a>, facts: DocumentFacts) -> Self {
        let doc = Document::new(text, cx);
        let _ = doc.french.set(facts.french);
        doc
    }

    /// What the rules of line scope read of the whole text.
    pub(crate) fn facts(&self) -> DocumentFacts {
        DocumentFacts {
            french: self.looks_french(),
        }
    }

    /// Whether the text is French, judged on its first 64 KiB: enough words to tell the
    /// language, and cheap on huge files.
    pub(crate) fn looks_french(&self) -> bool {
        *self.french.get_or_init(|| {
            let sample = &self.text[..text::floor_char_boundary(self.text, 64 << 10)];
            text::looks_french(sample)
        })
    }

    /// The words and punctuation of the text, with the word lists each word is in: read once
    /// for the rules that look at words and for the entities.
    pub(crate) fn tokens(&self) -> &entities::tokens::Tokens {
        self.tokens
            .get_or_init(|| entities::tokens::tokenize(self.text))
    }

    /// The tokens, when a rule or the entities already read them.
    pub(crate) fn built_tokens(&self) -> Option<&entities::tokens::Tokens> {
        self.tokens.get()
    }

    pub fn lines(&self) -> &[text::Line<'a>] {
        self.lines.get_or_init(|| text::lines(self.text))
    }

    /// The keys of each line ([`text::line_keys`], `None` for a blank line): those kept from
    /// learning the model when the text came with them, else hashed now.
    pub(crate) fn line_keys(&self) -> std::borrow::Cow<'_, [Option<text::LineKeys>]> {
        let lines = self.lines();
        match self.line_keys {
            Some(kept) if kept.lines.len() == lines.len() => {
                std::borrow::Cow::Borrowed(&kept.lines)
            }
            _ => {
                let mut recent = self.recent_keys.map(|r| r.borrow_mut());
                lines
                    .iter()
                    .map(|l| {
                        (!l.is_blank()).then(|| match recent.as_deref_mut() {
                            Some(recent) => recent.get(l.text(), text::line_keys),
                            None => text::line_keys(l.text()),
                        })
                    })
                    .collect()
            }
        }
    }

    /// Drops the lines, when no rule will read them again: [`Document::lines`] would split
    /// the text again.
    pub(crate) fn forget_lines(&mut self) {
        self.lines.take();
    }

    /// Every phone number written in the text, parsed and judged.
    pub fn phones(&self) -> &[phone::Mention] {
        self.phones
            .get_or_init(|| phone::scan(self.text, self.cx.settings))
    }

    /// Every email address (or remnant of one) written in the text.
    pub fn emails(&self) -> &[email::Mention] {
        self.emails.get_or_init(|| {
            let mut found = email::scan(self.text);
            let allow = &self.cx.settings.config.email.allow;
            if !allow.is_empty() {
                found.retain(|m| !allow.iter().any(|a| a.eq_ignore_ascii_case(&m.address)));
            }
            found
        })
    }

    pub fn settings(&self) -> &'a Settings {
        self.cx.settings
    }

    /// The emails and phone numbers of the text, parsed now unless a rule already did.
    pub(crate) fn into_mentions(self) -> (Vec<email::Mention>, Vec<phone::Mention>) {
        self.emails();
        self.phones();
        (
            self.emails.into_inner().unwrap_or_default(),
            self.phones.into_inner().unwrap_or_default(),
        )
    }
}

/// The facts of a whole text that the rules of line scope read, computed once per text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct DocumentFacts {
    pub french: bool,
}

/// Runs every rule on a text and returns the findings sorted by position.
pub fn check(text: &str, cx: Context<'_>) -> Vec<Finding> {
    findings_of(&Document::new(text, cx))
}

/// Texts up to this size leave the boilerplate measures and the corpus keys of their lines to
/// the next texts [`check_in_batch`] checks on the same thread (see `recent.rs`: a few MiB at
/// most); a larger one is checked alone, as [`check`] does.
const BATCH_MEMO_LIMIT: usize = 1 << 20;

thread_local! {
    /// The boilerplate measures of the lines of the texts [`check_in_batch`] checked last on
    /// this thread.
    static BATCH_MEASURES: std::cell::RefCell<boilerplate::Measures> =
        std::cell::RefCell::default();
}

/// [`check`], for one text of a batch: the page detector's measures of the lines that the last
/// texts checked on the same thread also held (see `recent.rs`) are taken from them rather than
/// measured again, and so are the corpus keys of lines not kept from learning the model. The
/// pages of one site share their menu and footer (21 of the 29 to 94 distinct lines of each
/// reference release), and a line's measures and keys depend on its text alone, so the
/// findings are those of [`check`], in whatever order the texts come.
pub fn check_in_batch(text: &str, cx: Context<'_>) -> Vec<Finding> {
    check_in_batch_keyed(text, cx, None)
}

/// [`check_in_batch`] of a text whose lines' keys were kept when the corpus model learned it
/// ([`learn_keys`]): the `boilerplate-corpus` rule takes them rather than hashing each line
/// again, which was about a tenth of `tamis check`'s instructions on a corpus of releases.
/// Keys of another text are ignored when their number of lines differs, and otherwise give
/// wrong findings: they must be the same text's.
pub fn check_in_batch_keyed(text: &str, cx: Context<'_>, keys: Option<&TextKeys>) -> Vec<Finding> {
    if text.len() > BATCH_MEMO_LIMIT {
        return findings_of(&Document::keyed(text, cx, keys));
    }
    BATCH_MEASURES.with(|memo| {
        recent::RECENT_KEYS.with(|recent_keys| {
            let mut doc = Document::keyed(text, cx, keys);
            doc.measures = Some(memo);
            doc.recent_keys = Some(recent_keys);
            let findings = findings_of(&doc);
            memo.borrow_mut().next_text();
            recent_keys.borrow_mut().next_text();
            findings
        })
    })
}

/// [`check`] for a huge text: the same findings in the same order, kept as a few sorted runs
/// rather than one vector, so that the memory of the findings is not doubled while they are
/// gathered and sorted: the findings of the rules of document scope in a run per rule (see
/// [`rules::run_document_rules_apart`]), those of the rules of line scope, run on parts of
/// about 1 MiB as [`check_each`] runs them, in runs of consecutive parts.
pub fn check_apart(text: &str, cx: Context<'_>) -> FindingRuns {
    each::check_apart_in_parts(text, cx, each::EACH_PART, |_| {})
}

/// Moves the offsets of a finding (and of its fix) by `by` bytes.
pub(crate) fn shift(f: &mut Finding, by: isize) {
    f.range = moved(&f.range, by);
    if let Some(fix) = &mut f.fix {
        fix.edits.move_by(by);
    }
}

/// Findings in sorted runs, read in the order of [`check`] by [`FindingRuns::iter`].
#[derive(Debug, Default)]
pub struct FindingRuns {
    /// Each sorted as [`finish`] sorts; findings of equal keys are in one run.
    runs: Vec<Vec<Finding>>,
}

impl From<Vec<Finding>> for FindingRuns {
    /// One run: findings already sorted, as [`check`] gives them.
    fn from(findings: Vec<Finding>) -> Self {
        FindingRuns {
            runs: vec![findings],
        }
    }
}

impl FindingRuns {
    /// How many findings there are.
    pub fn len(&self) -> usize {
        self.runs.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.iter().all(Vec::is_empty)
    }

    /// The findings in one vector, in the order of [`FindingRuns::iter`]. The runs' vectors are
    /// freed at the end: the findings are held twice meanwhile.
    pub fn into_vec(mut self) -> Vec<Finding> {
        if self.runs.len() <= 1 {
            return self.runs.pop().unwrap_or_default();
        }
        self.iter().cloned().collect()
    }

    /// The findings in position order, as [`check`] sorts them: the runs merged (findings of
    /// equal keys are in one run: the order is that of one stable sort of all of them).
    pub fn iter(&self) -> impl Iterator<Item = &Finding> + '_ {
        let key = |f: &Finding| (f.range.start, f.range.end, f.code);
        let mut heads = vec![0usize; self.runs.len()];
        std::iter::from_fn(move || {
            let mut best: Option<(usize, &Finding)> = None;
            for (k, run) in self.runs.iter().enumerate() {
                if let Some(f) = run.get(heads[k]) {
                    if best.is_none_or(|(_, b)| key(f) < key(b)) {
                        best = Some((k, f));
                    }
                }
            }
            let (k, f) = best?;
            heads[k] += 1;
            Some(f)
        })
    }
}

/// Builds, on the caller's thread, what the analysis of `text` would otherwise build at its
/// first use, what the rules read last first: the word lists when `lost-character` will read
/// its words, the expressions of the regions of its numbers when it may hold one ([`phone::prepare_for`]), then the expressions
/// that read addresses and email labels when it holds an `@`. For a second core while the
/// first runs the rules in their order (the first file of `tamis check`, the first document a
/// language server opens, after [`prepare_start`]): the two meet in the middle. It changes no
/// result, and what the first thread reaches first it builds itself, the other waiting.
pub fn prepare_for(text: &str, settings: &config::Settings) {
    rules::prepare_lost_character(text);
    if phone::may_hold_numbers(text) {
        phone::prepare_for(text, settings);
    }
    if memchr::memchr(b'@', text.as_bytes()).is_some() {
        email::prepare();
        rules::prepare_email_missing();
    }
}

/// Builds, on the caller's thread, what the analysis of most texts builds at its first use and
/// that depends on no text: the phone metadata ([`phone::prepare_metadata`], about 8 ms of
/// CPU, the largest part). A process that will analyse text calls it on a second thread as it
/// starts (`tamis check` from `main`, before its arguments are parsed and its files read; the
/// language server at `initialize`), then [`prepare_for`] with its first text.
pub fn prepare_start() {
    phone::prepare_metadata();
}

/// Short texts that, analysed once with [`check_and_extract`], build everything the analysis
/// otherwise builds at its first use (word lists, gazetteer, phone metadata expressions,
/// regexes, automata): about 60 ms of work. A language server analyses them in the background
/// at start, one per thread, so that its first diagnostics do not wait for them.
pub const WARM_UP: [&str; 2] = [
    include_str!("../data/warm-up/contacts.txt"),
    include_str!("../data/warm-up/prose.txt"),
];

pub use automaton::build_fast_on_a_thread;

/// Builds the fast forms of the automata that start in a cheap form (see `automaton`): what
/// they would otherwise build after the first megabyte of text read. A language server's
/// warm-up calls it, so that no keystroke pays for them.
pub fn build_fast_automata() {
    boilerplate::phrases::FINDER.fast();
    boilerplate::phrases::COPYRIGHT_FINDER.fast();
}

/// The findings and the entities of a text, with the emails and phones parsed once for both
/// (what an editor showing both pays); no entity inside a boilerplate finding.
pub fn check_and_extract(text: &str, cx: Context<'_>) -> (Vec<Finding>, Vec<entities::Entity>) {
    let doc = Document::new(text, cx);
    // The entities read every token of a text of one part: built first, the rules that read
    // words (`lost-character`) use them rather than reading their lines again.
    if text.len() <= entities::PART_LIMIT {
        doc.tokens();
    }
    let findings = findings_of(&doc);
    let mut found = entities::extract(&doc);
    entities::drop_inside_boilerplate(&mut found, &findings);
    (findings, found)
}

/// The entities of a text as [`check_and_extract`] gives them (none inside boilerplate), given
/// part by part for a large text (see [`entities::extract_each`]), the findings dropped as soon
/// as the boilerplate is known: `tamis entities` writes each part's records and drops them, so
/// that its memory does not grow with the number of entities.
pub fn extract_each(text: &str, cx: Context<'_>, mut each: impl FnMut(Vec<entities::Entity>)) {
    let mut doc = Document::new(text, cx);
    // Only the boilerplate rules run: they alone make the findings kept here.
    let mut boilerplate = rules::run_boilerplate(&doc);
    // The extraction reads no line of `lines`.
    doc.forget_lines();
    finish(&mut boilerplate, cx.settings);
    boilerplate.shrink_to_fit();
    entities::extract_each(&doc, |mut found| {
        entities::drop_inside_boilerplate(&mut found, &boilerplate);
        each(found);
    });
}

pub(crate) fn findings_of(doc: &Document<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    rules::run_all(doc, &mut findings);
    finish(&mut findings, doc.cx.settings);
    findings
}

/// The configured severities, findings of rules turned off dropped, and the findings sorted by
/// position.
pub(crate) fn finish(findings: &mut Vec<Finding>, settings: &Settings) {
    apply_severities(findings, settings);
    sort_findings(findings);
}

/// The configured severities, findings of rules turned off dropped.
pub(crate) fn apply_severities(findings: &mut Vec<Finding>, settings: &Settings) {
    findings.retain_mut(|f| match settings.severity(f.code, f.severity) {
        Some(s) => {
            f.severity = s;
            true
        }
        None => false,
    });
}

/// What findings are sorted by: their range, then their code.
pub(crate) fn position_key(f: &Finding) -> (usize, usize, &'static str) {
    (f.range.start, f.range.end, f.code)
}

/// Sorts findings by [`position_key`], stably.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| position_key(a).cmp(&position_key(b)));
}

/// Helpers shared by the tests of several modules.
#[cfg(test)]
pub(crate) mod testing {
    /// Numbers drawn by xorshift from a seed: the same draws on every run.
    pub(crate) struct Draws(pub(crate) u64);

    impl Draws {
        /// The next draw, below `n`.
        pub(crate) fn below(&mut self, n: u64) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n) as usize
        }
    }

    /// `count` texts, each of up to `most - 1` of `pieces` drawn one after another by a small
    /// generator (xorshift, the same draws on every run): texts that mix what a scanner must
    /// tell apart, for comparing a fast path with a plain one.
    pub(crate) fn texts_of_pieces(pieces: &[&str], count: usize, most: u64) -> Vec<String> {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut texts = Vec::with_capacity(count);
        for _ in 0..count {
            let mut text = String::new();
            for _ in 0..(state % most) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            state = state.wrapping_add(0x9e37_79b9);
            texts.push(text);
        }
        texts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of a folder and its sub-folders.
    fn texts(dir: &std::path::Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                texts(&path, out);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }

    pub(crate) fn corpora() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut all = Vec::new();
        for dir in [
            "tests/sample-corpus",
            "tests/sites-corpus",
            "tests/entities-eval",
        ] {
            texts(&root.join(dir), &mut all);
        }
        texts(&root.join("../shared/corpus/iom-fr"), &mut all);
        assert!(all.len() > 40);
        // One text of all of them, for many findings of every rule and repeated lines.
        let joined = all.concat();
        all.push(joined);
        all
    }

    #[test]
    fn findings_apart_and_part_by_part_are_those_of_check_in_its_order() {
        let settings = Settings::default();
        let cx = Context {
            settings: &settings,
            model: None,
        };
        for text in corpora() {
            let one = check(&text, cx);
            let apart = check_apart(&text, cx);
            assert_eq!(apart.len(), one.len());
            assert!(
                apart.iter().eq(one.iter()),
                "{}",
                &text[..text.len().min(200)]
            );
            // Parts of a line or two, of a few releases, and of the whole text.
            for size in [1, 200, 4 << 10, 1 << 30] {
                let apart = each::check_apart_in_parts(&text, cx, size, |_| {});
                assert!(
                    apart.iter().eq(one.iter()),
                    "apart, parts of {size} bytes: {}",
                    &text[..text.len().min(200)]
                );
                assert!(apart.into_vec() == one, "apart, parts of {size} bytes");
                let mut each = Vec::new();
                each::check_each_in_parts(&text, cx, size, |f| each.push(f.clone()));
                assert_eq!(each.len(), one.len(), "parts of {size} bytes");
                assert!(
                    each == one,
                    "parts of {size} bytes: {}",
                    &text[..text.len().min(200)]
                );
            }
        }
    }

    #[test]
    fn the_boilerplate_rules_alone_give_the_boilerplate_findings() {
        let settings = Settings::default();
        let cx = Context {
            settings: &settings,
            model: None,
        };
        for text in corpora() {
            let mut all = check(&text, cx);
            all.retain(|f| f.code.starts_with("boilerplate"));
            let mut alone = rules::run_boilerplate(&Document::new(&text, cx));
            finish(&mut alone, &settings);
            assert_eq!(alone, all);
        }
    }

    #[test]
    fn a_batch_finds_what_each_text_alone_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut texts: Vec<String> = ["tests/sample-corpus", "../shared/corpus/iom-fr"]
            .iter()
            .filter_map(|d| std::fs::read_dir(root.join(d)).ok())
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect();
        assert!(texts.len() >= 10, "{}", texts.len());
        let settings = crate::config::Settings::default();
        let cx = crate::Context {
            settings: &settings,
            model: None,
        };
        // In order, then backwards, each text twice in a row, and once more in order: the
        // measures of the text before never change a finding.
        let n = texts.len();
        let order = (0..n).rev().flat_map(|k| [k, k]).chain(0..n);
        let again: Vec<String> = order.map(|k| texts[k].clone()).collect();
        texts.extend(again);
        for text in &texts {
            assert_eq!(super::check_in_batch(text, cx), super::check(text, cx));
        }
    }

    #[test]
    fn a_batch_checked_against_a_model_finds_what_each_text_alone_finds() {
        // Pages of two sites interleaved, their lines drawn from pieces, each page with its
        // site's menu and footer (with digits: the exact keys too), checked against a model of
        // them, without the keys kept from learning it: each line's keys are taken from the
        // table of the lines of the texts before, and the findings are those of each text alone.
        let pieces = [
            "Le conseil a voté ",
            "la loi",
            " ",
            "12 ",
            "Share",
            "\n",
            "\n\n",
            "é",
            "E",
            "contact@example.org",
            "+33 1 23 45 67 89",
            ".",
            ",",
        ];
        let drawn = testing::texts_of_pieces(&pieces, 80, 40);
        let texts: Vec<String> = drawn
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let site = k % 2;
                format!(
                    "Home {site}\nNews {site}\nSport {site}\n\n{t}\n\nShare this {site}\n\
                     © 2024 Site {site}\nTerms {site}\n"
                )
            })
            .collect();
        let mut model = Model::new();
        for t in &texts {
            model.add_document(t);
        }
        let settings = Settings::default();
        let cx = Context {
            settings: &settings,
            model: Some(&model),
        };
        let mut corpus = 0;
        for text in texts.iter().chain(texts.iter().rev()) {
            let alone = check(text, cx);
            corpus += alone
                .iter()
                .filter(|f| f.code == "boilerplate-corpus")
                .count();
            assert_eq!(check_in_batch(text, cx), alone, "{text:?}");
        }
        assert!(corpus >= texts.len(), "{corpus}");
        // And with the keys and the lines kept from learning the model, each text's own,
        // learned in one order and checked in others (with a byte-order mark and each
        // terminator: the lines taken from the starts kept end as those split again).
        let marked: Vec<String> = texts
            .iter()
            .enumerate()
            .map(|(k, t)| match k % 4 {
                0 => format!("\u{feff}{t}"),
                1 => t.replace('\n', "\r\n"),
                2 => t.replace('\n', "\r").trim_end().to_string(),
                _ => t.clone(),
            })
            .collect();
        let mut model = Model::new();
        let kept: Vec<TextKeys> = marked
            .iter()
            .map(|t| {
                let (keys, kept) = learn_keys(t);
                model.add_keys(&keys);
                kept
            })
            .collect();
        let cx = Context {
            settings: &settings,
            model: Some(&model),
        };
        let order = (0..marked.len()).rev().chain((0..marked.len()).step_by(3));
        for k in order {
            let (text, keys) = (&marked[k], &kept[k]);
            assert_eq!(keys.lines_of(text), Some(text::lines(text)), "{text:?}");
            let alone = check(text, cx);
            assert_eq!(
                check_in_batch_keyed(text, cx, Some(keys)),
                alone,
                "{text:?}"
            );
        }
    }
}
