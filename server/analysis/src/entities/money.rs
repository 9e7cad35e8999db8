//! Amounts of money: `1,6 million de dollars`, `440 000 dollars`, `$1.6 million`,
//! `2 millions d'euros`, `USD 250,000`, `3 millones de dólares`, normalised to an amount and an
//! ISO 4217 currency (`1600000 USD`).

use std::ops::Range;

use super::tokens::Tokens;
use super::{Entity, Kind, Value};
use crate::lexicon::CURRENCY;

fn currency(word: &str) -> &'static str {
    // The symbols and prefixed dollars first, as written.
    match word {
        "FJ$" | "FJD" => return "FJD",
        "NZ$" | "NZD" => return "NZD",
        "A$" | "AU$" | "AUD" => return "AUD",
        "C$" | "CA$" | "CAD" => return "CAD",
        "₱" | "PHP" => return "PHP",
        "₦" | "NGN" => return "NGN",
        "S/" | "S/." | "PEN" => return "PEN",
        "Tk" | "BDT" => return "BDT",
        "¥" | "JPY" => return "JPY",
        "₹" | "INR" => return "INR",
        "KES" | "COP" | "MXN" | "ARS" | "CLP" | "GTQ" | "HNL" | "MAD" | "MGA" | "TND" | "XOF"
        | "HTG" | "LBP" | "MDL" | "RON" | "BRL" => {
            return CODES.iter().copied().find(|&c| c == word).unwrap_or("USD")
        }
        _ => {}
    }
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
    } else if w.contains("canadien") {
        "CAD"
    } else if w.contains("libanaise") {
        "LBP"
    } else if w.starts_with("dirham") {
        "MAD"
    } else if w == "ariary" {
        "MGA"
    } else if w.starts_with("quetzal") {
        "GTQ"
    } else if w.starts_with("lempira") {
        "HNL"
    } else if w == "soles" {
        "PEN"
    } else if w.starts_with("naira") {
        "NGN"
    } else if w == "taka" {
        "BDT"
    } else if w == "lei" {
        "RON"
    } else if w.starts_with("peso") {
        "MXN"
    } else {
        "USD"
    }
}

/// The codes [`currency`] returns as written (a `&'static str` for each).
const CODES: [&str; 17] = [
    "KES", "COP", "MXN", "ARS", "CLP", "GTQ", "HNL", "MAD", "MGA", "TND", "XOF", "HTG", "LBP",
    "MDL", "RON", "BRL", "USD",
];

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

pub fn find(text: &str, toks: &Tokens, out: &mut Vec<Entity>) {
    if !super::has_digit(text.as_bytes()) {
        return;
    }
    let mut found: Vec<Entity> = Vec::new();
    // A currency word or symbol with a number close by.
    let b = text.as_bytes();
    let hits = toks
        .marks()
        .map(|k| &toks[k])
        .filter(|t| t.has(CURRENCY))
        .map(|t| t.range.clone())
        .filter(|r| super::digit_near(b, r, 40, 8));
    let windows = super::windows(text, hits, 48, 40);
    let amounts = |read: fn(&Window<'_>) -> Vec<Amount>| {
        windows.iter().flat_map(move |w| {
            read(&Window(&text[w.clone()]))
                .into_iter()
                .map(move |m| m.shifted(w.start))
        })
    };
    for m in amounts(|w| w.after()) {
        let Some(v) = m.value(text) else {
            continue;
        };
        found.push(money(
            m.number.start..m.currency.end,
            v,
            currency(&text[m.currency]),
        ));
    }
    for m in amounts(|w| w.before()) {
        let Some(v) = m.value(text) else {
            continue;
        };
        let end = m.scale.as_ref().map_or(m.number.end, |r| r.end);
        let range = m.currency.start..end;
        if found
            .iter()
            .any(|f| f.range.start < range.end && range.start < f.range.end)
        {
            continue;
        }
        found.push(money(range, v, currency(&text[m.currency])));
    }
    out.extend(found);
}

/// An amount as the patterns below read it, in bytes of the window.
#[derive(Debug, PartialEq)]
struct Amount {
    number: Range<usize>,
    scale: Option<Range<usize>>,
    currency: Range<usize>,
}

