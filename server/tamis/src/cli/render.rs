//! Findings as people and scripts read them: rustc-style text and JSON.

use std::path::Path;

use serde::Serialize;

use crate::positions::{Encoding, LineIndex, Position, Walk};
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
    /// Points the spans into the file a decoded text came from, and names its encoding. `tamis
    /// check` writes its JSON with [`write_json_finding`]; this is what its tests compare with.
    #[cfg(test)]
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
            .places()
            .map(|(range, new_text)| JsonEdit {
                span: Span {
                    start: range.start,
                    end: range.end,
                },
                new_text,
            })
            .collect(),
    }
}

/// Writes a finding as `serde_json::to_writer(json_finding(…))` (then [`JsonFinding::in_file`]
/// when `decoded` is given) would, byte for byte, without building the object: `tamis check
/// --format json` writes every finding of a corpus, and serde's generic path (a `String` for
/// the path, a vector of edits, a call per field) was about a tenth of its instructions.
/// `path` is the file's path already written as a JSON string, quotes included (see
/// [`json_string`]), once per file.
/// The positions come from `walk`, which the findings of one text share, in their order.
pub fn write_json_finding(
    out: &mut Vec<u8>,
    path: Option<&str>,
    text: &str,
    (index, walk): (&LineIndex, &mut Walk),
    f: &Finding,
    decoded: Option<&crate::workspace::encoding::Decoded>,
) {
    let span = |o: usize| decoded.map_or(o, |d| d.file_offset(o));
    out.push(b'{');
    if let Some(path) = path {
        out.extend_from_slice(b"\"path\":");
        out.extend_from_slice(path.as_bytes());
        out.push(b',');
    }
    out.extend_from_slice(b"\"code\":");
    json_plain(out, f.code);
    out.extend_from_slice(b",\"severity\":");
    json_plain(out, f.severity.as_str());
    out.extend_from_slice(b",\"message\":");
    json_string(out, &f.message);
    out.extend_from_slice(b",\"span\":");
    json_span(out, span(f.range.start), span(f.range.end));
    let start = walk.position(index, text, f.range.start, Encoding::Utf16);
    let end = walk.position(index, text, f.range.end, Encoding::Utf16);
    out.extend_from_slice(b",\"range\":{\"start\":{\"line\":");
    json_number(out, start.line.into());
    out.extend_from_slice(b",\"character\":");
    json_number(out, start.character.into());
    out.extend_from_slice(b"},\"end\":{\"line\":");
    json_number(out, end.line.into());
    out.extend_from_slice(b",\"character\":");
    json_number(out, end.character.into());
    out.extend_from_slice(b"}},\"fix\":");
    match &f.fix {
        None => out.extend_from_slice(b"null"),
        Some(fix) => {
            out.extend_from_slice(b"{\"title\":");
            json_string(out, &fix.title);
            out.extend_from_slice(b",\"applicability\":");
            json_plain(out, fix.applicability.as_str());
            out.extend_from_slice(b",\"edits\":[");
            for (i, (range, new_text)) in fix.edits.places().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"span\":");
                json_span(out, span(range.start), span(range.end));
                out.extend_from_slice(b",\"new_text\":");
                json_string(out, new_text);
                out.push(b'}');
            }
            out.extend_from_slice(b"]}");
        }
    }
    if let Some(d) = decoded {
        out.extend_from_slice(b",\"encoding\":");
        json_string(out, d.name());
    }
    out.push(b'}');
}

