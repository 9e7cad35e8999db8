//! The two libraries behind one interface: parse, judge and format, and the timings.

use std::hint::black_box;
use std::time::{Duration, Instant};

use phonenumber::country::Id;
use rlibphonenumber::{PhoneNumberFormat, PhoneNumberType, Region, PHONE_NUMBER_UTIL};

use crate::{median, Case};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Library {
    Phonenumber,
    Rlibphonenumber,
}

/// What a library reads in a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub e164: String,
    pub valid: bool,
    /// The number type in the suite's names (`fixedLine`, `mobile`, `unknown`, …).
    pub kind: String,
    pub international: String,
    pub national: String,
}

impl Library {
    pub const ALL: [Library; 2] = [Library::Phonenumber, Library::Rlibphonenumber];

    pub fn name(self) -> &'static str {
        match self {
            Library::Phonenumber => "phonenumber",
            Library::Rlibphonenumber => "rlibphonenumber",
        }
    }

    /// Parses `text` (with `region` when given) and reads everything the comparison needs;
    /// `None` when the library refuses the text or the region.
    pub fn read(self, text: &str, region: Option<&str>) -> Option<Reading> {
        match self {
            Library::Phonenumber => {
                let n = phonenumber::parse(pn_region(region)?, text).ok()?;
                let f = |mode| n.format().mode(mode).to_string();
                Some(Reading {
                    e164: f(phonenumber::Mode::E164),
                    valid: n.is_valid(),
                    kind: pn_kind(n.number_type(&phonenumber::metadata::DATABASE)).to_string(),
                    international: f(phonenumber::Mode::International),
                    national: f(phonenumber::Mode::National),
                })
            }
            Library::Rlibphonenumber => {
                let n = PHONE_NUMBER_UTIL.parse(text, rl_region(region)?).ok()?;
                let f = |mode| n.format_as(mode).into_owned();
                Some(Reading {
                    e164: f(PhoneNumberFormat::E164),
                    valid: n.is_valid(),
                    kind: rl_kind(n.get_type()).to_string(),
                    international: f(PhoneNumberFormat::International),
                    national: f(PhoneNumberFormat::National),
                })
            }
        }
    }

    /// Parses only; true when the text parses.
    pub fn parse_only(self, text: &str, region: Option<&str>) -> bool {
        match self {
            Library::Phonenumber => {
                pn_region(region).is_some_and(|r| black_box(phonenumber::parse(r, text)).is_ok())
            }
            Library::Rlibphonenumber => rl_region(region)
                .is_some_and(|r| black_box(PHONE_NUMBER_UTIL.parse(text, r)).is_ok()),
        }
    }

    /// Parses `text` (untimed), then times its first international format.
    pub fn time_first_format(self, text: &str) -> Duration {
        match self {
            Library::Phonenumber => {
                let n = phonenumber::parse(None, text).expect("a number");
                let start = Instant::now();
                black_box(
                    n.format()
                        .mode(phonenumber::Mode::International)
                        .to_string(),
                );
                start.elapsed()
            }
            Library::Rlibphonenumber => {
                let n = PHONE_NUMBER_UTIL.parse(text, None).expect("a number");
                let start = Instant::now();
                black_box(n.format_as(PhoneNumberFormat::International).into_owned());
                start.elapsed()
            }
        }
    }

    /// The median time of one parse of every case.
    pub fn time_parse(self, cases: &[Case], iterations: usize) -> Duration {
        timed(iterations, || {
            for c in cases {
                black_box(self.parse_only(&c.text, c.region.as_deref()));
            }
        })
    }

    /// The median time of one parse, validation and type of every case.
    pub fn time_validate(self, cases: &[Case], iterations: usize) -> Duration {
        timed(iterations, || {
            for c in cases {
                let region = c.region.as_deref();
                match self {
                    Library::Phonenumber => {
                        if let Some(n) =
                            pn_region(region).and_then(|r| phonenumber::parse(r, &c.text).ok())
                        {
                            black_box(n.is_valid());
                            black_box(n.number_type(&phonenumber::metadata::DATABASE));
                        }
                    }
                    Library::Rlibphonenumber => {
                        if let Some(n) =
                            rl_region(region).and_then(|r| PHONE_NUMBER_UTIL.parse(&c.text, r).ok())
                        {
                            black_box(n.is_valid());
                            black_box(n.get_type());
                        }
                    }
                }
            }
        })
    }

    /// The number of formats written and the median time to write them: each parsed case in
    /// E.164, international and national format (the numbers are parsed before the clock).
    pub fn time_format(self, cases: &[Case], iterations: usize) -> (usize, Duration) {
        match self {
            Library::Phonenumber => {
                let numbers: Vec<_> = cases
                    .iter()
                    .filter_map(|c| {
                        phonenumber::parse(pn_region(c.region.as_deref())?, &c.text).ok()
                    })
                    .collect();
                let d = timed(iterations, || {
                    for n in &numbers {
                        for mode in [
                            phonenumber::Mode::E164,
                            phonenumber::Mode::International,
                            phonenumber::Mode::National,
                        ] {
                            black_box(n.format().mode(mode).to_string());
                        }
                    }
                });
                (numbers.len() * 3, d)
            }
            Library::Rlibphonenumber => {
                let numbers: Vec<_> = cases
                    .iter()
                    .filter_map(|c| {
                        PHONE_NUMBER_UTIL
                            .parse(&c.text, rl_region(c.region.as_deref())?)
                            .ok()
                    })
                    .collect();
                let d = timed(iterations, || {
                    for n in &numbers {
                        for mode in [
                            PhoneNumberFormat::E164,
                            PhoneNumberFormat::International,
                            PhoneNumberFormat::National,
                        ] {
                            // Both libraries hand back an owned string, as tamis keeps them.
                            black_box(n.format_as(mode).into_owned());
                        }
                    }
                });
                (numbers.len() * 3, d)
            }
        }
    }
}

