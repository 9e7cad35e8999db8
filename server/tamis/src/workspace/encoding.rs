//! Files that are not UTF-8: detected, decoded, and their offsets mapped back to the file's
//! bytes, so that spans in reports point into the file as it is on disk.

use std::io::Read;
use std::sync::OnceLock;

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE};

/// A file decoded from another encoding than UTF-8.
#[derive(Debug)]
pub struct Decoded {
    /// The text, without a byte-order mark (what [`Decoded::file_offset`] maps: it stays as it
    /// was decoded).
    pub text: String,
    /// The encoding the file was read in.
    pub encoding: &'static Encoding,
    /// Whether the encoding is sure: a byte-order mark, or a detection that beat the other
    /// candidates and decoded without errors.
    pub confident: bool,
    /// The file's bytes, as read.
    pub bytes: Vec<u8>,
    /// The length of the byte-order mark the text was decoded after.
    bom: usize,
    /// How the text's offsets map to the file's: made at the first offset asked for, as only
    /// reports need it.
    map: OnceLock<OffsetMap>,
}

impl Decoded {
    /// The encoding's name, as the WHATWG Encoding Standard writes it (`windows-1252`).
    pub fn name(&self) -> &'static str {
        self.encoding.name()
    }

    /// How the file was decoded, to decode it again without this.
    pub fn decoding(&self) -> Decoding {
        Decoding {
            encoding: self.encoding,
            bom: self.bom,
        }
    }

    /// The byte offset in the file of the byte `offset` of the text.
    pub fn file_offset(&self, offset: usize) -> usize {
        self.map
            .get_or_init(|| OffsetMap::new(&self.text, self.encoding, self.bom))
            .file_offset(&self.text, offset)
    }
}

/// Decodes `bytes`, which are not valid UTF-8: a UTF-16 byte-order mark decides, else
/// chardetng (the detector of Firefox) guesses among the legacy encodings.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    let (encoding, bom, confident) = detect(&bytes);
    // Decoded twice: once to measure the text, then into a string of that length.
    let src = &bytes[bom..];
    let mut scratch = Scratch::new();
    let mut len = 0;
    let mut decoder = encoding.new_decoder_without_bom_handling();
    scratch.decode(&mut decoder, src, true, |piece| len += piece.len());
    let mut text = String::with_capacity(len);
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let had_errors = scratch.decode(&mut decoder, src, true, |piece| text.push_str(piece));
    Decoded {
        text,
        encoding,
        confident: confident && !had_errors,
        bytes,
        bom,
        map: OnceLock::new(),
    }
}

/// The encoding of `bytes`, the length of its byte-order mark, and whether the encoding is sure
/// (before decoding: a malformed sequence makes it unsure).
fn detect(bytes: &[u8]) -> (&'static Encoding, usize, bool) {
    match Encoding::for_bom(bytes) {
        Some((e, bom)) if e == UTF_16LE || e == UTF_16BE => (e, bom, true),
        _ => {
            // With its `multithreading` feature chardetng feeds its candidates on rayon's
            // threads, the same guess as one after another (most of the time of a huge file).
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            let (e, sure) = detector.guess_assess(None, false);
            (e, 0, sure)
        }
    }
}

/// How a file was decoded ([`Decoded::decoding`]): what it takes to read its text again.
#[derive(Debug, Clone, Copy)]
pub struct Decoding {
    encoding: &'static Encoding,
    bom: usize,
}

