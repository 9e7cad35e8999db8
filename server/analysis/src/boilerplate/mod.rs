//! Reading one page alone for boilerplate, the way jusText reads the paragraphs of a page: each
//! block of text is judged by its length, its share of stop words in the page's language, its
//! sentence punctuation and the boilerplate phrases it holds; then short and doubtful blocks
//! take the class of their neighbours (context smoothing), the edges of the page counting as
//! boilerplate.
//!
//! Plain text has no tags, so two proxies stand in for what jusText reads from the HTML: lines
//! that a scraper cut at inline links are joined back into one block when a sentence runs on,
//! and a run of short lines without punctuation or stop words reads as a list of links.

pub(crate) mod phrases;
mod stopwords;

use crate::incremental::{LineEdit, LineMemo};
use crate::recent::RecentLines;
use crate::text::Line;
use std::cell::RefCell;
use std::num::NonZeroU16;

pub use stopwords::Language;

/// What a block of a page is judged to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Text of the page.
    Good,
    /// Boilerplate: navigation, share bars, footers, notices.
    Bad,
}

/// Why a line was judged boilerplate, for messages and hovers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// It holds a phrase that sites add (`Share`, `Read more`, `© 2024`, `Skip to content`).
    Phrase,
    /// One of several short lines in a row without punctuation or stop words: a list of links.
    LinkList,
    /// Too few of the page language's stop words for a sentence.
    FewStopWords,
    /// A short line whose neighbours are boilerplate.
    Context,
    /// Readers' comments, after a line that opens them (`12 Comments`, `Leave a Reply`).
    Comments,
    /// Text far from the page's main text, and much shorter: teasers of other articles.
    OutsideMainText,
    /// A web address alone on its line.
    Address,
}

impl Reason {
    pub fn describe(self) -> &'static str {
        match self {
            Reason::Phrase => {
                "a boilerplate phrase (share, follow, cookies, read more, copyright…)"
            }
            Reason::LinkList => "a list of short lines without punctuation (links)",
            Reason::FewStopWords => "too few stop words for running text",
            Reason::Context => "short lines between boilerplate",
            Reason::Comments => "readers' comments after the text",
            Reason::OutsideMainText => "text apart from the main text and much shorter",
            Reason::Address => "a web address alone on its line",
        }
    }
}

/// The judgement of one line of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judged {
    pub class: Class,
    pub reason: Reason,
    /// True when the reason alone is strong: a boilerplate phrase or a list of links.
    pub strong: bool,
}

/// The page judged line by line: `None` for blank lines, and the language read.
pub struct Page {
    pub lines: Vec<Option<Judged>>,
    pub language: Option<Language>,
}

/// Blocks shorter than this (in characters) are short: their neighbours decide.
const LENGTH_LOW: usize = 70;
/// Blocks at least this long with enough stop words are text for sure.
const LENGTH_HIGH: usize = 200;
/// Stop-word densities: below `LOW` a block is boilerplate, from `HIGH` a long block is text.
const STOPWORDS_LOW: f64 = 0.22;
const STOPWORDS_HIGH: f64 = 0.28;

/// The first classification of a block, before smoothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum First {
    Good,
    NearGood,
    Short,
    Bad(Reason),
}

/// What is measured on each line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Measure {
    /// (In 32 bits, as [`Block`]'s: a measure is kept per line, 181,000 of them on the damaged
    /// document of the server's benchmark, and every pass of [`judge_with`] reads them all.)
    chars: u32,
    words: u32,
    /// Stop words of each language.
    stop: [u16; stopwords::LANGUAGES],
    /// The facts a line has or not, a bit each (see [`Measure::has`]), with [`MEASURED`]
    /// always set: a line's `Option<Measure>` then takes 24 bytes, not 32 (a 100 MB file has
    /// millions of lines, their measures alive while the page is judged).
    flags: NonZeroU16,
}

/// Set in every measure's flags: the value `None` of an `Option<Measure>` is the zero.
const MEASURED: u16 = 1 << 15;
/// Ends as a sentence or a clause ends: `.`, `!`, `?`, `:`, `;`, a closing quote.
const ENDS_SENTENCE: u16 = 1;
/// Ends as a sentence ends: `.`, `!`, `?`, `…`, or one of them before a closing quote.
const ENDS_FULL_STOP: u16 = 1 << 1;
/// Ends with a stop word (`as long as a`): a sentence that runs on to the next line.
const ENDS_WITH_STOP_WORD: u16 = 1 << 2;
/// Ends with a comma: the sentence runs on.
const ENDS_COMMA: u16 = 1 << 3;
/// Starts with a word in lower case.
const STARTS_LOWER: u16 = 1 << 4;
/// A web address alone on its line (`https://…`, `www.…`): a link, not text.
const ADDRESS: u16 = 1 << 5;
/// Holds a boilerplate phrase.
const PHRASE: u16 = 1 << 6;
/// Holds an email address or a number long enough to be a phone: contact details, which a
/// release ends with.
const CONTACT: u16 = 1 << 7;
/// Opens readers' comments (`12 comments`, `Leave a reply`), kept here rather than read
/// again from the line on every keystroke.
const OPENS_COMMENTS: u16 = 1 << 8;

const _: () = assert!(std::mem::size_of::<Option<Measure>>() == 24);

impl Default for Measure {
    fn default() -> Measure {
        Measure {
            chars: 0,
            words: 0,
            stop: [0; stopwords::LANGUAGES],
            flags: NonZeroU16::new(MEASURED).expect("not zero"),
        }
    }
}

impl Measure {
    /// A line that is boilerplate alone (see [`Verdicts`]): a boilerplate phrase without
    /// contact details (or on a web address). No line joins it and it joins none (see
    /// [`first_verdicts`]), and [`classify`] finds it boilerplate in any language. (A web
    /// address alone may join the line before it.)
    fn is_anchor(&self) -> bool {
        self.has(PHRASE) && (self.has(ADDRESS) || !self.has(CONTACT))
    }

    /// Whether the line has the fact `flag` (one of the constants above).
    fn has(&self, flag: u16) -> bool {
        self.flags.get() & flag != 0
    }

    /// Sets or clears the fact `flag`.
    fn set(&mut self, flag: u16, on: bool) {
        let bits = if on {
            self.flags.get() | flag
        } else {
            self.flags.get() & !flag
        };
        self.flags = NonZeroU16::new(bits | MEASURED).expect("MEASURED is set");
    }
}

