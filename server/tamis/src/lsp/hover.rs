//! Hover cards: what tamis knows of the email, phone number or boilerplate under the cursor.

use std::fmt::Write;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::convert::Snapshot;
use super::Job;
use tamis_analysis::email::{Kind, Mention as Email};
use tamis_analysis::entities::Kind as EntityKind;
use tamis_analysis::phone::{type_name, Mention as Phone, RegionSource};
use tamis_analysis::places::region_name;
use tamis_analysis::{Context, Document, Finding};

/// How many indexed files name an entity, and how many files are indexed (`None` before the
/// corpus is indexed).
pub type FilesNaming<'a> = &'a (dyn Fn(EntityKind, &str) -> Option<(usize, usize)> + Sync);

pub fn hover(
    job: &Job,
    position: Position,
    files_naming: FilesNaming<'_>,
) -> Result<Option<Hover>> {
    let snap = Snapshot::new(&job.text, job.encoding);
    let offset = snap.offset(position);
    let cx = Context {
        settings: &job.settings,
        model: job.model.as_deref(),
    };
    let doc = Document::new(&job.text, cx);
    let findings = job.findings();
    let at = |r: &std::ops::Range<usize>| r.start <= offset && offset < r.end.max(r.start + 1);
    let finding_for = |r: &std::ops::Range<usize>| findings.iter().find(|f| f.range == *r);
    let entities = job.entities();
    // The narrowest entity here; a contact record only when nothing else is.
    let entity = entities
        .iter()
        .filter(|e| at(&e.range))
        .min_by_key(|e| (e.kind == EntityKind::Contact, e.range.len()));
    let named = |kind: EntityKind, normalized: &str| -> String {
        match files_naming(kind, normalized) {
            Some((n, total)) => format!("\nNamed in {n} of the {total} indexed corpus files.\n"),
            None => String::new(),
        }
    };
    let (range, markdown) = if let Some(m) = doc.emails().iter().find(|m| at(&m.range)) {
        let mut card = email_card(m, finding_for(&m.range));
        if let Some(e) = entity.filter(|e| e.kind == EntityKind::Email) {
            card.push_str(&named(EntityKind::Email, &e.normalized));
            if let Some(tamis_analysis::entities::Value::Text(p)) = e.attribute("person") {
                card.push_str(&format!("\nBelongs to {p} (contact block).\n"));
            }
        }
        (m.range.clone(), card)
    } else if let Some(m) = doc.phones().iter().find(|m| at(&m.range)) {
        let mut card = phone_card(&job.text, m, finding_for(&m.range));
        if let Some(e) = entity.filter(|e| e.kind == EntityKind::Phone) {
            card.push_str(&named(EntityKind::Phone, &e.normalized));
        }
        (m.range.clone(), card)
    } else if let Some(e) = entity.filter(|e| e.kind != EntityKind::Contact) {
        (
            e.range.clone(),
            super::symbols::entity_card(&job.text, e, files_naming(e.kind, &e.normalized)),
        )
    } else if let Some(f) = findings.iter().find(|f| at(&f.range)) {
        (f.range.clone(), finding_card(job, offset, f))
    } else if let Some(e) = entity {
        (
            e.range.clone(),
            super::symbols::entity_card(&job.text, e, None),
        )
    } else if let Some(title) = super::symbols::title_line(&job.text, &findings)
        .filter(|t| t.start <= offset && offset <= t.end)
    {
        (title, super::symbols::document_table(&job.text, &entities))
    } else {
        return Ok(None);
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(snap.range(&range)),
    }))
}

fn fix_line(out: &mut String, f: Option<&Finding>) {
    match f {
        Some(f) => {
            let _ = writeln!(out, "\n**{}**: {}", f.code, f.message);
            match &f.fix {
                Some(fix) => {
                    let written: Vec<_> = fix.edits.iter().map(|e| e.new_text.trim()).collect();
                    let _ = writeln!(
                        out,
                        "\nFix ({}): {} — writes `{}`",
                        fix.applicability.as_str(),
                        fix.title,
                        written.join(" ")
                    );
                }
                None => out.push_str("\nNo automatic fix.\n"),
            }
        }
        None => out.push_str("\nNothing to fix.\n"),
    }
}

fn email_card(m: &Email, f: Option<&Finding>) -> String {
    let mut out = format!("### Email `{}`\n\n", m.address.to_lowercase());
    let form = match &m.kind {
        Kind::Plain => "a plain address".to_string(),
        Kind::Spaced => "spaces around `@`".to_string(),
        Kind::Remnant { target } => format!("an HTML mail link remnant (link to `{target}`)"),
        Kind::MailtoPrefix => "with a leftover `mailto:` prefix".to_string(),
        Kind::Obfuscated => "obfuscated".to_string(),
    };
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Normalised | `{}` |", m.address.to_lowercase());
    let _ = writeln!(out, "| Valid | {} |", if m.valid { "yes" } else { "no" });
    let _ = writeln!(out, "| Written as | {form} |");
    if let Some((_, domain)) = m.address.rsplit_once('@') {
        let _ = writeln!(out, "| Domain | `{}` |", domain.to_lowercase());
    }
    if m.label_gap.is_some() {
        let _ = writeln!(out, "| Label | on the line before |");
    }
    fix_line(&mut out, f);
    out
}

fn phone_card(text: &str, m: &Phone, f: Option<&Finding>) -> String {
    let written = &text[m.range.clone()];
    let mut out = format!(
        "### Phone `{}`\n\n",
        m.international.as_deref().unwrap_or(written)
    );
    let _ = writeln!(out, "| | |\n|---|---|");
    if let Some(e164) = &m.written_e164 {
        let _ = writeln!(out, "| E.164 | `{e164}` |");
    }
    if let Some(i) = &m.international {
        let _ = writeln!(out, "| International | `{i}` |");
    }
    let _ = writeln!(out, "| Valid | {} |", if m.valid { "yes" } else { "no" });
    let region = m.region.map_or("unknown".to_string(), region_name);
    let source = match &m.region_source {
        RegionSource::CountryCode => "from its country code".to_string(),
        RegionSource::Configured => "from `phone.default-region`".to_string(),
        RegionSource::Nearby(name) => format!("from `{name}` nearby"),
        RegionSource::Unknown => "no country code, no region nearby".to_string(),
    };
    let _ = writeln!(out, "| Country | {region} ({source}) |");
    if let Some(t) = m.kind {
        let _ = writeln!(out, "| Type | {} |", type_name(t));
    }
    if let Some(mig) = &m.migration {
        let _ = writeln!(out, "| Renumbered | `{}` |", mig.new_number);
    }
    fix_line(&mut out, f);
    out
}

fn finding_card(job: &Job, offset: usize, f: &Finding) -> String {
    let mut out = String::new();
    if f.code.starts_with("boilerplate") {
        let _ = writeln!(out, "### Boilerplate\n");
        let line_start = job.text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line_end = job.text[offset..]
            .find(['\n', '\r'])
            .map_or(job.text.len(), |i| offset + i);
        let line = job.text[line_start..line_end].trim_start_matches('\u{feff}');
        match job.model.as_deref() {
            Some(model) => {
                let b = &job.settings.config.boilerplate;
                let _ = writeln!(
                    out,
                    "This line appears in {} of {} files of the corpus (boilerplate from {} files and {:.0}% of them).",
                    model.count(line),
                    model.documents(),
                    b.min_docs,
                    b.min_ratio * 100.0
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "The corpus is not indexed (yet): judged from the document's structure alone."
                );
            }
        }
    }
    fix_line(&mut out, Some(f));
    out
}
