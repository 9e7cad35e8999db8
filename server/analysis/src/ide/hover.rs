//! Hover cards: what tamis knows of the email, phone number, entity, finding or title under the
//! cursor, as markdown.

use std::fmt::Write;
use std::ops::Range;

use super::outline::plural;
use super::Analysis;
use crate::email::{Kind as EmailKind, Mention as Email};
use crate::entities::{Entity, Kind, Value};
use crate::phone::{type_name, Mention as Phone, RegionSource};
use crate::places::region_name;
use crate::text::collapse;
use crate::Finding;

/// How many indexed corpus files name an entity (by type and normalised value), and how many
/// files are indexed; `None` before the corpus is indexed.
pub type FilesNaming<'a> = &'a (dyn Fn(Kind, &str) -> Option<(usize, usize)> + Sync);

/// A hover card: the bytes it is about and its markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverCard {
    pub range: Range<usize>,
    pub markdown: String,
}

/// The card for the byte `offset` of the analysed text, if anything there has one.
pub fn hover(
    analysis: &Analysis,
    offset: usize,
    files_naming: FilesNaming<'_>,
) -> Option<HoverCard> {
    let text = analysis.text();
    let findings = analysis.findings();
    let at = |r: &Range<usize>| r.start <= offset && offset < r.end.max(r.start + 1);
    let finding_for = |r: &Range<usize>| findings.iter().find(|f| f.range == *r);
    let entities = analysis.entities();
    // The narrowest entity here; a contact record only when nothing else is.
    let entity = entities
        .iter()
        .filter(|e| at(&e.range))
        .min_by_key(|e| (e.kind == Kind::Contact, e.range.len()));
    let named = |kind: Kind, normalized: &str| -> String {
        match files_naming(kind, normalized) {
            Some((n, total)) => format!("\nNamed in {n} of the {total} indexed corpus files.\n"),
            None => String::new(),
        }
    };
    let (range, markdown) = if let Some(m) = analysis.emails().iter().find(|m| at(&m.range)) {
        let mut card = email_card(m, finding_for(&m.range));
        if let Some(e) = entity.filter(|e| e.kind == Kind::Email) {
            card.push_str(&named(Kind::Email, &e.normalized));
            if let Some(Value::Text(p)) = e.attribute("person") {
                card.push_str(&format!("\nBelongs to {p} (contact block).\n"));
            }
        }
        (m.range.clone(), card)
    } else if let Some(m) = analysis.phones().iter().find(|m| at(&m.range)) {
        let mut card = phone_card(text, m, finding_for(&m.range));
        if let Some(e) = entity.filter(|e| e.kind == Kind::Phone) {
            card.push_str(&named(Kind::Phone, &e.normalized));
        }
        (m.range.clone(), card)
    } else if let Some(e) = entity.filter(|e| e.kind != Kind::Contact) {
        (
            e.range.clone(),
            entity_card(text, e, files_naming(e.kind, &e.normalized)),
        )
    } else if let Some(f) = findings.iter().find(|f| at(&f.range)) {
        (f.range.clone(), finding_card(analysis, offset, f))
    } else if let Some(e) = entity {
        (e.range.clone(), entity_card(text, e, None))
    } else if let Some(title) =
        title_line(text, findings).filter(|t| t.start <= offset && offset <= t.end)
    {
        (title, document_table(text, entities))
    } else {
        return None;
    };
    Some(HoverCard { range, markdown })
}

fn fix_line(out: &mut String, f: Option<&Finding>) {
    match f {
        Some(f) => {
            let _ = writeln!(out, "\n**{}**: {}", f.code, f.message);
            match &f.fix {
                Some(fix) => {
                    let written: Vec<_> = fix.edits.places().map(|(_, t)| t.trim()).collect();
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
    let shown = if m.address.is_empty() {
        "[email protected]".to_string()
    } else {
        m.address.to_lowercase()
    };
    let mut out = format!("### Email `{shown}`\n\n");
    let form = match &m.kind {
        EmailKind::Plain => "a plain address".to_string(),
        EmailKind::Spaced => "spaces around `@`".to_string(),
        EmailKind::Remnant { target } => format!("an HTML mail link remnant (link to `{target}`)"),
        EmailKind::MailtoPrefix => "with a leftover `mailto:` prefix".to_string(),
        EmailKind::Obfuscated => "obfuscated".to_string(),
        EmailKind::Protected if m.address.is_empty() => {
            "Cloudflare's email protection, the address lost".to_string()
        }
        EmailKind::Protected => "Cloudflare's email protection, decoded".to_string(),
    };
    let _ = writeln!(out, "| | |\n|---|---|");
    if !m.address.is_empty() {
        let _ = writeln!(out, "| Normalised | `{}` |", m.address.to_lowercase());
    }
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

fn finding_card(analysis: &Analysis, offset: usize, f: &Finding) -> String {
    let text = analysis.text();
    let mut out = String::new();
    if f.code.starts_with("boilerplate") {
        let _ = writeln!(out, "### Boilerplate\n");
        let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line_end = text[offset..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| offset + i);
        let line = text[line_start..line_end].trim_start_matches('\u{feff}');
        match analysis.model() {
            Some(model) => {
                let b = &analysis.settings().config.boilerplate;
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

/// The hover card of an entity, `files` the number of indexed files that name it.
fn entity_card(text: &str, e: &Entity, files: Option<(usize, usize)>) -> String {
    let mut out = format!(
        "### {} `{}`\n\n| | |\n|---|---|\n| Normalised | `{}` |\n",
        capitalised(e.kind.as_str()),
        collapse(&text[e.range.clone()]),
        e.normalized
    );
    for (k, v) in &e.attributes {
        let value = match v {
            Value::Text(t) => t.to_string(),
            Value::List(l) => l.join(", "),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        };
        let _ = writeln!(out, "| {} | {} |", capitalised(&k.replace('_', " ")), value);
    }
    if let Some((n, total)) = files {
        let _ = writeln!(out, "\nNamed in {n} of the {total} indexed corpus files.");
    }
    out
}

/// The table of a document's entities, for a hover on its title line.
fn document_table(text: &str, entities: &[Entity]) -> String {
    let mut out = String::from("### Entities of this release\n\n| Type | Entities |\n|---|---|\n");
    for kind in Kind::ALL {
        // People, organisations and places as written; the others (and contact records, by
        // their name) as normalised.
        let mut unique: Vec<String> = Vec::new();
        for e in entities.iter().filter(|e| e.kind == kind) {
            let name = match kind {
                Kind::Person | Kind::Place | Kind::Organisation => collapse(&text[e.range.clone()]),
                _ => e.normalized.clone(),
            };
            if !unique.contains(&name) {
                unique.push(name);
            }
        }
        if !unique.is_empty() {
            let cells: Vec<String> = unique.iter().map(|n| n.replace('|', "\\|")).collect();
            let _ = writeln!(out, "| {} | {} |", plural(kind), cells.join(", "));
        }
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The title line: the first non-blank line no boilerplate finding covers.
fn title_line(text: &str, findings: &[Finding]) -> Option<Range<usize>> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.trim_end_matches(['\n', '\r']).len();
        let content = line.trim().trim_start_matches('\u{feff}');
        let covered = findings.iter().any(|f| {
            f.code.starts_with("boilerplate") && f.range.start <= start && end <= f.range.end
        });
        if !content.is_empty() && !covered {
            return Some(start..end);
        }
        start += line.len();
    }
    None
}
