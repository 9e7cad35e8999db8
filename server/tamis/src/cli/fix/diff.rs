//! The unified diff of `tamis fix --diff`: byte for byte what `similar` writes for
//! `TextDiff::from_lines(old, new).unified_diff().context_radius(2).header(name, name)`, in a
//! fraction of its memory, and written hunk by hunk rather than built as one string.
//!
//! Why not `TextDiff` itself: on a 108 MB file it held both texts' lines as `&str` (16 bytes a
//! line, 55 MB), a map of the old text's lines sized for all of them, the texts as they were and
//! as fixed for as long as the diff lived, and then the whole diff as one `String` (104 MB):
//! `tamis fix --diff` peaked at 5× the file. Here each line is numbered by its text (equal
//! numbers for equal lines, in both texts; `tamis fix` numbers them by their hash, one text at
//! a time, and checks the numbers against the texts before writing), the edit script is `similar`'s own Myers diff of
//! those numbers ([`similar::capture_diff_slices`]: the algorithm only compares lines for
//! equality, so its script is the same), the text as it was can be dropped while it runs, and
//! the hunks are written from the two texts as they are read (the same grouping as
//! [`similar::group_diff_ops`], the same hunk headers and `\ No newline at end of file`).
//! The tests compare the output with `similar`'s on random texts.

use std::io::{self, Write};

use similar::{Algorithm, DiffOp};

/// The lines of the two texts, each as a number: the same number for the same text.
#[derive(Debug)]
pub struct LineIds {
    pub old: Vec<u32>,
    pub new: Vec<u32>,
}

/// The edit script of `old` into `new`, line by line, as `similar` computes it for
/// `TextDiff::from_lines`. The texts are read only through `ids` (see [`line_ids`]).
pub fn ops(ids: &LineIds) -> Vec<DiffOp> {
    similar::capture_diff_slices(Algorithm::Myers, &ids.old, &ids.new)
}

/// Numbers the lines of `old` and `new` (split as `similar` splits them: after each `\n`, `\r`
/// or `\r\n`, the terminator kept): two lines get the same number exactly when their texts are
/// equal, whichever text each is in. Besides the numbers it keeps, while it runs, a table of 4
/// bytes per distinct line and where each distinct line starts.
pub fn line_ids(old: &str, new: &str) -> LineIds {
    let mut numbering = Numbering {
        old,
        new,
        at: Vec::new(),
        in_new: usize::MAX,
        table: hashbrown::HashTable::new(),
    };
    // The lines of `new` first: the numbers below `in_new` are lines of `new`.
    let new_ids = numbering.number(new);
    numbering.in_new = numbering.at.len();
    let old_ids = numbering.number(old);
    LineIds {
        old: old_ids,
        new: new_ids,
    }
}

/// The distinct lines met so far, by number.
struct Numbering<'t> {
    old: &'t str,
    new: &'t str,
    /// Where each number's line starts: in `new` below `in_new`, else in `old` (its end is
    /// found again when it is read: half the memory of a range, and a text of distinct lines
    /// has as many as lines).
    at: Vec<usize>,
    in_new: usize,
    /// The numbers, found by the hash of their line's text.
    table: hashbrown::HashTable<u32>,
}

impl<'t> Numbering<'t> {
    fn number(&mut self, text: &'t str) -> Vec<u32> {
        let Numbering {
            old,
            new,
            at,
            in_new,
            table,
        } = self;
        let line_of = |at: &[usize], id: u32| {
            let text: &str = if (id as usize) < *in_new { new } else { old };
            let start = at[id as usize];
            &text[start..line_end(text.as_bytes(), start)]
        };
        let mut ids = Vec::new();
        for (start, end) in LineRanges::new(text) {
            let line = &text[start..end];
            let h = hash(line);
            let id = match table.find(h, |&id| line_of(at, id) == line) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(at.len()).expect("fewer than 2^32 distinct lines");
                    at.push(start);
                    table.insert_unique(h, id, |&id| hash(line_of(at, id)));
                    id
                }
            };
            ids.push(id);
        }
        ids
    }
}

