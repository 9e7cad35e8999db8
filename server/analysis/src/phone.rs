//! Finding phone numbers in a text and judging them with libphonenumber's metadata.
//!
//! A number is only looked for where a reader would see one: after a `+`, or after a label such
//! as `Tel:` or `Tél.`. Dates, amounts and other plain numbers are never read as phones.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rlibphonenumber::{PhoneNumber, PhoneNumberFormat, PhoneNumberType, Region, PHONE_NUMBER_UTIL};

use super::places;
#[cfg(test)]
use crate::automaton::TwoSpeed;
use crate::config::{PhoneFormat, Settings};
use crate::lexicon::lists::{self, LabelUse};

mod direct;
mod shapes;

/// A phone number written in the text.
#[derive(Debug, Clone)]
pub struct Mention {
    /// The bytes of the number as written.
    pub range: Range<usize>,
    /// `+`, the country code and the digits as written, even when the number is invalid
    /// (`None` when the country is unknown).
    pub written_e164: Option<String>,
    /// The region the number belongs to, and how it was found.
    pub region: Option<Region>,
    pub region_source: RegionSource,
    /// Whether the metadata says the number exists.
    pub valid: bool,
    pub kind: Option<PhoneNumberType>,
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
    country_code: i32,
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
/// of use `scan` in `data/lexicon/contact-labels.tsv`, as an automaton (see [`TwoSpeed`]).
/// The scan itself compares the few bytes that may start a label with the words of their
/// first byte ([`label_starts`]), which finds where the automaton would; the automaton is
/// what the tests compare it with, and only they build it.
#[cfg(test)]
pub(crate) static LABEL_WORDS: TwoSpeed = TwoSpeed::new(|kind| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(kind))
        .build(lists::contact_labels(LabelUse::Scan))
        .expect("valid word list")
});

/// The words of [`LABEL_WORDS`] by their first byte, in either ASCII case (the automaton
/// compares ASCII letters in any case, other bytes as they are), and whether a byte starts
/// one: what [`label_starts`] compares a byte's text with.
struct WordsByFirst {
    starts: [bool; 256],
    words: [Vec<&'static [u8]>; 256],
}

static LABEL_WORDS_BY_FIRST: LazyLock<WordsByFirst> = LazyLock::new(|| {
    let mut by_first = WordsByFirst {
        starts: [false; 256],
        words: std::array::from_fn(|_| Vec::new()),
    };
    for w in lists::contact_labels(LabelUse::Scan) {
        let first = w.as_bytes()[0];
        for b in [first.to_ascii_lowercase(), first.to_ascii_uppercase()] {
            let words = &mut by_first.words[usize::from(b)];
            if !words.contains(&w.as_bytes()) {
                words.push(w.as_bytes());
            }
            by_first.starts[usize::from(b)] = true;
        }
    }
    by_first
});

/// A phone label and what separates it from the number (`Tel: `, `Tél. `, `Phone (office): `),
/// matched where one of [`LABEL_WORDS`] starts.
static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:t[ée]l[ée]?(?:phone|[ée]fono)?|phone|fax|mobile?|cell|portable|m[oó]vil|gsm|whatsapp)(?-u:\b)\.?[ \t]*(?:\([^)\n]{0,20}\))?[ \t]*[:.]?[ \t]*",
    )
    .expect("valid regex")
});

/// Builds libphonenumber's metadata now: every region's descriptions decoded and the library's
/// own parsing expressions compiled, about 8 ms of CPU, the largest part of what a process's
/// first number costs (each region's expressions are still compiled at their first use). A
/// caller with a core to spare runs it on another thread while the other rules work: the rules
/// that read numbers come last, so the two overlap (`tamis check` of one file, the language
/// server's start).
pub fn prepare_metadata() {
    LazyLock::force(&PHONE_NUMBER_UTIL);
}

