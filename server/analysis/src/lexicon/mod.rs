//! The word lists the rules and the entity extractors look words up in, gathered into one
//! table: each word token is looked up once, when the text is tokenized, and carries the lists it
//! belongs to as bit flags. The rules then pass over most tokens by testing a flag rather than
//! hashing the word again.
//!
//! The lexicon owns the lists ([`lists`], read from `data/lexicon/`): the extractors and the rules
//! read them from here, and it reads nothing from them.

pub mod lists;

use std::collections::HashMap;
use std::sync::LazyLock;

use lists::LabelUse;

/// The first word of an attribution (`a déclaré`, `said`): see `data/lexicon/attributions.txt`.
pub const SAID_START: u32 = 1;
/// The first word of a contact cue (`veuillez contacter`): see `data/lexicon/contact-cues.txt`.
pub const CUE_START: u32 = 1 << 1;
/// A title before a name (`Mme`, `Ministre`): `data/lexicon/titles.txt`.
pub const TITLE: u32 = 1 << 2;
/// A title written with a dot, without it (`M`, `Sr`).
pub const DOTTED_TITLE: u32 = 1 << 3;
/// A head word of an organisation's name (`Ministère`, `Fonds`).
pub const HEAD: u32 = 1 << 4;
/// The first word of a two-word head (`Red Cross`, `Cruz Roja`).
pub const TWO_WORD_HEAD: u32 = 1 << 5;
/// A capitalised word that is no name (`Selon`, `Tel`): `data/lexicon/not-name.txt` and the
/// contact labels of use `name`.
pub const NOT_NAME: u32 = 1 << 6;
/// A month's name, in any of the three languages.
pub const MONTH: u32 = 1 << 7;
/// A currency's name, code or symbol.
pub const CURRENCY: u32 = 1 << 8;
/// `semestre`, `trimestre`, `half`, `quarter`.
pub const PERIOD: u32 = 1 << 9;
/// A word after which a year alone is a date (`en`, `since`, `desde`).
pub const YEAR_CUE: u32 = 1 << 10;
/// A short function word of French or Spanish (`de`, `la`, `los`).
pub const ROMANCE: u32 = 1 << 11;
/// A short function word of English (`the`, `of`).
pub const ENGLISH: u32 = 1 << 12;
/// A word after which a name starts a clause (`et`, `and`, `por`).
pub const CLAUSE_JOIN: u32 = 1 << 13;
/// A word that joins the words of an organisation's name (`de`, `pour`, `of`): see
/// `data/lexicon/org-connectors.txt`.
pub const CONNECTOR: u32 = 1 << 14;
/// A lower-case word that ends an organisation's name (`qui`, `which`): `data/lexicon/org-stops.txt`.
pub const ORG_STOP: u32 = 1 << 15;
/// A capitalised word before a head word that is no part of the name (`The`, `Selon`):
/// `data/lexicon/org-left-stops.txt`.
pub const ORG_LEFT_STOP: u32 = 1 << 16;
/// A word that lost its `œ` to an old encoding (`uvre`, `manuvre`): the `lost-character` rule's
/// forms (`data/lost-oe.tsv`).
pub const LOST_OE: u32 = 1 << 17;
/// An attribution or a contact cue of one word (`selon`, `said`, `contactez`).
pub const ONE_WORD_PHRASE: u32 = 1 << 18;
/// The second word of an attribution or a contact cue (`déclaré` in `a déclaré`), in lower,
/// capitalised and upper case.
pub const PHRASE_NEXT: u32 = 1 << 19;
/// A weekday, lower case or capitalised (`mercredi`, `Friday`).
pub const WEEKDAY: u32 = 1 << 20;
/// A first name, capitalised as written (`Amina`).
pub const FIRST_NAME: u32 = 1 << 21;
/// The first word of an organisation named without a head word (`Oxfam`, `Save` of `Save the
/// Children`), as written (`data/lexicon/org-names.txt`).
pub const ORG_NAME_START: u32 = 1 << 22;

/// Hashes a word eight bytes at a time, for the lexicon and the rules' small per-release maps
/// (acronyms, names, roles). Not resistant to collisions chosen by an attacker: a release
/// crafted for it could slow down only its own analysis, as with `text::KeyHash`.
#[derive(Default)]
pub struct WordHasher(u64);

impl WordHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for WordHasher {
    /// The state folded by a wide multiplication (as foldhash and rustc-hash finish), so that
    /// every bit of the hash depends on every byte: a hash table indexes by the low bits, which
    /// the multiplications of `mix` leave depending on the first bytes only.
    fn finish(&self) -> u64 {
        let wide = u128::from(self.0) * 0x2d35_8dcc_aa6c_78a5_u128;
        (wide as u64) ^ ((wide >> 64) as u64)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.mix(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(buf));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }
}

/// Builds [`WordHasher`]s.
pub type WordHash = std::hash::BuildHasherDefault<WordHasher>;

