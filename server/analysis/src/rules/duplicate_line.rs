//! The `duplicate-line` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::incremental::{per_line, Found};
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds a line immediately repeated, outside boilerplate blocks (which their own rules delete
whole).

## Why is this bad?
The scrape copied a heading or a sentence twice: the repeat inflates counts and confuses
annotators.

## Example
`Pour plus d'informations, veuillez contacter :` twice in a row.

## Fix safety
Safe for a short line (a title, a label: at most 10 words and 80 characters, with a letter)
given exactly twice, which a scrape repeats by accident. None otherwise, even when asked for
unsafe fixes; the finding leaves it to a person:
- a longer line: a paragraph given twice is most often the text's own (a quote repeated, a
  refrain, a sample text);
- a line without a letter (`0`, `12,5`, `–`): a cell of a table read one cell per line, where
  two equal cells in a row are data;
- a line given three times or more: a list of equal items (`link`, `link`, `link`), which no
  scrape doubles by accident.
"#;

pub const RULE: Rule = Rule {
    code: "duplicate-line",
    summary: "a line immediately repeated",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Sometimes(FixSafety::Safe),
    yields_to_boilerplate: true,
    scope: Scope::Document,
    doc: DOC,
    check,
};

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let lines = doc.lines();
    // (Before `repeated`, which borrows the same memo: dropped after it.)
    let mut found = Found::new(doc.memo, |m| &mut m.repeats_found);
    let repeated_at = |i: usize| {
        let (a, b) = (&lines[i], &lines[i + 1]);
        !a.is_blank() && a.trimmed() == b.trimmed()
    };
    // After a change in the editor, the pairs of lines it did not touch keep their verdicts.
    let pairs = lines.len().saturating_sub(1);
    let repeated = per_line(doc.memo, |m| &mut m.repeated, pairs, 1, repeated_at);
    // The finding of pair `i` reads lines `i - 1..=i + 2` (whether the line is given twice):
    // after a change in the editor, those of the pairs whose lines the change did not reach
    // are the last text's, taken whole; only the pairs around the change are looked at.
    let start = |i: usize| lines[i].start();
    let edit = found.edit();
    let (head, tail) = match edit {
        Some(e) => (e.first.saturating_sub(2), e.new_end + 1),
        None => (0, pairs),
    };
    if edit.is_some() {
        found.take_before(head, start, out);
    }
    for i in (head..tail.min(pairs)).filter(|&i| repeated[i]) {
        let (a, b) = (&lines[i], &lines[i + 1]);
        // Given exactly twice: neither the line before the pair nor the one after repeats it.
        // (The key of the kept finding, as these lines lie outside the pair.)
        let before = i > 0 && repeated[i - 1];
        let after = repeated.get(i + 1).copied().unwrap_or(false);
        let twice = !before && !after;
        out.push(found.get(i..i + 2, a.start(), twice, |&twice| Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: super::with_quote(&["Line repeated: "], b.text(), &[]).into(),
            range: b.start()..b.end(),
            fix: (twice && is_short(b.trimmed()) && has_letter(b.trimmed())).then(|| {
                Fix::new(
                    "Delete the repeated line",
                    Applicability::Safe,
                    [Edit::delete(a.end()..b.end())],
                )
            }),
        }));
    }
    if edit.is_some() {
        found.take_from(tail, start, out);
    }
}

/// A title or a label rather than a paragraph.
fn is_short(t: &str) -> bool {
    t.chars().count() <= 80 && t.split_whitespace().count() <= 10
}

/// Words rather than a number or a sign: a title or a label, not a table's cell.
fn has_letter(t: &str) -> bool {
    t.chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{
        check, check_fix, check_fix_in, check_in, check_unsafe_fix, Setup,
    };

    #[test]
    fn finds_a_line_immediately_repeated() {
        check(
            r#"Des vivres pour les familles de Jacmel
Pour plus d'informations, veuillez contacter :
Pour plus d'informations, veuillez contacter :
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ duplicate-line
Marie Dupont
"#,
        );
    }

    #[test]
    fn deletes_the_repeat() {
        check_fix(
            "Titre\nPour plus d'informations :\nPour plus d'informations :\nMarie Dupont\n",
            "Titre\nPour plus d'informations :\nMarie Dupont\n",
        );
    }

    #[test]
    fn a_repeated_paragraph_is_found_but_never_deleted() {
        let paragraph = "Les équipes ont distribué des kits d'hygiène, des bâches et des rations à plus de trois mille familles déplacées par les inondations.";
        let text = format!("Titre\n{paragraph}\n{paragraph}\nFin\n");
        check_fix(&text, &text);
        check_unsafe_fix(&text, &text);
        let settings = crate::config::Settings::default();
        let cx = crate::Context {
            settings: &settings,
            model: None,
        };
        let found = crate::check(&text, cx);
        assert!(found
            .iter()
            .any(|f| f.code == "duplicate-line" && f.fix.is_none()));
    }

    /// A table read one cell per line (a ranking: name, points, wins), a list of equal
    /// links: the repeats are data, found but never deleted. (Boilerplate off: a page of
    /// short lines reads as navigation, which the rule yields to.)
    #[test]
    fn repeated_cells_and_lists_of_equal_items_are_never_deleted() {
        let off = Setup {
            config: "[rules]\nboilerplate = \"off\"\n",
            corpus: &[],
        };
        let safe = crate::FixOptions {
            unsafe_fixes: false,
        };
        check_in(
            &off,
            r#"Classement
Pilote A
2339
1
1
^ duplicate-line
Pilote B
777
0
0
^ duplicate-line
0
^ duplicate-line
Liens
lien
lien
^^^^ duplicate-line
lien
^^^^ duplicate-line
Contact
Contact
^^^^^^^ duplicate-line
"#,
        );
        let table = "Classement\nPilote A\n2339\n1\n1\nPilote B\n777\n0\n0\n0\n";
        check_fix_in(&off, safe, table, table);
        let links = "Liens\nlien\nlien\nlien\nImages\n";
        check_fix_in(&off, safe, links, links);
        // A label given twice beside them is still deleted.
        check_fix_in(&off, safe, "Contact\nContact\n0\n0\n", "Contact\n0\n0\n");
    }

    #[test]
    fn leaves_a_line_repeated_further_down() {
        check("Titre\nPour plus d'informations :\nMarie Dupont\nPour plus d'informations :\n");
    }

    #[test]
    fn yields_to_a_boilerplate_block() {
        let setup = Setup {
            config: "[boilerplate]\npatterns = [\"^Suivez-nous\"]\n",
            corpus: &[],
        };
        check_in(
            &setup,
            r#"Des vivres pour les familles de Jacmel
Suivez-nous sur les réseaux
^^^^^^^^^^^^^^^^^^^^^^^^^^^ boilerplate-pattern +
Suivez-nous sur les réseaux
^^^^^^^^^^^^^^^^^^^^^^^^^^^ boilerplate-pattern
"#,
        );
    }
}
