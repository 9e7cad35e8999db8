//! `tamis eval`: tamis's entities scored against annotators' work.
//!
//! The gold is a Label Studio JSON export (each task's `data.text` and the result of its first
//! annotation that was not cancelled) or a brat folder (each `.ann` beside its `.txt`, a
//! discontinuous span read from its first start to its last end); both count offsets in code
//! points. tamis reads the text of the gold itself, not a file on disk, as it is (the
//! safe fixes were applied at export). The types scored are those of `--types`, else those the
//! gold uses.
//!
//! Exact: the same type and span. Overlapping: the same type and spans that share a character;
//! precision counts tamis's entities that overlap a gold one, recall the gold ones that overlap
//! one of tamis's. Every entity not matched exactly is one disagreement: `type` (same span,
//! another type), `boundary` (same type, overlapping spans), `spurious` (tamis only) or
//! `missing` (gold only).

use std::collections::BTreeMap;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::{error, files, note, EXIT_CLEAN, EXIT_ERROR};
use crate::positions::{byte_offset, char_offset};
use tamis_analysis::config::Settings;
use tamis_analysis::{check_and_extract, Context, Model};

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The annotators' work: a Label Studio JSON export, or a brat folder.
    #[arg(long)]
    pub gold: PathBuf,
    /// The format of the gold.
    #[arg(long, value_enum)]
    pub format: GoldFormat,
    /// Only these types (comma-separated; default: the types the gold uses).
    #[arg(long, alias = "type", value_delimiter = ',')]
    pub types: Option<Vec<String>>,
    /// List the disagreements.
    #[arg(long)]
    pub errors: bool,
    /// How to print the scores: a table, or one JSON object (with the disagreements) for
    /// scripts.
    #[arg(long, value_enum, default_value_t = Report::Human)]
    pub report: Report,
    /// The configuration file (default: `tamis.toml` found from the gold upward).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A boilerplate model learned by `tamis learn` (default: learned from the gold's texts).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Do not learn a boilerplate model from the gold's texts.
    #[arg(long, conflicts_with = "model")]
    pub no_corpus: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GoldFormat {
    /// A Label Studio JSON export (tasks with `annotations`).
    LabelStudio,
    /// A brat folder of `.txt` and `.ann` files.
    Brat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Report {
    /// A table of scores per type, and the disagreements with `--errors`.
    Human,
    /// One JSON object: `documents`, `types` (scores per type), `all`, `disagreements`.
    Json,
}

/// One annotated document of the gold.
struct GoldDocument {
    name: String,
    text: String,
    /// Type and byte range of each annotation.
    spans: Vec<(String, Range<usize>)>,
}

pub fn run(args: EvalArgs) -> u8 {
    let read = match args.format {
        GoldFormat::LabelStudio => read_label_studio(&args.gold),
        GoldFormat::Brat => read_brat(&args.gold),
    };
    let (documents, mut problems) = match read {
        Ok(r) => r,
        Err(e) => {
            error(e);
            return EXIT_ERROR;
        }
    };
    let documents = within(documents, tamis_analysis::MAX_TEXT_LEN, &mut problems);
    for p in &problems {
        note(p);
    }
    let settings = match settings(&args) {
        Ok(s) => s,
        Err(e) => {
            error(e);
            return EXIT_ERROR;
        }
    };
    let model = match model(&args, &documents) {
        Ok(m) => m,
        Err(e) => {
            error(e);
            return EXIT_ERROR;
        }
    };
    let cx = Context {
        settings: &settings,
        model: model.as_ref(),
    };
    let types: Vec<String> = match &args.types {
        Some(t) => t.clone(),
        None => {
            let mut t: Vec<String> = documents
                .iter()
                .flat_map(|d| d.spans.iter().map(|(k, _)| k.clone()))
                .collect();
            t.sort();
            t.dedup();
            t
        }
    };
    let compared: Vec<Comparison> = documents
        .par_iter()
        .map(|d| compare(d, cx, &types))
        .collect();
    let scores = Scores::of(&compared, &types);
    let disagreements: Vec<&Disagreement> =
        compared.iter().flat_map(|c| &c.disagreements).collect();
    // Written without panicking when the reader goes away (`| head`).
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.report {
        Report::Json => {
            let report = serde_json::json!({
                "documents": documents.len(),
                "types": scores.per_type,
                "all": scores.all,
                "disagreements": disagreements,
            });
            let _ = serde_json::to_writer_pretty(&mut out, &report);
            let _ = writeln!(out);
        }
        Report::Human => print_table(&mut out, &scores, documents.len()),
    }
    if args.errors && args.report == Report::Human {
        print_disagreements(&mut out, &disagreements);
    }
    let _ = out.flush();
    EXIT_CLEAN
}

fn settings(args: &EvalArgs) -> Result<Settings, String> {
    match &args.config {
        Some(path) => crate::workspace::load_settings(path),
        None => match crate::workspace::find_config(&args.gold) {
            Some(found) => crate::workspace::load_settings(&found),
            None => Ok(Settings::default()),
        },
    }
}

/// The model: `--model`, else learned from the gold's texts (two or more, unless
/// `--no-corpus`), as `tamis export` learns it from the files.
fn model(args: &EvalArgs, documents: &[GoldDocument]) -> Result<Option<Model>, String> {
    if let Some(path) = &args.model {
        return files::read_model(path).map(Some);
    }
    if args.no_corpus || documents.len() < 2 {
        return Ok(None);
    }
    let mut model = Model::new();
    for d in documents {
        model.add_document(&d.text);
    }
    Ok(Some(model))
}

/// The gold span whose character offsets are `start..end` in `text`, as bytes.
fn span(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let s = byte_offset(text, start)?;
    let e = byte_offset(text, end)?;
    (s < e).then_some(s..e)
}

/// The documents whose text is at most `limit` bytes long (what the analysis reads); the others
/// are left out, each with a problem.
fn within(
    documents: Vec<GoldDocument>,
    limit: usize,
    problems: &mut Vec<String>,
) -> Vec<GoldDocument> {
    documents
        .into_iter()
        .filter(|d| {
            let fits = d.text.len() <= limit;
            if !fits {
                problems.push(format!(
                    "{}: {}, left out",
                    d.name,
                    crate::workspace::corpus::too_large(d.text.len() as u64, limit)
                ));
            }
            fits
        })
        .collect()
}

/// The tasks of a Label Studio export and the problems met (cancelled or missing annotations,
/// spans that do not fit the text).
fn read_label_studio(path: &Path) -> Result<(Vec<GoldDocument>, Vec<String>), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let tasks: Vec<serde_json::Value> = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{}: not a Label Studio JSON export: {e}", path.display()))?;
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for (i, task) in tasks.iter().enumerate() {
        let Some(text) = task["data"]["text"].as_str() else {
            problems.push(format!("task {i}: no data.text, left out"));
            continue;
        };
        let name = task["data"]["path"]
            .as_str()
            .map(str::to_string)
            .or_else(|| task["id"].as_u64().map(|id| format!("task {id}")))
            .unwrap_or_else(|| format!("task {i}"));
        let annotation = task["annotations"].as_array().and_then(|a| {
            a.iter()
                .find(|a| !a["was_cancelled"].as_bool().unwrap_or(false))
        });
        let Some(annotation) = annotation else {
            problems.push(format!("{name}: no annotation, left out"));
            continue;
        };
        let mut spans = Vec::new();
        for r in annotation["result"].as_array().into_iter().flatten() {
            let v = &r["value"];
            let (Some(start), Some(end), Some(label)) = (
                v["start"].as_u64(),
                v["end"].as_u64(),
                v["labels"][0].as_str(),
            ) else {
                continue;
            };
            match span(text, start as usize, end as usize) {
                Some(range) => spans.push((label.to_string(), range)),
                None => problems.push(format!(
                    "{name}: {label} {start}..{end} does not fit the text, left out"
                )),
            }
        }
        documents.push(GoldDocument {
            name,
            text: text.to_string(),
            spans,
        });
    }
    Ok((documents, problems))
}

