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
//! keeps the measure of each line it saw, by line text. On a large text `boilerplate-page` runs
//! on a thread of its own, beside the other rules of document scope and the parts: the two
//! halves take about as long, and the findings are put together in the order of a run on one
//! thread.
//!
//! The key is the text itself, compared in full on a hit, so a cached part is reused only for an
//! identical text: the result is the full analysis's, which a property test and a fuzz target
//! check after random edits.
//!
//! The rules of document scope run on the whole text, but what they compute line by line is
//! kept ([`LineMemo`]): the text is compared with the last one (their common start and end, a
//! `memcmp`), which gives the lines the change replaced ([`LineEdit`]); the measures of the
//! boilerplate detector and the breaks of `hard-wrap` are computed for those lines only, the
//! others' taken from the last text. What is left of those rules is a pass over per-line values.
//! Their findings are kept too ([`Found`]): a finding made from lines the change did not replace
//! (and from the same key) is the last text's, moved, not made again.

use std::cell::{RefCell, RefMut};
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::Arc;

use crate::boilerplate::Measure;
use crate::config::Settings;
use crate::text::Line;
use crate::{finish, rules, Context, Document, DocumentFacts, Finding, Fix};

/// The length from which `boilerplate-page` runs on a thread of its own beside the other rules:
/// a thread costs tens of microseconds, the rule about a millisecond on a text of this length.
const PAGE_APART_FROM: usize = 256 << 10;

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
    /// What the rules of document scope computed line by line on the last text.
    memo: RefCell<LineMemo>,
    /// What `boilerplate-page` computed line by line on the last text: apart from [`memo`],
    /// as the rule runs on a thread of its own on a large text.
    page_memo: RefCell<LineMemo>,
    /// How many findings `boilerplate-page` made last time.
    last_in_page: usize,
    /// The length of text from which `boilerplate-page` runs on a thread of its own, when not
    /// [`PAGE_APART_FROM`] (the tests run it so on small texts).
    page_apart_from: Option<usize>,
    /// The parts of the last text, in order.
    order: Vec<Span>,
    /// The facts of the last text, which its parts were given.
    last_facts: Option<DocumentFacts>,
    /// The last text analysed and where its lines start, to tell which lines a change replaced.
    /// (Shared with the caller's analysis when given through [`Incremental::check_shared`]: a
    /// copy was 5 MB of every keystroke on a 5 MB document.)
    last_text: Arc<String>,
    /// The text analysed before the last one, and the lengths of the start and the end the two
    /// share.
    last_change: Option<(std::sync::Weak<String>, (usize, usize))>,
    last_starts: Vec<usize>,
    /// How many parts the last analysis found and how many it analysed again.
    last: (usize, usize),
    /// How many findings the parts gave last time.
    last_in_parts: usize,
    /// How many findings the rules of document scope up to `boilerplate-page` gave last time,
    /// and how many those after it gave (room for as many: the vectors' doublings copied 4 MB
    /// of findings on the damaged document).
    last_in_document: usize,
    last_in_after: usize,
}

impl Incremental {
    pub fn new() -> Incremental {
        Incremental::default()
    }

    /// The findings of every rule on `text`, as [`crate::check`] gives them, analysing again only
    /// the parts that differ from the texts analysed before. The parts are kept for the next
    /// call; they are dropped when the settings change.
    pub fn check(&mut self, text: &str, settings: &Arc<Settings>, cx: Context<'_>) -> Vec<Finding> {
        let findings = self.check_text(text, settings, cx);
        self.last_text = Arc::new(text.to_owned());
        findings
    }

    /// [`Incremental::check`] of a text the caller shares, which is kept for the next call
    /// without a copy.
    pub fn check_shared(
        &mut self,
        text: &Arc<String>,
        settings: &Arc<Settings>,
        cx: Context<'_>,
    ) -> Vec<Finding> {
        let findings = self.check_text(text, settings, cx);
        self.last_text = text.clone();
        findings
    }

    /// Where each line of the last text analysed starts, as an editor counts lines (the line
    /// index of the language server): the first after a byte-order mark, and an empty last line
    /// after a terminator that ends the text. Taken from the lines the analysis cut, so that the
    /// server does not look for them again in the whole text.
    pub fn line_starts(&self) -> Arc<[usize]> {
        let text = self.last_text.as_str();
        if self.last_starts.is_empty() {
            return Arc::new([crate::bom_len(text)]);
        }
        // (Collected from an iterator of known length: the one allocation is the `Arc`'s.)
        let end = text.ends_with(['\n', '\r']).then_some(text.len());
        self.last_starts.iter().copied().chain(end).collect()
    }

    /// The text analysed before the last one and [`common_ends`] of the two.
    pub fn last_change(&self) -> Option<(std::sync::Weak<String>, (usize, usize))> {
        self.last_change.clone()
    }

    /// The analysis of [`Incremental::check`], the text not yet kept.
    fn check_text(
        &mut self,
        text: &str,
        settings: &Arc<Settings>,
        cx: Context<'_>,
    ) -> Vec<Finding> {
        if !self
            .settings
            .as_ref()
            .is_some_and(|s| Arc::ptr_eq(s, settings))
        {
            self.parts.clear();
            self.order.clear();
            self.settings = Some(settings.clone());
        }
        let mut doc = Document::new(text, cx);
        let ends = common_ends(&self.last_text, text);
        let _ = doc.lines.set(lines_after_change(
            &self.last_text,
            &self.last_starts,
            text,
            ends,
        ));
        self.last_change = Some((Arc::downgrade(&self.last_text), ends));
        let edit = line_edit(&self.last_text, &self.last_starts, text, doc.lines(), ends);
        self.memo.get_mut().next_text(edit);
        self.page_memo.get_mut().next_text(edit);
        doc.memo = Some(&self.memo);
        let mut findings = Vec::with_capacity(self.last_in_document + 16);
        let page_enabled = rules::page_enabled(&doc);
        let (page_memo, last_in_page) = (&mut self.page_memo, self.last_in_page);
        let page_lines = doc.lines();
        let page = move || {
            let mut out = Vec::with_capacity(last_in_page);
            if page_enabled {
                let memo = &*page_memo;
                let judged = crate::boilerplate::Memo::Lines(memo);
                rules::boilerplate_page::check_lines(page_lines, judged, Some(memo), &mut out);
            }
            out
        };
        let apart = page_enabled && text.len() >= self.page_apart_from.unwrap_or(PAGE_APART_FROM);
        let old_len = self.last_text.len();
        let old_order = std::mem::take(&mut self.order);
        let (last_facts, last_in_parts, last_in_after, parts) = (
            self.last_facts,
            self.last_in_parts,
            self.last_in_after,
            &mut self.parts,
        );
        let (counts, facts, lines, walk) = std::thread::scope(|threads| {
            // On a large text `boilerplate-page` is half of the rules of document scope: it runs
            // on a thread of its own, from as soon as it has the lines and the change, while the
            // other rules and the parts are analysed.
            let page = if apart {
                PageRun::Apart(threads.spawn(page))
            } else {
                PageRun::Here(page)
            };
            let facts = doc.facts();
            let lines = part_lines(doc.lines());
            // The parts of the last text are taken as they are where the text did not change
            // (the same facts given to every part).
            let unchanged = if last_facts == Some(facts) {
                ends
            } else {
                (0, 0)
            };
            let mut walk = Walk {
                text,
                lines: &lines,
                facts,
                cx,
                context: rules::line_context(),
                hasher: foldhash::fast::FixedState::with_seed(0x7a6d),
                old: parts,
                kept: HashMap::with_capacity_and_hasher(
                    old_order.len(),
                    foldhash::fast::FixedState::with_seed(0x7a6d),
                ),
                order: Vec::with_capacity(old_order.len() + 8),
                in_parts: Vec::with_capacity(last_in_parts),
                analysed: 0,
            };
            let mut apart =
                rules::run_document_rules_but_page(&doc, &mut findings, last_in_after + 16);
            walk.cut(&old_order, old_len, unchanged);
            let Walk {
                kept,
                order,
                in_parts,
                analysed,
                ..
            } = walk;
            // While the page is judged: the findings of the rules after it sorted as `finish`
            // sorts them, and the parts' merged into them (see below).
            let mut after = apart.take_after();
            let in_after = after.len();
            finish(&mut after, cx.settings);
            let in_parts_count = in_parts.len();
            let after_and_parts = merge_sorted(after, in_parts, |_| true);
            let page = page.findings();
            let in_page = page.len();
            let yielding = apart.finish(&doc, page, &mut findings);
            let counts = (in_page, in_after, in_parts_count);
            (
                counts,
                facts,
                lines,
                (kept, order, after_and_parts, yielding, analysed),
            )
        });
        let (in_page, in_after, in_parts) = counts;
        let (kept, order, after_and_parts, yielding, analysed) = walk;
        self.last_in_page = in_page;
        self.last_in_document = findings.len();
        self.last_in_after = in_after;
        self.last = (order.len(), analysed);
        self.parts = kept;
        self.order = order;
        self.last_facts = Some(facts);
        self.last_in_parts = in_parts;
        // (The walk is done with the line starts: kept as they are, not copied.)
        self.last_starts = lines;
        match doc.lines().first() {
            Some(line) => self.last_starts[0] = line.start(),
            None => self.last_starts.clear(),
        }
        // What `finish` does on the findings of both, without sorting them all again: each
        // part's findings are sorted (stably, as `finish` sorts) and the parts are in order, so
        // a stable merge, the document's first among equals, gives `finish`'s order. (The
        // parts' findings have their severities: a part is analysed with the settings it is
        // kept for.) The document's findings are those of the rules up to `boilerplate-page`
        // and, merged with the parts' before the page was judged, those after it: a finding of
        // one has the same place and code as one of the other only if they are of one rule,
        // so merging them apart gives the order of sorting them together, those up to the
        // page first among equals.
        finish(&mut findings, cx.settings);
        merge_sorted(findings, after_and_parts, |f| yielding.keeps(f))
    }

