//! Places no list has, found by the shape of the text around them rather than by their name:
//!
//! - a list where one item is a place makes its capitalised siblings places (`à Goma, Minova
//!   et Sake`, `the Dalori and Bakassi camps`): releases list the villages of one area
//!   together, and a gazetteer never has them all;
//! - a capitalised generic word of a natural feature with its name (`Lake Assal`, `Isle of
//!   Sheppey`, `Ono Island`, `Valle de Sula`, `Nahr el-Kébir`, `Red River Valley`): the whole is
//!   the place, the generic word alone is none (`Valle` is also a town of Honduras).
//!
//! An unknown word is taken only when it is in none of the lexicon's lists (first names,
//! months, common words of the three languages, organisation heads…) and outside the people's
//! and organisations' names.

use std::ops::Range;

use super::super::tokens::{Shape, Tokens, JOINED};
use super::super::Entity;
use super::{listed_together, place, tokens_after, MONTH_OR_DAY};

/// Articles that start a place's name (`Les Cayes`, `Las Raíces`, `El Amra`): the lexicon
/// knows them as common words.
const ARTICLES: &[&str] = &["Les", "La", "Le", "Las", "Los", "El", "Al", "The", "Lo"];

/// Whether token `i` may be part of a name no list has: capitalised and in no list of the
/// lexicon (the first word may be an article).
fn unknown_word(text: &str, tokens: &Tokens, i: usize, first: bool) -> bool {
    let t = &tokens[i];
    if t.shape != Shape::Capitalised || t.has(MONTH_OR_DAY) {
        return false;
    }
    t.flags & !JOINED == 0 || first && ARTICLES.contains(&t.text(text))
}

/// The last token of a capitalised name that starts at token `k`: capitalised words one space
/// apart, with `de`, `del`, `du`, `la` between two of them, at most five tokens. `None` when the
/// name would be an article alone.
fn name_end(text: &str, tokens: &Tokens, k: usize) -> Option<usize> {
    if !unknown_word(text, tokens, k, true) {
        return None;
    }
    let mut j = k;
    while j + 1 < tokens.len() && j - k < 4 {
        let n = &tokens[j + 1];
        if n.line_start || n.range.start != tokens[j].range.end + 1 {
            break;
        }
        if unknown_word(text, tokens, j + 1, false) {
            j += 1;
        } else if matches!(n.text(text), "de" | "del" | "la" | "du")
            && tokens.get(j + 2).is_some_and(|m| {
                !m.line_start
                    && m.range.start == n.range.end + 1
                    && unknown_word(text, tokens, j + 2, false)
            })
        {
            j += 2;
        } else {
            break;
        }
    }
    (j > k || !ARTICLES.contains(&tokens[k].text(text))).then_some(j)
}

/// Whether a place may be added at `range`: not inside a person's or organisation's name, and
/// not over a place already found.
fn free(
    range: &Range<usize>,
    inside: &dyn Fn(&Range<usize>) -> bool,
    out: &[Entity],
    text: &str,
) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(super::is_word)
        && !after.is_some_and(super::is_word)
        && !inside(range)
        && !out
            .iter()
            .any(|e| e.range.start < range.end && range.start < e.range.end)
}

/// Separators of a list between two names: a comma, `et`, `and`, `y`, `e`, `ou`, `or`, `o`,
/// and a repeated `de` (`de Qobayat et de Bebnine`).
fn separator(w: &str) -> bool {
    matches!(
        w,
        "," | "et" | "and" | "y" | "e" | "ou" | "or" | "o" | "de" | "d" | "du" | "'" | "’"
    )
}

