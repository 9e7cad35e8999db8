//! `tamis export`: the entities of files as pre-annotations for an annotation tool.
//!
//! Only clean text is exported: by default the safe fixes are applied in memory first (the files
//! are not changed), `--as-is` exports the files as they are; stderr and the output's metadata
//! say which. A byte-order mark is never exported: the text starts after it, and every offset
//! counts from there. Line endings are kept as they are (`\r\n` counts as two characters).
//!
//! The formats, and what each does with entities that overlap (a contact record holds the
//! people, emails and phones it lists, so `contact` is left out unless `--types` names it):
//! - `label-studio`: a JSON list of tasks with `predictions`; offsets in code points, as Label
//!   Studio counts them: the editor of its `Text` tag (1.23) counts the elements of `[...text]`,
//!   code points, not JavaScript's UTF-16 units (`tests/annotation` checks it in the editor with
//!   emoji). Overlapping entities are all kept (Label Studio shows nested spans).
//! - `brat`: `<name>.txt` and `<name>.ann` per document, keeping the folders below the common
//!   folder of the inputs, with `annotation.conf` and `visual.conf`; offsets in code points, as
//!   brat (Python) counts them. Overlapping entities are all kept (brat nests them). An entity
//!   across a line break is one continuous span whose text field has each `\r` and `\n` as a
//!   space (the field keeps the span's length).
//! - `conll`: one `token TAG` line per token (BIO tags), a blank line at each line break of the
//!   text that no entity crosses, `-DOCSTART- O` before each document. CoNLL cannot nest: of
//!   overlapping entities the longest is kept (the earliest on a tie).
//! - `spacy-jsonl`: one `{"text", "spans": [{"start", "end", "label"}], "meta"}` per line; offsets
//!   in code points, as Python counts them. The spans never overlap (same rule as CoNLL), so that
//!   they can become `doc.ents`.

use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::json;

use super::files::{self, Loaded};
use super::progress::Progress;
use super::{error, note, CommonArgs, EXIT_CLEAN, EXIT_ERROR};
use crate::positions::char_offsets;
use tamis_analysis::entities::Kind;
use tamis_analysis::{bom_len, check_and_extract, fix_and_extract, Context, FixOptions};

const CHUNK: usize = 512;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// The annotation tool's format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Where to write: a file (`-` for standard output), or a folder for brat.
    #[arg(long, short = 'o')]
    pub output: PathBuf,
    /// Only these types (comma-separated; default: all but contact): person, organisation,
    /// place, money, date, email, phone, contact.
    #[arg(long, alias = "type", value_delimiter = ',', value_parser = super::entity_types())]
    pub types: Option<Vec<String>>,
    /// Export the files as they are, without applying the safe fixes in memory first.
    #[arg(long)]
    pub as_is: bool,
    /// Also write Label Studio's labeling configuration (XML, one label per type with its
    /// colour) to this file, to create a project with.
    #[arg(long)]
    pub label_config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A JSON list of Label Studio tasks with predictions (code-point offsets).
    LabelStudio,
    /// brat standoff: `.txt` and `.ann` pairs in a folder, with `annotation.conf`.
    Brat,
    /// CoNLL: one token and its BIO tag per line, documents after `-DOCSTART-`.
    Conll,
    /// One JSON object per document: `text`, `spans` (code-point offsets), `meta`.
    SpacyJsonl,
}

