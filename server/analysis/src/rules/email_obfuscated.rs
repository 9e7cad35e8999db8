//! The `email-obfuscated` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::email::Kind;
use crate::{Applicability, Document, Finding, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds addresses obfuscated against spam robots: `a [at] b [dot] org`, `a(at)b.org`,
`a {arobase} b.org`.

## Why is this bad?
Entity extraction and annotators expect the address itself; the obfuscation is an artefact of
the website, not part of the release.

## Example
`jgallo [at] iom [dot] int` becomes `jgallo@iom.int`.

## Fix safety
Safe when the result is a valid address; unsafe otherwise.
"#;

pub const RULE: Rule = Rule {
    code: "email-obfuscated",
    summary: "an address obfuscated with [at] and [dot]",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Mixed),
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
        if m.kind != Kind::Obfuscated {
            continue;
        }
        let applicability = if m.valid {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: smol_str::format_smolstr!("Obfuscated address: reads as `{}`", m.address),
            range: m.range.clone(),
            fix: Some(super::email_fix(m, applicability)),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn finds_at_and_dot_in_brackets() {
        check(
            r#"Écrire à presse [at] exemple [dot] org pour un entretien.
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ email-obfuscated
"#,
        );
    }

    #[test]
    fn writes_a_valid_address_as_a_safe_fix() {
        check_fix(
            "Écrire à presse [at] exemple [dot] org pour un entretien.\n",
            "Écrire à presse@exemple.org pour un entretien.\n",
        );
    }

    #[test]
    fn leaves_an_address_written_plainly() {
        check("Écrire à presse@exemple.org pour un entretien.\n");
    }
}
