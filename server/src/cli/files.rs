//! Finding the corpus files, reading them safely, and the run's settings and model.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{error, note, CommonArgs};
use crate::analysis::Model;
use crate::config::{self, Settings};

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

/// The settings of a run: `--config`, else `tamis.toml` found from the first path upward.
pub fn settings(config: Option<&Path>, paths: &[PathBuf]) -> Result<Settings, String> {
    if let Some(path) = config {
        return config::load(path);
    }
    match paths.first().and_then(|p| config::find(p)) {
        Some(found) => config::load(&found),
        None => Ok(Settings::default()),
    }
}

/// The files to process: files named on the command line as they are, and in folders the corpus
/// files (by the configured globs), honouring `.gitignore`, in a stable order.
pub fn collect(paths: &[PathBuf], settings: &Settings) -> (Vec<PathBuf>, usize) {
    let mut out = Vec::new();
    let mut errors = 0;
    for root in paths {
        if root.is_file() {
            out.push(root.clone());
            continue;
        }
        if !root.exists() {
            error(format!("{}: no such file or folder", root.display()));
            errors += 1;
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
                Err(e) => {
                    error(e);
                    errors += 1;
                }
            }
        }
        found.sort();
        out.extend(found);
    }
    (out, errors)
}

/// The model of a run: `--model`, else learned from the files (unless `--no-corpus`).
pub fn model(args: &CommonArgs, files: &[PathBuf]) -> Result<Option<Model>, String> {
    if let Some(path) = &args.model {
        let bytes =
            std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        return Model::from_bytes(&bytes)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display()));
    }
    if args.no_corpus || files.len() < 2 {
        return Ok(None);
    }
    Ok(Some(learn(files)))
}

/// Learns a model from files in parallel; unreadable files are left out silently (the check
/// that follows reports them).
pub fn learn(files: &[PathBuf]) -> Model {
    files
        .par_iter()
        .fold(Model::new, |mut m, path| {
            if let Ok(Loaded::Text(text)) = read_document(path) {
                m.add_document(&text);
            }
            m
        })
        .reduce(Model::new, |mut a, b| {
            a.merge(&b);
            a
        })
}

/// Sets up the thread pool of a run.
pub fn threads(n: Option<usize>) {
    if let Some(n) = n {
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
}

/// Reports what reading gave when it gave no text; returns whether it was an error.
pub fn report_unread(result: &Result<Loaded, String>) -> bool {
    match result {
        Ok(Loaded::Text(_)) => false,
        Ok(Loaded::Skipped(why)) => {
            note(why);
            false
        }
        Err(e) => {
            error(e);
            true
        }
    }
}
