//! `tamis learn`: writes the boilerplate model of a corpus, or merges models.

use super::files;
use super::{error, LearnArgs, EXIT_CLEAN, EXIT_ERROR};
use crate::analysis::Model;

pub fn run(args: LearnArgs) -> u8 {
    let model = if args.merge {
        let mut all = Model::new();
        for path in &args.paths {
            let loaded = std::fs::read(path)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))
                .and_then(|b| {
                    Model::from_bytes(&b).map_err(|e| format!("{}: {e}", path.display()))
                });
            match loaded {
                Ok(m) => all.merge(&m),
                Err(e) => {
                    error(e);
                    return EXIT_ERROR;
                }
            }
        }
        all
    } else {
        let settings = match files::settings(args.config.as_deref(), &args.paths) {
            Ok(s) => s,
            Err(e) => {
                error(e);
                return EXIT_ERROR;
            }
        };
        let (paths, errors) = files::collect(&args.paths, &settings);
        if errors > 0 {
            return EXIT_ERROR;
        }
        files::learn(&paths)
    };
    let bytes = model.to_bytes();
    let dir = args
        .output
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let written = tempfile::NamedTempFile::new_in(dir).and_then(|mut t| {
        std::io::Write::write_all(&mut t, &bytes)?;
        t.persist(&args.output).map_err(|e| e.error)?;
        Ok(())
    });
    if let Err(e) = written {
        error(format!("{}: cannot write: {e}", args.output.display()));
        return EXIT_ERROR;
    }
    eprintln!(
        "Learned {} documents, {} distinct lines, into {}.",
        model.documents(),
        model.distinct_lines(),
        args.output.display()
    );
    EXIT_CLEAN
}
