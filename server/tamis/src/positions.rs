//! The one place where byte offsets become editor positions and back.
//!
//! Positions are 0-based lines and characters, the characters counted in the negotiated encoding:
//! UTF-16 code units (the LSP default) or UTF-8 bytes. Lines end at `\n`, `\r\n` and `\r`. A
//! byte-order mark is not a character of line 0: editors strip it. Offsets past the end, or
//! inside a character, are clamped to the nearest boundary before it.

use std::sync::Arc;

use ropey::Rope;

use tamis_analysis::bom_len;

/// The unit in which a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

/// A 0-based line and character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// Line starts of a plain text, for converting many offsets of the same text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Starts,
}

/// The starts of the lines: found by [`LineIndex::new`], or shared with the analysis that cut
/// the lines (1.45 MB on a 5 MB document, copied at every request before).
#[derive(Debug, Clone)]
enum Starts {
    Found(Vec<usize>),
    Shared(Arc<[usize]>),
}

impl std::ops::Deref for Starts {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        match self {
            Starts::Found(starts) => starts,
            Starts::Shared(starts) => starts,
        }
    }
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            starts: Starts::Found(line_starts(text)),
        }
    }

    /// The index of a text whose line starts are known (where [`LineIndex::new`] would find
    /// them): the analysis cut the lines already.
    pub fn from_starts(starts: Arc<[usize]>) -> LineIndex {
        debug_assert!(!starts.is_empty() && starts.is_sorted());
        LineIndex {
            starts: Starts::Shared(starts),
        }
    }

    /// The line of a byte offset, as [`LineIndex::position`] gives it.
    pub fn line_of(&self, text: &str, offset: usize) -> usize {
        let offset = floor_boundary(text, offset.min(text.len()));
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// [`LineIndex::line_of`], searched forward from line `hint`, the line of an offset before
    /// this one (as when offsets come in order): a few steps near it, where a search of the
    /// whole index reads lines of a large text far apart in memory.
    pub fn line_of_after(&self, text: &str, offset: usize, hint: usize) -> usize {
        let offset = floor_boundary(text, offset.min(text.len()));
        let starts = &self.starts;
        if starts.get(hint).is_none_or(|&s| s > offset) {
            return self.line_of(text, offset);
        }
        let (mut low, mut step) = (hint, 1);
        while starts.get(low + step).is_some_and(|&s| s <= offset) {
            low += step;
            step *= 2;
        }
        let high = (low + step).min(starts.len());
        low + starts[low..high].partition_point(|&s| s <= offset) - 1
    }

    /// Where a line starts (after the byte-order mark for line 0).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// How many lines the text has (an empty last line after a final terminator counts).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// Where the first line that starts after `offset` starts.
    pub fn first_start_after(&self, offset: usize) -> Option<usize> {
        let i = self.starts.partition_point(|&s| s <= offset);
        self.starts.get(i).copied()
    }

    /// The position of a byte offset.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let line = self.line_of(text, offset);
        self.position_on(
            text,
            line,
            floor_boundary(text, offset.min(text.len())),
            encoding,
        )
    }

    /// The position of `offset` (at a character boundary), whose line is `line`.
    fn position_on(&self, text: &str, line: usize, offset: usize, encoding: Encoding) -> Position {
        let start = self.starts[line].min(offset);
        Position {
            line: line as u32,
            character: measure(&text[start..offset], encoding) as u32,
        }
    }

    /// The byte offset of a position; a character past the end of its line means the line's
    /// end, a line past the end of the text means the text's end.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = line_content_end(text, start);
        start + advance(&text[start..end], position.character as usize, encoding)
    }
}

/// The starts of the lines of `text`, as `tamis_analysis::terminator` cuts them (after each
/// `\n`, each `\r` not before a `\n`), the first after the byte-order mark.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    // Room for lines of 64 bytes, twice as long as most: grown if need be.
    let mut starts = Vec::with_capacity(bytes.len() / 64 + 1);
    starts.push(bom_len(text));
    let mut push = |k: usize| {
        if bytes[k] == b'\n' || bytes.get(k + 1) != Some(&b'\n') {
            starts.push(k + 1);
        }
    };
    let mut i = 0;
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // The terminators among the bytes from `i`, as the bits of `found`.
        let mut push_each = |i: usize, mut found: u32| {
            while found != 0 {
                push(i + found.trailing_zeros() as usize);
                found &= found - 1;
            }
        };
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, the one target feature `terminators_avx2` needs.
            i = unsafe { terminators_avx2(bytes, &mut push_each) };
        }
        while i + 16 <= bytes.len() {
            let chunk: &[u8; 16] = bytes[i..i + 16].try_into().expect("sixteen bytes");
            // SAFETY: the build enables SSE2 (every x86_64 processor has it), the one target
            // feature `terminators_in_sse2` needs.
            push_each(i, unsafe { terminators_in_sse2(chunk) });
            i += 16;
        }
    }
    for k in memchr::memchr2_iter(b'\n', b'\r', &bytes[i..]) {
        push(i + k);
    }
    starts
}

