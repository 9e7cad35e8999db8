//! `tamis fix`: applies fixes, writing each file atomically, or prints them as a diff.

pub(super) mod diff;

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::files::{self, Loaded};
use super::progress::Progress;
use super::{error, note, FixArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::workspace::encoding::Decoding;
use tamis_analysis::rules::encoding_not_utf8;
use tamis_analysis::{fix_until_stable_counted, Applicability, Context, FixOptions};

const CHUNK: usize = 512;

/// The findings of the files as they were, as `tamis check` counts them, and what the first
/// round of fixes did with them: `found = fixed + removed + unfixed`; then the fixes of later
/// rounds, of findings the first fixes revealed.
#[derive(Default, Clone, Copy)]
struct Tally {
    found: usize,
    fixed: usize,
    removed: usize,
    unfixed: usize,
    later: usize,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.found += o.found;
        self.fixed += o.fixed;
        self.removed += o.removed;
        self.unfixed += o.unfixed;
        self.later += o.later;
    }
}

#[derive(Default)]
struct Outcome {
    applied: usize,
    /// What became of the findings `tamis check` reports (see [`Tally`]).
    tally: Tally,
    changed: bool,
    remaining: usize,
    /// The file's diff, written by the worker.
    diff: Vec<u8>,
    /// A huge file's diff, to write straight to the output.
    pending: Option<PendingDiff>,
    failed: bool,
    skipped: bool,
}

