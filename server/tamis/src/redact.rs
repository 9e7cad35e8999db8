//! Redaction: what replaces the people, emails and phone numbers of a text, shared by
//! `tamis redact` and the editor's code action. No I/O here: the command line reads the files
//! and the mapping file, and gives this module the entities found.
//!
//! Pseudonyms are drawn from a keyed hash of the original (SipHash-2-4 with the mapping's
//! 128-bit key), so that a run is deterministic and a later run with the same mapping gives the
//! same values; collisions are resolved in sorted order and recorded in the mapping.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use tamis_analysis::entities::{Entity, Kind, Value};
use tamis_analysis::Edit;

/// What replaces an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `[PERSON]`, `[EMAIL]`, `[PHONE]`.
    Replace,
    /// Invented values of the same shape, consistent across files and runs.
    Pseudonym,
    /// Letters and digits masked but the first.
    Mask,
    /// A keyed hash of the value.
    Hash,
}

/// The kinds redaction knows.
pub const KINDS: [Kind; 3] = [Kind::Person, Kind::Email, Kind::Phone];

/// The key and the pseudonyms given so far: the content of a mapping file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Mapping {
    /// Names this file for people who find it: it holds real names.
    pub about: String,
    pub version: u32,
    /// 32 hex digits.
    pub key: String,
    /// Original word (lowercase) to invented word.
    pub first_names: BTreeMap<String, String>,
    pub surnames: BTreeMap<String, String>,
    /// Normalised original to invented value.
    pub emails: BTreeMap<String, String>,
    pub phones: BTreeMap<String, String>,
}

/// What a first pass over the corpus saw, for pseudonyms to be given in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Observed {
    /// Normalised names of people.
    pub people: BTreeSet<String>,
    /// Normalised email, and the person it belongs to when known.
    pub emails: BTreeMap<String, Option<String>>,
    /// Normalised phone (E.164 when valid) and its country code when known.
    pub phones: BTreeMap<String, Option<String>>,
}

impl Observed {
    /// Records the entities of one text.
    pub fn add(&mut self, entities: &[Entity]) {
        for e in entities {
            match e.kind {
                Kind::Person => {
                    self.people.insert(e.normalized.clone());
                }
                Kind::Email => {
                    let person = text_attribute(e, "person");
                    if let Some(p) = &person {
                        self.people.insert(p.clone());
                    }
                    let slot = self.emails.entry(email_key(&e.normalized)).or_default();
                    if slot.is_none() {
                        *slot = person;
                    }
                }
                Kind::Phone => {
                    let cc = text_attribute(e, "international").and_then(|i| country_code(&i));
                    let slot = self.phones.entry(e.normalized.clone()).or_default();
                    if slot.is_none() {
                        *slot = cc;
                    }
                }
                _ => {}
            }
        }
    }

    pub fn merge(&mut self, other: Observed) {
        self.people.extend(other.people);
        for (k, v) in other.emails {
            let slot = self.emails.entry(k).or_default();
            if slot.is_none() {
                *slot = v;
            }
        }
        for (k, v) in other.phones {
            let slot = self.phones.entry(k).or_default();
            if slot.is_none() {
                *slot = v;
            }
        }
    }
}

/// Gives replacements: holds the key and, for pseudonyms, the values given.
#[derive(Debug, Clone)]
pub struct Redactor {
    pub mode: Mode,
    key: (u64, u64),
    mapping: Mapping,
    taken_surnames: BTreeSet<String>,
    taken_emails: BTreeSet<String>,
    taken_phones: BTreeSet<String>,
    /// The words of the real names observed (lowercase), which no invented word may be.
    real_words: BTreeSet<String>,
}

