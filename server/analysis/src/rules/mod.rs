//! The rules, one per file, each named after the bad pattern it finds.

mod boilerplate_corpus;
mod boilerplate_menu;
pub(crate) mod boilerplate_page;
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
pub mod encoding_not_utf8;
mod hard_wrap;
mod html_leftover;
mod lost_character;
pub(crate) use lost_character::prepare_for as prepare_lost_character;

pub(crate) use email_missing::prepare as prepare_email_missing;
mod mojibake;
mod phone_grouping;
mod phone_invalid;
mod phone_malformed;
mod phone_missing_country_code;
mod phone_region_unknown;

use std::ops::Range;

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
    /// How much of the text its findings depend on, so that an editor knows what to analyse
    /// again after a change.
    pub scope: Scope,
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

/// What a rule reads to decide: how much a language server must analyse again after a change
/// (see `incremental.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole document: blocks at its head and tail, lines repeated, the widths of its lines,
    /// the corpus model. Run on the whole text after every change.
    Document,
    /// A line, with at most `before` non-blank lines before it and `after` after it (a label on
    /// the line before an address, an office named two lines above a number), plus facts of the
    /// whole document given apart (whether it is French). Run again only on the paragraphs a
    /// change touched and their neighbours.
    Lines { before: usize, after: usize },
}

impl Scope {
    /// `document` or `lines`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Document => "document",
            Scope::Lines { .. } => "lines",
        }
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
    boilerplate_page::RULE,
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
    encoding_not_utf8::RULE,
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

/// Runs every rule on `doc`, in their order, each that yields to boilerplate losing its
/// findings inside the boilerplate found before it; the boilerplate findings merged.
pub(super) fn run_all(doc: &Document<'_>, out: &mut Vec<Finding>) {
    run_rules(doc, out, true);
    merge_boilerplate(doc, out);
}

/// [`run_all`] but the merge of the boilerplate findings; with `fewer`, the findings of
/// `boilerplate-page` that the merge would drop without a word are not made.
fn run_rules(doc: &Document<'_>, out: &mut Vec<Finding>, fewer: bool) {
    for rule in RULES.iter() {
        if doc.settings().severity(rule.code, Severity::Hint).is_none() {
            continue;
        }
        let before = out.len();
        if fewer && rule.code == boilerplate_page::RULE.code {
            // The last boilerplate rule: `out` holds every other boilerplate finding.
            boilerplate_page::check_after_the_others(doc, out);
        } else {
            (rule.check)(doc, out);
        }
        // A repeated line inside boilerplate goes with its block: keep only the block.
        if rule.yields_to_boilerplate {
            drop_inside_boilerplate(out, before);
        }
    }
}

/// True when `boilerplate-page` runs with these settings.
pub(crate) fn page_enabled(doc: &Document<'_>) -> bool {
    doc.settings()
        .severity(boilerplate_page::RULE.code, Severity::Hint)
        .is_some()
}

/// Runs the rules of document scope but `boilerplate-page`, whose findings the caller makes
/// apart (on a thread of its own: on a large text it is half of these rules' time) and gives to
/// [`Apart::finish`], which merges their boilerplate findings: with [`run_line_rules`] on every
/// part of the text, what [`run_all`] finds. The boilerplate rules before it put their findings
/// in `out`; the rules after it keep theirs apart ([`Apart::take_after`]), those that yield to
/// boilerplate not yet filtered ([`Yielding`]), in a vector made with room for `after` (the
/// count of the last text, after a keystroke: grown from nothing, it was copied at each).
pub(crate) fn run_document_rules_but_page(
    doc: &Document<'_>,
    out: &mut Vec<Finding>,
    after: usize,
) -> Apart {
    let page = RULES
        .iter()
        .position(|r| r.code == boilerplate_page::RULE.code)
        .expect("boilerplate-page is a rule");
    let mut apart = Apart {
        after: Vec::with_capacity(after),
        yielding: Vec::new(),
    };
    for (i, rule) in RULES.iter().enumerate() {
        if i == page
            || rule.scope != Scope::Document
            || doc.settings().severity(rule.code, Severity::Hint).is_none()
        {
            continue;
        }
        let into = if i < page {
            &mut *out
        } else {
            &mut apart.after
        };
        let before = into.len();
        (rule.check)(doc, into);
        if rule.yields_to_boilerplate {
            if i < page {
                drop_inside_boilerplate(out, before);
            } else {
                apart.yielding.push(rule.code);
            }
        }
    }
    apart
}

