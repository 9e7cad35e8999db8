//! The one fix applier, shared by `tamis fix`, code actions and fix-all.

use super::{
    check_apart, check_in_batch, entities, Applicability, Context, Document, Edit, Finding,
    FindingRuns, Fix,
};

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixOptions {
    /// Apply unsafe fixes as well as safe ones.
    pub unsafe_fixes: bool,
}

impl FixOptions {
    pub fn allows(self, applicability: Applicability) -> bool {
        match applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => self.unsafe_fixes,
            Applicability::DisplayOnly => false,
        }
    }
}

/// The fixes that can be applied together: those allowed by `options`, in order of position,
/// with every fix that has an edit overlapping an edit of an earlier one dropped (it can be
/// applied in a later round). Fixes interleave freely: a hard-wrap fix that only touches line
/// breaks goes with a word fix inside its paragraph.
pub fn select_fixes<'f>(
    findings: impl IntoIterator<Item = &'f Finding>,
    options: FixOptions,
) -> Vec<&'f Fix> {
    let mut fixes: Vec<&Fix> = findings
        .into_iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| options.allows(fix.applicability) && !fix.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| (f.range().start, f.range().end));
    fixes.dedup();
    // Accepted edits by start; they never overlap, so a neighbour check is enough.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let clashes = |taken: &std::collections::BTreeMap<usize, usize>, e: &Edit| {
        let before = taken.range(..=e.range.start).next_back();
        let after = taken.range(e.range.start..).next();
        // Insertions at the same offset as another edit's start or end would make the order of
        // the two ambiguous: they clash too.
        before.is_some_and(|(&s, &end)| end > e.range.start || s == e.range.start)
            || after.is_some_and(|(&s, _)| s < e.range.end || s == e.range.start)
    };
    let mut chosen: Vec<&Fix> = Vec::with_capacity(fixes.len());
    for fix in fixes {
        if fix.edits.iter().any(|e| clashes(&taken, e)) {
            continue;
        }
        for e in &fix.edits {
            taken.insert(e.range.start, e.range.end);
        }
        chosen.push(fix);
    }
    chosen
}

/// The edits of a selection of fixes, in text order.
pub fn sorted_edits<'f>(fixes: &[&'f Fix]) -> Vec<&'f Edit> {
    let mut edits: Vec<&Edit> = fixes.iter().flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits
}

/// Applies edits (sorted and disjoint) to a text.
pub fn apply_edits<'e>(text: &str, edits: impl IntoIterator<Item = &'e Edit>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for e in edits {
        debug_assert!(e.range.start >= last, "edits must be sorted and disjoint");
        out.push_str(&text[last..e.range.start]);
        out.push_str(&e.new_text);
        last = e.range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Applies, in one pass, every fix of `findings` that `options` allows and that does not overlap
/// an earlier one. Returns the new text and the number of fixes applied.
pub fn apply_fixes(text: &str, findings: &[Finding], options: FixOptions) -> (String, usize) {
    let fixes = select_fixes(findings, options);
    let n = fixes.len();
    let text = apply_edits(text, sorted_edits(&fixes));
    (text, n)
}

/// The result of fixing a text until nothing more applies, with what became of the findings of
/// the text as it was: `found = first_round + removed + unfixed()`, the counts `tamis check`
/// reports reconciled with what `tamis fix` does.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub text: String,
    /// Fixes applied, over all rounds.
    pub applied: usize,
    /// The findings of the final text.
    pub remaining: Vec<Finding>,
    /// The findings of the text as it was (what `check` reports).
    pub found: usize,
    /// Fixes applied in the first round, each of one finding of the text as it was.
    pub first_round: usize,
    /// Findings of the text as it was that had no fix applied but lay inside text that a fix
    /// of the first round deleted or rewrote (a finding inside a boilerplate block).
    pub removed: usize,
}

impl Fixed {
    /// Findings of the text as it was that no fix of the first round resolved: no fix, a fix
    /// not allowed (unsafe, or for display only), or one that overlapped another fix.
    pub fn unfixed(&self) -> usize {
        self.found - self.first_round - self.removed
    }

    /// Fixes applied after the first round, of findings that the first fixes revealed.
    pub fn later_rounds(&self) -> usize {
        self.applied - self.first_round
    }
}

/// Fixes, re-checks and fixes again, at most `MAX_ROUNDS` times, until no allowed fix is left.
///
/// Each round checks the text as [`check_in_batch`] does: the page detector takes the
/// measures of the lines the text checked before on the thread also holds, which after a fix
/// are nearly all of them (and before the first round, the menu and footer of the file fixed
/// before, in a batch). The findings are those of [`crate::check`].
pub fn fix_until_stable(text: &str, cx: Context<'_>, options: FixOptions) -> Fixed {
    fix_rounds(std::borrow::Cow::Borrowed(text), cx, options)
}

