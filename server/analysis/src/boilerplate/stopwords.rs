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

/// The mask of the languages a word (of letters only) is a stop word of, if any.
pub fn languages_of(word: &str) -> Option<u8> {
    // Stop words are short: longer words need no lower-casing.
    if word.len() > 12 {
        return None;
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
    WORDS.get(word.to_lowercase().as_str()).copied()
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
}
