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
//! Safe for a short line (a title, a label: at most 10 words and 80 characters), which a scrape
//! repeats by accident. Unsafe for a longer line: a paragraph repeated may be the text's own (a
//! quote given twice), and deleting it is for a person to confirm.

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
                if is_short(b.trimmed()) {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
                vec![Edit::delete(a.end..b.end)],
            )),
        });
    }
}

/// A title or a label rather than a paragraph.
fn is_short(t: &str) -> bool {
    t.chars().count() <= 80 && t.split_whitespace().count() <= 10
}
