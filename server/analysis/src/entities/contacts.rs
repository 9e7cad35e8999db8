//! Contact records: the blocks a contact cue opens (`Pour plus d'informations, veuillez
//! contacter :`), and in each, one record per person with their organisation, office, phones and
//! emails.

use std::sync::LazyLock;

use super::phrases::CUE_PHRASES;
use super::tokens::{Shape, Token, Tokens};
use super::{ByStart, Entity, Kind, Value};
use crate::lexicon::lists::{self, LabelUse};
use crate::lexicon::CUE_START;
use crate::text::collapse;

/// The tokens of a contact block: from its cue to the end of its paragraph, and on through the
/// paragraphs after it that read as more contacts (a list of contact blocks, one a paragraph).
pub struct Block {
    /// The first token after the cue.
    pub(super) first: usize,
    pub(super) last: usize,
    /// Whether the block's first words name the organisation of a press unit's heading
    /// (`Prensa Municipalidad de Posadas`): no person's name.
    pub(super) names_org: bool,
}

/// Whether the gap between two tokens holds a blank line.
fn blank_between(text: &str, a: &Token, b: &Token) -> bool {
    let gap = &text.as_bytes()[a.range.end..b.range.start];
    gap.iter().filter(|&&b| b == b'\n').count() >= 2
}

/// The most words (outside emails and phones) a paragraph after a contact block may hold to be
/// read as one more contact rather than prose: a name, a title, an office and labels.
const CONTACT_PARAGRAPH_WORDS: usize = 24;

/// The contact blocks of a text, in order. `contacts` are the ranges of its emails and phones,
/// in order of position: a paragraph that holds one and few other words goes on a block.
pub fn blocks(text: &str, toks: &Tokens, contacts: &[std::ops::Range<usize>]) -> Vec<Block> {
    let mut out = Vec::new();
    // The next token not yet in a block.
    let mut next = 0;
    for i in toks.marks() {
        if i < next {
            continue;
        }
        let mut names_org = false;
        let cued = toks[i].has(CUE_START);
        let cue_end = if cued {
            match CUE_PHRASES.at(text, toks, i) {
                Some(end) => end,
                None => continue,
            }
        } else if upper_heading(text, toks, i) {
            i
        } else if let Some(end) = heading_line(text, toks, i) {
            end
        } else if let Some(end) = press_heading(text, toks, i, contacts) {
            names_org = true;
            end
        } else {
            continue;
        };
        let mut first = cue_end + 1;
        // `Contact presse :`, `Contactos para medios:`: the words that say for whom the block
        // is, on the cue's line, are no part of a contact.
        // Words, not the start of an address (`Contact : presse@…`).
        while toks.get(first).is_some_and(|t| {
            t.is_punct(text, ':')
                || cued
                    && !t.line_start
                    && text[t.range.end..].starts_with([' ', '\t', ':', '\r', '\n', '\u{a0}'])
                    && FOR_THE_PRESS.contains(&t.text(text).to_lowercase().as_str())
        }) {
            first += 1;
        }
        if first >= toks.len() {
            break;
        }
        // The block goes on to a blank line or the end of the text…
        let mut last = paragraph_end(text, toks, first);
        // … and on through the paragraphs that are more contacts.
        while let Some(start) = (last + 1 < toks.len()).then_some(last + 1) {
            let end = paragraph_end(text, toks, start);
            if !contact_paragraph(text, &toks[start..=end], contacts) {
                break;
            }
            last = end;
        }
        out.push(Block {
            first,
            last,
            names_org,
        });
        next = last + 1;
    }
    out
}

/// Whether token `i` ends a heading in capitals that opens a contact block: `MEDIA CONTACTS`,
/// `CONTACTO`, alone on its line (in a menu, `CONTACT` shares its line with other entries).
fn upper_heading(text: &str, toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    if t.shape != Shape::Upper
        || !matches!(
            t.text(text),
            "CONTACT" | "CONTACTS" | "CONTACTO" | "CONTACTOS"
        )
    {
        return false;
    }
    // From the start of its line, upper-case words only.
    let mut k = i;
    while !toks[k].line_start {
        k -= 1;
        if toks[k].shape != Shape::Upper {
            return false;
        }
    }
    // Then the end of the line, after a colon at most.
    let mut n = i + 1;
    if toks.get(n).is_some_and(|x| x.is_punct(text, ':')) {
        n += 1;
    }
    toks.get(n).is_some_and(|x| x.line_start)
}

