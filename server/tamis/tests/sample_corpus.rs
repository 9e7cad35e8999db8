//! The findings on the repository's own sample corpus (a snapshot), and on every corpus, their
//! agreement with what their rules say of themselves.

mod common;

use common::{corpus, findings, model, render, repo, shared};
use tamis_analysis::rules;

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

#[test]
fn findings_agree_with_what_their_rules_say_of_themselves() {
    for dir in [
        repo().join("tests/sample-corpus"),
        repo().join("tests/entities-eval"),
        repo().join("tests/entities-eval/real-shapes"),
        shared().join("corpus/iom-fr"),
    ] {
        let docs = corpus(&dir);
        let m = model(&docs);
        for (name, text) in &docs {
            for f in findings(text, Some(&m)).iter().chain(&findings(text, None)) {
                let rule = rules::rule(f.code).expect("a known rule");
                assert!(
                    rule.severities().any(|s| s == f.severity),
                    "{name}: {f:?} has a severity that `{}` does not describe",
                    rule.code
                );
                assert!(
                    rule.fix.allows(f.fix.as_ref()),
                    "{name}: {f:?} has a fix that `{}` does not describe ({:?})",
                    rule.code,
                    rule.fix
                );
            }
        }
    }
}
