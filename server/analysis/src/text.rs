//! Line splitting and line normalisation shared by the rules.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the Language Server Protocol says. A byte-order
//! mark at the start of the text belongs to no line: line 0 starts after it, but every offset
//! still counts it, so that edits apply to the file's bytes.

/// One line of a text, by byte offsets into it.
///
/// 16 bytes: where its content starts in memory, its length, and its start in the text with the
/// length of its terminator packed in the top two bits, rather than the content as a `&str`
/// beside the start (24 bytes) or three offsets beside the content (40). A document keeps one
/// per line, 2.7 million for a 100 MB file: 43 MB rather than 65. Hence a text of at most
/// [`MAX_TEXT_LEN`] bytes: [`Line::new`] (and [`lines`]) refuse a longer one with a panic, and
/// `tamis` reads no file whose text is longer (the server's messages are smaller still).
#[derive(Clone, Copy)]
pub struct Line<'a> {
    /// The first byte of the content, in a `&'a str` (the content is `len` bytes from here).
    ptr: std::ptr::NonNull<u8>,
    /// The content's length in bytes.
    len: u32,
    /// The offset of the first byte, and in the two top bits the terminator's length (0, 1 or 2).
    start_and_terminator: u32,
    /// The content is borrowed from the text, as a `&'a str`.
    text: std::marker::PhantomData<&'a str>,
}

// SAFETY: a `Line` is a `&'a str` (its pointer and length, from one) and two numbers: it is
// `Send` and `Sync` as a `&str` is (the bytes are never written through it).
unsafe impl Send for Line<'_> {}
// SAFETY: as for `Send`.
unsafe impl Sync for Line<'_> {}

/// The longest text whose lines [`Line`] can hold: its offsets are 30-bit numbers (1 GiB less a
/// byte).
pub const MAX_TEXT_LEN: usize = START_MASK as usize;

/// Where the terminator's length sits in [`Line::start_and_terminator`].
const TERMINATOR_SHIFT: u32 = u32::BITS - 2;
const START_MASK: u32 = (1 << TERMINATOR_SHIFT) - 1;

impl<'a> Line<'a> {
    /// The line of `text` (its content) starting at `start`, ended by a terminator of
    /// `terminator` bytes (0 for a last line without one, 1 or 2).
    ///
    /// # Panics
    /// When the line ends past [`MAX_TEXT_LEN`]: its offsets would not fit.
    pub fn new(text: &'a str, start: usize, terminator: usize) -> Line<'a> {
        assert!(
            start + text.len() + terminator <= MAX_TEXT_LEN,
            "a line ending past {MAX_TEXT_LEN} bytes: tamis reads texts of at most 1 GiB"
        );
        debug_assert!(terminator <= 2);
        Line {
            ptr: std::ptr::NonNull::from(text.as_bytes()).cast(),
            // Both fit: checked above.
            len: text.len() as u32,
            start_and_terminator: start as u32 | (terminator as u32) << TERMINATOR_SHIFT,
            text: std::marker::PhantomData,
        }
    }

    /// The content, without its terminator.
    #[inline]
    pub fn text(&self) -> &'a str {
        // SAFETY: `ptr` and `len` are those of a `&'a str` (`Line::new`, the one constructor,
        // checks that its length fits in `len`): the bytes are valid UTF-8, live for `'a` and
        // are not written while they are borrowed.
        unsafe {
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(
                self.ptr.as_ptr(),
                self.len as usize,
            ))
        }
    }

    /// Offset of the line's first byte.
    #[inline]
    pub fn start(&self) -> usize {
        (self.start_and_terminator & START_MASK) as usize
    }

    /// Offset just past the line's content, before its terminator.
    #[inline]
    pub fn end(&self) -> usize {
        self.start() + self.len as usize
    }

    /// Offset just past the terminator (equal to `end` on a last line without one).
    #[inline]
    pub fn next(&self) -> usize {
        self.end() + (self.start_and_terminator >> TERMINATOR_SHIFT) as usize
    }

    /// The content with surrounding white space removed.
    pub fn trimmed(&self) -> &'a str {
        // A line that starts and ends with a printable ASCII character (most lines) has no
        // white space at either end: no character is decoded from either end (every line is
        // asked, several times).
        let text = self.text();
        match (text.as_bytes().first(), text.as_bytes().last()) {
            (Some(b'!'..=b'~'), Some(b'!'..=b'~')) => text,
            _ => text.trim(),
        }
    }

    /// True when the line holds nothing but white space.
    pub fn is_blank(&self) -> bool {
        // A line that starts with a printable ASCII character (most lines) is not blank: no
        // trimming from both ends (every line is asked, several times).
        let text = self.text();
        match text.as_bytes().first() {
            Some(b'!'..=b'~') => false,
            _ => text.trim().is_empty(),
        }
    }
}

/// Lines are equal when their contents, starts and terminators are (as they were when a line
/// held its content as a `&str`).
impl PartialEq for Line<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.start_and_terminator == other.start_and_terminator && self.text() == other.text()
    }
}

impl Eq for Line<'_> {}

impl std::fmt::Debug for Line<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Line")
            .field("start", &self.start())
            .field("end", &self.end())
            .field("next", &self.next())
            .field("text", &self.text())
            .finish()
    }
}

/// The byte length of a leading byte-order mark, 0 or 3.
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

/// Splits a text into lines. An empty text has no lines; a text ending with a terminator has no
/// empty last line.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    if text.len() > COUNT_LINES_FROM {
        return lines_about(text, line_count(text));
    }
    lines_about(text, text.len() / 48 + 1)
}

/// The length from which [`lines`] counts the lines before it splits them: a vector that grows
/// past its room holds both blocks while it copies (a 107 MB text of 2.7 million lines, 48
/// bytes a line guessed: 53 MB copied into a block of 106 MB, the peak of `tamis check` on it).
/// Counting is one pass of `memchr`, about 1 % of the analysis.
const COUNT_LINES_FROM: usize = 1 << 20;

/// How many lines [`line_iter`] gives: one per terminator (`\r\n` counting once), and the
/// last line if no terminator ends it.
fn line_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let feeds = memchr::memchr_iter(b'\n', bytes).count();
    let returns = memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .count();
    let unended = !matches!(bytes.last(), None | Some(b'\n' | b'\r'));
    feeds + returns + usize::from(unended)
}

/// [`lines`] of a text of about `count` lines (the last text's, after a keystroke): a vector
/// that grows past its room copies every line again (7 MB for the 181,000 lines of the damaged
/// document of the server's benchmark).
pub fn lines_about(text: &str, count: usize) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(count);
    out.extend(line_iter(text));
    out
}

