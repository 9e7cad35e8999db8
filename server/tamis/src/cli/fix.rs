//! `tamis fix`: applies fixes, writing each file atomically, or prints them as a diff.

pub(super) mod diff;

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::files::{self, Loaded};
use super::progress::Progress;
use super::{error, note, FixArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use tamis_analysis::rules::encoding_not_utf8;
use tamis_analysis::{
    fix_until_stable, fix_until_stable_owned, Applicability, Context, FixOptions,
};

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
    new: String,
    ops: Vec<similar::DiffOp>,
}

/// The text as it was, for a diff.
enum Old {
    Kept(String),
    /// A UTF-8 file's text, read again from disk: the digest tells it is still what was fixed.
    OnDisk(Digest),
}

impl PendingDiff {
    /// Writes the diff (errors writing to the output are ignored, as a closed pipe); an error
    /// when the text as it was cannot be read again as it was.
    fn write(self, w: &mut impl Write) -> Result<(), String> {
        let old = match self.old {
            Old::Kept(text) => text,
            Old::OnDisk(digest) => read_again(&self.path, &digest)?,
        };
        let name = self.path.display().to_string();
        if let Some(encoding) = self.encoding {
            let _ = writeln!(w, "# {name}: rewritten from {encoding} to UTF-8");
        }
        let _ = diff::write_unified(w, &name, &old, &self.new, &self.ops, 2);
        Ok(())
    }
}

/// A UTF-8 file read again, when it still holds the text of `digest`.
fn read_again(path: &Path, digest: &Digest) -> Result<String, String> {
    match std::fs::read(path) {
        Ok(bytes) if digest.matches(&bytes) => {
            Ok(String::from_utf8(bytes).expect("the bytes of a text read as UTF-8"))
        }
        Ok(_) => Err(format!(
            "{}: the file changed on disk during the run; no diff",
            path.display()
        )),
        Err(e) => Err(format!("{}: cannot read it again: {e}", path.display())),
    }
}

/// The length of a text and two 64-bit hashes of it, kept in place of a huge file's text to
/// tell whether bytes are that text: a difference goes unseen with a chance of about 2^-128.
struct Digest {
    len: usize,
    hashes: (u64, u64),
}

impl Digest {
    fn of(bytes: &[u8]) -> Digest {
        use std::hash::BuildHasher;
        let hash = |seed| foldhash::quality::FixedState::with_seed(seed).hash_one(bytes);
        Digest {
            len: bytes.len(),
            hashes: (hash(0x7a6d_15f1), hash(0xf1c5_7a6d)),
        }
    }

    fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() == self.len && Digest::of(bytes).hashes == self.hashes
    }
}

