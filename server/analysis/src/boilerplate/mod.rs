//! Reading one page alone for boilerplate, the way jusText reads the paragraphs of a page: each
//! block of text is judged by its length, its share of stop words in the page's language, its
//! sentence punctuation and the boilerplate phrases it holds; then short and doubtful blocks
//! take the class of their neighbours (context smoothing), the edges of the page counting as
//! boilerplate.
//!
//! Plain text has no tags, so two proxies stand in for what jusText reads from the HTML: lines
//! that a scraper cut at inline links are joined back into one block when a sentence runs on,
//! and a run of short lines without punctuation or stop words reads as a list of links.

mod phrases;
mod stopwords;

use std::cell::RefCell;
use std::collections::HashMap;

use crate::text::Line;

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
#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    chars: usize,
    words: usize,
    /// Stop words of each language.
    stop: [u16; stopwords::LANGUAGES],
    ends_sentence: bool,
    /// Ends as a sentence ends: `.`, `!`, `?`, `…`, or one of them before a closing quote.
    ends_full_stop: bool,
    /// Ends with a stop word (`as long as a`): a sentence that runs on to the next line.
    ends_with_stop_word: bool,
    starts_lower: bool,
    phrase: bool,
    /// Holds an email address or a number long enough to be a phone: contact details, which a
    /// release ends with.
    contact: bool,
}

