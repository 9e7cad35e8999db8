//! The `email-anchor-mismatch` rule; [`DOC`] documents it.

use super::{FixAvailability, Rule, Scope};
use crate::email::Kind;
use crate::{Document, Finding, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds the remnant of an HTML mail link whose link and text name different addresses:
`"mailto:a@b.org">c@b.org`.

## Why is this bad?
One of the two addresses is wrong, or stale; the reader of the scraped text cannot tell which.

## Example
`"mailto:press@iom.int">jgallo@iom.int`

## Fix safety
No fix: tamis cannot know which address is right. A person must choose.
"#;

pub const RULE: Rule = Rule {
    code: "email-anchor-mismatch",
    summary: "a mail link whose target and text differ",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Never,
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
        let Kind::Remnant { target } = &m.kind else {
            continue;
        };
        if target.eq_ignore_ascii_case(&m.address) {
            continue;
        }
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: smol_str::format_smolstr!(
                "HTML mail link remnant whose link (`{target}`) and text (`{}`) differ; no sure fix: choose the right address by hand",
                m.address
            ),
            range: m.range.clone(),
            fix: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_unsafe_fix};

    #[test]
    fn finds_a_mail_link_whose_target_and_text_differ() {
        check(
            r#"Contact: "mailto:press@example.org">anna@example.org
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ email-anchor-mismatch
"#,
        );
    }

    #[test]
    fn has_no_fix_even_unsafe() {
        let text = "Contact: \"mailto:press@example.org\">anna@example.org\n";
        check_unsafe_fix(text, text);
    }

    #[test]
    fn leaves_a_link_whose_target_and_text_agree_to_another_rule() {
        check(
            r#"Contact: "mailto:anna@example.org">anna@example.org
         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ email-html-remnant
"#,
        );
    }
}