/// Builds what judging the numbers of `text` needs: the metadata ([`prepare_metadata`]), then
/// the expressions of the regions its numbers belong to (compiled at their first use: about 5 ms
/// for the four regions of `+44`) and the scanner's own, by judging the numbers of its first
/// 64 KiB. For a second thread while the first runs the rules that come before the phones: it
/// changes no result, the verdicts it reaches stay in its own thread's memo.
pub fn prepare_for(text: &str, settings: &Settings) {
    prepare_metadata();
    let _ = scan(
        &text[..floor_boundary(text, text.len().min(64 << 10))],
        settings,
    );
}

/// Whether a text may hold a phone number, cheaply (a few passes of `memchr`, no automaton to
/// build): a `+` before a digit, or a common phone label. Only a hint of whether to call
/// [`prepare_metadata`] early; a number it misses is still found and judged by [`scan`].
pub fn may_hold_numbers(text: &str) -> bool {
    const LABELS: [&str; 12] = [
        "Tel", "tel", "TEL", "Tél", "tél", "TÉL", "Phone", "phone", "PHONE", "Fax", "Mobile", "GSM",
    ];
    let b = text.as_bytes();
    memchr::memchr_iter(b'+', b).any(|at| b[at + 1..].iter().take(3).any(u8::is_ascii_digit))
        || LABELS
            .iter()
            .any(|l| memchr::memmem::find(b, l.as_bytes()).is_some())
}

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
        // A number written with `+`, matched where a `+` stands.
        let Some(end) = shapes::plus_number(&text[at..window_end]) else {
            continue;
        };
        let range = at..at + end;
        next_free = range.end;
        if looks_like_amount(text, range.clone()) || looks_like_date_or_range(&text[range.clone()])
        {
            continue;
        }
        if let Some(mention) = judge_international(text, range, settings.config.phone.format) {
            out.push(mention);
        }
    }
    // Numbers after a label, with or without `+`.
    let plus_count = out.len();
    for at in label_starts(bytes) {
        let Some(range) = labelled_at(text, at) else {
            continue;
        };
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

/// The bytes a label and what separates it from its number are read in (`LABEL_RE` matches
/// within them), and how far the number's first digit may then stand from the label's end: a
/// `+`, a separator (a no-break space is two bytes) and `(` may come before it.
const LABEL_WINDOW: usize = 48;
const BEFORE_DIGIT: usize = 4;

/// The number after a label whose first word starts at `at`, when there is one: the label
/// (`LABEL_RE`, not after a letter or digit) and the number's shape right after it.
fn labelled_at(text: &str, at: usize) -> Option<Range<usize>> {
    if super::text::word_before(text, at) {
        return None;
    }
    let label_end = floor_boundary(text, (at + LABEL_WINDOW).min(text.len()));
    let label = LABEL_RE.find(&text[at..label_end])?;
    let number_start = at + label.end();
    let window_end = floor_boundary(text, (number_start + 48).min(text.len()));
    // The number right after the label.
    let end = shapes::labelled_number(&text[number_start..window_end])?;
    Some(number_start..number_start + end)
}

/// Where the [`LABEL_WORDS`] start that may lead to a number, in order: only the bytes before
/// a digit are read, within the reach of a label (most of a text has no digit that close
/// ahead), each compared with the words of its first byte ([`LABEL_WORDS_BY_FIRST`]). Every
/// start from which [`labelled_at`] finds a number is among them, as it is among the matches of
/// the automaton over the whole text: such a label ends with a digit at most
/// `LABEL_WINDOW + BEFORE_DIGIT` bytes after its start, and follows no letter, so that no word
/// of the list runs across its start, and no word of the list holds another after its first
/// byte (`label_words_hold_no_other`): the automaton reports a word that starts there
/// (`regional_label_starts_find_every_labelled_number`). Starts after a letter, which the
/// automaton may pass over, may be among them: [`labelled_at`] turns them away.
fn label_starts(bytes: &[u8]) -> Vec<usize> {
    let by_first = &*LABEL_WORDS_BY_FIRST;
    let mut starts = Vec::new();
    label_regions(bytes, |region| {
        // (A start after an ASCII letter, digit or `_` is passed over: [`labelled_at`] would
        // turn it away.)
        let mut after_word = region.start > 0 && WORD_BYTE[usize::from(bytes[region.start - 1])];
        for (at, &b) in bytes[region.clone()].iter().enumerate() {
            let may_start = !after_word && by_first.starts[usize::from(b)];
            after_word = WORD_BYTE[usize::from(b)];
            if may_start {
                let at = region.start + at;
                let words = &by_first.words[usize::from(b)];
                if words.iter().any(|w| {
                    bytes
                        .get(at..at + w.len())
                        .is_some_and(|b| b.eq_ignore_ascii_case(w))
                }) {
                    starts.push(at);
                }
            }
        }
    });
    starts
}

/// The ASCII letters and digits and `_`: a label's start after one of them follows a word.
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'_';
        b += 1;
    }
    table
};

