//! `tamis check`.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use rayon::prelude::*;

use super::files::{self, Loaded};
use super::progress::Progress;
use super::render::{human_finding, json_string, write_json_finding};
use super::{CheckArgs, Format, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::positions::{LineIndex, Walk};
use tamis_analysis::rules::encoding_not_utf8;
use tamis_analysis::{check_each, check_in_batch_keyed, Applicability, Context};

/// Files handled at once; output is written in file order after each chunk, so memory stays
/// flat whatever the number of files.
const CHUNK: usize = 512;

struct FileReport<'c> {
    /// The file's findings as written out (UTF-8: the renderers write only strings; kept as
    /// bytes, as they are written, not validated again as a `String`).
    rendered: Vec<u8>,
    /// A file too large to render in memory: checked as its findings are written, straight to
    /// the output (its tally is made then).
    pending: Option<Pending<'c>>,
    tally: Tally,
    failed: bool,
    skipped: bool,
}

/// What the findings of a file count.
#[derive(Default)]
struct Tally {
    findings: usize,
    safe_fixes: usize,
    /// How many findings of each code.
    by_code: Vec<(&'static str, usize)>,
}

impl Tally {
    fn add(&mut self, f: &tamis_analysis::Finding) {
        self.findings += 1;
        self.safe_fixes += usize::from(
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == Applicability::Safe),
        );
        match self.by_code.iter_mut().find(|(c, _)| *c == f.code) {
            Some((_, n)) => *n += 1,
            None => self.by_code.push((f.code, 1)),
        }
    }
}

