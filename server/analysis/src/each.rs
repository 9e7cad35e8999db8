//! [`check`](crate::check) of a huge text, its findings given out part by part.

use std::ops::Range;

use crate::{
    apply_severities, finish, position_key, rules, shift, sort_findings, Context, Document,
    DocumentFacts, Finding, FindingRuns,
};

/// Texts over this size are checked by [`check_each`] in parts of about this size.
pub(crate) const EACH_PART: usize = 1 << 20;

/// [`check`] for a huge text, each finding given to `each` in the order of [`check`] as soon as
/// the part of the text it starts in is done, so that only the findings of the rules of
/// document scope (boilerplate blocks, repeated lines, hard-wrapped paragraphs: they need the
/// whole text) are held at once, with those of one part. The rules of line scope run on parts
/// of about 1 MiB cut at line ends, each with the lines around it that they read
/// ([`rules::Scope::Lines`], as the incremental analysis of an editor does), keeping the
/// findings that start in the part; the facts of the whole text they read (whether it is
/// French) are the whole text's.
pub fn check_each(text: &str, cx: Context<'_>, each: impl FnMut(&Finding)) {
    check_each_in_parts(text, cx, EACH_PART, each);
}

/// [`check_each`] with parts of about `size` bytes.
pub(crate) fn check_each_in_parts(
    text: &str,
    cx: Context<'_>,
    size: usize,
    mut each: impl FnMut(&Finding),
) {
    let (document, facts) = document_runs(text, cx);
    let mut document = document.iter().peekable();
    line_rules_in_parts(text, cx, facts, size, |found| {
        for f in found.drain(..) {
            while let Some(d) = document.next_if(|d| position_key(d) < position_key(&f)) {
                each(d);
            }
            each(&f);
        }
    });
    document.for_each(each);
}

/// The findings of a run of parts are kept in one vector from this many on: a few runs for
/// [`FindingRuns::iter`] to merge, none large enough for its growth to matter.
const RUN_FINDINGS: usize = 1 << 16;

/// [`crate::check_apart`] with the rules of line scope run on parts of about `size` bytes, as
/// [`check_each`] runs them: the emails, phones and tokens of one part are parsed at a time,
/// where the rules run on the whole text held those of all of it with the findings (`tamis fix`
/// on a 107 MB file peaked there, at 400 MB). The findings of consecutive parts are kept in
/// runs of their own: a rule's findings span several runs, but findings of equal keys (which
/// start at the same byte) are in one part, so [`FindingRuns::iter`] gives the order of
/// [`check`](crate::check). Each finding is given to `lighten` as soon as its part is sorted
/// (those of the rules of document scope at once), to drop what its caller does not read
/// before the next part is checked: it must leave the finding's position and code as they are.
pub(crate) fn check_apart_in_parts(
    text: &str,
    cx: Context<'_>,
    size: usize,
    mut lighten: impl FnMut(&mut Finding),
) -> FindingRuns {
    let (FindingRuns { mut runs }, facts) = document_runs(text, cx);
    runs.iter_mut().flatten().for_each(&mut lighten);
    let mut run = Vec::new();
    line_rules_in_parts(text, cx, facts, size, |found| {
        found.iter_mut().for_each(&mut lighten);
        run.append(found);
        if run.len() >= RUN_FINDINGS {
            runs.push(rules::exactly(std::mem::take(&mut run)));
        }
    });
    if !run.is_empty() {
        runs.push(rules::exactly(run));
    }
    FindingRuns { runs }
}

/// The findings of the rules of document scope on the whole text, finished and in runs (see
/// [`rules::run_document_rules_apart`]), and the facts of the text the rules of line scope
/// read. The document (its lines and what its rules parsed) is dropped before they return.
fn document_runs(text: &str, cx: Context<'_>) -> (FindingRuns, DocumentFacts) {
    let doc = Document::new(text, cx);
    let mut runs = rules::run_document_rules_apart(&doc);
    for run in &mut runs {
        finish(run, cx.settings);
    }
    runs.retain(|r| !r.is_empty());
    (FindingRuns { runs }, doc.facts())
}

