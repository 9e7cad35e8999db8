//! Finding email addresses, and what the scrape did to them, in a text.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::lexicon::lists::{self, LabelUse};

/// An email address, or the remnant of one, written in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The bytes of the whole written form (the whole remnant, for an anchor).
    pub range: Range<usize>,
    /// The address a reader would take from it, as written but de-obfuscated.
    pub address: String,
    pub kind: Kind,
    /// Whether `address` is a valid address.
    pub valid: bool,
    /// When an `E-mail:` label stands alone on an earlier line: the white space (with its line
    /// breaks) between the label and the mention.
    pub label_gap: Option<Range<usize>>,
}

/// The form an address is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A bare address.
    Plain,
    /// An address with spaces around its `@`; `address` has them removed.
    Spaced,
    /// `"mailto:target">text`: what is left of an HTML anchor; `address` is the text.
    Remnant { target: String },
    /// `mailto:address` outside an anchor.
    MailtoPrefix,
    /// `a [at] b [dot] org` and its kin.
    Obfuscated,
}

const ATEXT: &str = r"[\w.!#$%&'*+/=?^`{|}~-]";

static REMNANT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?:<a\s+)?(?:href\s*=\s*)?["']?mailto:([^"'\s<>]+)["']?[^\S\n]*>[^\S\n]*([^\s<>"]+?)(?:[^\S\n]*</a>)?[.,;:)]*(?:\s|$)"#,
    )
    .expect("valid regex")
});

static MAILTO_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)(?-u:\b)mailto:([^"'\s<>]+)"#).expect("valid regex"));

static OBFUSCATED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)([\w.%+-]+)[^\S\n]*[\[({][^\S\n]*(?:at|arobase|arroba|@)[^\S\n]*[\])}][^\S\n]*([\w-]+(?:[^\S\n]*(?:[\[({][^\S\n]*(?:dot|point|punto|\.)[^\S\n]*[\])}]|\.)[^\S\n]*[\w-]+)+)",
    )
    .expect("valid regex")
});

static OBFUSCATION_HINT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[\[({][^\S\n]*(?:at|arobase|arroba|@)[^\S\n]*[\])}]").expect("valid regex")
});

static DOT_TOKEN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[^\S\n]*[\[({][^\S\n]*(?:dot|point|punto|\.)[^\S\n]*[\])}][^\S\n]*|[^\S\n]*\.[^\S\n]*")
        .expect("valid regex")
});

static ADDRESS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{ATEXT}+(?:[^\S\n]+@[^\S\n]*|@[^\S\n]+|@)[\w-]+(?:\.+[\w-]+)*\.?"
    ))
    .expect("valid regex")
});

/// A line that ends with an email label and a colon (`E-mail:`, `Correo electrónico :`): the
/// contact labels of use `split` in `data/lexicon/contact-labels.tsv`.
static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    let labels: Vec<String> = lists::contact_labels(LabelUse::Split)
        .iter()
        .map(|l| regex::escape(l).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:{})[^\S\n]*:[^\S\n]*$",
        labels.join("|")
    ))
    .expect("valid regex")
});