impl Redactor {
    /// A redactor from a mapping (its key and its pseudonyms), or with a fresh key.
    pub fn new(mode: Mode, mapping: Option<Mapping>) -> Result<Redactor, String> {
        let mut mapping = mapping.unwrap_or_default();
        if mapping.key.is_empty() {
            mapping.key = fresh_key();
        }
        let key = parse_key(&mapping.key).ok_or("the mapping's key is not 32 hex digits")?;
        mapping.about =
            "tamis redact mapping: real values and their pseudonyms; keep it private".to_string();
        mapping.version = 1;
        let taken_surnames = mapping
            .surnames
            .values()
            .map(|s| s.to_lowercase())
            .collect();
        let taken_emails = mapping.emails.values().cloned().collect();
        let taken_phones = mapping.phones.values().cloned().collect();
        Ok(Redactor {
            mode,
            key,
            mapping,
            taken_surnames,
            taken_emails,
            taken_phones,
            real_words: BTreeSet::new(),
        })
    }

    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    /// Gives pseudonyms to everything observed that has none yet, in sorted order, so that the
    /// same corpus and mapping give the same values.
    pub fn assign(&mut self, observed: &Observed) {
        if self.mode != Mode::Pseudonym {
            return;
        }
        // No invented word may be a word of a real name of the corpus: an output holding one
        // would name someone.
        self.real_words = observed
            .people
            .iter()
            .flat_map(|n| n.split(|c: char| c.is_whitespace() || c == '-'))
            .map(str::to_lowercase)
            .collect();
        for name in &observed.people {
            self.assign_person(name);
        }
        for (email, person) in &observed.emails {
            if self.mapping.emails.contains_key(email) {
                continue;
            }
            let base = match person {
                Some(p) => {
                    self.assign_person(p);
                    let words: Vec<String> = self
                        .person_words(p)
                        .iter()
                        .map(|w| ascii_lower(w))
                        .filter(|w| !w.is_empty())
                        .collect();
                    words.join(".")
                }
                None => format!("contact.{:06x}", self.hash("email", email) & 0xff_ffff),
            };
            let mut candidate = format!("{base}@example.org");
            let mut n = 2;
            while self.taken_emails.contains(&candidate) || candidate == *email {
                candidate = format!("{base}{n}@example.org");
                n += 1;
            }
            self.taken_emails.insert(candidate.clone());
            self.mapping.emails.insert(email.clone(), candidate);
        }
        for (phone, cc) in &observed.phones {
            if self.mapping.phones.contains_key(phone) {
                continue;
            }
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            let mut attempt = self.hash("phone", phone);
            let mut tries = 0;
            let fake = loop {
                // The range for drama first, then the pattern keeping two digits, then the
                // pattern keeping all but four; the first free number that is still valid where
                // the original was (a redacted file gets no new finding).
                let style = (tries / 100).min(2);
                let fake = fake_phone(cc.as_deref(), &digits, attempt, style);
                let free = !self.taken_phones.contains(&fake) && fake != *phone;
                if free && (tries >= 300 || !valid_phone(phone) || valid_phone(&fake)) {
                    break fake;
                }
                attempt = attempt.wrapping_add(1);
                tries += 1;
            };
            self.taken_phones.insert(fake.clone());
            self.mapping.phones.insert(phone.clone(), fake);
        }
    }

    fn assign_person(&mut self, name: &str) {
        let words = name_words(name);
        let given = words.len() > 1 && words.iter().filter(|w| !is_particle(w)).count() > 1;
        for (i, w) in words.iter().enumerate() {
            if is_particle(w) {
                continue;
            }
            for part in w.split('-').filter(|p| !p.is_empty()) {
                let key = part.to_lowercase();
                if i == 0 && given {
                    if !self.mapping.first_names.contains_key(&key) {
                        let mut h = self.hash("first", &key);
                        let mut tries = 0;
                        let fake = loop {
                            let f = FIRST_NAMES[(h % FIRST_NAMES.len() as u64) as usize];
                            let lower = f.to_lowercase();
                            let real =
                                self.real_words.contains(&lower) && tries < FIRST_NAMES.len();
                            if lower != key && !real {
                                break f;
                            }
                            h = h.wrapping_add(1);
                            tries += 1;
                        };
                        self.mapping.first_names.insert(key, fake.to_string());
                    }
                } else if !self.mapping.surnames.contains_key(&key) {
                    let mut h = self.hash("surname", &key);
                    let mut tries = 0u64;
                    let fake = loop {
                        // Past the 1,200 names, two of them joined keep people apart.
                        let f = if tries < 1200 {
                            surname(h)
                        } else {
                            format!(
                                "{}-{}",
                                surname(h),
                                surname(h / 1200 + tries).to_lowercase()
                            )
                        };
                        tries += 1;
                        let lower = f.to_lowercase();
                        if lower != key
                            && !self.taken_surnames.contains(&lower)
                            && !self.real_words.contains(&lower)
                        {
                            break f;
                        }
                        h = h.wrapping_add(1);
                    };
                    self.taken_surnames.insert(fake.to_lowercase());
                    self.mapping.surnames.insert(key, fake);
                }
            }
        }
    }