/// Judges every line of a page.
pub fn judge(lines: &[Line<'_>]) -> Page {
    judge_with(lines, None)
}

/// The measures of the lines of the texts judged before, by line, so that a text judged again
/// after a change measures only its new lines (see `incremental.rs`).
#[derive(Debug, Default)]
pub(crate) struct Measures {
    /// The lines of the text judged last, and those of the text being judged.
    last: HashMap<Box<str>, Measure, foldhash::fast::FixedState>,
    current: HashMap<Box<str>, Measure, foldhash::fast::FixedState>,
}

impl Measures {
    /// Forgets the lines of every text but the last one judged.
    pub(crate) fn next_text(&mut self) {
        self.last = std::mem::take(&mut self.current);
    }

    fn measure(&mut self, t: &str) -> Measure {
        if let Some(m) = self.current.get(t) {
            return *m;
        }
        let (key, m) = self
            .last
            .remove_entry(t)
            .unwrap_or_else(|| (t.into(), measure(t)));
        self.current.insert(key, m);
        m
    }
}

/// [`judge`], with the measures of lines already seen taken from `memo`.
pub(crate) fn judge_with(lines: &[Line<'_>], memo: Option<&RefCell<Measures>>) -> Page {
    let mut memo = memo.map(RefCell::borrow_mut);
    let measures: Vec<Option<Measure>> = lines
        .iter()
        .map(|l| {
            (!l.is_blank()).then(|| match memo.as_deref_mut() {
                Some(memo) => memo.measure(l.trimmed()),
                None => measure(l.trimmed()),
            })
        })
        .collect();
    drop(memo);
    let mut totals = [0usize; stopwords::LANGUAGES];
    for m in measures.iter().flatten() {
        for (t, s) in totals.iter_mut().zip(m.stop) {
            *t += usize::from(s);
        }
    }
    let language = totals
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .filter(|(_, n)| **n > 0)
        .map(|(i, _)| Language::ALL[i]);
    let lang = language.map_or(0, |l| l as usize);
    // A page in another language has few stop words of these: its blocks are judged by length.
    let words: usize = measures.iter().flatten().map(|m| m.words).sum();
    let known = totals[lang] * 10 >= words;

    // Blocks: a line joins the block before it when the sentence runs on (a link cut it).
    let mut blocks: Vec<Block> = Vec::new();
    for (i, m) in measures.iter().enumerate() {
        let Some(m) = m else { continue };
        let joins = blocks.last().is_some_and(|b| {
            b.last + 1 == i
                && !b.ends_sentence
                && !b.phrase
                && !m.phrase
                && (b.words >= 8 || m.starts_lower || b.ends_with_stop_word)
        });
        if joins {
            let b = blocks.last_mut().expect("checked");
            b.last = i;
            b.chars += m.chars + 1;
            b.words += m.words;
            b.stop += usize::from(m.stop[lang]);
            b.ends_sentence = m.ends_sentence;
            b.ends_full_stop = m.ends_full_stop;
            b.ends_with_stop_word = m.ends_with_stop_word;
            b.contact |= m.contact;
        } else {
            blocks.push(Block {
                first: i,
                last: i,
                chars: m.chars,
                words: m.words,
                stop: usize::from(m.stop[lang]),
                ends_sentence: m.ends_sentence,
                ends_full_stop: m.ends_full_stop,
                ends_with_stop_word: m.ends_with_stop_word,
                phrase: m.phrase,
                contact: m.contact,
                sentence: false,
                lines: 0,
            });
        }
    }
    for b in &mut blocks {
        b.lines = measures[b.first..=b.last].iter().flatten().count();
        b.sentence = b.words >= 8 && b.ends_full_stop;
    }

    let mut first: Vec<First> = blocks.iter().map(|b| classify(b, known)).collect();
    promote_runs(&blocks, &mut first);
    mark_link_lists(&blocks, &mut first);
    let classes = smooth(&first);

    let mut out = vec![None; lines.len()];
    for ((b, f), c) in blocks.iter().zip(&first).zip(&classes) {
        let (reason, strong) = match f {
            First::Bad(r) => (*r, matches!(r, Reason::Phrase | Reason::LinkList)),
            _ => (Reason::Context, false),
        };
        for slot in &mut out[b.first..=b.last] {
            *slot = Some(Judged {
                class: *c,
                reason,
                strong,
            });
        }
    }
    for (slot, m) in out.iter_mut().zip(&measures) {
        if m.is_none() {
            *slot = None;
        }
    }
    keep_main_text(&measures, &mut out);
    // Readers' comments after the text: from the line that opens them to the end.
    let mut good_chars = 0;
    let start = (0..lines.len()).find(|&i| {
        let Some(j) = out[i] else { return false };
        if j.class == Class::Good {
            good_chars += measures[i].map_or(0, |m| m.chars);
            return false;
        }
        good_chars >= LENGTH_HIGH * 2 && phrases::opens_comments(lines[i].trimmed())
    });
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

/// Runs of this many boilerplate lines or more split the page into parts.
const GAP_LINES: usize = 15;

/// Only the main text stays: the page is cut into parts at long runs of boilerplate lines, and
/// the text of a part much smaller than the largest (teasers of other articles, a comment
/// thread past a long footer) is boilerplate too.
fn keep_main_text(measures: &[Option<Measure>], out: &mut [Option<Judged>]) {
    // Parts: (first line, last line, characters of text).
    let mut parts: Vec<(usize, usize, usize)> = Vec::new();
    let mut bad_run = 0;
    for (i, j) in out.iter().enumerate() {
        let Some(j) = j else { continue };
        if j.class == Class::Bad {
            bad_run += 1;
            continue;
        }
        let chars = measures[i].map_or(0, |m| m.chars);
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
        if chars * 4 >= largest {
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

/// Consecutive lines read as one paragraph.
#[derive(Debug, Clone, Copy)]
struct Block {
    first: usize,
    last: usize,
    chars: usize,
    words: usize,
    stop: usize,
    ends_sentence: bool,
    ends_full_stop: bool,
    ends_with_stop_word: bool,
    phrase: bool,
    contact: bool,
    /// Reads as one or more whole sentences: eight words or more, ending as a sentence ends.
    sentence: bool,
    lines: usize,
}

fn measure(t: &str) -> Measure {
    let mut m = Measure {
        chars: if t.is_ascii() {
            t.len()
        } else {
            t.chars().count()
        },
        ..Measure::default()
    };
    let mut digits = 0;
    for word in words(t) {
        if word.bytes().all(|b| b.is_ascii_digit()) {
            digits += word.len();
        }
        m.words += 1;
        m.ends_with_stop_word = false;
        if let Some(mask) = stopwords::languages_of(word) {
            m.ends_with_stop_word = true;
            for (i, s) in m.stop.iter_mut().enumerate() {
                if mask & (1 << i) != 0 {
                    *s += 1;
                }
            }
        }
    }
    m.ends_with_stop_word &= t.ends_with(char::is_alphanumeric);
    m.ends_sentence = t.ends_with(['.', '!', '?', '…', ':', ';', '"', '”', '»', ')']);
    m.ends_full_stop = t
        .trim_end_matches(['"', '”', '»', ')', '\'', '’', ' '])
        .ends_with(['.', '!', '?', '…']);
    // A first word in lower case (`is arguably…`), not a name written so (`iPad`, `macOS`).
    let first_word = t.split_whitespace().next().unwrap_or("");
    m.starts_lower = first_word.starts_with(|c: char| {
        c.is_lowercase() || matches!(c, ',' | '.' | ';' | ':' | ')' | '’' | '\'')
    }) && !first_word.chars().any(char::is_uppercase);
    m.phrase = phrases::is_boilerplate(t, m.words);
    m.contact = t.contains('@') || digits >= 8 || is_contact_label(t);
    m
}

/// The words of a line: runs of letters and digits, ASCII read byte by byte.
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
                (c.is_alphanumeric(), c.len_utf8())
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
        First::Short | First::Bad(Reason::FewStopWords) if b.contact || b.sentence => {
            First::NearGood
        }
        First::Bad(Reason::Phrase) if b.contact => First::NearGood,
        f => f,
    }
}

fn classify_text(b: &Block, known: bool) -> First {
    if b.phrase {
        return First::Bad(Reason::Phrase);
    }
    let density = if !known {
        STOPWORDS_HIGH
    } else if b.words == 0 {
        0.0
    } else {
        b.stop as f64 / b.words as f64
    };
    if b.chars < LENGTH_LOW {
        return First::Short;
    }
    if density >= STOPWORDS_HIGH && b.chars >= LENGTH_HIGH {
        First::Good
    } else if density >= STOPWORDS_LOW {
        First::NearGood
    } else {
        First::Bad(Reason::FewStopWords)
    }
}

/// Several near-good blocks in a row, long enough together, are text: paragraphs of one
/// sentence each (some sites write so) are each too short to be sure of alone.
fn promote_runs(blocks: &[Block], first: &mut [First]) {
    let mut i = 0;
    while i < blocks.len() {
        let mut j = i;
        while j < blocks.len() && matches!(first[j], First::NearGood | First::Good) {
            j += 1;
        }
        let chars: usize = blocks[i..j].iter().map(|b| b.chars).sum();
        if j - i >= 2 && chars >= LENGTH_HIGH + LENGTH_HIGH / 2 {
            for f in &mut first[i..j] {
                *f = First::Good;
            }
        }
        i = j.max(i + 1);
    }
}

/// Three or more short one-line blocks in a row, none a sentence: a list of links (a menu, a
/// tag list, a footer), boilerplate whatever surrounds it.
fn mark_link_lists(blocks: &[Block], first: &mut [First]) {
    let is_link = |b: &Block, f: First| {
        f == First::Short && b.lines == 1 && b.words <= 6 && !b.ends_sentence && !b.contact
    };
    let mut i = 0;
    while i < blocks.len() {
        let mut j = i;
        while j < blocks.len() && is_link(&blocks[j], first[j]) {
            j += 1;
        }
        if j - i >= 3 {
            let stop: usize = blocks[i..j].iter().map(|b| b.stop).sum();
            let words: usize = blocks[i..j].iter().map(|b| b.words).sum();
            if (stop as f64) < 0.2 * words as f64 {
                for f in &mut first[i..j] {
                    *f = First::Bad(Reason::LinkList);
                }
            }
        }
        i = j.max(i + 1);
    }
}

/// jusText's context smoothing: a short block between text is text, between boilerplate is
/// boilerplate; a near-good block is text unless boilerplate surrounds it. The page's edges
/// count as boilerplate.
fn smooth(first: &[First]) -> Vec<Class> {
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
            .map(|(l, _)| l.text)
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

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let w: Vec<_> = words("L'été 2024, c'est—déjà fini!").collect();
        assert_eq!(w, ["L", "été", "2024", "c", "est", "déjà", "fini"]);
        assert_eq!(words("").count(), 0);
    }

    #[test]
    fn a_link_inside_a_sentence_stays_with_it() {
        let t = "Le conseil municipal a voté mardi la reconstruction du vieux pont sur la rivière, fermé depuis les crues du printemps dernier, et les travaux doivent commencer en été selon\n\
            le maire\n\
            de la ville, qui a présenté le projet aux habitants lors d'une réunion publique la semaine dernière.\n";
        assert!(bad_lines(t).is_empty(), "{:?}", bad_lines(t));
    }
}