    /// How many parts the last analysis cut the text into, and how many of them it analysed
    /// (the others were reused).
    pub fn last_counts(&self) -> (usize, usize) {
        self.last
    }
}

/// Where a part of the last text lay.
#[derive(Debug, Clone)]
struct Span {
    /// The part's bytes.
    start: usize,
    stop: usize,
    /// Its context's bytes (see [`Part`]).
    context: Range<usize>,
    /// Its key in [`Incremental::parts`].
    key: u64,
}

/// The parts of a text, visited in order: those in the start or the end it shares with the
/// last text are taken from the last text's parts by their place, with no line of their text
/// read again; the others are cut from the text and looked up by their text.
struct Walk<'a> {
    text: &'a str,
    /// Where each line starts (see [`part_lines`]).
    lines: &'a [usize],
    facts: DocumentFacts,
    cx: Context<'a>,
    /// How many lines before and after its own a rule of line scope reads.
    context: (usize, usize),
    hasher: foldhash::fast::FixedState,
    /// The parts of the last text.
    old: &'a mut HashMap<u64, Part, foldhash::fast::FixedState>,
    /// The parts of this one.
    kept: HashMap<u64, Part, foldhash::fast::FixedState>,
    order: Vec<Span>,
    /// The findings of the parts, in order, with offsets in the text.
    in_parts: Vec<Finding>,
    analysed: usize,
}

impl Walk<'_> {
    /// Visits every part of the text. `old` are the last text's parts, `old_len` its length,
    /// and `unchanged` the lengths of the start and the end the two texts share.
    ///
    /// A part whose context ends inside the common start is the same part in both texts (where
    /// a part ends depends only on its lines, from the text's start on). Once a part of this
    /// text starts inside the common end where one of the last text started, the parts after
    /// it are those of the last text moved by the change's length (from a part's start on, the
    /// ends depend only on the lines after it); those whose context lies inside the common end
    /// are the same parts, moved.
    fn cut(&mut self, old: &[Span], old_len: usize, (prefix, suffix): (usize, usize)) {
        let (text, lines) = (self.text, self.lines);
        let by = text.len() as isize - old_len as isize;
        let mut at = 0;
        while at < old.len() && old[at].context.end < prefix && self.moved(&old[at], 0) {
            at += 1;
        }
        let from = at
            .checked_sub(1)
            .map_or(0, |last| lines.partition_point(|&s| s < old[last].stop));
        // A line starting after this offset follows a `\n` of the common end.
        let (new_tail, old_tail) = (text.len() - suffix, old_len - suffix);
        let mut resume = None;
        for (first, end) in parts(text, lines, from) {
            self.part(first, end);
            match lines.get(end) {
                Some(&next) if next > new_tail => {
                    let old_start = next.wrapping_add_signed(-by);
                    if let Ok(j) = old.binary_search_by_key(&old_start, |s| s.start) {
                        resume = Some(j);
                        break;
                    }
                }
                _ => {}
            }
        }
        for span in &old[resume.unwrap_or(old.len())..] {
            if span.context.start > old_tail && self.moved(span, by) {
                continue;
            }
            let (start, stop) = (
                span.start.wrapping_add_signed(by),
                span.stop.wrapping_add_signed(by),
            );
            let first = lines.partition_point(|&s| s < start);
            let end = lines.partition_point(|&s| s < stop);
            debug_assert_eq!(lines[first], start);
            self.part(first, end);
        }
    }

    /// The part of lines `first..end`: the last text's part of the same text, or analysed.
    fn part(&mut self, first: usize, end: usize) {
        let (text, lines) = (self.text, self.lines);
        let (before, after) = self.context;
        let context_start = lines[context_start(text, lines, first, before)];
        let context_end = lines
            .get(context_end(text, lines, end, after))
            .copied()
            .unwrap_or(text.len());
        let start = lines[first];
        let stop = lines.get(end).copied().unwrap_or(text.len());
        let context = &text[context_start..context_end];
        let inner = start - context_start..stop - context_start;
        let facts = self.facts;
        let key = self.hasher.hash_one((context, &inner, facts));
        let same = |p: &Part| &*p.context == context && p.inner == inner && p.facts == facts;
        let part = match (self.kept.get(&key), self.old.remove(&key)) {
            (Some(p), _) if same(p) => None,
            (_, Some(p)) if same(&p) => Some(p),
            _ => {
                self.analysed += 1;
                let last = end >= lines.len();
                Some(analyse(context, inner, last, facts, self.cx))
            }
        };
        if let Some(part) = part {
            self.kept.insert(key, part);
        }
        self.push(
            key,
            Span {
                start,
                stop,
                context: context_start..context_end,
                key,
            },
        );
    }

    /// The last text's part `span`, its text the same in this one, moved by `by` bytes; false
    /// when it is no longer kept (its key went to another text).
    fn moved(&mut self, span: &Span, by: isize) -> bool {
        if !self.kept.contains_key(&span.key) {
            match self.old.remove(&span.key) {
                Some(part) => {
                    self.kept.insert(span.key, part);
                }
                None => return false,
            }
        }
        let at = |i: usize| i.wrapping_add_signed(by);
        self.push(
            span.key,
            Span {
                start: at(span.start),
                stop: at(span.stop),
                context: at(span.context.start)..at(span.context.end),
                key: span.key,
            },
        );
        true
    }

    fn push(&mut self, key: u64, span: Span) {
        let start = span.start as isize;
        self.in_parts
            .extend(self.kept[&key].findings.iter().map(|f| shifted(f, start)));
        self.order.push(span);
    }
}

/// Which lines of the last text a change replaced: lines `first..old_end` of the last text
/// became lines `first..new_end` of the new one. The lines before `first` are the same lines at
/// the same offsets; line `old_end + k` of the last text is line `new_end + k` of the new one,
/// the same text (with its terminator) moved by the change's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineEdit {
    pub first: usize,
    pub old_end: usize,
    pub new_end: usize,
}

