//! Compares the `phonenumber` and `rlibphonenumber` crates on the shared phone suite and on the
//! cases of issue 17, and times tamis's phone stage (`tamis_analysis::phone::scan`).
//!
//! Which regex-cache `phonenumber` uses is decided by the build: this crate as published, or
//! tamis's patched copy through `patched/`. See `docs/phone-libraries.md`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use tamis_analysis::config::{Config, PhoneConfig, Settings};
use tamis_analysis::phone;

mod libraries;

pub use libraries::{Library, Reading};

/// One row of `example_numbers.tsv`.
#[derive(Debug, Clone)]
pub struct Case {
    pub text: String,
    /// The region to parse with: `None` for international forms, which are parsed without one.
    pub region: Option<String>,
    /// The E.164 form the suite expects (every row of the suite is a valid number).
    pub expected_e164: String,
    pub form: Form,
    /// The suite's number type (`fixedLine`, `mobile`, …), when the note gives one.
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    International,
    National,
    NationalSignificant,
}

impl Form {
    fn name(self) -> &'static str {
        match self {
            Form::International => "international (no region)",
            Form::National => "national format (with region)",
            Form::NationalSignificant => "bare national number (with region)",
        }
    }
}

/// Reads the suite. International forms are parsed without a region, the others with theirs.
pub fn read_suite(dir: &Path) -> Vec<Case> {
    let path = dir.join("example_numbers.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let [number, region, expected, note] = cols[..] else {
                return None;
            };
            let form = if number.starts_with('+') {
                Form::International
            } else if note.contains("formatNational") {
                Form::National
            } else {
                Form::NationalSignificant
            };
            let kind = note
                .split("; ")
                .find_map(|f| f.strip_prefix("type="))
                .map(str::to_string);
            Some(Case {
                text: number.to_string(),
                region: (form != Form::International && region != "-").then(|| region.to_string()),
                expected_e164: expected.to_string(),
                form,
                kind,
            })
        })
        .collect()
}

/// A case of issue 17 or of this evaluation: what a reader expects of it.
pub struct KnownCase {
    pub text: &'static str,
    pub region: Option<&'static str>,
    pub expected: &'static str,
}

/// The bugs of issue 17 and neighbouring cases.
pub const KNOWN_CASES: &[KnownCase] = &[
    KnownCase {
        text: "8 (800) 555-35-35",
        region: Some("RU"),
        expected: "+78005553535, valid",
    },
    KnownCase {
        text: "8 727 258 2121",
        region: Some("KZ"),
        expected: "+77272582121, valid",
    },
    KnownCase {
        text: "+7 800 555 35 35",
        region: None,
        expected: "+78005553535, valid (RU toll free)",
    },
    KnownCase {
        text: "+7 8800 555 3535",
        region: None,
        expected: "trunk prefix after +7: +78005553535",
    },
    KnownCase {
        text: "+1 1877 215 5230",
        region: None,
        expected: "trunk prefix after +1: +18772155230",
    },
    KnownCase {
        text: "+7(8)8005553535",
        region: None,
        expected: "trunk prefix after +7: +78005553535",
    },
    KnownCase {
        text: "+44 (0)20 7946 0958",
        region: None,
        expected: "+442079460958 (`(0)` dropped)",
    },
    KnownCase {
        text: "+33 (0)1 44 55 66 77",
        region: None,
        expected: "+33144556677 (`(0)` dropped)",
    },
    KnownCase {
        text: "+57 1 6397777",
        region: None,
        expected: "invalid since 2021 (now +57 601 639 7777)",
    },
    KnownCase {
        text: "+57 601 639 7777",
        region: None,
        expected: "+576016397777, valid",
    },
    KnownCase {
        text: "+ 28.01.2022",
        region: None,
        expected: "a date: no phone",
    },
    KnownCase {
        text: "+2019-2022",
        region: None,
        expected: "a range: no phone",
    },
    KnownCase {
        text: "+ 1 000 000",
        region: None,
        expected: "an amount: no phone",
    },
    KnownCase {
        text: "+ 509 3245 5153",
        region: None,
        expected: "+50932455153, valid",
    },
    KnownCase {
        text: "+1876 968 0569",
        region: None,
        expected: "+18769680569, valid (JM)",
    },
    KnownCase {
        text: "+52 1 55 1234 5678",
        region: None,
        expected: "Mexico's old mobile `1`: invalid, no trunk prefix to drop",
    },
    KnownCase {
        text: "+54 9 11 1234 5678",
        region: None,
        expected: "+5491112345678, valid (Argentine mobile `9` kept)",
    },
    KnownCase {
        text: "00 509 3245 5153",
        region: Some("FR"),
        expected: "+50932455153 (00 is FR's international prefix)",
    },
];

