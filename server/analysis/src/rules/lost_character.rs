//! The `lost-character` rule; [`DOC`] documents it.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::entities::tokens::{lower_into, tokenize, Shape, Tokens, JOINED};
use crate::lexicon::{lists, WordHash, LOST_OE};
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds French words that lost their `œ` to an encoding that could not hold it: `mis en uvre`
for `mis en œuvre`, `manuvre`, `cur` for `cœur`, `sur` for `sœur`. The word list
(`analysis/data/lost-oe.tsv`) says where it came from and which repairs are sure.

Whole words only, in lower, capitalised or upper case (`uvre`, `Uvre`, `UVRE`, `DÉSUVRÉ`), and
the parts of joined words (`main-d’uvre`, `chef-d'uvre`). The words are the document's tokens,
read once for this rule and the entities; a form with a digit after it or before it inside a
word (`uvre2`, `a2uvre`; `2uvre` is read), or in mixed case (`uVre`), is not found.

## Why is this bad?
The broken words are not words: tokenisers, spell-checkers and annotators stumble on them.

## Example
`l'OIM a mis en uvre un programme` becomes `l'OIM a mis en œuvre un programme`.

## Fix safety
Safe where the broken form is no word of its own (`uvre`, `manuvre`); none where it is
(`sur` is also a preposition, `cur` an English word): those are reported, with the likely word,
for a person to judge. Only French documents are checked.
"#;

pub const RULE: Rule = Rule {
    code: "lost-character",
    summary: "a word that lost its œ to an old encoding",
    severity: Severity::Warning,
    other_severity: Some((
        Severity::Info,
        "for a broken form that is also a word, such as `sur` or `cur`",
    )),
    fix: FixAvailability::Sometimes(FixSafety::Safe),
    yields_to_boilerplate: false,
    scope: Scope::Lines {
        before: 1,
        after: 1,
    },
    doc: DOC,
    check,
};

struct Entry {
    word: &'static str,
    sure: bool,
}

/// The words of `data/lost-oe.tsv`, which the lexicon reads (it flags the broken forms).
static WORDS: LazyLock<Vec<(&'static str, Entry)>> = LazyLock::new(|| {
    lists::lost_oe()
        .iter()
        .map(|l| {
            (
                l.found,
                Entry {
                    word: l.word,
                    sure: l.sure,
                },
            )
        })
        .collect()
});

/// Ambiguous forms are only reported after these words, where the œ word is the likely one
/// (`mis en uvre` needs no context; `ma sur`, `son cur` do).
const CONTEXT_FOR_AMBIGUOUS: &[&str] = &[
    "ma", "ta", "sa", "mes", "tes", "ses", "nos", "vos", "leur", "leurs", "son", "mon", "ton",
    "du", "au", "de", "bon", "grand", "petite", "une", "cette", "votre", "notre",
];

/// The broken forms, in lower case, and their entries in [`WORDS`].
static FORM_INDEX: LazyLock<HashMap<&'static str, usize, WordHash>> = LazyLock::new(|| {
    WORDS
        .iter()
        .enumerate()
        .map(|(k, (found, _))| (*found, k))
        .collect()
});

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

/// The parts of a joined word or of a number-led one (`main-d'uvre`, `2uvre`) that may be
/// broken forms: from each run of letters, the longest run of parts that is one
/// (`chef-d'uvre` before `uvre`), parts taken left to right.
fn broken_parts(word: &str, mut found: impl FnMut(Range<usize>)) {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (k, c) in word.char_indices() {
        let letter = is_word_char(c);
        match runs.last_mut() {
            Some(r) if letter && r.end == k => r.end = k + c.len_utf8(),
            _ if letter => runs.push(k..k + c.len_utf8()),
            _ => {}
        }
    }
    let mut buf = [0u8; 64];
    let mut a = 0;
    while a < runs.len() {
        let longest = (a..runs.len()).rev().find(|&b| {
            lower_into(&word[runs[a].start..runs[b].end], &mut buf)
                .is_some_and(|w| FORM_INDEX.contains_key(w))
        });
        match longest {
            Some(b) => {
                found(runs[a].start..runs[b].end);
                a = b + 1;
            }
            None => a += 1,
        }
    }
}

/// Lines are tokenized together in parts of at most about this size, so that the tokens of a
/// huge text (some 24 bytes a word) are never all in memory at once.
const TOKENS_PART: usize = 1 << 20;

/// Pieces of ASCII letters one of which every broken form holds (`uvr` in `chef-d'uvre`,
/// `cur` in `écurant`), matched in any ASCII case: a line without any holds no broken form,
/// as lower-casing maps no other character to these letters. The test
/// `every_form_holds_a_piece` keeps this list in step with `data/lost-oe.tsv`, and
/// `finds_the_lines_a_search_for_each_piece_finds` [`next_piece`] with this list.
#[cfg(test)]
const PIECES: &[&str] = &[
    "uvr", "cur", "sur", "vu", "uf", "nud", "murs", "illet", "cum", "soph", "ftus", "nolog",
];

