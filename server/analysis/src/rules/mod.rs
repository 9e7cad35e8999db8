//! The rules, one per file, each named after the bad pattern it finds.

mod boilerplate_corpus;
mod boilerplate_menu;
mod boilerplate_pattern;
mod duplicate_line;
mod email_anchor_mismatch;
mod email_html_remnant;
mod email_invalid;
mod email_label_split;
mod email_mailto_prefix;
mod email_obfuscated;
mod hard_wrap;
mod html_leftover;
mod lost_character;
mod mojibake;
mod phone_grouping;
mod phone_invalid;
mod phone_malformed;
mod phone_missing_country_code;
mod phone_region_unknown;

use super::{Document, Edit, Finding};
use crate::text::Line;

/// A rule: its code, default severity and what it finds.
pub struct Rule {
    pub code: &'static str,
    pub summary: &'static str,
    check: fn(&Document<'_>, &mut Vec<Finding>),
}

/// Every rule, in the order they run.
pub const RULES: &[Rule] = &[
    boilerplate_corpus::RULE,
    boilerplate_pattern::RULE,
    boilerplate_menu::RULE,
    email_html_remnant::RULE,
    email_anchor_mismatch::RULE,
    email_mailto_prefix::RULE,
    email_obfuscated::RULE,
    email_invalid::RULE,
    email_label_split::RULE,
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

/// The rule families, the part of a code before its first `-`.
pub const FAMILIES: &[&str] = &[
    "boilerplate",
    "email",
    "phone",
    "hard",
    "lost",
    "mojibake",
    "html",
    "duplicate",
];

/// True for a rule code or a family name.
pub fn is_known_code_or_family(name: &str) -> bool {
    FAMILIES.contains(&name) || RULES.iter().any(|r| r.code == name)
}

pub(super) fn run_all(doc: &Document<'_>, out: &mut Vec<Finding>) {
    for rule in RULES {
        if doc
            .settings()
            .severity(rule.code, super::Severity::Hint)
            .is_none()
        {
            continue;
        }
        let before = out.len();
        (rule.check)(doc, out);
        // A structural menu finding says less than a corpus or pattern finding on the same
        // lines, and a repeated line inside boilerplate goes with its block: keep only the
        // boilerplate finding.
        if rule.code == boilerplate_menu::RULE.code || rule.code == duplicate_line::RULE.code {
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
