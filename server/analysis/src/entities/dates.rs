//! Dates: `16-17 mars`, `12 May 2017`, `May 12, 2017`, `12 de mayo de 2017`, `janvier 2016`,
//! `premier semestre 2017`, `first half of 2017`, `en 2016`; ISO 8601 where complete
//! (`2017-05-12`, `2016-01`, `2016`), partial otherwise (`--03-16/--03-17`, `2017-H1`).

use std::sync::LazyLock;

use std::collections::HashMap;

use regex::Regex;

use super::tokens::JOINED;
use super::tokens::{lower_into, Shape, Token, Tokens};
use super::{Entity, Kind, Value};
use crate::lexicon::lists;
use crate::lexicon::WordHash as KeyHash;
use crate::lexicon::{MONTH, PERIOD as PERIOD_WORD, WEEKDAY, YEAR_CUE};

/// The month names of `data/lexicon/months.tsv`, with their numbers.
static MONTH_MAP: LazyLock<HashMap<&'static str, u32, KeyHash>> =
    LazyLock::new(|| lists::months().iter().copied().collect());

/// The month a token names, written in lower case or capitalised (`mars`, `Mars`, not `MARS`).
fn month_of(text: &str, t: &Token) -> Option<u32> {
    let word = t.text(text);
    let mut buf = [0u8; 16];
    let lower = lower_into(word, &mut buf)?;
    let as_written =
        word == lower || word.as_bytes()[0].is_ascii_uppercase() && word[1..] == lower[1..];
    as_written.then(|| MONTH_MAP.get(lower).copied()).flatten()
}

/// The date forms around a month token, read on the tokens: a token-level rendering of
///
/// - day before the month: `\d{1,2}(er|º)?(\s*(-|–|au|et|y|al|and|to)\s*\d{1,2}(er)?)?\s+(de\s+)?MONTH(\s+(de\s+|del\s+)?\d{4})?`
///   (`16-17 mars 2017`, `12 de mayo de 2017`, `1er juin`);
/// - month before the day: `MONTH\s+\d{1,2}(st|nd|rd|th)?(\s*(-|–)\s*\d{1,2})?(,?\s+\d{4})?`
///   (`May 12, 2017`, `March 16-17`);
/// - month and year: `MONTH\s+(de\s+|del\s+)?\d{4}` (`janvier 2016`, `enero de 2016`),
///
/// each between non-word characters. Tokens already end where a word does, so what is left
/// to check is the white space between them and the digits inside them.
struct Cursor<'a> {
    text: &'a str,
    toks: &'a [Token],
}

/// A date read from a month: its days, its year, and its edge away from the month (where it
/// starts when the day comes first, where it ends when the month does).
struct Days {
    edge: usize,
    first: u32,
    last: Option<u32>,
    year: Option<std::ops::Range<usize>>,
}

impl Days {
    fn new(
        edge: usize,
        first: u32,
        last: Option<u32>,
        year: Option<std::ops::Range<usize>>,
    ) -> Days {
        Days {
            edge,
            first,
            last,
            year,
        }
    }
}

/// A day, `\d{1,2}` followed by one of `suffixes` or nothing.
fn day(s: &str, suffixes: &[&str]) -> Option<u32> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    let ok = (1..=2).contains(&n) && (n == s.len() || suffixes.contains(&&s[n..]));
    ok.then(|| s[..n].parse().ok()).flatten()
}

