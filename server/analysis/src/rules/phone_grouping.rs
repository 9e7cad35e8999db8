//! The `phone-grouping` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds valid, well-formed phone numbers whose digits are grouped unlike the country's usual
format (`+592 225 37 45` where Guyana writes `+592 225 3745`).

## Why is this bad?
It is not wrong, only unusual: consistent grouping helps readers and deduplication.

## Example
`+592 225 37 45` could be `+592 225 3745`.

## Fix safety
Unsafe: the digits do not change, but the writer's grouping may be deliberate; applied only
with `--unsafe-fixes`.
"#;

pub const RULE: Rule = Rule {
    code: "phone-grouping",
    summary: "a phone number grouped unlike its country's format",
    severity: Severity::Info,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Unsafe),
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
        if !m.valid || !m.unusual_grouping {
            continue;
        }
        let Some(international) = &m.international else {
            continue;
        };
        let Some(formatted) = &m.formatted else {
            continue;
        };
        let written = &doc.text[m.range.clone()];
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Info,
            message: smol_str::format_smolstr!(
                "Unusual grouping in `{written}`: the usual format is `{international}`"
            ),
            range: m.range.clone(),
            fix: Some(Fix::new(
                ["Write `", formatted, "`"].concat(),
                Applicability::Unsafe,
                [Edit::replace(m.range.clone(), formatted.clone())],
            )),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix, check_unsafe_fix};

    #[test]
    fn finds_digits_grouped_unlike_the_country() {
        check(
            r#"Phone: +592 226 12 34
       ^^^^^^^^^^^^^^ phone-grouping
"#,
        );
    }

    #[test]
    fn regroups_only_with_unsafe_fixes() {
        check_fix("Phone: +592 226 12 34\n", "Phone: +592 226 12 34\n");
        check_unsafe_fix("Phone: +592 226 12 34\n", "Phone: +592 226 1234\n");
    }

    #[test]
    fn leaves_the_usual_grouping() {
        check("Phone: +592 226 1234\n");
    }
}
