//! `tamis learn`: writes the boilerplate model of a corpus, learned from files or from JSON lines
//! on stdin, or merges models.

use std::io::Write;
use std::path::PathBuf;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use rayon::prelude::*;
use serde_json::{json, Value};

use super::files;
use super::stream::{read_lines, Document};
use super::{error, LearnArgs, EXIT_CLEAN, EXIT_ERROR};
use tamis_analysis::Model;

pub fn run(args: LearnArgs) -> u8 {
    files::threads(args.threads);
    let model = if args.merge {
        merge(&args.paths)
    } else if args.stdin_jsonl {
        from_stdin()
    } else {
        from_files(&args)
    };
    let model = match model {
        Ok(m) => m,
        Err(e) => {
            error(e);
            return EXIT_ERROR;
        }
    };
    let Some(output) = &args.output else {
        let line = json!({
            "documents": model.documents(),
            "distinct_lines": model.distinct_lines(),
            "model": BASE64.encode(model.to_bytes()),
        });
        let mut out = std::io::stdout().lock();
        return match writeln!(out, "{line}").and_then(|()| out.flush()) {
            Ok(()) => EXIT_CLEAN,
            Err(e) => {
                error(format!("cannot write the model: {e}"));
                EXIT_ERROR
            }
        };
    };
    if let Err(e) = crate::workspace::write_atomically(output, None, &model.to_bytes()) {
        error(format!("{}: cannot write: {e}", output.display()));
        return EXIT_ERROR;
    }
    eprintln!(
        "Learned {} documents, {} distinct lines, into {}.",
        model.documents(),
        model.distinct_lines(),
        output.display()
    );
    EXIT_CLEAN
}

fn from_files(args: &LearnArgs) -> Result<Model, String> {
    let settings = files::settings(args.config.as_deref(), &args.paths)?;
    let (paths, errors) = files::collect(&args.paths, &settings);
    if errors > 0 {
        return Err(format!("{errors} path(s) could not be read"));
    }
    Ok(files::learn(&paths))
}

fn from_stdin() -> Result<Model, String> {
    let stdin = std::io::stdin();
    let mut lines = read_lines(stdin.lock());
    let mut model = Model::new();
    let mut refused = 0usize;
    loop {
        let batch: Vec<_> = lines.by_ref().take(1024).collect();
        if batch.is_empty() {
            break;
        }
        let (part, bad) = batch
            .par_iter()
            .fold(
                || (Model::new(), 0usize),
                |(mut m, bad), line| match Document::parse(line) {
                    Ok(doc) => {
                        m.add_document(&doc.text);
                        (m, bad)
                    }
                    Err((id, why)) => {
                        error(format!("document {id}: {why}"));
                        (m, bad + 1)
                    }
                },
            )
            .reduce(|| (Model::new(), 0), |(a, x), (b, y)| (a.merged(b), x + y));
        model.merge(&part);
        refused += bad;
    }
    if refused > 0 {
        return Err(format!("{refused} input line(s) refused; no model written"));
    }
    Ok(model)
}

/// Merges model files: binary models, or files of JSON lines with a base64 `model` each.
fn merge(paths: &[PathBuf]) -> Result<Model, String> {
    let mut all = Model::new();
    for path in paths {
        let bytes =
            std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let at = |e: String| format!("{}: {e}", path.display());
        if bytes.starts_with(tamis_analysis::MODEL_MAGIC) || !bytes.starts_with(b"{") {
            all.merge(&Model::from_bytes(&bytes).map_err(at)?);
            continue;
        }
        for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let at = |e: String| format!("{}:{}: {e}", path.display(), n + 1);
            let value: Value =
                serde_json::from_slice(line).map_err(|e| at(format!("invalid JSON: {e}")))?;
            let encoded = value["model"]
                .as_str()
                .ok_or_else(|| at("no \"model\" string".into()))?;
            let decoded = BASE64
                .decode(encoded)
                .map_err(|e| at(format!("the model is not base64: {e}")))?;
            all.merge(&Model::from_bytes(&decoded).map_err(at)?);
        }
    }
    Ok(all)
}
