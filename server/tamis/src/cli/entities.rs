//! `tamis entities`: the entities of files, one record per entity, as JSON Lines or CSV.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::files::{self, Loaded};
use super::progress::Progress;
use super::{EntitiesArgs, EntityFormat, EXIT_CLEAN, EXIT_ERROR};
use crate::positions::{Encoding, LineIndex};
use tamis_analysis::entities::{Entity, Kind, Value};
use tamis_analysis::Context;

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
        let rendered: Vec<_> = chunk
            .par_iter()
            .map(|p| {
                let r = file_records(p, cx, args.format, kinds.as_deref());
                if r.is_ok() {
                    progress.inc(1);
                }
                r
            })
            .collect();
        for (path, r) in chunk.iter().zip(rendered) {
            let failed = match r {
                Ok((s, failed)) => {
                    progress.suspend(|| {
                        let _ = out.write_all(s.as_bytes());
                    });
                    failed
                }
                // A large file, its records written as it is read.
                Err(()) => {
                    let failed = progress.suspend(|| {
                        write_records(path, cx, args.format, kinds.as_deref(), &mut out)
                    });
                    progress.inc(1);
                    failed
                }
            };
            errors += usize::from(failed);
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

/// Files larger than this have their records written as each part of the text is read, not
/// gathered first (see [`tamis_analysis::extract_each`]).
const RENDER_IN_MEMORY: u64 = 8 << 20;

/// The records of a file: written in memory and given back, or, for a file over
/// [`RENDER_IN_MEMORY`], left to [`write_records`] on the output (`Err`).
fn file_records(
    path: &Path,
    cx: Context<'_>,
    format: EntityFormat,
    kinds: Option<&[Kind]>,
) -> Result<(String, bool), ()> {
    if std::fs::metadata(path).is_ok_and(|m| m.len() > RENDER_IN_MEMORY) {
        return Err(());
    }
    let mut out = Vec::new();
    let failed = write_records(path, cx, format, kinds, &mut out);
    Ok((String::from_utf8(out).unwrap_or_default(), failed))
}

/// Writes the records of a file to `out`, part by part of a large text; true when the file
/// could not be read.
fn write_records(
    path: &Path,
    cx: Context<'_>,
    format: EntityFormat,
    kinds: Option<&[Kind]>,
    out: &mut dyn Write,
) -> bool {
    let loaded = files::read_document(path);
    if files::report_unread(&loaded) {
        return true;
    }
    // A huge file's raw bytes, dropped before its text is analysed, go back to the system.
    if loaded
        .as_ref()
        .ok()
        .and_then(Loaded::text)
        .is_some_and(|t| t.len() > RENDER_IN_MEMORY as usize)
    {
        super::memory::give_back_freed_memory_at_once();
    }
    let Some((own, decoded)) = loaded.ok().and_then(Loaded::into_read) else {
        return false;
    };
    let text = Loaded::text_of(&own, decoded.as_ref());
    // Made with the first part's records: after the boilerplate rules, whose lines and
    // measures are the peak of a huge file's memory.
    let mut index = None;
    let name = path.display().to_string();
    // With the rules, so that a menu or a footer names no one of the release.
    tamis_analysis::extract_each(text, cx, |found| {
        let index = index.get_or_insert_with(|| {
            super::memory::keep_freed_memory_a_while();
            LineIndex::new(text)
        });
        let mut json = Vec::new();
        let mut csv = (format == EntityFormat::Csv).then(|| {
            csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new())
        });
        for e in found
            .iter()
            .filter(|e| kinds.is_none_or(|k| k.contains(&e.kind)))
        {
            let mut record = Record::new(Some(&name), text, index, e);
            if let Some(d) = &decoded {
                // Spans are bytes of the file as it is on disk.
                record.span = (d.file_offset(e.range.start), d.file_offset(e.range.end));
            }
            match &mut csv {
                None => {
                    let _ = serde_json::to_writer(&mut json, &record);
                    json.push(b'\n');
                }
                Some(w) => {
                    let _ = w.write_record(record.csv_fields());
                }
            }
        }
        // Each part's records go out before the next part is read.
        if let Some(w) = csv {
            json = w.into_inner().unwrap_or_default();
        }
        let _ = out.write_all(&json);
    });
    false
}

/// A line and a UTF-16 character offset.
struct Position {
    line: u32,
    character: u32,
}

/// One entity as written out: `path`, `type`, `text`, `normalized`, `span` (bytes), `range`
/// (UTF-16 positions, as in `tamis check`), then its attributes, in that order. Serialized
/// straight from borrowed parts, without building a JSON value.
pub struct Record<'a> {
    path: Option<&'a str>,
    text: &'a str,
    entity: &'a Entity,
    /// The entity's bytes: in the text, or in the file when it was decoded.
    span: (usize, usize),
    start: Position,
    end: Position,
}

impl<'a> Record<'a> {
    pub fn new(path: Option<&'a str>, text: &'a str, index: &LineIndex, e: &'a Entity) -> Self {
        let pos = |o: usize| {
            let p = index.position(text, o, Encoding::Utf16);
            Position {
                line: p.line,
                character: p.character,
            }
        };
        Record {
            path,
            text: &text[e.range.clone()],
            entity: e,
            span: (e.range.start, e.range.end),
            start: pos(e.range.start),
            end: pos(e.range.end),
        }
    }

    /// The CSV columns: path, type, text, normalized, start, end, line, character, end_line,
    /// end_character, then the attributes as a JSON object.
    fn csv_fields(&self) -> [String; 11] {
        let e = self.entity;
        [
            self.path.unwrap_or_default().to_string(),
            e.kind.as_str().to_string(),
            self.text.to_string(),
            e.normalized.clone(),
            self.span.0.to_string(),
            self.span.1.to_string(),
            self.start.line.to_string(),
            self.start.character.to_string(),
            self.end.line.to_string(),
            self.end.character.to_string(),
            serde_json::to_string(&Attributes(&e.attributes)).unwrap_or_default(),
        ]
    }
}

impl Serialize for Position {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("line", &self.line)?;
        m.serialize_entry("character", &self.character)?;
        m.end()
    }
}

/// `{"start": …, "end": …}` of two serializable values.
struct Pair<'a, T>(&'a T, &'a T);

impl<T: Serialize> Serialize for Pair<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("start", self.0)?;
        m.serialize_entry("end", self.1)?;
        m.end()
    }
}

/// An entity's attributes as a JSON object, in their order.
struct Attributes<'a>(&'a [(&'static str, Value)]);

impl Serialize for Attributes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.entity;
        let mut m = s.serialize_map(None)?;
        if let Some(p) = self.path {
            m.serialize_entry("path", p)?;
        }
        m.serialize_entry("type", e.kind.as_str())?;
        m.serialize_entry("text", self.text)?;
        m.serialize_entry("normalized", &e.normalized)?;
        m.serialize_entry("span", &Pair(&self.span.0, &self.span.1))?;
        m.serialize_entry("range", &Pair(&self.start, &self.end))?;
        // No attribute is named like a field above (a test holds this).
        for (k, v) in &e.attributes {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}
