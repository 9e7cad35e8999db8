//! Words and punctuation with their byte ranges, in one pass over the text.

use std::ops::Range;

use crate::lexicon;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Starts with an upper-case letter and has a lower-case one (`Volda`, `Marc-Olivier`).
    Capitalised,
    /// Upper-case letters (and digits, `&`), two or more letters: `OIM`, `UNICEF`, `AGENDA`.
    Upper,
    /// Starts with a lower-case letter.
    Lower,
    /// Starts with a digit.
    Number,
    /// One character of punctuation.
    Punct,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub range: Range<usize>,
    pub shape: Shape,
    /// A line break between the previous token and this one.
    pub line_start: bool,
    /// The word lists it belongs to ([`super::lexicon`]).
    pub flags: u32,
}

impl Token {
    /// Whether it is in the lexicon's list `flag`.
    pub fn has(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }

    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range.clone()]
    }

    pub fn is_punct(&self, text: &str, c: char) -> bool {
        self.shape == Shape::Punct && text[self.range.clone()].starts_with(c)
    }
}

/// A token's flag, beside the lexicon's: a word joined across `-`, `'`, `’` or `&`
/// (`Marc-Olivier`, `main-d'uvre`), whose parts a rule may look at one by one.
pub const JOINED: u32 = 1 << 31;

pub fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        // Latin-1 and Latin Extended-A letters, without the Unicode tables.
        '\u{c0}'..='\u{17f}' => c != '×' && c != '÷',
        // General punctuation (`’`, `–`, `…`): no letters there.
        '\u{2000}'..='\u{206f}' => false,
        '\u{300}' | '\u{301}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// `word` in lower case, written into `buf` without allocating (`None` when it does not fit).
pub fn lower_into<'b>(word: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    if word.is_ascii() {
        let out = buf.get_mut(..word.len())?;
        out.copy_from_slice(word.as_bytes());
        out.make_ascii_lowercase();
        return std::str::from_utf8(out).ok();
    }
    let mut n = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let len = c.len_utf8();
        c.encode_utf8(buf.get_mut(n..n + len)?);
        n += len;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// What an ASCII byte is to the tokenizer.
const WORD: u8 = 1;
const SPACE: u8 = 2;
const NEWLINE: u8 = 3;
const PUNCT: u8 = 4;

const ASCII_KIND: [u8; 128] = {
    let mut t = [PUNCT; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = match i as u8 {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => WORD,
            b'\n' | b'\r' => NEWLINE,
            b' ' | b'\t' | 0x0b | 0x0c => SPACE,
            _ => PUNCT,
        };
        i += 1;
    }
    t
};

/// Per byte: an ASCII letter or digit (non-ASCII bytes are not, and take the slow path).
const ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = ASCII_KIND[i] == WORD;
        i += 1;
    }
    t
};

/// The character at byte `i` of `text` (a character boundary).
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or('\0')
}

/// The end of the word that starts at byte `i` with a character ending at `end`, and whether
/// it joins words across `-`, `'`, `’` or `&`.
fn word_end(text: &str, i: usize, mut end: usize) -> (usize, bool) {
    let b = text.as_bytes();
    let mut joined = false;
    loop {
        // ASCII letters and digits, the most frequent, by table.
        while end < b.len() && ASCII_WORD[usize::from(b[end])] {
            end += 1;
        }
        let Some(&x) = b.get(end) else {
            return (end, joined);
        };
        if x == 0xC3 {
            // U+00C0..U+00FF, the accented letters of French and Spanish: all letters but
            // `×` and `÷`.
            let code = 0xC0 + u32::from(b[end + 1] & 0x3F);
            if code != 0xD7 && code != 0xF7 {
                end += 2;
                continue;
            }
        }
        let d = if x < 0x80 {
            char::from(x)
        } else {
            char_at(text, end)
        };
        if x >= 0x80 && is_word_char(d) {
            end += d.len_utf8();
            continue;
        }
        // Inner hyphen or apostrophe followed by a letter: `Marc-Olivier`, `aujourd'hui`.
        // An elided article or preposition stays a word of its own: `l’OIM`, `d'Haïti`.
        if matches!(d, '-' | '\'' | '’' | '&') {
            let elision = matches!(d, '\'' | '’')
                && matches!(
                    &text[i..end],
                    "l" | "L" | "d" | "D" | "qu" | "Qu" | "j" | "n" | "s" | "c" | "m" | "t"
                );
            let next = end + d.len_utf8();
            if !elision && next < b.len() && is_word_char(char_at(text, next)) {
                end = next;
                joined = true;
                continue;
            }
        }
        return (end, joined);
    }
}

