//! Organisations, found by their head word (`Ministère`, `Fund`, `Oficina`) with the capitalised
//! and connecting words around it, by the acronyms a text defines (`… pour les migrations (OIM)`)
//! and their later mentions, and by known acronyms (`data/lexicon/known-acronyms.tsv`).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::tokens::{Shape, Token, Tokens};
use super::{Entity, Kind, Value};
use crate::lexicon::lists::{self, LabelUse};
use crate::lexicon::WordHash as KeyHash;
use crate::lexicon::{
    CONNECTOR, HEAD, ORG_LEFT_STOP as ORG_LEFT_STOP_FLAG, ORG_NAME_START,
    ORG_STOP as ORG_STOP_FLAG, TWO_WORD_HEAD,
};
use crate::text::collapse;

/// Organisations: head-word names, acronym definitions and their later mentions, known acronyms.
pub fn find(text: &str, toks: &Tokens) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let mut defined: HashMap<String, String, KeyHash> = HashMap::default();
    // The next token not yet in a name.
    let mut next = 0;
    let romance = toks.romance();
    for i in toks.marks() {
        if i < next {
            continue;
        }
        let t = &toks[i];
        if t.flags & (HEAD | TWO_WORD_HEAD | ORG_NAME_START) == 0 && t.shape != Shape::Punct {
            continue;
        }
        let w = t.text(text);
        // `Red Cross`: a head of two words.
        let two = t.has(TWO_WORD_HEAD)
            && toks.get(i + 1).is_some_and(|n| {
                let second = n.text(text);
                TWO_WORD_HEADS.contains(&(w, second))
            });
        if t.shape == Shape::Capitalised && (t.has(HEAD) || two) {
            let head_end = if two { i + 1 } else { i };
            let end = org_end(text, toks, head_end, romance);
            let start = org_start(text, toks, i, &out);
            if end > i || start < i {
                out.push(named(text, toks, start, end, &mut defined));
                next = end + 1;
                continue;
            }
        }
        // `Oxfam`, `Save the Children`: a name from the list, with no head word.
        if t.has(ORG_NAME_START) {
            if let Some(end) = listed_name_at(text, toks, i) {
                out.push(named(text, toks, i, end, &mut defined));
                next = end + 1;
                continue;
            }
        }
        if t.is_punct(text, '(') {
            // `Organisation internationale pour les migrations (OIM)`: the words before whose
            // initials spell the acronym.
            if let Some(acr) = toks.get(i + 1).filter(|a| a.shape == Shape::Upper) {
                let a = acr.text(text);
                if toks.get(i + 2).is_some_and(|c| c.is_punct(text, ')'))
                    && !out.iter().any(|e| {
                        e.range.end == t.range.start.saturating_sub(1)
                            || e.range.end == t.range.start
                    })
                {
                    if let Some(start) = expansion_start(text, toks, i, a) {
                        let range = toks[start].range.start..toks[i - 1].range.end;
                        let name = collapse(&text[range.clone()]);
                        defined.insert(a.to_string(), name.clone());
                        out.push(
                            Entity::new(Kind::Organisation, range, name)
                                .with("acronym", Value::Text(a.to_string().into())),
                        );
                    }
                }
            }
        }
    }
    // Acronyms: defined here, or known.
    for t in toks
        .marks()
        .map(|k| &toks[k])
        .filter(|t| t.shape == Shape::Upper)
    {
        let a = t.text(text);
        let expansion = defined
            .get(a)
            .map(String::as_str)
            .or_else(|| KNOWN_MAP.get(a).copied());
        if let Some(x) = expansion {
            if !out
                .iter()
                .any(|e| e.range.start <= t.range.start && t.range.end <= e.range.end)
            {
                out.push(
                    Entity::new(Kind::Organisation, t.range.clone(), x)
                        .with("acronym", Value::Text(a.to_string().into())),
                );
            }
        }
    }
    out.sort_by_key(|e| e.range.start);
    out
}

