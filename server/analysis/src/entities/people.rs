//! People, found from cues: attributions (`a déclaré`, `said`, `afirmó`), appositions with a
//! role (`Ana Ruiz, directora de …`), titles (`Mme`, `Dr.`), the names on the lines of a contact
//! block; then the later mentions of the names found once.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use super::contacts::Block;
use super::organisations::{is_label, KNOWN_MAP};
use super::phrases::SAID_PHRASES;
use super::tokens::{Shape, Token, Tokens};
use super::{Entity, Kind};
use crate::lexicon::lists;
use crate::lexicon::WordHash as KeyHash;
use crate::lexicon::{
    CLAUSE_JOIN, DOTTED_TITLE, FIRST_NAME, HEAD, MONTH, NOT_NAME as NOT_NAME_FLAG, SAID_START,
    TITLE, TWO_WORD_HEAD, WEEKDAY,
};
use crate::text::collapse;

/// People: attributions, appositions with a role, titles, contact cues, and the mentions of
/// the names found once.
pub fn find(text: &str, toks: &Tokens, orgs: &[Entity], blocks: &[Block]) -> Vec<Entity> {
    let mut found: Vec<(Range<usize>, Option<String>, Option<String>)> = Vec::new();
    let in_org = |r: &Range<usize>| {
        orgs.iter()
            .any(|o| o.range.start < r.end && r.start < o.range.end)
    };
    let add = |first: usize, last: usize, title: Option<String>, found: &mut Vec<_>| {
        let range = toks[first].range.start..toks[last].range.end;
        if in_org(&range) {
            return;
        }
        let role = role_after(text, toks, last);
        found.push((range, role, title));
    };
    for i in toks.marks() {
        let t = &toks[i];
        // Each case below starts at an attribution or at a capitalised word.
        if t.shape != Shape::Capitalised && !t.has(SAID_START) {
            continue;
        }
        let w = t.text(text);
        // Attribution then name: `a déclaré Volda Lawrence`, `said José Pérez`.
        if t.shape == Shape::Lower || t.shape == Shape::Capitalised {
            {
                if let Some(end) = SAID_PHRASES.at(text, toks, i) {
                    let mut k = end + 1;
                    let mut title = None;
                    if toks.get(k).is_some_and(|x| x.has(TITLE)) {
                        title = Some(toks[k].text(text).to_string());
                        k += 1;
                        if toks.get(k).is_some_and(|x| x.is_punct(text, '.')) {
                            k += 1;
                        }
                    }
                    if let Some(last) = name_at(text, toks, k, false) {
                        add(k, last, title, &mut found);
                    } else if toks.get(k).is_some_and(|x| name_word(x) && !x.has(TITLE))
                        && toks.get(k + 1).is_some_and(|x| x.is_punct(text, ','))
                        && (toks.get(k + 2).is_some_and(|x| x.shape == Shape::Number)
                            || role_span(text, toks, k).is_some())
                    {
                        // `said Hasina, 29,`, `dijo Yokasta, voluntaria de …`: a first name
                        // alone, with an age or a role.
                        add(k, k, None, &mut found);
                    }
                }
            }
        }
        // Title then name: `Mme Lucie Fabre`, `Dr. Ana Ruiz`, `Minister Ana Ruiz`.
        if (t.shape == Shape::Capitalised && t.has(TITLE))
            || (t.shape == Shape::Capitalised
                && t.has(DOTTED_TITLE)
                && toks.get(i + 1).is_some_and(|n| n.is_punct(text, '.')))
        {
            let mut k = i + 1;
            if toks.get(k).is_some_and(|x| x.is_punct(text, '.')) {
                k += 1;
            }
            if let Some(last) = name_at(text, toks, k, false) {
                add(k, last, Some(w.to_string()), &mut found);
            } else if let Some(last) = surname_with_particle(text, toks, k) {
                // `Mme de Vos`, `Cllr de Souza-Hartley`: a surname with its particle.
                add(k, last, Some(w.to_string()), &mut found);
            } else if toks.get(k).is_some_and(|x| name_word(x) && !x.line_start)
                && matches!(
                    w,
                    "M" | "Mme"
                        | "Mr"
                        | "Mrs"
                        | "Ms"
                        | "Dr"
                        | "Sr"
                        | "Sra"
                        | "Monsieur"
                        | "Madame"
                        | "Cllr"
                        | "Mayor"
                        | "Alcalde"
                        | "Alcaldesa"
                        | "Fr"
                        | "Father"
                        | "Padre"
                        | "Pr"
                        | "Prof"
                        | "Professor"
                        | "Sister"
                        | "Senator"
                        | "Governor"
                        | "Bishop"
                )
            {
                add(k, k, Some(w.to_string()), &mut found);
            }
        }
        // A known first name then capitalised words: `Amina Saleh`, `María José Ortega`,
        // `Paolo de Rossi`, without a cue.
        // Not in brackets after a name: `Ana Ruiz (Belén Posada del Migrante)` is her office.
        let bracket_after_name = i >= 2
            && toks[i - 1].is_punct(text, '(')
            && matches!(toks[i - 2].shape, Shape::Capitalised | Shape::Upper);
        if t.has(FIRST_NAME)
            && !bracket_after_name
            // Not inside a name that starts before it on its line: after a capitalised word
            // (one starting the line only when it is a first name itself, `Marta Vidal Soler`).
            // A capitalised role before it is no name (`City Manager Margaret Anne Ouellette`).
            && !toks[..i].last().is_some_and(|p| {
                p.shape == Shape::Capitalised
                    && !t.line_start
                    && !p.has(NOT_NAME_FLAG)
                    && !role_word(text, Some(p))
                    && (!p.line_start || p.has(FIRST_NAME))
            })
        {
            if let Some(last) = name_at(text, toks, i, false) {
                if plain_name(text, toks, i, last) {
                    add(i, last, None, &mut found);
                }
            }
        }
        // Name then a role or an attribution: `Robert Natiello, coordinateur de …`,
        // `Ana Ruiz said`.
        let starts_clause = i == 0
            || t.line_start
            || toks[i - 1].shape == Shape::Punct
            || toks[i - 1].has(CLAUSE_JOIN);
        // After a verb (`résume Fatima-Zahra El Ouazzani, directrice …`) the role alone tells.
        let after_verb = i > 0
            && toks[i - 1].shape == Shape::Lower
            && !lists::name_particles().contains(&toks[i - 1].text(text))
            && !toks[i].line_start;
        if after_verb && !starts_clause {
            if let Some(last) = name_at(text, toks, i, false) {
                if role_span(text, toks, last).is_some() {
                    add(i, last, None, &mut found);
                }
            }
        }
        if starts_clause {
            if let Some(last) = name_at(text, toks, i, false) {
                let role = role_span(text, toks, last).is_some();
                let said = said_at(text, toks, last + 1) || said_after_apposition(text, toks, last);
                if role || said || with_age(text, toks, last) || role_before(text, toks, i, last) {
                    add(i, last, None, &mut found);
                }
            }
        }
        // A byline: `Par Jean-Bosco Mbarga Ateba`, `By Rachel Dufresne-Kim Staff Writer`.
        if t.line_start && matches!(w, "Par" | "By" | "Por" | "PAR" | "BY" | "POR") {
            if let Some(last) = byline(text, toks, i + 1) {
                add(i + 1, last, None, &mut found);
            }
        }
    }
    // Contact cues: `veuillez contacter Rukiya Brown`, and names alone on the lines of a block.
    for block in blocks {
        let mut k = block.first;
        if block.names_org {
            // `Prensa Municipalidad de Posadas`: the organisation's line.
            while k <= block.last && (k == block.first || !toks[k].line_start) {
                k += 1;
            }
        }
        // The last token of the name found last on the current line.
        let mut name_on_line: Option<usize> = None;
        while k <= block.last {
            if toks[k].line_start {
                name_on_line = None;
            }
            let lenient = k == block.first || toks[k].line_start;
            // After a separator of a contact list: `Ana Ruiz / +57 … | Juan Pérez / …`.
            let after_separator = k > block.first
                && !toks[k].line_start
                && (["/", "|", "–", "—", ";", "•"]
                    .iter()
                    .any(|s| toks[k - 1].text(text) == *s)
                    || matches!(toks[k - 1].text(text), "et" | "and" | "y"));
            // `À N'Djamena, Aristophane Ngargoune, ngargoun@…`: a name after a comma with its
            // email or phone right after it.
            let details_follow = |last: usize| {
                toks.get(last + 1).is_some_and(|c| c.is_punct(text, ','))
                    && (toks
                        .get(last + 2)
                        .is_some_and(|x| x.is_punct(text, '+') || x.shape == Shape::Number)
                        || toks.get(last + 3).is_some_and(|x| x.is_punct(text, '@')))
            };
            let after_comma = k > block.first
                && toks[k - 1].is_punct(text, ',')
                && name_at(text, toks, k, false).is_some_and(details_follow);
            let after_cue = k == block.first
                || toks[k].line_start
                || after_comma
                || toks[k - 1].is_punct(text, ':')
                || after_separator
                || matches!(
                    toks[k - 1].text(text),
                    "ou" | "or" | "o" | "contacter" | "contact" | "contactar" | "contacte"
                );
            if after_cue {
                if let Some(last) = name_at(text, toks, k, lenient && !after_separator) {
                    // A line of capitalised words that is an office (`Agence Horizon Haïti`) or
                    // a place (`Costa Rica`) is no person.
                    // Nor are capitalised words before a role (`Public Information Officer`).
                    let is_org = toks[k].has(HEAD)
                        || role_word(text, toks.get(last + 1).filter(|n| !n.line_start))
                        || KNOWN_MAP.contains_key(toks[k].text(text))
                        || super::gazetteer::place_at(text, &toks[k])
                            .is_some_and(|end| end >= toks[k + 1].range.end);
                    // `Claire Martin – Collectif Tisserands`: after a separator, before any
                    // number or address of the name before it on the line, that person's office.
                    let office_of_previous = after_separator
                        && name_on_line.is_some_and(|e| {
                            !toks[e + 1..k].iter().any(|t| {
                                t.shape == Shape::Number
                                    || t.is_punct(text, '@')
                                    || t.is_punct(text, '+')
                            })
                        });
                    if !is_org && !office_of_previous {
                        add(k, last, None, &mut found);
                        name_on_line = Some(last);
                    }
                    k = last + 1;
                    continue;
                }
            }
            k += 1;
        }
    }
    // Later mentions of a full name found once.
    let mut names: Vec<String> = found
        .iter()
        .map(|(r, _, _)| collapse(&text[r.clone()]))
        .collect();
    // A surname after a title (`Fr. Magbanua`, `Mayor Whitcombe`) names the person found in
    // full whose last word it is.
    for k in 0..names.len() {
        if names[k].contains(' ') {
            continue;
        }
        let full = names.iter().find(|n| {
            n.len() > names[k].len()
                && n.ends_with(names[k].as_str())
                && n.as_bytes()[n.len() - names[k].len() - 1] == b' '
        });
        if let Some(full) = full.cloned() {
            names[k] = full;
        }
    }
    let mut out: Vec<Entity> = Vec::new();
    let mut best_role: HashMap<String, String, KeyHash> = HashMap::default();
    for ((_, role, _), n) in found.iter().zip(&names) {
        if let Some(role) = role {
            best_role.entry(n.clone()).or_insert_with(|| role.clone());
        }
    }
    let mut seen: Vec<Range<usize>> = Vec::new();
    for ((r, role, title), n) in found.into_iter().zip(&names) {
        if !claim(&mut seen, &r) {
            continue;
        }
        let role = role.or_else(|| best_role.get(n).cloned());
        let e = Entity::new(Kind::Person, r, n.clone())
            .text_attr("role", role)
            .text_attr("title", title);
        out.push(e);
    }
    // The names, each once, in the order found: a release names a handful of people, so a scan
    // (first words compared) beats hashing every capitalised word.
    // Each with the length of its first word.
    let mut distinct: Vec<(&String, usize)> = Vec::new();
    for n in &names {
        if !distinct.iter().any(|(d, _)| *d == n) {
            distinct.push((n, n.find(' ').unwrap_or(n.len())));
        }
    }
    for i in toks.marks() {
        if distinct.is_empty() {
            break;
        }
        if toks[i].shape != Shape::Capitalised {
            continue;
        }
        let w = toks[i].text(text);
        let starts_with_w = |&&(n, first): &&(&String, usize)| {
            first == w.len() && n.as_bytes()[0] == w.as_bytes()[0] && &n[..first] == w
        };
        for &(n, _) in distinct.iter().filter(starts_with_w) {
            let Some(last) = match_words(text, toks, i, n.split(' ')) else {
                continue;
            };
            let r = toks[i].range.start..toks[last].range.end;
            if in_org(&r) || !claim(&mut seen, &r) {
                continue;
            }
            out.push(
                Entity::new(Kind::Person, r, n.clone())
                    .text_attr("role", best_role.get(n).cloned()),
            );
        }
    }
    later_mentions_by_one_word(
        text, toks, &distinct, &best_role, &mut seen, &in_org, &mut out,
    );
    out.sort_by_key(|e| e.range.start);
    out
}

