//! The command line: `tamis check`, `tamis fix`, `tamis learn`, `tamis entities`, `tamis export`
//! (pre-annotations for Label Studio, brat, CoNLL, spaCy), `tamis eval` (scoring the entities
//! against annotators' work), `tamis rules`, `tamis lsp`.

mod check;
mod entities;
mod eval;
mod export;
mod files;
pub mod fix;
mod learn;
mod memory;
pub use memory::leave_memory_at_exit;
mod progress;
mod redact;
mod render;
mod report;
mod rules;
mod stream;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Finds and fixes what scraping left in press-release corpora.
#[derive(Debug, Parser)]
#[command(name = "tamis", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report findings in files or folders (recursively, `*.txt` by default).
    Check(CheckArgs),
    /// Apply safe fixes in place (atomically), or print them as a diff.
    Fix(FixArgs),
    /// Learn the boilerplate model of a corpus into a file, or merge models.
    Learn(LearnArgs),
    /// Print the entities of files (people, organisations, places, money, dates, emails, phones,
    /// contact records), one record per entity.
    Entities(EntitiesArgs),
    /// Write the entities of files as pre-annotations for an annotation tool: Label Studio tasks,
    /// brat standoff, CoNLL (BIO) or spaCy-style JSON Lines (safe fixes applied in memory first).
    Export(export::ExportArgs),
    /// Score the entities against annotators' work (a Label Studio export or a brat folder):
    /// precision, recall and F1 per type, exact and overlapping.
    Eval(eval::EvalArgs),
    /// List the rules with their codes, or print one rule's documentation.
    Rules(RulesArgs),
    /// Write a report of the corpus: one self-contained HTML page with charts, or JSON.
    Report(ReportArgs),
    /// Replace the people, emails and phone numbers of files (atomically), or print a diff.
    Redact(RedactArgs),
    /// Run the language server over stdio.
    Lsp {
        /// Accepted for clients that pass it (vscode-languageclient); stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

/// Options shared by `check` and `fix`.
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Files or folders to process.
    #[arg(required_unless_present = "stdin_jsonl")]
    pub paths: Vec<PathBuf>,
    /// Read documents from standard input, one JSON object `{"id": …, "text": "…"}` per line, and
    /// write one result per line, in the same order (for Spark's `RDD.pipe`, Hadoop streaming,
    /// GNU parallel). Use `--model` for corpus boilerplate: a stream has no corpus to learn from.
    #[arg(long, conflicts_with = "paths")]
    pub stdin_jsonl: bool,
    /// The configuration file (default: `tamis.toml` found from the first path upward).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A boilerplate model learned by `tamis learn` (default: learned from the files given).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Do not learn a boilerplate model from the files given.
    #[arg(long, conflicts_with = "model")]
    pub no_corpus: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings with their source line, in the style of rustc and ruff.
    Human,
    /// A JSON array of findings.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Apply unsafe fixes too.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of the fixes and write nothing.
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, clap::Args)]
pub struct EntitiesArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EntityFormat::Jsonl)]
    pub format: EntityFormat,
    /// Only these types (comma-separated): person, organisation, place, money, date, email,
    /// phone, contact.
    #[arg(long = "type", value_delimiter = ',', value_parser = entity_types())]
    pub types: Option<Vec<String>>,
}

