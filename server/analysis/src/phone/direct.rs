//! Reading a number written `+CC NATIONAL` without rlibphonenumber's `parse`.
//!
//! Under the library's `lite` feature (regex-lite, for start-up), `parse` costs about 165 k
//! instructions per number met for the first time, half of it in its extension pattern
//! (`ext. 12`, `x12`, `#12`, `,,12`…), which runs on every number although a candidate made only
//! of digits, spaces, hyphens, brackets and slashes cannot hold an extension. For such a
//! candidate this module does what `parse` does, step by step, with the library's own pieces
//! (country code lookup, national prefix stripping, possible lengths), and leaves every other
//! input to `parse`: the [`PhoneNumber`] it returns is the one `parse` returns, field by field
//! (a test checks it on the metadata's example numbers written several ways).

use std::borrow::Cow;

use rlibphonenumber::interfaces::AsOriginal;
use rlibphonenumber::{
    NumberLengthType, PhoneNumber, PhoneNumberType, Region, ValidationError, PHONE_NUMBER_UTIL,
};

/// libphonenumber's bounds on a national significant number's length.
const MIN_LENGTH_FOR_NSN: usize = 2;
const MAX_LENGTH_FOR_NSN: usize = 17;

/// The number `PHONE_NUMBER_UTIL.parse(cleaned, None)` reads, `Some(None)` where it fails, or
/// `None` when `cleaned` is not of the plain shape this module reads (then call `parse`).
pub(super) fn parse_international(cleaned: &str) -> Option<Option<PhoneNumber>> {
    let rest = cleaned.strip_prefix('+')?;
    let plain = rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.ends_with(|c: char| c.is_ascii_digit())
        && rest
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'(' | b')' | b'/'));
    if !plain {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    // Short and overlong inputs meet other checks of `parse` (viability, the IDD's length, the
    // integer's width): left to it.
    if !(4..=MAX_LENGTH_FOR_NSN).contains(&digits.len()) {
        return None;
    }
    let util = PHONE_NUMBER_UTIL.as_original();
    let Some((national, country_code)) = util.extract_country_code(Cow::Borrowed(&digits)) else {
        // An unknown country code: `parse` retries without the `+` and no default region,
        // which fails too.
        return Some(None);
    };
    let metadata = util
        .get_region_for_country_code(country_code)
        .and_then(|region| util.get_metadata_for_region_or_calling_code(country_code, region));
    if national.len() < MIN_LENGTH_FOR_NSN {
        return Some(None);
    }
    let mut national_number: Cow<str> = national;
    if let Some(metadata) = metadata {
        let (stripped, _carrier) = util
            .maybe_strip_national_prefix_and_carrier_code(metadata, &national_number)
            .ok()?;
        if stripped != national_number {
            // `parse` keeps the stripped number unless it is only possible locally or too short
            // for the region, by the region's possible lengths.
            if stripped.is_empty() {
                return None;
            }
            let candidate = number(country_code, &stripped)?;
            let length = PHONE_NUMBER_UTIL.is_possible_number_with_reason(&candidate);
            let keep = !matches!(length, Ok(NumberLengthType::IsPossibleLocalOnly))
                && !matches!(
                    length,
                    Err(ValidationError::TooShort | ValidationError::InvalidLength)
                );
            if keep {
                national_number = Cow::Owned(stripped.into_owned());
            }
        }
    }
    if !(MIN_LENGTH_FOR_NSN..=MAX_LENGTH_FOR_NSN).contains(&national_number.len()) {
        return Some(None);
    }
    Some(Some(number(country_code, &national_number)?))
}

/// `(n.get_region_code(), n.get_type())` with one search of the region. Both search the regions
/// of the number's country code; for a code shared by several regions (`+1`, `+44`, `+7`) the
/// search matches the number against each region's descriptors until one knows its type, and
/// `get_type` then matches it once more against the region found. Here the type the search
/// found is kept (the same descriptors give the same type), as the library's
/// `get_region_for_number_from_region_list` and `get_number_type` do, step by step.
pub(super) fn region_and_type(n: &PhoneNumber) -> (Option<Region>, PhoneNumberType) {
    const UNKNOWN: PhoneNumberType = PhoneNumberType::Unknown;
    let util = PHONE_NUMBER_UTIL.as_original();
    let country_code = n.country_code;
    let Some(mut regions) = PHONE_NUMBER_UTIL.get_regions_for_country_calling_code(country_code)
    else {
        return (None, UNKNOWN);
    };
    let nsn = n.get_national_significant_number();
    let type_in = |region: Region| {
        util.get_metadata_for_region_or_calling_code(country_code, region)
            .map_or(UNKNOWN, |metadata| {
                util.get_number_type_helper(&nsn, metadata)
                    .unwrap_or(UNKNOWN)
            })
    };
    if regions.len() <= 1 {
        let region = regions.next();
        return (region, region.map_or(UNKNOWN, type_in));
    }
    for region in regions {
        let Some(metadata) = util.get_metadata_for_region_or_calling_code(country_code, region)
        else {
            return (None, UNKNOWN);
        };
        let leading = metadata
            .leading_digits()
            .anchor_start()
            .ok()
            .flatten()
            .is_some_and(|pattern| pattern.is_match(&nsn));
        let kind = util
            .get_number_type_helper(&nsn, metadata)
            .unwrap_or(UNKNOWN);
        if leading || kind != UNKNOWN {
            return (Some(region), kind);
        }
    }
    (None, UNKNOWN)
}

