//! The `hard-wrap` rule; [`DOC`] documents it.

use super::{FixAvailability, FixSafety, Rule, Scope};
use crate::incremental::{per_line, Found};
use crate::text::Line;
use crate::{Applicability, Document, Edit, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds paragraphs broken inside their sentences at a fixed width, as plain-text mail and old
web pages wrap them: a line that does not end its sentence, followed by one that carries it
on. One finding per paragraph.

A line carries on into the next when it ends without closing punctuation and the next line
starts with a lower-case letter, or the line ends with a word that cannot end a sentence (`de`,
`la`, `the`, `of`, `y` …), a comma, or an open bracket or quotation. Lines that end a sentence,
list items, labels and contact lines (`Tel: …`, `E-mail:`, addresses) are never joined; a
document is only judged hard-wrapped when it has at least three such breaks, all in lines of at
most 100 characters.

## Why is this bad?
Tokenisers and annotation tools read each line as a unit; sentence splitters cut at the breaks.

## Example
`Le 1,6 million de dollars donné par le Bureau de` / `contrôle et de lutte …` becomes one line.

## Fix safety
Safe: only the line breaks inside the paragraph (with the spaces around them) become single
spaces.
"#;

pub const RULE: Rule = Rule {
    code: "hard-wrap",
    summary: "a paragraph broken inside its sentences at a fixed width",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Safe),
    yields_to_boilerplate: false,
    scope: Scope::Document,
    doc: DOC,
    check,
};

/// Lines longer than this are not from a fixed-width wrap.
const MAX_WIDTH: usize = 100;
/// Lines shorter than this do not reach a wrap width.
const MIN_LINE: usize = 30;
/// Breaks needed in a document before it is judged hard-wrapped.
const MIN_BREAKS: usize = 3;

/// Words after which a sentence cannot end, in French, English and Spanish.
const CARRY_ON: &[&str] = &[
    "de", "du", "des", "la", "le", "les", "l", "un", "une", "et", "ou", "à", "au", "aux", "en",
    "dans", "par", "pour", "sur", "avec", "sans", "sous", "entre", "vers", "que", "qui", "dont",
    "ce", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "a", "est", "sont", "ne", "pas",
    "the", "of", "and", "or", "to", "in", "on", "for", "with", "by", "from", "an", "is", "are",
    "that", "which", "el", "los", "las", "y", "con", "del", "al", "por", "para", "una", "su",
    "sus", "se",
];

/// The bytes of the longest word of [`CARRY_ON`]: a longer last word is none of them
/// (`eq_ignore_ascii_case` compares lengths first).
const LONGEST_CARRY_ON: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < CARRY_ON.len() {
        if CARRY_ON[i].len() > longest {
            longest = CARRY_ON[i].len();
        }
        i += 1;
    }
    longest
};

/// Whether `word` is one of [`CARRY_ON`] in any case. (A word longer than the longest is
/// none: most last words are not compared.)
fn is_carry_on(word: &str) -> bool {
    word.len() <= LONGEST_CARRY_ON && CARRY_ON.iter().any(|w| w.eq_ignore_ascii_case(word))
}

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let lines = doc.lines();
    // (Before `breaks`, which borrows the same memo: dropped after it.)
    let mut found = Found::new(doc.memo, |m| &mut m.wraps_found);
    let pairs = lines.len().saturating_sub(1);
    // Each line is in two pairs: whether it is structural is learned once, by the first pair
    // that asks.
    let mut structural = vec![None; lines.len()];
    let breaks_at = |i: usize| carries_on(&lines[i], &lines[i + 1], &mut structural[i..i + 2]);
    // After a change in the editor, the pairs of lines it did not touch keep their verdicts.
    let breaks = per_line(doc.memo, |m| &mut m.breaks, pairs, 1, breaks_at);
    let count = breaks.iter().filter(|b| **b).count();
    if count < MIN_BREAKS {
        return;
    }
    // After a change in the editor, when the last text was hard-wrapped too (it had
    // findings), the paragraphs of the breaks the change did not reach are the last text's,
    // taken whole: only the breaks around the change are walked (see [`unreached`]).
    let start = |i: usize| lines[i].start();
    let (head, tail) = match found.edit().filter(|_| found.has_kept()) {
        Some(e) => unreached(&breaks, e.first, e.new_end),
        None => (0, breaks.len()),
    };
    if head > 0 {
        found.take_before(head, start, out);
    }
    let mut i = head;
    while i < tail {
        if !breaks[i] {
            i += 1;
            continue;
        }
        let first = i;
        while i < breaks.len() && breaks[i] {
            i += 1;
        }
        let last = i; // the paragraph is lines[first..=last]
        out.push(found.get(first..last + 1, lines[first].start(), (), |_| {
            paragraph(lines, first, last)
        }));
    }
    if tail < breaks.len() {
        found.take_from(tail, start, out);
    }
}