/// Judges every line of a page.
pub fn judge(lines: &[Line<'_>]) -> Page {
    judge_with(lines, Memo::None)
}

/// The measures of the lines of the texts judged before, by line text, so that a text that
/// shares lines with those before (the pages of a site, their menu and footer) measures only
/// its own (see `check_in_batch`).
pub(crate) type Measures = RecentLines<Measure>;

/// Where [`judge_with`] takes the measures of lines already seen from.
#[derive(Clone, Copy, Default)]
pub(crate) enum Memo<'m> {
    #[default]
    None,
    /// The lines a change in the editor did not replace (see `incremental.rs`).
    Lines(&'m RefCell<LineMemo>),
    /// The lines of the text before, by text.
    Texts(&'m RefCell<Measures>),
}

/// [`judge`], with the measures of lines already seen taken from `memo`.
pub(crate) fn judge_with(lines: &[Line<'_>], memo: Memo<'_>) -> Page {
    let measure_line = |i: usize| {
        let l: &Line<'_> = &lines[i];
        (!l.is_blank()).then(|| measure(l.trimmed()))
    };
    let mut kept;
    let computed: Vec<Option<Measure>>;
    // With the memo of the last text, the first verdicts of its lines too (see [`Verdicts`]).
    let mut verdicts = None;
    // Counted as the measures are taken when they are (on a large document they are megabytes,
    // read from memory at every pass), in a pass of their own when the memo gives them all.
    let mut tally = Tally::default();
    let measures: &[Option<Measure>] = match memo {
        Memo::Lines(memo) => {
            kept = memo.borrow_mut();
            let edit = kept.edit();
            let LineMemo {
                measures,
                verdicts: v,
                ..
            } = &mut *kept;
            verdicts = Some((v, edit));
            let measures = measures.update(edit, lines.len(), 0, measure_line);
            measures.iter().flatten().for_each(|m| tally.add(m));
            measures
        }
        Memo::Texts(memo) => {
            let mut memo = memo.borrow_mut();
            computed = lines
                .iter()
                .map(|l| {
                    let m = (!l.is_blank()).then(|| memo.get(l.trimmed(), measure));
                    m.inspect(|m| tally.add(m))
                })
                .collect();
            &computed
        }
        Memo::None => {
            computed = (0..lines.len())
                .map(|i| measure_line(i).inspect(|m| tally.add(m)))
                .collect();
            &computed
        }
    };
    let Tally {
        stop: totals,
        words,
        text_lines,
        comments,
    } = tally;
    let language = totals
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .filter(|(_, n)| **n > 0)
        .map(|(i, _)| Language::ALL[i]);
    let lang = language.map_or(0, |l| l as usize);
    // A page in another language has few stop words of these: its blocks are judged by length.
    let known = totals[lang] * 10 >= words;

    let computed_sure: Vec<bool>;
    let (mut out, sure): (Vec<Option<Judged>>, &[bool]) = match verdicts {
        Some((v, edit)) => {
            v.update(edit, measures, (lang, known));
            (v.judged.clone(), &v.sure)
        }
        None => {
            let (mut out, mut sure) = (Vec::new(), Vec::new());
            first_verdicts(
                measures,
                (lang, known),
                text_lines,
                (&mut out, &mut sure),
                None,
            );
            computed_sure = sure;
            (out, &computed_sure)
        }
    };
    keep_main_text(measures, sure, &mut out);
    // Readers' comments after the text: from the line that opens them to the end. Only once
    // some of the article's own text has been read: a comment count among the teasers above the
    // article opens nothing.
    // (Looked for only on a page with a line that opens them.)
    let mut good_chars = 0;
    let mut opening = |i: usize| {
        let Some(j) = out[i] else { return false };
        if j.class == Class::Good {
            if sure[i] {
                good_chars += measures[i].map_or(0, |m| m.chars as usize);
            }
            return false;
        }
        good_chars >= LENGTH_HIGH * 2 && measures[i].is_some_and(|m| m.has(OPENS_COMMENTS))
    };
    let start = comments
        .then(|| (0..lines.len()).find(|&i| opening(i)))
        .flatten();
    if let Some(start) = start {
        for slot in out[start..].iter_mut().flatten() {
            *slot = Judged {
                class: Class::Bad,
                reason: Reason::Comments,
                strong: false,
            };
        }
    }
    Page {
        lines: out,
        language,
    }
}

/// What [`judge_with`] takes from the measures of all the lines of a page: the stop words of
/// each language, the words, the lines with text, and whether a line opens readers' comments.
#[derive(Default)]
struct Tally {
    stop: [usize; stopwords::LANGUAGES],
    words: usize,
    text_lines: usize,
    comments: bool,
}

impl Tally {
    #[inline]
    fn add(&mut self, m: &Measure) {
        for (t, s) in self.stop.iter_mut().zip(m.stop) {
            *t += usize::from(s);
        }
        self.words += m.words as usize;
        self.text_lines += 1;
        self.comments |= m.has(OPENS_COMMENTS);
    }
}

/// A block of text by itself at least this long is an anchor of the first verdicts (see
/// [`Verdicts`]): with two blocks or more, a run of near-good blocks through it is always long
/// enough to be text ([`promote_runs`]).
const ANCHOR_CHARS: usize = LENGTH_HIGH + LENGTH_HIGH / 2;

/// The first verdicts on the lines of `measures` (the page's, or lines between anchors, see
/// [`Verdicts`]), in the page's language `lang`, `known` as [`classify`] takes it: the blocks,
/// their classes, the runs of near-good blocks and of links, the smoothing. Writes into `out`
/// each line's verdict, into `sure` whether its block is text by itself and, when given, into
/// `anchors` whether its block is an anchor. `text_lines` is room for the blocks.
fn first_verdicts(
    measures: &[Option<Measure>],
    (lang, known): (usize, bool),
    text_lines: usize,
    (out, sure): (&mut Vec<Option<Judged>>, &mut Vec<bool>),
    mut anchors: Option<&mut [bool]>,
) {
    // (`out` and `sure`, empty, are filled once the blocks are made: on a huge page the blocks
    // are the peak of the page detector's memory, and the verdicts, 5 bytes a line, made before
    // them were 8 MB more at the peak of `tamis entities` on a 100 MB file.)
    debug_assert!(out.is_empty() && sure.is_empty());
    // Blocks: a line joins the block before it when the sentence runs on (a link cut it).
    // (Room for a block per line of text: a vector grown by doubling copies its blocks again.)
    let mut blocks: Vec<Block> = Vec::with_capacity(text_lines);
    for (i, m) in measures.iter().enumerate() {
        let Some(m) = m else { continue };
        // A short line is a link inside the sentence when the sentence resumes after it in
        // lower case; a headline of a list of teasers, which ends without punctuation too, is
        // followed by a byline or another headline, never by the rest of a sentence. (Read
        // last: the next line is looked at only when nothing else decides.)
        let link_inside = || {
            m.words <= 6
                && measures
                    .get(i + 1)
                    .copied()
                    .flatten()
                    .is_some_and(|n| n.has(STARTS_LOWER))
        };
        let joins = blocks.last().is_some_and(|b| {
            b.last as usize + 1 == i
                && !b.has(ENDS_SENTENCE)
                && !b.has(PHRASE)
                && !m.has(PHRASE)
                && (m.has(STARTS_LOWER)
                    || b.has(ENDS_WITH_STOP_WORD)
                    || b.has(ENDS_COMMA)
                    || (b.words >= 8 && link_inside()))
        });
        if joins {
            let b = blocks.last_mut().expect("checked");
            b.last = count(i);
            b.chars = b.chars.saturating_add(m.chars.saturating_add(1));
            b.words = b.words.saturating_add(m.words);
            b.stop = b.stop.saturating_add(u32::from(m.stop[lang]));
            b.facts = (b.facts & !ENDING) | (m.flags.get() & (ENDING | CONTACT));
        } else {
            blocks.push(Block {
                first: count(i),
                last: count(i),
                chars: m.chars,
                words: m.words,
                stop: u32::from(m.stop[lang]),
                facts: m.flags.get() & (ENDING | ADDRESS | CONTACT)
                    | if m.has(PHRASE) || m.has(ADDRESS) {
                        PHRASE
                    } else {
                        0
                    },
                verdict: First::Short,
            });
        }
    }
    // Each block's first class, in one pass with what it gives: lines of a block that is text
    // by itself, long and full of stop words, before any neighbour is looked at, are text of
    // the article for sure, which teasers, menus and comment counts are not.
    sure.resize(measures.len(), false);
    let blank = |i: usize| measures.get(i).is_none_or(Option::is_none);
    for b in &mut blocks {
        if b.words >= 8 && b.has(ENDS_FULL_STOP) {
            b.facts |= SENTENCE;
        }
        b.verdict = classify(b, known);
        if b.verdict == First::Good {
            sure[b.lines()].fill(true);
            // (Blank lines around it, or the slice's ends: see [`Verdicts`].)
            if let Some(anchors) = anchors.as_deref_mut() {
                let around =
                    (b.first == 0 || blank(b.first as usize - 1)) && blank(b.last as usize + 1);
                if around && b.chars as usize >= ANCHOR_CHARS {
                    anchors[b.lines()].fill(true);
                }
            }
        }
    }
    promote_runs(&mut blocks);
    mark_link_lists(&mut blocks);

    out.resize(measures.len(), None);
    smooth(
        blocks.len(),
        |k| blocks[k].verdict,
        |k, class| {
            let b = &blocks[k];
            let (reason, strong) = match b.verdict {
                First::Bad(r) => (r, matches!(r, Reason::Phrase | Reason::LinkList)),
                _ => (Reason::Context, false),
            };
            out[b.lines()].fill(Some(Judged {
                class,
                reason,
                strong,
            }));
        },
    );
    // (A block's lines are lines of text: a blank line is judged by none.)
    debug_assert!(out
        .iter()
        .zip(measures)
        .all(|(j, m)| j.is_none() || m.is_some()));
}

/// The first verdicts ([`first_verdicts`]) on the lines of the last text, kept for the next
/// after a change in the editor: only the lines between the nearest anchors around the change
/// are judged again, those outside are the last text's.
///
/// An anchor is a line that is boilerplate alone ([`Measure::is_anchor`]: a block of its own,
/// whatever its neighbours, and boilerplate whatever the language), or a block with blank lines
/// (or an end of the page) on both sides that is text by itself and at least [`ANCHOR_CHARS`]
/// long. Nothing of a first verdict reaches through an anchor: it stays what it is whatever its
/// neighbours; the smoothing of a block looks for the nearest text or boilerplate and stops at
/// it; no run of links or of near-good blocks goes through boilerplate; and a run of near-good
/// blocks through a long text is text on both of its sides as soon as it has a block on either.
/// The lines
/// before an anchor that lies before the change, and after one after it, keep their verdicts,
/// as long as the page's language and whether its stop words are known stay the same (the
/// stop words of each block are counted in that language).
#[derive(Debug, Default)]
pub(crate) struct Verdicts {
    generation: u64,
    lang: usize,
    known: bool,
    judged: Vec<Option<Judged>>,
    sure: Vec<bool>,
    anchors: Vec<bool>,
}

impl Verdicts {
    /// The first verdicts on the lines of `measures`, the text `generation`, `edit` the lines
    /// its change replaced (see [`crate::incremental::Kept::update`]).
    fn update(
        &mut self,
        (generation, edit): (u64, Option<LineEdit>),
        measures: &[Option<Measure>],
        (lang, known): (usize, bool),
    ) {
        let n = measures.len();
        let same = self.generation + 1 == generation && (self.lang, self.known) == (lang, known);
        let window = edit
            .filter(|e| same && e.old_end <= self.judged.len())
            .filter(|e| self.judged.len() - e.old_end == n - e.new_end)
            .map(|e| self.window(e, measures));
        (self.generation, self.lang, self.known) = (generation, lang, known);
        let Some((from, old_to, new_to)) = window else {
            self.judged.clear();
            self.sure.clear();
            self.anchors.clear();
            self.anchors.resize(n, false);
            let out = (&mut self.judged, &mut self.sure);
            first_verdicts(measures, (lang, known), n, out, Some(&mut self.anchors));
            return;
        };
        let len = new_to - from;
        let (mut judged, mut sure, mut anchors) = (Vec::new(), Vec::new(), vec![false; len]);
        let out = (&mut judged, &mut sure);
        first_verdicts(
            &measures[from..new_to],
            (lang, known),
            len,
            out,
            Some(&mut anchors),
        );
        self.judged.splice(from..old_to, judged);
        self.sure.splice(from..old_to, sure);
        self.anchors.splice(from..old_to, anchors);
    }

    /// The lines to judge again after the change `e`: from the first line of the last anchor
    /// before it (or the page's start) to the end of the first anchor after it (or the page's
    /// end); the end in the last text and in this one.
    fn window(&self, e: LineEdit, measures: &[Option<Measure>]) -> (usize, usize, usize) {
        let n = measures.len();
        let blank = |i: usize| measures[i].is_none();
        let alone = |i: usize| measures[i].is_some_and(|m| m.is_anchor());
        // Before the change (lines before `e.first` are the last text's): a line that is an
        // anchor alone, or a blank line after an anchor's last line.
        let from = (0..e.first.min(n)).rev().find_map(|i| {
            if alone(i) {
                Some(i)
            } else if i > 0 && blank(i) && self.anchors[i - 1] {
                Some((0..i - 1).rev().find(|&k| blank(k)).map_or(0, |k| k + 1))
            } else {
                None
            }
        });
        // After it (line `k` from `e.new_end` on is line `k - e.new_end + e.old_end` of the
        // last text): a line that is an anchor alone, or a blank line before an anchor's first.
        let old = |k: usize| k - e.new_end + e.old_end;
        let new_to = (e.new_end..n).find_map(|i| {
            if alone(i) {
                Some(i + 1)
            } else if i + 1 < n && blank(i) && self.anchors[old(i + 1)] {
                Some((i + 1..n).find(|&k| blank(k)).unwrap_or(n))
            } else {
                None
            }
        });
        let new_to = new_to.unwrap_or(n);
        (from.unwrap_or(0), old(new_to), new_to)
    }
}

/// Runs of this many boilerplate lines or more split the page into parts.
const GAP_LINES: usize = 15;

/// Only the main text stays: the page is cut into parts at long runs of boilerplate lines, and
/// the text of a part much smaller than the largest (teasers of other articles, a comment
/// thread past a long footer) is boilerplate too, unless it holds a paragraph that is text by
/// itself (`sure`): a code listing or a table cut one token a line splits an article into
/// parts, and its introduction is no teaser.
fn keep_main_text(measures: &[Option<Measure>], sure: &[bool], out: &mut [Option<Judged>]) {
    // Parts: (first line, last line, characters of text).
    let mut parts: Vec<(usize, usize, usize)> = Vec::new();
    let mut bad_run = 0;
    for (i, j) in out.iter().enumerate() {
        let Some(j) = j else { continue };
        if j.class == Class::Bad {
            bad_run += 1;
            continue;
        }
        let chars = measures[i].map_or(0, |m| m.chars as usize);
        match parts.last_mut() {
            Some(p) if bad_run < GAP_LINES => {
                p.1 = i;
                p.2 += chars;
            }
            _ => parts.push((i, i, chars)),
        }
        bad_run = 0;
    }
    let Some(largest) = parts.iter().map(|p| p.2).max() else {
        return;
    };
    for &(first, last, chars) in &parts {
        if chars * 4 >= largest || sure[first..=last].contains(&true) {
            continue;
        }
        for slot in out[first..=last].iter_mut().flatten() {
            *slot = Judged {
                class: Class::Bad,
                reason: Reason::OutsideMainText,
                strong: false,
            };
        }
    }
}

/// Consecutive lines read as one paragraph. (In 32-bit numbers: there are about as many
/// blocks as lines, and each pass over them reads them all from memory.)
#[derive(Debug, Clone, Copy)]
struct Block {
    first: u32,
    last: u32,
    chars: u32,
    words: u32,
    stop: u32,
    /// Bits as a [`Measure`]'s: its last line's [`ENDING`] facts, [`CONTACT`] when a line has
    /// it, [`ADDRESS`] for a web address alone, [`PHRASE`] for a boilerplate phrase or a web
    /// address (never joined to its neighbours), and [`SENTENCE`]. (In bits: a block per line
    /// of text, millions on a 100 MB file, 24 bytes each rather than 28.)
    facts: u16,
    /// Its class: first by itself ([`classify`]), then with the runs it is part of
    /// ([`promote_runs`], [`mark_link_lists`]). (In the bytes a block's alignment leaves.)
    verdict: First,
}

/// The facts of a block that its last line gives.
const ENDING: u16 = ENDS_SENTENCE | ENDS_FULL_STOP | ENDS_WITH_STOP_WORD | ENDS_COMMA;
/// A block that reads as one or more whole sentences: eight words or more, ending as a
/// sentence ends.
const SENTENCE: u16 = 1 << 9;

const _: () = assert!(std::mem::size_of::<Block>() == 24);

impl Block {
    /// Its lines.
    fn lines(&self) -> std::ops::RangeInclusive<usize> {
        self.first as usize..=self.last as usize
    }

    /// Whether the block has the fact `flag`.
    fn has(&self, flag: u16) -> bool {
        self.facts & flag != 0
    }
}

/// A count as a block keeps it (a block's characters are at most the text's).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn measure(t: &str) -> Measure {
    // A Chinese, Japanese or Korean character carries about what a short word and its space
    // do in a Latin script: counted as three characters and half a word, a sentence of these
    // scripts has the length and the word count of one in English, and the same thresholds
    // read both.
    let (chars, cjk) = if t.is_ascii() {
        (t.len(), 0)
    } else if let Some(chars) = chars_if_no_cjk(t) {
        (chars, 0)
    } else {
        t.chars()
            .fold((0, 0), |(n, c), ch| (n + 1, c + usize::from(is_cjk(ch))))
    };
    let mut m = Measure {
        chars: count(chars + 2 * cjk),
        words: count(cjk / 2),
        ..Measure::default()
    };
    let digits = read_words(t, &mut m);
    m.set(
        ENDS_WITH_STOP_WORD,
        m.has(ENDS_WITH_STOP_WORD) && t.ends_with(char::is_alphanumeric),
    );
    let ends_sentence = t.ends_with([
        '.', '!', '?', '…', ':', ';', '"', '”', '»', ')', '。', '！', '？', '：', '；', '」', '）',
    ]);
    m.set(ENDS_SENTENCE, ends_sentence);
    let ends_full_stop = t
        .trim_end_matches(['"', '”', '»', ')', '\'', '’', ' ', '」', '』', '）'])
        .ends_with(['.', '!', '?', '…', '。', '！', '？']);
    m.set(ENDS_FULL_STOP, ends_full_stop);
    // A first word in lower case (`is arguably…`), not a name written so (`iPad`, `macOS`).
    let first_word = t.split_whitespace().next().unwrap_or("");
    let starts_lower = first_word.starts_with(|c: char| {
        c.is_lowercase() || matches!(c, ',' | '.' | ';' | ':' | ')' | '’' | '\'')
    }) && !first_word.chars().any(char::is_uppercase);
    m.set(STARTS_LOWER, starts_lower);
    m.set(ENDS_COMMA, t.ends_with(','));
    m.set(ADDRESS, is_address(t));
    m.set(PHRASE, phrases::is_boilerplate(t, m.words as usize));
    m.set(
        CONTACT,
        crate::text::has_at_sign(t) || digits >= 8 || is_contact_label(t),
    );
    m.set(OPENS_COMMENTS, phrases::opens_comments(t));
    m
}

/// The characters of `t`, counted by their first bytes, when `t` has no character of U+3000 to
/// U+DFFF, so none of [`is_cjk`]: the bytes are counted and searched for those characters' first
/// bytes with no early exit, in chunks of at most 255 bytes whose counts fit a byte (counted in
/// bytes, the compiler reads many bytes with each instruction; in a `usize`, one by one).
fn chars_if_no_cjk(t: &str) -> Option<usize> {
    let (mut chars, mut cjk) = (0usize, false);
    for chunk in t.as_bytes().chunks(255) {
        let starts = chunk
            .iter()
            .fold(0u8, |n, &b| n.wrapping_add(u8::from(b & 0xc0 != 0x80)));
        chars += usize::from(starts);
        cjk |= chunk
            .iter()
            .fold(false, |c, &b| c | (b.wrapping_sub(0xe3) <= 0xed - 0xe3));
    }
    (!cjk).then_some(chars)
}

/// A character of the Chinese, Japanese or Korean scripts (ideographs, kana, hangul), which
/// write words without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}')
}

/// True when a number of a line is part of a date or a time (`11/20/2019`, `10:43`): its digits
/// are no phone's, and a byline's date is no contact detail.
fn in_date_or_time(t: &str, word: &str) -> bool {
    let start = word.as_ptr() as usize - t.as_ptr() as usize;
    let end = start + word.len();
    let date_mark = |b: Option<&u8>| matches!(b, Some(b'/' | b':'));
    date_mark(start.checked_sub(1).and_then(|i| t.as_bytes().get(i)))
        || date_mark(t.as_bytes().get(end))
}

/// [`ASCII_ALNUM`] of an ASCII letter.
const LETTER: u8 = 1;
/// [`ASCII_ALNUM`] of an ASCII digit.
const DIGIT: u8 = 2;

/// Per byte: [`LETTER`], [`DIGIT`], or 0 for any other byte (a byte past ASCII too).
const ASCII_ALNUM: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let x = b as u8;
        t[b] = if x.is_ascii_alphabetic() {
            LETTER
        } else if x.is_ascii_digit() {
            DIGIT
        } else {
            0
        };
        b += 1;
    }
    t
};

