//! `textDocument/publishDiagnostics`, written as JSON text straight from the findings.
//!
//! tower-lsp-server sends a notification by converting its parameters to a `serde_json::Value`
//! and then to text; with the conversion of every finding to a `Diagnostic` first, that took
//! most of a keystroke's time on a document of many findings (the 5 MB damaged file of
//! `benches/lsp.rs`, 55,000 findings: about 0.8 s of the 0.95 s between `didChange` and its
//! diagnostics). Here the server writes the notification itself, as one frame handed to the
//! output ([`super::framing`]), and each diagnostic from a [`Template`]: its JSON with the line
//! numbers relative to the first line it touches, kept per document under a key of everything
//! that JSON depends on (the finding with offsets from that line's start, and the text from the
//! line's start to just past the finding's end). After a keystroke the findings whose lines did
//! not change reuse their templates, wherever the lines moved; a repeated line or paragraph
//! shares one template. The JSON is [`convert::diagnostic`]'s, as a test checks.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};

use tower_lsp_server::ls_types::Uri;

use super::convert::{self, Snapshot};
use super::framing::Outgoing;
use crate::positions::Encoding;
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

/// The templates of one document's last diagnostics.
#[derive(Debug, Default)]
pub struct Templates {
    encoding: Option<Encoding>,
    map: HashMap<u128, Template, foldhash::fast::FixedState>,
    /// The length of the last JSON written.
    last_len: usize,
    /// How many times [`Templates::write`] ran (wrapping).
    calls: u32,
}

impl Templates {
    /// Appends the JSON array of the diagnostics of `findings` to `out`. Keeps the templates it
    /// used, for the next call, and drops the others.
    pub fn write(&mut self, snap: &Snapshot<'_>, findings: &[Finding], out: &mut Vec<u8>) {
        let started = out.len();
        if self.encoding != Some(snap.encoding) {
            self.map.clear();
            self.encoding = Some(snap.encoding);
        }
        // The templates used are stamped with this call, the others dropped at the end: one
        // lookup per finding (a new table filled from the last one cost an insertion and a
        // removal, and 2.7 MB of table, per keystroke on the damaged document).
        self.calls = self.calls.wrapping_add(1);
        let call = self.calls;
        let mut number = itoa::Buffer::new();
        out.push(b'[');
        // The findings are in order: the line of each is looked for from the last one's.
        let mut line = 0;
        for (i, f) in findings.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let (first, key) = key(snap, f, line as usize);
            line = first;
            let template = self
                .map
                .entry(key)
                .or_insert_with(|| template(snap, f, first));
            template.used = call;
            let mut at = 0;
            for &(pos, line) in &template.lines {
                out.extend_from_slice(&template.json.as_bytes()[at..pos as usize]);
                out.extend_from_slice(number.format(first + line).as_bytes());
                at = pos as usize;
            }
            out.extend_from_slice(&template.json.as_bytes()[at..]);
        }
        out.push(b']');
        self.map.retain(|_, t| t.used == call);
        if self.map.capacity() > 4 * self.map.len() + 1024 {
            self.map.shrink_to_fit();
        }
        self.last_len = out.len() - started;
    }

    /// Room for the next JSON: the length of the last one, most often close to it, and some
    /// more. (A buffer that grows near its end copies all it holds: 25 MB for the damaged
    /// document of `benches/lsp.rs`.)
    pub fn room(&self) -> usize {
        self.last_len + self.last_len / 32 + 4096
    }
}

const SEEDS: (u64, u64) = (0x7a6d_15e5, 0x5eed_7a6d);