/// The first line terminator at or after `start` (`\n`, `\r` or `\r\n`): where it starts and
/// where the next line starts; `None` when the text ends first. The one place the project's line
/// splitters (the analysis's lines, the server's line index, the fix's diff) read a terminator.
#[inline]
pub fn terminator(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    let end = start + memchr::memchr2(b'\n', b'\r', &bytes[start..])?;
    let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
        end + 2
    } else {
        end + 1
    };
    Some((end, next))
}

/// The lines of [`lines`] one at a time, for a pass that keeps none of them: on a 100 MB text the
/// vector alone is about 90 MB.
///
/// The terminators are found sixteen bytes at a time, as the bits of a mask that the lines
/// after take in turn, rather than by a `memchr2` per line: a line of a release is some sixty
/// bytes, and a vector search started again for each was about 150 instructions a line, 2 %
/// of `tamis check` on a corpus of releases.
pub fn line_iter(text: &str) -> impl Iterator<Item = Line<'_>> {
    let start = bom_len(text);
    let (base, mask) = next_terminators(text.as_bytes(), 0).unwrap_or((text.len(), 0));
    LineIter {
        text,
        start,
        base,
        mask,
    }
}

/// The state of [`line_iter`].
struct LineIter<'a> {
    text: &'a str,
    /// Where the next line starts (past the text's end when the last one was given).
    start: usize,
    /// The offset of the sixteen bytes `mask` was taken from.
    base: usize,
    /// The terminator bytes (`\n`, `\r`) from `base` not yet taken, as bits, the lowest for
    /// the byte at `base`.
    mask: u32,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = Line<'a>;

    #[inline]
    fn next(&mut self) -> Option<Line<'a>> {
        let bytes = self.text.as_bytes();
        loop {
            while self.mask != 0 {
                let end = self.base + self.mask.trailing_zeros() as usize;
                self.mask &= self.mask - 1;
                // (The `\n` of a `\r\n` taken with its `\r`: no terminator of a line to
                // come.)
                if end < self.start {
                    continue;
                }
                let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                    end + 2
                } else {
                    end + 1
                };
                let line = Line::new(&self.text[self.start..end], self.start, next - end);
                self.start = next;
                return Some(line);
            }
            match next_terminators(bytes, self.base + TERMINATOR_CHUNK) {
                Some((base, mask)) => (self.base, self.mask) = (base, mask),
                None => {
                    // The last line, which no terminator ends.
                    let start = self.start;
                    self.start = usize::MAX;
                    self.base = usize::MAX - TERMINATOR_CHUNK;
                    return (start < bytes.len()).then(|| Line::new(&self.text[start..], start, 0));
                }
            }
        }
    }
}

/// The bytes [`next_terminators`] reads at once.
const TERMINATOR_CHUNK: usize = 16;

/// The first sixteen bytes from `from` on (by steps of sixteen) that hold a `\n` or a `\r`
/// (fewer at the end): their offset, and their terminator bytes as the bits of a mask, the
/// lowest for the byte at the offset; `None` when the text holds no more.
#[inline]
fn next_terminators(bytes: &[u8], from: usize) -> Option<(usize, u32)> {
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(TERMINATOR_CHUNK);
    let mut base = from;
    for chunk in &mut chunks {
        let mask = terminators_of(chunk.try_into().expect("sixteen bytes"));
        if mask != 0 {
            return Some((base, mask));
        }
        base += TERMINATOR_CHUNK;
    }
    let mask = chunks
        .remainder()
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n' || b == b'\r')
        .fold(0, |mask, (k, _)| mask | 1 << k);
    (mask != 0).then_some((base, mask))
}

/// The `\n` and `\r` of sixteen bytes, as the bits of the result, the lowest for `chunk[0]`.
#[inline]
fn terminators_of(chunk: &[u8; TERMINATOR_CHUNK]) -> u32 {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the build enables SSE2 (every x86_64 processor has it), the one target
        // feature `terminators_sse2` needs.
        unsafe { terminators_sse2(chunk) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    chunk
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n' || b == b'\r')
        .fold(0, |mask, (k, _)| mask | 1 << k)
}

/// [`terminators_of`] with SSE2.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn terminators_sse2(chunk: &[u8; TERMINATOR_CHUNK]) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: the sixteen bytes of `chunk` are read, unaligned, as one vector.
    let v = unsafe { _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>()) };
    let found = _mm_or_si128(
        _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8)),
        _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8)),
    );
    _mm_movemask_epi8(found) as u32 & 0xffff
}

/// A 64-bit key for a line after normalisation: surrounding white space removed, inner runs of
/// white space collapsed to one space, letters lower-cased and every digit read as `0`. Two lines
/// that differ only in these respects get the same key. Computed without allocating.
pub fn line_key(line: &str) -> u64 {
    key_of(line, Fnv::new(), true)
}

/// A key for a line with its digits kept (the other normalisations of [`line_key`] still apply),
/// for lines that hold digits: it tells a line that recurs word for word (`- 2030 AGENDA`) from
/// one whose numbers change from document to document (`01/16/2017 - 14:13`). Its hashing starts
/// from a byte no UTF-8 text holds, so it never equals a [`line_key`].
#[cfg(test)]
pub fn line_key_exact(line: &str) -> u64 {
    let mut hasher = Fnv::new();
    hasher.write_byte(0xff);
    key_of(line, hasher, false)
}

/// Both keys of a line, from one pass over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineKeys {
    /// [`line_key`].
    pub key: u64,
    /// [`line_key_exact`], for a line that holds a digit ([`has_digit`]); `None` otherwise.
    pub exact: Option<u64>,
}