    /// The invented words of a person's name, one per word of the original (particles kept).
    fn person_words(&self, name: &str) -> Vec<String> {
        let words = name_words(name);
        let given = words.len() > 1 && words.iter().filter(|w| !is_particle(w)).count() > 1;
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if is_particle(w) {
                    return w.to_string();
                }
                let table = if i == 0 && given {
                    &self.mapping.first_names
                } else {
                    &self.mapping.surnames
                };
                w.split('-')
                    .map(|p| {
                        table
                            .get(&p.to_lowercase())
                            .cloned()
                            .unwrap_or_else(|| surname(self.hash("surname", &p.to_lowercase())))
                    })
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .collect()
    }

    /// What replaces one entity written `written` in the text.
    pub fn replacement(&self, e: &Entity, written: &str) -> String {
        let tag = match e.kind {
            Kind::Person => "PERSON",
            Kind::Email => "EMAIL",
            Kind::Phone => "PHONE",
            _ => "REDACTED",
        };
        match self.mode {
            Mode::Replace => format!("[{tag}]"),
            Mode::Hash => {
                let key = match e.kind {
                    Kind::Email => email_key(&e.normalized),
                    _ => e.normalized.to_lowercase(),
                };
                format!("{tag}-{:016x}", self.hash(tag, &key))
            }
            Mode::Mask => mask(written, e.kind),
            Mode::Pseudonym => match e.kind {
                Kind::Person => self.person_text(&e.normalized, written),
                Kind::Email => self
                    .mapping
                    .emails
                    .get(&email_key(&e.normalized))
                    .cloned()
                    .unwrap_or_else(|| format!("[{tag}]")),
                Kind::Phone => match self.mapping.phones.get(&e.normalized) {
                    Some(fake) => phone_text(written, fake),
                    None => format!("[{tag}]"),
                },
                _ => format!("[{tag}]"),
            },
        }
    }

    /// A person's pseudonym written as the original was: each word of the mention replaced by
    /// the invented word at the same place in the full name (a mention by surname alone gets
    /// the surname), in capitals when the original was.
    fn person_text(&self, normalized: &str, written: &str) -> String {
        let names = name_words(normalized);
        let fakes = self.person_words(normalized);
        let spans = word_spans(written);
        let mut out = String::with_capacity(written.len());
        let mut last = 0;
        let mut from = 0;
        for (k, span) in spans.iter().enumerate() {
            let w = &written[span.clone()];
            let lw = w.to_lowercase();
            let at = (from..names.len())
                .chain(0..from)
                .find(|&j| names[j].to_lowercase() == lw);
            let fake = match at {
                Some(j) => {
                    from = j + 1;
                    fakes[j].clone()
                }
                // A title or an initial before the name (`M.`, `Dr.`): kept.
                None if w.ends_with('.') && w.chars().count() <= 4 => w.to_string(),
                None if spans.len() == names.len() => fakes[k].clone(),
                None if spans.len() == 1 => fakes.last().cloned().unwrap_or_default(),
                None => {
                    // A mention unlike the name: the whole pseudonym, once.
                    if k == 0 {
                        fakes.join(" ")
                    } else {
                        String::new()
                    }
                }
            };
            out.push_str(&written[last..span.start]);
            let upper = w.chars().filter(|c| c.is_alphabetic()).count() > 1
                && !w.chars().any(char::is_lowercase);
            out.push_str(&if upper { fake.to_uppercase() } else { fake });
            last = span.end;
        }
        out.push_str(&written[last..]);
        out.trim_end().to_string()
    }

    fn hash(&self, domain: &str, value: &str) -> u64 {
        #[allow(deprecated)]
        // SipHash-2-4, a keyed pseudo-random function; std keeps it, deprecated only because
        // `HashMap` moved to its own choice of hasher.
        let mut h = std::hash::SipHasher::new_with_keys(self.key.0, self.key.1);
        h.write(domain.as_bytes());
        h.write_u8(0xff);
        h.write(value.as_bytes());
        h.finish()
    }
}