pub fn run(args: ExportArgs) -> u8 {
    let Ok(run) = files::Run::prepare(&args.common) else {
        return EXIT_ERROR;
    };
    if args.format == ExportFormat::Brat && args.output == Path::new("-") {
        error("brat is a folder of files: give one with -o");
        return EXIT_ERROR;
    }
    let kinds = selected_kinds(args.types.as_deref());
    let (paths, mut errors, cx) = (&run.paths, run.errors, run.context());
    if let Some(path) = &args.label_config {
        if let Err(e) = std::fs::write(path, label_config(&kinds)) {
            error(format!("{}: cannot write: {e}", path.display()));
            return EXIT_ERROR;
        }
    }
    let cleaning = if args.as_is {
        "as is"
    } else {
        "safe fixes applied"
    };
    let base = common_folder(paths);
    let mut sink = match Sink::open(&args.output, args.format, &kinds, cleaning) {
        Ok(sink) => sink,
        Err(e) => {
            error(format!("{}: cannot write: {e}", args.output.display()));
            return EXIT_ERROR;
        }
    };
    let (mut documents, mut entities, mut fixes) = (0usize, 0usize, 0usize);
    let progress = Progress::start("exporting", paths.len());
    for chunk in paths.chunks(CHUNK) {
        let rendered: Vec<Result<Option<Rendered>, ()>> = chunk
            .par_iter()
            .map(|path| {
                let r = export_file(path, &base, cx, &args, &kinds, cleaning);
                progress.inc(1);
                r
            })
            .collect();
        for r in rendered {
            match r {
                Ok(Some(r)) => {
                    documents += 1;
                    entities += r.entities;
                    fixes += r.fixes;
                    if let Err(e) = progress.suspend(|| sink.write(&r.out)) {
                        error(format!("{}: cannot write: {e}", args.output.display()));
                        return EXIT_ERROR;
                    }
                }
                Ok(None) => {}
                Err(()) => errors += 1,
            }
        }
    }
    drop(progress);
    if let Err(e) = sink.finish() {
        error(format!("{}: cannot write: {e}", args.output.display()));
        return EXIT_ERROR;
    }
    let how = if args.as_is {
        "as they are (--as-is)".to_string()
    } else {
        format!("with the safe fixes applied in memory ({fixes} fixes; the files are unchanged)")
    };
    note(format!(
        "exported {entities} entities of {documents} documents {how} to {}",
        args.output.display()
    ));
    if errors > 0 {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    }
}

/// The types to export: those named, or all but `contact` (a record around other entities).
fn selected_kinds(types: Option<&[String]>) -> Vec<Kind> {
    match types {
        Some(t) => Kind::ALL
            .into_iter()
            .filter(|k| t.iter().any(|s| s == k.as_str()))
            .collect(),
        None => Kind::ALL
            .into_iter()
            .filter(|k| *k != Kind::Contact)
            .collect(),
    }
}

/// The colour of each type's label, in Label Studio and brat.
fn colour(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "#e6194b",
        Kind::Organisation => "#4363d8",
        Kind::Place => "#3cb44b",
        Kind::Money => "#f58231",
        Kind::Date => "#911eb4",
        Kind::Email => "#008080",
        Kind::Phone => "#9a6324",
        Kind::Contact => "#808000",
    }
}

/// Label Studio's labeling configuration for the types.
pub fn label_config(kinds: &[Kind]) -> String {
    let mut out = String::from("<View>\n  <Labels name=\"label\" toName=\"text\">\n");
    for k in kinds {
        out.push_str(&format!(
            "    <Label value=\"{}\" background=\"{}\"/>\n",
            k.as_str(),
            colour(*k)
        ));
    }
    out.push_str("  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n</View>\n");
    out
}

/// One document, ready for the sink.
struct Rendered {
    out: Output,
    entities: usize,
    fixes: usize,
}

enum Output {
    /// Appended to the output file.
    Text(String),
    /// brat: the relative name (without extension), the text and the `.ann` content.
    Pair(PathBuf, String, String),
}

/// A document as exported: the text (no byte-order mark) and its entities' byte ranges in it.
pub struct Exported {
    pub text: String,
    pub entities: Vec<(Kind, Range<usize>)>,
    pub fixes: usize,
}

/// Reads a file and returns what is exported of it; `Ok(None)` for a file that is not text.
fn export_file(
    path: &Path,
    base: &Path,
    cx: Context<'_>,
    args: &ExportArgs,
    kinds: &[Kind],
    cleaning: &str,
) -> Result<Option<Rendered>, ()> {
    let loaded = files::read_document(path);
    if files::report_unread(&loaded) {
        return Err(());
    }
    // A file in another encoding gives its text, not a copy, and its bytes are dropped.
    let Some(text) = loaded.ok().and_then(Loaded::into_text) else {
        return Ok(None);
    };
    let doc = exported(&text, cx, args.as_is, kinds);
    let name = path.display().to_string();
    let out = match args.format {
        ExportFormat::LabelStudio => Output::Text(label_studio_task(&doc, &name, cleaning)),
        ExportFormat::SpacyJsonl => Output::Text(spacy_line(&doc, &name, cleaning)),
        ExportFormat::Conll => Output::Text(conll_document(&doc)),
        ExportFormat::Brat => {
            let relative = path.strip_prefix(base).unwrap_or(path);
            Output::Pair(brat_name(relative), doc.text.clone(), brat_ann(&doc))
        }
    };
    Ok(Some(Rendered {
        out,
        entities: doc.entities.len(),
        fixes: doc.fixes,
    }))
}

