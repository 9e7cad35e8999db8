//! The `html-leftover` rule; [`DOC`] documents it.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds HTML left in the text outside mail links: character references (`&nbsp;`, `&amp;`,
`&#233;`), tags (`<br>`, `</p>`, `<strong>`) and attribute fragments (`href="…"`, a stray `">`).

A line that shows HTML rather than holding leftovers of it is left as written: the source of a
page given as an example (`<!DOCTYPE html>`, `<script src="…">`, a comment `<!-- … -->`), a tag
this rule does not remove (`<figure>`, `<video>`), or a tag named in a sentence (`<img>`, `<a>`
or `<font>` without attributes, which no page holds for what it shows). Removing the tags the
rule knows from such a line would garble the example, not clean the text.

## Why is this bad?
Markup is not text: it breaks tokenisation and shows up in annotations.

## Example
`Haïti&nbsp;: 500 familles<br>` becomes `Haïti : 500 familles`.

## Fix safety
Safe: references are decoded (`&nbsp;` to a space), tags and fragments removed; a tag between
two words becomes a space so that the words stay apart.
"#;

pub const RULE: Rule = Rule {
    code: "html-leftover",
    summary: "HTML entities, tags or attribute fragments left in the text",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Safe),
    yields_to_boilerplate: false,
    scope: Scope::Lines {
        before: 1,
        after: 1,
    },
    doc: DOC,
    check,
};

/// Builds [`HTML_RE`] when `text` will be read with it, otherwise built at its first use (see
/// `crate::prepare_for`).
pub(crate) fn prepare_for(text: &str) {
    if may_hold_leftovers(text.as_bytes()) {
        LazyLock::force(&HTML_RE);
    }
}

/// Whether a text may hold a match of [`HTML_RE`]: each branch holds a `&`, a `<` or `="`.
fn may_hold_leftovers(bytes: &[u8]) -> bool {
    memchr::memchr2(b'&', b'<', bytes).is_some() || memchr::memmem::find(bytes, b"=\"").is_some()
}

static HTML_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,9});"#,
        r#"|</?(?:a|p|br|b|i|em|strong|span|div|ul|ol|li|h[1-6]|table|tr|td|th|img|font|sup|sub|u)(?-u:\b)[^<>\n]{0,200}?/?>"#,
        r#"|(?-u:\b)(?:href|class|style|target|rel|src|title)="[^"\n]{0,300}""#,
    ))
    .expect("valid regex")
});

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let text = doc.text;
    let bytes = text.as_bytes();
    if !may_hold_leftovers(bytes) {
        return;
    }
    // (Sorted and merged: a binary search for each match, where a pass over every address made
    // a text with many addresses and many matches quadratic.)
    let emails = super::merged_ranges(doc.emails().iter().map(|e| e.range.clone()).collect());
    // The last line looked at (its start) and whether it shows HTML.
    let mut line_shows: Option<(usize, bool)> = None;
    for range in leftovers(text) {
        if super::overlaps(&emails, &range) {
            continue;
        }
        let start = memchr::memrchr(b'\n', &bytes[..range.start]).map_or(0, |i| i + 1);
        let shows = match line_shows {
            Some((at, shows)) if at == start => shows,
            _ => {
                let end = memchr::memchr(b'\n', &bytes[start..]).map_or(text.len(), |i| start + i);
                let shows = shows_html(&text[start..end]);
                line_shows = Some((start, shows));
                shows
            }
        };
        if shows {
            continue;
        }
        let found = &text[range.clone()];
        let (replacement, what) = if found.starts_with('&') {
            match decode_reference(found) {
                Some(r) => (r, "an HTML character reference"),
                None => continue,
            }
        } else {
            let glued = text[..range.start].ends_with(|c: char| c.is_alphanumeric())
                && text[range.end..].starts_with(|c: char| c.is_alphanumeric());
            (
                if glued {
                    " ".to_string()
                } else {
                    String::new()
                },
                if found.starts_with('<') {
                    "an HTML tag"
                } else {
                    "an HTML attribute"
                },
            )
        };
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: smol_str::format_smolstr!("HTML left in the text: {what} `{found}`"),
            range: range.clone(),
            fix: Some(Fix::new(
                if replacement.trim().is_empty() {
                    format!("Remove `{found}`")
                } else {
                    format!("Write `{replacement}`")
                },
                Applicability::Safe,
                vec![Edit::replace(range, replacement)],
            )),
        });
    }
}

/// The tags [`HTML_RE`] removes.
/// The matches of [`HTML_RE`] in `text`, in order, as its `find_iter` over the whole text
/// finds them, searched on the lines alone that hold a `&`, a `<` or a `=`: every match holds
/// one of them, and none crosses a `\n` (each repetition of the expression leaves `\n` out).
/// A line's ends read as the text's do: the `\n` around a line, like the ends of the line
/// searched alone, is no word character for the `\b` of the expression. (Most lines of a text
/// that holds one leftover hold none: they are read by `memchr3` alone.)
fn leftovers(text: &str) -> Vec<Range<usize>> {
    crate::text::lines_holding(text, [b'&', b'<', b'='])
        .flat_map(|l| {
            HTML_RE
                .find_iter(&text[l.clone()])
                .map(move |m| l.start + m.start()..l.start + m.end())
        })
        .collect()
}

const TAGS_REMOVED: [&str; 27] = [
    "a", "p", "br", "b", "i", "em", "strong", "span", "div", "ul", "ol", "li", "h1", "h2", "h3",
    "h4", "h5", "h6", "table", "tr", "td", "th", "img", "font", "sup", "sub", "u",
];

