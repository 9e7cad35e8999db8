//! The `html-leftover` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};
use std::ops::Range;

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

/// The expression the leftovers were found with, which [`leftovers`] reads by hand (the tests
/// compare the two): building it took some 17 M instructions (the repetitions of Unicode
/// classes), more than reading every text of a corpus of 3,000 releases with it.
#[cfg(test)]
static HTML_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(concat!(
        r#"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,9});"#,
        r#"|</?(?:a|p|br|b|i|em|strong|span|div|ul|ol|li|h[1-6]|table|tr|td|th|img|font|sup|sub|u)(?-u:\b)[^<>\n]{0,200}?/?>"#,
        r#"|(?-u:\b)(?:href|class|style|target|rel|src|title)="[^"\n]{0,300}""#,
    ))
    .expect("valid regex")
});

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let text = doc.text;
    let bytes = text.as_bytes();
    let found = leftovers(text);
    if found.is_empty() {
        return;
    }
    // (Sorted and merged: a binary search for each match, where a pass over every address made
    // a text with many addresses and many matches quadratic.)
    let emails = super::merged_ranges(doc.emails().iter().map(|e| e.range.clone()).collect());
    // The last line looked at (its start) and whether it shows HTML.
    let mut line_shows: Option<(usize, bool)> = None;
    for range in found {
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
                [Edit::replace(range, replacement)],
            )),
        });
    }
}

/// The leftovers of `text`, in order: the matches that `find_iter` of [`HTML_RE`] finds, read
/// by hand from each `&`, `<` and `=` (every match starts at a `&` or a `<`, or holds a `="`
/// after its attribute's name). A character reference (`&nbsp;`, `&#233;`, `&#x4E;`), a tag
/// the rule removes with what it holds up to its `>` (`<br>`, `</p>`, `<a href="…">`), an
/// attribute with its quoted value (`href="…"`); none crosses a `\n`.
fn leftovers(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = memchr::memchr3(b'&', b'<', b'=', &b[from..]) {
        let at = from + k;
        let found = match b[at] {
            b'&' => reference_end(b, at).map(|end| at..end),
            b'<' => tag_end(text, at).map(|end| at..end),
            _ => attribute_at(text, at).filter(|r| r.start >= from),
        };
        match found {
            Some(r) => {
                from = r.end;
                out.push(r);
            }
            None => from = at + 1,
        }
    }
    out
}

/// The end of the character reference at the `&` at `at`, if there is one: `#` and one to
/// seven digits, `#x` (or `#X`) and one to six hexadecimal digits, or a letter and one to nine
/// letters or digits, then `;`.
fn reference_end(b: &[u8], at: usize) -> Option<usize> {
    // How many bytes from `from` `is` keeps, counted up to one more than `most`.
    let run = |from: usize, most: usize, is: fn(&u8) -> bool| {
        b.get(from..)
            .map_or(0, |r| r.iter().take(most + 1).take_while(|x| is(x)).count())
    };
    // The end of a reference whose body ends at `end`, of `len` bytes between one and `most`.
    let ended = |end: usize, len: usize, most: usize| {
        ((1..=most).contains(&len) && b.get(end) == Some(&b';')).then_some(end + 1)
    };
    match b.get(at + 1)? {
        b'#' => {
            let digits = run(at + 2, 7, u8::is_ascii_digit);
            ended(at + 2 + digits, digits, 7).or_else(|| {
                let hex = matches!(b.get(at + 2), Some(b'x' | b'X'))
                    .then(|| run(at + 3, 6, u8::is_ascii_hexdigit))?;
                ended(at + 3 + hex, hex, 6)
            })
        }
        c if c.is_ascii_alphabetic() => {
            let rest = run(at + 2, 9, u8::is_ascii_alphanumeric);
            ended(at + 2 + rest, rest, 9)
        }
        _ => None,
    }
}

/// The end of the tag at the `<` at `at`, if it is one the rule removes: `<` or `</`, one of
/// [`TAGS_REMOVED`] as a whole word (in lower case), then up to 200 characters other than `<`,
/// `>` and `\n` before the first `>` (the expression's lazy `[^<>\n]{0,200}?/?>`).
fn tag_end(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let name_start = at + 1 + usize::from(b.get(at + 1) == Some(&b'/'));
    let name_end = name_start + word_len(b.get(name_start..)?, LONGEST_TAG + 1);
    let name = &b[name_start..name_end];
    if !TAGS_REMOVED.iter().any(|t| t.as_bytes() == name) {
        return None;
    }
    let (mut p, mut chars) = (name_end, 0);
    loop {
        match *b.get(p)? {
            b'>' => return Some(p + 1),
            b'/' if b.get(p + 1) == Some(&b'>') => return Some(p + 2),
            b'<' | b'\n' => return None,
            _ if chars == 200 => return None,
            x => {
                p += utf8_len(x);
                chars += 1;
            }
        }
    }
}

/// The attributes whose fragments the rule removes.
const ATTRIBUTES: [&str; 7] = ["href", "class", "style", "target", "rel", "src", "title"];

