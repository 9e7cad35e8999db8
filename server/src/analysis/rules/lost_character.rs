//! ## What it does
//! Finds French words that lost their `œ` to an encoding that could not hold it: `mis en uvre`
//! for `mis en œuvre`, `manuvre`, `cur` for `cœur`, `sur` for `sœur`. The word list
//! (`analysis/data/lost-oe.tsv`) says where it came from and which repairs are sure.
//!
//! ## Why is this bad?
//! The broken words are not words: tokenisers, spell-checkers and annotators stumble on them.
//!
//! ## Example
//! `l'OIM a mis en uvre un programme` becomes `l'OIM a mis en œuvre un programme`.
//!
//! ## Fix safety
//! Safe where the broken form is no word of its own (`uvre`, `manuvre`); none where it is
//! (`sur` is also a preposition, `cur` an English word): those are reported, with the likely word,
//! for a person to judge. Only French documents are checked.

use std::sync::LazyLock;

use super::Rule;
use crate::analysis::{Applicability, Document, Edit, Finding, Fix, Severity};

pub const RULE: Rule = Rule {
    code: "lost-character",
    summary: "a word that lost its œ to an old encoding",
    check,
};

struct Entry {
    word: &'static str,
    sure: bool,
}

static WORDS: LazyLock<Vec<(&'static str, Entry)>> = LazyLock::new(|| {
    include_str!("../data/lost-oe.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let found = cols.next()?;
            let word = cols.next()?;
            let sure = cols.next()? == "yes";
            Some((found, Entry { word, sure }))
        })
        .collect()
});

/// Ambiguous forms are only reported after these words, where the œ word is the likely one
/// (`mis en uvre` needs no context; `ma sur`, `son cur` do).
const CONTEXT_FOR_AMBIGUOUS: &[&str] = &[
    "ma", "ta", "sa", "mes", "tes", "ses", "nos", "vos", "leur", "leurs", "son", "mon", "ton",
    "du", "au", "de", "bon", "grand", "petite", "une", "cette", "votre", "notre",
];

/// The broken forms, found in one pass (ASCII case-insensitively, longest first).
static FORMS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(WORDS.iter().map(|(found, _)| found))
        .expect("valid word list")
});

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let text = doc.text;
    // Judged on the first 64 KiB: enough words to tell the language, and cheap on huge files.
    let sample = &text[..super::super::text::floor_char_boundary(text, 64 << 10)];
    if !super::super::text::looks_french(sample) {
        return;
    }
    for m in FORMS.find_iter(text) {
        let range = m.range();
        // Whole words only: `cur` in `parcours` is no broken `cœur`.
        if text[..range.start].ends_with(is_word_char)
            || text[range.end..].starts_with(is_word_char)
        {
            continue;
        }
        let word = &text[range.clone()];
        let entry = &WORDS[m.pattern().as_usize()].1;
        if !entry.sure {
            let before = text[..range.start]
                .trim_end()
                .rsplit(|c: char| !is_word_char(c))
                .next()
                .unwrap_or("");
            if !CONTEXT_FOR_AMBIGUOUS
                .iter()
                .any(|c| c.eq_ignore_ascii_case(before))
            {
                continue;
            }
        }
        let repaired = match_case(word, entry.word);
        let fix = entry.sure.then(|| {
            Fix::new(
                format!("Write `{repaired}`"),
                Applicability::Safe,
                vec![Edit::replace(range.clone(), repaired.clone())],
            )
        });
        out.push(Finding {
            code: RULE.code,
            severity: if entry.sure { Severity::Warning } else { Severity::Info },
            message: if entry.sure {
                format!("`{word}` lost its œ: `{repaired}`")
            } else {
                format!("`{word}` may have lost its œ (`{repaired}`); no automatic fix, the word exists as it is")
            },
            range,
            fix,
        });
    }
}

/// `Uvre` → `Œuvre`, `UVRE` → `ŒUVRE`, `uvre` → `œuvre`.
fn match_case(found: &str, word: &str) -> String {
    if found.chars().all(|c| !c.is_lowercase()) && found.chars().count() > 1 {
        word.to_uppercase()
    } else if found.starts_with(char::is_uppercase) && word.starts_with('œ') {
        format!("Œ{}", &word['œ'.len_utf8()..])
    } else {
        word.to_string()
    }
}