/// The first token of an organisation's name whose head word is token `head`: capitalised words
/// before it (`Asian Development Bank`, `Home Office`), articles left out.
/// The organisation named by tokens `start..=end`, with the acronym written after it in
/// brackets, which then names it later in the text.
fn named(
    text: &str,
    toks: &[Token],
    start: usize,
    end: usize,
    defined: &mut HashMap<String, String, KeyHash>,
) -> Entity {
    let range = toks[start].range.start..toks[end].range.end;
    let mut e = Entity::new(Kind::Organisation, range.clone(), collapse(&text[range]));
    if let Some(acr) = acronym_after(text, toks, end) {
        defined.insert(acr.clone(), e.normalized.clone());
        e = e.with("acronym", Value::Text(acr.into()));
    }
    e
}

fn org_start(text: &str, toks: &[Token], head: usize, before: &[Entity]) -> usize {
    let mut start = head;
    while start > 0 && head - start < 4 {
        let t = &toks[start - 1];
        let w = t.text(text);
        let taken = before.last().is_some_and(|e| e.range.end > t.range.start);
        if toks[start].line_start
            || taken
            || !matches!(t.shape, Shape::Capitalised | Shape::Upper)
            || t.has(ORG_LEFT_STOP_FLAG)
            || is_label(w)
        {
            break;
        }
        start -= 1;
    }
    start
}

/// The names of `data/lexicon/org-names.txt` by their first word, each as the words the
/// tokenizer reads in it, the longest first.
static LISTED: LazyLock<HashMap<String, Vec<Vec<String>>, KeyHash>> = LazyLock::new(|| {
    let mut map: HashMap<String, Vec<Vec<String>>, KeyHash> = HashMap::default();
    for n in lists::org_names() {
        let toks = super::tokens::tokenize(n);
        let words: Vec<String> = toks.iter().map(|t| t.text(n).to_string()).collect();
        if let Some(first) = words.first() {
            map.entry(first.clone()).or_default().push(words);
        }
    }
    for v in map.values_mut() {
        v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    }
    map
});

/// The last token of a name of the list written from token `i` on one line, if one is; not the
/// start of a longer capitalised name (`Interpol Street`), but before a place (`Oxfam France`).
fn listed_name_at(text: &str, toks: &[Token], i: usize) -> Option<usize> {
    let names = LISTED.get(toks[i].text(text))?;
    names.iter().find_map(|words| {
        let last = i + words.len() - 1;
        let fits = words.iter().enumerate().all(|(k, w)| {
            toks.get(i + k)
                .is_some_and(|t| t.text(text) == w && (k == 0 || !t.line_start))
        });
        let glued = |t: Option<&Token>| {
            t.is_some_and(|t| {
                !t.line_start && t.shape == Shape::Capitalised && !is_label(t.text(text))
            })
        };
        let after = toks.get(last + 1);
        let after_is_place = after.is_some_and(|t| super::gazetteer::place_at(text, t).is_some());
        (fits && (!glued(after) || after_is_place)).then_some(last)
    })
}

/// The known acronyms, with what they stand for.
pub(super) static KNOWN_MAP: LazyLock<HashMap<&'static str, &'static str, KeyHash>> =
    LazyLock::new(|| lists::known_acronyms().iter().copied().collect());

/// The heads of two words (`Red Cross`), split.
static TWO_WORD_HEADS: LazyLock<Vec<(&str, &str)>> = LazyLock::new(|| {
    lists::org_heads()
        .iter()
        .filter_map(|h| h.split_once(' '))
        .collect()
});

/// Whether a capitalised word is a contact label (`Tel`, `E-mail`), which ends an organisation's
/// name or a person's role: the labels of use `org` in `data/lexicon/contact-labels.tsv`.
pub(super) fn is_label(word: &str) -> bool {
    lists::contact_labels(LabelUse::Org).contains(&word)
}