/// The headings that open a contact block without the word `contact` (`Más información:`,
/// `Media enquiries:`), lower case: alone on their line or before a colon, never inside prose
/// (`pour plus d'informations sur le programme, …`).
const HEADINGS: &[&str] = &[
    "pour plus d'informations",
    "plus d'informations",
    "informations",
    "relations presse",
    "for more information",
    "for further information",
    "more information",
    "media enquiries",
    "media inquiries",
    "for media enquiries",
    "for media inquiries",
    "press enquiries",
    "press inquiries",
    "más información",
    "para más información",
    "información para medios",
    "para entrevistas",
    "prensa",
];

/// Whether a line starting at token `i` is one of the [`HEADINGS`], alone or before a colon:
/// the index of its last token (the colon's, if any).
fn heading_line(text: &str, toks: &[Token], i: usize) -> Option<usize> {
    let t = &toks[i];
    if !t.line_start || !matches!(t.shape, Shape::Capitalised | Shape::Upper) {
        return None;
    }
    let mut j = i;
    while j + 1 < toks.len() && !toks[j + 1].line_start && !toks[j].is_punct(text, ':') && j < i + 6
    {
        j += 1;
    }
    let at_end = toks.get(j + 1).is_none_or(|n| n.line_start);
    let colon = toks[j].is_punct(text, ':');
    if !colon && !at_end {
        return None;
    }
    let words_end = if colon {
        toks[j].range.start
    } else {
        toks[j].range.end
    };
    let words = text[t.range.start..words_end]
        .trim()
        .replace('’', "'")
        .to_lowercase();
    HEADINGS.contains(&words.as_str()).then_some(j)
}

/// The words after a contact cue on its line that say the contacts are for the press
/// (`Contact presse`, `Contactos para medios`).
const FOR_THE_PRESS: &[&str] = &[
    "presse", "press", "prensa", "media", "médias", "medios", "para", "pour", "les", "de", "la",
    "for", "the",
];

/// The press units that head a contact and name its organisation on the same line:
/// `Prensa Municipalidad de Posadas`, `Service de presse Ville de Lyon`.
const PRESS_UNITS: &[&str] = &[
    "prensa",
    "oficina de prensa",
    "presse",
    "service de presse",
    "relations presse",
    "relations médias",
    "press",
    "press office",
    "media relations",
];

/// Whether the line starting at token `i` is a press unit's heading followed by the name of its
/// organisation (`Prensa Municipalidad de Posadas`) in a short paragraph that holds an address
/// or a number: the index of the unit's last word (the organisation opens the block).
fn press_heading(
    text: &str,
    toks: &[Token],
    i: usize,
    contacts: &[std::ops::Range<usize>],
) -> Option<usize> {
    let t = &toks[i];
    if !t.line_start || !matches!(t.shape, Shape::Capitalised | Shape::Upper) {
        return None;
    }
    // The line: a few words, no sentence.
    let mut line_end = i;
    while toks.get(line_end + 1).is_some_and(|n| !n.line_start) {
        line_end += 1;
    }
    if line_end - i > 10
        || toks[i..=line_end]
            .iter()
            .any(|t| t.is_punct(text, '.') || t.is_punct(text, ':'))
    {
        return None;
    }
    let words: Vec<String> = toks[i..=line_end.min(i + 2)]
        .iter()
        .map(|t| t.text(text).to_lowercase())
        .collect();
    let unit = (1..=words.len())
        .rev()
        .find(|&n| n <= line_end - i && PRESS_UNITS.contains(&words[..n].join(" ").as_str()))?;
    let name = &toks[i + unit];
    if !matches!(name.shape, Shape::Capitalised | Shape::Upper) {
        return None;
    }
    let end = paragraph_end(text, toks, i);
    contact_paragraph(text, &toks[line_end + 1..=end.max(line_end)], contacts)
        .then_some(i + unit - 1)
}

