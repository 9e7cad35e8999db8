//! The `phone-malformed` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::phone::Problem;
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds valid phone numbers written in a broken way: a space after `+` (`+ 509 3245 5153`), dots
between groups (`+506 2212.5352`), the country code run into the area code
(`+1876 968 0569`), a trunk prefix kept after the country code (`+44 (0)20 …`,
`+7 8800 555 3535`, `+1 1877 215 5230`, `+7(8)8005553535`).

## Why is this bad?
Phone parsers, dialers and annotators read these wrongly or not at all.

## Example
`+1876 968 0569` becomes `+1 876-968-0569`.

## Fix safety
Safe: the number is valid and the fix writes the same digits in the configured format
(`phone.format`, international by default).
"#;

pub const RULE: Rule = Rule {
    code: "phone-malformed",
    summary: "a valid phone number written in a broken way",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Safe),
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
        let problems: Vec<_> = m
            .problems
            .iter()
            .filter(|p| **p != Problem::MissingCountryCode)
            .collect();
        if !m.valid || problems.is_empty() || m.problems.contains(&Problem::MissingCountryCode) {
            continue;
        }
        let Some(formatted) = &m.formatted else {
            continue;
        };
        let written = &doc.text[m.range.clone()];
        let what: Vec<_> = problems.iter().map(|p| p.describe()).collect();
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: smol_str::format_smolstr!(
                "Malformed phone number `{written}`: {}",
                what.join(", ")
            ),
            range: m.range.clone(),
            fix: Some(Fix::new(
                ["Write `", formatted, "`"].concat(),
                Applicability::Safe,
                [Edit::replace(m.range.clone(), formatted.clone())],
            )),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn finds_dots_between_the_groups() {
        check(
            r#"Tél. : +506 2233.4455
       ^^^^^^^^^^^^^^ phone-malformed
"#,
        );
    }

    #[test]
    fn writes_the_number_in_the_international_format() {
        check_fix("Tél. : +506 2233.4455\n", "Tél. : +506 2233 4455\n");
    }

    #[test]
    fn drops_a_trunk_prefix_after_the_country_code() {
        check(
            r#"Tel: +7 8800 555 3535
     ^^^^^^^^^^^^^^^^ phone-malformed
"#,
        );
        check_fix("Tel: +7 8800 555 3535\n", "Tel: +7 800 555-35-35\n");
        check_fix("Tel: +1 1877 215 5230\n", "Tel: +1 877-215-5230\n");
        check_fix("Tel: +7(8)8005553535\n", "Tel: +7 800 555-35-35\n");
    }

    #[test]
    fn leaves_a_date_after_a_plus() {
        check("Stand: + 28.01.2022, Tel. + 28.01.2022\n");
    }

    #[test]
    fn leaves_a_well_written_number() {
        check("Tél. : +506 2233 4455\n");
    }
}