/// The last token of an organisation's name whose head word ends at token `i`.
fn org_end(text: &str, toks: &[Token], i: usize, romance: bool) -> usize {
    let mut last = i;
    let mut lower_words = 0;
    let mut j = i + 1;
    while j < toks.len() && j - i <= 14 {
        let t = &toks[j];
        let w = t.text(text);
        if t.line_start && ends_name_at_line(text, &toks[j - 1], t) {
            break;
        }
        let prev_cap = matches!(toks[j - 1].shape, Shape::Capitalised | Shape::Upper);
        let next = toks.get(j + 1);
        let next_cap = next.is_some_and(|n| n.shape == Shape::Capitalised);
        match t.shape {
            // A place right after the name is where the office is: `Agence Horizon Haïti`.
            Shape::Capitalised
                if prev_cap && j > i + 1 && super::gazetteer::place_at(text, t).is_some() =>
            {
                break
            }
            Shape::Capitalised | Shape::Upper if !is_label(w) => {
                last = j;
            }
            Shape::Punct if matches!(w, "'" | "’") => {}
            Shape::Punct if w == "-" && next.is_some_and(|n| n.shape != Shape::Punct) => {}
            // `Ministerio de Trabajo, Migraciones y Seguridad Social`.
            Shape::Punct
                if w == ","
                    && romance
                    && prev_cap
                    && next_cap
                    && toks
                        .get(j + 2)
                        .is_some_and(|n| matches!(n.text(text), "y" | "et" | ",")) => {}
            // `l'Agence au Tchad`: where, not which.
            Shape::Lower
                if matches!(w, "au" | "aux" | "en" | "in")
                    && next.is_some_and(|n| super::gazetteer::place_at(text, n).is_some()) =>
            {
                break
            }
            Shape::Lower if t.has(CONNECTOR) => {
                if matches!(w, "et" | "and" | "y") {
                    // `Relaciones Exteriores y Movilidad Humana`, `affaires et des droits des
                    // femmes`; not `… et de l'UNICEF`.
                    // Not before another name: `Cruz Roja y Cáritas`.
                    let joins_caps = prev_cap
                        && next_cap
                        && !next.is_some_and(|n| {
                            n.flags & (HEAD | TWO_WORD_HEAD | ORG_NAME_START) != 0
                        });
                    let joins_lower = next.is_some_and(|n| {
                        matches!(n.text(text), "de" | "du" | "des" | "d" | "of" | "del")
                    }) && toks[j + 2..]
                        .iter()
                        .find(|n| !n.has(CONNECTOR) && n.shape != Shape::Punct)
                        .is_some_and(|n| matches!(n.shape, Shape::Lower | Shape::Capitalised));
                    if !(joins_caps || joins_lower) {
                        break;
                    }
                }
            }
            Shape::Lower
                if romance && !t.has(ORG_STOP_FLAG) && !w.ends_with('ó') && lower_words < 4 =>
            {
                // French and Spanish names go on in lower case: `de la protection sociale`.
                lower_words += 1;
                last = j;
            }
            _ => break,
        }
        j += 1;
    }
    last
}

/// Whether a name cannot go on from `prev` to `t` on the next line: a blank line is between
/// them, or `prev` ends a short line (a heading such as `Centre de presse`, a menu item) and `t`
/// starts the next with a capital. A long line broken at a fixed width goes on
/// (`… le Ministère de` / `l'Intérieur`).
fn ends_name_at_line(text: &str, prev: &Token, t: &Token) -> bool {
    let gap = &text.as_bytes()[prev.range.end..t.range.start];
    if gap.iter().filter(|&&b| b == b'\n').count() >= 2 {
        return true;
    }
    // A known first name starting the line starts a person's name (a contact block's office
    // line, then the name: `Délégation régionale de l'Oriental` / `Salma BENJELLOUN`).
    if t.has(crate::lexicon::FIRST_NAME) {
        return true;
    }
    let line_start = text[..prev.range.end].rfind('\n').map_or(0, |k| k + 1);
    prev.range.end - line_start < SHORT_LINE && matches!(t.shape, Shape::Capitalised | Shape::Upper)
}

/// Lines shorter than this (in bytes) are headings or menu items, not a paragraph broken at a
/// fixed width.
const SHORT_LINE: usize = 50;

/// `(ACR)` right after token `end`: the acronym.
fn acronym_after(text: &str, toks: &[Token], end: usize) -> Option<String> {
    let open = toks.get(end + 1)?;
    let acr = toks.get(end + 2)?;
    let close = toks.get(end + 3)?;
    (open.is_punct(text, '(') && acr.shape == Shape::Upper && close.is_punct(text, ')'))
        .then(|| acr.text(text).to_string())
}

