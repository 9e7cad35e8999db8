//! The `phone-invalid` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::places::region_name;
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds phone numbers that libphonenumber's metadata says cannot exist in their country, or
whose country code does not exist.

## Why is this bad?
Nobody can call them; often they predate a national renumbering.

## Example
`+57 1 6397777`: Colombia renumbered its fixed lines in 2021; the number is now
`+57 601 639 7777`.

## Fix safety
Unsafe, and only where a known renumbering applies: the new number is what the plan says, but
the line may have moved or closed since. No fix otherwise.
"#;

pub const RULE: Rule = Rule {
    code: "phone-invalid",
    summary: "a phone number that cannot exist in its country",
    severity: Severity::Error,
    other_severity: None,
    fix: FixAvailability::Sometimes(FixSafety::Unsafe),
    yields_to_boilerplate: false,
    scope: Scope::Lines {
        before: 2,
        after: 1,
    },
    doc: DOC,
    check,
};

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    for m in doc.phones() {
        if m.valid || m.region.is_none() && m.written_e164.is_none() {
            continue;
        }
        let written = &doc.text[m.range.clone()];
        let place = m.region.map_or("any country".to_string(), region_name);
        let mut message = [
            "Invalid phone number `",
            written,
            "`: not a valid number in ",
            &place,
        ]
        .concat();
        let fix = m.migration.as_ref().map(|mig| {
            for piece in [
                "; ",
                mig.explanation,
                ", so it is probably `",
                &mig.new_number,
                "` now",
            ] {
                message.push_str(piece);
            }
            Fix::new(
                ["Renumber to `", &mig.new_number, "`"].concat(),
                Applicability::Unsafe,
                [Edit::replace(m.range.clone(), mig.new_number.clone())],
            )
        });
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Error,
            message: message.into(),
            range: m.range.clone(),
            fix,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix, check_unsafe_fix};

    #[test]
    fn finds_a_number_from_before_a_renumbering() {
        check(
            r#"Teléfono: +57 1 2345678
          ^^^^^^^^^^^^^ phone-invalid
"#,
        );
    }

    #[test]
    fn renumbers_only_with_unsafe_fixes() {
        let before = "Teléfono: +57 1 2345678\n";
        check_fix(before, before);
        check_unsafe_fix(before, "Teléfono: +57 601 234 5678\n");
    }

    #[test]
    fn leaves_a_number_that_exists() {
        check("Teléfono: +57 601 234 5678\n");
    }
}
