//! `tamis check --stdin-jsonl` and `tamis fix --stdin-jsonl`: documents in, one JSON line each;
//! results out, one JSON line each, in the same order.
//!
//! - check: `{"id": …, "findings": [finding, …]}` (findings as `--format json`, without `path`);
//! - fix: `{"id": …, "text": "…", "changed": true, "applied": 3, "remaining": [finding, …]}`;
//! - a line that is not `{"id": …, "text": "…"}`: `{"id": …|null, "error": "…"}`.
//!
//! Exit status: 2 if a line was refused, else 1 if findings (remaining ones, for fix), else 0.

use std::io::{BufRead, Write};

use rayon::prelude::*;
use serde_json::{json, Value};

use super::files;
use super::render::json_finding;
use super::{error, CommonArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::positions::LineIndex;
use tamis_analysis::{check_in_batch, fix_until_stable, Context, Finding, FixOptions};

/// Lines handled at once; results are written in order after each batch.
const BATCH: usize = 1024;

pub fn run(args: &CommonArgs, fix: Option<FixOptions>) -> u8 {
    files::threads(args.threads);
    let settings = match files::settings(args.config.as_deref(), &[]) {
        Ok(s) => s,
        Err(e) => {
            error(e);
            return EXIT_ERROR;
        }
    };
    let model = match files::model(args, &[]) {
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
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut lines = read_lines(stdin.lock());
    let (mut refused, mut with_findings) = (false, false);
    loop {
        let batch: Vec<Line> = lines.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let results: Vec<(Value, bool, bool)> = batch
            .par_iter()
            .map(|line| process(line, cx, fix))
            .collect();
        for (value, error, findings) in results {
            refused |= error;
            with_findings |= findings;
            let _ = writeln!(out, "{value}");
        }
        let _ = out.flush();
    }
    if refused {
        EXIT_ERROR
    } else if with_findings {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn findings_json(text: &str, findings: &[Finding]) -> Vec<Value> {
    let index = LineIndex::new(text);
    findings
        .iter()
        .map(|f| serde_json::to_value(json_finding(None, text, &index, f)).expect("serialisable"))
        .collect()
}

/// One line of input: its text, or why it is not text.
pub enum Line {
    Text(String),
    Invalid(String),
}

/// The lines of `input` (without `\n` or `\r\n`); a line that is not UTF-8 is reported as such
/// and the lines after it still come. A read error ends the lines, reported.
pub fn read_lines(input: impl BufRead) -> impl Iterator<Item = Line> {
    let mut number = 0usize;
    input.split(b'\n').map_while(move |bytes| {
        number += 1;
        let mut bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                error(format!("cannot read standard input: {e}"));
                return None;
            }
        };
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        Some(match crate::workspace::utf8::string_from_utf8(bytes) {
            Ok(text) => Line::Text(text),
            Err(e) => Line::Invalid(format!(
                "input line {number}: invalid UTF-8 at byte {}",
                e.utf8_error().valid_up_to()
            )),
        })
    })
}

/// A document of a stream: `{"id": …, "text": "…"}`.
pub struct Document {
    pub id: Value,
    pub text: String,
}

impl Document {
    /// Reads one line; when it is no document, the id it names (or null) and why.
    pub fn parse(line: &Line) -> Result<Document, (Value, String)> {
        let line = match line {
            Line::Text(t) => t,
            Line::Invalid(why) => return Err((Value::Null, why.clone())),
        };
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(mut o)) => {
                let id = o.remove("id").unwrap_or(Value::Null);
                match o.remove("text") {
                    // Past what the analysis reads (its lines hold 30-bit offsets).
                    Some(Value::String(text)) if text.len() > tamis_analysis::MAX_TEXT_LEN => {
                        let why = crate::workspace::corpus::too_large(
                            text.len() as u64,
                            tamis_analysis::MAX_TEXT_LEN,
                        );
                        Err((id, why))
                    }
                    Some(Value::String(text)) => Ok(Document { id, text }),
                    _ => Err((id, "no \"text\" string".into())),
                }
            }
            Ok(_) => Err((Value::Null, "not a JSON object".into())),
            Err(e) => Err((Value::Null, format!("invalid JSON: {e}"))),
        }
    }
}

/// One input line: the result, whether it was refused, whether findings remain.
fn process(line: &Line, cx: Context<'_>, fix: Option<FixOptions>) -> (Value, bool, bool) {
    let (id, text) = match Document::parse(line) {
        Ok(doc) => (doc.id, doc.text),
        Err((id, why)) => return (json!({"id": id, "error": why}), true, false),
    };
    let text = text.as_str();
    match fix {
        None => {
            // The documents of a stream follow one another on each thread, as the files of
            // `tamis check` do: the page detector reuses the measures of shared lines.
            let findings = check_in_batch(text, cx);
            let any = !findings.is_empty();
            (
                json!({"id": id, "findings": findings_json(text, &findings)}),
                false,
                any,
            )
        }
        Some(options) => {
            let fixed = fix_until_stable(text, cx, options);
            let any = !fixed.remaining.is_empty();
            let mut record = json!({
                "id": id,
                "text": fixed.text,
                "changed": fixed.text != text,
                "applied": fixed.applied,
                "remaining": findings_json(&fixed.text, &fixed.remaining),
            });
            // Only when it happens: fixes that would make the text longer than the analysis
            // reads were left undone.
            if fixed.stopped_at_limit {
                record["stopped_at_limit"] = true.into();
            }
            (record, false, any)
        }
    }
}
