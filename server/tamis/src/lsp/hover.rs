//! `textDocument/hover`: the card `tamis_analysis::ide` builds, in LSP terms.

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::convert::Snapshot;
use super::Job;
use tamis_analysis::ide::{self, FilesNaming};

pub fn hover(job: &Job, position: Position, files_naming: FilesNaming<'_>) -> Option<Hover> {
    let analysis = job.analysis();
    let snap = Snapshot::of(&analysis, job.encoding);
    let card = ide::hover(&analysis, snap.offset(position), files_naming)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: card.markdown,
        }),
        range: Some(snap.range(&card.range)),
    })
}