/// Calls `scan` with the regions, in order and disjoint, where a label may start: before a
/// digit, within its reach; regions that touch merge. A region that opens starts no earlier
/// than its digit's line (neither a label nor what may stand between it and its number holds a
/// `\n`): the digits that start a line (lists, dates, tables) open none.
fn label_regions(bytes: &[u8], mut scan: impl FnMut(Range<usize>)) {
    const REACH: usize = LABEL_WINDOW + BEFORE_DIGIT;
    let mut region: Option<Range<usize>> = None;
    for_each_digit_start(bytes, |digit| {
        let from = digit.saturating_sub(REACH);
        match &mut region {
            Some(r) if from <= r.end => r.end = digit,
            _ => {
                // No digit to come reaches back into the last region: it is whole.
                if let Some(r) = region.take() {
                    scan(r);
                }
                let from =
                    memchr::memrchr(b'\n', &bytes[from..digit]).map_or(from, |i| from + i + 1);
                region = (from < digit).then_some(from..digit);
            }
        }
    });
    if let Some(r) = region {
        scan(r);
    }
}

/// The first bytes of the characters `\d` may match (see [`shapes::is_digit`]): the ASCII
/// digits and the leading bytes of the blocks that hold other decimal digits (Arabic to N'Ko,
/// U+0800 to U+1FFF, U+A000 to U+AFFF, the full-width digits, the other planes), so that French
/// and English text, whose other leading bytes are below these or `\u{e2}` (punctuation), has
/// nothing but its digits here. `every_digit_starts_with_a_digit_lead` checks it against
/// `regex`'s own table.
const DIGIT_LEAD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'0'..=b'9' | 0xd8..=0xe1 | 0xea | 0xef | 0xf0..=0xf4);
        b += 1;
    }
    table
};

/// Calls `f` with the offsets of the bytes of `bytes` that [`DIGIT_LEAD`] holds, in order:
/// 32 bytes at a time while none of them is an ASCII digit or at least `0xd8` (the table's
/// bytes, and a few others that the table then turns away), a test the compiler makes a few
/// vector instructions; a block with one is read eight bytes at a time. (Most blocks of a
/// French text have no digit: a byte of a hundred is one.)
fn for_each_digit_start(bytes: &[u8], mut f: impl FnMut(usize)) {
    let mut blocks = bytes.chunks_exact(32);
    let mut base = 0;
    for block in &mut blocks {
        let block: &[u8; 32] = block.try_into().expect("32 bytes");
        let maybe = block.iter().fold(0u8, |m, &b| {
            m | u8::from(b.wrapping_sub(b'0') < 10) | u8::from(b >= 0xd8)
        });
        if maybe != 0 {
            digit_starts_in_words(block, base, &mut f);
        }
        base += 32;
    }
    digit_starts_in_words(blocks.remainder(), base, &mut f);
}