/// The bytes a piece of `PIECES` is looked for around, in either ASCII case: `u` (nine of
/// them), and the `l` of `illet`, the `p` of `soph`, the `g` of `nolog`: the anchors of
/// [`next_piece_where`] byte by byte, where it reads sixteen or 32 bytes at a time and only those that
/// [`may_be_an_anchor`] (the tests compare them).
#[cfg(test)]
const ANCHOR: [bool; 256] = {
    let mut t = [false; 256];
    let anchors = *b"uUlLpPgG";
    let mut i = 0;
    while i < anchors.len() {
        t[anchors[i] as usize] = true;
        i += 1;
    }
    t
};

/// The letters after the `u` of the pieces that hold one, in lower case (`uvr`, `cur`, `sur`,
/// `uf`, `nud`, `murs`, `cum`, `ftus`), but `vu`, which ends with it.
const AFTER_U: [bool; 256] = {
    let mut t = [false; 256];
    let after = *b"vrfdms";
    let mut i = 0;
    while i < after.len() {
        t[after[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether `b` holds `piece` (ASCII lower case) at `at`, in any ASCII case.
fn piece_at(b: &[u8], at: Option<usize>, piece: &[u8]) -> bool {
    // `| 0x20` lower-cases an ASCII letter and maps no other byte to one.
    at.and_then(|at| b.get(at..at + piece.len()))
        .is_some_and(|w| w.iter().zip(piece).all(|(x, p)| x | 0x20 == *p))
}

/// The position, at or after `from`, of the first anchor of a `PIECES` piece that may be read
/// as a broken form this rule reports ([`may_be_reported`]): most pieces in a French text are
/// no broken form (`sur`, `vu` as words, `juillet`, `technologie`, `œuvre` written right), and
/// tokenizing their lines was most of this rule's time.
fn next_piece(text: &str, from: usize) -> Option<usize> {
    next_piece_before(text, from, text.len())
}

/// [`next_piece`], looking only for anchors before `to` (one found a few bytes past it may be
/// returned; `None` says that there is none before `to`).
fn next_piece_before(text: &str, from: usize, to: usize) -> Option<usize> {
    next_piece_where(text.as_bytes(), from, to, |start, piece| {
        may_be_reported(text, start, piece)
    })
}

/// The position, at or after `from`, of the first anchor of a `PIECES` piece that starts at
/// `start` and that `keep(start, piece)` keeps, looking for anchors before `to` (and up to
/// 31 bytes past it): the lines an Aho-Corasick automaton of the pieces would find, at a
/// fraction of its cost (it reads every byte of every French text, and the pieces are short,
/// frequent and in any case). Sixteen or 32 bytes at a time ([`next_piece_by`]), only the bytes
/// that may be an anchor, from the letters beside them, are read one by one: an anchor alone
/// (`u`, `l`, `p`, `g`) is one byte in nine of a French text, most of them in no piece, and
/// reading each was most of this rule's time.
fn next_piece_where(
    b: &[u8],
    from: usize,
    to: usize,
    keep: impl Fn(usize, &[u8]) -> bool,
) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, the one target feature `next_piece_in_avx2` needs.
        return unsafe { next_piece_in_avx2(b, from, to, keep) };
    }
    next_piece_by::<16>(b, from, to, keep, candidates_in)
}

/// [`next_piece_by`] 32 bytes at a time, built with AVX2 as a whole so that
/// [`candidates_in_avx2`] is part of its loop (a call for each 32 bytes was a tenth of the
/// search).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn next_piece_in_avx2(
    b: &[u8],
    from: usize,
    to: usize,
    keep: impl Fn(usize, &[u8]) -> bool,
) -> Option<usize> {
    next_piece_by::<32>(b, from, to, keep, |w| candidates_in_avx2(w))
}

/// [`next_piece_where`], `N` bytes at a time (16 or 32): `candidates` tells which of the
/// bytes `window[1..N + 1]` [`may_be_an_anchor`], between the bytes beside them, as the bits of
/// its result, the lowest for `window[1]`.
#[inline(always)]
fn next_piece_by<const N: usize>(
    b: &[u8],
    from: usize,
    to: usize,
    keep: impl Fn(usize, &[u8]) -> bool,
    candidates: impl Fn(&[u8]) -> u32,
) -> Option<usize> {
    // For the first and the last bytes of the text: a space for the bytes outside it (no
    // letter: no anchor, nor a letter beside one).
    let mut padded = [b' '; 34];
    let mut base = from;
    while base < to.min(b.len()) {
        let window = match base.checked_sub(1).and_then(|s| b.get(s..s + N + 2)) {
            Some(window) => window,
            None => {
                for (k, x) in padded[..N + 2].iter_mut().enumerate() {
                    let byte = (base + k).checked_sub(1).and_then(|j| b.get(j));
                    *x = byte.copied().unwrap_or(b' ');
                }
                &padded[..N + 2]
            }
        };
        let mut found = candidates(window);
        while found != 0 {
            let i = base + found.trailing_zeros() as usize;
            found &= found - 1;
            if i < b.len() && piece_at_anchor(b, i, &keep) {
                return Some(i);
            }
        }
        base += N;
    }
    None
}

/// Whether byte `x`, after `before` and before `after`, may be the anchor of a `PIECES` piece,
/// as [`piece_at_anchor`] reads one: `u` after the letter before it in `cur`, `sur`, `vu`, `nud`,
/// `murs`, `cum`, `ftus`, or before the `v` of `uvr` or the `f` of `uf`; the first `l` of
/// `illet` (before an `l`), the `p` of `soph` (before an `h`), the `g` of `nolog` (after an
/// `o`); in any ASCII case (`| 0x20` maps no other byte to a letter). What [`candidates_in`]
/// tells sixteen bytes at a time (the tests compare them).
const fn may_be_an_anchor(before: u8, x: u8, after: u8) -> bool {
    let (before, after) = (before | 0x20, after | 0x20);
    match x | 0x20 {
        b'u' => {
            matches!(before, b'c' | b's' | b'v' | b'n' | b'm' | b't')
                || matches!(after, b'v' | b'f')
        }
        b'l' => after == b'l',
        b'p' => after == b'h',
        b'g' => before == b'o',
        _ => false,
    }
}

/// The bytes `window[1..17]` that [`may_be_an_anchor`], between the bytes beside them, as the
/// bits of the result, the lowest for `window[1]`.
fn candidates_in(window: &[u8]) -> u32 {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the build enables SSE2 (every x86_64 processor has it), the one target
        // feature `candidates_in_sse2` needs.
        unsafe { candidates_in_sse2(window) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    candidates_in_bytes(window)
}

/// [`candidates_in`] byte by byte, for the bytes `window[1..window.len() - 1]`: what other
/// processors run, and what the tests compare the vector versions with.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn candidates_in_bytes(window: &[u8]) -> u32 {
    window.windows(3).enumerate().fold(0, |bits, (k, w)| {
        bits | u32::from(may_be_an_anchor(w[0], w[1], w[2])) << k
    })
}

/// The lanes of `x` (bytes lower-cased as `| 0x20` does) that [`may_be_an_anchor`] between the
/// lanes of `before` and `after`, as 0xff (0 in the others), from a vector comparison `is`
/// (each lane with a letter) and the vectors' `and` and `or`: the one test of SSE2 and AVX2.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
macro_rules! anchors_among_lanes {
    ($before:expr, $x:expr, $after:expr, $is:expr, $and:path, $or:path) => {{
        let any = |letters: &[u8], v| {
            let (first, rest) = letters.split_first().expect("a letter");
            rest.iter().fold($is(v, *first), |m, &l| $or(m, $is(v, l)))
        };
        let u = $and(
            $is($x, b'u'),
            $or(any(b"csvnmt", $before), any(b"vf", $after)),
        );
        let l = $and($is($x, b'l'), $is($after, b'l'));
        let p = $and($is($x, b'p'), $is($after, b'h'));
        let g = $and($is($x, b'g'), $is($before, b'o'));
        $or($or(u, l), $or(p, g))
    }};
}

/// [`candidates_in`] with SSE2: the sixteen bytes, those before them and those after, each
/// compared with the letters of [`may_be_an_anchor`] at once (some fifty instructions for
/// sixteen bytes).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn candidates_in_sse2(window: &[u8]) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_set_epi64x,
    };
    let window: &[u8; 18] = window.try_into().expect("eighteen bytes");
    // The sixteen bytes from `window[k]`, lower-cased as `| 0x20` does.
    let lower = |k: usize| {
        let half = |h: usize| i64::from_le_bytes(window[h..h + 8].try_into().expect("eight"));
        _mm_or_si128(_mm_set_epi64x(half(k + 8), half(k)), _mm_set1_epi8(0x20))
    };
    let (before, x, after) = (lower(0), lower(1), lower(2));
    let is = |v: __m128i, letter: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(letter as i8));
    let all = anchors_among_lanes!(before, x, after, is, _mm_and_si128, _mm_or_si128);
    // One bit a byte, from the high bit of each (0xff where it may be an anchor, 0 elsewhere).
    _mm_movemask_epi8(all) as u32 & 0xffff
}