/// The [`LineEdit`] from `old` (its lines starting at `old_starts`) to `new`; `None` when there
/// is no last text or the two cannot be lined up.
fn line_edit(
    old: &str,
    old_starts: &[usize],
    new: &str,
    lines: &[Line<'_>],
    (prefix, suffix): (usize, usize),
) -> Option<LineEdit> {
    if old_starts.is_empty() || lines.is_empty() {
        return None;
    }
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let (old_tail, new_tail) = (o.len() - suffix, n.len() - suffix);
    // The line holding the first changed byte, and the one before it: a `\r` that ends it may
    // have lost the `\n` after it.
    let at = lines
        .partition_point(|l| l.start() <= prefix)
        .saturating_sub(1);
    let first = at.saturating_sub(1);
    // The first line of the new text starting inside the common end, and the line of the last
    // text starting at the same place in that end: from there on, the lines of both are cut
    // from the same bytes. (The common end can start inside a line in one text and at a line's
    // start in the other: typing `é` at the start of `éte` leaves `éte` as the common end.)
    // (A line of one text may start where the other's does not: `a b` split into `a` and `b`
    // has the common end `b`; the next line is tried then.)
    let a0 = lines.partition_point(|l| l.start() < new_tail).max(first);
    let (a, b) = (a0..=lines.len())
        .take(4)
        .find_map(|a| match lines.get(a) {
            None => Some((a, old_starts.len())),
            Some(line) => old_starts
                .binary_search(&(old_tail + (line.start() - new_tail)))
                .ok()
                .map(|b| (a, b)),
        })?;
    let lined_up = b >= first && lines.len() - a == old_starts.len() - b;
    lined_up.then_some(LineEdit {
        first,
        old_end: b,
        new_end: a,
    })
}

/// The lines of `new`, as [`crate::text::lines`] cuts them, after a change from `old`, whose
/// lines start at `old_starts`; `ends` are [`common_ends`] of the two. Only the lines the change
/// reached are looked for: those before it and after it are the last text's, where they were
/// or moved by the change's length. (Looking for all 181,000 lines of the damaged 5 MB document
/// of `benches/lsp.rs` was a fifth of the instructions of a keystroke's analysis before the page
/// detector's thread starts: a `memchr2` call per line.)
fn lines_after_change<'t>(
    old: &str,
    old_starts: &[usize],
    new: &'t str,
    (prefix, suffix): (usize, usize),
) -> Vec<Line<'t>> {
    let mut out = Vec::with_capacity(old_starts.len() + 64);
    if old_starts.is_empty() {
        out.extend(crate::text::line_iter(new));
        return out;
    }
    let bytes = new.as_bytes();
    // The line from `start` to `next` (where the next line starts, or the text ends), its
    // terminator read from the bytes before `next`: a line holds no `\r` or `\n` but its
    // terminator's.
    let line = |start: usize, next: usize| {
        let terminator = match bytes[start..next] {
            [.., b'\r', b'\n'] => 2,
            [.., b'\n' | b'\r'] => 1,
            _ => 0,
        };
        Line::new(&new[start..next - terminator], start, terminator)
    };
    let next_of =
        |starts: &[usize], i: usize, len: usize| starts.get(i + 1).copied().unwrap_or(len);
    // The lines before the change: those whose next line starts before the first changed byte
    // are the same bytes, at the same place, cut the same way (the byte after a `\r` too).
    let head = old_starts
        .partition_point(|&s| s < prefix)
        .saturating_sub(1);
    for i in 0..head {
        out.push(line(old_starts[i], old_starts[i + 1]));
    }
    // From there, the lines are looked for, until one starts inside the common end where a line
    // of the last text started: from a line's start on, lines are cut from the bytes after it
    // only, and these are the last text's from there on.
    let by = new.len() as isize - old.len() as isize;
    let new_tail = new.len() - suffix;
    let mut start = match head {
        0 => crate::text::bom_len(new),
        _ => old_starts[head],
    };
    let mut j = head;
    while start < bytes.len() {
        if start >= new_tail {
            let at = start.wrapping_add_signed(-by);
            j += old_starts[j..].partition_point(|&s| s < at);
            if old_starts.get(j) == Some(&at) {
                for k in j..old_starts.len() {
                    let s = old_starts[k].wrapping_add_signed(by);
                    let next = next_of(old_starts, k, old.len()).wrapping_add_signed(by);
                    out.push(line(s, next));
                }
                return out;
            }
        }
        let next = crate::text::terminator(bytes, start).map_or(bytes.len(), |(_, next)| next);
        out.push(line(start, next));
        start = next;
    }
    out
}

/// The lengths of the common start of `old` and `new` and of their common end after it.
pub fn common_ends(old: &str, new: &str) -> (usize, usize) {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let prefix = common_prefix(o, n);
    (prefix, common_suffix(&o[prefix..], &n[prefix..]))
}

/// The length of the common start of `a` and `b`, compared a block at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let len = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= len && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < len && a[i] == b[i] {
        i += 1;
    }
    i
}

/// The length of the common end of `a` and `b`.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let len = a.len().min(b.len());
    let (a, b) = (&a[a.len() - len..], &b[b.len() - len..]);
    let mut i = 0;
    while i + BLOCK <= len && a[len - i - BLOCK..len - i] == b[len - i - BLOCK..len - i] {
        i += BLOCK;
    }
    while i < len && a[len - i - 1] == b[len - i - 1] {
        i += 1;
    }
    i
}

/// What the rules of document scope computed line by line on the last text, for the next
/// (see [`LineEdit`]).
#[derive(Debug, Default)]
pub(crate) struct LineMemo {
    /// Counts the texts analysed.
    generation: u64,
    /// The lines the change from the last text replaced.
    edit: Option<LineEdit>,
    /// `boilerplate-page`'s measure of each line.
    pub measures: Kept<Option<Measure>>,
    /// `boilerplate-page`'s first verdict on each line.
    pub verdicts: crate::boilerplate::Verdicts,
    /// `hard-wrap`'s verdict on each pair of consecutive lines: the first carries on into the
    /// second.
    pub breaks: Kept<bool>,
    /// `duplicate-line`'s verdict on each pair of consecutive lines: the second repeats the
    /// first.
    pub repeated: Kept<bool>,
    /// The findings of `boilerplate-page`, `hard-wrap` and `duplicate-line`, by the lines each
    /// was made from.
    pub page_found: KeptFindings<rules::boilerplate_page::Key>,
    pub wraps_found: KeptFindings<()>,
    pub repeats_found: KeptFindings<bool>,
}

impl LineMemo {
    fn next_text(&mut self, edit: Option<LineEdit>) {
        self.generation += 1;
        self.edit = edit;
    }

    /// The number of the text being analysed and the lines its change replaced, for
    /// [`Kept::update`].
    pub fn edit(&self) -> (u64, Option<LineEdit>) {
        (self.generation, self.edit)
    }
}

/// Values computed per line (or per pair of lines) of a text, and the text they are of.
#[derive(Debug, Default)]
pub(crate) struct Kept<T> {
    generation: u64,
    values: Vec<T>,
}