impl Amount {
    /// The amount with its ranges moved `by` bytes (from its window's to the text's).
    fn shifted(self, by: usize) -> Amount {
        let shift = |r: Range<usize>| r.start + by..r.end + by;
        Amount {
            number: shift(self.number),
            scale: self.scale.map(shift),
            currency: shift(self.currency),
        }
    }

    /// Its value: the number times the scale (`None` when the number does not parse).
    fn value(&self, text: &str) -> Option<f64> {
        let n = parse_number(&text[self.number.clone()])?;
        Some(n * scale(self.scale.clone().map(|r| &text[r])))
    }
}

/// The scale words, in the order the alternation tries them (`mil millones` is matched apart).
const SCALES: [&str; 14] = [
    "milliards",
    "milliard",
    "millions",
    "million",
    "mille",
    "billions",
    "billion",
    "millones",
    "millón",
    "",
    "mil",
    "bn",
    "m",
    "k",
];

/// The currencies written before the amount, in the order they are tried.
const BEFORE: [&str; 36] = [
    "US$", "USD", "EUR", "GBP", "CHF", "€", "$", "£", "FJ$", "NZ$", "AU$", "A$", "CA$", "C$",
    "FJD", "NZD", "AUD", "CAD", "₱", "PHP", "₦", "NGN", "S/", "PEN", "Tk", "BDT", "KES", "COP",
    "MXN", "ARS", "CLP", "JPY", "¥", "₹", "INR", "MAD",
];

/// One window of text, read as the two patterns (regular expressions in an earlier version, kept
/// in the tests as the reference this reading must agree with) would read it, with their
/// priorities (leftmost match, then earlier alternatives and longer repetitions first):
///
/// - after the amount: `(^|[^\w.,])NUMBER(\s+SCALE)?\s*(de\s+|d['’]\s*)?CURRENCY([^\w]|$)`;
/// - before it: `(^|[^\w])(US\$|USD|EUR|GBP|CHF|€|\$|£)\s?NUMBER(\s*SCALE)?([^\w]|$)`;
///
/// where NUMBER is `\d{1,3}([ \u{a0}\u{202f}.,]\d{3})+([.,]\d{1,2})?|\d+([.,]\d+)?`, and
/// successive matches do not overlap (the character a match ends on is not the one the next
/// starts after).
struct Window<'a>(&'a str);

/// A `\w` character as Unicode regular expressions define it (letters, marks, decimal digits,
/// connector punctuation, joiners): the one the patterns were written with.
fn is_word(c: char) -> bool {
    // ASCII, most of the text, without the table's search.
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        regex_syntax::is_word_character(c)
    }
}

impl<'a> Window<'a> {
    fn char_at(&self, p: usize) -> Option<char> {
        self.0.get(p..)?.chars().next()
    }

    /// The start of the character before byte `p`.
    fn char_before(&self, p: usize) -> Option<(usize, char)> {
        let c = self.0[..p].chars().next_back()?;
        Some((p - c.len_utf8(), c))
    }

