//! Entities: the people, organisations, places, amounts, dates, emails, phones and contact
//! records a release names, found by rules and gazetteers (French, English, Spanish).
//!
//! Like the rules, extraction works on a [`Document`] (so that emails, phones and words, already
//! parsed for the rules, are not parsed twice) and returns plain data with byte ranges.

mod contacts;
mod dates;
mod gazetteer;
mod money;
mod national;
mod organisations;
mod people;
mod phrases;
pub(crate) mod tokens;

use std::borrow::Cow;
use std::ops::Range;

use super::{Context, Document};

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Person,
    Organisation,
    Place,
    Money,
    Date,
    Email,
    Phone,
    Contact,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Person,
        Kind::Organisation,
        Kind::Place,
        Kind::Money,
        Kind::Date,
        Kind::Email,
        Kind::Phone,
        Kind::Contact,
    ];

    /// The name used in JSON, CSV and the editor.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organisation => "organisation",
            Kind::Place => "place",
            Kind::Money => "money",
            Kind::Date => "date",
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Contact => "contact",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A value of an entity's attribute; serialized as a JSON string, list or boolean.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A text: borrowed when it comes from a fixed list (a kind, a country or currency code).
    Text(Cow<'static, str>),
    List(Vec<String>),
    Bool(bool),
}

/// One entity: where it is written, its normalised value, and what else is known of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub kind: Kind,
    pub range: Range<usize>,
    pub normalized: String,
    pub attributes: Vec<(&'static str, Value)>,
}

impl Entity {
    fn new(kind: Kind, range: Range<usize>, normalized: impl Into<String>) -> Entity {
        Entity {
            kind,
            range,
            normalized: normalized.into(),
            attributes: Vec::new(),
        }
    }

    fn with(mut self, key: &'static str, value: Value) -> Entity {
        self.attributes.push((key, value));
        self
    }

    fn static_attr(self, key: &'static str, value: &'static str) -> Entity {
        self.with(key, Value::Text(Cow::Borrowed(value)))
    }

    fn text_attr(self, key: &'static str, value: Option<String>) -> Entity {
        match value {
            Some(v) if !v.is_empty() => self.with(key, Value::Text(Cow::Owned(v))),
            _ => self,
        }
    }

    /// An attribute's text, when it has one.
    pub fn attribute(&self, key: &str) -> Option<&Value> {
        self.attributes
            .iter()
            .find_map(|(k, v)| (*k == key).then_some(v))
    }
}

/// The entities of a text, sorted by position (a contact record before what it contains).
pub fn extract_text(text: &str, cx: Context<'_>) -> Vec<Entity> {
    extract(&Document::new(text, cx))
}

/// The entities of a document.
///
/// A text of more than [`PART_LIMIT`] bytes is no single release (a concatenation, a dump): it
/// is read in parts of about [`PART_SIZE`] bytes cut at blank lines (at a line break or a space
/// where a part has none), so that the time stays linear in its size. Names and acronyms
/// defined in one part are not carried to the next, and an entity across a cut is not found.
pub fn extract(doc: &Document<'_>) -> Vec<Entity> {
    let mut out = Vec::new();
    extract_each(doc, |found| out.extend(found));
    out
}

/// [`extract`], giving the entities of each part of a large text as it is read (all at once for
/// a text of one part), so that a caller can write them out and drop them.
pub fn extract_each(doc: &Document<'_>, mut each: impl FnMut(Vec<Entity>)) {
    if doc.text.len() <= PART_LIMIT {
        return each(extract_in_stages(doc, |_| {}));
    }
    for part in parts(doc.text, PART_SIZE) {
        let sub = Document::new(&doc.text[part.clone()], doc.cx);
        let mut found = extract_in_stages(&sub, |_| {});
        for e in &mut found {
            e.range = e.range.start + part.start..e.range.end + part.start;
        }
        each(found);
    }
}