/// Numbers lines by the 128-bit hash (XXH3) of their text rather than by their text, one text
/// after the other: the text numbered first need not be held while the next one is. The numbers
/// go as [`line_ids`] gives them when the lines of `new` are numbered first, then those of
/// `old`, and no two different lines have the same hash; [`numbers_exact`] tells whether that
/// held. Keeps 16 bytes per distinct line and a table of 4.
#[derive(Default)]
pub struct HashNumbering {
    /// The hash of each number's line.
    hashes: Vec<u128>,
    /// The numbers, found by their hash.
    table: hashbrown::HashTable<u32>,
}

impl HashNumbering {
    /// The numbers of the lines of `text`: the number of a line met before (in this text or an
    /// earlier one) when its hash is that line's, else the next one.
    pub fn number(&mut self, text: &str) -> Vec<u32> {
        let HashNumbering { hashes, table } = self;
        // The table's hash: the low half of the line's.
        let short = |h: u128| h as u64;
        let mut ids = Vec::new();
        for (start, end) in LineRanges::new(text) {
            let h = xxhash_rust::xxh3::xxh3_128(&text.as_bytes()[start..end]);
            let id = match table.find(short(h), |&id| hashes[id as usize] == h) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(hashes.len()).expect("fewer than 2^32 distinct lines");
                    hashes.push(h);
                    table.insert_unique(short(h), id, |&id| short(hashes[id as usize]));
                    id
                }
            };
            ids.push(id);
        }
        ids
    }
}

/// Whether `ids` ([`HashNumbering`] of `new`, then of `old`) are the numbers [`line_ids`]
/// gives: whether every line is the same text as the first line with its number. Two lines
/// of different numbers have different hashes, so different texts; when every line is its
/// number's first line, equal numbers are equal texts too, and the numbers, given in the same
/// order as [`line_ids`] gives them, are its numbers: the edit script is the same. Keeps where
/// each number's first line starts (8 bytes per distinct line) while it runs.
pub fn numbers_exact(old: &str, new: &str, ids: &LineIds) -> bool {
    // The numbers of the lines of `new` come first: those below `in_new` first met there.
    let in_new = ids.new.iter().max().map_or(0, |&m| m as usize + 1);
    let count = ids
        .old
        .iter()
        .max()
        .map_or(in_new, |&m| in_new.max(m as usize + 1));
    let mut first = vec![usize::MAX; count];
    let line_at = |id: u32, start: usize| {
        let text = if (id as usize) < in_new { new } else { old };
        &text[start..line_end(text.as_bytes(), start)]
    };
    // The next number not met yet: `line_ids` gives them in the order their lines are met.
    let mut next = 0;
    for (text, text_ids) in [(new, &ids.new), (old, &ids.old)] {
        if LineRanges::new(text).count() != text_ids.len() {
            return false;
        }
        for ((start, end), &id) in LineRanges::new(text).zip(text_ids) {
            let at = &mut first[id as usize];
            if *at == usize::MAX {
                if id as usize != next {
                    return false;
                }
                next += 1;
                *at = start;
            } else if line_at(id, *at) != &text[start..end] {
                return false;
            }
        }
    }
    true
}

/// The edit script `ops` made from `ids` (numbered by [`HashNumbering`], `new` first) when
/// those are the numbers [`line_ids`] gives ([`numbers_exact`]); else, when two different
/// lines had the same hash, the script made again from the texts' own numbers.
pub fn checked_ops(old: &str, new: &str, ids: LineIds, ops: Vec<DiffOp>) -> Vec<DiffOp> {
    if numbers_exact(old, new, &ids) {
        ops
    } else {
        drop((ids, ops));
        self::ops(&line_ids(old, new))
    }
}

fn hash(line: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x5eed_f1c5).hash_one(line)
}

/// The byte ranges of the lines of a text, each with its terminator (`\n`, `\r` or `\r\n`);
/// a last line without one counts too, an empty text has no line.
struct LineRanges<'a> {
    bytes: &'a [u8],
    start: usize,
}

impl<'a> LineRanges<'a> {
    fn new(text: &'a str) -> Self {
        LineRanges {
            bytes: text.as_bytes(),
            start: 0,
        }
    }
}

impl Iterator for LineRanges<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let start = self.start;
        if start >= self.bytes.len() {
            return None;
        }
        let end = line_end(self.bytes, start);
        self.start = end;
        Some((start, end))
    }
}

/// The end of the line that starts at `start`, after its terminator.
fn line_end(bytes: &[u8], start: usize) -> usize {
    tamis_analysis::terminator(bytes, start).map_or(bytes.len(), |(_, next)| next)
}

