//! What an editor shows of one analysed document, as plain data and markdown: hover cards, the
//! outline, highlight ranges, symbol search and the exceptions that silence a finding.
//!
//! This is the layer between the analysis and a protocol, as rust-analyzer's `ide` crate sits
//! under its language server: everything here is in byte offsets of the text and knows nothing
//! of LSP. The language server converts these values at its boundary and schedules the work.
//! Every request is answered from one [`Analysis`], computed once per text.

mod exceptions;
mod hover;
mod outline;
mod symbols;

use std::sync::{Arc, OnceLock};

pub use exceptions::{exception, Exception, EXCEPTION_SECTIONS};
pub use hover::{hover, FilesNaming, HoverCard};
pub use outline::{highlights, outline, Highlight, OutlineGroup, OutlineItem, HIGHLIGHT_KINDS};
pub use symbols::SymbolQuery;

use crate::config::Settings;
use crate::entities::{self, Entity};
use crate::{email, phone, Context, Document, Finding, Incremental, Model};

/// One text analysed once: its findings, the emails and phone numbers the rules parsed, and its
/// entities (extracted at the first request that needs them).
#[derive(Debug)]
pub struct Analysis {
    text: Arc<String>,
    /// Where its lines start, as an editor counts them, when the analysis cut them
    /// ([`Incremental::line_starts`]).
    line_starts: Option<Arc<[usize]>>,
    /// The text analysed before this one by the same [`Incremental`], and the lengths of the
    /// start and the end they share.
    change: Option<(std::sync::Weak<String>, (usize, usize))>,
    settings: Arc<Settings>,
    model: Option<Arc<Model>>,
    findings: Vec<Finding>,
    /// The emails and phones, kept from the rules' run or parsed at the first request.
    mentions: OnceLock<(Vec<email::Mention>, Vec<phone::Mention>)>,
    entities: OnceLock<Vec<Entity>>,
}

impl Analysis {
    /// Runs the rules on `text` (what diagnostics need); entities wait for [`Analysis::entities`].
    pub fn new(text: String, settings: Arc<Settings>, model: Option<Arc<Model>>) -> Analysis {
        if !Analysis::reads(&text) {
            return Analysis::unread(text, settings, model);
        }
        let cx = Context {
            settings: &settings,
            model: model.as_deref(),
        };
        let doc = Document::new(&text, cx);
        let findings = crate::findings_of(&doc);
        let mentions = OnceLock::from(doc.into_mentions());
        Analysis {
            findings,
            mentions,
            entities: OnceLock::new(),
            ..Analysis::unread(text, settings, model)
        }
    }

    /// Runs the rules on `text` as [`Analysis::new`] does, analysing again only what differs from
    /// the texts `parts` saw before (see [`Incremental`]); the emails and phones wait for their
    /// first request.
    pub fn incremental(
        text: String,
        settings: Arc<Settings>,
        model: Option<Arc<Model>>,
        parts: &mut Incremental,
    ) -> Analysis {
        if !Analysis::reads(&text) {
            return Analysis::unread(text, settings, model);
        }
        let cx = Context {
            settings: &settings,
            model: model.as_deref(),
        };
        let text = Arc::new(text);
        let findings = parts.check_shared(&text, &settings, cx);
        Analysis {
            line_starts: Some(parts.line_starts()),
            change: parts.last_change(),
            text,
            settings,
            model,
            findings,
            mentions: OnceLock::new(),
            entities: OnceLock::new(),
        }
    }

    /// Whether the rules read `text`: not past [`crate::MAX_TEXT_LEN`] (1 GiB), where their
    /// lines' offsets end. An editor can hold a longer document; see [`Analysis::unread`].
    pub fn reads(text: &str) -> bool {
        text.len() <= crate::MAX_TEXT_LEN
    }

    /// A text the rules do not read ([`Analysis::reads`]): no finding, mention or entity. The
    /// server tells the user why.
    fn unread(text: String, settings: Arc<Settings>, model: Option<Arc<Model>>) -> Analysis {
        Analysis {
            text: Arc::new(text),
            line_starts: None,
            change: None,
            settings,
            model,
            findings: Vec::new(),
            mentions: OnceLock::from((Vec::new(), Vec::new())),
            entities: OnceLock::from(Vec::new()),
        }
    }