/// The capitalised siblings of the places in `out`, and the ambiguous names of `pending`
/// listed with a place, until no more are found (`à Adré, Koufroun et Goungour`: Koufroun
/// makes Goungour a place).
pub(super) fn along_lists(
    text: &str,
    tokens: &Tokens,
    inside: &dyn Fn(&Range<usize>) -> bool,
    pending: &mut Vec<Entity>,
    out: &mut Vec<Entity>,
) {
    loop {
        let mut found: Vec<Entity> = Vec::new();
        pending.retain(|p| {
            let listed = out
                .iter()
                .chain(&found)
                .any(|o| listed_together(text, &o.range, &p.range));
            if listed {
                found.push(p.clone());
            }
            !listed
        });
        for e in out.iter() {
            for range in [
                next_in_list(text, tokens, &e.range),
                previous_in_list(text, tokens, &e.range),
            ]
            .into_iter()
            .flatten()
            {
                if listed_together(text, &e.range, &range)
                    && free(&range, inside, out, text)
                    && free(&range, &|_| false, &found, text)
                {
                    found.push(place(text, range, "region", ""));
                }
            }
        }
        if found.is_empty() {
            break;
        }
        out.extend(found);
        out.sort_by_key(|e| e.range.start);
    }
}

/// The name after a place and a list separator (`Koufroun` in `Adré, Koufroun`).
fn next_in_list(text: &str, tokens: &Tokens, r: &Range<usize>) -> Option<Range<usize>> {
    let mut i = tokens_after(tokens, r.end);
    let first = i;
    while i < tokens.len() && i - first < 4 && separator(tokens[i].text(text)) {
        i += 1;
    }
    if i == first || i >= tokens.len() || tokens[i].line_start {
        return None;
    }
    let j = name_end(text, tokens, i)?;
    // After a comma alone, the list must go on (`Adré, Koufroun et Goungour`): a name after
    // a comma may be an apposition (`au Liban, Étienne Aubert, a visité`) or a tag.
    let comma_only = i == first + 1 && tokens[first].is_punct(text, ',');
    if comma_only {
        let mut n = j + 1;
        let seps = n;
        while n < tokens.len() && n - seps < 4 && separator(tokens[n].text(text)) {
            n += 1;
        }
        let goes_on = n > seps
            && tokens
                .get(n)
                .is_some_and(|t| !t.line_start && t.shape == Shape::Capitalised);
        if !goes_on {
            return None;
        }
    }
    Some(tokens[i].range.start..tokens[j].range.end)
}

/// The name before a place and a list separator (`Dalori` in `the Dalori and Bakassi camps`),
/// after a word in lower case (not a sentence's first word).
fn previous_in_list(text: &str, tokens: &Tokens, r: &Range<usize>) -> Option<Range<usize>> {
    let k = tokens_after(tokens, r.start);
    let mut i = k.checked_sub(1)?;
    let mut seps = 0;
    while separator(tokens[i].text(text)) && seps < 3 {
        seps += 1;
        i = i.checked_sub(1)?;
    }
    if seps == 0 || tokens[k].line_start {
        return None;
    }
    let comma_only = seps == 1 && tokens[i + 1].is_punct(text, ',');
    // The name's first token: back over capitalised words one space apart (at most three).
    let end = i;
    let mut start = i;
    while start > 0
        && end - start < 2
        && unknown_word(text, tokens, start - 1, true)
        && !tokens[start].line_start
        && tokens[start - 1].range.end + 1 == tokens[start].range.start
    {
        start -= 1;
    }
    let before = start.checked_sub(1).map(|b| &tokens[b])?;
    if tokens[start].line_start || before.shape != Shape::Lower {
        return None;
    }
    // `in Rarotonga, Cook Islands`: before a comma alone, only after a preposition of place.
    if comma_only && !super::PLACE_PREPOSITIONS.contains(&before.text(text)) {
        return None;
    }
    let last = name_end(text, tokens, start)?;
    (last == end).then(|| tokens[start].range.start..tokens[end].range.end)
}

