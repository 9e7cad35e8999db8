//! The `boilerplate-page` rule; [`DOC`] documents it.

use super::{delete_lines, with_quote, Decimal, FixAvailability, FixSafety, Rule, Scope};
use crate::boilerplate::{judge_with, Class, Memo, Reason};
use std::cell::RefCell;
use std::ops::Range;

use crate::incremental::{Found, LineMemo};
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
digits that could be a date or a reference, of at least two lines, or three without a
boilerplate phrase (two short lines are a title and its label as often as a menu). The message says why the lines were judged
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
    check_lines_among(doc.lines(), memo_of(doc), doc.memo, false, out);
}

/// [`check`], when `out` holds every other boilerplate finding that the findings made here will
/// be merged with (see `merge_boilerplate`): the runs that the merge would drop without a word,
/// inside a group that a finding of another rule names and covers (most runs, under the
/// corpus's blocks), are not made. The findings merged are those of [`check`].
pub(crate) fn check_after_the_others(doc: &Document<'_>, out: &mut Vec<Finding>) {
    check_lines_among(doc.lines(), memo_of(doc), doc.memo, true, out);
}

fn memo_of<'d>(doc: &Document<'d>) -> Memo<'d> {
    match (doc.memo, doc.measures) {
        (Some(lines), _) => Memo::Lines(lines),
        (None, Some(texts)) => Memo::Texts(texts),
        (None, None) => Memo::None,
    }
}

