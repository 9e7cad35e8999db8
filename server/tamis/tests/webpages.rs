//! A safe fix never deletes a page's text, measured on the public web-page sets of
//! `../shared/testdata/webpages` with their own scorer (`score.py`: the recall of the gold
//! article's 4-word shingles in what is left).
//!
//! `tamis fix` is run as users run it on a folder: the corpus model learned from the folder's
//! pages, safe fixes only. The readability set holds sample pages that share whole paragraphs
//! (copies of one page, not pages of a template), code samples and tags named in sentences,
//! tables read one cell per line: all text that a safe fix must leave.

mod common;

use std::path::Path;
use std::process::Command;

use common::shared;

/// The recall `score.py` prints for a set and a folder (or `--untouched`).
fn recall(set: &str, what: &str) -> f64 {
    let scorer = shared().join("testdata/webpages/score.py");
    let out = Command::new("python3")
        .arg(&scorer)
        .args([set, what])
        .output()
        .expect("python3 runs the scorer");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}: {stdout}", scorer.display());
    // `readability: 130 pages (0 missing): precision 0.719 recall 0.897 F1 0.798`
    let after = stdout
        .split("recall ")
        .nth(1)
        .unwrap_or_else(|| panic!("no recall in {stdout:?}"));
    after.split_whitespace().next().unwrap().parse().unwrap()
}

fn copy_pages(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        // (Copied as bytes: the copies are writable whatever the shared files' mode.)
        std::fs::write(
            to.join(path.file_name().unwrap()),
            std::fs::read(&path).unwrap(),
        )
        .unwrap();
    }
}

#[test]
fn safe_fixes_keep_the_articles_of_both_web_page_sets() {
    for set in ["readability", "scrapinghub"] {
        let dir = tempfile::tempdir().unwrap();
        copy_pages(
            &shared().join("testdata/webpages").join(set).join("text"),
            dir.path(),
        );
        let status = Command::new(env!("CARGO_BIN_EXE_tamis"))
            .arg("fix")
            .arg(dir.path())
            .output()
            .unwrap()
            .status;
        // 0: nothing left; 1: findings left (without a safe fix).
        assert!(matches!(status.code(), Some(0 | 1)), "{set}: {status}");
        let untouched = recall(set, "--untouched");
        let fixed = recall(set, dir.path().to_str().unwrap());
        eprintln!("{set}: recall untouched {untouched:.3}, after `tamis fix` {fixed:.3}");
        assert!(
            fixed >= untouched - 0.01,
            "{set}: `tamis fix` deleted article text: recall {untouched:.3} untouched, {fixed:.3} after"
        );
    }
}
