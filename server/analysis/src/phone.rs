//! Finding phone numbers in a text and judging them with libphonenumber's metadata.
//!
//! A number is only looked for where a reader would see one: after a `+`, or after a label such
//! as `Tel:` or `Tél.`. Dates, amounts and other plain numbers are never read as phones.

use std::ops::Range;
use std::sync::LazyLock;

use phonenumber::country::Id;
use phonenumber::{Mode, PhoneNumber, Type};
use regex::Regex;

use super::places;
use crate::config::{PhoneFormat, Settings};
use crate::lexicon::lists::{self, LabelUse};

/// A phone number written in the text.
#[derive(Debug, Clone)]
pub struct Mention {
    /// The bytes of the number as written.
    pub range: Range<usize>,
    /// `+`, the country code and the digits as written, even when the number is invalid
    /// (`None` when the country is unknown).
    pub written_e164: Option<String>,
    /// The region the number belongs to, and how it was found.
    pub region: Option<Id>,
    pub region_source: RegionSource,
    /// Whether the metadata says the number exists.
    pub valid: bool,
    pub kind: Option<Type>,
    /// What is wrong with the way it is written, in reading order.
    pub problems: Vec<Problem>,
    /// The digit groups differ from the usual ones, and nothing else is wrong.
    pub unusual_grouping: bool,
    /// The number in the configured format, when it is valid.
    pub formatted: Option<String>,
    /// The international format, when it is valid.
    pub international: Option<String>,
    /// A known renumbering that turns an invalid number into a valid one.
    pub migration: Option<Migrated>,
}

impl Mention {
    /// A mention not judged yet: invalid until the metadata says otherwise.
    fn unjudged(range: Range<usize>, region_source: RegionSource) -> Mention {
        Mention {
            range,
            written_e164: None,
            region: None,
            region_source,
            valid: false,
            kind: None,
            problems: Vec::new(),
            unusual_grouping: false,
            formatted: None,
            international: None,
            migration: None,
        }
    }
}

/// How the region of a number was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionSource {
    /// From the country code written with the number.
    CountryCode,
    /// From `phone.default-region` in the configuration.
    Configured,
    /// From a place named near the number (the name as written).
    Nearby(String),
    /// Nowhere: a national number with no region in sight.
    Unknown,
}

/// A way a valid number is written wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// `+ 509 …`: a space between `+` and the country code.
    SpaceAfterPlus,
    /// `2212.5352`: dots between digit groups.
    Dots,
    /// `+1876 …`: the country code run into the area code.
    GluedCountryCode,
    /// `+44 (0)20 …`: the national trunk prefix kept after the country code.
    TrunkPrefix,
    /// A national number written without its country code.
    MissingCountryCode,
}

impl Problem {
    pub fn describe(self) -> &'static str {
        match self {
            Problem::SpaceAfterPlus => "a space after `+`",
            Problem::Dots => "dots between the digit groups",
            Problem::GluedCountryCode => "the country code run into the area code",
            Problem::TrunkPrefix => "the national trunk prefix kept after the country code",
            Problem::MissingCountryCode => "no country code",
        }
    }
}

/// A number moved by a national renumbering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrated {
    pub new_number: String,
    pub explanation: &'static str,
}

/// A renumbering tamis knows of: old national numbers matching `old` become `new_prefix`
/// followed by the old national number, written in `groups`.
struct Migration {
    country_code: u16,
    old: &'static str,
    new_prefix: &'static str,
    groups: &'static [usize],
    explanation: &'static str,
}

/// Colombia, 1 September 2021: fixed lines gained `60` before their one-digit area code
/// (Bogotá `1` became `601`), as announced by the regulator (CRC resolution 5826 of 2019), which
/// writes them `601 XXX XXXX`.
const MIGRATIONS: &[Migration] = &[Migration {
    country_code: 57,
    old: r"^[1245678]\d{7}$",
    new_prefix: "60",
    groups: &[3, 3, 4],
    explanation:
        "Colombia renumbered its fixed lines in 2021: the one-digit area code gained a `60` prefix",
}];

