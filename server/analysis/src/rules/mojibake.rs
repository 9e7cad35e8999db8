//! The `mojibake` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::mojibake::repairs;
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds text decoded with the wrong encoding: UTF-8 read as Windows-1252 or Latin-1 (`Ã©` for
`é`, `â€™` for `’`), and repairs it as ftfy's `fix_encoding` does for those encodings.

## Why is this bad?
Every accented word is broken; search, tokenisation and annotation all fail on it.

## Example
`lâ€™OIM a rÃ©uni` becomes `l’OIM a réuni`.

## Fix safety
Safe: a repair is only proposed when the bytes decode as UTF-8 to plausible characters (see
`analysis/mojibake.rs`); on ftfy's negative cases tamis proposes none.
"#;

pub const RULE: Rule = Rule {
    code: "mojibake",
    summary: "text decoded with the wrong encoding (Ã© for é)",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Safe),
    yields_to_boilerplate: false,
    scope: Scope::Lines {
        before: 0,
        after: 0,
    },
    doc: DOC,
    check,
};

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    if doc.text.is_ascii() {
        return;
    }
    for r in repairs(doc.text) {
        let found = &doc.text[r.range.clone()];
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: smol_str::format_smolstr!(
                "Mojibake: {} reads {}",
                super::quote(found),
                super::quote(&r.text)
            ),
            range: r.range.clone(),
            fix: Some(Fix::new(
                format!("Write {}", super::quote(&r.text)),
                Applicability::Safe,
                [Edit::replace(r.range, r.text)],
            )),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn finds_utf8_read_as_windows_1252() {
        check(
            r#"Le comitÃ© a dÃ©cidÃ© lâ€™envoi.
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ mojibake
"#,
        );
    }

    #[test]
    fn repairs_the_text() {
        check_fix(
            "Le comitÃ© a dÃ©cidÃ© lâ€™envoi.\n",
            "Le comité a décidé l’envoi.\n",
        );
    }

    #[test]
    fn leaves_accented_text() {
        check("Le comité a décidé l’envoi. Ça coûte 30 € à Montréal.\n");
    }
}