/// `bytes[start..end]` (ASCII letters and digits, at most eight) in lower case, packed as
/// `u64::from_le_bytes` packs them, zeros after them: `| 0x20` lower-cases an ASCII letter and
/// leaves a digit as it is. One load where the bytes were packed one by one.
fn packed_lower(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    debug_assert!(len <= 8);
    let raw = match bytes.get(start..start + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        None => {
            let mut buf = [0u8; 8];
            buf[..len].copy_from_slice(&bytes[start..end]);
            u64::from_le_bytes(buf)
        }
    };
    let mask = if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    };
    (raw | 0x2020_2020_2020_2020) & mask
}

/// Reads the words of a line ([`words`]: runs of letters and digits) into `m`: their number,
/// their stop words ([`stopwords::languages_of`]) and whether the last is one; returns the
/// digits of the numbers that are not part of a date or a time. One pass: a word's letters are
/// lower-cased and packed into an integer as they are read, so that a word of up to eight
/// bytes of Latin-1 letters (most words of the pages read) is looked up in the stop words
/// without being read again or hashed as a string (the word loop and the lookups were most of
/// the page detector's time). Other words are looked up by `languages_of` itself.
fn read_words(t: &str, m: &mut Measure) -> usize {
    use crate::text::latin1;
    let bytes = t.as_bytes();
    let n = bytes.len();
    let mut digits = 0;
    let mut stops = StopCounts::default();
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else {
            let c = t[i..].chars().next().expect("inside the string");
            let alnum = if (c as u32) < 0x100 {
                latin1::is_alphanumeric(c)
            } else {
                !latin1::is_plain_punctuation(c) && c.is_alphanumeric()
            };
            if !alnum {
                i += c.len_utf8();
                continue;
            }
        }
        let start = i;
        // The ASCII letters and digits of the word first, by table and with no other work per
        // byte: most words are made of nothing else.
        let mut class = 0;
        while let Some(&x) = bytes.get(i) {
            let c = ASCII_ALNUM[usize::from(x)];
            if c == 0 {
                break;
            }
            class |= c;
            i += 1;
        }
        // The first eight bytes of the word in lower case, packed as `u64::from_le_bytes`
        // packs them (zeros after the word); what the word is made of.
        let mut key = packed_lower(bytes, start, i.min(start + 8));
        let (mut ascii_letters, mut ascii, mut latin1_only, mut all_digits) =
            (class & DIGIT == 0, true, true, class & LETTER == 0);
        // A letter past ASCII: the rest of the word is read a character at a time.
        if bytes.get(i).is_some_and(|&x| x >= 0x80) {
            while i < n {
                let b = bytes[i];
                let k = i - start;
                if b.is_ascii_alphabetic() {
                    if k < 8 {
                        key |= u64::from(b | 0x20) << (8 * k);
                    }
                    all_digits = false;
                    i += 1;
                } else if b.is_ascii_digit() {
                    if k < 8 {
                        key |= u64::from(b) << (8 * k);
                    }
                    ascii_letters = false;
                    i += 1;
                } else if b < 0x80 {
                    break;
                } else if let Some(x) = latin1_letter_after_c3(bytes, i) {
                    // A letter of U+00C0 to U+00FF (`é`, `À`, `ç`), the common case, from its
                    // bytes: lower case adds 0x20 to the second byte of `À` to `Þ`, not `ß`.
                    (ascii_letters, ascii, all_digits) = (false, false, false);
                    let lower = if x <= 0x9e { x | 0x20 } else { x };
                    if k < 8 {
                        key |= 0xc3 << (8 * k);
                    }
                    if k + 1 < 8 {
                        key |= u64::from(lower) << (8 * (k + 1));
                    }
                    i += 2;
                } else {
                    let c = t[i..].chars().next().expect("inside the string");
                    let below_100 = (c as u32) < 0x100;
                    let alnum = if below_100 {
                        latin1::is_alphanumeric(c)
                    } else {
                        !latin1::is_plain_punctuation(c) && c.is_alphanumeric()
                    };
                    if !alnum {
                        break;
                    }
                    (ascii_letters, ascii, all_digits) = (false, false, false);
                    if below_100 {
                        // Lower case keeps the byte length of a Latin-1 letter.
                        let mut buf = [0u8; 2];
                        for (j, &x) in latin1::to_lowercase(c)
                            .encode_utf8(&mut buf)
                            .as_bytes()
                            .iter()
                            .enumerate()
                        {
                            if k + j < 8 {
                                key |= u64::from(x) << (8 * (k + j));
                            }
                        }
                    } else {
                        latin1_only = false;
                    }
                    i += c.len_utf8();
                }
            }
        }
        let word = &t[start..i];
        if all_digits && !in_date_or_time(t, word) {
            digits += word.len();
        }
        let stop = if word.len() > 8 || !latin1_only {
            stopwords::languages_of(word)
        } else if ascii_letters {
            stopwords::languages_of_packed(key, bytes[start] | 0x20, word.len())
        } else if ascii {
            stopwords::languages_of(word)
        } else {
            stopwords::languages_of_latin1_packed(key, word.len())
        };
        m.words = m.words.saturating_add(1);
        m.set(ENDS_WITH_STOP_WORD, stop.is_some());
        if let Some(mask) = stop {
            stops.add(mask, &mut m.stop);
        }
    }
    stops.flush(&mut m.stop);
    digits
}

