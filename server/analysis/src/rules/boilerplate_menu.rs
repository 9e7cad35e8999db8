//! ## What it does
//! Finds a site's navigation menu at the top of a single document, without a corpus to compare
//! with, from its structural signs: a run of short lines without sentence punctuation, lone `-`
//! bullets and `- Item` entries, a line immediately repeated (`Structure` / `Structure`), a heading
//! glued to the next sentence (`Qui sommes nousL'Organisation`). It reports the lines from the top
//! through the last strong sign, when there are at least three lines and two strong signs.
//!
//! ## Why is this bad?
//! The menu is not part of the release; it comes first, so it hides the title.
//!
//! ## Example
//! `-` / `Qui sommes nous` / `Qui sommes nousL'Organisation…` / `Structure` / `Structure` / …
//!
//! ## Fix safety
//! Unsafe: without the corpus to confirm it, a short list at the top may be the release's own.
//! When the corpus confirms the block, `boilerplate-corpus` reports it with a safe fix instead.

use super::{delete_lines, quote, Rule};
use crate::{Applicability, Document, Finding, Fix, Severity};

pub const RULE: Rule = Rule {
    code: "boilerplate-menu",
    summary: "a navigation menu at the top of a document, from its structure",
    check,
};

/// Lines at most this long, in characters and in words, can be menu entries.
const SHORT_CHARS: usize = 60;
const SHORT_WORDS: usize = 8;

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let lines = doc.lines();
    let Some(first) = lines.iter().position(|l| !l.is_blank()) else {
        return;
    };
    let mut previous: Option<&str> = None;
    let mut last_strong = None;
    let mut strong = 0;
    let mut signs = Signs::default();
    for (i, line) in lines.iter().enumerate().skip(first) {
        let t = line.trimmed();
        if t.is_empty() {
            continue;
        }
        let sign = if t == "-" || t == "•" {
            signs.lone_bullets += 1;
            true
        } else if is_bullet_entry(t) {
            signs.bullets += 1;
            true
        } else if previous == Some(t) {
            signs.repeated += 1;
            true
        } else if previous.is_some_and(|p| is_glued(p, t)) {
            signs.glued += 1;
            true
        } else {
            false
        };
        if !sign && !is_short(t) {
            break;
        }
        if sign {
            strong += 1;
            last_strong = Some(i);
        }
        previous = Some(t);
    }
    let Some(last) = last_strong else { return };
    let count = lines[first..=last].iter().filter(|l| !l.is_blank()).count();
    if count < 3 || strong < 2 {
        return;
    }
    out.push(Finding {
        code: RULE.code,
        severity: Severity::Warning,
        message: format!(
            "Likely navigation menu: {count} lines from {} look like a site menu ({})",
            quote(lines[first].text),
            signs.describe()
        ),
        range: lines[first].start..lines[last].end,
        fix: Some(Fix::new(
            format!("Delete the {count}-line menu"),
            Applicability::Unsafe,
            vec![delete_lines(lines, first, last)],
        )),
    });
}

#[derive(Default)]
struct Signs {
    lone_bullets: usize,
    bullets: usize,
    repeated: usize,
    glued: usize,
}

impl Signs {
    fn describe(&self) -> String {
        let parts = [
            (self.lone_bullets, "lone bullet", "lone bullets"),
            (self.bullets, "bullet entry", "bullet entries"),
            (self.repeated, "repeated line", "repeated lines"),
            (
                self.glued,
                "heading glued to text",
                "headings glued to text",
            ),
        ];
        parts
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn is_short(t: &str) -> bool {
    t.chars().count() <= SHORT_CHARS
        && t.split_whitespace().count() <= SHORT_WORDS
        && !t.ends_with(['.', '!', '?', ':', ';', ','])
}

/// `- Entry`: menu entries run longer than headings, up to a short phrase.
fn is_bullet_entry(t: &str) -> bool {
    ["- ", "• ", "* ", "– "].iter().any(|b| {
        t.strip_prefix(b).is_some_and(|entry| {
            entry.chars().count() <= 2 * SHORT_CHARS
                && entry.split_whitespace().count() <= 2 * SHORT_WORDS
                && !entry.ends_with(['.', '!', '?', ':', ';'])
        })
    })
}

/// `Qui sommes nousL'Organisation…`: the previous line's text, in any case (`WHO WE AREThe…`
/// after `Who we are`), then at once a capital letter.
fn is_glued(previous: &str, t: &str) -> bool {
    t.len() > previous.len()
        && t.is_char_boundary(previous.len())
        && t[..previous.len()].to_lowercase() == previous.to_lowercase()
        && t[previous.len()..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        && is_short(previous)
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::{check, Context};

    fn codes(text: &str) -> Vec<(&'static str, String)> {
        let s = Settings::default();
        check(
            text,
            Context {
                settings: &s,
                model: None,
            },
        )
        .into_iter()
        .map(|f| (f.code, text[f.range].to_string()))
        .collect()
    }

    #[test]
    fn menu_up_to_the_last_bullet() {
        let t = "-\nAbout us\nAbout usThe Agency is.\nWork\nWork\n- Data\n- 2030 AGENDA\nShort title\nBody text here.\n";
        let f = codes(t);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "boilerplate-menu");
        assert!(f[0].1.ends_with("- 2030 AGENDA"));
    }

    #[test]
    fn a_glued_heading_in_capitals_is_a_sign() {
        let t = "Who we are\nWHO WE AREThe Agency is.\nWork\nWork\nShort title\nBody text here, long enough to end the menu.\n";
        let f = codes(t);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].1.ends_with("Work\nWork"));
    }

    #[test]
    fn a_plain_release_is_not_a_menu() {
        assert!(
            codes("Title of the release\nGeneva - The body starts here. It goes on.\n").is_empty()
        );
        assert!(
            codes("Title\n- one\nA sentence follows here, long enough to stop the menu.\n")
                .is_empty()
        );
    }
}