/// The findings of the rules of document scope after `boilerplate-page` (see
/// [`run_document_rules_but_page`]).
pub(crate) struct Apart {
    after: Vec<Finding>,
    /// The codes of the rules among them that yield to boilerplate. (A rule's findings have its
    /// code, and no rule of line scope yields to boilerplate: no other finding has these codes.)
    yielding: Vec<&'static str>,
}

impl Apart {
    /// The findings of the rules after `boilerplate-page`, in the order they were made; the
    /// caller sorts them (and may merge others into them) and keeps those [`Yielding::keeps`].
    pub(crate) fn take_after(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.after)
    }

    /// `page` (the findings of `boilerplate-page`) after `out` (those of the rules before it),
    /// their boilerplate findings merged, as [`run_all`] leaves them; and which of the findings of
    /// the rules after it stay: none inside the boilerplate of all of them, for a rule that
    /// yields to boilerplate.
    pub(crate) fn finish(
        self,
        doc: &Document<'_>,
        page: Vec<Finding>,
        out: &mut Vec<Finding>,
    ) -> Yielding {
        out.extend(page);
        // (The rules after `boilerplate-page` make no boilerplate finding: `out` holds them
        // all, as the findings before each of them do in `run_all`.)
        debug_assert!(self
            .after
            .iter()
            .all(|f| !f.code.starts_with("boilerplate")));
        let blocks = if self.yielding.is_empty() {
            Vec::new()
        } else {
            boilerplate_blocks(out)
        };
        merge_boilerplate(doc, out);
        Yielding {
            codes: self.yielding,
            blocks,
        }
    }
}

/// Which findings of the rules of document scope after `boilerplate-page` stay (see
/// [`Apart::finish`]).
pub(crate) struct Yielding {
    codes: Vec<&'static str>,
    /// The boilerplate findings' ranges, sorted and merged.
    blocks: Vec<Range<usize>>,
}

impl Yielding {
    /// False for a finding of a rule that yields to boilerplate inside boilerplate. By code:
    /// a rule's findings have its code, and no rule of line scope yields to boilerplate (see
    /// [`run_line_rules`]), so that the findings of one that does are the only ones with its
    /// code.
    pub(crate) fn keeps(&self, f: &Finding) -> bool {
        debug_assert!(
            !self.codes.contains(&f.code)
                || rule(f.code).is_some_and(|r| r.scope == Scope::Document)
        );
        !(self.codes.contains(&f.code) && overlaps(&self.blocks, &f.range))
    }
}

/// Runs the rules of line scope only. None of them yields to boilerplate, so they need nothing
/// of the document rules.
pub(crate) fn run_line_rules(doc: &Document<'_>, out: &mut Vec<Finding>) {
    for rule in RULES.iter().filter(|r| r.scope != Scope::Document) {
        debug_assert!(!rule.yields_to_boilerplate);
        if doc.settings().severity(rule.code, Severity::Hint).is_some() {
            (rule.check)(doc, out);
        }
    }
}

/// The context, in non-blank lines before and after a line, that the rules of line scope need.
pub(crate) fn line_context() -> (usize, usize) {
    RULES.iter().fold((0, 0), |(b, a), r| match r.scope {
        Scope::Lines { before, after } => (b.max(before), a.max(after)),
        Scope::Document => (b, a),
    })
}

