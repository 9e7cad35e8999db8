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
    /// Cloudflare's email protection: the `[email protected]` placeholder, a
    /// `/cdn-cgi/l/email-protection#…` link or a `data-cfemail="…"` attribute. `address` is the
    /// decoded address when the encoded form is in the text, empty when the address is lost.
    Protected,
}

const ATEXT: &str = r"[\w.!#$%&'*+/=?^`{|}~-]";

/// What is left of an anchor to a `mailto:` link: its target (group 1) and its text (group 2).
const REMNANT: &str = concat!(
    r#"(?:(?i:<a)\s+)?(?:(?i:href)\s*=\s*)?["']?(?i:mailto):([^"'\s<>]+)["']?"#,
    // The anchor's other attributes (`target="_blank" title=""`), a line break among them when
    // the scrape cut the tag.
    r#"(?:[^\S\n]*\n?[^\S\n]*[\w:-]+(?:[^\S\n]*=[^\S\n]*\n?[^\S\n]*(?:"[^"\n]*"|'[^'\n]*'|[^\s>"']*))?)*"#,
    r#"[^\S\n]*\n?[^\S\n]*>[^\S\n]*([^\s<>"]+?)(?:[^\S\n]*(?i:</a>))?[.,;:)]*(?:\s|$)"#,
);

static REMNANT_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(REMNANT).expect("valid regex"));

static REMNANT_ASCII_RE: LazyLock<regex::bytes::Regex> = LazyLock::new(|| ascii_form(REMNANT));

/// `mailto:` and the address after it (group 1).
const MAILTO: &str = r#"(?i)(?-u:\b)mailto:([^"'\s<>]+)"#;

static MAILTO_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(MAILTO).expect("valid regex"));

static MAILTO_ASCII_RE: LazyLock<regex::bytes::Regex> = LazyLock::new(|| ascii_form(MAILTO));

/// The form of `pattern` that reads bytes by ASCII rules (`(?-u)`): on text that is all ASCII
/// it is the pattern itself. Each class accepts the same ASCII bytes under either rules (`\w`,
/// `\s` and the classes made of them hold no other ASCII byte under Unicode's), and Unicode's
/// case folding adds only letters that are not ASCII (`ſ` to `s`, the Kelvin sign to `k`).
/// Its automata are a fraction of the size (no Unicode `\w`), which the engine that finds the
/// groups of a match, a bounded backtracker that clears a bit per state and byte, pays for at
/// each match.
fn ascii_form(pattern: &str) -> regex::bytes::Regex {
    regex::bytes::Regex::new(&format!("(?-u){pattern}")).expect("valid regex")
}

static OBFUSCATED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([\w.%+-]+)[^\S\n]*[\[({][^\S\n]*(?i:at|arobase|arroba|@)[^\S\n]*[\])}][^\S\n]*([\w-]+(?:[^\S\n]*(?:[\[({][^\S\n]*(?i:dot|point|punto|\.)[^\S\n]*[\])}]|\.)[^\S\n]*[\w-]+)+)",
    )
    .expect("valid regex")
});

static OBFUSCATION_HINT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\[({][^\S\n]*(?i:at|arobase|arroba|@)[^\S\n]*[\])}]").expect("valid regex")
});

static DOT_TOKEN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[^\S\n]*[\[({][^\S\n]*(?i:dot|point|punto|\.)[^\S\n]*[\])}][^\S\n]*|[^\S\n]*\.[^\S\n]*",
    )
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
    Regex::new(&format!(
        r"(?-u:\b)(?i:{})[^\S\n]*:[^\S\n]*$",
        label_alternation()
    ))
    .expect("valid regex")
});