/// The words that start a phone label, found case-insensitively in one pass: the contact labels
/// of use `scan` in `data/lexicon/contact-labels.tsv`.
static LABEL_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(lists::contact_labels(LabelUse::Scan))
        .expect("valid word list")
});

/// A phone label and what separates it from the number (`Tel: `, `Tél. `, `Phone (office): `),
/// matched where one of [`LABEL_WORDS`] starts.
static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:t[ée]l[ée]?(?:phone|[ée]fono)?|phone|fax|mobile?|cell|portable|m[oó]vil|gsm|whatsapp)(?-u:\b)\.?[ \t]*(?:\([^)\n]{0,20}\))?[ \t]*[:.]?[ \t]*",
    )
    .expect("valid regex")
});

/// The number right after a label.
static LABELLED_NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\+?[ \t\u{a0}]?\(?\d[\d \t\u{a0}().\-/]{2,22}\d").expect("valid regex")
});

/// A number written with `+`, matched where a `+` stands.
static PLUS_AT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\+[ \t\u{a0}]?\(?\d[\d \t\u{a0}().\-/]{4,26}\d").expect("valid regex")
});

static THOUSANDS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\+[ \u{a0}]?\d{1,3}(?:[ .\u{a0}]\d{3})+$").expect("valid regex")
});

/// Finds and judges every phone number in a text.
pub fn scan(text: &str, settings: &Settings) -> Vec<Mention> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // Numbers with `+`: the pattern runs only where a `+` stands, on a short window.
    let mut next_free = 0;
    for at in memchr::memchr_iter(b'+', bytes) {
        if at < next_free || super::text::word_before(text, at) {
            continue;
        }
        let window_end = floor_boundary(text, (at + 64).min(text.len()));
        let Some(m) = PLUS_AT_RE.find(&text[at..window_end]) else {
            continue;
        };
        let range = at..at + m.end();
        next_free = range.end;
        if looks_like_amount(text, range.clone()) || looks_like_date_or_range(m.as_str()) {
            continue;
        }
        if let Some(mention) = judge_international(text, range, settings.config.phone.format) {
            out.push(mention);
        }
    }
    // Numbers after a label, with or without `+`.
    let plus_count = out.len();
    for word in LABEL_WORDS.find_iter(bytes) {
        let at = word.start();
        if super::text::word_before(text, at) {
            continue;
        }
        let label_end = floor_boundary(text, (at + 48).min(text.len()));
        let Some(label) = LABEL_RE.find(&text[at..label_end]) else {
            continue;
        };
        let number_start = at + label.end();
        let window_end = floor_boundary(text, (number_start + 48).min(text.len()));
        let Some(m) = LABELLED_NUMBER_RE.find(&text[number_start..window_end]) else {
            continue;
        };
        let range = number_start..number_start + m.end();
        // The numbers found after `+` are sorted and disjoint: overlap is a binary search.
        let earlier = &out[..plus_count];
        let i = earlier.partition_point(|o| o.range.end <= range.start);
        if i < earlier.len() && earlier[i].range.start < range.end {
            continue;
        }
        if let Some(mention) = judge_labelled(text, range, settings) {
            out.push(mention);
        }
    }
    out.sort_by_key(|m| m.range.start);
    let allow = &settings.config.phone.allow;
    if !allow.is_empty() {
        out.retain(|m| {
            let raw = &text[m.range.clone()];
            !allow
                .iter()
                .any(|a| a == raw || m.written_e164.as_deref() == Some(a.as_str()))
        });
    }
    out
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A `+` followed by thousands groups and a word (`+ 1 000 000 dollars`) is an amount.
fn looks_like_amount(text: &str, range: Range<usize>) -> bool {
    let digit_count = text[range.clone()]
        .bytes()
        .filter(u8::is_ascii_digit)
        .count();
    if !(7..=15).contains(&digit_count) {
        return true;
    }
    if !THOUSANDS_RE.is_match(&text[range.clone()]) {
        return false;
    }
    text[range.end..]
        .trim_start_matches([' ', '\u{a0}'])
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '%' || c == '$' || c == '€')
}

