//! The `boilerplate-page` rule; [`DOC`] documents it.

use super::{delete_lines, quote, FixAvailability, FixSafety, Rule, Scope};
use crate::boilerplate::{judge_with, Class, Reason};
use crate::text::{has_digit, Line};
use crate::{Applicability, Document, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds boilerplate in a single page of any site, from the text alone, the way jusText reads
paragraphs: lines cut at inline links are joined back into blocks; each block is judged by
its length, its share of stop words in the page's language (English, French, Spanish,
German, Italian, Portuguese), its sentence punctuation, the boilerplate phrases it holds
(share, follow us, cookies, newsletter, related, read more, comments, copyright, skip to
content, print, close), whether it is a web address alone on its line, and whether it is one
of a run of short lines without punctuation (a list of links); then short and doubtful blocks
take the class of their neighbours, the edges of the page counting as boilerplate. A short
line joins the sentence before it only when that sentence runs on after it (a link cut out of
it), so that a list of headlines is not read as one paragraph. One finding per run of
boilerplate lines; the title just before the first paragraph stays, with the dateline under
it.

## Why is this bad?
Menus, share bars, related links, comments and footers are not part of the page's text: they
skew counts, embeddings and annotations.

## Example
`Home` / `News` / `Sport` before a release, `Share this article` / `Facebook` / `Twitter` /
`© 2024 The Town Herald` after it.

## Fix safety
Unsafe: a judgement on one page without a corpus to confirm it. Safe only for a run at the
head or the tail of the page made only of boilerplate phrases and lists of links, with no
digits that could be a date or a reference. The message says why the lines were judged
boilerplate.
"#;

pub const RULE: Rule = Rule {
    code: "boilerplate-page",
    summary: "boilerplate on a single page, judged from its text as jusText does",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Mixed),
    yields_to_boilerplate: false,
    scope: Scope::Document,
    doc: DOC,
    check,
};

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let lines = doc.lines();
    let page = judge_with(lines, doc.measures);
    let is_bad = |i: usize| page.lines[i].is_some_and(|j| j.class == Class::Bad);
    let is_good = |i: usize| page.lines[i].is_some_and(|j| j.class == Class::Good);
    let Some(first_good) = (0..lines.len()).find(|&i| is_good(i)) else {
        return;
    };
    let last_good = (0..lines.len())
        .rev()
        .find(|&i| is_good(i))
        .unwrap_or(first_good);
    let mut i = 0;
    while i < lines.len() {
        if !is_bad(i) {
            i += 1;
            continue;
        }
        let first = i;
        let mut last = i;
        let mut j = i + 1;
        while j < lines.len() && (is_bad(j) || lines[j].is_blank()) {
            if is_bad(j) {
                last = j;
            }
            j += 1;
        }
        i = last + 1;
        let at_head = last < first_good;
        let at_tail = first > last_good;
        // The title just before the first paragraph stays: the last line of the head with a few
        // words and no boilerplate phrase.
        let last = if at_head {
            match title_before(lines, &page.lines, first, last) {
                Some(t) if t == first => continue,
                Some(t) => (first..t)
                    .rev()
                    .find(|&k| !lines[k].is_blank())
                    .unwrap_or(first),
                None => last,
            }
        } else {
            last
        };
        report(doc, lines, &page.lines, first, last, at_head, at_tail, out);
    }
}

