//! Entities in the editor: hover cards, the outline (`textDocument/documentSymbol`), search
//! across the indexed corpus (`workspace/symbol`) and colours (`textDocument/semanticTokens`).

use std::collections::HashMap;
use std::fmt::Write;
use std::path::PathBuf;

use tower_lsp_server::ls_types::{
    DocumentSymbol, Location, Range, SemanticToken, SemanticTokenType, SemanticTokens,
    SemanticTokensLegend, SymbolInformation, SymbolKind, Uri,
};

use super::convert::Snapshot;
use super::Job;
use crate::positions::Encoding;
use tamis_analysis::config::Settings;
use tamis_analysis::entities::{extract_text, Entity, Kind, Value};
use tamis_analysis::{Context, Finding};

/// The semantic token types, one per entity type (contact records are not coloured: they span
/// lines and hold the others). Themes style them as `person`, `organisation`, … (VS Code:
/// `editor.semanticTokenColorCustomizations`; Neovim: `@lsp.type.person`, …).
pub const TOKEN_TYPES: [Kind; 7] = [
    Kind::Person,
    Kind::Organisation,
    Kind::Place,
    Kind::Money,
    Kind::Date,
    Kind::Email,
    Kind::Phone,
];

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES
            .iter()
            .map(|k| SemanticTokenType::new(k.as_str()))
            .collect(),
        token_modifiers: Vec::new(),
    }
}

/// An entity of a corpus file, as the index keeps it.
#[derive(Debug, Clone)]
pub struct Indexed {
    pub kind: Kind,
    pub text: String,
    pub normalized: String,
    pub range: Range,
}

/// The entities of a corpus file, for the index.
pub fn index_file(text: &str, settings: &Settings, encoding: Encoding) -> Vec<Indexed> {
    let cx = Context {
        settings,
        model: None,
    };
    indexed(text, &extract_text(text, cx), encoding)
}

/// Entities as the index keeps them.
pub fn indexed(text: &str, entities: &[Entity], encoding: Encoding) -> Vec<Indexed> {
    let snap = Snapshot::new(text, encoding);
    entities
        .iter()
        .map(|e| Indexed {
            kind: e.kind,
            text: collapse(&text[e.range.clone()]),
            range: snap.range(&e.range),
            normalized: e.normalized.clone(),
        })
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How many indexed files name an entity.
pub fn files_naming(index: &HashMap<PathBuf, Vec<Indexed>>, kind: Kind, normalized: &str) -> usize {
    index
        .values()
        .filter(|es| {
            es.iter()
                .any(|e| e.kind == kind && e.normalized == normalized)
        })
        .count()
}

fn symbol_kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Person => SymbolKind::OBJECT,
        Kind::Organisation => SymbolKind::CLASS,
        Kind::Place => SymbolKind::NAMESPACE,
        Kind::Money => SymbolKind::NUMBER,
        Kind::Date => SymbolKind::EVENT,
        Kind::Email => SymbolKind::STRING,
        Kind::Phone => SymbolKind::KEY,
        Kind::Contact => SymbolKind::STRUCT,
    }
}

fn plural(kind: Kind) -> &'static str {
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

/// The outline: one group per type, its entities inside, in reading order.
#[allow(deprecated)]
pub fn document_symbols(job: &Job) -> Vec<DocumentSymbol> {
    let snap = Snapshot::new(&job.text, job.encoding);
    let entities = job.entities();
    let mut groups = Vec::new();
    for kind in Kind::ALL {
        let children: Vec<DocumentSymbol> = entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| DocumentSymbol {
                name: if kind == Kind::Contact {
                    e.normalized.clone()
                } else {
                    collapse(&job.text[e.range.clone()])
                },
                detail: detail(e),
                kind: symbol_kind(kind),
                tags: None,
                deprecated: None,
                range: snap.range(&e.range),
                selection_range: snap.range(&e.range),
                children: None,
            })
            .filter(|s| !s.name.is_empty())
            .collect();
        let (Some(first), Some(last)) = (children.first(), children.last()) else {
            continue;
        };
        let start = children
            .iter()
            .map(|c| c.range.start)
            .min_by_key(|p| (p.line, p.character));
        let end = children
            .iter()
            .map(|c| c.range.end)
            .max_by_key(|p| (p.line, p.character));
        let range = Range::new(
            start.unwrap_or(first.range.start),
            end.unwrap_or(last.range.end),
        );
        groups.push(DocumentSymbol {
            name: format!("{} ({})", plural(kind), children.len()),
            detail: None,
            kind: SymbolKind::NAMESPACE,
            tags: None,
            deprecated: None,
            range,
            selection_range: first.selection_range,
            children: Some(children),
        });
    }
    groups
}