struct Lexicon {
    /// Words of up to eight bytes, packed into an integer.
    short: HashMap<u64, u32, WordHash>,
    /// Longer words.
    words: HashMap<Box<str>, u32, WordHash>,
    /// Per first byte, the byte lengths (bits 0..63) of the words that start with it, and per
    /// last byte, of those that end with it: most words are turned away here without hashing.
    first: [u64; 256],
    last: [u64; 256],
}

/// A lower-case word with its first letter in upper case.
fn capitalise(lower: &str) -> String {
    let mut c = lower.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A word in lower case, capitalised and in upper case.
fn cases(word: &str) -> [String; 3] {
    let lower = word.to_lowercase();
    [capitalise(&lower), word.to_uppercase(), lower]
}

/// The first word of a phrase as `entities::phrases::Phrases` keys it: lower case and capitalised.
pub fn phrase_starts(phrase: &str) -> [String; 2] {
    let first = phrase.split(' ').next().unwrap_or_default().to_lowercase();
    [capitalise(&first), first]
}

/// Built at the first tokenization (the language server's warm-up, or the second thread of
/// `tamis check`, builds it beside the first analysis): about 21,500 entries, most of them
/// first names. A word of up to eight bytes goes straight into the packed table, with no
/// string allocated for it, and both tables are sized for the lists at once: building the
/// maps of strings first, growing them as they filled, then repacking took about 40 % more.
static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut short: HashMap<u64, u32, WordHash> =
        HashMap::with_capacity_and_hasher(24 << 10, WordHash::default());
    let mut words: HashMap<Box<str>, u32, WordHash> =
        HashMap::with_capacity_and_hasher(4 << 10, WordHash::default());
    let (mut first, mut last) = ([0u64; 256], [0u64; 256]);
    let mut add = |w: &str, flag: u32| {
        let b = w.as_bytes();
        let (Some(&f), Some(&l)) = (b.first(), b.last()) else {
            return;
        };
        first[usize::from(f)] |= 1 << b.len().min(63);
        last[usize::from(l)] |= 1 << b.len().min(63);
        if b.len() <= 8 {
            *short.entry(pack(w)).or_default() |= flag;
        } else if let Some(flags) = words.get_mut(w) {
            *flags |= flag;
        } else {
            words.insert(w.into(), flag);
        }
    };
    for p in lists::attributions() {
        phrase_starts(p).iter().for_each(|w| add(w, SAID_START));
    }
    for p in lists::contact_cues() {
        phrase_starts(p).iter().for_each(|w| add(w, CUE_START));
    }
    for p in lists::attributions().iter().chain(lists::contact_cues()) {
        match p.split(' ').nth(1) {
            None => phrase_starts(p)
                .iter()
                .for_each(|w| add(w, ONE_WORD_PHRASE)),
            Some(second) => cases(second).iter().for_each(|w| add(w, PHRASE_NEXT)),
        }
    }
    for t in lists::titles() {
        add(t, TITLE);
        if let Some(stem) = t.strip_suffix('.') {
            add(stem, DOTTED_TITLE);
        }
    }
    for h in lists::org_heads() {
        match h.split_once(' ') {
            Some((first, _)) => add(first, TWO_WORD_HEAD),
            None => add(h, HEAD),
        }
    }
    for n in lists::org_names() {
        if let Some(w) = crate::entities::tokens::first_word(n) {
            add(w, ORG_NAME_START);
        }
    }
    for w in lists::not_name()
        .iter()
        .chain(lists::contact_labels(LabelUse::Name))
    {
        add(w, NOT_NAME);
    }
    for w in lists::weekdays() {
        cases(w).iter().for_each(|w| add(w, WEEKDAY));
    }
    for w in lists::first_names() {
        add(w, FIRST_NAME);
    }
    for (m, _) in lists::months() {
        cases(m).iter().for_each(|w| add(w, MONTH));
    }
    for w in lists::currency_words() {
        for form in [w.to_string(), format!("{w}s"), format!("{w}es")] {
            cases(&form).iter().for_each(|w| add(w, CURRENCY));
        }
    }
    for w in lists::currency_codes() {
        add(w, CURRENCY);
    }
    for w in lists::periods() {
        cases(w).iter().for_each(|w| add(w, PERIOD));
    }
    for w in lists::year_cues() {
        cases(w).iter().for_each(|w| add(w, YEAR_CUE));
    }
    for w in lists::romance_words() {
        add(w, ROMANCE);
    }
    for w in lists::english_words() {
        add(w, ENGLISH);
    }
    for w in lists::clause_joins() {
        add(w, CLAUSE_JOIN);
    }
    for w in lists::org_connectors() {
        add(w, CONNECTOR);
    }
    for w in lists::org_stops() {
        add(w, ORG_STOP);
    }
    for w in lists::org_left_stops() {
        add(w, ORG_LEFT_STOP);
    }
    for l in lists::lost_oe() {
        cases(l.found).iter().for_each(|w| add(w, LOST_OE));
    }
    Lexicon {
        short,
        words,
        first,
        last,
    }
});