/// The findings of the rules of document scope, for a huge text: each rule's in a vector of its
/// own, of their exact length (the boilerplate rules' merged in the first), where one vector of
/// all the findings would hold twice their number at its last doubling. With
/// [`run_line_rules`] on every part of the text, what [`run_all`] finds (no rule of line scope
/// yields to boilerplate, so the boilerplate findings are complete here).
pub(crate) fn run_document_rules_apart(doc: &Document<'_>) -> Vec<Vec<Finding>> {
    let mut runs = Vec::new();
    let mut boilerplate = Vec::new();
    for rule in RULES.iter().filter(|r| r.scope == Scope::Document) {
        if doc.settings().severity(rule.code, Severity::Hint).is_none() {
            continue;
        }
        if is_boilerplate(rule) {
            // The boilerplate rules come first, so every rule that yields to them sees them all.
            debug_assert!(runs.is_empty());
            (rule.check)(doc, &mut boilerplate);
            continue;
        }
        let mut found = Vec::new();
        (rule.check)(doc, &mut found);
        if rule.yields_to_boilerplate && !found.is_empty() {
            let blocks = boilerplate_blocks(&boilerplate);
            found.retain(|f| !overlaps(&blocks, &f.range));
        }
        if !found.is_empty() {
            runs.push(exactly(found));
        }
    }
    // Merged while the lines are there.
    merge_boilerplate(doc, &mut boilerplate);
    runs.insert(0, exactly(boilerplate));
    runs
}

/// The boilerplate findings of [`run_all`], from the boilerplate rules alone: no other rule
/// makes or drops one (those that yield to boilerplate drop their own findings).
pub(crate) fn run_boilerplate(doc: &Document<'_>) -> Vec<Finding> {
    let mut boilerplate = Vec::new();
    for rule in RULES.iter().filter(|r| is_boilerplate(r)) {
        if doc.settings().severity(rule.code, Severity::Hint).is_some() {
            (rule.check)(doc, &mut boilerplate);
        }
    }
    merge_boilerplate(doc, &mut boilerplate);
    boilerplate
}

fn is_boilerplate(rule: &Rule) -> bool {
    rule.code.starts_with("boilerplate")
}

/// The findings in a vector of their length: `shrink_to_fit` may keep the block when it would
/// free less than half of it.
pub(crate) fn exactly(found: Vec<Finding>) -> Vec<Finding> {
    if found.capacity() == found.len() {
        return found;
    }
    let mut out = Vec::with_capacity(found.len());
    out.extend(found);
    out
}

/// Drops the findings from `before` on that overlap a boilerplate finding made earlier.
fn drop_inside_boilerplate(out: &mut Vec<Finding>, before: usize) {
    let (earlier, new) = out.split_at(before);
    let blocks = boilerplate_blocks(earlier);
    let keep: Vec<bool> = new.iter().map(|f| !overlaps(&blocks, &f.range)).collect();
    let mut i = 0;
    out.retain(|_| {
        let k = i < before || keep[i - before];
        i += 1;
        k
    });
}

/// The ranges of the boilerplate findings among `findings`, sorted and merged, so that each
/// check of [`overlaps`] is a binary search.
fn boilerplate_blocks(findings: &[Finding]) -> Vec<Range<usize>> {
    merged_ranges(
        findings
            .iter()
            .filter(|e| e.code.starts_with("boilerplate"))
            .map(|e| e.range.clone())
            .collect(),
    )
}

/// True when `r` overlaps one of `blocks` (sorted and merged).
fn overlaps(blocks: &[Range<usize>], r: &Range<usize>) -> bool {
    let i = blocks.partition_point(|b| b.end <= r.start);
    i < blocks.len() && blocks[i].start < r.end
}

/// Ranges sorted by start, those that overlap merged into one.
fn merged_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    ranges.dedup_by(|next, kept| {
        if next.start < kept.end {
            kept.end = kept.end.max(next.end);
            true
        } else {
            false
        }
    });
    ranges
}

/// What [`merge_boilerplate`] reads of a boilerplate finding: its rule's rank in [`RULES`], its
/// range and whether its fix is safe.
pub(crate) type Merged = (usize, Range<usize>, bool);

/// The rank in [`RULES`] of the rule with this code.
pub(crate) fn rank(code: &str) -> usize {
    RULES
        .iter()
        .position(|r| r.code == code)
        .unwrap_or(usize::MAX)
}

/// A group of overlapping boilerplate findings that [`merge_boilerplate`] merges.
struct MergeGroup {
    /// The findings, in the order of their starts: indices into the items given, at these
    /// places of the order [`merge_groups`] gives.
    members: Range<usize>,
    /// Their union.
    range: Range<usize>,
    /// Whether the safe fixes among them cover the union.
    all_safe: bool,
    /// The finding that names the group: of the rule that ranks first (among the safe ones
    /// when they cover the union), the one that starts first.
    primary: usize,
}