/// Whether tokens `i..=last`, a first name and the words after it, are a person's name rather
/// than the start of an organisation, a place or a date (`Sierra Leone`, `Santa Cruz`).
fn plain_name(text: &str, toks: &[Token], i: usize, last: usize) -> bool {
    let first_end = toks[i].range.end;
    if super::gazetteer::place_at(text, &toks[i]).is_some_and(|end| end > first_end) {
        return false;
    }
    toks[i + 1..=last].iter().all(|t| {
        t.shape != Shape::Capitalised
            || t.flags & (HEAD | TWO_WORD_HEAD | MONTH | WEEKDAY) == 0
                && !KNOWN_MAP.contains_key(t.text(text))
                && super::gazetteer::place_at(text, t).is_none()
    })
}

/// Takes `r` for a mention unless it overlaps one taken before.
fn claim(seen: &mut Vec<Range<usize>>, r: &Range<usize>) -> bool {
    if seen.iter().any(|s| s.start < r.end && r.start < s.end) {
        return false;
    }
    seen.push(r.clone());
    true
}

/// Later mentions of a person found once by one word of the name, the first or the last
/// (`Amina`, `Saleh`): a capitalised word alone (no capitalised word beside it), outside
/// organisations, naming one person only.
fn later_mentions_by_one_word(
    text: &str,
    toks: &Tokens,
    distinct: &[(&String, usize)],
    best_role: &HashMap<String, String, KeyHash>,
    seen: &mut Vec<Range<usize>>,
    in_org: &dyn Fn(&Range<usize>) -> bool,
    out: &mut Vec<Entity>,
) {
    // A surname with its particle (`de Vos` of `Margriet de Vos`, `Gómez de Ávila` of `Luis
    // Eduardo Gómez de Ávila`): the words from a particle, or from the first surname before it,
    // to the end; matched before the one-word mentions, which would take `Vos` alone.
    for &(n, _) in distinct {
        let parts: Vec<&str> = n.split(' ').collect();
        let is_particle = |w: &str| {
            let lower = w.to_lowercase();
            lists::name_particles().contains(&lower.as_str())
                || matches!(lower.as_str(), "al" | "ben" | "bin" | "abu")
        };
        let lookup = crate::lexicon::Lookup::new();
        for p in 1..parts.len().saturating_sub(1) {
            let from_particle = is_particle(parts[p]) && (p == 1 || !is_particle(parts[p - 1]));
            let from_surname = p >= 2
                && !is_particle(parts[p])
                && lookup.flags(parts[p]) & FIRST_NAME == 0
                && is_particle(parts[p + 1]);
            if !from_particle && !from_surname {
                continue;
            }
            // The whole tail; from a particle, also the particle and one surname (`De León` of
            // `Carlos Enrique de León Girón`), the particle capitalised at a sentence start.
            let whole = &parts[p..];
            let q = (p..parts.len())
                .find(|&q| !is_particle(parts[q]))
                .unwrap_or(parts.len() - 1);
            let short = &parts[p..=q];
            let tails: &[&[&str]] = if from_particle && short.len() < whole.len() {
                &[whole, short]
            } else {
                &[whole]
            };
            for tail in tails {
                // Every token, not the marks only: a particle is in lower case.
                for i in 0..toks.len() {
                    let w = toks[i].text(text);
                    let same_first = w == tail[0]
                        || from_particle
                            && w.len() == tail[0].len()
                            && w.eq_ignore_ascii_case(tail[0]);
                    if !same_first {
                        continue;
                    }
                    let Some(last) = match_words(text, toks, i + 1, tail[1..].iter().copied())
                        .or((tail.len() == 1).then_some(i))
                    else {
                        continue;
                    };
                    let r = toks[i].range.start..toks[last].range.end;
                    if in_org(&r) || !claim(seen, &r) {
                        continue;
                    }
                    out.push(
                        Entity::new(Kind::Person, r, n.clone())
                            .text_attr("role", best_role.get(n).cloned()),
                    );
                }
            }
        }
    }
    let mut words: Vec<(&str, &String)> = Vec::new();
    for &(n, _) in distinct {
        let parts: Vec<&str> = n.split(' ').collect();
        if parts.len() < 2 {
            continue;
        }
        // A Spanish name's first surname (`Ortega` of `Juan Carlos Ortega Vidal`).
        let middle = parts[1..parts.len() - 1]
            .iter()
            .rev()
            .find(|w| crate::lexicon::Lookup::new().flags(w) & FIRST_NAME == 0);
        for w in [parts[0], parts[parts.len() - 1]]
            .into_iter()
            .chain(middle.copied())
        {
            if w.len() > 2 && w.chars().next().is_some_and(char::is_uppercase) {
                words.push((w, n));
            }
        }
    }
    // A word that two names share names neither.
    let shared: Vec<&str> = words
        .iter()
        .filter(|(w, n)| words.iter().any(|(w2, n2)| w2 == w && n2 != n))
        .map(|(w, _)| *w)
        .collect();
    words.retain(|(w, _)| !shared.contains(w));
    if words.is_empty() {
        return;
    }
    for i in toks.marks() {
        let t = &toks[i];
        if t.shape != Shape::Capitalised || t.has(NOT_NAME_FLAG) {
            continue;
        }
        let w = t.text(text);
        let Some(&(_, n)) = words.iter().find(|(x, _)| *x == w) else {
            continue;
        };
        let capital = |k: usize| {
            toks.get(k).is_some_and(|x| {
                matches!(x.shape, Shape::Capitalised | Shape::Upper) && !x.has(NOT_NAME_FLAG)
            })
        };
        // A capital word beside it on the same line makes another name of it.
        let joined_before = i > 0 && capital(i - 1) && !t.line_start;
        let joined_after = capital(i + 1) && !toks[i + 1].line_start;
        let alone = !joined_before && !joined_after;
        let r = t.range.clone();
        if !alone || in_org(&r) || !claim(seen, &r) {
            continue;
        }
        out.push(
            Entity::new(Kind::Person, r, n.clone()).text_attr("role", best_role.get(n).cloned()),
        );
    }
}

