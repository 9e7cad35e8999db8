//! The rules, one per file, each named after the bad pattern it finds.

mod boilerplate_corpus;
mod boilerplate_menu;
mod boilerplate_pattern;
mod duplicate_line;
mod email_anchor_mismatch;
mod email_confusable;
mod email_html_remnant;
mod email_invalid;
mod email_label_split;
mod email_mailto_prefix;
mod email_missing;
mod email_obfuscated;
mod email_protected_placeholder;
mod hard_wrap;
mod html_leftover;
mod lost_character;
mod mojibake;
mod phone_grouping;
mod phone_invalid;
mod phone_malformed;
mod phone_missing_country_code;
mod phone_region_unknown;

use super::{Applicability, Document, Edit, Finding, Fix, Severity};
use crate::text::Line;

/// A rule: what it finds and how, as data that the command line, the language server and the
/// README test read.
pub struct Rule {
    /// The code, such as `phone-malformed`; its family is the part before the first `-`.
    pub code: &'static str,
    /// One line saying what the rule finds.
    pub summary: &'static str,
    /// The severity of its findings unless `[rules]` says otherwise.
    pub severity: Severity,
    /// When some findings get another severity: which, and when (`lost-character` reports a
    /// broken form that is also a word as info).
    pub other_severity: Option<(Severity, &'static str)>,
    /// Whether its findings come with a fix, and how safe it is.
    pub fix: FixAvailability,
    /// Its findings that overlap a boilerplate finding are dropped: the block says more (a
    /// structural menu inside a corpus block, a repeated line inside a footer).
    pub yields_to_boilerplate: bool,
    /// The documentation in Markdown, in the sections *What it does / Why is this bad? /
    /// Example / Fix safety*.
    pub doc: &'static str,
    check: fn(&Document<'_>, &mut Vec<Finding>),
}

impl Rule {
    /// The family: the part of the code before its first `-` (`phone` for `phone-malformed`).
    pub fn family(&self) -> &'static str {
        family_of(self.code)
    }

    /// The severities its findings have unless `[rules]` says otherwise.
    pub fn severities(&self) -> impl Iterator<Item = Severity> {
        std::iter::once(self.severity).chain(self.other_severity.map(|(s, _)| s))
    }
}

/// Whether a rule's findings come with a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    /// Every finding has a fix.
    Always(FixSafety),
    /// Some findings have a fix; the others are left to a person.
    Sometimes(FixSafety),
    /// No finding has a fix.
    Never,
}

impl FixAvailability {
    /// `always`, `sometimes` or `never`.
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Always(_) => "always",
            FixAvailability::Sometimes(_) => "sometimes",
            FixAvailability::Never => "never",
        }
    }

    /// Whether a finding's fix, or its lack of one, is what this availability says.
    pub fn allows(self, fix: Option<&Fix>) -> bool {
        let Some(fix) = fix else {
            return !matches!(self, FixAvailability::Always(_));
        };
        match self.safety() {
            None => false,
            Some(FixSafety::Safe) => fix.applicability == Applicability::Safe,
            Some(FixSafety::Unsafe) => fix.applicability == Applicability::Unsafe,
            Some(FixSafety::Mixed) => fix.applicability != Applicability::DisplayOnly,
        }
    }

    /// How safe the fixes are, `None` when there are none.
    pub fn safety(self) -> Option<FixSafety> {
        match self {
            FixAvailability::Always(s) | FixAvailability::Sometimes(s) => Some(s),
            FixAvailability::Never => None,
        }
    }
}

/// How safe a rule's fixes are, in the terms of [`Applicability`](crate::Applicability).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixSafety {
    /// Every fix is safe: `tamis fix` and fix-all apply them.
    Safe,
    /// Every fix is unsafe: applied only with `--unsafe-fixes`.
    Unsafe,
    /// Safe or unsafe depending on the finding; the rule's documentation says when.
    Mixed,
}

impl FixSafety {
    /// `safe`, `unsafe` or `mixed`.
    pub fn as_str(self) -> &'static str {
        match self {
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
            FixSafety::Mixed => "mixed",
        }
    }
}

