//! The `encoding-not-utf8` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::config::Settings;
use crate::{Applicability, Document, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds files that are not in UTF-8: pages saved in Windows-1252, Latin-1 or another legacy
encoding (detected by chardetng, the detector of Firefox), and UTF-16 files with a byte-order
mark. tamis reads them in the encoding found and checks them as text; the finding names the
encoding and how sure the detection is. Spans of the file's other findings are bytes of the file
as it is on disk, and the JSON of each says which encoding was read.

The command line reports it (it reads the bytes); the analysis of a text never does.

## Why is this bad?
Annotation tools, tokenisers and most scripts expect UTF-8: read as UTF-8, such a file is refused
or its accented letters are lost (`Genève` becomes `Gen�ve`).

## Example
A release saved in Windows-1252, where `é` is the byte `E9`.

## Fix safety
`tamis fix` rewrites the file as UTF-8 (with the other fixes applied): safe when the encoding is
sure (a byte-order mark, or a detection that beat the other candidates and decoded without
errors), unsafe otherwise, since a wrong guess would turn letters into other letters.
"#;

pub const RULE: Rule = Rule {
    code: "encoding-not-utf8",
    summary: "a file that is not in UTF-8",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Mixed),
    yields_to_boilerplate: false,
    scope: Scope::Document,
    doc: DOC,
    check,
};

/// Nothing to find in a text: the front end that read the bytes reports the file with
/// [`finding`].
fn check(_: &Document<'_>, _: &mut Vec<Finding>) {}

/// The finding of a file read in `encoding` (its WHATWG name) into `text`, on the first
/// character that is not ASCII (where the encoding matters), unless the rule is off. Its fix has
/// no edit of the text: the front end writes the text as UTF-8.
pub fn finding(
    text: &str,
    encoding: &str,
    confident: bool,
    settings: &Settings,
) -> Option<Finding> {
    let severity = settings.severity(RULE.code, RULE.severity)?;
    let start = text
        .char_indices()
        .find(|(_, c)| !c.is_ascii())
        .map_or(0, |(i, _)| i);
    let end = text[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    let (sure, applicability) = if confident {
        ("with confidence", Applicability::Safe)
    } else {
        ("by a guess that may be wrong", Applicability::Unsafe)
    };
    Some(Finding {
        code: RULE.code,
        severity,
        message: smol_str::format_smolstr!(
            "The file is in {encoding}, not UTF-8 (detected {sure}): read as {encoding}; `tamis fix` rewrites it as UTF-8"
        ),
        range: start..end,
        fix: Some(Fix::new(
            "Rewrite the file as UTF-8",
            applicability,
            Vec::new(),
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::check;

    #[test]
    fn a_text_alone_never_has_it() {
        check("Genève, le 3 mars — mis en œuvre.\n");
    }

    #[test]
    fn a_decoded_file_has_it_on_its_first_accented_letter() {
        let settings = Settings::default();
        let f = finding("Le 3 mars à Genève\n", "windows-1252", true, &settings).unwrap();
        assert_eq!(f.range, 10..12);
        assert!(f.message.contains("windows-1252"), "{}", f.message);
        assert_eq!(f.fix.unwrap().applicability, Applicability::Safe);
        let f = finding("Le 3 mars à Genève\n", "ISO-8859-2", false, &settings).unwrap();
        assert_eq!(f.fix.unwrap().applicability, Applicability::Unsafe);
    }

    #[test]
    fn is_silent_when_off() {
        let config = crate::config::parse("[rules]\nencoding-not-utf8 = \"off\"\n").unwrap();
        let settings = Settings::new(config).unwrap();
        assert!(finding("à\n", "windows-1252", true, &settings).is_none());
    }
}