/// [`candidates_in_sse2`] with AVX2, for the 32 bytes `window[1..33]`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn candidates_in_avx2(window: &[u8]) -> u32 {
    use std::arch::x86_64::{
        __m256i, _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8, _mm256_set_epi64x,
    };
    let window: &[u8; 34] = window.try_into().expect("34 bytes");
    // The 32 bytes from `window[k]`, lower-cased as `| 0x20` does.
    let lower = |k: usize| {
        let part = |h: usize| i64::from_le_bytes(window[h..h + 8].try_into().expect("eight"));
        let all = _mm256_set_epi64x(part(k + 24), part(k + 16), part(k + 8), part(k));
        _mm256_or_si256(all, _mm256_set1_epi8(0x20))
    };
    let (before, x, after) = (lower(0), lower(1), lower(2));
    let is = |v: __m256i, letter: u8| _mm256_cmpeq_epi8(v, _mm256_set1_epi8(letter as i8));
    let all = anchors_among_lanes!(before, x, after, is, _mm256_and_si256, _mm256_or_si256);
    _mm256_movemask_epi8(all) as u32
}

/// Whether the anchor at `i` is in a `PIECES` piece that `keep` keeps (see [`next_piece_where`]).
fn piece_at_anchor(b: &[u8], i: usize, keep: &impl Fn(usize, &[u8]) -> bool) -> bool {
    let back = |n: usize| i.checked_sub(n);
    let at = |start: Option<usize>, piece: &[u8]| {
        piece_at(b, start, piece) && start.is_some_and(|s| keep(s, piece))
    };
    match b[i] | 0x20 {
        // A `u` is one letter in sixteen of a French text: most are let go by the letters
        // around them (each piece's letter after its `u`, or the `v` before `vu`).
        b'u' if !(AFTER_U[usize::from(b.get(i + 1).map_or(0, |x| x | 0x20))]
            || i.checked_sub(1).is_some_and(|j| b[j] | 0x20 == b'v')) =>
        {
            false
        }
        b'u' => {
            at(Some(i), b"uvr")
                || at(back(1), b"cur")
                || at(back(1), b"sur")
                || at(back(1), b"vu")
                || at(Some(i), b"uf")
                || at(back(1), b"nud")
                || at(back(1), b"murs")
                || at(back(1), b"cum")
                || at(back(2), b"ftus")
        }
        b'l' => at(back(1), b"illet"),
        b'p' => at(back(2), b"soph"),
        _ => at(back(4), b"nolog"),
    }
}