/// The bytes of `chunk` that are `\n` or `\r`, as the bits of the result, the lowest for
/// `chunk[0]`: the line starts read sixteen (or 32) bytes at a time, where a `memchr2` for each
/// line (of 60 bytes in most texts) cost twice as much.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn terminators_in_sse2(chunk: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
    };
    let half = |h: usize| i64::from_le_bytes(chunk[h..h + 8].try_into().expect("eight bytes"));
    let v = _mm_set_epi64x(half(8), half(0));
    let lf = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8));
    let cr = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8));
    _mm_movemask_epi8(_mm_or_si128(lf, cr)) as u32
}

/// The positions of offsets of one text met mostly in order, as the starts and ends of its
/// findings come (sorted by their start): an offset on the line of the last one, at or after
/// it, is measured from it rather than from the line's start. A finding's end is most often on
/// its start's line, and the next finding's start on the same line as the end before (a line of
/// 500 characters was measured twice for each finding on it).
#[derive(Debug, Default)]
pub struct Walk {
    /// The last offset met (at a character boundary) and its position.
    last: Option<(usize, Position)>,
}

impl Walk {
    /// The position of `offset` in `text` (whose index is `index`), as
    /// [`LineIndex::position`] gives it. Every offset of a walk must be of the same text.
    pub fn position(
        &mut self,
        index: &LineIndex,
        text: &str,
        offset: usize,
        encoding: Encoding,
    ) -> Position {
        let offset = floor_boundary(text, offset.min(text.len()));
        let position = match self.last {
            Some((at, last))
                if at <= offset
                    && index.starts[last.line as usize] <= at
                    && (index.starts.get(last.line as usize + 1)).is_none_or(|&s| offset < s) =>
            {
                Position {
                    line: last.line,
                    character: last.character + measure(&text[at..offset], encoding) as u32,
                }
            }
            Some((at, last)) if at <= offset => {
                let line = index.line_of_after(text, offset, last.line as usize);
                index.position_on(text, line, offset, encoding)
            }
            _ => index.position(text, offset, encoding),
        };
        self.last = Some((offset, position));
        position
    }
}

/// The terminators of `bytes`, 32 bytes at a time, given to `found` (where the 32 bytes
/// start, and which of them are `\n` or `\r` as bits, the lowest for the first) up to the
/// last 32 bytes: where it stopped. Built with AVX2 as a whole, so that
/// [`terminators_in_avx2`] is part of its loop.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn terminators_avx2(bytes: &[u8], found: &mut impl FnMut(usize, u32)) -> usize {
    let mut i = 0;
    while i + 32 <= bytes.len() {
        let chunk: &[u8; 32] = bytes[i..i + 32].try_into().expect("32 bytes");
        found(i, terminators_in_avx2(chunk));
        i += 32;
    }
    i
}

/// [`terminators_in_sse2`] with AVX2, for 32 bytes.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn terminators_in_avx2(chunk: &[u8; 32]) -> u32 {
    use std::arch::x86_64::{
        _mm256_cmpeq_epi8, _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
        _mm256_set_epi64x,
    };
    let part = |h: usize| i64::from_le_bytes(chunk[h..h + 8].try_into().expect("eight bytes"));
    let v = _mm256_set_epi64x(part(24), part(16), part(8), part(0));
    let lf = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'\n' as i8));
    let cr = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'\r' as i8));
    _mm256_movemask_epi8(_mm256_or_si256(lf, cr)) as u32
}

/// Where the content of the line starting at `start` ends (before its terminator).
fn line_content_end(text: &str, start: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i)
}

/// The length of `s` in the encoding's units.
pub fn measure(s: &str, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => utf16_len(s),
    }
}

