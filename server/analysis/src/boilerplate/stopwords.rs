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
/// of every page).
static WORDS: LazyLock<HashMap<&'static str, u8, WordHash>> = LazyLock::new(|| {
    let mut map = HashMap::default();
    for (i, lang) in Language::ALL.iter().enumerate() {
        for w in stop_words::get(lang.code()) {
            *map.entry(*w).or_insert(0u8) |= 1 << i;
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
    words: HashMap<u64, u8, WordHash>,
    lengths: [u16; 128],
    /// By first byte, the byte lengths of the ASCII stop words (up to 12 bytes): most words of
    /// 9 to 12 letters (`migration`, `humanitaire`) are none, and need no lookup by string.
    ascii_lengths: [u16; 128],
    /// The byte lengths of the other stop words (`à`, `même`, `não`), up to 16 bytes. Lower
    /// casing keeps the byte length of a Latin-1 letter, so a word of another length is none.
    other_lengths: u32,
}

static PACKED: LazyLock<Packed> = LazyLock::new(|| {
    let mut packed = Packed {
        words: HashMap::default(),
        lengths: [0; 128],
        ascii_lengths: [0; 128],
        other_lengths: 0,
    };
    for (w, mask) in WORDS.iter() {
        let b = w.as_bytes();
        if w.is_ascii() && b.len() <= 12 {
            packed.ascii_lengths[usize::from(b[0])] |= 1 << b.len();
        } else if !w.is_ascii() && b.len() <= 16 {
            packed.other_lengths |= 1 << b.len();
        }
        if let Some(key) = pack(w) {
            packed.words.insert(key, *mask);
            packed.lengths[usize::from(w.as_bytes()[0])] |= 1 << w.len();
        }
    }
    packed
});

/// An ASCII word of one to eight letters, lower-cased, as an integer; `None` for any other.
fn pack(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > 8 || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut buf = [0u8; 8];
    for (b, c) in buf.iter_mut().zip(bytes) {
        *b = c.to_ascii_lowercase();
    }
    Some(u64::from_le_bytes(buf))
}

/// The mask of the languages a word (of letters only) is a stop word of, if any.
pub fn languages_of(word: &str) -> Option<u8> {
    // Stop words are short: longer words need no lower-casing.
    if word.len() > 12 {
        return None;
    }
    if let Some(key) = pack(word) {
        let packed = &*PACKED;
        let first = word.as_bytes()[0].to_ascii_lowercase();
        if packed.lengths[usize::from(first)] & (1 << word.len()) == 0 {
            return None;
        }
        return packed.words.get(&key).copied();
    }
    if let (true, Some(first)) = (word.is_ascii(), word.as_bytes().first()) {
        let first = first.to_ascii_lowercase();
        if PACKED.ascii_lengths[usize::from(first)] & (1 << word.len()) == 0 {
            return None;
        }
    }
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return WORDS.get(word).copied();
    }
    if word.is_ascii() {
        let mut buf = [0u8; 12];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower)
            .ok()
            .and_then(|w| WORDS.get(w).copied());
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
        return std::str::from_utf8(&buf[..len])
            .ok()
            .and_then(|w| WORDS.get(w).copied());
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        let n = c.len_utf8();
        if len + n > buf.len() {
            return None;
        }
        c.encode_utf8(&mut buf[len..]);
        len += n;
    }
    std::str::from_utf8(&buf[..len])
        .ok()
        .and_then(|w| WORDS.get(w).copied())
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
            assert_eq!(languages_of(w), Some(*mask), "{w}");
            if w.is_ascii() {
                let upper = w.to_ascii_uppercase();
                assert_eq!(languages_of(&upper), Some(*mask), "{upper}");
            }
        }
        for w in ["Theatre", "b2b", "x", "ZZZ", "thereafterwards"] {
            assert_eq!(
                languages_of(w),
                WORDS.get(w.to_lowercase().as_str()).copied(),
                "{w}"
            );
        }
    }
}