/// The lengths of the digit groups of a written number.
fn groups(s: &str) -> Vec<usize> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect()
}

fn formats(n: &PhoneNumber, format: PhoneFormat) -> (String, String) {
    let international = n.format().mode(Mode::International).to_string();
    let configured = match format {
        PhoneFormat::International => international.clone(),
        PhoneFormat::E164 => n.format().mode(Mode::E164).to_string(),
    };
    (configured, international)
}

fn number_type(n: &PhoneNumber) -> Type {
    n.number_type(&phonenumber::metadata::DATABASE)
}

/// Judges a number written with `+`, remembering the verdict per thread: press offices' numbers
/// recur across a corpus, and the `phonenumber` crate recompiles metadata patterns once its
/// 100-entry cache overflows, which costs far more than the rest of the analysis.
fn judge_international(text: &str, range: Range<usize>, format: PhoneFormat) -> Option<Mention> {
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<(String, PhoneFormat), Option<Mention>>> =
            Default::default();
    }
    const MEMO_CAPACITY: usize = 20_000;
    let key = (text[range.clone()].to_string(), format);
    if let Some(hit) = MEMO.with(|m| m.borrow().get(&key).cloned()) {
        return hit.map(|mut m| {
            m.range = range;
            m
        });
    }
    let verdict = judge_international_uncached(&key.0, 0..key.0.len(), format);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_CAPACITY {
            m.clear();
        }
        m.insert(key, verdict.clone());
    });
    verdict.map(|mut m| {
        m.range = range;
        m
    })
}

fn judge_international_uncached(
    text: &str,
    range: Range<usize>,
    format: PhoneFormat,
) -> Option<Mention> {
    let raw = &text[range.clone()];
    let cleaned = raw
        .replacen("+ ", "+", 1)
        .replace(['.', '\u{a0}', '\t'], " ");
    let all_digits = digits(raw);
    let parsed = phonenumber::parse(None, &cleaned).ok();
    let mut mention = Mention::unjudged(range, RegionSource::CountryCode);
    mention.written_e164 = Some(format!("+{all_digits}"));
    let Some(n) = parsed else {
        return Some(mention);
    };
    let cc = n.code().value();
    mention.region = n.country().id();
    mention.valid = n.is_valid();
    let national_written = all_digits.get(cc.to_string().len()..).unwrap_or_default();
    if !mention.valid {
        // The crate misparses some numbers of shared country codes; judge the digits as written.
        if let Some((region, kind)) = match_descriptors(cc, national_written) {
            mention.valid = true;
            mention.region = Some(region);
            mention.kind = Some(kind);
            let tidy = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
            if raw[1..].starts_with([' ', '\u{a0}', '\t']) {
                mention.problems.push(Problem::SpaceAfterPlus);
            }
            if raw.contains('.') {
                mention.problems.push(Problem::Dots);
            }
            mention.formatted = Some(match format {
                PhoneFormat::International => tidy.clone(),
                PhoneFormat::E164 => format!("+{all_digits}"),
            });
            mention.international = Some(tidy);
            return Some(mention);
        }
        if let Some(fixed) = without_trunk_prefix(cc, national_written) {
            // `+7 8800 555 3535`, `+1 1877 215 5230`, `+7(8)8005553535`: the national trunk
            // prefix kept after the country code.
            mention.valid = true;
            mention.region = fixed.region;
            mention.kind = Some(fixed.kind);
            if raw[1..].starts_with([' ', '\u{a0}', '\t']) {
                mention.problems.push(Problem::SpaceAfterPlus);
            }
            if raw.contains('.') {
                mention.problems.push(Problem::Dots);
            }
            mention.problems.push(Problem::TrunkPrefix);
            mention.formatted = Some(match format {
                PhoneFormat::International => fixed.international.clone(),
                PhoneFormat::E164 => fixed.e164,
            });
            mention.international = Some(fixed.international);
            return Some(mention);
        }
        mention.migration = migrate(cc, &n.national().value().to_string());
        return Some(mention);
    }
    let after_plus = raw[1..].trim_start_matches([' ', '\u{a0}', '\t']);
    if raw[1..].starts_with([' ', '\u{a0}', '\t']) {
        mention.problems.push(Problem::SpaceAfterPlus);
    }
    mention.kind = Some(number_type(&n));
    let (configured, international) = formats(&n, format);
    let e164 = n.format().mode(Mode::E164).to_string();
    let written = groups(after_plus);
    let cc_len = cc.to_string().len();
    if written.len() > 1 && written[0] > cc_len && !raw.contains('(') {
        mention.problems.push(Problem::GluedCountryCode);
    }
    if raw.contains('.') {
        mention.problems.push(Problem::Dots);
    }
    if format!("+{all_digits}") != e164 && raw.contains("(0)") {
        mention.problems.push(Problem::TrunkPrefix);
    }
    mention.unusual_grouping = mention.problems.is_empty()
        && written.len() > 1
        && written != groups(&international)
        && !is_plan_grouping(cc, &n.national().value().to_string(), &written);
    mention.formatted = Some(configured);
    mention.international = Some(international);
    Some(mention)
}