/// Every rule, in the order they run.
pub const RULES: &[Rule] = &[
    boilerplate_corpus::RULE,
    boilerplate_pattern::RULE,
    boilerplate_menu::RULE,
    email_html_remnant::RULE,
    email_protected_placeholder::RULE,
    email_anchor_mismatch::RULE,
    email_mailto_prefix::RULE,
    email_obfuscated::RULE,
    email_invalid::RULE,
    email_confusable::RULE,
    email_label_split::RULE,
    email_missing::RULE,
    phone_invalid::RULE,
    phone_malformed::RULE,
    phone_missing_country_code::RULE,
    phone_grouping::RULE,
    phone_region_unknown::RULE,
    hard_wrap::RULE,
    lost_character::RULE,
    mojibake::RULE,
    html_leftover::RULE,
    duplicate_line::RULE,
];

/// The rule families, in the order of their first rule in [`RULES`], each once.
pub fn families() -> impl Iterator<Item = &'static str> {
    RULES.iter().enumerate().filter_map(|(i, rule)| {
        let family = rule.family();
        (!RULES[..i].iter().any(|r| r.family() == family)).then_some(family)
    })
}

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// True for a rule code or a family name.
pub fn is_known_code_or_family(name: &str) -> bool {
    rule(name).is_some() || families().any(|f| f == name)
}

/// The family of a code: the part before its first `-`.
fn family_of(code: &str) -> &str {
    code.split_once('-').map_or(code, |(family, _)| family)
}

pub(super) fn run_all(doc: &Document<'_>, out: &mut Vec<Finding>) {
    for rule in RULES {
        if doc.settings().severity(rule.code, Severity::Hint).is_none() {
            continue;
        }
        let before = out.len();
        (rule.check)(doc, out);
        // A structural menu finding says less than a corpus or pattern finding on the same
        // lines, and a repeated line inside boilerplate goes with its block: keep only the
        // boilerplate finding.
        if rule.yields_to_boilerplate {
            let (earlier, new) = out.split_at(before);
            // Boilerplate ranges, sorted, so that each check is a binary search.
            let mut blocks: Vec<std::ops::Range<usize>> = earlier
                .iter()
                .filter(|e| e.code.starts_with("boilerplate"))
                .map(|e| e.range.clone())
                .collect();
            blocks.sort_by_key(|r| r.start);
            // Merge blocks that overlap (a pattern inside a corpus block), so that the ends are
            // sorted too.
            blocks.dedup_by(|next, kept| {
                if next.start < kept.end {
                    kept.end = kept.end.max(next.end);
                    true
                } else {
                    false
                }
            });
            let overlaps = |r: &std::ops::Range<usize>| {
                let i = blocks.partition_point(|b| b.end <= r.start);
                i < blocks.len() && blocks[i].start < r.end
            };
            let keep: Vec<bool> = new.iter().map(|f| !overlaps(&f.range)).collect();
            let mut i = 0;
            out.retain(|_| {
                let k = i < before || keep[i - before];
                i += 1;
                k
            });
        }
    }
}