/// Entities of the indexed corpus and the open documents whose text or normalised value
/// contains `query` (case-insensitive), at most `limit`.
#[allow(deprecated)]
pub fn workspace_symbols(
    sources: impl Iterator<Item = (Uri, Vec<Indexed>)>,
    query: &str,
    limit: usize,
) -> Vec<SymbolInformation> {
    let query = query.to_lowercase();
    let mut out = Vec::new();
    for (uri, entities) in sources {
        for e in entities {
            if e.kind == Kind::Contact {
                continue;
            }
            let hit = query.is_empty()
                || e.text.to_lowercase().contains(&query)
                || e.normalized.to_lowercase().contains(&query);
            if !hit {
                continue;
            }
            out.push(SymbolInformation {
                name: e.text.clone(),
                kind: symbol_kind(e.kind),
                tags: None,
                deprecated: None,
                location: Location::new(uri.clone(), e.range),
                container_name: Some(format!("{} · {}", e.kind.as_str(), e.normalized)),
            });
            if out.len() >= limit {
                return out;
            }
        }
    }
    out
}

/// Semantic tokens of a document: one per entity (per line of it), no overlaps.
pub fn semantic_tokens(job: &Job) -> SemanticTokens {
    let snap = Snapshot::new(&job.text, job.encoding);
    let mut spans: Vec<(std::ops::Range<usize>, u32)> = Vec::new();
    for e in job.entities().iter() {
        let Some(t) = TOKEN_TYPES.iter().position(|k| *k == e.kind) else {
            continue;
        };
        if spans.last().is_some_and(|(r, _)| r.end > e.range.start) {
            continue; // nested in (or overlapping) the previous one
        }
        // One token per line of the entity.
        let mut start = e.range.start;
        for (i, c) in job.text[e.range.clone()].char_indices() {
            if c == '\n' || c == '\r' {
                let at = e.range.start + i;
                if at > start {
                    spans.push((start..at, t as u32));
                }
                start = at + c.len_utf8();
            }
        }
        if e.range.end > start {
            spans.push((start..e.range.end, t as u32));
        }
    }
    let mut data = Vec::with_capacity(spans.len());
    let (mut line, mut col) = (0u32, 0u32);
    for (r, t) in spans {
        let a = snap.position(r.start);
        let b = snap.position(r.end);
        let length = b.character.saturating_sub(a.character);
        if length == 0 || a.line != b.line {
            continue;
        }
        let delta_line = a.line - line;
        let delta_start = if delta_line == 0 {
            a.character - col
        } else {
            a.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: t,
            token_modifiers_bitset: 0,
        });
        line = a.line;
        col = a.character;
    }
    SemanticTokens {
        result_id: None,
        data,
    }
}

/// The hover card of an entity, `files` the number of indexed files that name it.
pub fn entity_card(text: &str, e: &Entity, files: Option<(usize, usize)>) -> String {
    let mut out = format!(
        "### {} `{}`\n\n| | |\n|---|---|\n| Normalised | `{}` |\n",
        capitalised(e.kind.as_str()),
        collapse(&text[e.range.clone()]),
        e.normalized
    );
    for (k, v) in &e.attributes {
        let value = match v {
            Value::Text(t) => t.to_string(),
            Value::List(l) => l.join(", "),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        };
        let _ = writeln!(out, "| {} | {} |", capitalised(&k.replace('_', " ")), value);
    }
    if let Some((n, total)) = files {
        let _ = writeln!(out, "\nNamed in {n} of the {total} indexed corpus files.");
    }
    out
}

/// The table of a document's entities, for a hover on its title line.
pub fn document_table(text: &str, entities: &[Entity]) -> String {
    let mut out = String::from("### Entities of this release\n\n| Type | Entities |\n|---|---|\n");
    for kind in Kind::ALL {
        // People, organisations and places as written; the others (and contact records, by
        // their name) as normalised.
        let mut unique: Vec<String> = Vec::new();
        for e in entities.iter().filter(|e| e.kind == kind) {
            let name = match kind {
                Kind::Person | Kind::Place | Kind::Organisation => collapse(&text[e.range.clone()]),
                _ => e.normalized.clone(),
            };
            if !unique.contains(&name) {
                unique.push(name);
            }
        }
        if !unique.is_empty() {
            let cells: Vec<String> = unique.iter().map(|n| n.replace('|', "\\|")).collect();
            let _ = writeln!(out, "| {} | {} |", plural(kind), cells.join(", "));
        }
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The title line: the first non-blank line no boilerplate finding covers.
pub fn title_line(text: &str, findings: &[Finding]) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.trim_end_matches(['\n', '\r']).len();
        let content = line.trim().trim_start_matches('\u{feff}');
        let covered = findings.iter().any(|f| {
            f.code.starts_with("boilerplate") && f.range.start <= start && end <= f.range.end
        });
        if !content.is_empty() && !covered {
            return Some(start..end);
        }
        start += line.len();
    }
    None
}