/// A valid number found by dropping a national trunk prefix.
struct Untrunked {
    region: Option<Id>,
    kind: Type,
    e164: String,
    international: String,
}

/// The number that `national` (the digits written after the country code) is once the trunk
/// prefix of a region of the country code is dropped from its start, when that number is valid.
fn without_trunk_prefix(country_code: u16, national: &str) -> Option<Untrunked> {
    let database = &*phonenumber::metadata::DATABASE;
    database
        .by_code(&country_code)?
        .into_iter()
        .find_map(|meta| {
            let rest = national.strip_prefix(meta.national_prefix()?)?;
            valid_national(country_code, rest)
        })
}

/// The number made of a country code and a national number, when it is valid: by the crate,
/// or else by the descriptors of a region of the country code.
fn valid_national(country_code: u16, national: &str) -> Option<Untrunked> {
    if national.is_empty() {
        return None;
    }
    let e164 = format!("+{country_code}{national}");
    let n = phonenumber::parse(None, &e164).ok()?;
    if n.is_valid() {
        return Some(Untrunked {
            region: n.country().id(),
            kind: number_type(&n),
            international: n.format().mode(Mode::International).to_string(),
            e164,
        });
    }
    // The crate misses some valid numbers of shared country codes (`+7 800 …`), and formats
    // them wrongly too: write them with the region's formats.
    let (region, kind) = match_descriptors(country_code, national)?;
    let international = phonenumber::metadata::DATABASE
        .by_code(&country_code)?
        .into_iter()
        .find(|m| m.id().parse::<Id>().ok() == Some(region))
        .and_then(|m| format_by_metadata(m, country_code, national))?;
    Some(Untrunked {
        region: Some(region),
        kind,
        international,
        e164,
    })
}

/// The international form of a national number, written by the first of its region's formats
/// whose leading digits and pattern fit, as libphonenumber does.
fn format_by_metadata(
    meta: &phonenumber::metadata::Metadata,
    country_code: u16,
    national: &str,
) -> Option<String> {
    let formats = if meta.international_formats().is_empty() {
        meta.formats()
    } else {
        meta.international_formats()
    };
    for f in formats {
        if let Some(lead) = f.leading_digits().last() {
            if !anchored(&format!("(?x)^(?:{})", lead.as_str()))
                .is_some_and(|r| r.is_match(national))
            {
                continue;
            }
        }
        let Some(pattern) = anchored(&format!("(?x)^(?:{})$", f.pattern().as_str())) else {
            continue;
        };
        if pattern.is_match(national) {
            let grouped = pattern.replace(national, f.format());
            return Some(format!("+{country_code} {grouped}"));
        }
    }
    None
}

