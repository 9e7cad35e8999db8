//! `textDocument/publishDiagnostics`, written as JSON text straight from the findings.
//!
//! tower-lsp-server sends a notification by converting its parameters to a `serde_json::Value`
//! and then to text; with the conversion of every finding to a `Diagnostic` first, that took
//! most of a keystroke's time on a document of many findings (the 5 MB damaged file of
//! `benches/lsp.rs`, 55,000 findings: about 0.8 s of the 0.95 s between `didChange` and its
//! diagnostics). Here the server writes the notification itself, as one frame handed to the
//! output ([`super::framing`]).
//!
//! The JSON array of a document's diagnostics is kept ([`Templates`]) with the findings it was
//! written from. After a keystroke, the diagnostics before the change and after it are those of
//! the last array: the same findings (moved by the change's length), made from text the change
//! did not touch. Their JSON is taken from the last array as it is (or with its line numbers
//! moved when the change added or removed lines), with no finding converted or hashed; the
//! diagnostics in between are written from a [`Template`]: the JSON with the line numbers
//! relative to the first line it touches, kept under a key of everything that JSON depends on
//! (the finding with offsets from that line's start, and the text from the line's start to just
//! past the finding's end), so that a repeated line or paragraph shares one template when a
//! whole document is written. The JSON is [`convert::diagnostic`]'s, as tests check.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use tower_lsp_server::ls_types::Uri;

use super::convert::{self, Snapshot};
use super::framing::{Outgoing, Pieces};
use crate::positions::Encoding;
use tamis_analysis::ide::Analysis;
use tamis_analysis::Finding;

/// The JSON of one diagnostic, its line numbers taken out.
#[derive(Debug)]
struct Template {
    json: Box<str>,
    /// Where a line number goes in `json`, and that line relative to the finding's first line.
    lines: Box<[(u32, u32)]>,
    /// The last call of [`Templates::write`] that wrote it.
    used: u32,
}

/// The JSON array of a document's last diagnostics, what it was written from, and the
/// templates of the diagnostics it wrote from them.
#[derive(Debug, Default)]
pub struct Templates {
    encoding: Option<Encoding>,
    map: HashMap<u128, Template, foldhash::fast::FixedState>,
    /// How many times [`Templates::write`] ran (wrapping).
    calls: u32,
    last: Option<Last>,
}

/// The last array of diagnostics written, and what it was written from.
#[derive(Debug)]
struct Last {
    analysis: Arc<Analysis>,
    json: Pieces,
    /// Where the diagnostic of each finding starts in `json`, and the index in `numbers` of its
    /// first line number; then `json`'s length and `numbers`' (a diagnostic ends one byte
    /// before the next starts, at its comma or at the array's `]`).
    at: Vec<(u32, u32)>,
    /// Where each line number starts in `json`.
    numbers: Vec<u32>,
    /// How many lines the text has.
    lines: usize,
}

/// After this many pieces, or when its buffers hold more than twice its length (and a
/// megabyte), an array is written again in one piece.
const MAX_PIECES: usize = 64;

/// An array of diagnostics being written: pieces of the last array and bytes written anew
/// (`fresh`), and where its diagnostics and line numbers start (see [`Last`]).
struct Written {
    pieces: Vec<Piece>,
    fresh: Vec<u8>,
    len: usize,
    at: Vec<(u32, u32)>,
    numbers: Vec<u32>,
}

enum Piece {
    Last(Range<usize>),
    Fresh(Range<usize>),
}

impl Written {
    fn push(&mut self, bytes: &[u8]) {
        let start = self.fresh.len();
        self.fresh.extend_from_slice(bytes);
        self.fresh_piece(start);
    }

    /// Counts the bytes added to `fresh` from `start` on as a piece.
    fn fresh_piece(&mut self, start: usize) {
        let end = self.fresh.len();
        self.len += end - start;
        match self.pieces.last_mut() {
            Some(Piece::Fresh(r)) if r.end == start => r.end = end,
            _ => self.pieces.push(Piece::Fresh(start..end)),
        }
    }

    /// Takes bytes `range` of the last array: shared when `share`, copied otherwise.
    fn take(&mut self, last: &Pieces, range: Range<usize>, share: bool) {
        if share {
            self.len += range.len();
            self.pieces.push(Piece::Last(range));
        } else {
            let start = self.fresh.len();
            last.copy_to(range, &mut self.fresh);
            self.fresh_piece(start);
        }
    }

