//! Phrases of one or more words (attributions such as `a déclaré`, contact cues such as
//! `veuillez contacter`) found at a token in one lookup, in any case: what the extractors of
//! people and contact records share.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::tokens::Token;
use crate::lexicon::{
    lists, WordHash as KeyHash, CUE_START, ONE_WORD_PHRASE, PHRASE_NEXT, SAID_START,
};

/// Phrases indexed by their first word (lower-case), for one lookup per token.
pub(super) struct Phrases {
    /// The lexicon's flag of the first words.
    flag: u32,
    by_first: HashMap<String, Vec<Vec<String>>, KeyHash>,
}

impl Phrases {
    fn new(phrases: &[&str], flag: u32) -> Phrases {
        let mut by_first: HashMap<String, Vec<Vec<String>>, KeyHash> = HashMap::default();
        for p in phrases {
            let words: Vec<String> = p.split(' ').map(|w| w.to_lowercase()).collect();
            // Keyed by the first word as written at the start of a sentence too (`Selon`), so
            // that a lookup needs no lower-casing; the lexicon flags the same forms.
            for key in crate::lexicon::phrase_starts(p) {
                by_first.entry(key).or_default().push(words.clone());
            }
        }
        // Longest first: `a t-elle ajouté` before `a`.
        for v in by_first.values_mut() {
            v.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        Phrases { flag, by_first }
    }

    /// The last token of a phrase starting at token `i`, if one does.
    #[inline]
    pub(super) fn at(&self, text: &str, toks: &[Token], i: usize) -> Option<usize> {
        // Most tokens start no phrase: turned away here, without a call; and most first words
        // start phrases of two words or more (`a déclaré`), turned away when the next word is no
        // phrase's second word (in lower, capitalised or upper case).
        let t = toks.get(i)?;
        if !t.has(self.flag)
            || !t.has(ONE_WORD_PHRASE) && !toks.get(i + 1).is_some_and(|n| n.has(PHRASE_NEXT))
        {
            return None;
        }
        self.from(text, toks, i)
    }

    /// [`Phrases::at`] for a token that starts one of the phrases' first words.
    fn from(&self, text: &str, toks: &[Token], i: usize) -> Option<usize> {
        let w = toks[i].text(text);
        let candidates = self.by_first.get(w)?;
        'phrase: for words in candidates {
            for (k, word) in words.iter().enumerate().skip(1) {
                let Some(t) = toks.get(i + k) else {
                    continue 'phrase;
                };
                if !same_word(word, t.text(text)) {
                    continue 'phrase;
                }
            }
            return Some(i + words.len() - 1);
        }
        None
    }
}

/// The attributions of `data/lexicon/attributions.txt` (`a déclaré`, `said`).
pub(super) static SAID_PHRASES: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new(lists::attributions(), SAID_START));
/// The contact cues of `data/lexicon/contact-cues.txt` (`veuillez contacter`).
pub(super) static CUE_PHRASES: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new(lists::contact_cues(), CUE_START));

/// `rest` without `prefix`, compared case-insensitively, with `’` read as `'`.
fn strip_prefix_ci<'r>(rest: &'r str, prefix: &str) -> Option<&'r str> {
    let mut r = rest.char_indices();
    for p in prefix.chars() {
        let (_, c) = r.next()?;
        let p = if p == '’' { '\'' } else { p };
        if c != p && !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
    }
    Some(r.next().map_or("", |(k, _)| &rest[k..]))
}

/// Whether a token is a phrase's word (in lower case), any case, `’` read as `'`.
fn same_word(word: &str, token: &str) -> bool {
    if token.is_ascii() {
        // The phrases' words in lower case have no letter whose lower case is ASCII but which
        // is not (such as the Kelvin sign), so bytes compare.
        word.len() == token.len() && word.eq_ignore_ascii_case(token)
    } else {
        strip_prefix_ci(word, token) == Some("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_of_one_or_more_words_in_the_usual_cases() {
        let ends = |text: &str| -> Vec<usize> {
            let toks = super::super::tokens::tokenize(text);
            (0..toks.len())
                .filter_map(|i| SAID_PHRASES.at(text, &toks, i))
                .collect()
        };
        assert_eq!(ends("elle a déclaré"), [2]);
        assert_eq!(ends("elle a Déclaré"), [2]);
        assert_eq!(ends("ELLE A DÉCLARÉ"), [2]);
        assert_eq!(ends("a t-elle ajouté"), [2]);
        assert_eq!(ends("According to Ana"), [1]);
        assert_eq!(ends("Selon Ana, said Bo"), [0, 3]);
        assert_eq!(ends("il y a des gens, a dit"), [7]);
        assert_eq!(ends("il a"), Vec::<usize>::new());
    }

    #[test]
    fn phrase_words_match_in_any_case() {
        assert!(same_word("déclaré", "Déclaré"));
        assert!(same_word("said", "SAID"));
        assert!(same_word("l'oim", "l’OIM"));
        assert!(!same_word("said", "sai"));
        assert!(!same_word("déclaré", "declare"));
    }
}