impl<T> Kept<T> {
    /// The values of items `0..n` of the text `generation` (item `i` read from lines
    /// `i..=i + 1` at most: a line, or a line and the next), those of the lines `edit` did not
    /// replace taken from the last text's, when they are of the text just before; `compute`
    /// gives the others. `reach` is how many lines after its own an item reads (0 or 1).
    pub fn update(
        &mut self,
        (generation, edit): (u64, Option<LineEdit>),
        n: usize,
        reach: usize,
        mut compute: impl FnMut(usize) -> T,
    ) -> &mut [T] {
        let reuse = edit.filter(|_| self.generation + 1 == generation);
        match reuse {
            // Items before `first - reach` read only lines before `first`; items from `new_end`
            // on read only lines from there on, as many as after `old_end` in the last text.
            Some(e) if n.saturating_sub(e.new_end) <= self.values.len() => {
                let start = e.first.saturating_sub(reach).min(n);
                let tail = n.saturating_sub(e.new_end);
                let (old_end, new_end) = (self.values.len() - tail, n - tail);
                if start <= old_end && start <= new_end {
                    self.values
                        .splice(start..old_end, (start..new_end).map(&mut compute));
                } else {
                    self.values.clear();
                    self.values.extend((0..n).map(compute));
                }
            }
            _ => {
                self.values.clear();
                self.values.extend((0..n).map(compute));
            }
        }
        self.generation = generation;
        &mut self.values
    }
}

/// The findings a rule of document scope made on the last text, each with the lines it was made
/// from and what else it was made from (`K`), its offsets from the start of its first line.
///
/// A rule of document scope makes its findings again at every keystroke, from values kept per
/// line; formatting their messages and building their fixes was most of its cost (28,000
/// findings on the damaged 5 MB document of `benches/lsp.rs`). A finding made from lines the
/// change did not replace, with the same `K`, is the one made on the last text: it is taken
/// again, moved ([`Found::get`]).
#[derive(Debug)]
pub(crate) struct KeptFindings<K> {
    generation: u64,
    items: Vec<(Range<usize>, K, Finding)>,
}

impl<K> Default for KeptFindings<K> {
    fn default() -> Self {
        KeptFindings {
            generation: 0,
            items: Vec::new(),
        }
    }
}

/// Where a rule's findings are kept in the memo.
type Slot<K> = fn(&mut LineMemo) -> &mut KeptFindings<K>;

/// The findings of one rule of document scope on one text: those of the last text taken again
/// where the change did not reach (after a change in the editor), the others made.
pub(crate) struct Found<'m, K> {
    memo: Option<(&'m RefCell<LineMemo>, Slot<K>)>,
    generation: u64,
    edit: Option<LineEdit>,
    /// The last text's findings, in the order of their first line (one finding per first line).
    old: std::vec::IntoIter<(Range<usize>, K, Finding)>,
    /// This text's, for the next.
    new: Vec<(Range<usize>, K, Finding)>,
}

impl<'m, K: PartialEq> Found<'m, K> {
    /// The findings kept in the slot `which` of `memo`; with no memo, every finding is made.
    pub fn new(memo: Option<&'m RefCell<LineMemo>>, which: Slot<K>) -> Self {
        let mut found = Found {
            memo: None,
            generation: 0,
            edit: None,
            old: Vec::new().into_iter(),
            new: Vec::new(),
        };
        if let Some(cell) = memo {
            let mut memo = cell.borrow_mut();
            let (generation, edit) = memo.edit();
            let kept = std::mem::take(which(&mut memo));
            // Only the findings of the text just before, whose lines `edit` relates to these.
            let edit = edit.filter(|_| kept.generation + 1 == generation);
            let old = if edit.is_some() {
                kept.items
            } else {
                Vec::new()
            };
            found.memo = Some((cell, which));
            found.generation = generation;
            found.edit = edit;
            found.new = Vec::with_capacity(old.len());
            found.old = old.into_iter();
        }
        found
    }

    /// The finding made from `lines` and `key` (the findings asked for in the order of their
    /// first line), whose first line starts at byte `base`: the last text's, moved, when the
    /// change did not replace those lines and it was made from the same `key`; `make`'s
    /// otherwise (given the key).
    pub fn get(
        &mut self,
        lines: Range<usize>,
        base: usize,
        key: K,
        make: impl FnOnce(&K) -> Finding,
    ) -> Finding {
        if self.memo.is_none() {
            return make(&key);
        }
        // The same lines in the last text: those before the change, or after it, moved.
        let old = self.edit.and_then(|e| {
            if lines.end <= e.first {
                Some(lines.clone())
            } else if lines.start >= e.new_end {
                let moved = |i: usize| i - e.new_end + e.old_end;
                Some(moved(lines.start)..moved(lines.end))
            } else {
                None
            }
        });
        if let Some(old) = old {
            // (Looked at in place: an item is 200 bytes, which `Peekable` would move at each
            // look.)
            while (self.old.as_slice().first()).is_some_and(|(r, _, _)| r.start < old.start) {
                self.old.next();
            }
            if self
                .old
                .as_slice()
                .first()
                .is_some_and(|(r, k, _)| *r == old && *k == key)
            {
                let (_, _, f) = self.old.next().expect("looked at");
                let out = shifted(&f, base as isize);
                self.new.push((lines, key, f));
                return out;
            }
        }
        let f = make(&key);
        self.new.push((lines, key, shifted(&f, -(base as isize))));
        f
    }

    /// The lines the change replaced (see [`LineEdit`]) when the last text's findings are at
    /// hand: a rule may then take those made from lines the change did not reach
    /// ([`Found::take_before`], [`Found::take_from`]) rather than ask for them one by one.
    pub fn edit(&self) -> Option<LineEdit> {
        self.edit.filter(|_| self.memo.is_some())
    }

    /// Whether the last text's findings are at hand and there is at least one: a rule that
    /// makes none below a count over the whole text (`hard-wrap`) takes none in bulk after a
    /// text where it made none, whose findings far from the change may be new.
    pub fn has_kept(&self) -> bool {
        self.edit().is_some() && !self.old.as_slice().is_empty()
    }

    /// The last text's findings whose lines start before line `end` (at most the change's
    /// first line, [`Found::edit`]), in order: each the finding made from the same lines and
    /// key, for a rule whose findings read no line from `end` on. `start` gives where a line
    /// starts.
    pub fn take_before(
        &mut self,
        end: usize,
        start: impl Fn(usize) -> usize,
        out: &mut Vec<Finding>,
    ) {
        debug_assert!(self.edit.is_some_and(|e| end <= e.first));
        while let Some((r, _, _)) = self.old.as_slice().first() {
            if r.start >= end {
                break;
            }
            let item = self.old.next().expect("looked at");
            out.push(shifted(&item.2, start(item.0.start) as isize));
            self.new.push(item);
        }
    }

    /// The last text's findings whose lines start at line `from` of this text or after it (at
    /// least the first line after the change, [`Found::edit`]), moved, in order: each the
    /// finding made from the same lines and key, for a rule whose findings read no line before
    /// `from`. `start` gives where a line starts.
    pub fn take_from(
        &mut self,
        from: usize,
        start: impl Fn(usize) -> usize,
        out: &mut Vec<Finding>,
    ) {
        let Some(e) = self.edit else {
            return;
        };
        debug_assert!(from >= e.new_end);
        let old_from = from - e.new_end + e.old_end;
        while (self.old.as_slice().first()).is_some_and(|(r, _, _)| r.start < old_from) {
            self.old.next();
        }
        let moved = |i: usize| i - e.old_end + e.new_end;
        out.reserve(self.old.len());
        for (r, key, f) in self.old.by_ref() {
            let lines = moved(r.start)..moved(r.end);
            out.push(shifted(&f, start(lines.start) as isize));
            self.new.push((lines, key, f));
        }
    }
}

impl<K> Drop for Found<'_, K> {
    fn drop(&mut self) {
        let Some((cell, which)) = self.memo else {
            return;
        };
        // (A rule holds no other borrow of the memo when it is done with its findings; if it
        // did, the findings would only be made again next time.)
        let Ok(mut memo) = cell.try_borrow_mut() else {
            debug_assert!(false, "the memo is borrowed when the findings are put back");
            return;
        };
        *which(&mut memo) = KeptFindings {
            generation: self.generation,
            items: std::mem::take(&mut self.new),
        };
    }
}

/// Values per line (or per pair of lines) of a document: kept across keystrokes, or computed.
pub(crate) enum PerLine<'a, T> {
    Kept(RefMut<'a, [T]>),
    Computed(Vec<T>),
}