/// The groups of two or more overlapping findings among `items` (in the order the rules made
/// them), as [`merge_boilerplate`] merges them, and the items in the order of their starts
/// (which the groups' members index).
fn merge_groups(items: &[Merged]) -> (Vec<usize>, Vec<MergeGroup>) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| items[i].1.start);
    let mut groups = Vec::new();
    let mut from = 0;
    while from < order.len() {
        // A group: the findings that start before the end of those before them.
        let start = items[order[from]].1.start;
        let mut end = items[order[from]].1.end;
        let mut to = from + 1;
        while to < order.len() && items[order[to]].1.start < end {
            end = end.max(items[order[to]].1.end);
            to += 1;
        }
        let members = &order[from..to];
        if members.len() > 1 {
            // The safe fixes, in the order of their starts, cover the union when they are
            // one run of overlapping ranges from its start to its end (ranges that only touch
            // are two).
            let mut safe = members.iter().map(|&i| &items[i]).filter(|m| m.2);
            let all_safe = safe.next().is_some_and(|first| {
                let mut cover = first.1.clone();
                safe.all(|m| {
                    let joined = m.1.start < cover.end;
                    cover.end = cover.end.max(m.1.end);
                    joined
                }) && cover == (start..end)
            });
            // A safe union is named by a rule whose fix is safe: a rule whose fix is always
            // unsafe (`boilerplate-menu`) would otherwise show a safe fix under its code.
            let primary = *members
                .iter()
                .filter(|&&i| !all_safe || items[i].2)
                .min_by_key(|&&i| (items[i].0, items[i].1.start))
                .expect("a group has findings, a safe union safe ones");
            groups.push(MergeGroup {
                members: from..to,
                range: start..end,
                all_safe,
                primary,
            });
        }
        from = to;
    }
    (order, groups)
}

/// Which of the findings `new` (made after `earlier`, by the last boilerplate rule, of rank
/// `new_rank`) [`merge_boilerplate`] drops without a word, when `earlier` holds every other
/// boilerplate finding it merges: those inside a group whose primary finding, another one,
/// covers the group. Such a finding changes nothing in the merge (it is inside the primary's
/// range, which names the group with or without it), so its rule need not make it.
pub(crate) fn dropped_unnamed(
    earlier: &[Finding],
    new: &[(Range<usize>, bool)],
    new_rank: usize,
) -> Vec<bool> {
    let mut items: Vec<Merged> = earlier
        .iter()
        .filter(|f| f.code.starts_with("boilerplate"))
        .map(|f| {
            let safe = f
                .fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe);
            (rank(f.code), f.range.clone(), safe)
        })
        .collect();
    let before = items.len();
    items.extend(new.iter().map(|(r, safe)| (new_rank, r.clone(), *safe)));
    let mut dropped = vec![false; new.len()];
    let (order, groups) = merge_groups(&items);
    for group in groups {
        if items[group.primary].1 == group.range {
            for &k in order[group.members].iter().filter(|&&k| k != group.primary) {
                if k >= before {
                    dropped[k - before] = true;
                }
            }
        }
    }
    dropped
}

