//! The `boilerplate-menu` rule; [`DOC`] documents it.

use super::{delete_lines, with_quote, Decimal, FixAvailability, FixSafety, Rule, Scope};
use crate::{Applicability, Document, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds a site's navigation menu at the top of a single document, without a corpus to compare
with, from its structural signs: a run of short lines without sentence punctuation, lone `-`
bullets and `- Item` entries, a line immediately repeated (`Structure` / `Structure`), a heading
glued to the next sentence (`Qui sommes nousL'Organisation`). It reports the lines from the top
through the last strong sign, when there are at least three lines and two strong signs.

## Why is this bad?
The menu is not part of the release; it comes first, so it hides the title.

## Example
`-` / `Qui sommes nous` / `Qui sommes nousL'Organisation…` / `Structure` / `Structure` / …

## Fix safety
Unsafe: without the corpus to confirm it, a short list at the top may be the release's own.
When the corpus confirms the block, `boilerplate-corpus` reports it with a safe fix instead.
"#;

pub const RULE: Rule = Rule {
    code: "boilerplate-menu",
    summary: "a navigation menu at the top of a document, from its structure",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Unsafe),
    yields_to_boilerplate: false,
    scope: Scope::Document,
    doc: DOC,
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
    // (Most menus are dropped under the corpus's blocks: their messages are built without
    // `format!`.)
    let count = Decimal::new(count as u64);
    out.push(Finding {
        code: RULE.code,
        severity: Severity::Warning,
        message: with_quote(
            &["Likely navigation menu: ", &count, " lines from "],
            lines[first].text(),
            &[" look like a site menu (", &signs.describe(), ")"],
        )
        .into(),
        range: lines[first].start()..lines[last].end(),
        fix: Some(Fix::new(
            ["Delete the ", &count, "-line menu"].concat(),
            Applicability::Unsafe,
            [delete_lines(lines, first, last)],
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
        let mut out = String::with_capacity(80);
        for (n, one, many) in parts.iter().filter(|(n, _, _)| *n > 0) {
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push_str(&Decimal::new(*n as u64));
            out.push(' ');
            out.push_str(if *n == 1 { one } else { many });
        }
        out
    }
}

fn is_short(t: &str) -> bool {
    !t.ends_with(['.', '!', '?', ':', ';', ','])
        && at_most_chars(t, SHORT_CHARS)
        && at_most_words(t, SHORT_WORDS)
}

/// `- Entry`: menu entries run longer than headings, up to a short phrase.
fn is_bullet_entry(t: &str) -> bool {
    ["- ", "• ", "* ", "– "].iter().any(|b| {
        t.strip_prefix(b).is_some_and(|entry| {
            !entry.ends_with(['.', '!', '?', ':', ';'])
                && at_most_chars(entry, 2 * SHORT_CHARS)
                && at_most_words(entry, 2 * SHORT_WORDS)
        })
    })
}

/// Whether `t` holds at most `n` characters, read no further than the `n + 1`th (a character
/// is at least a byte: a text of at most `n` bytes is not read).
fn at_most_chars(t: &str, n: usize) -> bool {
    t.len() <= n || t.chars().nth(n).is_none()
}

/// Whether `t` holds at most `n` words, read no further than the `n + 1`th.
fn at_most_words(t: &str, n: usize) -> bool {
    crate::text::count_words(t, n + 1) <= n
}

/// `Qui sommes nousL'Organisation…`: the previous line's text, in any case (`WHO WE AREThe…`
/// after `Who we are`), then at once a capital letter.
fn is_glued(previous: &str, t: &str) -> bool {
    // (The cheap tests first: the lower-cased texts are compared last.)
    t.len() > previous.len()
        && t.is_char_boundary(previous.len())
        && t[previous.len()..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        && is_short(previous)
        && t[..previous.len()].to_lowercase() == previous.to_lowercase()
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix, check_in, check_unsafe_fix, Setup};

    /// The bounded counts and the tests reordered decide as the whole counts in the first
    /// order did, on generated lines.
    #[test]
    fn short_lines_and_entries_are_read_as_the_whole_counts_read_them() {
        use super::{SHORT_CHARS, SHORT_WORDS};
        let is_short = |t: &str| {
            t.chars().count() <= SHORT_CHARS
                && t.split_whitespace().count() <= SHORT_WORDS
                && !t.ends_with(['.', '!', '?', ':', ';', ','])
        };
        let is_bullet_entry = |t: &str| {
            ["- ", "• ", "* ", "– "].iter().any(|b| {
                t.strip_prefix(b).is_some_and(|entry| {
                    entry.chars().count() <= 2 * SHORT_CHARS
                        && entry.split_whitespace().count() <= 2 * SHORT_WORDS
                        && !entry.ends_with(['.', '!', '?', ':', ';'])
                })
            })
        };
        let is_glued = |previous: &str, t: &str| {
            t.len() > previous.len()
                && t.is_char_boundary(previous.len())
                && t[..previous.len()].to_lowercase() == previous.to_lowercase()
                && t[previous.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                && is_short(previous)
        };
        let pieces = [
            "- ",
            "• ",
            "– ",
            "* ",
            "a",
            "mot ",
            "œuvre ",
            "très-long-mot-composé ",
            "é",
            " ",
            "  ",
            ".",
            ":",
            ",",
            "Qui",
            "QUI",
            "qui",
            "L",
            "É",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 20_000, 50);
        let (mut short, mut entries, mut glued) = (0, 0, 0);
        for (i, t) in texts.iter().enumerate() {
            short += usize::from(is_short(t));
            entries += usize::from(is_bullet_entry(t));
            assert_eq!(super::is_short(t), is_short(t), "{t:?}");
            assert_eq!(super::is_bullet_entry(t), is_bullet_entry(t), "{t:?}");
            // A line, then the next text glued to it or to its upper-cased form.
            let previous = &texts[(i + 1) % texts.len()];
            for joined in [
                format!("{previous}{t}"),
                format!("{}{t}", previous.to_uppercase()),
            ] {
                glued += usize::from(is_glued(previous, &joined));
                assert_eq!(
                    super::is_glued(previous, &joined),
                    is_glued(previous, &joined),
                    "{previous:?} {joined:?}"
                );
            }
        }
        assert!(
            short > 1_000 && entries > 500 && glued > 200,
            "{short} {entries} {glued}"
        );
    }

    const MENU: &str = "\
-
Accueil
- Qui sommes-nous
- Nos actions
Salle de presse
Salle de presse
La Croix-Rouge a distribué des kits d'hygiène à trois cents familles de Jacmel.
";

    #[test]
    fn finds_a_menu_from_its_bullets_and_repeated_lines() {
        check(
            r#"-
^ boilerplate-menu +
Accueil
- Qui sommes-nous
- Nos actions
Salle de presse
Salle de presse
^^^^^^^^^^^^^^^ boilerplate-menu
La Croix-Rouge a distribué des kits d'hygiène à trois cents familles de Jacmel.
"#,
        );
    }

    #[test]
    fn deletes_the_menu_only_with_unsafe_fixes() {
        check_fix(MENU, MENU);
        check_unsafe_fix(
            MENU,
            "La Croix-Rouge a distribué des kits d'hygiène à trois cents familles de Jacmel.\n",
        );
    }

    /// A menu that the page detector finds too, and safely, is deleted by a safe fix under
    /// the page detector's code: a finding under this rule's code never has a safe fix (the
    /// fixture's check holds every finding to its rule's fix safety).
    #[test]
    fn a_menu_the_page_detector_deletes_safely_goes_under_its_code() {
        check(
            "Languages
^^^^^^^^^ boilerplate-page +

  • English
  • Español
Subscribe to the Coastal News feed
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ boilerplate-page
Updated: 3 hours 12 min ago

A bridge reopens in Jacmel after three months of works on the river crossing

Mon, 03/02/2020 - 09:41

Jacmel – The bridge over the river reopened on Monday after three months of works, the town council said, and the first lorries crossed it at dawn.

The works were paid for by the regional fund and carried out by local firms, who hired forty workers from the town.

The council will inspect the bridge again in the rainy season, when the river rises.
",
        );
    }

    #[test]
    fn leaves_a_release_that_starts_with_its_title() {
        check(
            "Des kits pour Jacmel\n\
             La Croix-Rouge a distribué des kits d'hygiène à trois cents familles de Jacmel.\n",
        );
    }

    #[test]
    fn yields_to_the_corpus_when_it_confirms_the_block() {
        let corpus = Setup {
            config: "",
            corpus: &[
                "-\nAccueil\n- Qui sommes-nous\n- Nos actions\nSalle de presse\nSalle de presse\nUn puits pour Hinche, le village a enfin de l'eau potable.\n",
                "-\nAccueil\n- Qui sommes-nous\n- Nos actions\nSalle de presse\nSalle de presse\nDes semences à Jérémie pour trois cents familles paysannes.\n",
                "-\nAccueil\n- Qui sommes-nous\n- Nos actions\nSalle de presse\nSalle de presse\nUne école rouvre à Gonaïves après deux mois de travaux.\n",
            ],
        };
        check_in(
            &corpus,
            r#"-
^ boilerplate-corpus +
Accueil
- Qui sommes-nous
- Nos actions
Salle de presse
Salle de presse
^^^^^^^^^^^^^^^ boilerplate-corpus
La Croix-Rouge a distribué des kits d'hygiène à trois cents familles de Jacmel.
"#,
        );
    }

    #[test]
    fn menu_up_to_the_last_bullet() {
        check(
            r#"-
^ boilerplate-menu +
About us
About usThe Agency is.
Work
Work
- Data
- 2030 AGENDA
^^^^^^^^^^^^^ boilerplate-menu
Short title
Body text here.
"#,
        );
    }

    #[test]
    fn a_glued_heading_in_capitals_is_a_sign() {
        let t = "Who we are\nWHO WE AREThe Agency is.\nWork\nWork\nShort title\nBody text here, long enough to end the menu.\n";
        let settings = crate::config::Settings::default();
        let cx = crate::Context {
            settings: &settings,
            model: None,
        };
        let f: Vec<_> = crate::check(t, cx)
            .into_iter()
            .filter(|f| f.code == "boilerplate-menu")
            .collect();
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(t[f[0].range.clone()].ends_with("Work\nWork"), "{f:?}");
    }

    #[test]
    fn a_plain_release_is_not_a_menu() {
        check("Title of the release\nGeneva - The body starts here. It goes on.\n");
        check("Title\n- one\nA sentence follows here, long enough to stop the menu.\n");
    }
}