/// The line of the head's run that reads as the page's title, if any: among the last four
/// lines of the run, the nearest to the text with three to twenty-five words and no phrase.
/// A line with digits (`Press release - 13 March 2024`, a byline's date) sits between a title
/// and its text more often than it is the title: a line without digits is taken first, and the
/// dateline after it stays with it.
fn title_before(
    lines: &[Line<'_>],
    judged: &[Option<crate::boilerplate::Judged>],
    first: usize,
    last: usize,
) -> Option<usize> {
    let candidates = || {
        (first..=last)
            .rev()
            .filter(|&k| !lines[k].is_blank())
            .take(4)
            .filter(|&k| {
                let words = lines[k].trimmed().split_whitespace().count();
                (3..=25).contains(&words) && judged[k].is_some_and(|j| j.reason != Reason::Phrase)
            })
    };
    candidates()
        .find(|&k| !has_digit(lines[k].text))
        .or_else(|| candidates().next())
}

#[allow(clippy::too_many_arguments)]
fn report(
    doc: &Document<'_>,
    lines: &[Line<'_>],
    judged: &[Option<crate::boilerplate::Judged>],
    first: usize,
    last: usize,
    at_head: bool,
    at_tail: bool,
    out: &mut Vec<Finding>,
) {
    let _ = doc;
    let run: Vec<usize> = (first..=last).filter(|&k| judged[k].is_some()).collect();
    let count = run.len();
    if count == 0 {
        return;
    }
    let strong = run
        .iter()
        .all(|&k| judged[k].is_some_and(|j| j.strong) && !has_digit(lines[k].text));
    let applicability = if strong && (at_head || at_tail) && count >= 2 {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    let mut reasons: Vec<(Reason, usize)> = Vec::new();
    for &k in &run {
        let r = judged[k].map_or(Reason::Context, |j| j.reason);
        match reasons.iter_mut().find(|(x, _)| *x == r) {
            Some((_, n)) => *n += 1,
            None => reasons.push((r, 1)),
        }
    }
    let why = reasons
        .iter()
        .map(|(r, n)| format!("{n} with {}", r.describe()))
        .collect::<Vec<_>>()
        .join("; ");
    let place = if at_head {
        "at the head of the page"
    } else if at_tail {
        "at the tail of the page"
    } else {
        "between paragraphs"
    };
    out.push(Finding {
        code: RULE.code,
        severity: Severity::Warning,
        message: format!(
            "Boilerplate on this page: {count} line{} from {} {place} read as navigation, not text ({why})",
            if count == 1 { "" } else { "s" },
            quote(lines[first].text),
        ),
        range: lines[first].start..lines[last].end,
        fix: Some(Fix::new(
            format!("Delete the {count}-line boilerplate block"),
            applicability,
            vec![delete_lines(lines, first, last)],
        )),
    });
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::rules::test_support::check;
    use crate::{Context, Finding};

    const PAGE: &str = "Home\nNews\nSport\nWeather\nContact\n\nTown council approves a new library\n\nThe town council voted on Tuesday to build a new public library in the centre of the town, with a budget of two million euros and an opening planned for the spring of next year.\n\nThe mayor said that the library would be open to all residents and that it would hold a large collection of books in several languages, for children and for adults.\n\nShare this article\nFacebook\nTwitter\nCookie settings\n";

    fn page_findings(text: &str) -> Vec<Finding> {
        let settings = Settings::default();
        let cx = Context {
            settings: &settings,
            model: None,
        };
        crate::check(text, cx)
            .into_iter()
            .filter(|f| f.code.starts_with("boilerplate"))
            .collect()
    }

    #[test]
    fn finds_the_menu_and_the_share_bar_of_a_page_and_keeps_its_text() {
        let found = page_findings(PAGE);
        let covered = |needle: &str| {
            let at = PAGE.find(needle).unwrap();
            found
                .iter()
                .any(|f| f.range.start <= at && at < f.range.end)
        };
        assert!(covered("Sport") && covered("Share this article") && covered("Twitter"));
        assert!(!covered("The town council voted") && !covered("The mayor said"));
        assert!(
            !covered("Town council approves"),
            "the title stays: {found:?}"
        );
        assert!(found.iter().all(|f| f.fix.is_some()), "{found:?}");
    }

    #[test]
    fn the_title_stays_with_the_dateline_under_it() {
        let page = PAGE.replace(
            "Town council approves a new library\n",
            "Town council approves a new library\nPress release - 12 May 2025\n",
        );
        let found = page_findings(&page);
        let at = page.find("Town council approves").unwrap();
        assert!(
            found
                .iter()
                .all(|f| !(f.range.start <= at && at < f.range.end)),
            "{found:?}"
        );
        assert!(found.iter().any(|f| f.range.start == 0), "{found:?}");
    }

    #[test]
    fn leaves_a_release_made_only_of_its_text() {
        check("Town council approves a new library\n\nThe town council voted on Tuesday to build a new public library in the centre of the town, with a budget of two million euros.\n\nThe mayor said that the library would be open to all residents and that it would hold books in several languages.\n");
    }
}