/// The edits that redact the entities of the given kinds in `text`: sorted and disjoint (of
/// entities that overlap, the first and longest is replaced).
pub fn plan(text: &str, entities: &[Entity], kinds: &[Kind], r: &Redactor) -> Vec<Edit> {
    let mut chosen: Vec<&Entity> = entities
        .iter()
        .filter(|e| kinds.contains(&e.kind) && !e.range.is_empty())
        .collect();
    chosen.sort_by_key(|e| (e.range.start, std::cmp::Reverse(e.range.end)));
    let mut edits: Vec<Edit> = Vec::new();
    // Other spellings of what was replaced (an email's address inside an HTML remnant around
    // it, a name the extraction did not read twice), swept after: text to replacement.
    let mut again: Vec<(String, String)> = Vec::new();
    let mut end = 0;
    for e in chosen {
        if e.range.start < end {
            continue;
        }
        let written = &text[e.range.clone()];
        let new = r.replacement(e, written);
        if new != written {
            if written.chars().count() >= 4 && !written.contains('\n') {
                again.push((written.to_string(), new.clone()));
            }
            if e.kind == Kind::Email && e.normalized != written {
                again.push((e.normalized.clone(), r.replacement(e, &e.normalized)));
            }
            edits.push(Edit::replace(e.range.clone(), new));
        }
        end = e.range.end;
    }
    again.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    again.dedup_by(|a, b| a.0 == b.0);
    let mut extra: Vec<Edit> = Vec::new();
    for (needle, new) in &again {
        for (at, _) in text.match_indices(needle.as_str()) {
            let range = at..at + needle.len();
            let clear = |list: &[Edit]| {
                list.iter()
                    .all(|x| x.range.end <= range.start || range.end <= x.range.start)
            };
            if clear(&edits) && clear(&extra) && whole_word(text, &range) {
                extra.push(Edit::replace(range, new.clone()));
            }
        }
    }
    edits.extend(extra);
    edits.sort_by_key(|x| x.range.start);
    edits
}

/// True when a range of the text does not start or end inside a word.
fn whole_word(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The entities that redacting `target` in a document touches: every mention with its value.
pub fn same_value<'e>(entities: &'e [Entity], target: &Entity) -> Vec<&'e Entity> {
    entities
        .iter()
        .filter(|e| e.kind == target.kind && e.normalized == target.normalized)
        .collect()
}

fn text_attribute(e: &Entity, key: &str) -> Option<String> {
    match e.attribute(key)? {
        Value::Text(t) => Some(t.to_string()),
        _ => None,
    }
}

fn email_key(email: &str) -> String {
    email.to_lowercase()
}

/// `+1 876-922-4410` → `1`.
fn country_code(international: &str) -> Option<String> {
    let rest = international.strip_prefix('+')?;
    let cc: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!cc.is_empty() && cc.len() <= 3).then_some(cc)
}

fn name_words(name: &str) -> Vec<&str> {
    name.split_whitespace().collect()
}

/// Byte ranges of the words of a mention.
fn word_spans(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                out.push(st..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push(st..s.len());
    }
    out
}

/// Lowercase words that link the parts of a surname, kept as they are.
fn is_particle(w: &str) -> bool {
    const PARTICLES: [&str; 16] = [
        "de", "du", "des", "la", "le", "del", "della", "di", "da", "dos", "das", "van", "von",
        "der", "den", "y",
    ];
    w.chars().next().is_some_and(char::is_lowercase) && PARTICLES.contains(&w)
}

