//! ## What it does
//! Finds what is left of an HTML mail link, `"mailto:a@b.org">a@b.org`, whose link and text name
//! the same address.
//!
//! ## Why is this bad?
//! Markup is not text: annotators and tokenisers see the address twice, wrapped in quotes and
//! brackets.
//!
//! ## Example
//! `E-mail:` / `"mailto:jgallo@iom.int">jgallo@iom.int` becomes `E-mail: jgallo@iom.int`.
//!
//! ## Fix safety
//! Safe: the address is the anchor's own text. When an `E-mail:` label stands alone on the line
//! before, the fix also joins label and address on one line.

use super::Rule;
use crate::email::Kind;
use crate::{Applicability, Document, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "email-html-remnant",
    summary: "the remnant of an HTML mail link",
    check,
};

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    for m in doc.emails() {
        let Kind::Remnant { target } = &m.kind else {
            continue;
        };
        if !target.eq_ignore_ascii_case(&m.address) {
            continue;
        }
        let label = if m.label_gap.is_some() {
            ", on the line after its label"
        } else {
            ""
        };
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: format!("HTML mail link remnant around `{}`{label}", m.address),
            range: m.range.clone(),
            fix: Some(super::email_fix(m, Applicability::Safe)),
        });
    }
}