/// Reads the lines of a text in order, from any line at or after the last one read.
struct Cursor<'a> {
    lines: LineRanges<'a>,
    text: &'a str,
    next: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            lines: LineRanges::new(text),
            text,
            next: 0,
        }
    }

    /// Line `index` (0-based), which must not be before the last line read.
    fn line(&mut self, index: usize) -> &'a str {
        debug_assert!(index >= self.next, "lines are read in order");
        let skip = index - self.next;
        let (start, end) = self
            .lines
            .nth(skip)
            .expect("a diff operation's line is in its text");
        self.next = index + 1;
        &self.text[start..end]
    }
}

/// Writes the unified diff of `old` into `new` whose edit script is `ops` ([`ops`] of these
/// texts), with `context` lines around each change and `--- name` / `+++ name` before the
/// first hunk; nothing when nothing changed.
pub fn write_unified(
    w: &mut impl Write,
    name: &str,
    old: &str,
    new: &str,
    ops: &[DiffOp],
    context: usize,
) -> io::Result<()> {
    let mut old_lines = Cursor::new(old);
    let mut new_lines = Cursor::new(new);
    let mut first = true;
    for_each_group(ops, context, |group| {
        if group.is_empty() {
            return Ok(());
        }
        if std::mem::take(&mut first) {
            writeln!(w, "--- {name}")?;
            writeln!(w, "+++ {name}")?;
        }
        let (head, last) = (&group[0], &group[group.len() - 1]);
        writeln!(
            w,
            "@@ -{} +{} @@",
            HunkRange(head.old_range().start, last.old_range().end),
            HunkRange(head.new_range().start, last.new_range().end)
        )?;
        for op in group {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            use similar::DiffTag;
            if matches!(tag, DiffTag::Equal) {
                for i in old_range {
                    write_line(w, b' ', old_lines.line(i))?;
                }
                continue;
            }
            if matches!(tag, DiffTag::Delete | DiffTag::Replace) {
                for i in old_range {
                    write_line(w, b'-', old_lines.line(i))?;
                }
            }
            if matches!(tag, DiffTag::Insert | DiffTag::Replace) {
                for j in new_range {
                    write_line(w, b'+', new_lines.line(j))?;
                }
            }
        }
        Ok(())
    })
}

/// One line of a hunk: its tag, its text with its terminator, and the note of a last line
/// without one.
fn write_line(w: &mut impl Write, tag: u8, line: &str) -> io::Result<()> {
    w.write_all(&[tag])?;
    w.write_all(line.as_bytes())?;
    if !line.ends_with(['\r', '\n']) {
        w.write_all(b"\n\\ No newline at end of file\n")?;
    }
    Ok(())
}

/// A hunk header's range of lines: `start,len` (1-based; an empty range starts at the line
/// before it), or `start` alone for one line.
struct HunkRange(usize, usize);

impl std::fmt::Display for HunkRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = self.1.saturating_sub(self.0);
        match len {
            1 => write!(f, "{}", self.0 + 1),
            0 => write!(f, "{},0", self.0),
            _ => write!(f, "{},{len}", self.0 + 1),
        }
    }
}