/// The email labels (use `split` of the contact labels) as a regex alternation, spaces inside a
/// label matching any white space.
pub(crate) fn label_alternation() -> String {
    lists::contact_labels(LabelUse::Split)
        .iter()
        .map(|l| regex::escape(l).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

/// What Cloudflare's email protection leaves in a page: a link to `/cdn-cgi/l/email-protection`
/// (with the encoded address after `#`), or an element with `data-cfemail="…"`, each with the
/// anchor or element around it and its `[email protected]` text; or the placeholder alone.
static PROTECTED_RE: LazyLock<Regex> = LazyLock::new(|| {
    const PLACEHOLDER: &str = r"\[(?i:email)(?:[^\S\n]|&#160;|(?i:&nbsp;))(?i:protected)\]";
    Regex::new(&format!(
        r#"(?:(?i:<a)\s[^>\n]*?)?(?:(?i:href)\s*=\s*)?["']?(?:(?i:https?)://[^\s"'<>/]+)?(?i:/cdn-cgi/l/email-protection)(?:#([0-9a-fA-F]*))?["']?(?:[^\S\n]*>)?(?:[^\S\n]*{PLACEHOLDER})?(?:[^\S\n]*(?i:</a>))?|(?:<(?i:a|span)\s[^>\n]*?)?(?i:data-cfemail)\s*=\s*["']?([0-9a-fA-F]*)["']?(?:[^>\n]*>)?(?:[^\S\n]*{PLACEHOLDER})?(?:[^\S\n]*</(?i:a|span)>)?|{PLACEHOLDER}"#
    ))
    .expect("valid regex")
});

/// Whether a text may hold a match of `PROTECTED_RE`: each of its branches names, in some
/// ASCII case, `email-protection`, `data-cfemail` or `[email protected]`, looked for where their
/// `-`, `]` or `f` stands. Text that only speaks of protection (`protection des migrants`)
/// holds none of them, and is not read by the pattern.
fn may_be_protected(b: &[u8]) -> bool {
    let holds = |start: Option<usize>, word: &[u8]| {
        start
            .and_then(|s| b.get(s..s + word.len()))
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    memchr::memchr_iter(b'-', b).any(|i| holds(i.checked_sub(5), b"email-protection"))
        || memchr::memchr_iter(b']', b).any(|i| holds(i.checked_sub(9), b"protected]"))
        || memchr::memchr2_iter(b'f', b'F', b).any(|i| holds(i.checked_sub(1), b"cfemail"))
}

/// Builds the expressions that read the addresses of most texts, each otherwise compiled at its
/// first use (about 2 ms of a process that checks one release with an address): for a thread
/// with a core to spare at start (`crate::prepare_for`). The confusable and Cloudflare
/// expressions, which few texts need, stay built at first use.
pub(crate) fn prepare() {
    for re in [
        &ADDRESS_RE,
        &OBFUSCATION_HINT_RE,
        &REMNANT_RE,
        &MAILTO_RE,
        &LABEL_ON_LINE_RE,
        &LABEL_RE,
    ] {
        LazyLock::force(re);
    }
    LazyLock::force(&REMNANT_ASCII_RE);
    LazyLock::force(&MAILTO_ASCII_RE);
}

/// Decodes Cloudflare's encoded address: hexadecimal bytes, the first of them the key of an XOR
/// over the others. `None` unless the result is an address.
pub fn decode_cfemail(hex: &str) -> Option<String> {
    if hex.len() < 4 || !hex.len().is_multiple_of(2) || !hex.is_ascii() {
        return None;
    }
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
        .collect::<Result<_, _>>()
        .ok()?;
    let key = bytes[0];
    let decoded: Vec<u8> = bytes[1..].iter().map(|b| b ^ key).collect();
    let address = String::from_utf8(decoded).ok()?;
    address.contains('@').then_some(address)
}

/// An email label or `mailto:` earlier on the line: an address is meant there.
static LABEL_ON_LINE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let labels: Vec<String> = lists::contact_labels(LabelUse::Split)
        .iter()
        .map(|l| regex::escape(l).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(
        r"(?-u:\b)(?i:{}|e-mail|m[ée]l|mailto)(?-u:\b)",
        labels.join("|")
    ))
    .expect("valid regex")
});

/// An email label right before a position, with its colon: `E-mail: `, `Courriel : `.
pub(crate) static LABEL_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let labels: Vec<String> = lists::contact_labels(LabelUse::Split)
        .iter()
        .map(|l| regex::escape(l).replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(
        r"(?-u:\b)(?i:{}|e-mail|m[ée]l)[^\S\n]*[:.]?[^\S\n]*$",
        labels.join("|")
    ))
    .expect("valid regex")
});

/// Generic top-level domains that press releases use; two-letter ones are country codes.
const GENERIC_TLDS: &[&str] = &[
    "aero",
    "africa",
    "agency",
    "app",
    "art",
    "asia",
    "bank",
    "berlin",
    "biz",
    "blog",
    "cat",
    "center",
    "church",
    "city",
    "cloud",
    "club",
    "com",
    "consulting",
    "coop",
    "design",
    "dev",
    "edu",
    "email",
    "energy",
    "eus",
    "events",
    "foundation",
    "gal",
    "global",
    "gov",
    "green",
    "group",
    "health",
    "info",
    "int",
    "io",
    "jobs",
    "law",
    "legal",
    "live",
    "london",
    "media",
    "mil",
    "mobi",
    "museum",
    "name",
    "net",
    "network",
    "news",
    "ngo",
    "ong",
    "online",
    "org",
    "paris",
    "post",
    "press",
    "pro",
    "quebec",
    "radio",
    "school",
    "science",
    "scot",
    "site",
    "social",
    "solutions",
    "space",
    "store",
    "studio",
    "swiss",
    "tech",
    "tel",
    "today",
    "travel",
    "tv",
    "university",
    "vlaanderen",
    "wales",
    "website",
    "wiki",
    "work",
    "world",
    "xyz",
    "zone",
];