/// A date (`+ 28.01.2022`) or a range of two numbers of the same length (`+2019-2022`) after a
/// `+`: no phone number.
fn looks_like_date_or_range(written: &str) -> bool {
    static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\+[ \t\u{a0}]?(\d{1,2})([./-])(\d{1,2})([./-])(?:\d{4}|\d{2})(?:$|[ \t\u{a0}])",
        )
        .expect("valid regex")
    });
    static RANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\+[ \t\u{a0}]?(\d+)[ \t\u{a0}]*-[ \t\u{a0}]*(\d+)$").expect("valid regex")
    });
    if let Some(c) = DATE_RE.captures(written) {
        let (a, b): (u32, u32) = (c[1].parse().unwrap_or(99), c[3].parse().unwrap_or(99));
        if c[2] == c[4] && (1..=31).contains(&a) && (1..=31).contains(&b) && (a <= 12 || b <= 12) {
            return true;
        }
    }
    RANGE_RE
        .captures(written)
        .is_some_and(|c| c[1].len() == c[2].len())
}

/// The region and type of a national number by matching it, whole, against the descriptors of
/// every region sharing the country code. The `phonenumber` crate misses some valid numbers of
/// shared country codes (`+7 800 …` toll-free numbers in Russia and Kazakhstan) and some special
/// services; this check uses the same metadata the right way.
fn match_descriptors(country_code: u16, national: &str) -> Option<(Id, Type)> {
    let database = &*phonenumber::metadata::DATABASE;
    for meta in database.by_code(&country_code)? {
        let d = meta.descriptors();
        let kinds = [
            (Type::FixedLine, d.fixed_line()),
            (Type::Mobile, d.mobile()),
            (Type::TollFree, d.toll_free()),
            (Type::PremiumRate, d.premium_rate()),
            (Type::SharedCost, d.shared_cost()),
            (Type::PersonalNumber, d.personal_number()),
            (Type::Voip, d.voip()),
            (Type::Pager, d.pager()),
            (Type::Uan, d.uan()),
            (Type::Voicemail, d.voicemail()),
        ];
        for (kind, descriptor) in kinds {
            let Some(descriptor) = descriptor else {
                continue;
            };
            let lengths = descriptor.possible_length();
            if !lengths.is_empty() && !lengths.contains(&(national.len() as u16)) {
                continue;
            }
            if whole_match(descriptor.national_number().as_str(), national) {
                return Some((meta.id().parse().ok()?, kind));
            }
        }
    }
    None
}

/// True when a metadata pattern matches the whole of `national`. Patterns are compiled once
/// (anchored, which the metadata's own matcher does not do) and kept for the process.
fn whole_match(pattern: &str, national: &str) -> bool {
    anchored(&format!("(?x)^(?:{pattern})$")).is_some_and(|r| r.is_match(national))
}

/// A metadata pattern compiled once for the process, with its anchors.
fn anchored(pattern: &str) -> Option<Regex> {
    static CACHE: LazyLock<std::sync::Mutex<std::collections::HashMap<String, Option<Regex>>>> =
        LazyLock::new(Default::default);
    let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
    cache
        .entry(pattern.to_string())
        .or_insert_with(|| Regex::new(pattern).ok())
        .clone()
}

/// True when a number is grouped as its national plan announced it (the grouping a
/// renumbering's fix writes), even where libphonenumber groups it otherwise.
fn is_plan_grouping(country_code: u16, national: &str, written: &[usize]) -> bool {
    MIGRATIONS.iter().any(|m| {
        m.country_code == country_code
            && national.starts_with(m.new_prefix)
            && written.first() == Some(&country_code.to_string().len())
            && written[1..] == *m.groups
    })
}