/// Where the words before `(` at token `open` start, when their initials spell `acronym`.
fn expansion_start(text: &str, toks: &[Token], open: usize, acronym: &str) -> Option<usize> {
    let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphabetic()).collect();
    // The initials of the words read so far, last first, and those of the current word.
    let mut initials: Vec<char> = Vec::with_capacity(letters.len() + 2);
    let mut parts: Vec<char> = Vec::new();
    let mut j = open;
    while j > 0 && open - j < 14 {
        j -= 1;
        let t = &toks[j];
        let w = t.text(text);
        if toks[j + 1].line_start && ends_name_at_line(text, t, &toks[j + 1]) {
            return None;
        }
        match t.shape {
            Shape::Punct if matches!(w, "'" | "’" | "-") => continue,
            Shape::Punct | Shape::Number => return None,
            _ if t.has(CONNECTOR) => continue,
            _ => {}
        }
        // `bien-être` gives B and E.
        parts.clear();
        parts.extend(
            w.split('-')
                .filter_map(|p| p.chars().next())
                .flat_map(char::to_uppercase),
        );
        initials.extend(parts.iter().rev());
        if initials.len() > letters.len() + 1 {
            return None;
        }
        let matches = initials.len() == letters.len()
            && initials
                .iter()
                .rev()
                .zip(&letters)
                .all(|(a, b)| a.eq_ignore_ascii_case(b));
        if matches && t.shape == Shape::Capitalised {
            return Some(j);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orgs(text: &str) -> Vec<String> {
        let toks = super::super::tokens::tokenize(text);
        find(text, &toks)
            .iter()
            .map(|e| {
                let acr = match e.attribute("acronym") {
                    Some(Value::Text(a)) => format!(" ({a})"),
                    _ => String::new(),
                };
                format!("{}{acr}", &text[e.range.clone()])
            })
            .collect()
    }

    #[test]
    fn names_end_at_a_blank_line_or_a_heading() {
        // The heading is a name of its own; the sentence after it is not part of it.
        assert_eq!(
            orgs("Centre de presse\n\nLes familles rentrent chez elles."),
            ["Centre de presse"]
        );
        assert_eq!(
            orgs("Ministère de la Santé\nLes familles rentrent."),
            ["Ministère de la Santé"]
        );
        // A paragraph broken at a fixed width goes on.
        assert_eq!(
            orgs("Les familles accueillies par les équipes régionales du Ministère de\nl'Intérieur. Elles rentrent."),
            ["Ministère de\nl'Intérieur"]
        );
    }

    #[test]
    fn names_without_a_head_word_from_the_list() {
        assert_eq!(
            orgs("Oxfam, Save the Children et Médecins Sans Frontières (MSF) ont répondu ; MSF soigne."),
            [
                "Oxfam",
                "Save the Children",
                "Médecins Sans Frontières (MSF)",
                "MSF (MSF)",
                "MSF (MSF)"
            ]
        );
        assert_eq!(
            orgs("La Cruz Roja y Cáritas distribuyeron kits con la Croix-Rouge."),
            ["Cruz Roja", "Cáritas", "Croix-Rouge"]
        );
        // Before a place, the office's; before another capitalised word, no name of the list.
        assert_eq!(orgs("Oxfam France et Interpol Street"), ["Oxfam"]);
        // Common words and first names that name organisations too are not taken alone.
        assert_eq!(
            orgs("Concern grows. Plan ahead, Care for Alima."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn acronyms_defined_in_the_text_name_the_organisation_later() {
        assert_eq!(
            orgs("la Coalition nationale des droits des réfugiés (CNDR) a publié. Selon la CNDR, 300 familles."),
            [
                "Coalition nationale des droits des réfugiés (CNDR)",
                "CNDR (CNDR)",
                "CNDR (CNDR)"
            ]
        );
        assert_eq!(
            orgs("The Migrant Workers Alliance (MWA) said MWA would help."),
            ["Migrant Workers Alliance (MWA)", "MWA (MWA)", "MWA (MWA)"]
        );
        // No acronym across a blank line, nor a random upper-case word.
        assert_eq!(orgs("Gente Nueva\n\n(GN) y AYUDA."), Vec::<String>::new());
    }
}