/// Runs the rules of line scope on parts of `text` of about `size` bytes, cut at line ends,
/// each with the lines around it that they read, and gives `part` the findings that start in
/// each part, with their severities, sorted and at their offsets in `text` (the vector is
/// reused: `part` takes them out).
fn line_rules_in_parts(
    text: &str,
    cx: Context<'_>,
    facts: DocumentFacts,
    size: usize,
    mut part: impl FnMut(&mut Vec<Finding>),
) {
    let (before, after) = rules::line_context();
    let mut found = Vec::new();
    for inner in parts_at_lines(text, size) {
        let last = inner.end == text.len();
        let context =
            lines_before(text, inner.start, before + 2)..lines_after(text, inner.end, after + 2);
        rules::run_line_rules(
            &Document::part(&text[context.clone()], cx, facts),
            &mut found,
        );
        apply_severities(&mut found, cx.settings);
        let (start, end) = (inner.start - context.start, inner.end - context.start);
        found.retain(|f| {
            let s = f.range.start;
            start <= s && (s < end || (last && s == end))
        });
        sort_findings(&mut found);
        for f in &mut found {
            shift(f, context.start as isize);
        }
        part(&mut found);
        found.clear();
    }
}

/// The parts of `text` of about `size` bytes (more when a line is longer), each ending after a
/// `\n` or at the end of the text: a line start, whatever the line terminators (`\r\n` ends at
/// its `\n`). One empty part for an empty text.
fn parts_at_lines(text: &str, size: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = Some(0usize);
    std::iter::from_fn(move || {
        let from = start?;
        let at = from.saturating_add(size.max(1)).min(bytes.len());
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        start = (end < bytes.len()).then_some(end);
        Some(from..end)
    })
}

/// Where the context of a part starting at `at` (a line start) starts: back over `n` lines
/// that are not blank and the blank lines between them. Lines here end at `\n`: a line that
/// holds a `\r` alone holds more than one line of the rules, so that this context holds at
/// least `n` of their lines that are not blank.
fn lines_before(text: &str, at: usize, n: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut start, mut seen) = (at, 0);
    while start > 0 && seen < n {
        let line = memchr::memrchr(b'\n', &bytes[..start - 1]).map_or(0, |i| i + 1);
        seen += usize::from(!text[line..start].trim().is_empty());
        start = line;
    }
    start
}

/// Where the context of a part ending at `at` (a line start, or the end of the text) ends:
/// forward over `n` lines that are not blank (as [`lines_before`]).
fn lines_after(text: &str, at: usize, n: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut end, mut seen) = (at, 0);
    while end < bytes.len() && seen < n {
        let line = memchr::memchr(b'\n', &bytes[end..]).map_or(bytes.len(), |i| end + i + 1);
        seen += usize::from(!text[end..line].trim().is_empty());
        end = line;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_text_and_start_on_lines() {
        for text in ["", "a", "a\n", "a\r\nb\rc\n\nd", "\n\n\n", "é\nà\n"] {
            for size in [1, 2, 3, 100] {
                let parts: Vec<_> = parts_at_lines(text, size).collect();
                assert_eq!(parts.first().map(|p| p.start), Some(0));
                assert_eq!(parts.last().map(|p| p.end), Some(text.len()));
                assert!(parts.windows(2).all(|w| w[0].end == w[1].start));
                for p in &parts[1..] {
                    assert_eq!(text.as_bytes()[p.start - 1], b'\n', "{text:?} {size}");
                }
            }
        }
    }

    #[test]
    fn the_context_holds_the_lines_that_are_not_blank() {
        let text = "a\n\n  \nb\nc\r\n\nd\n";
        // From the start of `d` back over two lines that are not blank: `c` and `b`.
        assert_eq!(lines_before(text, 12, 2), 6);
        assert_eq!(lines_before(text, 12, 3), 0);
        assert_eq!(lines_before(text, 12, 9), 0);
        assert_eq!(lines_before(text, 0, 2), 0);
        // From the start of `b` forward over two: `b` and `c`.
        assert_eq!(lines_after(text, 6, 2), 11);
        assert_eq!(lines_after(text, 6, 9), text.len());
        assert_eq!(lines_after(text, text.len(), 2), text.len());
    }
}
