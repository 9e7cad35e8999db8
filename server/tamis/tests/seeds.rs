//! The reference corpus in `../shared/corpus/iom-fr/`, read from there.

mod common;

use common::{corpus, findings, fixed, model, shared};
use tamis_analysis::Severity;

fn seeds() -> Vec<(String, String)> {
    corpus(&shared().join("corpus/iom-fr"))
}

fn codes_of(docs: &[(String, String)], name: &str) -> Vec<(&'static str, Severity, String)> {
    let m = model(docs);
    let (_, text) = docs.iter().find(|(n, _)| n.starts_with(name)).unwrap();
    findings(text, Some(&m))
        .into_iter()
        .map(|f| (f.code, f.severity, text[f.range].to_string()))
        .collect()
}

#[test]
fn every_seed_has_one_boilerplate_block_from_the_top_through_the_agenda() {
    let docs = seeds();
    assert_eq!(docs.len(), 5);
    let m = model(&docs);
    for (name, text) in &docs {
        let f: Vec<_> = findings(text, Some(&m))
            .into_iter()
            .filter(|f| f.code.starts_with("boilerplate"))
            .collect();
        assert_eq!(f.len(), 1, "{name}: {f:?}");
        assert_eq!(f[0].code, "boilerplate-corpus");
        assert_eq!(f[0].range.start, 0, "{name}");
        assert!(
            text[f[0].range.clone()].ends_with("- 2030 AGENDA"),
            "{name}"
        );
        assert_eq!(f[0].fix.as_ref().unwrap().applicability.as_str(), "safe");
    }
}

#[test]
fn without_the_corpus_the_menu_is_still_found_with_an_unsafe_fix() {
    for (name, text) in &seeds() {
        let f: Vec<_> = findings(text, None)
            .into_iter()
            .filter(|f| f.code.starts_with("boilerplate"))
            .collect();
        assert_eq!(f.len(), 1, "{name}");
        assert_eq!(f[0].code, "boilerplate-menu");
        assert!(
            text[f[0].range.clone()].ends_with("- 2030 AGENDA"),
            "{name}"
        );
        assert_eq!(f[0].fix.as_ref().unwrap().applicability.as_str(), "unsafe");
    }
}

#[test]
fn emails_and_phones_as_the_issue_lists_them() {
    let docs = seeds();
    let non_boilerplate = |name| {
        codes_of(&docs, name)
            .into_iter()
            .filter(|(c, _, _)| c.starts_with("email") || c.starts_with("phone"))
            .map(|(c, s, t)| format!("{c} {} {t}", s.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        non_boilerplate("000"),
        ["phone-malformed warning +1876 968 0569"]
    );
    assert_eq!(
        non_boilerplate("001"),
        ["phone-grouping info +592 225 37 45"]
    );
    assert_eq!(
        non_boilerplate("002"),
        [
            "phone-malformed warning + 509 3245 5153",
            "email-html-remnant warning \"mailto:mmacchiavello@iom.int\">mmacchiavello@iom.int",
            "phone-malformed warning + 509 3702 5066",
            "email-html-remnant warning \"mailto:ldoyle@iom.int\">ldoyle@iom.int",
        ]
    );
    assert_eq!(
        non_boilerplate("003"),
        ["phone-malformed warning +506 2212.5352"]
    );
    assert_eq!(
        non_boilerplate("004"),
        [
            "phone-invalid error +57 1 6397777",
            "email-html-remnant warning \"mailto:jgallo@iom.int\">jgallo@iom.int",
        ]
    );
}

#[test]
fn after_fix_each_seed_starts_with_its_title_and_labels_hold_their_address() {
    let docs = seeds();
    let m = model(&docs);
    for (name, text) in &docs {
        let fixed = fixed(text, Some(&m), false);
        let title = text.lines().nth(29).unwrap();
        assert_eq!(fixed.lines().next().unwrap(), title, "{name}");
        assert!(!fixed.contains("mailto"), "{name}");
        // Nothing but the fixed spans changed: the body after the menu is intact up to the
        // contact lines (002 and 004 are also hard-wrapped: see tests/damage.rs).
        if !(name.starts_with("002") || name.starts_with("004")) {
            let body = &text[text.find(title).unwrap()..];
            let first_contact = body.find("Pour plus").unwrap();
            assert!(fixed.starts_with(&body[..first_contact]), "{name}");
        }
    }
    let fixed_002 = fixed(&docs[2].1, Some(&m), false);
    assert!(fixed_002.contains("\nE-mail: mmacchiavello@iom.int\nou\n"));
    assert!(fixed_002.contains("Tel: +509 32 45 5153\n"));
    assert!(fixed_002.ends_with("\nE-mail: ldoyle@iom.int"));
    let fixed_004 = fixed(&docs[4].1, Some(&m), false);
    assert!(fixed_004.ends_with("Tél. +57 1 6397777\nE-mail: jgallo@iom.int"));
    let unsafe_004 = fixed(&docs[4].1, Some(&m), true);
    assert!(unsafe_004.contains("Tél. +57 601 639 7777\n"));
}
