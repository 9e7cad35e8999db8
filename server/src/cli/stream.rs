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
use crate::analysis::{check, fix_until_stable, Context, Finding, FixOptions};
use crate::positions::LineIndex;

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
    let mut lines = stdin.lock().lines();
    let (mut refused, mut with_findings) = (false, false);
    loop {
        let batch: Vec<String> = lines.by_ref().take(BATCH).map_while(Result::ok).collect();
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

/// One input line: the result, whether it was refused, whether findings remain.
fn process(line: &str, cx: Context<'_>, fix: Option<FixOptions>) -> (Value, bool, bool) {
    let parsed: Result<Value, _> = serde_json::from_str(line);
    let (id, text) = match &parsed {
        Ok(Value::Object(o)) => match o.get("text") {
            Some(Value::String(t)) => (o.get("id").cloned().unwrap_or(Value::Null), t.as_str()),
            _ => {
                let id = o.get("id").cloned().unwrap_or(Value::Null);
                return (
                    json!({"id": id, "error": "no \"text\" string"}),
                    true,
                    false,
                );
            }
        },
        Ok(_) => {
            return (
                json!({"id": null, "error": "not a JSON object"}),
                true,
                false,
            )
        }
        Err(e) => {
            return (
                json!({"id": null, "error": format!("invalid JSON: {e}")}),
                true,
                false,
            )
        }
    };
    match fix {
        None => {
            let findings = check(text, cx);
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
            (
                json!({
                    "id": id,
                    "text": fixed.text,
                    "changed": fixed.text != text,
                    "applied": fixed.applied,
                    "remaining": findings_json(&fixed.text, &fixed.remaining),
                }),
                false,
                any,
            )
        }
    }
}