/// The last token of `words` written from token `i`, if they are.
fn match_words<'w>(
    text: &str,
    toks: &[Token],
    i: usize,
    words: impl Iterator<Item = &'w str>,
) -> Option<usize> {
    let mut last = None;
    for (k, w) in words.enumerate() {
        if toks.get(i + k)?.text(text) != w {
            return None;
        }
        last = Some(i + k);
    }
    last
}

/// `, chef de mission de l'OIM en Colombie` after the name ending at token `last`: the role, up
/// to the end of the clause.
fn role_after(text: &str, toks: &[Token], last: usize) -> Option<String> {
    role_span(text, toks, last).map(|r| collapse(&text[r]))
}

/// Where [`role_after`]'s role is written.
fn role_span(text: &str, toks: &[Token], last: usize) -> Option<Range<usize>> {
    let comma = toks.get(last + 1)?;
    if !comma.is_punct(text, ',') {
        return None;
    }
    let first = toks.get(last + 2)?;
    if first.shape == Shape::Punct || first.shape == Shape::Number || first.range.len() > 32 {
        return None;
    }
    let mut buf = [0u8; 32];
    let word = super::tokens::lower_into(first.text(text), &mut buf)?;
    if !ROLE_SET.contains(&word) {
        return None;
    }
    let mut end = last + 2;
    let mut j = last + 3;
    while j < toks.len() && j - last < 24 {
        let t = &toks[j];
        let w = t.text(text);
        if t.shape == Shape::Punct && !matches!(w, "'" | "’" | "-" | "&") {
            break;
        }
        if SAID_PHRASES.at(text, toks, j).is_some() {
            break;
        }
        // A label or a number starts the next part of a contact line.
        if t.shape == Shape::Number || is_label(w) {
            break;
        }
        end = j;
        j += 1;
    }
    Some(first.range.start..toks[end].range.end)
}