/// Whether the piece `piece` (ASCII lower case), found at byte `start` of `text` in any ASCII
/// case, may be part of a broken form that [`check`] reports; `false` only where it cannot be.
///
/// A form is found as a whole token or as a run of letters of a joined word, so the letter
/// before the piece, if any, is part of the form: only `manuvre`, `désuvré`, `rancur`,
/// `écurant`, `écuré` and `buf` have one. A piece that starts its run of letters may begin a
/// form, unless every form it begins is ambiguous (`sur`, `surs`, `cur`, `vu`, `murs`): those
/// are only reported after one of [`CONTEXT_FOR_AMBIGUOUS`], the test [`check`] makes, made
/// here on the same text. `belle-sur` and `demi-sur` hold `sur` after a hyphen, `curs` and
/// `vux` are sure forms that `cur` and `vu` begin.
fn may_be_reported(text: &str, start: usize, piece: &[u8]) -> bool {
    let b = text.as_bytes();
    let after = |k: usize| b.get(start + piece.len() + k).copied();
    let next_is = |x: u8| after(0).is_some_and(|n| n | 0x20 == x);
    match text[..start].chars().next_back() {
        Some(c) if is_word_char(c) => match piece {
            b"uvr" => matches!(c, 'n' | 'N' | 's' | 'S'),
            b"cur" => {
                matches!(c, 'n' | 'N')
                    || (matches!(c, 'é' | 'É')
                        && (next_is(b'a')
                            || (after(0) == Some(0xc3) && matches!(after(1), Some(0xa9 | 0x89)))))
            }
            b"uf" => matches!(c, 'b' | 'B'),
            _ => false,
        },
        before => match piece {
            b"sur" => before == Some('-') || ambiguous_in_context(text, start),
            b"cur" => next_is(b's') || ambiguous_in_context(text, start),
            b"vu" => next_is(b'x') || ambiguous_in_context(text, start),
            b"murs" => ambiguous_in_context(text, start),
            _ => true,
        },
    }
}

/// Whether an ambiguous form starting at byte `start` of `text` stands after one of
/// [`CONTEXT_FOR_AMBIGUOUS`], the only place where it is reported.
/// (The text before is read backwards by hand: white space, then at most seven bytes of the
/// word before, where `trim_end` and `rsplit` read it through their iterators; the test
/// `the_word_before_is_read_as_trim_end_and_rsplit_read_it` compares the two.)
fn ambiguous_in_context(text: &str, start: usize) -> bool {
    let b = text.as_bytes();
    let last_char = |end: usize| text[..end].chars().next_back();
    let mut end = start;
    while let Some(&x) = end.checked_sub(1).and_then(|j| b.get(j)) {
        if x == b' ' || (b'\t'..=b'\r').contains(&x) {
            end -= 1;
        } else if x >= 0x80 && last_char(end).is_some_and(char::is_whitespace) {
            end -= last_char(end).map_or(1, char::len_utf8);
        } else {
            break;
        }
    }
    let mut word_start = end;
    while end - word_start <= LONGEST_CONTEXT {
        match last_char(word_start) {
            Some(c) if is_word_char(c) => word_start -= c.len_utf8(),
            _ => break,
        }
    }
    let before = &text[word_start..end];
    before.len() <= LONGEST_CONTEXT
        && CONTEXT_FOR_AMBIGUOUS
            .iter()
            .any(|c| c.eq_ignore_ascii_case(before))
}