/// The entity types `--type` takes: those of the analysis, by their names.
fn entity_types() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        tamis_analysis::entities::Kind::ALL.map(tamis_analysis::entities::Kind::as_str),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EntityFormat {
    /// One JSON object per line.
    Jsonl,
    /// A header, then one row per entity; attributes as a JSON object in the last column.
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// A rule code, whose documentation is printed, or a family, whose rules are listed.
    pub name: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// One rule per line (code and summary), or one rule's documentation.
    Human,
    /// A JSON array of rules: code, family, severity, fix availability, summary, documentation.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct LearnArgs {
    /// Files or folders to learn from (with `--merge`: model files to merge, binary or the JSON
    /// lines that `--stdin-jsonl` prints).
    #[arg(required_unless_present = "stdin_jsonl")]
    pub paths: Vec<PathBuf>,
    /// Where to write the model (binary). With `--stdin-jsonl` and no `-o`, the model is printed
    /// as one JSON line `{"documents": …, "distinct_lines": …, "model": "<base64>"}`.
    #[arg(long, short = 'o', required_unless_present = "stdin_jsonl")]
    pub output: Option<PathBuf>,
    /// Merge the model files given instead of learning from texts.
    #[arg(long)]
    pub merge: bool,
    /// Learn from documents on standard input, one JSON object `{"id": …, "text": "…"}` per line
    /// (for one partition of a distributed job; merge the partitions' models with `--merge`).
    #[arg(long, conflicts_with_all = ["paths", "merge"])]
    pub stdin_jsonl: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// The configuration file (for the corpus globs).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Where to write the report (default: standard output).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One HTML page: styles inline, charts as inline SVG, no script, no request.
    Html,
    /// The same numbers as JSON.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RedactArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// The entity types to replace (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "person,email,phone", value_parser = ["person", "email", "phone"])]
    pub types: Vec<String>,
    /// What replaces an entity.
    #[arg(long, value_enum, default_value_t = RedactMode::Pseudonym)]
    pub mode: RedactMode,
    /// A mapping file (JSON) holding the key and the pseudonyms given: read if it exists, then
    /// written back (mode 0600), so that later runs give the same people the same pseudonyms.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// Allow the mapping file inside a folder being redacted (it holds the real names).
    #[arg(long)]
    pub mapping_inside_corpus: bool,
    /// Print a unified diff of the replacements and write nothing.
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RedactMode {
    /// The type in brackets: `[PERSON]`, `[EMAIL]`, `[PHONE]`.
    Replace,
    /// Invented values of the same shape, the same for the same person in every file.
    Pseudonym,
    /// Letters and digits masked, the first kept.
    Mask,
    /// A keyed hash of the value: `PERSON-1f3a…`, the same for the same value.
    Hash,
}

pub use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};

/// Parses the command line; `Err` holds the exit status after clap printed its message (an
/// error, or the help and version texts).
pub fn parse() -> Result<Command, u8> {
    match Cli::try_parse() {
        Ok(cli) => Ok(cli.command),
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            Err(code)
        }
    }
}

/// Runs one command of the command line (all but `lsp`, which `main` starts) and returns its
/// exit status.
pub fn run(command: Command) -> u8 {
    match command {
        Command::Check(args) if args.common.stdin_jsonl => stream::run(&args.common, None),
        Command::Check(args) => check::run(args),
        Command::Fix(args) if args.common.stdin_jsonl => {
            let options = tamis_analysis::FixOptions {
                unsafe_fixes: args.unsafe_fixes,
            };
            stream::run(&args.common, Some(options))
        }
        Command::Fix(args) => fix::run(args),
        Command::Learn(args) => learn::run(args),
        Command::Entities(args) if args.common.stdin_jsonl => {
            error("`tamis entities` reads files; --stdin-jsonl is for check, fix and learn");
            EXIT_ERROR
        }
        Command::Entities(args) => entities::run(args),
        Command::Export(args) if args.common.stdin_jsonl => {
            error("`tamis export` reads files; --stdin-jsonl is for check, fix and learn");
            EXIT_ERROR
        }
        Command::Export(args) => export::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Report(args) if args.common.stdin_jsonl => {
            error("`tamis report` reads files; --stdin-jsonl is for check, fix and learn");
            EXIT_ERROR
        }
        Command::Report(args) => report::run(args),
        Command::Redact(args) if args.common.stdin_jsonl => {
            error("`tamis redact` reads files; --stdin-jsonl is for check, fix and learn");
            EXIT_ERROR
        }
        Command::Redact(args) => redact::run(args),
        Command::Lsp { .. } => unreachable!("main starts the language server"),
    }
}

/// Reports an error on stderr in one format.
pub(crate) fn error(message: impl std::fmt::Display) {
    progress::eprint_line(&format!("tamis: error: {message}"));
}

/// Reports a note on stderr.
pub(crate) fn note(message: impl std::fmt::Display) {
    progress::eprint_line(&format!("tamis: note: {message}"));
}
