//! The one fix applier, shared by `tamis fix`, code actions and fix-all.

use super::{
    check_in_batch, each, entities, Applicability, Context, Document, Edit, Finding, FindingRuns,
    Fix, SmolStr,
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
        if fix.edits.iter().any(|e| clashes(&taken, &e)) {
            continue;
        }
        for e in &fix.edits {
            taken.insert(e.range.start, e.range.end);
        }
        chosen.push(fix);
    }
    chosen
}

/// The edits of a selection of fixes, in text order (copies: the strings are shared).
pub fn sorted_edits(fixes: &[&Fix]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = fixes.iter().flat_map(|f| f.edits.iter()).collect();
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
    let text = apply_edits(text, &sorted_edits(&fixes));
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
    /// The fixes were stopped because they would have made the text longer than the analysis
    /// reads ([`crate::MAX_TEXT_LEN`]): the text is that of the last round that fitted, and
    /// its findings remain.
    pub stopped_at_limit: bool,
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
    fix_rounds(
        std::borrow::Cow::Borrowed(text),
        cx,
        options,
        Kept::Whole,
        Apart::default(),
    )
}

/// [`fix_until_stable`] on a text it is given: the text as it was is dropped as soon as the
/// first fixes are applied, rather than held by the caller through the later rounds' checks
/// (`tamis fix` on a 100 MB file: 100 MB less at its peak). Unchanged, it is the result's text.
pub fn fix_until_stable_owned(text: String, cx: Context<'_>, options: FixOptions) -> Fixed {
    fix_rounds(
        std::borrow::Cow::Owned(text),
        cx,
        options,
        Kept::Whole,
        Apart::default(),
    )
}

/// [`fix_until_stable_owned`] for a caller that reads only the text and the counts: the
/// findings of each round lose their messages, their fixes' titles and the fixes `options`
/// does not allow as soon as they are found (a huge text's part by part), and
/// [`Fixed::remaining`] holds them so. The same text and counts: choosing the fixes reads only
/// their edits (two fixes of equal edits clash whatever their titles) and the findings'
/// positions and codes. `tamis fix` on a 100 MB file held 598,000 findings of the first round
/// with 56 MB of messages and 17 MB of titles.
pub fn fix_until_stable_counted(text: String, cx: Context<'_>, options: FixOptions) -> Fixed {
    fix_rounds(
        std::borrow::Cow::Owned(text),
        cx,
        options,
        Kept::Counted,
        Apart::default(),
    )
}

/// How many findings [`crate::check`] gives for `text`, counted as `tamis fix` counts a round's
/// (a huge text's checked apart, part by part, each finding without its message and fix as
/// soon as it is found): for a caller that reports only their number.
pub fn count_findings(text: &str, cx: Context<'_>) -> usize {
    count_findings_with(text, cx, Apart::default())
}

fn count_findings_with(text: &str, cx: Context<'_>, apart: Apart) -> usize {
    if text.len() > apart.from {
        each::check_apart_in_parts(text, cx, apart.part, |f| {
            f.message = SmolStr::default();
            f.fix = None;
        })
        .len()
    } else {
        check_in_batch(text, cx).len()
    }
}

/// What each round keeps of its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kept {
    /// The findings as [`crate::check`] gives them.
    Whole,
    /// What choosing the fixes and counting the findings read (see [`lighten`]).
    Counted,
}

/// Drops from a finding what choosing fixes by `options` and counting do not read: its
/// message, its fix's title, and a fix that `options` does not allow or that has no edit.
fn lighten(f: &mut Finding, options: FixOptions) {
    f.message = SmolStr::default();
    match &mut f.fix {
        Some(fix) if options.allows(fix.applicability) && !fix.edits.is_empty() => {
            fix.title = SmolStr::default();
        }
        _ => f.fix = None,
    }
}

/// Texts larger than this are checked as `tamis check` checks a huge file, with
/// [`check_apart`]: the same findings in the same order, without the peak of gathering and
/// sorting them in one vector (on a 108 MB file, `tamis fix` peaked there, 30 MB above
/// `tamis check`).
const APART_LIMIT: usize = 8 << 20;

/// From which length a text is checked apart, and in parts of what size (the tests make both
/// small).
#[derive(Debug, Clone, Copy)]
struct Apart {
    from: usize,
    part: usize,
    /// The longest text a round may make: [`crate::MAX_TEXT_LEN`], which the next round's
    /// check could not read past.
    max_len: usize,
}

