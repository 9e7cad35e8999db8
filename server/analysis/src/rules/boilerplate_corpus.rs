//! The `boilerplate-corpus` rule; [`DOC`] documents it.

use std::cell::RefCell;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::{delete_lines, with_quote, Decimal, FixAvailability, FixSafety, Rule, Scope};
use crate::model::Templates;
use crate::recent::RecentLines;
use crate::text::Line;
use crate::{Applicability, Document, Finding, Fix, Severity};

/// What the rule finds, why, an example and how safe its fix is, in Markdown.
pub const DOC: &str = r#"## What it does
Finds blocks of lines that recur across the corpus: lines that, once white space, case and
digits are normalised, appear in at least `boilerplate.min-docs` documents and in at least
`boilerplate.min-ratio` of them. A block counts when it starts the document, ends it, or holds
at least `boilerplate.min-run` such lines. One finding per block. A line whose digits differ
from document to document (`01/16/2017 - 14:13`: a date, a time, a counter) recurs only in
shape: it is the document's own and never part of a block.

A corpus may mix sites: documents that start with the same line, or end with the same line,
form a template, and a line that recurs in at least half of its template's pages (two at
least) counts too, so that a small site's menu and footer are found among many sites. A
template of fewer than `min-docs` pages needs a block of at least twice `min-run` lines. The
message names the template.

## Why is this bad?
A site's navigation menu or footer copied into every release is not part of the release: it
skews counts, embeddings and annotations.

## Example
Every file of a corpus starting with `Qui sommes nous` / `Structure` / … / `- 2030 AGENDA`.

## Fix safety
Safe: the corpus confirms that the lines are not the release's own. The fix deletes the block,
so that the release title becomes the first line. Unsafe when the block is the whole document
(it would leave an empty file), and when the document's own words (on lines that recur
nowhere) are fewer than half the prose its blocks hold (their lines of at least 16 words):
such a document is a copy of other pages (one article under two addresses, a site's sample
pages sharing their paragraphs), whose shared paragraphs are its text, not a template around
it. A short release keeps the safe fix for an "About us" paragraph or two at its foot. Unsafe
too for a block that opens a contact block (`For more information, please contact:`, `Contacts
presse :` / a name / an office) just above its details (an address, `Tel: +509 …`): it is the
release's own, and deleting it would leave a number without the person it reaches.
"#;

pub const RULE: Rule = Rule {
    code: "boilerplate-corpus",
    summary: "a block of lines that recur across the corpus",
    severity: Severity::Warning,
    other_severity: None,
    fix: FixAvailability::Always(FixSafety::Mixed),
    yields_to_boilerplate: false,
    scope: Scope::Document,
    doc: DOC,
    check,
};

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let Some(model) = doc.cx.model else { return };
    let config = &doc.settings().config.boilerplate;
    // Two pages of one template are enough when their shared block is long.
    if model.documents() < 2 {
        return;
    }
    let lines = doc.lines();
    // Each line is hashed once, for every question asked of the model (or not at all, when
    // the keys were kept from learning the model).
    let keys = doc.line_keys();
    let templates = Templates::of_keys(&keys);
    let mut at_signs = AtSigns::of(doc.text);
    // How each line recurs: across the corpus, or else inside the document's template.
    let recurrence: Vec<Option<Recurs>> = lines
        .iter()
        .zip(keys.iter())
        .map(|(l, k)| {
            let k = (*k)?;
            let recurs = if model.recurs_whole(k, config) {
                Some(Recurs::Corpus)
            } else {
                model
                    .template_recurrence_keys(k, &templates)
                    .map(|(n, docs)| Recurs::Template(n, docs))
            };
            // (Asked of the lines that recur only: most of a page's own lines do not.)
            recurs.filter(|_| !never_boilerplate(l.trimmed(), at_signs.in_line(l), doc))
        })
        .collect();
    let flags: Vec<bool> = recurrence.iter().map(Option::is_some).collect();
    let mut found: Vec<Block> = Vec::new();
    for (first, last) in blocks(lines, &flags) {
        let count = flags[first..=last].iter().filter(|f| **f).count();
        let at_edge = lines[..first].iter().all(Line::is_blank)
            || lines[last + 1..].iter().all(Line::is_blank);
        if !at_edge && count < config.min_run {
            continue;
        }
        // A template of fewer pages than `min-docs` needs a long shared block.
        let template = recurrence[first..=last]
            .iter()
            .flatten()
            .filter_map(|r| match r {
                Recurs::Template(n, docs) => Some((*n, *docs)),
                Recurs::Corpus => None,
            })
            .min();
        if template.is_some_and(|(n, _)| n < config.min_docs.max(2)) && count < 2 * config.min_run {
            continue;
        }
        let seen_in = keys[first..=last]
            .iter()
            .flatten()
            .map(|k| model.count_key(k.key))
            .min()
            .unwrap_or(0);
        found.push((first, last, count, template, seen_in));
    }
    // A document whose own words (on lines that recur nowhere) are fewer than half the prose
    // its blocks would take is a copy of other pages (one article under two addresses, a
    // site's sample pages), not a page in a template: its blocks are its text. (Half: a short
    // release keeps its safe fix for an "About us" paragraph or two at its foot.)
    let copy = is_copy(lines, &flags, &found);
    for (first, last, count, template, seen_in) in found {
        let whole = lines[..first]
            .iter()
            .chain(&lines[last + 1..])
            .all(Line::is_blank);
        // A block that opens a contact block (`For more information, please contact:` / a
        // name / an office) just above its details (an address, `Tel: +509 …`) is the
        // release's own: deleting it would leave a number or an address without the person it
        // reaches. (A site's footer above the site's address opens nothing.)
        let contact = opens_contact_details(lines, first, last, doc);
        let applicability = if whole || copy || contact {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let why = if copy && !whole {
            "; the document has fewer words of its own than half the prose of its blocks: a copy of other pages rather than a template, so deleting them is unsafe"
        } else if contact && !whole {
            "; it opens the release's contact block, above its details (who to call), so deleting it is unsafe"
        } else {
            ""
        };
        let lines_from = [
            "Boilerplate: ",
            &Decimal::new(count as u64),
            if count == 1 {
                " line from "
            } else {
                " lines from "
            },
        ];
        // In a template: `n` of its `docs` pages; else `seen_in` of the corpus's documents.
        let (least, of, (recur, of_the, end)) = match template {
            Some((n, docs)) => (
                Decimal::new(n.into()),
                Decimal::new(docs.into()),
                (
                    " recur in the pages of this document's template (each in at least ",
                    " of the ",
                    " pages that start or end as this one does)",
                ),
            ),
            None => (
                Decimal::new(seen_in.into()),
                Decimal::new(model.documents()),
                (
                    " recur across the corpus (each in at least ",
                    " of ",
                    " documents)",
                ),
            ),
        };
        let message = with_quote(
            &lines_from,
            lines[first].text(),
            &[recur, &least, of_the, &of, end, why],
        );
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: message.into(),
            range: lines[first].start()..lines[last].end(),
            fix: Some(Fix::new(
                ["Delete the ", lines_from[1], "-line boilerplate block"].concat(),
                applicability,
                [delete_lines(lines, first, last)],
            )),
        });
    }
    // (The lines of the texts before the last few are forgotten.)
    RECENT_OPENERS.with_borrow_mut(RecentLines::next_text);
}