/// What the command line asks for.
pub struct Options {
    pub suite_dir: PathBuf,
    pub corpus_dir: Option<PathBuf>,
    pub iterations: usize,
}

/// The entry point of both binaries; `build` names the regex-cache that `phonenumber` uses.
pub fn main(build: &str) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Internal modes, run in a child process so that each starts cold.
    match args.first().map(String::as_str) {
        Some("--cold") => return cold_child(&args[1], Path::new(&args[2])),
        Some("--stage") => return stage_child(&args[1..]),
        _ => {}
    }
    let Some(options) = parse_options(&args) else {
        eprintln!(
            "usage: phone-compare <testdata/phone folder> [--corpus <folder of .txt>] [--iterations N]"
        );
        std::process::exit(2);
    };
    report(build, &options);
}

fn parse_options(args: &[String]) -> Option<Options> {
    let mut suite_dir = None;
    let mut corpus_dir = None;
    let mut iterations = 9;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--corpus" => corpus_dir = Some(PathBuf::from(it.next()?)),
            "--iterations" => iterations = it.next()?.parse().ok()?,
            _ if suite_dir.is_none() && !a.starts_with("--") => suite_dir = Some(PathBuf::from(a)),
            _ => return None,
        }
    }
    Some(Options {
        suite_dir: suite_dir?,
        corpus_dir,
        iterations: iterations.max(1),
    })
}

fn report(build: &str, o: &Options) {
    let cases = read_suite(&o.suite_dir);
    println!("# phone-compare ({build})\n");
    println!(
        "{} rows from {}; {} iterations per timing, median shown.\n",
        cases.len(),
        o.suite_dir.display(),
        o.iterations
    );
    agreement(&cases);
    disagreements(&cases);
    known_cases();
    speed(&cases, &o.suite_dir, o.iterations);
    tamis_stage(o);
    if let Some(corpus) = &o.corpus_dir {
        matcher(corpus);
    }
}