    /// Starts the diagnostic of the next finding.
    fn start(&mut self) {
        if !self.at.is_empty() {
            self.push(b",");
        }
        self.at.push((self.len as u32, self.numbers.len() as u32));
    }

    fn number(&mut self, n: u32, buffer: &mut itoa::Buffer) {
        self.numbers.push(self.len as u32);
        self.push(buffer.format(n).as_bytes());
    }

    /// The array, its pieces of the last one shared.
    fn finish(self, last: Option<&Pieces>) -> (Pieces, Vec<(u32, u32)>, Vec<u32>) {
        let fresh = Arc::new(self.fresh);
        let mut json = Pieces::default();
        for piece in self.pieces {
            match piece {
                Piece::Fresh(r) => json.push(&fresh, r),
                Piece::Last(r) => json.push_from(last.expect("a piece of the last array"), r),
            }
        }
        if json.count() > MAX_PIECES || json.held() > 2 * json.len() + (1 << 20) {
            json = Pieces::from(json.to_vec());
        }
        (json, self.at, self.numbers)
    }
}

impl Templates {
    /// The JSON array of the diagnostics of `analysis`'s findings (`snap` is its text). It is
    /// kept, with the findings, for the next call, which takes from it the diagnostics that did
    /// not change; the templates used are kept, the others dropped.
    pub fn write(&mut self, analysis: &Arc<Analysis>, snap: &Snapshot<'_>) -> Pieces {
        if self.encoding != Some(snap.encoding) {
            self.map.clear();
            self.last = None;
            self.encoding = Some(snap.encoding);
        }
        // The templates used are stamped with this call, the others dropped at the end.
        self.calls = self.calls.wrapping_add(1);
        let call = self.calls;
        let findings = analysis.findings();
        let last = self.last.take();
        let (head, tail, moved_lines) = match &last {
            Some(last) => unchanged(last, analysis, snap),
            None => (0, 0, 0),
        };
        // Room for what is written anew: all but what is shared.
        let room = match &last {
            None => 64 + findings.len() * 256,
            Some(l) if moved_lines != 0 || head + tail == 0 => l.json.len() + l.json.len() / 32,
            Some(_) => 4096,
        };
        let mut out = Written {
            pieces: Vec::new(),
            fresh: Vec::with_capacity(room),
            len: 0,
            at: Vec::with_capacity(findings.len() + 1),
            numbers: Vec::with_capacity(last.as_ref().map_or(0, |l| l.numbers.len()) + 64),
        };
        let mut number = itoa::Buffer::new();
        out.push(b"[");
        if let Some(last) = last.as_ref().filter(|_| head > 0) {
            // The first diagnostics, as they are: the array starts at the same byte.
            let (end, numbers) = last.at[head];
            out.take(&last.json, 1..end as usize - 1, true);
            out.at.extend_from_slice(&last.at[..head]);
            out.numbers
                .extend_from_slice(&last.numbers[..numbers as usize]);
        }
        // The findings are in order: the line of each is looked for from the last one's.
        let mut line = 0;
        for f in &findings[head..findings.len() - tail] {
            out.start();
            let (first, key) = key(snap, f, line as usize);
            line = first;
            let template = self
                .map
                .entry(key)
                .or_insert_with(|| template(snap, f, first));
            template.used = call;
            let mut at = 0;
            for &(pos, line) in &template.lines {
                out.push(&template.json.as_bytes()[at..pos as usize]);
                out.number(first + line, &mut number);
                at = pos as usize;
            }
            out.push(&template.json.as_bytes()[at..]);
        }
        if let Some(last) = last.as_ref().filter(|_| tail > 0) {
            let old = last.at.len() - 1;
            copy_moved(last, old - tail..old, moved_lines, &mut out, &mut number);
        }
        out.push(b"]");
        out.at.push((out.len as u32, out.numbers.len() as u32));
        self.map.retain(|_, t| t.used == call);
        if self.map.capacity() > 4 * self.map.len() + 1024 {
            self.map.shrink_to_fit();
        }
        let (json, at, numbers) = out.finish(last.as_ref().map(|l| &l.json));
        // (Offsets are kept in 32 bits: an array of 4 GB is written whole next time.)
        self.last = (json.len() < u32::MAX as usize).then(|| Last {
            analysis: analysis.clone(),
            json: json.clone(),
            at,
            numbers,
            lines: snap.index.lines(),
        });
        // The last analysis, with its findings, is freed on a thread of its own when large.
        if let Some(last) = last {
            super::documents::drop_large(last.analysis);
        }
        json
    }
}

