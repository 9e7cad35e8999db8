//! The corpus behind the workspace: indexed in the background at start, kept up to date on saves
//! and file changes. Diagnostics never wait for it: until it is ready, documents are checked
//! without a model.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tower_lsp_server::ls_types::{FileChangeType, FileEvent, MessageType, ProgressToken, Uri};

use super::Backend;
use crate::workspace::{self as corpus, Loaded};
use tamis_analysis::config::{Settings, FILE_NAME};
use tamis_analysis::document_keys;
use tamis_analysis::Model;

/// Files per progress report.
const BATCH: usize = 500;

/// The globs to watch: the corpus files and the configuration.
pub fn watch_globs(settings: &Settings) -> Vec<String> {
    let mut globs: Vec<String> = settings
        .config
        .file_globs()
        .into_iter()
        .map(|g| {
            if g.contains('/') {
                g
            } else {
                format!("**/{g}")
            }
        })
        .collect();
    globs.push(format!("**/{FILE_NAME}"));
    globs
}

/// Indexes the workspace's corpus and learns its model, then re-checks the open documents.
pub async fn index(backend: Backend) {
    let (roots, settings, progress) = {
        let s = backend.lock();
        (s.roots.clone(), s.settings.clone(), s.support.progress)
    };
    if roots.is_empty() {
        return;
    }
    let (files, errors) = {
        let settings = settings.clone();
        let roots = roots.clone();
        match super::blocking(move || corpus::collect(&roots, &settings)).await {
            Ok(found) => found,
            Err(_) => return,
        }
    };
    for e in errors {
        backend
            .client
            .log_message(MessageType::WARNING, format!("tamis: {e}"))
            .await;
    }
    let token = ProgressToken::String("tamis/indexing".to_string());
    let ongoing = if progress
        && backend
            .client
            .create_work_done_progress(token.clone())
            .await
            .is_ok()
    {
        Some(
            backend
                .client
                .progress(token, "Indexing the corpus")
                .with_percentage(0)
                .with_message(format!("0 of {} files", files.len()))
                .begin()
                .await,
        )
    } else {
        None
    };
    let started = std::time::Instant::now();
    status(&backend, "indexing", 0, files.len()).await;
    let mut keys: HashMap<PathBuf, Vec<u64>> = HashMap::with_capacity(files.len());
    let mut entities: HashMap<PathBuf, Vec<super::symbols::Indexed>> =
        HashMap::with_capacity(files.len());
    let (settings, encoding) = {
        let s = backend.lock();
        (s.settings.clone(), s.encoding)
    };
    for (i, batch) in files.chunks(BATCH).enumerate() {
        let batch = batch.to_vec();
        let settings = settings.clone();
        let Ok(learned) = super::blocking(move || {
            batch
                .par_iter()
                .filter_map(|p| {
                    let t = corpus::read_document(p).ok()?.into_text()?;
                    Some((
                        p.clone(),
                        document_keys(&t),
                        super::symbols::index_file(&t, &settings, encoding),
                    ))
                })
                .collect::<Vec<_>>()
        })
        .await
        else {
            return;
        };
        for (p, k, e) in learned {
            entities.insert(p.clone(), e);
            keys.insert(p, k);
        }
        status(
            &backend,
            "indexing",
            ((i + 1) * BATCH).min(files.len()),
            files.len(),
        )
        .await;
        if let Some(p) = &ongoing {
            let done = ((i + 1) * BATCH).min(files.len());
            let percentage = (done * 100 / files.len().max(1)) as u32;
            p.report_with_message(format!("{done} of {} files", files.len()), percentage)
                .await;
        }
    }
    let mut model = Model::new();
    for k in keys.values() {
        model.add_keys(k);
    }
    let message = format!(
        "{} files indexed in {:.2} s ({} distinct lines)",
        keys.len(),
        started.elapsed().as_secs_f64(),
        model.distinct_lines()
    );
    {
        let mut state = backend.lock();
        state.model = Some(Arc::new(model));
        state.corpus = keys;
        state.entities = entities;
    }
    if let Some(p) = ongoing {
        p.finish_with_message(message.clone()).await;
    }
    let indexed = backend.lock().corpus.len();
    status(&backend, "ready", indexed, indexed).await;
    backend
        .client
        .log_message(MessageType::INFO, format!("tamis: {message}"))
        .await;
    backend.recheck_all().await;
}

