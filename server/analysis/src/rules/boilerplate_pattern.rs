//! The `boilerplate-pattern` rule; [`DOC`] documents it.

use super::boilerplate_corpus::is_never_boilerplate;
use super::{delete_lines, quote, FixAvailability, FixSafety, Rule, Scope};
use crate::{Applicability, Document, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds lines that match one of the regular expressions of `boilerplate.patterns` in
`tamis.toml`. One finding per run of such lines.

## Why is this bad?
The corpus's curators know some of what the site adds (`Partager sur Facebook`, a copyright
line) and say so once in the configuration.

## Example
With `patterns = ["^Partager sur"]`, the line `Partager sur Twitter`.

## Fix safety
Safe: the configuration names the lines. The fix deletes them.
"#;

pub const RULE: Rule = Rule {
    code: "boilerplate-pattern",
    summary: "lines that match a boilerplate pattern of the configuration",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Safe),
    yields_to_boilerplate: false,
    scope: Scope::Document,
    doc: DOC,
    check,
};

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let patterns = &doc.settings().boilerplate_patterns;
    if patterns.is_empty() {
        return;
    }
    let lines = doc.lines();
    let mut i = 0;
    while i < lines.len() {
        let matches = |l: &crate::text::Line<'_>| {
            !l.is_blank()
                && patterns.iter().any(|p| p.is_match(l.text()))
                && !is_never_boilerplate(l.trimmed(), doc)
        };
        if !matches(&lines[i]) {
            i += 1;
            continue;
        }
        let first = i;
        while i + 1 < lines.len() && matches(&lines[i + 1]) {
            i += 1;
        }
        let last = i;
        let n = last - first + 1;
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: smol_str::format_smolstr!(
                "Boilerplate: {} matches a pattern of the configuration{}",
                quote(lines[first].text()),
                if n > 1 {
                    format!(", with the {} lines after it", n - 1)
                } else {
                    String::new()
                }
            ),
            range: lines[first].start()..lines[last].end(),
            fix: Some(Fix::new(
                if n == 1 {
                    "Delete the line".to_string()
                } else {
                    format!("Delete the {n} lines")
                },
                Applicability::Safe,
                [delete_lines(lines, first, last)],
            )),
        });
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix_in, check_in, Setup};
    use crate::FixOptions;

    const SHARING: Setup<'static> = Setup {
        config: "[boilerplate]\npatterns = [\"^Partager sur\"]\n",
        corpus: &[],
    };

    const RELEASE: &str = "\
Des vivres pour les familles de Jacmel
La Croix-Rouge a distribué des vivres à trois cents familles.
Partager sur Facebook
Partager sur X
";

    #[test]
    fn finds_a_run_of_lines_that_match_a_pattern() {
        check_in(
            &SHARING,
            r#"Des vivres pour les familles de Jacmel
La Croix-Rouge a distribué des vivres à trois cents familles.
Partager sur Facebook
^^^^^^^^^^^^^^^^^^^^^ boilerplate-pattern +
Partager sur X
^^^^^^^^^^^^^^ boilerplate-pattern
"#,
        );
    }

    #[test]
    fn deletes_the_lines() {
        let safe = FixOptions {
            unsafe_fixes: false,
        };
        check_fix_in(
            &SHARING,
            safe,
            RELEASE,
            "Des vivres pour les familles de Jacmel\n\
             La Croix-Rouge a distribué des vivres à trois cents familles.\n",
        );
    }

    #[test]
    fn finds_nothing_without_patterns() {
        check(RELEASE);
    }
}