/// The last token of the paragraph that token `first` is in.
fn paragraph_end(text: &str, toks: &[Token], first: usize) -> usize {
    let mut last = first;
    for j in first + 1..toks.len() {
        if blank_between(text, &toks[j - 1], &toks[j]) {
            break;
        }
        last = j;
    }
    last
}

/// Whether a paragraph reads as one more contact of a list: an email, a phone or a national
/// number (`Julien Moreau – 06 71 22 48 90`), or a line of separators alone (`---`), and few
/// other words; not a sentence of prose after the contacts.
fn contact_paragraph(text: &str, para: &[Token], contacts: &[std::ops::Range<usize>]) -> bool {
    let (Some(a), Some(b)) = (para.first(), para.last()) else {
        return false;
    };
    let span = a.range.start..b.range.end;
    if para.iter().all(|t| t.shape == Shape::Punct) {
        return true;
    }
    let k = contacts.partition_point(|c| c.end <= span.start);
    let held: Vec<&std::ops::Range<usize>> = contacts[k..]
        .iter()
        .take_while(|c| c.start < span.end)
        .collect();
    if held.is_empty() && !super::national::holds_number(text, span.clone()) {
        return false;
    }
    let words = para
        .iter()
        .filter(|t| t.shape != Shape::Punct)
        .filter(|t| {
            !held
                .iter()
                .any(|c| c.start <= t.range.start && t.range.end <= c.end)
        })
        .count();
    words <= CONTACT_PARAGRAPH_WORDS
}

/// Whether a line holds only separators (`---`, `***`, `___`, `|`): it parts two contacts.
fn separator_line(text: &str, toks: &[Token], i: usize) -> bool {
    if !toks[i].line_start {
        return false;
    }
    let mut j = i;
    while j < toks.len() && (j == i || !toks[j].line_start) {
        if !(toks[j].shape == Shape::Punct
            && matches!(
                toks[j].text(text),
                "-" | "–" | "—" | "*" | "_" | "=" | "|" | "/" | "~"
            ))
        {
            return false;
        }
        j += 1;
    }
    true
}

/// The groups of a block's tokens, each a contact or several: its paragraphs, also parted by
/// lines of separators. Byte ranges.
fn groups(text: &str, toks: &[Token], block: &Block) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = toks[block.first].range.start;
    for j in block.first + 1..=block.last {
        if blank_between(text, &toks[j - 1], &toks[j]) || separator_line(text, toks, j) {
            out.push(start..toks[j - 1].range.end);
            start = toks[j].range.start;
        }
    }
    out.push(start..toks[block.last].range.end);
    out
}