pub fn run(args: CheckArgs) -> u8 {
    let Ok(mut run) = files::Run::prepare_keeping(&args.common) else {
        return EXIT_ERROR;
    };
    let mut kept = std::mem::take(&mut run.kept);
    kept.resize_with(run.paths.len(), || None);
    let (paths, mut errors, cx) = (&run.paths, run.errors, run.context());
    let json = args.format == Format::Json;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut total = 0usize;
    let mut safe = 0usize;
    let mut first_json = true;
    let mut per_code: BTreeMap<&'static str, usize> = BTreeMap::new();
    let (mut files_with_findings, mut skipped, mut unreadable) = (0usize, 0usize, 0usize);
    if json {
        let _ = out.write_all(b"[");
    }
    let progress = Progress::start("checking", paths.len());
    for (chunk, kept) in paths.chunks(CHUNK).zip(kept.chunks_mut(CHUNK)) {
        let reports: Vec<FileReport> = chunk
            .par_iter()
            .zip(kept.par_iter_mut())
            .map(|(p, k)| {
                let r = check_file(p, k.take(), cx, json);
                progress.inc(1);
                r
            })
            .collect();
        for mut r in reports {
            errors += usize::from(r.failed);
            unreadable += usize::from(r.failed);
            skipped += usize::from(r.skipped);
            if let Some(p) = r.pending.take() {
                // The file's findings are made as they are written: the separator from the
                // file before goes before its first one, if any.
                let lead: &[u8] = if json && !first_json { b"," } else { b"" };
                let mut one = Vec::with_capacity(1024);
                r.tally = progress.suspend(|| {
                    p.render(&mut one, json, lead, |one| {
                        let _ = out.write_all(one);
                        one.clear();
                    })
                });
                first_json &= r.tally.findings == 0;
            } else if !r.rendered.is_empty() {
                if json {
                    if !first_json {
                        let _ = out.write_all(b",");
                    }
                    first_json = false;
                }
                progress.suspend(|| {
                    let _ = out.write_all(&r.rendered);
                });
            }
            total += r.tally.findings;
            safe += r.tally.safe_fixes;
            files_with_findings += usize::from(r.tally.findings > 0);
            for (c, n) in r.tally.by_code {
                *per_code.entry(c).or_default() += n;
            }
        }
        progress.suspend(|| {
            let _ = out.flush();
        });
    }
    drop(progress);
    let clean = paths.len() - files_with_findings - skipped - unreadable;
    let outcomes = [
        (files_with_findings, "with findings"),
        (clean, "clean"),
        (skipped, "skipped (not text)"),
        (unreadable, "unreadable (see the errors above)"),
    ];
    if json {
        let _ = out.write_all(if first_json { b"]\n" } else { b"\n]\n" });
        if std::io::stderr().is_terminal() {
            files::render_table(&mut std::io::stderr(), ("files", "outcome"), &outcomes);
        }
    } else if total > 0 {
        let _ = writeln!(
            out,
            "Found {total} finding{} in {files_with_findings} of {} file{}{}.",
            if total == 1 { "" } else { "s" },
            paths.len(),
            if paths.len() == 1 { "" } else { "s" },
            if safe > 0 {
                format!(" ({safe} fixable with `tamis fix`)")
            } else {
                String::new()
            }
        );
        let rules: Vec<(usize, &str)> = per_code.iter().map(|(c, n)| (*n, *c)).collect();
        files::render_table(&mut out, ("findings", "rule"), &rules);
        files::render_table(&mut out, ("files", "outcome"), &outcomes);
    } else {
        let _ = writeln!(
            out,
            "No findings in {} file{}.",
            paths.len(),
            if paths.len() == 1 { "" } else { "s" }
        );
        if skipped + unreadable > 0 {
            files::render_table(&mut out, ("files", "outcome"), &outcomes);
        }
    }
    let _ = out.flush();
    if errors > 0 {
        EXIT_ERROR
    } else if total > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Checks a file: the one learning the model read and kept, else read now. A huge file is
/// only read: it is checked as its findings are written ([`Pending::render`]).
fn check_file<'c>(
    path: &std::path::Path,
    kept: Option<files::Kept>,
    cx: Context<'c>,
    json: bool,
) -> FileReport<'c> {
    let (loaded, keys) = match kept {
        Some(k) => (Ok(k.loaded), Some(k.keys)),
        None => (files::read_document(path), None),
    };
    let mut report = FileReport {
        rendered: Vec::new(),
        pending: None,
        tally: Tally::default(),
        failed: false,
        skipped: false,
    };
    if files::report_unread(&loaded) {
        report.failed = true;
        return report;
    }
    // A huge file's raw bytes, dropped before its text is analysed, go back to the system.
    if loaded
        .as_ref()
        .ok()
        .and_then(Loaded::text)
        .is_some_and(|t| t.len() > RENDER_IN_MEMORY)
    {
        super::memory::give_back_freed_memory_at_once();
    }
    let Some((own, decoded)) = loaded.ok().and_then(Loaded::into_read) else {
        report.skipped = true;
        return report;
    };
    let text = Loaded::text_of(&own, decoded.as_ref());
    crate::prepare::first_text(text, cx.settings);
    let huge = text.len() > RENDER_IN_MEMORY;
    let findings = if huge {
        Found::Later(cx)
    } else {
        // The files of a batch follow one another on each thread: the page detector reuses
        // the measures of the lines the file before shares (a site's menu and footer).
        Found::Made(check_in_batch_keyed(text, cx, keys.as_ref()))
    };
    let encoding = decoded
        .as_ref()
        .and_then(|d| encoding_not_utf8::finding(text, d.name(), d.confident, cx.settings));
    let pending = Pending {
        path: path.to_path_buf(),
        text: own,
        encoding,
        findings,
        decoded,
    };
    if huge {
        report.pending = Some(pending);
    } else if pending.encoding.is_some()
        || matches!(&pending.findings, Found::Made(f) if !f.is_empty())
    {
        let mut buf = Vec::new();
        report.tally = pending.render(&mut buf, json, b"", |_| {});
        report.rendered = buf;
    }
    report
}

/// Files larger than this are checked as their findings are written, straight to the output
/// (see [`tamis_analysis::check_each`]): a 100 MB file's findings take several times its
/// size, and their rendering more.
const RENDER_IN_MEMORY: usize = 8 << 20;

/// What a finding takes when written, beside its path and its strings, at most but for long
/// lines and escapes: the JSON's field names, spans and positions, or the line shown to people
/// (a window of 100 characters) and its marker.
const ROOM_PER_FINDING: usize = 512;