/// The first word of `text`, as [`tokenize`] reads it, if `text` starts with one.
pub fn first_word(text: &str) -> Option<&str> {
    let c = text.chars().next().filter(|&c| is_word_char(c))?;
    Some(&text[..word_end(text, 0, c.len_utf8()).0])
}

/// The shape of a word whose first character is `c`: only a word with a capital first needs
/// its letters counted.
fn word_shape(word: &str, c: char) -> Shape {
    if c.is_ascii_digit() || c.is_numeric() {
        Shape::Number
    } else if c.is_uppercase() {
        let (mut lower, mut letters) = (0usize, 0usize);
        for d in word.chars() {
            lower += usize::from(d.is_lowercase());
            letters += usize::from(d.is_alphabetic());
        }
        if lower == 0 && letters >= 2 {
            Shape::Upper
        } else {
            Shape::Capitalised
        }
    } else {
        Shape::Lower
    }
}

/// A text's tokens, with the places where the rules and the stages of extraction start looking.
pub struct Tokens {
    tokens: Vec<Token>,
    marks: Vec<usize>,
    romance: bool,
}

impl std::ops::Deref for Tokens {
    type Target = [Token];

    fn deref(&self) -> &[Token] {
        &self.tokens
    }
}

impl Tokens {
    /// The indexes, in order, of the tokens a rule or an entity may start at (see [`is_mark`]):
    /// a stage visits these rather than every token.
    pub fn marks(&self) -> impl Iterator<Item = usize> + '_ {
        self.marks.iter().copied()
    }

    /// Whether the text reads as French or Spanish (names go on in lower case there) rather
    /// than English: more of their short function words than of English ones in its first
    /// [`LANGUAGE_SAMPLE`] tokens.
    pub fn romance(&self) -> bool {
        self.romance
    }
}

/// The tokens [`Tokens::romance`] judges the language on.
pub const LANGUAGE_SAMPLE: usize = 800;

/// The lexicon's lists whose words start something: an organisation's head, an attribution,
/// a contact cue, a date, an amount, a word that lost its œ; and joined words (their parts).
const MARK_FLAGS: u32 = lexicon::HEAD
    | lexicon::TWO_WORD_HEAD
    | lexicon::SAID_START
    | lexicon::CUE_START
    | lexicon::MONTH
    | lexicon::PERIOD
    | lexicon::CURRENCY
    | lexicon::LOST_OE
    | lexicon::WEEKDAY
    | JOINED;

/// Whether a token is one of the [`Tokens::marks`]: a word that is not in lower case
/// (capitalised, upper case, a number), a word in one of the [`MARK_FLAGS`] lists, a currency
/// symbol or an opening bracket (an acronym's definition). Every stage's first test on a token
/// passes only on these.
fn is_mark(shape: Shape, flags: u32, first: u8) -> bool {
    match shape {
        Shape::Lower => flags & MARK_FLAGS != 0,
        Shape::Punct => flags & MARK_FLAGS != 0 || first == b'(',
        Shape::Capitalised | Shape::Upper | Shape::Number => true,
    }
}

