//! Contact records: the blocks a contact cue opens (`Pour plus d'informations, veuillez
//! contacter :`), and in each, one record per person with their organisation, office, phones and
//! emails.

use std::sync::LazyLock;

use super::phrases::CUE_PHRASES;
use super::tokens::{Token, Tokens};
use super::{Entity, Kind, Value};
use crate::lexicon::lists::{self, LabelUse};
use crate::lexicon::CUE_START;
use crate::text::collapse;

/// The tokens of a contact block: from its cue to the end of its paragraph.
pub struct Block {
    /// The first token after the cue.
    pub(super) first: usize,
    pub(super) last: usize,
}

/// The contact blocks of a text, in order.
pub fn blocks(text: &str, toks: &Tokens) -> Vec<Block> {
    let mut out = Vec::new();
    // The next token not yet in a block.
    let mut next = 0;
    for i in toks.marks() {
        if i < next || !toks[i].has(CUE_START) {
            continue;
        }
        let Some(cue_end) = CUE_PHRASES.at(text, toks, i) else {
            continue;
        };
        let mut first = cue_end + 1;
        while toks.get(first).is_some_and(|t| t.is_punct(text, ':')) {
            first += 1;
        }
        if first >= toks.len() {
            break;
        }
        // The block goes on to a blank line or the end of the text.
        let mut last = first;
        for j in first + 1..toks.len() {
            let gap = &text.as_bytes()[toks[j - 1].range.end..toks[j].range.start];
            if gap.iter().filter(|&&b| b == b'\n').count() >= 2 {
                break;
            }
            last = j;
        }
        out.push(Block { first, last });
        next = last + 1;
    }
    out
}

/// The contact records of the blocks: a person, their organisation and office, phones, emails.
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
    for block in blocks {
        let span = toks[block.first].range.start..toks[block.last].range.end;
        let within = |e: &&Entity| e.range.start >= span.start && e.range.end <= span.end;
        let persons: Vec<&Entity> = people.iter().filter(within).collect();
        let members: Vec<&Entity> = orgs
            .iter()
            .chain(places)
            .chain(
                others
                    .iter()
                    .filter(|e| matches!(e.kind, Kind::Email | Kind::Phone)),
            )
            .filter(within)
            .collect();
        // One record per person, with what follows them up to the next person.
        let mut starts: Vec<usize> = persons.iter().map(|p| p.range.start).collect();
        if starts
            .first()
            .is_none_or(|s| members.iter().any(|m| m.range.start < *s))
        {
            starts.insert(0, span.start);
        }
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(span.end);
            let person = persons.iter().find(|p| p.range.start == start);
            let mine: Vec<&&Entity> = members
                .iter()
                .filter(|m| m.range.start >= start && m.range.end <= end)
                .collect();
            if person.is_none() && mine.is_empty() {
                continue;
            }
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
                .find(|m| matches!(m.kind, Kind::Organisation | Kind::Place))
                .map(|m| {
                    // From the start of its line or comma-separated part: `Harbor Relief Nairobi`.
                    // Not past the office itself: a dateline may overlap the person's name.
                    let floor = person.map_or(start, |p| p.range.end).min(m.range.start);
                    let seg = text[floor..m.range.start]
                        .rfind([',', '\n', ':'])
                        .map_or(floor, |k| floor + k + 1);
                    office_text(text, seg, end)
                });
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
            let mut e = Entity::new(Kind::Contact, start..record_end, normalized)
                .text_attr("name", name)
                .text_attr("organisation", org.map(|o| o.normalized.clone()))
                .text_attr("office", office);
            if !phones.is_empty() {
                e = e.with("phones", Value::List(phones));
            }
            if !emails.is_empty() {
                e = e.with("emails", Value::List(emails));
            }
            out.push(e);
        }
    }
    out
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
    collapse(rest[..end].trim_end_matches([',', ';', ':', ' ', '\t', '\r']))
}

/// What ends the office of a contact line: a line break, a contact label of use `office` in
/// `data/lexicon/contact-labels.tsv`, the `+` of a number, a `"mailto` remnant; with the bytes
/// they start with.
static OFFICE_STOPS: LazyLock<(Vec<&'static str>, [bool; 256])> = LazyLock::new(|| {
    let stops: Vec<&'static str> = ["\n"]
        .into_iter()
        .chain(lists::contact_labels(LabelUse::Office).iter().copied())
        .chain(["+", "\"mailto"])
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