/// The contact records of the blocks: a person, their organisation and office, phones, emails.
///
/// A block is read in groups (its paragraphs, and the parts that lines of separators make), and
/// a group in records, one per person with what follows them up to the next person: a list is
/// written name first, then title or office, phones and emails. An office alone on the lines
/// before a group's first name is that person's; an email whose address spells one person's name
/// (`jgallo@…` for Jorge Gallo) is theirs wherever it is written.
pub fn records(
    text: &str,
    toks: &[Token],
    blocks: &[Block],
    people: &[Entity],
    orgs: &[Entity],
    places: &[Entity],
    others: &[Entity],
) -> Vec<Entity> {
    let mut out = Vec::new();
    let (people, orgs, places, others) = (
        ByStart::new(people),
        ByStart::new(orgs),
        ByStart::new(places),
        ByStart::new(others),
    );
    let members_within = |span: &std::ops::Range<usize>| {
        member_iter(
            orgs.within(span.clone()),
            places.within(span.clone()),
            others.within(span.clone()),
        )
    };
    for block in blocks {
        let block_span = toks[block.first].range.start..toks[block.last].range.end;
        // (start, end, person) of each record of the block, in order.
        let mut parts: Vec<(usize, usize, Option<&Entity>)> = Vec::new();
        for span in groups(text, toks, block) {
            let persons: Vec<&Entity> = people.within(span.clone()).collect();
            let members: Vec<&Entity> = members_within(&span).collect();
            let mut starts: Vec<(usize, Option<&Entity>)> =
                persons.iter().map(|p| (p.range.start, Some(*p))).collect();
            match starts.first_mut() {
                None => starts.push((span.start, None)),
                Some(first) => {
                    let before: Vec<&&Entity> =
                        members.iter().filter(|m| m.range.start < first.0).collect();
                    let offices_only = before
                        .iter()
                        .all(|m| matches!(m.kind, Kind::Organisation | Kind::Place));
                    if before.is_empty() {
                        // The lines before the name, with no number or address, are the
                        // person's own (`Cabinet de l'échevine` on the line above, `FTDES :`
                        // before it on its line).
                        first.0 = span.start;
                    } else if offices_only {
                        // `OIM Haïti` on the line before `Michela Macchiavello`.
                        first.0 = span.start;
                    } else {
                        starts.insert(0, (span.start, None));
                    }
                }
            }
            // A person after the first starts at their line when the one before ended on an
            // earlier line: `Moldova Red Cross Society: Ion Bivol` is Ion Bivol's office.
            for k in 1..starts.len() {
                let (Some(p), Some(prev)) = (starts[k].1, starts[k - 1].1) else {
                    continue;
                };
                let line = text[..p.range.start].rfind('\n').map_or(0, |x| x + 1);
                if line > prev.range.end && line > starts[k - 1].0 {
                    starts[k].0 = line;
                }
            }
            for (k, &(start, person)) in starts.iter().enumerate() {
                let end = starts.get(k + 1).map_or(span.end, |s| s.0);
                split_nameless_line(text, &others, start, end, person, &mut parts);
            }
        }
        let members: Vec<&Entity> = members_within(&block_span).collect();
        let owner_of = |m: &Entity| -> Option<usize> {
            let at = parts
                .iter()
                .position(|&(s, e, _)| m.range.start >= s && m.range.end <= e)?;
            if m.kind != Kind::Email {
                return Some(at);
            }
            let local = m.normalized.split('@').next().unwrap_or("");
            if parts[at].2.is_some_and(|p| spells(local, &p.normalized)) {
                return Some(at);
            }
            let mut named = parts
                .iter()
                .enumerate()
                .filter(|(_, (_, _, p))| p.is_some_and(|p| spells(local, &p.normalized)));
            match (named.next(), named.next()) {
                (Some((k, _)), None) => Some(k),
                _ => Some(at),
            }
        };
        let owners: Vec<Option<usize>> = members.iter().map(|m| owner_of(m)).collect();
        for (k, &(start, end, person)) in parts.iter().enumerate() {
            let mine: Vec<&Entity> = members
                .iter()
                .zip(&owners)
                .filter(|(_, o)| **o == Some(k))
                .map(|(m, _)| *m)
                .collect();
            if person.is_none() && !press_office(text, start, end, &mine)
                || postal_address(text, start, end, &mine)
            {
                continue;
            }
            out.push(record(text, start, end, person, &mine));
        }
    }
    out
}