/// True when the domain ends with a top-level domain that exists: a country code (the regions
/// of libphonenumber's metadata, and `uk`, `eu`, `su`, `ac`), a generic one of
/// [`GENERIC_TLDS`] or an internationalised one (`xn--`).
pub fn has_known_tld(domain: &str) -> bool {
    let Some((_, tld)) = domain.trim_end_matches('.').rsplit_once('.') else {
        return false;
    };
    let tld = tld.to_ascii_lowercase();
    if tld.len() == 2 {
        return ["uk", "eu", "su", "ac"].contains(&tld.as_str())
            || crate::phone::region(&tld).is_some();
    }
    GENERIC_TLDS.contains(&tld.as_str()) || tld.starts_with("xn--") && tld.len() > 4
}

/// An address that may be written with full-width or look-alike characters (`＠`, `．`).
static CONFUSABLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\w.!#$%&'*+/=?^`{|}~-]+[@＠][\w-]+(?:[.．。｡][\w-]+)+").expect("valid regex")
});

/// An address written with full-width or look-alike characters: its range and its ASCII form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confusable {
    pub range: Range<usize>,
    pub ascii: String,
}

/// Finds addresses written with full-width characters (`ｐｒｅｓｓ＠ｅｘａｍｐｌｅ．ｏｒｇ`), or
/// with Cyrillic or Greek letters among Latin ones in a part of the domain (`exаmple.org` with
/// a Cyrillic `а`), whose ASCII form is a valid address. Addresses wholly in another script
/// (`почта@пример.рф`) are no confusion.
pub fn confusables(text: &str) -> Vec<Confusable> {
    let bytes = text.as_bytes();
    if !may_hold_confusable(bytes) {
        return Vec::new();
    }
    let at = memchr::memchr_iter(b'@', bytes).chain(memchr::memmem::find_iter(bytes, "＠"));
    let lines = lines_around(text, at);
    let mut out = Vec::new();
    for line in &lines {
        for m in CONFUSABLE_RE.find_iter(&text[line.clone()]) {
            let written = trim_trailing_punctuation(m.as_str());
            if written.is_ascii() {
                continue;
            }
            let Some(ascii) = confusable_to_ascii(written) else {
                continue;
            };
            if ascii != written && is_valid_address(&ascii) {
                let start = line.start + m.start();
                out.push(Confusable {
                    range: start..start + written.len(),
                    ascii,
                });
            }
        }
    }
    out
}

/// Whether a text may hold an address that [`confusables`] reports: a full-width `＠`, or an
/// `@` in a word (between ASCII white space) with a non-ASCII byte. Every match of
/// [`CONFUSABLE_RE`] holds an `@` or `＠` and no white space, so it lies within such a word;
/// one that is all ASCII is never reported. Texts without one (most) skip the expression,
/// whose compilation (its `\w` classes) cost more than the rest of the rule.
fn may_hold_confusable(bytes: &[u8]) -> bool {
    if memchr::memmem::find(bytes, "＠".as_bytes()).is_some() {
        return true;
    }
    let mut checked_to = 0;
    memchr::memchr_iter(b'@', bytes).any(|at| {
        if at < checked_to {
            return false;
        }
        let start = bytes[..at]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |i| i + 1)
            .max(checked_to);
        let end = bytes[at..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |i| at + i);
        checked_to = end;
        !bytes[start..end].is_ascii()
    })
}

/// The ASCII form of an address written with full-width characters, or with look-alike letters
/// of another script in a label that also has Latin letters; `None` when other non-ASCII
/// letters remain (an internationalised address).
fn confusable_to_ascii(address: &str) -> Option<String> {
    let wide: String = address.chars().map(unwiden).collect();
    let mut out = String::with_capacity(wide.len());
    let mut rest = wide.as_str();
    loop {
        let end = rest.find(['@', '.']).unwrap_or(rest.len());
        let part = &rest[..end];
        let latin = part.chars().any(|c| c.is_ascii_alphabetic());
        for c in part.chars() {
            match look_alike(c) {
                Some(a) if latin => out.push(a),
                _ if c.is_ascii() => out.push(c),
                _ => return None,
            }
        }
        if end == rest.len() {
            return Some(out);
        }
        out.push(char::from(rest.as_bytes()[end]));
        rest = &rest[end + 1..];
    }
}

/// The ASCII character of a full-width form (`Ａ` for `A`), and ideographic full stops.
fn unwiden(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3002}' | '\u{ff61}' => '.',
        _ => c,
    }
}

/// The Latin letter a Cyrillic or Greek letter cannot be told from.
fn look_alike(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'е' => 'e',
        'о' | 'ο' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ӏ' => 'l',
        _ => return None,
    })
}

