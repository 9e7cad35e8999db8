//! The `boilerplate-corpus` rule; [`DOC`] documents it.

use super::{delete_lines, quote, FixAvailability, FixSafety, Rule, Scope};
use crate::model::Templates;
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
so that the release title becomes the first line. When the block is the whole document, the fix
is unsafe: it would leave an empty file.
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
    let templates = Templates::of_lines(lines);
    // Each line is hashed once, for every question asked of the model (or not at all, when
    // the keys were kept from learning the model).
    let keys = doc.line_keys();
    // How each line recurs: across the corpus, or else inside the document's template.
    let recurrence: Vec<Option<Recurs>> = lines
        .iter()
        .zip(keys.iter())
        .map(|(l, k)| {
            let k = (*k)?;
            if is_never_boilerplate(l.trimmed(), doc) {
                return None;
            }
            if model.recurs_whole(k, config) {
                return Some(Recurs::Corpus);
            }
            model
                .template_recurrence_keys(k, &templates)
                .map(|(n, docs)| Recurs::Template(n, docs))
        })
        .collect();
    let flags: Vec<bool> = recurrence.iter().map(Option::is_some).collect();
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
        let whole = lines[..first]
            .iter()
            .chain(&lines[last + 1..])
            .all(Line::is_blank);
        let seen_in = keys[first..=last]
            .iter()
            .flatten()
            .map(|k| model.count_key(k.key))
            .min()
            .unwrap_or(0);
        let applicability = if whole {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let message = match template {
            Some((n, docs)) => format!(
                "Boilerplate: {count} line{} from {} recur in the pages of this document's template (each in at least {n} of the {docs} pages that start or end as this one does)",
                if count == 1 { "" } else { "s" },
                quote(lines[first].text()),
            ),
            None => format!(
                "Boilerplate: {count} line{} from {} recur across the corpus (each in at least {seen_in} of {} documents)",
                if count == 1 { "" } else { "s" },
                quote(lines[first].text()),
                model.documents()
            ),
        };
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: message.into(),
            range: lines[first].start()..lines[last].end(),
            fix: Some(Fix::new(
                format!("Delete the {count}-line boilerplate block"),
                applicability,
                vec![delete_lines(lines, first, last)],
            )),
        });
    }
}

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
    if crate::text::has_at_sign(line) {
        return true;
    }
    // Labels and connectives are short: only short lines need lower-casing.
    if line.len() < 40 {
        // The labels are looked for at the head of the line in lower case, lower-cased on the
        // stack a character at a time (`str::to_lowercase` differs only for a final `Σ`, which
        // no label holds, and whose lower cases are both two bytes).
        let mut head = [0u8; 16];
        let bytes = line.as_bytes();
        let ascii = bytes.len().min(head.len());
        let mut n = 0;
        if bytes[..ascii].is_ascii() {
            head[..ascii].copy_from_slice(&bytes[..ascii]);
            head[..ascii].make_ascii_lowercase();
            n = ascii;
        } else {
            for c in line.chars().flat_map(char::to_lowercase) {
                if n + c.len_utf8() > head.len() {
                    break;
                }
                n += c.encode_utf8(&mut head[n..]).len();
            }
        }
        let contact_label = [
            "e-mail", "email", "courriel", "correo", "tel", "tél", "phone", "fax",
        ]
        .iter()
        .any(|l| head[..n].starts_with(l.as_bytes()));
        // No character past ASCII has a lower case in ASCII but the Kelvin sign's `k`, which
        // no connective holds: only an ASCII line can be one.
        let connective = line.is_ascii()
            && ["ou", "or", "o", "et", "and", "y"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(line));
        if contact_label || connective {
            return true;
        }
    }
    doc.settings()
        .boilerplate_allow
        .iter()
        .any(|r| r.is_match(line))
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