/// For ASCII bytes that are neither white space (as `char::is_whitespace` reads ASCII) nor
/// digits, their lower case: what [`line_keys`] hashes, one after the other; 0 for the other
/// bytes. One load per byte both tests and lower-cases it.
const PLAIN_ASCII_LOWER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x80 {
        let plain = !(b == b' ' as usize
            || (b >= b'\t' as usize && b <= b'\r' as usize)
            || (b >= b'0' as usize && b <= b'9' as usize));
        if plain {
            t[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// [`line_key`], and [`line_key_exact`] when the line holds a digit, in one pass: the corpus
/// model hashes every line of every document twice (when learning and when checking), and the
/// two byte-serial FNV chains interleaved cost little more than one. A line with no ASCII digit
/// (two thirds of the bytes of the reference releases) is hashed into [`line_key`] alone, as its
/// exact key is `None`; one with a digit of another script only (`²`, `٣`) is hashed again with
/// both chains when the digit is met.
pub fn line_keys(line: &str) -> LineKeys {
    if !has_ascii_digit(line.as_bytes()) {
        if let Some(key) = hash_line::<false>(line) {
            return key;
        }
    }
    hash_line::<true>(line).expect("the exact chain reads any line")
}

/// Whether `bytes` holds an ASCII digit, read 32 bytes at a time with no early exit inside
/// them (the compiler compares them all at once).
fn has_ascii_digit(bytes: &[u8]) -> bool {
    let digit = |a: bool, x: &u8| a | (x.wrapping_sub(b'0') < 10);
    let chunks = bytes.chunks_exact(32);
    let rest = chunks.remainder();
    chunks.into_iter().any(|c| c.iter().fold(false, digit)) || rest.iter().fold(false, digit)
}

/// The two FNV chains of [`line_keys`]; with `EXACT` false, the first one alone.
struct Chains<const EXACT: bool> {
    key: Fnv,
    exact: Fnv,
}

impl<const EXACT: bool> Chains<EXACT> {
    /// A byte both keys take.
    fn both(&mut self, b: u8) {
        self.key.write_byte(b);
        if EXACT {
            self.exact.write_byte(b);
        }
    }

    fn both_char(&mut self, c: char) {
        self.key.write_char(c);
        if EXACT {
            self.exact.write_char(c);
        }
    }
}

/// The pass of [`line_keys`]: with `EXACT`, both keys; without, the key alone (`exact: None`),
/// or `None` as soon as the line shows a digit, which calls for the exact key.
fn hash_line<const EXACT: bool>(line: &str) -> Option<LineKeys> {
    let mut h = Chains::<EXACT> {
        key: Fnv::new(),
        exact: Fnv::new(),
    };
    h.exact.write_byte(0xff);
    let mut digit = false;
    let mut pending_space = false;
    let mut any = false;
    // No `trim`: white space before the first character sets only `pending_space`, which a
    // space is written for only after a character; white space at the end is never written.
    let trimmed = line;
    let bytes = trimmed.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            // `char::is_whitespace` on ASCII.
            if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                pending_space = true;
                continue;
            }
            if pending_space && any {
                h.both(b' ');
            }
            pending_space = false;
            any = true;
            if b.is_ascii_digit() {
                if !EXACT {
                    return None;
                }
                digit = true;
                h.key.write_byte(b'0');
                h.exact.write_byte(b);
                continue;
            }
            // The rest of a run of ASCII bytes that are neither white space nor digits (most of
            // a line): both keys take their lower case, with no other test between bytes.
            h.both(b.to_ascii_lowercase());
            while let Some(&n) = bytes.get(i) {
                let l = PLAIN_ASCII_LOWER[usize::from(n)];
                if l == 0 {
                    break;
                }
                h.both(l);
                i += 1;
            }
            continue;
        }
        let c = trimmed[i..].chars().next().expect("inside the string");
        i += c.len_utf8();
        let latin1 = (c as u32) < 0x100;
        // (A sign of U+2010 to U+205E is written as it is, as a sign of ASCII is.)
        let sign = !latin1 && latin1::is_plain_punctuation(c);
        if sign {
            if pending_space && any {
                h.both(b' ');
            }
            pending_space = false;
            any = true;
            h.both_char(c);
            continue;
        }
        if latin1 && latin1::is_whitespace(c) || !latin1 && c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && any {
            h.both(b' ');
        }
        pending_space = false;
        any = true;
        let numeric = if latin1 {
            latin1::is_numeric(c)
        } else {
            c.is_numeric()
        };
        if numeric && !EXACT {
            return None;
        }
        if latin1 {
            let l = latin1::to_lowercase(c);
            if numeric {
                digit = true;
                h.key.write_byte(b'0');
                h.exact.write_char(l);
            } else {
                h.both_char(l);
            }
            continue;
        }
        if numeric {
            digit = true;
            h.key.write_byte(b'0');
        }
        for l in c.to_lowercase() {
            if numeric {
                h.exact.write_char(l);
            } else {
                h.both_char(l);
            }
        }
    }
    Some(LineKeys {
        key: h.key.finish(),
        exact: digit.then(|| h.exact.finish()),
    })
}

/// The character properties the rules ask most, for the characters below U+0100, without the
/// Unicode tables: the accented letters of French, Spanish, German, Italian and Portuguese are
/// most of the non-ASCII characters of these texts, and `char`'s own methods look each one up
/// in a table. Each agrees with `char`'s method (a test compares them on every character).
pub(crate) mod latin1 {
    /// `c.is_alphanumeric()`, for `c` below U+0100.
    #[inline]
    pub fn is_alphanumeric(c: char) -> bool {
        c.is_ascii_alphanumeric()
            || matches!(c, 'ª' | 'µ' | 'º' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ')
            || is_numeric(c)
    }

    /// `c.is_numeric()`, for `c` below U+0100.
    #[inline]
    pub fn is_numeric(c: char) -> bool {
        c.is_ascii_digit() || matches!(c, '²' | '³' | '¹' | '¼'..='¾')
    }

    /// The signs of General Punctuation (dashes, quotes, `…`, `‰`, `※`, U+2010 to U+2027 and
    /// U+2030 to U+205E), which French typography puts in most lines (`l’OIM`, `–`): neither
    /// white space, nor letters or digits, and their own lower case, like the signs of ASCII.
    /// (The white space of the block, U+2000 to U+200A, U+2028, U+2029, U+202F and U+205F, and
    /// its invisible characters are not among them.) Read by comparisons where `char`'s
    /// methods look each one up in Unicode's tables.
    #[inline]
    pub fn is_plain_punctuation(c: char) -> bool {
        matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}')
    }

    /// `c.is_whitespace()`, for `c` below U+0100.
    #[inline]
    pub fn is_whitespace(c: char) -> bool {
        matches!(c, ' ' | '\t'..='\r' | '\u{85}' | '\u{a0}')
    }

    /// The one character of `c.to_lowercase()`, for `c` below U+0100.
    #[inline]
    pub fn to_lowercase(c: char) -> char {
        match c {
            'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from(c as u8 + 32),
            _ => c,
        }
    }
}

/// True when a line holds a digit (of any script).
pub fn has_digit(line: &str) -> bool {
    line.chars().any(char::is_numeric)
}

fn key_of(line: &str, mut hasher: Fnv, zero_digits: bool) -> u64 {
    let mut pending_space = false;
    let mut any = false;
    let trimmed = line.trim();
    let bytes = trimmed.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII, the common case, byte by byte; anything else by character. Both feed the same
        // bytes to the hasher as the character-wise normalisation would.
        let (c, len) = if b < 0x80 {
            (b as char, 1)
        } else {
            let c = trimmed[i..].chars().next().expect("inside the string");
            (c, c.len_utf8())
        };
        i += len;
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && any {
            hasher.write_byte(b' ');
        }
        pending_space = false;
        any = true;
        if c.is_ascii() {
            hasher.write_byte(if zero_digits && b.is_ascii_digit() {
                b'0'
            } else {
                b.to_ascii_lowercase()
            });
        } else if zero_digits && c.is_numeric() {
            hasher.write_byte(b'0');
        } else {
            for l in c.to_lowercase() {
                hasher.write_char(l);
            }
        }
    }
    hasher.finish()
}

