//! The boilerplate model: for each normalised line, how many documents contain it.
//!
//! Models merge by addition, so shards learned apart combine exactly into the model of the
//! whole corpus.

use std::collections::{HashMap, HashSet};

use super::text::{line_key, line_keys, lines, KeyHash, Line, LineKeys};
use crate::config::BoilerplateConfig;
use crate::recent::RecentLines;

/// Line keys (see [`line_key`]) and the number of documents that contain each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Model {
    documents: u64,
    counts: HashMap<u64, u32, KeyHash>,
}

/// The first bytes of a model file.
pub const MAGIC: &[u8; 8] = b"TAMISMDL";
/// Version 2 adds the keys of lines with their digits kept (see [`document_keys`]).
const VERSION: u32 = 2;

impl Model {
    pub fn new() -> Self {
        Model::default()
    }

    /// Counts one document's distinct lines.
    pub fn add_document(&mut self, text: &str) {
        self.add_keys(&document_keys(text));
    }

    /// Counts a document given by its distinct line keys (see [`document_keys`]).
    pub fn add_keys(&mut self, keys: &[u64]) {
        self.documents += 1;
        for key in keys {
            *self.counts.entry(*key).or_insert(0) += 1;
        }
    }

    /// Takes back a document counted by [`Model::add_keys`], when it changes or goes away.
    pub fn remove_keys(&mut self, keys: &[u64]) {
        self.documents = self.documents.saturating_sub(1);
        for key in keys {
            if let Some(c) = self.counts.get_mut(key) {
                *c -= 1;
                if *c == 0 {
                    self.counts.remove(key);
                }
            }
        }
    }

    /// Adds another model's counts to this one.
    pub fn merge(&mut self, other: &Model) {
        self.documents += other.documents;
        for (k, v) in &other.counts {
            let c = self.counts.entry(*k).or_insert(0);
            *c = c.saturating_add(*v);
        }
    }

    /// The two models' counts in one: the smaller merged into the larger (a parallel reduce
    /// starts from an empty model, and merging the whole corpus's lines into it one by one was
    /// 22 M instructions of a 3,000-file `check`).
    pub fn merged(self, other: Model) -> Model {
        let (mut larger, smaller) = if self.counts.len() >= other.counts.len() {
            (self, other)
        } else {
            (other, self)
        };
        larger.merge(&smaller);
        larger
    }

    /// The number of documents learned.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// The number of distinct lines counted.
    pub fn distinct_lines(&self) -> usize {
        self.counts.len()
    }

    /// The number of documents containing the line.
    pub fn count(&self, line: &str) -> u32 {
        self.count_key(line_key(line))
    }

    /// [`Model::count`] of a line whose [`line_key`] is `key`.
    pub fn count_key(&self, key: u64) -> u32 {
        self.counts.get(&key).copied().unwrap_or(0)
    }

    /// True when a line recurs in enough documents to be boilerplate.
    pub fn is_recurring(&self, line: &str, config: &BoilerplateConfig) -> bool {
        self.recurs(self.count(line), config)
    }

    /// [`Model::is_recurring`] and not [`Model::has_varying_digits`], from a line's keys.
    pub fn recurs_whole(&self, keys: LineKeys, config: &BoilerplateConfig) -> bool {
        self.recurs(self.count_key(keys.key), config)
            && keys
                .exact
                .is_none_or(|e| self.recurs(self.count_key(e), config))
    }

    /// True when a line that recurs once its digits are ignored does not recur with them: a
    /// date, a time, a counter or a reference number that changes from document to document.
    /// Such a line may be the document's own (its release date), so no safe fix deletes it.
    pub fn has_varying_digits(&self, line: &str, config: &BoilerplateConfig) -> bool {
        line_keys(line)
            .exact
            .is_some_and(|e| !self.recurs(self.count_key(e), config))
    }

    /// How a line recurs inside the document's templates: `(count, documents)` of the template
    /// where it recurs in the largest share of pages, when it recurs in at least two pages and
    /// in at least half of the template's pages. A line whose digits change from page to page
    /// (its form with digits kept does not recur so) does not count.
    pub fn template_recurrence(&self, line: &str, templates: &Templates) -> Option<(u32, u32)> {
        self.template_recurrence_keys(line_keys(line), templates)
    }