/// Splits a text into words (letters and digits, with inner `-`, `'`, `’` and `.` between
/// letters of an abbreviation kept out) and single punctuation marks.
///
/// One pass over the bytes: ASCII (most of these texts) is classified by byte, other characters
/// are decoded where they occur.
pub fn tokenize(text: &str) -> Tokens {
    let b = text.as_bytes();
    let lexicon = lexicon::Lookup::new();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut marks = Vec::with_capacity(text.len() / 32);
    let (mut romance, mut english) = (0usize, 0usize);
    let mut line_start = true;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let c = if x < 0x80 {
            match ASCII_KIND[usize::from(x)] {
                WORD => char::from(x),
                SPACE => {
                    i += 1;
                    continue;
                }
                NEWLINE => {
                    line_start = true;
                    i += 1;
                    continue;
                }
                _ => {
                    let flags = if x == b'$' { lexicon::CURRENCY } else { 0 };
                    if is_mark(Shape::Punct, flags, x) {
                        marks.push(out.len());
                    }
                    out.push(Token {
                        range: i..i + 1,
                        shape: Shape::Punct,
                        line_start,
                        flags,
                    });
                    line_start = false;
                    i += 1;
                    continue;
                }
            }
        } else {
            let c = char_at(text, i);
            if c.is_whitespace() || c == '\u{feff}' {
                i += c.len_utf8();
                continue;
            }
            if !is_word_char(c) {
                let flags = match c {
                    '€' | '£' | '₱' | '₦' | '¥' | '₹' => lexicon::CURRENCY,
                    _ => 0,
                };
                if is_mark(Shape::Punct, flags, x) {
                    marks.push(out.len());
                }
                out.push(Token {
                    range: i..i + c.len_utf8(),
                    shape: Shape::Punct,
                    line_start,
                    flags,
                });
                line_start = false;
                i += c.len_utf8();
                continue;
            }
            c
        };
        let (end, joined) = word_end(text, i, i + c.len_utf8());
        let word = &text[i..end];
        let shape = word_shape(word, c);
        let mut flags = match shape {
            Shape::Number => 0,
            _ => lexicon.flags(word),
        } | if joined { JOINED } else { 0 };
        if joined && shape == Shape::Capitalised && flags & lexicon::FIRST_NAME == 0 {
            flags |= compound_first_name(&lexicon, word);
        }
        if is_mark(shape, flags, x) {
            marks.push(out.len());
        }
        if out.len() < LANGUAGE_SAMPLE {
            romance += usize::from(flags & lexicon::ROMANCE != 0);
            english += usize::from(flags & lexicon::ENGLISH != 0);
        }
        out.push(Token {
            range: i..end,
            shape,
            line_start,
            flags,
        });
        line_start = false;
        i = end;
    }
    Tokens {
        tokens: out,
        marks,
        romance: romance > english,
    }
}