/// A word list as a set, for one hash per lookup instead of a scan; most words are turned away
/// before hashing by their first byte and length.
struct WordSet {
    words: std::collections::HashSet<&'static str, KeyHash>,
    /// Per first byte, the byte lengths (bits 0..63) of the words that start with it.
    lengths: [u64; 256],
}

impl WordSet {
    fn new(words: impl IntoIterator<Item = &'static str>) -> WordSet {
        let words: std::collections::HashSet<&'static str, KeyHash> =
            words.into_iter().filter(|w| !w.is_empty()).collect();
        let mut lengths = [0u64; 256];
        for w in &words {
            lengths[usize::from(w.as_bytes()[0])] |= 1 << w.len().min(63);
        }
        WordSet { words, lengths }
    }

    fn contains(&self, w: &&str) -> bool {
        let Some(&first) = w.as_bytes().first() else {
            return false;
        };
        self.lengths[usize::from(first)] & (1 << w.len().min(63)) != 0 && self.words.contains(*w)
    }
}

/// The first words of roles (`data/lexicon/roles.txt`).
static ROLE_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(lists::roles().iter().copied()));

/// Whether a token is the first word of a role (`Officer`, `coordinateur`), in any case.
fn role_word(text: &str, t: Option<&Token>) -> bool {
    let Some(t) = t else {
        return false;
    };
    let mut buf = [0u8; 32];
    matches!(t.shape, Shape::Capitalised | Shape::Lower)
        && super::tokens::lower_into(t.text(text), &mut buf).is_some_and(|w| ROLE_SET.contains(&w))
}