    /// [`Model::template_recurrence`] from a line's keys.
    pub fn template_recurrence_keys(
        &self,
        keys: LineKeys,
        templates: &Templates,
    ) -> Option<(u32, u32)> {
        let get = |k: u64| self.count_key(k);
        let LineKeys { key, exact } = keys;
        templates
            .groups()
            .filter_map(|g| {
                let docs = get(in_group(g, DOCUMENTS));
                let recurs = |n: u32| n >= 2 && 2 * n >= docs;
                let n = get(in_group(g, key));
                let whole = exact.is_none_or(|e| recurs(get(in_group(g, e))));
                (recurs(n) && whole).then_some((n, docs))
            })
            .max_by_key(|&(n, docs)| (u64::from(n) * 1000 / u64::from(docs.max(1)), n))
    }

    fn recurs(&self, n: u32, config: &BoilerplateConfig) -> bool {
        n >= config.min_docs.max(2) && f64::from(n) >= config.min_ratio * self.documents as f64
    }

    /// The model in its binary form: magic, version, document count, then each (key, count)
    /// in key order, all little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut entries: Vec<_> = self.counts.iter().collect();
        entries.sort_unstable();
        let mut out = Vec::with_capacity(24 + entries.len() * 12);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.documents.to_le_bytes());
        out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
        for (k, v) in entries {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        if bytes.len() < 28 || &bytes[..8] != MAGIC {
            return Err("not a tamis model file (bad magic bytes)".into());
        }
        let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap());
        let u64_at = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap());
        let version = u32_at(8);
        if version != VERSION {
            return Err(format!(
                "model format version {version} is not supported (this tamis reads version {VERSION})"
            ));
        }
        let documents = u64_at(12);
        let n = u64_at(20);
        let body = &bytes[28..];
        if n.checked_mul(12) != Some(body.len() as u64) {
            return Err(format!(
                "corrupt model file: {n} entries announced, {} bytes of entries found",
                body.len()
            ));
        }
        let mut counts = HashMap::with_capacity_and_hasher(n as usize, KeyHash::default());
        for chunk in body.chunks_exact(12) {
            let k = u64::from_le_bytes(chunk[..8].try_into().unwrap());
            let v = u32::from_le_bytes(chunk[8..].try_into().unwrap());
            if u64::from(v) > documents || counts.insert(k, v).is_some() {
                return Err("corrupt model file: inconsistent entries".into());
            }
        }
        Ok(Model { documents, counts })
    }
}

/// The distinct keys of a document's non-blank lines: the [`line_key`] of each, and for a line
/// that holds digits its [`line_key_exact`] too, so that the model can tell whether its numbers
/// recur with it. Each key is counted again inside the document's templates (see
/// [`Templates`]), with one more key per template that counts its documents: a corpus that
/// mixes sites learns each site's lines as if the site had been learned alone, and models still
/// merge by addition.
pub fn document_keys(text: &str) -> Vec<u64> {
    keys_of(text, None, None)
}

/// The keys of each line of a text, in the order of its lines (blank lines have none), as
/// [`learn_keys`] hashed them while a model learned the text. `tamis check` learns a corpus,
/// then checks each of its texts against the model: the `boilerplate-corpus` rule asks the
/// model about every line, and with these it needs no line hashed again (see
/// [`crate::check_in_batch_keyed`]).
///
/// The start of each line is kept too: the check takes the text's lines from them rather than
/// splitting it again (a `memchr` per line, about 2 % of `tamis check` on a corpus of
/// releases), for 4 bytes a line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextKeys {
    pub(crate) lines: Vec<Option<LineKeys>>,
    /// Where each line starts (see [`Line::start`]).
    starts: Vec<u32>,
}

impl TextKeys {
    /// The bytes these keys take, for a caller that keeps many within a budget.
    pub fn heap_size(&self) -> usize {
        self.lines.capacity() * std::mem::size_of::<Option<LineKeys>>()
            + self.starts.capacity() * std::mem::size_of::<u32>()
    }