fn ascii_lower(w: &str) -> String {
    w.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// An invented surname: two syllables out of 1,200 combinations.
fn surname(h: u64) -> String {
    const HEADS: [&str; 40] = [
        "Bel", "Ber", "Cal", "Dam", "Dor", "Fal", "Gar", "Hal", "Jor", "Kel", "Lam", "Mar", "Mor",
        "Nar", "Ol", "Pel", "Quin", "Ral", "Sal", "Tal", "Val", "Vor", "Wes", "Zan", "Bran", "Cor",
        "Del", "Fen", "Gal", "Hol", "Lor", "Mel", "Nor", "Pra", "Ros", "Sor", "Tor", "Ver", "Wal",
        "Yar",
    ];
    const TAILS: [&str; 30] = [
        "bert", "court", "dale", "fort", "gard", "land", "ley", "mont", "more", "nay", "ris",
        "ton", "ville", "wick", "ard", "berg", "dan", "ez", "ini", "ois", "ot", "ova", "quist",
        "sen", "son", "stad", "ier", "eau", "ado", "elli",
    ];
    let head = HEADS[(h % 40) as usize];
    let tail = TAILS[((h / 40) % 30) as usize];
    format!("{head}{tail}")
}

/// Invented first names, ASCII, of several languages.
const FIRST_NAMES: [&str; 64] = [
    "Alex",
    "Camille",
    "Dominique",
    "Claude",
    "Sacha",
    "Noa",
    "Eden",
    "Lou",
    "Charlie",
    "Robin",
    "Jordan",
    "Morgan",
    "Andrea",
    "Ariel",
    "Jules",
    "Maxime",
    "Leslie",
    "Dany",
    "Ange",
    "Marion",
    "Yael",
    "Kim",
    "Sam",
    "Loan",
    "Nael",
    "Elie",
    "Alix",
    "Gael",
    "Milan",
    "Lina",
    "Hugo",
    "Ines",
    "Paula",
    "Mateo",
    "Lucas",
    "Sofia",
    "Nora",
    "Oscar",
    "Iris",
    "Emma",
    "Leon",
    "Clara",
    "Tomas",
    "Irene",
    "Pablo",
    "Elsa",
    "Victor",
    "Julia",
    "Marco",
    "Greta",
    "Felix",
    "Ada",
    "Nils",
    "Vera",
    "Omar",
    "Lea",
    "Ravi",
    "Mina",
    "Tariq",
    "Amara",
    "Kofi",
    "Zara",
    "Idris",
    "Selma",
];

/// An invented phone number (digits of E.164, with `+`): from the ranges reserved for drama
/// where the country has one (NANP 555-0100 to 555-0199, Ofcom's 020 7946 0000 to 0999,
/// ARCEP's 01 99 00 xx xx, ACMA's 02 5550 xxxx), else the original's first two digits after the
/// country code and digits from the hash, as many as the original has.
fn fake_phone(cc: Option<&str>, digits: &str, h: u64, style: u64) -> String {
    let n = |modulo: u64| h % modulo;
    match (cc, style) {
        (Some("1"), 0) if digits.len() == 11 => {
            format!("+1 {}55501{:02}", &digits[1..4], n(100))
        }
        (Some("44"), 0) => format!("+44 2079460{:03}", n(1000)),
        (Some("33"), 0) => format!("+33 19900{:04}", n(10_000)),
        (Some("61"), 0) => format!("+61 25550{:04}", n(10_000)),
        (Some(cc), _) if digits.len() > cc.len() + 4 && digits.starts_with(cc) => {
            let nsn = &digits[cc.len()..];
            let keep = if style < 2 { 2 } else { nsn.len() - 4 };
            format!("+{cc} {}{}", &nsn[..keep], hash_digits(h, nsn.len() - keep))
        }
        _ => {
            let keep = &digits[..digits.len().min(2)];
            let rest = digits.len().saturating_sub(2).max(4);
            format!("+{keep}{}", hash_digits(h, rest))
        }
    }
}

/// True when the number (E.164, a space allowed after the country code) is valid.
fn valid_phone(number: &str) -> bool {
    let settings = tamis_analysis::config::Settings::default();
    let text = format!("Tel: {}", number.replace(' ', ""));
    tamis_analysis::phone::scan(&text, &settings)
        .first()
        .is_some_and(|m| m.valid)
}

/// `n` decimal digits drawn from a hash (at most 19: a `u64`'s full digits).
fn hash_digits(h: u64, n: usize) -> String {
    let s = format!("{:019}", h % 10_000_000_000_000_000_000);
    s[s.len() - n.min(19)..].to_string()
}

/// A fake number written in the original's layout: its digits put in the original's places when
/// the counts agree (international or national with a trunk 0), else in international form.
fn phone_text(written: &str, fake: &str) -> String {
    let digits = |s: &str| {
        s.chars()
            .filter(char::is_ascii_digit)
            .collect::<Vec<char>>()
    };
    let fake_digits = digits(fake);
    // The national number: after the space that follows the country code.
    let nsn = fake.split_once(' ').map(|(_, n)| digits(n));
    let count = written.chars().filter(char::is_ascii_digit).count();
    let trimmed = written.trim_start();
    let mut candidates: Vec<Vec<char>> = Vec::new();
    if trimmed.starts_with('+') {
        candidates.push(fake_digits.clone());
    } else if trimmed.starts_with("00") {
        candidates.push(['0', '0'].into_iter().chain(fake_digits.clone()).collect());
    } else if let Some(nsn) = nsn {
        // National: with a trunk 0, or as it is.
        candidates.push(std::iter::once('0').chain(nsn.clone()).collect());
        candidates.push(nsn);
    }
    if let Some(fill) = candidates.iter().find(|c| c.len() == count) {
        let mut it = fill.iter();
        return written
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    *it.next().unwrap_or(&c)
                } else {
                    c
                }
            })
            .collect();
    }
    fake.to_string()
}

