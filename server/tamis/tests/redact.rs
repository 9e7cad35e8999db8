//! `tamis redact` and `tamis report`, driven as users drive them: nothing personal of the input
//! is left in the output, the same person gets the same pseudonym in every file and run, the
//! redacted files check as before, and their bytes, line endings and permissions are kept.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use common::repo;

fn tamis(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tamis"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("tamis runs")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

/// `tamis entities` of a folder: (file name, type, text, normalized).
fn entities(dir: &Path, folder: &str) -> Vec<(String, String, String, String)> {
    let out = tamis(&["entities", folder, "--type", "person,email,phone"], dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            let file = Path::new(&s("path"))
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (file, s("type"), s("text"), s("normalized"))
        })
        .collect()
}

/// `tamis check` of a folder: the rule codes found in each file, with their counts.
fn findings(dir: &Path, folder: &str) -> BTreeMap<String, BTreeMap<String, usize>> {
    let out = tamis(&["check", folder, "--format", "json"], dir);
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut per_file: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for f in all.as_array().unwrap() {
        let file = Path::new(f["path"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let code = f["code"].as_str().unwrap().to_string();
        *per_file.entry(file).or_default().entry(code).or_default() += 1;
    }
    per_file
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn nothing_personal_is_left_and_the_files_keep_their_bytes_and_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_dir(&repo().join("tests/sample-corpus"), &dir.join("corpus"));
    let crlf = dir.join("corpus/es-02-taller-crlf.txt");
    let bom = dir.join("corpus/es-03-informe-bom.txt");
    std::fs::set_permissions(&crlf, std::fs::Permissions::from_mode(0o640)).unwrap();
    let crlf_lines = std::fs::read_to_string(&crlf)
        .unwrap()
        .matches("\r\n")
        .count();
    assert!(crlf_lines > 3);
    assert!(std::fs::read(&bom).unwrap().starts_with(b"\xef\xbb\xbf"));
    let before = entities(dir, "corpus");
    let kinds: BTreeSet<&str> = before.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["email", "person", "phone"]));
    let findings_before = findings(dir, "corpus");

    // The mapping holds the real names: not inside the corpus unless asked.
    let refused = tamis(&["redact", "corpus", "--mapping", "corpus/map.json"], dir);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--mapping-inside-corpus"));
    assert!(!dir.join("corpus/map.json").exists());

    // A preview writes nothing.
    let diff = tamis(
        &["redact", "corpus", "--mapping", "map.json", "--diff"],
        dir,
    );
    assert!(diff.status.success());
    assert!(String::from_utf8_lossy(&diff.stdout).contains("+++ corpus/en-01-floods.txt"));
    assert!(!dir.join("map.json").exists());
    assert_eq!(entities(dir, "corpus"), before);

    let out = tamis(&["redact", "corpus", "--mapping", "map.json"], dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&dir.join("map.json")), 0o600);

    // No value of the input is left: neither as the extraction reads it again, nor anywhere in
    // the text.
    let after = entities(dir, "corpus");
    let originals: BTreeSet<&str> = before
        .iter()
        .flat_map(|e| [e.2.as_str(), e.3.as_str()])
        .collect();
    for e in &after {
        assert!(
            !originals.contains(e.2.as_str()) && !originals.contains(e.3.as_str()),
            "{e:?} is still there"
        );
    }
    for (file, kind, text, normalized) in &before {
        let redacted = std::fs::read_to_string(dir.join("corpus").join(file)).unwrap();
        for value in [text, normalized] {
            // A phone's normalised form is digits: looked for as written and as digits.
            let found = if kind == "phone" {
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                let all: String = redacted.chars().filter(char::is_ascii_digit).collect();
                redacted.contains(value.as_str()) || all.contains(&digits)
            } else {
                redacted.contains(value.as_str())
            };
            assert!(!found, "{file}: the {kind} {value:?} is still there");
        }
    }
    // The redacted files check as the originals did: no new finding.
    let findings_after = findings(dir, "corpus");
    for (file, codes) in &findings_after {
        for (code, n) in codes {
            let was = findings_before
                .get(file)
                .and_then(|c| c.get(code))
                .copied()
                .unwrap_or(0);
            assert!(
                *n <= was,
                "{file}: {n} {code} after redaction, {was} before"
            );
        }
    }
    // Bytes kept: line endings, byte-order mark, permissions.
    let text = std::fs::read_to_string(&crlf).unwrap();
    assert_eq!(text.matches("\r\n").count(), crlf_lines);
    assert_eq!(text.matches('\n').count(), crlf_lines);
    assert!(std::fs::read(&bom).unwrap().starts_with(b"\xef\xbb\xbf"));
    assert_eq!(mode(&crlf), 0o640);
}

