//! The `email-label-split` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::email::Kind;
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds an address separated by a line break from its `E-mail:`, `Email:`, `Courriel :` or
`Correo:` label.

## Why is this bad?
The label and its value belong on one line; split, the contact block reads as two unrelated
lines, and extraction loses which address the label names.

## Example
`E-mail:` / `rbrown@iom.int` becomes `E-mail: rbrown@iom.int`.

## Fix safety
Safe: only the white space between label and address changes.
"#;

pub const RULE: Rule = Rule {
    code: "email-label-split",
    summary: "an address on the line after its label",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Safe),
    yields_to_boilerplate: false,
    scope: Scope::Lines {
        before: 1,
        after: 1,
    },
    doc: DOC,
    check,
};

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    for m in doc.emails() {
        let Some(gap) = &m.label_gap else { continue };
        if !matches!(m.kind, Kind::Plain) || !m.valid {
            continue;
        }
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: smol_str::format_smolstr!(
                "Address `{}` on the line after its label",
                m.address
            ),
            range: m.range.clone(),
            fix: Some(Fix::new(
                "Join the label and the address on one line",
                Applicability::Safe,
                [Edit::replace(gap.clone(), " ")],
            )),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn finds_an_address_on_the_line_after_its_label() {
        check(
            r#"Courriel :
presse@exemple.org
^^^^^^^^^^^^^^^^^^ email-label-split
"#,
        );
    }

    #[test]
    fn joins_the_label_and_the_address() {
        check_fix(
            "Courriel :\npresse@exemple.org\n",
            "Courriel : presse@exemple.org\n",
        );
    }

    #[test]
    fn leaves_them_on_one_line() {
        check("Courriel : presse@exemple.org\n");
    }
}
