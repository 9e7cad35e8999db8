//! Property tests: position conversions round-trip, and fixes stay on character boundaries,
//! never overlap, converge and change no byte outside their edits, for any text.

mod common;

use proptest::prelude::*;
use ropey::Rope;
use tamis::positions::{rope_offset, rope_position, Encoding, LineIndex};
use tamis_analysis::config::Settings;
use tamis_analysis::{check, Context, FixOptions};
use tamis_analysis::{select_fixes, sorted_edits};

/// Texts made of the pieces that break position code and the rules: accents, œ, characters
/// outside the BMP, combining marks, every line ending, a BOM, and fragments of the artifacts.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a".to_string()),
        Just("é".to_string()),
        Just("œ".to_string()),
        Just("😀".to_string()),
        Just("e\u{301}".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just(" ".to_string()),
        Just("Tel: +1876 968 0569".to_string()),
        Just("E-mail:\n\"mailto:a@iom.int\">a@iom.int".to_string()),
        Just("mis en uvre de la".to_string()),
        Just("Ã©".to_string()),
        Just("&nbsp;<br>".to_string()),
        Just("- Menu\nMenu\nMenu\n".to_string()),
        "[a-zA-Z ,.]{0,12}",
    ];
    (any::<bool>(), prop::collection::vec(piece, 0..40)).prop_map(|(bom, parts)| {
        let body: String = parts.concat();
        if bom {
            format!("\u{feff}{body}")
        } else {
            body
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn positions_round_trip_in_both_encodings(t in text()) {
        let index = LineIndex::new(&t);
        let rope = Rope::from_str(&t);
        let start = if t.starts_with('\u{feff}') { 3 } else { 0 };
        for (offset, _) in t.char_indices().chain(std::iter::once((t.len(), ' '))) {
            if offset < start {
                continue;
            }
            // Between \r and \n is not a position a client can name.
            if offset > 0 && t.as_bytes()[offset - 1] == b'\r' && t.as_bytes().get(offset) == Some(&b'\n') {
                continue;
            }
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let p = index.position(&t, offset, enc);
                prop_assert_eq!(index.offset(&t, p, enc), offset);
                prop_assert_eq!(rope_position(&rope, offset, enc), p);
                prop_assert_eq!(rope_offset(&rope, p, enc), offset);
            }
        }
    }

    #[test]
    fn fixes_are_disjoint_on_boundaries_and_converge(t in text()) {
        let settings = Settings::default();
        let cx = Context { settings: &settings, model: None };
        let options = FixOptions { unsafe_fixes: true };
        let findings = check(&t, cx);
        let fixes = select_fixes(&findings, options);
        let edits = sorted_edits(&fixes);
        for w in edits.windows(2) {
            prop_assert!(w[0].range.end <= w[1].range.start, "overlapping edits {:?}", w);
        }
        for e in &edits {
            prop_assert!(t.is_char_boundary(e.range.start) && t.is_char_boundary(e.range.end));
        }
        // No byte outside an edit changes: the text between edits is copied as it is.
        let (fixed, _) = tamis_analysis::apply_fixes(&t, &findings, options);
        let mut rebuilt = String::new();
        let mut last = 0;
        for e in &edits {
            rebuilt.push_str(&t[last..e.range.start]);
            rebuilt.push_str(&e.new_text);
            last = e.range.end;
        }
        rebuilt.push_str(&t[last..]);
        prop_assert_eq!(&fixed, &rebuilt);
        // Fixing settles, and fixing a fixed text changes nothing.
        let once = tamis_analysis::fix_until_stable(&t, cx, options).text;
        let twice = tamis_analysis::fix_until_stable(&once, cx, options).text;
        prop_assert_eq!(once, twice);
    }
}
