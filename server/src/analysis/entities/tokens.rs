//! Words and punctuation with their byte ranges, in one pass over the text.

use std::ops::Range;

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
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range.clone()]
    }

    pub fn is_punct(&self, text: &str, c: char) -> bool {
        self.shape == Shape::Punct && text[self.range.clone()].starts_with(c)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\u{0301}' || c == '\u{0300}'
}

/// Splits a text into words (letters and digits, with inner `-`, `'`, `’` and `.` between
/// letters of an abbreviation kept out) and single punctuation marks.
pub fn tokenize(text: &str) -> Vec<Token> {
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
            });
            line_start = false;
            continue;
        }
        let mut end = i + c.len_utf8();
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
        });
        line_start = false;
    }
    out
}
