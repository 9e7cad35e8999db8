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

/// What an address's local part is made of.
fn is_atext(c: char) -> bool {
    c.is_alphanumeric() || "._%+-".contains(c)
}

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let text = doc.text;
    let mut found: Vec<(Range<usize>, String)> = Vec::new();
    let emails = doc.emails();
    let phones = doc.phones();
    let email_at = |offset: usize| emails.iter().any(|m| m.range.start == offset);
    let covered = |r: &Range<usize>| {
        emails
            .iter()
            .any(|m| m.range.start < r.end && r.start < m.range.end)
    };
    let line_of = |offset: usize| {
        let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let end = text[offset..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| offset + i);
        start..end
    };
    let phone_on = |line: &Range<usize>| {
        phones
            .iter()
            .any(|p| line.start <= p.range.start && p.range.end <= line.end)
    };
    // A label with nothing after it.
    for m in LABEL_RE.find_iter(text) {
        let line = line_of(m.start());
        let before = text[line.start..m.start()].trim_end();
        let starts_item = before.is_empty()
            || before.ends_with(['/', '|', ',', ';', '-', '•', '*'])
            || phone_on(&line);
        if !starts_item {
            continue;
        }
        let rest = text[m.end()..line.end].trim_start_matches(|c: char| c.is_whitespace());
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
        found.push((
            m.range(),
            format!(
                "`{}` with no address after it: the address was probably stripped by the scrape",
                m.as_str()
            ),
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
            format!("`{local}@`: an address cut at its `@`, the domain is lost"),
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