/// The `.ann` files of a brat folder (recursively) with their `.txt` files.
fn read_brat(folder: &Path) -> Result<(Vec<GoldDocument>, Vec<String>), String> {
    let mut anns = Vec::new();
    for entry in ignore::WalkBuilder::new(folder)
        .standard_filters(false)
        .build()
    {
        let entry = entry.map_err(|e| format!("{}: {e}", folder.display()))?;
        if entry.path().extension().is_some_and(|e| e == "ann") {
            anns.push(entry.into_path());
        }
    }
    if anns.is_empty() {
        return Err(format!("{}: no .ann file", folder.display()));
    }
    anns.sort();
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for ann in anns {
        let txt = ann.with_extension("txt");
        let name = txt
            .strip_prefix(folder)
            .unwrap_or(&txt)
            .display()
            .to_string();
        let (Ok(text), Ok(standoff)) =
            (std::fs::read_to_string(&txt), std::fs::read_to_string(&ann))
        else {
            problems.push(format!(
                "{name}: cannot read it or its .ann as UTF-8, left out"
            ));
            continue;
        };
        let mut spans = Vec::new();
        for line in standoff.lines().filter(|l| l.starts_with('T')) {
            let mut fields = line.split('\t');
            let (_, Some(middle)) = (fields.next(), fields.next()) else {
                continue;
            };
            let (label, offsets) = middle.split_once(' ').unwrap_or((middle, ""));
            let numbers: Vec<usize> = offsets
                .split([' ', ';'])
                .filter_map(|n| n.parse().ok())
                .collect();
            let (Some(&start), Some(&end)) = (numbers.first(), numbers.last()) else {
                continue;
            };
            match span(&text, start, end) {
                Some(range) => spans.push((label.to_string(), range)),
                None => problems.push(format!(
                    "{name}: {label} {start}..{end} does not fit the text, left out"
                )),
            }
        }
        documents.push(GoldDocument { name, text, spans });
    }
    Ok((documents, problems))
}

