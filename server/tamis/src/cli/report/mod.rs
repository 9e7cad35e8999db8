//! `tamis report`: the corpus at a glance, from one `check` and `entities` pass: totals, findings
//! per rule, severity and file, the sites or templates with the boilerplate learned for each, the
//! most frequent entities and what `tamis fix` would change. Written as one self-contained HTML
//! page (see [`html`]) or as JSON with the same numbers.
//!
//! Only top lists are kept (files, blocks, entities), so the page stays small whatever the size
//! of the corpus; the counters behind them are the only state that grows with it.

mod html;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use super::files::{self, Loaded};
use super::progress::Progress;
use super::{error, ReportArgs, ReportFormat, EXIT_CLEAN, EXIT_ERROR};
use crate::positions::{Encoding, LineIndex};
use tamis_analysis::entities::Kind;
use tamis_analysis::rules::encoding_not_utf8;
use tamis_analysis::{apply_fixes, check_and_extract, Applicability, Context, FixOptions};

const CHUNK: usize = 512;
/// Files listed with their findings.
const TOP_FILES: usize = 20;
/// Findings listed for each of those files.
const FINDINGS_PER_FILE: usize = 50;
/// Sites or templates listed, and blocks listed for each.
const TOP_GROUPS: usize = 30;
const BLOCKS_PER_GROUP: usize = 10;
/// Entities listed per type.
const TOP_ENTITIES: usize = 20;
/// Characters kept of any text taken from the corpus.
const SNIPPET: usize = 160;
/// Distinct blocks counted per group before the rarest are dropped (memory stays bounded).
const BLOCKS_KEPT: usize = 4096;
/// The buckets of the histogram of findings per file: lower bounds.
const BUCKETS: [usize; 9] = [0, 1, 2, 3, 5, 10, 20, 50, 100];

/// Everything the report shows; `--format json` prints it as it is.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub files: usize,
    pub findings: usize,
    /// Files per outcome: with findings, clean, skipped, unreadable (zero rows left out).
    pub outcomes: Vec<Count>,
    /// Findings per severity, most serious first (zero rows left out).
    pub severities: Vec<Count>,
    /// Findings per rule, most frequent first.
    pub rules: Vec<Count>,
    /// Files per number of findings, in buckets (every bucket, empty ones too).
    pub histogram: Vec<Count>,
    pub fix: FixPreview,
    /// The sites (by host, when a page names its URL) or templates (by the first line the pages
    /// share), largest first.
    pub groups: Vec<Group>,
    /// How many groups there are in all (only the largest are listed).
    pub groups_total: usize,
    /// The files with the most findings, each with its first findings.
    pub top_files: Vec<TopFile>,
    /// The most frequent entities of each type.
    pub entities: Vec<EntityKind>,
}

/// A label and a number.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub label: String,
    pub count: usize,
}

/// What `tamis fix` would change, from the findings of this pass (one round; `tamis fix` runs
/// a few more when fixes uncover others).
#[derive(Debug, Default, Serialize)]
pub struct FixPreview {
    /// Findings with a safe fix (applied by `tamis fix`).
    pub safe: usize,
    /// Findings with an unsafe fix (applied with `--unsafe-fixes`).
    pub unsafe_fixes: usize,
    /// Files that `tamis fix` would change.
    pub files_changed: usize,
    /// Lines that safe fixes delete.
    pub lines_deleted: usize,
    /// Lines deleted with `--unsafe-fixes`.
    pub lines_deleted_with_unsafe: usize,
}

#[derive(Debug, Serialize)]
pub struct Group {
    /// `site` (a host named by the pages) or `template` (a first line the pages share), or
    /// `other` (files of no shared template).
    pub kind: &'static str,
    pub name: String,
    pub files: usize,
    pub findings: usize,
    pub findings_per_file: f64,
    /// The boilerplate blocks found in its files (first line), with how many files hold each.
    pub blocks: Vec<Block>,
}

#[derive(Debug, Serialize)]
pub struct Block {
    pub text: String,
    /// Lines in the block, in the example.
    pub lines: usize,
    pub files: usize,
    pub example: String,
}