fn name_word(t: &Token) -> bool {
    t.shape == Shape::Capitalised && !t.has(NOT_NAME_FLAG) && t.range.len() > 1
}

/// A person's name starting at token `i`: 2 to 4 capitalised words (with particles between),
/// the last allowed lower-case when `lenient` (a contact line written carelessly). Returns the
/// index of its last token.
fn name_at(text: &str, toks: &[Token], i: usize, lenient: bool) -> Option<usize> {
    // A title is no part of the name (`Ratu`, `Cllr`): the title's own case finds what follows.
    if !toks.get(i).is_some_and(|t| name_word(t) && !t.has(TITLE)) {
        return None;
    }
    let (mut last, mut words) = (i, 1);
    let mut j = i + 1;
    while j < toks.len() && words < 4 {
        let t = &toks[j];
        if t.line_start {
            break;
        }
        if arabic_particle(text, t)
            && toks
                .get(j + 1)
                .is_some_and(|n| name_word(n) && !n.line_start)
        {
            // `Sidi Mohamed Ould Cheikh Ahmed`, `Fatimetou Mint Abdallahi`: a particle of
            // filiation inside the name is not one of its words.
            j += 1;
        } else if name_word(t) {
            last = j;
            words += 1;
            j += 1;
        } else if t.shape == Shape::Lower
            && matches!(t.text(text), "épouse" | "née" | "veuve")
            && toks
                .get(j + 1)
                .is_some_and(|n| name_word(n) && !n.line_start)
        {
            // `Aya Bernadette N'Guessan épouse Koffi`: a married name is the name's.
            j += 1;
        } else if t.shape == Shape::Lower && lists::name_particles().contains(&t.text(text)) {
            // One particle or two (`de`, `van der`), then a name word.
            // `de La Roche`: the second particle may be written with a capital.
            let two = toks.get(j + 1).is_some_and(|n| {
                n.shape == Shape::Lower && lists::name_particles().contains(&n.text(text))
                    || capital_particle(text, n)
            });
            let k = if two { j + 2 } else { j + 1 };
            if !toks.get(k).is_some_and(|n| name_word(n) && !n.line_start) {
                // `Belén Posada del Migrante`: a particle before a capitalised word that is no
                // name makes an institution's name of the whole.
                if toks.get(k).is_some_and(|n| {
                    n.shape == Shape::Capitalised && n.has(NOT_NAME_FLAG) && !n.line_start
                }) {
                    return None;
                }
                break;
            }
            j = k;
        } else if initial(text, toks, j) {
            // `Jonathan P. Barrows`: a middle initial with its dot, before the surname.
            j += 2;
        } else if upper_surname(text, toks, i, j, lenient) {
            // `Salma BENJELLOUN`: a surname in capitals after a first name, or on a contact line.
            last = j;
            words += 1;
            j += 1;
        } else if words >= 1 && capital_particle(text, t) {
            // `Fatima-Zahra El Ouazzani`, `Lotte De Smet`: a particle written with a capital;
            // not before a place (`Météo-France La Réunion`).
            if !toks.get(j + 1).is_some_and(|n| {
                name_word(n) && !n.line_start && super::gazetteer::place_at(text, n).is_none()
            }) {
                break;
            }
            j += 1;
        } else if let Some(close) = nickname(text, toks, j) {
            // `Maria Teresa "Tess" dela Peña`: a nickname in quotes inside the name, when the
            // name goes on after it.
            let next = toks.get(close + 1);
            if !next.is_some_and(|n| {
                !n.line_start
                    && (name_word(n)
                        || n.shape == Shape::Lower
                            && lists::name_particles().contains(&n.text(text)))
            }) {
                break;
            }
            j = close + 1;
        } else if lenient
            && words == 1
            && toks[i].has(FIRST_NAME)
            && t.shape == Shape::Lower
            && t.text(text).len() > 2
        {
            // `Jorge gallo`: only right after a contact cue.
            let next = toks.get(j + 1);
            if next.is_none_or(|n| n.shape == Shape::Punct || n.line_start) {
                last = j;
                words += 1;
            }
            break;
        } else {
            break;
        }
    }
    // `Ernesto Villegas Jr.`: the dot of `Jr.` is the name's.
    if words >= 2
        && toks[last].text(text) == "Jr"
        && toks
            .get(last + 1)
            .is_some_and(|d| d.is_punct(text, '.') && d.range.start == toks[last].range.end)
    {
        last += 1;
    }
    (words >= 2).then_some(last)
}

