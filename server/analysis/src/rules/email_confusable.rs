//! The `email-confusable` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds addresses written with full-width characters (`ｐｒｅｓｓ＠ｅｘａｍｐｌｅ．ｏｒｇ`, often
from East Asian input methods), or with a Cyrillic or Greek letter among the Latin letters of a
part of the address (`press@exаmple.org` with a Cyrillic `а`). Addresses wholly in another
script (`почта@пример.рф`) are left alone.

## Why is this bad?
The address looks right but is another one: mail to it bounces, and validators and
annotators either drop it or take it for a different domain.

## Example
`press＠example．org` becomes `press@example.org`.

## Fix safety
Safe: each character is replaced by the one ASCII character it stands for, and the result is
checked to be a valid address.
"#;

pub const RULE: Rule = Rule {
    code: "email-confusable",
    summary: "an address with full-width or look-alike characters",
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
    for c in crate::email::confusables(doc.text) {
        let written = &doc.text[c.range.clone()];
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: smol_str::format_smolstr!(
                "Address `{written}` written with full-width or look-alike characters: reads as `{}`",
                c.ascii
            ),
            range: c.range.clone(),
            fix: Some(Fix::new(
                format!("Write `{}`", c.ascii),
                Applicability::Safe,
                [Edit::replace(c.range, c.ascii)],
            )),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn finds_full_width_characters() {
        check(
            r#"Email: press＠example．org
       ^^^^^^^^^^^^^^^^^ email-confusable
"#,
        );
        check_fix(
            "Email: ｐｒｅｓｓ＠ｅｘａｍｐｌｅ．ｏｒｇ.\n",
            "Email: press@example.org.\n",
        );
    }

    #[test]
    fn finds_a_cyrillic_letter_among_latin_ones() {
        check_fix("Email: press@exаmple.org\n", "Email: press@example.org\n");
    }

    #[test]
    fn leaves_addresses_in_one_script() {
        check("Email: почта@пример.рф, anna@müller.de, press@example.org\n");
    }
}
