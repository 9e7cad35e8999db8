//! Stop words of the languages the single-page detector reads, from the `stop-words` crate's
//! NLTK lists (MIT OR Apache-2.0; the lists are NLTK's, Apache-2.0): the function words of each
//! language, which running text is full of and menus lack.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::lexicon::WordHash;

/// The number of languages read.
pub const LANGUAGES: usize = 6;

/// A language of the stop-word lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    French,
    Spanish,
    German,
    Italian,
    Portuguese,
}

impl Language {
    /// Every language, in the order of their bits in a mask.
    pub const ALL: [Language; LANGUAGES] = [
        Language::English,
        Language::French,
        Language::Spanish,
        Language::German,
        Language::Italian,
        Language::Portuguese,
    ];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        ["en", "fr", "es", "de", "it", "pt"][self as usize]
    }
}

/// Each stop word with the mask of the languages it belongs to, hashed fast (a lookup per word
/// of every page). By its bytes: a word lower-cased into a buffer is looked up as it is, not
/// validated again as a `str`.
static WORDS: LazyLock<HashMap<&'static [u8], u8, WordHash>> = LazyLock::new(|| {
    let mut map = HashMap::default();
    for (i, lang) in Language::ALL.iter().enumerate() {
        for w in stop_words::get(lang.code()) {
            *map.entry(w.as_bytes()).or_insert(0u8) |= 1 << i;
        }
    }
    map
});

/// The stop words of up to eight ASCII bytes, lower case, packed into an integer (`pack`),
/// with the mask of their languages; and per first byte, the lengths (bits 1..=8) of the packed
/// words starting with it. Every word of every page is looked up here, and most are no stop
/// word: the length filter turns them away without hashing, and the others cost one hash of an
/// integer, with no string built.
struct Packed {
    words: PackedTable,
    lengths: [u16; 128],
    /// By first byte, the byte lengths of the ASCII stop words (up to 12 bytes): most words of
    /// 9 to 12 letters (`migration`, `humanitaire`) are none, and need no lookup by string.
    ascii_lengths: [u16; 128],
    /// The byte lengths of the other stop words (`à`, `même`, `não`), up to 16 bytes. Lower
    /// casing keeps the byte length of a Latin-1 letter, so a word of another length is none.
    other_lengths: u32,
    /// The other stop words of up to eight bytes, packed as `u64::from_le_bytes` packs them
    /// (zeros after the word), with the mask of their languages.
    other_words: PackedTable,
}

static PACKED: LazyLock<Packed> = LazyLock::new(|| {
    let mut words = Vec::new();
    let mut packed = Packed {
        words: PackedTable::default(),
        lengths: [0; 128],
        ascii_lengths: [0; 128],
        other_lengths: 0,
        other_words: PackedTable::default(),
    };
    let mut other_words = Vec::new();
    for (&b, mask) in WORDS.iter() {
        if !b.is_ascii() && b.len() <= 8 {
            let mut buf = [0u8; 8];
            buf[..b.len()].copy_from_slice(b);
            other_words.push((u64::from_le_bytes(buf), *mask));
        }
        if b.is_ascii() && b.len() <= 12 {
            packed.ascii_lengths[usize::from(b[0])] |= 1 << b.len();
        } else if !b.is_ascii() && b.len() <= 16 {
            packed.other_lengths |= 1 << b.len();
        }
        if let Some(key) = pack(b) {
            words.push((key, *mask));
            packed.lengths[usize::from(b[0])] |= 1 << b.len();
        }
    }
    packed.words = PackedTable::new(&words);
    packed.other_words = PackedTable::new(&other_words);
    packed
});

/// The packed stop words and their masks, in a table of open addressing: a word's slot is its
/// packed value times an odd constant, top bits, and the table is at most a quarter full, so a
/// lookup is a multiplication and a comparison or two, where a `HashMap` hashed the word, then
/// probed a group of slots (the page detector looks up every short word of every page).
#[derive(Default)]
struct PackedTable {
    /// `(packed word, mask)`; a packed word is never 0, which marks an empty slot.
    slots: Vec<(u64, u8)>,
    shift: u32,
}

impl PackedTable {
    const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