/// A string that JSON writes as it is (a rule's code, a severity, an applicability: words and
/// hyphens) with its quotes, without looking for what to escape.
fn json_plain(out: &mut Vec<u8>, s: &'static str) {
    debug_assert!(first_to_escape(s.as_bytes()).is_none(), "{s:?}");
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// `{"start":…,"end":…}`.
fn json_span(out: &mut Vec<u8>, start: usize, end: usize) {
    out.extend_from_slice(b"{\"start\":");
    json_number(out, start as u64);
    out.extend_from_slice(b",\"end\":");
    json_number(out, end as u64);
    out.push(b'}');
}

/// A number in decimal, as serde_json writes an integer (with `itoa`). A number of at most
/// eight digits (every offset, line and character of a text below 100 MB) is written as eight
/// bytes, its digits first, then cut to their length: a copy of a constant size, where a copy
/// of its digits alone was a call to `memcpy`, and `itoa`'s buffer a third of the cost.
fn json_number(out: &mut Vec<u8>, n: u64) {
    if n >= 100_000_000 {
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        return;
    }
    // The digits from the last, two at a time, each pair pushed in front of those after it
    // (the first byte of `digits` in little-endian order is the first digit).
    let (mut left, mut digits, mut len) = (n as u32, 0u64, 0);
    while left >= 100 {
        digits = digits << 16 | u64::from(PAIRS[(left % 100) as usize]);
        left /= 100;
        len += 2;
    }
    if left >= 10 {
        digits = digits << 16 | u64::from(PAIRS[left as usize]);
        len += 2;
    } else {
        digits = digits << 8 | u64::from(b'0' + left as u8);
        len += 1;
    }
    let end = out.len() + len;
    out.extend_from_slice(&digits.to_le_bytes());
    out.truncate(end);
}

/// The numbers from 0 to 99 in two decimal digits, as the two bytes of a little-endian `u16`.
const PAIRS: [u16; 100] = {
    let mut pairs = [0; 100];
    let mut n = 0;
    while n < 100 {
        pairs[n] = u16::from_le_bytes([b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
        n += 1;
    }
    pairs
};

/// A JSON string with its quotes, escaped as serde_json escapes: `"` and `\`, the control
/// characters below U+0020 (`\n`, `\r`, `\t`, `\b`, `\f`, the others as `\u00xx`);
/// everything else as it is. The runs between the bytes to escape are copied whole.
pub fn json_string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut from = 0;
    while let Some(k) = first_to_escape(&bytes[from..]) {
        let at = from + k;
        out.extend_from_slice(&bytes[from..at]);
        match bytes[at] {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
        }
        from = at + 1;
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

/// The position of the first byte of `bytes` that [`json_string`] escapes: sixteen bytes at a
/// time, with SSE2 ([`to_escape_sse2`]) from sixteen bytes on, else as two words
/// ([`first_to_escape_in_words`]). Most strings (messages, titles, new texts) hold none, and a
/// test per byte was most of the cost of writing them.
fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if bytes.len() >= 16 {
        let marks = |at: usize| {
            let chunk: &[u8; 16] = bytes[at..at + 16].try_into().expect("sixteen bytes");
            // SAFETY: the build enables SSE2 (every x86_64 processor has it), the one target
            // feature `to_escape_sse2` needs.
            unsafe { to_escape_sse2(chunk) }
        };
        let mut at = 0;
        while at + 16 <= bytes.len() {
            let found = marks(at);
            if found != 0 {
                return Some(at + found.trailing_zeros() as usize);
            }
            at += 16;
        }
        // The last sixteen bytes, whose first ones were read clean above.
        let last = bytes.len() - 16;
        let found = marks(last);
        return (found != 0).then(|| last + found.trailing_zeros() as usize);
    }
    first_to_escape_in_words(bytes)
}

/// The bytes of `chunk` that JSON escapes (below 0x20, `"`, `\\`), as the bits of the result,
/// the lowest for `chunk[0]`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn to_escape_sse2(chunk: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_set_epi64x,
    };
    let half = |h: usize| i64::from_le_bytes(chunk[h..h + 8].try_into().expect("eight bytes"));
    let v = _mm_set_epi64x(half(8), half(0));
    let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
    let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
    // At most 0x1f: the byte is the smaller of itself and 0x1f.
    let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
    _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)) as u32
}

/// [`first_to_escape`] eight bytes at a time ([`to_escape`]): for strings shorter than sixteen
/// bytes, and on processors without SSE2.
fn first_to_escape_in_words(bytes: &[u8]) -> Option<usize> {
    let word = |at: usize| {
        to_escape(u64::from_le_bytes(
            bytes[at..at + 8].try_into().expect("eight bytes"),
        ))
    };
    let first = |at: usize, marks: u64| at + (marks.trailing_zeros() / 8) as usize;
    let mut at = 0;
    while at + 16 <= bytes.len() {
        let (low, high) = (word(at), word(at + 8));
        if low | high != 0 {
            return Some(if low != 0 {
                first(at, low)
            } else {
                first(at + 8, high)
            });
        }
        at += 16;
    }
    if at + 8 <= bytes.len() {
        let marks = word(at);
        if marks != 0 {
            return Some(first(at, marks));
        }
    }
    // The last few bytes: in the last eight, whose first ones were read clean above, or
    // padded with a letter in a string shorter than eight.
    let (from, last) = match bytes.len().checked_sub(8) {
        Some(from) => (
            from,
            u64::from_le_bytes(bytes[from..].try_into().expect("eight bytes")),
        ),
        None => (
            0,
            bytes
                .iter()
                .rev()
                .fold(u64::from_le_bytes([b'a'; 8]), |w, &b| w << 8 | u64::from(b)),
        ),
    };
    let marks = to_escape(last);
    (marks != 0).then(|| from + (marks.trailing_zeros() / 8) as usize)
}