/// The text to export and its entities of the chosen types, sorted by position; with the safe
/// fixes applied unless `as_is`.
pub fn exported(text: &str, cx: Context<'_>, as_is: bool, kinds: &[Kind]) -> Exported {
    let (text, entities, fixes) = if as_is {
        (text.to_string(), check_and_extract(text, cx).1, 0)
    } else {
        let (fixed, entities) = fix_and_extract(
            text,
            cx,
            FixOptions {
                unsafe_fixes: false,
            },
        );
        (fixed.text, entities, fixed.applied)
    };
    let bom = bom_len(&text);
    let mut entities: Vec<(Kind, Range<usize>)> = entities
        .into_iter()
        .filter(|e| kinds.contains(&e.kind) && e.range.start >= bom && !e.range.is_empty())
        .map(|e| (e.kind, e.range.start - bom..e.range.end - bom))
        .collect();
    entities.sort_by_key(|(k, r)| (r.start, std::cmp::Reverse(r.end), *k));
    entities.dedup();
    Exported {
        text: text[bom..].to_string(),
        entities,
        fixes,
    }
}

/// The code-point offsets of entities' byte ranges in a text.
fn char_spans(text: &str, entities: &[(Kind, Range<usize>)]) -> Vec<(usize, usize)> {
    let bytes: Vec<usize> = entities
        .iter()
        .flat_map(|(_, r)| [r.start, r.end])
        .collect();
    char_offsets(text, &bytes)
        .chunks(2)
        .map(|c| (c[0], c[1]))
        .collect()
}

fn label_studio_task(doc: &Exported, path: &str, cleaning: &str) -> String {
    let chars = char_spans(&doc.text, &doc.entities);
    let result: Vec<_> = doc
        .entities
        .iter()
        .zip(chars)
        .enumerate()
        .map(|(i, ((k, r), (start, end)))| {
            json!({
                "id": format!("t{}", i + 1),
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": start,
                    "end": end,
                    "text": &doc.text[r.clone()],
                    "labels": [k.as_str()],
                },
            })
        })
        .collect();
    let task = json!({
        "data": {"text": doc.text, "path": path, "cleaning": cleaning},
        "predictions": [{
            "model_version": concat!("tamis ", env!("CARGO_PKG_VERSION")),
            "result": result,
        }],
    });
    serde_json::to_string(&task).unwrap_or_default()
}

fn spacy_line(doc: &Exported, path: &str, cleaning: &str) -> String {
    let entities = flat(&doc.entities);
    let spans: Vec<_> = entities
        .iter()
        .zip(char_spans(&doc.text, &entities))
        .map(|((k, _), (start, end))| {
            json!({
                "start": start,
                "end": end,
                "label": k.as_str(),
            })
        })
        .collect();
    let line = json!({
        "text": doc.text,
        "spans": spans,
        "meta": {"path": path, "cleaning": cleaning},
    });
    let mut s = serde_json::to_string(&line).unwrap_or_default();
    s.push('\n');
    s
}

/// The entities that do not overlap: the longest first (the earliest on a tie), sorted by
/// position.
pub fn flat(entities: &[(Kind, Range<usize>)]) -> Vec<(Kind, Range<usize>)> {
    let mut by_length: Vec<&(Kind, Range<usize>)> = entities.iter().collect();
    by_length.sort_by_key(|(_, r)| (std::cmp::Reverse(r.len()), r.start));
    // The kept spans by start: disjoint, so only the last one starting before a span's end can
    // overlap it.
    let mut kept: std::collections::BTreeMap<usize, (Kind, usize)> = Default::default();
    for (k, r) in by_length {
        let overlaps = kept
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, (_, end))| *end > r.start);
        if !overlaps {
            kept.insert(r.start, (*k, r.end));
        }
    }
    kept.into_iter()
        .map(|(start, (k, end))| (k, start..end))
        .collect()
}

/// Characters that belong to the token before them: combining marks, variation selectors, the
/// zero-width joiner and emoji skin tones.
fn extends(c: char) -> bool {
    matches!(c,
        '\u{300}'..='\u{36f}'
        | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{fe20}'..='\u{fe2f}'
        | '\u{200d}'
        | '\u{1f3fb}'..='\u{1f3ff}'
        | '\u{e0100}'..='\u{e01ef}')
}