    /// The lines of `text` ([`lines`]), from the starts kept when these keys were learned from
    /// it; `None` when they cannot be those of `text` (a start past its end or inside a
    /// character). Each line runs to the next one's start, less its terminator: a line's
    /// content holds no `\n` or `\r`, so a `\r\n` before the next start is the terminator,
    /// else a `\n` or a `\r`; only the last line may end with none.
    pub(crate) fn lines_of<'t>(&self, text: &'t str) -> Option<Vec<Line<'t>>> {
        let bytes = text.as_bytes();
        let line = |start: u32, next: usize| {
            let start = start as usize;
            let terminator = match bytes.get(start..next)? {
                [.., b'\r', b'\n'] => 2,
                [.., b'\n' | b'\r'] => 1,
                _ => 0,
            };
            Some(Line::new(
                text.get(start..next - terminator)?,
                start,
                terminator,
            ))
        };
        let mut out = Vec::with_capacity(self.starts.len());
        for pair in self.starts.windows(2) {
            out.push(line(pair[0], pair[1] as usize)?);
        }
        if let Some(&last) = self.starts.last() {
            out.push(line(last, bytes.len())?);
        }
        Some(out)
    }
}

/// [`document_keys`] of a text (what [`Model::add_keys`] counts), and the keys of each of its
/// lines, kept for the check of the same text.
pub fn learn_keys(text: &str) -> (Vec<u64>, TextKeys) {
    let mut kept = TextKeys::default();
    if text.len() > crate::recent::RECENT_BYTES {
        let keys = keys_of(text, Some(&mut kept), None);
        return (keys, kept);
    }
    let keys = crate::recent::RECENT_KEYS.with(|recent| {
        let mut recent = recent.borrow_mut();
        let keys = keys_of(text, Some(&mut kept), Some(&mut recent));
        recent.next_text();
        keys
    });
    (keys, kept)
}

/// [`document_keys`]; each line's keys and start pushed into `kept` when given (`None` for a
/// blank line's keys), those of the lines of the texts before taken from `recent` when given.
fn keys_of(
    text: &str,
    mut kept: Option<&mut TextKeys>,
    mut recent: Option<&mut RecentLines<LineKeys>>,
) -> Vec<u64> {
    let all = lines(text);
    let n = all.iter().filter(|l| !l.is_blank()).count();
    // Room for a key per line from the start (most lines hold no digit, and the template's
    // keys of the lines near the edges come last): the set and the vector do not grow line
    // by line, copying what they hold.
    let near_edges = n.min(2 * TEMPLATE_EDGE);
    let mut seen: HashSet<u64, KeyHash> = HashSet::with_capacity_and_hasher(n, KeyHash::default());
    let mut out = Vec::with_capacity(n + 2 * (near_edges + 1));
    // The keys of the lines near the edges, where templates put their menus and footers.
    let mut edges = Vec::with_capacity(near_edges);
    if let Some(kept) = kept.as_deref_mut() {
        kept.lines.reserve_exact(all.len());
        kept.starts.reserve_exact(all.len());
        // (Offsets fit in 32 bits: `Line` holds them so.)
        kept.starts.extend(all.iter().map(|l| l.start() as u32));
    }
    let (mut head, mut tail) = (None, None);
    let mut i = 0;
    for l in &all {
        if l.is_blank() {
            if let Some(kept) = kept.as_deref_mut() {
                kept.lines.push(None);
            }
            continue;
        }
        let near_edge = i < TEMPLATE_EDGE || i + TEMPLATE_EDGE >= n;
        let keys = match recent.as_deref_mut() {
            Some(recent) => recent.get(l.text(), line_keys),
            None => line_keys(l.text()),
        };
        if let Some(kept) = kept.as_deref_mut() {
            kept.lines.push(Some(keys));
        }
        let LineKeys { key, exact } = keys;
        if i == 0 {
            head = Some(key);
        }
        if i + 1 == n {
            tail = Some(key);
        }
        if seen.insert(key) {
            out.push(key);
            if near_edge {
                edges.push(key);
            }
        }
        if let Some(exact) = exact {
            if seen.insert(exact) {
                out.push(exact);
                if near_edge {
                    edges.push(exact);
                }
            }
        }
        i += 1;
    }
    let templates = Templates {
        head: head.map(|k| mix(k, 1)),
        tail: tail.map(|k| mix(k, 2)),
    };
    for group in templates.groups() {
        out.push(in_group(group, DOCUMENTS));
        out.extend(edges.iter().map(|k| in_group(group, *k)));
    }
    out
}