/// How many of `last`'s diagnostics are those of the first findings of `analysis`, and how many
/// those of its last findings (`snap` is its text); and how many lines the text gained.
///
/// A diagnostic's JSON depends on its finding, on the text from the start of the finding's first
/// line to just past its end (a `\r` there ends a line or not), and on the number of that line.
/// A finding at the start that is the same in both, and whose text ends inside the start the two
/// texts share, has the same JSON. One at the end that is the same moved by the change's length,
/// and starts on a line that starts inside the end they share (after its first byte, so that
/// the line starts for the same reason in both), has the same JSON but for its line numbers,
/// moved by the lines the text gained.
fn unchanged(last: &Last, analysis: &Analysis, snap: &Snapshot<'_>) -> (usize, usize, i64) {
    let (old_text, text) = (last.analysis.text(), analysis.text());
    let (old, new) = (last.analysis.findings(), analysis.findings());
    let (prefix, suffix) = analysis.common_ends_with(&last.analysis);
    let head = new
        .iter()
        .zip(old)
        .take_while(|(f, g)| extent(f).end < prefix && same(f, g, 0))
        .count();
    let by = text.len() as isize - old_text.len() as isize;
    let tail = match snap.index.first_start_after(text.len() - suffix) {
        Some(line_start) => new[head..]
            .iter()
            .rev()
            .zip(old[head..].iter().rev())
            .take_while(|(f, g)| extent(f).start >= line_start && same(f, g, by))
            .count(),
        None => 0,
    };
    (head, tail, snap.index.lines() as i64 - last.lines as i64)
}

/// Takes the diagnostics `which` of `last` to `out`, their line numbers moved by `lines`.
fn copy_moved(
    last: &Last,
    which: Range<usize>,
    lines: i64,
    out: &mut Written,
    number: &mut itoa::Buffer,
) {
    let json = &last.json;
    let (start, first_number) = last.at[which.start];
    let (end, end_number) = last.at[which.end];
    let (start, end) = (start as usize, end as usize - 1);
    if lines == 0 {
        // As they are, shared, and their places moved.
        out.start();
        out.at.pop();
        let from = out.len as u32;
        let by = |at: u32| at - start as u32 + from;
        let numbers = out.numbers.len() as u32;
        out.take(json, start..end, true);
        out.at.extend(
            last.at[which]
                .iter()
                .map(|&(at, n)| (by(at), n - first_number + numbers)),
        );
        out.numbers.extend(
            last.numbers[first_number as usize..end_number as usize]
                .iter()
                .map(|&at| by(at)),
        );
        return;
    }
    let mut digits = Vec::with_capacity(16);
    for i in which {
        out.start();
        let (mut at, first) = last.at[i];
        let (next, after) = last.at[i + 1];
        for &pos in &last.numbers[first as usize..after as usize] {
            out.take(json, at as usize..pos as usize, false);
            digits.clear();
            json.copy_to(
                pos as usize..(pos as usize + 10).min(json.len()),
                &mut digits,
            );
            let n = digits.iter().take_while(|b| b.is_ascii_digit()).count();
            let old = digits[..n]
                .iter()
                .fold(0i64, |v, &d| v * 10 + i64::from(d - b'0'));
            out.number((old + lines) as u32, number);
            at = pos + n as u32;
        }
        out.take(json, at as usize..next as usize - 1, false);
    }
}

/// The bytes a finding's diagnostic is made from: its range and its fix's edits.
fn extent(f: &Finding) -> Range<usize> {
    let edits = f.fix.iter().flat_map(|fix| fix.edits.places());
    let low = edits
        .clone()
        .map(|(r, _)| r.start)
        .fold(f.range.start, usize::min);
    let high = edits.map(|(r, _)| r.end).fold(f.range.end, usize::max);
    low..high
}