/// Agreement of each library with the suite, per form.
fn agreement(cases: &[Case]) {
    println!("## Agreement with the suite\n");
    println!("E.164: parsed, valid and the expected E.164. Type: the suite's type (`fixedLineOrMobile` counts for either). Groups: the library's own format (international for international forms, national for national ones) has the digit groups libphonenumber-js wrote; punctuation is not compared, since libphonenumber-js writes spaces where libphonenumber writes `+1 268-460-1234`.\n");
    println!("| form | rows | library | E.164 | type | groups |");
    println!("|---|---:|---|---:|---:|---:|");
    let mut misses: Vec<(Library, &str, String)> = Vec::new();
    for form in [
        Form::International,
        Form::National,
        Form::NationalSignificant,
    ] {
        let rows: Vec<&Case> = cases.iter().filter(|c| c.form == form).collect();
        for lib in Library::ALL {
            let (mut e164, mut kind, mut kinds, mut grouped) = (0, 0, 0, 0);
            for c in &rows {
                let Some(r) = lib.read(&c.text, c.region.as_deref()) else {
                    misses.push((lib, "E.164", format!("`{}` refused", c.text)));
                    continue;
                };
                if r.valid && r.e164 == c.expected_e164 {
                    e164 += 1;
                } else {
                    misses.push((
                        lib,
                        "E.164",
                        format!("`{}` → {} (valid: {})", c.text, r.e164, r.valid),
                    ));
                }
                if let Some(k) = &c.kind {
                    kinds += 1;
                    let either =
                        r.kind == "fixedLineOrMobile" && (k == "fixedLine" || k == "mobile");
                    if r.kind == *k || either {
                        kind += 1;
                    } else {
                        misses.push((
                            lib,
                            "type",
                            format!("`{}` → {} (suite: {k})", c.text, r.kind),
                        ));
                    }
                }
                let own = match form {
                    Form::International => &r.international,
                    Form::National => &r.national,
                    Form::NationalSignificant => continue,
                };
                if groups(own) == groups(&c.text) {
                    grouped += 1;
                } else {
                    misses.push((lib, "groups", format!("`{}` → `{own}`", c.text)));
                }
            }
            let grouped = if form == Form::NationalSignificant {
                "–".to_string()
            } else {
                grouped.to_string()
            };
            println!(
                "| {} | {} | {} | {e164} | {kind}/{kinds} | {grouped} |",
                form.name(),
                rows.len(),
                lib.name(),
            );
        }
    }
    println!();
    for lib in Library::ALL {
        for what in ["E.164", "type", "groups"] {
            let these: Vec<&str> = misses
                .iter()
                .filter(|m| m.0 == lib && m.1 == what)
                .map(|m| m.2.as_str())
                .collect();
            println!(
                "- {}, {what} unlike the suite: {} rows{}{}",
                lib.name(),
                these.len(),
                if these.is_empty() { "" } else { ", such as " },
                these[..these.len().min(4)].join("; ")
            );
        }
    }
    // The subset tamis's suite test counts: national forms with a region and six digits or more.
    let tamis_rows: Vec<&Case> = cases
        .iter()
        .filter(|c| c.region.is_some() && c.text.bytes().filter(u8::is_ascii_digit).count() >= 6)
        .collect();
    println!();
    for lib in Library::ALL {
        let ok = tamis_rows
            .iter()
            .filter(|c| {
                lib.read(&c.text, c.region.as_deref())
                    .is_some_and(|r| r.valid && r.e164 == c.expected_e164)
            })
            .count();
        println!(
            "- {}: {ok}/{} national forms of tamis's suite test (six digits or more) read right by the library alone.",
            lib.name(),
            tamis_rows.len()
        );
    }
    let codes = libraries::region_codes();
    println!(
        "- Region codes parsed by `phonenumber::country::Id` but not supported by rlibphonenumber: {:?}; supported by rlibphonenumber but not parsed by `Id`: {:?}. `rlibphonenumber::Region::from_code` accepts {} of the 676 pairs of letters.",
        codes.0, codes.1, codes.2
    );
    println!();
}

/// The lengths of the digit groups of a written number.
fn groups(s: &str) -> Vec<usize> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect()
}

/// Where the two libraries read a row differently.
fn disagreements(cases: &[Case]) {
    println!("## Disagreements between the libraries\n");
    type Field = fn(&Reading) -> String;
    let fields: [(&str, Field); 5] = [
        ("E.164", |r| r.e164.clone()),
        ("validity", |r| r.valid.to_string()),
        ("type", |r| r.kind.clone()),
        ("international format", |r| r.international.clone()),
        ("national format", |r| r.national.clone()),
    ];
    let readings: Vec<(&Case, Option<Reading>, Option<Reading>)> = cases
        .iter()
        .map(|c| {
            let region = c.region.as_deref();
            (
                c,
                Library::Phonenumber.read(&c.text, region),
                Library::Rlibphonenumber.read(&c.text, region),
            )
        })
        .collect();
    let parsed_by_one = readings
        .iter()
        .filter(|(_, a, b)| a.is_some() != b.is_some())
        .count();
    println!("- Parsed by one library only: {parsed_by_one}.");
    for (name, field) in fields {
        let differ: Vec<_> = readings
            .iter()
            .filter_map(|(c, a, b)| {
                let (a, b) = (a.as_ref()?, b.as_ref()?);
                (field(a) != field(b)).then(|| (c, field(a), field(b)))
            })
            .collect();
        println!("- {name}: {} rows differ.", differ.len());
        for (c, a, b) in differ.iter().take(6) {
            println!(
                "  - `{}` ({}; suite {} {}): phonenumber `{a}`, rlibphonenumber `{b}`",
                c.text,
                c.region.as_deref().unwrap_or("no region"),
                c.expected_e164,
                c.kind.as_deref().unwrap_or("")
            );
        }
    }
    println!();
}