/// The rule on the lines of a text, with the measures of lines seen before taken from `memo`
/// and the findings made before from `kept`: what [`check`] does, from what a thread of its
/// own can be given (the incremental analysis runs it beside the other rules, see
/// `incremental.rs`).
pub(crate) fn check_lines(
    lines: &[Line<'_>],
    memo: Memo<'_>,
    kept: Option<&RefCell<LineMemo>>,
    out: &mut Vec<Finding>,
) {
    check_lines_among(lines, memo, kept, false, out);
}

/// [`check_lines`]; when `among_others` (and no findings are kept), `out` holds every other
/// boilerplate finding the findings made here will be merged with, and the runs the merge would
/// drop without a word are not made (see [`check_after_the_others`]).
fn check_lines_among(
    lines: &[Line<'_>],
    memo: Memo<'_>,
    kept: Option<&RefCell<LineMemo>>,
    among_others: bool,
    out: &mut Vec<Finding>,
) {
    let page = judge_with(lines, memo);
    // The runs found, reported once all are known.
    let mut runs: Vec<Run> = Vec::new();
    let mut found = Found::new(kept, |m| &mut m.page_found);
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
        // Press contacts are the release's, not the site's, even below `– ENDS –` among the
        // footer's lines: the run is reported around them.
        let mut from = first;
        while let Some((cue, end)) = press_contacts(lines, &page.lines, from, last) {
            if let Some(before) = (from..cue).rev().find(|&k| is_bad(k)) {
                runs.extend(plan(lines, &page.lines, from, before, (at_head, at_tail)));
            }
            from = end + 1;
        }
        if let Some(first) = (from..=last).find(|&k| is_bad(k)) {
            runs.extend(plan(lines, &page.lines, first, last, (at_head, at_tail)));
        }
    }
    let dropped = if among_others && kept.is_none() {
        let made: Vec<(Range<usize>, bool)> = runs
            .iter()
            .map(|r| {
                let safe = r.key.applicability == Applicability::Safe;
                (lines[r.first].start()..lines[r.last].end(), safe)
            })
            .collect();
        super::dropped_unnamed(out, &made, super::rank(RULE.code))
    } else {
        vec![false; runs.len()]
    };
    for (run, dropped) in runs.into_iter().zip(dropped) {
        if !dropped {
            report(&mut found, lines, run, out);
        }
    }
}

/// The first block of press contacts in lines `from..=last`: a short line that opens one
/// (`Media contacts:`, `Contact presse`, `Pour plus d'informations :`, `Más información`), then
/// lines up to two blank lines in a row or a line with a site's phrase (`© 2024`, `Share`),
/// among which an email address or a phone number. Its first and last lines.
fn press_contacts(
    lines: &[Line<'_>],
    judged: &[Option<crate::boilerplate::Judged>],
    from: usize,
    last: usize,
) -> Option<(usize, usize)> {
    let mut k = from;
    while k <= last {
        if !opens_press_contacts(lines[k].trimmed()) {
            k += 1;
            continue;
        }
        let (mut end, mut details, mut blanks) = (k, false, 0);
        for (j, line) in lines.iter().enumerate().skip(k + 1) {
            if line.is_blank() {
                blanks += 1;
                if blanks == 2 {
                    break;
                }
                continue;
            }
            blanks = 0;
            if judged[j].is_some_and(|x| matches!(x.reason, Reason::Phrase | Reason::Address)) {
                break;
            }
            details |= line.text().contains('@') || phone_like(line.text());
            end = j;
        }
        // The opening line may hold the details itself (`Contact : Ana Ruiz, ana@…`).
        details |= lines[k].text().contains('@') || phone_like(lines[k].text());
        if details {
            return Some((k, end.min(last).max(k)));
        }
        k += 1;
    }
    None
}

/// A short line that opens a block of press contacts.
fn opens_press_contacts(t: &str) -> bool {
    // Every opening below starts with one of these letters, after the characters that are not
    // letters: a line whose first letter is another ASCII one opens none, and is not lower-cased
    // (about 24,000 lines of boilerplate on the 3,000 reference files). (An ASCII character
    // other than a letter is itself lower-cased, and trimmed there too; a line whose first
    // character past them is outside ASCII is read whole.)
    let first = t.bytes().find(|b| !b.is_ascii() || b.is_ascii_alphabetic());
    if first.is_some_and(|b| {
        b.is_ascii()
            && !matches!(
                b.to_ascii_lowercase(),
                b'c' | b'm' | b'p' | b'f' | b'r' | b'i' | b's'
            )
    }) {
        return false;
    }
    opens_press_contacts_read_whole(t)
}

/// [`opens_press_contacts`] without its look at the first letter: the line lower-cased.
fn opens_press_contacts_read_whole(t: &str) -> bool {
    if t.is_empty() || t.split_whitespace().count() > 8 {
        return false;
    }
    // Lower-cased on the stack when ASCII, as most such lines are.
    let mut buf = [0u8; 96];
    let owned;
    let lower: &str = match buf.get_mut(..t.len()) {
        Some(b) if t.is_ascii() => {
            b.copy_from_slice(t.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).expect("ASCII")
        }
        _ => {
            owned = t.to_lowercase();
            &owned
        }
    };
    opens_press_contacts_lowered(lower)
}

/// [`opens_press_contacts`] of a line of at most eight words, given in lower case.
fn opens_press_contacts_lowered(lower: &str) -> bool {
    let head = lower.trim_start_matches(|c: char| !c.is_alphabetic());
    // The site's own contact page or address (`Contact us`, `Contactez-nous`) is the footer's.
    if [
        "contact us",
        "contactez-nous",
        "contactez nous",
        "contáctenos",
        "contáctanos",
    ]
    .iter()
    .any(|c| head.starts_with(c))
    {
        return false;
    }
    ["contact", "media contact", "press contact", "medienkontakt"]
        .iter()
        .any(|c| head.starts_with(c) || head.strip_prefix("for ").is_some_and(|h| h.starts_with(c)))
        || [
            "contacts presse",
            "contact presse",
            "contacto de prensa",
            "contactos de prensa",
            "pour plus d'information",
            "pour plus d’information",
            "pour tout renseignement",
            "renseignements",
            "for more information",
            "for further information",
            "further information",
            "more information",
            "media enquiries",
            "media inquiries",
            "press enquiries",
            "press inquiries",
            "para más información",
            "más información",
            "mayor información",
            "para mayor información",
            "información de prensa",
            "relations presse",
            "service de presse",
            "press office",
        ]
        .iter()
        .any(|c| head.starts_with(c))
}

/// A phone number's shape: a `+` before a digit, or eight digits or more in a short stretch.
fn phone_like(t: &str) -> bool {
    let b = t.as_bytes();
    if b.windows(2).any(|w| w[0] == b'+' && w[1].is_ascii_digit()) {
        return true;
    }
    let (mut digits, mut gap) = (0, 0);
    for &c in b {
        if c.is_ascii_digit() {
            digits += 1;
            gap = 0;
            if digits >= 8 {
                return true;
            }
        } else if matches!(c, b' ' | b'.' | b'-' | b'(' | b')') && gap < 2 {
            gap += 1;
        } else {
            digits = 0;
            gap = 0;
        }
    }
    false
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
        .find(|&k| !has_digit(lines[k].text()))
        .or_else(|| candidates().next())
}

/// What a finding on a run of lines is made from besides the text of its lines (see
/// [`Found`]).
#[derive(Debug, PartialEq)]
pub(crate) struct Key {
    /// The reasons of the run's lines, each with its number of lines, in the order met.
    reasons: Vec<(Reason, usize)>,
    applicability: Applicability,
    at_head: bool,
    at_tail: bool,
    /// The fix's deletion, from the start of the run's first line: it may reach blank lines
    /// around the run.
    deletion: Range<usize>,
}

/// A run of boilerplate lines to report: its first and last lines, its count of lines judged,
/// what its finding is made from.
struct Run {
    first: usize,
    last: usize,
    count: usize,
    key: Key,
    deletion: crate::Edit,
}

/// The run of `lines[first..=last]`, when it holds lines judged.
fn plan(
    lines: &[Line<'_>],
    judged: &[Option<crate::boilerplate::Judged>],
    first: usize,
    last: usize,
    (at_head, at_tail): (bool, bool),
) -> Option<Run> {
    let run = || (first..=last).filter(|&k| judged[k].is_some());
    let count = run().count();
    if count == 0 {
        return None;
    }
    let strong = run().all(|k| judged[k].is_some_and(|j| j.strong) && !has_digit(lines[k].text()));
    // Two short lines alone are a title and its label (`UN GENEVA PRESS BRIEFING` / a skip
    // link) as often as a menu: a run without a boilerplate phrase needs a third.
    let phrase = run().any(|k| judged[k].is_some_and(|j| j.reason == Reason::Phrase));
    let enough = if phrase { 2 } else { 3 };
    let applicability = if strong && (at_head || at_tail) && count >= enough {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    let mut reasons: Vec<(Reason, usize)> = Vec::new();
    for k in run() {
        let r = judged[k].map_or(Reason::Context, |j| j.reason);
        match reasons.iter_mut().find(|(x, _)| *x == r) {
            Some((_, n)) => *n += 1,
            None => reasons.push((r, 1)),
        }
    }
    let base = lines[first].start();
    let deletion = delete_lines(lines, first, last);
    let key = Key {
        reasons,
        applicability,
        at_head,
        at_tail,
        deletion: deletion.range.start - base..deletion.range.end - base,
    };
    Some(Run {
        first,
        last,
        count,
        key,
        deletion,
    })
}

/// The finding of a run (kept from the last text when `found` has it).
fn report(found: &mut Found<'_, Key>, lines: &[Line<'_>], run: Run, out: &mut Vec<Finding>) {
    let Run {
        first,
        last,
        count,
        key,
        deletion,
    } = run;
    let base = lines[first].start();
    let (at_head, at_tail, applicability) = (key.at_head, key.at_tail, key.applicability);
    let make = |key: &Key| {
        // `{n} with {reason}` for each reason, joined with `; `: most runs are dropped under
        // the corpus's blocks, and `format!`s were most of the cost of their findings.
        let mut why = String::with_capacity(key.reasons.len() * 80);
        for (k, (r, n)) in key.reasons.iter().enumerate() {
            if k > 0 {
                why.push_str("; ");
            }
            why.push_str(&Decimal::new(*n as u64));
            why.push_str(" with ");
            why.push_str(r.describe());
        }
        let number = Decimal::new(count as u64);
        let place = if at_head {
            "at the head of the page"
        } else if at_tail {
            "at the tail of the page"
        } else {
            "between paragraphs"
        };
        Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: with_quote(
                &[
                    "Boilerplate on this page: ",
                    &number,
                    if count == 1 {
                        " line from "
                    } else {
                        " lines from "
                    },
                ],
                lines[first].text(),
                &[" ", place, " read as navigation, not text (", &why, ")"],
            )
            .into(),
            range: base..lines[last].end(),
            fix: Some(Fix::new(
                ["Delete the ", &number, "-line boilerplate block"].concat(),
                applicability,
                [deletion],
            )),
        }
    };
    out.push(found.get(first..last + 1, base, key, make));
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::rules::test_support::{check, check_fix};
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

    /// A skip link in a language without boilerplate phrases here, then the page's title in
    /// capitals: two short lines, no more a menu than a title and its label; the safe fix
    /// leaves them.
    #[test]
    fn two_short_lines_at_the_head_are_no_safe_deletion() {
        let text = "Перейти к основному содержанию\n\nCITY PRESS BRIEFING\n\nCity Press Briefing\n\nMaria Jensen, Director of the Information Service of the City of Aarhus, chaired a hybrid press briefing, which was attended by the representatives and spokespersons of the Office of the Mayor for Housing and Transport.\n";
        check_fix(text, text);
        let settings = crate::config::Settings::default();
        let cx = crate::Context {
            settings: &settings,
            model: None,
        };
        assert!(crate::check(text, cx)
            .iter()
            .any(|f| f.code == "boilerplate-page"));
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

    #[test]
    fn a_press_contacts_opening_is_told_by_its_first_letter_as_by_the_whole_line() {
        let pieces = [
            "Contact",
            "contacts",
            "CONTACT",
            "Media",
            "media ",
            "For ",
            "for",
            "Press",
            "press ",
            "information",
            "Información",
            "Más",
            "Mayor",
            "Pour plus d'information",
            "Relations",
            "Service",
            "Renseignements",
            " presse",
            " de prensa",
            " us",
            " ",
            "-",
            "– ",
            "1. ",
            "«",
            "\u{24b8}",
            "\u{130}",
            "É",
            "é",
            "Ñ",
            "\u{212a}",
            "Home",
            "Share",
            ":",
            "\t",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 40_000, 6);
        let mut opens = 0;
        for t in &texts {
            let whole = super::opens_press_contacts_read_whole(t);
            assert_eq!(super::opens_press_contacts(t), whole, "{t:?}");
            opens += usize::from(whole);
            // The line lower-cased on the stack when ASCII, as `to_lowercase` lowers it.
            let lowered = !t.is_empty()
                && t.split_whitespace().count() <= 8
                && super::opens_press_contacts_lowered(&t.to_lowercase());
            assert_eq!(whole, lowered, "{t:?}");
        }
        // Longer than the buffer on the stack: lowered by `to_lowercase`.
        let long = format!("CONTACT{}", "-".repeat(120));
        assert!(super::opens_press_contacts(&long));
        assert!(opens > 500 && opens < 20_000, "{opens}");
    }

    #[test]
    fn press_contacts_among_the_footer_stay_with_the_release() {
        // Invented release: the contacts sit between `– ENDS –` and the footer.
        let page = PAGE.replace(
            "Share this article\n",
            "– ENDS –\n\nMedia contacts:\nNora Lindqvist, Communications Officer, Town Council\n\
             M: +46 70 555 01 23 | E: nora.lindqvist@example.org\n\nPer Aaberg, Library Service\n\
             E: per.aaberg@example.org\n\nShare this article\n",
        );
        let found = page_findings(&page);
        let covered = |needle: &str| {
            let at = page.find(needle).unwrap();
            found
                .iter()
                .any(|f| f.range.start <= at && at < f.range.end)
        };
        for kept in [
            "Media contacts",
            "Nora Lindqvist",
            "+46 70",
            "Per Aaberg",
            "per.aaberg",
        ] {
            assert!(!covered(kept), "{kept}: {found:?}");
        }
        // Negative: the share bar after them is still boilerplate, and a site's own `Contact
        // us` line opens no press contacts.
        assert!(covered("Twitter"), "{found:?}");
        assert!(!super::opens_press_contacts("Contact us"));
        assert!(super::opens_press_contacts("Contacts presse :"));
        assert!(super::phone_like("Tel. 02 515 61 11") && !super::phone_like("© 2024 Town"));
    }
}