/// [`for_each_digit_start`] in `bytes`, which start at `base`, eight bytes at a time.
fn digit_starts_in_words(bytes: &[u8], base: usize, f: &mut impl FnMut(usize)) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte that may be in the table (no carry crosses a byte: each sum
    // is of a seven-bit value and a constant below 0x80).
    let maybe = |w: u64| {
        let low = w & !HIGH;
        let high = w & HIGH;
        let at_least = |n: u64| (low + ONES * (0x80 - n)) & HIGH;
        let digit = at_least(0x30) & !at_least(0x3a) & !high;
        digit | (at_least(0x58) & high)
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut bits = maybe(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        while bits != 0 {
            let i = at + bits.trailing_zeros() as usize / 8;
            bits &= bits - 1;
            if DIGIT_LEAD[usize::from(bytes[i])] {
                f(base + i);
            }
        }
        at += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if DIGIT_LEAD[usize::from(b)] {
            f(base + at + i);
        }
    }
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
    if !shapes::is_thousands(&text[range.clone()]) {
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
    let international = n.format_as(PhoneNumberFormat::International).into_owned();
    let configured = match format {
        PhoneFormat::International => international.clone(),
        PhoneFormat::E164 => n.format_as(PhoneNumberFormat::E164).into_owned(),
    };
    (configured, international)
}

/// The region of a parsed number (`None` for the non-geographic country codes, `+800`, `+882`
/// …, libphonenumber's `001`, which are no country), its type, and whether it is valid, with one
/// search of its region: the library's `get_region_code`, `is_valid` and `get_type` each search
/// the region (for `+1`, among 25) and match the number against its descriptors, and a number is
/// valid exactly when its type is known.
fn verdict(n: &PhoneNumber) -> (Option<Region>, bool, PhoneNumberType) {
    let (region, kind) = direct::region_and_type(n);
    (
        region.filter(|r| *r != Region::World),
        kind != PhoneNumberType::Unknown,
        kind,
    )
}

/// Judges a number written with `+`, remembering the verdict per thread: a language server
/// analyses a document again at each edit, and press offices' numbers recur across a corpus,
/// while judging one number runs dozens of metadata patterns (parse, region, type, format:
/// about 30 µs warm, 10 times a memo's lookup).
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
    // The plain `+CC NATIONAL` shapes are read without the library's `parse`, whose extension
    // pattern dominates a new number's cost under regex-lite (see `phone/direct.rs`).
    let parsed = direct::parse_international(&cleaned)
        .unwrap_or_else(|| PHONE_NUMBER_UTIL.parse(&cleaned, None).ok());
    let mut mention = Mention::unjudged(range, RegionSource::CountryCode);
    mention.written_e164 = Some(format!("+{all_digits}"));
    let Some(n) = parsed else {
        return Some(mention);
    };
    let cc = n.country_code;
    let (region, valid, kind) = verdict(&n);
    mention.region = region;
    mention.valid = valid;
    if !mention.valid {
        mention.migration = migrate(cc, &n.national_number.to_string());
        return Some(mention);
    }
    let after_plus = raw[1..].trim_start_matches([' ', '\u{a0}', '\t']);
    if raw[1..].starts_with([' ', '\u{a0}', '\t']) {
        mention.problems.push(Problem::SpaceAfterPlus);
    }
    mention.kind = Some(kind);
    let (configured, international) = formats(&n, format);
    let written = groups(after_plus);
    let cc_len = cc.to_string().len();
    if written.len() > 1 && written[0] > cc_len && !raw.contains('(') {
        mention.problems.push(Problem::GluedCountryCode);
    }
    if raw.contains('.') {
        mention.problems.push(Problem::Dots);
    }
    // libphonenumber drops a national trunk prefix kept after the country code (`+44 (0)20 …`,
    // `+7 8800 555 3535`, `+1 1877 215 5230`, `+7(8)8005553535`): the number it reads is then
    // the end of the digits written after the country code.
    let nsn = n.get_national_significant_number();
    let national_written = all_digits.get(cc_len..).unwrap_or_default();
    if national_written.len() > nsn.len() && national_written.ends_with(&nsn) {
        mention.problems.push(Problem::TrunkPrefix);
    }
    mention.unusual_grouping = mention.problems.is_empty()
        && written.len() > 1
        && written != groups(&international)
        && !is_plan_grouping(cc, &n.national_number.to_string(), &written);
    mention.formatted = Some(configured);
    mention.international = Some(international);
    Some(mention)
}

/// A date (`+ 28.01.2022`) or a range of two numbers of the same length (`+2019-2022`) after a
/// `+`: no phone number.
fn looks_like_date_or_range(written: &str) -> bool {
    if let Some([a, sep_a, b, sep_b]) = shapes::date_parts(written) {
        let (a, b): (u32, u32) = (a.parse().unwrap_or(99), b.parse().unwrap_or(99));
        if sep_a == sep_b && (1..=31).contains(&a) && (1..=31).contains(&b) && (a <= 12 || b <= 12)
        {
            return true;
        }
    }
    shapes::range_parts(written).is_some_and(|[a, b]| a.len() == b.len())
}

/// True when a number is grouped as its national plan announced it (the grouping a
/// renumbering's fix writes), even where libphonenumber groups it otherwise.
fn is_plan_grouping(country_code: i32, national: &str, written: &[usize]) -> bool {
    MIGRATIONS.iter().any(|m| {
        m.country_code == country_code
            && national.starts_with(m.new_prefix)
            && written.first() == Some(&country_code.to_string().len())
            && written[1..] == *m.groups
    })
}

fn migrate(country_code: i32, national: &str) -> Option<Migrated> {
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
        let n = PHONE_NUMBER_UTIL
            .parse(format!("+{country_code}{new_national}"), None)
            .ok()?;
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
    // libphonenumber drops the national trunk prefix itself (`8 (800) 555-35-35` in Russia).
    let n = PHONE_NUMBER_UTIL.parse(&cleaned, Some(region)).ok()?;
    let cc = n.country_code;
    // The national number with its leading zeros (Italy's `02 …`), as E.164 writes it.
    mention.written_e164 = Some(format!("+{cc}{}", n.get_national_significant_number()));
    let (_, valid, kind) = verdict(&n);
    mention.valid = valid;
    if mention.valid {
        mention.kind = Some(kind);
        mention.problems.push(Problem::MissingCountryCode);
        let (configured, international) = formats(&n, settings.config.phone.format);
        mention.formatted = Some(configured);
        mention.international = Some(international);
    } else {
        mention.migration = migrate(cc, &n.national_number.to_string());
    }
    Some(mention)
}

/// Judges a national number written with neither `+` nor label (`06 12 48 77 30` in a contact
/// block) in a region the text gives (`source` names the evidence: an address's domain, the
/// dateline): the mention only when the metadata says the number exists there, so that a
/// region is never guessed for a number it does not fit. Kept apart from [`judge_labelled`],
/// which judges labelled numbers and reports invalid ones.
pub fn judge_national(
    raw: &str,
    range: Range<usize>,
    region: Region,
    source: &str,
    format: PhoneFormat,
) -> Option<Mention> {
    let cleaned = raw.replace(['.', '\u{a0}', '\t'], " ");
    let n = PHONE_NUMBER_UTIL.parse(&cleaned, Some(region)).ok()?;
    let (number_region, valid, kind) = verdict(&n);
    if !valid || number_region != Some(region) {
        return None;
    }
    let mut mention = Mention::unjudged(range, RegionSource::Nearby(source.to_string()));
    mention.written_e164 = Some(format!(
        "+{}{}",
        n.country_code,
        n.get_national_significant_number()
    ));
    mention.region = Some(region);
    mention.valid = true;
    mention.kind = Some(kind);
    mention.problems.push(Problem::MissingCountryCode);
    let (configured, international) = formats(&n, format);
    mention.formatted = Some(configured);
    mention.international = Some(international);
    Some(mention)
}

/// A human name for a number type.
pub fn type_name(t: PhoneNumberType) -> &'static str {
    match t {
        PhoneNumberType::FixedLine => "fixed line",
        PhoneNumberType::Mobile => "mobile",
        PhoneNumberType::FixedLineOrMobile => "fixed line or mobile",
        PhoneNumberType::TollFree => "toll free",
        PhoneNumberType::PremiumRate => "premium rate",
        PhoneNumberType::SharedCost => "shared cost",
        PhoneNumberType::PersonalNumber => "personal number",
        PhoneNumberType::VoIP => "VoIP",
        PhoneNumberType::Pager => "pager",
        PhoneNumberType::UAN => "universal access number",
        PhoneNumberType::VoiceMail => "voicemail",
        PhoneNumberType::Unknown => "unknown type",
    }
}