/// The second byte of the letter of U+00C0 to U+00FF at `bytes[i]` (its first byte is 0xC3),
/// when there is one: any character of that range but `×` (0x97) and `÷` (0xB7).
fn latin1_letter_after_c3(bytes: &[u8], i: usize) -> Option<u8> {
    match bytes.get(i..i + 2) {
        Some(&[0xc3, x]) if x != 0x97 && x != 0xb7 => Some(x),
        _ => None,
    }
}

/// The stop words of [`read_words`] counted by language, a counter of 10 bits per language in
/// one integer: a stop word adds its languages with one addition, where six counters took six.
/// Poured into the line's counters before any could overflow, and at the end of the line.
#[derive(Default)]
struct StopCounts {
    packed: u64,
    /// Stop words in `packed`, each adding at most one to each counter.
    pending: u16,
}

/// Bits per language in [`StopCounts::packed`].
const STOP_BITS: u32 = 10;

/// For each mask of languages, one in the counter of each ([`StopCounts::packed`]).
const SPREAD: [u64; 1 << stopwords::LANGUAGES] = {
    let mut t = [0u64; 1 << stopwords::LANGUAGES];
    let mut mask = 0;
    while mask < t.len() {
        let mut k = 0;
        while k < stopwords::LANGUAGES {
            if mask >> k & 1 == 1 {
                t[mask] |= 1 << (STOP_BITS as usize * k);
            }
            k += 1;
        }
        mask += 1;
    }
    t
};