/// Particles as they are written with a capital inside a name (`El`, `De`, `Ben`); the words
/// of the lower-case list capitalised, and the Arabic and Dutch ones written so.
fn capital_particle(text: &str, t: &Token) -> bool {
    if t.shape != Shape::Capitalised || t.range.len() > 4 {
        return false;
    }
    let w = t.text(text);
    let mut buf = [0u8; 8];
    let Some(lower) = super::tokens::lower_into(w, &mut buf) else {
        return false;
    };
    lists::name_particles().contains(&lower)
        || matches!(lower, "al" | "ben" | "bin" | "abu")
        || arabic_particle(text, t)
}

/// A particle in lower case (`de`, `van`).
fn lower_particle(text: &str, t: &Token) -> bool {
    t.shape == Shape::Lower && lists::name_particles().contains(&t.text(text))
}

/// A surname written with its particles from token `k` (`de Vos`, `van der Kolk`): the index
/// of its last token.
fn surname_with_particle(text: &str, toks: &[Token], k: usize) -> Option<usize> {
    let mut j = k;
    while toks.get(j).is_some_and(|t| lower_particle(text, t)) && j < k + 2 {
        j += 1;
    }
    if j == k || toks[j - 1].line_start && j - 1 != k {
        return None;
    }
    let t = toks.get(j)?;
    (name_word(t) && !t.line_start).then_some(j)
}