impl<T> std::ops::Deref for PerLine<'_, T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            PerLine::Kept(values) => values,
            PerLine::Computed(values) => values,
        }
    }
}

/// The values of items `0..n` of a document (see [`Kept::update`]): through the slot `which`
/// of `memo` when the document is analysed again after a change in the editor, all computed
/// otherwise.
pub(crate) fn per_line<'a, T>(
    memo: Option<&'a RefCell<LineMemo>>,
    which: fn(&mut LineMemo) -> &mut Kept<T>,
    n: usize,
    reach: usize,
    compute: impl FnMut(usize) -> T,
) -> PerLine<'a, T> {
    match memo {
        Some(memo) => PerLine::Kept(RefMut::map(memo.borrow_mut(), |memo| {
            let edit = memo.edit();
            which(memo).update(edit, n, reach, compute)
        })),
        None => PerLine::Computed((0..n).map(compute).collect()),
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
    // The configured severities once, here: the parts are dropped when the settings change.
    crate::apply_severities(&mut found, cx.settings);
    let mut findings: Vec<Finding> = found
        .into_iter()
        .filter(|f| {
            let s = f.range.start;
            inner.start <= s && (s < inner.end || (last && s == inner.end))
        })
        .map(|f| shifted(&f, -(inner.start as isize)))
        .collect();
    crate::sort_findings(&mut findings);
    Part {
        context: context.into(),
        inner,
        facts,
        findings,
    }
}

/// Where `boilerplate-page` runs in [`Incremental::check_text`]: on a thread of its own (a
/// large text), or on the analysing thread once the rest is done.
enum PageRun<'scope, F> {
    Apart(std::thread::ScopedJoinHandle<'scope, Vec<Finding>>),
    Here(F),
}

impl<F: FnOnce() -> Vec<Finding>> PageRun<'_, F> {
    /// Its findings, when its thread has ended (a panic there goes on here).
    fn findings(self) -> Vec<Finding> {
        match self {
            PageRun::Here(page) => page(),
            PageRun::Apart(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        }
    }
}

/// The findings of `a` and `b`, both sorted as [`crate::sort_findings`] sorts, merged in that
/// order, those of `a` first among equals; of `b` only those `keep` keeps.
fn merge_sorted(a: Vec<Finding>, b: Vec<Finding>, keep: impl Fn(&Finding) -> bool) -> Vec<Finding> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter();
    for f in a {
        let key = crate::position_key(&f);
        // (The next of `b` looked at in place: a `Peekable` moved each finding, 120 bytes, in and
        // out of its slot; on the damaged document a fifth of a keystroke's merging.)
        while (b.as_slice().first()).is_some_and(|g| crate::position_key(g) < key) {
            let g = b.next().expect("looked at");
            if keep(&g) {
                out.push(g);
            }
        }
        out.push(f);
    }
    out.extend(b.filter(|g| keep(g)));
    out
}

/// A copy of `f` with its offsets (and its fix's) moved by `by` bytes.
///
/// (Built moved rather than cloned and then moved, its edits shared ([`crate::Edits::moved`]):
/// every finding of the parts and most of the document's are copied so at each keystroke,
/// 55,000 on the damaged 5 MB document.)
fn shifted(f: &Finding, by: isize) -> Finding {
    let moved = |r: &Range<usize>| r.start.wrapping_add_signed(by)..r.end.wrapping_add_signed(by);
    Finding {
        code: f.code,
        severity: f.severity,
        message: f.message.clone(),
        range: moved(&f.range),
        fix: f.fix.as_ref().map(|fix| Fix {
            title: fix.title.clone(),
            applicability: fix.applicability,
            edits: fix.edits.moved(by),
        }),
    }
}