impl StopCounts {
    /// Counts a stop word of the languages of `mask` (bit `k` for language `k`).
    fn add(&mut self, mask: u8, stop: &mut [u16; stopwords::LANGUAGES]) {
        self.packed += SPREAD[usize::from(mask) & (SPREAD.len() - 1)];
        self.pending += 1;
        if self.pending == (1 << STOP_BITS) - 1 {
            self.flush(stop);
        }
    }

    /// Adds the counts to `stop` (wrapping as a `u16` does) and starts again from zero.
    fn flush(&mut self, stop: &mut [u16; stopwords::LANGUAGES]) {
        for (k, s) in stop.iter_mut().enumerate() {
            let n = self.packed >> (STOP_BITS as usize * k) & ((1 << STOP_BITS) - 1);
            *s = s.wrapping_add(u16::try_from(n).expect("10 bits"));
        }
        *self = StopCounts::default();
    }
}

/// The words of a line: runs of letters and digits, ASCII read byte by byte.
#[cfg(test)]
fn words(t: &str) -> impl Iterator<Item = &str> {
    let bytes = t.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let mut start = None;
        while i < bytes.len() {
            let (alnum, len) = if bytes[i] < 0x80 {
                (bytes[i].is_ascii_alphanumeric(), 1)
            } else {
                let c = t[i..].chars().next().expect("inside the string");
                let alnum = if (c as u32) < 0x100 {
                    crate::text::latin1::is_alphanumeric(c)
                } else {
                    c.is_alphanumeric()
                };
                (alnum, c.len_utf8())
            };
            match (alnum, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let word = &t[s..i];
                    i += len;
                    return Some(word);
                }
                _ => {}
            }
            i += len;
        }
        start.map(|s| &t[s..])
    })
}

/// A line that is only a web address: scrapers keep the `href` of images, share links and
/// canonical links as text of their own.
fn is_address(t: &str) -> bool {
    let lower = |p: &str| t.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    (lower("http://") || lower("https://") || lower("www.")) && !t.contains(char::is_whitespace)
}

/// `Tel:`, `E-mail:`, `Courriel :`: the label of a contact detail, which a release ends with.
fn is_contact_label(t: &str) -> bool {
    const LABELS: &[&str] = &[
        "e-mail", "email", "courriel", "correo", "tel", "tél", "phone", "fax", "mobile", "cel",
    ];
    t.len() < 40
        && LABELS.iter().any(|l| {
            t.get(..l.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(l))
                && !t[l.len()..].starts_with(char::is_alphabetic)
        })
}

/// jusText's first classification of a block; `known` is false for a page in a language
/// without a stop-word list, judged by length alone.
fn classify(b: &Block, known: bool) -> First {
    match classify_text(b, known) {
        // Contact details end a release: never boilerplate on their own. A whole sentence of
        // eight words or more is not navigation either, whatever its stop words.
        First::Short | First::Bad(Reason::FewStopWords) if b.has(CONTACT) || b.has(SENTENCE) => {
            First::NearGood
        }
        First::Bad(Reason::Phrase) if b.has(CONTACT) => First::NearGood,
        f => f,
    }
}

