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
Safe for a short line (a title, a label: at most 10 words and 80 characters), which a scrape
repeats by accident. None for a longer line: a paragraph given twice is most often the text's
own (a quote repeated, a refrain, a sample text), which no tool should delete, even when asked
for unsafe fixes; the finding leaves it to a person.
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
    for (i, _) in repeated.iter().enumerate().filter(|(_, r)| **r) {
        let (a, b) = (&lines[i], &lines[i + 1]);
        out.push(found.get(i..i + 2, a.start(), (), |_| Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: super::with_quote("Line repeated: ", b.text(), "").into(),
            range: b.start()..b.end(),
            fix: is_short(b.trimmed()).then(|| {
                Fix::new(
                    "Delete the repeated line",
                    Applicability::Safe,
                    vec![Edit::delete(a.end()..b.end())],
                )
            }),
        }));
    }
}

/// A title or a label rather than a paragraph.
fn is_short(t: &str) -> bool {
    t.chars().count() <= 80 && t.split_whitespace().count() <= 10
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix, check_in, check_unsafe_fix, Setup};

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