/// Boilerplate findings of several rules on overlapping lines become one finding on their
/// union, so that a corpus block covering part of a menu does not leave the rest of it. The
/// finding of the earliest rule (the corpus before a pattern, before the single-page detectors)
/// gives its code and message; its fix deletes the union, safe only when the findings that are
/// safe cover the whole union. When it is unsafe, the safe findings inside the union stay too,
/// so that a safe fix still deletes what they are sure of.
fn merge_boilerplate(doc: &Document<'_>, out: &mut Vec<Finding>) {
    let idx: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].code.starts_with("boilerplate"))
        .collect();
    if idx.len() < 2 {
        return;
    }
    let is_safe = |f: &Finding| {
        f.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    };
    let items: Vec<Merged> = idx
        .iter()
        .map(|&i| (rank(out[i].code), out[i].range.clone(), is_safe(&out[i])))
        .collect();
    let lines = doc.lines();
    let mut drop = vec![false; out.len()];
    let (order, groups) = merge_groups(&items);
    for group in groups {
        let (start, end) = (group.range.start, group.range.end);
        let all_safe = group.all_safe;
        let primary = idx[group.primary];
        let group: Vec<usize> = order[group.members].iter().map(|&k| idx[k]).collect();
        let is_safe = |i: usize| is_safe(&out[i]);
        // The finding that ranks first already covers the others: it stands as it is.
        if out[primary].range == (start..end) {
            for &i in group.iter().filter(|&&i| i != primary) {
                drop[i] = true;
            }
            continue;
        }
        // The union replaces the others, except that when its fix is unsafe the safe findings
        // inside it stay, so that a safe fix still deletes what they are sure of.
        for &i in group.iter().filter(|&&i| i != primary) {
            drop[i] = all_safe || !is_safe(i);
        }
        let keep_primary_too = !all_safe && is_safe(primary);
        if keep_primary_too {
            out.push(out[primary].clone());
            drop.push(false);
        }
        let first = lines.partition_point(|l| l.start() < start);
        let last = lines.partition_point(|l| l.start() < end).saturating_sub(1);
        if first >= lines.len() || last < first {
            continue;
        }
        let others: Vec<String> = group
            .iter()
            .filter(|&&i| i != primary)
            .map(|&i| format!("{}: {}", out[i].code, out[i].message))
            .collect();
        let count = lines[first..=last].iter().filter(|l| !l.is_blank()).count();
        let f = &mut out[primary];
        f.range = start..end;
        f.message =
            smol_str::format_smolstr!("{} (together with {})", f.message, others.join("; "));
        f.fix = Some(Fix::new(
            format!("Delete the {count}-line boilerplate block"),
            if all_safe {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            },
            [delete_lines(lines, first, last)],
        ));
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
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
            .map_or(lines[last].next(), |l| l.start());
        return Edit::delete(lines[first].start()..end);
    }
    if at_bottom {
        let keep = lines[..first]
            .iter()
            .rposition(|l| !l.is_blank())
            .unwrap_or(0);
        // Keep the terminator of the last kept line when the block's own last line had one.
        let start = if lines[last].next() > lines[last].end() {
            lines[keep].next()
        } else {
            lines[keep].end()
        };
        return Edit::delete(start..lines[last].next());
    }
    Edit::delete(lines[first].start()..lines[last].next())
}

/// The source text of a line range for messages, shortened.
pub(crate) fn quote(s: &str) -> String {
    with_quote(&[], s, &[])
}

/// The pieces of `prefix`, then `s` as [`quote`] gives it, then the pieces of `suffix`, written
/// in one string of their length: the rules of document scope write a message per finding at
/// every keystroke (17,000 repeated lines in a damaged 5 MB file), where two `format!`s and
/// three strings per message showed, and a batch writes one per finding of a corpus (with
/// `format!`, 700 instructions a message).
pub(crate) fn with_quote(prefix: &[&str], s: &str, suffix: &[&str]) -> String {
    const MAX: usize = 60;
    let s = s.trim();
    // Where the character after the first `MAX` starts, if there is one: at `MAX` when the
    // first `MAX` bytes are ASCII, characters of a byte each (most quotes), and nowhere when the
    // text holds at most `MAX` bytes.
    let cut = if s.len() <= MAX {
        s.len()
    } else if s.as_bytes()[..MAX].is_ascii() {
        MAX
    } else {
        s.char_indices().nth(MAX).map_or(s.len(), |(i, _)| i)
    };
    let len = |pieces: &[&str]| pieces.iter().map(|p| p.len()).sum::<usize>();
    let mut out = String::with_capacity(len(prefix) + cut + len(suffix) + 5);
    prefix.iter().for_each(|p| out.push_str(p));
    out.push('`');
    out.push_str(&s[..cut]);
    if cut < s.len() {
        out.push('…');
    }
    out.push('`');
    suffix.iter().for_each(|p| out.push_str(p));
    out
}

/// A number written in decimal, as `format!("{n}")` writes it, on the stack: a piece of a
/// message put together with [`with_quote`] or `[…].concat()`.
pub(crate) struct Decimal {
    digits: [u8; 20],
    from: usize,
}

