//! The `email-protected-placeholder` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::email::Kind;
use crate::{Applicability, Document, Finding, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds what Cloudflare's email protection leaves in a scraped page instead of an address: the
`[email protected]` placeholder, a `/cdn-cgi/l/email-protection#…` link and a
`data-cfemail="…"` attribute. When the encoded form (the hexadecimal after `#` or in
`data-cfemail`) is in the text, it is decoded: its first byte is the key of an XOR over the
others.

## Why is this bad?
The placeholder reads as text but holds no address: the contact is lost to readers, entity
extraction and annotators alike, and nothing else in the text says so.

## Example
`"/cdn-cgi/l/email-protection#0f7f7d6a7c7c4f6a776e627f636a21607d68">[email protected]`
becomes `press@example.org`; a lone `[email protected]` is reported with no fix.

## Fix safety
Safe when the encoded form is in the text and decodes to a valid address: the scheme is public
and exact. No fix otherwise: the address is lost and must be found in the original page.
"#;

pub const RULE: Rule = Rule {
    code: "email-protected-placeholder",
    summary: "Cloudflare's `[email protected]` in place of an address",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Sometimes(FixSafety::Safe),
    yields_to_boilerplate: false,
    scope: Scope::Lines {
        before: 1,
        after: 1,
    },
    doc: DOC,
    check,
};

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    for m in doc.emails() {
        if m.kind != Kind::Protected {
            continue;
        }
        let (message, fix) = if m.valid {
            (
                format!(
                    "Cloudflare email protection: the encoded address reads `{}`",
                    m.address
                ),
                Some(super::email_fix(m, Applicability::Safe)),
            )
        } else {
            (
                "Cloudflare email protection: the address is lost (its encoded form is not in \
                 the text); find it in the original page"
                    .to_string(),
                None,
            )
        };
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: message.into(),
            range: m.range.clone(),
            fix,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    // `0f` is the key; `press@example.org` XOR `0f`.
    const ENCODED: &str = "0f7f7d6a7c7c4f6a776e627f636a21607d68";

    #[test]
    fn finds_a_lone_placeholder() {
        check(
            r#"Contact : Anna Lee, [email protected]
                    ^^^^^^^^^^^^^^^^^ email-protected-placeholder
"#,
        );
    }

    #[test]
    fn has_no_fix_when_the_address_is_lost() {
        let text = "Contact : Anna Lee, [email\u{a0}protected]\n";
        check_fix(text, text);
    }

    #[test]
    fn decodes_a_link_with_its_placeholder() {
        let before = format!(
            "Email: <a href=\"/cdn-cgi/l/email-protection#{ENCODED}\">[email protected]</a>\n"
        );
        check_fix(&before, "Email: press@example.org\n");
        let before =
            format!("Email: \"/cdn-cgi/l/email-protection#{ENCODED}\">[email protected]\n");
        check_fix(&before, "Email: press@example.org\n");
    }

    #[test]
    fn decodes_a_data_cfemail_attribute() {
        let before = format!(
            "Email: <span class=\"__cf_email__\" data-cfemail=\"{ENCODED}\">[email protected]</span>.\n"
        );
        check_fix(&before, "Email: press@example.org.\n");
    }

    #[test]
    fn marks_the_whole_remnant() {
        check(
            r#"Mail: "/cdn-cgi/l/email-protection#0f7f7d6a7c7c4f6a776e627f636a21607d68">[email protected]
      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ email-protected-placeholder
"#,
        );
    }

    #[test]
    fn leaves_an_address_and_the_word_protected() {
        check("Email: press@example.org, our data is protected [by law].\n");
    }
}