/// FNV-1a, 64 bits: stable across runs and platforms, so keys can be written to model files.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write_byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }

    fn write_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            self.write_byte(b);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The largest char boundary of `text` at or before `i`.
pub fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `s` with its runs of white space made single spaces, and trimmed (as `split_whitespace`
/// then `join(" ")`, in one pass).
pub fn collapse(s: &str) -> String {
    // Most names are written on one line with single spaces: copied as they are. Bytes that may
    // start other white space than the ASCII space (a line break, a tab, U+00A0, U+2009 …; not
    // the `’` of `l’OIM`) take the general way.
    let b = s.as_bytes();
    let other_space = |k: usize| match b[k] {
        b'\t'..=b'\r' | 0x1c..=0x1f | 0xc2 | 0xe1 | 0xe3 => true,
        // U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F.
        0xe2 => matches!(
            (b.get(k + 1), b.get(k + 2)),
            (Some(0x80), Some(0x80..=0x8a | 0xa8 | 0xa9 | 0xaf)) | (Some(0x81), Some(0x9f))
        ),
        _ => false,
    };
    let plain = b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && !b.windows(2).any(|w| w == b"  ")
        && !(0..b.len()).any(other_space);
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A rough guess that a text is French: its commonest function words outnumber those of English
/// and Spanish.
pub fn looks_french(text: &str) -> bool {
    // The words of each language, counted as `memmem` would count ` le ` and the others one
    // by one (without overlap: ` le le ` holds one), in one pass over the spaces of the text
    // rather than seventeen passes over all of it.
    const WORDS: [&[&str]; 3] = [
        &["le", "la", "les", "des", "et", "du", "est"],
        &["the", "and", "of", "is", "to"],
        &["el", "los", "las", "y", "del"],
    ];
    let bytes = text.as_bytes();
    let mut counts = [0usize; 3];
    // Where the last match of each word ended, to count without overlap.
    let mut ends = [[0usize; 7]; 3];
    // A word of one to three bytes, packed as `u32::from_le_bytes` packs it (zeros after it).
    const fn w(word: &[u8]) -> u32 {
        let mut packed = 0;
        let mut i = 0;
        while i < word.len() {
            packed |= (word[i] as u32) << (8 * i);
            i += 1;
        }
        packed
    }
    for_each_space_before_a_short_word(bytes, |p| {
        // The four bytes after the space in one integer (zeros past the end of the text), and
        // the word before the next space among them: one `match` on an integer per space
        // rather than comparisons of slices.
        let after = match bytes.get(p + 1..p + 5) {
            Some(four) => u32::from_le_bytes(four.try_into().expect("four bytes")),
            None => bytes[p + 1..]
                .iter()
                .rev()
                .fold(0, |packed, &b| packed << 8 | u32::from(b)),
        };
        // The first space among them (the bytes past them are not zero: no false space).
        let spaces = zero_bytes(u64::from(after ^ 0x2020_2020) | 0xffff_ffff_0000_0000);
        if spaces == 0 {
            return;
        }
        let len = (spaces.trailing_zeros() / 8) as usize;
        let word = after & ((1u64 << (8 * len)) - 1) as u32;
        // The words of `WORDS` are each in one language.
        const LE: u32 = w(b"le");
        const LA: u32 = w(b"la");
        const LES: u32 = w(b"les");
        const DES: u32 = w(b"des");
        const ET: u32 = w(b"et");
        const DU: u32 = w(b"du");
        const EST: u32 = w(b"est");
        const THE: u32 = w(b"the");
        const AND: u32 = w(b"and");
        const OF: u32 = w(b"of");
        const IS: u32 = w(b"is");
        const TO: u32 = w(b"to");
        const EL: u32 = w(b"el");
        const LOS: u32 = w(b"los");
        const LAS: u32 = w(b"las");
        const Y: u32 = w(b"y");
        const DEL: u32 = w(b"del");
        let (lang, k) = match word {
            LE => (0, 0),
            LA => (0, 1),
            LES => (0, 2),
            DES => (0, 3),
            ET => (0, 4),
            DU => (0, 5),
            EST => (0, 6),
            THE => (1, 0),
            AND => (1, 1),
            OF => (1, 2),
            IS => (1, 3),
            TO => (1, 4),
            EL => (2, 0),
            LOS => (2, 1),
            LAS => (2, 2),
            Y => (2, 3),
            DEL => (2, 4),
            _ => return,
        };
        debug_assert_eq!(WORDS[lang][k].as_bytes(), &bytes[p + 1..p + 1 + len]);
        if p >= ends[lang][k] {
            counts[lang] += 1;
            ends[lang][k] = p + len + 2;
        }
    });
    let [fr, en, es] = counts;
    fr > 0 && fr >= en && fr >= es
}

/// Calls `f` with the position of each space of `bytes` followed by another two, three or four
/// bytes later (before a word of one to three bytes: every word [`looks_french`] counts), and
/// with some other spaces, in order. Sixteen bytes at a time with SSE2, their spaces and those
/// four bytes later compared at once: a space before a longer word (most of them) is let go
/// without a call; the last bytes, and other processors, [`for_each_space`].
fn for_each_space_before_a_short_word(bytes: &[u8], mut f: impl FnMut(usize)) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        let mut base = 0;
        while let Some(window) = bytes.get(base..base + 20) {
            // SAFETY: the build enables SSE2 (every x86_64 processor has it), the one target
            // feature `spaces_before_short_words_sse2` needs.
            let mut found = unsafe { spaces_before_short_words_sse2(window) };
            while found != 0 {
                f(base + found.trailing_zeros() as usize);
                found &= found - 1;
            }
            base += 16;
        }
        for_each_space(&bytes[base..], |p| f(base + p));
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    for_each_space(bytes, &mut f);
}

/// The spaces of `window[..16]` (of 20 bytes) followed by another two, three or four bytes
/// later, as the bits of the result, the lowest for `window[0]`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn spaces_before_short_words_sse2(window: &[u8]) -> u32 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8, _mm_set_epi64x};
    let window: &[u8; 20] = window.try_into().expect("twenty bytes");
    // The spaces of the sixteen bytes from `window[k]`, as the bits of the result.
    let spaces_from = |k: usize| {
        let half = |h: usize| i64::from_le_bytes(window[h..h + 8].try_into().expect("eight"));
        let sixteen = _mm_set_epi64x(half(k + 8), half(k));
        _mm_movemask_epi8(_mm_cmpeq_epi8(sixteen, _mm_set1_epi8(b' ' as i8))) as u32 & 0xffff
    };
    let here = spaces_from(0);
    let all = here | spaces_from(4) << 4;
    here & (all >> 2 | all >> 3 | all >> 4)
}

