//! Entity extraction: precision and recall floors on the project's evaluation set, and the
//! records of the reference corpus's contact blocks and quoted people.

mod common;

#[path = "../examples/entities_eval.rs"]
#[allow(dead_code)]
mod eval;

use common::{repo, shared};
use tamis_analysis::entities::{Entity, Kind, Value};

#[test]
fn precision_and_recall_floors_on_the_evaluation_set() {
    let mut misses = Vec::new();
    let scores = eval::evaluate(&repo().join("tests/entities-eval"), &mut misses);
    let floors = [
        ("email", 1.0, 1.0),
        ("phone", 1.0, 1.0),
        ("person", 0.9, 0.85),
        ("organisation", 0.9, 0.85),
        ("place", 0.9, 0.85),
        ("money", 0.9, 0.9),
        ("date", 0.9, 0.9),
        ("contact", 0.9, 0.9),
    ];
    let mut report = String::new();
    for (kind, p, r) in floors {
        let s = &scores[kind];
        assert!(s.gold >= 20, "{kind}: only {} gold entities", s.gold);
        if s.precision() < p || s.recall() < r {
            report.push_str(&format!(
                "{kind}: precision {:.3} (floor {p}), recall {:.3} (floor {r})\n",
                s.precision(),
                s.recall()
            ));
        }
        // Normalised values are right wherever the gold gives one.
        assert_eq!(s.normalized_right, s.normalized_gold, "{kind}: {misses:#?}");
    }
    assert!(report.is_empty(), "{report}{misses:#?}");
    let files = std::fs::read_dir(repo().join("tests/entities-eval"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    assert!(files >= 30, "{files} releases in the evaluation set");
}

/// The real-shapes set (`tests/entities-eval/real-shapes`, issue 18): releases written the way
/// real sites write (menus, datelines, particles, small towns, lists of contacts), never used
/// to tune the extractor. Its scores are printed, not held to floors: the floors come with the
/// extractor work that the set measures. What is asserted is the set itself: enough releases,
/// and enough gold of each type to score.
#[test]
fn scores_on_the_real_shapes_set_are_reported() {
    let dir = repo().join("tests/entities-eval/real-shapes");
    let mut misses = Vec::new();
    let scores = eval::evaluate(&dir, &mut misses);
    for (kind, s) in &scores {
        eprintln!(
            "real-shapes {kind:<13} gold {:>4} found {:>4} predicted {:>4} precision {:.3} recall {:.3} normalised {}/{}",
            s.gold,
            s.found,
            s.predicted,
            s.precision(),
            s.recall(),
            s.normalized_right,
            s.normalized_gold
        );
        assert!(s.gold >= 20, "{kind}: only {} gold entities", s.gold);
    }
    // Floors at today's scores (places, dates and money raised with the villages, the months
    // alone, the ranges of dates and the currencies), so that no change makes them worse;
    // issue 18 asks for 0.95 precision and 0.90 recall on people, organisations and places,
    // 0.90 on dates and contacts. People and contact records were raised with the people work;
    // contact records and phones with the national numbers of contact blocks and the offices
    // read from their layout; places with the lists, appositions and natural features of
    // `gazetteer/shapes.rs`.
    let floors = [
        ("person", 0.99, 0.98),
        ("organisation", 0.95, 0.92),
        ("place", 0.92, 0.91),
        ("date", 0.99, 0.97),
        ("contact", 1.0, 1.0),
        ("email", 1.0, 1.0),
        ("phone", 0.98, 1.0),
        ("money", 1.0, 1.0),
    ];
    for (kind, precision, recall) in floors {
        let s = &scores[kind];
        assert!(
            s.precision() >= precision && s.recall() >= recall,
            "real-shapes {kind}: precision {:.3} recall {:.3}, floors {precision} and {recall}",
            s.precision(),
            s.recall()
        );
    }
    // Amounts and dates found are normalised as the gold says (the currency of `$` included).
    for kind in ["money", "date"] {
        let s = &scores[kind];
        assert_eq!(s.normalized_right, s.normalized_gold, "real-shapes {kind}");
    }
    let releases = common::corpus(&dir).len();
    assert!(releases >= 30, "{releases} releases in the real-shapes set");
}

/// Two later held-out sets of twelve releases each (`heldout-2`, `heldout-3`), written in stop 26
/// by engineers who did not change the extractor, from sites and countries the real-shapes set
/// does not use. `heldout-2` was then used to tune the people rules; `heldout-3` was never
/// read for tuning (only its scores). Floors at the scores of the day they landed, so that no
/// change makes them worse; they are far below the real-shapes scores, which is what they are
/// for: they measure how the rules carry to pages nobody tuned them on.
#[test]
fn scores_on_the_later_held_out_sets_do_not_fall() {
    type Floors = [(&'static str, f64, f64); 8];
    let sets: [(&str, Floors); 2] = [
        (
            "heldout-2",
            [
                ("person", 0.98, 1.0),
                ("organisation", 0.84, 0.75),
                ("place", 0.89, 0.75),
                ("date", 1.0, 0.98),
                ("contact", 0.76, 0.68),
                ("email", 1.0, 1.0),
                ("phone", 0.95, 0.95),
                ("money", 1.0, 0.65),
            ],
        ),
        (
            "heldout-3",
            [
                ("person", 0.85, 0.67),
                ("organisation", 0.88, 0.80),
                ("place", 0.85, 0.75),
                ("date", 0.90, 0.87),
                ("contact", 0.54, 0.35),
                ("email", 1.0, 1.0),
                ("phone", 0.78, 0.57),
                ("money", 1.0, 0.73),
            ],
        ),
    ];
    for (set, floors) in sets {
        let dir = repo().join("tests/entities-eval").join(set);
        let mut misses = Vec::new();
        let scores = eval::evaluate(&dir, &mut misses);
        for (kind, precision, recall) in floors {
            let s = &scores[kind];
            eprintln!(
                "{set} {kind:<13} precision {:.3} recall {:.3}",
                s.precision(),
                s.recall()
            );
            assert!(
                s.precision() >= precision && s.recall() >= recall,
                "{set} {kind}: precision {:.3} recall {:.3}, floors {precision} and {recall}",
                s.precision(),
                s.recall()
            );
        }
        assert_eq!(common::corpus(&dir).len(), 12, "{set}");
    }
}

fn text_attr(e: &Entity, key: &str) -> Option<String> {
    match e.attribute(key)? {
        Value::Text(t) => Some(t.to_string()),
        Value::List(l) => Some(l.join(",")),
        Value::Bool(b) => Some(b.to_string()),
    }
}

/// Found by the fuzzer: a contact line whose name is also read as a dateline (`Ae Hr – …`), so
/// that the office starts inside the person's name.
#[test]
fn a_dateline_overlapping_a_contact_name() {
    for text in ["contact\nAe Hr–n", "Contact :\nAna Ruiz – OIM\n"] {
        for e in &common::entities(text) {
            assert!(text.is_char_boundary(e.range.start) && e.range.end <= text.len());
        }
    }
}

#[test]
fn the_reference_corpus_contact_blocks_and_quoted_people() {
    let mut contacts = Vec::new();
    let mut quoted = Vec::new();
    for (name, text) in common::corpus(&shared().join("corpus/iom-fr")) {
        for e in common::entities(&text) {
            let field = |k| text_attr(&e, k).unwrap_or_default();
            match e.kind {
                Kind::Contact => contacts.push(format!(
                    "{} | {} | {} | {} | {}",
                    &name[..3],
                    field("name"),
                    field("office"),
                    field("phones"),
                    field("emails")
                )),
                Kind::Person if e.attribute("role").is_some() => quoted.push(format!(
                    "{} | {} | {}",
                    &name[..3],
                    e.normalized,
                    field("role")
                )),
                _ => {}
            }
        }
    }
    quoted.dedup();
    assert_eq!(
        contacts,
        [
            "000 | Rukiya Brown | OIM Kingston | +18769680569 | rbrown@iom.int",
            "001 | Nathalie Hanley | OIM Guyane | +5922253745 | nhanley@iom.int",
            "002 | Michela Macchiavello | OIM Haïti | +50932455153 | mmacchiavello@iom.int",
            "002 | Leonard Doyle |  | +50937025066 | ldoyle@iom.int",
            "003 | Jorge gallo | Bureau régional de l’OIM pour l’Amérique centrale, l’Amérique du Nord et les Caraïbes au Costa Rica | +50622125352 | jgallo@iom.int",
            "004 | Jorge Gallo | OIM Bogota | +5716397777 | jgallo@iom.int",
        ]
    );
    assert_eq!(
        quoted,
        [
            "000 | Rukiya Brown | chargée du projet",
            "001 | Volda Lawrence | Ministre de la protection sociale",
            "003 | Charmaine Gandhi-Andrews | chargé de l’immigration au Ministère de la sécurité nationale de Trinité-et-Tobago",
            "003 | Robert Natiello | coordinateur de l’OIM pour la région des Caraïbes",
            "004 | José Angel Oropeza | chef de mission de l'OIM en Colombie",
            "004 | Fabio Valencia Cossio | Ministre de l'Intérieur et de la Justice",
        ]
    );
}

#[test]
fn entities_command_writes_jsonl_and_csv() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tamis"))
        .args(["entities", "--format", "jsonl"])
        .arg(shared().join("corpus/iom-fr"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // No key twice in a record (a phone's number type once overwrote its `type`).
    for line in stdout.lines() {
        let Keys(keys) = serde_json::from_str(line).unwrap();
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "a key repeats in {line}");
    }
    let kinds = [
        "person",
        "organisation",
        "place",
        "money",
        "date",
        "email",
        "phone",
        "contact",
    ];
    for r in &records {
        assert!(kinds.contains(&r["type"].as_str().unwrap()), "{r}");
    }
    let keys: Vec<&str> = records[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .take(6)
        .collect();
    assert_eq!(
        keys,
        ["path", "type", "text", "normalized", "span", "range"]
    );
    // A phone's `normalized` is the E.164 of the number as written, even when invalid; the
    // replacement goes in its own field.
    let colombia = records
        .iter()
        .find(|r| r["type"] == "phone" && r["text"] == "+57 1 6397777")
        .expect("the Colombian number");
    assert_eq!(colombia["normalized"], "+5716397777");
    assert_eq!(colombia["valid"], false);
    assert_eq!(colombia["suggestion"], "+57 601 639 7777");
    for kind in [
        "person",
        "organisation",
        "place",
        "date",
        "email",
        "phone",
        "contact",
        "money",
    ] {
        assert!(records.iter().any(|r| r["type"] == kind), "no {kind}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tamis"))
        .args(["entities", "--format", "csv", "--type", "email"])
        .arg(shared().join("corpus/iom-fr"))
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "path,type,text,normalized,start,end,line,character,end_line,end_character,attributes"
        )
    );
    assert!(lines.all(|l| l.contains(",email,")));
}

/// The top-level keys of a JSON object, as written (repeated ones included).
struct Keys(Vec<String>);

impl<'de> serde::Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Keys;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some((k, _)) = m.next_entry::<String, serde::de::IgnoredAny>()? {
                    keys.push(k);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(Visitor)
    }
}

/// A text of more than a mebibyte (a dump of releases) is read in parts cut at blank lines,
/// in linear time: each release keeps the entities it has alone. (Whole, a 100 MB dump took
/// more than a quarter of an hour: the stages compare each entity with those found before.)
#[test]
fn a_huge_text_is_read_in_parts_with_each_release_entities() {
    let release =
        std::fs::read_to_string(repo().join("tests/sample-corpus/fr-02-haiti-fonds.txt")).unwrap();
    let one = common::entities(&release);
    assert!(one.len() > 10);
    let copy = format!("{release}\n");
    let copies = (3 << 19) / copy.len() + 1;
    let dump = copy.repeat(copies);
    assert!(dump.len() > tamis_analysis::entities::PART_LIMIT);
    let all = common::entities(&dump);
    let key = |e: &Entity, shift: usize| {
        (
            e.kind,
            e.range.start - shift..e.range.end - shift,
            e.normalized.clone(),
        )
    };
    for k in 0..copies {
        let (from, to) = (k * copy.len(), (k + 1) * copy.len());
        let found: Vec<_> = all
            .iter()
            .filter(|e| e.range.start >= from && e.range.end <= to)
            .map(|e| key(e, from))
            .collect();
        let want: Vec<_> = one.iter().map(|e| key(e, 0)).collect();
        assert_eq!(found, want, "copy {k}");
    }
}

/// `tamis entities` writes the records of a file over 8 MiB part by part, dropping each part's
/// entities once written (its memory no longer grows with their number): the records are those
/// of the whole text, none inside boilerplate, in order, in JSON Lines and in CSV.
#[test]
fn a_file_over_eight_mebibytes_gets_the_records_of_the_whole_text() {
    let release =
        std::fs::read_to_string(repo().join("tests/sample-corpus/fr-02-haiti-fonds.txt")).unwrap();
    let copy = format!("{release}\n");
    let dump = copy.repeat((9 << 20) / copy.len() + 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dump.txt");
    std::fs::write(&path, &dump).unwrap();
    let settings = tamis_analysis::config::Settings::default();
    let cx = tamis_analysis::Context {
        settings: &settings,
        model: None,
    };
    let want: Vec<(String, usize, usize)> = tamis_analysis::check_and_extract(&dump, cx)
        .1
        .iter()
        .map(|e| (e.kind.as_str().to_string(), e.range.start, e.range.end))
        .collect();
    assert!(want.len() > 1000);
    let run = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tamis"))
            .args(["entities", "--format", format])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let json: Vec<_> = run("jsonl")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let span = |k: &str| v["span"][k].as_u64().unwrap() as usize;
            (
                v["type"].as_str().unwrap().to_string(),
                span("start"),
                span("end"),
            )
        })
        .collect();
    assert_eq!(json, want);
    let csv = run("csv");
    let rows: Vec<(String, usize, usize)> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[1].to_string(),
                r[4].parse().unwrap(),
                r[5].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, want);
}