/// Whether a part without a name is a press contact: reachable by email, or a press unit
/// named on its lines (`Service de presse : 01 …`). A switchboard number beside a postal
/// address (`Commune d'Ixelles – Chaussée d'Ixelles 168 – Tél. 02 …`) is the organisation's
/// address, not a contact.
fn press_office(text: &str, start: usize, end: usize, mine: &[&Entity]) -> bool {
    if mine.iter().any(|m| m.kind == Kind::Email) {
        return true;
    }
    mine.iter().any(|m| m.kind == Kind::Phone)
        && text[start..end]
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| PRESS_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Whether a part without an address is an organisation's postal address with its switchboard
/// (`Harbour Relief Trust – 12 Harbour Street, London – Tel. …`): a street word beside a
/// number on one of its lines. A press contact gives an email where it gives a street.
fn postal_address(text: &str, start: usize, end: usize, mine: &[&Entity]) -> bool {
    if mine.iter().any(|m| m.kind == Kind::Email) {
        return false;
    }
    text[start..end].lines().any(|line| {
        let words: Vec<&str> = line
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.iter().enumerate().any(|(k, w)| {
            STREET_WORDS.contains(&w.to_lowercase().as_str())
                && words[k.saturating_sub(3)..(k + 4).min(words.len())]
                    .iter()
                    .any(|n| (1..=4).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
        })
    })
}

/// Words of a street's name (`rue`, `Street`, `calle`), in lower case.
const STREET_WORDS: &[&str] = &[
    "rue",
    "avenue",
    "boulevard",
    "chaussée",
    "quai",
    "impasse",
    "allée",
    "street",
    "road",
    "lane",
    "square",
    "calle",
    "avenida",
    "carrera",
    "paseo",
    "rua",
    "strasse",
    "straat",
];

/// Words that name a press unit.
const PRESS_WORDS: &[&str] = &[
    "presse",
    "press",
    "prensa",
    "media",
    "médias",
    "medios",
    "communication",
    "communications",
    "comunicación",
    "comunicaciones",
];

/// Pushes the part `start..end` of `person`, cut in two where a later line holds an email of
/// its own after the person's email: `Out of hours: media@… / +44 …` under a press officer's
/// lines is a nameless record, not theirs.
fn split_nameless_line<'e>(
    text: &str,
    others: &ByStart<'_>,
    start: usize,
    end: usize,
    person: Option<&'e Entity>,
    parts: &mut Vec<(usize, usize, Option<&'e Entity>)>,
) {
    let emails: Vec<&Entity> = others
        .within(start..end)
        .filter(|e| e.kind == Kind::Email)
        .collect();
    if let (Some(p), [first, second, ..]) = (person, emails.as_slice()) {
        let line = text[..second.range.start].rfind('\n').map_or(0, |x| x + 1);
        if line > first.range.end && line > p.range.end {
            parts.push((start, line, person));
            parts.push((line, end, None));
            return;
        }
    }
    parts.push((start, end, person));
}

/// The organisations, places, emails and phones a record may hold.
fn member_iter<'e>(
    orgs: impl Iterator<Item = &'e Entity>,
    places: impl Iterator<Item = &'e Entity>,
    others: impl Iterator<Item = &'e Entity>,
) -> impl Iterator<Item = &'e Entity> {
    orgs.chain(places)
        .chain(others.filter(|e| matches!(e.kind, Kind::Email | Kind::Phone)))
}

/// The record of `person` (if any) from `start` to `end`, holding `mine`.
fn record(
    text: &str,
    start: usize,
    end: usize,
    person: Option<&Entity>,
    mine: &[&Entity],
) -> Entity {
    let phones: Vec<String> = mine
        .iter()
        .filter(|m| m.kind == Kind::Phone)
        .map(|m| m.normalized.clone())
        .collect();
    let emails: Vec<String> = mine
        .iter()
        .filter(|m| m.kind == Kind::Email)
        .map(|m| m.normalized.clone())
        .collect();
    let org = mine.iter().find(|m| m.kind == Kind::Organisation);
    let office = mine
        .iter()
        .filter(|m| m.range.end <= end)
        .find(|m| matches!(m.kind, Kind::Organisation | Kind::Place))
        .map(|m| {
            // From the start of its line or comma-separated part: `Harbor Relief Nairobi`.
            // Not past the office itself: a dateline may overlap the person's name.
            let floor = person
                .filter(|p| p.range.end <= m.range.start)
                .map_or(start, |p| p.range.end)
                .min(m.range.start);
            let mut seg = text[floor..m.range.start]
                .rfind([',', '\n', ':', '|', '/', '('])
                .map_or(floor, |k| floor + k + 1);
            // Back over the capitalised words of the name before a comma inside it
            // (`Immigration, Refugees and Citizenship Canada`).
            while seg > floor && text[..seg].ends_with(',') {
                let from = text[floor..seg - 1]
                    .rfind([',', '\n', ':', '|', '/', '('])
                    .map_or(floor, |k| floor + k + 1);
                if !name_part(&text[from..seg - 1]) {
                    break;
                }
                seg = from;
            }
            // A job title before it is not the office (`Oficial de Comunicaciones OIM
            // Colombia`).
            let first_word = text[seg..m.range.start]
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .find(|w| !w.is_empty())
                .map(str::to_lowercase);
            if first_word.is_some_and(|w| lists::roles().contains(&w.as_str())) {
                seg = m.range.start;
            }
            // Not past the person's name when it follows the office on its line:
            // `OCHA Nigeria – Ruth Abiodun-Grey – …`.
            // Nor past an email or a phone after it: `SJM Tarapacá – prensa.norte@…`.
            let limit = person
                .filter(|p| p.range.start >= m.range.end)
                .map_or(end, |p| p.range.start.min(end));
            let limit = mine
                .iter()
                .filter(|x| matches!(x.kind, Kind::Email | Kind::Phone))
                .map(|x| x.range.start)
                .filter(|&s| s >= m.range.end)
                .fold(limit, usize::min);
            office_text(text, seg, limit)
        })
        .or_else(|| layout_office(text, start, end, person, mine));
    // From the person's name, or the office written before it; a record without a name from
    // where its group starts.
    let record_start = match person {
        Some(p) => mine
            .iter()
            .map(|m| m.range.start)
            .fold(p.range.start, usize::min),
        None => start,
    };
    let record_end = mine
        .iter()
        .map(|m| m.range.end)
        .chain(person.map(|p| p.range.end))
        .max()
        .unwrap_or(end);
    let name = person.map(|p| p.normalized.clone());
    let normalized = name
        .clone()
        .or_else(|| emails.first().cloned())
        .or_else(|| phones.first().cloned())
        .unwrap_or_default();
    let mut e = Entity::new(Kind::Contact, record_start..record_end, normalized)
        .text_attr("name", name)
        .text_attr("organisation", org.map(|o| o.normalized.clone()))
        .text_attr("office", office);
    if !phones.is_empty() {
        e = e.with("phones", Value::List(phones));
    }
    if !emails.is_empty() {
        e = e.with("emails", Value::List(emails));
    }
    e
}

