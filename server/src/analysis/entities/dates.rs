//! Dates: `16-17 mars`, `12 May 2017`, `May 12, 2017`, `12 de mayo de 2017`, `janvier 2016`,
//! `premier semestre 2017`, `first half of 2017`, `en 2016`; ISO 8601 where complete
//! (`2017-05-12`, `2016-01`, `2016`), partial otherwise (`--03-16/--03-17`, `2017-H1`).

use std::sync::LazyLock;

use std::collections::HashMap;

use regex::Regex;

use super::lexicon::{MONTH, PERIOD as PERIOD_WORD, YEAR_CUE};
use super::tokens::{lower_into, Shape, Token};
use super::{Entity, Kind, Value};
use crate::analysis::text::KeyHash;

pub(super) const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
];

static MONTH_MAP: LazyLock<HashMap<&'static str, u32, KeyHash>> =
    LazyLock::new(|| MONTHS.iter().copied().collect());

/// The tokens that are month names (whole words, any case).
fn month_tokens<'a>(text: &'a str, toks: &'a [Token]) -> impl Iterator<Item = usize> + 'a {
    (0..toks.len()).filter(move |&k| toks[k].has(MONTH) && month(toks[k].text(text)).is_some())
}

/// What a month token must have around it for each date regex to match there (necessary
/// conditions, so that a regex runs only where it can match): a number before it, or `de` and
/// a number (`16 mars`, `12 de mayo`); a number after it (`May 12`, `mars 2017`), or `de` or
/// `del` and a number (`enero de 2016`).
fn number_before(text: &str, toks: &[Token], k: usize) -> bool {
    let at = |i: Option<usize>| i.and_then(|i| toks.get(i));
    let is_number = |t: Option<&Token>| t.is_some_and(|t| t.shape == Shape::Number);
    is_number(at(k.checked_sub(1)))
        || (at(k.checked_sub(1)).is_some_and(|t| t.text(text) == "de")
            && is_number(at(k.checked_sub(2))))
}

fn number_after(text: &str, toks: &[Token], k: usize) -> bool {
    let is_number = |t: Option<&Token>| t.is_some_and(|t| t.shape == Shape::Number);
    is_number(toks.get(k + 1))
        || (toks
            .get(k + 1)
            .is_some_and(|t| matches!(t.text(text), "de" | "del"))
            && is_number(toks.get(k + 2)))
}

/// The years from 1900 to 2099 written as a number of their own (`2016`, or the first of
/// `2016-2017`), as token indexes with the year's byte range.
fn years<'a>(
    text: &'a str,
    toks: &'a [Token],
) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> + 'a {
    toks.iter().enumerate().filter_map(move |(i, t)| {
        if t.shape != Shape::Number {
            return None;
        }
        let y = text.as_bytes().get(t.range.clone())?;
        let ok = y.len() >= 4
            && (y[..2] == *b"19" || y[..2] == *b"20")
            && y[2].is_ascii_digit()
            && y[3].is_ascii_digit()
            && (y.len() == 4 || !y[4].is_ascii_alphanumeric() && y[4] < 0x80);
        ok.then(|| (i, t.range.start..t.range.start + 4))
    })
}

/// The words after which a year alone is a date (`en 2016`, `since 2004`, `desde 2015`,
/// `d'ici 2030`, `jusqu'en 2030`, `l'année 2016`), in lower case.
pub(super) const YEAR_CUES: &[&str] = &[
    "en",
    "in",
    "depuis",
    "since",
    "desde",
    "durant",
    "durante",
    "during",
    "ici",
    "by",
    "until",
    "jusqu'en",
    "jusqu’en",
    "hasta",
    "from",
    "année",
    "year",
    "año",
    "del",
    "for",
    "pour",
];

/// Whether the word before token `i` makes a year of it.
fn after_year_cue(text: &str, toks: &[Token], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|k| &toks[k]) else {
        return false;
    };
    if !prev.has(YEAR_CUE) {
        return false;
    }
    // `ici` only in `d'ici`.
    if prev.text(text).eq_ignore_ascii_case("ici") {
        return i >= 3
            && toks[i - 2].shape == Shape::Punct
            && matches!(toks[i - 2].text(text), "'" | "’")
            && matches!(toks[i - 3].text(text), "d" | "D");
    }
    true
}