/// [`fix_until_stable`] on a text it is given: the text as it was is dropped as soon as the
/// first fixes are applied, rather than held by the caller through the later rounds' checks
/// (`tamis fix` on a 100 MB file: 100 MB less at its peak). Unchanged, it is the result's text.
pub fn fix_until_stable_owned(text: String, cx: Context<'_>, options: FixOptions) -> Fixed {
    fix_rounds(std::borrow::Cow::Owned(text), cx, options)
}

/// Texts larger than this are checked as `tamis check` checks a huge file, with
/// [`check_apart`]: the same findings in the same order, without the peak of gathering and
/// sorting them in one vector (on a 108 MB file, `tamis fix` peaked there, 30 MB above
/// `tamis check`).
const APART_LIMIT: usize = 8 << 20;

/// The findings of one round: [`check_in_batch`], or [`check_apart`] for a huge text.
fn check_round(text: &str, cx: Context<'_>) -> FindingRuns {
    if text.len() > APART_LIMIT {
        check_apart(text, cx)
    } else {
        FindingRuns::from(check_in_batch(text, cx))
    }
}

fn fix_rounds(
    mut current: std::borrow::Cow<'_, str>,
    cx: Context<'_>,
    options: FixOptions,
) -> Fixed {
    const MAX_ROUNDS: usize = 4;
    // The text is copied only once a fix changes it, and the findings and the text of a round
    // are dropped before the next round's check: on a 100 MB file each is hundreds of MB.
    let mut applied = 0;
    let mut findings = check_round(&current, cx);
    let found = findings.len();
    let (mut first_round, mut removed) = (0, 0);
    for round in 0..MAX_ROUNDS {
        let fixes = select_fixes(findings.iter(), options);
        let n = fixes.len();
        if n == 0 {
            break;
        }
        let edits = sorted_edits(&fixes);
        if round == 0 {
            first_round = n;
            let chosen: std::collections::HashSet<*const Fix> =
                fixes.iter().map(|f| *f as *const Fix).collect();
            removed = findings
                .iter()
                .filter(|f| {
                    !f.fix
                        .as_ref()
                        .is_some_and(|fix| chosen.contains(&(fix as *const Fix)))
                        && inside_an_edit(&edits, &f.range)
                })
                .count();
        }
        // The edits are taken out and the findings dropped before the new text is written: the
        // text as it was, its findings and the new text were the peak of `tamis fix` on a huge
        // file.
        let edits: Vec<Edit> = edits.into_iter().cloned().collect();
        drop(fixes);
        drop(std::mem::take(&mut findings));
        let next = apply_edits(&current, &edits);
        drop(edits);
        applied += n;
        current = std::borrow::Cow::Owned(next);
        findings = check_round(&current, cx);
    }
    Fixed {
        text: current.into_owned(),
        applied,
        remaining: findings.into_vec(),
        found,
        first_round,
        removed,
    }
}

/// True when a range lies within the text an edit replaces (`edits` sorted and disjoint).
fn inside_an_edit(edits: &[&Edit], range: &std::ops::Range<usize>) -> bool {
    let i = edits.partition_point(|e| e.range.start <= range.start);
    i > 0 && {
        let e = &edits[i - 1].range;
        e.start < e.end && range.end <= e.end
    }
}

/// Fixes a text until stable, then finds the entities of the fixed text, reading no rule twice:
/// the findings of the final round are those that keep entities out of boilerplate, as in
/// [`crate::check_and_extract`]. What `tamis export` hands to annotators by default.
pub fn fix_and_extract(
    text: &str,
    cx: Context<'_>,
    options: FixOptions,
) -> (Fixed, Vec<entities::Entity>) {
    let fixed = fix_until_stable(text, cx, options);
    let mut found = entities::extract(&Document::new(&fixed.text, cx));
    entities::drop_inside_boilerplate(&mut found, &fixed.remaining);
    (fixed, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    fn finding(range: std::ops::Range<usize>, new: &str, a: Applicability) -> Finding {
        Finding {
            code: "email-invalid",
            severity: Severity::Warning,
            message: crate::SmolStr::default(),
            range: range.clone(),
            fix: Some(Fix::new("t", a, vec![Edit::replace(range, new)])),
        }
    }

    #[test]
    fn drops_overlapping_and_unsafe_fixes() {
        let f = [
            finding(0..3, "X", Applicability::Safe),
            finding(2..5, "Y", Applicability::Safe),
            finding(5..6, "Z", Applicability::Safe),
            finding(6..7, "U", Applicability::Unsafe),
        ];
        let (out, n) = apply_fixes(
            "abcdefgh",
            &f,
            FixOptions {
                unsafe_fixes: false,
            },
        );
        assert_eq!((out.as_str(), n), ("XdeZgh", 2));
        let (out, _) = apply_fixes("abcdefgh", &f, FixOptions { unsafe_fixes: true });
        assert_eq!(out, "XdeZUh");
    }
}