fn classify_text(b: &Block, known: bool) -> First {
    if b.has(ADDRESS) {
        return First::Bad(Reason::Address);
    }
    if b.has(PHRASE) {
        return First::Bad(Reason::Phrase);
    }
    let density = if !known {
        STOPWORDS_HIGH
    } else if b.words == 0 {
        0.0
    } else {
        b.stop as f64 / b.words as f64
    };
    if (b.chars as usize) < LENGTH_LOW {
        return First::Short;
    }
    if density >= STOPWORDS_HIGH && b.chars as usize >= LENGTH_HIGH {
        First::Good
    } else if density >= STOPWORDS_LOW {
        First::NearGood
    } else {
        First::Bad(Reason::FewStopWords)
    }
}

/// Several near-good blocks in a row, long enough together, are text: paragraphs of one
/// sentence each (some sites write so) are each too short to be sure of alone.
fn promote_runs(blocks: &mut [Block]) {
    let mut i = 0;
    while i < blocks.len() {
        let (mut j, mut chars) = (i, 0);
        while j < blocks.len() && matches!(blocks[j].verdict, First::NearGood | First::Good) {
            chars += blocks[j].chars as usize;
            j += 1;
        }
        if j - i >= 2 && chars >= LENGTH_HIGH + LENGTH_HIGH / 2 {
            for b in &mut blocks[i..j] {
                b.verdict = First::Good;
            }
        }
        i = j.max(i + 1);
    }
}

/// Three or more short one-line blocks in a row, none a sentence: a list of links (a menu, a
/// tag list, a footer), boilerplate whatever surrounds it.
fn mark_link_lists(blocks: &mut [Block]) {
    let is_link = |b: &Block| {
        // (A block's lines are consecutive lines of text: one line when it starts where it ends.)
        b.verdict == First::Short
            && b.first == b.last
            && b.words <= 6
            && !b.has(ENDS_SENTENCE)
            && !b.has(CONTACT)
    };
    let mut i = 0;
    while i < blocks.len() {
        let (mut j, mut stop, mut words) = (i, 0, 0);
        while j < blocks.len() && is_link(&blocks[j]) {
            stop += blocks[j].stop as usize;
            words += blocks[j].words as usize;
            j += 1;
        }
        if j - i >= 3 && (stop as f64) < 0.2 * words as f64 {
            for b in &mut blocks[i..j] {
                b.verdict = First::Bad(Reason::LinkList);
            }
        }
        i = j.max(i + 1);
    }
}

/// jusText's context smoothing: a short block between text is text, between boilerplate is
/// boilerplate; a near-good block is text unless boilerplate surrounds it. The page's edges
/// count as boilerplate. Gives `class(k, c)` the class `c` of each of the `n` blocks in order,
/// `first(k)` their first classes.
///
/// What a block needs of each side is the nearest good or bad block, near-good ones skipped,
/// and whether a near-good block lies between: before it, kept while the blocks are read;
/// after it, looked for once per run of blocks neither good nor bad (most blocks are one or the
/// other, and need nothing of their neighbours), so that long runs of short lines cost no more
/// than their length and no vector is made.
fn smooth(n: usize, first: impl Fn(usize) -> First, mut class: impl FnMut(usize, Class)) {
    let fixed = |f: First| match f {
        First::Good => Some(Class::Good),
        First::Bad(_) => Some(Class::Bad),
        _ => None,
    };
    // Before block `k`: the nearest good or bad block (boilerplate at the page's start), and
    // whether a near-good block lies between it and `k`.
    let (mut before, mut near_before) = (Class::Bad, false);
    // After it: the block that ends the run of blocks neither good nor bad that `k` is part of
    // (`run_end`, `n` at the page's end), its class, and the last near-good block of the run.
    let (mut run_end, mut after, mut last_near) = (0, Class::Bad, None);
    for k in 0..n {
        let f = first(k);
        if let Some(c) = fixed(f) {
            class(k, c);
            (before, near_before) = (c, false);
            continue;
        }
        if k >= run_end {
            (run_end, after, last_near) = (k, Class::Bad, None);
            while run_end < n {
                let g = first(run_end);
                if let Some(c) = fixed(g) {
                    after = c;
                    break;
                }
                if g == First::NearGood {
                    last_near = Some(run_end);
                }
                run_end += 1;
            }
        }
        let near_after = last_near.is_some_and(|l| l > k);
        let c = if f == First::NearGood {
            if before == Class::Bad && after == Class::Bad {
                Class::Bad
            } else {
                Class::Good
            }
        } else if before == after {
            before
        } else if (before == Class::Bad && near_before) || (after == Class::Bad && near_after) {
            Class::Good
        } else {
            Class::Bad
        };
        class(k, c);
        near_before |= f == First::NearGood;
    }
}

