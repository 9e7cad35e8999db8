//! Files that are not UTF-8: detected, decoded, and their offsets mapped back to the file's
//! bytes, so that spans in reports point into the file as it is on disk.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// A file decoded from another encoding than UTF-8.
#[derive(Debug)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding the file was read in.
    pub encoding: &'static Encoding,
    /// Whether the encoding is sure: a byte-order mark, or a detection that beat the other
    /// candidates and decoded without errors.
    pub confident: bool,
    /// The file's bytes, as read.
    pub bytes: Vec<u8>,
    /// Where each run of characters of equal width starts, in the text and in the file.
    map: Vec<(usize, usize)>,
}

impl Decoded {
    /// The encoding's name, as the WHATWG Encoding Standard writes it (`windows-1252`).
    pub fn name(&self) -> &'static str {
        self.encoding.name()
    }

    /// The byte offset in the file of the byte `offset` of the text.
    pub fn file_offset(&self, offset: usize) -> usize {
        let i = self.map.partition_point(|&(text, _)| text <= offset);
        let (text, file) = self.map[i.saturating_sub(1)];
        file + (offset - text)
    }
}

/// Decodes `bytes`, which are not valid UTF-8: a UTF-16 byte-order mark decides, else
/// chardetng (the detector of Firefox) guesses among the legacy encodings.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    let (encoding, bom, confident) = match Encoding::for_bom(&bytes) {
        Some((e, bom)) if e == UTF_16LE || e == UTF_16BE => (e, bom, true),
        _ => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(&bytes, true);
            let (e, sure) = detector.guess_assess(None, false);
            (e, 0, sure)
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
    let text = text.into_owned();
    let map = offset_map(&text, encoding, bom);
    Decoded {
        text,
        encoding,
        confident: confident && !had_errors,
        bytes,
        map,
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
}