/// One untimed pass, then the median of `iterations` timed passes.
fn timed(iterations: usize, mut pass: impl FnMut()) -> Duration {
    pass();
    median(
        (0..iterations)
            .map(|_| {
                let start = Instant::now();
                pass();
                start.elapsed()
            })
            .collect(),
    )
}

/// Region codes, two letters each: those phonenumber's `Id` parses and rlibphonenumber does not
/// support, those rlibphonenumber supports and `Id` does not parse, and how many of the 676
/// pairs of letters `Region::from_code` accepts. tamis reads region codes from its
/// configuration and its place names, and `Id` tells it the country-code top-level domains.
pub fn region_codes() -> (Vec<String>, Vec<String>, usize) {
    let supported: Vec<String> = PHONE_NUMBER_UTIL
        .get_supported_regions()
        .map(|r| r.as_region_str().to_string())
        .collect();
    let (mut only_pn, mut only_rl, mut accepted) = (Vec::new(), Vec::new(), 0);
    for a in b'A'..=b'Z' {
        for b in b'A'..=b'Z' {
            let code = String::from_utf8(vec![a, b]).expect("ASCII");
            accepted += usize::from(Region::from_code(&code).is_ok());
            match (code.parse::<Id>().is_ok(), supported.contains(&code)) {
                (true, false) => only_pn.push(code),
                (false, true) => only_rl.push(code),
                _ => {}
            }
        }
    }
    (only_pn, only_rl, accepted)
}

/// `Some(None)` for no region, `None` for a region the library does not know.
fn pn_region(region: Option<&str>) -> Option<Option<Id>> {
    match region {
        None => Some(None),
        Some(r) => r.parse::<Id>().ok().map(Some),
    }
}

fn rl_region(region: Option<&str>) -> Option<Option<Region>> {
    match region {
        None => Some(None),
        Some(r) => Region::from_code(r).ok().map(Some),
    }
}

fn pn_kind(t: phonenumber::Type) -> &'static str {
    use phonenumber::Type;
    match t {
        Type::FixedLine => "fixedLine",
        Type::Mobile => "mobile",
        Type::FixedLineOrMobile => "fixedLineOrMobile",
        Type::TollFree => "tollFree",
        Type::PremiumRate => "premiumRate",
        Type::SharedCost => "sharedCost",
        Type::PersonalNumber => "personalNumber",
        Type::Voip => "voip",
        Type::Pager => "pager",
        Type::Uan => "uan",
        Type::Voicemail => "voicemail",
        Type::Emergency => "emergency",
        Type::ShortCode => "shortCode",
        Type::StandardRate => "standardRate",
        Type::Carrier => "carrier",
        Type::NoInternational => "noInternational",
        Type::Unknown => "unknown",
    }
}

fn rl_kind(t: PhoneNumberType) -> &'static str {
    match t {
        PhoneNumberType::FixedLine => "fixedLine",
        PhoneNumberType::Mobile => "mobile",
        PhoneNumberType::FixedLineOrMobile => "fixedLineOrMobile",
        PhoneNumberType::TollFree => "tollFree",
        PhoneNumberType::PremiumRate => "premiumRate",
        PhoneNumberType::SharedCost => "sharedCost",
        PhoneNumberType::PersonalNumber => "personalNumber",
        PhoneNumberType::VoIP => "voip",
        PhoneNumberType::Pager => "pager",
        PhoneNumberType::UAN => "uan",
        PhoneNumberType::VoiceMail => "voicemail",
        PhoneNumberType::Unknown => "unknown",
    }
}