#[derive(Debug, Serialize)]
struct Disagreement {
    path: String,
    /// `type`, `boundary`, `spurious` or `missing`.
    kind: &'static str,
    /// What tamis found: type, start, end (in code points) and text.
    tamis: Option<Span>,
    /// What the annotators marked.
    gold: Option<Span>,
}

#[derive(Debug, Serialize)]
struct Span {
    label: String,
    start: usize,
    end: usize,
    text: String,
}

/// The counts of one document, per type.
struct Comparison {
    counts: BTreeMap<String, Counts>,
    disagreements: Vec<Disagreement>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    gold: usize,
    tamis: usize,
    exact: usize,
    /// tamis's entities that overlap a gold one of their type.
    tamis_overlapping: usize,
    /// Gold entities that overlap one of tamis's of their type.
    gold_overlapping: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.tamis += o.tamis;
        self.exact += o.exact;
        self.tamis_overlapping += o.tamis_overlapping;
        self.gold_overlapping += o.gold_overlapping;
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn compare(d: &GoldDocument, cx: Context<'_>, types: &[String]) -> Comparison {
    let keep = |k: &str| types.iter().any(|t| t == k);
    let gold: Vec<(String, Range<usize>)> =
        d.spans.iter().filter(|(k, _)| keep(k)).cloned().collect();
    let mut tamis: Vec<(String, Range<usize>)> = check_and_extract(&d.text, cx)
        .1
        .into_iter()
        .filter(|e| keep(e.kind.as_str()))
        .map(|e| (e.kind.as_str().to_string(), e.range))
        .collect();
    tamis.sort_by_key(|(k, r)| (r.start, r.end, k.clone()));
    tamis.dedup();
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    for (k, g) in &gold {
        let c = counts.entry(k.clone()).or_default();
        c.gold += 1;
        c.exact += usize::from(tamis.iter().any(|(tk, t)| tk == k && t == g));
        c.gold_overlapping += usize::from(tamis.iter().any(|(tk, t)| tk == k && overlaps(t, g)));
    }
    for (k, t) in &tamis {
        let c = counts.entry(k.clone()).or_default();
        c.tamis += 1;
        c.tamis_overlapping += usize::from(gold.iter().any(|(gk, g)| gk == k && overlaps(t, g)));
    }
    // Disagreements: what is not matched exactly, paired when it can be.
    let mut gold_left: Vec<&(String, Range<usize>)> =
        gold.iter().filter(|g| !tamis.contains(g)).collect();
    let tamis_left: Vec<&(String, Range<usize>)> =
        tamis.iter().filter(|t| !gold.contains(t)).collect();
    let shown = |(k, r): &(String, Range<usize>)| Span {
        label: k.clone(),
        start: char_offset(&d.text, r.start),
        end: char_offset(&d.text, r.end),
        text: d.text[r.clone()].to_string(),
    };
    let mut disagreements = Vec::new();
    for t in tamis_left {
        let same_span = gold_left.iter().position(|g| g.1 == t.1);
        let same_type = || {
            gold_left
                .iter()
                .position(|g| g.0 == t.0 && overlaps(&g.1, &t.1))
        };
        let (kind, paired) = match same_span {
            Some(i) => ("type", Some(i)),
            None => match same_type() {
                Some(i) => ("boundary", Some(i)),
                None => ("spurious", None),
            },
        };
        disagreements.push(Disagreement {
            path: d.name.clone(),
            kind,
            tamis: Some(shown(t)),
            gold: paired.map(|i| shown(gold_left.remove(i))),
        });
    }
    for g in gold_left {
        disagreements.push(Disagreement {
            path: d.name.clone(),
            kind: "missing",
            tamis: None,
            gold: Some(shown(g)),
        });
    }
    disagreements.sort_by_key(|x| {
        let s = x.gold.as_ref().or(x.tamis.as_ref()).map_or(0, |s| s.start);
        s
    });
    Comparison {
        counts,
        disagreements,
    }
}

#[derive(Debug, Serialize)]
struct Score {
    gold: usize,
    tamis: usize,
    exact: Prf,
    overlapping: Prf,
}

#[derive(Debug, Serialize)]
struct Prf {
    precision: f64,
    recall: f64,
    f1: f64,
}

impl Prf {
    fn new(matched_tamis: usize, tamis: usize, matched_gold: usize, gold: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (p, r) = (ratio(matched_tamis, tamis), ratio(matched_gold, gold));
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
        Prf {
            precision: round(p),
            recall: round(r),
            f1: round(f1),
        }
    }
}

impl Score {
    fn of(c: Counts) -> Score {
        Score {
            gold: c.gold,
            tamis: c.tamis,
            exact: Prf::new(c.exact, c.tamis, c.exact, c.gold),
            overlapping: Prf::new(c.tamis_overlapping, c.tamis, c.gold_overlapping, c.gold),
        }
    }
}

struct Scores {
    per_type: BTreeMap<String, Score>,
    all: Score,
}

impl Scores {
    fn of(compared: &[Comparison], types: &[String]) -> Scores {
        let mut totals: BTreeMap<String, Counts> = types
            .iter()
            .map(|t| (t.clone(), Counts::default()))
            .collect();
        let mut all = Counts::default();
        for c in compared {
            for (k, n) in &c.counts {
                totals.entry(k.clone()).or_default().add(*n);
                all.add(*n);
            }
        }
        Scores {
            per_type: totals.into_iter().map(|(k, c)| (k, Score::of(c))).collect(),
            all: Score::of(all),
        }
    }
}

fn print_table(out: &mut impl Write, scores: &Scores, documents: usize) {
    let _ = writeln!(out, "{documents} documents");
    let _ = writeln!(
        out,
        "{:<14} {:>6} {:>6}   {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}",
        "type", "gold", "tamis", "P", "R", "F1", "P~", "R~", "F1~"
    );
    let mut row = |name: &str, s: &Score| {
        let _ = writeln!(
            out,
            "{:<14} {:>6} {:>6}   {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6.3} {:>6.3}",
            name,
            s.gold,
            s.tamis,
            s.exact.precision,
            s.exact.recall,
            s.exact.f1,
            s.overlapping.precision,
            s.overlapping.recall,
            s.overlapping.f1
        );
    };
    for (k, s) in &scores.per_type {
        row(k, s);
    }
    row("all", &scores.all);
    let _ = writeln!(
        out,
        "(P R F1: exact spans; P~ R~ F1~: overlapping spans of the same type)"
    );
}

fn print_disagreements(out: &mut impl Write, disagreements: &[&Disagreement]) {
    let _ = writeln!(out, "\n{} disagreements", disagreements.len());
    let show = |s: &Option<Span>| match s {
        Some(s) => format!("{} {}..{} {:?}", s.label, s.start, s.end, s.text),
        None => "-".to_string(),
    };
    for d in disagreements {
        let _ = writeln!(
            out,
            "{}: {:<8}  tamis: {}  gold: {}",
            d.path,
            d.kind,
            show(&d.tamis),
            show(&d.gold)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_longer_than_the_limit_are_left_out_with_a_problem() {
        let document = |name: &str, text: &str| GoldDocument {
            name: name.into(),
            text: text.into(),
            spans: vec![("PER".into(), 0..1)],
        };
        let mut problems = vec!["earlier".to_string()];
        let kept = within(
            vec![
                document("a.txt", "Genève"),
                document("b.txt", "Genève!"),
                document("c.txt", ""),
            ],
            7,
            &mut problems,
        );
        let names: Vec<&str> = kept.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a.txt", "c.txt"]);
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0], "earlier");
        assert!(
            problems[1].starts_with("b.txt: too large: its text is 8 bytes")
                && problems[1].ends_with("at most 7 bytes, left out"),
            "{}",
            problems[1]
        );
    }
}