fn month(word: &str) -> Option<u32> {
    let mut buf = [0u8; 16];
    MONTH_MAP.get(lower_into(word, &mut buf)?).copied()
}

static MONTH_ALT: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<String> = MONTHS
        .iter()
        .flat_map(|(m, _)| {
            let mut cap = m.chars();
            let first = cap.next().unwrap().to_uppercase().collect::<String>();
            [m.to_string(), format!("{first}{}", cap.as_str())]
        })
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names.join("|")
});

const B: &str = r"(?:^|[^\w])";
const E: &str = r"(?:[^\w]|$)";

/// Day (or day range) before the month: `16-17 mars 2017`, `12 de mayo de 2017`, `1er juin`.
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{B}((\d{{1,2}})(?:er|º)?(?:\s*(?:-|–|au|et|y|al|and|to)\s*(\d{{1,2}})(?:er)?)?\s+(?:de\s+)?({m})(?:\s+(?:de\s+|del\s+)?(\d{{4}}))?){E}",
        m = *MONTH_ALT
    ))
    .expect("valid date regex")
});

/// Month before the day: `May 12, 2017`, `March 16-17`.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{B}(({m})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–)\s*(\d{{1,2}}))?(?:,?\s+(\d{{4}}))?){E}",
        m = *MONTH_ALT
    ))
    .expect("valid date regex")
});

/// Month and year: `janvier 2016`, `enero de 2016`, `January 2016`.
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{B}(({m})\s+(?:de\s+|del\s+)?(\d{{4}})){E}",
        m = *MONTH_ALT
    ))
    .expect("valid date regex")
});

/// Halves and quarters: `premier semestre 2017`, `first half of 2017`, `segundo trimestre de 2017`.
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){B}((premier|1er|second|deuxième|2e|troisième|3e|quatrième|4e|first|second|third|fourth|primer|segundo|tercer|cuarto)\s+(semestre|trimestre|half|quarter)\s+(?:of\s+|de\s+|del\s+)?(\d{{4}})){E}"
    ))
    .expect("valid date regex")
});

fn iso(year: Option<&str>, month: u32, day: Option<u32>) -> String {
    match (year, day) {
        (Some(y), Some(d)) => format!("{y}-{month:02}-{d:02}"),
        (None, Some(d)) => format!("--{month:02}-{d:02}"),
        (Some(y), None) => format!("{y}-{month:02}"),
        (None, None) => format!("--{month:02}"),
    }
}

/// One day, or a range of days in the same month (`2017-03-16/2017-03-17`).
fn days(year: Option<&str>, month: u32, first: u32, last: Option<u32>) -> String {
    match last {
        Some(last) => format!(
            "{}/{}",
            iso(year, month, Some(first)),
            iso(year, month, Some(last))
        ),
        None => iso(year, month, Some(first)),
    }
}

fn push(out: &mut Vec<Entity>, range: std::ops::Range<usize>, normalized: String, complete: bool) {
    if out
        .iter()
        .any(|e| e.range.start < range.end && range.start < e.range.end)
    {
        return;
    }
    out.push(Entity::new(Kind::Date, range, normalized).with("complete", Value::Bool(complete)));
}