/// The cases of issue 17, read by each library and by tamis.
fn known_cases() {
    println!("## The cases of issue 17\n");
    println!("| text | region | expected | phonenumber | rlibphonenumber | tamis `phone::scan` |");
    println!("|---|---|---|---|---|---|");
    for k in KNOWN_CASES {
        let show = |lib: Library| match lib.read(k.text, k.region) {
            Some(r) => format!(
                "{} {} {}, `{}`",
                r.e164,
                if r.valid { "valid" } else { "invalid" },
                r.kind,
                r.international
            ),
            None => "parse error".to_string(),
        };
        println!(
            "| `{}` | {} | {} | {} | {} | {} |",
            k.text,
            k.region.unwrap_or("–"),
            k.expected,
            show(Library::Phonenumber),
            show(Library::Rlibphonenumber),
            tamis_reading(k.text, k.region)
        );
    }
    println!();
}

fn settings_for(region: Option<&str>) -> Option<Settings> {
    let config = Config {
        phone: PhoneConfig {
            default_region: region.map(str::to_string),
            ..Default::default()
        },
        ..Default::default()
    };
    Settings::new(config).ok()
}

fn tamis_reading(text: &str, region: Option<&str>) -> String {
    let Some(settings) = settings_for(region) else {
        return "region refused".to_string();
    };
    let mentions = phone::scan(&format!("Tel: {text}"), &settings);
    if mentions.is_empty() {
        return "no phone".to_string();
    }
    mentions
        .iter()
        .map(|m| {
            let problems: Vec<_> = m.problems.iter().map(|p| p.describe()).collect();
            format!(
                "{} {}{}{}",
                m.written_e164.as_deref().unwrap_or("?"),
                if m.valid { "valid" } else { "invalid" },
                if problems.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", problems.join(", "))
                },
                m.migration
                    .as_ref()
                    .map(|n| format!(", now {}", n.new_number))
                    .unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn per_second(count: usize, d: Duration) -> String {
    let rate = count as f64 / d.as_secs_f64();
    if rate >= 1e6 {
        format!("{:.2} M/s", rate / 1e6)
    } else {
        format!("{:.0} k/s", rate / 1e3)
    }
}

/// Runs this program again with `args`, and returns what it printed.
fn child(args: &[&str]) -> String {
    let exe = std::env::current_exe().expect("the path of this program");
    let out = Command::new(exe)
        .args(args)
        .output()
        .expect("this program runs again");
    assert!(out.status.success(), "{args:?} failed: {out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Warm throughput of each library over the suite, and its cold start in new processes.
fn speed(cases: &[Case], suite_dir: &Path, iterations: usize) {
    println!("## Speed\n");
    println!("Warm: the whole suite each iteration ({} rows), after one untimed pass. Cold, in a new process, median of {iterations} processes: the first parse of `+33 1 44 55 66 77`, then its first international format, then a first pass over the whole suite reading each row (parse, is_valid, type, three formats), which meets every region's patterns once.\n", cases.len());
    println!("| library | parse | parse + is_valid + type | format ×3 (E.164, international, national) | cold: first parse | cold: first format | cold: first pass over the suite |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for lib in Library::ALL {
        let parse = lib.time_parse(cases, iterations);
        let validate = lib.time_validate(cases, iterations);
        let (formats, format) = lib.time_format(cases, iterations);
        let suite = suite_dir.to_string_lossy();
        let cold: Vec<Vec<Duration>> = (0..iterations)
            .map(|_| {
                child(&["--cold", lib.name(), &suite])
                    .split(' ')
                    .map(|ns| Duration::from_nanos(ns.parse().expect("nanoseconds")))
                    .collect()
            })
            .collect();
        let cold = |i: usize| median(cold.iter().map(|c| c[i]).collect());
        println!(
            "| {} | {} | {} | {} | {:.2?} | {:.2?} | {:.2?} |",
            lib.name(),
            per_second(cases.len(), parse),
            per_second(cases.len(), validate),
            per_second(formats, format),
            cold(0),
            cold(1),
            cold(2)
        );
    }
    println!();
}

/// In a new process: the time of the first parse, of the first format, then of a first pass
/// over the suite, in nanoseconds.
fn cold_child(name: &str, suite_dir: &Path) {
    let cases = read_suite(suite_dir);
    let lib = Library::ALL
        .into_iter()
        .find(|l| l.name() == name)
        .expect("a library name");
    let start = Instant::now();
    let parsed_ok = lib.parse_only("+33 1 44 55 66 77", None);
    let parsed = start.elapsed();
    assert!(parsed_ok);
    let formatted = lib.time_first_format("+33 1 44 55 66 77");
    let start = Instant::now();
    for c in &cases {
        std::hint::black_box(lib.read(&c.text, c.region.as_deref()));
    }
    let suite = start.elapsed();
    println!(
        "{} {} {}",
        parsed.as_nanos(),
        formatted.as_nanos(),
        suite.as_nanos()
    );
}

/// tamis's phone stage, `phone::scan`, over the suite (each row as `Tel: …`, national forms with
/// their region configured) and over the corpus, each in new processes.
fn tamis_stage(o: &Options) {
    println!("## tamis's phone stage (`tamis_analysis::phone::scan`)\n");
    println!("Each pass runs on a new thread, so that tamis's per-thread memo of verdicts starts empty; regexes compiled by earlier passes stay compiled. First pass: the first in a new process. Warm: median of the {} passes after it.\n", o.iterations);
    println!("| input | first pass | warm pass | mentions |");
    println!("|---|---:|---:|---:|");
    let suite = o.suite_dir.to_string_lossy().into_owned();
    let iterations = o.iterations.to_string();
    let mut inputs = vec![("phone suite", vec!["--stage", "suite", &suite, &iterations])];
    let corpus = o
        .corpus_dir
        .as_ref()
        .map(|c| c.to_string_lossy().into_owned());
    if let Some(corpus) = &corpus {
        inputs.push(("corpus", vec!["--stage", "corpus", corpus, &iterations]));
    }
    for (name, args) in inputs {
        let out = child(&args);
        let v: Vec<&str> = out.split(' ').collect();
        let ns = |s: &str| Duration::from_nanos(s.parse().expect("nanoseconds"));
        println!(
            "| {name} ({} texts) | {:.2?} | {:.2?} | {} |",
            v[0],
            ns(v[1]),
            ns(v[2]),
            v[3]
        );
    }
    println!();
}

/// In a new process: `texts first warm mentions` for one input.
fn stage_child(args: &[String]) {
    let (what, dir, iterations) = (&args[0], Path::new(&args[1]), args[2].parse().unwrap_or(9));
    let texts: Vec<(String, Settings)> = if what == "suite" {
        read_suite(dir)
            .into_iter()
            .filter_map(|c| {
                let settings = settings_for(c.region.as_deref())?;
                Some((format!("Tel: {}", c.text), settings))
            })
            .collect()
    } else {
        corpus_texts(dir)
            .into_iter()
            .map(|t| (t, Settings::default()))
            .collect()
    };
    let pass = || {
        std::thread::scope(|s| {
            s.spawn(|| {
                let start = Instant::now();
                let found: usize = texts
                    .iter()
                    .map(|(t, settings)| std::hint::black_box(phone::scan(t, settings)).len())
                    .sum();
                (start.elapsed(), found)
            })
            .join()
            .expect("a pass")
        })
    };
    let (first, found) = pass();
    let warm = median((0..iterations).map(|_| pass().0).collect());
    println!(
        "{} {} {} {found}",
        texts.len(),
        first.as_nanos(),
        warm.as_nanos()
    );
}

fn corpus_texts(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a UTF-8 text"))
        .collect()
}

/// rlibphonenumber's finder of numbers in running text, beside tamis's scan, on the corpus.
fn matcher(dir: &Path) {
    use rlibphonenumber::phonenumber_matcher::{Leniency, PHONE_MATCHER_FACTORY};
    println!("## Numbers in running text: rlibphonenumber's matcher beside tamis's scan\n");
    println!("Corpus {}, no default region given to either (tamis then reads national numbers only with a place nearby).\n", dir.display());
    let texts = corpus_texts(dir);
    let settings = Settings::default();
    for (i, text) in texts.iter().enumerate() {
        let tamis: Vec<String> = phone::scan(text, &settings)
            .iter()
            .map(|m| text[m.range.clone()].to_string())
            .collect();
        println!("- text {i}: tamis {tamis:?}");
        for leniency in [Leniency::Possible, Leniency::Valid] {
            let found: Vec<&str> = PHONE_MATCHER_FACTORY
                .matcher_builder(text)
                .leniency(leniency)
                .build()
                .map(|m| m.raw_string)
                .collect();
            println!("  - matcher {leniency:?}: {found:?}");
        }
    }
    println!();
}