    fn mentions(&self) -> &(Vec<email::Mention>, Vec<phone::Mention>) {
        self.mentions
            .get_or_init(|| Document::new(&self.text, self.context()).into_mentions())
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The lengths of the start and the end that `earlier`'s text and this one share
    /// ([`crate::common_ends`]): kept from the incremental analysis when `earlier` is the text
    /// it analysed just before, compared otherwise.
    pub fn common_ends_with(&self, earlier: &Analysis) -> (usize, usize) {
        match &self.change {
            Some((text, ends)) if std::ptr::eq(text.as_ptr(), Arc::as_ptr(&earlier.text)) => *ends,
            _ => crate::common_ends(earlier.text(), self.text()),
        }
    }

    /// Where the text's lines start, as an editor counts them (see
    /// [`Incremental::line_starts`]), when the analysis was incremental.
    pub fn line_starts(&self) -> Option<&Arc<[usize]>> {
        self.line_starts.as_ref()
    }

    /// The findings, sorted by position, with the configured severities.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The entities, extracted once, none inside a boilerplate finding.
    pub fn entities(&self) -> &[Entity] {
        self.entities.get_or_init(|| {
            let mut found = entities::extract_text(&self.text, self.context());
            entities::drop_inside_boilerplate(&mut found, &self.findings);
            found
        })
    }

    pub fn context(&self) -> Context<'_> {
        Context {
            settings: &self.settings,
            model: self.model.as_deref(),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn model(&self) -> Option<&Model> {
        self.model.as_deref()
    }

    /// Every email address (or remnant of one) written in the text.
    pub fn emails(&self) -> &[email::Mention] {
        &self.mentions().0
    }

    /// Every phone number written in the text.
    pub fn phones(&self) -> &[phone::Mention] {
        &self.mentions().1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text past the limit is not read: no finding or entity, and no panic, whether analysed
    /// alone or after (and before) texts the rules read.
    #[test]
    fn a_text_past_the_limit_is_left_unread() {
        let settings = Arc::new(Settings::default());
        let mut parts = Incremental::new();
        let line = "Contact : presse@exemple.org, +41 22 717 91 11\n";
        let small = line.repeat(3);
        let huge = || line.repeat(crate::MAX_TEXT_LEN / line.len() + 1);
        let before = Analysis::incremental(small.clone(), settings.clone(), None, &mut parts);
        assert!(!before.findings().is_empty());
        // One text of 1 GiB at a time.
        let unread = Analysis::incremental(huge(), settings.clone(), None, &mut parts);
        assert!(!Analysis::reads(unread.text()));
        assert!(unread.findings().is_empty() && unread.emails().is_empty());
        assert!(unread.phones().is_empty() && unread.entities().is_empty());
        drop(unread);
        let after = Analysis::incremental(small, settings.clone(), None, &mut parts);
        assert_eq!(after.findings(), before.findings());
        assert!(Analysis::reads(&line.repeat(2)[..]));
        let alone = Analysis::new(huge(), settings, None);
        assert!(alone.findings().is_empty() && alone.entities().is_empty());
    }

    /// The common ends an analysis gives for an earlier one are those compared from the two
    /// texts, whether the earlier one is the text its incremental analysis saw just before (the
    /// ends kept) or any other (compared).
    #[test]
    fn common_ends_with_an_earlier_analysis_are_the_texts() {
        let settings = Arc::new(Settings::default());
        let mut parts = Incremental::new();
        let texts = [
            "Titre\nUn texte de quelques mots.\n",
            "Titre\nUn texte de quelques mots, puis d'autres.\n",
            "Titre\n\nUn texte de quelques mots, puis d'autres.\n",
            "",
            "Un autre texte.",
        ];
        let analyses: Vec<Analysis> = texts
            .iter()
            .map(|t| Analysis::incremental(t.to_string(), settings.clone(), None, &mut parts))
            .collect();
        let fresh = Analysis::new(texts[1].to_string(), settings.clone(), None);
        for (i, later) in analyses.iter().chain([&fresh]).enumerate() {
            for earlier in analyses.iter().chain([&fresh]) {
                assert_eq!(
                    later.common_ends_with(earlier),
                    crate::common_ends(earlier.text(), later.text()),
                    "{i}"
                );
            }
        }
        // The kept ends are those of the text just before.
        assert!(matches!(&analyses[2].change, Some((text, _))
            if std::ptr::eq(text.as_ptr(), Arc::as_ptr(&analyses[1].text))));
    }
}
