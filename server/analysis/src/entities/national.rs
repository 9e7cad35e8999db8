//! National numbers in contact blocks: `Anne-Claire de La Roche : 06 12 48 77 30`,
//! `KCC Press Office, 03000 410 999`, `613-952-1650` on a line of its own.
//!
//! The phone finder (`crate::phone`) reads a number only after a `+` or a label, so that dates
//! and amounts are never taken for phones; and a national number after a label only gets a
//! country from the configuration or a country named on the lines before it. A contact block
//! is the one place where a bare number is a phone, and where the release says whose country
//! it is: the domain of the addresses beside it (`.fr`, `.gov.uk`, `.gc.ca`, `.gob.ar`), the
//! dateline's country, a place named in the same contact. A number is read here only when it
//! exists in one of those countries (libphonenumber's metadata): no country is guessed.
//!
//! These numbers are entities only: `tamis check` finds its phones without contact blocks, so
//! its findings do not change.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rlibphonenumber::Region;

use super::contacts::Block;
use super::tokens::Token;
use super::{phone_entity, Entity, Kind, Value};
use crate::phone;
use crate::Document;

/// A run of digits that may be a national number: digits, spaces, brackets, dots and dashes,
/// starting with a digit or `(` and ending with a digit.
static NUMBER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(?\d[\d \u{a0}().\-]{4,22}\d").expect("valid regex"));

/// A date written with digits (`2024-03-06`, `06/03/2024`, `6.3.24`): no phone.
static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2}))$")
        .expect("valid regex")
});

/// The national numbers of the contact blocks, pushed to `out` as phone entities. `out` holds
/// the emails, phones, amounts and dates found so far; `places` the places of the text.
pub fn find(
    doc: &Document<'_>,
    blocks: &[Block],
    toks: &[Token],
    places: &[Entity],
    out: &mut Vec<Entity>,
) {
    let text = doc.text;
    let settings = doc.cx.settings;
    let dateline = places
        .iter()
        .filter(|e| e.attribute("dateline") == Some(&Value::Bool(true)))
        .find_map(place_region);
    let mut found = Vec::new();
    for block in blocks {
        let span = toks[block.first].range.start..toks[block.last].range.end;
        for m in NUMBER_RE.find_iter(&text[span.clone()]) {
            let range = span.start + m.start()..span.start + m.end();
            if !candidate(text, &range) || out.iter().any(|e| taken(e, &range)) {
                continue;
            }
            let para = paragraph(text, &span, range.start);
            let line = line_of(text, &para, range.start);
            // The nearest evidence first: an address on the number's line, in its paragraph,
            // in the block; the dateline; a place of the paragraph; the configuration.
            let mut regions: Vec<(Region, String)> = Vec::new();
            for within in [&line, &para, &span] {
                for e in out.iter().filter(|e| {
                    e.kind == Kind::Email
                        && within.start <= e.range.start
                        && e.range.end <= within.end
                }) {
                    if let Some(r) = domain_region(&e.normalized) {
                        regions.push((r, e.normalized.clone()));
                    }
                }
            }
            if let Some(r) = dateline {
                regions.push((r, "the dateline".to_string()));
            }
            for p in places
                .iter()
                .filter(|p| para.start <= p.range.start && p.range.end <= para.end)
            {
                if let Some(r) = place_region(p) {
                    regions.push((r, text[p.range.clone()].to_string()));
                }
            }
            if let Some(r) = settings.default_region {
                regions.push((r, "phone.default-region".to_string()));
            }
            let raw = &text[range.clone()];
            let mention = regions.iter().find_map(|(r, source)| {
                phone::judge_national(raw, range.clone(), *r, source, settings.config.phone.format)
            });
            if let Some(e) = mention.and_then(|m| phone_entity(text, &m)) {
                found.push(e);
            }
        }
    }
    out.extend(found);
}