const A: &str = "Kingston - The office opened on Monday, said Patrick Lindo, head of office.\n\
\"We are ready\", Lindo added.\n\
For more information, please contact Patrick Lindo, Tel: +44 20 7946 0123, Email: plindo@horizon-migrations.org\n";
const B: &str = "London - Training started on Tuesday, said Patrick Lindo, head of office.\n\
For more information, please contact Patrick Lindo, Email: plindo@horizon-migrations.org\n";

#[test]
fn the_same_person_gets_the_same_pseudonym_in_every_file_and_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for (folder, name, text) in [
        ("one", "a.txt", A),
        ("one", "b.txt", B),
        ("two", "c.txt", B),
    ] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::write(dir.join(folder).join(name), text).unwrap();
    }
    let run = |folder: &str| {
        let out = tamis(&["redact", folder, "--mapping", "map.json"], dir);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run("one");
    let mapping: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("map.json")).unwrap()).unwrap();
    let first = mapping["first_names"]["patrick"]
        .as_str()
        .unwrap()
        .to_string();
    let last = mapping["surnames"]["lindo"].as_str().unwrap().to_string();
    let full = format!("{first} {last}");
    let email = format!(
        "{}.{}@example.org",
        first.to_lowercase(),
        last.to_lowercase()
    );
    assert_eq!(mapping["emails"]["plindo@horizon-migrations.org"], email);
    let a = std::fs::read_to_string(dir.join("one/a.txt")).unwrap();
    let b = std::fs::read_to_string(dir.join("one/b.txt")).unwrap();
    assert_eq!(
        a,
        format!(
            "Kingston - The office opened on Monday, said {full}, head of office.\n\
             \"We are ready\", {last} added.\n\
             For more information, please contact {full}, Tel: +44 20 7946 0{}, Email: {email}\n",
            &a[a.find("7946 0").unwrap() + 6..][..3]
        )
    );
    assert!(a.contains("+44 20 7946 0"), "{a}");
    assert!(
        b.contains(&full) && b.contains(&email) && !b.contains("Lindo"),
        "{b}"
    );
    // A second run, on other files, with the same mapping: the same values.
    run("two");
    assert_eq!(
        std::fs::read_to_string(dir.join("two/c.txt")).unwrap(),
        b,
        "a second run gives the same pseudonyms"
    );
    // Other modes.
    std::fs::write(dir.join("two/c.txt"), B).unwrap();
    let out = tamis(&["redact", "two", "--mode", "replace"], dir);
    assert!(out.status.success());
    let c = std::fs::read_to_string(dir.join("two/c.txt")).unwrap();
    assert_eq!(
        c,
        "London - Training started on Tuesday, said [PERSON], head of office.\n\
         For more information, please contact [PERSON], Email: [EMAIL]\n"
    );
    // Hashes with the mapping's key: the same value, the same hash, in every file.
    for name in ["c.txt", "d.txt"] {
        std::fs::write(dir.join("two").join(name), B).unwrap();
    }
    let out = tamis(
        &["redact", "two", "--mode", "hash", "--mapping", "map.json"],
        dir,
    );
    assert!(out.status.success());
    let c = std::fs::read_to_string(dir.join("two/c.txt")).unwrap();
    assert_eq!(c, std::fs::read_to_string(dir.join("two/d.txt")).unwrap());
    let person = c.split("said ").nth(1).unwrap().split(',').next().unwrap();
    assert!(
        person.starts_with("PERSON-") && person.len() == 7 + 16,
        "{c}"
    );
    assert_eq!(c.matches(person).count(), 2, "{c}");
}

#[test]
fn report_json_and_html_hold_the_same_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_dir(&repo().join("tests/sites-corpus"), &dir.join("corpus"));
    std::fs::write(
        dir.join("corpus/zz.txt"),
        "<script>alert(1)</script>\nSaid Patrick Lindo <b>today</b>.\n",
    )
    .unwrap();
    let out = tamis(&["report", "corpus", "--format", "json"], dir);
    assert!(out.status.success());
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["files"], 20);
    let out = tamis(&["report", "corpus", "-o", "report.html"], dir);
    assert!(out.status.success());
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(!html.contains("<script") && !html.contains("<b>today"));
    assert!(html.contains("&lt;b&gt;"));
    let bars = html.matches("class=\"bar").count();
    let rows = |k: &str| r[k].as_array().unwrap().len();
    assert_eq!(
        bars,
        rows("severities") + rows("outcomes") + rows("rules") + rows("histogram") + rows("groups")
    );
    // The template of the riverside pages, with the blocks learned from them.
    let riverside = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "Skip to content")
        .unwrap();
    assert_eq!(riverside["files"], 5);
    assert!(riverside["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["files"] == 5));
}