pub fn run(args: FixArgs) -> u8 {
    let Ok(run) = files::Run::prepare(&args.common) else {
        return EXIT_ERROR;
    };
    let (paths, mut errors, cx) = (&run.paths, run.errors, run.context());
    let options = FixOptions {
        unsafe_fixes: args.unsafe_fixes,
    };
    let (mut applied, mut changed, mut remaining) = (0, 0, 0);
    let mut tally = Tally::default();
    // Files per outcome: fixed, fixed with findings left, unfixable findings only, clean.
    let (mut failed, mut skipped) = (0, 0);
    let (mut fixed_all, mut fixed_some, mut unfixable, mut clean) = (0, 0, 0, 0);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let progress = Progress::start(if args.diff { "diffing" } else { "fixing" }, paths.len());
    for chunk in paths.chunks(CHUNK) {
        let outcomes: Vec<Outcome> = chunk
            .par_iter()
            .map(|p| {
                let o = fix_file(p, cx, options, args.diff);
                progress.inc(1);
                o
            })
            .collect();
        for mut o in outcomes {
            if let Some(pending) = o.pending.take() {
                if let Err(e) = progress.suspend(|| pending.write(&mut out)) {
                    error(e);
                    o = Outcome {
                        failed: true,
                        ..Outcome::default()
                    };
                }
            }
            errors += usize::from(o.failed);
            failed += usize::from(o.failed);
            skipped += usize::from(o.skipped);
            applied += o.applied;
            tally += o.tally;
            changed += usize::from(o.changed);
            if !o.failed && !o.skipped {
                match (o.changed, o.remaining > 0) {
                    (true, false) => fixed_all += 1,
                    (true, true) => fixed_some += 1,
                    (false, true) => unfixable += 1,
                    (false, false) => clean += 1,
                }
            }
            remaining += o.remaining;
            progress.suspend(|| {
                let _ = out.write_all(&o.diff);
            });
        }
        progress.suspend(|| {
            let _ = out.flush();
        });
    }
    drop(progress);
    drop(out);
    let verb = if args.diff { "Would fix" } else { "Fixed" };
    eprintln!(
        "{verb} {applied} finding{} in {changed} file{}; {remaining} finding{} left (see `tamis check`).",
        if applied == 1 { "" } else { "s" },
        if changed == 1 { "" } else { "s" },
        if remaining == 1 { "" } else { "s" },
    );
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    eprintln!(
        "Of the {} finding{} `tamis check` reports: {} {}, {} {} with the text a fix {}, {} {} no fix that applies{}; {} more {} in later rounds (found after the first fixes).",
        tally.found,
        plural(tally.found),
        tally.fixed,
        if args.diff { "would be fixed" } else { "fixed" },
        tally.removed,
        if args.diff { "would go" } else { "went" },
        if args.diff { "would delete" } else { "deleted" },
        tally.unfixed,
        if tally.unfixed == 1 { "has" } else { "have" },
        if args.unsafe_fixes { "" } else { " (some may have an unsafe fix: --unsafe-fixes)" },
        tally.later,
        if args.diff { "would be fixed" } else { "fixed" },
    );
    let outcomes = [
        (
            fixed_all,
            if args.diff { "would be fixed" } else { "fixed" },
        ),
        (
            fixed_some,
            if args.diff {
                "would be fixed in part (findings left)"
            } else {
                "fixed in part (findings left)"
            },
        ),
        (unfixable, "findings left, no safe fix"),
        (clean, "clean"),
        (skipped, "skipped (not text)"),
        (failed, "not fixed (see the errors above)"),
    ];
    if paths.len() > 1 {
        files::render_table(&mut std::io::stderr(), ("files", "outcome"), &outcomes);
    }
    if errors > 0 {
        EXIT_ERROR
    } else if (args.diff && changed > 0) || (!args.diff && remaining > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Files larger than this have their diff written straight to the output, hunk by hunk, with
/// their text as it was read again for it rather than kept (as `tamis check` writes a huge
/// file's findings); freed memory is given back to the system at once while they are fixed.
const HUGE: usize = 8 << 20;

/// A file's diff, to write: its edit script, the text as fixed, and the text as it was.
struct PendingDiff {
    path: PathBuf,
    /// A file in another encoding: the encoding it was in, said before its diff.
    encoding: Option<&'static str>,
    old: Old,
    new: New,
    /// The lines' numbers the script was made from, numbered by their hash: checked against
    /// the texts before the diff is written (see [`diff::numbers_exact`]).
    ids: diff::LineIds,
    ops: Vec<similar::DiffOp>,
}

/// The text as fixed, for a diff.
enum New {
    Kept(String),
    /// A huge file's, written to a temporary file while its text as it was is read again and
    /// the edit script is made: the two texts are not held together until the diff is written.
    Spilled {
        file: std::fs::File,
        len: usize,
    },
}

impl New {
    /// The text in a temporary file; kept when it cannot be written there.
    fn spill(text: String) -> New {
        let spilled = tempfile::tempfile().and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            Ok(file)
        });
        match spilled {
            Ok(file) => New::Spilled {
                file,
                len: text.len(),
            },
            Err(_) => New::Kept(text),
        }
    }

    fn read(self, path: &Path) -> Result<String, String> {
        match self {
            New::Kept(text) => Ok(text),
            New::Spilled { mut file, len } => {
                use std::io::{Read, Seek};
                let mut text = String::with_capacity(len);
                file.rewind()
                    .and_then(|()| file.read_to_string(&mut text))
                    .map_err(|e| {
                        format!("{}: cannot read the fixed text again: {e}", path.display())
                    })?;
                Ok(text)
            }
        }
    }
}

/// The text as it was, for a diff.
enum Old {
    Kept(String),
    /// The text read again from disk: the digest tells it is still what was fixed.
    OnDisk(OnDisk),
}

impl PendingDiff {
    /// Writes the diff (errors writing to the output are ignored, as a closed pipe); an error
    /// when the text as it was cannot be read again as it was.
    fn write(self, w: &mut impl Write) -> Result<(), String> {
        let old = match self.old {
            Old::Kept(text) => text,
            Old::OnDisk(disk) => disk.read_again(&self.path)?,
        };
        let new = self.new.read(&self.path)?;
        let ops = diff::checked_ops(&old, &new, self.ids, self.ops);
        let name = self.path.display().to_string();
        if let Some(encoding) = self.encoding {
            let _ = writeln!(w, "# {name}: rewritten from {encoding} to UTF-8");
        }
        let _ = diff::write_unified(w, &name, &old, &new, &ops, 2);
        Ok(())
    }
}

/// What is kept of a file as it was on disk, in place of its bytes: their digest, and how its
/// text was read from them, to read it again.
struct OnDisk {
    digest: Digest,
    /// A file in another encoding: how it was decoded.
    decoding: Option<Decoding>,
    /// The length of its text.
    text_len: usize,
}