impl Default for Apart {
    fn default() -> Self {
        Apart {
            from: APART_LIMIT,
            part: each::EACH_PART,
            max_len: crate::MAX_TEXT_LEN,
        }
    }
}

/// The length of `text` once `edits` (sorted and disjoint) are applied.
fn len_after(text: &str, edits: &[Edit]) -> usize {
    edits.iter().fold(text.len(), |len, e| {
        len - (e.range.end - e.range.start) + e.new_text.len()
    })
}

/// The findings of one round: [`check_in_batch`], or [`crate::check_apart`] for a huge text,
/// with what `kept` says of them.
fn check_round(
    text: &str,
    cx: Context<'_>,
    options: FixOptions,
    kept: Kept,
    apart: Apart,
) -> FindingRuns {
    let lighten = |f: &mut Finding| {
        if kept == Kept::Counted {
            lighten(f, options);
        }
    };
    if text.len() > apart.from {
        each::check_apart_in_parts(text, cx, apart.part, lighten)
    } else {
        let mut found = check_in_batch(text, cx);
        found.iter_mut().for_each(lighten);
        FindingRuns::from(found)
    }
}

fn fix_rounds(
    mut current: std::borrow::Cow<'_, str>,
    cx: Context<'_>,
    options: FixOptions,
    kept: Kept,
    apart: Apart,
) -> Fixed {
    const MAX_ROUNDS: usize = 4;
    // The text is copied only once a fix changes it, and the findings and the text of a round
    // are dropped before the next round's check: on a 100 MB file each is hundreds of MB.
    let mut applied = 0;
    let mut findings = check_round(&current, cx, options, kept, apart);
    let found = findings.len();
    let (mut first_round, mut removed) = (0, 0);
    let mut stopped_at_limit = false;
    for round in 0..MAX_ROUNDS {
        let fixes = select_fixes(findings.iter(), options);
        let n = fixes.len();
        if n == 0 {
            break;
        }
        let edits = sorted_edits(&fixes);
        // A text just under the limit that fixes lengthen (`uvre` → `œuvre`) stays as it is:
        // its lines could not be read past the limit.
        if len_after(&current, &edits) > apart.max_len {
            stopped_at_limit = true;
            break;
        }
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
        // The edits are copies (see `sorted_edits`): the findings are dropped before the new
        // text is written, as the text as it was, its findings and the new text were the peak
        // of `tamis fix` on a huge file.
        drop(fixes);
        drop(std::mem::take(&mut findings));
        let next = apply_edits(&current, &edits);
        drop(edits);
        applied += n;
        current = std::borrow::Cow::Owned(next);
        findings = check_round(&current, cx, options, kept, apart);
    }
    Fixed {
        text: current.into_owned(),
        applied,
        remaining: findings.into_vec(),
        found,
        first_round,
        removed,
        stopped_at_limit,
    }
}