/// [`similar::group_diff_ops`] without building every group first: calls `each` with each
/// group of operations, in order, as that function returns them (an equal run longer than
/// twice `n` ends a group; `n` lines of it stay on each side).
fn for_each_group(
    ops: &[DiffOp],
    n: usize,
    mut each: impl FnMut(&[DiffOp]) -> io::Result<()>,
) -> io::Result<()> {
    let Some(last_index) = ops.len().checked_sub(1) else {
        return Ok(());
    };
    let mut group: Vec<DiffOp> = Vec::new();
    for (i, &op) in ops.iter().enumerate() {
        let mut op = op;
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = &mut op
        {
            // The first run keeps its last `n` lines, the last its first `n`.
            if i == 0 {
                let offset = len.saturating_sub(n);
                *old_index += offset;
                *new_index += offset;
                *len -= offset;
            }
            if i == last_index {
                *len -= len.saturating_sub(n);
            }
            let (old_index, new_index, len) = (*old_index, *new_index, *len);
            if len > n * 2 {
                group.push(DiffOp::Equal {
                    old_index,
                    new_index,
                    len: n,
                });
                each(&group)?;
                let offset = len.saturating_sub(n);
                group.clear();
                group.push(DiffOp::Equal {
                    old_index: old_index + offset,
                    new_index: new_index + offset,
                    len: len - offset,
                });
                continue;
            }
        }
        group.push(op);
    }
    match group[..] {
        [] | [DiffOp::Equal { .. }] => Ok(()),
        _ => each(&group),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What `tamis fix --diff` (context 2) and `tamis redact --diff` (context 1) wrote with
    /// `similar` alone.
    fn similar_diff(old: &str, new: &str, context: usize) -> String {
        similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(context)
            .header("a.txt", "a.txt")
            .to_string()
    }

    /// The diff from the lines numbered by their text, and from them numbered by their hash
    /// (as `tamis fix --diff` does), which must be the same.
    fn lean_diff(old: &str, new: &str, context: usize) -> String {
        let exact = line_ids(old, new);
        let hashed = hash_ids(old, new);
        assert_eq!((&hashed.old, &hashed.new), (&exact.old, &exact.new));
        let ops = checked_ops(old, new, exact, ops(&hashed));
        let mut out = Vec::new();
        write_unified(&mut out, "a.txt", old, new, &ops, context).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn hash_ids(old: &str, new: &str) -> LineIds {
        let mut numbering = HashNumbering::default();
        let new_ids = numbering.number(new);
        LineIds {
            old: numbering.number(old),
            new: new_ids,
        }
    }

    #[test]
    fn the_same_bytes_as_similar_on_edge_cases() {
        let cases = [
            ("", ""),
            ("", "a\n"),
            ("a\n", ""),
            ("a", "a"),
            ("a\n", "a"),
            ("a", "b"),
            ("a\r\nb\rc\n", "a\nb\r\nc"),
            ("x\r", "x\r\n"),
            ("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\nX\n5\n6\n7\n8\nY\n"),
            ("same\n", "same\n"),
        ];
        for (old, new) in cases {
            for context in [1, 2] {
                assert_eq!(
                    lean_diff(old, new, context),
                    similar_diff(old, new, context),
                    "{old:?} -> {new:?}, context {context}"
                );
            }
        }
    }

    /// Lines from a small alphabet, so that many repeat (what makes diffs ambiguous), with
    /// every kind of terminator and none at the end.
    fn text(lines: impl Strategy<Value = Vec<(u8, u8)>>) -> impl Strategy<Value = String> {
        lines.prop_map(|lines| {
            let mut s = String::new();
            for (word, end) in lines {
                s.push_str(["a", "b", "c", "", "dé", "a b"][usize::from(word % 6)]);
                s.push_str(["\n", "\n", "\n", "\r\n", "\r", "\n"][usize::from(end % 6)]);
            }
            s
        })
    }

    /// A text and an edit of it: lines replaced, dropped, added, as fixes do.
    fn pair(max: usize) -> impl Strategy<Value = (String, String)> {
        (
            text(prop::collection::vec(any::<(u8, u8)>(), 0..max)),
            prop::collection::vec((any::<u16>(), any::<u8>(), any::<u8>()), 0..12),
            any::<bool>(),
        )
            .prop_map(|(old, edits, trim_end)| {
                let mut lines: Vec<String> = LineRanges::new(&old)
                    .map(|(s, e)| old[s..e].to_string())
                    .collect();
                for (at, kind, word) in edits {
                    if lines.is_empty() {
                        lines.push("new\n".into());
                        continue;
                    }
                    let at = usize::from(at) % lines.len();
                    match kind % 3 {
                        0 => lines[at] = format!("{}\n", ["a", "z", "b"][usize::from(word % 3)]),
                        1 => {
                            lines.remove(at);
                        }
                        _ => lines.insert(at, "inserted\n".into()),
                    }
                }
                let mut new = lines.concat();
                if trim_end {
                    new.truncate(new.trim_end_matches(['\n', '\r']).len());
                }
                (old, new)
            })
    }

    proptest! {
        #[test]
        fn the_same_bytes_as_similar((old, new) in pair(60)) {
            for context in [1, 2] {
                prop_assert_eq!(lean_diff(&old, &new, context), similar_diff(&old, &new, context));
            }
        }
    }

    proptest! {
        // Over 512 lines a side, Myers reduces its input first (similar's preflight); over
        // 100, TextDiff numbered the lines itself.
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn the_same_bytes_as_similar_on_long_texts((old, new) in pair(1500)) {
            for context in [1, 2] {
                prop_assert_eq!(lean_diff(&old, &new, context), similar_diff(&old, &new, context));
            }
        }
    }

    /// Long texts of mostly distinct lines (with blank lines, which recur), changed at both
    /// ends and here and there: what sends Myers through its reduction of the lines that match
    /// nothing or too much (similar's preflight), as on a huge file.
    fn distinct_pair() -> impl Strategy<Value = (String, String)> {
        (
            600usize..2000,
            prop::collection::vec((any::<u16>(), any::<u8>()), 1..40),
        )
            .prop_map(|(n, edits)| {
                let old: Vec<String> = (0..n)
                    .map(|i| match i % 7 {
                        0 => "\n".to_string(),
                        3 => format!("repeated {}\n", i % 3),
                        _ => format!("line {i}\n"),
                    })
                    .collect();
                // Distinct ends, so that the first lines after the common ones differ and no
                // line near them matches the other text's (what the reduction asks).
                let mut old = old;
                old[0] = "first\n".into();
                let last = old.len() - 1;
                old[last] = "last\n".into();
                let mut new = old.clone();
                new[0] = "head\n".into();
                let last = new.len() - 1;
                new[last] = "tail".into();
                for (k, (at, kind)) in edits.into_iter().enumerate() {
                    let at = 1 + usize::from(at) % (new.len() - 2);
                    match kind % 4 {
                        0 => new[at] = format!("changed {k}\n"),
                        1 => {
                            new.remove(at);
                        }
                        2 => new.insert(at, "\n".into()),
                        _ => new.insert(at, format!("line {}\n", usize::from(kind) * 5)),
                    }
                }
                (old.concat(), new.concat())
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn the_same_bytes_as_similar_on_distinct_lines((old, new) in distinct_pair()) {
            for context in [1, 2] {
                prop_assert_eq!(lean_diff(&old, &new, context), similar_diff(&old, &new, context));
            }
        }
    }

    /// Numbers as two different lines with the same hash would give them (the second line
    /// given the first one's number) are told apart from the texts' own, and the script is
    /// made again: the diff is still `similar`'s.
    #[test]
    fn lines_of_the_same_hash_are_told_apart() {
        let old = "a\nb\nc\nd\n";
        let new = "a\nx\nc\nd\ny\n";
        let exact = hash_ids(old, new);
        assert!(numbers_exact(old, new, &exact));
        // `x` (1 in `new`) and `b` (first met in `old`) collide; `y` and `d`.
        for (merged, into) in [(5, 1), (4, 3)] {
            let mut forged = hash_ids(old, new);
            let renumber = |id: &mut u32| {
                if *id == merged {
                    *id = into;
                } else if *id > merged {
                    *id -= 1;
                }
            };
            forged.new.iter_mut().for_each(renumber);
            forged.old.iter_mut().for_each(renumber);
            assert!(!numbers_exact(old, new, &forged), "{forged:?}");
            let forged_ops = ops(&forged);
            let ops = checked_ops(old, new, forged, forged_ops);
            let mut out = Vec::new();
            write_unified(&mut out, "a.txt", old, new, &ops, 2).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), similar_diff(old, new, 2));
        }
        // Numbers in another order than they are met, or for fewer lines.
        let mut swapped = hash_ids(old, new);
        swapped.new.swap(0, 1);
        swapped.old.swap(0, 1);
        assert!(!numbers_exact(old, new, &swapped));
        let mut short = hash_ids(old, new);
        short.old.pop();
        assert!(!numbers_exact(old, new, &short));
    }

    #[test]
    fn equal_lines_get_equal_numbers_across_the_texts() {
        let ids = line_ids("a\nb\na\nc", "b\na\nd\nc");
        assert_eq!(ids.old[0], ids.old[2]);
        assert_eq!(ids.old[1], ids.new[0]);
        assert_eq!(ids.old[0], ids.new[1]);
        assert_ne!(ids.new[2], ids.old[0]);
        // `c` without a terminator is one line in both.
        assert_eq!(ids.old[3], ids.new[3]);
        let ids = line_ids("c\n", "c");
        assert_ne!(ids.old[0], ids.new[0]);
    }
}
