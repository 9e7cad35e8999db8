//! The `phone-region-unknown` rule; [`DOC`] documents it.

use super::{FixAvailability, Rule, Scope};
use crate::phone::RegionSource;
use crate::{Document, Finding, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds phone numbers written without a country code where no region is known: neither
`phone.default-region` nor a place named in the contact lines before the number.

## Why is this bad?
tamis cannot check the number, and a reader abroad cannot dial it.

## Example
`Tel: 3245 5153` in a release that names no office.

## Fix safety
No fix: set `phone.default-region`, or write the country code.
"#;

pub const RULE: Rule = Rule {
    code: "phone-region-unknown",
    summary: "a national number whose region is unknown",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Never,
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
        if m.region_source != RegionSource::Unknown {
            continue;
        }
        let written = &doc.text[m.range.clone()];
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: smol_str::format_smolstr!(
                "Phone number `{written}` has no country code and no region is known: set phone.default-region or write the country code"
            ),
            range: m.range.clone(),
            fix: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix, check_in, Setup};

    #[test]
    fn finds_a_national_number_with_no_region_in_sight() {
        check(
            r#"Tél : 01 42 68 53 00
      ^^^^^^^^^^^^^^ phone-region-unknown
"#,
        );
    }

    #[test]
    fn has_no_fix() {
        check_fix("Tél : 01 42 68 53 00\n", "Tél : 01 42 68 53 00\n");
    }

    #[test]
    fn leaves_the_number_to_another_rule_once_the_region_is_configured() {
        let setup = Setup {
            config: "[phone]\ndefault-region = \"FR\"\n",
            corpus: &[],
        };
        check_in(
            &setup,
            r#"Tél : 01 42 68 53 00
      ^^^^^^^^^^^^^^ phone-missing-country-code
"#,
        );
    }
}