/// Lines counted inside templates: this many from each edge of a document.
const TEMPLATE_EDGE: usize = 60;

/// The templates a document belongs to: the pages of a site share their first line (the start
/// of the menu) or their last line (the end of the footer), so the documents that start alike
/// form one template and those that end alike another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Templates {
    head: Option<u64>,
    tail: Option<u64>,
}

impl Templates {
    /// The templates of a text, from its first and last non-blank lines.
    pub fn of(text: &str) -> Templates {
        Templates::of_lines(&lines(text))
    }

    /// [`Templates::of`] a text split into these lines.
    pub fn of_lines(ls: &[Line<'_>]) -> Templates {
        let mut non_blank = ls.iter().filter(|l| !l.is_blank());
        let first = non_blank.next();
        let last = non_blank.next_back().or(first);
        Templates {
            head: first.map(|l| mix(line_key(l.text()), 1)),
            tail: last.map(|l| mix(line_key(l.text()), 2)),
        }
    }

    /// [`Templates::of`] a text whose lines have these keys (`None` for a blank line, as
    /// [`TextKeys`] holds them).
    pub fn of_keys(keys: &[Option<LineKeys>]) -> Templates {
        let mut non_blank = keys.iter().flatten();
        let first = non_blank.next();
        let last = non_blank.next_back().or(first);
        Templates {
            head: first.map(|k| mix(k.key, 1)),
            tail: last.map(|k| mix(k.key, 2)),
        }
    }

    fn groups(self) -> impl Iterator<Item = u64> {
        self.head.into_iter().chain(self.tail)
    }
}

/// The key that counts the documents of a template.
const DOCUMENTS: u64 = 0x5eed_0f7e_e7a1_a7e5;

/// A key counted inside a template.
fn in_group(group: u64, key: u64) -> u64 {
    mix(group ^ key.rotate_left(29), 3)
}

fn mix(a: u64, salt: u64) -> u64 {
    let mut x = a ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_learned_in_a_batch_are_those_of_each_text_alone() {
        // Pages of three sites interleaved, lines drawn from pieces (digits, case, spaces,
        // accents: lines whose keys differ by little), each page with its site's menu; and the
        // texts again, in the other order. The keys taken from the lines of the texts before
        // are each line's own.
        let pieces = [
            "Menu", "menu", " ", "  ", "\t", "12", "3", "été", "ÉTÉ", "北", "\n", "\n", "a", "A",
            "²", "-", "\u{a0}", "Share", "\r\n",
        ];
        let drawn = crate::testing::texts_of_pieces(&pieces, 300, 60);
        let mut texts: Vec<String> = drawn
            .iter()
            .enumerate()
            .map(|(k, t)| format!("Site {}\n{t}\nFooter {}\n", k % 3, k % 3))
            .collect();
        texts.extend(texts.clone().into_iter().rev());
        for text in &texts {
            let (keys, kept) = learn_keys(text);
            assert_eq!(keys, document_keys(text), "{text:?}");
            let alone: Vec<Option<LineKeys>> = lines(text)
                .iter()
                .map(|l| (!l.is_blank()).then(|| line_keys(l.text())))
                .collect();
            assert_eq!(kept.lines, alone, "{text:?}");
            assert_eq!(kept.lines_of(text), Some(lines(text)), "{text:?}");
            assert_eq!(
                Templates::of_keys(&kept.lines),
                Templates::of(text),
                "{text:?}"
            );
        }
        // The lines taken from the starts kept are those split again, whatever ends them, and
        // so are the templates taken from the keys, blank lines first and last included.
        let pieces = [
            "\u{feff}", "a", "é", " ", "\t", "\n", "\r", "\r\n", "\n\r", "\u{2028}", "1",
        ];
        for text in crate::testing::texts_of_pieces(&pieces, 3000, 12) {
            for text in [text.clone(), format!("\u{feff}{text}")] {
                let (_, kept) = learn_keys(&text);
                assert_eq!(kept.lines_of(&text), Some(lines(&text)), "{text:?}");
                assert_eq!(
                    Templates::of_keys(&kept.lines),
                    Templates::of(&text),
                    "{text:?}"
                );
            }
        }
        // Starts of another text that cannot be its own are refused.
        let (_, kept) = learn_keys("ab\ncd\n");
        assert_eq!(kept.lines_of("é"), None);
        assert_eq!(kept.lines_of("éé\n"), None);
    }

    #[test]
    fn counts_each_line_once_per_document() {
        let mut m = Model::new();
        m.add_document("Menu\nMenu\nText one\n");
        m.add_document("menu\nText two\n");
        assert_eq!(
            (m.documents(), m.count("MENU"), m.count("Text one")),
            (2, 2, 1)
        );
    }

    #[test]
    fn lines_whose_digits_change_are_told_from_lines_that_recur_whole() {
        let config = BoilerplateConfig::default();
        let mut m = Model::new();
        for d in [
            "- 2030 AGENDA\n01/16/2017 - 14:13\n",
            "- 2030 AGENDA\n05/24/2017 - 10:32\n",
            "- 2030 AGENDA\n06/02/2018 - 09:01\n",
        ] {
            m.add_document(d);
        }
        assert!(m.is_recurring("02/02/2019 - 11:11", &config));
        assert!(m.has_varying_digits("02/02/2019 - 11:11", &config));
        assert!(!m.has_varying_digits("- 2030 AGENDA", &config));
        assert!(!m.has_varying_digits("Menu", &config));
    }

    #[test]
    fn a_small_site_recurs_inside_its_template() {
        let mut m = Model::new();
        for i in 0..8 {
            m.add_document(&format!("Big site menu\nArticle {i} text\nBig footer\n"));
        }
        m.add_document("Small menu\nFirst story\nSmall footer 2024\n");
        m.add_document("Small menu\nSecond story\nSmall footer 2024\n");
        let t = Templates::of("Small menu\nThird story\nSmall footer 2024\n");
        let config = BoilerplateConfig::default();
        assert!(!m.is_recurring("Small menu", &config));
        assert_eq!(m.template_recurrence("Small menu", &t), Some((2, 2)));
        assert_eq!(m.template_recurrence("Small footer 2024", &t), Some((2, 2)));
        assert_eq!(m.template_recurrence("First story", &t), None);
    }

    #[test]
    fn merge_equals_learning_together() {
        let docs = ["a\nb\n", "b\nc\n", "c\nd\na\n"];
        let mut whole = Model::new();
        docs.iter().for_each(|d| whole.add_document(d));
        let (mut left, mut right) = (Model::new(), Model::new());
        left.add_document(docs[0]);
        docs[1..].iter().for_each(|d| right.add_document(d));
        left.merge(&right);
        assert_eq!(left, whole);
        // Merged either way round, and with an empty model on either side.
        let (mut left, mut right) = (Model::new(), Model::new());
        docs[..2].iter().for_each(|d| left.add_document(d));
        right.add_document(docs[2]);
        assert_eq!(left.clone().merged(right.clone()), whole);
        assert_eq!(right.merged(left), whole);
        assert_eq!(Model::new().merged(whole.clone()), whole);
        assert_eq!(whole.clone().merged(Model::new()), whole);
    }

    #[test]
    fn binary_round_trip_and_corruption() {
        let mut m = Model::new();
        m.add_document("x\ny\n");
        let bytes = m.to_bytes();
        assert_eq!(Model::from_bytes(&bytes).unwrap(), m);
        assert!(Model::from_bytes(b"hello").is_err());
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1])
            .unwrap_err()
            .contains("corrupt"));
    }
}