/// The regions of libphonenumber's metadata, sorted: the codes a configuration may name and the
/// country-code top-level domains. [`Region::from_code`] accepts any two letters, and asking
/// the library for its regions would build its whole metadata (milliseconds) where a cheap
/// check is meant (a domain in an email address); a test keeps this list equal to the library's.
const REGIONS: [&str; 245] = [
    "AC", "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO",
    "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG",
    "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG",
    "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GT", "GU", "GW", "GY", "HK", "HN", "HR", "HT",
    "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE",
    "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR",
    "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN",
    "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF",
    "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL",
    "PM", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD",
    "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY",
    "SZ", "TA", "TC", "TD", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
    "TZ", "UA", "UG", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "XK",
    "YE", "YT", "ZA", "ZM", "ZW",
];

/// The region of a two-letter code, in any case, when libphonenumber's metadata has it.
pub fn region(code: &str) -> Option<Region> {
    let upper = code.to_ascii_uppercase();
    REGIONS.binary_search(&upper.as_str()).ok()?;
    Region::from_code(&upper).ok()
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
        assert_eq!(m.region, Some(Region::JM));
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

    #[test]
    fn national_numbers_are_judged_in_the_region_the_text_gives() {
        let f = PhoneFormat::International;
        for (raw, region, e164) in [
            ("06 12 48 77 30", Region::FR, "+33612487730"),
            ("03000 410 999", Region::GB, "+443000410999"),
            ("613-952-1650", Region::CA, "+16139521650"),
            ("(0376) 444-9000", Region::AR, "+543764449000"),
            // The country code in brackets, written by habit before a national number.
            ("(502) 2411-2411", Region::GT, "+50224112411"),
        ] {
            let m = judge_national(raw, 0..raw.len(), region, "test", f).expect(raw);
            assert_eq!(m.written_e164.as_deref(), Some(e164), "{raw}");
            assert!(m.valid, "{raw}");
        }
        // A number that does not exist in the region given is not read there.
        for (raw, region) in [
            ("06 12 48 77 30", Region::GB),
            ("2411-2411", Region::FR),
            ("1050 168", Region::BE),
        ] {
            assert!(
                judge_national(raw, 0..raw.len(), region, "test", f).is_none(),
                "{raw}"
            );
        }
    }

    #[test]
    fn the_region_list_is_the_library_s() {
        let mut supported: Vec<String> = PHONE_NUMBER_UTIL
            .get_supported_regions()
            .map(|r| r.as_region_str().to_string())
            .collect();
        supported.sort();
        assert_eq!(supported, REGIONS);
    }

    #[test]
    fn region_codes_are_checked_against_the_metadata() {
        assert_eq!(region("ht"), Some(Region::HT));
        assert_eq!(region("GB"), Some(Region::GB));
        // `Region::from_code` takes any two letters; these are no region of the metadata.
        for code in ["ZZ", "xy", "UK", "EU", "001", "H", ""] {
            assert_eq!(region(code), None, "{code}");
        }
    }

    #[test]
    fn neighbours_of_the_trunk_prefix() {
        // Argentina's mobile `9` after the country code belongs to the number.
        let m = one("Tel: +54 9 11 1234 5678");
        assert!(m.valid, "{m:?}");
        assert!(m.problems.is_empty(), "{m:?}");
        assert_eq!(m.written_e164.as_deref(), Some("+5491112345678"));
        // Mexico's old mobile `1` is no trunk prefix: the number is invalid.
        let m = one("Tel: +52 1 55 1234 5678");
        assert!(!m.valid, "{m:?}");
        // A trunk prefix written without parentheses is reported as well.
        let m = one("Tel: +44 020 7946 0958");
        assert!(m.valid, "{m:?}");
        assert_eq!(m.problems, [Problem::TrunkPrefix]);
        assert_eq!(m.formatted.as_deref(), Some("+44 20 7946 0958"));
    }

    #[test]
    fn shared_country_codes_and_non_geographic_numbers() {
        let m = one("Tel: +7 800 555 35 35");
        assert!(m.valid, "{m:?}");
        assert_eq!(m.region, Some(Region::RU));
        assert_eq!(m.kind, Some(PhoneNumberType::TollFree));
        let m = one("Tel: +800 1234 5678");
        assert!(m.valid, "{m:?}");
        assert_eq!(m.region, None);
    }

    #[test]
    fn a_number_is_valid_exactly_when_its_type_is_known() {
        for text in [
            "+33 1 44 55 66 77",
            "+1 876 968 0569",
            "+1 555 0100",
            "+57 1 6397777",
            "+7 800 555 35 35",
            "+800 1234 5678",
            "+39 06 6981 2345",
            "+44 20 7946 09",
        ] {
            let n = PHONE_NUMBER_UTIL.parse(text, None).unwrap();
            assert_eq!(verdict(&n).1, n.is_valid(), "{text}");
        }
    }

    #[test]
    fn texts_that_may_hold_numbers() {
        for t in [
            "Tel: 3245 5153",
            "+509 3245 5153",
            "+ 44 20",
            "Tél. : 01 44",
        ] {
            assert!(may_hold_numbers(t), "{t}");
        }
        for t in ["", "a + b", "C++ and 3 dollars", "en 2016, 440 000 dollars"] {
            assert!(!may_hold_numbers(t), "{t}");
        }
    }

    #[test]
    fn every_digit_starts_with_a_digit_lead() {
        let mut buf = [0u8; 4];
        let digits = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter(|&c| shapes::is_digit(c));
        let mut count = 0;
        for c in digits {
            let lead = c.encode_utf8(&mut buf).as_bytes()[0];
            assert!(DIGIT_LEAD[usize::from(lead)], "{c:?} (U+{:04X})", c as u32);
            count += 1;
        }
        assert!(count > 600, "{count}");
    }

    /// Pieces of texts around phone labels: the words of the list in several cases, what may
    /// separate them from a number, digits of several scripts, letters before and after, and
    /// fillers long enough to put a digit out of a label's reach.
    const LABEL_PIECES: &[&str] = &[
        "Tel",
        "tél",
        "TÉL",
        "Téléphone",
        "Phone",
        "fax",
        "Mobile",
        "GSM",
        "WhatsApp",
        "Portable",
        "Móvil",
        "cell",
        ":",
        " : ",
        ". ",
        " ",
        "\t",
        "\u{a0}",
        "+",
        "(",
        ")",
        "(office) ",
        "(bureau à Genève) ",
        "            ",
        "1",
        "23",
        "456 789",
        "01 44 55 66",
        "Tel: ",
        "Fax. +41 22 ",
        "Tél. : ",
        "\u{663}",
        "\u{ff15}",
        "x",
        "é",
        "’",
        "\n",
        "e",
        "-",
        "abcdefghijklmnopqrstuvwxyz0123456789",
        "une phrase assez longue, sans chiffre aucun",
    ];

    fn digit_starts(b: &[u8]) -> Vec<usize> {
        let mut starts = Vec::new();
        for_each_digit_start(b, |i| starts.push(i));
        starts
    }

    #[test]
    fn digit_starts_are_the_bytes_the_table_holds() {
        let texts = crate::testing::texts_of_pieces(LABEL_PIECES, 5_000, 30);
        for text in &texts {
            let b = text.as_bytes();
            let plain: Vec<usize> = (0..b.len())
                .filter(|&i| DIGIT_LEAD[usize::from(b[i])])
                .collect();
            assert_eq!(digit_starts(b), plain, "{text:?}");
        }
        // Every byte value, at every position of a word and in the tail.
        let all: Vec<u8> = (0..=255).chain(0..=255).chain(0..=6).collect();
        for from in 0..8 {
            let b = &all[from..];
            let plain: Vec<usize> = (0..b.len())
                .filter(|&i| DIGIT_LEAD[usize::from(b[i])])
                .collect();
            assert_eq!(digit_starts(b), plain);
        }
        // Each byte value alone among letters, at every place of a block of 32 and after it:
        // the block's test lets through every byte of the table.
        for value in 0..=255u8 {
            for at in 0..70 {
                let mut b = vec![b'x'; 70];
                b[at] = value;
                let plain: Vec<usize> = DIGIT_LEAD[usize::from(value)]
                    .then_some(at)
                    .into_iter()
                    .collect();
                assert_eq!(digit_starts(&b), plain, "{value:#x} at {at}");
            }
        }
    }

    /// No word of the list holds another (in any ASCII case) after its first byte: where a
    /// word starts, the automaton reports it, whatever the words after it.
    #[test]
    fn label_words_hold_no_other() {
        let words = lists::contact_labels(LabelUse::Scan);
        for w in words {
            let w = w.to_ascii_lowercase();
            for other in words {
                let other = other.to_ascii_lowercase();
                assert!(!w[1..].contains(&other), "{w} holds {other}");
            }
        }
    }

    /// The starts [`label_starts`] compares words at are, after no letter, those of the
    /// automaton over the bytes it reads, as it read them before.
    #[test]
    fn label_starts_are_the_automaton_s_after_no_letter() {
        let texts = crate::testing::texts_of_pieces(LABEL_PIECES, 20_000, 30);
        let mut found = 0;
        for text in &texts {
            let bytes = text.as_bytes();
            let after_no_letter = |at: &usize| !crate::text::word_before(text, *at);
            let mut regions = Vec::new();
            label_regions(bytes, |r| regions.push(r));
            let in_regions = |at: &usize| regions.iter().any(|r| r.contains(at));
            let automaton: Vec<usize> = LABEL_WORDS
                .fast()
                .find_iter(bytes)
                .map(|m| m.start())
                .filter(after_no_letter)
                .filter(in_regions)
                .collect();
            found += automaton.len();
            let compared: Vec<usize> = label_starts(bytes)
                .into_iter()
                .filter(after_no_letter)
                .collect();
            assert_eq!(compared, automaton, "{text:?}");
        }
        assert!(found > 2_000, "{found}");
    }

    #[test]
    fn regional_label_starts_find_every_labelled_number() {
        let mut texts = crate::testing::texts_of_pieces(LABEL_PIECES, 20_000, 30);
        texts.push(crate::WARM_UP[0].to_string());
        // Numbers at every distance from their label, up to past its reach, some with a line
        // break between them (no number then).
        for word in ["Tel", "Téléphone", "WhatsApp"] {
            for gap in 0..=60 {
                for before in [
                    "", "+", "+\u{a0}", "+\u{a0}(", "(", ": ", ".\t", "\n", ":\r\n",
                ] {
                    for number in ["01 23 45", "\u{663}\u{661} \u{662}\u{663}"] {
                        let spaces = " ".repeat(gap);
                        texts.push(format!("x {word}{spaces}{before}{number} y"));
                    }
                }
            }
        }
        let mut found = 0;
        for text in &texts {
            let numbers = |starts: &mut dyn Iterator<Item = usize>| -> Vec<Range<usize>> {
                starts.filter_map(|at| labelled_at(text, at)).collect()
            };
            let bytes = text.as_bytes();
            let everywhere = numbers(&mut LABEL_WORDS.fast().find_iter(bytes).map(|m| m.start()));
            found += everywhere.len();
            assert_eq!(
                numbers(&mut label_starts(bytes).into_iter()),
                everywhere,
                "{text:?}"
            );
        }
        assert!(found > 2_000, "{found}");
    }

    #[test]
    fn the_warm_up_builds_the_phone_metadata() {
        // The language server's warm-up (`crate::WARM_UP`) must pay the library's first parse,
        // which builds its whole metadata, so that no document's diagnostics do.
        let m = scan(crate::WARM_UP[0], &Settings::default());
        assert!(m.iter().filter(|m| m.valid).count() >= 5, "{m:?}");
    }
}