impl Decoding {
    /// The encoding's name (see [`Decoded::name`]).
    pub fn name(self) -> &'static str {
        self.encoding.name()
    }

    /// The text of the file `reader` reads, decoded as [`decode`] decoded it: the same text,
    /// decoded as the bytes come rather than from all of them at once, so that a huge file's
    /// bytes are never held beside its text. `each` sees the bytes as they are read, all of
    /// them, in order (to digest them); `capacity` is the length the text is expected to have.
    pub fn decode_again(
        self,
        mut reader: impl Read,
        capacity: usize,
        mut each: impl FnMut(&[u8]),
    ) -> std::io::Result<String> {
        let mut decoder = self.encoding.new_decoder_without_bom_handling();
        let mut text = String::with_capacity(capacity);
        let mut scratch = Scratch::new();
        let mut buf = vec![0u8; 1 << 16];
        // The bytes of the byte-order mark still to skip.
        let mut bom = self.bom;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            each(&buf[..n]);
            let skipped = bom.min(n);
            bom -= skipped;
            let last = n == 0;
            scratch.decode(&mut decoder, &buf[skipped..n], last, |piece| {
                text.push_str(piece)
            });
            if last {
                return Ok(text);
            }
        }
    }
}

/// A buffer the text is decoded into piece by piece, to be copied where it goes. Decoding
/// straight into a string's spare capacity (encoding_rs's `decode_to_string`, and with it
/// `decode_without_bom_handling`) first touches every memory page of that capacity, which it
/// reserves for the worst case: 3 bytes a byte of a legacy encoding, so that a 100 MB Latin-1
/// file took 300 MB of memory for a text of 106 MB.
struct Scratch(String);

impl Scratch {
    fn new() -> Scratch {
        Scratch(String::from_utf8(vec![0; 1 << 16]).expect("NUL bytes are UTF-8"))
    }

    /// Decodes `src`, the next bytes of the input (`last`: the end of it), handing the text to
    /// `each` in pieces, in order; whether a malformed sequence was replaced.
    fn decode(
        &mut self,
        decoder: &mut Decoder,
        mut src: &[u8],
        last: bool,
        mut each: impl FnMut(&str),
    ) -> bool {
        let mut replaced = false;
        loop {
            let (result, read, written, r) = decoder.decode_to_str(src, &mut self.0, last);
            replaced |= r;
            each(&self.0[..written]);
            src = &src[read..];
            if let CoderResult::InputEmpty = result {
                return replaced;
            }
        }
    }
}

/// How offsets in a decoded text map to the file's bytes.
#[derive(Debug)]
enum OffsetMap {
    /// A single-byte encoding (one byte a character) or UTF-16 (two bytes a UTF-16 code unit):
    /// the file offset of a character follows from the text before it. Kept: the file offset
    /// of the first character starting at or after each [`BLOCK`] bytes of the text, the rest
    /// counted again from there (8 bytes a block, where a map of runs took 16 bytes a character
    /// outside ASCII, and every character of a UTF-16 file: 512 MB for a 60 MB one).
    Counted { utf16: bool, blocks: Vec<usize> },
    /// Another legacy encoding, where a character's width depends on the character (Shift_JIS,
    /// GBK…) or on the characters before it (ISO-2022-JP): the starts of the runs of characters
    /// whose width in the file differs from their width in UTF-8, with the run after each,
    /// as (text, file) offsets.
    Runs(Vec<(usize, usize)>),
}

/// The bytes of text a checkpoint of [`OffsetMap::Counted`] covers: at most this many bytes are
/// counted again for an offset.
const BLOCK: usize = 1024;

impl OffsetMap {
    fn new(text: &str, encoding: &'static Encoding, bom: usize) -> OffsetMap {
        let utf16 = encoding == UTF_16LE || encoding == UTF_16BE;
        if !(utf16 || encoding.is_single_byte()) {
            return OffsetMap::Runs(offset_map(text, encoding, bom));
        }
        let mut blocks = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut file = bom;
        let mut start = 0;
        for i in 0..=text.len() / BLOCK {
            let next = block_start(text, i * BLOCK);
            file += width(&text.as_bytes()[start..next], utf16);
            blocks.push(file);
            start = next;
        }
        OffsetMap::Counted { utf16, blocks }
    }