#[derive(Debug, Serialize)]
pub struct TopFile {
    pub path: String,
    pub findings: usize,
    pub items: Vec<Item>,
}

#[derive(Debug, Serialize)]
pub struct Item {
    /// One-based line.
    pub line: u32,
    pub code: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct EntityKind {
    pub kind: &'static str,
    pub distinct: usize,
    pub mentions: usize,
    pub top: Vec<EntityCount>,
}

#[derive(Debug, Serialize)]
pub struct EntityCount {
    pub value: String,
    pub mentions: usize,
    pub files: usize,
}

pub fn run(args: ReportArgs) -> u8 {
    let Ok(run) = files::Run::prepare(&args.common) else {
        return EXIT_ERROR;
    };
    let (paths, errors, cx) = (&run.paths, run.errors, run.context());
    let mut acc = Accumulator::default();
    let progress = Progress::start("reporting", paths.len());
    for chunk in paths.chunks(CHUNK) {
        let stats: Vec<FileStats> = chunk
            .par_iter()
            .map(|p| {
                let s = file_stats(p, cx);
                progress.inc(1);
                s
            })
            .collect();
        for s in stats {
            acc.add(s);
        }
    }
    drop(progress);
    let report = acc.finish(paths.len());
    let rendered = match args.format {
        ReportFormat::Html => html::render(&report),
        ReportFormat::Json => {
            serde_json::to_string_pretty(&report).expect("the report serialises") + "\n"
        }
    };
    let written = match &args.output {
        Some(path) if path.as_os_str() != "-" => {
            crate::workspace::write_atomically(path, None, rendered.as_bytes())
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))
        }
        _ => {
            use std::io::Write;
            std::io::stdout()
                .write_all(rendered.as_bytes())
                .map_err(|e| format!("cannot write the report: {e}"))
        }
    };
    if let Err(e) = written {
        error(e);
        return EXIT_ERROR;
    }
    if errors > 0 || acc.unreadable > 0 {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    }
}