thread_local! {
    /// Whether each line of the blocks of the last texts checked on this thread opens a contact
    /// block ([`opens_contact_block`]), by line text: a site's menu and footer are the blocks of
    /// each of its pages.
    static RECENT_OPENERS: RefCell<RecentLines<bool>> = RefCell::default();
}

/// Whether the block of `lines[first..=last]` opens a contact block just above its details
/// (see `check`).
fn opens_contact_details(
    lines: &[Line<'_>],
    first: usize,
    last: usize,
    doc: &Document<'_>,
) -> bool {
    // Whether the lines after the block start with a detail (`holds` says which line
    // is one): on the first line, or on the line after a label alone (`E-mail :`).
    let details = |holds: &dyn Fn(&str) -> bool| {
        let mut after = lines[last + 1..]
            .iter()
            .filter(|l| !l.is_blank())
            .map(Line::trimmed);
        match after.next() {
            Some(l) if holds(l) => true,
            Some(l) if is_contact_line(l) => after.next().is_some_and(holds),
            _ => false,
        }
    };
    // (Its opener is one of the block's last lines, above a name, a title, an office. The
    // lines of blocks recur by definition: each is read once in the last texts.)
    let opens = || {
        RECENT_OPENERS.with_borrow_mut(|recent| {
            lines[first..=last]
                .iter()
                .rev()
                .filter(|l| !l.is_blank())
                .take(CONTACT_HEAD_LINES)
                .any(|l| {
                    // (A long line opens nothing: it is not looked up, which would hash it.)
                    let t = l.trimmed();
                    t.len() <= OPENER_BYTES && recent.get(t, opens_contact_block)
                })
        })
    };
    // The plain forms of a detail first; the email and phone scans only under an
    // opener, which few blocks hold. (A block with no line after it, a page's foot,
    // has no details: its lines are not read for an opener.)
    if lines[last + 1..].iter().all(Line::is_blank) {
        false
    } else if details(&plain_contact_detail) {
        opens()
    } else {
        opens() && details(&|l| holds_contact_detail(l, doc))
    }
}

/// Whether a document's own words (on its lines that recur nowhere) are fewer than half the
/// prose of its blocks (their lines of at least [`PROSE_WORDS`] words). Each count stops as
/// soon as it decides, so that neither a page with text of its own nor a copy is read whole:
/// the own words are counted against a bound of the prose (a word takes two bytes with its
/// space), then, when they are few, the prose until it outweighs them.
fn is_copy(lines: &[Line<'_>], flags: &[bool], blocks: &[Block]) -> bool {
    let block_lines = || {
        blocks
            .iter()
            .flat_map(|&(first, last, ..)| &lines[first..=last])
    };
    // A line of `PROSE_WORDS` words holds at least `2 * PROSE_WORDS - 1` bytes.
    let long = |l: &&Line<'_>| l.trimmed().len() > 2 * PROSE_WORDS - 2;
    let bound: usize = block_lines()
        .filter(long)
        .map(|l| l.trimmed().len().div_ceil(2))
        .sum();
    if bound == 0 {
        return false;
    }
    // Each line's words are counted no further than the count that decides: `most` words or
    // more decide as `most` do.
    let words = |l: &Line<'_>, most: usize| crate::text::count_words(l.trimmed(), most);
    let mut own = 0;
    for (l, _) in lines.iter().zip(flags).filter(|(_, f)| !**f) {
        // (`2 * own < bound` here: at least one word is needed.)
        own += words(l, bound.div_ceil(2) - own);
        if 2 * own >= bound {
            return false;
        }
    }
    let mut prose = 0;
    block_lines().filter(long).any(|l| {
        // (`prose <= 2 * own` here: a line of `PROSE_WORDS` words or more that has more
        // than `2 * own + 1 - prose` words decides as one of that many does.)
        let n = words(l, PROSE_WORDS.max(2 * own + 1 - prose));
        if n >= PROSE_WORDS {
            prose += n;
        }
        prose > 2 * own
    })
}

/// A block found: its first and last lines, its count of recurring lines, the template it
/// recurs in (if not the whole corpus) and the fewest documents one of its lines is in.
type Block = (usize, usize, usize, Option<(u32, u32)>, u32);

/// Words from which a line of a block counts as prose (a paragraph rather than a menu's entry
/// or a label) when weighing a block against the document.
const PROSE_WORDS: usize = 16;

/// How a line recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recurs {
    /// In enough documents of the whole corpus.
    Corpus,
    /// In `.0` of the `.1` pages of one of the document's templates.
    Template(u32, u32),
}

/// Runs of flagged lines, blank lines inside a run belonging to it.
fn blocks(lines: &[Line<'_>], flags: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        if flags[i] {
            current = Some(current.map_or((i, i), |(s, _)| (s, i)));
        } else if !line.is_blank() {
            out.extend(current.take());
        }
    }
    out.extend(current);
    out
}