    /// The byte offset in the file of the byte `offset` of `text` (the text the map was made
    /// of), a character boundary.
    fn file_offset(&self, text: &str, offset: usize) -> usize {
        match self {
            OffsetMap::Counted { utf16, blocks } => {
                let i = offset / BLOCK;
                // (An offset inside a character, which no span is, would start before it.)
                let start = block_start(text, i * BLOCK).min(offset);
                blocks[i] + width(&text.as_bytes()[start..offset], *utf16)
            }
            OffsetMap::Runs(map) => {
                let i = map.partition_point(|&(text, _)| text <= offset);
                let (text, file) = map[i.saturating_sub(1)];
                file + (offset - text)
            }
        }
    }
}

/// The first character boundary of `text` at or after `at` (at most its length).
fn block_start(text: &str, at: usize) -> usize {
    (at..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len())
}

/// The width in the file of `bytes`, whole characters of the text: one byte a character in a
/// single-byte encoding; in UTF-16, two bytes a character and two more for one outside the
/// Basic Multilingual Plane (four bytes in UTF-8, led by a byte from 0xF0).
fn width(bytes: &[u8], utf16: bool) -> usize {
    // A character starts at each byte that does not continue one (0b10xx_xxxx).
    let chars = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    if utf16 {
        2 * (chars + bytes.iter().filter(|&&b| b >= 0xf0).count())
    } else {
        chars
    }
}