fn migrate(country_code: u16, national: &str) -> Option<Migrated> {
    static OLD: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        MIGRATIONS
            .iter()
            .map(|m| Regex::new(m.old).expect("valid migration pattern"))
            .collect()
    });
    MIGRATIONS.iter().zip(OLD.iter()).find_map(|(m, old)| {
        if m.country_code != country_code || !old.is_match(national) {
            return None;
        }
        let new_national = format!("{}{}", m.new_prefix, national);
        let n = phonenumber::parse(None, format!("+{country_code}{new_national}")).ok()?;
        if !n.is_valid() || new_national.len() != m.groups.iter().sum::<usize>() {
            return None;
        }
        let mut written = format!("+{country_code}");
        let mut at = 0;
        for g in m.groups {
            written.push(' ');
            written.push_str(&new_national[at..at + g]);
            at += g;
        }
        Some(Migrated {
            new_number: written,
            explanation: m.explanation,
        })
    })
}

/// Judges a number that follows a label such as `Tel:` and has no `+`.
fn judge_labelled(text: &str, range: Range<usize>, settings: &Settings) -> Option<Mention> {
    let raw = &text[range.clone()];
    let d = digits(raw);
    if raw.starts_with('+') {
        if looks_like_date_or_range(raw) {
            return None;
        }
        // After a label, short service numbers (`Tel: +98 9601`) are phones too.
        return (5..=15)
            .contains(&d.len())
            .then(|| judge_international(text, range, settings.config.phone.format))
            .flatten();
    }
    if !(6..=17).contains(&d.len()) {
        return None;
    }
    // `00` is the international prefix in most of the world: `00 509 …` is `+509 …`.
    if let Some(rest) = d.strip_prefix("00").filter(|r| !r.starts_with('0')) {
        let plus = format!("+{rest}");
        let mut mention = judge_international(&plus, 0..plus.len(), settings.config.phone.format)?;
        mention.range = range;
        if mention.valid {
            mention.problems = vec![Problem::MissingCountryCode];
            mention.unusual_grouping = false;
        }
        return Some(mention);
    }
    let (region, source) = if let Some(r) = settings.default_region {
        (Some(r), RegionSource::Configured)
    } else {
        let line_start = text[..range.start]
            .rmatch_indices('\n')
            .nth(2)
            .map_or(0, |(i, _)| i + 1);
        match places::last_place(&text[line_start..range.start]) {
            Some(p) => {
                let name = text[line_start + p.range.start..line_start + p.range.end].to_string();
                (Some(p.region), RegionSource::Nearby(name))
            }
            None => (None, RegionSource::Unknown),
        }
    };
    let mut mention = Mention::unjudged(range, source);
    mention.region = region;
    let Some(region) = region else {
        return Some(mention);
    };
    let cleaned = raw.replace(['.', '\u{a0}', '\t'], " ");
    let n = phonenumber::parse(Some(region), &cleaned).ok()?;
    let cc = n.code().value();
    // The national number with its leading zeros (Italy's `02 …`), as E.164 writes it.
    mention.written_e164 = Some(format!("+{cc}{}", n.national()));
    mention.valid = n.is_valid();
    if !mention.valid {
        // The crate drops too much of some numbers written with their trunk prefix (`8 (800)
        // 555-35-35` in Russia reads as `+75553535`); libphonenumber drops the prefix alone.
        if let Some(fixed) = without_trunk_prefix(cc, &d).or_else(|| valid_national(cc, &d)) {
            mention.written_e164 = Some(fixed.e164.clone());
            mention.valid = true;
            mention.kind = Some(fixed.kind);
            mention.problems.push(Problem::MissingCountryCode);
            mention.formatted = Some(match settings.config.phone.format {
                PhoneFormat::International => fixed.international.clone(),
                PhoneFormat::E164 => fixed.e164,
            });
            mention.international = Some(fixed.international);
            return Some(mention);
        }
    }
    if mention.valid {
        mention.kind = Some(number_type(&n));
        mention.problems.push(Problem::MissingCountryCode);
        let (configured, international) = formats(&n, settings.config.phone.format);
        mention.formatted = Some(configured);
        mention.international = Some(international);
    } else {
        mention.migration = migrate(cc, &n.national().value().to_string());
    }
    Some(mention)
}