/// The byte length of the longest of [`CONTEXT_FOR_AMBIGUOUS`].
const LONGEST_CONTEXT: usize = 6;

/// Builds what this rule reads a text with, when it will read it: the word lists behind the
/// tokens (about 7 M instructions) and the index of the broken forms, for a French text with a
/// line holding a piece of a broken form. A caller with a core to spare runs it there while the
/// rules before this one run (see `crate::prepare_for`); nothing else changes.
pub(crate) fn prepare_for(text: &str) {
    if !crate::text::looks_french(&text[..crate::text::floor_char_boundary(text, 64 << 10)]) {
        return;
    }
    if let Some(part) = parts_with_pieces(text, 0, TOKENS_PART).next() {
        let _ = tokenize(&text[part]);
        LazyLock::force(&FORM_INDEX);
    }
}

/// The parts of `text` to tokenize: its lines that hold a `PIECES` piece at or after `from`
/// (a line's start may be before it), neighbours merged
/// up to about `size` bytes. Most lines of a release hold none, and tokenizing (a lexicon
/// lookup per word) was a tenth of `tamis check`'s time; the tokens of a line are the same
/// read alone as in the whole text, as no token crosses a line break.
fn parts_with_pieces(
    text: &str,
    mut from: usize,
    size: usize,
) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut pending: Option<Range<usize>> = None;
    std::iter::from_fn(move || loop {
        let Some(at) = next_piece(text, from) else {
            return pending.take();
        };
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i + 1);
        from = end;
        match &mut pending {
            Some(p) if p.end == start && end - p.start <= size => p.end = end,
            _ => {
                if let Some(done) = pending.replace(start..end) {
                    return Some(done);
                }
            }
        }
    })
}

/// The bytes a text's language is told from (see `Document::looks_french`).
const FRENCH_SAMPLE: usize = 64 << 10;

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    check_with_sieve(doc, out, true);
}

/// The rule, with the pieces looked for before the language when `sieve_first` (as [`check`]
/// runs it), or not (the language first, as the rule read a text before: the tests compare the
/// two).
fn check_with_sieve(doc: &Document<'_>, out: &mut Vec<Finding>, sieve_first: bool) {
    let text = doc.text;
    // The pieces before the language: the language is told from every space of the first
    // [`FRENCH_SAMPLE`] bytes, while most texts show a piece long before its end, or none in
    // all of them, and a text with no piece has no finding, French or not (the tests
    // `found_by_lines` compare the rule by lines with the rule on every token). The search
    // goes on after the sample, where it stopped, only in a French text.
    let sample = text.len().min(FRENCH_SAMPLE);
    let from = match next_piece_before(text, 0, sample) {
        _ if !sieve_first => 0,
        Some(at) => at,
        None if sample == text.len() => return,
        None => sample,
    };
    if !doc.looks_french() {
        return;
    }
    // Whole words only (`cur` in `parcours` is no broken `cœur`): the tokens, whose flags say
    // which are broken forms, and the parts of joined words.
    let mut candidates: Vec<Range<usize>> = Vec::new();
    let mut collect = |toks: &Tokens, base: usize| {
        for t in toks.marks().map(|k| &toks[k]) {
            let at = base + t.range.start;
            if t.has(LOST_OE) {
                candidates.push(at..base + t.range.end);
            } else if t.has(JOINED) || t.shape == Shape::Number {
                broken_parts(&text[at..base + t.range.end], |r| {
                    candidates.push(at + r.start..at + r.end)
                });
            }
        }
    };
    match doc.built_tokens() {
        Some(toks) => collect(toks, 0),
        // Only the lines that may hold a broken form are read (the entities, which need every
        // token, build them before the rules run: see `check_and_extract`).
        None => {
            for part in parts_with_pieces(text, from, TOKENS_PART) {
                collect(&tokenize(&text[part.clone()]), part.start);
            }
        }
    }
    let mut buf = [0u8; 64];
    for range in candidates {
        let Some(&k) = lower_into(&text[range.clone()], &mut buf).and_then(|w| FORM_INDEX.get(w))
        else {
            continue;
        };
        let word = &text[range.clone()];
        let entry = &WORDS[k].1;
        if !entry.sure && !ambiguous_in_context(text, range.start) {
            continue;
        }
        let repaired = match_case(word, entry.word);
        let fix = entry.sure.then(|| {
            Fix::new(
                ["Write `", &repaired, "`"].concat(),
                Applicability::Safe,
                [Edit::replace(range.clone(), repaired.clone())],
            )
        });
        out.push(Finding {
            code: RULE.code,
            severity: if entry.sure { Severity::Warning } else { Severity::Info },
            message: if entry.sure {
                smol_str::format_smolstr!("`{word}` lost its œ: `{repaired}`")
            } else {
                smol_str::format_smolstr!("`{word}` may have lost its œ (`{repaired}`); no automatic fix, the word exists as it is")
            },
            range,
            fix,
        });
    }
}

