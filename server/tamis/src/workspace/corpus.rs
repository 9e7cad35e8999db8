//! The corpus on disk: finding its files, reading them safely, learning its model. Shared by the
//! command line and the language server; the analysis itself does no I/O.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::encoding::Decoded;
use tamis_analysis::config::Settings;
use tamis_analysis::{Model, TextKeys, MAX_TEXT_LEN};

/// What reading a file gave.
#[derive(Debug)]
pub enum Loaded {
    /// The file's text (with its byte-order mark, if any) and its raw bytes' length.
    Text(String),
    /// A file in another encoding than UTF-8, decoded.
    Decoded(Decoded),
    /// A file not to check, with why (NUL bytes: a binary file).
    Skipped(String),
}

/// Reads a file as text: UTF-8 as it is; UTF-16 with a byte-order mark, and text in a legacy
/// encoding (not valid UTF-8, and no UTF-8 letter in it), decoded (see [`super::encoding`]). A
/// UTF-8 file with broken bytes is an error naming the first one's offset; a file with NUL bytes
/// (and no UTF-16 byte-order mark) is skipped as binary.
///
/// A file whose text is longer than the analysis reads ([`MAX_TEXT_LEN`], 1 GiB: its lines hold
/// 30-bit offsets) is an error, told before the file is read when the file itself is longer.
pub fn read_document(path: &Path) -> Result<Loaded, String> {
    read_document_within(path, MAX_TEXT_LEN)
}

/// Why a text of `len` bytes is not read (longer than `limit`).
pub fn too_large(len: u64, limit: usize) -> String {
    format!("too large: its text is {len} bytes; tamis reads texts of at most {limit} bytes")
}

/// [`read_document`] with texts of at most `limit` bytes.
fn read_document_within(path: &Path, limit: usize) -> Result<Loaded, String> {
    let refused = |len: u64| format!("{}: {}", path.display(), too_large(len, limit));
    if let Ok(m) = std::fs::metadata(path) {
        if m.len() > limit as u64 {
            return Err(refused(m.len()));
        }
    }
    let loaded = read_any_document(path)?;
    match loaded.text() {
        // A file in another encoding can grow when decoded (`€`: 1 byte, then 3).
        Some(text) if text.len() > limit => Err(refused(text.len() as u64)),
        _ => Ok(loaded),
    }
}

/// [`read_document`] of a text of any length.
fn read_any_document(path: &Path) -> Result<Loaded, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Ok(Loaded::Decoded(super::encoding::decode(bytes)));
    }
    if let Some(i) = memchr::memchr(0, &bytes) {
        return Ok(Loaded::Skipped(format!(
            "{}: skipped: binary file (NUL byte at offset {i})",
            path.display()
        )));
    }
    match super::utf8::string_from_utf8(bytes) {
        Ok(text) => Ok(Loaded::Text(text)),
        // Letters written in UTF-8 beside the broken bytes: a damaged UTF-8 file, which any
        // other encoding would garble. Reported, not guessed at.
        Err(e) if e.as_bytes().utf8_chunks().any(|c| !c.valid().is_ascii()) => Err(format!(
            "{}: invalid UTF-8 at byte offset {}",
            path.display(),
            e.utf8_error().valid_up_to()
        )),
        Err(e) => Ok(Loaded::Decoded(super::encoding::decode(e.into_bytes()))),
    }
}

impl Loaded {
    /// The text to analyse, for a file that has one.
    pub fn text(&self) -> Option<&str> {
        match self {
            Loaded::Text(t) => Some(t),
            Loaded::Decoded(d) => Some(&d.text),
            Loaded::Skipped(_) => None,
        }
    }

    /// What a command that reads a file without writing it back keeps of it: the text, and
    /// how it was decoded for a file in another encoding. Such a file's text is not copied: it
    /// stays in its [`Decoded`] alone (which maps its offsets to the file's), the `String`
    /// given being empty, and its raw bytes are dropped: [`Self::text_of`] reads the text.
    pub fn into_read(self) -> Option<(String, Option<Decoded>)> {
        match self {
            Loaded::Text(t) => Some((t, None)),
            Loaded::Decoded(mut d) => {
                d.bytes = Vec::new();
                Some((String::new(), Some(d)))
            }
            Loaded::Skipped(_) => None,
        }
    }

