//! The `email-missing` rule; [`DOC`] documents it.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{FixAvailability, Rule, Scope};
use crate::{Document, Finding, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds contact lines that promise an address that is not there: an email label with nothing
after it (`E-mail:` at the end of a contact line, with no address on the next line either), a
contact line whose last separator has nothing after it (`Sarah Grainger / +44 7810 181514 /`),
and an address cut at its `@` (`anna.lee@`).

## Why is this bad?
The scrape dropped the address, usually because the page hid it from robots. Readers and
annotators get a contact without its address, and nothing says it was lost.

## Example
`Contact: Anna Lee / +44 20 7946 0000 /`: the address that followed the last `/` is gone.

## Fix safety
No fix: the address must be found in the original page.
"#;

pub const RULE: Rule = Rule {
    code: "email-missing",
    summary: "a contact line whose address was stripped",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Never,
    yields_to_boilerplate: false,
    scope: Scope::Lines {
        before: 1,
        after: 1,
    },
    doc: DOC,
    check,
};

/// An email label and its colon.
static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?i:{}|e-mail|m[ée]l)[^\S\n]*:",
        crate::email::label_alternation()
    ))
    .expect("valid regex")
});

/// Builds [`LABEL_RE`] and [`LABEL_SHAPE`], otherwise built at their first use (see
/// `crate::prepare_for`).
pub(crate) fn prepare() {
    LazyLock::force(&LABEL_RE);
    LazyLock::force(&LABEL_SHAPE);
}

/// The email labels [`LABEL_RE`] reads besides those of the list.
const MORE_LABELS: [&str; 3] = ["e-mail", "mel", "mél"];

/// What bounds a match of [`LABEL_RE`]: its label's length in characters (white space inside a
/// label, any run of it, counting as one), and the last character of every label, an ASCII
/// letter in either case (`labels_end_with_ascii_letters` checks the list).
struct LabelShape {
    longest: usize,
    last: [bool; 256],
}

static LABEL_SHAPE: LazyLock<LabelShape> = LazyLock::new(|| {
    let labels = crate::lexicon::lists::contact_labels(crate::lexicon::lists::LabelUse::Split);
    let mut shape = LabelShape {
        longest: 0,
        last: [false; 256],
    };
    for l in labels.iter().chain(&MORE_LABELS) {
        shape.longest = shape.longest.max(l.chars().count());
        let last = *l.as_bytes().last().expect("a label");
        shape.last[usize::from(last.to_ascii_lowercase())] = true;
        shape.last[usize::from(last.to_ascii_uppercase())] = true;
    }
    shape
});

/// The matches of [`LABEL_RE`] in `text`, those of `LABEL_RE.find_iter(text)`: the expression
/// runs only on a short window before each colon whose label may end there, where it read
/// every byte of every text (the colons of times, titles and other labels are most colons).
///
/// Each match ends at a colon and holds no other (no label holds one), so the matches ending
/// at each colon are found from the colon before it on. Before a colon, the white space that
/// `[^\S\n]*` reads is skipped; the character before it must end a label; the window then
/// starts at most [`LabelShape::longest`] characters (or runs of white space) further back,
/// moved back to the start of a word for `\b`, so that it holds every match that ends at the
/// colon and the expression reads its start as the text does.
fn label_matches(text: &str) -> Vec<Range<usize>> {
    let shape = &*LABEL_SHAPE;
    let b = text.as_bytes();
    let last_char = |end: usize| text[..end].chars().next_back();
    let mut out = Vec::new();
    let mut segment_start = 0;
    for colon in memchr::memchr_iter(b':', b) {
        let from = segment_start;
        segment_start = colon + 1;
        let mut end = colon;
        while let Some(c) = last_char(end).filter(|&c| c != '\n' && c.is_whitespace()) {
            end -= c.len_utf8();
        }
        if end <= from || !shape.last[usize::from(b[end - 1])] {
            continue;
        }
        let mut start = end;
        for _ in 0..shape.longest {
            match last_char(start) {
                Some(c) if start > from && c.is_whitespace() => {
                    while let Some(c) = last_char(start).filter(|c| c.is_whitespace()) {
                        start -= c.len_utf8();
                    }
                }
                Some(c) if start > from => start -= c.len_utf8(),
                _ => break,
            }
        }
        while start > from && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_') {
            start -= 1;
        }
        if let Some(m) = LABEL_RE.find(&text[start..colon + 1]) {
            out.push(start + m.start()..start + m.end());
        }
    }
    out
}

