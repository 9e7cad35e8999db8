//! Incremental analysis: after any sequence of edits, the findings of `Incremental::check` (the
//! language server's path, which analyses again only the parts a change touched) equal those of
//! a full `check` of the same text.
#![no_main]

use std::sync::Arc;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tamis_analysis::config::Settings;
use tamis_analysis::{check, Context, Incremental};

#[derive(Arbitrary, Debug)]
struct Edit {
    at: u16,
    len: u8,
    insert: String,
}

#[derive(Arbitrary, Debug)]
struct Input {
    text: String,
    edits: Vec<Edit>,
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fuzz_target!(|input: Input| {
    let settings = Arc::new(Settings::default());
    let cx = Context {
        settings: &settings,
        model: None,
    };
    let mut parts = Incremental::new();
    let mut text = input.text;
    assert_eq!(parts.check(&text, &settings, cx), check(&text, cx));
    for edit in input.edits.iter().take(8) {
        let at = floor(&text, usize::from(edit.at));
        let end = floor(&text, at + usize::from(edit.len));
        text.replace_range(at..end, &edit.insert);
        assert_eq!(
            parts.check(&text, &settings, cx),
            check(&text, cx),
            "after an edit at {at}..{end}: {text:?}"
        );
    }
});