/// What one file adds to the report.
#[derive(Default)]
struct FileStats {
    path: String,
    failed: bool,
    skipped: bool,
    findings: usize,
    by_code: Vec<&'static str>,
    by_severity: [usize; 4],
    safe: usize,
    unsafe_fixes: usize,
    lines_deleted: usize,
    lines_deleted_with_unsafe: usize,
    /// The site or template, and its kind.
    group: (&'static str, String),
    /// Boilerplate blocks: first line and number of lines, once each.
    blocks: Vec<(String, usize)>,
    items: Vec<Item>,
    /// Entities: kind, value, mentions in the file.
    entities: Vec<(Kind, String, usize)>,
}

fn file_stats(path: &Path, cx: Context<'_>) -> FileStats {
    let mut stats = FileStats {
        path: path.display().to_string(),
        ..FileStats::default()
    };
    let loaded = files::read_document(path);
    if files::report_unread(&loaded) {
        stats.failed = true;
        return stats;
    }
    // A file in another encoding keeps one copy of its text, and not its bytes.
    let Some((own, decoded)) = loaded.ok().and_then(Loaded::into_read) else {
        stats.skipped = true;
        return stats;
    };
    let text = Loaded::text_of(&own, decoded.as_ref());
    let (mut findings, entities) = check_and_extract(text, cx);
    if let Some(d) = &decoded {
        if let Some(f) = encoding_not_utf8::finding(text, d.name(), d.confident, cx.settings) {
            findings.insert(0, f);
        }
    }
    stats.group = group_of(text);
    stats.findings = findings.len();
    let index = LineIndex::new(text);
    let mut seen_blocks = HashSet::new();
    for f in &findings {
        stats.by_code.push(f.code);
        stats.by_severity[f.severity as usize] += 1;
        match f.fix.as_ref().map(|x| x.applicability) {
            Some(Applicability::Safe) => stats.safe += 1,
            Some(Applicability::Unsafe) => stats.unsafe_fixes += 1,
            _ => {}
        }
        if f.code.starts_with("boilerplate") {
            let block = &text[f.range.clone()];
            let first = block.lines().map(str::trim).find(|l| !l.is_empty());
            if let Some(first) = first {
                let first = snippet(first);
                if seen_blocks.insert(first.clone()) {
                    stats.blocks.push((first, block.trim_end().lines().count()));
                }
            }
        }
        if stats.items.len() < FINDINGS_PER_FILE {
            let line = index.position(text, f.range.start, Encoding::Utf16).line + 1;
            stats.items.push(Item {
                line,
                code: f.code,
                severity: f.severity.as_str(),
                message: snippet(&f.message),
                text: snippet(text[f.range.clone()].lines().next().unwrap_or("")),
            });
        }
    }
    if decoded.is_none() {
        let lines = |t: &str| t.lines().count();
        let before = lines(text);
        let safe = FixOptions {
            unsafe_fixes: false,
        };
        let (fixed, n) = apply_fixes(text, &findings, safe);
        if n > 0 {
            stats.lines_deleted = before.saturating_sub(lines(&fixed));
        }
        let (fixed, _) = apply_fixes(text, &findings, FixOptions { unsafe_fixes: true });
        stats.lines_deleted_with_unsafe = before.saturating_sub(lines(&fixed));
    }
    let mut per_value: HashMap<(Kind, &str), usize> = HashMap::new();
    for e in &entities {
        if e.kind != Kind::Contact {
            *per_value
                .entry((e.kind, e.normalized.as_str()))
                .or_default() += 1;
        }
    }
    stats.entities = per_value
        .into_iter()
        .map(|((k, v), n)| (k, snippet(v), n))
        .collect();
    stats
}

/// The site of a page, when one of its first lines names its URL (`URL: https://…`,
/// `Source: …`, or the URL alone), else the template: the first line of some length the page
/// starts with (the start of a site's menu).
fn group_of(text: &str) -> (&'static str, String) {
    let mut lines = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(5);
    let first: Vec<&str> = lines.by_ref().collect();
    for l in &first {
        let rest = ["url:", "source:", "source :", "url :"]
            .iter()
            .find_map(|p| {
                l.get(..p.len())
                    .filter(|h| h.eq_ignore_ascii_case(p))
                    .map(|_| l[p.len()..].trim())
            })
            .unwrap_or(l);
        if let Some(host) = host_of(rest) {
            return ("site", host);
        }
    }
    let head = first
        .iter()
        .find(|l| l.chars().filter(|c| c.is_alphabetic()).count() >= 3);
    match head {
        Some(h) => ("template", snippet(h)),
        None => ("other", String::new()),
    }
}

/// The host of a text that is one URL.
fn host_of(s: &str) -> Option<String> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    if rest.contains(char::is_whitespace) {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// A text from the corpus cut to [`SNIPPET`] characters.
fn snippet(s: &str) -> String {
    match s.char_indices().nth(SNIPPET) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[derive(Default)]
struct GroupAcc {
    files: usize,
    findings: usize,
    /// Block → files holding it, lines, an example file.
    blocks: HashMap<String, (usize, usize, String)>,
}

/// Counts `files` more holding `block`, whose example is the file of the smallest path among
/// them all (`lines`: the block's lines there): the same whatever order the files and the
/// groups merged into one come in (the groups are merged from a hash map).
fn add_block(
    blocks: &mut HashMap<String, (usize, usize, String)>,
    block: String,
    (files, lines, path): (usize, usize, &str),
) {
    match blocks.entry(block) {
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert((files, lines, path.to_string()));
        }
        std::collections::hash_map::Entry::Occupied(mut e) => {
            let e = e.get_mut();
            e.0 += files;
            if path < e.2.as_str() {
                e.1 = lines;
                e.2 = path.to_string();
            }
        }
    }
}

#[derive(Default)]
struct Accumulator {
    files_with_findings: usize,
    clean: usize,
    skipped: usize,
    unreadable: usize,
    findings: usize,
    by_code: HashMap<&'static str, usize>,
    by_severity: [usize; 4],
    histogram: [usize; BUCKETS.len()],
    fix: FixPreview,
    groups: HashMap<(&'static str, String), GroupAcc>,
    /// The top files so far, most findings first.
    top: Vec<TopFile>,
    entities: BTreeMap<Kind, HashMap<String, (usize, usize)>>,
}

impl Accumulator {
    fn add(&mut self, s: FileStats) {
        if s.failed {
            self.unreadable += 1;
            return;
        }
        if s.skipped {
            self.skipped += 1;
            return;
        }
        if s.findings > 0 {
            self.files_with_findings += 1;
        } else {
            self.clean += 1;
        }
        self.findings += s.findings;
        for c in s.by_code {
            *self.by_code.entry(c).or_default() += 1;
        }
        for (a, b) in self.by_severity.iter_mut().zip(s.by_severity) {
            *a += b;
        }
        let bucket = BUCKETS.iter().rposition(|&b| s.findings >= b).unwrap_or(0);
        self.histogram[bucket] += 1;
        self.fix.safe += s.safe;
        self.fix.unsafe_fixes += s.unsafe_fixes;
        self.fix.files_changed += usize::from(s.safe > 0);
        self.fix.lines_deleted += s.lines_deleted;
        self.fix.lines_deleted_with_unsafe += s.lines_deleted_with_unsafe;
        let g = self.groups.entry(s.group).or_default();
        g.files += 1;
        g.findings += s.findings;
        for (b, lines) in s.blocks {
            add_block(&mut g.blocks, b, (1, lines, &s.path));
        }
        if g.blocks.len() > BLOCKS_KEPT {
            // The rarest blocks go: a block held by a handful of files is no template's.
            let mut counts: Vec<usize> = g.blocks.values().map(|v| v.0).collect();
            counts.sort_unstable();
            let floor = counts[counts.len() / 2].max(2);
            g.blocks.retain(|_, v| v.0 >= floor);
        }
        for (kind, value, n) in s.entities {
            let e = self
                .entities
                .entry(kind)
                .or_default()
                .entry(value)
                .or_default();
            e.0 += n;
            e.1 += 1;
        }
        let smallest = self.top.last().map_or(0, |t| t.findings);
        if s.findings > 0 && (self.top.len() < TOP_FILES || s.findings > smallest) {
            let at = self.top.partition_point(|t| t.findings >= s.findings);
            self.top.insert(
                at,
                TopFile {
                    path: snippet(&s.path),
                    findings: s.findings,
                    items: s.items,
                },
            );
            self.top.truncate(TOP_FILES);
        }
    }

    fn finish(&mut self, files: usize) -> Report {
        let counts = |rows: Vec<(String, usize)>| {
            rows.into_iter()
                .filter(|r| r.1 > 0)
                .map(|(label, count)| Count { label, count })
                .collect::<Vec<_>>()
        };
        let outcomes = counts(vec![
            ("with findings".into(), self.files_with_findings),
            ("clean".into(), self.clean),
            ("skipped (not text)".into(), self.skipped),
            ("unreadable".into(), self.unreadable),
        ]);
        let severities = counts(
            ["error", "warning", "info", "hint"]
                .iter()
                .zip(self.by_severity)
                .map(|(l, n)| (l.to_string(), n))
                .collect(),
        );
        let mut rules: Vec<(String, usize)> = self
            .by_code
            .iter()
            .map(|(c, n)| (c.to_string(), *n))
            .collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let histogram = BUCKETS
            .iter()
            .enumerate()
            .map(|(i, lo)| {
                let label = match BUCKETS.get(i + 1) {
                    Some(hi) if hi - lo == 1 => lo.to_string(),
                    Some(hi) => format!("{lo}–{}", hi - 1),
                    None => format!("{lo}+"),
                };
                Count {
                    label,
                    count: self.histogram[i],
                }
            })
            .collect();
        // Templates of one file are no template: their files go together.
        let mut groups: HashMap<(&'static str, String), GroupAcc> = HashMap::new();
        for (key, g) in std::mem::take(&mut self.groups) {
            let key = if key.0 == "template" && g.files < 2 {
                ("other", String::new())
            } else {
                key
            };
            let into = groups.entry(key).or_default();
            into.files += g.files;
            into.findings += g.findings;
            for (b, (files, lines, example)) in g.blocks {
                add_block(&mut into.blocks, b, (files, lines, &example));
            }
        }
        let groups_total = groups.len();
        let mut groups: Vec<Group> = groups
            .into_iter()
            .map(|((kind, name), g)| {
                let mut blocks: Vec<Block> = g
                    .blocks
                    .into_iter()
                    .map(|(text, (files, lines, example))| Block {
                        text,
                        lines,
                        files,
                        example: snippet(&example),
                    })
                    .collect();
                blocks.sort_by(|a, b| b.files.cmp(&a.files).then_with(|| a.text.cmp(&b.text)));
                blocks.truncate(BLOCKS_PER_GROUP);
                Group {
                    kind,
                    name: if kind == "other" {
                        "files of no shared template".into()
                    } else {
                        name
                    },
                    files: g.files,
                    findings: g.findings,
                    findings_per_file: (g.findings as f64 / g.files.max(1) as f64 * 100.0).round()
                        / 100.0,
                    blocks,
                }
            })
            .collect();
        groups.sort_by(|a, b| {
            (a.kind == "other")
                .cmp(&(b.kind == "other"))
                .then_with(|| b.files.cmp(&a.files))
                .then_with(|| a.name.cmp(&b.name))
        });
        groups.truncate(TOP_GROUPS);
        let entities = std::mem::take(&mut self.entities)
            .into_iter()
            .map(|(kind, values)| {
                let distinct = values.len();
                let mentions = values.values().map(|v| v.0).sum();
                let mut top: Vec<EntityCount> = values
                    .into_iter()
                    .map(|(value, (mentions, files))| EntityCount {
                        value,
                        mentions,
                        files,
                    })
                    .collect();
                let order = |a: &EntityCount, b: &EntityCount| {
                    (b.files, b.mentions)
                        .cmp(&(a.files, a.mentions))
                        .then_with(|| a.value.cmp(&b.value))
                };
                if top.len() > TOP_ENTITIES {
                    top.select_nth_unstable_by(TOP_ENTITIES, order);
                    top.truncate(TOP_ENTITIES);
                }
                top.sort_by(order);
                EntityKind {
                    kind: kind.as_str(),
                    distinct,
                    mentions,
                    top,
                }
            })
            .collect();
        Report {
            files,
            findings: self.findings,
            outcomes,
            severities,
            rules: counts(rules),
            histogram,
            fix: std::mem::take(&mut self.fix),
            groups,
            groups_total,
            top_files: std::mem::take(&mut self.top),
            entities,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_the_url_a_page_names_else_by_its_first_line() {
        assert_eq!(
            group_of("URL: https://www.Example.org/news/1\nTitle\n"),
            ("site", "example.org".to_string())
        );
        assert_eq!(
            group_of("\u{feff}-\nSkip to content\nHome\n"),
            ("template", "Skip to content".to_string())
        );
        assert_eq!(group_of("-\n\n"), ("other", String::new()));
    }

    #[test]
    fn a_block_s_example_is_the_smallest_path_in_any_order() {
        let adds = [(1, 3, "b/2.txt"), (2, 4, "a/9.txt"), (1, 5, "c/1.txt")];
        let orders = [[0, 1, 2], [2, 1, 0], [1, 0, 2], [2, 0, 1]];
        for order in orders {
            let mut blocks = HashMap::new();
            for i in order {
                add_block(&mut blocks, "Menu".to_string(), adds[i]);
            }
            assert_eq!(blocks["Menu"], (4, 4, "a/9.txt".to_string()), "{order:?}");
        }
    }

    #[test]
    fn snippets_are_cut_at_a_character() {
        let long = "é".repeat(SNIPPET + 5);
        assert_eq!(snippet(&long).chars().count(), SNIPPET + 1);
    }
}
