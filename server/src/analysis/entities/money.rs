//! Amounts of money: `1,6 million de dollars`, `440 000 dollars`, `$1.6 million`,
//! `2 millions d'euros`, `USD 250,000`, `3 millones de dólares`, normalised to an amount and an
//! ISO 4217 currency (`1600000 USD`).

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::CURRENCY;
use super::tokens::Token;
use super::{Entity, Kind, Value};

const NUMBER: &str = r"\d{1,3}(?:[ \u{a0}\u{202f}.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?";
const SCALE: &str =
    r"milliards?|millions?|mille|billions?|millones|millón|mil\s+millones|mil|million|bn|m|k";
const CURRENCY_AFTER: &str = r"dollars?\s+(?:américains|des\s+États-Unis|US|des\s+Etats-Unis)|dollars?|dólares(?:\s+estadounidenses)?|dólar|USD|US\$|euros?|EUR|€|\$|francs\s+CFA|FCFA|francs\s+suisses|CHF|gourdes|pesos(?:\s+colombianos)?|livres\s+sterling|pounds|GBP|£";
const CURRENCY_BEFORE: &str = r"US\$|USD|EUR|GBP|CHF|€|\$|£";

static AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^\w.,])({NUMBER})(?:\s+({SCALE}))?\s*(?:de\s+|d['’]\s*)?({CURRENCY_AFTER})(?:[^\w]|$)"
    ))
    .expect("valid money regex")
});

static BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^\w])({CURRENCY_BEFORE})\s?({NUMBER})(?:\s*({SCALE}))?(?:[^\w]|$)"
    ))
    .expect("valid money regex")
});

/// Where currencies are named: the regexes run around these only.
/// The currency words whose singular and plural forms open a window (see `lexicon`).
pub(super) const CURRENCY_WORDS: [&str; 8] = [
    "dollar", "dólar", "euro", "franc", "gourde", "peso", "livre", "pound",
];

fn currency(word: &str) -> &'static str {
    let w = word.to_lowercase();
    if w.contains("franc") && w.contains("cfa") || w == "fcfa" {
        "XOF"
    } else if w.contains("suisse") || w == "chf" {
        "CHF"
    } else if w.starts_with("euro") || w == "eur" || w == "€" {
        "EUR"
    } else if w.contains("sterling") || w.starts_with("pound") || w == "gbp" || w == "£" {
        "GBP"
    } else if w.starts_with("gourde") {
        "HTG"
    } else if w.contains("colombiano") {
        "COP"
    } else if w.starts_with("peso") {
        "MXN"
    } else {
        "USD"
    }
}

/// The value of a written number, reading a separator followed by exactly three digits as a
/// thousands separator and any other `,` or `.` as the decimal mark.
pub fn parse_number(s: &str) -> Option<f64> {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let Some(k) = s.rfind(['.', ',']) else {
        return s.parse().ok();
    };
    let (head, tail) = (&s[..k], &s[k + 1..]);
    let head: String = head.chars().filter(char::is_ascii_digit).collect();
    if tail.len() == 3 {
        format!("{head}{tail}").parse().ok()
    } else {
        format!("{head}.{tail}").parse().ok()
    }
}

fn scale(word: Option<&str>) -> f64 {
    match word.map(str::to_lowercase).as_deref() {
        Some("mille" | "mil" | "k") => 1e3,
        Some("million" | "millions" | "millones" | "millón" | "m") => 1e6,
        Some(w) if w.starts_with("mil") && w.contains("millones") => 1e9,
        Some("milliard" | "milliards" | "billion" | "billions" | "bn") => 1e9,
        _ => 1.0,
    }
}

fn amount_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

pub fn find(text: &str, toks: &[Token], out: &mut Vec<Entity>) {
    if !text.as_bytes().iter().any(u8::is_ascii_digit) {
        return;
    }
    let mut found: Vec<Entity> = Vec::new();
    // A currency word or symbol with a number close by.
    let b = text.as_bytes();
    let hits = toks
        .iter()
        .filter(|t| t.has(CURRENCY))
        .map(|t| t.range.clone())
        .filter(|r| super::digit_near(b, r, 40, 8));
    let windows = super::windows(text, hits, 48, 40);
    let captures = |re: &'static Regex| {
        windows.iter().flat_map(move |w| {
            re.captures_iter(&text[w.clone()])
                .map(move |c| (w.start, c))
        })
    };
    for (at, c) in captures(&AFTER_RE) {
        let shift = |m: regex::Match<'_>| m.start() + at..m.end() + at;
        let (n, cur) = (c.get(1).unwrap(), c.get(3).unwrap());
        let Some(v) = parse_number(n.as_str()) else {
            continue;
        };
        let v = v * scale(c.get(2).map(|m| m.as_str()));
        let code = currency(cur.as_str());
        found.push(money(shift(n).start..shift(cur).end, v, code));
    }
    for (at, c) in captures(&BEFORE_RE) {
        let shift = |m: regex::Match<'_>| m.start() + at..m.end() + at;
        let (cur, n) = (c.get(1).unwrap(), c.get(2).unwrap());
        let Some(v) = parse_number(n.as_str()) else {
            continue;
        };
        let end = c.get(3).map_or(shift(n).end, |m| shift(m).end);
        let v = v * scale(c.get(3).map(|m| m.as_str()));
        let range = shift(cur).start..end;
        if found
            .iter()
            .any(|f| f.range.start < range.end && range.start < f.range.end)
        {
            continue;
        }
        found.push(money(range, v, currency(cur.as_str())));
    }
    out.extend(found);
}

fn money(range: std::ops::Range<usize>, v: f64, code: &'static str) -> Entity {
    let amount = amount_text(v);
    Entity::new(Kind::Money, range, format!("{amount} {code}"))
        .with("amount", Value::Text(amount.into()))
        .static_attr("currency", code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> String {
        let mut out = Vec::new();
        find(text, &super::super::tokens::tokenize(text), &mut out);
        assert_eq!(out.len(), 1, "{text}: {out:?}");
        format!("{} = {}", &text[out[0].range.clone()], out[0].normalized)
    }

    #[test]
    fn amounts_in_three_languages() {
        assert_eq!(
            one("Le 1,6 million de dollars donné"),
            "1,6 million de dollars = 1600000 USD"
        );
        assert_eq!(
            one("Plus de 440 000 dollars de la part"),
            "440 000 dollars = 440000 USD"
        );
        assert_eq!(
            one("a grant of $1.6 million for"),
            "$1.6 million = 1600000 USD"
        );
        assert_eq!(
            one("2 millions d'euros"),
            "2 millions d'euros = 2000000 EUR"
        );
        assert_eq!(one("USD 250,000 in"), "USD 250,000 = 250000 USD");
        assert_eq!(
            one("3 millones de dólares"),
            "3 millones de dólares = 3000000 USD"
        );
        assert_eq!(one("1.200.000 euros"), "1.200.000 euros = 1200000 EUR");
        assert_eq!(
            one("750 000 dollars américains"),
            "750 000 dollars américains = 750000 USD"
        );
    }
}