/// The breaks `head..tail` to walk after a change that replaced lines `first..new_end` (see
/// [`crate::incremental::LineEdit`]), the breaks before `first - 1` and from `new_end` on being
/// the last text's: `head` and `tail` are breaks the change did not reach where no paragraph
/// carries on (`head == 0`, or break `head - 1` is none; `tail == breaks.len()`, or break
/// `tail` is none), so that the paragraphs starting before line `head` and from line `tail` on
/// (after it: break `tail` is none) are the last text's. A paragraph of lines `a..=b` is read
/// from breaks `a - 1..=b` (none before it, one per pair of its lines, none after it).
fn unreached(breaks: &[bool], first: usize, new_end: usize) -> (usize, usize) {
    let mut head = first.saturating_sub(1).min(breaks.len());
    while head > 0 && breaks[head - 1] {
        head -= 1;
    }
    let mut tail = new_end.clamp(head, breaks.len());
    while tail < breaks.len() && breaks[tail] {
        tail += 1;
    }
    (head, tail)
}

/// The finding on the paragraph of `lines[first..=last]`, wrapped at each of its line ends.
fn paragraph(lines: &[Line<'_>], first: usize, last: usize) -> Finding {
    let edits: Vec<Edit> = (first..last)
        .map(|k| {
            let a = &lines[k];
            let b = &lines[k + 1];
            let start = a.start() + a.text().trim_end().len();
            let end = b.start() + (b.text().len() - b.text().trim_start().len());
            Edit::replace(start..end, " ")
        })
        .collect();
    let n = super::Decimal::new((last - first + 1) as u64);
    Finding {
        code: RULE.code,
        severity: Severity::Warning,
        message: super::with_quote(
            &["Hard-wrapped paragraph: ", &n, " lines from "],
            lines[first].text(),
            &[" carry one another's sentences"],
        )
        .into(),
        range: lines[first].start()..lines[last].end(),
        fix: Some(Fix::new(
            ["Join the ", &n, " lines of the paragraph"].concat(),
            Applicability::Safe,
            edits,
        )),
    }
}

fn is_structural(t: &str) -> bool {
    // Labels compared without allocating: `Tél.`, `E-MAIL:` and `email` all count.
    // A label's first letter is ASCII, and lower-casing maps no other character to it: a line
    // whose first byte differs needs no comparison.
    let first = t.as_bytes().first().map(u8::to_ascii_lowercase);
    // An ASCII head is compared byte by byte: lower-casing its characters is lower-casing
    // its bytes.
    let starts_with_label = |label: &str| {
        first == label.as_bytes().first().copied()
            && t.get(..label.len()).is_some_and(|head| {
                if head.is_ascii() {
                    head.eq_ignore_ascii_case(label)
                } else {
                    head.chars().flat_map(char::to_lowercase).eq(label.chars())
                }
            })
    };
    t.is_empty()
        || matches!(t.chars().next(), Some('-' | '•' | '*' | '–'))
        || crate::text::has_at_sign(t)
        || t.starts_with(|c: char| {
            matches!(c.to_ascii_lowercase(), 't' | 'f' | 'e' | 'c' | 'p' | 'm')
        }) && [
            "tel", "tél", "fax", "e-mail", "email", "courriel", "correo", "phone", "mobile",
        ]
        .iter()
        .any(|l| starts_with_label(l))
}

/// Whether line `a` carries its sentence on into line `b`. `structural` holds what is known of
/// whether `a` and `b` are [`is_structural`] (`None`: not yet), and learns what this asks.
fn carries_on(a: &Line<'_>, b: &Line<'_>, structural: &mut [Option<bool>]) -> bool {
    let (ta, tb) = (a.trimmed(), b.trimmed());
    // The tests are independent: the cheapest, which reject most pairs of lines (a line that
    // ends a sentence, one too long or too short for a wrap), come first.
    let ends_sentence = matches!(
        ta.chars().next_back(),
        Some('.' | '!' | '?' | ':' | ';' | '»' | '"' | '”' | ')')
    );
    if ends_sentence && !ta.ends_with("..") {
        return false;
    }
    // A wrapped line is nearly as wide as the wrap: a short line (`ou`, a name) is a line of
    // its own. (Characters are counted only where the bytes do not tell: a character is one to
    // four bytes.)
    let width_fits = |t: &str| {
        (MIN_LINE..=4 * MAX_WIDTH).contains(&t.len())
            && (MIN_LINE..=MAX_WIDTH).contains(&t.chars().count())
    };
    let too_wide = |t: &str| t.len() > MAX_WIDTH && t.chars().count() > MAX_WIDTH;
    if !width_fits(ta) || too_wide(tb) {
        return false;
    }
    // Then whether `b` carries `a` on, true of few pairs that pass the tests above (a title
    // followed by a capitalised line is not), before the tests that read whole lines: the
    // words of `a` and whether either line is structural.
    let carried = tb.starts_with(|c: char| c.is_lowercase()) || {
        let last_word = ta
            .rsplit(|c: char| c.is_whitespace() || c == '\'' || c == '’')
            .next()
            .unwrap_or("");
        ta.ends_with(',') || is_carry_on(last_word) || opens_more_than_it_closes(ta)
    };
    if !carried || !has_four_words(ta) {
        return false;
    }
    let mut structural_at =
        |k: usize, t: &str| *structural[k].get_or_insert_with(|| is_structural(t));
    !(structural_at(0, ta) || structural_at(1, tb))
}

/// Whether `t` holds more of `(`, `«`, `“` than of `)`, `»`, `”`, as
/// `t.matches(['(', '«', '“']).count() > t.matches([')', '»', '”']).count()` says, in one
/// pass over the bytes: the brackets and quotation marks are their UTF-8 bytes (`«` is
/// C2 AB, `“` is E2 80 9C), which no other character's bytes hold.
fn opens_more_than_it_closes(t: &str) -> bool {
    let b = t.as_bytes();
    // (No opening byte, nothing opens: most lines are read by `memchr3` alone.)
    if memchr::memchr3(b'(', 0xc2, 0xe2, b).is_none() {
        return false;
    }
    let mut open = 0usize;
    let mut close = 0usize;
    for (i, &x) in b.iter().enumerate() {
        match x {
            b'(' => open += 1,
            b')' => close += 1,
            0xab | 0xbb if i >= 1 && b[i - 1] == 0xc2 => {
                if x == 0xab {
                    open += 1;
                } else {
                    close += 1;
                }
            }
            0x9c | 0x9d if i >= 2 && b[i - 2] == 0xe2 && b[i - 1] == 0x80 => {
                if x == 0x9c {
                    open += 1;
                } else {
                    close += 1;
                }
            }
            _ => {}
        }
    }
    open > close
}

/// Whether `t` has at least four words (runs of characters that are not white space), as
/// `t.split_whitespace().nth(3).is_some()` says, in one pass that stops at the fourth's start.
fn has_four_words(t: &str) -> bool {
    crate::text::count_words(t, 4) == 4
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check, check_fix};

    /// How many of `count` texts drawn from `pieces` have four words, checking that
    /// [`super::has_four_words`] says as `split_whitespace` counts.
    fn four_words_among(pieces: &[&str], count: usize, most: u64) -> usize {
        let texts = crate::testing::texts_of_pieces(pieces, count, most);
        let mut four = 0;
        for t in &texts {
            let expected = t.split_whitespace().nth(3).is_some();
            four += usize::from(expected);
            assert_eq!(super::has_four_words(t), expected, "{t:?}");
        }
        four
    }

    #[test]
    fn four_words_are_counted_as_split_whitespace_counts_them() {
        let pieces = [
            "a", "mot", "é", " ", "  ", "\t", "\n", "\u{a0}", "\u{2003}", "\u{3000}", "-", ".",
        ];
        let four = four_words_among(&pieces, 20_000, 14);
        assert!(four > 2_000 && four < 18_000, "{four}");
        // Mostly ASCII, read eight bytes at a time, with every ASCII control character around
        // the white space.
        let controls: Vec<String> = (0u8..0x20).map(|b| char::from(b).to_string()).collect();
        let mut pieces: Vec<&str> = controls.iter().map(String::as_str).collect();
        pieces.extend([
            "a", "mot", "longmot", " ", "  ", "-", "\u{7f}", "é", "\u{85}",
        ]);
        let four = four_words_among(&pieces, 50_000, 40);
        assert!(four > 5_000 && four < 45_000, "{four}");
    }

    /// `is_carry_on` answers as the comparison with every carry-on word does.
    #[test]
    fn carry_on_words_are_told_as_comparing_every_word_tells_them() {
        let pieces = ["de", "ENTRE", "Cette", "à", "À", "x", "é", "s", "which"];
        let texts = crate::testing::texts_of_pieces(&pieces, 5_000, 4);
        let mut carry = 0;
        for t in &texts {
            let any = super::CARRY_ON.iter().any(|w| w.eq_ignore_ascii_case(t));
            carry += usize::from(any);
            assert_eq!(super::is_carry_on(t), any, "{t:?}");
        }
        assert!(carry > 100, "{carry}");
    }

    #[test]
    fn brackets_are_counted_as_matches_counts_them() {
        // With `Â` and U+009C (C3 82, C2 9C), bytes of the marks in other characters.
        let mut pieces: Vec<&str> = "a é ( ) « » “ ” ‘ ’ «» € \u{2c9c} \u{c2} \u{9c}"
            .split(' ')
            .collect();
        pieces.push(" ");
        let texts = crate::testing::texts_of_pieces(&pieces, 20_000, 12);
        let mut more = 0;
        for t in &texts {
            let expected = t.matches(['(', '«', '“']).count() > t.matches([')', '»', '”']).count();
            more += usize::from(expected);
            assert_eq!(super::opens_more_than_it_closes(t), expected, "{t:?}");
        }
        assert!(more > 2_000 && more < 18_000, "{more}");
    }

    #[test]
    fn labels_are_told_as_lower_casing_every_character_tells_them() {
        let by_chars = |t: &str| {
            let first = t.as_bytes().first().map(u8::to_ascii_lowercase);
            [
                "tel", "tél", "fax", "e-mail", "email", "courriel", "correo", "phone", "mobile",
            ]
            .iter()
            .any(|label| {
                first == label.as_bytes().first().copied()
                    && t.get(..label.len()).is_some_and(|head| {
                        head.chars().flat_map(char::to_lowercase).eq(label.chars())
                    })
            })
        };
        let pieces = [
            "t", "T", "e", "E", "l", "L", "é", "É", "e-", "m", "M", "a", "i", "I", "\u{130}",
            "\u{212a}", "c", "o", "r", "p", "h", "n", "b", "f", "x", " ", "tel", "Tél", "TÉL",
            "e-mail", "EMAIL", "Courriel", "cour", "phone", "MOBILE", "mob", "fax", "correo",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 100_000, 6);
        let mut labels = 0;
        for t in &texts {
            // Neither an empty line, a bullet nor an `@`, so that the label decides.
            let t = format!("{t}.");
            let expected = by_chars(&t);
            labels += usize::from(expected);
            assert_eq!(super::is_structural(&t), expected, "{t:?}");
        }
        assert!(labels > 2_000, "{labels}");
    }

    /// Whether line `a` carries its sentence on into line `b`, as [`super::carries_on`] was
    /// first written: each test in the order of the rule's documentation, on whole lines.
    fn carries_on_as_written(a: &str, b: &str) -> bool {
        let (ta, tb) = (a.trim(), b.trim());
        let ends_sentence = matches!(
            ta.chars().next_back(),
            Some('.' | '!' | '?' | ':' | ';' | '»' | '"' | '”' | ')')
        );
        if ends_sentence && !ta.ends_with("..") {
            return false;
        }
        if !(super::MIN_LINE..=super::MAX_WIDTH).contains(&ta.chars().count())
            || tb.chars().count() > super::MAX_WIDTH
        {
            return false;
        }
        if ta.split_whitespace().nth(3).is_none() {
            return false;
        }
        if super::is_structural(ta) || super::is_structural(tb) {
            return false;
        }
        if tb.starts_with(char::is_lowercase) {
            return true;
        }
        let last_word = ta
            .rsplit(|c: char| c.is_whitespace() || c == '\'' || c == '’')
            .next()
            .unwrap_or("");
        ta.ends_with(',')
            || super::CARRY_ON
                .iter()
                .any(|w| w.eq_ignore_ascii_case(last_word))
            || ta.matches(['(', '«', '“']).count() > ta.matches([')', '»', '”']).count()
    }

    /// The verdicts on pairs of lines that share what they learn of each line's structure are
    /// those of pairs told it outright, in whatever order the pairs are asked (an edit in
    /// the editor asks some pairs only), and those of the rule as first written.
    #[test]
    fn shared_structure_verdicts_are_those_of_fresh_ones() {
        let pieces = [
            "de la maison ",
            "les pluies ont détruit ",
            "Des familles ",
            "\n",
            "\nla ",
            "Tel: ",
            "Email ",
            "- ",
            "• ",
            "a@b.org ",
            ".",
            ",",
            " et",
            "(",
            "Le ",
            "  ",
            "« ",
            " »",
            "of the ",
            "qu’",
            "\u{a0}",
            "\t",
            "mobile ",
            "1234567890123456789012345678901234567890",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 6_000, 40);
        let (mut breaks, mut structural_pairs) = (0, 0);
        for (n, t) in texts.iter().enumerate() {
            let lines = crate::text::lines(t);
            let pairs = lines.len().saturating_sub(1);
            // Told outright whether each line is structural, as the plain version asked.
            let told = |i: usize| Some(super::is_structural(lines[i].trimmed()));
            let fresh: Vec<bool> = (0..pairs)
                .map(|i| super::carries_on(&lines[i], &lines[i + 1], &mut [told(i), told(i + 1)]))
                .collect();
            for (i, fresh) in fresh.iter().enumerate() {
                let written = carries_on_as_written(lines[i].text(), lines[i + 1].text());
                assert_eq!(*fresh, written, "{t:?} pair {i}");
            }
            let mut structural = vec![None; lines.len()];
            let mut order: Vec<usize> = (0..pairs).collect();
            if n % 2 == 1 {
                order.reverse();
            }
            for i in order {
                let shared = super::carries_on(&lines[i], &lines[i + 1], &mut structural[i..i + 2]);
                assert_eq!(shared, fresh[i], "{t:?} pair {i}");
            }
            breaks += fresh.iter().filter(|b| **b).count();
            structural_pairs += structural.iter().filter(|s| **s == Some(true)).count();
        }
        assert!(
            breaks > 300 && structural_pairs > 500,
            "{breaks} {structural_pairs}"
        );
    }

    const WRAPPED: &str = "\
Le Programme a distribué hier des rations aux familles
déplacées par les inondations dans la région du nord, où
les pluies ont détruit plus de deux cents maisons depuis le
début du mois selon les autorités locales.
";

    #[test]
    fn finds_a_paragraph_broken_inside_its_sentences() {
        check(
            r#"Le Programme a distribué hier des rations aux familles
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hard-wrap +
déplacées par les inondations dans la région du nord, où
les pluies ont détruit plus de deux cents maisons depuis le
début du mois selon les autorités locales.
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hard-wrap
"#,
        );
    }

    #[test]
    fn joins_the_lines_with_single_spaces() {
        check_fix(
            WRAPPED,
            "Le Programme a distribué hier des rations aux familles déplacées par les inondations \
             dans la région du nord, où les pluies ont détruit plus de deux cents maisons depuis le \
             début du mois selon les autorités locales.\n",
        );
    }

    #[test]
    fn leaves_lines_that_end_their_sentences() {
        check(
            "Le Programme a distribué hier des rations aux familles déplacées.\n\
             Les pluies ont détruit plus de deux cents maisons depuis le début du mois.\n\
             Les autorités locales demandent de l'aide pour reconstruire les écoles.\n",
        );
    }

    #[test]
    fn labels_are_structural_in_any_case() {
        for t in [
            "Tél. 01 23",
            "TÉL: 01",
            "E-MAIL: a@b",
            "Email x",
            "courriel",
            "Phone",
            "MOBILE",
        ] {
            assert!(super::is_structural(t), "{t}");
        }
        for t in ["Te l'a dit", "Pour la", "émail", "Melle", "Kelvin"] {
            assert!(!super::is_structural(t), "{t}");
        }
    }

    #[test]
    fn leaves_a_document_with_fewer_than_three_breaks() {
        check(
            "Le Programme a distribué hier des rations aux familles\n\
             déplacées par les inondations dans la région du nord.\n",
        );
    }
}
