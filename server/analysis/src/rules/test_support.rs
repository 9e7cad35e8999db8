//! The helpers of the rules' tests: a fixture in, the findings or the fixed text out.
//!
//! A fixture is the text to check with marks under the expected findings, as rust-analyzer's
//! `check_diagnostics` reads `//^^^` lines. A mark line is made of spaces and `^`, then a space
//! and a rule code; its carets stand under the characters of the line above that the finding
//! covers (counted in characters, so that accents keep the carets aligned). A finding over
//! several lines is marked with ` +` after the code on its first line, and a mark with the same
//! code further down where it ends:
//!
//! ```text
//! Partager sur Facebook
//! ^^^^^^^^^^^^^^^^^^^^^ boilerplate-pattern +
//! Partager sur Twitter
//! ^^^^^^^^^^^^^^^^^^^^ boilerplate-pattern
//! ```
//!
//! The mark lines are removed before the text is checked, with their line breaks.

use std::ops::Range;

use crate::config::{self, Settings};
use crate::{check as check_text, fix_until_stable, rules, Context, Finding, FixOptions, Model};

/// What a fixture is checked with besides its text.
#[derive(Default)]
pub(crate) struct Setup<'a> {
    /// A `tamis.toml`, empty for the defaults.
    pub config: &'a str,
    /// Other documents of the corpus: when there are any, the boilerplate model is learned from
    /// them and from the checked text, as `tamis check` learns it from every file.
    pub corpus: &'a [&'a str],
}

/// Checks a fixture with the default settings: the findings must be exactly the ones marked.
#[track_caller]
pub(crate) fn check(fixture: &str) {
    check_in(&Setup::default(), fixture);
}

/// Checks a fixture with a configuration or a corpus.
#[track_caller]
pub(crate) fn check_in(setup: &Setup<'_>, fixture: &str) {
    let (text, expected) = parse(fixture);
    let settings = settings(setup);
    let model = model(setup, &text);
    let findings = check_text(
        &text,
        Context {
            settings: &settings,
            model: model.as_ref(),
        },
    );
    for f in &findings {
        agrees_with_its_rule(f, &settings);
    }
    let found: Vec<(String, Range<usize>)> = findings
        .into_iter()
        .map(|f| (f.code.to_string(), f.range))
        .collect();
    assert_eq!(
        render(&text, &found),
        render(&text, &expected),
        "findings (left) differ from the marks (right) in:\n{text}"
    );
}

/// Fixes a text as `tamis fix` does (safe fixes, re-checked until nothing is left to fix) and
/// compares the result.
#[track_caller]
pub(crate) fn check_fix(before: &str, after: &str) {
    let options = FixOptions {
        unsafe_fixes: false,
    };
    check_fix_in(&Setup::default(), options, before, after);
}

/// Fixes a text as `tamis fix --unsafe-fixes` does and compares the result.
#[track_caller]
pub(crate) fn check_unsafe_fix(before: &str, after: &str) {
    let options = FixOptions { unsafe_fixes: true };
    check_fix_in(&Setup::default(), options, before, after);
}

/// Fixes a text with a configuration or a corpus, and the given fixes allowed.
#[track_caller]
pub(crate) fn check_fix_in(setup: &Setup<'_>, options: FixOptions, before: &str, after: &str) {
    let settings = settings(setup);
    let model = model(setup, before);
    let cx = Context {
        settings: &settings,
        model: model.as_ref(),
    };
    let fixed = fix_until_stable(before, cx, options);
    assert_eq!(
        fixed.text, after,
        "the fixed text (left) is not the expected one (right)"
    );
}

/// A finding has a severity and a fix that its rule's description allows.
#[track_caller]
fn agrees_with_its_rule(f: &Finding, settings: &Settings) {
    let rule = rules::rule(f.code).expect("a finding of a known rule");
    if settings.level(f.code).is_none() {
        assert!(
            rule.severities().any(|s| s == f.severity),
            "{}: severity {:?} is not in the rule's description",
            f.code,
            f.severity
        );
    }
    assert!(
        rule.fix.allows(f.fix.as_ref()),
        "{}: a fix {:?} that the rule's fix availability {:?} does not allow",
        f.code,
        f.fix.as_ref().map(|fix| fix.applicability),
        rule.fix
    );
}