/// Lines that recur because every release has them, not because a site added them: contact
/// labels and connectives, and what `boilerplate.allow` names.
pub(crate) fn is_never_boilerplate(line: &str, doc: &Document<'_>) -> bool {
    never_boilerplate(line, crate::text::has_at_sign(line), doc)
}

/// [`is_never_boilerplate`] of a line that holds an `@` or not (`has_at`).
fn never_boilerplate(line: &str, has_at: bool, doc: &Document<'_>) -> bool {
    if has_at || starts_with_contact_label(line) {
        return true;
    }
    // No character past ASCII has a lower case in ASCII but the Kelvin sign's `k`, which no
    // connective holds: only an ASCII line can be one, of three bytes at most (a byte past
    // ASCII equals no ASCII letter in any case).
    let connective = line.len() <= 3
        && ["ou", "or", "o", "et", "and", "y"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(line));
    connective
        || doc
            .settings()
            .boilerplate_allow
            .iter()
            .any(|r| r.is_match(line))
}

/// A line holding a contact detail in a plain form: a number after a contact label (`Tel: 01 23
/// 45 67 89`), or a line that starts with an international number (`+509 3245 5153`).
fn plain_contact_detail(line: &str) -> bool {
    let digits = || line.bytes().filter(u8::is_ascii_digit).count() >= 6;
    let international = line
        .strip_prefix('+')
        .map(str::trim_start)
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    international || (is_contact_line(line) && digits())
}

/// A line holding a contact detail: a plain one, an address (`a@b.org`, or any form the email
/// scan reads) or a phone number the phone scan reads. Not a handle (`@tamis`) or a sign
/// (`@2016`). (The line alone is scanned: the document's scans would be made for every
/// document this rule asks about, before the rules that need them.)
fn holds_contact_detail(line: &str, doc: &Document<'_>) -> bool {
    plain_contact_detail(line)
        || !crate::email::scan(line).is_empty()
        || !crate::phone::scan(line, doc.settings()).is_empty()
}

/// The most lines a contact block's head holds from its opener to its details: the opener, a
/// name, a title, an office, an organisation, a town.
const CONTACT_HEAD_LINES: usize = 6;