/// Nouns of a settlement or an area in an apposition after its name (`Obock, a fishing town`).
const APPOSITION_NOUNS: &[&str] = &[
    "village",
    "town",
    "city",
    "island",
    "district",
    "province",
    "region",
    "port",
    "ville",
    "localité",
    "commune",
    "île",
    "région",
    "bourgade",
    "pueblo",
    "ciudad",
    "comuna",
    "isla",
    "localidad",
    "aldea",
    "municipio",
    "comunidad",
    "community",
    "settlement",
];

/// Articles and small words that may come between the comma and the noun.
const APPOSITION_ARTICLES: &[&str] = &["a", "an", "the", "un", "une", "una", "la", "le", "el"];

/// `Obock, a fishing town of 20,000`, `Colchane, una comuna de 1.700 habitantes`, `Sake, une
/// petite ville`: a name followed by a comma, an article and (after at most two other words in
/// lower case) a noun of a settlement is a place; and so is every other mention of a name the
/// release has made a place this way or another (`Palanca` in the headline).
pub(super) fn appositions_and_mentions(
    text: &str,
    tokens: &Tokens,
    inside: &dyn Fn(&Range<usize>) -> bool,
    out: &mut Vec<Entity>,
) {
    let mut found: Vec<Entity> = Vec::new();
    for k in 0..tokens.len() {
        let Some(j) = name_end(text, tokens, k) else {
            continue;
        };
        // The whole name: not its end (`Chiquito` of `Bajo Chiquito`).
        if k > 0 && after_a_capitalised_word(text, tokens, k) {
            continue;
        }
        let comma = tokens.get(j + 1);
        if !comma.is_some_and(|c| c.is_punct(text, ',') && c.range.start == tokens[j].range.end) {
            continue;
        }
        let Some(article) = tokens.get(j + 2) else {
            continue;
        };
        if article.line_start || !APPOSITION_ARTICLES.contains(&article.text(text)) {
            continue;
        }
        let noun = (j + 3..j + 6).find(|&n| {
            tokens
                .get(n)
                .is_some_and(|t| !t.line_start && APPOSITION_NOUNS.contains(&t.text(text)))
        });
        let all_lower = noun.is_some_and(|n| (j + 3..n).all(|m| tokens[m].shape == Shape::Lower));
        if !all_lower {
            continue;
        }
        let range = tokens[k].range.start..tokens[j].range.end;
        if free(&range, inside, out, text) && free(&range, &|_| false, &found, text) {
            found.push(place(text, range, "region", ""));
        }
    }
    out.extend(found);
    // Every other mention of the names found without a list (those with a country stay with
    // their cue: `Mobile` once a place is not `Mobile:` of a contact line).
    let names: Vec<&str> = out
        .iter()
        .filter(|e| e.attribute("country").is_none() && e.attribute("dateline").is_none())
        .map(|e| &text[e.range.clone()])
        .filter(|n| n.chars().next().is_some_and(char::is_uppercase) && n.len() > 3)
        .collect();
    let mut more: Vec<Entity> = Vec::new();
    for k in 0..tokens.len() {
        let Some(j) = name_end(text, tokens, k) else {
            continue;
        };
        let range = tokens[k].range.start..tokens[j].range.end;
        if k > 0 && after_a_capitalised_word(text, tokens, k) {
            continue;
        }
        if names.contains(&&text[range.clone()])
            && free(&range, inside, out, text)
            && free(&range, &|_| false, &more, text)
        {
            more.push(place(text, range, "region", ""));
        }
    }
    out.extend(more);
    out.sort_by_key(|e| e.range.start);
}

/// Whether token `k` comes one space after a capitalised word (a longer name's end).
fn after_a_capitalised_word(text: &str, tokens: &Tokens, k: usize) -> bool {
    let p = &tokens[k - 1];
    !tokens[k].line_start
        && p.range.end + 1 == tokens[k].range.start
        && text[p.range.end..tokens[k].range.start] == *" "
        && matches!(p.shape, Shape::Capitalised | Shape::Upper)
}

