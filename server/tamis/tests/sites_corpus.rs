//! Six invented sites checked together (`tests/sites-corpus/`): each site's template is found,
//! and no line of a page's own text is deleted by a safe fix.
//!
//! The pages are named `SITE-N.txt`. A site's template is the lines that every page of the site
//! has; a page's own text is the lines that no other page has (its title, date line, paragraphs
//! and contact details).

mod common;

use std::collections::{HashMap, HashSet};

use common::{corpus, findings, model, repo};
use tamis_analysis::config::Settings;
use tamis_analysis::{fix_until_stable, Context, FixOptions};

fn site_of(name: &str) -> &str {
    name.rsplit_once('-').map_or(name, |(site, _)| site)
}

/// For each site, its pages and the lines all of them share.
fn templates(docs: &[(String, String)]) -> HashMap<&str, (Vec<usize>, HashSet<&str>)> {
    let mut sites: HashMap<&str, (Vec<usize>, HashSet<&str>)> = HashMap::new();
    for (i, (name, text)) in docs.iter().enumerate() {
        let lines: HashSet<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let entry = sites
            .entry(site_of(name))
            .or_insert_with(|| (Vec::new(), lines.clone()));
        entry.0.push(i);
        entry.1.retain(|l| lines.contains(l));
    }
    sites
}

/// The lines of each page that no other page of the corpus has.
fn own_lines(docs: &[(String, String)]) -> Vec<Vec<&str>> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (_, text) in docs {
        let distinct: HashSet<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        for l in distinct {
            *count.entry(l).or_default() += 1;
        }
    }
    docs.iter()
        .map(|(_, text)| text.lines().filter(|l| count.get(l) == Some(&1)).collect())
        .collect()
}

#[test]
fn the_corpus_mixes_six_sites_of_two_to_five_pages() {
    let docs = corpus(&repo().join("tests/sites-corpus"));
    let sites = templates(&docs);
    assert!(sites.len() >= 6, "{:?}", sites.keys());
    for (site, (pages, template)) in &sites {
        assert!((2..=5).contains(&pages.len()), "{site}");
        assert!(template.len() >= 4, "{site}");
    }
}

#[test]
fn every_template_line_is_found_when_the_sites_are_checked_together() {
    let docs = corpus(&repo().join("tests/sites-corpus"));
    let m = model(&docs);
    let mut missed = Vec::new();
    for (site, (pages, template)) in templates(&docs) {
        for &i in &pages {
            let (name, text) = &docs[i];
            let found: Vec<_> = findings(text, Some(&m))
                .into_iter()
                .filter(|f| f.code.starts_with("boilerplate"))
                .map(|f| f.range)
                .collect();
            let mut offset = 0;
            for line in text.split_inclusive('\n') {
                let content = line.trim_end_matches(['\n', '\r']);
                let covered = found
                    .iter()
                    .any(|r| r.start <= offset && offset + content.len() <= r.end);
                if template.contains(content) && !covered {
                    missed.push(format!("{site} {name}: {content}"));
                }
                offset += line.len();
            }
        }
    }
    assert!(
        missed.is_empty(),
        "template lines not found:\n{}",
        missed.join("\n")
    );
}

#[test]
fn no_line_of_a_page_s_own_text_is_deleted_by_a_safe_fix() {
    let docs = corpus(&repo().join("tests/sites-corpus"));
    let m = model(&docs);
    let settings = Settings::default();
    let own = own_lines(&docs);
    let mut lost = Vec::new();
    let mut fixed_any = 0;
    for ((name, text), own) in docs.iter().zip(&own) {
        let cx = Context {
            settings: &settings,
            model: Some(&m),
        };
        let fixed = fix_until_stable(
            text,
            cx,
            FixOptions {
                unsafe_fixes: false,
            },
        );
        if fixed.text != *text {
            fixed_any += 1;
        }
        let kept: HashSet<&str> = fixed.text.lines().collect();
        for line in own {
            if !kept.contains(line) {
                lost.push(format!("{name}: {line}"));
            }
        }
    }
    assert!(
        lost.is_empty(),
        "content deleted by a safe fix:\n{}",
        lost.join("\n")
    );
    // The safe fixes do remove boilerplate: the corpus confirms the larger sites' templates.
    assert!(fixed_any >= 9, "{fixed_any}");
}