/// A line that opens a contact block: `For more information, please contact:`, `Pour plus
/// d'informations :`, `Media contact`, `Contacts presse :` (the phrases of
/// `data/lexicon/contact-openers.txt`), or a line about a contact that ends with a colon. Not a
/// menu's `Contact` alone.
fn opens_contact_block(line: &str) -> bool {
    // Every opener holds its longest run of ASCII in one case or the other: most lines are read
    // by one automaton's pass alone, never lower-cased; and each run holds one of a few words,
    // looked for first, which most lines hold none of (the automaton reads a line a byte at a
    // time, about six instructions a byte, as it has no prefilter for patterns of any case).
    static TELLTALES: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(telltales())
            .expect("valid patterns")
    });
    if line.len() > OPENER_BYTES || !holds_telltale_word(line) || !TELLTALES.is_match(line) {
        return false;
    }
    let lower = line.to_lowercase();
    crate::lexicon::lists::contact_openers()
        .iter()
        .any(|o| lower.contains(o))
        || (lower.ends_with(':') && lower.contains("contact"))
}

/// The longest line [`opens_contact_block`] reads: an opener is a short line.
const OPENER_BYTES: usize = 200;

/// The runs of ASCII that [`opens_contact_block`] looks for before it lower-cases a line: the
/// longest of each opener, and `contact`.
fn telltales() -> impl Iterator<Item = &'static str> {
    let runs = crate::lexicon::lists::contact_openers().iter().map(|o| {
        o.split(|c: char| !c.is_ascii())
            .max_by_key(|r| r.len())
            .expect("split yields a piece")
    });
    runs.chain(["contact"])
}

/// Words one of which each of the [`telltales`] holds (a test checks it).
const TELLTALE_WORDS: [&str; 4] = ["contact", "kontakt", "informa", "ckfragen"];

/// Whether `line` (of at most [`OPENER_BYTES`] bytes) holds one of the [`TELLTALE_WORDS`], in
/// any ASCII case: the line lower-cased on the stack, then a vector search for each word.
fn holds_telltale_word(line: &str) -> bool {
    static FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
        TELLTALE_WORDS
            .iter()
            .map(memchr::memmem::Finder::new)
            .collect()
    });
    let mut lower = [0u8; OPENER_BYTES];
    let lower = &mut lower[..line.len()];
    lower.copy_from_slice(line.as_bytes());
    lower.make_ascii_lowercase();
    FINDERS.iter().any(|f| f.find(lower).is_some())
}

/// A line of contact details: an address, or a contact label at its head (`E-mail:`, `Tel.`).
pub(crate) fn is_contact_line(line: &str) -> bool {
    crate::text::has_at_sign(line) || starts_with_contact_label(line)
}

/// Whether lines asked in order (each starting at or after the one before) hold an `@`: the
/// text's `@`s are found in one pass, rather than each line read by a `memchr` of its own
/// (every line that recurs is asked, most of a page's lines in a corpus of one site).
struct AtSigns<'t> {
    /// The first `@` not before the last line asked.
    next: Option<usize>,
    rest: memchr::Memchr<'t>,
}

