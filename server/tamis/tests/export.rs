//! `tamis export` and `tamis eval`, through the release binary: every format's offsets index the
//! exported text (beyond the BMP, combining marks, CRLF, a byte-order mark), the same entities
//! as `tamis entities`, `--as-is` against the default, `--types`, and a brat gold scored back.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use common::repo;
use serde_json::Value;

fn tamis(args: &[&str], dir: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_tamis"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("tamis runs");
    assert!(
        out.status.success(),
        "tamis {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Texts where offsets go wrong: a BOM and CRLF, an emoji before the entities, a combining
/// accent, an entity across a line break (the contact record).
const TRICKY: &str = "\u{feff}Genève, le 3 mars 2024 😀🇨🇭\r\n\r\nLa directrice Elena Prieto a annoncé un don de 2 millions de dollars à la Croix-Rouge.\r\nJose\u{301} Martínez, porte-parole de l'OIM, l'a confirmé 👍🏽 à Bogotá le 5 mars 2024.\r\n\r\nContact :\r\nElena Prieto\r\nelena.prieto@iom.int\r\n+41 22 717 9111\r\n";

const PLAIN: &str = "Nairobi, 12 avril 2023\n\nLe ministre Joseph Kamau a visité Mombasa avec l'UNICEF.\nContact : Joseph Kamau, jkamau@example.org, +254 20 123 4567\n";

/// A folder with the tricky texts, one with LF and one with CRLF, in two sub-folders.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("c/a")).unwrap();
    std::fs::create_dir_all(dir.path().join("c/b")).unwrap();
    std::fs::write(dir.path().join("c/a/tricky.txt"), TRICKY).unwrap();
    std::fs::write(dir.path().join("c/b/plain.txt"), PLAIN).unwrap();
    dir
}

/// `(type, text)` of each entity `tamis entities` gives for a file, and the file's bytes.
fn entities_of(dir: &Path, file: &str, types: &[&str]) -> BTreeSet<(String, String)> {
    let out = tamis(&["entities", "--no-corpus", file], dir);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| types.contains(&v["type"].as_str().unwrap()))
        .map(|v| {
            (
                v["type"].as_str().unwrap().to_string(),
                v["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const DEFAULT_TYPES: [&str; 7] = [
    "person",
    "organisation",
    "place",
    "money",
    "date",
    "email",
    "phone",
];

/// The slice of `text` between two offsets counted in code points.
fn code_point_slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn label_studio_tasks(dir: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec![
        "export",
        "--no-corpus",
        "c",
        "--format",
        "label-studio",
        "-o",
        "ls.json",
    ];
    args.extend(extra);
    tamis(&args, dir);
    let json = std::fs::read_to_string(dir.join("ls.json")).unwrap();
    serde_json::from_str::<Vec<Value>>(&json).unwrap()
}

#[test]
fn label_studio_offsets_are_code_points_of_the_exported_text() {
    let dir = corpus();
    let tasks = label_studio_tasks(dir.path(), &["--as-is"]);
    assert_eq!(tasks.len(), 2);
    for task in &tasks {
        let text = task["data"]["text"].as_str().unwrap();
        let path = task["data"]["path"].as_str().unwrap();
        assert_eq!(task["data"]["cleaning"], "as is");
        assert!(!text.starts_with('\u{feff}'), "the BOM is not exported");
        let on_disk = std::fs::read_to_string(dir.path().join(path)).unwrap();
        assert_eq!(text, on_disk.trim_start_matches('\u{feff}'));
        let prediction = &task["predictions"][0];
        assert_eq!(
            prediction["model_version"],
            format!("tamis {}", env!("CARGO_PKG_VERSION"))
        );
        let mut found = BTreeSet::new();
        for r in prediction["result"].as_array().unwrap() {
            let v = &r["value"];
            let slice = code_point_slice(
                text,
                v["start"].as_u64().unwrap(),
                v["end"].as_u64().unwrap(),
            );
            assert_eq!(slice, v["text"].as_str().unwrap(), "{r}");
            assert_eq!(
                (&r["from_name"], &r["to_name"]),
                (&"label".into(), &"text".into())
            );
            found.insert((v["labels"][0].as_str().unwrap().to_string(), slice));
        }
        assert_eq!(
            found,
            entities_of(dir.path(), path, &DEFAULT_TYPES),
            "{path}"
        );
    }
    // The tricky text has entities after the emoji, the CRLF and the combining accent.
    let tricky = &tasks[0];
    assert!(tricky["data"]["path"]
        .as_str()
        .unwrap()
        .ends_with("tricky.txt"));
    let results = tricky["predictions"][0]["result"].as_array().unwrap();
    let people: Vec<&str> = results
        .iter()
        .filter(|r| r["value"]["labels"][0] == "person")
        .map(|r| r["value"]["text"].as_str().unwrap())
        .collect();
    assert!(people.contains(&"Elena Prieto"), "{people:?}");
    let email = results
        .iter()
        .find(|r| r["value"]["labels"][0] == "email")
        .expect("an email");
    let text = tricky["data"]["text"].as_str().unwrap();
    let byte = text.find("elena.prieto@").unwrap();
    assert_eq!(
        email["value"]["start"].as_u64().unwrap() as usize,
        text[..byte].chars().count()
    );
    assert_ne!(
        text[..byte].encode_utf16().count(),
        text[..byte].chars().count(),
        "the test has characters beyond the BMP before the email"
    );
}

#[test]
fn label_config_has_one_label_per_type() {
    let dir = corpus();
    tamis(
        &[
            "export",
            "c",
            "--format",
            "label-studio",
            "-o",
            "ls.json",
            "--types",
            "person,email",
            "--label-config",
            "config.xml",
        ],
        dir.path(),
    );
    let xml = std::fs::read_to_string(dir.path().join("config.xml")).unwrap();
    insta::assert_snapshot!(xml, @r##"
    <View>
      <Labels name="label" toName="text">
        <Label value="person" background="#e6194b"/>
        <Label value="email" background="#008080"/>
      </Labels>
      <Text name="text" value="$text"/>
    </View>
    "##);
    let tasks: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("ls.json")).unwrap())
            .unwrap();
    let labels: BTreeSet<&str> = tasks
        .iter()
        .flat_map(|t| t["predictions"][0]["result"].as_array().unwrap())
        .map(|r| r["value"]["labels"][0].as_str().unwrap())
        .collect();
    assert_eq!(labels, BTreeSet::from(["person", "email"]));
}

#[test]
fn types_choose_the_entities_and_contact_is_only_exported_when_named() {
    let dir = corpus();
    let labels = |tasks: &[Value]| -> BTreeSet<String> {
        tasks
            .iter()
            .flat_map(|t| t["predictions"][0]["result"].as_array().unwrap().clone())
            .map(|r| r["value"]["labels"][0].as_str().unwrap().to_string())
            .collect()
    };
    let all = labels(&label_studio_tasks(dir.path(), &[]));
    assert!(!all.contains("contact"), "{all:?}");
    assert!(all.contains("person") && all.contains("phone"), "{all:?}");
    let some = labels(&label_studio_tasks(
        dir.path(),
        &["--types", "contact,date"],
    ));
    assert_eq!(some, BTreeSet::from(["contact".into(), "date".into()]));
}

#[test]
fn spacy_and_brat_offsets_are_code_points_of_the_exported_text() {
    let dir = corpus();
    tamis(
        &[
            "export",
            "--no-corpus",
            "c",
            "--format",
            "spacy-jsonl",
            "-o",
            "s.jsonl",
        ],
        dir.path(),
    );
    let lines = std::fs::read_to_string(dir.path().join("s.jsonl")).unwrap();
    let mut spacy = Vec::new();
    for line in lines.lines() {
        let doc: Value = serde_json::from_str(line).unwrap();
        let text = doc["text"].as_str().unwrap();
        assert_eq!(doc["meta"]["cleaning"], "safe fixes applied");
        let mut previous_end = 0;
        let mut spans = BTreeSet::new();
        for s in doc["spans"].as_array().unwrap() {
            let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            assert!(start >= previous_end, "spans never overlap: {doc}");
            previous_end = end;
            spans.insert((
                s["label"].as_str().unwrap().to_string(),
                start,
                end,
                code_point_slice(text, start, end),
            ));
        }
        spacy.push((doc["meta"]["path"].as_str().unwrap().to_string(), spans));
    }
    assert_eq!(spacy.len(), 2);

    tamis(
        &[
            "export",
            "--no-corpus",
            "c",
            "--format",
            "brat",
            "-o",
            "brat",
        ],
        dir.path(),
    );
    let brat = dir.path().join("brat");
    let conf = std::fs::read_to_string(brat.join("annotation.conf")).unwrap();
    assert!(
        conf.contains("[entities]\nperson\norganisation\n"),
        "{conf}"
    );
    assert!(!conf.contains("contact"), "{conf}");
    for (name, spans) in [("a/tricky", &spacy[0].1), ("b/plain", &spacy[1].1)] {
        let text = std::fs::read_to_string(brat.join(format!("{name}.txt"))).unwrap();
        let ann = std::fs::read_to_string(brat.join(format!("{name}.ann"))).unwrap();
        let mut from_ann = BTreeSet::new();
        for line in ann.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{line}");
            let (label, offsets) = fields[1].split_once(' ').unwrap();
            let (start, end) = offsets.split_once(' ').expect("never discontinuous");
            let (start, end) = (start.parse().unwrap(), end.parse().unwrap());
            let slice = code_point_slice(&text, start, end);
            assert_eq!(
                slice.replace(['\r', '\n'], " "),
                fields[2],
                "{name}: {line}"
            );
            from_ann.insert((label.to_string(), start, end, slice));
        }
        // brat keeps the overlapping entities that spaCy's flat list leaves out.
        assert!(spans.is_subset(&from_ann), "{name}: {spans:?} {from_ann:?}");
        if name == "a/tricky" {
            assert!(text.contains("\r\n"), "line endings are kept");
            assert!(!text.starts_with('\u{feff}'));
        }
    }
}

/// The spans that CoNLL tags give back: each token is found in the text after the previous one.
fn conll_spans(conll: &str, texts: &[String]) -> Vec<BTreeSet<(String, String)>> {
    let mut docs: Vec<BTreeSet<(String, String)>> = Vec::new();
    let mut text = "";
    let mut cursor = 0;
    let mut open: Option<(String, usize, usize)> = None;
    let close = |open: &mut Option<(String, usize, usize)>,
                 docs: &mut Vec<BTreeSet<(String, String)>>,
                 text: &str| {
        if let Some((label, s, e)) = open.take() {
            docs.last_mut()
                .unwrap()
                .insert((label, text[s..e].to_string()));
        }
    };
    for line in conll.lines() {
        if line.is_empty() {
            continue;
        }
        let (token, tag) = line.rsplit_once(' ').unwrap();
        if token == "-DOCSTART-" {
            close(&mut open, &mut docs, text);
            docs.push(BTreeSet::new());
            text = &texts[docs.len() - 1];
            cursor = 0;
            continue;
        }
        let start = cursor + text[cursor..].find(token).expect("tokens in order");
        assert!(
            text[cursor..start].trim().is_empty(),
            "only spaces between tokens: {token:?}"
        );
        cursor = start + token.len();
        if let Some(label) = tag.strip_prefix("I-") {
            let o = open.as_mut().expect("I- after B- or I-");
            assert_eq!(o.0, label);
            o.2 = cursor;
        } else {
            close(&mut open, &mut docs, text);
            if let Some(label) = tag.strip_prefix("B-") {
                open = Some((label.to_string(), start, cursor));
            } else {
                assert_eq!(tag, "O");
            }
        }
    }
    close(&mut open, &mut docs, text);
    docs
}

#[test]
fn conll_tags_round_trip_to_the_spans() {
    let dir = corpus();
    for (format, out) in [("conll", "e.conll"), ("spacy-jsonl", "s.jsonl")] {
        tamis(
            &["export", "--no-corpus", "c", "--format", format, "-o", out],
            dir.path(),
        );
    }
    let spacy: Vec<Value> = std::fs::read_to_string(dir.path().join("s.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let texts: Vec<String> = spacy
        .iter()
        .map(|d| d["text"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<BTreeSet<(String, String)>> = spacy
        .iter()
        .map(|d| {
            let text = d["text"].as_str().unwrap();
            d["spans"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["label"].as_str().unwrap().to_string(),
                        code_point_slice(
                            text,
                            s["start"].as_u64().unwrap(),
                            s["end"].as_u64().unwrap(),
                        ),
                    )
                })
                .collect()
        })
        .collect();
    let conll = std::fs::read_to_string(dir.path().join("e.conll")).unwrap();
    assert!(conll.starts_with("-DOCSTART- O\n\n"), "{conll}");
    assert!(!conll.contains('\r'));
    assert_eq!(conll_spans(&conll, &texts), expected);
    assert!(expected[0].len() >= 4, "{expected:?}");
    // The combining accent stays in its token, the skin tone with its emoji.
    assert!(conll.contains("\nJose\u{301} "), "{conll}");
    assert!(conll.contains("\n👍🏽 O\n"), "{conll}");
    assert!(conll.contains("\n🇨🇭 O\n"), "{conll}");
}

#[test]
fn default_export_applies_the_safe_fixes_in_memory_and_as_is_does_not() {
    // A file of the sample corpus that `tamis fix` changes.
    let dir = tempfile::tempdir().unwrap();
    let sample = repo().join("tests/sample-corpus");
    let mut names: Vec<_> = std::fs::read_dir(&sample)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    std::fs::create_dir(dir.path().join("c")).unwrap();
    for p in &names {
        std::fs::copy(p, dir.path().join("c").join(p.file_name().unwrap())).unwrap();
    }
    let before: Vec<String> = names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let fixed = label_studio_tasks(dir.path(), &[]);
    let out = Command::new(env!("CARGO_BIN_EXE_tamis"))
        .args(["export", "--no-corpus", "c", "--format", "conll", "-o", "x"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(
        note.contains("with the safe fixes applied in memory"),
        "{note}"
    );
    let as_is = label_studio_tasks(dir.path(), &["--as-is"]);
    // The files are unchanged.
    for (p, b) in names.iter().zip(&before) {
        let now = std::fs::read_to_string(dir.path().join("c").join(p.file_name().unwrap()));
        assert_eq!(&now.unwrap(), b);
    }
    // What `tamis fix` writes is what the default exports.
    let fix = Command::new(env!("CARGO_BIN_EXE_tamis"))
        .args(["fix", "--no-corpus", "c"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_ne!(
        fix.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&fix.stderr)
    );
    let mut changed = 0;
    for ((f, a), b) in fixed.iter().zip(&as_is).zip(&before) {
        let path = f["data"]["path"].as_str().unwrap();
        let written = std::fs::read_to_string(dir.path().join(path)).unwrap();
        assert_eq!(
            f["data"]["text"].as_str().unwrap(),
            written.trim_start_matches('\u{feff}')
        );
        assert_eq!(
            a["data"]["text"].as_str().unwrap(),
            b.trim_start_matches('\u{feff}')
        );
        changed += usize::from(f["data"]["text"] != a["data"]["text"]);
        assert_eq!(f["data"]["cleaning"], "safe fixes applied");
    }
    assert!(changed > 0, "the sample corpus has safe fixes");
}

/// Exports brat, changes the label of one annotation and deletes another, and scores it back.
#[test]
fn eval_scores_a_brat_gold_and_lists_the_disagreements() {
    let dir = corpus();
    tamis(
        &[
            "export",
            "--no-corpus",
            "c",
            "--format",
            "brat",
            "-o",
            "gold",
        ],
        dir.path(),
    );
    let report = |dir: &Path| -> Value {
        let out = tamis(
            &[
                "eval",
                "--no-corpus",
                "--gold",
                "gold",
                "--format",
                "brat",
                "--report",
                "json",
            ],
            dir,
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let same = report(dir.path());
    assert_eq!(same["documents"], 2);
    assert_eq!(same["all"]["exact"]["f1"], 1.0, "{same}");
    assert_eq!(same["disagreements"], Value::Array(vec![]));
    let ann_path = dir.path().join("gold/a/tricky.ann");
    let ann = std::fs::read_to_string(&ann_path).unwrap();
    let person = ann.lines().find(|l| l.contains("\tperson ")).unwrap();
    let email = ann.lines().find(|l| l.contains("\temail ")).unwrap();
    let edited: String = ann
        .lines()
        .filter(|l| *l != email)
        .map(|l| {
            if l == person {
                l.replace("\tperson ", "\torganisation ")
            } else {
                l.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect();
    std::fs::write(&ann_path, edited).unwrap();
    let r = report(dir.path());
    let kinds: Vec<&str> = r["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 2, "{r}");
    assert!(
        kinds.contains(&"type") && kinds.contains(&"spurious"),
        "{r}"
    );
    let email_score = &r["types"]["email"];
    assert_eq!(email_score["exact"]["recall"], 1.0);
    assert!(email_score["exact"]["precision"].as_f64().unwrap() < 1.0);
    // The human report names them.
    let out = tamis(
        &[
            "eval",
            "--no-corpus",
            "--gold",
            "gold",
            "--format",
            "brat",
            "--errors",
        ],
        dir.path(),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2 disagreements"), "{text}");
    assert!(text.contains("a/tricky.txt: type"), "{text}");
}

/// A Label Studio export made from the exported tasks (each prediction accepted as the
/// annotation, one with another label, one task cancelled then annotated): one disagreement.
#[test]
fn eval_scores_a_label_studio_export() {
    let dir = corpus();
    let mut tasks = label_studio_tasks(dir.path(), &[]);
    let mut changed = false;
    for (id, task) in tasks.iter_mut().enumerate() {
        let mut result = task["predictions"][0]["result"].clone();
        if !changed {
            let person = result
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|r| r["value"]["labels"][0] == "person")
                .unwrap();
            person["value"]["labels"] = serde_json::json!(["organisation"]);
            changed = true;
        }
        task["id"] = id.into();
        task["annotations"] = serde_json::json!([
            {"was_cancelled": true, "result": []},
            {"was_cancelled": false, "result": result},
        ]);
    }
    std::fs::write(
        dir.path().join("export.json"),
        serde_json::to_string(&tasks).unwrap(),
    )
    .unwrap();
    let out = tamis(
        &[
            "eval",
            "--no-corpus",
            "--gold",
            "export.json",
            "--format",
            "label-studio",
            "--report",
            "json",
        ],
        dir.path(),
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["documents"], 2);
    let d = r["disagreements"].as_array().unwrap();
    assert_eq!(d.len(), 1, "{r}");
    assert_eq!(d[0]["kind"], "type");
    assert_eq!(d[0]["tamis"]["label"], "person");
    assert_eq!(d[0]["gold"]["label"], "organisation");
    assert_eq!(d[0]["gold"]["text"], d[0]["tamis"]["text"]);
    let person = &r["types"]["person"];
    assert_eq!(
        person["tamis"].as_u64(),
        Some(person["gold"].as_u64().unwrap() + 1)
    );
    assert!(person["exact"]["precision"].as_f64().unwrap() < 1.0);
    assert_eq!(person["exact"]["recall"], 1.0);
}