/// [`lexicon::FIRST_NAME`] for a compound first name (`Jean-Bosco`, `Paul-Émile`, `Marie-Ève`):
/// its first part is a first name and every other part is capitalised. The second part alone is
/// often missing from the list (`Bosco`) or spelt with a mark it lacks (`Émile`); the name
/// still needs a surname after it to be a person's.
fn compound_first_name(lexicon: &lexicon::Lookup, word: &str) -> u32 {
    let mut parts = word.split('-');
    let first = parts.next().unwrap_or_default();
    let rest_capitalised = parts.all(|p| p.chars().next().is_some_and(char::is_uppercase));
    if word.contains('-') && rest_capitalised && lexicon.flags(first) & lexicon::FIRST_NAME != 0 {
        lexicon::FIRST_NAME
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The tokenizer as first written, one `char` at a time: the byte-wise one must agree.
    fn reference(text: &str) -> Vec<Token> {
        let mut out = Vec::with_capacity(text.len() / 5);
        let mut chars = text.char_indices().peekable();
        let mut line_start = true;
        while let Some((i, c)) = chars.next() {
            if c == '\n' || c == '\r' {
                line_start = true;
                continue;
            }
            if c.is_whitespace() || c == '\u{feff}' {
                continue;
            }
            if !is_word_char(c) {
                out.push(Token {
                    range: i..i + c.len_utf8(),
                    shape: Shape::Punct,
                    line_start,
                    flags: 0,
                });
                line_start = false;
                continue;
            }
            let mut end = i + c.len_utf8();
            let mut joined = false;
            let (mut upper, mut lower, mut letters) = (0usize, 0usize, 0usize);
            let mut count = |c: char| {
                if c.is_uppercase() {
                    upper += 1;
                } else if c.is_lowercase() {
                    lower += 1;
                }
                if c.is_alphabetic() {
                    letters += 1;
                }
            };
            count(c);
            while let Some(&(j, d)) = chars.peek() {
                if is_word_char(d) {
                    count(d);
                    end = j + d.len_utf8();
                    chars.next();
                    continue;
                }
                // Inner hyphen or apostrophe followed by a letter: `Marc-Olivier`, `aujourd'hui`.
                // An elided article or preposition stays a word of its own: `l’OIM`, `d'Haïti`.
                let elision = matches!(d, '\'' | '’')
                    && matches!(
                        &text[i..end],
                        "l" | "L" | "d" | "D" | "qu" | "Qu" | "j" | "n" | "s" | "c" | "m" | "t"
                    );
                if matches!(d, '-' | '\'' | '’' | '&') && !elision {
                    let mut ahead = text[j + d.len_utf8()..].chars();
                    if ahead.next().is_some_and(is_word_char) {
                        end = j + d.len_utf8();
                        joined = true;
                        chars.next();
                        continue;
                    }
                }
                break;
            }
            let shape = if c.is_ascii_digit() || c.is_numeric() {
                Shape::Number
            } else if c.is_uppercase() && lower == 0 && letters >= 2 {
                Shape::Upper
            } else if c.is_uppercase() {
                Shape::Capitalised
            } else {
                Shape::Lower
            };
            let _ = upper;
            out.push(Token {
                range: i..end,
                shape,
                line_start,
                flags: if joined { JOINED } else { 0 },
            });
            line_start = false;
        }
        out
    }

    fn same(text: &str) {
        let (tokens, b) = (tokenize(text), reference(text));
        let a = &tokens[..];
        // The marks are the tokens `is_mark` passes, in order.
        let marks: Vec<usize> = (0..a.len())
            .filter(|&k| is_mark(a[k].shape, a[k].flags, text.as_bytes()[a[k].range.start]))
            .collect();
        assert_eq!(tokens.marks().collect::<Vec<_>>(), marks, "{text:?}");
        let key = |t: &Token| (t.range.clone(), t.shape, t.line_start, t.flags & JOINED);
        assert_eq!(
            a.iter().map(key).collect::<Vec<_>>(),
            b.iter().map(key).collect::<Vec<_>>(),
            "{text:?}"
        );
    }

    #[test]
    fn agrees_with_the_char_wise_tokenizer_on_the_samples() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/sample-corpus");
        for e in std::fs::read_dir(dir).unwrap() {
            same(&std::fs::read_to_string(e.unwrap().path()).unwrap());
        }
        same("l’OIM d'Haïti Marc-Olivier aujourd'hui AT&T x- -y 1er\u{feff}É\u{301}\u{85}a\r\nb");
    }

    proptest! {
        #[test]
        fn agrees_with_the_char_wise_tokenizer(text in "[a-zA-Z0-9 \\-'’&.,\n\r\t\u{feff}\u{85}\u{a0}éÉœ×÷ºªÇ$€\u{301}①٣ß]{0,40}") {
            same(&text);
        }

        #[test]
        fn agrees_with_the_char_wise_tokenizer_on_any_text(text in any::<String>()) {
            same(&text);
        }
    }

    #[test]
    fn tokens_carry_their_flags() {
        let text = "Mme Ruiz a déclaré le 16 mars que 2 millions de dollars ($) iront";
        let toks = tokenize(text);
        let flagged = |flag: u32| -> Vec<&str> {
            toks.iter()
                .filter(|t| t.has(flag))
                .map(|t| t.text(text))
                .collect()
        };
        assert_eq!(flagged(lexicon::TITLE), ["Mme"]);
        assert_eq!(flagged(lexicon::MONTH), ["mars"]);
        assert_eq!(flagged(lexicon::CURRENCY), ["dollars", "$"]);
        assert!(flagged(lexicon::SAID_START).contains(&"a"));
    }
}
