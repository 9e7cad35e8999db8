//! Repairing text that was encoded as UTF-8 and decoded as Windows-1252 (or Latin-1), in the
//! manner of ftfy's `fix_encoding`, limited to those two encodings.
//!
//! A stretch of characters that all have a Windows-1252 byte is turned back into those bytes and
//! decoded as UTF-8. The repair is kept when it decodes and is plausible: either the whole line
//! round-trips that way, or the stretch is a sequence that mojibake produces and real text does
//! not (`Ã©`, `â€™`), decoding to an accented letter or common punctuation. Repeated mis-decoding
//! (`ÃƒÂ©`) is undone by repeating the repair.

/// The Windows-1252 characters of bytes 0x80–0x9F; the five bytes it leaves undefined stand for
/// themselves, as decoders that do not fail produce them.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// The Windows-1252 byte of a character, if it has one.
pub fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 || (0xA0..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    if u > 0x2122 {
        return None;
    }
    CP1252_HIGH
        .iter()
        .position(|&h| h == c)
        .map(|i| 0x80 + i as u8)
}

/// A repair: the byte range in the text and what it should read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub range: std::ops::Range<usize>,
    pub text: String,
}

/// Characters that mojibake of Western European text decodes to, and that real text writes.
fn plausible(c: char) -> bool {
    let u = c as u32;
    // Latin-1's letters and signs, not the rarer Latin extensions that two-byte accidents
    // produce (`É…` reads `Ʌ`, `Ä` and a no-break space read `Ġ`).
    (0xA0..=0xFF).contains(&u)
        || common_accent(c)
        || (0x2010..=0x203A).contains(&u)
        || matches!(c, '€' | '™' | '•' | '…')
        || (0x2600..=0x27BF).contains(&u)
        || u >= 0x1F000
}

/// Characters that show that a line holds real non-ASCII text which is not mojibake.
fn has_lead(c: char) -> bool {
    matches!(cp1252_byte(c), Some(0xC2..=0xF4))
}

/// True when a lead character stands right before a continuation character: the only place
/// where mojibake can be. Real French or Spanish text almost never has one, so this check spares
/// the rest of the work on nearly every line.
fn has_candidate(line: &str) -> bool {
    let mut after_lead = false;
    for c in line.chars() {
        if after_lead && matches!(cp1252_byte(c), Some(0x80..=0xBF)) {
            return true;
        }
        after_lead = !c.is_ascii() && has_lead(c);
    }
    false
}

/// Whether the bytes hold a lead character (U+00C2 to U+00F4, in UTF-8 `C3 82` to `C3 B4`)
/// right before another character beyond ASCII: what [`has_candidate`] needs, looked for
/// sixteen or 32 bytes at a time ([`leads_in_sse2`], [`leads_in_avx2`]) rather than character
/// by character. French text
/// holds `C3` at every accented letter, but seldom two such letters in a row (a `memchr` for
/// each `C3` cost twice as much: every text of a batch is read so).
fn may_have_candidate(b: &[u8]) -> bool {
    let mut at = 0;
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, the one target feature `leads_avx2` needs.
            match unsafe { leads_avx2(b) } {
                Ok(()) => return true,
                Err(stop) => at = stop,
            }
        }
        while at + 18 <= b.len() {
            let window: &[u8; 18] = b[at..at + 18].try_into().expect("eighteen bytes");
            // SAFETY: the build enables SSE2 (every x86_64 processor has it), the one target
            // feature `leads_in_sse2` needs.
            if unsafe { leads_in_sse2(window) } != 0 {
                return true;
            }
            at += 16;
        }
    }
    may_have_candidate_in_bytes(&b[at..])
}

/// [`may_have_candidate`] with `memchr`, for the last bytes and on other processors (the
/// tests compare the two).
fn may_have_candidate_in_bytes(b: &[u8]) -> bool {
    memchr::memchr_iter(0xC3, b).any(|i| {
        matches!(b.get(i + 1), Some(0x82..=0xB4)) && b.get(i + 2).is_some_and(|&n| n >= 0xC0)
    })
}

