//! Entities in the editor: the outline (`textDocument/documentSymbol`), search across the
//! indexed corpus (`workspace/symbol`) and colours (`textDocument/semanticTokens`), converted
//! from what `tamis_analysis::ide` computes.

use std::collections::HashMap;
use std::path::PathBuf;

use tower_lsp_server::ls_types::{
    DocumentSymbol, Location, Range, SemanticToken, SemanticTokenType, SemanticTokens,
    SemanticTokensLegend, SymbolInformation, SymbolKind, Uri,
};

use super::convert::Snapshot;
use super::Job;
use crate::positions::Encoding;
use tamis_analysis::check_and_extract;
use tamis_analysis::collapse;
use tamis_analysis::config::Settings;
use tamis_analysis::entities::{Entity, Kind};
use tamis_analysis::ide::{self, SymbolQuery, HIGHLIGHT_KINDS};
use tamis_analysis::Context;

/// The semantic token types, one per coloured entity type. Themes style them as `person`,
/// `organisation`, … (VS Code: `editor.semanticTokenColorCustomizations`; Neovim:
/// `@lsp.type.person`, …).
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: HIGHLIGHT_KINDS
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
    indexed(text, &check_and_extract(text, cx).1, encoding)
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

/// The outline: one group per type, its entities inside, in reading order.
#[allow(deprecated)]
pub fn document_symbols(job: &Job) -> Vec<DocumentSymbol> {
    let analysis = job.analysis();
    let snap = Snapshot::of(&analysis, job.encoding);
    ide::outline(&analysis)
        .into_iter()
        .map(|group| DocumentSymbol {
            name: group.name,
            detail: None,
            kind: SymbolKind::NAMESPACE,
            tags: None,
            deprecated: None,
            range: snap.range(&group.range),
            selection_range: snap.range(&group.selection),
            children: Some(
                group
                    .items
                    .into_iter()
                    .map(|item| DocumentSymbol {
                        name: item.name,
                        detail: item.detail,
                        kind: symbol_kind(item.kind),
                        tags: None,
                        deprecated: None,
                        range: snap.range(&item.range),
                        selection_range: snap.range(&item.range),
                        children: None,
                    })
                    .collect(),
            ),
        })
        .collect()
}

/// Entities of the indexed corpus and the open documents that match `query`, at most `limit`.
#[allow(deprecated)]
pub fn workspace_symbols(
    sources: impl Iterator<Item = (Uri, Vec<Indexed>)>,
    query: &str,
    limit: usize,
) -> Vec<SymbolInformation> {
    let query = SymbolQuery::new(query);
    let mut out = Vec::new();
    for (uri, entities) in sources {
        for e in entities {
            if !query.matches(e.kind, &e.text, &e.normalized) {
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

/// Semantic tokens of a document: the highlight ranges, relative to each other.
pub fn semantic_tokens(job: &Job) -> SemanticTokens {
    let analysis = job.analysis();
    let snap = Snapshot::of(&analysis, job.encoding);
    let mut data = Vec::new();
    let (mut line, mut col) = (0u32, 0u32);
    for h in ide::highlights(&analysis) {
        let Some(t) = HIGHLIGHT_KINDS.iter().position(|k| *k == h.kind) else {
            continue;
        };
        let a = snap.position(h.range.start);
        let b = snap.position(h.range.end);
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
            token_type: t as u32,
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
