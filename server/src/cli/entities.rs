//! `tamis entities`: the entities of files, one record per entity, as JSON Lines or CSV.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;
use serde_json::{json, Map, Value as Json};

use super::files::{self, Loaded};
use super::progress::Progress;
use super::{EntitiesArgs, EntityFormat, EXIT_CLEAN, EXIT_ERROR};
use crate::analysis::entities::{extract_text, Entity, Kind, Value};
use crate::analysis::Context;
use crate::positions::{Encoding, LineIndex};

const CHUNK: usize = 512;

pub fn run(args: EntitiesArgs) -> u8 {
    let Ok(run) = files::Run::prepare(&args.common) else {
        return EXIT_ERROR;
    };
    let kinds: Option<Vec<Kind>> = args
        .types
        .as_ref()
        .map(|t| t.iter().filter_map(|s| Kind::parse(s)).collect());
    let (paths, mut errors, cx) = (&run.paths, run.errors, run.context());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let csv_header =
        "path,type,text,normalized,start,end,line,character,end_line,end_character,attributes\n";
    if args.format == EntityFormat::Csv {
        let _ = out.write_all(csv_header.as_bytes());
    }
    let progress = Progress::start("extracting", paths.len());
    for chunk in paths.chunks(CHUNK) {
        let rendered: Vec<(String, bool)> = chunk
            .par_iter()
            .map(|p| {
                let r = file_records(p, cx, args.format, kinds.as_deref());
                progress.inc(1);
                r
            })
            .collect();
        for (s, failed) in rendered {
            errors += usize::from(failed);
            progress.suspend(|| {
                let _ = out.write_all(s.as_bytes());
            });
        }
    }
    drop(progress);
    let _ = out.flush();
    if errors > 0 {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    }
}

fn file_records(
    path: &Path,
    cx: Context<'_>,
    format: EntityFormat,
    kinds: Option<&[Kind]>,
) -> (String, bool) {
    let loaded = files::read_document(path);
    if files::report_unread(&loaded) {
        return (String::new(), true);
    }
    let Ok(Loaded::Text(text)) = loaded else {
        return (String::new(), false);
    };
    let entities = extract_text(&text, cx);
    let index = LineIndex::new(&text);
    let mut s = String::new();
    let name = path.display().to_string();
    for e in entities
        .iter()
        .filter(|e| kinds.is_none_or(|k| k.contains(&e.kind)))
    {
        let record = record(Some(&name), &text, &index, e);
        match format {
            EntityFormat::Jsonl => {
                s.push_str(&record.to_string());
                s.push('\n');
            }
            EntityFormat::Csv => csv_row(&mut s, &record),
        }
    }
    (s, false)
}

/// An entity's JSON value: `path`, `type`, `text`, `normalized`, `span` (bytes), `range` (UTF-16
/// positions, as in `tamis check`), then its attributes.
pub fn record(path: Option<&str>, text: &str, index: &LineIndex, e: &Entity) -> Json {
    let pos = |o: usize| {
        let p = index.position(text, o, Encoding::Utf16);
        json!({"line": p.line, "character": p.character})
    };
    let mut m = Map::new();
    if let Some(p) = path {
        m.insert("path".into(), json!(p));
    }
    m.insert("type".into(), json!(e.kind.as_str()));
    m.insert("text".into(), json!(&text[e.range.clone()]));
    m.insert("normalized".into(), json!(e.normalized));
    m.insert(
        "span".into(),
        json!({"start": e.range.start, "end": e.range.end}),
    );
    m.insert(
        "range".into(),
        json!({"start": pos(e.range.start), "end": pos(e.range.end)}),
    );
    for (k, v) in &e.attributes {
        m.insert((*k).into(), attribute(v));
    }
    Json::Object(m)
}

fn attribute(v: &Value) -> Json {
    match v {
        Value::Text(t) => json!(t),
        Value::List(l) => json!(l),
        Value::Bool(b) => json!(b),
    }
}

fn csv_row(s: &mut String, r: &Json) {
    let mut attrs = r.as_object().cloned().unwrap_or_default();
    for k in ["path", "type", "text", "normalized", "span", "range"] {
        attrs.remove(k);
    }
    let field = |v: &Json| match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    let row = [
        field(&r["path"]),
        field(&r["type"]),
        field(&r["text"]),
        field(&r["normalized"]),
        field(&r["span"]["start"]),
        field(&r["span"]["end"]),
        field(&r["range"]["start"]["line"]),
        field(&r["range"]["start"]["character"]),
        field(&r["range"]["end"]["line"]),
        field(&r["range"]["end"]["character"]),
        Json::Object(attrs).to_string(),
    ];
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let _ = w.write_record(&row);
    if let Ok(bytes) = w.into_inner() {
        s.push_str(&String::from_utf8_lossy(&bytes));
    }
}