/// A word whose lowest set bit is the high bit of the first byte of `w` (eight bytes as
/// `u64::from_le_bytes` reads them) that JSON escapes (below 0x20, `"`, `\\`); zero when there
/// is none. (`is_escaped` is the test byte by byte.) A byte's bit 7 is set by a subtraction
/// that borrows (`b - 0x20` for a control byte, `(b ^ '"') - 1` for a quote…) and by none of
/// them for the other bytes below 0x80 (those above are masked out); only a byte that is
/// escaped borrows, so the bits above the first such byte may be wrong, never those below:
/// ten operations a word, where an exact mask of every byte took twice as many.
fn to_escape(w: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let each = |x: u8| u64::from_le_bytes([x; 8]);
    let control = w.wrapping_sub(each(0x20));
    let quote = (w ^ each(b'"')).wrapping_sub(each(1));
    let backslash = (w ^ each(b'\\')).wrapping_sub(each(1));
    (control | quote | backslash) & !w & HIGH
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
/// Lines and columns are 1-based and count characters. `path` is the file's path as
/// `Path::display` writes it, once per file. Written piece by piece, without `write!`: the
/// formatting machinery, the line collected as characters and the strings of spaces and
/// carets were 8,000 instructions a finding, a sixth of `tamis check` on a corpus.
pub fn human_finding(out: &mut Vec<u8>, path: &str, text: &str, index: &LineIndex, f: &Finding) {
    let start = index.position(text, f.range.start, Encoding::Utf8);
    let end = index.position(text, f.range.end, Encoding::Utf8);
    let line_start = f.range.start - start.character as usize;
    let line_end = memchr::memchr2(b'\n', b'\r', &text.as_bytes()[line_start..])
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    // Characters are bytes in an ASCII line (most lines).
    let ascii = line.is_ascii();
    let count = |s: &str| if ascii { s.len() } else { s.chars().count() };
    let at = start.character as usize;
    let col = count(&line[..at]);
    let chars = col + count(&line[at..]);
    // Show a window of the line around the finding, for very long lines: its ends found by
    // walking from the finding's start, back to `from`, on to `to` (at or after it).
    let from = col.saturating_sub(WINDOW / 2);
    let to = (from + WINDOW).min(chars);
    let shown = if ascii {
        &line[from..to]
    } else {
        let back = line[..at].char_indices().rev().take(col - from).last();
        let on = line[at..].char_indices().nth(to - col);
        &line[back.map_or(at, |(i, _)| i)..on.map_or(line.len(), |(i, _)| at + i)]
    };
    let marker_len = if end.line == start.line {
        text[f.range.clone()].chars().count().max(1)
    } else {
        chars.saturating_sub(col).max(1)
    }
    .min(to.saturating_sub(col).max(1));
    let mut number = itoa::Buffer::new();
    let line_number = number.format(start.line + 1).as_bytes();
    let gutter = line_number.len();
    out.extend_from_slice(path.as_bytes());
    out.push(b':');
    out.extend_from_slice(line_number);
    out.push(b':');
    out.extend_from_slice(itoa::Buffer::new().format(col + 1).as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(f.severity.as_str().as_bytes());
    out.push(b'[');
    out.extend_from_slice(f.code.as_bytes());
    out.extend_from_slice(b"] ");
    out.extend_from_slice(f.message.as_bytes());
    out.push(b'\n');
    push_repeated(out, b' ', gutter);
    out.extend_from_slice(b" |\n");
    out.extend_from_slice(line_number);
    out.extend_from_slice(b" | ");
    if from > 0 {
        out.extend_from_slice("…".as_bytes());
    }
    out.extend_from_slice(shown.as_bytes());
    if to < chars {
        out.extend_from_slice("…".as_bytes());
    }
    out.push(b'\n');
    push_repeated(out, b' ', gutter);
    out.extend_from_slice(b" | ");
    push_repeated(out, b' ', usize::from(from > 0) + col - from);
    push_repeated(out, b'^', marker_len);
    if end.line > start.line {
        out.extend_from_slice(b" (through line ");
        out.extend_from_slice(itoa::Buffer::new().format(end.line + 1).as_bytes());
        out.push(b')');
    }
    out.push(b'\n');
    if let Some(fix) = &f.fix {
        push_repeated(out, b' ', gutter);
        out.extend_from_slice(b" = fix (");
        out.extend_from_slice(fix.applicability.as_str().as_bytes());
        out.extend_from_slice(b"): ");
        out.extend_from_slice(fix.title.as_bytes());
        out.push(b'\n');
    }
    out.push(b'\n');
}

/// `n` times the byte `b`.
fn push_repeated(out: &mut Vec<u8>, b: u8, n: usize) {
    out.resize(out.len() + n, b);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tamis_analysis::{Applicability, Edit, Severity};

    /// Asserts that [`write_json_finding`] writes a finding as serde wrote its [`JsonFinding`]
    /// (what `tamis check --format json` wrote before).
    /// `walk` is the text's: shared by its findings, in their order, as `tamis check` shares it.
    fn assert_written_as_serde(
        path: Option<&Path>,
        text: &str,
        f: &Finding,
        decoded: Option<&crate::workspace::encoding::Decoded>,
        walk: &mut Walk,
    ) {
        let index = LineIndex::new(text);
        let mut json = json_finding(path, text, &index, f);
        if let Some(d) = decoded {
            json = json.in_file(d);
        }
        let serde = serde_json::to_string(&json).unwrap();
        let mut quoted = Vec::new();
        if let Some(p) = path {
            json_string(&mut quoted, &p.display().to_string());
        }
        let quoted = std::str::from_utf8(&quoted).unwrap();
        let mut out = Vec::new();
        write_json_finding(
            &mut out,
            path.map(|_| quoted),
            text,
            (&index, walk),
            f,
            decoded,
        );
        assert_eq!(String::from_utf8(out).unwrap(), serde);
    }

    /// A finding whose every string holds what JSON escapes, and some of what it does not.
    fn awkward(text: &str) -> Finding {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        let end = text.len();
        Finding {
            code: "html-leftover",
            severity: Severity::Info,
            message: format!("{every_ascii} é € 😀 \u{2028} \"quoted\" back\\slash").into(),
            range: 1..end - 1,
            fix: Some(Fix::new(
                "Write \"x\"\t\u{7f}",
                Applicability::DisplayOnly,
                vec![
                    Edit::replace(0..1, "\u{0}\u{1f}\r\n"),
                    Edit::delete(2..3),
                    Edit::replace(end - 1..end, every_ascii),
                ],
            )),
        }
    }

    #[test]
    fn writes_the_json_serde_wrote() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let settings = tamis_analysis::config::Settings::default();
        let cx = tamis_analysis::Context {
            settings: &settings,
            model: None,
        };
        let folders = [
            "tests/sample-corpus",
            "../shared/corpus/iom-fr",
            "../shared/testdata/webpages/readability/text",
        ];
        let mut findings = 0;
        for folder in folders {
            let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let (mut walk, mut alone) = (Walk::default(), Walk::default());
                for f in tamis_analysis::check(&text, cx) {
                    assert_written_as_serde(Some(&path), &text, &f, None, &mut walk);
                    assert_written_as_serde(None, &text, &f, None, &mut Walk::default());
                    // The end of each finding, then its start: a walk back and forth.
                    let end = Finding {
                        range: f.range.end..f.range.end,
                        ..f.clone()
                    };
                    assert_written_as_serde(None, &text, &end, None, &mut alone);
                    assert_written_as_serde(None, &text, &f, None, &mut alone);
                    findings += 1;
                }
            }
        }
        assert!(findings > 100, "{findings} findings");
        let text = "\u{feff}Ligne une\r\ndeux 😀 trois\rquatre\n";
        let f = awkward(text);
        let path = Path::new("dossier \"a\"\\b/é\u{1}.txt");
        assert_written_as_serde(Some(path), text, &f, None, &mut Walk::default());
        let without_fix = Finding { fix: None, ..f };
        assert_written_as_serde(None, text, &without_fix, None, &mut Walk::default());
    }

    const SEVERITIES: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Hint,
    ];
    const APPLICABILITIES: [Applicability; 3] = [
        Applicability::Safe,
        Applicability::Unsafe,
        Applicability::DisplayOnly,
    ];

    use crate::positions::tests::draws;

    /// Where a finding may start or end: between characters, not inside a `\r\n`.
    fn bounds(text: &str) -> Vec<usize> {
        (0..=text.len())
            .filter(|&i| {
                text.is_char_boundary(i)
                    && !(text[..i].ends_with('\r') && text[i..].starts_with('\n'))
            })
            .collect()
    }

    /// [`human_finding`] as it was written with `writeln!`, the line collected as characters:
    /// the straightforward version it is compared with.
    fn human_finding_with_fmt(
        out: &mut String,
        path: &Path,
        text: &str,
        index: &LineIndex,
        f: &Finding,
    ) {
        use std::fmt::Write;
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

    /// Generated texts of short and very long lines (ASCII, accents, emoji, the three line
    /// ends), with findings on every kind of range: [`human_finding`] writes what
    /// [`human_finding_with_fmt`] wrote.
    #[test]
    fn writes_for_people_what_writeln_wrote() {
        let pieces = [
            "a",
            "mot ",
            "é",
            "œuvre ",
            "\u{1f600}",
            " ",
            "\n",
            "\r\n",
            "\r",
            "\t",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "\u{feff}",
        ];
        let mut next = draws(0x2545_f491_4f6c_dd1d);
        let path = Path::new("dossier/é \"a\".txt");
        let shown = path.display().to_string();
        let (mut long, mut multi) = (0, 0);
        for _ in 0..3_000 {
            let text: String = (0..next(120)).map(|_| pieces[next(pieces.len())]).collect();
            let bounds = bounds(&text);
            let index = LineIndex::new(&text);
            for _ in 0..4 {
                let a = bounds[next(bounds.len())];
                let b = bounds[next(bounds.len())];
                let range = a.min(b)..a.max(b);
                let f = Finding {
                    code: "hard-wrap",
                    severity: Severity::Warning,
                    message: "Un message « é » 😀".into(),
                    range: range.clone(),
                    fix: (next(2) == 0).then(|| {
                        Fix::new("Écrire `x`", Applicability::Safe, vec![Edit::delete(range)])
                    }),
                };
                let mut expected = String::new();
                human_finding_with_fmt(&mut expected, path, &text, &index, &f);
                let mut out = Vec::new();
                human_finding(&mut out, &shown, &text, &index, &f);
                assert_eq!(String::from_utf8(out).unwrap(), expected, "{text:?} {f:?}");
                long += usize::from(expected.contains('…'));
                multi += usize::from(expected.contains("(through line"));
            }
        }
        assert!(long > 500 && multi > 500, "{long} {multi}");
    }

    /// Generated findings whose every string mixes what JSON escapes (quotes, backslashes,
    /// control characters) with what it does not (letters, accents, emoji, U+2028), at every
    /// length around the eight bytes [`first_to_escape`] reads at once.
    #[test]
    fn writes_the_json_serde_wrote_for_generated_findings() {
        let pieces = [
            "a",
            "mot ",
            "\"",
            "\\",
            "\n",
            "\r\n",
            "\t",
            "\u{0}",
            "\u{8}",
            "\u{c}",
            "\u{1f}",
            "\u{7f}",
            "é",
            "€",
            "\u{1f600}",
            "\u{2028}",
            "\u{2029}",
            "/",
            "xxxxxxxxxxx",
        ];
        let mut next = draws(0x9e37_79b9_7f4a_7c15);
        let mut string = |most: usize| -> String {
            let n = next(most);
            (0..n).map(|_| pieces[next(pieces.len())]).collect()
        };
        for k in 0..3_000 {
            let text = string(60);
            let bounds = bounds(&text);
            let range = || {
                let (a, b) = (bounds[k * 7 % bounds.len()], bounds[k * 13 % bounds.len()]);
                a.min(b)..a.max(b)
            };
            // Sorted and disjoint, as a fix's edits are.
            let edits: Vec<Edit> = (bounds.iter().take(k % 4))
                .map(|&at| Edit::replace(at..at, string(12)))
                .collect();
            let f = Finding {
                code: tamis_analysis::rules::RULES[k % tamis_analysis::rules::RULES.len()].code,
                severity: SEVERITIES[k % SEVERITIES.len()],
                message: string(40).into(),
                range: range(),
                fix: (k % 3 > 0).then(|| Fix::new(string(20), APPLICABILITIES[k % 3], edits)),
            };
            let path = string(10);
            for p in [Some(Path::new(&path)), None] {
                assert_written_as_serde(p, &text, &f, None, &mut Walk::default());
            }
        }
    }

    #[test]
    fn writes_the_json_serde_wrote_for_a_decoded_file() {
        let bytes = b"Caf\xe9 \xab press\xe9 \xbb\r\nT\xe9l: +33 1 23\n".to_vec();
        let decoded = crate::workspace::encoding::decode(bytes);
        let text = decoded.text.clone();
        let f = awkward(&text);
        let path = Path::new("legacy.txt");
        assert_written_as_serde(Some(path), &text, &f, Some(&decoded), &mut Walk::default());
    }

    #[test]
    fn escapes_each_byte_as_serde_does_wherever_it_stands() {
        let around = "abcdéfghijklmnopq€rstu";
        for b in 0u8..0x80 {
            for (at, _) in around.char_indices() {
                let s = format!("{}{}{}", &around[..at], char::from(b), &around[at..]);
                let mut out = Vec::new();
                json_string(&mut out, &s);
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    serde_json::to_string(&s).unwrap()
                );
            }
        }
    }

    /// Whether JSON escapes the byte `b`: what [`to_escape`] tells eight bytes at a time.
    fn is_escaped(b: u8) -> bool {
        b < 0x20 || b == b'"' || b == b'\\'
    }

    #[test]
    fn the_bytes_to_escape_are_found_as_byte_by_byte() {
        // Every byte at every place among bytes that are not escaped (the ones next to those
        // escaped, and those with their low seven bits), then random words.
        let around = [
            0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0x9f, 0xa2, 0xdc, 0xff, b'a',
        ];
        let mut words: Vec<[u8; 8]> = Vec::new();
        for b in 0..=255u8 {
            for at in 0..8 {
                for &other in &around {
                    let mut w = [other; 8];
                    w[at] = b;
                    words.push(w);
                }
            }
        }
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            words.push(state.to_le_bytes());
        }
        for (k, &w) in words.iter().enumerate() {
            let first = w.iter().position(|&b| is_escaped(b));
            let marks = to_escape(u64::from_le_bytes(w));
            assert_eq!(
                first.map_or(64, |i| 8 * i as u32 + 7),
                marks.trailing_zeros(),
                "{w:?}"
            );
            // Alone, after the word before (the last eight bytes of a longer string), and
            // after the four before (read sixteen bytes at a time), once in seven.
            let two = [words[k.saturating_sub(1)], w].concat();
            let five = [&words[k.saturating_sub(4)..k], &[w]].concat().concat();
            let longer: &[u8] = if k % 7 == 0 { &five } else { &[] };
            for bytes in [&w[..], &two, longer] {
                for len in 0..=bytes.len() {
                    assert_eq!(
                        first_to_escape(&bytes[..len]),
                        bytes[..len].iter().position(|&b| is_escaped(b)),
                        "{bytes:?}"
                    );
                }
            }
        }
    }

    /// Every byte at every place of strings of up to 70 bytes, among bytes JSON does not
    /// escape: found where a search byte by byte finds it.
    #[test]
    fn the_first_byte_to_escape_is_found_in_long_strings() {
        for filler in ["a", "é", "\u{7f}", "😀", " "] {
            let text = filler.repeat(70);
            let clean = &text.as_bytes()[..70];
            for b in 0..=255u8 {
                for at in 0..70 {
                    let mut bytes = clean.to_vec();
                    bytes[at] = b;
                    for len in at + 1..=70 {
                        let expected = is_escaped(b).then_some(at);
                        assert_eq!(first_to_escape(&bytes[..len]), expected, "{bytes:?} {len}");
                    }
                }
            }
        }
    }

    /// What [`json_plain`] writes without escaping needs none: every rule's code, every
    /// severity and applicability.
    #[test]
    fn codes_severities_and_applicabilities_need_no_escaping() {
        let strings = (tamis_analysis::rules::RULES.iter().map(|r| r.code))
            .chain(SEVERITIES.map(Severity::as_str))
            .chain(APPLICABILITIES.map(Applicability::as_str));
        for s in strings {
            let mut plain = Vec::new();
            json_plain(&mut plain, s);
            assert_eq!(
                String::from_utf8(plain).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let random = std::iter::repeat_with(|| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state >> (state % 64)
        });
        let edges = [
            0,
            1,
            9,
            10,
            99,
            100,
            12_345,
            9_999_999,
            10_000_000,
            99_999_999,
            100_000_000,
            u64::from(u32::MAX),
            u64::MAX,
        ];
        for n in edges.into_iter().chain(random.take(10_000)) {
            let mut out = b"x".to_vec();
            json_number(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), format!("x{n}"));
        }
    }
}