impl OnDisk {
    /// The text of the file, read again, when the file still holds the bytes of the digest. A
    /// file in another encoding is decoded as it is read: its bytes are not held beside its
    /// text.
    fn read_again(&self, path: &Path) -> Result<String, String> {
        let cannot = |e: std::io::Error| format!("{}: cannot read it again: {e}", path.display());
        let changed = || {
            format!(
                "{}: the file changed on disk during the run; no diff",
                path.display()
            )
        };
        match self.decoding {
            None => {
                let bytes = std::fs::read(path).map_err(cannot)?;
                if !self.digest.matches(&bytes) {
                    return Err(changed());
                }
                Ok(String::from_utf8(bytes).expect("the bytes of a text read as UTF-8"))
            }
            Some(decoding) => {
                let file = std::fs::File::open(path).map_err(cannot)?;
                let mut digest = Digesting::default();
                let text = decoding
                    .decode_again(file, self.text_len, |bytes| digest.update(bytes))
                    .map_err(cannot)?;
                if digest.finish() != self.digest {
                    return Err(changed());
                }
                Ok(text)
            }
        }
    }

    /// Whether bytes (the file's, before it is written) are still those that were read.
    fn unchanged(&self, bytes: &[u8]) -> bool {
        self.digest.matches(bytes)
    }
}

/// The length of a text and its 128-bit hash (XXH3), kept in place of a huge file's text to
/// tell whether bytes are that text: a difference goes unseen with a chance of about 2^-128.
#[derive(Debug, PartialEq, Eq)]
struct Digest {
    len: usize,
    hash: u128,
}

impl Digest {
    fn of(bytes: &[u8]) -> Digest {
        Digest {
            len: bytes.len(),
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }

    fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() == self.len && Digest::of(bytes) == *self
    }
}

/// A [`Digest`] made as the bytes are read, piece by piece: the digest of all of them.
#[derive(Default)]
struct Digesting {
    len: usize,
    hasher: xxhash_rust::xxh3::Xxh3Default,
}

impl Digesting {
    fn update(&mut self, bytes: &[u8]) {
        self.len += bytes.len();
        self.hasher.update(bytes);
    }

    fn finish(&self) -> Digest {
        Digest {
            len: self.len,
            hash: self.hasher.digest128(),
        }
    }
}

/// The text of a file read, what is kept of the file as it is on disk, and whether its
/// encoding is sure; none for a file skipped. The text is handed to the fixes, which drop it
/// once the first round has changed it (on a 100 MB file, 100 MB less through the later
/// rounds); of the file on disk only its digest is kept (a file in another encoding's bytes
/// go here), to tell whether the fixes changed it, and whether the file still holds it before
/// it is written or read again for the diff.
fn text_and_disk(loaded: Result<Loaded, String>) -> Option<(String, OnDisk, bool)> {
    match loaded {
        Ok(Loaded::Text(text)) => {
            let disk = OnDisk {
                digest: Digest::of(text.as_bytes()),
                decoding: None,
                text_len: text.len(),
            };
            Some((text, disk, true))
        }
        Ok(Loaded::Decoded(d)) => {
            let disk = OnDisk {
                digest: Digest::of(&d.bytes),
                decoding: Some(d.decoding()),
                text_len: d.text.len(),
            };
            Some((d.text, disk, d.confident))
        }
        _ => None,
    }
}

