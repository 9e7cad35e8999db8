//! Fixing converges, is idempotent, and changes no byte outside its edits, on every corpus the
//! project has: the shipped sample corpus and the reference seeds.

mod common;

use common::{corpus, model, repo, shared};
use tamis_analysis::config::Settings;
use tamis_analysis::select_fixes;
use tamis_analysis::{apply_fixes, check, Context, FixOptions};

fn corpora() -> Vec<(String, String)> {
    let mut all = corpus(&repo().join("tests/sample-corpus"));
    all.extend(corpus(&shared().join("corpus/iom-fr")));
    all
}

#[test]
fn fixes_settle_within_three_rounds_and_fixing_twice_equals_once() {
    let docs = corpora();
    let m = model(&docs);
    let settings = Settings::default();
    let cx = Context {
        settings: &settings,
        model: Some(&m),
    };
    for unsafe_fixes in [false, true] {
        let options = FixOptions { unsafe_fixes };
        for (name, text) in &docs {
            let mut current = text.clone();
            let mut rounds = 0;
            loop {
                let findings = check(&current, cx);
                let (next, n) = apply_fixes(&current, &findings, options);
                if n == 0 {
                    break;
                }
                rounds += 1;
                assert!(
                    rounds <= 3,
                    "{name}: fixes do not settle (unsafe: {unsafe_fixes})"
                );
                current = next;
            }
            let left = check(&current, cx);
            assert!(
                select_fixes(&left, options).is_empty(),
                "{name}: fixable findings left: {left:?}"
            );
            let again = tamis_analysis::fix_until_stable(&current, cx, options);
            assert_eq!(
                again.text, current,
                "{name}: fixing a fixed file changed it"
            );
        }
    }
}

#[test]
fn edits_stay_on_character_boundaries_and_keep_line_endings_and_bom() {
    let docs = corpora();
    let m = model(&docs);
    let settings = Settings::default();
    let cx = Context {
        settings: &settings,
        model: Some(&m),
    };
    for (name, text) in &docs {
        for f in check(text, cx) {
            assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
            for e in f.fix.iter().flat_map(|x| &x.edits) {
                assert!(text.is_char_boundary(e.range.start), "{name}");
                assert!(text.is_char_boundary(e.range.end), "{name}");
            }
        }
        let fixed = tamis_analysis::fix_until_stable(text, cx, FixOptions { unsafe_fixes: true });
        assert_eq!(
            fixed.text.starts_with('\u{feff}'),
            text.starts_with('\u{feff}'),
            "{name}"
        );
        if text.contains("\r\n") {
            assert_eq!(
                fixed.text.matches('\n').count(),
                fixed.text.matches("\r\n").count(),
                "{name}"
            );
        }
    }
}