/// Capitalised generic words of a natural feature written before its name (`Lake Assal`), with
/// the word that may join them (`Isle of Sheppey`, `Valle de Sula`).
const HEADS_BEFORE: &[(&str, &str)] = &[
    ("Lake", ""),
    ("Lac", ""),
    ("Lago", ""),
    ("Mount", ""),
    ("Mont", ""),
    ("Monte", ""),
    ("Isle", "of"),
    ("Isla", "de"),
    ("Valle", "de"),
    ("Valle", "del"),
    ("Vallée", "de"),
    ("Nahr", ""),
    ("Wadi", ""),
    ("Oued", ""),
    ("Ras", ""),
    ("Cape", ""),
    ("Gulf", "of"),
    ("Bay", "of"),
];

/// Capitalised generic words of a natural feature written after its name (`Ono Island`).
const HEADS_AFTER: &[&str] = &["Island", "Islands", "Valley", "Lake", "Mountains", "Desert"];

/// `Lake Assal`, `Isle of Sheppey`, `Nahr el-Kébir`, `Ono Island`, `Red River Valley`: the
/// generic word and the name are one place; a place found inside it (`Valle`, `Nahr`) gives way.
pub(super) fn natural_features(
    text: &str,
    tokens: &Tokens,
    inside: &dyn Fn(&Range<usize>) -> bool,
    out: &mut Vec<Entity>,
) {
    let mut found = Vec::new();
    for k in 0..tokens.len() {
        let t = &tokens[k];
        if t.shape != Shape::Capitalised {
            continue;
        }
        let w = t.text(text);
        let mut range = None;
        for &(head, join) in HEADS_BEFORE.iter().filter(|(h, _)| *h == w) {
            let mut n = k + 1;
            if !join.is_empty() {
                if tokens.get(n).is_none_or(|j| j.text(text) != join) {
                    continue;
                }
                n += 1;
            }
            let Some(first) = tokens.get(n) else { continue };
            if first.line_start || first.range.start != tokens[n - 1].range.end + 1 {
                continue;
            }
            // `Nahr el-Kébir`, `Wadi al-Hasa`: an Arabic article joined to the name.
            let end = if first.shape == Shape::Lower
                && first.has(JOINED)
                && ["el-", "al-", "an-", "ash-"]
                    .iter()
                    .any(|a| first.text(text).starts_with(a))
            {
                Some(n)
            } else if first.shape == Shape::Capitalised && !first.has(MONTH_OR_DAY) {
                // Any capitalised name: the head says it is a place (`Lake Victoria` is known,
                // `Lake Lanao` is not).
                let mut j = n;
                while j + 1 < tokens.len()
                    && j - n < 2
                    && tokens[j + 1].shape == Shape::Capitalised
                    && !tokens[j + 1].line_start
                    && tokens[j + 1].range.start == tokens[j].range.end + 1
                {
                    j += 1;
                }
                Some(j)
            } else {
                None
            };
            if let Some(end) = end {
                let _ = head;
                range = Some(t.range.start..tokens[end].range.end);
                break;
            }
        }
        if range.is_none() && HEADS_AFTER.contains(&w) && k > 0 {
            // Back over the capitalised words before it (at most three), after a word in lower
            // case: `on Ono Island`, `the Red River Valley`.
            let mut s = k;
            while s > 0
                && k - s < 3
                && tokens[s - 1].shape == Shape::Capitalised
                && !tokens[s].line_start
                && tokens[s - 1].range.end + 1 == tokens[s].range.start
            {
                s -= 1;
            }
            let lower_before =
                s > 0 && tokens[s - 1].shape == Shape::Lower && !tokens[s].line_start;
            if s < k && lower_before {
                range = Some(tokens[s].range.start..t.range.end);
            }
        }
        let Some(range) = range else { continue };
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        if before.is_some_and(super::is_word) || after.is_some_and(super::is_word) || inside(&range)
        {
            continue;
        }
        // Places inside it give way; a place that crosses its edges or holds it stays.
        let crosses = out.iter().any(|e| {
            e.range.start < range.end
                && range.start < e.range.end
                && !(e.range.start >= range.start && e.range.end <= range.end)
        });
        let same = out.iter().any(|e| e.range == range);
        if crosses || same {
            continue;
        }
        found.push(range);
    }
    for range in found {
        out.retain(|e| !(e.range.start >= range.start && e.range.end <= range.end));
        out.push(place(text, range, "region", ""));
    }
    out.sort_by_key(|e| e.range.start);
}

