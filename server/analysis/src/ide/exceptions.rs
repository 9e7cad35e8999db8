//! Exceptions: the `allow` entry of `tamis.toml` that silences a finding for good.

use crate::Finding;

/// The sections of `tamis.toml` whose `allow` lists take exceptions.
pub const EXCEPTION_SECTIONS: [&str; 3] = ["email", "phone", "boilerplate"];

/// A value to add to `[section] allow`, with the title an editor shows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    pub title: String,
    pub section: &'static str,
    pub value: String,
}

/// The exception that silences `finding` in `text`, when its family takes one: the address of
/// an email finding, the number of a phone finding as written, a pattern matching the first
/// line of a boilerplate block.
pub fn exception(text: &str, finding: &Finding) -> Option<Exception> {
    let found = &text[finding.range.clone()];
    let family = finding.code.split('-').next().unwrap_or(finding.code);
    match family {
        "email" => {
            let address = crate::email::scan(found).into_iter().next()?.address;
            Some(Exception {
                title: format!("Allow `{address}` (tamis.toml [email] allow)"),
                section: "email",
                value: address,
            })
        }
        "phone" => Some(Exception {
            title: format!("Allow `{found}` (tamis.toml [phone] allow)"),
            section: "phone",
            value: found.to_string(),
        }),
        "boilerplate" => {
            let first = found.lines().next()?.trim();
            Some(Exception {
                title: format!(
                    "Never treat `{first}` as boilerplate (tamis.toml [boilerplate] allow)"
                ),
                section: "boilerplate",
                value: format!("^\\s*{}\\s*$", regex::escape(first)),
            })
        }
        _ => None,
    }
}
