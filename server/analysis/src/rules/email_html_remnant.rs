//! The `email-html-remnant` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::email::Kind;
use crate::{Applicability, Document, Finding, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds what is left of an HTML mail link, `"mailto:a@b.org">a@b.org`, whose link and text name
the same address, with the anchor's other attributes (`target="_blank" title=""`), also when a
line break cut its tag.

## Why is this bad?
Markup is not text: annotators and tokenisers see the address twice, wrapped in quotes and
brackets.

## Example
`E-mail:` / `"mailto:jgallo@iom.int">jgallo@iom.int` becomes `E-mail: jgallo@iom.int`.

## Fix safety
Safe: the address is the anchor's own text. When an `E-mail:` label stands alone on the line
before, the fix also joins label and address on one line.
"#;

pub const RULE: Rule = Rule {
    code: "email-html-remnant",
    summary: "the remnant of an HTML mail link",
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
            message: smol_str::format_smolstr!(
                "HTML mail link remnant around `{}`{label}",
                m.address
            ),
            range: m.range.clone(),
            fix: Some(super::email_fix(m, Applicability::Safe)),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn finds_the_remnant_of_a_mail_link() {
        check(
            r#"Contact : "mailto:presse@exemple.org">presse@exemple.org
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ email-html-remnant
"#,
        );
    }

    #[test]
    fn keeps_the_address_and_joins_a_label_alone_on_its_line() {
        check_fix(
            "Contact : \"mailto:presse@exemple.org\">presse@exemple.org\n",
            "Contact : presse@exemple.org\n",
        );
        check_fix(
            "E-mail:\n\"mailto:presse@exemple.org\">presse@exemple.org\n",
            "E-mail: presse@exemple.org\n",
        );
    }

    /// The anchor's other attributes go with it, also when a line break cut its tag.
    #[test]
    fn removes_the_anchor_s_other_attributes() {
        check_fix(
            "E-mail : \"mailto:presse@exemple.org\" target=\"_blank\" title=\"\">presse@exemple.org\n",
            "E-mail : presse@exemple.org\n",
        );
        check_fix(
            "E-mail : \"mailto:presse@exemple.org\" target=\"_blank\" title=\n\"\">presse@exemple.org\nFin.\n",
            "E-mail : presse@exemple.org\nFin.\n",
        );
    }

    #[test]
    fn leaves_a_bare_address() {
        check("Contact : presse@exemple.org\n");
    }
}