/// What an address's local part is made of.
fn is_atext(c: char) -> bool {
    c.is_alphanumeric() || "._%+-".contains(c)
}

/// True when one of `ranges` (sorted by start) lies within `outer`.
fn holds_one_of(ranges: &[Range<usize>], outer: &Range<usize>) -> bool {
    let from = ranges.partition_point(|r| r.start < outer.start);
    ranges[from..]
        .iter()
        .take_while(|r| r.start <= outer.end)
        .any(|r| r.end <= outer.end)
}

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let text = doc.text;
    let mut found: Vec<(Range<usize>, String)> = Vec::new();
    // The addresses' and the numbers' ranges sorted, so that each question below is a binary
    // search (a pass over all of them for each label and each `@` made a text with many of both
    // quadratic).
    let mut email_starts: Vec<usize> = doc.emails().iter().map(|m| m.range.start).collect();
    email_starts.sort_unstable();
    let emails = super::merged_ranges(doc.emails().iter().map(|m| m.range.clone()).collect());
    let phones = doc.phones();
    let mut phone_ranges: Vec<Range<usize>> = phones.iter().map(|p| p.range.clone()).collect();
    phone_ranges.sort_by_key(|r| (r.start, r.end));
    let email_at = |offset: usize| email_starts.binary_search(&offset).is_ok();
    let covered = |r: &Range<usize>| super::overlaps(&emails, r);
    let line_of = |offset: usize| {
        let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let end = text[offset..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| offset + i);
        start..end
    };
    let phone_on = |line: &Range<usize>| holds_one_of(&phone_ranges, line);
    // A label with nothing after it.
    for m in label_matches(text) {
        let line = line_of(m.start);
        let before = text[line.start..m.start].trim_end();
        let starts_item = before.is_empty()
            || before.ends_with(['/', '|', ',', ';', '-', '•', '*'])
            || phone_on(&line);
        if !starts_item {
            continue;
        }
        let rest = text[m.end..line.end].trim_start_matches(|c: char| c.is_whitespace());
        let nothing = rest.is_empty() || rest.starts_with(['/', '|']);
        if !nothing {
            continue;
        }
        if rest.is_empty() {
            // The address may stand on the next line (`email-label-split` reports that).
            let after = &text[line.end..];
            let next = after.len() - after.trim_start().len();
            if line.end + next < text.len() && email_at(line.end + next) {
                continue;
            }
        }
        let label = &text[m.clone()];
        found.push((
            m,
            [
                "`",
                label,
                "` with no address after it: the address was probably stripped by the scrape",
            ]
            .concat(),
        ));
    }
    // A contact line whose last separator, after a phone number, has nothing after it.
    for p in phones {
        let line = line_of(p.range.start);
        let rest = &text[p.range.end..line.end];
        let trimmed = rest.trim();
        if !matches!(trimmed, "/" | "|") || !text[line.start..p.range.start].contains(trimmed) {
            continue;
        }
        let at = p.range.end + rest.find(trimmed).expect("found above");
        found.push((
            at..at + 1,
            format!(
                "The contact line ends with `{trimmed}` and nothing after it: its address was \
                 probably stripped by the scrape"
            ),
        ));
    }
    // An address cut at its `@`.
    for at in memchr::memchr_iter(b'@', text.as_bytes()) {
        let after = text[at + 1..].chars().next();
        if after.is_some_and(|c| !c.is_whitespace() && !",;)>".contains(c)) {
            continue;
        }
        let local_len = text[..at]
            .chars()
            .rev()
            .take_while(|&c| is_atext(c))
            .map(char::len_utf8)
            .sum::<usize>();
        let range = at - local_len..at + 1;
        let local = &text[range.start..at];
        if !local.chars().any(char::is_alphanumeric) || covered(&range) {
            continue;
        }
        let line = line_of(at);
        let mailish = local.trim_matches('.').contains(['.', '_', '-'])
            || LABEL_RE.is_match(&text[line.start..range.start])
            || phone_on(&line);
        if !mailish {
            continue;
        }
        found.push((
            range,
            [
                "`",
                local,
                "@`: an address cut at its `@`, the domain is lost",
            ]
            .concat(),
        ));
    }
    found.sort_by_key(|(r, _)| r.start);
    for (range, message) in found {
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: message.into(),
            range,
            fix: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::check;

    #[test]
    fn holds_one_of_is_a_pass_over_all() {
        // Ranges of 0 to 5 bytes in 0..40, in every order they can be sorted to by start.
        let mut draws = crate::testing::Draws(0x9e37_79b9_u64);
        let mut next = |n: u64| draws.below(n);
        for _ in 0..2000 {
            let mut ranges: Vec<std::ops::Range<usize>> = (0..next(8))
                .map(|_| {
                    let s = next(40);
                    s..s + next(6)
                })
                .collect();
            ranges.sort_by_key(|r| (r.start, r.end));
            let s = next(45);
            let outer = s..s + next(12);
            let all = ranges
                .iter()
                .any(|r| outer.start <= r.start && r.end <= outer.end);
            assert_eq!(
                super::holds_one_of(&ranges, &outer),
                all,
                "{ranges:?} {outer:?}"
            );
        }
    }

    #[test]
    fn labels_end_with_ascii_letters() {
        let labels = crate::lexicon::lists::contact_labels(crate::lexicon::lists::LabelUse::Split);
        for l in labels.iter().chain(&super::MORE_LABELS) {
            let last = l.chars().last().expect("a label");
            // `l` and `o` are the case of no other character; a new last letter may have one.
            assert!(matches!(last, 'l' | 'L' | 'o' | 'O'), "{l}");
        }
    }

    #[test]
    fn the_labels_are_those_find_iter_finds() {
        let pieces = [
            "E-mail",
            "e-mail",
            "EMAIL",
            "Courriel",
            "courriel",
            "Correo",
            "Correo electrónico",
            "correo\n electronico",
            "CORREO \t ELECTRÓNICO",
            "Mél",
            "MEL",
            "mail",
            "Mail",
            "xmail",
            "mail_",
            "_mail",
            "2mail",
            "émail",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u{a0}",
            ":",
            " :",
            "\n:",
            "::",
            "a",
            "Tel",
            "Fax",
            "x@y.org",
            "/",
            "-",
            "é",
            "Hello world",
            "ſ",
            "\u{212a}",
        ];
        let mut texts: Vec<String> = pieces.iter().map(|p| format!("{p}:")).collect();
        texts.extend(crate::testing::texts_of_pieces(&pieces, 20_000, 12));
        let mut found = 0;
        for text in &texts {
            let expected: Vec<_> = super::LABEL_RE.find_iter(text).map(|m| m.range()).collect();
            found += expected.len();
            assert_eq!(super::label_matches(text), expected, "{text:?}");
        }
        assert!(found > 1_000, "{found}");
    }

    #[test]
    fn finds_a_label_with_nothing_after_it() {
        check(
            r#"Contact : Anna Lee
Tél. : +33 1 23 45 67 89
E-mail :
^^^^^^^^ email-missing

Courriel : 
^^^^^^^^^^ email-missing
"#,
        );
    }

    #[test]
    fn finds_a_separator_with_nothing_after_it() {
        check(
            r#"Sarah Grainger / +44 7911 123456 /
                                 ^ email-missing
"#,
        );
    }

    #[test]
    fn finds_an_address_cut_at_its_at() {
        check(
            r#"Contact: anna.lee@ or +33 1 23 45 67 89
         ^^^^^^^^^ email-missing
"#,
        );
    }

    #[test]
    fn leaves_complete_contacts() {
        check(
            r#"E-mail: anna.lee@example.org
Sarah Grainger / +44 7911 123456 / sarah@example.org
Our daily mail: a digest of the news
Meet us @ the fair, or write to us @ once.
"#,
        );
    }

    #[test]
    fn leaves_a_label_whose_address_is_on_the_next_line() {
        check(
            r#"E-mail:
anna.lee@example.org
^^^^^^^^^^^^^^^^^^^^ email-label-split
"#,
        );
    }
}