#[track_caller]
fn settings(setup: &Setup<'_>) -> Settings {
    let config = config::parse(setup.config).expect("the fixture's configuration parses");
    Settings::new(config).expect("the fixture's configuration is valid")
}

fn model(setup: &Setup<'_>, text: &str) -> Option<Model> {
    if setup.corpus.is_empty() {
        return None;
    }
    let mut model = Model::new();
    for doc in setup.corpus.iter().copied().chain([text]) {
        model.add_document(doc);
    }
    Some(model)
}

/// The text without its mark lines, and the marked findings in the order of their ranges.
#[track_caller]
fn parse(fixture: &str) -> (String, Vec<(String, Range<usize>)>) {
    let mut text = String::new();
    let mut marks = Vec::new();
    // The start and length of the last line of the text.
    let mut above: Option<Range<usize>> = None;
    // Findings marked with ` +`, waiting for the mark that ends them.
    let mut open: Vec<(String, usize)> = Vec::new();
    for line in fixture.split_inclusive('\n') {
        let Some((carets, code)) = mark(line) else {
            let start = text.len();
            text.push_str(line);
            above = Some(start..start + line.trim_end_matches(['\n', '\r']).len());
            continue;
        };
        let line_range = above.clone().expect("a mark under no line");
        let above_text = &text[line_range.clone()];
        let byte = |column: usize| {
            above_text
                .char_indices()
                .map(|(k, _)| k)
                .chain([above_text.len()])
                .nth(column)
                .map(|k| line_range.start + k)
                .expect("a mark past the end of the line above")
        };
        let start = byte(carets.start);
        let end = byte(carets.end);
        let (code, continues) = match code.strip_suffix(" +") {
            Some(code) => (code, true),
            None => (code, false),
        };
        let start = match open.iter().position(|(c, _)| c == code) {
            Some(k) => open.remove(k).1,
            None => start,
        };
        if continues {
            open.push((code.to_string(), start));
        } else {
            marks.push((code.to_string(), start..end));
        }
    }
    assert!(open.is_empty(), "marks with ` +` never ended: {open:?}");
    marks.sort_by(|a, b| (a.1.start, a.1.end, &a.0).cmp(&(b.1.start, b.1.end, &b.0)));
    (text, marks)
}

/// The columns of the carets and the code, when a line is a mark line.
fn mark(line: &str) -> Option<(Range<usize>, &str)> {
    let line = line.trim_end_matches(['\n', '\r']);
    let start = line.find('^')?;
    if !line[..start].bytes().all(|b| b == b' ') {
        return None;
    }
    let carets = line[start..].bytes().take_while(|&b| b == b'^').count();
    let code = line[start + carets..].strip_prefix(' ')?;
    if code.is_empty() || !code.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    Some((start..start + carets, code))
}

/// Findings one per line, with the text they cover, for a readable difference.
fn render(text: &str, findings: &[(String, Range<usize>)]) -> String {
    findings
        .iter()
        .map(|(code, r)| format!("{code} {}..{} {:?}\n", r.start, r.end, &text[r.clone()]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_stand_under_characters_and_are_removed() {
        let (text, marks) =
            parse("Tél : +506 2212.5352\n      ^^^^^^^^^^^^^^ phone-malformed\nFin\n");
        assert_eq!(text, "Tél : +506 2212.5352\nFin\n");
        assert_eq!(marks, vec![("phone-malformed".to_string(), 7..21)]);
        assert_eq!(&text[7..21], "+506 2212.5352");
    }

    #[test]
    fn a_mark_with_a_plus_goes_on_to_the_next_mark_of_its_code() {
        let (text, marks) = parse("a\nb\n^ x +\nc\nd\n^ x\n");
        assert_eq!(text, "a\nb\nc\nd\n");
        assert_eq!(marks, vec![("x".to_string(), 2..7)]);
    }

    #[test]
    fn lines_with_carets_in_the_text_are_not_marks() {
        assert_eq!(parse("2^10 octets\n").1, vec![]);
        assert_eq!(parse("  ^^ \n").1, vec![]);
    }
}