/// The bytes of `window[..16]` that are `C3`, before a byte from `82` to `B4` and one of `C0`
/// or more, as the bits of the result, the lowest for `window[0]`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn leads_in_sse2(window: &[u8; 18]) -> u32 {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_max_epu8, _mm_min_epu8, _mm_movemask_epi8,
        _mm_set1_epi8, _mm_set_epi64x, _mm_sub_epi8,
    };
    // The sixteen bytes from `window[k]`.
    let from = |k: usize| {
        let half = |h: usize| i64::from_le_bytes(window[h..h + 8].try_into().expect("eight"));
        _mm_set_epi64x(half(k + 8), half(k))
    };
    let each = |x: u8| _mm_set1_epi8(x as i8);
    let lead = _mm_cmpeq_epi8(from(0), each(0xc3));
    // From 82 to B4: at most 0x32 above 0x82 (below it, the difference wraps above 0x80).
    let above = _mm_sub_epi8(from(1), each(0x82));
    let second = _mm_cmpeq_epi8(_mm_min_epu8(above, each(0x32)), above);
    let third_byte = from(2);
    let third = _mm_cmpeq_epi8(_mm_max_epu8(third_byte, each(0xc0)), third_byte);
    _mm_movemask_epi8(_mm_and_si128(lead, _mm_and_si128(second, third))) as u32
}