/// Whether a part of a line before a comma is the start of an office written with commas
/// (`Immigration, Refugees and Citizenship Canada`, `Office of the Minister of Housing,
/// Infrastructure and Communities`): capitalised, a few words, no job title (`Chargée de
/// communication, OIM Niger`), no number or address.
fn name_part(part: &str) -> bool {
    let part = part.trim();
    part.chars().next().is_some_and(char::is_uppercase)
        && part.split_whitespace().count() <= 8
        && !part.contains(|c: char| c.is_ascii_digit() || c == '@' || c == '+')
        && !title(part)
}

/// Whether a text is a job title or a title before a name rather than an office: its first or
/// last word is a role (`Chargée de communication`, `Press Secretary`, `Media Relations`), or
/// every word is a title (`Hna.`).
fn title(part: &str) -> bool {
    let words: Vec<String> = part
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return true;
    };
    // An abbreviation alone (`Lic.`, `Ing.`, `Dra.`) is a title before a name.
    let abbreviation = words.len() == 1 && part.trim_end().ends_with('.') && first.len() <= 5;
    let roles = lists::roles();
    let role = |w: &String| roles.contains(&w.as_str()) || JOB_WORDS.contains(&w.as_str());
    abbreviation
        || role(first)
        || role(last)
        || words.iter().all(|w| {
            lists::titles()
                .iter()
                .any(|t| t.trim_end_matches('.').eq_ignore_ascii_case(w))
        })
}

/// Words of job titles on contact lines that the roles of appositions (`data/lexicon/roles.txt`)
/// leave out, in lower case.
const JOB_WORDS: &[&str] = &[
    "vocero",
    "vocera",
    "attaché",
    "attachée",
    "encargado",
    "encargada",
    "asociado",
    "asociada",
    "associate",
    "editor",
    "editora",
    "rédacteur",
    "rédactrice",
    "journalist",
    "periodista",
    "stagiaire",
    "intern",
    "pasante",
    "relations",
    "médias",
    "medios",
    "comunicación",
    "comunicaciones",
    "communication",
];

/// The most words an office read from the layout may have: more is a sentence.
const OFFICE_WORDS: usize = 12;