/// The length of `s` in UTF-16 code units, as `s.chars().map(char::len_utf16).sum()` counts
/// it, from its bytes: one unit for each byte that starts a character (any but the
/// continuation bytes `10xxxxxx`), one more for each that starts a character of four bytes
/// (`11110xxx`: above U+FFFF, two units). Eight bytes at a time, where decoding each
/// character was most of the cost of a finding's position.
fn utf16_len(s: &str) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte of `w`, its units (0, 1 or 2) as a number in the byte. Each shift moves a
    // byte's bit 6, 5 or 4 to its bit 7, where `HIGH` keeps it.
    let units = |w: u64| {
        let starts = !(w & !(w << 1)) & HIGH;
        let fours = w & (w << 1) & (w << 2) & (w << 3) & HIGH;
        (starts >> 7) + (fours >> 7)
    };
    // The eight byte counts of `sum` added: in pairs into 16-bit numbers, then those.
    let byte_sum = |sum: u64| {
        const PAIRS: u64 = 0x00ff_00ff_00ff_00ff;
        let pairs = (sum & PAIRS) + ((sum >> 8) & PAIRS);
        (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
    };
    let mut chunks = s.as_bytes().chunks_exact(8);
    let mut left = s.len() / 8;
    let mut total = 0;
    while left > 0 {
        // At most 127 words of at most 2 a byte before a byte of `sum` could carry.
        let n = left.min(127);
        let mut sum = 0u64;
        for chunk in chunks.by_ref().take(n) {
            sum += units(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        total += byte_sum(sum);
        left -= n;
    }
    let rest = chunks.remainder().len();
    if rest == 0 {
        return total;
    }
    // The last eight bytes (padded in front with continuation bytes, which count nothing, in a
    // string shorter), of which those read above are replaced by continuation bytes: no copy
    // of a length known only now (a call to `memcpy`, a fifth of the cost of most lines).
    let last = match s.len().checked_sub(8) {
        Some(from) => u64::from_le_bytes(s.as_bytes()[from..].try_into().expect("eight bytes")),
        None => s.bytes().fold(HIGH, |w, b| w >> 8 | u64::from(b) << 56),
    };
    let read = 8 * (8 - rest) as u32;
    let last = last >> read | HIGH << (64 - read);
    total + byte_sum(units(last))
}

/// The byte length of the longest prefix of `s` that is at most `units` long in the encoding,
/// never splitting a character.
fn advance(s: &str, units: usize, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => floor_boundary(s, units.min(s.len())),
        Encoding::Utf16 => {
            let mut count = 0;
            for (i, c) in s.char_indices() {
                if count + c.len_utf16() > units {
                    return i;
                }
                count += c.len_utf16();
            }
            s.len()
        }
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The position of a byte offset in a rope (lines as LSP counts them, with ropey's `cr_lines`).
pub fn rope_position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_idx);
    let mut line_start_char = rope.line_to_char(line);
    if line == 0 && rope.len_chars() > 0 && rope.char(0) == '\u{feff}' && char_idx > 0 {
        line_start_char += 1;
    }
    let character = match encoding {
        Encoding::Utf8 => offset - rope.char_to_byte(line_start_char),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start_char),
    };
    Position {
        line: line as u32,
        character: character as u32,
    }
}

/// The byte offset of a position in a rope, clamped like [`LineIndex::offset`]. Allocates
/// nothing, whatever the length of the line.
pub fn rope_offset(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let mut start = rope.line_to_char(line);
    if line == 0 && rope.len_chars() > 0 && rope.char(0) == '\u{feff}' {
        start += 1;
    }
    let mut end = if line + 1 < rope.len_lines() {
        rope.line_to_char(line + 1)
    } else {
        rope.len_chars()
    };
    while end > start && matches!(rope.char(end - 1), '\n' | '\r') {
        end -= 1;
    }
    let units = position.character as usize;
    let char_idx = match encoding {
        Encoding::Utf16 => {
            let base = rope.char_to_utf16_cu(start);
            if base + units >= rope.char_to_utf16_cu(end) {
                end
            } else {
                rope.utf16_cu_to_char(base + units)
            }
        }
        Encoding::Utf8 => {
            let base = rope.char_to_byte(start);
            if base + units >= rope.char_to_byte(end) {
                end
            } else {
                rope.byte_to_char(base + units)
            }
        }
    };
    rope.char_to_byte(char_idx)
}

/// The character offset of a byte offset of `text` (clamped to a boundary before it), counted
/// in code points from the start of the text, not by line: how Label Studio (its `Text` tag
/// counts `[...text]`), brat and spaCy (Python's `str` indices) count.
pub fn char_offset(text: &str, offset: usize) -> usize {
    let offset = floor_boundary(text, offset.min(text.len()));
    text[..offset].chars().count()
}

/// The character offsets (as [`char_offset`] counts them) of many byte offsets of one text, in
/// one pass over it, so that a long text with many entities costs its length, not their product.
pub fn char_offsets(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![0; offsets.len()];
    let (mut byte, mut chars) = (0, 0);
    for i in order {
        let target = floor_boundary(text, offsets[i].min(text.len()));
        chars += text[byte..target].chars().count();
        byte = target;
        out[i] = chars;
    }
    out
}

/// The byte offset of a character offset of `text` in code points; `None` past the end.
pub fn byte_offset(text: &str, chars: usize) -> Option<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .nth(chars)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Draws below `n` from a small generator (xorshift, the same on every run).
    pub(crate) fn draws(mut state: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        }
    }

    /// A text of `len` pieces drawn by `next`.
    fn text_of(pieces: &[&str], len: usize, next: &mut impl FnMut(usize) -> usize) -> String {
        (0..len).map(|_| pieces[next(pieces.len())]).collect()
    }

    #[test]
    fn utf16_lengths_are_those_of_the_characters() {
        let pieces = [
            "a",
            " ",
            "\n",
            "é",
            "É",
            "œ",
            "’",
            "€",
            "\u{feff}",
            "😀",
            "𝄞",
            "\u{10ffff}",
        ];
        let mut next = draws(0x9e37_79b9_7f4a_7c15);
        for len in (0..400).chain([1_000, 1_016, 1_017, 3_000, 10_000]) {
            let text = text_of(&pieces, len, &mut next);
            let expected: usize = text.chars().map(char::len_utf16).sum();
            assert_eq!(utf16_len(&text), expected, "{text:?}");
            assert_eq!(measure(&text, Encoding::Utf16), expected);
        }
    }

    /// The line starts an incremental analysis gives (which the server's snapshots take) are
    /// those `LineIndex::new` finds, for every kind of terminator, a byte-order mark, an empty
    /// text and a terminator at the end, after each of a series of edits.
    #[test]
    fn the_analysis_line_starts_are_the_index_s() {
        use tamis_analysis::{config::Settings, ide::Analysis, Incremental};
        let settings = Arc::new(Settings::default());
        let mut parts = Incremental::new();
        let texts = [
            "",
            "\u{feff}",
            "\u{feff}\n",
            "a",
            "a\n",
            "a\r",
            "a\r\n",
            "\r\r\n\n\r",
            "\u{feff}ab\r\ncé\rd\n\n\r\nlast line é\n",
            "Titre\n\nUn paragraphe de texte.\r\nE-mail :\rx@example.org",
            "Titre\n\nUn paragraphe de texte.\r\nE-mail :\rx@example.org\r",
        ];
        for text in texts.iter().chain(texts.iter().rev()) {
            let analysis =
                Analysis::incremental(text.to_string(), settings.clone(), None, &mut parts);
            assert_eq!(
                analysis.line_starts().map(|s| &s[..]),
                Some(&LineIndex::new(text).starts[..]),
                "{text:?}"
            );
        }
    }

    /// The line starts found sixteen bytes at a time are those `tamis_analysis::terminator`
    /// cuts, one line after the other, for texts of every terminator, at every place among
    /// the sixteen bytes and across them.
    #[test]
    fn line_starts_are_those_of_the_terminators() {
        let by_terminators = |text: &str| {
            let mut starts = vec![bom_len(text)];
            let mut i = 0;
            while let Some((_, next)) = tamis_analysis::terminator(text.as_bytes(), i) {
                i = next;
                starts.push(i);
            }
            starts
        };
        let pieces = [
            "a",
            "é",
            "\n",
            "\r",
            "\r\n",
            "\n\r",
            "\u{feff}",
            "\t",
            "xxxxxxxxxxxxx",
        ];
        let mut next = draws(0x2545_f491_4f6c_dd1d);
        let mut lines = 0;
        for len in (0..200).chain([1_000, 5_000]) {
            for _ in 0..20 {
                let text = text_of(&pieces, len, &mut next);
                let expected = by_terminators(&text);
                lines += expected.len();
                assert_eq!(line_starts(&text), expected, "{text:?}");
            }
        }
        assert!(lines > 50_000, "{lines}");
    }

    /// A walk over offsets in order, back and forth, on one line and across lines, gives
    /// each the position `LineIndex::position` gives it, in both encodings.
    #[test]
    fn a_walk_gives_the_positions_of_the_index() {
        let pieces = [
            "a",
            "é",
            "😀",
            "\n",
            "\r",
            "\r\n",
            "\u{feff}",
            " ",
            "xxxxxxxxxx",
        ];
        let mut next = draws(0x9e37_79b9_7f4a_7c15);
        let mut measured = 0;
        for k in 0..2_000 {
            let len = next(60);
            let mut text = text_of(&pieces, len, &mut next);
            if k % 5 == 0 {
                text.insert(0, '\u{feff}');
            }
            let index = LineIndex::new(&text);
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                let mut walk = Walk::default();
                let mut offset = 0;
                for _ in 0..40 {
                    // Mostly forward by a little, sometimes back, sometimes past the end or
                    // inside a character.
                    offset = match next(8) {
                        0 => next(text.len() + 3),
                        1 => offset.saturating_sub(next(6)),
                        _ => offset + next(6),
                    };
                    let expected = index.position(&text, offset, encoding);
                    assert_eq!(
                        walk.position(&index, &text, offset, encoding),
                        expected,
                        "{text:?} at {offset}"
                    );
                    measured += 1;
                }
            }
        }
        assert!(measured > 100_000, "{measured}");
    }

    /// Searched from any line, before or after its own, an offset's line is `line_of`'s.
    #[test]
    fn line_of_after_any_hint_is_line_of() {
        let text = "\u{feff}ab\r\ncé\rd\n\n\r\nlast line é\n".repeat(3);
        let index = LineIndex::new(&text);
        let lines = index.starts.len();
        for offset in 0..=text.len() + 2 {
            let line = index.line_of(&text, offset);
            for hint in 0..lines + 2 {
                assert_eq!(
                    index.line_of_after(&text, offset, hint),
                    line,
                    "offset {offset}, hint {hint}"
                );
            }
        }
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_skips_the_bom() {
        let t = "\u{feff}é😀x\r\nœ\ry";
        let idx = LineIndex::new(t);
        let x = t.find('x').unwrap();
        assert_eq!(
            idx.position(t, x, Encoding::Utf16),
            Position {
                line: 0,
                character: 3
            }
        );
        assert_eq!(
            idx.position(t, x, Encoding::Utf8),
            Position {
                line: 0,
                character: 6
            }
        );
        let y = t.find('y').unwrap();
        assert_eq!(
            idx.position(t, y, Encoding::Utf16),
            Position {
                line: 2,
                character: 0
            }
        );
        assert_eq!(
            idx.offset(
                t,
                Position {
                    line: 0,
                    character: 3
                },
                Encoding::Utf16
            ),
            x
        );
        // Past the end of a line: the line's end, before its terminator.
        assert_eq!(
            idx.offset(
                t,
                Position {
                    line: 0,
                    character: 99
                },
                Encoding::Utf16
            ),
            x + 1
        );
        // Inside a surrogate pair: the pair's start.
        assert_eq!(
            idx.offset(
                t,
                Position {
                    line: 0,
                    character: 2
                },
                Encoding::Utf16
            ),
            5
        );
        let rope = Rope::from_str(t);
        for off in [0, 3, 5, x, y, t.len()] {
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let p = idx.position(t, off, enc);
                assert_eq!(rope_position(&rope, off, enc), p, "offset {off}");
                assert_eq!(rope_offset(&rope, p, enc), idx.offset(t, p, enc));
            }
        }
    }

    #[test]
    fn character_offsets_of_annotation_tools() {
        let text = "\u{feff}a😀e\u{301}\r\nb";
        let b = text.find('b').unwrap();
        assert_eq!(char_offset(text, b), 7);
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(byte_offset(text, char_offset(text, i)), Some(i));
        }
        assert_eq!(byte_offset(text, 8), Some(text.len()));
        let offsets = [text.len(), 0, 4, 99, 4, 1];
        let one_by_one: Vec<usize> = offsets.iter().map(|&o| char_offset(text, o)).collect();
        assert_eq!(char_offsets(text, &offsets), one_by_one);
        assert_eq!(byte_offset(text, 9), None);
    }
}