/// Whether a line shows HTML rather than holding leftovers of it: a page's source (a
/// declaration or comment `<!…`, `<?…`), a tag the rule does not remove, or a tag named in a
/// sentence (an opening `<img>`, `<a>`, `<font>` without attributes).
fn shows_html(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr_iter(b'<', bytes).any(|at| {
        let rest = &bytes[at + 1..];
        if rest.first().is_some_and(|&b| b == b'!' || b == b'?') {
            return true;
        }
        let closing = rest.first() == Some(&b'/');
        let rest = if closing { &rest[1..] } else { rest };
        let name_len = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(name_len);
        // A tag: a name starting with a letter, then a space, `>` or `/`.
        if !name.first().is_some_and(u8::is_ascii_alphabetic)
            || !after
                .first()
                .is_some_and(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
        {
            return false;
        }
        let known = TAGS_REMOVED
            .iter()
            .find(|t| t.as_bytes().eq_ignore_ascii_case(name));
        match known {
            None => true,
            Some(t) => !closing && matches!(*t, "img" | "a" | "font") && after[0] == b'>',
        }
    })
}

/// The text of a character reference, `None` for names not known here.
fn decode_reference(r: &str) -> Option<String> {
    let body = &r[1..r.len() - 1];
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code)
            .filter(|c| !c.is_control() || *c == '\n')
            .map(String::from);
    }
    let c = match body {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => " ",
        "eacute" => "é",
        "egrave" => "è",
        "ecirc" => "ê",
        "agrave" => "à",
        "acirc" => "â",
        "ccedil" => "ç",
        "ocirc" => "ô",
        "icirc" => "î",
        "iuml" => "ï",
        "ugrave" => "ù",
        "ucirc" => "û",
        "oelig" => "œ",
        "Eacute" => "É",
        "Agrave" => "À",
        "ntilde" => "ñ",
        "aacute" => "á",
        "iacute" => "í",
        "oacute" => "ó",
        "uacute" => "ú",
        "laquo" => "«",
        "raquo" => "»",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "hellip" => "…",
        "ndash" => "–",
        "mdash" => "—",
        "euro" => "€",
        "copy" => "©",
        "reg" => "®",
        "deg" => "°",
        "middot" => "·",
        "bull" => "•",
        _ => return None,
    };
    Some(c.to_string())
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    #[test]
    fn finds_references_and_tags() {
        check(
            r#"Port-de-Paix&nbsp;: 200 familles<br>
            ^^^^^^ html-leftover
                                ^^^^ html-leftover
"#,
        );
    }

    #[test]
    fn decodes_references_and_removes_tags() {
        check_fix(
            "Port-de-Paix&nbsp;: 200 familles<br>\n",
            "Port-de-Paix : 200 familles\n",
        );
    }

    /// HTML given as an example in a blog post, tags named in a sentence: kept as written.
    #[test]
    fn leaves_lines_that_show_html() {
        check(
            r#"Add the adapter to your page:
<script src="vendor/cover.js" data-adapter="vendor/adapter.js"></script>
<!DOCTYPE html> <html> <head> <link rel="stylesheet" href="site.css"> </head> <body> <div id="main"></div> </body> </html>
<!-- <p>commented out</p> -->
A single <img>
<ul> List of <figure>
Old pages wrap text in <font> and <b>.
"#,
        );
        // Beside them, the leftovers of a scrape are still found.
        check(
            r#"<script src="a.js"></script>
Port-de-Paix&nbsp;: 200 familles<br>
            ^^^^^^ html-leftover
                                ^^^^ html-leftover
<img src="photo.jpg"> La salle de classe <a href="/ecoles">rénovée</a>
^^^^^^^^^^^^^^^^^^^^^ html-leftover
                                         ^^^^^^^^^^^^^^^^^^ html-leftover
                                                                  ^^^^ html-leftover
"#,
        );
    }

    #[test]
    fn shows_html_reads_tags_not_comparisons() {
        for (line, shows) in [
            ("<figure>", true),
            ("</section>", true),
            ("<video controls>", true),
            ("<br/>", false),
            ("<BR>", false),
            ("<A>", true),
            ("</a>", false),
            ("</A> fin", false),
            ("<a href=\"x\">", false),
            ("a <3 b", false),
            ("x < y et y > z", false),
            ("<-- retour", false),
            ("<stdin>", true),
            ("", false),
            ("<", false),
            ("<p", false),
        ] {
            assert_eq!(super::shows_html(line), shows, "{line:?}");
        }
    }

    /// The matches searched line by line are those of the expression over the whole text.
    #[test]
    fn leftovers_are_the_matches_over_the_whole_text() {
        let pieces = [
            "&nbsp;",
            "&#233;",
            "&#x4E;",
            "&amp",
            "&",
            ";",
            "<br>",
            "</p>",
            "<br",
            "<a href=\"x\">",
            "<",
            ">",
            "/",
            "href=\"",
            "class=\"c\"",
            "=",
            "\"",
            "title",
            "br",
            "a",
            "é",
            " ",
            "\n",
            "\r",
            "\r\n",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 20_000, 30);
        let mut found = 0;
        for t in &texts {
            let whole: Vec<_> = super::HTML_RE.find_iter(t).map(|m| m.range()).collect();
            found += whole.len();
            assert_eq!(super::leftovers(t), whole, "{t:?}");
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn leaves_ampersands_and_angle_brackets_that_are_text() {
        check("Dupont & Fils <3 ans> a&b\n");
    }
}