/// The tokens of a text (byte ranges): runs of letters and digits, and every other visible
/// character alone, each with the marks that follow it; never across a boundary in `cuts`.
pub fn tokens(text: &str, cuts: &[usize]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut cut = cuts.iter().copied().peekable();
    let mut word = false;
    for (i, c) in text.char_indices() {
        let mut at_cut = false;
        while cut.peek().is_some_and(|&x| x <= i) {
            at_cut |= cut.next() == Some(i);
        }
        let end = i + c.len_utf8();
        if c.is_whitespace() {
            word = false;
            continue;
        }
        let alnum = c.is_alphanumeric();
        let flag = |c: char| ('\u{1f1e6}'..='\u{1f1ff}').contains(&c);
        // The second of two regional indicators makes a flag with the first.
        let lone_indicator = |t: &Range<usize>| {
            let mut cs = text[t.clone()].chars();
            matches!((cs.next(), cs.next()), (Some(a), None) if flag(a))
        };
        let second_indicator = flag(c) && out.last().is_some_and(lone_indicator);
        let joins = !at_cut
            && out.last().is_some_and(|t| t.end == i)
            && (extends(c) || (alnum && word) || second_indicator);
        if joins {
            out.last_mut().expect("a token").end = end;
        } else {
            out.push(i..end);
            word = alnum;
        }
    }
    out
}

fn conll_document(doc: &Exported) -> String {
    let entities = flat(&doc.entities);
    let cuts: Vec<usize> = {
        let mut c: Vec<usize> = entities
            .iter()
            .flat_map(|(_, r)| [r.start, r.end])
            .collect();
        c.sort_unstable();
        c
    };
    let mut out = String::from("-DOCSTART- O\n\n");
    let mut entity = entities.iter().peekable();
    let mut previous_end = 0;
    let mut in_sentence = false;
    for t in tokens(&doc.text, &cuts) {
        while entity.peek().is_some_and(|(_, r)| r.end <= t.start) {
            entity.next();
        }
        let current = entity.peek().filter(|(_, r)| r.start <= t.start);
        // A line break between two tokens ends a sentence, unless an entity goes on across it.
        let gap = &doc.text[previous_end..t.start];
        let crossed = current.is_some_and(|(_, r)| r.start < previous_end);
        if in_sentence && !crossed && gap.contains(['\n', '\r']) {
            out.push('\n');
        }
        let tag = match current {
            Some((k, r)) if r.start == t.start => format!("B-{}", k.as_str()),
            Some((k, _)) => format!("I-{}", k.as_str()),
            None => "O".to_string(),
        };
        out.push_str(&doc.text[t.clone()]);
        out.push(' ');
        out.push_str(&tag);
        out.push('\n');
        previous_end = t.end;
        in_sentence = true;
    }
    if in_sentence {
        out.push('\n');
    }
    out
}

/// The name of a document in a brat folder: its path below the common folder, with `.txt`
/// replaced by nothing (or kept before the new extensions when it is another).
fn brat_name(relative: &Path) -> PathBuf {
    if relative.extension().is_some_and(|e| e == "txt") {
        relative.with_extension("")
    } else {
        relative.to_path_buf()
    }
}

fn brat_ann(doc: &Exported) -> String {
    let mut out = String::new();
    let chars = char_spans(&doc.text, &doc.entities);
    for (i, ((k, r), (start, end))) in doc.entities.iter().zip(chars).enumerate() {
        let shown: String = doc.text[r.clone()]
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        out.push_str(&format!(
            "T{}\t{} {} {}\t{}\n",
            i + 1,
            k.as_str(),
            start,
            end,
            shown
        ));
    }
    out
}

