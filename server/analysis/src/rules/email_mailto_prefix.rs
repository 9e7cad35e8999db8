//! The `email-mailto-prefix` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::email::Kind;
use crate::{Applicability, Document, Finding, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds an address written with a bare `mailto:` prefix outside any anchor.

## Why is this bad?
`mailto:` is a link scheme, not part of the address; it is left over from the page's markup.

## Example
`Email: mailto:rbrown@iom.int` becomes `Email: rbrown@iom.int`.

## Fix safety
Safe: only the scheme is removed (and a label on the line before is joined to the address).
"#;

pub const RULE: Rule = Rule {
    code: "email-mailto-prefix",
    summary: "an address with a leftover `mailto:` prefix",
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
        if m.kind != Kind::MailtoPrefix {
            continue;
        }
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: smol_str::format_smolstr!("Leftover `mailto:` prefix before `{}`", m.address),
            range: m.range.clone(),
            fix: Some(super::email_fix(m, Applicability::Safe)),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn finds_a_bare_mailto_prefix() {
        check(
            r#"Correo: mailto:prensa@ejemplo.org
        ^^^^^^^^^^^^^^^^^^^^^^^^^ email-mailto-prefix
"#,
        );
    }

    #[test]
    fn removes_the_prefix() {
        check_fix(
            "Correo: mailto:prensa@ejemplo.org\n",
            "Correo: prensa@ejemplo.org\n",
        );
    }

    #[test]
    fn leaves_a_bare_address() {
        check("Correo: prensa@ejemplo.org\n");
    }
}