/// Drops the entities that lie inside a boilerplate finding (`boilerplate-menu`,
/// `boilerplate-corpus`, `boilerplate-pattern`): a menu, a footer or a block that recurs across
/// the corpus names no one of the release.
pub fn drop_inside_boilerplate(entities: &mut Vec<Entity>, findings: &[crate::Finding]) {
    let mut blocks: Vec<(usize, usize)> = findings
        .iter()
        .filter(|f| f.code.starts_with("boilerplate"))
        .map(|f| (f.range.start, f.range.end))
        .collect();
    if blocks.is_empty() {
        return;
    }
    // By start, each with the furthest end of the blocks up to it: an entity lies inside a block
    // when the blocks starting at or before it reach its end (a search per entity, not a scan of
    // every block: a large file has thousands of each).
    blocks.sort_unstable();
    let mut furthest = 0;
    for b in &mut blocks {
        furthest = furthest.max(b.1);
        b.1 = furthest;
    }
    entities.retain(|e| {
        let i = blocks.partition_point(|b| b.0 <= e.range.start);
        !(i > 0 && e.range.end <= blocks[i - 1].1)
    });
}

/// Entities ordered by where they start, to find those inside a range by a search rather than
/// a pass over all of them: a part of a large text holds thousands, and the contact records
/// looked for them once per group of lines (a 32 MB file: a fifth of `tamis entities`' time).
pub(crate) struct ByStart<'e> {
    items: &'e [Entity],
    /// The positions in `items`, by start (stably).
    order: Vec<u32>,
}

impl<'e> ByStart<'e> {
    pub(crate) fn new(items: &'e [Entity]) -> Self {
        let mut order: Vec<u32> = (0..items.len() as u32).collect();
        order.sort_by_key(|&i| items[i as usize].range.start);
        ByStart { items, order }
    }

    /// The entities inside `span` (at or after its start, ending at or before its end), in the
    /// order of the slice: those `items.iter().filter(…)` gives.
    pub(crate) fn within(&self, span: Range<usize>) -> impl Iterator<Item = &'e Entity> {
        let items = self.items;
        let at = |i: &u32| &items[*i as usize];
        let from = self
            .order
            .partition_point(|i| at(i).range.start < span.start);
        // An entity starting after the span's end ends after it too.
        let mut inside: Vec<u32> = self.order[from..]
            .iter()
            .take_while(|i| at(i).range.start <= span.end)
            .filter(|i| at(i).range.end <= span.end)
            .copied()
            .collect();
        inside.sort_unstable();
        inside.into_iter().map(move |i| &items[i as usize])
    }
}

/// The size above which a text is read in parts (see [`extract`]).
pub const PART_LIMIT: usize = 1 << 20;
/// The size of those parts.
const PART_SIZE: usize = 256 << 10;

/// `text` cut into consecutive ranges of about `size` bytes (at least), each ending after a
/// blank line, else after a line break, else after a space, else at a character boundary.
fn parts(text: &str, size: usize) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while start < b.len() {
        let from = start + size;
        if from >= b.len() {
            out.push(start..b.len());
            break;
        }
        // Looked for within another `size` bytes, so that a part is at most twice as long.
        let window = &b[from..(from + size).min(b.len())];
        let cut = memchr::memmem::find(window, b"\n\n")
            .map(|k| k + 2)
            .or_else(|| memchr::memchr(b'\n', window).map(|k| k + 1))
            .or_else(|| memchr::memchr(b' ', window).map(|k| k + 1))
            .map(|k| from + k)
            .unwrap_or_else(|| {
                // Forward, so that the part is never empty.
                let mut k = from + window.len();
                while !text.is_char_boundary(k) {
                    k += 1;
                }
                k
            });
        out.push(start..cut);
        start = cut;
    }
    out
}