/// The attribute whose `="` is at `at`, if there is one: one of [`ATTRIBUTES`] as a whole word
/// (in lower case) before it, then up to 300 characters other than `"` and `\n` and a `"`.
fn attribute_at(text: &str, at: usize) -> Option<Range<usize>> {
    let b = text.as_bytes();
    if b.get(at + 1) != Some(&b'"') {
        return None;
    }
    // The word before the `=`, read backwards.
    let before = &b[at.saturating_sub(LONGEST_ATTRIBUTE + 1)..at];
    let len = before
        .iter()
        .rev()
        .take_while(|x| is_word_byte(**x))
        .count();
    let name = &before[before.len() - len..];
    // (A word of seven bytes is none of them: the byte before a shorter one, if any, is in
    // `before`, and no word character.)
    if !ATTRIBUTES.iter().any(|a| a.as_bytes() == name) {
        return None;
    }
    let (mut p, mut chars) = (at + 2, 0);
    loop {
        match *b.get(p)? {
            b'"' => return Some(at - len..p + 1),
            b'\n' => return None,
            _ if chars == 300 => return None,
            x => {
                p += utf8_len(x);
                chars += 1;
            }
        }
    }
}

/// The bytes of the longest of [`TAGS_REMOVED`].
const LONGEST_TAG: usize = 6;
/// The bytes of the longest of [`ATTRIBUTES`].
const LONGEST_ATTRIBUTE: usize = 6;

/// How many bytes from the start of `b` are ASCII word characters (the `\b` of the expression's
/// `(?-u:\b)`: letters, digits and `_`), counted up to `most`.
fn word_len(b: &[u8], most: usize) -> usize {
    b.iter()
        .take(most)
        .take_while(|x| is_word_byte(**x))
        .count()
}

fn is_word_byte(x: u8) -> bool {
    x.is_ascii_alphanumeric() || x == b'_'
}

/// The length of the character whose first byte is `x`.
fn utf8_len(x: u8) -> usize {
    match x {
        0..0x80 => 1,
        0x80..0xe0 => 2,
        0xe0..0xf0 => 3,
        _ => 4,
    }
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

    /// The leftovers read by hand are the matches of the expression: in texts of references,
    /// tags, attributes, their near misses (in upper case, too long, glued to a word, cut by a
    /// line break) and runs of characters around the lengths the expression allows, in bytes
    /// and in characters.
    #[test]
    fn leftovers_are_the_matches_of_the_expression() {
        let long = |n: usize, s: &str| s.repeat(n);
        let pieces = [
            "&nbsp;".to_string(),
            "&#233;".into(),
            "&#x4E;".into(),
            "&#X4e;".into(),
            "&#1234567;".into(),
            "&#12345678;".into(),
            "&#x123456;".into(),
            "&#x1234567;".into(),
            "&a;".into(),
            "&abcdefghij;".into(),
            "&abcdefghijk;".into(),
            "&a1".into(),
            "&#".into(),
            "&#x".into(),
            "&amp".into(),
            "&".into(),
            "#".into(),
            "x".into(),
            "7".into(),
            ";".into(),
            "<br>".into(),
            "</p>".into(),
            "<br/>".into(),
            "<BR>".into(),
            "<h1 ".into(),
            "<h7>".into(),
            "<strong".into(),
            "<stronger>".into(),
            "<u_".into(),
            "<br".into(),
            "<a href=\"x\">".into(),
            "<".into(),
            ">".into(),
            "/".into(),
            "/>".into(),
            "href=\"".into(),
            "class=\"c\"".into(),
            "xhref=\"".into(),
            "_rel=\"".into(),
            "2src=\"".into(),
            "étitle=\"".into(),
            "target=".into(),
            "style".into(),
            "=".into(),
            "\"".into(),
            "title".into(),
            "br".into(),
            "a".into(),
            "é".into(),
            "😀".into(),
            " ".into(),
            "\n".into(),
            "\r".into(),
            "\r\n".into(),
            long(99, "é"),
            long(100, "x"),
            long(149, "😀"),
            long(199, "a"),
            long(200, "a"),
            long(299, "é"),
        ];
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        let texts = crate::testing::texts_of_pieces(&pieces, 30_000, 30);
        let mut found = 0;
        let mut attributes = 0;
        for t in &texts {
            let whole: Vec<_> = super::HTML_RE.find_iter(t).map(|m| m.range()).collect();
            found += whole.len();
            attributes += whole
                .iter()
                .filter(|r| t[r.start..r.end].ends_with('"'))
                .count();
            assert_eq!(super::leftovers(t), whole, "{t:?}");
        }
        assert!(found > 10_000 && attributes > 1_000, "{found} {attributes}");
        // Around the longest a tag's or an attribute's content may be, in characters.
        for n in (195..205).chain(295..305) {
            for c in ["a", "é", "😀", "/"] {
                for end in [">", "/>", "//>", "\"", "\n>"] {
                    for t in [
                        format!("<br {}{end} &x;", c.repeat(n)),
                        format!("x <i{}{end}", c.repeat(n)),
                        format!("href=\"{}{end}<b>", c.repeat(n)),
                    ] {
                        let whole: Vec<_> =
                            super::HTML_RE.find_iter(&t).map(|m| m.range()).collect();
                        assert_eq!(super::leftovers(&t), whole, "{t:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn leaves_ampersands_and_angle_brackets_that_are_text() {
        check("Dupont & Fils <3 ans> a&b\n");
    }
}