/// Finds every address and remnant of one.
pub fn scan(text: &str) -> Vec<Mention> {
    let bytes = text.as_bytes();
    let has_at = memchr::memchr(b'@', bytes).is_some();
    let maybe_obfuscated = memchr::memchr3(b'[', b'(', b'{', bytes).is_some();
    if !has_at && !maybe_obfuscated {
        return Vec::new();
    }
    let mut out: Vec<Mention> = Vec::new();
    // Ranges taken by earlier passes, sorted and disjoint, so that overlap is a binary search.
    let mut taken: Vec<Range<usize>> = Vec::new();
    let overlaps = |taken: &[Range<usize>], r: &Range<usize>| {
        let i = taken.partition_point(|t| t.end <= r.start);
        i < taken.len() && taken[i].start < r.end
    };
    let mark = |taken: &mut Vec<Range<usize>>, out: &[Mention]| {
        *taken = out.iter().map(|m| m.range.clone()).collect();
        taken.sort_by_key(|r| r.start);
    };
    // Each pattern runs only on the lines that hold its telltale (`@`, `mailto:`, `[at]`), so
    // that text without addresses costs a `memchr` and nothing more.
    let at_lines = lines_around(text, memchr::memchr_iter(b'@', bytes));
    let mailto = memchr::memmem::find_iter(bytes, b"ailto:")
        .chain(memchr::memmem::find_iter(bytes, b"AILTO:"));
    let mailto_lines = lines_around(text, mailto);
    if has_at && !mailto_lines.is_empty() {
        for (c, base) in captures_in(&REMNANT_RE, text, &mailto_lines) {
            let target = c[1].to_string();
            let shown = c.get(2).expect("group 2 always takes part");
            let end = base + shown.end();
            let range = base + c.get(0).expect("whole match").start()..end;
            let address = shown.as_str().to_string();
            out.push(Mention {
                valid: is_valid_address(&address),
                range,
                address,
                kind: Kind::Remnant { target },
                label_gap: None,
            });
        }
        mark(&mut taken, &out);
        for (c, base) in captures_in(&MAILTO_RE, text, &mailto_lines) {
            let whole = c.get(0).expect("whole match");
            let range = base + whole.start()..base + whole.end();
            if overlaps(&taken, &range) {
                continue;
            }
            let address = trim_trailing_punctuation(&c[1]).to_string();
            let range = range.start..range.start + "mailto:".len() + address.len();
            out.push(Mention {
                valid: is_valid_address(&address),
                range,
                address,
                kind: Kind::MailtoPrefix,
                label_gap: None,
            });
        }
    }
    let hint_lines = if maybe_obfuscated {
        lines_around(text, OBFUSCATION_HINT_RE.find_iter(text).map(|m| m.start()))
    } else {
        Vec::new()
    };
    if !hint_lines.is_empty() {
        mark(&mut taken, &out);
        for (c, base) in captures_in(&OBFUSCATED_RE, text, &hint_lines) {
            let whole = c.get(0).expect("whole match");
            let range = base + whole.start()..base + whole.end();
            if overlaps(&taken, &range) {
                continue;
            }
            let domain = DOT_TOKEN_RE.replace_all(&c[2], ".");
            let address = format!("{}@{}", &c[1], domain);
            out.push(Mention {
                valid: is_valid_address(&address),
                range,
                address,
                kind: Kind::Obfuscated,
                label_gap: None,
            });
        }
    }
    if has_at {
        mark(&mut taken, &out);
        // `find_iter` runs on the lazy DFA alone; the parts are taken apart by hand, which is
        // much cheaper than asking the regex engine for capture groups.
        for line in &at_lines {
            for m in ADDRESS_RE.find_iter(&text[line.clone()]) {
                let written = m.as_str();
                let Some(at) = written.find('@') else {
                    continue;
                };
                let local = written[..at].trim_end();
                let domain = trim_trailing_punctuation(written[at + 1..].trim_start());
                let start = line.start + m.start();
                let range = start
                    ..start + written.len() - (written[at + 1..].trim_start().len() - domain.len());
                if overlaps(&taken, &range) || domain.is_empty() || local.is_empty() {
                    continue;
                }
                let spaced = local.len() < at || written[at + 1..].starts_with(char::is_whitespace);
                if spaced && !domain.contains('.') {
                    // `nous @OIM` is a handle, not an address.
                    continue;
                }
                let address = format!("{local}@{domain}");
                out.push(Mention {
                    valid: !spaced && is_valid_address(&address),
                    range,
                    address,
                    kind: if spaced { Kind::Spaced } else { Kind::Plain },
                    label_gap: None,
                });
            }
        }
    }
    out.sort_by_key(|m| m.range.start);
    for m in &mut out {
        m.label_gap = split_label(text, m.range.start);
    }
    out
}

/// The lines (without terminators) that contain the given offsets, sorted and merged.
fn lines_around(text: &str, offsets: impl Iterator<Item = usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut offsets: Vec<usize> = offsets.collect();
    offsets.sort_unstable();
    for o in offsets {
        if out.last().is_some_and(|l| o < l.end) {
            continue;
        }
        let start = memchr::memrchr2(b'\n', b'\r', &bytes[..o]).map_or(0, |i| i + 1);
        let end = memchr::memchr2(b'\n', b'\r', &bytes[o..]).map_or(bytes.len(), |i| o + i);
        out.push(start..end);
    }
    out
}