/// The office of a record whose lines name no organisation or place that tamis knows, from the
/// layout of the contact (`Name – Office`, `Name (Office)`, `Office: Name`, `Office` on the line
/// above the name or below it): the first text of the person's own lines that is neither the
/// name, a job title, a label, a number nor an address. For a record without a name, the first
/// line's text before its numbers, unless it is a label (`Out of hours:`).
fn layout_office(
    text: &str,
    start: usize,
    end: usize,
    person: Option<&Entity>,
    mine: &[&Entity],
) -> Option<String> {
    let contact_at = |a: usize, b: usize| -> Option<usize> {
        mine.iter()
            .filter(|m| matches!(m.kind, Kind::Email | Kind::Phone))
            .map(|m| m.range.start)
            .filter(|&s| a <= s && s < b)
            .min()
    };
    // The lines of the part, as byte ranges.
    let mut lines = Vec::new();
    let mut at = start;
    for l in text[start..end].split('\n') {
        lines.push(at..at + l.len());
        at += l.len() + 1;
    }
    // The text of a piece of a line, if it can be an office.
    let office_in = |a: usize, b: usize, label_colon: bool| -> Option<String> {
        let limit = contact_at(a, b).unwrap_or(b);
        let piece = &text[a..limit];
        if label_colon && piece.trim_end().ends_with(':') {
            return None;
        }
        let office = office_text(text, a, limit);
        let office = office.trim_matches(['(', ')', ' ']).to_string();
        let capitalised = office.chars().next().is_some_and(char::is_uppercase);
        let short = office.split_whitespace().count() <= OFFICE_WORDS;
        (capitalised && short && !title(&office)).then_some(office)
    };
    let Some(p) = person else {
        return lines.iter().find_map(|l| {
            (contact_at(l.start, l.end) != Some(l.start) && !text[l.clone()].trim().is_empty())
                .then(|| office_in(l.start, l.end, true))
                .flatten()
        });
    };
    let name_line = lines
        .iter()
        .position(|l| l.start <= p.range.start && p.range.start <= l.end)?;
    let line = &lines[name_line];
    // Before the name on its line: `FTDES : Hajer Ayadi`, `OIM México / Jorge …`.
    if let Some(o) = office_in(line.start, p.range.start, false) {
        return Some(o);
    }
    // After it, in the pieces its separators make: `Name – COMAR`, `Name (Belén …) – +52 …`.
    let rest = p.range.end..line.end;
    let mut from = rest.start;
    for piece in text[rest.clone()].split_inclusive([',', '–', '—', '|', '(', ')', ':', '/']) {
        let piece_end = from + piece.len();
        if contact_at(from, piece_end).is_some() {
            break;
        }
        let body = piece.trim_end_matches([',', '–', '—', '|', '(', ')', ':', '/']);
        let trimmed = body.trim();
        if lists::contact_labels(LabelUse::Office)
            .iter()
            .any(|l| trimmed.starts_with(l))
        {
            break;
        }
        if let Some(o) = office_in(from, from + body.len(), false) {
            return Some(o);
        }
        from = piece_end;
    }
    // The lines above the name, nearest first, then the lines below it up to its numbers.
    let above = lines[..name_line].iter().rev();
    let below = lines[name_line + 1..]
        .iter()
        .take_while(|l| contact_at(l.start, l.end).is_none());
    above
        .chain(below)
        .filter(|l| contact_at(l.start, l.end).is_none())
        .find_map(|l| office_in(l.start, l.end, true))
}

/// Whether an address's local part spells a person's name: their surname (`gallo`,
/// `j.gallo`, `jorge.gallo`), or their first name with their surname's initial (`jorgeg`);
/// letters compared without accents or case.
fn spells(local: &str, name: &str) -> bool {
    let fold = |s: &str| -> String {
        s.chars()
            .filter_map(|c| {
                let c = unaccent(c).to_ascii_lowercase();
                c.is_ascii_lowercase().then_some(c)
            })
            .collect()
    };
    let local = fold(local);
    let words: Vec<String> = name
        .split([' ', '-'])
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    if words.len() < 2 || local.len() < 3 {
        return false;
    }
    words[1..]
        .iter()
        .any(|w| w.len() >= 3 && local.contains(w.as_str()))
        || local.starts_with(first.as_str())
            && first.len() >= 3
            && local[first.len()..].starts_with(&last[..1])
}