/// The repairs of one line.
fn repair_line(line: &str, base: usize, out: &mut Vec<Repair>) {
    if !may_have_candidate(line.as_bytes()) || !has_candidate(line) {
        return;
    }
    // The whole line round-trips: it is mojibake through and through.
    if let Some(bytes) = line.chars().map(cp1252_byte).collect::<Option<Vec<u8>>>() {
        if let Ok(decoded) = String::from_utf8(bytes) {
            if decoded != line && decoded.chars().all(|c| c.is_ascii() || plausible(c)) {
                out.push(Repair {
                    range: base..base + line.len(),
                    text: repair_fully(&decoded),
                });
                return;
            }
        }
    }
    // Otherwise, sequence by sequence: a lead character and its continuations.
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let Some(lead @ 0xC2..=0xF4) = cp1252_byte(c) else {
            i += 1;
            continue;
        };
        let need = match lead {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            _ => 3,
        };
        let mut bytes = vec![lead];
        for k in 1..=need {
            match chars.get(i + k).and_then(|&(_, c)| cp1252_byte(c)) {
                Some(b @ 0x80..=0xBF) => bytes.push(b),
                _ => break,
            }
        }
        if bytes.len() == need + 1 {
            if let Ok(decoded) = std::str::from_utf8(&bytes) {
                let d = decoded.chars().next().expect("one character");
                // Two-byte sequences are only taken for what French, Spanish and their kin write;
                // longer ones (`â€™`) never occur in real text.
                let typical = need > 1 && plausible(d) || need == 1 && common_accent(d);
                if typical {
                    let end = chars.get(i + need + 1).map_or(line.len(), |&(o, _)| o);
                    out.push(Repair {
                        range: base + start..base + end,
                        text: d.to_string(),
                    });
                    i += need + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
}

fn common_accent(c: char) -> bool {
    "àâäçéèêëîïôöùûüÿñáíóúÁÀÂÇÉÈÊËÎÏÔÖÙÛÜÑÓÚÍœŒ«»°€".contains(c) || c == '\u{a0}'
}

/// Whether `b` holds a lead [`may_have_candidate`] looks for, 32 bytes at a time up to its last
/// 33 bytes (`Err` with where it stopped when none is found before them). Built with AVX2 as a
/// whole, so that [`leads_in_avx2`] is part of its loop.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn leads_avx2(b: &[u8]) -> Result<(), usize> {
    let mut at = 0;
    while at + 34 <= b.len() {
        let window: &[u8; 34] = b[at..at + 34].try_into().expect("34 bytes");
        if leads_in_avx2(window) != 0 {
            return Ok(());
        }
        at += 32;
    }
    Err(at)
}

/// [`leads_in_sse2`] with AVX2, for the 32 bytes `window[..32]`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "avx2")]
fn leads_in_avx2(window: &[u8; 34]) -> u32 {
    use std::arch::x86_64::{
        _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_max_epu8, _mm256_min_epu8,
        _mm256_movemask_epi8, _mm256_set1_epi8, _mm256_set_epi64x, _mm256_sub_epi8,
    };
    // The 32 bytes from `window[k]`.
    let from = |k: usize| {
        let part = |h: usize| i64::from_le_bytes(window[h..h + 8].try_into().expect("eight"));
        _mm256_set_epi64x(part(k + 24), part(k + 16), part(k + 8), part(k))
    };
    let each = |x: u8| _mm256_set1_epi8(x as i8);
    let lead = _mm256_cmpeq_epi8(from(0), each(0xc3));
    let above = _mm256_sub_epi8(from(1), each(0x82));
    let second = _mm256_cmpeq_epi8(_mm256_min_epu8(above, each(0x32)), above);
    let third_byte = from(2);
    let third = _mm256_cmpeq_epi8(_mm256_max_epu8(third_byte, each(0xc0)), third_byte);
    _mm256_movemask_epi8(_mm256_and_si256(lead, _mm256_and_si256(second, third))) as u32
}

/// Undoes repeated mis-decoding.
fn repair_fully(text: &str) -> String {
    let mut current = text.to_string();
    for _ in 0..3 {
        let mut repairs = Vec::new();
        repair_line(&current, 0, &mut repairs);
        if repairs.is_empty() {
            break;
        }
        current = apply(&current, &repairs);
    }
    current
}

fn apply(text: &str, repairs: &[Repair]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for r in repairs {
        out.push_str(&text[last..r.range.start]);
        out.push_str(&r.text);
        last = r.range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Every repair in a text, line by line, sorted.
pub fn repairs(text: &str) -> Vec<Repair> {
    let mut out = Vec::new();
    // Most texts have no line worth a look: one pass over the bytes tells.
    if !may_have_candidate(text.as_bytes()) {
        return out;
    }
    for line in super::text::line_iter(text) {
        repair_line(line.text(), line.start(), &mut out);
    }
    // Sequences repaired one by one may leave a second layer: repair the repaired text again.
    for r in &mut out {
        r.text = repair_fully(&r.text);
    }
    out
}

/// The text with every repair applied (ftfy's `fix_encoding`, for these two encodings).
pub fn fix_encoding(text: &str) -> String {
    let mut current = text.to_string();
    for _ in 0..3 {
        let r = repairs(&current);
        if r.is_empty() {
            break;
        }
        current = apply(&current, &r);
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_common_mojibake() {
        assert_eq!(fix_encoding("HÃ´tel de Police"), "Hôtel de Police");
        assert_eq!(fix_encoding("lâ€™OIM a rÃ©uni"), "l’OIM a réuni");
        assert_eq!(
            fix_encoding("Iggy Pop (nÃƒÂ© Jim Osterberg)"),
            "Iggy Pop (né Jim Osterberg)"
        );
    }

    /// The byte test lets through every line the character test takes, on every pair of
    /// characters that matters: each character of Latin-1 and Windows-1252 before each.
    #[test]
    fn the_byte_test_never_hides_a_candidate() {
        let chars: Vec<char> = (0x20u32..0x100)
            .filter_map(char::from_u32)
            .chain(CP1252_HIGH.iter().copied())
            .chain(['ā', '中', '😀'])
            .collect();
        for &a in &chars {
            for &b in &chars {
                let line = format!("x{a}{b}y");
                if has_candidate(&line) {
                    assert!(may_have_candidate(line.as_bytes()), "{line:?}");
                }
            }
        }
        assert!(!may_have_candidate("Un été à Genève, l’OIM".as_bytes()));
        assert!(may_have_candidate("lâ€™OIM".as_bytes()));
    }

    /// Sixteen or 32 bytes at a time, the byte test finds what it finds byte by byte: every
    /// byte before and after every other at every place of texts of up to 40 bytes and of 66
    /// to 70 (two windows of 32 bytes and their ends), among bytes of the sequences it looks
    /// for and their neighbours.
    #[test]
    fn the_byte_test_reads_sixteen_bytes_as_one() {
        let around = [
            0x00, b'a', 0x80, 0x81, 0x82, 0xb4, 0xb5, 0xbf, 0xc0, 0xc2, 0xc3, 0xff,
        ];
        let mut found = 0;
        let mut b = Vec::new();
        for len in (0..=40).chain([66, 67, 68, 69, 70]) {
            for at in 0..len {
                for first in 0..=255u8 {
                    for &second in &around {
                        for filler in [b'a', 0xc3] {
                            for third in [None, Some(0xbf), Some(0xc0), Some(0xff)] {
                                b.clear();
                                b.resize(len, filler);
                                b[at] = first;
                                if let Some(x) = b.get_mut(at + 1) {
                                    *x = second;
                                }
                                if let (Some(x), Some(third)) = (b.get_mut(at + 2), third) {
                                    *x = third;
                                }
                                let expected = may_have_candidate_in_bytes(&b);
                                found += usize::from(expected);
                                assert_eq!(may_have_candidate(&b), expected, "{b:?}");
                            }
                        }
                    }
                }
            }
        }
        assert!(found > 1_000, "{found}");
    }

    #[test]
    fn leaves_real_text_alone() {
        for t in [
            "L’épisode 8",
            "HUHLL Õ…",
            "4288×…",
            "Bremer/Mccoy – DrÃ¥ber",
            "Haïti, œuvre",
        ] {
            assert_eq!(fix_encoding(t), t);
        }
    }
}