/// A file's findings: made, or to be made as they are written.
enum Found<'c> {
    Made(Vec<tamis_analysis::Finding>),
    Later(Context<'c>),
}

/// A read file whose findings are to be rendered.
struct Pending<'c> {
    path: std::path::PathBuf,
    /// The text of a UTF-8 file; empty for a decoded file, whose text is `decoded`'s
    /// (`Loaded::into_read`).
    text: String,
    /// The `encoding-not-utf8` finding, written before the others.
    encoding: Option<tamis_analysis::Finding>,
    findings: Found<'c>,
    decoded: Option<crate::workspace::encoding::Decoded>,
}

impl Pending<'_> {
    /// Writes the findings in JSON (each after `\n` or `,\n`, as members of the array the
    /// caller opened; `lead` before the first) or for people into `out`, and counts them;
    /// `written` is called after each finding, with `out` (to pass it on and clear it, or to
    /// leave it to grow). Write errors are left to the caller's last flush, as for the other
    /// files.
    fn render(
        &self,
        out: &mut Vec<u8>,
        json: bool,
        lead: &[u8],
        mut written: impl FnMut(&mut Vec<u8>),
    ) -> Tally {
        let text = Loaded::text_of(&self.text, self.decoded.as_ref());
        // Made at the first finding: a huge file's come after the rules of document scope,
        // whose lines and measures are the peak of its memory.
        let mut index = None;
        let mut tally = Tally::default();
        // The path once per file: as a JSON string, or as `Path::display` writes it.
        let path = self.path.display().to_string();
        let mut quoted = Vec::new();
        if json {
            json_string(&mut quoted, &path);
        }
        let quoted = std::str::from_utf8(&quoted).expect("a JSON string is UTF-8");
        let decoded = self.decoded.as_ref();
        if let Found::Made(findings) = &self.findings {
            // Room for the file's findings at once: grown from nothing, the buffer was
            // reallocated and copied several times in each file (21 M instructions on 3,000
            // files).
            let room = |f: &tamis_analysis::Finding| {
                let fix = f.fix.as_ref().map_or(0, |fix| {
                    fix.title.len()
                        + fix
                            .edits
                            .places()
                            .map(|(_, new_text)| new_text.len() + 64)
                            .sum::<usize>()
                });
                ROOM_PER_FINDING + path.len() + f.message.len() + fix
            };
            out.reserve(findings.iter().chain(&self.encoding).map(room).sum());
        }
        // The positions of the findings, in their order (the encoding's first, read on its own
        // index: the positions of its lines are the same).
        let mut walk = Walk::default();
        let mut write_at = |f: &tamis_analysis::Finding, index: &LineIndex| {
            if tally.findings == 0 {
                out.extend_from_slice(lead);
            }
            if json {
                out.extend_from_slice(if tally.findings == 0 { b"\n" } else { b",\n" });
                write_json_finding(out, Some(quoted), text, (index, &mut walk), f, decoded);
            } else {
                human_finding(out, &path, text, index, f);
            }
            written(out);
            tally.add(f);
        };
        if let Some(f) = &self.encoding {
            // Its position is read from the lines up to its own: a huge file's index is made at
            // its next finding, after the rules of document scope (made here, it held 57 MB
            // through their peak on a 100 MB file).
            let head = memchr::memchr(b'\n', &text.as_bytes()[f.range.end..])
                .map_or(text.len(), |i| f.range.end + i + 1);
            write_at(f, &LineIndex::new(&text[..head]));
        }
        let write = |f: &tamis_analysis::Finding| {
            let index = index.get_or_insert_with(|| {
                if matches!(self.findings, Found::Later(_)) {
                    super::memory::keep_freed_memory_a_while();
                }
                LineIndex::new(text)
            });
            write_at(f, index);
        };
        match &self.findings {
            Found::Made(findings) => findings.iter().for_each(write),
            Found::Later(cx) => {
                super::memory::give_back_freed_memory_at_once();
                check_each(text, *cx, write);
            }
        }
        tally
    }
}