/// [`extract`], calling `stage` with a stage's name after each one (for [`stage_times`]).
fn extract_in_stages(doc: &Document<'_>, mut stage: impl FnMut(&'static str)) -> Vec<Entity> {
    let text = doc.text;
    let mut out = Vec::new();
    emails(doc, &mut out);
    phones(doc, &mut out);
    stage("emails and phones");
    let toks = doc.tokens();
    stage("tokenize");
    money::find(text, toks, &mut out);
    stage("money");
    dates::find(text, toks, &mut out);
    stage("dates");
    let mut reachable: Vec<Range<usize>> = out
        .iter()
        .filter(|e| matches!(e.kind, Kind::Email | Kind::Phone))
        .map(|e| e.range.clone())
        .collect();
    reachable.sort_unstable_by_key(|r| r.start);
    let blocks = contacts::blocks(text, toks, &reachable);
    stage("contact blocks");
    let orgs = organisations::find(text, toks);
    stage("organisations");
    let people = people::find(text, toks, &orgs, &blocks);
    stage("people");
    let places = gazetteer::find(text, toks, &orgs, &people);
    stage("places");
    money::localise(
        text,
        gazetteer::country_of(&places),
        toks.romance(),
        &mut out,
    );
    national::find(doc, &blocks, toks, &places, &mut out);
    stage("national numbers");
    let contacts = contacts::records(text, toks, &blocks, &people, &orgs, &places, &out);
    stage("contacts");
    out.extend(orgs);
    out.extend(people);
    out.extend(places);
    // An email's owner, from the contact record that holds both.
    let mut emails: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].kind == Kind::Email)
        .collect();
    emails.sort_by_key(|&i| out[i].range.start);
    for c in &contacts {
        let Some(Value::Text(name)) = c.attribute("name").cloned() else {
            continue;
        };
        let from = emails.partition_point(|&i| out[i].range.start < c.range.start);
        for &i in &emails[from..] {
            let e = &mut out[i];
            if e.range.start > c.range.end {
                break;
            }
            if e.range.end <= c.range.end {
                e.attributes.push(("person", Value::Text(name.clone())));
            }
        }
    }
    out.extend(contacts);
    out.sort_by(|a, b| {
        (a.range.start, std::cmp::Reverse(a.range.end), a.kind).cmp(&(
            b.range.start,
            std::cmp::Reverse(b.range.end),
            b.kind,
        ))
    });
    out.dedup_by(|b, a| a.kind == b.kind && a.range == b.range);
    stage("owners and order");
    out
}

fn emails(doc: &Document<'_>, out: &mut Vec<Entity>) {
    for m in doc.emails() {
        // The address itself, not the whole remnant: `"mailto:x">x` names x once.
        let range = match &m.kind {
            super::email::Kind::Remnant { .. } => {
                let s = &doc.text[m.range.clone()];
                match s.rfind('>') {
                    Some(i) => m.range.start + i + 1..m.range.end,
                    None => m.range.clone(),
                }
            }
            _ => m.range.clone(),
        };
        let normalized = match m.address.rsplit_once('@') {
            Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
            None => m.address.clone(),
        };
        out.push(Entity::new(Kind::Email, range, normalized).with("valid", Value::Bool(m.valid)));
    }
}

fn phones(doc: &Document<'_>, out: &mut Vec<Entity>) {
    out.extend(
        doc.phones()
            .iter()
            .filter_map(|m| phone_entity(doc.text, m)),
    );
}

/// The phone entity of a mention; `None` when its country is unknown (no E.164 to give).
fn phone_entity(text: &str, m: &super::phone::Mention) -> Option<Entity> {
    let e164 = m.written_e164.clone()?;
    let e164 = without_trunk_zero(&text[m.range.clone()]).unwrap_or(e164);
    let suggestion = m
        .migration
        .as_ref()
        .map(|x| x.new_number.clone())
        .or_else(|| {
            let f = m.formatted.clone()?;
            (f != text[m.range.clone()]).then_some(f)
        });
    let mut e = Entity::new(Kind::Phone, m.range.clone(), e164)
        .with("valid", Value::Bool(m.valid))
        .text_attr("international", m.international.clone());
    if let Some(r) = m.region {
        e = e.with(
            "country",
            Value::Text(Cow::Owned(r.as_region_str().to_string())),
        );
    }
    if let Some(k) = m.kind {
        // Not `type`: that key names the entity's kind in the records of `tamis entities`.
        e = e.static_attr("number_type", super::phone::type_name(k));
    }
    Some(e.text_attr("suggestion", suggestion))
}

