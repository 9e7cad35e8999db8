//! The shapes of a written phone number, read by hand: what `regex` patterns read before
//! (kept in this file's tests, which compare the two), without compiling them.
//!
//! Why by hand: these patterns repeat a class holding `\d` (every Unicode decimal digit) up to
//! 26 times, and `regex` compiles each copy into its own UTF-8 automaton: the five of them
//! took about 12 M instructions, a fifth of what `tamis check` of one small release costs from
//! start to exit, for matching a few dozen bytes after a `+` or a label. Each function below
//! returns what the pattern's leftmost-first match returns, on any input: the optional parts
//! before the first digit are never ambiguous (what follows each of them cannot be it), and
//! the bounded repetitions are resolved as the pattern's greedy backtracking resolves them.

use std::sync::LazyLock;

/// `\d` as `regex` reads it: a character of Unicode's `Nd` (decimal digit) category. ASCII
/// digits are answered without the table, which is built at the first other character.
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    static ND: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
        let hir = regex_syntax::Parser::new()
            .parse(r"\d")
            .expect("`\\d` parses");
        match hir.kind() {
            regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(class)) => class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            other => unreachable!("`\\d` is a Unicode class, not {other:?}"),
        }
    });
    let i = ND.partition_point(|&(_, end)| end < c);
    ND.get(i).is_some_and(|&(start, _)| start <= c)
}

/// A separator right after `+`: `[ \t\u{a0}]`.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}')
}

/// What a number's digits may be grouped with: `[\d \t\u{a0}().\-/]`.
fn is_body(c: char) -> bool {
    is_digit(c) || matches!(c, ' ' | '\t' | '\u{a0}' | '(' | ')' | '.' | '-' | '/')
}

/// The end of the match of `^\+?[ \t\u{a0}]?\(?\d[\d \t\u{a0}().\-/]{min,max}\d` (with `+`
/// required when `plus` is), or `None`.
fn number(s: &str, plus: bool, min: usize, max: usize) -> Option<usize> {
    let mut chars = s.char_indices().peekable();
    if chars.next_if(|&(_, c)| c == '+').is_none() && plus {
        return None;
    }
    chars.next_if(|&(_, c)| is_space(c));
    chars.next_if(|&(_, c)| c == '(');
    let (_, first) = chars.next()?;
    if !is_digit(first) {
        return None;
    }
    // The body and the last digit are taken from one run of body characters: the longest run
    // allowed (`max` characters and the last digit), then back to its last digit, as the
    // pattern's greedy repetition backtracks.
    let mut end = None;
    for (taken, (i, c)) in (1..=max + 1).zip(chars) {
        if !is_body(c) {
            break;
        }
        if taken > min && is_digit(c) {
            end = Some(i + c.len_utf8());
        }
    }
    end
}

/// The end of a number written with `+` at the start of `s`:
/// `^\+[ \t\u{a0}]?\(?\d[\d \t\u{a0}().\-/]{4,26}\d`.
pub(super) fn plus_number(s: &str) -> Option<usize> {
    number(s, true, 4, 26)
}

/// The end of a number at the start of `s`, right after a label:
/// `^\+?[ \t\u{a0}]?\(?\d[\d \t\u{a0}().\-/]{2,22}\d`.
pub(super) fn labelled_number(s: &str) -> Option<usize> {
    number(s, false, 2, 22)
}

/// `s` and where its leading digits end.
fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !is_digit(c)).unwrap_or(s.len());
    s.split_at(end)
}

/// `s` after its `+` and the separator that may follow it, `None` without the `+`.
fn after_plus<'a>(s: &'a str, spaces: &[char]) -> Option<&'a str> {
    let rest = s.strip_prefix('+')?;
    Some(rest.strip_prefix(spaces).unwrap_or(rest))
}

/// Whether all of `s` is written in thousands: `^\+[ \u{a0}]?\d{1,3}(?:[ .\u{a0}]\d{3})+$`.
pub(super) fn is_thousands(s: &str) -> bool {
    let Some(rest) = after_plus(s, &[' ', '\u{a0}']) else {
        return false;
    };
    let (lead, rest) = split_digits(rest);
    if !(1..=3).contains(&lead.chars().count()) {
        return false;
    }
    let mut chars = rest.chars();
    let mut groups = 0;
    loop {
        match chars.next() {
            None => return groups > 0,
            Some(' ' | '.' | '\u{a0}') => {}
            Some(_) => return false,
        }
        for _ in 0..3 {
            if !chars.next().is_some_and(is_digit) {
                return false;
            }
        }
        groups += 1;
    }
}