/// Where each line of the document starts, the first at 0 (a byte-order mark is in the first
/// part): the lines the parts are cut from, taken from the document's rather than found again.
fn part_lines(lines: &[Line<'_>]) -> Vec<usize> {
    let mut starts: Vec<usize> = lines.iter().map(|l| l.start()).collect();
    match starts.first_mut() {
        Some(first) => *first = 0,
        None => starts.push(0),
    }
    starts
}

fn is_blank(text: &str, lines: &[usize], i: usize) -> bool {
    let end = lines.get(i + 1).copied().unwrap_or(text.len());
    text[lines[i]..end].trim().is_empty()
}

/// The parts from line `from` on (where a part starts), as ranges of lines `first..end`. Where a part ends depends only on the text of
/// its last line (a line whose hash ends in three zero bits ends a part; about eight lines per
/// part), or on a length of 32 lines since the last end: a change moves no end but near it, so
/// the parts after a change are the same texts as before it.
fn parts<'t>(
    text: &'t str,
    lines: &'t [usize],
    from: usize,
) -> impl Iterator<Item = (usize, usize)> + 't {
    let hasher = foldhash::fast::FixedState::with_seed(0x5eed);
    let mut first = from;
    let mut i = from;
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
    use crate::Edit;
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

    /// The lines after a change, taken from the last text's where the change did not reach, are
    /// the lines of the new text: every kind of terminator, a byte-order mark, changes that
    /// join or split `\r\n`, remove or add a terminator, at the start, the end and inside.
    #[test]
    fn lines_after_a_change_are_the_new_text_s() {
        let pieces = [
            "a", "é", " ", "ab", "\n", "\r", "\r\n", "\n\r", "\u{feff}", "\u{2028}", "x\ny",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 4000, 14);
        let mut draws = crate::testing::Draws(0x1234_5678_9abc_def1);
        let mut changed = 0;
        for old in &texts {
            for _ in 0..4 {
                // A splice of the old text: a range replaced by up to two pieces (a range and a
                // replacement on character boundaries).
                let bounds: Vec<usize> = old
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([old.len()])
                    .collect();
                let a = bounds[draws.below(bounds.len() as u64)];
                let b = bounds[draws.below(bounds.len() as u64)];
                let (a, b) = (a.min(b), a.max(b));
                let mut new = old[..a].to_string();
                for _ in 0..draws.below(3) {
                    new.push_str(pieces[draws.below(pieces.len() as u64)]);
                }
                new.push_str(&old[b..]);
                let starts: Vec<usize> =
                    crate::text::lines(old).iter().map(|l| l.start()).collect();
                let ends = common_ends(old, &new);
                let got = lines_after_change(old, &starts, &new, ends);
                let want = crate::text::lines(&new);
                assert_eq!(got, want, "{old:?} -> {new:?}");
                changed += usize::from(old != &new);
            }
        }
        assert!(changed > 10_000, "{changed}");
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

    fn edit_of(old: &str, new: &str) -> Option<LineEdit> {
        let starts: Vec<usize> = crate::text::lines(old).iter().map(|l| l.start()).collect();
        line_edit(
            old,
            &starts,
            new,
            &crate::text::lines(new),
            common_ends(old, new),
        )
    }

    #[test]
    fn a_keystroke_replaces_the_lines_around_it_only() {
        let old: String = (0..100).map(|i| format!("été {i}\n")).collect();
        // Typed at the start of a line that starts as the text typed: the common end starts
        // inside the line in one text and at its start in the other.
        let at = old.find("été 50").unwrap();
        let mut new = old.clone();
        new.insert(at, 'é');
        assert_eq!(
            edit_of(&old, &new),
            Some(LineEdit {
                first: 49,
                old_end: 51,
                new_end: 51
            })
        );
        // Two lines joined into one, and a line split in two.
        let joined = old.replacen("été 50\n", "été 50 ", 1);
        let e = edit_of(&old, &joined).unwrap();
        assert_eq!((e.first, e.old_end - e.new_end), (49, 1));
        let e = edit_of(&joined, &old).unwrap();
        assert_eq!((e.first, e.new_end - e.old_end), (49, 1));
        // A `\r` that loses the `\n` after it.
        let crlf = old.replace('\n', "\r\n");
        let at = crlf.find("été 50").unwrap() - 1;
        let mut cr = crlf.clone();
        cr.replace_range(at..at + 1, "x");
        let e = edit_of(&crlf, &cr).unwrap();
        assert!(e.first <= 49 && e.new_end >= 50, "{e:?}");
        assert_eq!(
            edit_of(&old, &old).map(|e| e.old_end == e.new_end),
            Some(true)
        );
    }

    #[test]
    fn a_moved_finding_is_the_finding_cloned_and_moved() {
        let edits = vec![
            Edit::replace(40..41, "x"),
            Edit::replace(50..52, "a replacement longer than an inline string"),
        ];
        let with_fix = Finding {
            code: "duplicate-line",
            severity: crate::Severity::Warning,
            message: "a message".into(),
            range: 40..52,
            fix: Some(Fix::new("a fix", crate::Applicability::Safe, edits)),
        };
        let without = Finding {
            fix: None,
            ..with_fix.clone()
        };
        // The straightforward version: the finding built again, its edits a new list.
        let rebuilt = |f: &Finding, by: isize| {
            let at = |r: &Range<usize>| r.start as isize + by..r.end as isize + by;
            let at = |r: &Range<usize>| at(r).start as usize..at(r).end as usize;
            Finding {
                range: at(&f.range),
                fix: f.fix.as_ref().map(|fix| {
                    let edits: Vec<Edit> = (fix.edits.iter())
                        .map(|e| Edit::replace(at(&e.range), e.new_text.as_str()))
                        .collect();
                    Fix::new(fix.title.as_str(), fix.applicability, edits)
                }),
                ..f.clone()
            }
        };
        let hash = |f: &Finding| foldhash::fast::FixedState::with_seed(1).hash_one(f);
        for f in [with_fix, without] {
            for by in [-40, -3, 0, 7, 1 << 20] {
                let mut expected = f.clone();
                crate::shift(&mut expected, by);
                let moved = shifted(&f, by);
                assert_eq!(moved, expected, "{by}");
                let want = rebuilt(&f, by);
                assert_eq!(moved, want, "{by}");
                assert_eq!(hash(&moved), hash(&want), "{by}");
                assert_eq!(format!("{moved:?}"), format!("{want:?}"));
                // Moved twice (shared, then moved back), and moved in place.
                assert_eq!(shifted(&moved, -by), f, "{by}");
                let (Some(a), Some(b)) = (&moved.fix, &want.fix) else {
                    continue;
                };
                assert_eq!(a.range(), b.range());
                assert_eq!(a.edits.first(), b.edits.first());
                assert_eq!(a.edits.last(), b.edits.last());
                let places: Vec<_> = (a.edits.places())
                    .map(|(r, t)| Edit::replace(r, t))
                    .collect();
                assert_eq!(places, b.edits.iter().collect::<Vec<_>>());
                assert!(a.edits.shares(&f.fix.as_ref().unwrap().edits, by));
                assert!(
                    !a.edits.shares(&b.edits, 0)
                        && !a.edits.shares(&f.fix.as_ref().unwrap().edits, by + 1)
                );
                // A shift of a shared list moves that copy only; of a list of its own, in place.
                let mut one = moved.clone();
                crate::shift(&mut one, 5);
                assert_eq!(one, rebuilt(&f, by + 5));
                assert_eq!(moved, want);
                let mut alone = rebuilt(&f, by);
                crate::shift(&mut alone, 5);
                assert_eq!(alone, one);
                crate::shift(&mut one, -5);
                assert_eq!(one, want);
            }
        }
    }

    #[test]
    fn kept_values_are_computed_again_for_the_replaced_lines_only() {
        let old: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let new = old.replacen("line 50\n", "line 50\nline 50 bis\n", 1);
        let edit = edit_of(&old, &new);
        let mut kept = Kept::default();
        kept.update((1, None), 100, 0, |i| i);
        let mut computed = Vec::new();
        let values = kept
            .update((2, edit), 101, 0, |i| {
                computed.push(i);
                i
            })
            .to_vec();
        assert!(computed.len() <= 4, "{computed:?}");
        // Each line's value is its index in the new text, whether computed or moved.
        let moved: Vec<usize> = (0..51).chain([1000]).chain(51..100).collect();
        assert_eq!(values.len(), 101);
        for (i, v) in values.iter().enumerate() {
            assert!(
                *v == i || computed.contains(v) || moved[i] == *v,
                "{i}: {v}"
            );
        }
        // Not the text just before: everything again.
        computed.clear();
        kept.update((4, edit), 101, 0, |i| {
            computed.push(i);
            i
        });
        assert_eq!(computed.len(), 101);
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
        let lines = part_lines(&crate::text::lines(text));
        parts(text, &lines, 0).collect()
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

    /// A part taken by its place after an edit is cut again when its context holds the edit:
    /// here a label edited at the end of one part, its address starting the next, and the other
    /// way round.
    #[test]
    fn a_part_whose_context_the_edit_reaches_is_cut_again() {
        // A line ending a part, of this text and a few spaces (where parts end depends on the
        // text of their last line).
        let ending = |text: &str| {
            (0..64)
                .map(|n| format!("{text}{}\n", " ".repeat(n)))
                .find(|line| parts_of(&format!("{line}x\n")) == vec![(0, 1), (1, 2)])
                .unwrap()
        };
        let filler: String = (0..40)
            .map(|i| format!("Ligne {i} du communiqué, sans rien de particulier.\n"))
            .collect();
        let (label, other) = (ending("Courriel :"), ending("Bonjour :"));
        let text = format!("{filler}{label}x@iom.int\n{filler}");
        let settings = Arc::new(Settings::default());
        let mut inc = Incremental::new();
        let before = incremental(&mut inc, &text, &settings);
        assert!(before.iter().any(|f| f.code == "email-label-split"));
        let edited = text.replace(&label, &other);
        let after = incremental(&mut inc, &edited, &settings);
        assert_eq!(after, full(&edited, &settings));
        assert!(!after.iter().any(|f| f.code == "email-label-split"));
        let (count, analysed) = inc.last_counts();
        assert!(analysed <= 3, "{analysed} of {count} parts analysed again");
        // The address edited away at the start of the next part: the label's part, before
        // the edit, reads it.
        let mut inc = Incremental::new();
        incremental(&mut inc, &text, &settings);
        let edited = text.replace("x@iom.int", "x, bonne journée");
        let after = incremental(&mut inc, &edited, &settings);
        assert_eq!(after, full(&edited, &settings));
        assert!(after.iter().any(|f| f.code == "email-missing"));
    }

    /// The findings of the rules of document scope are taken from the last text only where the
    /// edit did not reach the lines they were made from: here edits inside, next to and far
    /// from a repeated line, a hard-wrapped paragraph and a run of boilerplate, and edits that
    /// change what a finding says without touching its lines (the run's place on the page).
    #[test]
    fn document_findings_are_made_again_where_the_edit_reaches_them() {
        let block = |i: usize| {
            format!(
                "Accueil\nActualités\nContact\n\nRapport {i} sur les familles accueillies\n\
                 Rapport {i} sur les familles accueillies\n\n\
                 Le financement permettra de poursuivre le travail de\n\
                 la mission dans les communes du nord du pays et\n\
                 des familles accueillies depuis le mois de janvier.\n\n\
                 L'organisation a distribué des kits d'hygiène et des bâches à plus de trois mille \
                 familles déplacées par les inondations de la saison des pluies, avec ses \
                 partenaires et les autorités locales, qui ont salué le travail des équipes.\n\n"
            )
        };
        let text: String = (0..12).map(block).collect::<String>() + "Partager\nImprimer\n";
        let settings = Arc::new(Settings::default());
        let codes = |found: &[Finding]| {
            ["duplicate-line", "hard-wrap", "boilerplate-page"]
                .map(|c| found.iter().filter(|f| f.code == c).count())
        };
        let mut inc = Incremental::new();
        let first = incremental(&mut inc, &text, &settings);
        assert_eq!(first, full(&text, &settings));
        assert!(codes(&first).iter().all(|&n| n > 0), "{:?}", codes(&first));
        type Change = Box<dyn Fn(&str) -> String>;
        let edits: Vec<Change> = vec![
            // Inside the repeated line of block 5, then back.
            Box::new(|t| t.replacen("Rapport 5 sur", "Rapport 5 sue", 1)),
            Box::new(|t| t.replacen("Rapport 5 sue", "Rapport 5 sur", 1)),
            // A wrapped line made long: the paragraph is no longer wrapped there.
            Box::new(|t| t.replacen("travail de\nla mission", "travail de la mission", 1)),
            // A line just before a repeated line, and one just after a wrapped paragraph.
            Box::new(|t| t.replacen("\n\nRapport 7", "\nx\nRapport 7", 1)),
            Box::new(|t| t.replacen("janvier.\n\nL'organisation", "janvier.\nL'organisation", 1)),
            // The menu at the head: its run, and whether it is at the head.
            Box::new(|t| t.replacen("Actualités", "Actualité", 1)),
            Box::new(|t| format!("Titre du communiqué sur les familles accueillies\n\n{t}")),
            Box::new(|t| t.replacen("Partager\n", "", 1)),
            Box::new(|t| {
                t.to_string() + "Le programme est mis en place dans la région par les équipes.\n"
            }),
        ];
        let mut text = text;
        for edit in edits {
            text = edit(&text);
            let (a, b) = (
                incremental(&mut inc, &text, &settings),
                full(&text, &settings),
            );
            assert!(a == b, "{}", difference(&a, &b));
        }
    }

    /// `duplicate-line` takes from the last text the findings of the pairs of lines the change
    /// did not reach, and judges again those whose lines or the lines just around them (which
    /// say whether the line is given twice) it reached: a pair made three by an edit of the
    /// line after it or before it loses its fix, and gets it back when the line is undone.
    #[test]
    fn repeated_lines_next_to_an_edit_are_judged_again() {
        let settings = Arc::new(
            Settings::new(crate::config::parse("[rules]\nboilerplate = \"off\"\n").unwrap())
                .unwrap(),
        );
        let block = |i: usize| format!("Titre {i}\nTitre {i}\nTexte {i}\n\n");
        let mut text: String = (0..40).map(block).collect();
        let repeats = |found: &[Finding]| {
            let repeats = found.iter().filter(|f| f.code == "duplicate-line");
            (
                repeats.clone().count(),
                repeats.filter(|f| f.fix.is_some()).count(),
            )
        };
        let mut inc = Incremental::new();
        let first = incremental(&mut inc, &text, &settings);
        assert_eq!(first, full(&text, &settings));
        assert_eq!(repeats(&first), (40, 40));
        // Each edit, and the counts of findings and of fixes after it.
        let edits = [
            // The line after the pair of block 20 made the same: three lines, no fix.
            ("Texte 20\n", "Titre 20\n", (41, 39)),
            (
                "Titre 20\nTitre 20\nTitre 20\n",
                "Titre 20\nTitre 20\nTexte 20\n",
                (40, 40),
            ),
            // The blank line before the pair of block 21 made the same.
            ("\n\nTitre 21\n", "\nTitre 21\nTitre 21\n", (41, 39)),
            (
                "\nTitre 21\nTitre 21\nTitre 21\n",
                "\n\nTitre 21\nTitre 21\n",
                (40, 40),
            ),
            // A line far from the pairs, and a pair's second line changed.
            ("Texte 5\n", "Texte cinq\n", (40, 40)),
            ("Titre 30\nTitre 30\n", "Titre 30\nTitre trente\n", (39, 39)),
        ];
        edit_and_compare(&mut inc, &mut text, &settings, &edits, repeats);
    }

    /// Makes each edit of `edits` (the first `from` in `text` made `to`), and checks after each
    /// that the incremental findings are the full analysis's and that `counts` of them are the
    /// edit's.
    fn edit_and_compare<C: PartialEq + std::fmt::Debug>(
        inc: &mut Incremental,
        text: &mut String,
        settings: &Arc<Settings>,
        edits: &[(&str, &str, C)],
        counts: impl Fn(&[Finding]) -> C,
    ) {
        for (from, to, expected) in edits {
            assert!(text.contains(from), "{from:?}");
            *text = text.replacen(from, to, 1);
            let (a, b) = (incremental(inc, text, settings), full(text, settings));
            assert!(a == b, "{from:?} -> {to:?}\n{}", difference(&a, &b));
            assert_eq!(&counts(&a), expected, "{from:?} -> {to:?}");
        }
    }

    /// `hard-wrap` takes from the last text the paragraphs of the breaks the change did not
    /// reach, and walks again those around it: a paragraph that an edit joins to the line
    /// before it, cuts short at its last line or splits, and a text that an edit makes
    /// hard-wrapped or not (three breaks in all), whose paragraphs far from the edit appear or
    /// go.
    #[test]
    fn wrapped_paragraphs_next_to_an_edit_are_judged_again() {
        let settings = Arc::new(
            Settings::new(crate::config::parse("[rules]\nboilerplate = \"off\"\n").unwrap())
                .unwrap(),
        );
        // Paragraphs of four lines (three breaks), the first 30 apart and the others one after
        // another: the last line of each ends its sentence.
        let block = |i: usize| {
            format!(
                "Le Programme {i} a distribué hier des rations aux familles\n\
                 déplacées par les inondations dans la région du nord, où\n\
                 les pluies ont détruit plus de deux cents maisons depuis le\n\
                 début du mois selon les autorités locales du district {i}.\n{}",
                if i < 30 { "\n" } else { "" }
            )
        };
        let mut text: String = (0..40).map(block).collect();
        let wraps = |found: &[Finding]| {
            let wraps = found.iter().filter(|f| f.code == "hard-wrap");
            (
                wraps.clone().count(),
                wraps
                    .map(|f| f.fix.as_ref().map_or(0, |x| x.edits.len()))
                    .sum::<usize>(),
            )
        };
        let mut inc = Incremental::new();
        let first = incremental(&mut inc, &text, &settings);
        assert_eq!(first, full(&text, &settings));
        assert_eq!(wraps(&first), (40, 120));
        let long = "une ligne bien trop longue pour un retour à la ligne fait à une largeur fixe, \
                    qui en compte plus de cent";
        // Each edit, and the counts of paragraphs and of breaks after it.
        let edits = [
            // The blank line before paragraph 20 made a line that carries on into it.
            (
                "district 19.\n\nLe",
                "district 19.\nSuite du communiqué dans les communes et dans la région de\nLe",
                (40, 121),
            ),
            (
                "district 19.\nSuite du communiqué dans les communes et dans la région de\nLe",
                "district 19.\n\nLe",
                (40, 120),
            ),
            // The last line of paragraph 10 too long to be wrapped: three lines, two breaks.
            (
                "début du mois selon les autorités locales du district 10.",
                long,
                (40, 119),
            ),
            (
                long,
                "début du mois selon les autorités locales du district 10.",
                (40, 120),
            ),
            // The second line of paragraph 35 (with no blank line around it) ends its sentence:
            // two paragraphs of two lines; then the last line of paragraph 34 carries on into
            // paragraph 35.
            (
                "nord, où\nles pluies ont détruit plus de deux cents maisons depuis le\n\
                 début du mois selon les autorités locales du district 35",
                "nord.\nles pluies ont détruit plus de deux cents maisons depuis le\n\
                 début du mois selon les autorités locales du district 35",
                (41, 119),
            ),
            (
                "autorités locales du district 34.",
                "autorités locales du district 34 et",
                (40, 120),
            ),
        ];
        edit_and_compare(&mut inc, &mut text, &settings, &edits, wraps);
        // A text of two breaks, not hard-wrapped: an edit far from them that makes a third
        // makes them paragraphs, and one that takes it away makes none.
        let two = |i: usize| {
            format!(
                "Le Programme {i} a distribué hier des rations aux familles\n\
                 déplacées par les inondations dans la région du nord.\n\n"
            )
        };
        let filler = "Une phrase courte.\n\n".repeat(30);
        let mut text = format!("{}{filler}{}{filler}Fin.\n", two(1), two(2));
        let mut inc = Incremental::new();
        assert_eq!(wraps(&incremental(&mut inc, &text, &settings)), (0, 0));
        let third = two(3);
        let edits = [
            ("Fin.\n", &*third, (3, 3)),
            (&*third, "Fin.\n", (0, 0)),
            ("Fin.\n", &*third, (3, 3)),
        ];
        edit_and_compare(&mut inc, &mut text, &settings, &edits, wraps);
    }

    /// A paragraph of an invented release: text by itself, long enough to be an anchor of the
    /// page detector's first verdicts (see `boilerplate::Verdicts`).
    const LONG_PARAGRAPH: &str = "L'organisation a distribué des kits d'hygiène et des bâches à plus de trois mille \
        familles déplacées par les inondations de la saison des pluies, avec ses partenaires et les \
        autorités locales, qui ont salué le travail des équipes sur le terrain et la rapidité de la \
        réponse apportée aux familles dans les communes du nord du pays.";

    /// The page detector's verdicts kept from the last text are those of the lines between the
    /// anchors around the change only: an edit that turns a paragraph into boilerplate turns
    /// the short blocks after it, far from the edit, into boilerplate up to the next anchor;
    /// and after one that changes the page's language every line is judged again.
    #[test]
    fn page_verdicts_far_from_the_edit_follow_it() {
        let shorts = "Une phrase courte.\n\n".repeat(40);
        let text = format!(
            "{LONG_PARAGRAPH}\n\n{LONG_PARAGRAPH} Fin.\n\n{shorts}{LONG_PARAGRAPH}\n\n{shorts}{LONG_PARAGRAPH}\n"
        );
        let settings = Arc::new(Settings::default());
        let page = |found: &[Finding]| {
            found
                .iter()
                .filter(|f| f.code == "boilerplate-page")
                .map(|f| f.range.clone())
                .collect::<Vec<_>>()
        };
        for apart in [false, true] {
            let mut inc = Incremental::new();
            inc.page_apart_from = apart.then_some(0);
            let first = incremental(&mut inc, &text, &settings);
            assert_eq!(first, full(&text, &settings));
            // The second paragraph made a share bar: the short lines after it are boilerplate,
            // the last of them 80 lines below the edit.
            let shared = text.replacen(
                &format!("{LONG_PARAGRAPH} Fin."),
                "Partager sur Facebook",
                1,
            );
            let second = incremental(&mut inc, &shared, &settings);
            assert!(
                second == full(&shared, &settings),
                "{}",
                difference(&second, &full(&shared, &settings))
            );
            let last_short = shared
                .find(&format!("\n\n{LONG_PARAGRAPH}\n\nUne"))
                .expect("there");
            assert!(
                page(&second).iter().any(|r| r.contains(&(last_short - 2))),
                "{:?}",
                page(&second)
            );
            assert!(page(&first).iter().all(|r| !r.contains(&(last_short - 2))));
            // And back.
            let back = incremental(&mut inc, &text, &settings);
            assert_eq!(back, first);
            // The page in English from a line of English stop words on: every block's stop
            // words are counted again (all judged again).
            let english = format!(
                "{text}{}\n",
                "the of and to in that it is was for on with as at by ".repeat(30)
            );
            let third = incremental(&mut inc, &english, &settings);
            assert!(
                third == full(&english, &settings),
                "{}",
                difference(&third, &full(&english, &settings))
            );
        }
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
            "\r\n",
            "\r",
            "\u{feff}",
            "Le financement permettra de poursuivre le travail de\n",
            "la mission dans les communes du nord du pays et\n",
            "des familles accueillies depuis le mois de janvier.\n",
            "Accueil\nAccueil\n",
            LONG_PARAGRAPH,
            "\n\nUne phrase courte.\n\n",
            "Partager sur Facebook\n",
            "www.example.org\n",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    /// A text of many parts: the pieces of [`sample_text`], most of them on lines of their own.
    fn long_text() -> impl Strategy<Value = String> {
        prop::collection::vec((sample_text(), any::<bool>()), 20..80).prop_map(|v| {
            v.into_iter()
                .map(|(piece, line)| if line { piece + "\n" } else { piece })
                .collect()
        })
    }

    /// Analyses `start`, then makes each edit (`len` bytes at `at` replaced by the first
    /// `take` characters of a text), both ways after each.
    /// With `apart`, `boilerplate-page` runs on a thread of its own whatever the text's length.
    fn replay(
        start: String,
        edits: Vec<(prop::sample::Index, usize, String)>,
        take: usize,
        apart: bool,
    ) -> Result<(), TestCaseError> {
        let settings = Arc::new(Settings::default());
        let mut inc = Incremental::new();
        inc.page_apart_from = apart.then_some(0);
        let mut text = start;
        prop_assert_eq!(
            incremental(&mut inc, &text, &settings),
            full(&text, &settings)
        );
        for (at, len, insert) in edits {
            let at = crate::text::floor_char_boundary(&text, at.index(text.len() + 1));
            let end = crate::text::floor_char_boundary(&text, (at + len).min(text.len()));
            let insert: String = insert.chars().take(take).collect();
            text.replace_range(at..end, &insert);
            let (a, b) = (
                incremental(&mut inc, &text, &settings),
                full(&text, &settings),
            );
            prop_assert!(a == b, "{}\ntext: {:?}", difference(&a, &b), text);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// After random edits, the incremental findings are the full analysis's.
        #[test]
        fn equals_the_full_analysis_after_random_edits(
            start in sample_text(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..40, sample_text()), 1..6),
            apart in any::<bool>(),
        ) {
            replay(start, edits, 30, apart)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(60))]
        /// The same in texts of many parts, after small edits: most parts are taken from the
        /// last text by their place, before and after the edit, and those whose context the
        /// edit reaches are cut again.
        #[test]
        fn equals_the_full_analysis_after_small_edits_in_long_texts(
            start in long_text(),
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..12, sample_text()), 1..12),
            apart in any::<bool>(),
        ) {
            replay(start, edits, 8, apart)?;
        }
    }

    /// With severities configured (a family raised, a rule lowered, one off), the parts keep
    /// the severities they were analysed with, and new settings give the new ones.
    #[test]
    fn configured_severities_are_the_full_analysis_s() {
        let parse =
            |toml: &str| Arc::new(Settings::new(crate::config::parse(toml).unwrap()).unwrap());
        let first = parse(
            "[rules]\nphone = \"error\"\nemail-html-remnant = \"hint\"\nlost-character = \"off\"\n",
        );
        let second = parse("[rules]\nphone-malformed = \"info\"\nemail = \"off\"\n");
        let text = "Qui sommes nous\nStructure\n\nLe programme est mis en uvre \u{e0} Dakar.\n\n"
            .to_string()
            + &"Contact : \"mailto:x@iom.int\">x@iom.int, + 509 3245 5153\nTel: +506 2212.5352\n\n"
                .repeat(40);
        let mut inc = Incremental::new();
        let mut text = text;
        for (i, settings) in [&first, &first, &second, &second, &first]
            .into_iter()
            .enumerate()
        {
            text.insert_str(text.len() / 2, if i % 2 == 0 { "x" } else { "\n" });
            let (a, b) = (
                incremental(&mut inc, &text, settings),
                full(&text, settings),
            );
            assert!(a == b, "{}", difference(&a, &b));
            assert!(a.iter().any(|f| f.code.starts_with("phone")));
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
            // (Analysed again with `boilerplate-page` on a thread of its own, as on a large
            // text: the measures and findings it kept are taken all the same.)
            inc.page_apart_from = Some(0);
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