/// The E.164 of an international number written with its national trunk prefix in
/// brackets (`+32 (0)2 515 61 19` → `+3225156119`): the `(0)` is not dialled from abroad, so it
/// is no digit of the number as written. `None` for any other writing.
fn without_trunk_zero(written: &str) -> Option<String> {
    let rest = written.strip_prefix('+')?;
    let at = rest.find("(0)")?;
    // The country code first: digits and spaces only before the bracket.
    let cc = &rest[..at];
    if !cc.bytes().any(|b| b.is_ascii_digit())
        || !cc.bytes().all(|b| b.is_ascii_digit() || b == b' ')
    {
        return None;
    }
    let digits: String = cc
        .chars()
        .chain(rest[at + 3..].chars())
        .filter(char::is_ascii_digit)
        .collect();
    Some(format!("+{digits}"))
}

/// Whether `bytes` hold an ASCII digit: 32 bytes at a time, each block without an early exit
/// so that it is compared in one vector operation.
fn has_digit(bytes: &[u8]) -> bool {
    bytes
        .chunks(32)
        .any(|block| block.iter().fold(false, |any, b| any | b.is_ascii_digit()))
}

/// Whether an ASCII digit is written within `before` bytes before `r` or `after` bytes after it.
fn digit_near(bytes: &[u8], r: &Range<usize>, before: usize, after: usize) -> bool {
    let from = r.start.saturating_sub(before);
    let to = (r.end + after).min(bytes.len());
    has_digit(&bytes[from..r.start]) || has_digit(&bytes[r.end..to])
}

/// The windows of `text` around `hits` (`before` and `after` bytes more, widened to white space
/// so that no word is cut), merged where they overlap: the regexes of dates and money run on
/// these rather than on the whole text.
fn windows(
    text: &str,
    hits: impl Iterator<Item = Range<usize>>,
    before: usize,
    after: usize,
) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let bytes = text.as_bytes();
    for h in hits {
        let mut start = h.start.saturating_sub(before);
        while start > 0 && !bytes[start - 1].is_ascii_whitespace() {
            start -= 1;
        }
        let mut end = (h.end + after).min(text.len());
        while end < text.len() && !bytes[end].is_ascii_whitespace() {
            end += 1;
        }
        match out.last_mut() {
            Some(last) if last.end >= start => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

#[cfg(test)]
mod tests;

/// Time spent in each stage of [`extract`] over `texts` when it runs after the rules, as in
/// [`super::check_and_extract`]: the rules first (which parse the emails, phones and, for French
/// texts, the words), then each stage (a development aid for profiling).
#[doc(hidden)]
pub fn stage_times(texts: &[String], cx: Context<'_>) -> Vec<(&'static str, std::time::Duration)> {
    use std::time::Instant;
    let mut times: Vec<(&'static str, std::time::Duration)> = Vec::new();
    let mut add = |name: &'static str, d: std::time::Duration| match times
        .iter_mut()
        .find(|(n, _)| *n == name)
    {
        Some(t) => t.1 += d,
        None => times.push((name, d)),
    };
    for text in texts {
        let doc = Document::new(text, cx);
        let mut last = Instant::now();
        std::hint::black_box(super::findings_of(&doc));
        add("check (the rules)", last.elapsed());
        last = Instant::now();
        let entities = extract_in_stages(&doc, |name| {
            let now = Instant::now();
            add(name, now - last);
            last = now;
        });
        let now = Instant::now();
        drop(std::hint::black_box(entities));
        add("drop", now.elapsed());
    }
    times
}