/// Whether token `j`, inside a name starting at token `i`, is its surname in capitals
/// (`BENJELLOUN`): upper case, letters only, three or more, no known acronym or organisation's
/// head word, after a known first name or on a contact line.
fn upper_surname(text: &str, toks: &[Token], i: usize, j: usize, lenient: bool) -> bool {
    let t = &toks[j];
    if t.shape != Shape::Upper || t.line_start || !(lenient || toks[i].has(FIRST_NAME)) {
        return false;
    }
    let w = t.text(text);
    w.chars().count() >= 3
        && w.chars().all(char::is_alphabetic)
        && !t.has(HEAD | TWO_WORD_HEAD | NOT_NAME_FLAG)
        && !KNOWN_MAP.contains_key(w)
}

/// A nickname in quotes at token `j` (`"Tess"`): the index of the closing quote.
fn nickname(text: &str, toks: &[Token], j: usize) -> Option<usize> {
    let open = toks.get(j)?;
    let (word, close) = (toks.get(j + 1)?, toks.get(j + 2)?);
    let quote = |t: &Token, qs: &[&str]| t.shape == Shape::Punct && qs.contains(&t.text(text));
    (quote(open, &["\"", "“", "«"])
        && name_word(word)
        && !word.line_start
        && quote(close, &["\"", "”", "»"]))
    .then_some(j + 2)
}

/// An apposition between commas after the name ending at token `last`, then an attribution:
/// `Johaira Macabando Sultan, its chairman, said`, `Rocío Balarezo Gallo, de Encuentros, indicó`,
/// `…, Johaira Macabando Sultan, said`.
fn said_after_apposition(text: &str, toks: &Tokens, last: usize) -> bool {
    if !toks.get(last + 1).is_some_and(|t| t.is_punct(text, ',')) {
        return false;
    }
    if said_at(text, toks, last + 2) {
        return true;
    }
    let mut j = last + 2;
    while j < toks.len() && j <= last + 10 {
        let t = &toks[j];
        if t.line_start {
            return false;
        }
        if t.is_punct(text, ',') {
            return j > last + 2 && said_at(text, toks, j + 1);
        }
        if t.shape == Shape::Punct && !matches!(t.text(text), "'" | "’" | "-") {
            return false;
        }
        j += 1;
    }
    false
}