/// Calls `f` with the position of each space of `bytes`, in order: eight bytes at a time, a
/// zero-byte test on the bytes xor-ed with spaces (exact: no carry crosses a byte). Spaces are
/// one byte in six of a text; `memchr_iter` started a vector search again after each.
fn for_each_space(bytes: &[u8], mut f: impl FnMut(usize)) {
    const SPACES: u64 = 0x2020_2020_2020_2020;
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ SPACES;
        let mut zero = zero_bytes(x);
        while zero != 0 {
            f(base + (zero.trailing_zeros() / 8) as usize);
            zero &= zero - 1;
        }
        base += 8;
    }
    for (k, &b) in chunks.remainder().iter().enumerate() {
        if b == b' ' {
            f(base + k);
        }
    }
}

/// The words of `t` (runs of characters that are not white space), counted up to `most`: what
/// `t.split_whitespace().take(most).count()` says, in one pass that stops at the start of the
/// `most`th word. (Sixteen bytes at a time, or eight, while none of them may start a white-space
/// character past ASCII; only the eight bytes that hold one are read a character at a time.)
#[inline]
pub(crate) fn count_words(t: &str, most: usize) -> usize {
    if most == 0 {
        return 0;
    }
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let each = |x: u8| u64::from_le_bytes([x; 8]);
    let b = t.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < b.len() {
        // Sixteen bytes at once, when none of them may start white space past ASCII.
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        if let Some(spaces) = b.get(i..i + 16).and_then(|s| {
            // SAFETY: the build enables SSE2 (every x86_64 processor has it), the one target
            // feature `ascii_spaces_sse2` needs.
            unsafe { ascii_spaces_sse2(s.try_into().expect("sixteen bytes")) }
        }) {
            // A word starts at a byte that is no space after one that is (or before `i`,
            // none).
            let before = spaces << 1 | u32::from(!in_word);
            words += (!spaces & before & 0xffff).count_ones() as usize;
            if words >= most {
                return most;
            }
            in_word = spaces >> 15 == 0;
            i += 16;
            continue;
        }
        let eight = b
            .get(i..i + 8)
            .map(|e| u64::from_le_bytes(e.try_into().expect("eight bytes")));
        // White space past ASCII (U+0085, U+00A0, U+1680, U+2000 to U+205F, U+3000) starts with
        // the byte C2, E1, E2 or E3: eight bytes without such a byte (nor E0, tested with them)
        // hold no white space but their ASCII bytes. The others past ASCII are in a word:
        // continuation bytes (those of a character that is no white space, as the character's
        // first byte was read here or below) and the first bytes of other characters.
        if let Some(w) = eight.filter(|&w| {
            w & HIGH == 0
                || zero_bytes(w ^ each(0xc2)) | zero_bytes((w & each(0xfc)) ^ each(0xe0)) == 0
        }) {
            // The high bit of each white-space byte (a space, or `\t` to `\r`, from 9 to 13)
            // among the ASCII ones: exact, as the seven low bits of a byte plus at most 0x77
            // carry out of none.
            let low = w & !HIGH;
            let spaces = (zero_bytes(low ^ each(b' '))
                | ((low + each(0x80 - 9)) & !(low + each(0x80 - 14))))
                & !w
                & HIGH;
            // A word starts at a byte that is no space after one that is (or before `i`, none).
            let before = spaces << 8 | if in_word { 0 } else { 0x80 };
            let starts = !spaces & before & HIGH;
            words += ((starts >> 7).wrapping_mul(each(1)) >> 56) as usize;
            if words >= most {
                return most;
            }
            in_word = spaces >> 63 == 0;
            i += 8;
            continue;
        }
        // These eight bytes (or the last few) a character at a time.
        let end = (i + 8).min(b.len());
        while i < end {
            let space = match b[i] {
                x @ 0..=0x7f => {
                    i += 1;
                    x == b' ' || (b'\t'..=b'\r').contains(&x)
                }
                // A continuation byte here is one of a character whose first byte the eight
                // bytes before read: no white space.
                0x80..=0xbf => {
                    i += 1;
                    false
                }
                _ => {
                    let c = t[i..].chars().next().expect("a character starts here");
                    i += c.len_utf8();
                    c.is_whitespace()
                }
            };
            if !space && !in_word {
                words += 1;
                if words == most {
                    return most;
                }
            }
            in_word = !space;
        }
    }
    words
}

/// The white space of sixteen bytes (a space, or `\t` to `\r`), as the bits of the result, the
/// lowest for `chunk[0]`; `None` when one of them may start white space past ASCII (C2, E1,
/// E2, E3, and E0 tested with them: see [`count_words`]).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn ascii_spaces_sse2(chunk: &[u8; 16]) -> Option<u32> {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_set_epi64x, _mm_sub_epi8,
    };
    let half = |h: usize| i64::from_le_bytes(chunk[h..h + 8].try_into().expect("eight"));
    let v = _mm_set_epi64x(half(8), half(0));
    let byte = |x: u8| _mm_set1_epi8(x as i8);
    let starts_past_ascii = _mm_or_si128(
        _mm_cmpeq_epi8(v, byte(0xc2)),
        _mm_cmpeq_epi8(_mm_and_si128(v, byte(0xfc)), byte(0xe0)),
    );
    if _mm_movemask_epi8(starts_past_ascii) != 0 {
        return None;
    }
    // `\t` to `\r`: the byte less 9 is at most 4, as unsigned bytes.
    let less_nine = _mm_sub_epi8(v, byte(9));
    let controls = _mm_cmpeq_epi8(_mm_min_epu8(less_nine, byte(4)), less_nine);
    let spaces = _mm_or_si128(_mm_cmpeq_epi8(v, byte(b' ')), controls);
    Some(_mm_movemask_epi8(spaces) as u32 & 0xffff)
}

/// The high bit of each byte of `x` that is zero, and no other bit: exact, as no carry crosses
/// a byte (`(b & 0x7f) + 0x7f` is at most 0xfe). Its lowest set bit is in the first zero byte
/// of bytes read by `u64::from_le_bytes`.
pub(crate) fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Whether `t` holds an `@`: what `t.contains('@')` answers, with the `memchr` crate's vector
/// search rather than the standard library's word-at-a-time one (it is asked of most lines of
/// every text by several rules).
pub(crate) fn has_at_sign(t: &str) -> bool {
    memchr::memchr(b'@', t.as_bytes()).is_some()
}