#[cfg(test)]
mod tests {
    fn places(text: &str) -> Vec<&str> {
        let toks = super::super::super::tokens::tokenize(text);
        super::super::find(text, &toks, &[], &[])
            .iter()
            .map(|e| &text[e.range.clone()])
            .collect()
    }

    #[test]
    fn siblings_of_a_place_in_a_list_are_places() {
        assert_eq!(
            places("Ils ont fui à Goma, Zelvoru et Tambarik."),
            ["Goma", "Zelvoru", "Tambarik"]
        );
        assert_eq!(
            places("left the Zelvoru and Maiduguri roads"),
            ["Zelvoru", "Maiduguri"]
        );
        assert_eq!(places("de Qarnel et de Kenya"), ["Qarnel", "Kenya"]);
        assert_eq!(
            places("à Dakar, Les Quarvins et Zorvane."),
            ["Dakar", "Les Quarvins", "Zorvane"]
        );
    }

    #[test]
    fn list_siblings_that_are_no_places() {
        // A first name, a common word, a month, a sentence's first word.
        assert_eq!(places("à Dakar et Marie"), ["Dakar"]);
        assert_eq!(places("in Kenya and January"), ["Kenya"]);
        assert_eq!(places("Zelvoru and Kenya"), ["Kenya"]);
        assert_eq!(places("à Dakar, Les"), ["Dakar"]);
        // Not across a sentence end.
        assert_eq!(places("à Dakar. Zelvoru et"), ["Dakar"]);
    }

    #[test]
    fn a_comma_alone_is_a_list_only_when_it_goes_on() {
        assert_eq!(places("au Kenya, Zelvoru Tambarik, a visité"), ["Kenya"]);
        assert_eq!(places("Tags : Kenya, Tambarik"), ["Kenya"]);
        assert_eq!(
            places("in Zelvoru, Cook Islands"),
            ["Zelvoru", "Cook Islands"]
        );
        assert_eq!(places("said Zelvoru, Cook Islands"), ["Cook Islands"]);
    }

    #[test]
    fn appositions_and_later_mentions() {
        assert_eq!(
            places("Zelvoru today. They sleep around Zelvoru, a fishing town of 20,000."),
            ["Zelvoru", "Zelvoru"]
        );
        assert_eq!(
            places("cerca de Tambarik, una comuna de 1.700 habitantes"),
            ["Tambarik"]
        );
        // Not the end of a longer name (`Bajo`, a Spanish word, starts no unknown name).
        assert_eq!(
            places("en Bajo Zelvoru, la primera comunidad"),
            Vec::<&str>::new()
        );
        // An apposition of a person, not a settlement.
        assert_eq!(places("said Zelvoru, a fishing expert"), Vec::<&str>::new());
    }

    #[test]
    fn natural_features_with_their_generic_word() {
        assert_eq!(places("near Lake Qarnel."), ["Lake Qarnel"]);
        assert_eq!(places("on the Isle of Zelvoru"), ["Isle of Zelvoru"]);
        assert_eq!(places("on Zelvoru Island today"), ["Zelvoru Island"]);
        assert_eq!(places("dans le Valle de Sula"), ["Valle de Sula"]);
        assert_eq!(places("le fleuve Nahr el-Kébir"), ["Nahr el-Kébir"]);
        // A generic word alone, or before a month, is no place.
        assert_eq!(places("the Lake is"), Vec::<&str>::new());
        assert_eq!(places("Lake March"), Vec::<&str>::new());
    }
}