/// The deepest folder that holds every file (the folder of a single file).
fn common_folder(paths: &[PathBuf]) -> PathBuf {
    let mut common: Option<PathBuf> = None;
    for p in paths {
        let parent = p.parent().unwrap_or(Path::new(""));
        common = Some(match common {
            None => parent.to_path_buf(),
            Some(c) => c
                .components()
                .zip(parent.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    common.unwrap_or_default()
}

/// Where the documents go.
enum Sink {
    File {
        out: Box<dyn Write>,
        label_studio: bool,
        first: bool,
    },
    Brat {
        folder: PathBuf,
        /// The names written, to number a name met again.
        written: std::collections::HashSet<PathBuf>,
        /// The folders made.
        folders: std::collections::HashSet<PathBuf>,
    },
}

impl Sink {
    fn open(
        output: &Path,
        format: ExportFormat,
        kinds: &[Kind],
        cleaning: &str,
    ) -> std::io::Result<Sink> {
        if format == ExportFormat::Brat {
            std::fs::create_dir_all(output)?;
            let mut conf = format!(
                "# Entity types exported by tamis {} (text {cleaning}).\n[entities]\n",
                env!("CARGO_PKG_VERSION")
            );
            let mut visual = String::from("[labels]\n");
            let mut drawing = String::from("[drawing]\n");
            for k in kinds {
                conf.push_str(k.as_str());
                conf.push('\n');
                visual.push_str(&format!("{0} | {0}\n", k.as_str()));
                drawing.push_str(&format!("{}\tbgColor:{}\n", k.as_str(), colour(*k)));
            }
            conf.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
            std::fs::write(output.join("annotation.conf"), conf)?;
            std::fs::write(output.join("visual.conf"), format!("{visual}\n{drawing}"))?;
            return Ok(Sink::Brat {
                folder: output.to_path_buf(),
                written: Default::default(),
                folders: Default::default(),
            });
        }
        let out: Box<dyn Write> = if output == Path::new("-") {
            Box::new(std::io::BufWriter::new(std::io::stdout()))
        } else {
            Box::new(std::io::BufWriter::new(std::fs::File::create(output)?))
        };
        let label_studio = format == ExportFormat::LabelStudio;
        let mut sink = Sink::File {
            out,
            label_studio,
            first: true,
        };
        if label_studio {
            sink.raw(b"[")?;
        }
        Ok(sink)
    }

    fn raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::File { out, .. } => out.write_all(bytes),
            Sink::Brat { .. } => Ok(()),
        }
    }

    fn write(&mut self, output: &Output) -> std::io::Result<()> {
        match (self, output) {
            (
                Sink::File {
                    out,
                    label_studio,
                    first,
                },
                Output::Text(s),
            ) => {
                if *label_studio {
                    out.write_all(if *first { b"\n" } else { b",\n" })?;
                }
                *first = false;
                out.write_all(s.as_bytes())
            }
            (
                Sink::Brat {
                    folder,
                    written,
                    folders,
                },
                Output::Pair(name, text, ann),
            ) => {
                // Two inputs of one name (a.txt and a.md.txt) get a number.
                let mut unique = name.clone();
                let mut n = 1;
                while !written.insert(unique.clone()) {
                    n += 1;
                    let file = name.file_name().unwrap_or_default().to_string_lossy();
                    unique.set_file_name(format!("{file}-{n}"));
                }
                let name = unique;
                let target = folder.join(&name);
                if let Some(parent) = target.parent() {
                    if !folders.contains(parent) {
                        std::fs::create_dir_all(parent)?;
                        folders.insert(parent.to_path_buf());
                    }
                }
                let with = |ext: &str| {
                    let mut s = target.clone().into_os_string();
                    s.push(ext);
                    s
                };
                std::fs::write(with(".txt"), text)?;
                std::fs::write(with(".ann"), ann)
            }
            _ => Ok(()),
        }
    }

    fn finish(mut self) -> std::io::Result<()> {
        if let Sink::File {
            label_studio: true, ..
        } = self
        {
            self.raw(b"\n]\n")?;
        }
        match &mut self {
            Sink::File { out, .. } => out.flush(),
            Sink::Brat { .. } => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Kind::*;

    #[test]
    fn flat_keeps_the_longest_of_overlapping_entities() {
        let entities = [
            (Contact, 0..50),
            (Person, 0..12),
            (Email, 14..30),
            (Place, 60..66),
            (Organisation, 62..70),
            (Date, 70..80),
            (Person, 90..95),
            (Place, 92..97),
        ];
        assert_eq!(
            flat(&entities),
            [
                (Contact, 0..50),
                (Organisation, 62..70),
                (Date, 70..80),
                (Person, 90..95),
            ]
        );
    }

    #[test]
    fn tokens_keep_marks_and_flags_and_split_at_entity_edges() {
        let text = "Jose\u{301} 👍🏽🇨🇭 l'OIM2024";
        let oim = text.find("OIM").unwrap();
        let words: Vec<&str> = tokens(text, &[oim, oim + 3])
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(words, ["Jose\u{301}", "👍🏽", "🇨🇭", "l", "'", "OIM", "2024"]);
    }
}