/// A Latin letter without its accent (`é` → `e`); other characters as they are.
fn unaccent(c: char) -> char {
    match c {
        'à'..='å' | 'À'..='Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è'..='ë' | 'È'..='Ë' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò'..='ö' | 'Ò'..='Ö' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' => 'u',
        'ý' | 'ÿ' => 'y',
        _ => c,
    }
}

/// The office a contact line names: from its first organisation or place to the next label,
/// number or line break.
fn office_text(text: &str, start: usize, limit: usize) -> String {
    let (stops, first_bytes) = &*OFFICE_STOPS;
    let rest = &text[start..limit];
    // One pass: the first position where a stop starts.
    let end = rest
        .bytes()
        .enumerate()
        .filter(|(_, b)| first_bytes[usize::from(*b)])
        .find(|(i, _)| {
            stops
                .iter()
                .any(|s| rest.as_bytes()[*i..].starts_with(s.as_bytes()))
        })
        .map_or(rest.len(), |(i, _)| i);
    let office = rest[..end]
        .trim_end_matches([',', ';', ':', ' ', '\t', '\r', '/', '|', '–', '—', '-'])
        .trim_start_matches([' ', '\t', '–', '—', '-', '|', '/', ',', ';', ':']);
    // `at IOM Djibouti`, `at the IOM Regional Office`: the office without its preposition.
    let office = [
        "at the ", "at ", "the ", "À ", "à ", "In ", "in ", "En ", "en ",
    ]
    .iter()
    .find_map(|p| office.strip_prefix(p))
    .unwrap_or(office);
    collapse(office)
}

/// What ends the office of a contact line: a line break, a contact label of use `office` in
/// `data/lexicon/contact-labels.tsv`, the `+` of a number, a `"mailto` remnant; with the bytes
/// they start with.
static OFFICE_STOPS: LazyLock<(Vec<&'static str>, [bool; 256])> = LazyLock::new(|| {
    let stops: Vec<&'static str> = ["\n"]
        .into_iter()
        .chain(lists::contact_labels(LabelUse::Office).iter().copied())
        .chain(["+", "\"mailto", ")"])
        .collect();
    let mut first_bytes = [false; 256];
    for s in &stops {
        first_bytes[usize::from(s.as_bytes()[0])] = true;
    }
    (stops, first_bytes)
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_titles_and_honorifics_are_no_offices() {
        for t in [
            "Chargée de communication",
            "Press Secretary",
            "Media Relations",
            "Senior Media Manager",
            "Hna.",
            "Lic.",
            "porte-parole",
            "Vocera",
            "Attachée de presse",
            "",
        ] {
            assert!(title(t), "{t}");
        }
        for t in [
            "FTDES",
            "Cabinet de l'échevine de la Solidarité",
            "Office of the Minister of Immigration",
            "Belén Posada del Migrante",
        ] {
            assert!(!title(t), "{t}");
        }
    }

    #[test]
    fn the_start_of_an_office_before_a_comma() {
        for t in ["Immigration", "Office of the Minister of Housing"] {
            assert!(name_part(t), "{t}");
        }
        for t in [
            "Chargée de communication",
            "chef de projet",
            "Tel. +33 1 44 55 66 77",
            "a@b.org",
        ] {
            assert!(!name_part(t), "{t}");
        }
    }

    #[test]
    fn the_office_ends_at_a_label_a_number_or_a_line_break() {
        for (line, office) in [
            ("Agence Horizon Haïti Tel: 1", "Agence Horizon Haïti"),
            ("Agence Horizon, Téléphone 1", "Agence Horizon"),
            (
                "Harbor Relief Nairobi; Courriel : a@b.org",
                "Harbor Relief Nairobi",
            ),
            ("Oficina de Bogotá +57 1", "Oficina de Bogotá"),
            ("Oficina de Bogotá\nMobile", "Oficina de Bogotá"),
            ("Oficina  de\tBogotá", "Oficina de Bogotá"),
        ] {
            assert_eq!(office_text(line, 0, line.len()), office, "{line:?}");
        }
    }
}
