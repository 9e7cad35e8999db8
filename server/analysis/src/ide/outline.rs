//! The outline of a document (its entities grouped by type) and the ranges an editor colours.

use std::ops::Range;

use super::Analysis;
use crate::entities::{Entity, Kind, Value};
use crate::text::collapse;

/// One group of the outline: the entities of one type, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineGroup {
    pub kind: Kind,
    /// `People (3)`.
    pub name: String,
    /// From the first entity's start to the last one's end.
    pub range: Range<usize>,
    /// The first entity's range.
    pub selection: Range<usize>,
    pub items: Vec<OutlineItem>,
}

/// One entity in the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineItem {
    pub kind: Kind,
    /// As written (spaces collapsed); a contact record by its name.
    pub name: String,
    /// Its normalised value, role, office or suggestion, when it has one.
    pub detail: Option<String>,
    pub range: Range<usize>,
}

/// The outline: one group per type that has entities, in the order of [`Kind::ALL`].
pub fn outline(analysis: &Analysis) -> Vec<OutlineGroup> {
    let text = analysis.text();
    let entities = analysis.entities();
    let mut groups = Vec::new();
    for kind in Kind::ALL {
        let items: Vec<OutlineItem> = entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| OutlineItem {
                kind,
                name: if kind == Kind::Contact {
                    e.normalized.clone()
                } else {
                    collapse(&text[e.range.clone()])
                },
                detail: detail(e),
                range: e.range.clone(),
            })
            .filter(|item| !item.name.is_empty())
            .collect();
        let Some(first) = items.first() else {
            continue;
        };
        let start = items.iter().map(|i| i.range.start).min().unwrap_or(0);
        let end = items.iter().map(|i| i.range.end).max().unwrap_or(0);
        groups.push(OutlineGroup {
            kind,
            name: format!("{} ({})", plural(kind), items.len()),
            range: start..end,
            selection: first.range.clone(),
            items,
        });
    }
    groups
}

/// The name of a group of entities of one type.
pub(super) fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "People",
        Kind::Organisation => "Organisations",
        Kind::Place => "Places",
        Kind::Money => "Amounts",
        Kind::Date => "Dates",
        Kind::Email => "Emails",
        Kind::Phone => "Phones",
        Kind::Contact => "Contacts",
    }
}

/// A short description of an entity for the outline and search.
fn detail(e: &Entity) -> Option<String> {
    let mut parts = Vec::new();
    if e.kind != Kind::Person && e.kind != Kind::Contact {
        parts.push(e.normalized.clone());
    }
    for key in ["role", "office", "suggestion"] {
        if let Some(Value::Text(t)) = e.attribute(key) {
            parts.push(t.to_string());
        }
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The entity types an editor colours, in the order of its legend. Contact records are not
/// coloured: they span lines and hold the others.
pub const HIGHLIGHT_KINDS: [Kind; 7] = [
    Kind::Person,
    Kind::Organisation,
    Kind::Place,
    Kind::Money,
    Kind::Date,
    Kind::Email,
    Kind::Phone,
];

/// A range to colour as an entity of `kind`; never across a line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub range: Range<usize>,
    pub kind: Kind,
}

/// The ranges to colour, in order, without overlaps: one per entity and line (an entity nested
/// in or overlapping the previous one is left out).
pub fn highlights(analysis: &Analysis) -> Vec<Highlight> {
    let text = analysis.text();
    let mut out: Vec<Highlight> = Vec::new();
    for e in analysis.entities() {
        if !HIGHLIGHT_KINDS.contains(&e.kind) {
            continue;
        }
        if out.last().is_some_and(|h| h.range.end > e.range.start) {
            continue;
        }
        let mut start = e.range.start;
        for (i, c) in text[e.range.clone()].char_indices() {
            if c == '\n' || c == '\r' {
                let at = e.range.start + i;
                if at > start {
                    out.push(Highlight {
                        range: start..at,
                        kind: e.kind,
                    });
                }
                start = at + c.len_utf8();
            }
        }
        if e.range.end > start {
            out.push(Highlight {
                range: start..e.range.end,
                kind: e.kind,
            });
        }
    }
    out
}
