//! Findings as people and scripts read them: rustc-style text and JSON.

use std::fmt::Write;
use std::path::Path;

use serde::Serialize;

use crate::positions::{Encoding, LineIndex, Position};
use tamis_analysis::{Finding, Fix};

/// A finding as `tamis check --format json` writes it.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    /// The file; absent for documents read from a stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub code: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    pub span: Span,
    pub range: Range,
    pub fix: Option<JsonFix<'a>>,
    /// The encoding the file was read in, when it is not UTF-8 (spans are then bytes of the
    /// file, the range positions in its decoded text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
}

impl JsonFinding<'_> {
    /// Points the spans into the file a decoded text came from, and names its encoding.
    pub fn in_file(mut self, decoded: &crate::workspace::encoding::Decoded) -> Self {
        let map = |s: &mut Span| {
            s.start = decoded.file_offset(s.start);
            s.end = decoded.file_offset(s.end);
        };
        map(&mut self.span);
        if let Some(fix) = &mut self.fix {
            for e in &mut fix.edits {
                map(&mut e.span);
            }
        }
        self.encoding = Some(decoded.name());
        self
    }
}

#[derive(Debug, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Serialize)]
pub struct Range {
    pub start: JsonPosition,
    pub end: JsonPosition,
}

#[derive(Debug, Serialize)]
pub struct JsonPosition {
    pub line: u32,
    pub character: u32,
}

impl From<Position> for JsonPosition {
    fn from(p: Position) -> Self {
        JsonPosition {
            line: p.line,
            character: p.character,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct JsonFix<'a> {
    pub title: &'a str,
    pub applicability: &'a str,
    pub edits: Vec<JsonEdit<'a>>,
}

#[derive(Debug, Serialize)]
pub struct JsonEdit<'a> {
    pub span: Span,
    pub new_text: &'a str,
}

/// The JSON object of one finding; positions count UTF-16 code units, as in LSP.
pub fn json_finding<'a>(
    path: Option<&Path>,
    text: &str,
    index: &LineIndex,
    f: &'a Finding,
) -> JsonFinding<'a> {
    let pos = |o| index.position(text, o, Encoding::Utf16).into();
    JsonFinding {
        path: path.map(|p| p.display().to_string()),
        code: f.code,
        severity: f.severity.as_str(),
        message: &f.message,
        span: Span {
            start: f.range.start,
            end: f.range.end,
        },
        range: Range {
            start: pos(f.range.start),
            end: pos(f.range.end),
        },
        fix: f.fix.as_ref().map(json_fix),
        encoding: None,
    }
}

fn json_fix(fix: &Fix) -> JsonFix<'_> {
    JsonFix {
        title: &fix.title,
        applicability: fix.applicability.as_str(),
        edits: fix
            .edits
            .iter()
            .map(|e| JsonEdit {
                span: Span {
                    start: e.range.start,
                    end: e.range.end,
                },
                new_text: &e.new_text,
            })
            .collect(),
    }
}

/// Characters of a source line shown around a finding, at most.
const WINDOW: usize = 100;

/// One finding in the style of rustc and ruff:
///
/// ```text
/// corpus/a.txt:31:20: warning[phone-malformed] Malformed phone number `+1876 968 0569`: …
///    |
/// 31 | Pour plus d'informations, veuillez contacter Rukiya Brown, OIM Kingston, Tel: +1876 968 0569
///    |                                                                               ^^^^^^^^^^^^^^
///    = fix (safe): Write `+1 876-968-0569`
/// ```
///
/// Lines and columns are 1-based and count characters.
pub fn human_finding(out: &mut String, path: &Path, text: &str, index: &LineIndex, f: &Finding) {
    let start = index.position(text, f.range.start, Encoding::Utf8);
    let end = index.position(text, f.range.end, Encoding::Utf8);
    let line_start = f.range.start - start.character as usize;
    let line_end = memchr::memchr2(b'\n', b'\r', &text.as_bytes()[line_start..])
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let col = line[..start.character as usize].chars().count();
    let _ = writeln!(
        out,
        "{}:{}:{}: {}[{}] {}",
        path.display(),
        start.line + 1,
        col + 1,
        f.severity.as_str(),
        f.code,
        f.message
    );
    // Show a window of the line around the finding, for very long lines.
    let chars: Vec<char> = line.chars().collect();
    let from = col.saturating_sub(WINDOW / 2);
    let to = (from + WINDOW).min(chars.len());
    let shown: String = chars[from..to].iter().collect();
    let prefix = if from > 0 { "…" } else { "" };
    let suffix = if to < chars.len() { "…" } else { "" };
    let marker_len = if end.line == start.line {
        text[f.range.clone()].chars().count().max(1)
    } else {
        chars.len().saturating_sub(col).max(1)
    }
    .min(to.saturating_sub(col).max(1));
    let gutter = (start.line + 1).to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{} | {prefix}{shown}{suffix}", start.line + 1);
    let _ = writeln!(
        out,
        "{pad} | {}{}{}",
        " ".repeat(prefix.chars().count() + col - from),
        "^".repeat(marker_len),
        if end.line > start.line {
            format!(" (through line {})", end.line + 1)
        } else {
            String::new()
        }
    );
    if let Some(fix) = &f.fix {
        let _ = writeln!(
            out,
            "{pad} = fix ({}): {}",
            fix.applicability.as_str(),
            fix.title
        );
    }
    out.push('\n');
}
