//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use tamis_analysis::config::Settings;
use tamis_analysis::{check, Context, Finding, Model};

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

/// `../shared` beside the checkout.
pub fn shared() -> PathBuf {
    repo().join("../shared")
}

/// The `.txt` files of a folder, sorted, with their text.
pub fn corpus(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The model of a corpus, learned as `tamis check` learns it.
pub fn model(docs: &[(String, String)]) -> Model {
    let mut m = Model::new();
    for (_, text) in docs {
        m.add_document(text);
    }
    m
}

/// Checks one document against a model with the default settings.
pub fn findings(text: &str, model: Option<&Model>) -> Vec<Finding> {
    let settings = Settings::default();
    check(
        text,
        Context {
            settings: &settings,
            model,
        },
    )
}

/// The entities of one document, with the default settings and no model (as `tamis entities`).
pub fn entities(text: &str) -> Vec<tamis_analysis::entities::Entity> {
    let settings = Settings::default();
    tamis_analysis::entities::extract_text(
        text,
        Context {
            settings: &settings,
            model: None,
        },
    )
}

/// Findings rendered one per line: code, applicability, the text found and the fix's edits.
pub fn render(text: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let found = &text[f.range.clone()];
        let found = if found.len() > 60 {
            format!(
                "{}… ({} bytes)",
                &found[..found.floor_char_boundary(40)],
                found.len()
            )
        } else {
            found.to_string()
        };
        out.push_str(&format!(
            "{} [{}] {:?}\n    {}\n",
            f.code,
            f.severity.as_str(),
            found,
            f.message
        ));
        if let Some(fix) = &f.fix {
            out.push_str(&format!(
                "    fix ({}): {}\n",
                fix.applicability.as_str(),
                fix.title
            ));
        }
    }
    out
}

/// A text after every allowed fix, re-checked until it settles, with the default settings.
pub fn fixed(text: &str, model: Option<&Model>, unsafe_fixes: bool) -> String {
    let settings = Settings::default();
    let cx = Context {
        settings: &settings,
        model,
    };
    tamis_analysis::fix_until_stable(text, cx, tamis_analysis::FixOptions { unsafe_fixes }).text
}