/// Whether `f` is `g` moved by `by` bytes. (Strings are compared by address first: a finding
/// kept by the analysis shares its strings with the last one, and its edits.)
fn same(f: &Finding, g: &Finding, by: isize) -> bool {
    let moved = |r: &Range<usize>| r.start.wrapping_add_signed(by)..r.end.wrapping_add_signed(by);
    let same_str = |a: &str, b: &str| (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b;
    f.range == moved(&g.range)
        && f.severity == g.severity
        && same_str(f.code, g.code)
        && same_str(&f.message, &g.message)
        && match (&f.fix, &g.fix) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                a.applicability == b.applicability
                    && same_str(&a.title, &b.title)
                    && (a.edits.shares(&b.edits, by)
                        || (a.edits.len() == b.edits.len()
                            && (a.edits.places().zip(b.edits.places()))
                                .all(|(x, y)| x.0 == moved(&y.0) && same_str(x.1, y.1))))
            }
            _ => false,
        }
}

const SEEDS: (u64, u64) = (0x7a6d_15e5, 0x5eed_7a6d);

/// The first line a finding touches (its range or its fix's edits), and the key of its template;
/// `hint` is a line at or before it, most often.
fn key(snap: &Snapshot<'_>, f: &Finding, hint: usize) -> (u32, u128) {
    let Range {
        start: low,
        end: high,
    } = extent(f);
    let text = snap.text.as_bytes();
    let first = snap.index.line_of_after(snap.text, low, hint);
    // The first line starts after a byte-order mark, which the key's text keeps.
    let base = if first == 0 {
        0
    } else {
        snap.index.line_start(first)
    }
    .min(low);
    // One byte past the end: whether a `\r` there ends a line depends on the byte after it.
    let end = high.saturating_add(1).clamp(base, text.len());
    // The text from the first line's start is most of what is hashed (a hard-wrapped
    // paragraph, a block of boilerplate): it is read once, by a 128-bit hash; the rest, a few
    // short fields, is hashed with it under two seeds.
    let text_hash = xxhash_rust::xxh3::xxh3_128(&text[base..end]);
    let hash = |seed: u64| {
        let mut h = foldhash::fast::FixedState::with_seed(seed).build_hasher();
        (first == 0).hash(&mut h);
        text_hash.hash(&mut h);
        f.code.hash(&mut h);
        (f.severity as u8).hash(&mut h);
        // (As `str`s: the same bytes hashed as `SmolStr`'s `Hash`, inlined.)
        f.message.as_str().hash(&mut h);
        (f.range.start - base, f.range.end - base).hash(&mut h);
        if let Some(fix) = &f.fix {
            fix.title.as_str().hash(&mut h);
            fix.applicability.as_str().hash(&mut h);
            for (range, new_text) in fix.edits.places() {
                (range.start - base, range.end - base).hash(&mut h);
                new_text.hash(&mut h);
            }
        }
        h.finish()
    };
    let key = (u128::from(hash(SEEDS.0)) << 64) | u128::from(hash(SEEDS.1));
    (first as u32, key)
}