fn fix_file(path: &Path, cx: Context<'_>, options: FixOptions, diff: bool) -> Outcome {
    let loaded = files::read_document(path);
    if files::report_unread(&loaded) {
        return Outcome {
            failed: true,
            ..Outcome::default()
        };
    }
    let (text, decoded) = match loaded {
        Ok(Loaded::Text(text)) => (text, None),
        Ok(Loaded::Decoded(d)) => (d.text.clone(), Some(d)),
        _ => {
            return Outcome {
                skipped: true,
                ..Outcome::default()
            }
        }
    };
    let huge = text.len() > HUGE;
    if huge {
        super::memory::give_back_freed_memory_at_once();
    }
    // A file in another encoding is written back only as UTF-8, when its rule's fix applies.
    let convert = decoded.as_ref().and_then(|d| {
        let f = encoding_not_utf8::finding(&text, d.name(), d.confident, cx.settings)?;
        let fix = f.fix?;
        (fix.applicability == Applicability::Safe || options.unsafe_fixes).then_some(())
    });
    if let (Some(d), None) = (&decoded, convert) {
        note(format!(
            "{}: not fixed: the file is in {}; rewriting it as UTF-8 needs --unsafe-fixes (the encoding is a guess) or the rule encoding-not-utf8 on",
            path.display(),
            d.name()
        ));
        let found = tamis_analysis::check(&text, cx).len() + 1;
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
    // A UTF-8 file's text is handed to the fixes, which drop it once the first round has changed
    // it (on a 100 MB file, 100 MB less through the later rounds); what stays is its digest, to
    // tell whether the fixes changed it, and whether the file on disk still holds it before it
    // is written or read again for the diff. A file in another encoding keeps its bytes.
    let (mut fixed, text, digest) = match &decoded {
        None => {
            let digest = Digest::of(text.as_bytes());
            (
                fix_until_stable_owned(text, cx, options),
                None,
                Some(digest),
            )
        }
        Some(_) => (fix_until_stable(&text, cx, options), Some(text), None),
    };
    // A file in another encoding: its finding `encoding-not-utf8`, fixed by the conversion.
    let converted = usize::from(decoded.is_some());
    let tally = Tally {
        found: fixed.found + converted,
        fixed: fixed.first_round + converted,
        removed: fixed.removed,
        unfixed: fixed.unfixed(),
        later: fixed.later_rounds(),
    };
    let changed = match (&decoded, &digest) {
        (Some(d), _) => fixed.text.as_bytes() != d.bytes.as_slice(),
        (None, Some(digest)) => !digest.matches(fixed.text.as_bytes()),
        (None, None) => unreachable!("a UTF-8 file has its digest"),
    };
    let mut outcome = Outcome {
        applied: fixed.applied + converted,
        tally,
        changed,
        remaining: fixed.remaining.len(),
        ..Outcome::default()
    };
    if !outcome.changed {
        return outcome;
    }
    // Only their number is reported: the findings go before the diff is made.
    drop(std::mem::take(&mut fixed.remaining));
    let unchanged = |disk: &[u8]| digest.as_ref().is_some_and(|d| d.matches(disk));
    if diff {
        // The text as it was: a file in another encoding's decoded text, or the UTF-8 file read
        // again, as it was when it was fixed.
        let old = match (text, &digest) {
            (Some(text), _) => text,
            (None, Some(digest)) => match read_again(path, digest) {
                Ok(text) => text,
                Err(e) => {
                    error(e);
                    return Outcome {
                        failed: true,
                        ..Outcome::default()
                    };
                }
            },
            (None, None) => unreachable!("a UTF-8 file has its digest"),
        };
        let ids = diff::line_ids(&old, &fixed.text);
        // A huge UTF-8 file's text as it was is read a third time to be written, rather than
        // kept through the diff: the diff reads only the lines' numbers.
        let old = match digest {
            Some(digest) if huge => {
                drop(old);
                Old::OnDisk(digest)
            }
            _ => Old::Kept(old),
        };
        let ops = diff::ops(&ids);
        drop(ids);
        let pending = PendingDiff {
            path: path.to_path_buf(),
            encoding: decoded.as_ref().map(|d| d.name()),
            old,
            new: std::mem::take(&mut fixed.text),
            ops,
        };
        if huge {
            outcome.pending = Some(pending);
        } else if let Err(e) = pending.write(&mut outcome.diff) {
            unreachable!("a kept text is not read again: {e}");
        }
    } else if let Err(e) = match &decoded {
        Some(d) => crate::workspace::write_atomically(path, Some(&d.bytes), fixed.text.as_bytes()),
        None => {
            crate::workspace::write_atomically_if(path, Some(&unchanged), fixed.text.as_bytes())
        }
    } {
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
    use super::{diff, Digest, Old, PendingDiff};

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

    /// A huge file's diff, its text as it was read again from disk: the bytes of the diff
    /// made with the text kept; none, and an error, once the file has changed.
    #[test]
    fn a_diff_read_again_from_disk_is_the_diff_of_the_kept_text() {
        let old = "Tel: +506 2212.5352\nE-mail:\npresse@exemple.org\n".repeat(3);
        let new = old.replace("2212.5352", "2212 5352");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, &old).unwrap();
        let pending = |old_text: Old| PendingDiff {
            path: path.clone(),
            encoding: None,
            old: old_text,
            new: new.clone(),
            ops: diff::ops(&diff::line_ids(&old, &new)),
        };
        let (mut kept, mut read) = (Vec::new(), Vec::new());
        pending(Old::Kept(old.clone())).write(&mut kept).unwrap();
        let digest = || Old::OnDisk(Digest::of(old.as_bytes()));
        pending(digest()).write(&mut read).unwrap();
        assert!(
            kept.starts_with(b"--- "),
            "{}",
            String::from_utf8_lossy(&kept)
        );
        assert_eq!(read, kept);
        std::fs::write(&path, old.replace("E-mail", "Courriel")).unwrap();
        let mut none = Vec::new();
        let e = pending(digest()).write(&mut none).unwrap_err();
        assert!(
            e.ends_with("the file changed on disk during the run; no diff"),
            "{e}"
        );
        assert!(none.is_empty());
    }
}
