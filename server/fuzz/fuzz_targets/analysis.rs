//! The analysis and the entity extraction on arbitrary text, with and without a corpus model: no
//! panic; entities inside the text on character boundaries; every fix on
//! character boundaries; the selected edits disjoint; no byte outside an edit changed; fixing
//! converges and a fixed text stays fixed; positions round-trip in both encodings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamis_analysis::entities::extract_text;
use tamis_analysis::{select_fixes, sorted_edits};
use tamis_analysis::{apply_fixes, check, fix_until_stable, Context, FixOptions, Model};
use tamis_analysis::config::Settings;
use tamis::positions::{Encoding, LineIndex};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let settings = Settings::default();
    // A model in which every line of the text recurs, so that the corpus rule fires too.
    let mut model = Model::new();
    for _ in 0..4 {
        model.add_document(text);
    }
    model.add_document("");
    for model in [None, Some(&model)] {
        let cx = Context {
            settings: &settings,
            model,
        };
        let findings = check(text, cx);
        for f in &findings {
            assert!(f.range.start <= f.range.end && f.range.end <= text.len());
            assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
        }
        for unsafe_fixes in [false, true] {
            let options = FixOptions { unsafe_fixes };
            let fixes = select_fixes(&findings, options);
            let edits = sorted_edits(&fixes);
            for e in &edits {
                assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
            }
            for w in edits.windows(2) {
                assert!(
                    w[0].range.end <= w[1].range.start,
                    "overlapping edits {w:?}"
                );
            }
            let (fixed, _) = apply_fixes(text, &findings, options);
            let mut rebuilt = String::new();
            let mut last = 0;
            for e in &edits {
                rebuilt.push_str(&text[last..e.range.start]);
                rebuilt.push_str(&e.new_text);
                last = e.range.end;
            }
            rebuilt.push_str(&text[last..]);
            assert_eq!(fixed, rebuilt, "bytes outside the edits changed");
            let once = fix_until_stable(text, cx, options).text;
            let twice = fix_until_stable(&once, cx, options).text;
            assert_eq!(once, twice, "fixing a fixed text changed it");
        }
    }
    // Entities: ranges inside the text, on character boundaries, not empty.
    let cx = Context {
        settings: &settings,
        model: None,
    };
    for e in extract_text(text, cx) {
        assert!(
            e.range.start < e.range.end && e.range.end <= text.len(),
            "{e:?}"
        );
        assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
    }
    let index = LineIndex::new(text);
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let bytes = text.as_bytes();
    for (offset, _) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if offset < bom
            || (offset > 0 && bytes[offset - 1] == b'\r' && bytes.get(offset) == Some(&b'\n'))
        {
            continue;
        }
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let p = index.position(text, offset, enc);
            assert_eq!(index.offset(text, p, enc), offset);
        }
    }
});