/// The captures of `re` in each window, with the window's start.
fn in_windows<'t>(
    re: &'t Regex,
    text: &'t str,
    windows: &'t [std::ops::Range<usize>],
) -> impl Iterator<Item = (usize, regex::Captures<'t>)> + 't {
    windows.iter().flat_map(move |w| {
        re.captures_iter(&text[w.clone()])
            .map(move |c| (w.start, c))
    })
}

fn shift(by: usize, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    r.start + by..r.end + by
}

pub fn find(text: &str, toks: &[Token], out: &mut Vec<Entity>) {
    if !text.as_bytes().iter().any(u8::is_ascii_digit) {
        return;
    }
    let mut found = Vec::new();
    let periods = toks.iter().filter(|t| t.has(PERIOD_WORD));
    let periods = super::windows(text, periods.map(|t| t.range.clone()), 24, 16);
    for (w, c) in in_windows(&PERIOD, text, &periods) {
        let all = c.get(1).unwrap();
        let all = shift(w, all.range());
        let ord = c[2].to_lowercase();
        let n = match ord.as_str() {
            "premier" | "1er" | "first" | "primer" => 1,
            "second" | "deuxième" | "2e" | "segundo" => 2,
            "troisième" | "3e" | "third" | "tercer" => 3,
            _ => 4,
        };
        let unit = c[3].to_lowercase();
        let code = if unit == "semestre" || unit == "half" {
            "H"
        } else {
            "Q"
        };
        push(&mut found, all, format!("{}-{code}{n}", &c[4]), false);
    }
    // Every form has a number within a few words of the month.
    let b = text.as_bytes();
    let months: Vec<usize> = month_tokens(text, toks)
        .filter(|&k| super::digit_near(b, &toks[k].range, 12, 12))
        .collect();
    let windows_where = |cond: fn(&str, &[Token], usize) -> bool| {
        let hits = months.iter().filter(|&&k| cond(text, toks, k));
        super::windows(text, hits.map(|&k| toks[k].range.clone()), 24, 24)
    };
    let before = windows_where(number_before);
    let after = windows_where(number_after);
    for (w, c) in in_windows(&DAY_MONTH, text, &before) {
        let all = c.get(1).unwrap();
        let Some(m) = month(&c[4]) else { continue };
        let year = c.get(5).map(|y| y.as_str());
        let d1: u32 = c[2].parse().unwrap_or(0);
        if !(1..=31).contains(&d1) {
            continue;
        }
        let norm = days(year, m, d1, c.get(3).and_then(|d| d.as_str().parse().ok()));
        push(&mut found, shift(w, all.range()), norm, year.is_some());
    }
    for (w, c) in in_windows(&MONTH_DAY, text, &after) {
        let all = c.get(1).unwrap();
        // English order only: "mai 12" is not a French date.
        let Some(m) = month(&c[2]).filter(|_| c[2].chars().next().is_some_and(char::is_uppercase))
        else {
            continue;
        };
        if !ENGLISH_MONTHS.iter().any(|n| n.eq_ignore_ascii_case(&c[2])) {
            continue;
        }
        let year = c.get(5).map(|y| y.as_str());
        let d1: u32 = c[3].parse().unwrap_or(0);
        if !(1..=31).contains(&d1) {
            continue;
        }
        let norm = days(year, m, d1, c.get(4).and_then(|d| d.as_str().parse().ok()));
        push(&mut found, shift(w, all.range()), norm, year.is_some());
    }
    for (w, c) in in_windows(&MONTH_YEAR, text, &after) {
        let all = c.get(1).unwrap();
        let Some(m) = month(&c[2]) else { continue };
        // `mai` and `May` are also words: only with a year after them.
        push(
            &mut found,
            shift(w, all.range()),
            iso(Some(&c[3]), m, None),
            true,
        );
    }
    for (i, y) in years(text, toks) {
        if after_year_cue(text, toks, i) {
            push(&mut found, y.clone(), text[y].to_string(), true);
        }
    }
    out.extend(found);
}

const ENGLISH_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        find(text, &super::super::tokens::tokenize(text), &mut out);
        out.sort_by_key(|e| e.range.start);
        out.iter()
            .map(|e| format!("{} = {}", &text[e.range.clone()], e.normalized))
            .collect()
    }

    #[test]
    fn dates_in_three_languages() {
        assert_eq!(
            all("cette semaine (16-17 mars) à"),
            ["16-17 mars = --03-16/--03-17"]
        );
        assert_eq!(all("établi en janvier 2016."), ["janvier 2016 = 2016-01"]);
        assert_eq!(
            all("pendant le premier semestre 2017,"),
            ["premier semestre 2017 = 2017-H1"]
        );
        assert_eq!(all("l'OIM en Haïti depuis 2004, afin"), ["2004 = 2004"]);
        assert_eq!(all("on 12 May 2017."), ["12 May 2017 = 2017-05-12"]);
        assert_eq!(all("On May 12, 2017, the"), ["May 12, 2017 = 2017-05-12"]);
        assert_eq!(
            all("el 12 de mayo de 2017"),
            ["12 de mayo de 2017 = 2017-05-12"]
        );
        assert_eq!(
            all("in the first half of 2018"),
            ["first half of 2018 = 2018-H1"]
        );
        assert_eq!(
            all("Tel: +57 1 6397777 et 2030 AGENDA"),
            Vec::<String>::new()
        );
    }
}
