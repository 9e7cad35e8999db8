//! The `email-invalid` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::email::{is_valid_address, Kind};
use crate::{Applicability, Document, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds addresses that are not valid: spaces around the `@`, `..`, a local part ending with a
dot, a domain without a top-level domain, an empty label. Only where an address is meant: after
an email label (`E-mail:`, `Courriel :`) or `mailto:` on the same line, or with a domain that ends
with a top-level domain that exists. A handle after a word (`Nutzerin @thita.vy`) and a word with
an `@` inside (`Women@Work`, `M@rkt`) are no addresses.

## Why is this bad?
Nobody can write to an invalid address, and downstream validators drop it.

## Example
`jgallo @iom.int`, `j..gallo@iom.int`, `jgallo@iom`.

## Fix safety
Spaces around the `@` are removed by an unsafe fix (the spaces may hide a different mistake),
only when an email label stands right before the address, so that the fix never joins a word to
the handle that follows it; other invalid addresses get no fix.
"#;

pub const RULE: Rule = Rule {
    code: "email-invalid",
    summary: "an address that is not valid",
    severity: Severity::Error,
    other_severity: None,
    fix: FixAvailability::Sometimes(FixSafety::Unsafe),
    yields_to_boilerplate: false,
    scope: Scope::Lines {
        before: 1,
        after: 1,
    },
    doc: DOC,
    check,
};

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    // Addresses with full-width or look-alike characters are `email-confusable`'s.
    let mut confusables: Option<Vec<std::ops::Range<usize>>> = None;
    for m in doc.emails() {
        if !matches!(m.kind, Kind::Spaced | Kind::Plain) || m.valid {
            continue;
        }
        let confusables = confusables.get_or_insert_with(|| {
            crate::email::confusables(doc.text)
                .into_iter()
                .map(|c| c.range)
                .collect()
        });
        if confusables
            .iter()
            .any(|c| c.start < m.range.end && m.range.start < c.end)
        {
            continue;
        }
        let written = &doc.text[m.range.clone()];
        let (message, fix) = match m.kind {
            Kind::Spaced => (
                format!("Invalid address `{written}`: spaces around `@`"),
                (is_valid_address(&m.address) && right_after_a_label(doc.text, m.range.start))
                    .then(|| {
                        let mut fix = super::email_fix(m, Applicability::Unsafe);
                        fix.title = smol_str::format_smolstr!("Remove the spaces: `{}`", m.address);
                        fix
                    }),
            ),
            // A local part longer than 64 octets breaks a limit of mail servers, not the
            // syntax, and some validators accept it: no typo for a curator to fix.
            Kind::Plain if !m.valid && !only_too_long(&m.address) => (
                format!("Invalid address `{written}`: {}", why(written)),
                None,
            ),
            _ => continue,
        };
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Error,
            message: message.into(),
            range: m.range.clone(),
            fix: fix.map(|f: Fix| f),
        });
    }
}

/// True when an email label ends right before `start`, on the same line: the spaced words are
/// then the address the label announces, not a word followed by a handle.
fn right_after_a_label(text: &str, start: usize) -> bool {
    let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    crate::email::LABEL_BEFORE_RE.is_match(&text[line_start..start])
}

/// True when the address is valid but for the length of its local part.
fn only_too_long(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    local.len() > 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-".contains(c))
        && is_valid_address(&format!("a@{domain}"))
}

fn why(address: &str) -> &'static str {
    let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
    if local.contains("..") || domain.contains("..") {
        "two dots in a row"
    } else if local.starts_with('.') || local.ends_with('.') {
        "the part before `@` starts or ends with a dot"
    } else if !domain.contains('.') {
        "the domain has no top-level domain"
    } else if domain.ends_with('.') {
        "the domain ends with a dot"
    } else {
        "it does not follow the address syntax"
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix, check_unsafe_fix};

    #[test]
    fn finds_spaces_around_the_at_and_two_dots_in_a_row() {
        check(
            r#"Email: press @example.org
       ^^^^^^^^^^^^^^^^^^ email-invalid
Or: anna..lee@example.org
    ^^^^^^^^^^^^^^^^^^^^^ email-invalid
"#,
        );
    }

    #[test]
    fn removes_the_spaces_only_with_unsafe_fixes() {
        let before = "Email: press @example.org\n";
        check_fix(before, before);
        check_unsafe_fix(before, "Email: press@example.org\n");
    }

    #[test]
    fn has_no_fix_for_two_dots() {
        let text = "Or: anna..lee@example.org\n";
        check_unsafe_fix(text, text);
    }

    #[test]
    fn needs_an_email_context() {
        check(
            r#"Women@Work, Edit@r, M@rkt, Hi@all and @everyone
TikTok-Nutzerin @thita.vy, seit 2020 @frau-sabienes.de
Courriel : Hi@all
           ^^^^^^ email-invalid
"#,
        );
    }

    #[test]
    fn never_joins_words_that_were_apart() {
        let text = "Ecrivez a anna @ example.org ou
";
        check(
            r#"Ecrivez a anna @ example.org ou
          ^^^^^^^^^^^^^^^^^^ email-invalid
"#,
        );
        check_unsafe_fix(text, text);
    }

    #[test]
    fn leaves_a_valid_address() {
        check("Email: press@example.org\n");
    }
}