/// Finds every address and remnant of one.
pub fn scan(text: &str) -> Vec<Mention> {
    let bytes = text.as_bytes();
    let has_at = memchr::memchr(b'@', bytes).is_some();
    let maybe_obfuscated = memchr::memchr3(b'[', b'(', b'{', bytes).is_some();
    let maybe_protected = (FINDERS.protect.find(bytes).is_some()
        || FINDERS.cfemail.find(bytes).is_some())
        && may_be_protected(bytes);
    if !has_at && !maybe_obfuscated && !maybe_protected {
        return Vec::new();
    }
    let mut out: Vec<Mention> = Vec::new();
    if maybe_protected {
        for c in PROTECTED_RE.captures_iter(text) {
            let whole = c.get(0).expect("whole match");
            let address = c
                .get(1)
                .or(c.get(2))
                .and_then(|hex| decode_cfemail(hex.as_str()))
                .unwrap_or_default();
            out.push(Mention {
                valid: is_valid_address(&address),
                range: whole.range(),
                address,
                kind: Kind::Protected,
                label_gap: None,
            });
        }
    }
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
    // A `mailto:` counts on a line with an `@` (the address it links to), whatever the rest of
    // the text holds, so that a line is judged by itself: the lines with an `@` are read for
    // one, not the whole text.
    let mailto_lines = mailto_lines(bytes, &at_lines);
    if !mailto_lines.is_empty() {
        mark(&mut taken, &out);
        let remnant_lines = with_cut_tags(bytes, &mailto_lines);
        for [whole, target, shown] in groups_in(Forms::Remnant, text, &remnant_lines) {
            let target = text[target.expect("group 1 always takes part")].to_string();
            let shown = shown.expect("group 2 always takes part");
            let range = whole.expect("whole match").start..shown.end;
            if overlaps(&taken, &range) {
                continue;
            }
            let address = text[shown].to_string();
            out.push(Mention {
                valid: is_valid_address(&address),
                range,
                address,
                kind: Kind::Remnant { target },
                label_gap: None,
            });
        }
        mark(&mut taken, &out);
        for [whole, target, _] in groups_in(Forms::Mailto, text, &mailto_lines) {
            let range = whole.expect("whole match");
            if overlaps(&taken, &range) {
                continue;
            }
            let target = &text[target.expect("group 1 always takes part")];
            let address = trim_trailing_punctuation(target).to_string();
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
        lines_around(text, obfuscation_hints(text).into_iter())
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
                let space_before = local.len() < at;
                let space_after = written[at + 1..].starts_with(char::is_whitespace);
                let spaced = space_before || space_after;
                // Asked only where it decides (a spaced or invalid address): a text whose
                // addresses are all valid never compiles the labels' expression.
                let labelled = || LABEL_ON_LINE_RE.is_match(&text[line.start..start]);
                if spaced && !domain.contains('.') {
                    // `nous @OIM` is a handle, not an address.
                    continue;
                }
                if space_before && !space_after && !labelled() {
                    // `TikTok-Nutzerin @thita.vy`, `2020 @frau-sabienes.de`: a handle after a
                    // word, unless an email label says an address is meant.
                    continue;
                }
                let address = [local, "@", domain].concat();
                let valid = !spaced && is_valid_address(&address);
                if !valid && !labelled() && !has_known_tld(domain) {
                    // `Women@Work`, `Edit@r`, `Hi@all`: a word with an `@` inside, or an `@`
                    // with nothing like a domain after it; only an email label makes it an
                    // address.
                    continue;
                }
                out.push(Mention {
                    valid,
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

/// Where the matches of [`OBFUSCATION_HINT_RE`] start, in order, as its `find_iter` over the
/// whole text finds them, read at each `[`, `(` or `{` of the text without the expression: every
/// match starts with one, and holds no other, so that the matches are the brackets where
/// [`hint_after`] holds (`obfuscation_hints_are_the_matches_over_the_whole_text`).
fn obfuscation_hints(text: &str) -> Vec<usize> {
    memchr::memchr3_iter(b'[', b'(', b'{', text.as_bytes())
        .filter(|&at| hint_after(&text[at + 1..]))
        .collect()
}

/// Whether `rest`, the text after an opening bracket, starts as the rest of a match of
/// [`OBFUSCATION_HINT_RE`]: white space but `\n`, `at`, `arobase`, `arroba` (in any case, with
/// the `ſ` that Unicode folds with `s`) or `@`, white space but `\n`, a closing bracket. (The
/// words differ by their second or third letter: one at most is there.)
fn hint_after(rest: &str) -> bool {
    let space = |c: char| c.is_whitespace() && c != '\n';
    let rest = rest.trim_start_matches(space);
    let word_end = if rest.starts_with('@') {
        Some(1)
    } else {
        ["at", "arobase", "arroba"]
            .iter()
            .find_map(|w| folded_prefix(rest, w))
    };
    word_end.is_some_and(|end| {
        rest[end..]
            .trim_start_matches(space)
            .starts_with([']', ')', '}'])
    })
}

/// The length of the start of `s` that is `word` (lower-case ASCII letters) as Unicode's simple
/// case folding reads it: each letter in either case, `s` also as `ſ`.
fn folded_prefix(s: &str, word: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    for w in word.chars() {
        let (_, c) = chars.next()?;
        if c.to_ascii_lowercase() != w && !(w == 's' && c == 'ſ') {
            return None;
        }
    }
    Some(chars.next().map_or(s.len(), |(i, _)| i))
}

/// The searchers of the words the scan looks for, built once: `memmem::find` builds its
/// searcher at each call, which costs more than reading a line.
struct Finders {
    protect: memchr::memmem::Finder<'static>,
    cfemail: memchr::memmem::Finder<'static>,
    mailto: memchr::memmem::Finder<'static>,
    mailto_upper: memchr::memmem::Finder<'static>,
    mailto_back: memchr::memmem::FinderRev<'static>,
    mailto_upper_back: memchr::memmem::FinderRev<'static>,
}

static FINDERS: LazyLock<Finders> = LazyLock::new(|| Finders {
    protect: memchr::memmem::Finder::new(b"protect"),
    cfemail: memchr::memmem::Finder::new(b"cfemail"),
    mailto: memchr::memmem::Finder::new(b"ailto:"),
    mailto_upper: memchr::memmem::Finder::new(b"AILTO:"),
    mailto_back: memchr::memmem::FinderRev::new(b"ailto:"),
    mailto_upper_back: memchr::memmem::FinderRev::new(b"AILTO:"),
});

/// The lines of `at_lines` that hold `mailto:` in the cases the scan reads (its first letter in
/// either case, the others all lower or all upper case).
fn mailto_lines(bytes: &[u8], at_lines: &[Range<usize>]) -> Vec<Range<usize>> {
    at_lines
        .iter()
        .filter(|l| {
            let line = &bytes[(*l).clone()];
            FINDERS.mailto.find(line).is_some() || FINDERS.mailto_upper.find(line).is_some()
        })
        .cloned()
        .collect()
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

/// `lines` (sorted, disjoint), each with the line after it when the anchor of its last
/// `mailto:` is not closed on it (a scrape cut the tag: `title=` / `"">a@b.org`); lines that
/// then overlap are merged.
fn with_cut_tags(bytes: &[u8], lines: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(lines.len());
    for l in lines {
        let line = &bytes[l.clone()];
        let last = FINDERS
            .mailto_back
            .rfind(line)
            .into_iter()
            .chain(FINDERS.mailto_upper_back.rfind(line))
            .max();
        let cut = last.is_some_and(|at| memchr::memchr(b'>', &line[at..]).is_none());
        let mut end = l.end;
        if cut && end < bytes.len() {
            // The next line, after a `\r\n` or a `\n`.
            let next = if bytes[end..].starts_with(b"\r\n") {
                end + 2
            } else {
                end + 1
            };
            end = memchr::memchr2(b'\n', b'\r', &bytes[next..]).map_or(bytes.len(), |i| next + i);
        }
        match out.last_mut() {
            Some(prev) if l.start <= prev.end => prev.end = prev.end.max(end),
            _ => out.push(l.start..end),
        }
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

/// A pattern read in two forms: as written, and its [`ascii_form`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Forms {
    Remnant,
    Mailto,
}

impl Forms {
    fn unicode(self) -> &'static Regex {
        match self {
            Forms::Remnant => &REMNANT_RE,
            Forms::Mailto => &MAILTO_RE,
        }
    }

    fn ascii(self) -> &'static regex::bytes::Regex {
        match self {
            Forms::Remnant => &REMNANT_ASCII_RE,
            Forms::Mailto => &MAILTO_ASCII_RE,
        }
    }
}

/// The groups of a pattern's matches in a line ([`line_groups`]).
type Groups = Vec<[Option<Range<usize>>; 3]>;

/// The whole match and the first two groups of each match of a pattern in each of `lines`, in
/// `text`'s offsets ([`line_groups`] of each line).
fn groups_in(forms: Forms, text: &str, lines: &[Range<usize>]) -> Groups {
    let mut out = Vec::new();
    for l in lines {
        let at = |r: &Option<Range<usize>>| r.as_ref().map(|r| l.start + r.start..l.start + r.end);
        out.extend(
            line_groups(forms, &text[l.clone()])
                .iter()
                .map(|g| [at(&g[0]), at(&g[1]), at(&g[2])]),
        );
    }
    out
}

/// The whole match and the first two groups of each match of a pattern in a line, in the
/// line's offsets, remembered per thread: finding a match's groups takes the regex engine's
/// bounded backtracker (some 20,000 instructions for a 40-byte `"mailto:a@b.org">a@b.org`,
/// several times the rest of the scan of the text), while the lines of `mailto:` recur (a
/// press office's address in each of its releases; a document analysed again at each edit).
/// A line that is all ASCII (the remnants, mostly) is read by the pattern's [`ascii_form`],
/// the others by the pattern as written.
fn line_groups(forms: Forms, line: &str) -> Groups {
    thread_local! {
        /// A table per form, looked up by the line itself (a key of the form and a copy of
        /// the line was an allocation at every lookup).
        static MEMO: std::cell::RefCell<[std::collections::HashMap<Box<str>, Groups>; 2]> =
            Default::default();
    }
    // Each table's share of the 20,000 lines remembered.
    const MEMO_CAPACITY: usize = 10_000;
    // Longer lines are not remembered: the memo's keys would copy them, 20,000 of them up to
    // the size of a huge file (whose lines do not recur anyway).
    const MEMO_LINE_MAX: usize = 1 << 10;
    let table = forms as usize;
    let remember = line.len() <= MEMO_LINE_MAX;
    if remember {
        if let Some(hit) = MEMO.with(|m| m.borrow()[table].get(line).cloned()) {
            return hit;
        }
    }
    let groups: Groups = if line.is_ascii() {
        forms
            .ascii()
            .captures_iter(line.as_bytes())
            .map(|c| [0, 1, 2].map(|i| c.get(i).map(|m| m.range())))
            .collect()
    } else {
        forms
            .unicode()
            .captures_iter(line)
            .map(|c| [0, 1, 2].map(|i| c.get(i).map(|m| m.range())))
            .collect()
    };
    if remember {
        MEMO.with(|m| {
            let m = &mut m.borrow_mut()[table];
            if m.len() >= MEMO_CAPACITY {
                m.clear();
            }
            m.insert(line.into(), groups.clone());
        });
    }
    groups
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
/// top-level domain of letters. Remembered per thread ([`is_valid_address_uncached`] is the
/// judgement, some 2,500 instructions): a press office's addresses recur in its releases, and
/// a document is analysed again at each edit.
pub fn is_valid_address(address: &str) -> bool {
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<String, bool>> =
            Default::default();
    }
    const MEMO_CAPACITY: usize = 20_000;
    if let Some(hit) = MEMO.with(|m| m.borrow().get(address).copied()) {
        return hit;
    }
    let valid = is_valid_address_uncached(address);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_CAPACITY {
            m.clear();
        }
        m.insert(address.to_string(), valid);
    });
    valid
}

/// [`is_valid_address`], judged each time.
fn is_valid_address_uncached(address: &str) -> bool {
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

    /// The lines with an `@` that hold a `mailto:` are the lines around the `mailto:`s of the
    /// whole text that hold an `@`, as the scan first found them.
    #[test]
    fn mailto_lines_are_the_lines_of_the_whole_text_s_mailtos_with_an_at() {
        let pieces = [
            "mailto:", "MAILTO:", "Mailto:", "ailto", ":", "@", "a", " ", "\n", "\r", "\r\n", "é",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 20_000, 30);
        let mut found = 0;
        for t in &texts {
            let bytes = t.as_bytes();
            let mailto = memchr::memmem::find_iter(bytes, b"ailto:")
                .chain(memchr::memmem::find_iter(bytes, b"AILTO:"));
            let mut whole = lines_around(t, mailto);
            whole.retain(|l| memchr::memchr(b'@', &bytes[l.clone()]).is_some());
            found += whole.len();
            let at_lines = lines_around(t, memchr::memchr_iter(b'@', bytes));
            assert_eq!(mailto_lines(bytes, &at_lines), whole, "{t:?}");
        }
        assert!(found > 5_000, "{found}");
    }

    /// The hints found line by line are those of the expression over the whole text.
    #[test]
    fn obfuscation_hints_are_the_matches_over_the_whole_text() {
        let pieces = [
            "[",
            "(",
            "{",
            "]",
            ")",
            "}",
            "at",
            "AT",
            "aT",
            "arobase",
            "AROBASE",
            "aroba",
            "\u{17f}e",
            "arroba",
            "ArRoBa",
            "a",
            "t",
            "r",
            "@",
            "＠",
            " ",
            "\t",
            "\n",
            "\r",
            "\r\n",
            "\u{a0}",
            "\u{2009}",
            "\u{85}",
            "\u{3000}",
            "x",
            "é",
            "dot",
            "[at]",
            "(ARROBA)",
            "{ aroba\u{17f}e }",
            "[\u{a0}@ ]",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 20_000, 30);
        let mut found = 0;
        for t in &texts {
            let whole: Vec<usize> = OBFUSCATION_HINT_RE
                .find_iter(t)
                .map(|m| m.start())
                .collect();
            found += whole.len();
            assert_eq!(super::obfuscation_hints(t), whole, "{t:?}");
        }
        assert!(found > 2_000, "{found}");
    }

    /// The groups of a line are those of the pattern as written, whether the line is read by the
    /// ASCII form (all ASCII) or not, and whether the memo answers.
    #[test]
    fn ascii_forms_find_the_groups_of_the_patterns() {
        let pieces = [
            "<a",
            "<A",
            " ",
            "  ",
            "\t",
            "\n",
            "\r",
            "\x0b",
            "\x0c",
            "href",
            "HREF",
            "=",
            "\"",
            "'",
            "mailto:",
            "MAILTO:",
            "Mailto:",
            "mailtos:",
            "a@b.org",
            "x.y@iom.int",
            "@",
            ">",
            "</a>",
            "</A>",
            " target=\"_blank\"",
            " title=",
            "data-x",
            ":",
            "-",
            "_",
            ".",
            ",",
            ";",
            ")",
            "(",
            "<",
            "k",
            "s",
            "K",
            "S",
            "x",
            "1",
            "a",
            "é",
            "\u{a0}",
            "\u{2028}",
            "\"mailto:a@b.org\">a@b.org ",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 30_000, 24);
        let mut found = [0, 0];
        for t in &texts {
            for (i, forms) in [Forms::Remnant, Forms::Mailto].into_iter().enumerate() {
                let groups = |c: regex::Captures| [0, 1, 2].map(|g| c.get(g).map(|m| m.range()));
                let expected: Vec<_> = forms.unicode().captures_iter(t).map(groups).collect();
                found[i] += expected.len();
                // Read twice: the second answer is the memo's.
                for _ in 0..2 {
                    assert_eq!(line_groups(forms, t), expected, "{t:?}");
                }
                let with_offset = format!("é\n{t}");
                let shifted: Vec<_> = expected
                    .iter()
                    .map(|g| g.clone().map(|r| r.map(|r| r.start + 3..r.end + 3)))
                    .collect();
                let line = 3..with_offset.len();
                assert_eq!(
                    groups_in(forms, &with_offset, std::slice::from_ref(&line)),
                    shifted
                );
            }
        }
        assert!(found[0] > 1_000 && found[1] > 2_000, "{found:?}");
        // Lines too long to be remembered are read each time, with the same answers.
        for t in texts.iter().filter(|t| !t.is_empty()).take(300) {
            let long = t.repeat(1_100 / t.len() + 1);
            for forms in [Forms::Remnant, Forms::Mailto] {
                let groups = |c: regex::Captures| [0, 1, 2].map(|g| c.get(g).map(|m| m.range()));
                let expected: Vec<_> = forms.unicode().captures_iter(&long).map(groups).collect();
                for _ in 0..2 {
                    assert_eq!(line_groups(forms, &long), expected, "{long:?}");
                }
            }
        }
    }

    /// The remembered judgement is the judgement, asked once or again.
    #[test]
    fn remembered_validity_is_the_judgement() {
        let pieces = [
            "a",
            "B",
            "1",
            ".",
            "..",
            "@",
            "-",
            "_",
            "+",
            "\"",
            "[",
            "]",
            "org",
            "fr",
            "int",
            "zzz",
            "xn--p1ai",
            "é",
            " ",
            "localhost",
            "test",
        ];
        let parts = crate::testing::texts_of_pieces(&pieces, 10_000, 6);
        let tlds = ["org", "fr", "zzz", "xn--p1ai", "test", "a1"];
        let mut texts = parts.clone();
        for (i, p) in parts.iter().enumerate() {
            let domain = &parts[(i * 7 + 3) % parts.len()];
            texts.push(format!("{p}@{domain}.{}", tlds[i % tlds.len()]));
            texts.push(format!("x{p}@iom.{}", tlds[i % tlds.len()]));
        }
        let mut valid = 0;
        for _ in 0..2 {
            for t in &texts {
                let judged = is_valid_address_uncached(t);
                valid += usize::from(judged);
                assert_eq!(is_valid_address(t), judged, "{t:?}");
            }
        }
        assert!(valid > 2_000, "{valid}");
    }

    #[test]
    fn every_protected_form_holds_a_hint() {
        let pieces = [
            "<a href=\"",
            "<A HREF='",
            "https://www.example.org",
            "/cdn-cgi/l/email-protection",
            "/CDN-CGI/L/EMAIL-PROTECTION",
            "#",
            "4f2a",
            "\"",
            "'",
            ">",
            "[email",
            "[EMAIL",
            "&#160;",
            "&NBSP;",
            " ",
            "\n",
            "protected]",
            "Protected]",
            "</a>",
            "<span ",
            "data-cfemail",
            "DATA-CFEMAIL",
            "=",
            "</span>",
            "protection des migrants",
            "x",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 20_000, 10);
        let mut matched = 0;
        for text in &texts {
            if PROTECTED_RE.is_match(text) {
                matched += 1;
                assert!(may_be_protected(text.as_bytes()), "{text:?}");
            }
        }
        assert!(matched > 2_000, "{matched}");
        assert!(!may_be_protected(
            b"la protection des migrants, email - protect"
        ));
    }

    #[test]
    fn only_words_with_an_at_and_other_letters_are_read_for_confusables() {
        for (text, may) in [
            ("Email: press@example.org, Tél. 01", false),
            ("Email: press@exаmple.org", true),
            ("press＠example．org", true),
            ("é\npress@example.org é", false),
            ("a@b.org c@dé.org", true),
            ("no address here", false),
        ] {
            assert_eq!(may_hold_confusable(text.as_bytes()), may, "{text:?}");
            // What the filter lets pass is what the pattern reports.
            if !may {
                assert!(CONFUSABLE_RE
                    .find_iter(text)
                    .all(|m| trim_trailing_punctuation(m.as_str()).is_ascii()));
            }
        }
        assert_eq!(
            confusables("Email: press@exаmple.org")[0].ascii,
            "press@example.org"
        );
    }

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

    /// An anchor with more attributes than its link, its tag cut by a line break: the remnant
    /// is the whole of it.
    #[test]
    fn remnant_with_other_attributes() {
        for (t, whole) in [
            (
                "E-mail : \"mailto:jgallo@oim.org.co\" target=\"_blank\" title=\"\">jgallo@oim.org.co\n",
                "\"mailto:jgallo@oim.org.co\" target=\"_blank\" title=\"\">jgallo@oim.org.co",
            ),
            (
                "E-mail : \"mailto:jgallo@oim.org.co\" target=\"_blank\" title=\n\"\">jgallo@oim.org.co\nFin\n",
                "\"mailto:jgallo@oim.org.co\" target=\"_blank\" title=\n\"\">jgallo@oim.org.co",
            ),
            (
                "<a href=\"mailto:a@b.org\" class='mail' rel=nofollow>a@b.org</a> ou\r\n",
                "<a href=\"mailto:a@b.org\" class='mail' rel=nofollow>a@b.org",
            ),
            (
                "\"mailto:a@b.org\"\ndata-x=\"1\">a@b.org\n",
                "\"mailto:a@b.org\"\ndata-x=\"1\">a@b.org",
            ),
        ] {
            let m = scan(t);
            assert_eq!(m.len(), 1, "{t:?}: {m:?}");
            assert!(matches!(m[0].kind, Kind::Remnant { .. }), "{t:?}: {m:?}");
            assert_eq!(&t[m[0].range.clone()], whole, "{t:?}");
        }
        // A `mailto:` whose anchor closes on its line does not reach into the next.
        let t = "Contact mailto:a@b.org\n\">a@b.org\n";
        assert!(
            scan(t)
                .iter()
                .all(|m| !matches!(m.kind, Kind::Remnant { .. })),
            "{:?}",
            scan(t)
        );
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
        assert!(!kinds("E-mail: x@iom")[0].2);
        assert!(kinds("Suivez-nous @OIM et (voir) le site").is_empty());
    }

    #[test]
    fn handles_and_words_with_an_at_are_no_addresses() {
        for t in [
            "Folgen Sie der TikTok-Nutzerin @thita.vy auf",
            "Seit 2020 @frau-sabienes.de online",
            "Das Netzwerk Women@Work trifft sich",
            "Edit@r und M@rkt, Hi@all!",
            "Gewinner@ 2024",
        ] {
            assert!(scan(t).is_empty(), "{t}: {:?}", scan(t));
        }
        assert_eq!(scan("E-mail: Hi@all")[0].address, "Hi@all");
        assert_eq!(scan("E-mail: anna @example.org")[0].kind, Kind::Spaced);
        assert!(!scan("Write to anna..lee@example.org")[0].valid);
        assert!(scan("Write to anna..lee@example.zzz").is_empty());
    }

    #[test]
    fn tlds() {
        for d in ["iom.int", "a.fr", "b.co.uk", "c.ngo", "x.xn--p1ai"] {
            assert!(has_known_tld(d), "{d}");
        }
        for d in ["thita.vy", "x.zzz", "work", "a.1", "all.xy", "m.zz"] {
            assert!(!has_known_tld(d), "{d}");
        }
    }
}