    /// The text of what [`Self::into_read`] gave.
    pub fn text_of<'a>(text: &'a str, decoded: Option<&'a Decoded>) -> &'a str {
        decoded.map_or(text, |d| &d.text)
    }

    /// The text, owned.
    pub fn into_text(self) -> Option<String> {
        match self {
            Loaded::Text(t) => Some(t),
            Loaded::Decoded(d) => Some(d.text),
            Loaded::Skipped(_) => None,
        }
    }
}

/// The files to process: files named on the command line as they are, and in folders the corpus
/// files (by the configured globs), honouring `.gitignore`, in a stable order.
pub fn collect(paths: &[PathBuf], settings: &Settings) -> (Vec<PathBuf>, Vec<String>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if root.is_file() {
            out.push(root.clone());
            continue;
        }
        if !root.exists() {
            errors.push(format!("{}: no such file or folder", root.display()));
            continue;
        }
        let mut found = Vec::new();
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            .follow_links(false)
            .build();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                    if settings.is_corpus_file(rel) {
                        found.push(e.into_path());
                    }
                }
                Ok(_) => {}
                Err(e) => errors.push(e.to_string()),
            }
        }
        // In `Path`'s order, by a key made once per file: `Path::cmp` parses both paths into
        // components at every comparison (28 M instructions for 3,000 files, n log n of them).
        found.sort_by_cached_key(|p| order_key(p));
        out.extend(found);
    }
    (out, errors)
}

/// The components of `path` joined by a zero byte, which no component holds: compared as bytes,
/// these keys are in the order `Path::cmp` gives (component by component, a component before
/// the longer ones it starts), for the paths a walk below one folder finds (all of their
/// components after the folder's are names).
fn order_key(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len());
    for (i, c) in path.components().enumerate() {
        if i > 0 {
            key.push(0);
        }
        key.extend_from_slice(c.as_os_str().as_encoded_bytes());
    }
    key
}

/// Learns a model from files in parallel; unreadable files are left out silently (the check
/// that follows reports them).
pub fn learn(files: &[PathBuf]) -> Model {
    learn_observed(files, &|| {})
}

/// A file read while the model was learned, kept for the check that follows, so that each file
/// is read, validated and its lines hashed once: what reading gave and its lines' keys.
#[derive(Debug)]
pub struct Kept {
    pub loaded: Loaded,
    pub keys: TextKeys,
}

/// [`learn_observed`], keeping what each file gave (see [`Kept`]; in the order of `files`) as
/// long as the kept texts and keys take at most `budget` bytes in all, so that memory stays
/// bounded on a corpus of any size: the files beyond are read again by the check. Files that
/// give no text (binary, unreadable) are not kept, so that the check reports them.
pub fn learn_keeping(
    files: &[PathBuf],
    budget: usize,
    done: &(dyn Fn() + Sync),
) -> (Model, Vec<Option<Kept>>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let used = AtomicUsize::new(0);
    let (model, found) = files
        .par_iter()
        .enumerate()
        .fold(
            || (Model::new(), Vec::new()),
            |(mut m, mut found), (i, path)| {
                if let Ok(loaded) = read_document(path) {
                    if let Some(text) = loaded.text() {
                        let (document, lines) = tamis_analysis::learn_keys(text);
                        m.add_keys(&document);
                        let size = kept_size(&loaded, text.len()) + lines.heap_size();
                        if used.fetch_add(size, Ordering::Relaxed) + size <= budget {
                            found.push((
                                i,
                                Kept {
                                    loaded,
                                    keys: lines,
                                },
                            ));
                        }
                    }
                }
                done();
                (m, found)
            },
        )
        .reduce(
            || (Model::new(), Vec::new()),
            |(a, mut found), (b, more)| {
                found.extend(more);
                (a.merged(b), found)
            },
        );
    let mut kept: Vec<Option<Kept>> = std::iter::repeat_with(|| None).take(files.len()).collect();
    for (i, k) in found {
        kept[i] = Some(k);
    }
    (model, kept)
}

