//! `tamis redact`: replaces the people, emails and phone numbers of files, writing each file
//! atomically (its bytes kept but for the replacements: line endings, byte-order mark,
//! permissions), or prints the replacements as a diff.
//!
//! Two passes: the first reads every entity, so that pseudonyms are given in a stable order and
//! an email gets its person's pseudonym whichever file names the person; the second writes.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::files::{self, Loaded};
use super::progress::Progress;
use super::{error, note, RedactArgs, RedactMode, EXIT_CLEAN, EXIT_ERROR};
use crate::redact::{plan, Mapping, Mode, Observed, Redactor};
use tamis_analysis::entities::{extract_text, Kind};
use tamis_analysis::{apply_edits, Context};

const CHUNK: usize = 512;

pub fn run(args: RedactArgs) -> u8 {
    let kinds: Vec<Kind> = args.types.iter().filter_map(|t| Kind::parse(t)).collect();
    let mode = match args.mode {
        RedactMode::Replace => Mode::Replace,
        RedactMode::Pseudonym => Mode::Pseudonym,
        RedactMode::Mask => Mode::Mask,
        RedactMode::Hash => Mode::Hash,
    };
    if let Some(m) = &args.mapping {
        if !args.mapping_inside_corpus {
            if let Some(root) = inside(m, &args.common.paths) {
                error(format!(
                    "{}: the mapping holds the real names and would be inside {}, which is redacted; put it elsewhere or pass --mapping-inside-corpus",
                    m.display(),
                    root.display()
                ));
                return EXIT_ERROR;
            }
        }
    }
    let mapping = match args.mapping.as_deref().map(read_mapping).transpose() {
        Ok(m) => m.flatten(),
        Err(e) => {
            error(e);
            return EXIT_ERROR;
        }
    };
    let mut redactor = match Redactor::new(mode, mapping) {
        Ok(r) => r,
        Err(e) => {
            error(format!(
                "{}: {e}",
                args.mapping.as_deref().unwrap_or(Path::new("")).display()
            ));
            return EXIT_ERROR;
        }
    };
    let Ok(run) = files::Run::prepare(&args.common) else {
        return EXIT_ERROR;
    };
    let (paths, mut errors, cx) = (&run.paths, run.errors, run.context());
    if mode == Mode::Pseudonym {
        let progress = Progress::start("reading", paths.len());
        let observed = paths
            .par_iter()
            .fold(Observed::default, |mut o, p| {
                if let Some(text) = files::read_document(p).ok().and_then(Loaded::into_text) {
                    o.add(&extract_text(&text, cx));
                }
                progress.inc(1);
                o
            })
            .reduce(Observed::default, |mut a, b| {
                a.merge(b);
                a
            });
        drop(progress);
        redactor.assign(&observed);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut replaced, mut changed) = (0usize, 0usize);
    let progress = Progress::start(if args.diff { "diffing" } else { "redacting" }, paths.len());
    for chunk in paths.chunks(CHUNK) {
        let outcomes: Vec<Outcome> = chunk
            .par_iter()
            .map(|p| {
                let o = redact_file(p, cx, &kinds, &redactor, args.diff);
                progress.inc(1);
                o
            })
            .collect();
        for o in outcomes {
            errors += usize::from(o.failed);
            replaced += o.replaced;
            changed += usize::from(o.replaced > 0);
            progress.suspend(|| {
                let _ = out.write_all(o.diff.as_bytes());
            });
        }
    }
    drop(progress);
    let _ = out.flush();
    drop(out);
    match (&args.mapping, args.diff) {
        (Some(path), false) => {
            if let Err(e) = write_private(path, redactor.mapping()) {
                error(format!("{}: cannot write the mapping: {e}", path.display()));
                errors += 1;
            }
        }
        (None, false) if mode == Mode::Pseudonym || mode == Mode::Hash => note(
            "no --mapping: the key of this run is lost, and another run will give other values",
        ),
        _ => {}
    }
    eprintln!(
        "{} {replaced} entit{} in {changed} file{}.",
        if args.diff {
            "Would replace"
        } else {
            "Replaced"
        },
        if replaced == 1 { "y" } else { "ies" },
        if changed == 1 { "" } else { "s" },
    );
    if errors > 0 {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    }
}

#[derive(Default)]
struct Outcome {
    replaced: usize,
    diff: String,
    failed: bool,
}

fn redact_file(
    path: &Path,
    cx: Context<'_>,
    kinds: &[Kind],
    redactor: &Redactor,
    diff: bool,
) -> Outcome {
    let loaded = files::read_document(path);
    if files::report_unread(&loaded) {
        return Outcome {
            failed: true,
            ..Outcome::default()
        };
    }
    let text = match loaded {
        Ok(Loaded::Text(text)) => text,
        Ok(Loaded::Decoded(d)) => {
            error(format!(
                "{}: not redacted: the file is in {}; convert it to UTF-8 first (tamis fix --unsafe-fixes)",
                path.display(),
                d.name()
            ));
            return Outcome {
                failed: true,
                ..Outcome::default()
            };
        }
        _ => return Outcome::default(),
    };
    let entities = extract_text(&text, cx);
    let edits = plan(&text, &entities, kinds, redactor);
    if edits.is_empty() {
        return Outcome::default();
    }
    let new = apply_edits(&text, &edits);
    let mut outcome = Outcome {
        replaced: edits.len(),
        ..Outcome::default()
    };
    if diff {
        let name = path.display().to_string();
        // The diff `tamis fix --diff` writes (`similar`'s bytes), with one line of context.
        let ops = super::fix::diff::ops(&super::fix::diff::line_ids(&text, &new));
        let mut out = Vec::new();
        super::fix::diff::write_unified(&mut out, &name, &text, &new, &ops, 1)
            .expect("writing to memory does not fail");
        outcome.diff = String::from_utf8(out).expect("a diff of two texts is text");
    } else if let Err(e) =
        crate::workspace::write_atomically(path, Some(text.as_bytes()), new.as_bytes())
    {
        error(format!("{}: not redacted: {e}", path.display()));
        outcome.failed = true;
        outcome.replaced = 0;
    }
    outcome
}

/// The folder given on the command line that would hold `file`, if any.
fn inside(file: &Path, roots: &[PathBuf]) -> Option<PathBuf> {
    let abs = |p: &Path| std::path::absolute(p).ok();
    let dir = abs(file)?.parent()?.to_path_buf();
    let dir = dir.canonicalize().unwrap_or(dir);
    roots.iter().find_map(|r| {
        let r = if r.is_file() { r.parent()? } else { r };
        let r = abs(r)?;
        let r = r.canonicalize().unwrap_or(r);
        dir.starts_with(&r).then_some(r)
    })
}

/// The mapping file, when it exists.
fn read_mapping(path: &Path) -> Result<Option<Mapping>, String> {
    match std::fs::read_to_string(path) {
        Ok(s) => serde_json::from_str(&s)
            .map(Some)
            .map_err(|e| format!("{}: not a tamis mapping: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: cannot read: {e}", path.display())),
    }
}

/// Writes the mapping atomically, readable and writable by its owner only.
fn write_private(path: &Path, mapping: &Mapping) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // The temporary file is created with mode 0600 and keeps it through the rename.
    let mut tmp = tempfile::Builder::new()
        .prefix(".tamis-mapping-")
        .tempfile_in(dir)?;
    serde_json::to_writer_pretty(&mut tmp, mapping)?;
    tmp.write_all(b"\n")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o600))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
