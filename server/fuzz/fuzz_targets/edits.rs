//! Incremental edits: any sequence of range changes applied to the server's rope document equals
//! the same changes applied to a plain string by an independent reference, in UTF-8 and UTF-16,
//! with positions anywhere (inside a character, past the end of a line or of the text).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tamis::lsp::documents::Document;
use tamis::positions::Encoding;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

#[derive(Arbitrary, Debug)]
struct Change {
    start: (u8, u8),
    end: (u8, u8),
    text: String,
    /// A whole-document replacement instead of a range.
    full: bool,
}

#[derive(Arbitrary, Debug)]
struct Input {
    utf16: bool,
    text: String,
    changes: Vec<Change>,
}

/// Line starts after `\n`, `\r\n` and a lone `\r`; the BOM is not part of line 0.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![if text.starts_with('\u{feff}') { 3 } else { 0 }];
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                starts.push(i + 2);
                i += 2;
                continue;
            }
            b'\r' | b'\n' => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

/// The byte offset a position names: past the end of a line is its end, past the last line is
/// the end of the text, inside a character is that character's start.
fn reference_offset(text: &str, line: u32, character: u32, utf16: bool) -> usize {
    let starts = line_starts(text);
    let Some(&start) = starts.get(line as usize) else {
        return text.len();
    };
    let rest = &text[start..];
    let content = &rest[..rest.find(['\r', '\n']).unwrap_or(rest.len())];
    let mut units = 0usize;
    for (i, c) in content.char_indices() {
        let width = if utf16 { c.len_utf16() } else { c.len_utf8() };
        if units + width > character as usize {
            return start + i;
        }
        units += width;
    }
    start + content.len()
}

fuzz_target!(|input: Input| {
    let encoding = if input.utf16 {
        Encoding::Utf16
    } else {
        Encoding::Utf8
    };
    let mut document = Document::new(&input.text, 1);
    let mut reference = input.text.clone();
    for change in input.changes.iter().take(64) {
        let event = TextDocumentContentChangeEvent {
            range: (!change.full).then(|| Range {
                start: Position::new(change.start.0.into(), change.start.1.into()),
                end: Position::new(change.end.0.into(), change.end.1.into()),
            }),
            range_length: None,
            text: change.text.clone(),
        };
        document.apply(&event, encoding);
        if change.full {
            reference = change.text.clone();
        } else {
            let a = reference_offset(
                &reference,
                change.start.0.into(),
                change.start.1.into(),
                input.utf16,
            );
            let b = reference_offset(
                &reference,
                change.end.0.into(),
                change.end.1.into(),
                input.utf16,
            );
            let b = b.max(a);
            reference.replace_range(a..b, &change.text);
        }
        assert_eq!(document.text(), reference, "after {change:?}");
    }
});