/// `Uvre` → `Œuvre`, `UVRE` → `ŒUVRE`, `uvre` → `œuvre`, `Manuvre` → `Manœuvre`.
fn match_case(found: &str, word: &str) -> String {
    if found.chars().all(|c| !c.is_lowercase()) && found.chars().count() > 1 {
        word.to_uppercase()
    } else if found.starts_with(char::is_uppercase) {
        let mut c = word.chars();
        c.next()
            .map(|first| first.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    /// The rule's findings on `text` (default settings), with the document's tokens built
    /// first (`whole`, as when the entities read them) or not (the rule then tokenizes only the
    /// lines it needs).
    fn found_with_tokens(text: &str, whole: bool) -> Vec<crate::Finding> {
        let settings = crate::config::Settings::default();
        let cx = crate::Context {
            settings: &settings,
            model: None,
        };
        let doc = crate::Document::new(text, cx);
        if whole {
            doc.tokens();
        }
        let mut out = Vec::new();
        super::check(&doc, &mut out);
        out
    }

    /// The rule's findings on `text` as it read it before the pieces were looked for first:
    /// the language told first, then every token of the text read.
    fn found_in_every_token(text: &str) -> Vec<crate::Finding> {
        let settings = crate::config::Settings::default();
        let cx = crate::Context {
            settings: &settings,
            model: None,
        };
        let doc = crate::Document::new(text, cx);
        doc.tokens();
        let mut out = Vec::new();
        super::check_with_sieve(&doc, &mut out, false);
        out
    }

    /// The rule's findings on `text` from the lines it reads, checked to be those from every
    /// token of the text, with the pieces looked for first or not.
    fn found_by_lines(text: &str) -> Vec<crate::Finding> {
        let by_lines = found_with_tokens(text, false);
        assert_eq!(by_lines, found_with_tokens(text, true), "{text:?}");
        assert_eq!(by_lines, found_in_every_token(text), "{text:?}");
        by_lines
    }

    #[test]
    fn reads_a_huge_text_in_parts_as_it_reads_it_whole() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/sample-corpus");
        let mut text = String::new();
        while text.len() <= 3 * super::TOKENS_PART {
            for name in ["fr-02-haiti-fonds.txt", "fr-01-sahel-formation.txt"] {
                text.push_str(&std::fs::read_to_string(dir.join(name)).unwrap());
            }
        }
        let in_parts = found_by_lines(&text);
        assert!(in_parts.len() > 100, "{}", in_parts.len());
    }

    #[test]
    fn every_form_holds_a_piece() {
        for (found, _) in super::WORDS.iter() {
            assert!(
                super::PIECES.iter().any(|p| found.contains(p)),
                "{found} holds none of the pieces"
            );
        }
    }

    #[test]
    fn finds_the_lines_a_search_for_each_piece_finds() {
        let naive = |line: &str| {
            let lower = line.to_ascii_lowercase();
            super::PIECES.iter().any(|p| lower.contains(p))
        };
        let mut lines: Vec<String> = super::PIECES
            .iter()
            .flat_map(|p| {
                let upper = p.to_ascii_uppercase();
                let mixed: String = p
                    .chars()
                    .enumerate()
                    .map(|(k, c)| {
                        if k % 2 == 0 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        }
                    })
                    .collect();
                [
                    p.to_string(),
                    format!("x{upper}"),
                    format!("é{mixed}."),
                    p[1..].to_string(),
                    p[..p.len() - 1].to_string(),
                ]
            })
            .collect();
        lines.extend(
            [
                "", "u", "l", "g", "p", "Ug", "lp", "sũr", "su r", "uv\nr", "no\nlog",
            ]
            .map(String::from),
        );
        // Each line alone, then every pair one after the other: a piece is found wherever it
        // starts and whatever stands before it.
        let pairs: Vec<String> = lines
            .iter()
            .flat_map(|a| lines.iter().map(move |b| format!("{a}{b}")))
            .collect();
        for line in lines.iter().chain(&pairs) {
            let found =
                super::next_piece_where(line.as_bytes(), 0, line.len(), |_, _| true).is_some();
            assert_eq!(found, naive(line), "{line:?}");
        }
    }

    /// A way to tell the candidates among the bytes of a window of the text.
    type Candidates = fn(&[u8]) -> u32;

    /// The ways the candidates are told, each with the bytes it reads: with SSE2 or AVX2 where
    /// the processor has them, and byte by byte.
    fn candidate_ways() -> Vec<(usize, Candidates)> {
        let mut ways: Vec<(usize, Candidates)> =
            vec![(18, super::candidates_in), (18, super::candidates_in_bytes)];
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2.
            ways.push((34, |w| unsafe { super::candidates_in_avx2(w) }));
        }
        ways
    }

    #[test]
    fn the_candidates_of_sixteen_or_32_bytes_are_those_of_each_byte() {
        // Every byte between every two others, in windows that repeat them (each lane sees
        // one of their three rotations), and the windows of texts of pieces and their near
        // misses. (A seventh of the triples in a build with debug assertions, where this is
        // slow.)
        let step = if cfg!(debug_assertions) { 7 } else { 1 };
        let ways = candidate_ways();
        for before in 0..=255u8 {
            for x in 0..=255u8 {
                for after in (0..=255u8).step_by(step) {
                    let three = [before, x, after];
                    for &(len, way) in &ways {
                        let window: Vec<u8> = (0..len).map(|k| three[k % 3]).collect();
                        assert_eq!(
                            way(&window),
                            super::candidates_in_bytes(&window),
                            "{three:?}"
                        );
                    }
                }
            }
        }
        let pieces = [
            "uvr", "cUr", "SUR", "vu", "uF", "nu", "mu", "tu", "il", "ll", "LL", "pH", "oG", "u",
            "U", "l", "p", "g", "é", "Ü", "\u{f5}", "\u{d5}", " ", "\n",
        ];
        let mut found = 0;
        for text in crate::testing::texts_of_pieces(&pieces, 2000, 24) {
            let b = text.as_bytes();
            for &(len, way) in &ways {
                for window in b.windows(len) {
                    let expected = (0..len - 2).fold(0, |bits, k| {
                        let anchor =
                            super::may_be_an_anchor(window[k], window[k + 1], window[k + 2]);
                        bits | u32::from(anchor) << k
                    });
                    found += expected.count_ones();
                    assert_eq!(way(window), expected, "{window:?}");
                }
            }
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn finds_the_anchors_16_or_32_bytes_at_a_time_as_byte_by_byte() {
        // Texts of pieces, anchors, their neighbours in the alphabet and bytes past ASCII (whose
        // `| 0x20` is no anchor), searched from every position, with a `keep` that lets some
        // pieces go so that the search goes on past an anchor in the same sixteen bytes, and
        // texts long enough for several.
        let pieces = [
            "uvr", "CUR", "sur", "Vu", "uf", "nud", "murs", "iLLet", "cum", "soph", "ftus",
            "nolog", "u", "U", "l", "p", "G", "t", "v", "k", "o", "w", "5", "7", "E", "0", " ",
            "\n", "é", "œ", "Ü", "\u{f5}", "\u{d5}", "\u{c7}", "ll", "pH", "Og", "nU", "Tu", "cu",
            "uV", "uf", "ILLE", "soP", "nolo",
        ];
        let keeps: [fn(usize, &[u8]) -> bool; 2] = [|_, _| true, |s, p| (s + p.len()) % 3 != 0];
        for text in crate::testing::texts_of_pieces(&pieces, 1500, 60) {
            let b = text.as_bytes();
            for keep in keeps {
                for from in 0..=b.len() {
                    let expected = (from..b.len()).find(|&i| {
                        super::ANCHOR[usize::from(b[i])] && super::piece_at_anchor(b, i, &keep)
                    });
                    assert_eq!(
                        super::next_piece_where(b, from, b.len(), keep),
                        expected,
                        "{text:?} from {from}"
                    );
                    for (len, way) in candidate_ways() {
                        let found = match len {
                            18 => super::next_piece_by::<16>(b, from, b.len(), keep, way),
                            _ => super::next_piece_by::<32>(b, from, b.len(), keep, way),
                        };
                        assert_eq!(found, expected, "{text:?} from {from}, {len} bytes");
                    }
                }
            }
        }
    }

    #[test]
    fn looks_for_pieces_past_the_language_sample() {
        // Texts longer than the sample the language is told from, in French or not, with a
        // piece of a form before the end of the sample, past it, or none.
        let french = "Le projet de l'OIM est mis en place pour les migrants.\n".repeat(1300);
        let english = "The team and the board of the mission is to report.\n".repeat(1300);
        assert!(french.len() > super::FRENCH_SAMPLE && english.len() > super::FRENCH_SAMPLE);
        for head in ["", "La main-d'uvre.\n", "ma sur\n"] {
            for tail in ["", "Le chef-d'uvre.\n", "ma sur\n", "la sur\n"] {
                for body in [&french, &english] {
                    let found = found_by_lines(&format!("{head}{body}{tail}"));
                    let forms = usize::from(head.contains("uvr") || head.contains("ma"))
                        + usize::from(tail.contains("uvr") || tail.contains("ma"));
                    let french = std::ptr::eq(body, &french);
                    assert_eq!(found.len(), if french { forms } else { 0 }, "{head}…{tail}");
                }
            }
        }
    }

    #[test]
    fn reads_the_lines_with_pieces_as_it_reads_the_whole_text() {
        let texts = [
            "Rien ici.\nLa mission a mis en uvre le plan.\nSa\nsur est là. Main-d'uvre, 2uvre.\n",
            "UVRE\r\nrien\r\n\r\nau cur\nfin sans saut de ligne : chef-d’uvre",
            "ma sur\nma\nsur\nle buf et les ufs, un nud, les murs, un illet.",
        ];
        for text in texts {
            let text = format!("Le projet de l'OIM est mis en place pour les migrants.\n{text}");
            assert!(!found_by_lines(&text).is_empty(), "{text}");
        }
        // Parts merge neighbouring lines up to the size, and never cut a line.
        let text = "uvre a\nuvre b\nrien\nuvre c\n";
        let parts: Vec<_> = super::parts_with_pieces(text, 0, 10).collect();
        assert_eq!(parts, [0..7, 7..14, 19..26]);
        let parts: Vec<_> = super::parts_with_pieces(text, 0, 100).collect();
        assert_eq!(parts, [0..14, 19..26]);
    }

    #[test]
    fn the_lines_skipped_hold_no_form_that_is_reported() {
        // Every form and piece, in three cases, after and before every kind of neighbour: the
        // findings from the lines the sieve keeps are those from every token of the text.
        let befores = [
            "",
            " ",
            "ma ",
            "MA ",
            "Sa\n",
            "ma\u{a0}",
            "au\r\n",
            "une  ",
            "la ",
            "x",
            "n",
            "N",
            "s",
            "é",
            "É",
            "b",
            "œ",
            "-",
            "belle-",
            "Demi-",
            "d'",
            "chef-d’",
            "2",
            "ma 2",
            "(",
            "ma (",
            "e\u{301}",
            "x-e\u{301}",
            "ma-",
            "son\t",
        ];
        let afters = [
            "",
            " ",
            "s",
            "S",
            "x",
            "a",
            "é",
            "É",
            "ant",
            "-le-champ",
            "2",
            ".",
            "\n",
        ];
        let forms = super::WORDS
            .iter()
            .map(|(found, _)| *found)
            .chain(super::PIECES.iter().copied());
        let mut reported = 0;
        for form in forms {
            let mut capital = form.chars();
            let capitalised: String = capital
                .next()
                .map(|c| c.to_uppercase().chain(capital).collect())
                .unwrap_or_default();
            for written in [form.to_string(), form.to_uppercase(), capitalised] {
                for before in befores {
                    for after in afters {
                        let text = format!(
                            "Le projet de l'OIM est mis en place pour les migrants.\n{before}{written}{after} fin.\n"
                        );
                        reported += found_by_lines(&text).len();
                    }
                }
            }
        }
        assert!(reported > 1000, "{reported}");
    }

    #[test]
    fn the_word_before_is_read_as_trim_end_and_rsplit_read_it() {
        assert_eq!(
            super::CONTEXT_FOR_AMBIGUOUS.iter().map(|c| c.len()).max(),
            Some(super::LONGEST_CONTEXT)
        );
        let by_iterators = |text: &str, start: usize| {
            let before = text[..start]
                .trim_end()
                .rsplit(|c: char| !super::is_word_char(c))
                .next()
                .unwrap_or("");
            super::CONTEXT_FOR_AMBIGUOUS
                .iter()
                .any(|c| c.eq_ignore_ascii_case(before))
        };
        let befores = [
            "",
            "ma",
            "MA",
            "Ma",
            "xma",
            "éma",
            "ma-",
            "ma2",
            "2ma",
            "petite",
            "petites",
            "xpetite",
            "notre",
            "Notre",
            "é",
            "œ",
            "ma\u{301}",
        ];
        let spaces = [
            "",
            " ",
            "  ",
            "\n",
            "\r\n",
            "\u{a0}",
            "\u{2009}\t",
            "\u{85}",
            "\u{1c}",
            ".",
            " . ",
        ];
        for before in befores {
            for space in spaces {
                let text = format!("{before}{space}sur");
                let start = text.len() - 3;
                assert_eq!(
                    super::ambiguous_in_context(&text, start),
                    by_iterators(&text, start),
                    "{text:?}"
                );
            }
        }
    }

    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn finds_a_sure_form_and_an_ambiguous_one_after_its_context() {
        check(
            r#"La mission a mis en uvre le plan et les équipes sont au cur de la réponse.
                    ^^^^ lost-character
                                                        ^^^ lost-character
"#,
        );
    }

    #[test]
    fn repairs_only_the_sure_forms_keeping_their_case() {
        check_fix(
            "La mission a mis en uvre le plan. UVRE du mois : au cur de la réponse.\n",
            "La mission a mis en œuvre le plan. ŒUVRE du mois : au cur de la réponse.\n",
        );
    }

    #[test]
    fn leaves_whole_words_and_texts_that_are_not_french() {
        check("La mission a suivi le parcours et les équipes sont sur place.\n");
        check("The team will uvre the plan and the report is due to the board.\n");
    }
}
