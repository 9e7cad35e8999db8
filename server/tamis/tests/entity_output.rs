//! What extraction finds, pinned: every entity of the sample corpus and of the evaluation
//! releases as a snapshot, and a digest of those of 1,200 generated releases (the benchmark's
//! generator). A change that means to find other entities updates them (`cargo insta review`);
//! a speed-up must leave them as they are.

mod common;

#[path = "../benches/corpus.rs"]
mod corpus;

use common::{corpus, entities, repo};
use tamis_analysis::entities::Entity;

/// One line per entity: kind, bytes, text, normalised value and attributes.
fn render(text: &str, entities: &[Entity]) -> String {
    let mut out = String::new();
    for e in entities {
        out.push_str(&format!(
            "{} {}..{} {:?} = {:?} {:?}\n",
            e.kind.as_str(),
            e.range.start,
            e.range.end,
            &text[e.range.clone()],
            e.normalized,
            e.attributes
        ));
    }
    out
}

#[test]
fn entities_of_the_sample_and_evaluation_releases() {
    let mut out = String::new();
    for dir in [
        "tests/sample-corpus",
        "tests/entities-eval",
        "tests/entities-eval/heldout",
    ] {
        for (name, text) in corpus(&repo().join(dir)) {
            out.push_str(&format!("== {dir}/{name}\n"));
            out.push_str(&render(&text, &entities(&text)));
        }
    }
    insta::assert_snapshot!(out);
}

/// The real-shapes releases (issue 18) in a snapshot of their own, so that the set can grow
/// without touching the snapshot above.
#[test]
fn entities_of_the_real_shapes_releases() {
    let dir = "tests/entities-eval/real-shapes";
    let mut out = String::new();
    for (name, text) in corpus(&repo().join(dir)) {
        out.push_str(&format!("== {dir}/{name}\n"));
        out.push_str(&render(&text, &entities(&text)));
    }
    insta::assert_snapshot!(out);
}

/// FNV-1a, 64 bits: a digest that does not depend on the standard library's hasher.
fn fnv(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h
}

#[test]
fn entities_of_generated_releases() {
    let docs = corpus::generate(800_000);
    let bytes: usize = docs.iter().map(String::len).sum();
    let (mut digest, mut count) = (0xcbf2_9ce4_8422_2325u64, 0usize);
    let mut kinds = std::collections::BTreeMap::new();
    for doc in &docs {
        let found = entities(doc);
        count += found.len();
        for e in &found {
            *kinds.entry(e.kind.as_str()).or_insert(0usize) += 1;
        }
        digest = fnv(render(doc, &found).as_bytes(), digest);
    }
    insta::assert_snapshot!(format!(
        "{} releases, {bytes} bytes, {count} entities\n{kinds:?}\ndigest {digest:016x}\n",
        docs.len()
    ));
}