impl Cursor<'_> {
    fn word(&self, k: usize) -> &str {
        self.toks[k].text(self.text)
    }

    /// Token `k` exists and white space separates it from token `k - 1`.
    fn spaced(&self, k: usize) -> bool {
        k > 0 && k < self.toks.len() && self.toks[k].range.start > self.toks[k - 1].range.end
    }

    fn number(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| t.shape == Shape::Number)
    }

    /// `\s+(de\s+|del\s+)?\d{4}` after token `k`, ending at a non-word character: the year's
    /// byte range.
    fn year_after(&self, k: usize) -> Option<std::ops::Range<usize>> {
        let mut j = k + 1;
        if !self.spaced(j) {
            return None;
        }
        if matches!(self.word(j), "de" | "del") {
            j += 1;
            if !self.spaced(j) {
                return None;
            }
        }
        self.year(j)
    }

    /// Token `j` starts with four digits followed by a non-word character (or its end).
    fn year(&self, j: usize) -> Option<std::ops::Range<usize>> {
        if !self.number(j) {
            return None;
        }
        let w = self.word(j);
        let b = w.as_bytes();
        let ok = b.len() >= 4
            && b[..4].iter().all(u8::is_ascii_digit)
            && w[4..]
                .chars()
                .next()
                .is_none_or(|c| !super::tokens::is_word_char(c));
        let start = self.toks[j].range.start;
        ok.then_some(start..start + 4)
    }

    /// The day before month `k`: its start, first and last day, and the year after the month.
    fn day_month(&self, k: usize) -> Option<Days> {
        let mut d = k.checked_sub(1)?;
        if !self.spaced(k) {
            return None;
        }
        if self.word(d) == "de" {
            d = d.checked_sub(1)?;
            if !self.spaced(d + 1) {
                return None;
            }
        }
        if !self.number(d) {
            return None;
        }
        let year = self.year_after(k);
        let start = self.toks[d].range.start;
        let last_word = self.word(d);
        // A range in one token (`16-17`, `1er-3`): the regex could start at any of its parts.
        if last_word.contains('-') {
            let parts: Vec<&str> = last_word.split('-').collect();
            let n = parts.len();
            let at = |i: usize| start + parts[..i].iter().map(|p| p.len() + 1).sum::<usize>();
            if n >= 2 {
                if let (Some(first), Some(last)) =
                    (day(parts[n - 2], &["er", "º"]), day(parts[n - 1], &["er"]))
                {
                    return Some(Days::new(at(n - 2), first, Some(last), year));
                }
            }
            let first = day(parts[n - 1], &["er", "º"])?;
            return Some(Days::new(at(n - 1), first, None, year));
        }
        // A range over three tokens: `16 au 17`, `16 – 17`.
        if let Some(last) = day(last_word, &["er"]) {
            if d >= 2 && self.number(d - 2) {
                let joined = match self.toks[d - 1].shape {
                    Shape::Punct => matches!(self.word(d - 1), "-" | "–"),
                    _ => {
                        matches!(self.word(d - 1), "au" | "et" | "y" | "al" | "and" | "to")
                            && self.spaced(d - 1)
                            && self.spaced(d)
                    }
                };
                if let Some(first) = day(self.word(d - 2), &["er", "º"]).filter(|_| joined) {
                    return Some(Days::new(
                        self.toks[d - 2].range.start,
                        first,
                        Some(last),
                        year,
                    ));
                }
            }
        }
        let first = day(last_word, &["er", "º"])?;
        Some(Days::new(start, first, None, year))
    }

    /// The day after month `k` (English order): the end of the date, first and last day, and
    /// the year.
    fn month_day(&self, k: usize) -> Option<Days> {
        let d = k + 1;
        if !self.spaced(d) || !self.number(d) {
            return None;
        }
        let suffixes = ["st", "nd", "rd", "th"];
        let w = self.word(d);
        let mut end = self.toks[d].range.end;
        let (first, mut last) = match w.split_once('-') {
            Some((a, b)) => {
                let first = day(a, &suffixes)?;
                match day(b, &[]).filter(|_| !b.contains('-')) {
                    Some(last) => (first, Some(last)),
                    // `May 16-170`: the date ends at the hyphen, with no year after it.
                    None => {
                        return Some(Days::new(
                            self.toks[d].range.start + a.len(),
                            first,
                            None,
                            None,
                        ))
                    }
                }
            }
            None => (day(w, &suffixes)?, None),
        };
        let mut end_tok = d;
        // `16 - 17`, `16–17`.
        if last.is_none()
            && d + 2 < self.toks.len()
            && matches!(self.word(d + 1), "-" | "–")
            && self.number(d + 2)
        {
            if let Some(l) = day(self.word(d + 2), &[]) {
                last = Some(l);
                end_tok = d + 2;
                end = self.toks[d + 2].range.end;
            }
        }
        // `, 2017` or ` 2017`.
        let mut y = end_tok + 1;
        if self.toks.get(y).is_some_and(|t| t.range.start == end) && self.word(y) == "," {
            y += 1;
        }
        let year = self.spaced(y).then(|| self.year(y)).flatten();
        let end = year.as_ref().map_or(end, |y| y.end);
        Some(Days::new(end, first, last, year))
    }
}

/// The years from 1900 to 2099 written as a number of their own (`2016`, or the first of
/// `2016-2017`), as token indexes with the year's byte range.
fn years<'a>(
    text: &'a str,
    toks: &'a Tokens,
) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> + 'a {
    toks.marks().filter_map(move |i| {
        let t = &toks[i];
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

/// Whether the word before token `i` makes a year of it (a word of `data/lexicon/year-cues.txt`).
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

const B: &str = r"(?:^|[^\w])";
const E: &str = r"(?:[^\w]|$)";

/// Halves and quarters: `premier semestre 2017`, `first half of 2017`, `segundo trimestre de 2017`.
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{B}(?i:((premier|1er|second|deuxième|2e|troisième|3e|quatrième|4e|first|second|third|fourth|primer|segundo|tercer|cuarto)\s+(semestre|trimestre|half|quarter)\s+(?:of\s+|de\s+|del\s+)?(\d{{4}}))){E}"
    ))
    .expect("valid date regex")
});