impl Decimal {
    pub(crate) fn new(mut n: u64) -> Decimal {
        let mut digits = [0; 20];
        let mut from = digits.len();
        loop {
            from -= 1;
            digits[from] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Decimal { digits, from }
    }
}

impl std::ops::Deref for Decimal {
    type Target = str;

    fn deref(&self) -> &str {
        std::str::from_utf8(&self.digits[self.from..]).expect("digits are ASCII")
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
    super::Fix::new(title, applicability, [edit])
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// A quote cut where the first 60 characters end, as `char_indices` finds it, on generated
    /// texts of ASCII and wider characters.
    #[test]
    fn quotes_are_cut_after_the_first_sixty_characters() {
        let straightforward = |s: &str| {
            let s = s.trim();
            let cut = s.char_indices().nth(60).map_or(s.len(), |(i, _)| i);
            let more = if cut < s.len() { "…" } else { "" };
            format!("a `{}{more}` b", &s[..cut])
        };
        let pieces = [
            "a",
            "mot ",
            "é",
            "œuvre ",
            "\u{1f600}",
            " ",
            "\n",
            "xxxxxxxxxxxxxxxxxxxx",
        ];
        let texts = crate::testing::texts_of_pieces(&pieces, 20_000, 40);
        let mut cut = 0;
        for t in &texts {
            let expected = straightforward(t);
            cut += usize::from(expected.contains('…'));
            assert_eq!(super::with_quote(&["a "], t, &[" b"]), expected, "{t:?}");
        }
        assert!(cut > 5_000, "{cut}");
    }

    /// Numbers in decimal as `to_string` writes them: the edges, then random ones of every
    /// length.
    #[test]
    fn decimals_are_written_as_format_writes_them() {
        let mut draws = crate::testing::Draws(0x9e37_79b9_u64);
        let edges = [
            0,
            1,
            9,
            10,
            99,
            100,
            101,
            12_345,
            u64::from(u32::MAX),
            u64::MAX,
        ];
        let random = (0..10_000).map(|_| (draws.below(u64::MAX) as u64) >> draws.below(64));
        for n in edges.into_iter().chain(random) {
            assert_eq!(&*Decimal::new(n), n.to_string());
        }
    }

    #[test]
    fn overlaps_of_merged_ranges_is_a_pass_over_all() {
        let mut draws = crate::testing::Draws(0x2545_f491_u64);
        let mut next = |n: u64| draws.below(n);
        for _ in 0..2000 {
            let ranges: Vec<Range<usize>> = (0..next(8))
                .map(|_| {
                    let s = next(40);
                    s..s + next(6)
                })
                .collect();
            let s = next(45);
            let r = s..s + 1 + next(8);
            let all = ranges.iter().any(|e| e.start < r.end && r.start < e.end);
            let merged = merged_ranges(ranges.clone());
            assert_eq!(overlaps(&merged, &r), all, "{ranges:?} {r:?}");
        }
    }

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
                "duplicate",
                "encoding"
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

    /// `merge_groups` groups as the first merge did: sorted by start, chained while a finding
    /// starts before the end of those before it, the safe fixes covering the union when
    /// `merged_ranges` of theirs is the union alone.
    #[test]
    fn merge_groups_are_those_of_the_straightforward_merge() {
        let mut draws = crate::testing::Draws(0x9e37_79b9_7f4a_7c15);
        let mut merged = 0;
        for _ in 0..20_000 {
            let items: Vec<super::Merged> = (0..1 + draws.below(7))
                .map(|_| {
                    let start = draws.below(30);
                    let end = start + draws.below(12);
                    (draws.below(4), start..end, draws.below(3) != 0)
                })
                .collect();
            let mut idx: Vec<usize> = (0..items.len()).collect();
            idx.sort_by_key(|&i| items[i].1.start);
            let mut groups: Vec<Vec<usize>> = Vec::new();
            let mut group_end = 0;
            for i in idx {
                match groups.last_mut() {
                    Some(g) if items[i].1.start < group_end => {
                        g.push(i);
                        group_end = group_end.max(items[i].1.end);
                    }
                    _ => {
                        groups.push(vec![i]);
                        group_end = items[i].1.end;
                    }
                }
            }
            let expected: Vec<_> = groups
                .into_iter()
                .filter(|g| g.len() > 1)
                .map(|g| {
                    let start = g.iter().map(|&i| items[i].1.start).min().unwrap();
                    let end = g.iter().map(|&i| items[i].1.end).max().unwrap();
                    let safe = g.iter().filter(|&&i| items[i].2);
                    let cover = super::merged_ranges(safe.map(|&i| items[i].1.clone()).collect());
                    let all_safe = cover.len() == 1 && cover[0] == (start..end);
                    let primary = *g
                        .iter()
                        .filter(|&&i| !all_safe || items[i].2)
                        .min_by_key(|&&i| (items[i].0, items[i].1.start))
                        .unwrap();
                    (g, start..end, all_safe, primary)
                })
                .collect();
            let (order, found) = super::merge_groups(&items);
            let found: Vec<_> = found
                .into_iter()
                .map(|g| (order[g.members].to_vec(), g.range, g.all_safe, g.primary))
                .collect();
            merged += found.iter().filter(|g| g.2).count();
            assert_eq!(found, expected, "{items:?}");
        }
        assert!(merged > 1000, "{merged}");
    }

    /// The findings of `boilerplate-page` that the merge drops without a word are not made, and
    /// the findings merged are those made from all of them: on the sample corpora and on the
    /// pages of sites sharing their menus and footers, with a model of them and without one.
    #[test]
    fn page_findings_dropped_unnamed_are_not_made_and_change_nothing() {
        use crate::{Context, Document, Model};
        let last = super::RULES
            .iter()
            .rposition(|r| r.code.starts_with("boilerplate"))
            .expect("boilerplate rules");
        assert_eq!(super::RULES[last].code, super::boilerplate_page::RULE.code);
        let paragraph = "The town council voted on Tuesday to build a new public library in the centre of the town, with a budget of two million euros.";
        let mut texts = crate::tests::corpora();
        for k in 0..40 {
            let site = k % 3;
            let menu = format!("Home {site}\nNews\nSport {site}\nWeather\nContact\n");
            let foot = format!("Share this article\nFacebook\nTwitter {site}\nCookie settings\n");
            let own = format!("Story {k} of the week\n\n{paragraph} Page {k}.\n");
            texts.push(match k % 4 {
                0 => format!("{menu}\n{own}\n{foot}"),
                1 => format!("{own}\n{foot}"),
                2 => format!("{menu}\n{own}"),
                _ => format!("{menu}Extra {k}\nMore\n\n{own}\n{foot}Legal {k}\n"),
            });
        }
        let mut model = Model::new();
        texts.iter().for_each(|t| model.add_document(t));
        let settings = crate::config::Settings::default();
        let mut not_made = 0;
        for model in [Some(&model), None] {
            let cx = Context {
                settings: &settings,
                model,
            };
            for text in &texts {
                let doc = Document::new(text, cx);
                let (mut all, mut fewer) = (Vec::new(), Vec::new());
                super::run_rules(&doc, &mut all, false);
                super::run_rules(&doc, &mut fewer, true);
                not_made += all.len() - fewer.len();
                super::merge_boilerplate(&doc, &mut all);
                super::merge_boilerplate(&doc, &mut fewer);
                assert_eq!(fewer, all, "{text:?}");
            }
        }
        assert!(not_made > 20, "{not_made}");
    }

    #[test]
    fn a_quote_keeps_sixty_characters_of_the_trimmed_text() {
        assert_eq!(super::quote("  Accueil \t"), "`Accueil`");
        let sixty = "é".repeat(60);
        assert_eq!(super::quote(&sixty), format!("`{sixty}`"));
        assert_eq!(super::quote(&format!("{sixty}x")), format!("`{sixty}…`"));
        assert_eq!(super::with_quote(&["a "], "b", &[" c"]), "a `b` c");
        assert_eq!(
            super::with_quote(&["a", " ", "b "], "c", &[" d", "", " e"]),
            "a b `c` d e"
        );
        assert_eq!(super::quote(""), "``");
    }
}