/// The template of a finding whose first line is `first`: [`convert::diagnostic`]'s JSON, each
/// `"line":N` made relative to `first`. (A `"` inside a JSON string is escaped, so the text
/// `"line":` is only ever a key.)
fn template(snap: &Snapshot<'_>, f: &Finding, first: u32) -> Template {
    let json = serde_json::to_string(&convert::diagnostic(snap, f))
        .expect("a diagnostic serializes to JSON");
    const KEY: &str = "\"line\":";
    let mut out = String::with_capacity(json.len());
    let mut lines = Vec::new();
    let mut rest = json.as_str();
    while let Some(at) = rest.find(KEY) {
        out.push_str(&rest[..at + KEY.len()]);
        rest = &rest[at + KEY.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let line: u32 = rest[..digits].parse().expect("a line number");
        lines.push((out.len() as u32, line - first));
        rest = &rest[digits..];
    }
    out.push_str(rest);
    Template {
        json: out.into(),
        lines: lines.into(),
        used: 0,
    }
}

/// Results written by this server for requests that tower-lsp-server answers: the library
/// serializes a result through a `serde_json::Value`, as it does notifications. The handler of
/// `textDocument/diagnostic` (pull diagnostics, which VS Code uses) answers the library with an
/// empty report whose `resultId` is [`STASHED`] and a number, and puts the report's JSON here;
/// the output ([`super::framing::pump_output`]) puts that JSON in place of the library's result,
/// in the same frame and at the same place in the output, so the order of messages and the
/// library's handling of the request (cancellation, shutdown) are kept.
#[derive(Debug, Default, Clone)]
pub struct Stash(std::sync::Arc<std::sync::Mutex<Stashed>>);

/// The number of the last result stashed, and the results not yet sent.
type Stashed = (u64, HashMap<u64, Vec<u8>>);

/// The prefix of the `resultId` of a stashed result.
pub const STASHED: &str = "tamis-stashed:";

impl Stash {
    /// Keeps a result, and gives the `resultId` that stands for it.
    pub fn put(&self, result: Vec<u8>) -> String {
        let mut stash = self.0.lock().unwrap_or_else(|e| e.into_inner());
        stash.0 += 1;
        let n = stash.0;
        stash.1.insert(n, result);
        // A result whose request was cancelled after it was stashed is never taken: keep only
        // the latest few.
        if stash.1.len() > 64 {
            stash.1.retain(|&k, _| k + 64 > n);
        }
        format!("{STASHED}{n}")
    }

    /// The frame that replaces a response of the library's holding a stashed result's id; `None`
    /// for any other frame.
    pub fn replace(&self, body: &[u8]) -> Option<Vec<u8>> {
        // The library's answer is a small empty report; anything large is another message.
        if body.len() > 1024 || memchr::memmem::find(body, STASHED.as_bytes()).is_none() {
            return None;
        }
        let v: serde_json::Value = serde_json::from_slice(body).ok()?;
        let n: u64 = v["result"]["resultId"]
            .as_str()?
            .strip_prefix(STASHED)?
            .parse()
            .ok()?;
        let result = self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .remove(&n)?;
        let mut out = br#"{"jsonrpc":"2.0","id":"#.to_vec();
        serde_json::to_writer(&mut out, &v["id"]).ok()?;
        out.extend_from_slice(br#","result":"#);
        out.extend_from_slice(&result);
        out.push(b'}');
        Some(out)
    }
}

/// The JSON of a full document diagnostic report (`textDocument/diagnostic`'s result), of the
/// JSON array of its diagnostics.
pub fn report(diagnostics: &Pieces) -> Vec<u8> {
    const HEAD: &[u8] = br#"{"kind":"full","items":"#;
    let mut out = Vec::with_capacity(HEAD.len() + diagnostics.len() + 1);
    out.extend_from_slice(HEAD);
    diagnostics
        .iter()
        .for_each(|piece| out.extend_from_slice(piece));
    out.push(b'}');
    out
}

/// The whole frame of a `publishDiagnostics` notification (header and body), its diagnostics
/// given as a JSON array, which the frame shares.
pub fn frame(uri: &Uri, version: Option<i32>, diagnostics: Pieces) -> Outgoing {
    const TAIL: &[u8] = b"}}";
    let mut head = Vec::with_capacity(128 + uri.as_str().len() * 2);
    head.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    serde_json::to_writer(&mut head, uri).expect("a URI serializes to JSON");
    if let Some(v) = version {
        head.extend_from_slice(br#","version":"#);
        head.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }
    head.extend_from_slice(br#","diagnostics":"#);
    let length = head.len() + diagnostics.len() + TAIL.len();
    let mut frame = format!("Content-Length: {length}\r\n\r\n").into_bytes();
    frame.extend_from_slice(&head);
    Outgoing::shared(frame, diagnostics, TAIL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use tamis_analysis::config::Settings;
    use tamis_analysis::Incremental;

    /// A document analysed as the server does, after the texts `parts` saw.
    fn analysed(text: &str, settings: &Arc<Settings>, parts: &mut Incremental) -> Arc<Analysis> {
        Arc::new(Analysis::incremental(
            text.to_string(),
            settings.clone(),
            None,
            parts,
        ))
    }

    /// Writes the diagnostics of `text` and checks them against `convert::diagnostic`'s; gives
    /// how many diagnostics the call took from the last array, and how many findings there are.
    fn write_and_check(
        templates: &mut Templates,
        text: &str,
        encoding: Encoding,
        settings: &Arc<Settings>,
        parts: &mut Incremental,
    ) -> (usize, usize) {
        let analysis = analysed(text, settings, parts);
        let snap = Snapshot::of(&analysis, encoding);
        let reused = match &templates.last {
            Some(last) if templates.encoding == Some(encoding) => {
                let (head, tail, _) = unchanged(last, &analysis, &snap);
                head + tail
            }
            _ => 0,
        };
        let out = templates.write(&analysis, &snap);
        let written: Value = serde_json::from_slice(&out.to_vec()).unwrap();
        let expected: Vec<_> = analysis
            .findings()
            .iter()
            .map(|f| convert::diagnostic(&snap, f))
            .collect();
        assert_eq!(
            written,
            serde_json::to_value(&expected).unwrap(),
            "{encoding:?} after {reused} diagnostics reused"
        );
        (reused, expected.len())
    }

    fn sample_corpus() -> Vec<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/sample-corpus");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }

    /// The JSON written is `convert::diagnostic`'s, for every finding of the sample corpus and of
    /// texts made to move lines and share templates, in both encodings, written whole or after
    /// edits (the last array's diagnostics reused, their lines moved or not).
    #[test]
    fn templates_write_what_convert_writes() {
        let texts = sample_corpus();
        let joined = texts.join("\n");
        let crlf = joined.replace('\n', "\r\n");
        let cr = format!("\u{feff}{}", joined.replace('\n', "\r"));
        let mut moved = joined.clone();
        moved.insert_str(0, "Une ligne de plus\nEt une autre 😀\n");
        let middle = joined.len() / 2;
        let middle = (middle..).find(|&i| joined.is_char_boundary(i)).unwrap();
        let edit = |at: usize, insert: &str| {
            let mut t = joined.clone();
            t.insert_str(at, insert);
            t
        };
        let edits = [
            edit(middle, "é"),
            edit(middle, "\n"),
            edit(middle, "😀\r\nx\r"),
            joined.replacen("\n", "", 1),
            edit(0, "\u{feff}"),
            edit(joined.len(), "\nfin"),
            joined.replacen("+", "", 1),
        ];
        let settings = Arc::new(Settings::default());
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            let mut templates = Templates::default();
            let mut parts = Incremental::new();
            for text in texts.iter().chain([&joined, &moved, &crlf, &cr, &joined]) {
                write_and_check(&mut templates, text, encoding, &settings, &mut parts);
            }
            for text in &edits {
                // From the joined text to each edit and back: most diagnostics reused.
                for text in [text, &joined] {
                    let (reused, all) =
                        write_and_check(&mut templates, text, encoding, &settings, &mut parts);
                    assert!(reused + 8 >= all, "{reused} of {all} reused");
                }
            }
            // A character replaced by as many bytes before a finding on its line: the same
            // findings at the same offsets, but not at the same UTF-16 columns.
            let line = format!("{joined}\nContact é : + 509 3245 5153\n");
            for text in [&line, &line.replace("é :", "ee :"), &line] {
                write_and_check(&mut templates, text, encoding, &settings, &mut parts);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// After random edits (line breaks of every kind, characters of two UTF-16 units, parts
        /// of emails and phone numbers), the JSON written is `convert::diagnostic`'s.
        #[test]
        fn diagnostics_after_random_edits_are_convert_s(
            seed in 0usize..1000,
            edits in proptest::collection::vec(
                (0.0f64..1.0, 0usize..4, proptest::sample::select(vec![
                    "", "\n", "\r\n", "\r", "é", "😀", "+509 ", "@", "mailto:", "Qui sommes nous\n",
                    " ", "\n\n", "3245 5153", "E-mail:\n",
                ])),
                1..8,
            ),
        ) {
            let texts = sample_corpus();
            let mut text = [&texts[seed % texts.len()], &texts[(seed / 7) % texts.len()]]
                .map(|t| t.as_str())
                .join("\n");
            let settings = Arc::new(Settings::default());
            let encoding = if seed % 2 == 0 { Encoding::Utf16 } else { Encoding::Utf8 };
            let mut templates = Templates::default();
            let mut parts = Incremental::new();
            write_and_check(&mut templates, &text, encoding, &settings, &mut parts);
            for (at, remove, insert) in edits {
                let at = (at * text.len() as f64) as usize;
                let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap();
                let end = ((at + remove).min(text.len())..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap();
                text.replace_range(at..end, insert);
                write_and_check(&mut templates, &text, encoding, &settings, &mut parts);
            }
        }
    }

    /// After a call, the table holds only templates that call used: a document whose findings
    /// went away does not keep their JSON. Written whole, it holds them all.
    #[test]
    fn only_the_templates_of_the_last_call_are_kept() {
        let texts = sample_corpus();
        let long = texts.join("\n");
        let short = texts[0].clone();
        let settings = Arc::new(Settings::default());
        let mut parts = Incremental::new();
        let mut templates = Templates::default();
        for (i, text) in [&long, &short, &long, &String::new()]
            .into_iter()
            .enumerate()
        {
            let analysis = analysed(text, &settings, &mut parts);
            let snap = Snapshot::of(&analysis, Encoding::Utf16);
            templates.write(&analysis, &snap);
            let mut keys: Vec<u128> = Vec::new();
            let mut line = 0;
            for f in analysis.findings() {
                let (first, key) = key(&snap, f, line as usize);
                line = first;
                keys.push(key);
            }
            keys.sort_unstable();
            keys.dedup();
            let mut kept: Vec<u128> = templates.map.keys().copied().collect();
            kept.sort_unstable();
            if i == 0 {
                assert_eq!(kept, keys);
                assert!(!kept.is_empty());
            }
            assert!(kept.iter().all(|k| keys.binary_search(k).is_ok()));
        }
        assert!(templates.map.is_empty());
    }

    /// After a change, the array shares the last one's buffers for the diagnostics that did
    /// not change: a few pieces, and buffers that hold not much more than the array, however
    /// many changes were made in different places.
    #[test]
    fn arrays_share_the_last_one_s_buffers() {
        let long = sample_corpus().join("\n").repeat(8);
        let settings = Arc::new(Settings::default());
        let mut parts = Incremental::new();
        let mut templates = Templates::default();
        let mut text = long.clone();
        let mut write = |text: &str| {
            let analysis = analysed(text, &settings, &mut parts);
            templates.write(&analysis, &Snapshot::of(&analysis, Encoding::Utf16))
        };
        let mut last = write(&text);
        assert_eq!(last.count(), 1);
        let mut places = (0..200).map(|i| (i * 7919 + 13) % long.len());
        for round in 0..200 {
            let at = places.next().unwrap();
            let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            text.insert(at, if round % 3 == 0 { '\n' } else { 'é' });
            let json = write(&text);
            if round % 3 != 0 {
                assert!(
                    json.shares(&last),
                    "round {round}: the last array's buffer is shared"
                );
            }
            if round == 1 {
                assert!(json.count() <= 5, "{} pieces", json.count());
            }
            assert!(json.count() <= MAX_PIECES);
            assert!(json.held() <= 2 * json.len() + (1 << 20));
            last = json;
        }
    }

    #[test]
    fn a_stashed_result_replaces_the_library_s_placeholder_once() {
        let stash = Stash::default();
        let id = stash.put(br#"{"kind":"full","items":[]}"#.to_vec());
        let placeholder = format!(
            r#"{{"jsonrpc":"2.0","result":{{"kind":"full","resultId":"{id}","items":[]}},"id":4}}"#
        );
        let replaced = stash.replace(placeholder.as_bytes()).unwrap();
        let v: Value = serde_json::from_slice(&replaced).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"jsonrpc": "2.0", "id": 4, "result": {"kind": "full", "items": []}})
        );
        assert_eq!(stash.replace(placeholder.as_bytes()), None);
        let other = br#"{"jsonrpc":"2.0","result":{"kind":"full","items":[]},"id":5}"#;
        assert_eq!(stash.replace(other), None);
    }

    #[test]
    fn the_frame_is_a_notification_with_its_length() {
        let uri: Uri = "file:///tmp/a%20b.txt".parse().unwrap();
        let diagnostics = br#"[{"message":"x"}]"#.to_vec();
        let frame = frame(&uri, Some(7), diagnostics.into());
        let text = String::from_utf8(frame.to_vec()).unwrap();
        let (header, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(header, format!("Content-Length: {}", body.len()));
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["method"], "textDocument/publishDiagnostics");
        assert_eq!(v["params"]["uri"], "file:///tmp/a%20b.txt");
        assert_eq!(v["params"]["version"], 7);
        assert_eq!(
            v["params"]["diagnostics"],
            serde_json::json!([{"message": "x"}])
        );
        let none = super::frame(&uri, None, b"[]".to_vec().into());
        let none = String::from_utf8(none.to_vec()).unwrap();
        assert!(!none.contains("version"));
    }
}