fn fix_file(path: &Path, cx: Context<'_>, options: FixOptions, diff: bool) -> Outcome {
    // A huge file's bytes, freed once it is read (a file in another encoding's, once decoded),
    // go back to the system before its text is checked.
    if std::fs::metadata(path).is_ok_and(|m| m.len() > HUGE as u64) {
        super::memory::give_back_freed_memory_at_once();
    }
    let loaded = files::read_document(path);
    if files::report_unread(&loaded) {
        return Outcome {
            failed: true,
            ..Outcome::default()
        };
    }
    let Some((text, disk, confident)) = text_and_disk(loaded) else {
        return Outcome {
            skipped: true,
            ..Outcome::default()
        };
    };
    let huge = text.len() > HUGE;
    if huge {
        super::memory::give_back_freed_memory_at_once();
    }
    // A file in another encoding is written back only as UTF-8, when its rule's fix applies.
    let decoding = disk.decoding;
    let convert = decoding.and_then(|d| {
        let f = encoding_not_utf8::finding(&text, d.name(), confident, cx.settings)?;
        let fix = f.fix?;
        (fix.applicability == Applicability::Safe || options.unsafe_fixes).then_some(())
    });
    if let (Some(d), None) = (decoding, convert) {
        note(format!(
            "{}: not fixed: the file is in {}; rewriting it as UTF-8 needs --unsafe-fixes (the encoding is a guess) or the rule encoding-not-utf8 on",
            path.display(),
            d.name()
        ));
        // Counted as `tamis check` counts them (a huge text's part by part, without their
        // messages and fixes).
        let found = tamis_analysis::count_findings(&text, cx) + 1;
        return Outcome {
            remaining: found,
            tally: Tally {
                found,
                unfixed: found,
                ..Tally::default()
            },
            ..Outcome::default()
        };
    }
    let mut fixed = fix_until_stable_counted(text, cx, options);
    if fixed.stopped_at_limit {
        note(format!(
            "{}: fixes left undone: they would make its text longer than {} bytes, which tamis does not read",
            path.display(),
            tamis_analysis::MAX_TEXT_LEN
        ));
    }
    // A file in another encoding: its finding `encoding-not-utf8`, fixed by the conversion.
    let converted = usize::from(decoding.is_some());
    let tally = Tally {
        found: fixed.found + converted,
        fixed: fixed.first_round + converted,
        removed: fixed.removed,
        unfixed: fixed.unfixed(),
        later: fixed.later_rounds(),
    };
    let mut outcome = Outcome {
        applied: fixed.applied + converted,
        tally,
        changed: !disk.unchanged(fixed.text.as_bytes()),
        remaining: fixed.remaining.len(),
        ..Outcome::default()
    };
    if !outcome.changed {
        return outcome;
    }
    // Only their number is reported: the findings go before the diff is made.
    drop(std::mem::take(&mut fixed.remaining));
    if diff {
        // The lines are numbered by their hash, the text as fixed first: a huge file's then
        // waits in a temporary file while its text as it was is read again and numbered, and
        // while the edit script is made from the numbers alone.
        let mut numbering = diff::HashNumbering::default();
        let new_ids = numbering.number(&fixed.text);
        let new = std::mem::take(&mut fixed.text);
        let new = if huge {
            New::spill(new)
        } else {
            New::Kept(new)
        };
        // The text as it was, read again as it was when it was fixed.
        let old = match disk.read_again(path) {
            Ok(text) => text,
            Err(e) => {
                error(e);
                return Outcome {
                    failed: true,
                    ..Outcome::default()
                };
            }
        };
        let ids = diff::LineIds {
            old: numbering.number(&old),
            new: new_ids,
        };
        drop(numbering);
        // A huge file's text as it was is read a third time to be written, rather than kept
        // through the diff: the diff reads only the lines' numbers.
        let old = if huge {
            drop(old);
            Old::OnDisk(disk)
        } else {
            Old::Kept(old)
        };
        let ops = diff::ops(&ids);
        let pending = PendingDiff {
            path: path.to_path_buf(),
            encoding: decoding.map(Decoding::name),
            old,
            new,
            ids,
            ops,
        };
        if huge {
            outcome.pending = Some(pending);
        } else if let Err(e) = pending.write(&mut outcome.diff) {
            unreachable!("a kept text is not read again: {e}");
        }
    } else if let Err(e) = crate::workspace::write_atomically_if(
        path,
        Some(&|bytes: &[u8]| disk.unchanged(bytes)),
        fixed.text.as_bytes(),
    ) {
        error(format!("{}: not fixed: {e}", path.display()));
        outcome.failed = true;
        outcome.changed = false;
        outcome.applied = 0;
        outcome.tally = Tally {
            found: outcome.tally.found,
            unfixed: outcome.tally.found,
            ..Tally::default()
        };
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::{diff, text_and_disk, Digest, Digesting, New, Old, PendingDiff};

    #[test]
    fn a_digest_matches_its_bytes_only() {
        let text = "Contact : presse@exemple.org, +33 1 23 45 67 89\n".repeat(100);
        let digest = Digest::of(text.as_bytes());
        assert!(digest.matches(text.as_bytes()));
        let mut changed = text.clone().into_bytes();
        changed[1234] ^= 1;
        assert!(!digest.matches(&changed));
        assert!(!digest.matches(&text.as_bytes()[1..]));
        assert!(!digest.matches(b""));
    }

    #[test]
    fn a_digest_made_piece_by_piece_is_the_digest_of_the_whole() {
        let text = "Genève, Tél : +41 22 717 91 11\n".repeat(1000);
        for size in [1, 7, 64, 1000, 1 << 16] {
            let mut digest = Digesting::default();
            text.as_bytes().chunks(size).for_each(|c| digest.update(c));
            assert_eq!(digest.finish(), Digest::of(text.as_bytes()), "{size}");
        }
        assert_eq!(Digesting::default().finish(), Digest::of(b""));
    }

    /// A huge file's diff, its text as it was read again from disk: the bytes of the diff
    /// made with the text kept, for a UTF-8 file and for files in other encodings (decoded
    /// again); none, and an error, once the file has changed.
    #[test]
    fn a_diff_read_again_from_disk_is_the_diff_of_the_kept_text() {
        let old = "Tél : +506 2212.5352\nE-mail:\npresse@exemple.org\nmis en œuvre\n".repeat(3);
        let new = old.replace("2212.5352", "2212 5352");
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(old.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let files = [
            (old.as_bytes().to_vec(), None),
            (
                encoding_rs::WINDOWS_1252.encode(&old).0.into_owned(),
                Some("windows-1252"),
            ),
            (utf16, Some("UTF-16LE")),
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        for (bytes, encoding) in files {
            std::fs::write(&path, &bytes).unwrap();
            let loaded = crate::workspace::read_document(&path);
            let (text, disk, _) = text_and_disk(loaded).unwrap();
            assert_eq!(text, old);
            assert_eq!(disk.decoding.map(|d| d.name()), encoding);
            let pending_with = |old_text: Old, new_text: New| {
                let mut numbering = diff::HashNumbering::default();
                let new_ids = numbering.number(&new);
                let ids = diff::LineIds {
                    old: numbering.number(&old),
                    new: new_ids,
                };
                PendingDiff {
                    path: path.clone(),
                    encoding,
                    old: old_text,
                    new: new_text,
                    ops: diff::ops(&ids),
                    ids,
                }
            };
            let pending = |old_text: Old| pending_with(old_text, New::spill(new.clone()));
            let (mut kept, mut read) = (Vec::new(), Vec::new());
            pending_with(Old::Kept(old.clone()), New::Kept(new.clone()))
                .write(&mut kept)
                .unwrap();
            pending(Old::OnDisk(disk)).write(&mut read).unwrap();
            assert!(matches!(New::spill(new.clone()), New::Spilled { .. }));
            let head = if encoding.is_some() {
                &b"# "[..]
            } else {
                b"--- "
            };
            assert!(kept.starts_with(head), "{}", String::from_utf8_lossy(&kept));
            assert_eq!(read, kept);
            // One byte changed, or one more at the end.
            for changed in [
                bytes
                    .iter()
                    .map(|&b| if b == b'2' { b'3' } else { b })
                    .collect(),
                [&bytes[..], b"\0\0"].concat(),
            ] {
                let (_, disk, _) = text_and_disk(crate::workspace::read_document(&path)).unwrap();
                std::fs::write(&path, changed).unwrap();
                let mut none = Vec::new();
                let e = pending(Old::OnDisk(disk)).write(&mut none).unwrap_err();
                assert!(
                    e.ends_with("the file changed on disk during the run; no diff"),
                    "{e}"
                );
                assert!(none.is_empty());
                std::fs::write(&path, &bytes).unwrap();
            }
        }
    }
}