    fn digits(&self, p: usize) -> usize {
        self.0.as_bytes()[p.min(self.0.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    }

    /// The end of a run of white space from `p` (`p` itself when there is none).
    fn spaces(&self, p: usize) -> usize {
        let rest = &self.0[p..];
        p + rest.len() - rest.trim_start_matches(char::is_whitespace).len()
    }

    fn spaces1(&self, p: usize) -> Option<usize> {
        Some(self.spaces(p)).filter(|&e| e > p)
    }

    fn lit(&self, p: usize, word: &str) -> Option<usize> {
        self.0[p..].starts_with(word).then_some(p + word.len())
    }

    /// `words` from `p`, with white space between them (`francs\s+CFA`): where they end.
    fn words(&self, p: usize, words: &[&str]) -> Option<usize> {
        let mut e = p;
        for (k, w) in words.iter().enumerate() {
            if k > 0 {
                e = self.spaces1(e)?;
            }
            e = self.lit(e, w)?;
        }
        Some(e)
    }

    /// `([^\w]|$)` at `p`: where the match ends.
    fn word_end(&self, p: usize) -> Option<usize> {
        match self.char_at(p) {
            None => Some(p),
            Some(c) if !is_word(c) => Some(p + c.len_utf8()),
            Some(_) => None,
        }
    }

    /// The ends NUMBER can have from `p`, in the order the pattern tries them.
    fn number_ends(&self, p: usize) -> Vec<usize> {
        let b = self.0.as_bytes();
        let mut out = Vec::new();
        let run = self.digits(p);
        if run == 0 {
            return out;
        }
        let decimals = |e: usize, max: usize, out: &mut Vec<usize>| {
            if matches!(b.get(e), Some(b'.' | b',')) {
                let d = self.digits(e + 1).min(max);
                out.extend((1..=d).rev().map(|k| e + 1 + k));
            }
        };
        // Groups of three: `440 000`, `1.200.000,50`.
        for k in (1..=run.min(3)).rev() {
            let mut groups = Vec::new();
            let mut at = p + k;
            loop {
                let sep = match b.get(at..) {
                    Some([b' ' | b'.' | b',', ..]) => 1,
                    Some([0xC2, 0xA0, ..]) => 2,
                    Some([0xE2, 0x80, 0xAF, ..]) => 3,
                    _ => break,
                };
                if self.digits(at + sep) < 3 {
                    break;
                }
                at += sep + 3;
                groups.push(at);
            }
            for &e in groups.iter().rev() {
                decimals(e, 2, &mut out);
                out.push(e);
            }
        }
        // Plain digits: `1,6`, `2000`.
        for d in (1..=run).rev() {
            if d == run {
                decimals(p + d, usize::MAX, &mut out);
            }
            out.push(p + d);
        }
        out
    }

    /// The ends SCALE can have from `p`, in the order the pattern tries them.
    fn scale_ends(&self, p: usize) -> impl Iterator<Item = usize> + '_ {
        SCALES.iter().filter_map(move |w| {
            if w.is_empty() {
                // `mil millones`.
                let e = self.spaces1(self.lit(p, "mil")?)?;
                self.lit(e, "millones")
            } else {
                self.lit(p, w)
            }
        })
    }

    /// The first currency written after the amount at `p` that ends a word, in the order the
    /// alternation tries them: its range and where the match ends.
    fn currency_after(&self, p: usize) -> Option<(Range<usize>, usize)> {
        // Every currency starts with one of these bytes (`€` and `£` with their lead byte).
        if !matches!(
            self.0.as_bytes().get(p),
            Some(
                b'd' | b'U'
                    | b'e'
                    | b'E'
                    | b'$'
                    | b'f'
                    | b'F'
                    | b'C'
                    | b'g'
                    | b'p'
                    | b'l'
                    | b'G'
                    | b'a'
                    | b'q'
                    | b's'
                    | b'n'
                    | b't'
                    | b'K'
                    | b'B'
            ) | Some(0xC3 | 0xE2 | 0xC2)
        ) {
            return None;
        }
        let end = |e: usize| Some((p..e, self.word_end(e)?));
        for dollar in ["dollars", "dollar"] {
            if let Some(s) = self.lit(p, dollar).and_then(|e| self.spaces1(e)) {
                for words in [
                    &["américains"][..],
                    &["des", "États-Unis"],
                    &["US"],
                    &["des", "Etats-Unis"],
                ] {
                    if let Some(m) = self.words(s, words).and_then(end) {
                        return Some(m);
                    }
                }
            }
        }
        const ALTERNATIVES: [&[&str]; 39] = [
            &["dollars", "canadiens"],
            &["dollars"],
            &["dollar"],
            &["dólares", "canadienses"],
            &["dólares", "estadounidenses"],
            &["dólares"],
            &["dólar"],
            &["USD"],
            &["US$"],
            &["euros"],
            &["euro"],
            &["EUR"],
            &["€"],
            &["$"],
            &["francs", "CFA"],
            &["FCFA"],
            &["francs", "suisses"],
            &["CHF"],
            &["gourdes"],
            &["pesos", "colombianos"],
            &["pesos"],
            &["livres", "sterling"],
            &["livres", "libanaises"],
            &["pounds"],
            &["GBP"],
            &["£"],
            &["dirhams"],
            &["dirham"],
            &["ariary"],
            &["quetzales"],
            &["quetzal"],
            &["lempiras"],
            &["soles"],
            &["nairas"],
            &["naira"],
            &["taka"],
            &["lei"],
            &["KES"],
            &["BDT"],
        ];
        ALTERNATIVES
            .iter()
            .find_map(|words| self.words(p, words).and_then(end))
    }

    /// The rest of the after-pattern from the end of the number: scale, `de`, currency, end.
    fn after_number(&self, n: usize) -> Option<(Option<Range<usize>>, Range<usize>, usize)> {
        let rest = |p: usize| -> Option<(Range<usize>, usize)> {
            let p = self.spaces(p);
            // `de `, `d'`, or neither, in this order.
            let de = self.lit(p, "de").and_then(|e| self.spaces1(e));
            let elided = self.lit(p, "d'").or_else(|| self.lit(p, "d’"));
            [de, elided.map(|e| self.spaces(e)), Some(p)]
                .into_iter()
                .flatten()
                .find_map(|c| self.currency_after(c))
        };
        if let Some(s) = self.spaces1(n) {
            for e in self.scale_ends(s) {
                if let Some((cur, end)) = rest(e) {
                    return Some((Some(s..e), cur, end));
                }
            }
        }
        let (cur, end) = rest(n)?;
        Some((None, cur, end))
    }

    /// The amount whose number starts at `p`, if the after-pattern matches there.
    fn after_at(&self, p: usize) -> Option<(Amount, usize)> {
        self.number_ends(p).into_iter().find_map(|n| {
            let (scale, currency, end) = self.after_number(n)?;
            Some((
                Amount {
                    number: p..n,
                    scale,
                    currency,
                },
                end,
            ))
        })
    }

    /// The amount whose currency starts at `p`, if the before-pattern matches there.
    fn before_at(&self, p: usize) -> Option<(Amount, usize)> {
        BEFORE.iter().find_map(|cur| self.before_with(p, cur))
    }

    /// The amount written after currency `cur` at `p`.
    fn before_with(&self, p: usize, cur: &str) -> Option<(Amount, usize)> {
        {
            let c = self.lit(p, cur)?;
            // `\s?`: one white-space character, or none.
            let spaced = self.char_at(c).filter(|ch| ch.is_whitespace());
            let starts = spaced.map(|ch| c + ch.len_utf8()).into_iter().chain([c]);
            starts.into_iter().find_map(|s| {
                self.number_ends(s).into_iter().find_map(|n| {
                    let sp = self.spaces(n);
                    let scaled = self
                        .scale_ends(sp)
                        .find_map(|e| Some((Some(sp..e), self.word_end(e)?)));
                    let (scale, end) = scaled.or_else(|| Some((None, self.word_end(n)?)))?;
                    Some((
                        Amount {
                            number: s..n,
                            scale,
                            currency: p..c,
                        },
                        end,
                    ))
                })
            })
        }
    }

    /// The matches of a pattern whose match starts at `(^|PREFIX)` before a position `p` that
    /// `starts` accepts, read at `p` by `at`, leftmost first and without overlaps.
    fn matches(
        &self,
        starts: impl Fn(&[u8], usize) -> bool,
        prefix: impl Fn(char) -> bool,
        at: impl Fn(&Self, usize) -> Option<(Amount, usize)>,
    ) -> Vec<Amount> {
        let b = self.0.as_bytes();
        let mut out = Vec::new();
        let mut from = 0;
        let mut p = 0;
        while p < b.len() {
            if !starts(b, p) {
                p += 1;
                continue;
            }
            let mut hit = None;
            if p == 0 && from == 0 {
                hit = at(self, p);
            }
            if hit.is_none() {
                if let Some((q, c)) = self.char_before(p) {
                    if q >= from && prefix(c) {
                        hit = at(self, p);
                    }
                }
            }
            match hit {
                Some((m, end)) => {
                    out.push(m);
                    from = end;
                    p = end.max(p + 1);
                }
                None => p += 1,
            }
        }
        out
    }

    fn after(&self) -> Vec<Amount> {
        self.matches(
            |b, p| b[p].is_ascii_digit(),
            |c| !is_word(c) && c != '.' && c != ',',
            Self::after_at,
        )
    }

    fn before(&self) -> Vec<Amount> {
        self.matches(
            |b, p| b[p].is_ascii_uppercase() || matches!(b[p], b'$' | 0xE2 | 0xC2),
            |c| !is_word(c),
            Self::before_at,
        )
    }
}

/// The currency a country writes `$` for, when it is its own (the peso, the Canadian dollar);
/// elsewhere `$` stays the US dollar.
fn local_dollar(country: &str) -> Option<&'static str> {
    Some(match country {
        "AR" => "ARS",
        "CL" => "CLP",
        "CO" => "COP",
        "MX" => "MXN",
        "CA" => "CAD",
        "AU" => "AUD",
        "NZ" => "NZD",
        "FJ" => "FJD",
        "UY" => "UYU",
        "DO" => "DOP",
        "CU" => "CUP",
        _ => return None,
    })
}