/// The starts of the runs of characters whose width in the file differs from their width in
/// UTF-8, with the run after each (where the widths agree again), as (text, file) offsets.
fn offset_map(text: &str, encoding: &'static Encoding, bom: usize) -> Vec<(usize, usize)> {
    let utf16 = encoding == UTF_16LE || encoding == UTF_16BE;
    let mut map = vec![(0, bom)];
    let mut file = bom;
    let mut encoder = encoding.new_encoder();
    let mut buf = [0u8; 16];
    for (i, c) in text.char_indices() {
        let width = if utf16 {
            c.len_utf16() * 2
        } else if encoding.is_single_byte() || c.is_ascii() {
            1
        } else {
            let mut s = [0u8; 4];
            let (_, _, written, _) =
                encoder.encode_from_utf8(c.encode_utf8(&mut s), &mut buf, false);
            written.max(1)
        };
        file += width;
        if width != c.len_utf8() {
            // The next character starts a new run.
            map.push((i + c.len_utf8(), file));
        }
    }
    map.dedup_by_key(|&mut (text, _)| text);
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_read_and_offsets_point_into_the_file() {
        let bytes = b"Le programme a \xe9t\xe9 mis en \x9cuvre \xe0 Gen\xe8ve.\n";
        let d = decode(bytes.to_vec());
        assert_eq!(d.text, "Le programme a été mis en œuvre à Genève.\n");
        assert!(
            d.name() == "windows-1252" || d.name() == "ISO-8859-2",
            "{}",
            d.name()
        );
        let at = d.text.find("Genève").unwrap();
        assert_eq!(
            d.file_offset(at),
            bytes.windows(3).position(|w| w == b"Gen").unwrap()
        );
        assert_eq!(d.file_offset(d.text.len()), bytes.len());
    }

    #[test]
    fn utf16_with_a_bom_is_read() {
        let text = "Tél : +506 2212 5352\n";
        let mut bytes = vec![0xff, 0xfe];
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(bytes.clone());
        assert_eq!(d.text, text);
        assert_eq!(d.name(), "UTF-16LE");
        assert!(d.confident);
        let at = d.text.find('+').unwrap();
        assert_eq!(d.file_offset(at), 2 + 2 * 6);
        assert_eq!(d.file_offset(d.text.len()), bytes.len());
    }

    /// Reads its bytes a few at a time, as many as `sizes` says in turn.
    struct Trickle<'a> {
        bytes: &'a [u8],
        sizes: Vec<usize>,
        turn: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let size = self.sizes[self.turn % self.sizes.len()];
            self.turn += 1;
            let n = size.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// Bytes in the encodings files come in, broken here and there: text of letters that take
    /// one to four bytes (split across reads), in Windows-1252, Shift_JIS or UTF-16 with either
    /// byte-order mark, with random bytes mixed in (invalid sequences, lone surrogates, an odd
    /// last byte).
    fn encoded() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            prop::sample::select(vec!["a", "é", "œ", "€", "日本", "😀", "\r\n", " "])
                .prop_map(|s| s.as_bytes().to_vec()),
            prop::collection::vec(any::<u8>(), 1..4)
                .prop_map(|b| b.into_iter().map(|b| b | 0x80).collect()),
        ];
        (0..4u8, prop::collection::vec(piece, 0..80)).prop_map(|(kind, pieces)| {
            let mut out = Vec::new();
            for p in pieces {
                match std::str::from_utf8(&p) {
                    Ok(s) => match kind {
                        0 => out.extend_from_slice(&encoding_rs::WINDOWS_1252.encode(s).0),
                        1 => out.extend_from_slice(&encoding_rs::SHIFT_JIS.encode(s).0),
                        2 => out.extend(s.encode_utf16().flat_map(u16::to_le_bytes)),
                        _ => out.extend(s.encode_utf16().flat_map(u16::to_be_bytes)),
                    },
                    Err(_) => out.extend_from_slice(&p),
                }
            }
            match kind {
                2 => [vec![0xff, 0xfe], out].concat(),
                3 => [vec![0xfe, 0xff], out].concat(),
                _ => out,
            }
        })
    }

    proptest::proptest! {
        /// A file is decoded as encoding_rs decodes all its bytes at once; decoded again as the
        /// bytes come, however they are cut, it gives the same text, and every byte is seen.
        #[test]
        fn decoding_again_as_the_bytes_come_gives_the_same_text(
            bytes in encoded(),
            sizes in proptest::collection::vec(1usize..9, 1..6),
        ) {
            let d = decode(bytes.clone());
            // The text and the errors of encoding_rs's decoding of all the bytes at once.
            let (encoding, bom, sure) = detect(&bytes);
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
            proptest::prop_assert_eq!(&d.text, &text);
            proptest::prop_assert_eq!(d.confident, sure && !had_errors);
            let mut seen = Vec::new();
            let reader = Trickle { bytes: &bytes, sizes, turn: 0 };
            let text = d.decoding().decode_again(reader, 0, |b| seen.extend_from_slice(b)).unwrap();
            proptest::prop_assert_eq!(&text, &d.text);
            proptest::prop_assert_eq!(seen, bytes);
        }
    }

    /// Text in one of the encodings the map counts in, or in Shift_JIS (which it does not),
    /// with the byte-order mark of UTF-16, runs of ASCII long enough to cross the blocks, and
    /// random bytes mixed in (unmapped bytes, lone surrogates, an odd last byte): the encoding,
    /// the length of its byte-order mark, and the bytes.
    fn in_an_encoding(
    ) -> impl proptest::strategy::Strategy<Value = (&'static Encoding, usize, Vec<u8>)> {
        use proptest::prelude::*;
        let encodings = vec![
            encoding_rs::WINDOWS_1252,
            encoding_rs::ISO_8859_2,
            encoding_rs::ISO_8859_7,
            encoding_rs::WINDOWS_1251,
            encoding_rs::KOI8_R,
            encoding_rs::WINDOWS_874,
            encoding_rs::SHIFT_JIS,
            UTF_16LE,
            UTF_16BE,
        ];
        let piece = prop_oneof![
            prop::sample::select(vec![
                "é", "œ", "€", "ж", "λ", "ก", "日本", "😀", "\r\n", " "
            ])
            .prop_map(str::to_string),
            (1usize..700).prop_map(|n| "a".repeat(n)),
            prop::collection::vec(any::<u8>(), 1..4)
                .prop_map(|b| b.into_iter().map(|b| char::from(b | 0x80)).collect()),
        ];
        (
            prop::sample::select(encodings),
            prop::collection::vec(piece, 0..40),
            any::<bool>(),
        )
            .prop_map(|(encoding, pieces, odd)| {
                let text = pieces.concat();
                let mut bytes = Vec::new();
                let bom = if encoding == UTF_16LE {
                    bytes.extend([0xff, 0xfe]);
                    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                    2
                } else if encoding == UTF_16BE {
                    bytes.extend([0xfe, 0xff]);
                    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
                    2
                } else {
                    bytes.extend_from_slice(&encoding.encode(&text).0);
                    0
                };
                if odd {
                    // A lone surrogate in UTF-16, an unmapped or truncated byte elsewhere.
                    let at = (bytes.len() / 2) & !1;
                    bytes.splice(at..at, [0xd8, 0xdc, 0x81]);
                }
                (encoding, bom, bytes)
            })
    }

    proptest::proptest! {
        /// The counted map gives the offsets the exact map of runs gives, at every character
        /// boundary of texts decoded in many encodings; in a single-byte encoding a character's
        /// offset is the number of characters before it.
        #[test]
        fn the_counted_map_agrees_with_the_map_of_runs(
            (encoding, bom, bytes) in in_an_encoding(),
        ) {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
            let counted = OffsetMap::new(&text, encoding, bom);
            let runs = OffsetMap::Runs(offset_map(&text, encoding, bom));
            let single = encoding.is_single_byte();
            proptest::prop_assert_eq!(
                matches!(counted, OffsetMap::Counted { .. }),
                single || encoding == UTF_16LE || encoding == UTF_16BE
            );
            let boundaries = text.char_indices().map(|(i, _)| i).chain([text.len()]);
            for (n, at) in boundaries.enumerate() {
                let file = counted.file_offset(&text, at);
                proptest::prop_assert_eq!(file, runs.file_offset(&text, at), "at {}", at);
                if single {
                    proptest::prop_assert_eq!(file, n);
                }
            }
            if single || bom == 2 && bytes.len() % 2 == 0 {
                proptest::prop_assert_eq!(counted.file_offset(&text, text.len()), bytes.len());
            }
        }
    }

    proptest::proptest! {
        /// chardetng feeds its candidates on threads of their own for a buffer of 10 bytes or
        /// more (its `multithreading` feature) and one after another for a shorter one: the
        /// whole file at once is guessed as pieces of 9 bytes are.
        #[test]
        fn the_threaded_detection_guesses_as_the_sequential_one(
            (_, _, bytes) in in_an_encoding(),
        ) {
            let mut detector = chardetng::EncodingDetector::new();
            for piece in bytes.chunks(9) {
                detector.feed(piece, false);
            }
            detector.feed(&[], true);
            let sequential = detector.guess_assess(None, false);
            let (encoding, bom, sure) = detect(&bytes);
            if bom == 0 {
                proptest::prop_assert_eq!((encoding, sure), sequential);
            }
        }
    }

    #[test]
    fn the_counted_map_keeps_8_bytes_a_block() {
        let text = "Genève — été 😀 ".repeat(10_000);
        let map = OffsetMap::new(&text, UTF_16LE, 2);
        let OffsetMap::Counted { utf16, blocks } = &map else {
            panic!("UTF-16 is counted")
        };
        assert!(*utf16);
        assert_eq!(blocks.len(), text.len() / BLOCK + 1);
        let units: usize = text.encode_utf16().count();
        assert_eq!(map.file_offset(&text, text.len()), 2 + 2 * units);
        let at = text.rfind('😀').unwrap();
        assert_eq!(
            map.file_offset(&text, at),
            2 + 2 * text[..at].encode_utf16().count()
        );
    }

    #[test]
    fn a_huge_file_is_decoded_again_across_the_reads() {
        // Many buffers' worth, with a two-byte letter across each buffer's end in UTF-16.
        let text = "Genève — été 😀\n".repeat(20_000);
        let mut bytes = vec![0xfe, 0xff];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let d = decode(bytes.clone());
        assert_eq!(d.text, text);
        let again = d
            .decoding()
            .decode_again(&bytes[..], text.len(), |_| {})
            .unwrap();
        assert_eq!(again, text);
    }
}