/// `2017-03-16`, `--03-16`, `2017-03` or `--03` into `out`.
fn write_iso(out: &mut String, year: Option<&str>, month: u32, day: Option<u32>) {
    out.push_str(year.unwrap_or("-"));
    out.push('-');
    two_digits(out, month);
    if let Some(d) = day {
        out.push('-');
        two_digits(out, d);
    }
}

/// `n` with at least two digits (`{n:02}`).
fn two_digits(out: &mut String, n: u32) {
    if n < 100 {
        out.push(char::from(b'0' + (n / 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    } else {
        out.push_str(&n.to_string());
    }
}

fn iso(year: Option<&str>, month: u32, day: Option<u32>) -> String {
    let mut out = String::with_capacity(10);
    write_iso(&mut out, year, month, day);
    out
}

/// One day, or a range of days in the same month (`2017-03-16/2017-03-17`).
fn days(year: Option<&str>, month: u32, first: u32, last: Option<u32>) -> String {
    let mut out = String::with_capacity(21);
    write_iso(&mut out, year, month, Some(first));
    if let Some(last) = last {
        out.push('/');
        write_iso(&mut out, year, month, Some(last));
    }
    out
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

pub fn find(text: &str, toks: &Tokens, out: &mut Vec<Entity>) {
    if !super::has_digit(text.as_bytes()) {
        return;
    }
    let mut found = Vec::new();
    // Halves and quarters, and months with a number within a few words (every form has one),
    // in one pass over the tokens.
    let b = text.as_bytes();
    let mut periods = Vec::new();
    let mut months: Vec<(usize, u32)> = Vec::new();
    // The months with no number near them: a month alone (`en mars`, `in July`).
    let mut alone: Vec<(usize, u32)> = Vec::new();
    for k in toks.marks() {
        let t = &toks[k];
        if t.flags & (MONTH | PERIOD_WORD) == 0 {
            continue;
        }
        if t.has(PERIOD_WORD) {
            periods.push(t.range.clone());
        }
        let month = t.has(MONTH).then(|| month_of(text, t)).flatten();
        if let Some(m) = month {
            if super::digit_near(b, &t.range, 12, 24) {
                months.push((k, m));
            } else {
                alone.push((k, m));
            }
        }
    }
    let periods = super::windows(text, periods.into_iter(), 24, 16);
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
    let at = Cursor { text, toks };
    numeric_dates(text, toks, out, &mut found);
    days_in_brackets(text, toks, out, &mut found);
    month_ranges(&at, toks, &months, &mut found);
    for &(k, m) in &months {
        if let Some(Days {
            edge: start,
            first,
            last,
            year,
        }) = at.day_month(k)
        {
            let end = year.as_ref().map_or(toks[k].range.end, |y| y.end);
            if (1..=31).contains(&first) {
                let year = year.map(|y| &text[y]);
                let norm = days(year, m, first, last);
                push(&mut found, start..end, norm, year.is_some());
            }
        }
    }
    for &(k, m) in &months {
        // English order only: "mai 12" is not a French date.
        let word = toks[k].text(text);
        if !word.starts_with(|c: char| c.is_ascii_uppercase())
            || !ENGLISH_MONTHS.iter().any(|n| n.eq_ignore_ascii_case(word))
        {
            continue;
        }
        if let Some(Days {
            edge: end,
            first,
            last,
            year,
        }) = at.month_day(k)
        {
            if (1..=31).contains(&first) {
                let year = year.map(|y| &text[y]);
                let norm = days(year, m, first, last);
                push(&mut found, toks[k].range.start..end, norm, year.is_some());
            }
        }
    }
    for &(k, m) in &months {
        // `mai` and `May` are also words: only with a year after them.
        if let Some(y) = at.year_after(k) {
            let start = toks[k].range.start;
            push(&mut found, start..y.end, iso(Some(&text[y]), m, None), true);
        }
    }
    let mut years_left = Vec::new();
    for (i, y) in years(text, toks) {
        // `late 2022`, `early 2023`, `mid-2021`: a vague time of the year, one date with its
        // word (the year is its value).
        if let Some(start) = vague_part_of_year(text, toks, i) {
            push(&mut found, start..y.end, text[y].to_string(), true);
        } else if after_year_cue(text, toks, i) {
            push(&mut found, y.clone(), text[y].to_string(), true);
        } else {
            years_left.push((i, y));
        }
    }
    for (i, y) in years_left {
        if year_in_context(text, toks, i, &found) {
            push(&mut found, y.clone(), text[y].to_string(), true);
        }
    }
    for &(k, m) in months.iter().chain(&alone) {
        if month_alone(text, toks, k) {
            // `January–March`: two months joined by a dash, one range.
            let dash = toks.get(k + 1).filter(|d| {
                (d.is_punct(text, '–') || d.is_punct(text, '-'))
                    && d.range.start == toks[k].range.end
            });
            let second = dash.and_then(|d| {
                let n = toks.get(k + 2)?;
                (n.range.start == d.range.end && n.shape == toks[k].shape)
                    .then(|| month_of(text, n).map(|m2| (n.range.end, m2)))
                    .flatten()
            });
            match second {
                Some((end, m2)) if m2 > m => {
                    let norm = format!("{}/{}", iso(None, m, None), iso(None, m2, None));
                    push(&mut found, toks[k].range.start..end, norm, false);
                }
                _ => push(&mut found, toks[k].range.clone(), iso(None, m, None), false),
            }
        }
    }
    with_weekdays(text, toks, &mut found);
    found.sort_by_key(|e| e.range.start);
    ranges_of_dates(text, &mut found);
    out.extend(found);
}

/// Whether year token `i`, with no cue word just before it, names a time all the same: the
/// second of two years (`en 2022 et 2023`, `entre 2004 y 2018`), the year of a budget or a
/// plan (`budget communal 2024`, `plan de réponse 2023`, `del presupuesto 2024`), or `of` a
/// year at the end of a phrase (`the end of 2024.`, not `of 2000 people`).
fn year_in_context(text: &str, toks: &Tokens, i: usize, found: &[Entity]) -> bool {
    let word = |k: usize| toks.get(k).map_or("", |t| t.text(text));
    let Some(prev) = i.checked_sub(1) else {
        return false;
    };
    // The year alone, not the first of `2005-07`.
    if toks[i].range.len() != 4 {
        return false;
    }
    let joined = matches!(
        word(prev),
        "et" | "and" | "y" | "ou" | "or" | "to" | "à" | "a" | "-" | "–"
    );
    if joined
        && prev > 0
        && found
            .iter()
            .any(|e| e.range.end == toks[prev - 1].range.end && e.normalized.len() == 4)
    {
        return true;
    }
    let plan = |w: &str| {
        matches!(
            w,
            "budget"
                | "presupuesto"
                | "plan"
                | "réponse"
                | "response"
                | "appeal"
                | "exercice"
                | "campagne"
                | "campaign"
                | "campaña"
        )
    };
    if plan(word(prev))
        || prev > 0 && plan(word(prev - 1)) && toks[prev].shape == Shape::Lower
        || matches!(word(prev), "entre" | "between" | "todo")
    {
        return true;
    }
    // `of 2024`, `de 2022` before punctuation or the end of the line.
    let next = toks.get(i + 1);
    if matches!(word(prev), "of" | "de" | "del")
        && next.is_none_or(|n| n.line_start || n.shape == Shape::Punct)
    {
        return true;
    }
    // `the 2024 regional response plan`: a year that qualifies what follows (not `the 2000
    // people`, a number, which the word `people` after it does not tell apart: only before an
    // adjective or a noun of the lexicon's plans and periods).
    matches!(word(prev), "the" | "The")
        && next.is_some_and(|n| {
            !n.line_start
                && n.shape == Shape::Lower
                && matches!(
                    n.text(text),
                    "humanitarian"
                        | "regional"
                        | "national"
                        | "annual"
                        | "response"
                        | "appeal"
                        | "budget"
                        | "plan"
                        | "elections"
                        | "election"
                        | "floods"
                        | "earthquake"
                        | "season"
                        | "census"
                )
        })
}

/// The start of `late`, `early` or `mid` before year token `i` (`late 2022`, `mid-2021`).
fn vague_part_of_year(text: &str, toks: &Tokens, i: usize) -> Option<usize> {
    let mut p = i.checked_sub(1)?;
    if toks[p].is_punct(text, '-') && toks[p].range.end == toks[i].range.start {
        p = p.checked_sub(1)?;
        if toks[p].range.end != toks[p + 1].range.start {
            return None;
        }
    } else if toks[p].range.end + 1 != toks[i].range.start {
        return None;
    }
    matches!(
        toks[p].text(text),
        "late" | "early" | "mid" | "Late" | "Early" | "Mid"
    )
    .then(|| toks[p].range.start)
}

/// Whether month token `k`, with no day or year of its own, names a month: in French and
/// Spanish a month in lower case (`en mars`, `hasta noviembre`); in English a capitalised month
/// inside a sentence (`in July`), and `May` only after a word of time (`in May`, `since May`), as
/// it is also a verb. Not a month at the start of a sentence (`Mars`, `March for …`), in capitals,
/// or joined to another word (`mid-March`).
fn month_alone(text: &str, toks: &Tokens, k: usize) -> bool {
    let t = &toks[k];
    let word = t.text(text);
    if t.flags & JOINED != 0 || t.line_start || t.shape == Shape::Upper {
        return false;
    }
    let Some(prev) = k.checked_sub(1).map(|p| &toks[p]) else {
        return false;
    };
    // Joined to the word before (`mid-March`, `l'avril`), or a number beside it: part of a date
    // that is no date (`le 45 mars`), not a month alone.
    if prev.range.end == t.range.start
        || prev.shape == Shape::Number
        || toks.get(k + 1).is_some_and(|n| n.shape == Shape::Number)
    {
        return false;
    }
    let english = ENGLISH_MONTHS.iter().any(|n| n.eq_ignore_ascii_case(word));
    if t.shape == Shape::Lower {
        return !english;
    }
    if !english || prev.shape == Shape::Punct && matches!(prev.text(text), "." | "!" | "?" | ":") {
        return false;
    }
    !word.eq_ignore_ascii_case("may")
        || matches!(
            prev.text(text),
            "in" | "since"
                | "by"
                | "until"
                | "from"
                | "of"
                | "early"
                | "late"
                | "mid"
                | "end"
                | "last"
                | "next"
                | "between"
                | "and"
                | "to"
                | "through"
        )
}

/// Two dates joined into one range: `1er juin au 30 novembre`, `1 January to 10 March`,
/// `janvier et mars 2023`, `1 de enero y el 31 de julio de 2023` (the first without a year takes
/// the second's): `2023-01-01/2023-07-31`, `--06-01/--11-30`. Both of the same precision (two
/// days or two months), the first before the second.
fn ranges_of_dates(text: &str, found: &mut Vec<Entity>) {
    let mut k = 0;
    while k + 1 < found.len() {
        let (a, b) = (&found[k], &found[k + 1]);
        let between = text[a.range.end..b.range.start.max(a.range.end)].trim();
        let joined = a.range.end <= b.range.start
            && b.range.start - a.range.end <= 12
            && !text[a.range.end..b.range.start].contains('\n')
            && matches!(
                between,
                "au" | "et"
                    | "et le"
                    | "et au"
                    | "à"
                    | "jusqu'au"
                    | "jusqu’au"
                    | "to"
                    | "and"
                    | "until"
                    | "through"
                    | "y"
                    | "y el"
                    | "al"
                    | "a"
                    | "hasta el"
                    | "-"
                    | "–"
            );
        let first = a.normalized.strip_prefix("--");
        let (second_year, second) = match b.normalized.strip_prefix("--") {
            Some(md) => (None, md),
            None => match b.normalized.split_once('-') {
                Some((y, md)) if y.len() == 4 && y.bytes().all(|c| c.is_ascii_digit()) => {
                    (Some(y), md)
                }
                _ => (None, ""),
            },
        };
        let fits = first.is_some_and(|f| {
            f.len() == second.len()
                && !f.contains('/')
                && !second.contains('/')
                && !second.is_empty()
                && f < second
        });
        if !joined || !fits {
            k += 1;
            continue;
        }
        let first = first.unwrap_or_default();
        let normalized = match second_year {
            Some(y) => format!("{y}-{first}/{}", b.normalized),
            None => format!("--{first}/{}", b.normalized),
        };
        let complete = second_year.is_some();
        let range = a.range.start..b.range.end;
        found[k] =
            Entity::new(Kind::Date, range, normalized).with("complete", Value::Bool(complete));
        found.remove(k + 1);
    }
}

/// A weekday just before a date is part of it: `mercredi 19 août`, `Friday, March 4`,
/// `jueves 3 de marzo`.
fn with_weekdays(text: &str, toks: &Tokens, found: &mut [Entity]) {
    for e in found.iter_mut() {
        let k = toks.partition_point(|t| t.range.start < e.range.start);
        if k == 0 || toks.get(k).is_none_or(|t| t.range.start != e.range.start) {
            continue;
        }
        let mut w = k - 1;
        if toks[w].is_punct(text, ',') && w > 0 && toks[w].range.end == toks[k].range.start - 1 {
            w -= 1;
        }
        let t = &toks[w];
        let gap = &text[t.range.end..toks[w + 1].range.start];
        let spaced =
            w + 1 == k && gap.chars().all(|c| c == ' ' || c == '\u{a0}') && !gap.is_empty()
                || w + 1 < k && gap.is_empty();
        if t.has(WEEKDAY) && t.shape != Shape::Upper && spaced {
            e.range.start = t.range.start;
        }
    }
}

/// Numeric dates, read at each number: `16/01/2017`, `01/16/2017` (the order where a day is
/// above 12; otherwise not normalised), `16.01.2017` (day first), `2017-01-16`, `2019-07` (when
/// it cannot be a range of years like `2005-07`). Not inside a phone number or an amount.
fn numeric_dates(text: &str, toks: &Tokens, taken: &[Entity], found: &mut Vec<Entity>) {
    let b = text.as_bytes();
    let digits = |from: usize| {
        b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let num = |r: std::ops::Range<usize>| -> u32 { text[r].parse().unwrap_or(0) };
    for i in toks.marks() {
        let t = &toks[i];
        let s = t.range.start;
        if t.shape != Shape::Number || s > 0 && matches!(b[s - 1], b'/' | b'.' | b'-' | b'0'..=b'9')
        {
            continue;
        }
        let n1 = digits(s);
        let Some(&sep) = b.get(s + n1) else { continue };
        let (range, normalized, complete) = if n1 == 4 && sep == b'-' {
            // `2017-01-16`, `2019-07`.
            let n2 = digits(s + 5);
            if n2 != 2 {
                continue;
            }
            let (year, month) = (&text[s..s + 4], num(s + 5..s + 7));
            let mut end = s + 7;
            let mut day = None;
            if b.get(end) == Some(&b'-') && digits(end + 1) == 2 {
                day = Some(num(end + 1..end + 3));
                end += 3;
            } else if month > num(s + 2..s + 4) {
                // `2005-07` may be the years 2005 to 2007.
                continue;
            }
            if !year.starts_with("19") && !year.starts_with("20")
                || !(1..=12).contains(&month)
                || day.is_some_and(|d| !(1..=31).contains(&d))
            {
                continue;
            }
            (s..end, iso(Some(year), month, day), true)
        } else if (1..=2).contains(&n1) && matches!(sep, b'/' | b'.') {
            let n2 = digits(s + n1 + 1);
            let y = s + n1 + 1 + n2;
            if !(1..=2).contains(&n2) || b.get(y) != Some(&sep) || digits(y + 1) != 4 {
                continue;
            }
            let (a, c) = (num(s..s + n1), num(s + n1 + 1..y));
            let year = &text[y + 1..y + 5];
            if !year.starts_with("19") && !year.starts_with("20") {
                continue;
            }
            let order = match (a, c) {
                _ if sep == b'.' => Some((c, a)),
                (a, c) if a > 12 => Some((c, a)),
                (a, c) if c > 12 => Some((a, c)),
                (a, c) if a == c => Some((a, c)),
                _ => None,
            };
            let end = y + 5;
            match order {
                Some((m, d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                    (s..end, iso(Some(year), m, Some(d)), true)
                }
                Some(_) => continue,
                None if (1..=12).contains(&a) && (1..=12).contains(&c) => {
                    (s..end, text[s..end].to_string(), false)
                }
                None => continue,
            }
        } else {
            continue;
        };
        // Whole: not followed by more digits or another part (`16.01.2017.5`, a phone).
        let after = b.get(range.end).copied();
        let next = b.get(range.end + 1).copied();
        if after.is_some_and(|c| c.is_ascii_alphanumeric() || c >= 0x80)
            || matches!(after, Some(b'/' | b'.' | b'-')) && next.is_some_and(|c| c.is_ascii_digit())
        {
            continue;
        }
        if taken
            .iter()
            .any(|e| e.range.start < range.end && range.start < e.range.end)
        {
            continue;
        }
        push(found, range, normalized, complete);
    }
}

/// A day and month alone in brackets, as briefings date an event (`yesterday (14/03)`): day first
/// when the first number is above 12 (`--03-14`), month first when the second is, otherwise
/// written as it is (not normalised).
fn days_in_brackets(text: &str, toks: &Tokens, taken: &[Entity], found: &mut Vec<Entity>) {
    let b = text.as_bytes();
    for i in toks.marks() {
        let t = &toks[i];
        let s = t.range.start;
        if t.shape != Shape::Number || s == 0 || b[s - 1] != b'(' {
            continue;
        }
        let digits = |from: usize| {
            b[from.min(b.len())..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
        };
        let n1 = digits(s);
        if !(1..=2).contains(&n1) || b.get(s + n1) != Some(&b'/') {
            continue;
        }
        let n2 = digits(s + n1 + 1);
        let end = s + n1 + 1 + n2;
        if !(1..=2).contains(&n2) || b.get(end) != Some(&b')') {
            continue;
        }
        let (a, c): (u32, u32) = (
            text[s..s + n1].parse().unwrap_or(0),
            text[s + n1 + 1..end].parse().unwrap_or(0),
        );
        let normalized = match (a, c) {
            (d @ 13..=31, m @ 1..=12) | (m @ 1..=12, d @ 13..=31) => iso(None, m, Some(d)),
            (1..=12, 1..=12) => text[s..end].to_string(),
            _ => continue,
        };
        if taken.iter().any(|e| e.range.start < end && s < e.range.end) {
            continue;
        }
        push(found, s..end, normalized, false);
    }
}

/// Month ranges: `January-March`, `janvier-mars 2020`, `enero–marzo de 2020`
/// (`2020-01/2020-03`, or `--01/--03` without a year).
fn month_ranges(at: &Cursor<'_>, toks: &Tokens, months: &[(usize, u32)], found: &mut Vec<Entity>) {
    let text = at.text;
    let month = |w: &str| {
        let mut buf = [0u8; 16];
        let lower = lower_into(w, &mut buf)?;
        let as_written = w == lower || w.as_bytes()[0].is_ascii_uppercase() && w[1..] == lower[1..];
        as_written.then(|| MONTH_MAP.get(lower).copied()).flatten()
    };
    let add = |first: usize, last: usize, m1: u32, m2: u32, found: &mut Vec<Entity>| {
        if m1 >= m2 {
            return;
        }
        let year = at.year_after(last);
        let end = year.as_ref().map_or(toks[last].range.end, |y| y.end);
        let y = year.map(|y| &text[y]);
        let norm = format!("{}/{}", iso(y, m1, None), iso(y, m2, None));
        push(found, toks[first].range.start..end, norm, y.is_some());
    };
    // One joined token: `January-March`.
    for k in toks.marks() {
        let t = &toks[k];
        if t.flags & JOINED == 0 || t.shape == Shape::Upper {
            continue;
        }
        let Some((a, c)) = t.text(text).split_once('-') else {
            continue;
        };
        let same_case = a.as_bytes()[0].is_ascii_uppercase()
            == c.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
        if let (Some(m1), Some(m2), true) = (month(a), month(c), same_case) {
            add(k, k, m1, m2, found);
        }
    }
    // Three tokens: `January – March 2020`.
    for &(k, m1) in months {
        if k + 2 < toks.len() && matches!(toks[k + 1].text(text), "-" | "–") {
            if let Some(m2) = toks[k + 2]
                .has(MONTH)
                .then(|| month_of(text, &toks[k + 2]))
                .flatten()
            {
                add(k, k + 2, m1, m2, found);
            }
        }
    }
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
    fn months_alone_and_ranges_of_dates() {
        assert_eq!(
            all("3 groupes. Arrivés en juin, repartis hasta noviembre, back in July."),
            ["juin = --06", "noviembre = --11", "July = --07"]
        );
        // `May` is a verb, `Mars` a planet, a month at a sentence start or joined is no date.
        assert_eq!(
            all("It may rain. May we go? Mars brille. March for peace. In mid-March 2."),
            Vec::<String>::new()
        );
        assert_eq!(all("since May, 2"), ["May = --05"]);
        assert_eq!(
            all("du 1er juin au 30 novembre, entre le 1er janvier et le 31 octobre 2023"),
            [
                "1er juin au 30 novembre = --06-01/--11-30",
                "1er janvier et le 31 octobre 2023 = 2023-01-01/2023-10-31"
            ]
        );
        assert_eq!(
            all("from 1 January to 10 March; janvier et mars 2023; July and August"),
            [
                "1 January to 10 March = --01-01/--03-10",
                "janvier et mars 2023 = 2023-01/2023-03",
                "July and August = --07/--08"
            ]
        );
        assert_eq!(
            all("entre el 1 de enero y el 31 de julio de 2023"),
            ["1 de enero y el 31 de julio de 2023 = 2023-01-01/2023-07-31"]
        );
        // Not a range: the second before the first, or another precision.
        assert_eq!(
            all("3 fois : novembre et juin."),
            ["novembre = --11", "juin = --06"]
        );
    }

    #[test]
    fn two_months_joined_by_a_dash() {
        assert_eq!(
            all("In 2023, arrived between January–March, and in July–June"),
            ["2023 = 2023", "January–March = --01/--03", "July = --07"]
        );
    }

    #[test]
    fn vague_years_and_years_that_qualify() {
        assert_eq!(
            all("Prices rose in late 2022, early 2023; the 2024 regional plan; la crise de 2014."),
            [
                "late 2022 = 2022",
                "early 2023 = 2023",
                "2024 = 2024",
                "2014 = 2014"
            ]
        );
        assert_eq!(all("the 2000 people; late 20 years"), Vec::<String>::new());
    }

    #[test]
    fn days_in_brackets_and_years_in_context() {
        assert_eq!(
            all("yesterday (14/03) and Tuesday (12/03), not (45/03) or 14/03"),
            ["14/03 = --03-14", "12/03 = 12/03"]
        );
        assert_eq!(
            all("en 2022 et 2023, entre 2004 y 2018, budget communal 2024, del presupuesto 2025"),
            [
                "2022 = 2022",
                "2023 = 2023",
                "2004 = 2004",
                "2018 = 2018",
                "2024 = 2024",
                "2025 = 2025"
            ]
        );
        assert_eq!(all("by the end of 2024."), ["2024 = 2024"]);
        assert_eq!(all("a total of 2000 people"), Vec::<String>::new());
    }

    #[test]
    fn iso_forms() {
        assert_eq!(days(Some("2017"), 3, 16, Some(17)), "2017-03-16/2017-03-17");
        assert_eq!(days(None, 12, 1, None), "--12-01");
        assert_eq!(iso(Some("2016"), 1, None), "2016-01");
        assert_eq!(iso(None, 5, None), "--05");
        assert_eq!(days(None, 5, 9, Some(123)), "--05-09/--05-123");
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

    #[test]
    fn weekdays_numbers_and_month_ranges() {
        assert_eq!(
            all("le mercredi 19 août, à"),
            ["mercredi 19 août = --08-19"]
        );
        assert_eq!(
            all("el jueves 3 de marzo de 2022"),
            ["jueves 3 de marzo de 2022 = 2022-03-03"]
        );
        assert_eq!(
            all("GENEVA, Friday, March 4, 2022 –"),
            ["Friday, March 4, 2022 = 2022-03-04"]
        );
        assert_eq!(all("on 01/16/2017."), ["01/16/2017 = 2017-01-16"]);
        assert_eq!(all("le 16.01.2017,"), ["16.01.2017 = 2017-01-16"]);
        assert_eq!(all("le 16/01/2017,"), ["16/01/2017 = 2017-01-16"]);
        assert_eq!(all("le 03/04/2017,"), ["03/04/2017 = 03/04/2017"]);
        assert_eq!(all("(2017-01-16)"), ["2017-01-16 = 2017-01-16"]);
        assert_eq!(all("Rapport 2019-07 :"), ["2019-07 = 2019-07"]);
        assert_eq!(all("le plan 2005-07 a"), Vec::<String>::new());
        assert_eq!(all("Tel: 01.45.67.2019.1"), Vec::<String>::new());
        assert_eq!(
            all("From January-March, 300 arrivals"),
            ["January-March = --01/--03"]
        );
        assert_eq!(
            all("entre janvier-mars 2020 et"),
            ["janvier-mars 2020 = 2020-01/2020-03"]
        );
        assert_eq!(
            all("de enero – marzo de 2020,"),
            ["enero – marzo de 2020 = 2020-01/2020-03"]
        );
        assert_eq!(all("desde 2018 y in 2020"), ["2018 = 2018", "2020 = 2020"]);
    }

    /// The edges of the forms as the regexes they replace read them.
    #[test]
    fn day_ranges_and_their_limits() {
        assert_eq!(
            all("du 16 au 17 mars 2017."),
            ["16 au 17 mars 2017 = 2017-03-16/2017-03-17"]
        );
        assert_eq!(all("le 1er-3 juin"), ["1er-3 juin = --06-01/--06-03"]);
        assert_eq!(
            all("del 1º al 3 de mayo de 2018"),
            ["1º al 3 de mayo de 2018 = 2018-05-01/2018-05-03"]
        );
        assert_eq!(
            all("On March 16 – 17, 2018"),
            ["March 16 – 17, 2018 = 2018-03-16/2018-03-17"]
        );
        assert_eq!(all("On March 16-17 the"), ["March 16-17 = --03-16/--03-17"]);
        assert_eq!(all("On May 16-170 the"), ["May 16 = --05-16"]);
        assert_eq!(all("On May 12 , 2017"), ["May 12 = --05-12"]);
        // A day that is no day, a month in capitals, a French month before its day.
        assert_eq!(all("le 45 mars"), Vec::<String>::new());
        assert_eq!(all("le 2019-20 mars"), ["20 mars = --03-20"]);
        assert_eq!(all("LE 16 MARS"), Vec::<String>::new());
        assert_eq!(all("en mai 12 personnes"), Vec::<String>::new());
        assert_eq!(all("le 16 mars 20171"), ["16 mars = --03-16"]);
    }
}
