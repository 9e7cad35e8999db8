//! Finding the corpus files, reading them safely, and the run's settings and model.

use std::path::{Path, PathBuf};

use super::{error, note, CommonArgs};
pub use crate::workspace::{read_document, Kept, Loaded};
use tamis_analysis::config::Settings;
use tamis_analysis::Model;

/// The files of a run; errors are reported and counted.
pub fn collect(paths: &[PathBuf], settings: &Settings) -> (Vec<PathBuf>, usize) {
    let (files, errors) = crate::workspace::collect(paths, settings);
    for e in &errors {
        error(e);
    }
    (files, errors.len())
}

/// The settings of a run: `--config`, else `tamis.toml` found from the first path upward.
pub fn settings(config: Option<&Path>, paths: &[PathBuf]) -> Result<Settings, String> {
    if let Some(path) = config {
        return crate::workspace::load_settings(path);
    }
    match paths.first().and_then(|p| crate::workspace::find_config(p)) {
        Some(found) => crate::workspace::load_settings(&found),
        None => Ok(Settings::default()),
    }
}

/// What `check` and `fix` work with: the settings, the files, the model, and how many errors
/// finding the files gave.
pub struct Run {
    pub settings: Settings,
    pub paths: Vec<PathBuf>,
    pub model: Option<Model>,
    pub errors: usize,
    /// The files learning the model read, by their index in `paths` (see
    /// [`Run::prepare_keeping`]); empty otherwise.
    pub kept: Vec<Option<Kept>>,
}

/// The bytes of texts and line keys [`Run::prepare_keeping`] keeps at most: a corpus of
/// releases up to about 150 MB is read once; a larger one has only its first files kept, and
/// the others read again, so that memory stays bounded.
const KEEP_BUDGET: usize = 192 << 20;

impl Run {
    /// Sets up a run from the shared arguments; reports why it cannot start.
    pub fn prepare(args: &CommonArgs) -> Result<Run, ()> {
        threads(args.threads);
        let settings = settings(args.config.as_deref(), &args.paths).map_err(error)?;
        let (paths, errors) = collect(&args.paths, &settings);
        let model = model(args, &paths).map_err(error)?;
        Ok(Run {
            settings,
            paths,
            model,
            errors,
            kept: Vec::new(),
        })
    }

    /// [`Run::prepare`], keeping the files that learning the model read (their texts and line
    /// keys, up to [`KEEP_BUDGET`] bytes) for the check that follows: each file is then read
    /// and its lines hashed once.
    pub fn prepare_keeping(args: &CommonArgs) -> Result<Run, ()> {
        if args.model.is_some() || args.no_corpus {
            return Run::prepare(args);
        }
        threads(args.threads);
        let settings = settings(args.config.as_deref(), &args.paths).map_err(error)?;
        let (paths, errors) = collect(&args.paths, &settings);
        let (model, kept) = if paths.len() < 2 {
            (None, Vec::new())
        } else {
            let progress = super::progress::Progress::start("learning", paths.len());
            let (model, kept) =
                crate::workspace::learn_keeping(&paths, KEEP_BUDGET, &|| progress.inc(1));
            (Some(model), kept)
        };
        Ok(Run {
            settings,
            paths,
            model,
            errors,
            kept,
        })
    }

    pub fn context(&self) -> tamis_analysis::Context<'_> {
        tamis_analysis::Context {
            settings: &self.settings,
            model: self.model.as_ref(),
        }
    }
}

/// A model written by `tamis learn`.
pub fn read_model(path: &std::path::Path) -> Result<Model, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    Model::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// The model of a run: `--model`, else learned from the files (unless `--no-corpus`).
pub fn model(args: &CommonArgs, files: &[PathBuf]) -> Result<Option<Model>, String> {
    if let Some(path) = &args.model {
        return read_model(path).map(Some);
    }
    if args.no_corpus || files.len() < 2 {
        return Ok(None);
    }
    Ok(Some(learn(files)))
}

/// Learns the model of the files, with a progress bar.
pub fn learn(files: &[PathBuf]) -> Model {
    let progress = super::progress::Progress::start("learning", files.len());
    crate::workspace::learn_observed(files, &|| progress.inc(1))
}

/// Sets up the thread pool of a run.
pub fn threads(n: Option<usize>) {
    if let Some(n) = n {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
}

/// Reports what reading gave when it gave no text; returns whether it was an error.
/// A two-column summary table (`count  label`), rows with a zero count left out.
pub fn render_table(out: &mut impl std::io::Write, heading: (&str, &str), rows: &[(usize, &str)]) {
    let _ = writeln!(out, "\n  {:>8}  {}", heading.0, heading.1);
    for (n, label) in rows {
        if *n > 0 {
            let _ = writeln!(out, "  {n:>8}  {label}");
        }
    }
}

pub fn report_unread(result: &Result<Loaded, String>) -> bool {
    match result {
        Ok(Loaded::Text(_) | Loaded::Decoded(_)) => false,
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