/// Whether `span` holds a run of digits that may be a national number (a contact block goes on
/// through a paragraph that holds one, before any country is known).
pub fn holds_number(text: &str, span: Range<usize>) -> bool {
    NUMBER_RE
        .find_iter(&text[span.clone()])
        .any(|m| candidate(text, &(span.start + m.start()..span.start + m.end())))
}

/// Whether an entity already holds part of `range`: a phone found after a `+` or a label, an
/// address, an amount, a date.
fn taken(e: &Entity, range: &Range<usize>) -> bool {
    matches!(e.kind, Kind::Phone | Kind::Email | Kind::Money | Kind::Date)
        && e.range.start < range.end
        && range.start < e.range.end
}

/// Whether the digits at `range` stand alone as a number: not part of a word, an address, a
/// decimal or an amount, not a date, and 7 to 15 digits long.
fn candidate(text: &str, range: &Range<usize>) -> bool {
    let raw = &text[range.clone()];
    let digits = raw.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=15).contains(&digits) || DATE_RE.is_match(raw) {
        return false;
    }
    let mut before = text[..range.start].chars().rev();
    match (before.next(), before.next()) {
        (Some(c), _) if c.is_alphanumeric() || matches!(c, '+' | '@' | '_') => return false,
        (Some('.' | ',' | '-' | '/'), Some(d)) if d.is_ascii_digit() => return false,
        _ => {}
    }
    let mut after = text[range.end..].chars();
    match (after.next(), after.next()) {
        (Some(c), _) if c.is_alphanumeric() || matches!(c, '@' | '%' | '€' | '$' | '£') => {
            return false
        }
        (Some('.' | ',' | '-' | '/'), Some(d)) if d.is_ascii_digit() => return false,
        _ => {}
    }
    // Thousands (`1 250 000 personnes`) are an amount.
    let groups: Vec<&str> = raw.split([' ', '\u{a0}', '.']).collect();
    let thousands = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    !(thousands
        && text[range.end..]
            .trim_start()
            .starts_with(|c: char| c.is_alphabetic()))
}

/// The region of an address's country-code domain (`.fr`, `.gob.ar`; `.uk` is GB's); none for
/// generic domains (`.org`, `.int`).
fn domain_region(address: &str) -> Option<Region> {
    let tld = address.rsplit('.').next()?.to_ascii_lowercase();
    match tld.as_str() {
        "uk" => phone::region("GB"),
        t if t.len() == 2 => phone::region(t),
        _ => None,
    }
}

/// The region of a place's country.
fn place_region(e: &Entity) -> Option<Region> {
    match e.attribute("country") {
        Some(Value::Text(Cow::Borrowed(c))) => phone::region(c),
        Some(Value::Text(Cow::Owned(c))) => phone::region(c),
        _ => None,
    }
}

/// The paragraph of `within` that holds `at`: between blank lines.
fn paragraph(text: &str, within: &Range<usize>, at: usize) -> Range<usize> {
    let blank = |s: &str| s.trim().is_empty();
    let mut start = text[within.start..at]
        .rfind('\n')
        .map_or(within.start, |k| within.start + k + 1);
    // Back over the lines above until a blank one.
    while start > within.start {
        let prev_end = start - 1;
        let prev_start = text[within.start..prev_end]
            .rfind('\n')
            .map_or(within.start, |k| within.start + k + 1);
        if blank(&text[prev_start..prev_end]) {
            break;
        }
        start = prev_start;
    }
    let mut end = text[at..within.end]
        .find('\n')
        .map_or(within.end, |k| at + k);
    while end < within.end {
        let next_start = end + 1;
        let next_end = text[next_start..within.end]
            .find('\n')
            .map_or(within.end, |k| next_start + k);
        if blank(&text[next_start..next_end]) {
            break;
        }
        end = next_end;
    }
    start..end
}

