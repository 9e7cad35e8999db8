//! ## What it does
//! Finds phone numbers written without a country code where no region is known: neither
//! `phone.default-region` nor a place named in the contact lines before the number.
//!
//! ## Why is this bad?
//! tamis cannot check the number, and a reader abroad cannot dial it.
//!
//! ## Example
//! `Tel: 3245 5153` in a release that names no office.
//!
//! ## Fix safety
//! No fix: set `phone.default-region`, or write the country code.

use super::Rule;
use crate::phone::RegionSource;
use crate::{Document, Finding, Severity};

pub const RULE: Rule = Rule {
    code: "phone-region-unknown",
    summary: "a national number whose region is unknown",
    check,
};

fn check(doc: &Document<'_>, out: &mut Vec<Finding>) {
    for m in doc.phones() {
        if m.region_source != RegionSource::Unknown {
            continue;
        }
        let written = &doc.text[m.range.clone()];
        out.push(Finding {
            code: RULE.code,
            severity: Severity::Warning,
            message: format!(
                "Phone number `{written}` has no country code and no region is known: set phone.default-region or write the country code"
            ),
            range: m.range.clone(),
            fix: None,
        });
    }
}