impl<'t> AtSigns<'t> {
    fn of(text: &'t str) -> AtSigns<'t> {
        let mut rest = memchr::memchr_iter(b'@', text.as_bytes());
        AtSigns {
            next: rest.next(),
            rest,
        }
    }

    /// Whether `line` (of the text, at or after the line asked before) holds an `@`.
    fn in_line(&mut self, line: &Line<'_>) -> bool {
        while self.next.is_some_and(|at| at < line.start()) {
            self.next = self.rest.next();
        }
        self.next.is_some_and(|at| at < line.end())
    }
}

/// A contact label at the head of a line (`E-mail:`, `Tel.`), in any case.
fn starts_with_contact_label(line: &str) -> bool {
    // Labels are short: only short lines are read; and a line starts with a label as its
    // characters lower-cased do (`str::to_lowercase` differs from them only for a final `Σ`,
    // which no label holds). No character past ASCII has a lower case in ASCII but the Kelvin
    // sign's `k` and the `i` of `İ`, which a combining dot follows: neither is in a label, and
    // a byte past ASCII equals no ASCII byte in any case, so that the ASCII labels are compared
    // byte for byte in either case, and `tél` as its two cases of `é` (C3 A9, C3 89) between
    // ASCII letters in either case.
    let b = line.as_bytes();
    let starts = |label: &str| {
        b.get(..label.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(label.as_bytes()))
    };
    line.len() < 40
        && match b.first().map(u8::to_ascii_lowercase) {
            Some(b'e') => starts("e-mail") || starts("email"),
            Some(b'c') => starts("courriel") || starts("correo"),
            Some(b't') => {
                starts("tel") || matches!(b.get(1..4), Some([0xc3, 0xa9 | 0x89, b'l' | b'L']))
            }
            Some(b'p') => starts("phone"),
            Some(b'f') => starts("fax"),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    /// `is_never_boilerplate`'s labels and connectives, as first written: the whole line
    /// lower-cased.
    #[test]
    fn labels_and_connectives_are_read_as_the_lower_cased_line_reads_them() {
        let by_to_lowercase = |line: &str| {
            let lower = line.to_lowercase();
            [
                "e-mail", "email", "courriel", "correo", "tel", "tél", "phone", "fax",
            ]
            .iter()
            .any(|l| lower.starts_with(l))
                || matches!(lower.as_str(), "ou" | "or" | "o" | "et" | "and" | "y")
        };
        let settings = crate::config::Settings::default();
        let cx = crate::Context {
            settings: &settings,
            model: None,
        };
        let doc = crate::Document::new("", cx);
        let heads = [
            "",
            "E-MAIL",
            "e-Mail",
            "Email",
            "COURRIEL",
            "Courriel",
            "correo",
            "TEL",
            "Tél",
            "TÉL",
            "tÉl",
            "Phone",
            "FAX",
            "OU",
            "Ou",
            "or",
            "O",
            "ET",
            "AND",
            "Y",
            "ÉTÉ",
            "ΣΑΣ",
            "\u{212a}",
            "İ",
            "e-maİl",
            "tel\u{307}",
            "Tèl",
            "Fa",
            "co",
        ];
        let tails = ["", ":", " : x", "s", "éphone", "ΣΣ", " 123"];
        for head in heads {
            for tail in tails {
                let line = format!("{head}{tail}");
                assert_eq!(
                    super::is_never_boilerplate(&line, &doc),
                    by_to_lowercase(&line),
                    "{line:?}"
                );
            }
        }
    }

    /// `is_contact_line` decides as the whole line lower-cased does, on generated lines.
    #[test]
    fn contact_lines_are_read_as_the_lower_cased_line_reads_them() {
        let straightforward = |line: &str| {
            let lower = line.to_lowercase();
            line.contains('@')
                || line.len() < 40
                    && [
                        "e-mail", "email", "courriel", "correo", "tel", "tél", "phone", "fax",
                    ]
                    .iter()
                    .any(|l| lower.starts_with(l))
        };
        let pieces = [
            "E", "e-", "MAIL", "mail", "Courriel", "CORREO", "T", "él", "ÉL", "el", "Ph", "one",
            "F", "ax", "C", "P", "\u{212a}", "İ", "É", "@", " ", ":", "x", "é", "12345678",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 20_000, 8);
        let mut contact = 0;
        for t in &texts {
            let expected = straightforward(t);
            contact += usize::from(expected && !t.contains('@'));
            assert_eq!(super::is_contact_line(t), expected, "{t:?}");
        }
        assert!(contact > 300, "{contact}");
    }

    /// `opens_contact_details` decides as it did before it skipped the blocks with no line
    /// after them: the opener and the details asked in full.
    #[test]
    fn contact_openers_are_found_as_the_full_questions_find_them() {
        let settings = crate::config::Settings::default();
        let cx = crate::Context {
            settings: &settings,
            model: None,
        };
        let doc = crate::Document::new("", cx);
        let straightforward = |lines: &[crate::text::Line<'_>], first: usize, last: usize| {
            let mut after = lines[last + 1..]
                .iter()
                .filter(|l| !l.is_blank())
                .map(crate::text::Line::trimmed);
            let holds = |l: &str| super::holds_contact_detail(l, &doc);
            let details = match after.next() {
                Some(l) if holds(l) => true,
                Some(l) if super::is_contact_line(l) => after.next().is_some_and(holds),
                _ => false,
            };
            details
                && lines[first..=last]
                    .iter()
                    .rev()
                    .filter(|l| !l.is_blank())
                    .take(super::CONTACT_HEAD_LINES)
                    .any(|l| super::opens_contact_block(l.trimmed()))
        };
        let pieces = [
            "For more information, please contact:\n",
            "Contacts presse :\n",
            "Marie Dupont\n",
            "Accueil\n",
            "\n",
            "  \n",
            "E-mail :\n",
            "Tel: 01 23 45 67 89\n",
            "+509 3245 5153\n",
            "m.dupont@example.org\n",
            "Bureau de Port-au-Prince\n",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 3_000, 10);
        let mut draws = crate::testing::Draws(0x2545_f491_4f6c_dd1d);
        let mut opened = 0;
        for t in &texts {
            let lines = crate::text::lines(t);
            if lines.is_empty() {
                continue;
            }
            let first = draws.below(lines.len() as u64);
            let last = first + draws.below((lines.len() - first) as u64);
            let expected = straightforward(&lines, first, last);
            opened += usize::from(expected);
            assert_eq!(
                super::opens_contact_details(&lines, first, last, &doc),
                expected,
                "{t:?} {first}..={last}"
            );
        }
        assert!(opened > 100, "{opened}");
    }

    /// `AtSigns` answers as a `memchr` of each line asked does, lines asked in order with
    /// others skipped.
    #[test]
    fn at_signs_of_the_text_are_those_of_each_line() {
        let pieces = [
            "@", "a", "é", " ", "\n", "\r", "\r\n", "\u{feff}", "x@y.org",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 20_000, 30);
        let mut draws = crate::testing::Draws(0x9e37_79b9_7f4a_7c15);
        let mut with = 0;
        for t in &texts {
            let mut at_signs = super::AtSigns::of(t);
            for l in crate::text::lines(t) {
                if draws.below(3) == 0 {
                    continue;
                }
                let expected = l.text().contains('@');
                with += usize::from(expected);
                assert_eq!(at_signs.in_line(&l), expected, "{t:?} {}", l.start());
            }
        }
        assert!(with > 10_000, "{with}");
    }

    /// `is_copy`'s counts that stop early decide as the whole counts do: own words fewer than
    /// half the prose of the blocks.
    #[test]
    fn is_copy_decides_as_the_whole_counts_do() {
        let mut draws = crate::testing::Draws(0x9e37_79b9_7f4a_7c15);
        let word = ["a", "mot", "œuvre", "très-long-mot-composé", "12", "é"];
        for _ in 0..3000 {
            let count = 1 + draws.below(12);
            let text: String = (0..count)
                .map(|_| {
                    let n = draws.below(30);
                    let mut line: Vec<&str> = (0..n).map(|_| word[draws.below(6)]).collect();
                    line.push("\n");
                    line.join(if draws.below(4) == 0 { "  " } else { " " })
                })
                .collect();
            let lines = crate::text::lines(&text);
            let flags: Vec<bool> = lines.iter().map(|_| draws.below(3) != 0).collect();
            let mut blocks: Vec<super::Block> = Vec::new();
            let mut i = 0;
            while i < lines.len() {
                let len = draws.below(4);
                if draws.below(2) == 0 && i + len < lines.len() {
                    blocks.push((i, i + len, len + 1, None, 3));
                }
                i += len + 1;
            }
            let words = |l: &crate::text::Line<'_>| l.trimmed().split_whitespace().count();
            let prose: usize = blocks
                .iter()
                .flat_map(|&(f, l, ..)| &lines[f..=l])
                .map(words)
                .filter(|&n| n >= super::PROSE_WORDS)
                .sum();
            let own: usize = lines
                .iter()
                .zip(&flags)
                .filter(|(_, f)| !**f)
                .map(|(l, _)| words(l))
                .sum();
            assert_eq!(
                super::is_copy(&lines, &flags, &blocks),
                prose > 0 && 2 * own < prose,
                "{text:?} {flags:?} {blocks:?}"
            );
        }
    }

    /// Each telltale holds one of the words looked for first, in lower case: a line that the
    /// telltales' automaton finds one in (in any ASCII case) holds the word too, in that case.
    #[test]
    fn every_telltale_holds_a_word_looked_for_first() {
        let mut telltales = 0;
        for t in super::telltales() {
            telltales += 1;
            let lower = t.to_ascii_lowercase();
            assert!(
                super::TELLTALE_WORDS.iter().any(|w| lower.contains(w)),
                "{t:?}"
            );
            for line in [
                t.to_string(),
                t.to_ascii_uppercase(),
                format!("Pour toute question, {t} :"),
            ] {
                assert!(super::holds_telltale_word(&line), "{line:?}");
            }
        }
        assert!(telltales > 10, "{telltales}");
        for line in ["Accueil", "Nos programmes", "Contac t", "INFORM", ""] {
            assert!(!super::holds_telltale_word(line), "{line:?}");
        }
    }

    /// `opens_contact_block`'s telltales let through every line an opener is in.
    #[test]
    fn opens_contact_block_reads_every_case_of_its_openers() {
        let openers = [
            "Please contact",
            "FOR MORE INFORMATION",
            "For further information",
            "Media Contact",
            "Press contact",
            "Veuillez contacter",
            "Pour plus d'informations",
            "POUR PLUS D’INFORMATIONS",
            "Contact presse",
            "CONTACTS PRESSE",
            "Para más información",
            "Contacto de prensa",
            "Contactos de prensa",
            "Weitere Informationen",
            "Rückfragen",
            "RÜCKFRAGEN",
            "Pressekontakt",
            "Contact :",
        ];
        let straightforward = |line: &str| {
            let lower = line.to_lowercase();
            lower.contains("contact") && lower.ends_with(':')
                || crate::lexicon::lists::contact_openers()
                    .iter()
                    .any(|p| lower.contains(p))
        };
        let others = [
            "Contact",
            "Accueil",
            "Informations pratiques",
            "Nous contacter",
            "",
        ];
        for o in openers.iter().chain(&others) {
            for line in [
                o.to_string(),
                format!("{o} : Marie Dupont"),
                format!("Pour toute question. {o}"),
                format!("{o}:"),
            ] {
                assert_eq!(
                    super::opens_contact_block(&line),
                    straightforward(&line),
                    "{line:?}"
                );
            }
        }
        for line in openers {
            assert!(super::opens_contact_block(line), "{line:?}");
        }
        for line in others {
            assert!(!super::opens_contact_block(line), "{line:?}");
        }
    }

    use crate::rules::test_support::{check_fix_in, check_in, Setup};
    use crate::FixOptions;

    /// Three releases of a site that puts its menu above each.
    const CORPUS: Setup<'static> = Setup {
        config: "",
        corpus: &[
            "Accueil\nNos programmes\nSalle de presse\nUn puits pour Hinche\nLe village a un puits.\n",
            "Accueil\nNos programmes\nSalle de presse\nDes semences à Jérémie\nLes semis ont commencé.\n",
            "Accueil\nNos programmes\nSalle de presse\nUne école à Gonaïves\nLes cours reprennent lundi.\n",
        ],
    };

    const SAFE: FixOptions = FixOptions {
        unsafe_fixes: false,
    };

    #[test]
    fn finds_the_lines_that_recur_across_the_corpus() {
        check_in(
            &CORPUS,
            r#"Accueil
^^^^^^^ boilerplate-corpus +
Nos programmes
Salle de presse
^^^^^^^^^^^^^^^ boilerplate-corpus
Des kits d'hygiène à Jacmel
La Croix-Rouge a distribué des kits à trois cents familles.
"#,
        );
    }

    #[test]
    fn deletes_the_block_so_that_the_title_comes_first() {
        check_fix_in(
            &CORPUS,
            SAFE,
            "Accueil\nNos programmes\nSalle de presse\nDes kits à Jacmel\nLa distribution a eu lieu.\n",
            "Des kits à Jacmel\nLa distribution a eu lieu.\n",
        );
    }

    #[test]
    fn deletes_a_block_that_is_the_whole_document_only_with_unsafe_fixes() {
        let text = "Accueil\nNos programmes\nSalle de presse\n";
        check_fix_in(&CORPUS, SAFE, text, text);
        let unsafe_fixes = FixOptions { unsafe_fixes: true };
        check_fix_in(&CORPUS, unsafe_fixes, text, "");
    }

    /// Two paragraphs of at least 16 words each, shared by a site's sample pages.
    const SHARED_A: &str = "Les équipes mobiles ont distribué des bâches, des jerricans et des kits d'hygiène aux familles installées le long de la rivière depuis la crue de mars.";
    const SHARED_B: &str = "Le programme, financé pour deux ans, prévoit aussi la réparation de trois puits et la formation de comités de gestion de l'eau dans chaque quartier.";

    /// A document made of paragraphs it shares with the other pages of its template is a
    /// copy: its blocks are found, but deleting them is unsafe.
    #[test]
    fn a_copy_of_other_pages_keeps_its_shared_paragraphs() {
        let page = |own: &str| format!("Exemple\n{own}\n{SHARED_A}\n{SHARED_B}\n");
        let (one, two, three) = (
            page("Premier essai."),
            page("Deuxième essai."),
            page("Troisième essai."),
        );
        let corpus = [one.as_str(), two.as_str(), three.as_str()];
        let copies = Setup {
            config: "",
            corpus: &corpus,
        };
        let text = page("Quatrième essai.");
        check_fix_in(&copies, SAFE, &text, &text);
        let settings = crate::config::Settings::default();
        let mut model = crate::Model::new();
        for doc in corpus.iter().copied().chain([text.as_str()]) {
            model.add_document(doc);
        }
        let cx = crate::Context {
            settings: &settings,
            model: Some(&model),
        };
        let found: Vec<_> = crate::check(&text, cx)
            .into_iter()
            .filter(|f| f.code == "boilerplate-corpus")
            .collect();
        assert!(!found.is_empty());
        for f in &found {
            let fix = f.fix.as_ref().expect("a fix");
            assert_eq!(fix.applicability, crate::Applicability::Unsafe);
            assert!(f.message.contains("a copy of other pages"), "{}", f.message);
        }
        // A page of the same template with a text of its own longer than the shared
        // paragraphs loses them with a safe fix: there they are the template (and so is the
        // title all its pages share).
        let own = "Dans le quartier de Bas-Ville, les habitants ont reconstruit eux-mêmes une partie des digues emportées, avec des sacs de sable fournis par la mairie et des outils prêtés par les voisins.\nLes enfants sont retournés à l'école la semaine dernière, dans des salles de classe provisoires installées sous des tentes, en attendant que le bâtiment principal soit assaini et repeint par les équipes.\n";
        let long = format!("Exemple\nUn nouvel essai.\n{own}{SHARED_A}\n{SHARED_B}\n");
        check_fix_in(&copies, SAFE, &long, &format!("Un nouvel essai.\n{own}"));
    }

    /// A short release keeps the safe fix for the "About" paragraphs its organisations put at
    /// the foot of every release, though they hold more prose than the release: the release's
    /// words are its own (they recur nowhere), a copy's are not.
    #[test]
    fn a_short_release_loses_the_about_paragraphs_at_its_foot() {
        let about =
            format!("À propos de l'agence\n{SHARED_A}\nÀ propos du programme\n{SHARED_B}\n");
        let corpus = [
            format!("Un puits pour Hinche\nLe village a un puits depuis lundi, creusé par les habitants avec l'aide des équipes du programme et de la mairie.\n{about}"),
            format!("Des semences à Jérémie\nLes semis ont commencé dans les champs de la commune, avec des semences distribuées en février aux familles inscrites.\n{about}"),
            format!("Une école à Gonaïves\nLes cours reprennent lundi dans les salles rénovées, pour quatre cents élèves du quartier et leurs douze enseignants.\n{about}"),
        ];
        let release = "Des kits à Jacmel\nLa distribution a eu lieu samedi devant l'église, pour deux cents familles inscrites par le comité du quartier.\nLes kits contiennent du savon, des seaux et des serviettes.\n";
        fix_among(&corpus, &format!("{release}{about}"), release);
    }

    /// The same press officer at the foot of every release: the lines before her number and
    /// address recur, but deleting them would leave the number without the person.
    #[test]
    fn the_head_of_a_contact_block_is_kept() {
        let contact = "Pour plus d'informations, veuillez contacter :\nMarie Dupont\nBureau de Port-au-Prince\n";
        let release = "Des kits à Jacmel\nLa distribution a eu lieu samedi.\n";
        for details in [
            "Tél. : +509 3245 5153\nCourriel : mdupont@exemple.org\n",
            "+509 3245 5153\nmdupont@exemple.org\n",
        ] {
            let text = format!("{release}{contact}{details}");
            fix_under_a_site(&format!("{contact}{details}"), &text, &text);
        }
        // The details of this release alone, as the document's email and phone scans read
        // them: an address written out or hidden by the site's email protection, a number.
        // (The head is kept; other rules may mend the details.)
        for (details, mended) in [
            ("mdupont [at] exemple [dot] org\n", "mdupont@exemple.org\n"),
            (
                "Courriel :\n[email\u{a0}protected]\n",
                "Courriel :\n[email\u{a0}protected]\n",
            ),
            ("Tél. (509) 3245-5153\n", "Tél. (509) 3245-5153\n"),
        ] {
            let text = format!("{release}{contact}{details}");
            fix_under_a_site(contact, &text, &format!("{release}{contact}{mended}"));
        }
        // Share buttons above a lone `Email` button are no contact block.
        let share = "Partager\nFacebook\nTwitter\nWhatsApp\nEmail\n";
        fix_under_a_site(
            share,
            &format!("{release}{share}"),
            &format!("{release}Email\n"),
        );
    }

    /// Fixes `text` (safe fixes) in a corpus of three short releases that end with `foot`.
    #[track_caller]
    fn fix_under_a_site(foot: &str, text: &str, fixed: &str) {
        fix_among(
            &[
                format!("Un puits pour Hinche\nLe village a un puits depuis lundi.\n{foot}"),
                format!("Des semences à Jérémie\nLes semis ont commencé.\n{foot}"),
                format!("Une école à Gonaïves\nLes cours reprennent lundi.\n{foot}"),
            ],
            text,
            fixed,
        );
    }

    /// Fixes `text` (safe fixes) in a corpus of `pages`.
    #[track_caller]
    fn fix_among(pages: &[String], text: &str, fixed: &str) {
        let corpus: Vec<&str> = pages.iter().map(String::as_str).collect();
        let site = Setup {
            config: "",
            corpus: &corpus,
        };
        check_fix_in(&site, SAFE, text, fixed);
    }

    /// A menu holding one long line (a heading glued to its sentence) is still a menu: its
    /// prose is less than what a release keeps.
    #[test]
    fn a_menu_with_one_long_line_is_deleted_above_a_release() {
        let menu = format!("Accueil\nNos programmes\nNos programmes{SHARED_A}\nSalle de presse\n");
        let corpus = [
            format!("{menu}Un puits pour Hinche\nLe village a un puits depuis lundi, creusé par les habitants et les équipes du programme.\n"),
            format!("{menu}Des semences à Jérémie\nLes semis ont commencé dans les champs de la commune, avec des semences distribuées en février.\n"),
            format!("{menu}Une école à Gonaïves\nLes cours reprennent lundi dans les salles rénovées, pour quatre cents élèves du quartier.\n"),
        ];
        let release = "Des kits à Jacmel\nLa distribution a eu lieu samedi devant l'église, pour deux cents familles inscrites par le comité du quartier.\nLes kits contiennent du savon et des seaux.\n";
        fix_among(&corpus, &format!("{menu}{release}"), release);
    }

    #[test]
    fn needs_lines_that_recur_in_enough_documents() {
        let small = Setup {
            config: "",
            corpus: &CORPUS.corpus[..1],
        };
        check_in(
            &small,
            "Accueil\nNos programmes\nSalle de presse\nDes kits à Jacmel\nLa distribution a eu lieu.\n",
        );
        check_in(
            &CORPUS,
            "Des kits à Jacmel\nLa Croix-Rouge a distribué des kits à trois cents familles.\n",
        );
    }
}