/// The captures of `re` in each of `lines`, with the offset of the line they were found in.
fn captures_in<'t>(
    re: &'t Regex,
    text: &'t str,
    lines: &'t [Range<usize>],
) -> impl Iterator<Item = (regex::Captures<'t>, usize)> + 't {
    lines.iter().flat_map(move |l| {
        re.captures_iter(&text[l.clone()])
            .map(move |c| (c, l.start))
    })
}

/// A full stop or comma after an address ends the sentence, not the address.
fn trim_trailing_punctuation(s: &str) -> &str {
    s.trim_end_matches(['.', ',', ';', ':', ')', '!', '?'])
}

/// When the mention at `start` is preceded, across at least one line break and nothing but white
/// space, by a line ending with an email label: the gap between label and mention.
fn split_label(text: &str, start: usize) -> Option<Range<usize>> {
    let before = &text[..start];
    let content_end = before.trim_end().len();
    let gap = &before[content_end..];
    if !gap.contains(['\n', '\r']) {
        return None;
    }
    let line_start = before[..content_end]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let label_line = &before[line_start..content_end];
    LABEL_RE.is_match(label_line).then_some(content_end..start)
}

/// True when `address` is a valid address as press releases write them: the syntax of RFC 5322
/// (through `email_address`) without quoted local parts or IP literals, and a domain with a
/// top-level domain of letters.
pub fn is_valid_address(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    if local.starts_with('"') || domain.starts_with('[') {
        return false;
    }
    let Some((_, tld)) = domain.rsplit_once('.') else {
        return false;
    };
    // Special-use names (RFC 6761 and kin) never receive mail.
    const SPECIAL_USE: &[&str] = &["arpa", "invalid", "local", "localhost", "onion", "test"];
    let tld_ok = tld.chars().count() >= 2
        && tld
            .chars()
            .all(|c| c.is_ascii_alphabetic() || !c.is_ascii())
        && !SPECIAL_USE.contains(&tld.to_ascii_lowercase().as_str())
        || tld.starts_with("xn--") && tld.len() > 4;
    let labels_ok = domain.split('.').all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii())
    });
    tld_ok
        && labels_ok
        && domain.len() <= 253
        && address.len() <= 254
        && email_address::EmailAddress::parse_with_options(address, Default::default()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_as_the_pattern_they_were() {
        let before = Regex::new(
            r"(?i)(?-u:\b)(?:e-?mail|courriel|correo(?:\s+electr[oó]nico)?|mel|mail)[^\S\n]*:[^\S\n]*$",
        )
        .unwrap();
        let words = [
            "E-mail",
            "e-mail",
            "E-MAIL",
            "Email",
            "EMAIL",
            "eMail",
            "E mail",
            "E--mail",
            "mail",
            "Mail",
            "MEL",
            "mél",
            "Courriel",
            "COURRIEL",
            "courriels",
            "Correo",
            "CORREO",
            "Correo electrónico",
            "correo  ELECTRÓNICO",
            "Correo\telectronico",
            "Correo\nelectronico",
            "Correo electrnico",
            "Correo-electronico",
            "electrónico",
            "Hotmail",
            "gmail",
            "e-mails",
            "Tel",
            "",
        ];
        for line in ["E-mail:", "Courriel :", "CORREO ELECTRÓNICO:\t"] {
            assert!(LABEL_RE.is_match(line), "{line:?}");
        }
        for before_word in ["", "Contact ", "x", "1", "é", "\n", "Mon "] {
            for w in words {
                for after in [":", " :", ": ", "\t:\t", "", " ", ":x", "::", ":\n", "\n:"] {
                    let line = format!("{before_word}{w}{after}");
                    assert_eq!(LABEL_RE.is_match(&line), before.is_match(&line), "{line:?}");
                }
            }
        }
    }

    #[test]
    fn remnant_after_a_split_label() {
        let t = "E-mail:\n\"mailto:mm@iom.int\">mm@iom.int\nou\n";
        let m = scan(t);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].address, "mm@iom.int");
        assert_eq!(&t[m[0].range.clone()], "\"mailto:mm@iom.int\">mm@iom.int");
        assert_eq!(m[0].label_gap, Some(7..8));
    }

    #[test]
    fn forms() {
        let kinds = |t: &str| {
            scan(t)
                .into_iter()
                .map(|m| (m.kind, m.address, m.valid))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds("Email: rbrown@iom.int."),
            [(Kind::Plain, "rbrown@iom.int".into(), true)]
        );
        assert_eq!(
            kinds("a [at] b [dot] org"),
            [(Kind::Obfuscated, "a@b.org".into(), true)]
        );
        assert_eq!(
            kinds("x(at)iom.int"),
            [(Kind::Obfuscated, "x@iom.int".into(), true)]
        );
        assert_eq!(
            kinds("mailto:x@iom.int"),
            [(Kind::MailtoPrefix, "x@iom.int".into(), true)]
        );
        assert_eq!(
            kinds("x @ iom.int"),
            [(Kind::Spaced, "x@iom.int".into(), false)]
        );
        assert!(!kinds("x..y@iom.int")[0].2);
        assert!(!kinds("x@iom")[0].2);
        assert!(kinds("Suivez-nous @OIM et (voir) le site").is_empty());
    }
}