/// The day or month, separator, day or month and separator of a date after `+`
/// (`+ 28.01.2022`): the groups 1 to 4 of
/// `^\+[ \t\u{a0}]?(\d{1,2})([./-])(\d{1,2})([./-])(?:\d{4}|\d{2})(?:$|[ \t\u{a0}])`.
pub(super) fn date_parts(s: &str) -> Option<[&str; 4]> {
    let rest = after_plus(s, &[' ', '\t', '\u{a0}'])?;
    let (a, rest) = split_digits(rest);
    let (sep_a, rest) = separator(a, rest)?;
    let (b, rest) = split_digits(rest);
    let (sep_b, rest) = separator(b, rest)?;
    let (year, rest) = split_digits(rest);
    let year_len = year.chars().count();
    let ends = rest.chars().next().is_none_or(is_space);
    ((year_len == 2 || year_len == 4) && ends).then_some([a, sep_a, b, sep_b])
}

/// After one or two digits, a date's separator `[./-]` and the rest.
fn separator<'a>(digits: &str, rest: &'a str) -> Option<(&'a str, &'a str)> {
    if !(1..=2).contains(&digits.chars().count()) || !rest.starts_with(['.', '/', '-']) {
        return None;
    }
    Some(rest.split_at(1))
}

/// The two numbers of a range after `+` (`+2019-2022`): the groups of
/// `^\+[ \t\u{a0}]?(\d+)[ \t\u{a0}]*-[ \t\u{a0}]*(\d+)$`.
pub(super) fn range_parts(s: &str) -> Option<[&str; 2]> {
    let rest = after_plus(s, &[' ', '\t', '\u{a0}'])?;
    let (a, rest) = split_digits(rest);
    let rest = rest
        .trim_start_matches(is_space)
        .strip_prefix('-')?
        .trim_start_matches(is_space);
    let (b, rest) = split_digits(rest);
    (!a.is_empty() && !b.is_empty() && rest.is_empty()).then_some([a, b])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    /// The patterns these functions replace, as `phone.rs` wrote them.
    static PATTERNS: LazyLock<[Regex; 5]> = LazyLock::new(|| {
        [
            r"^\+[ \t\u{a0}]?\(?\d[\d \t\u{a0}().\-/]{4,26}\d",
            r"^\+?[ \t\u{a0}]?\(?\d[\d \t\u{a0}().\-/]{2,22}\d",
            r"^\+[ \u{a0}]?\d{1,3}(?:[ .\u{a0}]\d{3})+$",
            r"^\+[ \t\u{a0}]?(\d{1,2})([./-])(\d{1,2})([./-])(?:\d{4}|\d{2})(?:$|[ \t\u{a0}])",
            r"^\+[ \t\u{a0}]?(\d+)[ \t\u{a0}]*-[ \t\u{a0}]*(\d+)$",
        ]
        .map(|p| Regex::new(p).unwrap())
    });

    fn agree(s: &str) {
        let re = &*PATTERNS;
        assert_eq!(plus_number(s), re[0].find(s).map(|m| m.end()), "{s:?}");
        assert_eq!(labelled_number(s), re[1].find(s).map(|m| m.end()), "{s:?}");
        assert_eq!(is_thousands(s), re[2].is_match(s), "{s:?}");
        let date = re[3]
            .captures(s)
            .map(|c| [1, 2, 3, 4].map(|i| c.get(i).unwrap().as_str()));
        assert_eq!(date_parts(s), date, "{s:?}");
        let range = re[4]
            .captures(s)
            .map(|c| [1, 2].map(|i| c.get(i).unwrap().as_str()));
        assert_eq!(range_parts(s), range, "{s:?}");
    }

    #[test]
    fn the_shapes_of_numbers_dates_and_amounts() {
        for s in [
            "+44 20 7946 0018, Email",
            "+ 509 3245 5153",
            "+506 2212.5352",
            "+44 (0)20 7946 0000",
            "+7(8)8005553535",
            "+1 000 000 dollars",
            "+ 1 000 000",
            "+ 28.01.2022 ",
            "+28/01/22",
            "+2019-2022",
            "+ 12 - 345",
            "+١٢٣ ٤٥٦ ٧٨٩٠",
            "(022) 555-0199",
            "+12345",
            "+123456",
            "+1 (",
            "",
            "+",
        ] {
            agree(s);
        }
        // The digits of other scripts are digits, other numbers are not (`²`, `Ⅻ`).
        assert!(is_digit('٣') && is_digit('৭') && is_digit('𝟘'));
        assert!(!is_digit('²') && !is_digit('Ⅻ') && !is_digit('a'));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn agrees_with_the_patterns(s in r"\+?[ \t\u{a0}]?\(?[0-9٠-٩ \t\u{a0}().\-/x²]{0,34}") {
            agree(&s);
        }
        #[test]
        fn agrees_on_digit_runs(s in r"\+[ \t\u{a0}.]?[0-9.\-/ ]{0,16}") {
            agree(&s);
        }
    }
}
