//! The corpus on disk: finding its files, reading them safely, learning its model. Shared by the
//! command line and the language server; the analysis itself does no I/O.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use tamis_analysis::config::Settings;
use tamis_analysis::Model;

/// What reading a file gave.
#[derive(Debug)]
pub enum Loaded {
    /// The file's text (with its byte-order mark, if any) and its raw bytes' length.
    Text(String),
    /// A file not to check, with why (NUL bytes: a binary file).
    Skipped(String),
}

/// Reads a file as UTF-8 text. Invalid UTF-8 is an error naming the byte offset; a file with NUL
/// bytes is skipped.
pub fn read_document(path: &Path) -> Result<Loaded, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    if let Some(i) = memchr::memchr(0, &bytes) {
        return Ok(Loaded::Skipped(format!(
            "{}: skipped: binary file (NUL byte at offset {i})",
            path.display()
        )));
    }
    String::from_utf8(bytes).map(Loaded::Text).map_err(|e| {
        format!(
            "{}: invalid UTF-8 at byte offset {}",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
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
        found.sort();
        out.extend(found);
    }
    (out, errors)
}

/// Learns a model from files in parallel; unreadable files are left out silently (the check
/// that follows reports them).
pub fn learn(files: &[PathBuf]) -> Model {
    learn_observed(files, &|| {})
}

/// [`learn`], calling `done` after each file (for a progress bar).
pub fn learn_observed(files: &[PathBuf], done: &(dyn Fn() + Sync)) -> Model {
    files
        .par_iter()
        .fold(Model::new, |mut m, path| {
            if let Ok(Loaded::Text(text)) = read_document(path) {
                m.add_document(&text);
            }
            done();
            m
        })
        .reduce(Model::new, |mut a, b| {
            a.merge(&b);
            a
        })
}