/// A word of up to eight bytes as an integer (no word holds a NUL byte, so none collide):
/// its bytes in little-endian order, read as two overlapping halves rather than copied into a
/// buffer (a copy of variable length costs a call and a stalled load on every word).
pub(crate) fn pack(word: &str) -> u64 {
    let b = word.as_bytes();
    let n = b.len();
    debug_assert!(n <= 8);
    // The same bytes overlap in the middle, so OR-ing the halves is exact.
    match n {
        0 => 0,
        1 => u64::from(b[0]),
        2..=3 => {
            let lo = u64::from(u16::from_le_bytes([b[0], b[1]]));
            let hi = u64::from(u16::from_le_bytes([b[n - 2], b[n - 1]]));
            lo | hi << (8 * (n - 2))
        }
        4..=8 => {
            let lo = u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
            let hi = u64::from(u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]));
            lo | hi << (8 * (n - 4))
        }
        _ => unreachable!("only words of up to eight bytes are packed"),
    }
}

/// Looks words up in the lexicon (one per tokenization, so that the table is reached once).
pub struct Lookup(&'static Lexicon);

impl Lookup {
    pub fn new() -> Lookup {
        Lookup(&LEXICON)
    }

    /// The flags of a word as written.
    pub fn flags(&self, word: &str) -> u32 {
        let l = self.0;
        let b = word.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
            return 0;
        };
        let len = 1 << b.len().min(63);
        if l.first[usize::from(first)] & len == 0 || l.last[usize::from(last)] & len == 0 {
            return 0;
        }
        if b.len() <= 8 {
            l.short.get(&pack(word)).copied().unwrap_or(0)
        } else {
            l.words.get(word).copied().unwrap_or(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_carry_the_flags_of_their_lists() {
        let l = Lookup::new();
        assert_eq!(l.flags("said") & SAID_START, SAID_START);
        assert_eq!(l.flags("Selon") & SAID_START, SAID_START);
        assert_eq!(l.flags("veuillez") & CUE_START, CUE_START);
        assert_eq!(l.flags("Mme"), TITLE);
        assert_eq!(l.flags("M") & DOTTED_TITLE, DOTTED_TITLE);
        assert_eq!(l.flags("Ministère") & HEAD, HEAD);
        assert_eq!(l.flags("Cruz") & TWO_WORD_HEAD, TWO_WORD_HEAD);
        assert_eq!(l.flags("Oxfam") & ORG_NAME_START, ORG_NAME_START);
        assert_eq!(l.flags("Save") & ORG_NAME_START, ORG_NAME_START);
        for m in [
            "mars",
            "Mars",
            "MARS",
            "septiembre",
            "Septiembre",
            "December",
        ] {
            assert_eq!(l.flags(m) & MONTH, MONTH, "{m}");
        }
        for c in [
            "dollars", "Dollars", "dólares", "euros", "USD", "FCFA", "pesos",
        ] {
            assert_eq!(l.flags(c) & CURRENCY, CURRENCY, "{c}");
        }
        assert_eq!(l.flags("de") & (ROMANCE | YEAR_CUE), ROMANCE);
        assert_eq!(l.flags("en") & YEAR_CUE, YEAR_CUE);
        assert_eq!(
            l.flags("and") & (ENGLISH | CLAUSE_JOIN),
            ENGLISH | CLAUSE_JOIN
        );
        assert_eq!(l.flags("pour") & CONNECTOR, CONNECTOR);
        assert_eq!(l.flags("Pour") & (CONNECTOR | ORG_LEFT_STOP), ORG_LEFT_STOP);
        assert_eq!(l.flags("which") & ORG_STOP, ORG_STOP);
        assert_eq!(l.flags("The") & ORG_LEFT_STOP, ORG_LEFT_STOP);
        // Words of more than eight bytes go through the other table.
        assert_eq!(l.flags("semestre") & PERIOD, PERIOD);
        assert_eq!(l.flags("Trimestre") & PERIOD, PERIOD);
        assert_eq!(l.flags("Organisation") & HEAD, HEAD);
        for w in ["", "x", "maison", "Marseille", "décembres", "Dollar-"] {
            assert_eq!(l.flags(w) & (MONTH | CURRENCY), 0, "{w}");
        }
    }

    #[test]
    fn packing_reads_every_byte_in_order() {
        for w in [
            "",
            "a",
            "de",
            "les",
            "mars",
            "avril",
            "juillet",
            "Ministre",
            "décembre",
        ] {
            let mut buf = [0u8; 8];
            buf[..w.len().min(8)].copy_from_slice(&w.as_bytes()[..w.len().min(8)]);
            if w.len() <= 8 {
                assert_eq!(pack(w), u64::from_le_bytes(buf), "{w}");
            }
        }
    }
}