    fn new(words: &[(u64, u8)]) -> PackedTable {
        let size = (4 * words.len()).next_power_of_two().max(2);
        let mut table = PackedTable {
            slots: vec![(0, 0); size],
            shift: 64 - size.trailing_zeros(),
        };
        for &(key, mask) in words {
            let mut i = table.slot(key);
            while table.slots[i].0 != 0 {
                i = (i + 1) & (size - 1);
            }
            table.slots[i] = (key, mask);
        }
        table
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(Self::MULTIPLIER) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, key: u64) -> Option<u8> {
        let mut i = self.slot(key);
        loop {
            let (k, mask) = self.slots[i];
            if k == key {
                return Some(mask);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }
}

/// An ASCII word of one to eight letters, lower-cased, as an integer; `None` for any other.
fn pack(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 8 || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut buf = [0u8; 8];
    for (b, c) in buf.iter_mut().zip(bytes) {
        *b = c.to_ascii_lowercase();
    }
    Some(u64::from_le_bytes(buf))
}

/// [`languages_of`] for a word of one to eight ASCII letters, given packed as [`pack`] packs
/// it, with its first letter in lower case and its length: for a caller that packs the word
/// while reading it.
#[inline]
pub(crate) fn languages_of_packed(key: u64, first: u8, len: usize) -> Option<u8> {
    let packed = &*PACKED;
    if packed.lengths[usize::from(first & 0x7f)] & (1 << len) == 0 {
        return None;
    }
    packed.words.get(key)
}

/// [`languages_of`] for a word of up to eight bytes of letters and digits below U+0100, not all
/// ASCII, given lower-cased (as `crate::text::latin1::to_lowercase` does) and packed as
/// `u64::from_le_bytes` packs them, with its byte length.
#[inline]
pub(crate) fn languages_of_latin1_packed(key: u64, len: usize) -> Option<u8> {
    let packed = &*PACKED;
    if packed.other_lengths & (1 << len) == 0 {
        return None;
    }
    packed.other_words.get(key)
}

/// The mask of the languages a word (of letters only) is a stop word of, if any.
pub fn languages_of(word: &str) -> Option<u8> {
    // Stop words are short: longer words need no lower-casing.
    if word.len() > 12 {
        return None;
    }
    if let Some(key) = pack(word.as_bytes()) {
        let packed = &*PACKED;
        let first = word.as_bytes()[0].to_ascii_lowercase();
        if packed.lengths[usize::from(first)] & (1 << word.len()) == 0 {
            return None;
        }
        return packed.words.get(key);
    }
    if let (true, Some(first)) = (word.is_ascii(), word.as_bytes().first()) {
        let first = first.to_ascii_lowercase();
        if PACKED.ascii_lengths[usize::from(first)] & (1 << word.len()) == 0 {
            return None;
        }
    }
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return WORDS.get(word.as_bytes()).copied();
    }
    if word.is_ascii() {
        let mut buf = [0u8; 12];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return WORDS.get(&*lower).copied();
    }
    // Letters of other scripts, lower-cased into a buffer on the stack: no string is built for
    // each word of a page in Greek, Russian or Chinese. A word whose lower case is longer than
    // the buffer is no stop word.
    let mut buf = [0u8; 16];
    let mut len = 0;
    // Latin letters (`à`, `Où`, `même`), the common case, a character at a time without the
    // Unicode tables.
    if word.chars().all(|c| (c as u32) < 0x100) {
        if PACKED.other_lengths & (1 << word.len()) == 0 {
            return None;
        }
        for c in word.chars().map(crate::text::latin1::to_lowercase) {
            let n = c.len_utf8();
            if len + n > buf.len() {
                return None;
            }
            c.encode_utf8(&mut buf[len..]);
            len += n;
        }
        return WORDS.get(&buf[..len]).copied();
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        let n = c.len_utf8();
        if len + n > buf.len() {
            return None;
        }
        c.encode_utf8(&mut buf[len..]);
        len += n;
    }
    WORDS.get(&buf[..len]).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_of_each_language() {
        let bit = |l: Language| 1u8 << l as usize;
        assert!(languages_of("The").unwrap() & bit(Language::English) != 0);
        assert!(languages_of("avec").unwrap() & bit(Language::French) != 0);
        assert!(languages_of("pero").unwrap() & bit(Language::Spanish) != 0);
        assert!(languages_of("nicht").unwrap() & bit(Language::German) != 0);
        assert!(languages_of("della").unwrap() & bit(Language::Italian) != 0);
        assert!(languages_of("não").unwrap() & bit(Language::Portuguese) != 0);
        assert_eq!(languages_of("bridge"), None);
    }

    #[test]
    fn the_packed_lookup_agrees_with_the_lists() {
        // Words longer than twelve bytes are not looked up (`estuviésemos`).
        for (w, mask) in WORDS.iter().filter(|(w, _)| w.len() <= 12) {
            let w = std::str::from_utf8(w).expect("a word of the lists");
            assert_eq!(languages_of(w), Some(*mask), "{w}");
            if w.is_ascii() {
                let upper = w.to_ascii_uppercase();
                assert_eq!(languages_of(&upper), Some(*mask), "{upper}");
            }
        }
        for w in ["Theatre", "b2b", "x", "ZZZ", "thereafterwards"] {
            assert_eq!(
                languages_of(w),
                WORDS.get(w.to_lowercase().as_bytes()).copied(),
                "{w}"
            );
        }
    }
}
