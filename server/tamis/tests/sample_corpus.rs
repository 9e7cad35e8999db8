//! Snapshot of the findings on the repository's own sample corpus.

mod common;

use common::{corpus, findings, model, render, repo};

#[test]
fn sample_corpus_findings() {
    let docs = corpus(&repo().join("tests/sample-corpus"));
    let m = model(&docs);
    let mut out = String::new();
    for (name, text) in &docs {
        out.push_str(&format!("== {name}\n"));
        out.push_str(&render(text, &findings(text, Some(&m))));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn clean_releases_get_no_finding() {
    let docs = corpus(&repo().join("tests/sample-corpus"));
    let m = model(&docs);
    for clean in ["es-01-retornos.txt", "es-03-informe-bom.txt"] {
        let (_, text) = docs.iter().find(|(n, _)| n == clean).unwrap();
        assert_eq!(findings(text, Some(&m)), [], "{clean}");
        assert_eq!(findings(text, None), [], "{clean}");
    }
}