/// The countries of the Central African CFA franc (XAF, BEAC): Cameroon, the Central African
/// Republic, Chad, the Republic of the Congo, Equatorial Guinea and Gabon.
fn central_african_cfa(country: &str) -> bool {
    matches!(country, "CM" | "CF" | "TD" | "CG" | "GQ" | "GA")
}

/// The currency of `pesos` in a country that has its own (`MXN` where none is known).
fn local_peso(country: &str) -> Option<&'static str> {
    match country {
        "PH" => Some("PHP"),
        "MX" | "CA" | "AU" | "NZ" | "FJ" => None,
        c => local_dollar(c),
    }
}

/// Amounts read in the light of the country the release is about (`country`, ISO 3166-1): `$`
/// and `pesos` in its own currency (`$45 millones` in Argentina is ARS), `lei` in Moldova's, and
/// the one-letter symbols that only a country's own releases use (`Q12 millones` in Guatemala,
/// `L 15 millones` in Honduras), which elsewhere are letters.
pub fn localise(text: &str, country: Option<&str>, romance: bool, out: &mut Vec<Entity>) {
    let Some(country) = country else {
        return;
    };
    // A release about Mexico written in English for the world means US dollars by `$`; one
    // written in Spanish, pesos. Canada's dollar in either language.
    let own_language = match country {
        "CA" => true,
        "AU" | "NZ" | "FJ" => !romance,
        _ => romance,
    };
    for e in out.iter_mut().filter(|e| e.kind == Kind::Money) {
        let written = &text[e.range.clone()];
        let local = if written.ends_with("lei") && country == "MD" {
            Some("MDL")
        } else if written.contains("CFA") && central_african_cfa(country) {
            // The franc CFA of the six countries of Central Africa is another currency than
            // West Africa's (XOF), at the same rate.
            Some("XAF")
        } else if !own_language {
            None
        } else if written.starts_with('$')
            || written.trim_end().ends_with('$') && !written.contains("US$")
        {
            local_dollar(country)
        } else if written.contains("peso") && !written.contains("colombiano") {
            local_peso(country)
        } else {
            None
        };
        if let Some(code) = local {
            if let Some(Value::Text(amount)) = e.attribute("amount") {
                e.normalized = format!("{amount} {code}");
            }
            for (k, v) in &mut e.attributes {
                if *k == "currency" {
                    *v = Value::Text(std::borrow::Cow::Borrowed(code));
                }
            }
        }
    }
    let (letter, code) = match country {
        "GT" => ("Q", "GTQ"),
        "HN" => ("L", "HNL"),
        _ => return,
    };
    let w = Window(text);
    for (p, _) in text.match_indices(letter) {
        if w.char_before(p).is_some_and(|(_, c)| is_word(c)) {
            continue;
        }
        let Some((m, _)) = w.before_with(p, letter) else {
            continue;
        };
        // `Q1 2024` is a quarter: a one-digit number needs a scale.
        if m.number.len() == 1 && m.scale.is_none() {
            continue;
        }
        let Some(v) = m.value(text) else { continue };
        let end = m.scale.as_ref().map_or(m.number.end, |r| r.end);
        let range = m.currency.start..end;
        if out
            .iter()
            .any(|e| e.range.start < range.end && range.start < e.range.end)
        {
            continue;
        }
        out.push(money(range, v, code));
    }
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
    use proptest::prelude::*;
    use regex::Regex;
    use std::sync::LazyLock;

    // The patterns as regular expressions, as first written: the reading above must agree.
    const NUMBER: &str = r"\d{1,3}(?:[ \u{a0}\u{202f}.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?";
    const SCALE: &str =
        r"milliards?|millions?|mille|billions?|millones|millón|mil\s+millones|mil|million|bn|m|k";
    const CURRENCY_AFTER: &str = r"dollars?\s+(?:américains|des\s+États-Unis|US|des\s+Etats-Unis)|dollars\s+canadiens|dollars?|dólares\s+canadienses|dólares(?:\s+estadounidenses)?|dólar|USD|US\$|euros?|EUR|€|\$|francs\s+CFA|FCFA|francs\s+suisses|CHF|gourdes|pesos(?:\s+colombianos)?|livres\s+sterling|livres\s+libanaises|pounds|GBP|£|dirhams|dirham|ariary|quetzales|quetzal|lempiras|soles|nairas|naira|taka|lei|KES|BDT";
    const CURRENCY_BEFORE: &str = r"US\$|USD|EUR|GBP|CHF|€|\$|£|FJ\$|NZ\$|AU\$|A\$|CA\$|C\$|FJD|NZD|AUD|CAD|₱|PHP|₦|NGN|S/|PEN|Tk|BDT|KES|COP|MXN|ARS|CLP|JPY|¥|₹|INR|MAD";

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

    fn by_regex(re: &Regex, w: &str, groups: [usize; 3]) -> Vec<Amount> {
        re.captures_iter(w)
            .map(|c| Amount {
                number: c.get(groups[0]).unwrap().range(),
                scale: c.get(groups[1]).map(|m| m.range()),
                currency: c.get(groups[2]).unwrap().range(),
            })
            .collect()
    }

    fn same(w: &str) {
        assert_eq!(
            Window(w).after(),
            by_regex(&AFTER_RE, w, [1, 2, 3]),
            "after: {w:?}"
        );
        assert_eq!(
            Window(w).before(),
            by_regex(&BEFORE_RE, w, [2, 3, 1]),
            "before: {w:?}"
        );
    }

    #[test]
    fn agrees_with_the_regexes() {
        for w in [
            "Le 1,6 million de dollars donné",
            "Plus de 440 000 dollars de la part",
            "a grant of $1.6 million for",
            "2 millions d'euros et 3 millions d’ euros",
            "USD 250,000 in",
            "3 millones de dólares estadounidenses",
            "1.200.000 euros",
            "750 000 dollars américains, 5 dollars des États-Unis",
            "10 dollars 20 dollars",
            "$5m and $3bn, €20k",
            "US$ 12 000 000,50 or 1 0000 dollars",
            "3 mil millones de pesos colombianos",
            "12 francs CFA, 7 FCFA, 9 francs suisses",
            "100 livres sterling and £40 and 30 pounds",
            "x1 dollars, .5 euros, 5.euros",
            "$1000abc $100",
            "5 gourdes",
            // `²` is a number to Rust (`is_alphanumeric`) but no `\w` to regular expressions.
            "0dollar²",
            "9938dollars²\u{a0}euros",
            "20\u{a0}000\u{202f}000 dollars",
            "FJ$2 million, NZ$2 million, A$1.5 million and C$35.2 million",
            "KES 1.2 billion, Tk 880, ₱80 billion, ₦100,000, S/ 800 mil",
            "4,2 millions de dirhams, 2 milliards d'ariary, 2,200 lei, 100.000 quetzales",
            "1,8 million de livres libanaises, 2 millones de dólares canadienses",
        ] {
            same(w);
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_regexes_on_any_amount(
            w in r"(US\$|US|USD|EUR|GBP|CHF|FCFA|francs|CFA|suisses|dollars?|dólares|dólar|estadounidenses|américains|des|États-Unis|Etats-Unis|euros?|pesos|colombianos|livres|sterling|pounds|gourdes|dirhams|lei|soles|FJ\$|NZ\$|A\$|S/|Tk|KES|₱|₦|d'|d’|de|millions?|milliards?|mille|millones|millón|mil|m|k|bn|[0-9]{1,4}|[ ,.\n_\t]|\u{a0}|\u{202f}|\u{300}|x|é|\$|€|£|-|²){0,12}"
        ) {
            same(&w);
        }
    }

    fn one(text: &str) -> String {
        let mut out = Vec::new();
        find(text, &super::super::tokens::tokenize(text), &mut out);
        assert_eq!(out.len(), 1, "{text}: {out:?}");
        format!("{} = {}", &text[out[0].range.clone()], out[0].normalized)
    }

    #[test]
    fn amounts_in_more_currencies() {
        assert_eq!(one("FJ$2 million"), "FJ$2 million = 2000000 FJD");
        assert_eq!(one("NZ$2 million"), "NZ$2 million = 2000000 NZD");
        assert_eq!(one("KES 1.2 billion"), "KES 1.2 billion = 1200000000 KES");
        assert_eq!(one("about Tk 880 a"), "Tk 880 = 880 BDT");
        assert_eq!(one("₱650,000"), "₱650,000 = 650000 PHP");
        assert_eq!(one("₦100,000"), "₦100,000 = 100000 NGN");
        assert_eq!(one("S/ 800 mil"), "S/ 800 mil = 800000 PEN");
        assert_eq!(
            one("COP 2.500 millones"),
            "COP 2.500 millones = 2500000000 COP"
        );
        assert_eq!(
            one("4,2 millions de dirhams"),
            "4,2 millions de dirhams = 4200000 MAD"
        );
        assert_eq!(
            one("2 milliards d'ariary"),
            "2 milliards d'ariary = 2000000000 MGA"
        );
        assert_eq!(
            one("1,8 million de livres libanaises"),
            "1,8 million de livres libanaises = 1800000 LBP"
        );
        assert_eq!(
            one("2 millones de dólares canadienses"),
            "2 millones de dólares canadienses = 2000000 CAD"
        );
    }

    #[test]
    fn the_country_decides_the_dollar_and_the_one_letter_symbols() {
        let read = |text: &str, country: Option<&str>, romance: bool| {
            let mut out = Vec::new();
            find(text, &super::super::tokens::tokenize(text), &mut out);
            localise(text, country, romance, &mut out);
            out.sort_by_key(|e| e.range.start);
            out.iter()
                .map(|e| format!("{} = {}", &text[e.range.clone()], e.normalized))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            read("$45 millones", Some("AR"), true),
            ["$45 millones = 45000000 ARS"]
        );
        assert_eq!(
            read("$45 millones", Some("AR"), false),
            ["$45 millones = 45000000 USD"]
        );
        assert_eq!(
            read("$250,000", Some("CA"), false),
            ["$250,000 = 250000 CAD"]
        );
        assert_eq!(
            read("$876 million", Some("BD"), false),
            ["$876 million = 876000000 USD"]
        );
        assert_eq!(
            read("$876 million", None, false),
            ["$876 million = 876000000 USD"]
        );
        assert_eq!(
            read("2,200 lei", Some("MD"), false),
            ["2,200 lei = 2200 MDL"]
        );
        assert_eq!(
            read("Q12 millones y Q35.000, no Q1 2024", Some("GT"), true),
            ["Q12 millones = 12000000 GTQ", "Q35.000 = 35000 GTQ"]
        );
        assert_eq!(read("Q12 millones", Some("HN"), true), Vec::<String>::new());
        assert_eq!(
            read("3 millions de FCFA", Some("CM"), true),
            ["3 millions de FCFA = 3000000 XAF"]
        );
        assert_eq!(
            read("3 millions de FCFA", Some("SN"), true),
            ["3 millions de FCFA = 3000000 XOF"]
        );
        assert_eq!(
            read("L 15 millones", Some("HN"), true),
            ["L 15 millones = 15000000 HNL"]
        );
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
