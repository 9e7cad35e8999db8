//! Organisations, found by their head word (`Ministère`, `Fund`, `Oficina`) with the capitalised
//! and connecting words around it, by the acronyms a text defines (`… pour les migrations (OIM)`)
//! and their later mentions, and by known acronyms (`data/lexicon/known-acronyms.tsv`).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::tokens::{Shape, Token, Tokens, JOINED};
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
    // Names introduced by a cue (`l'association Kayar Solidarité`), found again later.
    let mut cued: Vec<String> = Vec::new();
    for i in toks.marks() {
        if i < next {
            continue;
        }
        let t = &toks[i];
        let flags = head_flags(text, t);
        if flags & (HEAD | TWO_WORD_HEAD | ORG_NAME_START) == 0 && t.shape != Shape::Punct {
            // `l'association Kayar Solidarité`, `Fedasil, l'agence fédérale`: a name that a
            // generic word of organisations introduces or describes.
            if let Some(end) = cued_name(text, toks, i) {
                take_cued(text, toks, i, end, &mut out, &mut cued, &mut defined);
                next = end + 1;
            }
            continue;
        }
        let w = t.text(text);
        // `Red` heads a Spanish name (`Red Nacional`), never an English one (`Red River`).
        let two_words = t.has(TWO_WORD_HEAD)
            && toks
                .get(i + 1)
                .is_some_and(|n| TWO_WORD_HEADS.contains(&(w, n.text(text))));
        if ROMANCE_HEADS.contains(&w) && !romance && !two_words {
            continue;
        }
        // `Red Cross`: a head of two words.
        let two = t.has(TWO_WORD_HEAD)
            && toks.get(i + 1).is_some_and(|n| {
                let second = n.text(text);
                TWO_WORD_HEADS.contains(&(w, second))
            });
        if t.shape == Shape::Capitalised && (flags & HEAD != 0 || two) {
            let head_end = if two { i + 1 } else { i };
            let end = if is_possessive(text, t) {
                i
            } else {
                org_end(text, toks, head_end, romance)
            };
            let start = org_start(text, toks, i, &out);
            if end > i || start < i {
                let e = named(text, toks, start, end, &mut defined);
                if !is_unit_or_office(text, toks, start, end) {
                    out.push(e);
                }
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
        // `l'association Manos del Valle`: a listed name's first word in another name.
        if t.shape == Shape::Capitalised {
            if let Some(end) = cued_name(text, toks, i) {
                take_cued(text, toks, i, end, &mut out, &mut cued, &mut defined);
                next = end + 1;
                continue;
            }
        }
        if t.is_punct(text, '(') {
            // `Forum tunisien pour les droits économiques et sociaux (FTDES)`: the words before
            // whose letters spell the acronym; a name found by its head but cut before the
            // bracket (`… des réfugiés` + `et des rapatriés (CNARR)`) gives way to it.
            if let Some(acr) = toks.get(i + 1).filter(|a| is_acronym(a.text(text))) {
                let a = acr.text(text);
                if toks.get(i + 2).is_some_and(|c| c.is_punct(text, ')'))
                    && !out.iter().any(|e| {
                        e.range.end == t.range.start.saturating_sub(1)
                            || e.range.end == t.range.start
                    })
                {
                    if let Some((start, end)) = long_form(text, toks, i, a) {
                        let (from, to) = (toks[start].range.start, toks[end].range.end);
                        let overlaps = |e: &Entity| e.range.end > from && e.range.start < to;
                        if out
                            .iter()
                            .any(|e| overlaps(e) && e.attribute("acronym").is_some())
                        {
                            continue;
                        }
                        // `la Direction du Développement et de la Coopération suisse (DDC)`:
                        // the name found by its head keeps its first words.
                        let first = out.iter().filter(|e| overlaps(e)).map(|e| e.range.start);
                        let range = first.min().unwrap_or(from).min(from)..to;
                        out.retain(|e| !overlaps(e));
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
    // Acronyms: defined here, or known; and the names a cue introduced, named again.
    for k in toks.marks() {
        let t = &toks[k];
        if !matches!(t.shape, Shape::Upper | Shape::Capitalised) {
            continue;
        }
        let (a, a_end) = stem(text, t);
        // Most capitalised words are neither an acronym nor a name a cue introduced.
        if t.shape == Shape::Capitalised && !is_acronym(a) && cued.is_empty() {
            continue;
        }
        let known = || {
            // An acronym that is also a word (`CARE`, `WHO`) is no name in a line of capitals.
            let caps = |n: Option<&Token>| {
                n.is_some_and(|n| n.shape == Shape::Upper && !KNOWN_MAP.contains_key(n.text(text)))
            };
            (t.shape == Shape::Upper || a.chars().all(|c| !c.is_lowercase()))
                && (t.line_start || !caps(k.checked_sub(1).and_then(|p| toks.get(p))))
                && !caps(toks.get(k + 1).filter(|n| !n.line_start))
        };
        let expansion = defined.get(a).map(String::as_str).or_else(|| {
            KNOWN_MAP
                .get(a)
                .copied()
                .filter(|_| is_acronym(a) && known())
        });
        let taken = |r: &std::ops::Range<usize>| {
            out.iter()
                .any(|e| e.range.start < r.end && r.start < e.range.end)
        };
        if let Some(x) = expansion {
            let r = t.range.start..a_end;
            if !taken(&r) {
                out.push(
                    Entity::new(Kind::Organisation, r, x)
                        .with("acronym", Value::Text(a.to_string().into())),
                );
            }
            continue;
        }
        for name in &cued {
            if text[t.range.start..].starts_with(name.as_str()) {
                let r = t.range.start..t.range.start + name.len();
                let ends_word = !text[r.end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
                if ends_word && !taken(&r) {
                    out.push(Entity::new(Kind::Organisation, r, name.clone()));
                }
                break;
            }
        }
    }
    out.sort_by_key(|e| e.range.start);
    out
}

/// Takes the name a cue found (tokens `i..=end`) and keeps its text, so that its later
/// mentions are found too.
fn take_cued(
    text: &str,
    toks: &[Token],
    i: usize,
    end: usize,
    out: &mut Vec<Entity>,
    cued: &mut Vec<String>,
    defined: &mut HashMap<String, String, KeyHash>,
) {
    out.push(named(text, toks, i, end, defined));
    cued.push(collapse(
        &text[toks[i].range.start..end_byte(text, &toks[end])],
    ));
}

/// The organisation named by tokens `start..=end`, with the acronym written after it in
/// brackets, which then names it later in the text; a lower-case word the acronym leaves out at
/// its end is no part of it (`Direction du Développement et de la Coopération` + `suisse (DDC)`).
fn named(
    text: &str,
    toks: &[Token],
    start: usize,
    mut end: usize,
    defined: &mut HashMap<String, String, KeyHash>,
) -> Entity {
    let acr = acronym_after(text, toks, end);
    if let Some(a) = &acr {
        if let Some((s, e)) = long_form(text, toks, end + 1, a) {
            if s <= end && e >= start {
                end = e.min(end);
            }
        }
    }
    let range = toks[start].range.start..end_byte(text, &toks[end]);
    let mut e = Entity::new(Kind::Organisation, range.clone(), collapse(&text[range]));
    if let Some(acr) = acr {
        defined.insert(acr.clone(), e.normalized.clone());
        e = e.with("acronym", Value::Text(acr.into()));
    }
    e
}

/// The first token of an organisation's name whose head word is token `head`: capitalised words
/// before it (`Asian Development Bank`, `Home Office`), articles and possessives left out
/// (`Obock's Migration Response Centre`), an abbreviated country kept (`U.S. Customs`).
fn org_start(text: &str, toks: &[Token], head: usize, before: &[Entity]) -> usize {
    let mut start = head;
    while start > 0 && head - start < 5 {
        let t = &toks[start - 1];
        let w = t.text(text);
        let taken = before.last().is_some_and(|e| e.range.end > t.range.start);
        if toks[start].line_start
            || taken
            || !matches!(t.shape, Shape::Capitalised | Shape::Upper)
            || t.has(ORG_LEFT_STOP_FLAG)
            || is_label(w)
            || is_possessive(text, t)
            || COMMUNICATION.contains(&w.to_lowercase().as_str())
        {
            break;
        }
        start -= 1;
    }
    // `U.S.`, `U.K.`: letters and dots.
    while start >= 2
        && !toks[start].line_start
        && toks[start - 1].is_punct(text, '.')
        && toks[start - 2].text(text).len() == 1
        && toks[start - 2]
            .text(text)
            .chars()
            .all(|c| c.is_ascii_uppercase())
    {
        start -= 2;
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
        let after = toks.get(last + 1).filter(|t| !t.line_start);
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
                // `the Prelature of Marawi's programme`.
                if is_possessive(text, t) {
                    break;
                }
            }
            Shape::Punct if matches!(w, "'" | "’") => {}
            Shape::Punct if w == "-" && next.is_some_and(|n| n.shape != Shape::Punct) => {}
            // `Ministerio de Trabajo, Migraciones y Seguridad Social`, `Ministerio de Inclusión,
            // Seguridad Social y Migraciones`, `Minister of Immigration, Refugees and
            // Citizenship`: a list of capitalised words that `y`, `et` or `and` ends.
            Shape::Punct if w == "," && prev_cap && next_cap && enumeration(text, toks, j) => {}
            // `Comisión Mexicana de Ayuda a Refugiados`, `Servicio Jesuita a Migrantes`.
            Shape::Lower
                if matches!(w, "a" | "à")
                    && prev_cap
                    && next_cap
                    && next.is_none_or(|n| super::gazetteer::place_at(text, n).is_none()) => {}
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
            // `Croix-Rouge malagasy` + `pour la région Vatovavy`: where, not which.
            Shape::Lower if is_place_word(w) && toks[j - 1].has(CONNECTOR) => break,
            Shape::Lower
                if romance
                    && !t.has(ORG_STOP_FLAG)
                    && !w.ends_with('ó')
                    && lower_words < 4
                    && !(after_word(toks, j) && runs_on(text, toks, j)) =>
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
    // A label (`P:`, `Tel:`) or an address (`comunicacion@…`) starts the next line.
    if text[t.range.end..].starts_with([':', '@']) {
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
    (open.is_punct(text, '(') && is_acronym(acr.text(text)) && close.is_punct(text, ')'))
        .then(|| acr.text(text).to_string())
}

/// A word without its possessive `'s` (`IOM's`, `Union’s`), and the byte where that ends.
fn stem<'t>(text: &'t str, t: &Token) -> (&'t str, usize) {
    let w = t.text(text);
    match w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .filter(|s| !s.is_empty() && t.has(JOINED))
    {
        Some(s) => (s, t.range.start + s.len()),
        None => (w, t.range.end),
    }
}

/// Whether a word is a possessive (`IOM's`): the name it ends stops before its `'s`.
fn is_possessive(text: &str, t: &Token) -> bool {
    stem(text, t).1 != t.range.end
}

/// Where a name ending at token `t` ends: before a possessive `'s`.
fn end_byte(text: &str, t: &Token) -> usize {
    stem(text, t).1
}

/// The lexicon's flags of a word, or of the word before its possessive `'s` (`Union's`).
fn head_flags(text: &str, t: &Token) -> u32 {
    if is_possessive(text, t) {
        crate::lexicon::Lookup::new().flags(stem(text, t).0)
    } else {
        t.flags
    }
}

/// Whether a word is written as an acronym: capitals (`OIM`, `R&D`), or two capitals or more
/// with one lower-case letter among them (`UNaM`).
fn is_acronym(w: &str) -> bool {
    let (mut upper, mut lower) = (0, 0);
    for c in w.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        } else if !(c.is_ascii_digit() || c == '&') {
            return false;
        }
    }
    w.chars().next().is_some_and(char::is_uppercase) && upper >= 2 && lower <= 1
}

/// A letter in lower case without its accent, as acronyms drop them (`É` of `économiques` is
/// the `E` of FTDES).
fn fold(c: char) -> char {
    let c = c.to_lowercase().next().unwrap_or(c);
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'æ' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'œ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        _ => c,
    }
}

/// Words that name what is no organisation when they head a long form: plans, projects,
/// strategies, laws and agreements, tools and reports (the annotation conventions of issue 18).
const NOT_ORGANISATIONS: &[&str] = &[
    "Plan",
    "Project",
    "Projet",
    "Proyecto",
    "Strategy",
    "Stratégie",
    "Estrategia",
    "Matrix",
    "Framework",
    "Act",
    "Law",
    "Loi",
    "Ley",
    "Agreement",
    "Accord",
    "Acuerdo",
    "Pact",
    "Pacte",
    "Pacto",
    "Convention",
    "Convención",
    "Treaty",
    "Traité",
    "Tratado",
    "Protocol",
    "Protocole",
    "Protocolo",
    "Index",
    "Survey",
    "Report",
    "Rapport",
    "Informe",
    "Appeal",
];

/// The long form of `acronym` written before the bracket at token `open`, as the first and
/// last tokens of the name, found as Schwartz and Hearst find abbreviation definitions (A
/// Simple Algorithm for Identifying Abbreviation Definitions in Biomedical Text, 2003): each
/// letter of the acronym, from its last, is a letter of the words before the bracket, from
/// their last, the first letter a word's first; among at most min(n + 5, 2n) words. So words
/// the acronym skips (`a` in `Comisión Mexicana de Ayuda a Refugiados (COMAR)`) and letters
/// inside words are allowed. For an organisation, the long form starts with a capital, is no
/// place and no plan, and ends at its last word with a letter of the acronym or a capital.
fn long_form(text: &str, toks: &[Token], open: usize, acronym: &str) -> Option<(usize, usize)> {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(fold)
        .collect();
    let n = letters.len();
    if n < 2 {
        return None;
    }
    let most = (n + 5).min(2 * n);
    let mut words: Vec<usize> = Vec::new();
    // Function words (`de`, `la`, `of`) are not counted: French and Spanish names have many.
    let mut counted = 0;
    let mut j = open;
    while j > 0 && counted < most {
        j -= 1;
        let t = &toks[j];
        if toks[j + 1].line_start && ends_name_at_line(text, t, &toks[j + 1]) {
            break;
        }
        match t.shape {
            Shape::Punct if matches!(t.text(text), "'" | "’" | "-" | ",") => {}
            Shape::Punct | Shape::Number => break,
            _ => {
                words.push(j);
                counted += usize::from(!t.has(CONNECTOR));
            }
        }
    }
    let chars_of =
        |k: usize| -> Vec<char> { toks[words[k]].text(text).chars().map(fold).collect() };
    let mut matched = vec![false; words.len()];
    let mut w = 0;
    let mut chars = if words.is_empty() {
        return None;
    } else {
        chars_of(0)
    };
    let mut pos = chars.len();
    for (li, &c) in letters.iter().enumerate().rev() {
        loop {
            let found = loop {
                if pos == 0 {
                    break false;
                }
                pos -= 1;
                if chars[pos] == c && (li > 0 || pos == 0 || chars[pos - 1] == '-') {
                    break true;
                }
            };
            if found {
                matched[w] = true;
                break;
            }
            w += 1;
            if w >= words.len() {
                return None;
            }
            chars = chars_of(w);
            pos = chars.len();
        }
    }
    let start = words[w];
    let s = &toks[start];
    if !matches!(s.shape, Shape::Capitalised | Shape::Upper) || s.has(ORG_LEFT_STOP_FLAG) {
        return None;
    }
    let last = (0..=w).find(|&k| {
        matched[k] || matches!(toks[words[k]].shape, Shape::Capitalised | Shape::Upper)
    })?;
    let end = words[last];
    if super::gazetteer::place_at(text, s) == Some(toks[end].range.end)
        || (start..=end).any(|k| NOT_ORGANISATIONS.contains(&toks[k].text(text)))
    {
        return None;
    }
    Some((start, end))
}

/// Lower-case words that say what kind of organisation a name is (`l'association …`, `the
/// railway company …`, `…, the church-run shelter`), in French, English and Spanish.
const CLASSIFIERS: &[&str] = &[
    "association",
    "ONG",
    "NGO",
    "organisation",
    "organization",
    "organización",
    "organisme",
    "collectif",
    "colectivo",
    "fondation",
    "foundation",
    "fundación",
    "agence",
    "agency",
    "agencia",
    "société",
    "company",
    "compañía",
    "empresa",
    "entreprise",
    "charity",
    "group",
    "groupe",
    "grupo",
    "shelter",
    "albergue",
    "refugio",
    "réseau",
    "network",
    "coalition",
    "coalición",
    "syndicat",
    "sindicato",
    "union",
    "nonprofit",
    "non-profit",
    "cooperative",
    "coopérative",
    "cooperativa",
    "federation",
    "fédération",
    "federación",
    "asociación",
    "platform",
    "plateforme",
    "plataforma",
    "movement",
    "mouvement",
    "movimiento",
    "firm",
];

/// Lower-case words that open a list of organisations after a plural of them
/// (`organisations locales, dont …`, `Organizaciones como …`, `partners, including …`).
const LIST_CUES: &[&str] = &[
    "dont",
    "comme",
    "como",
    "including",
    "notamment",
    "incluidas",
];

/// Plurals of the [`CLASSIFIERS`] and of partners, before a [`LIST_CUES`] word.
const PLURAL_CLASSIFIERS: &[&str] = &[
    "organisations",
    "organizations",
    "organizaciones",
    "associations",
    "asociaciones",
    "ONG",
    "NGOs",
    "partners",
    "partenaires",
    "socios",
    "groups",
    "groupes",
    "grupos",
    "charities",
];

/// The last token of a name starting at capitalised token `i` that has no head word but a cue:
/// a generic word of organisations just before it (`l'ONG Alarme Atlantique`) or describing it
/// after a comma (`Mission Frontera, the church-run shelter`), or the words opening a list of
/// organisations (`Organizaciones como Encuentros`). Not a place alone, not a person.
fn cued_name(text: &str, toks: &[Token], i: usize) -> Option<usize> {
    let t = &toks[i];
    if t.shape != Shape::Capitalised || t.has(ORG_LEFT_STOP_FLAG) || is_label(t.text(text)) {
        return None;
    }
    let before = |k: usize| (!toks[k + 1].line_start).then(|| toks.get(k)).flatten();
    let prev = i.checked_sub(1).and_then(before);
    // Inside a longer capitalised run: its first word decides.
    if prev.is_some_and(|p| {
        matches!(p.shape, Shape::Capitalised | Shape::Upper) && !CLASSIFIERS.contains(&p.text(text))
    }) {
        return None;
    }
    let end = capitalised_run(text, toks, i);
    // Looked up last, as most capitalised words have no cue.
    let place = || super::gazetteer::place_at(text, t) == Some(toks[end].range.end);
    let introduced =
        prev.is_some_and(|p| p.shape != Shape::Capitalised && CLASSIFIERS.contains(&p.text(text)));
    if introduced || listed_after_cue(text, toks, i) {
        return (!place()).then_some(end);
    }
    // `l'Entraide nationale`, `la Garde nationale`: a capitalised word and `nationale`, as
    // French and Spanish write the names of state bodies.
    let national = toks.get(i + 1).filter(|n| {
        !n.line_start
            && matches!(
                n.text(text),
                "nationale" | "national" | "nacional" | "nationales"
            )
    });
    if national.is_some() && end == i && !NOT_NATIONAL_BODIES.contains(&t.text(text)) {
        return Some(i + 1);
    }
    // Without a generic word just before it, a first name starts a person's name.
    if t.has(crate::lexicon::FIRST_NAME) || t.has(crate::lexicon::NOT_NAME) {
        return None;
    }
    (described_after(text, toks, end) && !place()).then_some(end)
}

/// Whether the name at token `i` opens a list of organisations: a [`LIST_CUES`] word before it
/// (an article between), a plural of organisations at most three tokens before that.
fn listed_after_cue(text: &str, toks: &[Token], i: usize) -> bool {
    let mut k = i;
    while k > 0
        && matches!(
            toks[k - 1].text(text),
            "l" | "'" | "’" | "la" | "le" | "the" | "el"
        )
    {
        k -= 1;
    }
    let Some(cue) = k.checked_sub(1) else {
        return false;
    };
    if !LIST_CUES.contains(&toks[cue].text(text).to_lowercase().as_str()) {
        return false;
    }
    (cue.saturating_sub(3)..cue).any(|p| {
        PLURAL_CLASSIFIERS.contains(&toks[p].text(text).to_lowercase().as_str())
            || PLURAL_CLASSIFIERS.contains(&toks[p].text(text))
    })
}

/// Whether a comma, an article and a generic word of organisations follow token `end`
/// (`Fedasil, l'agence fédérale`, `…, the church-run shelter`), at most three words between.
fn described_after(text: &str, toks: &[Token], end: usize) -> bool {
    if !toks.get(end + 1).is_some_and(|c| c.is_punct(text, ',')) {
        return false;
    }
    let mut k = end + 2;
    let mut articles = 0;
    while articles < 3
        && toks.get(k).is_some_and(|t| {
            matches!(
                t.text(text),
                "l" | "'" | "’" | "la" | "le" | "the" | "a" | "an" | "el" | "una" | "un" | "une"
            )
        })
    {
        k += 1;
        articles += 1;
    }
    if articles == 0 {
        return false;
    }
    for t in toks.iter().skip(k).take(4) {
        if t.line_start || t.shape != Shape::Lower {
            return false;
        }
        if CLASSIFIERS.contains(&t.text(text)) {
            return true;
        }
    }
    false
}

/// The last token of the capitalised words from token `i` on its line, with the connectors
/// between them (`Droits et Rives`, `Belén Posada del Migrante`).
fn capitalised_run(text: &str, toks: &[Token], i: usize) -> usize {
    let joins = |t: &Token| t.has(CONNECTOR) || matches!(t.text(text), "'" | "’");
    let mut last = i;
    let mut j = i + 1;
    while j < toks.len() && j - i <= 8 && !is_possessive(text, &toks[last]) {
        let t = &toks[j];
        if t.line_start {
            break;
        }
        match t.shape {
            Shape::Capitalised | Shape::Upper if !is_label(t.text(text)) => last = j,
            // `Droits et Rives`; not `Lanao Peace Builders and the Bahay Kalinga Foundation`.
            Shape::Lower if matches!(t.text(text), "et" | "and" | "y") && last > i => break,
            Shape::Lower | Shape::Punct if joins(t) => {
                let next = toks[j + 1..].iter().take(2).find(|n| !joins(n));
                if !next.is_some_and(|n| n.shape == Shape::Capitalised && !n.line_start) {
                    break;
                }
            }
            _ => break,
        }
        j += 1;
    }
    last
}

/// Words of a communication unit's name (`Media Centre`, `Departamento de Comunicación
/// Social`, `Press Office`), which the annotation conventions do not count as organisations.
const COMMUNICATION: &[&str] = &[
    "media",
    "médias",
    "medios",
    "press",
    "presse",
    "prensa",
    "communication",
    "communications",
    "comunicación",
    "comunicaciones",
    "information",
    "información",
    "imagen",
    "institucional",
    "institutionnelle",
    "institutional",
    "relations",
    "relaciones",
    "public",
    "publiques",
    "públicas",
    "social",
    "news",
    "noticias",
];

/// Heads of an office's name (`Bureau de Les Cayes`), which names where an organisation works
/// when only a place follows.
const OFFICES: &[&str] = &[
    "Bureau",
    "Office",
    "Oficina",
    "Délégation",
    "Delegación",
    "Delegation",
    "Antenne",
    "Sous-bureau",
    "Sub-Office",
];

/// Whether tokens `start..=end` name a communication unit (after an acronym: `KCC Press
/// Office`, whose acronym is then found alone) or an office at a place (`Bureau de Les Cayes`,
/// `Délégation régionale de l'Oriental`): neither is an organisation of its own.
fn is_unit_or_office(text: &str, toks: &[Token], start: usize, end: usize) -> bool {
    let words: Vec<&Token> = toks[start..=end]
        .iter()
        .filter(|t| t.shape != Shape::Punct && !t.has(CONNECTOR))
        .skip_while(|t| is_acronym(t.text(text)))
        .collect();
    let is_comm = |t: &Token| COMMUNICATION.contains(&t.text(text).to_lowercase().as_str());
    if words.iter().any(|t| is_comm(t)) && words.iter().all(|t| is_comm(t) || t.has(HEAD)) {
        return true;
    }
    if !OFFICES.contains(&toks[start].text(text)) {
        return false;
    }
    // The office's head, lower-case words (`régionale`), connectors, then a place to the end.
    let mut k = start + 1;
    while k <= end && (toks[k].shape == Shape::Lower || toks[k].shape == Shape::Punct) {
        k += 1;
    }
    k <= end
        && toks[k - 1].has(CONNECTOR)
            | toks[k - 1].is_punct(text, '\'')
            | toks[k - 1].is_punct(text, '’')
        && super::gazetteer::place_at(text, &toks[k]) == Some(toks[end].range.end)
}

/// Capitalised words before `nationale` that name no body: days, events, plans and roads.
const NOT_NATIONAL_BODIES: &[&str] = &[
    "Fête",
    "Journée",
    "Jour",
    "Semaine",
    "Día",
    "Semana",
    "Fiesta",
    "Route",
    "Ruta",
    "Carretera",
    "Stratégie",
    "Estrategia",
    "Politique",
    "Política",
    "Plan",
    "Programme",
    "Programa",
    "Loi",
    "Ley",
    "Équipe",
    "Selección",
    "Unité",
    "Unidad",
    "Réconciliation",
];

/// Heads that are Spanish or French words only, not English ones (`Red` is a network in
/// Spanish, a colour in English; `Cabinet` a minister's office in French, a government or a
/// title in English).
const ROMANCE_HEADS: &[&str] = &["Red", "Cabinet"];

/// Whether the comma at token `j` lists the words of a name (`Inclusión, Seguridad Social y
/// Migraciones`): one to three capitalised words after it, then `y`, `et` or `and` and a
/// capitalised word.
fn enumeration(text: &str, toks: &[Token], j: usize) -> bool {
    let mut k = j + 1;
    while k < toks.len() && k - j <= 3 && toks[k].shape == Shape::Capitalised && !toks[k].line_start
    {
        k += 1;
    }
    k > j + 1
        && toks
            .get(k)
            .is_some_and(|t| matches!(t.text(text), "y" | "et" | "and"))
        && toks
            .get(k + 1)
            .is_some_and(|t| t.shape == Shape::Capitalised && !t.line_start)
}

/// Generic words of places: a connector then one of them ends a name (`Croix-Rouge malagasy`
/// + `pour la région Vatovavy`).
fn is_place_word(w: &str) -> bool {
    matches!(
        w,
        "région"
            | "province"
            | "département"
            | "district"
            | "commune"
            | "ville"
            | "region"
            | "provincia"
            | "departamento"
            | "municipio"
            | "ciudad"
            | "estado"
            | "state"
            | "county"
            | "préfecture"
            | "zone"
            | "zona"
            | "island"
            | "île"
            | "isla"
    )
}

/// Whether the lower-case word at token `j` follows a word of the name rather than a
/// connector: where an adjective goes on (`Programme alimentaire mondial`) and a verb or the
/// sentence's object starts.
fn after_word(toks: &[Token], j: usize) -> bool {
    !toks[j - 1].has(CONNECTOR) && toks[j - 1].shape != Shape::Punct
}

/// Endings of French and Spanish verbs in the past, future and imperfect (`instalaron`,
/// `aportará`, `distribuait`), which no adjective has.
const VERB_ENDINGS: &[&str] = &[
    "aron", "ieron", "eron", "ará", "erá", "irá", "arán", "erán", "irán", "aban", "ían", "ait",
    "aient", "èrent", "eront",
];

/// Whether the lower-case word at token `j`, after a word of the name, starts the sentence's
/// predicate rather than going on with the name: a verb's ending, a definite article after it
/// (`assure les distributions`), or a plural after a singular (`Gobierno nacional recursos`),
/// where an adjective would agree.
fn runs_on(text: &str, toks: &[Token], j: usize) -> bool {
    let w = toks[j].text(text);
    let prev = toks[j - 1].text(text);
    VERB_ENDINGS.iter().any(|e| w.ends_with(e))
        || toks.get(j + 1).is_some_and(|n| {
            matches!(
                n.text(text),
                "le" | "la" | "les" | "l" | "el" | "los" | "las" | "lo" | "al" | "au" | "aux"
            )
        })
        || (w.ends_with('s') && !prev.ends_with(['s', 'x', 'z']))
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
            orgs("Centre de santé\n\nLes familles rentrent chez elles."),
            ["Centre de santé"]
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

    #[test]
    fn acronym_definitions_match_letters_not_only_initials() {
        // An accented initial, a word the acronym skips, an acronym in mixed case.
        assert_eq!(
            orgs("Le Collectif andin pour les études rurales (CAER) proteste. Le CAER ajoute."),
            [
                "Collectif andin pour les études rurales (CAER)",
                "CAER (CAER)",
                "CAER (CAER)"
            ]
        );
        assert_eq!(
            orgs("la Liga Nacional de Apoyo a Pescadores (LINAP) y la Universidad Austral de Tolosa (UNAuT)."),
            [
                "Liga Nacional de Apoyo a Pescadores (LINAP)",
                "LINAP (LINAP)",
                "Universidad Austral de Tolosa (UNAuT)",
                "UNAuT (UNAuT)"
            ]
        );
        // A name found by its head and cut before the bracket reaches it; a lower-case word
        // the acronym leaves out at the end is no part of it.
        assert_eq!(
            orgs("avec l'Office régional de gestion des forêts et des pâturages (ORGFP) et l'Agence de la Pêche et de la Mer côtière (APM)."),
            [
                "Office régional de gestion des forêts et des pâturages (ORGFP)",
                "ORGFP (ORGFP)",
                "Agence de la Pêche et de la Mer (APM)",
                "APM (APM)"
            ]
        );
        // Plans and places are no organisations; a possessive names the acronym.
        assert_eq!(
            orgs("the Coastal Recovery Plan (CRP) in Papua New Guinea (PNG). The Tidewater Guild (TG) said TG's staff left."),
            ["Tidewater Guild (TG)", "TG (TG)", "TG (TG)"]
        );
    }

    #[test]
    fn possessives_end_names() {
        assert_eq!(
            orgs("Velmar's Migration Response Centre opened. The European Union's agency and IOM's staff came."),
            [
                "Migration Response Centre",
                "European Union",
                "IOM (IOM)"
            ]
        );
    }

    #[test]
    fn french_and_spanish_names_stop_before_the_predicate() {
        assert_eq!(
            orgs("le Fonds agricole régional distribue les semences, la Banque mondiale un prêt."),
            ["Fonds agricole régional", "Banque mondiale"]
        );
        assert_eq!(
            orgs("La Cruz Roja Hondureña entregaron kits a las familias. La Unión Europea aportará fondos y el Consejo provincial recursos de emergencia."),
            ["Cruz Roja Hondureña", "Unión Europea", "Consejo provincial"]
        );
        // Where, not which.
        assert_eq!(
            orgs("le Croissant-Rouge comorien pour la région Mohéli a distribué des kits."),
            ["Croissant-Rouge comorien"]
        );
        // `a` between capitalised words is part of the name.
        assert_eq!(
            orgs("la Oficina Nacional de Apoyo a Desplazados recibió."),
            ["Oficina Nacional de Apoyo a Desplazados"]
        );
    }

    #[test]
    fn names_without_a_head_word_from_a_cue() {
        // A generic word before the name, then its later mention.
        assert_eq!(
            orgs(
                "Selon l'association Horizons Partagés, 300 personnes. Horizons Partagés demande."
            ),
            ["Horizons Partagés", "Horizons Partagés"]
        );
        assert_eq!(
            orgs("halted by the shipping company Tarvol and the NGO Brisa Norte."),
            ["Tarvol", "Brisa Norte"]
        );
        // Described after a comma.
        assert_eq!(
            orgs("said Ana Ruiz, director of Casa Lumbre, the church-run shelter."),
            ["Casa Lumbre"]
        );
        // The first of a list of organisations.
        assert_eq!(
            orgs("Organizaciones como Tierra Fértil, y otras."),
            ["Tierra Fértil"]
        );
        // A capitalised word and `nationale`: a state body; not a day.
        assert_eq!(
            orgs("l'Entraide nationale et la Fête nationale."),
            ["Entraide nationale"]
        );
        // No generic word: no name.
        assert_eq!(
            orgs("Selon Horizons Partagés, 300 personnes."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn communication_units_and_offices_at_a_place_are_no_organisations() {
        assert_eq!(
            orgs(
                "Home / Media Centre / News\nDepartamento de Comunicación Social\nWRC Press Office"
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            orgs("Ana Ruiz, Bureau de Port-au-Prince, et le Bureau des affaires juridiques."),
            ["Bureau des affaires juridiques"]
        );
    }

    #[test]
    fn heads_commas_labels_and_prefixes() {
        // `Red` is a Spanish head, an English colour.
        assert_eq!(orgs("the Red River Valley"), Vec::<String>::new());
        // Enumerations inside a name, in English too.
        assert_eq!(
            orgs("the Office of the Minister of Fisheries, Oceans and Coasts said."),
            ["Office of the Minister of Fisheries, Oceans and Coasts"]
        );
        assert_eq!(
            orgs("el Ministerio de Salud, Vivienda Social y Deportes anunció."),
            ["Ministerio de Salud, Vivienda Social y Deportes"]
        );
        // A label on the next line ends the name; `U.S.` starts it.
        assert_eq!(
            orgs("Ana Ruiz, Communications Officer, Pacific Fisheries Agency\nP: +679 331 2600"),
            ["Pacific Fisheries Agency"]
        );
        assert_eq!(
            orgs("U.S. Customs and Border Protection said."),
            ["U.S. Customs and Border Protection"]
        );
        // A known acronym that is also a word, in a line of capitals, is none.
        assert_eq!(orgs("WE CARE ABOUT YOU"), Vec::<String>::new());
        assert_eq!(orgs("Oxfam and CARE are there."), ["Oxfam", "CARE (CARE)"]);
    }
}
