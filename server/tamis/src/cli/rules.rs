//! `tamis rules`: the rules as a list, as JSON, or one rule's documentation.

use tamis_analysis::rules::{self, FixAvailability, Rule, RULES};

use super::{RulesArgs, RulesFormat, EXIT_CLEAN, EXIT_ERROR};

/// Runs `tamis rules` and returns its exit status.
pub(crate) fn run(args: RulesArgs) -> u8 {
    let selected: Vec<&Rule> = match &args.name {
        None => RULES.iter().collect(),
        Some(name) => match rules::rule(name) {
            Some(rule) if args.format == RulesFormat::Human => {
                write_out(&documentation(rule));
                return EXIT_CLEAN;
            }
            Some(rule) => vec![rule],
            None if rules::families().any(|f| f == name) => {
                RULES.iter().filter(|r| r.family() == name).collect()
            }
            None => {
                super::error(format!(
                    "unknown rule or family `{name}` (`tamis rules` lists them)"
                ));
                return EXIT_ERROR;
            }
        },
    };
    let out: String = match args.format {
        RulesFormat::Human => selected
            .into_iter()
            .map(|rule| format!("{:<28} {}\n", rule.code, rule.summary))
            .collect(),
        RulesFormat::Json => {
            // One rule per line, as `tamis check --format json` prints its findings.
            let items: Vec<String> = selected
                .into_iter()
                .map(|r| to_json(r).to_string())
                .collect();
            format!("[\n{}\n]\n", items.join(",\n"))
        }
    };
    write_out(&out);
    EXIT_CLEAN
}

/// Prints to stdout, quietly stopping when the reader has gone (`tamis rules | head`).
fn write_out(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// A rule as an object of the `--format json` array.
fn to_json(rule: &Rule) -> serde_json::Value {
    serde_json::json!({
        "code": rule.code,
        "family": rule.family(),
        "severity": rule.severity.as_str(),
        "other_severity": rule.other_severity.map(|(s, when)| {
            serde_json::json!({"severity": s.as_str(), "when": when})
        }),
        "fix": rule.fix.as_str(),
        "fix_safety": rule.fix.safety().map(|s| s.as_str()),
        "scope": rule.scope.as_str(),
        "summary": rule.summary,
        "doc": rule.doc,
    })
}

/// A rule's whole documentation for the terminal, as `ruff rule` prints it: a heading, the
/// rule's properties, then its Markdown sections.
fn documentation(rule: &Rule) -> String {
    let severity = match rule.other_severity {
        None => rule.severity.as_str().to_string(),
        Some((other, when)) => format!("{} ({} {when})", rule.severity.as_str(), other.as_str()),
    };
    let fix = match rule.fix {
        FixAvailability::Always(s) => format!("always available ({})", s.as_str()),
        FixAvailability::Sometimes(s) => format!("sometimes available ({})", s.as_str()),
        FixAvailability::Never => "never available".to_string(),
    };
    format!(
        "# {} ({})\n\nFamily: {}\nSeverity: {severity}\nFix: {fix}\n\n{}",
        rule.code,
        rule.summary,
        rule.family(),
        rule.doc
    )
}