/// Letters and digits masked but the first of each word (and an email's `@` and dots).
fn mask(written: &str, kind: Kind) -> String {
    let mut out = String::with_capacity(written.len());
    let mut first = true;
    for c in written.chars() {
        if c.is_alphanumeric() {
            let keep = first && kind != Kind::Phone;
            out.push(if keep {
                c
            } else if c.is_ascii_digit() {
                '0'
            } else {
                'x'
            });
            first = false;
        } else {
            out.push(c);
            first = true;
        }
    }
    out
}

/// 128 bits from the system's random source, as 32 hex digits.
fn fresh_key() -> String {
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes));
    if read.is_err() {
        // No /dev/urandom (Windows): the standard library's per-process random hasher keys.
        use std::hash::{BuildHasher, RandomState};
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut h = RandomState::new().build_hasher();
            h.write_usize(i);
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parse_key(hex: &str) -> Option<(u64, u64)> {
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let a = u64::from_str_radix(&hex[..16], 16).ok()?;
    let b = u64::from_str_radix(&hex[16..], 16).ok()?;
    Some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        let mapping = Mapping {
            key: "00112233445566778899aabbccddeeff".into(),
            ..Mapping::default()
        };
        Redactor::new(Mode::Pseudonym, Some(mapping)).unwrap()
    }

    #[test]
    fn a_mention_by_surname_gets_the_pseudonym_s_surname() {
        let mut r = redactor();
        let mut seen = Observed::default();
        seen.people.insert("Patrick Lindo".into());
        r.assign(&seen);
        let full = r.person_text("Patrick Lindo", "Patrick Lindo");
        let (first, last) = full.split_once(' ').unwrap();
        assert_ne!(full, "Patrick Lindo");
        assert_eq!(r.person_text("Patrick Lindo", "Lindo"), last);
        assert_eq!(r.person_text("Lindo", "Lindo"), last);
        assert_eq!(
            r.person_text("Patrick Lindo", "M. Lindo"),
            format!("M. {last}")
        );
        assert_eq!(
            r.person_text("Patrick Lindo", "PATRICK LINDO"),
            full.to_uppercase()
        );
        assert!(first.chars().next().unwrap().is_uppercase());
    }

    #[test]
    fn phones_come_from_the_ranges_for_drama() {
        assert!(fake_phone(Some("44"), "442079460000", 7, 0).starts_with("+44 2079460"));
        assert_eq!(fake_phone(Some("1"), "18769224410", 42, 0), "+1 8765550142");
        assert_eq!(fake_phone(Some("33"), "33123456789", 5, 0), "+33 199000005");
        assert!(valid_phone("+44 2079460123") && valid_phone("+1 2015550123"));
        assert_eq!(
            phone_text("+1876 922 4410", "+1 8765550142"),
            "+1876 555 0142"
        );
        assert_eq!(
            phone_text("01 23 45 67 89", "+33 199000005"),
            "01 99 00 00 05"
        );
        assert_eq!(phone_text("01 411 7300", "+51 14642179"), "01 464 2179");
    }

    #[test]
    fn masks_keep_the_first_letters() {
        assert_eq!(mask("Patrick Lindo", Kind::Person), "Pxxxxxx Lxxxx");
        assert_eq!(mask("+33 1 23", Kind::Phone), "+00 0 00");
    }
}
