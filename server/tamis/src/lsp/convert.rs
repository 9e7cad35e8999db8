//! Findings and fixes in LSP terms. With [`crate::positions`], the only place that knows both
//! the analysis's byte offsets and the protocol's positions.

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    self as lsp, Diagnostic, DiagnosticSeverity, NumberOrString, TextEdit, Uri,
};

use crate::positions::{Encoding, LineIndex, Position};
use tamis_analysis::{Applicability, Edit, Finding, Severity};

/// A text and its line index, for converting many offsets.
pub struct Snapshot<'a> {
    pub text: &'a str,
    pub index: LineIndex,
    pub encoding: Encoding,
}

impl<'a> Snapshot<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        Snapshot {
            text,
            index: LineIndex::new(text),
            encoding,
        }
    }

    /// The snapshot of an analysed text, its line index taken from the lines the analysis cut
    /// when it kept them (the same starts [`LineIndex::new`] finds, a test checks).
    pub fn of(analysis: &'a tamis_analysis::ide::Analysis, encoding: Encoding) -> Self {
        let text = analysis.text();
        let index = match analysis.line_starts() {
            Some(starts) => LineIndex::from_starts(starts.clone()),
            None => LineIndex::new(text),
        };
        Snapshot {
            text,
            index,
            encoding,
        }
    }

    pub fn position(&self, offset: usize) -> lsp::Position {
        let p = self.index.position(self.text, offset, self.encoding);
        lsp::Position::new(p.line, p.character)
    }

    pub fn range(&self, range: &std::ops::Range<usize>) -> lsp::Range {
        lsp::Range::new(self.position(range.start), self.position(range.end))
    }

    pub fn offset(&self, p: lsp::Position) -> usize {
        self.index.offset(
            self.text,
            Position {
                line: p.line,
                character: p.character,
            },
            self.encoding,
        )
    }

    pub fn text_edit(&self, e: &Edit) -> TextEdit {
        TextEdit::new(self.range(&e.range), e.new_text.to_string())
    }
}

/// What a diagnostic carries in `data`: its fix, so that clients and code actions can apply it
/// without asking the analysis again.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DiagnosticData {
    pub fix: Option<FixData>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FixData {
    pub title: String,
    pub applicability: String,
    pub edits: Vec<TextEdit>,
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(snap: &Snapshot<'_>, f: &Finding) -> Diagnostic {
    let data = DiagnosticData {
        fix: f.fix.as_ref().map(|fix| FixData {
            title: fix.title.to_string(),
            applicability: fix.applicability.as_str().to_string(),
            edits: fix.edits.iter().map(|e| snap.text_edit(&e)).collect(),
        }),
    };
    Diagnostic {
        range: snap.range(&f.range),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.code.to_string())),
        source: Some("tamis".to_string()),
        message: f.message.to_string(),
        data: serde_json::to_value(data).ok(),
        ..Diagnostic::default()
    }
}

/// A workspace edit of one document.
pub fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> lsp::WorkspaceEdit {
    let mut changes = std::collections::HashMap::new();
    changes.insert(uri.clone(), edits);
    lsp::WorkspaceEdit {
        changes: Some(changes),
        ..lsp::WorkspaceEdit::default()
    }
}

pub fn is_safe(a: Applicability) -> bool {
    a == Applicability::Safe
}
