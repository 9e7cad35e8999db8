//! The `phone-missing-country-code` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::phone::{Problem, RegionSource};
use crate::places::region_name;
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds phone numbers written without a country code (after a label such as `Tel:`), whose
region is known: from `phone.default-region`, or from a place named in the contact lines just
before (`OIM Haïti`).

## Why is this bad?
A released corpus is read far from the office that wrote it; a national number cannot be
dialled, or linked to its country, without its code.

## Example
`OIM Haïti` / `Tel: 3245 5153` becomes `Tel: +509 32 45 5153`.

## Fix safety
Safe when the region comes from the configuration; unsafe when it was guessed from a place
named nearby.
"#;

pub const RULE: Rule = Rule {
    code: "phone-missing-country-code",
    summary: "a national number without its country code",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Mixed),
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
        if !m.valid || !m.problems.contains(&Problem::MissingCountryCode) {
            continue;
        }
        let (Some(formatted), Some(region)) = (&m.formatted, m.region) else {
            continue;
        };
        let written = &doc.text[m.range.clone()];
        let (from, applicability) = match &m.region_source {
            RegionSource::Configured => ("phone.default-region".to_string(), Applicability::Safe),
            RegionSource::Nearby(name) => (format!("`{name}` nearby"), Applicability::Unsafe),
            RegionSource::CountryCode => {
                ("its international prefix".to_string(), Applicability::Safe)
            }
            RegionSource::Unknown => continue,
        };
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: smol_str::format_smolstr!(
                "Phone number `{written}` without country code; read as {} (from {from})",
                region_name(region)
            ),
            range: m.range.clone(),
            fix: Some(Fix::new(
                format!("Write `{formatted}`"),
                applicability,
                [Edit::replace(m.range.clone(), formatted.clone())],
            )),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check_fix_in, check_in, Setup};
    use crate::FixOptions;

    const IN_FRANCE: Setup<'static> = Setup {
        config: "[phone]\ndefault-region = \"FR\"\n",
        corpus: &[],
    };

    #[test]
    fn finds_a_national_number_when_the_region_is_configured() {
        check_in(
            &IN_FRANCE,
            r#"Tél : 01 42 68 53 00
      ^^^^^^^^^^^^^^ phone-missing-country-code
"#,
        );
    }

    #[test]
    fn writes_the_country_code_from_the_configuration_as_a_safe_fix() {
        let safe = FixOptions {
            unsafe_fixes: false,
        };
        check_fix_in(
            &IN_FRANCE,
            safe,
            "Tél : 01 42 68 53 00\n",
            "Tél : +33 1 42 68 53 00\n",
        );
    }

    #[test]
    fn leaves_an_international_number() {
        check_in(&IN_FRANCE, "Tél : +33 1 42 68 53 00\n");
    }
}