/// A human name for a number type.
pub fn type_name(t: Type) -> &'static str {
    match t {
        Type::FixedLine => "fixed line",
        Type::Mobile => "mobile",
        Type::FixedLineOrMobile => "fixed line or mobile",
        Type::TollFree => "toll free",
        Type::PremiumRate => "premium rate",
        Type::SharedCost => "shared cost",
        Type::PersonalNumber => "personal number",
        Type::Voip => "VoIP",
        Type::Pager => "pager",
        Type::Uan => "universal access number",
        Type::Emergency => "emergency",
        Type::Voicemail => "voicemail",
        Type::ShortCode => "short code",
        Type::StandardRate => "standard rate",
        Type::Carrier => "carrier",
        Type::NoInternational => "not reachable from abroad",
        Type::Unknown => "unknown type",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Mention {
        let m = scan(text, &Settings::default());
        assert_eq!(m.len(), 1, "{m:?}");
        m.into_iter().next().unwrap()
    }

    #[test]
    fn seed_numbers() {
        let m = one("Tel: + 509 3245 5153");
        assert!(m.valid);
        assert_eq!(m.problems, [Problem::SpaceAfterPlus]);
        assert_eq!(m.formatted.as_deref(), Some("+509 32 45 5153"));
        let m = one("Tel: +506 2212.5352 Email");
        assert_eq!(m.problems, [Problem::Dots]);
        let m = one("Tel: +1876 968 0569,");
        assert_eq!(m.problems, [Problem::GluedCountryCode]);
        assert_eq!(m.region, Some(Id::JM));
        let m = one("Tél. +57 1 6397777");
        assert!(!m.valid);
        assert_eq!(m.migration.unwrap().new_number, "+57 601 639 7777");
        let m = one("Tel: +592 225 37 45,");
        assert!(m.valid && m.problems.is_empty() && m.unusual_grouping);
    }

    #[test]
    fn amounts_and_dates_are_not_phones() {
        let s = Settings::default();
        for t in [
            "Le 1,6 million de dollars (16-17 mars 2016)",
            "+ 1 000 000 dollars",
            "en 2016, 440 000 dollars, 175 Etats membres",
            "du 12/03/2016 au 15/03/2016",
            "Stand: + 28.01.2022",
            "Umsatz +2019-2022",
            "Wachstum + 1000000-2000000",
        ] {
            assert!(scan(t, &s).is_empty(), "{t}");
        }
    }

    #[test]
    fn trunk_prefixes_after_the_country_code() {
        for (t, formatted) in [
            ("Tel: +7 8800 555 3535", "+7 800 555-35-35"),
            ("Tel: +7(8)8005553535", "+7 800 555-35-35"),
            ("Tel: +1 1877 215 5230", "+1 877-215-5230"),
        ] {
            let m = one(t);
            assert!(m.valid, "{t}: {m:?}");
            assert!(m.problems.contains(&Problem::TrunkPrefix), "{t}: {m:?}");
            assert_eq!(m.formatted.as_deref(), Some(formatted), "{t}");
        }
    }

    #[test]
    fn russian_numbers_with_trunk_prefix_8() {
        let config = crate::config::parse("[phone]\ndefault-region = \"RU\"\n").unwrap();
        let settings = Settings::new(config).unwrap();
        let m = scan("Tel: 8 (800) 555-35-35", &settings);
        assert_eq!(m.len(), 1);
        assert!(m[0].valid, "{m:?}");
        assert_eq!(m[0].written_e164.as_deref(), Some("+78005553535"));
    }

    #[test]
    fn national_numbers_take_the_region_nearby() {
        let m = one("OIM Haïti\nTel: 3245 5153");
        assert_eq!(m.region_source, RegionSource::Nearby("Haïti".into()));
        assert_eq!(m.formatted.as_deref(), Some("+509 32 45 5153"));
        let m = one("Tel: 3245 5153");
        assert_eq!(m.region_source, RegionSource::Unknown);
    }
}