/// The bytes a read file holds: a decoded file keeps its bytes beside its text.
fn kept_size(loaded: &Loaded, text: usize) -> usize {
    match loaded {
        Loaded::Decoded(d) => text + d.bytes.len(),
        _ => text,
    }
}

/// [`learn`], calling `done` after each file (for a progress bar).
pub fn learn_observed(files: &[PathBuf], done: &(dyn Fn() + Sync)) -> Model {
    files
        .par_iter()
        .fold(Model::new, |mut m, path| {
            if let Some(text) = read_document(path).ok().and_then(Loaded::into_text) {
                m.add_document(&text);
            }
            done();
            m
        })
        .reduce(Model::new, Model::merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys sort paths as `Path::cmp` does: names that start alike, with bytes below and
    /// above the separator (`-`, `.`, space, `0`), accents, upper case, under a relative and an
    /// absolute folder, at several depths.
    #[test]
    fn order_keys_sort_as_paths_do() {
        let names = [
            "a", "a-b", "a.b", "a b", "ab", "a0", "b", "é", "A", "a~", "+", "00",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for root in ["corpus", "/tmp/corpus", "a", "./x/../corpus"] {
            let mut paths: Vec<PathBuf> = (0..2_000)
                .map(|_| {
                    let mut p = PathBuf::from(root);
                    for _ in 0..1 + next(4) {
                        p.push(names[next(names.len())]);
                    }
                    p
                })
                .collect();
            let mut by_key = paths.clone();
            by_key.sort_by_cached_key(|p| order_key(p));
            paths.sort();
            assert_eq!(by_key, paths, "under {root}");
        }
    }

    #[test]
    fn a_file_read_keeps_one_text_and_no_raw_bytes() {
        let latin1: Vec<u8> = "Réunion à Genève, été 2024.\n"
            .chars()
            .map(|c| c as u32 as u8)
            .collect();
        let decoded = super::super::encoding::decode(latin1);
        let expected = decoded.text.clone();
        let (own, decoded) = Loaded::Decoded(decoded).into_read().unwrap();
        let d = decoded.as_ref().unwrap();
        assert!(own.is_empty() && d.bytes.is_empty());
        assert_eq!(Loaded::text_of(&own, decoded.as_ref()), expected);
        // Offsets still map to the file's bytes: `é` is one byte there.
        let at = expected.find("Genève").unwrap();
        assert_eq!(d.file_offset(at), "Réunion à ".len() - 2);

        let (own, decoded) = Loaded::Text("Genève\n".into()).into_read().unwrap();
        assert!(decoded.is_none());
        assert_eq!(Loaded::text_of(&own, None), "Genève\n");
        assert!(Loaded::Skipped("binary".into()).into_read().is_none());
    }

    #[test]
    fn a_text_longer_than_the_limit_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Genève\n").unwrap();
        // UTF-8: 8 bytes, told by the file's length before it is read.
        assert!(matches!(read_document_within(&path, 8), Ok(Loaded::Text(t)) if t == "Genève\n"));
        let err = read_document_within(&path, 7).unwrap_err();
        assert!(
            err.ends_with(
                "a.txt: too large: its text is 8 bytes; tamis reads texts of at most 7 bytes"
            ),
            "{err}"
        );
        // Windows-1252, longer once decoded (`€` is 1 byte there, 3 in UTF-8): told by the
        // text's length.
        let bytes = b"Prix : 5 \x80, 7 \x80 ou 9 \x80 \xe0 Gen\xe8ve.\n".to_vec();
        let text = super::super::encoding::decode(bytes.clone()).text;
        assert!(text.contains('€') && text.len() > bytes.len());
        std::fs::write(&path, &bytes).unwrap();
        let limit = text.len();
        assert!(
            matches!(read_document_within(&path, limit), Ok(Loaded::Decoded(d)) if d.text == text)
        );
        let err = read_document_within(&path, limit - 1).unwrap_err();
        let why = too_large(limit as u64, limit - 1);
        assert!(err.ends_with(&format!("a.txt: {why}")), "{err}");
    }
}
