//! ## What it does
//! Finds a line immediately repeated, outside boilerplate blocks (which their own rules delete
//! whole).
//!
//! ## Why is this bad?
//! The scrape copied a heading or a sentence twice: the repeat inflates counts and confuses
//! annotators.
//!
//! ## Example
//! `Pour plus d'informations, veuillez contacter :` twice in a row.
//!
//! ## Fix safety
//! Safe: the line removed is identical to the one kept.

use super::Rule;
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};

pub const RULE: Rule = Rule {
    code: "duplicate-line",
    summary: "a line immediately repeated",
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
