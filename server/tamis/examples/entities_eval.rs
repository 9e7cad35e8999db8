//! Precision and recall of the entity extraction on the evaluation set `tests/entities-eval/`
//! (invented releases in French, English and Spanish with gold entities):
//!
//!     cargo run --release --example entities_eval [-- --verbose] [FOLDER]
//!
//! FOLDER defaults to the development set; `tests/entities-eval/heldout` holds releases written
//! after the rules were tuned and never used to tune them; `tests/entities-eval/real-shapes` holds
//! releases written the way real sites write (issue 18), never used for tuning either.
//!
//! An entity counts as found when its type and text (white space collapsed) match a gold one;
//! the normalised value is scored apart, on the found entities whose gold gives one. A contact
//! record counts when its name, office, phones and emails all match.
//!
//! The entities scored are those `tamis entities` gives: none inside a boilerplate finding (a
//! site's menu or footer left at the head or tail of a release), whose entities are no gold.

use std::collections::BTreeMap;
use std::path::Path;

use tamis_analysis::collapse;
use tamis_analysis::config::Settings;
use tamis_analysis::entities::{Kind, Value};
use tamis_analysis::{check_and_extract, Context};

#[derive(Debug, Default, Clone)]
pub struct Score {
    pub gold: usize,
    pub predicted: usize,
    pub found: usize,
    pub normalized_gold: usize,
    pub normalized_right: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.found as f64 / self.predicted as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.found as f64 / self.gold as f64
        }
    }
}

fn list(v: Option<&Value>) -> String {
    match v {
        Some(Value::List(l)) => l.join(","),
        Some(Value::Text(t)) => t.to_string(),
        _ => String::new(),
    }
}

/// Scores per type over the `.txt` files of `dir` and their `.gold.tsv`; `misses` receives the
/// false positives (`+`) and negatives (`-`).
pub fn evaluate(dir: &Path, misses: &mut Vec<String>) -> BTreeMap<&'static str, Score> {
    let settings = Settings::default();
    let cx = Context {
        settings: &settings,
        model: None,
    };
    let mut scores: BTreeMap<&'static str, Score> = Kind::ALL
        .iter()
        .map(|k| (k.as_str(), Score::default()))
        .collect();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no evaluation files in {}",
        dir.display()
    );
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let gold_text = std::fs::read_to_string(path.with_extension("gold.tsv")).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        // (type, text) -> normalised values, one per occurrence.
        let mut gold: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for line in gold_text.lines() {
            let mut f = line.splitn(3, '\t');
            let (k, t, n) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap_or(""));
            gold.entry((k.to_string(), collapse(t)))
                .or_default()
                .push(n.to_string());
        }
        let mut predicted: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for e in check_and_extract(&text, cx).1 {
            let (key_text, norm) = if e.kind == Kind::Contact {
                let office = list(e.attribute("office"));
                let detail = format!(
                    "{}|{}|{}",
                    office,
                    list(e.attribute("phones")),
                    list(e.attribute("emails"))
                );
                (list(e.attribute("name")), detail)
            } else {
                (collapse(&text[e.range.clone()]), e.normalized.clone())
            };
            predicted
                .entry((e.kind.as_str().to_string(), key_text))
                .or_default()
                .push(norm);
        }
        for ((k, t), norms) in &gold {
            let s = scores.get_mut(k.as_str()).unwrap();
            s.gold += norms.len();
            let got = predicted.get(&(k.clone(), t.clone()));
            let mut got_norms: Vec<String> = got.cloned().unwrap_or_default();
            for n in norms {
                if k == "contact" {
                    if let Some(i) = got_norms.iter().position(|g| g == n) {
                        got_norms.remove(i);
                        s.found += 1;
                    } else {
                        misses.push(format!("- {name}: contact {t} {n} (got {got:?})"));
                    }
                    continue;
                }
                if got_norms.is_empty() {
                    misses.push(format!("- {name}: {k} `{t}`"));
                    continue;
                }
                s.found += 1;
                let g = if let Some(i) = got_norms.iter().position(|g| g == n) {
                    got_norms.remove(i)
                } else {
                    got_norms.remove(0)
                };
                if !n.is_empty() {
                    s.normalized_gold += 1;
                    if &g == n {
                        s.normalized_right += 1;
                    } else {
                        misses.push(format!("~ {name}: {k} `{t}` normalised `{g}`, gold `{n}`"));
                    }
                }
            }
        }
        for ((k, t), norms) in &predicted {
            let s = scores.get_mut(k.as_str()).unwrap();
            s.predicted += norms.len();
            let expected = gold.get(&(k.clone(), t.clone())).map_or(0, Vec::len);
            for n in norms.iter().skip(expected) {
                misses.push(format!("+ {name}: {k} `{t}` = {n}"));
            }
        }
    }
    scores
}

#[allow(dead_code)]
fn main() {
    let verbose = std::env::args().any(|a| a == "--verbose" || a == "-v");
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/entities-eval"));
    let mut misses = Vec::new();
    let scores = evaluate(&dir, &mut misses);
    println!(
        "{:<14} {:>5} {:>5} {:>5} {:>9} {:>7} {:>11}",
        "type", "gold", "found", "pred", "precision", "recall", "normalised"
    );
    for (k, s) in &scores {
        let norm = if s.normalized_gold > 0 {
            format!("{}/{}", s.normalized_right, s.normalized_gold)
        } else {
            "-".into()
        };
        println!(
            "{k:<14} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>11}",
            s.gold,
            s.found,
            s.predicted,
            s.precision(),
            s.recall(),
            norm
        );
    }
    if verbose {
        for m in misses {
            println!("{m}");
        }
    }
}