/// The line of `within` that holds `at`.
fn line_of(text: &str, within: &Range<usize>, at: usize) -> Range<usize> {
    let start = text[within.start..at]
        .rfind('\n')
        .map_or(within.start, |k| within.start + k + 1);
    let end = text[at..within.end]
        .find('\n')
        .map_or(within.end, |k| at + k);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::entities::extract_text;
    use crate::Context;

    fn phones(text: &str) -> Vec<(String, String)> {
        let settings = Settings::default();
        let cx = Context {
            settings: &settings,
            model: None,
        };
        extract_text(text, cx)
            .into_iter()
            .filter(|e| e.kind == Kind::Phone)
            .map(|e| (text[e.range.clone()].to_string(), e.normalized))
            .collect()
    }

    #[test]
    fn a_national_number_takes_the_country_of_the_address_beside_it() {
        let text = "Les bénévoles ont distribué des repas.\n\nContacts presse :\n\
                    Mireille Vautrin : 06 45 12 78 90 – m.vautrin@entraide-dunes.fr\n\
                    Karim Belhadj-Roux : 07 68 81 14 63\n";
        assert_eq!(
            phones(text),
            [
                ("06 45 12 78 90".into(), "+33645127890".into()),
                ("07 68 81 14 63".into(), "+33768811463".into()),
            ]
        );
    }

    #[test]
    fn each_layout_and_country() {
        for (text, written, e164) in [
            (
                "The council met.\n\nMedia enquiries: Borough Press Office, 03000 555 123, press@borough.gov.uk\n",
                "03000 555 123",
                "+443000555123",
            ),
            (
                "The pilot opens.\n\nContacts\nJane Moreau-Singh\nPress Secretary\n613-957-2991\njane.moreau@cic.gc.ca\n",
                "613-957-2991",
                "+16139572991",
            ),
            (
                "Se abrió la oficina.\n\nPara más información:\nOficina de Prensa\nTel. (0351) 434-1200 – prensa@cordoba.gob.ar\n",
                "(0351) 434-1200",
                "+543514341200",
            ),
        ] {
            assert_eq!(phones(text), [(written.into(), e164.into())], "{text}");
        }
    }

    #[test]
    fn dots_and_a_label_the_phone_finder_does_not_know() {
        let text = "Le centre a ouvert.\n\nContact :\nPaul Girardin, 06.45.12.78.90, paul@centre-exemple.fr\n";
        assert_eq!(
            phones(text),
            [("06.45.12.78.90".into(), "+33645127890".into())]
        );
        let text = "Se inauguró el centro.\n\nInformación para medios:\nLic. Ana Morales\n\
                    PBX: (502) 2230-4100 Ext. 12\nCorreo: amorales@exemple.gob.gt\n";
        assert_eq!(
            phones(text),
            [("(502) 2230-4100".into(), "+50222304100".into())]
        );
    }

    #[test]
    fn the_dateline_gives_the_country_when_no_address_does() {
        let text = "LYON, le 3 mars 2024 – L'association a ouvert un local.\n\n\
                    Contact :\nPaul Girardin : 04 78 12 34 56\n";
        assert_eq!(
            phones(text),
            [("04 78 12 34 56".into(), "+33478123456".into())]
        );
    }

    #[test]
    fn no_country_no_number() {
        // No domain of a country, no dateline, no place: the number is not read.
        let text =
            "The clinic opened.\n\nContact:\nPaul Girardin: 04 78 12 34 56, paul@example.org\n";
        assert!(phones(text).is_empty(), "{:?}", phones(text));
        // A number that does not exist in the country given is not read either.
        let text =
            "The clinic opened.\n\nContact:\nPaul Girardin: 12 34 56 78 90, paul@clinic.fr\n";
        assert!(phones(text).is_empty(), "{:?}", phones(text));
    }

    #[test]
    fn outside_contact_blocks_and_in_dates_or_amounts_no_number() {
        let text = "PARIS, le 3 mars 2024 – Le centre a reçu 01 44 55 66 77 dons en 2023.\n";
        assert!(phones(text).is_empty(), "{:?}", phones(text));
        let text = "Le centre a ouvert.\n\nContact : Paul Girardin, paul@centre.fr\n\
                    Mis à jour le 2024-03-06, budget 1 250 000 euros\n";
        assert!(phones(text).is_empty(), "{:?}", phones(text));
    }
}
