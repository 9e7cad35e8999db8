//! The `duplicate-line` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule};
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
Safe: the line removed is identical to the one kept.
"#;

pub const RULE: Rule = Rule {
    code: "duplicate-line",
    summary: "a line immediately repeated",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Safe),
    yields_to_boilerplate: true,
    doc: DOC,
    check,
};

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let lines = doc.lines();
    for pair in lines.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.is_blank() || a.text.trim() != b.text.trim() {
            continue;
        }
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: format!("Line repeated: {}", super::quote(b.text)),
            range: b.start..b.end,
            fix: Some(Fix::new(
                "Delete the repeated line",
                Applicability::Safe,
                vec![Edit::delete(a.end..b.end)],
            )),
        });
    }
}