/// True when a range lies within the text an edit replaces (`edits` sorted and disjoint).
fn inside_an_edit(edits: &[Edit], range: &std::ops::Range<usize>) -> bool {
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
            fix: Some(Fix::new("t", a, [Edit::replace(range, new)])),
        }
    }

    /// The findings of [`Kept::Whole`] as [`Kept::Counted`] keeps them.
    fn lightened(findings: &[Finding], options: FixOptions) -> Vec<Finding> {
        let mut out = findings.to_vec();
        out.iter_mut().for_each(|f| lighten(f, options));
        out
    }

    #[test]
    fn counted_rounds_fix_and_count_as_whole_ones_apart_or_not() {
        let settings = crate::config::Settings::default();
        let cx = Context {
            settings: &settings,
            model: None,
        };
        let mut texts = crate::tests::corpora();
        // Fixes that clash or have equal edits: the same HTML remnant and email in several
        // rules' reach, lines repeated, boilerplate around them.
        let pieces = [
            "Contact : presse@exemple.org<br>\n",
            "Tel: +506 2212.5352\n",
            "mailto:ana@exemple.org&nbsp;\n",
            "Accueil | Qui sommes-nous | Contact\n",
            "L’organisation a publié le rapport annuel sur les migrations et les déplacements.\n",
            "Ã©tÃ© 2024 &amp; Ã  GenÃ¨ve\n",
            "\n",
            "Partager sur Facebook\n",
        ];
        texts.extend(crate::testing::texts_of_pieces(&pieces, 60, 40));
        for text in &texts {
            for options in [false, true].map(|unsafe_fixes| FixOptions { unsafe_fixes }) {
                let whole = fix_until_stable(text, cx, options);
                for apart in [
                    Apart::default(),
                    Apart {
                        from: 0,
                        part: 1,
                        ..Apart::default()
                    },
                    Apart {
                        from: 0,
                        part: 4 << 10,
                        ..Apart::default()
                    },
                ] {
                    let counted = fix_rounds(
                        std::borrow::Cow::Borrowed(text),
                        cx,
                        options,
                        Kept::Counted,
                        apart,
                    );
                    let head = &text[..crate::text::floor_char_boundary(text, 200)];
                    assert!(counted.text == whole.text, "{options:?} {apart:?}: {head}");
                    assert_eq!(
                        (
                            counted.applied,
                            counted.found,
                            counted.first_round,
                            counted.removed
                        ),
                        (whole.applied, whole.found, whole.first_round, whole.removed),
                        "{options:?} {apart:?}: {head}"
                    );
                    assert!(
                        counted.remaining == lightened(&whole.remaining, options),
                        "{options:?} {apart:?}: {head}"
                    );
                    // `count_findings` counts as the first round's check does.
                    assert_eq!(
                        count_findings_with(text, cx, apart),
                        whole.found,
                        "{apart:?}: {head}"
                    );
                }
            }
        }
    }

    #[test]
    fn fixes_stop_before_the_text_grows_past_the_limit() {
        let settings = crate::config::Settings::default();
        let cx = Context {
            settings: &settings,
            model: None,
        };
        let text = "Le plan est mis en uvre à Genève par les équipes de l’organisation, qui \
                    travaillent avec les autorités nationales et les partenaires locaux.\n\n\
                    Les chefs-d’uvre du patrimoine et la main-d’uvre du chantier.\n";
        let options = FixOptions { unsafe_fixes: true };
        let whole = fix_until_stable(text, cx, options);
        assert!(
            whole.text.len() > text.len(),
            "the fixes must lengthen the text"
        );
        assert!(!whole.stopped_at_limit);
        let round = |max_len| {
            fix_rounds(
                std::borrow::Cow::Borrowed(text),
                cx,
                options,
                Kept::Whole,
                Apart {
                    max_len,
                    ..Apart::default()
                },
            )
        };
        // Room for the fixed text: the same as without a limit.
        let roomy = round(whole.text.len());
        assert_eq!(
            (roomy.text.as_str(), roomy.applied),
            (whole.text.as_str(), whole.applied)
        );
        assert!(!roomy.stopped_at_limit);
        // One byte short: the text stays as it was, with its findings.
        for max_len in [text.len(), whole.text.len() - 1] {
            let stopped = round(max_len);
            assert!(stopped.stopped_at_limit, "{max_len}");
            assert!(stopped.text.len() <= max_len, "{max_len}");
            assert!(
                stopped.remaining == crate::check(&stopped.text, cx),
                "{max_len}"
            );
            assert_eq!(stopped.found, whole.found);
        }
        let unchanged = round(text.len());
        assert_eq!((unchanged.text.as_str(), unchanged.applied), (text, 0));
    }

    #[test]
    fn a_lightened_finding_keeps_its_position_code_and_allowed_edits() {
        let safe = FixOptions {
            unsafe_fixes: false,
        };
        let mut f = finding(2..5, "Y", Applicability::Safe);
        f.message = "a message longer than twenty-three bytes".into();
        let mut light = f.clone();
        lighten(&mut light, safe);
        assert_eq!((light.range.clone(), light.code), (2..5, "email-invalid"));
        assert!(light.message.is_empty());
        let fix = light.fix.expect("a safe fix is allowed");
        assert!(fix.title.is_empty() && fix.edits == f.fix.as_ref().unwrap().edits);
        let mut light = finding(2..5, "Y", Applicability::Unsafe);
        lighten(&mut light, safe);
        assert!(light.fix.is_none());
        let mut light = finding(2..5, "Y", Applicability::Unsafe);
        lighten(&mut light, FixOptions { unsafe_fixes: true });
        assert!(light.fix.is_some());
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