/// A middle initial at token `j` inside a name: one capital letter, its dot right after it, and
/// a name word after that on the same line (`Jonathan P. Barrows`).
fn initial(text: &str, toks: &[Token], j: usize) -> bool {
    let (Some(letter), Some(dot), Some(next)) = (toks.get(j), toks.get(j + 1), toks.get(j + 2))
    else {
        return false;
    };
    matches!(letter.shape, Shape::Upper | Shape::Capitalised)
        && letter.range.len() == 1
        && !letter.line_start
        && dot.is_punct(text, '.')
        && dot.range.start == letter.range.end
        && name_word(next)
        && !next.line_start
}

/// `Marites Cabalquinto, 52, a fish vendor`: the name ending at token `last` followed by an
/// age between commas.
fn with_age(text: &str, toks: &[Token], last: usize) -> bool {
    let age = |t: &Token| {
        t.shape == Shape::Number
            && t.text(text)
                .parse::<u8>()
                .is_ok_and(|n| (1..=110).contains(&n))
    };
    toks.get(last + 1).is_some_and(|t| t.is_punct(text, ','))
        && toks.get(last + 2).is_some_and(age)
        && toks
            .get(last + 3)
            .is_some_and(|t| t.is_punct(text, ',') || t.is_punct(text, ')'))
}

/// A role before the name starting at token `i`, in the same clause and ending with a comma:
/// `Le gouverneur de la région de l'Est, Paul-Émile Ndongo Essomba, a annoncé`, `señaló el
/// gerente regional de Desarrollo Social, Wilber Néstor Apaza Condori.` The name must end its
/// clause (a comma, a full stop, a bracket) and not be a place or an organisation's start.
fn role_before(text: &str, toks: &[Token], i: usize, last: usize) -> bool {
    if i < 2 || !toks[i - 1].is_punct(text, ',') || toks[i].line_start {
        return false;
    }
    let ends_clause = toks.get(last + 1).is_none_or(|t| {
        t.line_start || matches!(t.text(text), "," | "." | ";" | ")" | "(" | "—" | "–")
    });
    if !ends_clause || !plain_name(text, toks, i, last) || toks[i].has(HEAD) {
        return false;
    }
    let mut j = i - 1;
    while j > 0 && i - j <= 12 {
        j -= 1;
        let t = &toks[j];
        if t.shape == Shape::Punct && !matches!(t.text(text), "'" | "’" | "-") {
            return false;
        }
        if t.shape == Shape::Lower && role_word(text, Some(t)) {
            return true;
        }
        if t.line_start {
            return false;
        }
    }
    false
}

/// The name of a byline starting at token `k`, after `By`, `Par` or `Por` at the start of a
/// line: the name alone on its line, or followed by a comma, a bar, a dash or a role (`Staff
/// Writer`, `Correspondant`).
fn byline(text: &str, toks: &[Token], k: usize) -> Option<usize> {
    let last = name_at(text, toks, k, false)?;
    let next = toks.get(last + 1);
    next.is_none_or(|n| {
        n.line_start
            || matches!(n.text(text), "," | "|" | "/" | "–" | "—" | "-" | "(")
            || n.shape == Shape::Capitalised && (n.has(NOT_NAME_FLAG) || role_word(text, Some(n)))
    })
    .then_some(last)
}

/// A particle of filiation written with a capital inside a name (`Ould`, `Mint`, `Ibn`,
/// `Bint`, `Ag`): never a name's first word.
fn arabic_particle(text: &str, t: &Token) -> bool {
    t.shape == Shape::Capitalised && matches!(t.text(text), "Ould" | "Mint" | "Ibn" | "Bint" | "Ag")
}

/// An attribution at token `j` after a name (`a déclaré`, `said`), not one that comes before
/// the source it names (`selon`, `según`, `according to`): `Santa Rosa del Yacuma, según el
/// reporte` says nothing of a person.
fn said_at(text: &str, toks: &Tokens, j: usize) -> bool {
    SAID_PHRASES.at(text, toks, j).is_some()
        && !toks.get(j).is_some_and(|t| {
            matches!(
                t.text(text),
                "selon" | "Selon" | "según" | "Según" | "according" | "According"
            )
        })
}