/// True when `offset` is preceded by a character that can continue a word.
pub fn word_before(text: &str, offset: usize) -> bool {
    text[..offset]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// A hasher for keys that are already hashes (line keys): it passes them through.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Builds [`KeyHasher`]s.
pub type KeyHash = std::hash::BuildHasherDefault<KeyHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_count_is_the_number_of_lines() {
        let pieces = [
            "a", "é", " ", "\n", "\r", "\r\n", "\n\r", "\u{2028}", "\u{85}",
        ];
        let mut texts = crate::testing::texts_of_pieces(&pieces, 3000, 12);
        texts.extend(crate::tests::corpora());
        for text in texts {
            assert_eq!(line_count(&text), line_iter(&text).count(), "{text:?}");
        }
    }

    #[test]
    fn has_at_sign_answers_as_contains() {
        let pieces = [
            "@",
            "\u{ff20}",
            "a",
            "é",
            " ",
            "\n",
            "x@y.org",
            "une ligne sans arobase",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 5_000, 40);
        let with = texts.iter().filter(|t| t.contains('@')).count();
        for t in &texts {
            assert_eq!(has_at_sign(t), t.contains('@'), "{t:?}");
        }
        assert!(with > 1_000 && with < 4_900, "{with}");
    }

    /// `count_words` counts as `split_whitespace` does, up to each bound, on generated texts
    /// of ASCII runs, Unicode spaces and wider characters.
    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let pieces = [
            "mot",
            "a",
            " ",
            "  ",
            "\t",
            "\n",
            "\u{b}",
            "\u{c}",
            "\r",
            "\u{a0}",
            "\u{85}",
            "\u{2003}",
            "é",
            "œuvre",
            "\u{1f600}",
            "un-long-mot-ascii",
            "deux mots",
            // Characters past ASCII whose first byte is that of white space past ASCII (C2,
            // E1, E2, E3) or near it (E0, C3), and the other white space past ASCII.
            "«",
            "\u{2019}",
            "\u{1000}",
            "\u{800}",
            "\u{3001}",
            "ü",
            "\u{1680}",
            "\u{2028}",
            "\u{205f}",
            "\u{3000}",
            "\u{200b}",
            "longmotascii",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 20_000, 40);
        let mut draws = crate::testing::Draws(0x2545_f491_4f6c_dd1d);
        let mut many = 0;
        for t in &texts {
            let all = t.split_whitespace().count();
            many += usize::from(all >= 8);
            assert_eq!(count_words(t, usize::MAX), all, "{t:?}");
            let most = draws.below(20);
            assert_eq!(
                count_words(t, most),
                t.split_whitespace().take(most).count(),
                "{t:?} {most}"
            );
        }
        assert!(many > 5_000, "{many}");
    }

    /// `looks_french` as it was written first: each word counted by `memmem`.
    fn looks_french_by_memmem(text: &str) -> bool {
        let count = |words: &[&str]| -> usize {
            words
                .iter()
                .map(|w| memchr::memmem::find_iter(text.as_bytes(), w.as_bytes()).count())
                .sum()
        };
        let fr = count(&[" le ", " la ", " les ", " des ", " et ", " du ", " est "]);
        let en = count(&[" the ", " and ", " of ", " is ", " to "]);
        let es = count(&[" el ", " los ", " las ", " y ", " del "]);
        fr > 0 && fr >= en && fr >= es
    }

    #[test]
    fn the_spaces_are_those_memchr_finds() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for len in 0..200 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    [b' ', b'a', 0x00, 0x20 ^ 0x80, 0xa0, b'!', 0x1f, 0xff][(state % 8) as usize]
                })
                .collect();
            let mut found = Vec::new();
            for_each_space(&bytes, |p| found.push(p));
            let expected: Vec<usize> = memchr::memchr_iter(b' ', &bytes).collect();
            assert_eq!(found, expected, "{bytes:?}");
        }
    }

    #[test]
    fn the_spaces_before_short_words_are_among_those_found() {
        // Every space followed by another two to four bytes later is found, and only spaces, in
        // order, in texts of words of every length, other white space and bytes past ASCII.
        let pieces = [
            " ", "  ", "a", "le", "les", "Est", "mots", "y", "é", "\u{a0}", "\t", "\n", "x.",
        ];
        let mut short = 0;
        for text in crate::testing::texts_of_pieces(&pieces, 3_000, 60) {
            let b = text.as_bytes();
            let mut found = Vec::new();
            for_each_space_before_a_short_word(b, |p| found.push(p));
            assert!(found.windows(2).all(|w| w[0] < w[1]), "{text:?}");
            assert!(found.iter().all(|&p| b[p] == b' '), "{text:?}");
            for p in memchr::memchr_iter(b' ', b) {
                if (2..=4).any(|k| b.get(p + k) == Some(&b' ')) {
                    short += 1;
                    assert!(found.contains(&p), "{text:?} at {p}");
                }
            }
        }
        assert!(short > 3_000, "{short}");
    }

    #[test]
    fn french_is_told_as_memmem_counts_words() {
        for t in [
            "",
            " le ",
            " le le le ",
            "the le the le the",
            " the the and of le la les des ",
            "Le chef et la sœur ont dit que les amis du village est là.",
            " y y y el el le la les ",
            "  le  the  ",
            "x le\tthe le\nla ",
        ] {
            assert_eq!(looks_french(t), looks_french_by_memmem(t), "{t:?}");
        }
    }

    #[test]
    fn latin1_properties_are_char_s() {
        for c in (0..0x100u32).filter_map(char::from_u32) {
            assert_eq!(latin1::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(latin1::is_numeric(c), c.is_numeric(), "{c:?}");
            assert_eq!(latin1::is_whitespace(c), c.is_whitespace(), "{c:?}");
            assert_eq!(
                c.to_lowercase().collect::<Vec<_>>(),
                [latin1::to_lowercase(c)],
                "{c:?}"
            );
        }
    }

    #[test]
    fn plain_punctuation_is_what_char_s_methods_say() {
        let mut plain = 0;
        for c in (0..=0x10_ffffu32).filter_map(char::from_u32) {
            if !latin1::is_plain_punctuation(c) {
                continue;
            }
            plain += 1;
            assert!(!c.is_whitespace() && !c.is_alphanumeric(), "{c:?}");
            assert!(!c.is_numeric() && !c.is_alphabetic(), "{c:?}");
            assert_eq!(c.to_lowercase().collect::<Vec<_>>(), [c], "{c:?}");
        }
        assert_eq!(plain, 0x2027 - 0x2010 + 1 + 0x205e - 0x2030 + 1);
    }

    /// [`line_keys`] of `line` against [`line_key`] and [`line_key_exact`], each in its own pass.
    fn assert_keys_of_each(line: &str) {
        let both = line_keys(line);
        assert_eq!(both.key, line_key(line), "{line:?}");
        assert_eq!(
            both.exact,
            has_digit(line).then(|| line_key_exact(line)),
            "{line:?}"
        );
    }

    #[test]
    fn both_keys_of_lines_with_punctuation_past_ascii() {
        // Words and spaces with signs of U+2010 to U+205E (read without the Unicode tables)
        // and other characters past ASCII and white space, digits, control bytes among them.
        let pieces = [
            "Organisation ",
            "internationale ",
            "pour les MIGRATIONS",
            " ",
            "  ",
            "\t",
            "\x0b",
            "\u{1f}",
            "\u{7f}",
            "7",
            "2030",
            "é",
            "’",
            "–",
            "\u{2009}",
            "\u{a0}",
            "ab",
            "Z",
            "@[`{",
            "-",
            "l’OIM",
            "\r\n",
            "…",
            "‰",
            "\u{2028}",
            "\u{202f}",
            "\u{205f}",
            "\u{2060}",
        ];
        for line in crate::testing::texts_of_pieces(&pieces, 5000, 40) {
            assert_keys_of_each(&line);
        }
    }

    #[test]
    fn both_keys_in_one_pass_are_the_keys_of_each() {
        for line in [
            "",
            "   ",
            "Menu",
            "  Qui  sommes\tnous ",
            "01/16/2017 - 14:13",
            "- 2030 AGENDA",
            "Café  ÉTÉ \u{a0} œuvre",
            "N° ٣ et ² et Ⅻ",
            "ǅ İstanbul ß",
            "tel\u{2009}+33\u{3000}1 23",
            "\u{1c}a\u{85}b\u{feff}c",
            // White space at either end, which `line_keys` does not trim first.
            "\u{a0}\u{2009} Accueil 2030\t\u{3000}\u{85}",
            "\u{2028}\r\x0b",
        ] {
            assert_keys_of_each(line);
        }
    }

    #[test]
    fn both_keys_of_long_lines_with_a_digit_anywhere_or_none() {
        // Lines past the 32 bytes `has_ascii_digit` reads at once, most with no digit, some
        // with one of another script only (`²`, `٣`, `Ⅻ`), read by the key's pass first.
        let mut pieces = vec![
            "word", "Été", " ", "  ", "\t", "x", "ß", "\u{a0}", "İ", "’", "-",
        ];
        pieces.extend(["Accueil ", "la ", "de ", "Qui sommes-nous", "œuvre ", "ǅ"]);
        pieces.extend(["7", "²", "٣", "Ⅻ"]);
        for line in crate::testing::texts_of_pieces(&pieces, 3000, 60) {
            assert_keys_of_each(&line);
        }
    }

    #[test]
    fn a_line_is_trimmed_as_trim_trims_it() {
        // Lines that start and end with every kind of byte: printable ASCII, white space of
        // ASCII and beyond, letters past ASCII, control characters.
        let pieces = [
            "a", "Z", "!", "~", ".", " ", "\t", "\x0b", "\x0c", "\u{7f}", "\u{1f}", "\u{85}",
            "\u{a0}", "\u{2009}", "\u{3000}", "\u{feff}", "é", "»", "北", "\r\n", "\n",
        ];
        for text in crate::testing::texts_of_pieces(&pieces, 3000, 12) {
            for line in lines(&text) {
                assert_eq!(line.trimmed(), line.text().trim(), "{text:?}");
            }
        }
    }

    #[test]
    fn splits_on_every_terminator() {
        let t = "a\nb\r\nc\rd";
        let l: Vec<_> = lines(t)
            .iter()
            .map(|l| (l.text(), l.start(), l.next()))
            .collect();
        assert_eq!(l, [("a", 0, 2), ("b", 2, 5), ("c", 5, 7), ("d", 7, 8)]);
    }

    #[test]
    fn a_line_knows_its_end_and_terminator() {
        let t = "a\nbc\r\n\rdef";
        let l: Vec<_> = lines(t)
            .iter()
            .map(|l| (l.text(), l.start(), l.end(), l.next()))
            .collect();
        assert_eq!(
            l,
            [
                ("a", 0, 1, 2),
                ("bc", 2, 4, 6),
                ("", 6, 6, 7),
                ("def", 7, 10, 10)
            ]
        );
        let far = Line::new("x", MAX_TEXT_LEN - 3, 2);
        assert_eq!(
            (far.start(), far.end(), far.next()),
            (MAX_TEXT_LEN - 3, MAX_TEXT_LEN - 2, MAX_TEXT_LEN)
        );
        let last = Line::new("", MAX_TEXT_LEN, 0);
        assert_eq!(
            (last.start(), last.next(), last.text()),
            (MAX_TEXT_LEN, MAX_TEXT_LEN, "")
        );
    }

    #[test]
    #[should_panic(expected = "tamis reads texts of at most 1 GiB")]
    fn a_line_past_the_limit_is_refused() {
        Line::new("x", MAX_TEXT_LEN - 2, 2);
    }

    /// The line as it was before it was packed in 16 bytes: the content as a `&str` beside the
    /// start and the terminator's length.
    #[derive(Debug, PartialEq)]
    struct WideLine<'a> {
        text: &'a str,
        start: usize,
        terminator: usize,
    }

    /// The lines of `text` as [`line_iter`] cut them, each by the straightforward splitting.
    fn wide_lines(text: &str) -> Vec<WideLine<'_>> {
        let mut out = Vec::new();
        let mut start = bom_len(text);
        let mut line_start = start;
        let bytes = text.as_bytes();
        while start < bytes.len() {
            let terminator = match (bytes[start], bytes.get(start + 1)) {
                (b'\r', Some(b'\n')) => 2,
                (b'\n' | b'\r', _) => 1,
                _ => {
                    start += 1;
                    continue;
                }
            };
            out.push(WideLine {
                text: &text[line_start..start],
                start: line_start,
                terminator,
            });
            start += terminator;
            line_start = start;
        }
        if line_start < bytes.len() {
            out.push(WideLine {
                text: &text[line_start..],
                start: line_start,
                terminator: 0,
            });
        }
        out
    }

    #[test]
    fn a_packed_line_reads_as_the_wide_one() {
        // Every terminator, a byte-order mark, white space, letters past ASCII and empty lines.
        let pieces = [
            "a", "é", "北", " ", "\t", "\u{a0}", "\n", "\r", "\r\n", "\n\r", "\u{2028}", "\u{85}",
            "\u{feff}", "Menu", "l’OIM",
        ];
        let mut texts = crate::testing::texts_of_pieces(&pieces, 3000, 16);
        // Longer texts, whose terminators fall anywhere in the sixteen bytes `line_iter` reads
        // at once, a `\r\n` across two of them; and every terminator at every offset of the
        // first three.
        texts.extend(crate::testing::texts_of_pieces(&pieces, 3000, 90));
        for at in 0..48 {
            for t in ["\n", "\r", "\r\n", "\n\n", "\r\r", "\n\r"] {
                for after in ["", "b", "bbbbbbbbbbbbbbbbbbbbbbbbbbbb"] {
                    texts.push(format!("{}{t}{after}", "a".repeat(at)));
                }
            }
        }
        texts.extend(texts.clone().into_iter().map(|t| format!("\u{feff}{t}")));
        texts.extend(crate::tests::corpora());
        for text in &texts {
            let wide = wide_lines(text);
            let packed = lines(text);
            assert_eq!(packed.len(), wide.len(), "{text:?}");
            for (p, w) in packed.iter().zip(&wide) {
                assert_eq!(p.text(), w.text, "{text:?}");
                // The content is borrowed from the text itself, not copied.
                assert_eq!(p.text().as_ptr(), w.text.as_ptr(), "{text:?}");
                assert_eq!(p.start(), w.start, "{text:?}");
                assert_eq!(p.end(), w.start + w.text.len(), "{text:?}");
                assert_eq!(p.next(), w.start + w.text.len() + w.terminator, "{text:?}");
                assert_eq!(p.trimmed(), w.text.trim(), "{text:?}");
                assert_eq!(p.is_blank(), w.text.trim().is_empty(), "{text:?}");
            }
            // Equal as the wide lines are: by content, start and terminator, in whichever text.
            let copy = text.clone();
            for (p, q) in packed.iter().zip(lines(&copy)) {
                assert_eq!(*p, q, "{text:?}");
            }
        }
    }

    #[test]
    fn lines_are_equal_by_content_start_and_terminator() {
        let (a, b) = ("ab\n", "ab\r\nac");
        assert_eq!(Line::new(&a[..2], 0, 1), Line::new(&b[..2], 0, 1));
        assert_ne!(Line::new(&a[..2], 0, 1), Line::new(&b[..2], 0, 2));
        assert_ne!(Line::new(&a[..2], 0, 1), Line::new(&b[4..], 0, 1));
        assert_ne!(Line::new(&b[..2], 0, 0), Line::new(&b[4..], 4, 0));
        assert_eq!(Line::new("", 3, 0), Line::new(&b[2..2], 3, 0));
    }

    #[test]
    fn lines_go_to_other_threads() {
        let text = "Accueil\r\nQui sommes-nous\n\nla suite";
        let lines = lines(text);
        let read: Vec<String> = std::thread::scope(|s| {
            s.spawn(|| lines.iter().map(|l| l.trimmed().to_string()).collect())
                .join()
                .expect("the thread reads the lines")
        });
        assert_eq!(read, ["Accueil", "Qui sommes-nous", "", "la suite"]);
    }

    /// A document keeps one per line: 2.7 million for a 100 MB file.
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn a_line_is_16_bytes() {
        assert_eq!(std::mem::size_of::<Line<'_>>(), 16);
    }

    #[test]
    fn bom_is_not_part_of_line_zero() {
        let t = "\u{feff}x\n";
        let l = lines(t);
        assert_eq!(l.len(), 1);
        assert_eq!((l[0].start(), l[0].text()), (3, "x"));
    }

    #[test]
    fn keys_are_stable_and_match_the_character_wise_definition() {
        fn reference(line: &str) -> u64 {
            let mut normal = String::new();
            for word in line.split_whitespace() {
                if !normal.is_empty() {
                    normal.push(' ');
                }
                for c in word.chars() {
                    if c.is_numeric() {
                        normal.push('0');
                    } else {
                        normal.extend(c.to_lowercase());
                    }
                }
            }
            let mut h = Fnv::new();
            normal.bytes().for_each(|b| h.write_byte(b));
            h.finish()
        }
        for line in [
            "Qui sommes nous",
            " DIRECTRICE  générale\u{a0}2030 ",
            "ŒUVRE Ünïcode ٣",
            "",
            "-",
        ] {
            assert_eq!(line_key(line), reference(line), "{line:?}");
        }
        // Model files store keys: the same line must keep its key from version to version.
        assert_eq!(line_key("- 2030 AGENDA"), 0x4619_63dd_5f1e_ae58);
    }

    #[test]
    fn keys_ignore_case_space_and_digits() {
        assert_eq!(line_key("  Qui  sommes NOUS "), line_key("qui sommes nous"));
        assert_eq!(line_key("- 2030 AGENDA"), line_key("- 1999 agenda"));
        assert_ne!(line_key("Structure"), line_key("Structures"));
    }

    #[test]
    fn collapse_makes_single_spaces() {
        for (s, want) in [
            ("Ana Ruiz", "Ana Ruiz"),
            (" Ana  Ruiz ", "Ana Ruiz"),
            ("Ana\nRuiz", "Ana Ruiz"),
            ("Ana\u{a0}Ruiz", "Ana Ruiz"),
            ("chef de l’OIM", "chef de l’OIM"),
            ("Ana\t Ruiz\r\n", "Ana Ruiz"),
            ("", ""),
        ] {
            assert_eq!(collapse(s), want, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn collapse_is_split_whitespace_then_join(
            s in "[a-zA-Zé’–\u{2010}\u{2030}\u{2060} \t\n\r\u{a0}\u{85}\u{1f}\u{2000}\u{2009}\u{200a}\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{1680}]{0,24}"
        ) {
            proptest::prop_assert_eq!(collapse(&s), s.split_whitespace().collect::<Vec<_>>().join(" "));
        }

        #[test]
        fn french_is_told_as_memmem_counts_words_on_any_mix(
            s in "( |le|la|les|des|et|du|est|the|and|of|is|to|el|los|las|y|del|x|\t){0,40}"
        ) {
            proptest::prop_assert_eq!(looks_french(&s), looks_french_by_memmem(&s));
        }

        #[test]
        fn both_keys_in_one_pass_on_mostly_ascii_text(
            s in "[a-zA-Z0-9 \t\r\x0b\x0c.,:;'()/@+-]{0,30}(é|²|\u{a0}|\u{2009}|Ⅻ|ß)?[a-zA-Z0-9 .-]{0,30}"
        ) {
            let both = line_keys(&s);
            proptest::prop_assert_eq!(both.key, line_key(&s));
            proptest::prop_assert_eq!(both.exact, has_digit(&s).then(|| line_key_exact(&s)));
        }

        #[test]
        fn both_keys_in_one_pass_on_any_text(s in proptest::prelude::any::<String>()) {
            let both = line_keys(&s);
            proptest::prop_assert_eq!(both.key, line_key(&s));
            proptest::prop_assert_eq!(both.exact, has_digit(&s).then(|| line_key_exact(&s)));
        }

        #[test]
        fn a_line_is_trimmed_as_trim_trims_it_on_any_text(s in proptest::prelude::any::<String>()) {
            for line in lines(&s) {
                proptest::prop_assert_eq!(line.trimmed(), line.text().trim());
            }
        }

        #[test]
        fn collapse_is_split_whitespace_then_join_on_any_text(s in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(collapse(&s), s.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
}