/// `tamis/indexStatus`: `{"state": "indexing"|"ready", "done", "total"}`, for status bars.
enum IndexStatus {}

impl tower_lsp_server::ls_types::notification::Notification for IndexStatus {
    type Params = serde_json::Value;
    const METHOD: &'static str = "tamis/indexStatus";
}

async fn status(backend: &Backend, state: &str, done: usize, total: usize) {
    backend
        .client
        .send_notification::<IndexStatus>(
            serde_json::json!({"state": state, "done": done, "total": total}),
        )
        .await;
}

/// True when a path belongs to the corpus of one of the roots.
fn in_corpus(roots: &[PathBuf], settings: &Settings, path: &Path) -> bool {
    roots.iter().any(|r| {
        path.strip_prefix(r)
            .is_ok_and(|rel| settings.is_corpus_file(rel))
    })
}

/// Replaces (or removes, with `None`) one file's contribution to the model.
fn update(backend: &Backend, path: &Path, keys: Option<Vec<u64>>) -> bool {
    let mut state = backend.lock();
    if state.model.is_none() {
        return false;
    }
    let old = state.corpus.remove(path);
    let model = Arc::make_mut(state.model.as_mut().expect("checked above"));
    if let Some(old) = &old {
        model.remove_keys(old);
    }
    if let Some(new) = &keys {
        model.add_keys(new);
    }
    if let Some(new) = keys {
        state.corpus.insert(path.to_path_buf(), new);
    }
    true
}

/// A saved document is a corpus file with new content.
pub async fn document_saved(backend: &Backend, uri: &Uri) {
    let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
        return;
    };
    let keys = {
        let mut state = backend.lock();
        if !in_corpus(&state.roots, &state.settings, &path) {
            return;
        }
        let text = state.documents.get(uri).map(|d| d.text());
        if let Some(t) = &text {
            let e = super::symbols::index_file(t, &state.settings, state.encoding);
            state.entities.insert(path.clone(), e);
        }
        text.map(|t| document_keys(&t))
    };
    if keys.is_some() && update(backend, &path, keys) {
        backend.recheck_all().await;
    }
}

/// Files created, changed or deleted on disk.
pub async fn files_changed(backend: &Backend, changes: Vec<FileEvent>) {
    let mut config_changed = false;
    let mut model_changed = false;
    for change in changes {
        let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
            continue;
        };
        if path.file_name().is_some_and(|n| n == FILE_NAME) {
            config_changed = true;
            continue;
        }
        let (roots, settings) = {
            let s = backend.lock();
            (s.roots.clone(), s.settings.clone())
        };
        if !in_corpus(&roots, &settings, &path) {
            continue;
        }
        let text = if change.typ == FileChangeType::DELETED {
            None
        } else {
            corpus::read_document(&path)
                .ok()
                .and_then(Loaded::into_text)
        };
        {
            let mut s = backend.lock();
            match &text {
                Some(t) => {
                    let e = super::symbols::index_file(t, &settings, s.encoding);
                    s.entities.insert(path.clone(), e);
                }
                None => {
                    s.entities.remove(&path);
                }
            }
        }
        let keys = text.map(|t| document_keys(&t));
        model_changed |= update(backend, &path, keys);
    }
    if config_changed {
        backend.reload_settings().await;
    }
    if config_changed || model_changed {
        backend.recheck_all().await;
    }
}