/// The number of a country code and a national number's digits, with the leading zeros kept as
/// `parse` keeps them (Italy's `02 …`).
fn number(country_code: i32, national: &str) -> Option<PhoneNumber> {
    let mut n = PhoneNumber {
        country_code,
        national_number: national.parse().ok()?,
        ..Default::default()
    };
    let zeros = national.bytes().take_while(|&b| b == b'0').count();
    if national.len() >= 2 && zeros > 0 {
        // An all-zero number keeps its last zero as the number itself.
        let zeros = if zeros == national.len() {
            zeros - 1
        } else {
            zeros
        };
        n.italian_leading_zero = Some(true);
        if zeros > 1 {
            n.number_of_leading_zeros = Some(zeros as i32);
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use rlibphonenumber::PhoneNumberFormat;

    use super::*;

    /// Checks the direct reading against `parse`; true when the text was read directly.
    fn same_as_parse(text: &str) -> bool {
        let library = PHONE_NUMBER_UTIL.parse(text, None).ok();
        if let Some(n) = &library {
            assert_eq!(
                region_and_type(n),
                (n.get_region_code(), n.get_type()),
                "{text}"
            );
        }
        let direct = parse_international(text);
        if let Some(direct) = &direct {
            assert_eq!(*direct, library, "{text}");
        }
        direct.is_some()
    }

    #[test]
    fn reads_what_parse_reads() {
        for text in [
            "+44 20 7946 0000",
            "+44 (0)20 7946 0000",
            "+7 8800 555 3535",
            "+1 1877 215 5230",
            "+39 02 1234 5678",
            "+39 000",
            "+39 0000 0000",
            "+225 07 12 34 56 78",
            "+999 1234 5678",
            "+0 1234",
            "+800 1234 5678",
            "+57 1 6397777",
            "+54 9 11 1234 5678",
            "+52 1 55 1234 5678",
            "+1876 968 0569",
            "+44 7810/181514",
            "+44-20-7946-0000",
            "+1 (800) 555-0199",
            "+1 555 0100",
            "+44 20 7946 09",
            "+7 999 123",
        ] {
            assert!(same_as_parse(text), "{text}");
        }
    }

    /// The metadata's example numbers of every region and type, written as tamis meets them.
    #[test]
    fn reads_every_example_number_as_parse_does() {
        let (mut checked, mut direct) = (0, 0);
        for region in PHONE_NUMBER_UTIL.get_supported_regions() {
            for kind in PHONE_NUMBER_UTIL
                .get_supported_types_for_region(region)
                .into_iter()
                .flatten()
            {
                let Ok(n) = PHONE_NUMBER_UTIL.get_example_number_for_type_and_region(region, kind)
                else {
                    continue;
                };
                let international = n.format_as(PhoneNumberFormat::International).into_owned();
                let e164 = n.format_as(PhoneNumberFormat::E164).into_owned();
                let national = n.format_as(PhoneNumberFormat::National).into_owned();
                let digits: String = national.chars().filter(char::is_ascii_digit).collect();
                for text in [
                    international.clone(),
                    e164.clone(),
                    international.replace(' ', "-"),
                    format!("+{} {national}", n.country_code),
                    format!("+{}{digits}", n.country_code),
                    format!(
                        "+{} (0){}",
                        n.country_code,
                        &e164[1 + n.country_code.to_string().len()..]
                    ),
                ] {
                    direct += usize::from(same_as_parse(&text));
                    checked += 1;
                }
            }
        }
        assert!(
            checked > 5_000 && direct * 10 > checked * 9,
            "{direct} of {checked}"
        );
    }
}