/// The first line a finding touches (its range or its fix's edits), and the key of its template;
/// `hint` is a line at or before it, most often.
fn key(snap: &Snapshot<'_>, f: &Finding, hint: usize) -> (u32, u128) {
    let edits = f.fix.iter().flat_map(|fix| &fix.edits);
    let low = edits
        .clone()
        .map(|e| e.range.start)
        .fold(f.range.start, usize::min);
    let high = edits.map(|e| e.range.end).fold(f.range.end, usize::max);
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
            for e in &fix.edits {
                (e.range.start - base, e.range.end - base).hash(&mut h);
                e.new_text.as_str().hash(&mut h);
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

/// The JSON of a full document diagnostic report (`textDocument/diagnostic`'s result).
pub fn report(templates: &mut Templates, snap: &Snapshot<'_>, findings: &[Finding]) -> Vec<u8> {
    let mut out = Vec::with_capacity(templates.room() + 32);
    out.extend_from_slice(br#"{"kind":"full","items":"#);
    templates.write(snap, findings, &mut out);
    out.push(b'}');
    out
}

/// The whole frame of a `publishDiagnostics` notification (header and body), the diagnostics
/// given as a JSON array; `capacity` is the room to reserve for them ([`Templates::room`]).
pub fn frame(
    uri: &Uri,
    version: Option<i32>,
    capacity: usize,
    diagnostics: impl FnOnce(&mut Vec<u8>),
) -> Outgoing {
    // The header is written last, right-aligned in room kept at the front.
    const ROOM: usize = 40;
    let mut buf = super::framing::buffer(capacity + ROOM + 256 + uri.as_str().len() * 2);
    buf.resize(ROOM, 0);
    buf.extend_from_slice(
        br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
    );
    serde_json::to_writer(&mut buf, uri).expect("a URI serializes to JSON");
    if let Some(v) = version {
        buf.extend_from_slice(br#","version":"#);
        buf.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }
    buf.extend_from_slice(br#","diagnostics":"#);
    diagnostics(&mut buf);
    buf.extend_from_slice(b"}}");
    let header = format!("Content-Length: {}\r\n\r\n", buf.len() - ROOM);
    let start = ROOM - header.len();
    buf[start..ROOM].copy_from_slice(header.as_bytes());
    Outgoing::new(buf, start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::sync::Arc;
    use tamis_analysis::config::Settings;

    fn findings(text: &str) -> Vec<Finding> {
        let settings = Arc::new(Settings::default());
        tamis_analysis::check(
            text,
            tamis_analysis::Context {
                settings: &settings,
                model: None,
            },
        )
    }

    /// The templates' JSON is `convert::diagnostic`'s, for every finding of the sample corpus
    /// and of texts made to move lines and share templates, in both encodings, before and after
    /// edits (the templates of the previous text reused).
    #[test]
    fn templates_write_what_convert_writes() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/sample-corpus");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        texts.sort();
        let joined = texts.join("\n");
        let crlf = joined.replace('\n', "\r\n");
        let cr = format!("\u{feff}{}", joined.replace('\n', "\r"));
        let mut moved = joined.clone();
        moved.insert_str(0, "Une ligne de plus\nEt une autre 😀\n");
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            let mut templates = Templates::default();
            for text in texts.iter().chain([&joined, &moved, &crlf, &cr, &joined]) {
                let found = findings(text);
                let snap = Snapshot::new(text, encoding);
                let mut out = Vec::new();
                templates.write(&snap, &found, &mut out);
                let written: Value = serde_json::from_slice(&out).unwrap();
                let expected: Vec<_> = found
                    .iter()
                    .map(|f| convert::diagnostic(&snap, f))
                    .collect();
                assert_eq!(written, serde_json::to_value(&expected).unwrap());
            }
        }
    }

    /// After a call, the table holds the templates that call used and no other: a document
    /// whose findings went away does not keep their JSON.
    #[test]
    fn only_the_templates_of_the_last_call_are_kept() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/sample-corpus");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        let long: String = paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        let short = std::fs::read_to_string(&paths[0]).unwrap();
        let mut templates = Templates::default();
        let mut used = Vec::new();
        for text in [&long, &short, &long, &String::new()] {
            let found = findings(text);
            let snap = Snapshot::new(text, Encoding::Utf16);
            templates.write(&snap, &found, &mut Vec::new());
            let mut keys: Vec<u128> = Vec::new();
            let mut line = 0;
            for f in &found {
                let (first, key) = key(&snap, f, line as usize);
                line = first;
                keys.push(key);
            }
            keys.sort_unstable();
            keys.dedup();
            let mut kept: Vec<u128> = templates.map.keys().copied().collect();
            kept.sort_unstable();
            assert_eq!(kept, keys);
            used.push(keys.len());
        }
        assert!(used[0] > used[1] && used[1] > 0 && used[3] == 0, "{used:?}");
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
        let frame = frame(&uri, Some(7), 0, |out| out.extend_from_slice(b"[]"));
        let text = String::from_utf8(frame.as_bytes().to_vec()).unwrap();
        let (header, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(header, format!("Content-Length: {}", body.len()));
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["method"], "textDocument/publishDiagnostics");
        assert_eq!(v["params"]["uri"], "file:///tmp/a%20b.txt");
        assert_eq!(v["params"]["version"], 7);
        assert_eq!(v["params"]["diagnostics"], serde_json::json!([]));
        let none = super::frame(&uri, None, 1 << 20, |out| out.extend(b"[]"));
        let none = String::from_utf8(none.as_bytes().to_vec()).unwrap();
        assert!(!none.contains("version"));
    }
}