/// The edit that deletes `lines[first..=last]` so that the text reads on without them: at the
/// top, following blank lines go too, so that the next line becomes the first; at the bottom, the
/// line break before the block goes instead.
pub(crate) fn delete_lines(lines: &[Line<'_>], first: usize, last: usize) -> Edit {
    let at_top = lines[..first].iter().all(Line::is_blank);
    let at_bottom = lines[last + 1..].iter().all(Line::is_blank);
    if at_top {
        let end = lines[last + 1..]
            .iter()
            .find(|l| !l.is_blank())
            .map_or(lines[last].next, |l| l.start);
        return Edit::delete(lines[first].start..end);
    }
    if at_bottom {
        let keep = lines[..first]
            .iter()
            .rposition(|l| !l.is_blank())
            .unwrap_or(0);
        // Keep the terminator of the last kept line when the block's own last line had one.
        let start = if lines[last].next > lines[last].end {
            lines[keep].next
        } else {
            lines[keep].end
        };
        return Edit::delete(start..lines[last].next);
    }
    Edit::delete(lines[first].start..lines[last].next)
}

/// The source text of a line range for messages, shortened.
pub(crate) fn quote(s: &str) -> String {
    const MAX: usize = 60;
    let s = s.trim();
    if s.chars().count() <= MAX {
        format!("`{s}`")
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("`{cut}…`")
    }
}

/// The fix that writes an email mention as its bare address, joining a label left alone on the
/// line before.
pub(crate) fn email_fix(
    m: &crate::email::Mention,
    applicability: super::Applicability,
) -> super::Fix {
    let (edit, title) = match &m.label_gap {
        Some(gap) => (
            Edit::replace(gap.start..m.range.end, format!(" {}", m.address)),
            format!("Write `{}` on the label's line", m.address),
        ),
        None => (
            Edit::replace(m.range.clone(), m.address.clone()),
            format!("Replace with `{}`", m.address),
        ),
    };
    super::Fix::new(title, applicability, vec![edit])
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The code, severity and fix cells of the rows of the README's rule table.
    fn readme_rows() -> Vec<[String; 3]> {
        let readme = include_str!("../../../../README.md");
        let section = readme
            .split("\n## What it finds\n")
            .nth(1)
            .expect("the README has a section \"What it finds\"");
        let rows: Vec<[String; 3]> = section
            .lines()
            .skip_while(|l| !l.starts_with("| code |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
                let fix = cells.last().expect("a row has cells");
                [cells[0].trim_matches('`'), cells[1], fix].map(String::from)
            })
            .collect();
        assert!(!rows.is_empty(), "the README's rule table has no rows");
        rows
    }

    /// The severity column of a rule: `warning`, or `warning / info` for two severities.
    fn severity_cell(rule: &Rule) -> String {
        match rule.other_severity {
            None => rule.severity.as_str().to_string(),
            Some((other, _)) => format!("{} / {}", rule.severity.as_str(), other.as_str()),
        }
    }

    /// The words of a fix cell that say how safe the fix is: `safe`, `unsafe` and `none`.
    fn safety_words(cell: &str) -> BTreeSet<&str> {
        cell.split(|c: char| !c.is_alphabetic())
            .filter(|w| matches!(*w, "safe" | "unsafe" | "none"))
            .collect()
    }

    /// The safety words that a fix cell must use, no more and no fewer.
    fn expected_words(fix: FixAvailability) -> BTreeSet<&'static str> {
        let mut words = match fix.safety() {
            Some(FixSafety::Safe) => BTreeSet::from(["safe"]),
            Some(FixSafety::Unsafe) => BTreeSet::from(["unsafe"]),
            Some(FixSafety::Mixed) => BTreeSet::from(["safe", "unsafe"]),
            None => BTreeSet::new(),
        };
        if !matches!(fix, FixAvailability::Always(_)) {
            words.insert("none");
        }
        words
    }

    #[test]
    fn the_readme_table_describes_the_rules_in_order() {
        let rows = readme_rows();
        let codes: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        let rule_codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        assert_eq!(
            codes, rule_codes,
            "the README's rule table lists other rules"
        );
        for ([code, severity, fix], rule) in rows.iter().zip(RULES) {
            assert_eq!(
                *severity,
                severity_cell(rule),
                "README severity of `{code}`"
            );
            assert_eq!(
                safety_words(fix),
                expected_words(rule.fix),
                "README fix of `{code}` (`{fix}`) for a fix {:?}",
                rule.fix
            );
        }
    }

    #[test]
    fn safety_words_are_whole_words() {
        assert_eq!(
            safety_words("the form (safe from the configuration, unsafe when guessed)"),
            BTreeSet::from(["safe", "unsafe"])
        );
        assert_eq!(
            safety_words("none: a person must choose"),
            BTreeSet::from(["none"])
        );
        assert_eq!(safety_words("nonesuch, unsafely"), BTreeSet::new());
    }

    #[test]
    fn families_come_from_the_codes_in_order() {
        let families: Vec<&str> = families().collect();
        assert_eq!(
            families,
            [
                "boilerplate",
                "email",
                "phone",
                "hard",
                "lost",
                "mojibake",
                "html",
                "duplicate"
            ]
        );
        assert!(is_known_code_or_family("phone"));
        assert!(is_known_code_or_family("phone-malformed"));
        assert!(!is_known_code_or_family("phone-"));
        assert!(!is_known_code_or_family("wrap"));
    }

    #[test]
    fn every_rule_is_documented_in_the_four_sections() {
        let mut codes = BTreeSet::new();
        for rule in RULES {
            assert!(codes.insert(rule.code), "`{}` twice", rule.code);
            let headings: Vec<&str> = rule.doc.lines().filter(|l| l.starts_with('#')).collect();
            assert_eq!(
                headings,
                [
                    "## What it does",
                    "## Why is this bad?",
                    "## Example",
                    "## Fix safety"
                ],
                "the sections of `{}`",
                rule.code
            );
            assert!(rule.doc.ends_with('\n') && !rule.doc.ends_with("\n\n"));
            assert!(!rule.summary.is_empty() && !rule.summary.ends_with('.'));
        }
    }
}