/// [`smooth`] as it was written first, with the neighbours of every block found by a pass
/// each way into a vector: what the tests compare it with.
#[cfg(test)]
fn smooth_by_scans(first: &[First]) -> Vec<Class> {
    let n = first.len();
    let fixed = |f: First| match f {
        First::Good => Some(Class::Good),
        First::Bad(_) => Some(Class::Bad),
        _ => None,
    };
    // The nearest good or bad block on each side, near-good ones skipped (`.0`), and whether
    // the nearest block that is not short is near-good (`.1`): one pass each way, so that long
    // runs of short lines cost no more than their length.
    let scan = |order: &mut dyn Iterator<Item = usize>| {
        let mut out = vec![(Class::Bad, false); n];
        let (mut fixed_seen, mut near) = (Class::Bad, false);
        for i in order {
            out[i] = (fixed_seen, near);
            if let Some(c) = fixed(first[i]) {
                fixed_seen = c;
                near = false;
            } else if first[i] == First::NearGood {
                near = true;
            }
        }
        out
    };
    let before = scan(&mut (0..n));
    let after = scan(&mut (0..n).rev());
    let neighbour = |i: usize, step: isize, skip_near: bool| -> (Class, bool) {
        let (c, near) = if step < 0 { before[i] } else { after[i] };
        if near && !skip_near {
            (Class::Good, true)
        } else {
            (c, false)
        }
    };
    let mut out: Vec<Class> = Vec::with_capacity(n);
    for (i, f) in first.iter().enumerate() {
        let c = match f {
            First::Good => Class::Good,
            First::Bad(_) => Class::Bad,
            First::Short => {
                let prev = neighbour(i, -1, true).0;
                let next = neighbour(i, 1, true).0;
                if prev == next {
                    prev
                } else if (prev == Class::Bad && neighbour(i, -1, false).1)
                    || (next == Class::Bad && neighbour(i, 1, false).1)
                {
                    Class::Good
                } else {
                    Class::Bad
                }
            }
            First::NearGood => {
                let prev = neighbour(i, -1, true).0;
                let next = neighbour(i, 1, true).0;
                if prev == Class::Bad && next == Class::Bad {
                    Class::Bad
                } else {
                    Class::Good
                }
            }
        };
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    fn bad_lines(text: &str) -> Vec<&str> {
        let ls = lines(text);
        let page = judge(&ls);
        ls.iter()
            .zip(&page.lines)
            .filter(|(_, j)| j.is_some_and(|j| j.class == Class::Bad))
            .map(|(l, _)| l.text())
            .collect()
    }

    #[test]
    fn menu_and_share_bar_around_an_article() {
        let t = "Home\nNews\nSport\nWeather\n\
            Council votes to rebuild the old bridge\n\
            The town council voted on Tuesday to rebuild the old bridge over the river, which has been closed to traffic since the floods of last spring. The work is to start in the summer and should last for a year.\n\
            The mayor said that the new bridge would be wider than the old one and that it would have a lane for bicycles, which many of the people who live in the town had asked for.\n\
            Share this article\nFacebook\nTwitter\n© 2024 The Town Herald. All rights reserved.\n";
        assert_eq!(
            bad_lines(t),
            [
                "Home",
                "News",
                "Sport",
                "Weather",
                "Council votes to rebuild the old bridge",
                "Share this article",
                "Facebook",
                "Twitter",
                "© 2024 The Town Herald. All rights reserved."
            ]
        );
    }

    /// What `Verdicts` relies on: the first verdicts of a page are those of its lines up to an
    /// anchor and of its lines from that anchor on, each judged alone, whatever the language.
    /// (Lines drawn from pieces: menus, phrases, addresses, contact details, sentences cut at
    /// links, long paragraphs between blank lines.)
    #[test]
    fn first_verdicts_do_not_reach_through_an_anchor() {
        let long = "The regional council said on Monday that the new ferry line between the two harbours would open in the spring, and that the boats would run every hour from early in the morning until late in the evening, with a stop at the island of the old lighthouse on the way.";
        let pieces = [
            "Home\n",
            "News\n",
            "\n",
            "\n\n",
            "Share this article\n",
            "www.example.org\n",
            "Contact: ana@example.org\n",
            "© 2024 The Herald\n",
            "The council said that\n",
            "the ferry\n",
            "would run every hour.\n",
            "Short line\n",
            long,
            "\n\n",
            "Read more\n",
            "and the island, ",
            "de la ville ",
            "12 Comments\n",
        ];
        let judge = |m: &[Option<Measure>], lk: (usize, bool)| {
            let n = m.len();
            let (mut out, mut sure, mut anchors) = (Vec::new(), Vec::new(), vec![false; n]);
            first_verdicts(m, lk, n, (&mut out, &mut sure), Some(&mut anchors));
            (out, sure, anchors)
        };
        let (mut tried, mut blocks) = (0, 0);
        for text in crate::testing::texts_of_pieces(&pieces, 400, 60) {
            let ls = crate::text::lines(&text);
            let m: Vec<Option<Measure>> = ls
                .iter()
                .map(|l| (!l.is_blank()).then(|| measure(l.trimmed())))
                .collect();
            for lk in [(0, true), (1, true), (0, false)] {
                let all = judge(&m, lk);
                // Anchors alone, and blocks of long text between blank lines: their lines.
                let mut anchors: Vec<(usize, usize)> = (0..m.len())
                    .filter(|&i| m[i].is_some_and(|x| x.is_anchor()))
                    .map(|i| (i, i))
                    .collect();
                let mut i = 0;
                while i < m.len() {
                    if all.2[i] {
                        let first = i;
                        while i < m.len() && all.2[i] {
                            i += 1;
                        }
                        anchors.push((first, i - 1));
                        blocks += 1;
                    }
                    i += 1;
                }
                for (first, last) in anchors {
                    tried += 1;
                    let (before, after) = (judge(&m[..=last], lk), judge(&m[first..], lk));
                    let joined = |k: usize| {
                        if k <= last {
                            (before.0[k], before.1[k], before.2[k])
                        } else {
                            (after.0[k - first], after.1[k - first], after.2[k - first])
                        }
                    };
                    for k in 0..m.len() {
                        assert_eq!(
                            joined(k),
                            (all.0[k], all.1[k], all.2[k]),
                            "{text:?} {first} {k}"
                        );
                    }
                    assert_eq!(&after.0[..=last - first], &all.0[first..=last]);
                }
            }
        }
        assert!(tried > 1000 && blocks > 10, "{tried} {blocks}");
    }

    /// The smoothing read in one pass gives the classes of the one that scans each way, on
    /// every page of up to eight blocks of each first class.
    #[test]
    fn smoothing_in_one_pass_is_smoothing_by_scans() {
        let kinds = [
            First::Good,
            First::NearGood,
            First::Short,
            First::Bad(Reason::Phrase),
        ];
        let mut tried = 0;
        for len in 0..=8u32 {
            for code in 0..4usize.pow(len) {
                let first: Vec<First> = (0..len).map(|k| kinds[code / 4usize.pow(k) % 4]).collect();
                let mut got = Vec::new();
                smooth(
                    first.len(),
                    |k| first[k],
                    |k, c| {
                        assert_eq!(k, got.len());
                        got.push(c);
                    },
                );
                assert_eq!(got, smooth_by_scans(&first), "{first:?}");
                tried += 1;
            }
        }
        assert_eq!(tried, 87_381);
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let w: Vec<_> = words("L'été 2024, c'est—déjà fini!").collect();
        assert_eq!(w, ["L", "été", "2024", "c", "est", "déjà", "fini"]);
        assert_eq!(words("").count(), 0);
    }

    #[test]
    fn the_words_read_in_one_pass_are_the_words_and_their_stop_words() {
        // Fixed lines, then lines drawn from letters, digits, accents, other scripts,
        // punctuation and spaces (a small generator, the same draws each run).
        let mut lines: Vec<String> = [
            "",
            "The",
            "THE cat",
            "l'été, c'est déjà fini!",
            "x2 b2b 2024 10:43 à Où même",
            "Les ENFANTS de la République — 北京 Ελλάδα и ещё",
            "aaaaaaaaa nothing-else",
            "thereafterwards abcdefgh abcdefghi",
            "²³ µ ª º ÿ",
            "…and, so on",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // More stop words than a counter of `StopCounts` holds: poured out on the way.
        lines.push("the de la ".repeat(1100));
        lines.push("x ".repeat(1500) + &"und ".repeat(1023) + "la");
        let pieces = [
            "a", "e", "de", "The", "LA", "und", "per", "não", "é", "À", "ß", "x", "7", "²", " ",
            "même", "Où", "ÉTÉ", "está", "à", "ça", "über", "Für", "12:30", "3/4", "µ", "×", " ",
            ",", "'", "-", "—", "北", "и", "Ω", "\u{a0}", "\t", "o", "nicht", "della",
            // Signs of U+2010 to U+205E, and letters of U+00C0 to U+00FF inside words.
            "’", "–", "…", "‰", "\u{2028}", "\u{205f}", "\u{2060}", "l’OIM", "Þ", "ÿ", "÷", "ß",
            "Ö", "Ø", "×", "dé", "Ç", "où", "còn", "étÉ",
        ];
        lines.extend(crate::testing::texts_of_pieces(&pieces, 3000, 24));
        for line in &lines {
            // The loop `read_words` replaces.
            let mut expected = Measure::default();
            let mut expected_digits = 0;
            for word in words(line) {
                if word.bytes().all(|b| b.is_ascii_digit()) && !in_date_or_time(line, word) {
                    expected_digits += word.len();
                }
                expected.words += 1;
                expected.set(ENDS_WITH_STOP_WORD, false);
                if let Some(mask) = super::stopwords::languages_of(word) {
                    expected.set(ENDS_WITH_STOP_WORD, true);
                    for (i, s) in expected.stop.iter_mut().enumerate() {
                        if mask & (1 << i) != 0 {
                            *s += 1;
                        }
                    }
                }
            }
            let mut got = Measure::default();
            let digits = read_words(line, &mut got);
            assert_eq!(
                (digits, got.words, got.stop, got.has(ENDS_WITH_STOP_WORD)),
                (
                    expected_digits,
                    expected.words,
                    expected.stop,
                    expected.has(ENDS_WITH_STOP_WORD)
                ),
                "{line:?}"
            );
        }
    }

    #[test]
    fn characters_are_counted_by_chunks_as_one_by_one() {
        // Texts across the chunks' edges (up to about 1,500 bytes), with characters of one to
        // four bytes, the first and last of the range (U+3000, U+D7FF) and those just outside.
        let pieces = [
            "a", " ", "é", "€", "😀", "\u{2fff}", "\u{3000}", "北", "\u{d7ff}", "\u{e000}", "ü",
            "ab", "\u{ffff}",
        ];
        let mut texts = crate::testing::texts_of_pieces(&pieces, 2000, 600);
        texts.push("a".repeat(255) + "é");
        texts.push("é".repeat(200) + "北");
        for t in &texts {
            let expected = (!t.chars().any(|c| ('\u{3000}'..='\u{d7ff}').contains(&c)))
                .then(|| t.chars().count());
            assert_eq!(chars_if_no_cjk(t), expected, "{t:?}");
        }
    }

    #[test]
    fn a_link_inside_a_sentence_stays_with_it() {
        let t = "Le conseil municipal a voté mardi la reconstruction du vieux pont sur la rivière, fermé depuis les crues du printemps dernier, et les travaux doivent commencer en été selon\n\
            le maire\n\
            de la ville, qui a présenté le projet aux habitants lors d'une réunion publique la semaine dernière.\n";
        assert!(bad_lines(t).is_empty(), "{:?}", bad_lines(t));
    }

    /// A paragraph of the invented article used by the tests below: long, full of stop words.
    const PARAGRAPH: &str = "The regional council said on Monday that the new ferry line between the two harbours would open in the spring, and that the boats would run every hour from early in the morning until late in the evening.";

    #[test]
    fn headlines_of_teasers_are_not_joined_into_a_paragraph() {
        // Headlines end without punctuation, like a sentence cut at a link, but what follows
        // each is a byline and a date, not the rest of a sentence.
        let mut t =
            format!("Ferry line to open in spring\n{PARAGRAPH}\n{PARAGRAPH}\nLatest news\n");
        for headline in [
            "Harbour workers vote to end the strike after a long night of talks",
            "New cycle lanes planned for the old town and the university quarter",
            "Record number of visitors at the summer festival of the island",
            "Storm warning issued for the north coast this weekend",
        ] {
            t.push_str(&format!("{headline}\nBy\nHERALD STAFF\n11/20/2019 10:43\n"));
        }
        let bad = bad_lines(&t);
        assert!(
            bad.contains(&"Harbour workers vote to end the strike after a long night of talks"),
            "{bad:?}"
        );
        assert!(bad.contains(&"HERALD STAFF"), "{bad:?}");
        assert!(!bad.contains(&PARAGRAPH), "{bad:?}");
    }

    #[test]
    fn a_link_cut_out_of_a_long_sentence_joins_it_back() {
        let t = "The minister said that the agreement, which took two years to negotiate and was signed by all the regional governments, was the work of\nAnna Berg\nand her team at the ministry of transport, who had travelled to every port of the coast.\n";
        assert!(bad_lines(t).is_empty(), "{:?}", bad_lines(t));
    }

    #[test]
    fn an_introduction_before_a_listing_cut_one_token_a_line_stays() {
        // A code listing whose tokens a scraper put one a line reads as a long run of short
        // boilerplate lines, cutting the article in two parts; the introduction is smaller than
        // what follows but holds a paragraph that is text by itself.
        let mut t = format!("{PARAGRAPH}\n");
        for token in "SELECT ( name ) , count ( * ) FROM ferries WHERE ( port = 1 ) GROUP BY name ;"
            .split(' ')
        {
            t.push_str(token);
            t.push('\n');
        }
        for _ in 0..6 {
            t.push_str(PARAGRAPH);
            t.push('\n');
        }
        let bad = bad_lines(&t);
        assert!(!bad.contains(&PARAGRAPH), "{bad:?}");
    }

    #[test]
    fn a_comment_count_among_teasers_above_the_article_opens_nothing() {
        let mut t = String::new();
        for teaser in [
            "Harbour workers vote to end the strike after talks",
            "12 Comments",
            "New cycle lanes planned for the old town, says the mayor",
            "Record number of visitors at the summer festival this year",
            "Storm warning issued for the north coast and the islands",
            "The old lighthouse will be open to visitors again in May",
            "Council approves the budget for the new swimming pool",
            "A new bakery opens in the market square on Saturday",
        ] {
            t.push_str(teaser);
            t.push('\n');
        }
        for _ in 0..4 {
            t.push_str(PARAGRAPH);
            t.push('\n');
        }
        let bad = bad_lines(&t);
        assert!(!bad.contains(&PARAGRAPH), "{bad:?}");
    }

    #[test]
    fn a_web_address_alone_on_its_line_is_boilerplate() {
        let t = format!("{PARAGRAPH}\n{PARAGRAPH}\nhttps://www.example.org/news/ferry-line-to-open.html\n{PARAGRAPH}\n");
        assert_eq!(
            bad_lines(&t),
            ["https://www.example.org/news/ferry-line-to-open.html"]
        );
    }

    #[test]
    fn paragraphs_in_japanese_are_read_as_text() {
        // Invented: a short notice about a ferry line, two paragraphs, with a menu and a footer.
        let p1 = "新しいフェリーの航路が来年の春に開設されることが、月曜日に地域の議会で発表されました。船は朝早くから夜遅くまで一時間ごとに運航する予定です。";
        let p2 = "議会によると、港の周辺では新しい駐車場と待合室の建設も始まっており、多くの住民や観光客の利用が見込まれています。";
        let t =
            format!("ホーム\nニュース\nお問い合わせ\n{p1}\n{p2}\n関連記事\nプライバシーポリシー\n");
        let bad = bad_lines(&t);
        assert!(!bad.contains(&p1) && !bad.contains(&p2), "{bad:?}");
        assert!(bad.contains(&"ホーム"), "{bad:?}");
    }

    #[test]
    fn the_measures_kept_from_texts_before_are_the_lines_own() {
        // Pages of three sites interleaved, each with its menu, a few lines drawn from pieces
        // (some shared between pages, some not) and its footer; among them a text too large for
        // the lines of the texts before it to stay. Every measure taken from the table is the one the
        // line gives alone, and a site's menu met again within `RECENT_TEXTS` texts is taken
        // from the table.
        let pieces = [
            "Home",
            "News",
            " ",
            "the ",
            "de la ",
            "Share this",
            "© 2024",
            "12 Comments",
            ".",
            "été ",
            "北京",
            "www.example.org",
            ",",
            "ana@example.org",
            "+33 1 23 45 67 89",
        ];
        let drawn = crate::testing::texts_of_pieces(&pieces, 600, 30);
        let mut texts: Vec<String> = (0..60)
            .map(|k| {
                let site = k % 3;
                let body: Vec<&str> = drawn[k * 10..k * 10 + 10]
                    .iter()
                    .map(String::as_str)
                    .collect();
                format!(
                    "Menu of site {site}
{}
Footer of site {site}
",
                    body.join("\n")
                )
            })
            .collect();
        texts.insert(
            30,
            format!("Line {}\n", "x".repeat(crate::recent::RECENT_BYTES)),
        );
        let mut memo = Measures::default();
        for (k, text) in texts.iter().enumerate() {
            // (Each site's first page, the large text, and the three pages after it, whose
            // sites' menus went with the lines of the texts before the large one.)
            if k > 2 && !(30..=33).contains(&k) {
                let menu = text.lines().next().expect("a menu");
                assert!(memo.lines.contains_key(menu), "{k}: {menu}");
            }
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let t = line.trim();
                let got = memo.get(t, measure);
                assert_eq!(format!("{got:?}"), format!("{:?}", measure(t)), "{t:?}");
            }
            memo.next_text();
            let last = memo.text.wrapping_sub(1);
            if k == 30 {
                assert!(memo.lines.values().all(|(_, seen)| *seen == last));
            }
            assert!(memo
                .lines
                .values()
                .all(|(_, seen)| last.wrapping_sub(*seen) < 2 * crate::recent::RECENT_TEXTS));
        }
    }
}
