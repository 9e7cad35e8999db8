//! Places: countries, capitals and the cities and towns of 15,000 inhabitants or more in French,
//! English and Spanish from `data/places.tsv` (iso-codes and GeoNames; see
//! `data/places.LICENSE.md`), the regions, islands and rivers releases talk about, and datelines
//! (`Guyane - `, `Trinité-et-Tobago - `).
//!
//! A name that is also a common word or a first name (`Nice`, `Mobile`, `Florence`) is a place
//! only with a cue: a preposition of place before it (`à Nice`, `in Mobile`, `cerca de Victoria`),
//! a dateline, or another place beside it in a list (`Nice, Lyon et Marseille`).

use std::borrow::Cow;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::tokens::{Shape, Token, Tokens, JOINED};
use super::{Entity, Kind, Value};
use crate::lexicon::pack;

mod shapes;

const DATA: &str = include_str!("../../data/places.tsv");

/// Regions and places the data sets leave out, as releases name them.
const EXTRA: &[(&str, &str, &str)] = &[
    ("Caraïbes", "region", ""),
    ("Caribbean", "region", ""),
    ("Caribe", "region", ""),
    ("Amérique centrale", "region", ""),
    ("Amérique du Nord", "region", ""),
    ("Amérique du Sud", "region", ""),
    ("Amérique latine", "region", ""),
    ("Central America", "region", ""),
    ("North America", "region", ""),
    ("South America", "region", ""),
    ("Latin America", "region", ""),
    ("América Central", "region", ""),
    ("Centroamérica", "region", ""),
    ("América del Norte", "region", ""),
    ("América del Sur", "region", ""),
    ("América Latina", "region", ""),
    ("Afrique de l'Ouest", "region", ""),
    ("Afrique de l’Ouest", "region", ""),
    ("West Africa", "region", ""),
    ("África Occidental", "region", ""),
    ("Afrique de l'Est", "region", ""),
    ("Corne de l'Afrique", "region", ""),
    ("Horn of Africa", "region", ""),
    ("Sahel", "region", ""),
    ("Hispaniola", "region", ""),
    ("Europe", "region", ""),
    ("Afrique", "region", ""),
    ("Africa", "region", ""),
    ("África", "region", ""),
    ("Asie", "region", ""),
    ("Asia", "region", ""),
    ("Méditerranée", "region", ""),
    ("Mediterranean", "region", ""),
    ("Mediterráneo", "region", ""),
    ("North Africa", "region", ""),
    ("Afrique du Nord", "region", ""),
    ("África del Norte", "region", ""),
    ("Norte de África", "region", ""),
    ("Middle East", "region", ""),
    ("Moyen-Orient", "region", ""),
    ("Proche-Orient", "region", ""),
    ("Oriente Medio", "region", ""),
    ("Oriente Próximo", "region", ""),
    ("Southeast Asia", "region", ""),
    ("South-East Asia", "region", ""),
    ("Asie du Sud-Est", "region", ""),
    ("Sudeste Asiático", "region", ""),
    ("South Asia", "region", ""),
    ("Asie du Sud", "region", ""),
    ("Central Asia", "region", ""),
    ("Asie centrale", "region", ""),
    ("Asia Central", "region", ""),
    ("Eastern Europe", "region", ""),
    ("Europe de l'Est", "region", ""),
    ("Europa del Este", "region", ""),
    ("Europa Oriental", "region", ""),
    ("Western Europe", "region", ""),
    ("Europe de l'Ouest", "region", ""),
    ("Europa Occidental", "region", ""),
    ("Southern Africa", "region", ""),
    ("Afrique australe", "region", ""),
    ("África Austral", "region", ""),
    ("Central Africa", "region", ""),
    ("Afrique centrale", "region", ""),
    ("África Central", "region", ""),
    ("East Africa", "region", ""),
    ("África Oriental", "region", ""),
    ("Sub-Saharan Africa", "region", ""),
    ("Afrique subsaharienne", "region", ""),
    ("África Subsahariana", "region", ""),
    ("Lake Chad Basin", "region", ""),
    ("Bassin du lac Tchad", "region", ""),
    ("Cuenca del Lago Chad", "region", ""),
    ("Western Balkans", "region", ""),
    ("Balkans occidentaux", "region", ""),
    ("Balcanes Occidentales", "region", ""),
    ("Balkans", "region", ""),
    ("Balcanes", "region", ""),
    ("Andean Region", "region", ""),
    ("Región Andina", "region", ""),
    ("Southern Cone", "region", ""),
    ("Cono Sur", "region", ""),
    ("Afrique du Sud-Est", "region", ""),
    ("Pacific Islands", "region", ""),
    ("Îles du Pacifique", "region", ""),
    ("Islas del Pacífico", "region", ""),
    ("Canary Islands", "region", ""),
    ("Îles Canaries", "region", ""),
    ("Islas Canarias", "region", ""),
    ("Balearic Islands", "region", ""),
    ("Îles Baléares", "region", ""),
    ("Islas Baleares", "region", ""),
    ("Aegean Islands", "region", ""),
    ("Îles de la mer Égée", "region", ""),
    ("Amazonie", "region", ""),
    ("Amazonía", "region", ""),
    ("Central Mediterranean", "region", ""),
    ("Eastern Mediterranean", "region", ""),
    ("Western Mediterranean", "region", ""),
    ("Méditerranée centrale", "region", ""),
    ("Mediterráneo central", "region", ""),
    ("South Pacific", "region", ""),
    ("Pacifique Sud", "region", ""),
    ("Pacífico Sur", "region", ""),
    ("Indian Ocean", "region", ""),
    ("Atlantic Ocean", "region", ""),
    ("Pacific Ocean", "region", ""),
    ("Bay of Bengal", "region", ""),
    ("Golfe du Bengale", "region", ""),
    ("Golfo de Bengala", "region", ""),
    ("Gulf of Aden", "region", ""),
    ("Golfe d'Aden", "region", ""),
    ("Golfo de Adén", "region", ""),
    ("Andaman Sea", "region", ""),
    ("Mer d'Andaman", "region", ""),
    ("Red Sea", "region", ""),
    ("Mer Rouge", "region", ""),
    ("Mar Rojo", "region", ""),
    ("Aegean Sea", "region", ""),
    ("Mer Égée", "region", ""),
    ("Mar Egeo", "region", ""),
    ("Bab-el-Mandeb", "region", ""),
    ("Bab el-Mandeb", "region", ""),
    ("Europa", "region", ""),
    ("Central Sahel", "region", ""),
    ("Sahel central", "region", ""),
    ("Sahel Central", "region", ""),
    ("Altiplano", "region", ""),
    ("Casamance", "region", "SN"),
    ("Darfour", "region", "SD"),
    ("Darfur", "region", "SD"),
    ("Kivu", "region", "CD"),
    ("Tigray", "region", "ET"),
    ("Amhara", "region", "ET"),
    ("Yobe", "region", "NG"),
    ("Syrie", "country", "SY"),
    ("Siria", "country", "SY"),
    ("RDC", "country", "CD"),
    ("UK", "country", "GB"),
    ("Darién Gap", "region", ""),
    ("Tapón del Darién", "region", ""),
    ("Darien Gap", "region", ""),
    ("Lampedusa", "island", "IT"),
    ("Sicily", "island", "IT"),
    ("Sicile", "island", "IT"),
    ("Sicilia", "island", "IT"),
    ("Sardinia", "island", "IT"),
    ("Sardaigne", "island", "IT"),
    ("Cerdeña", "island", "IT"),
    ("Lesbos", "island", "GR"),
    ("Lesvos", "island", "GR"),
    ("Chios", "island", "GR"),
    ("Samos", "island", "GR"),
    ("Kos", "island", "GR"),
    ("Crete", "island", "GR"),
    ("Crète", "island", "GR"),
    ("Creta", "island", "GR"),
    ("Lanzarote", "island", "ES"),
    ("Tenerife", "island", "ES"),
    ("Gran Canaria", "island", "ES"),
    ("Fuerteventura", "island", "ES"),
    ("El Hierro", "island", "ES"),
    ("Mindanao", "island", "PH"),
    ("Luzon", "island", "PH"),
    ("Visayas", "island", "PH"),
    ("Sumatra", "island", "ID"),
    ("Bali", "island", "ID"),
    ("Lombok", "island", "ID"),
    ("Zanzibar", "island", "TZ"),
    ("Pemba", "island", "TZ"),
    ("Socotra", "island", "YE"),
    ("Nauru", "island", "NR"),
    ("Manus", "island", "PG"),
    ("Christmas Island", "island", "AU"),
    ("Bioko", "island", "GQ"),
    ("Anjouan", "island", "KM"),
    ("Grande Comore", "island", "KM"),
    ("Mohéli", "island", "KM"),
    ("Lampione", "island", "IT"),
    ("Chiloé", "island", "CL"),
    ("Isla de Pascua", "island", "CL"),
    ("Easter Island", "island", "CL"),
    ("San Andrés", "island", "CO"),
    ("Tobago", "island", "TT"),
    ("Trinidad", "island", "TT"),
    ("Saint-Martin", "island", "MF"),
    ("Sint Maarten", "island", "SX"),
    ("Guadeloupe", "island", "GP"),
    ("Martinique", "island", "MQ"),
    ("Isla Margarita", "island", "VE"),
    ("Samar", "island", "PH"),
    ("Leyte", "island", "PH"),
    ("Panay", "island", "PH"),
    ("Borneo", "island", ""),
    ("Bornéo", "island", ""),
    ("Lamu", "island", "KE"),
    ("Roatán", "island", "HN"),
    ("Cozumel", "island", "MX"),
    ("Isla de la Juventud", "island", "CU"),
    // Major rivers and lakes that releases name (hand list; the names as the atlases of the
    // three languages write them, e.g. Wikipedia's lists of rivers by length and of African
    // great lakes). Names that are also a country, a city or a word are left out (`Niger`,
    // `Congo`, `Juba`, `Amazon`, `Tigre`, `Jordan`), and those that name a region too (`Benue`,
    // `Limpopo`).
    ("Nile", "river", ""),
    ("Nil", "river", ""),
    ("Nilo", "river", ""),
    ("Mekong", "river", ""),
    ("Mékong", "river", ""),
    ("Danube", "river", ""),
    ("Danubio", "river", ""),
    ("Euphrates", "river", ""),
    ("Euphrate", "river", ""),
    ("Éufrates", "river", ""),
    ("Tigris", "river", ""),
    ("Rhine", "river", ""),
    ("Rhin", "river", ""),
    ("Ganges", "river", ""),
    ("Gange", "river", ""),
    ("Brahmaputra", "river", ""),
    ("Indus", "river", ""),
    ("Orinoco", "river", ""),
    ("Orénoque", "river", ""),
    ("Zambezi", "river", ""),
    ("Zambèze", "river", ""),
    ("Zambeze", "river", ""),
    ("Shabelle", "river", ""),
    ("Chébéli", "river", ""),
    ("Evros", "river", ""),
    ("Suchiate", "river", ""),
    ("Usumacinta", "river", ""),
    ("Río Bravo", "river", ""),
    ("Rio Bravo", "river", ""),
    ("Río Grande", "river", ""),
    ("Yangtze", "river", ""),
    ("Irrawaddy", "river", ""),
    ("Oubangui", "river", ""),
    ("Ubangi", "river", ""),
    ("Chari", "river", ""),
    ("Logone", "river", ""),
    ("Atrato", "river", ""),
    ("Río de la Plata", "river", ""),
    ("Amu Darya", "river", ""),
    ("Lake Victoria", "lake", ""),
    ("Lac Victoria", "lake", ""),
    ("Lago Victoria", "lake", ""),
    ("Lake Chad", "lake", ""),
    ("Lac Tchad", "lake", ""),
    ("Lago Chad", "lake", ""),
    ("Lake Kivu", "lake", ""),
    ("Lac Kivu", "lake", ""),
    ("Lago Kivu", "lake", ""),
    ("Lake Tanganyika", "lake", ""),
    ("Lac Tanganyika", "lake", ""),
    ("Lago Tanganica", "lake", ""),
    ("Lake Titicaca", "lake", ""),
    ("Lac Titicaca", "lake", ""),
    ("Lago Titicaca", "lake", ""),
    ("Guyane", "country", "GY"),
    ("Genève", "city", "CH"),
    ("Geneva", "city", "CH"),
    ("Ginebra", "city", "CH"),
    ("Belize City", "city", "BZ"),
    ("Port-d’Espagne", "capital", "TT"),
    ("Port-d'Espagne", "capital", "TT"),
    ("Port-d’ Espagne", "capital", "TT"),
    ("Port of Spain", "capital", "TT"),
    ("Puerto España", "capital", "TT"),
    ("Etats-Unis", "country", "US"),
    ("Cúcuta", "city", "CO"),
    ("Cucuta", "city", "CO"),
    ("Medellín", "city", "CO"),
    ("Cali", "city", "CO"),
    ("Mombasa", "city", "KE"),
    ("Agadez", "city", "NE"),
    ("Tillabéri", "city", "NE"),
    ("Cap-Haïtien", "city", "HT"),
    ("Gonaïves", "city", "HT"),
    ("Montego Bay", "city", "JM"),
];

struct Gazetteer {
    /// The countries, regions, capitals, large cities and the hand list: an automaton, for the
    /// names written inside another word too (`Haiti's`) and the stages that ask where a name
    /// ends ([`place_at`]).
    automaton: AhoCorasick,
    first_words: FirstWords,
    /// Per pattern: kind, ISO code and marks ([`TOWN`], [`AMBIGUOUS`]).
    info: Vec<Info>,
    /// The towns (three in four names): a hash table of the names as written, looked up for the
    /// words after a capitalised word, since an automaton of them all took a tenth of a second
    /// and 4 MB more to build at the first extraction.
    towns: Towns,
}

/// The towns of the gazetteer by name, with the first words of the names and the most words
/// (tokens) a name has.
struct Towns {
    /// Name to kind and code: a town's kind and code are few, so each is an index into
    /// `info`, the distinct (kind, code, marks) of the towns (a table of 16-byte entries, not 56).
    by_name: std::collections::HashMap<&'static str, u16, crate::lexicon::WordHash>,
    info: Vec<Info>,
    first_words: FirstWords,
    /// Per first word, the most tokens a name that starts with it has.
    most_tokens: std::collections::HashMap<&'static str, u8, crate::lexicon::WordHash>,
}

impl Towns {
    fn get(&self, name: &str) -> Option<Info> {
        self.by_name.get(name).map(|&i| self.info[usize::from(i)])
    }

    /// The town whose name is written from token `k` (the longest), with the token it ends at.
    fn at(&self, text: &str, tokens: &[Token], k: usize) -> Option<(usize, Info)> {
        let t = &tokens[k];
        let first = t.text(text);
        if !self.first_words.may_contain(first) {
            return None;
        }
        // Most first words start names of one word: one lookup, then one per longer name.
        let most = usize::from(*self.most_tokens.get(first)?);
        let mut last = k;
        while last + 1 < tokens.len() && last + 1 - k < most && !tokens[last + 1].line_start {
            last += 1;
        }
        (k..=last).rev().find_map(|j| {
            let name = &text[t.range.start..tokens[j].range.end];
            self.get(name).map(|i| (j, i))
        })
    }
}

/// A pattern's kind, ISO code and marks.
type Info = (&'static str, &'static str, u8);

/// A town below the old floor of 400,000 inhabitants: a place where the extractor finds it, but
/// no end of another name for the other stages ([`place_at`] does not look at the towns), which
/// would otherwise cut the people and organisations whose names are also towns' (`Ana Torres`).
const TOWN: u8 = 1;
/// A name that is also a common word or a first name: a place only with a cue.
const AMBIGUOUS: u8 = 2;

/// A village or small town (1,000 to 15,000 inhabitants): a hundred thousand names, many of
/// them also a surname or a word of another language (`Garba`, `Moussa`), so a place only with a
/// cue, as an ambiguous name.
const VILLAGE: u8 = 4;

/// The marks column of `data/places.tsv`.
fn marks(column: &str) -> u8 {
    column.bytes().fold(0, |m, b| match b {
        b't' => m | TOWN,
        b'a' => m | AMBIGUOUS,
        b'v' => m | VILLAGE,
        _ => m,
    })
}

/// Every name the gazetteer matches (with the other spellings of each) and its kind and code.
/// The names as written in the data are borrowed from it; only the other spellings are made.
fn names() -> (Vec<Cow<'static, str>>, Vec<Info>) {
    let mut names: Vec<Cow<'static, str>> = Vec::new();
    let mut info = Vec::new();
    // The hand-written list first: for a name in both, it wins (`Guyane` is Guyana in these
    // releases, not the French region).
    let rows = EXTRA.iter().map(|&(n, k, c)| (n, k, c, 0)).chain(
        DATA.lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((
                    f.next()?,
                    f.next()?,
                    f.next()?,
                    marks(f.next().unwrap_or("")),
                ))
            }),
    );
    for (name, kind, code, m) in rows {
        names.push(Cow::Borrowed(name));
        info.push((kind, code, m));
        if !name.starts_with('É') && !name.contains(['\'', '’']) {
            continue;
        }
        // `Etats-Unis` for `États-Unis`: releases often drop the accent on capitals.
        let mut forms = vec![name.to_string()];
        if let Some(rest) = name.strip_prefix('É') {
            forms.push(format!("E{rest}"));
        }
        // `Côte d’Ivoire` for `Côte d'Ivoire`: French releases write the typographic apostrophe.
        for k in 0..forms.len() {
            for (from, to) in [('\'', '’'), ('’', '\'')] {
                if forms[k].contains(from) {
                    forms.push(forms[k].replace(from, &to.to_string()));
                }
            }
        }
        for form in forms.into_iter().skip(1) {
            names.push(Cow::Owned(form));
            info.push((kind, code, m));
        }
    }
    (names, info)
}

/// The first words of the names, as the tokenizer reads them, as a set of 2^20 bits (128 KiB,
/// which stays in the second-level cache): a word whose bit is clear starts no name, and the
/// automaton is not run there. A set bit may be another word's; the automaton then decides.
struct FirstWords(Box<[u64]>);

impl FirstWords {
    fn new<'w>(words: impl Iterator<Item = &'w str>) -> FirstWords {
        // 2^20 bits (128 KiB): the 150,000 first words of the towns and villages would set
        // most of 2^16 bits, and the set would let nearly every capitalised word through.
        let mut bits = vec![0u64; 1 << 14].into_boxed_slice();
        for w in words {
            let b = Self::bit(w);
            bits[b >> 6] |= 1 << (b & 63);
        }
        FirstWords(bits)
    }

    /// The word's bit: its bytes (the first and last eight of a longer word, and its length)
    /// multiplied into the top twenty bits.
    fn bit(word: &str) -> usize {
        let b = word.as_bytes();
        let key = match b.len() {
            0..=8 => pack(word),
            n => {
                let load = |s: &[u8]| u64::from_le_bytes(s.try_into().expect("eight bytes"));
                load(&b[..8]) ^ load(&b[n - 8..]).rotate_left(29) ^ (n as u64) << 56
            }
        };
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 44) as usize
    }

    fn may_contain(&self, word: &str) -> bool {
        let b = Self::bit(word);
        self.0[b >> 6] & (1 << (b & 63)) != 0
    }
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let (all_names, all_info) = names();
    let (mut names, mut info) = (Vec::new(), Vec::new());
    let towns = all_info.iter().filter(|i| i.2 & TOWN != 0).count();
    let mut by_name =
        std::collections::HashMap::with_capacity_and_hasher(towns, Default::default());
    let mut town_info: Vec<Info> = Vec::new();
    let mut index: std::collections::HashMap<Info, u16> = std::collections::HashMap::new();
    let mut most_tokens: std::collections::HashMap<&'static str, u8, crate::lexicon::WordHash> =
        std::collections::HashMap::default();
    for (n, i) in all_names.into_iter().zip(all_info) {
        if i.2 & TOWN == 0 {
            names.push(n);
            info.push(i);
            continue;
        }
        let n: &'static str = match n {
            Cow::Borrowed(n) => n,
            // A few hundred other spellings, made once for the program's life.
            Cow::Owned(n) => n.leak(),
        };
        let k = *index.entry(i).or_insert_with(|| {
            town_info.push(i);
            u16::try_from(town_info.len() - 1).expect("fewer than 65,536 kinds and codes")
        });
        by_name.insert(n, k);
        // How many tokens the name may have, counted without the tokenizer (which looks every
        // word up in the lexicon): its words between spaces, and two more for each other mark
        // (a mark and the word it may cut off: `d'Isernia` is three tokens), never fewer than
        // the tokenizer makes (`Port-Salut` is one there), which only costs a lookup more.
        let count = if n.contains(|c: char| !c.is_alphanumeric()) {
            n.split(' ').filter(|w| !w.is_empty()).count()
                + 2 * n
                    .chars()
                    .filter(|&c| !c.is_alphanumeric() && c != ' ')
                    .count()
        } else {
            1
        };
        if let Some(first) = super::tokens::first_word(n) {
            let most = most_tokens.entry(first).or_insert(0);
            *most = (*most).max(u8::try_from(count).unwrap_or(u8::MAX));
        }
    }
    let first_words = FirstWords::new(names.iter().filter_map(|n| super::tokens::first_word(n)));
    let towns = Towns {
        first_words: FirstWords::new(most_tokens.keys().copied()),
        by_name,
        info: town_info,
        most_tokens,
    };
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Both)
        .build(names.iter().map(|n| n.as_bytes()))
        .expect("a valid gazetteer");
    Gazetteer {
        automaton,
        first_words,
        info,
        towns,
    }
});

/// Whether a place name may start at token `t`: its first word may be one of a name's, or it is
/// a joined word (`Haiti's`, whose first part may be a name).
fn may_start(text: &str, t: &Token) -> bool {
    t.has(JOINED) || GAZETTEER.first_words.may_contain(t.text(text))
}

/// The end of the place name that starts at token `t`, if one does (and ends on a word end).
pub fn place_at(text: &str, t: &Token) -> Option<usize> {
    if !may_start(text, t) {
        return None;
    }
    let input = Input::new(text)
        .span(t.range.start..text.len())
        .anchored(Anchored::Yes);
    let m = GAZETTEER.automaton.find(input)?;
    let after = text[m.end()..].chars().next();
    (!after.is_some_and(is_word)).then_some(m.end())
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// The places of a text, outside the organisations' and people's names.
pub fn find(text: &str, tokens: &Tokens, orgs: &[Entity], people: &[Entity]) -> Vec<Entity> {
    let g = &*GAZETTEER;
    let inside = |r: &std::ops::Range<usize>| {
        orgs.iter()
            .chain(people)
            .any(|e| e.range.start < r.end && r.start < e.range.end)
    };
    let mut out = Vec::new();
    // Place names start with a capital: search only where a capitalised word starts.
    let mut covered = 0;
    // Ambiguous names without a cue yet.
    let mut pending: Vec<Entity> = Vec::new();
    for k in tokens.marks() {
        let t = &tokens[k];
        if t.range.start < covered || !matches!(t.shape, Shape::Capitalised | Shape::Upper) {
            continue;
        }
        let listed = may_start(text, t)
            .then(|| {
                let input = Input::new(text)
                    .span(t.range.start..text.len())
                    .anchored(Anchored::Yes);
                g.automaton
                    .find(input)
                    .map(|m| (m.range(), g.info[m.pattern().as_usize()]))
            })
            .flatten();
        // A town's name, when longer (`San Pedro Sula` beyond `San Pedro`).
        let town = g
            .towns
            .at(text, tokens, k)
            .map(|(j, i)| (t.range.start..tokens[j].range.end, i))
            .filter(|(r, _)| listed.as_ref().is_none_or(|(l, _)| r.end > l.end));
        let Some((r, (kind, code, marks))) = town.or(listed) else {
            continue;
        };
        // `Since March` (a town in England), `rue de Moscou`: a month, or a street's name.
        if t.has(crate::lexicon::MONTH) && r.end == t.range.end || on_a_street(text, tokens, k) {
            continue;
        }
        let before = text[..r.start].chars().next_back();
        let after = text[r.end..].chars().next();
        if before.is_some_and(is_word) || after.is_some_and(is_word) || inside(&r) {
            continue;
        }
        // An ambiguous name or a village that a capitalised word follows is the start of a
        // longer name (`San Quilmo`, `Central Kenya`), not the place.
        if marks & (AMBIGUOUS | VILLAGE) != 0
            && text[r.end..].starts_with(' ')
            && tokens.get(tokens_after(tokens, r.end)).is_some_and(|n| {
                !n.line_start && n.range.start == r.end + 1 && n.shape == Shape::Capitalised
            })
        {
            continue;
        }
        covered = r.end;
        if marks & (AMBIGUOUS | VILLAGE) != 0 && !cued(text, tokens, k, &r, orgs) {
            pending.push(place(text, r, kind, code));
            continue;
        }
        out.push(place(text, r, kind, code));
    }
    // An ambiguous name beside a place in a list: `Nice, Lyon et Marseille`, and along the list
    // from there (`in Hola, Garsen and Bura`).
    loop {
        let before = pending.len();
        pending.retain(|p| {
            let listed = out
                .iter()
                .any(|o| listed_together(text, &o.range, &p.range));
            if listed {
                out.push(p.clone());
            }
            !listed
        });
        if pending.len() == before {
            break;
        }
    }
    named_by_generic_words(text, tokens, &inside, &mut out);
    out.sort_by_key(|e| e.range.start);
    shapes::natural_features(text, tokens, &inside, &mut out);
    shapes::along_lists(text, tokens, &inside, &mut pending, &mut out);
    shapes::appositions_and_mentions(text, tokens, &inside, &mut out);
    with_their_qualifiers(text, &mut out);
    datelines(text, tokens, &inside, &mut out);
    datelines_in_capitals(text, tokens, &mut out);
    out.sort_by_key(|e| e.range.start);
    out
}

/// The country a release is about: its dateline's, else the one its places name most (the
/// first named on a tie); `None` when no place has a country.
pub fn country_of(places: &[Entity]) -> Option<&'static str> {
    let country = |e: &Entity| match e.attribute("country") {
        Some(Value::Text(Cow::Borrowed(c))) => Some(*c),
        _ => None,
    };
    let dateline = places
        .iter()
        .filter(|e| e.attribute("dateline") == Some(&Value::Bool(true)))
        .find_map(country);
    if dateline.is_some() {
        return dateline;
    }
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for c in places.iter().filter_map(country) {
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    // The first of the most named: `max_by_key` keeps the last of equals, so reversed.
    counts
        .into_iter()
        .rev()
        .max_by_key(|&(_, n)| n)
        .map(|(c, _)| c)
}

/// Whether an ambiguous name at token `k` (range `r`) has a cue of place: a preposition before
/// it (`à`, `in`, `near`, `en`, `cerca de`, `originaire de`), or a dateline (at the start of a
/// line, a dash or a comma after it).
fn cued(
    text: &str,
    tokens: &Tokens,
    k: usize,
    r: &std::ops::Range<usize>,
    orgs: &[Entity],
) -> bool {
    let t = &tokens[k];
    if t.line_start {
        // A dateline (`Mobile – `, `Calais, le 4 décembre`) or a headline (`Calais : l'hiver`).
        let rest = text[r.end..].trim_start_matches([' ', '\t']);
        // Not a contact line's label (`Mobile: +63 917 …`).
        let label = rest.strip_prefix(':').is_some_and(|v| {
            v.trim_start()
                .starts_with(|c: char| c == '+' || c == '(' || c.is_ascii_digit())
        });
        return rest.starts_with(['-', '–', '—', ',', ':']) && !label;
    }
    // An office named after its organisation: `OIM Jérémie`, `Caritas Jérémie`.
    if orgs
        .iter()
        .any(|o| o.range.end < t.range.start && text[o.range.end..t.range.start] == *" ")
    {
        return true;
    }
    // A generic word of place after it: `the Dniester river`, `Hola district`.
    if generic_after(text, tokens, tokens_after(tokens, r.end)) {
        return true;
    }
    preceded_by_cue(text, tokens, k, PLACE_PREPOSITIONS)
}

/// The index of the first token that starts at or after byte `end`.
fn tokens_after(tokens: &Tokens, end: usize) -> usize {
    tokens.partition_point(|t| t.range.start < end)
}

/// Whether token `k` comes after one of `direct` (`à`, `in`), after a generic word of place
/// (`le fleuve Casamance`, `la province du Soum`, `el golfo de Urabá`, `the town of Hola`), or
/// after `de` and a word that asks for a place (`originaire de Nice`, `cerca de Victoria`).
fn preceded_by_cue(text: &str, tokens: &Tokens, k: usize, direct: &[&str]) -> bool {
    let word = |i: usize| -> Option<&str> {
        let p = tokens.get(i)?;
        (p.shape == Shape::Lower).then(|| p.text(text))
    };
    // An elided article or preposition before the name: `de l'Oriental`, `région d'Agadez`.
    let elided = k >= 2
        && (tokens[k - 1].is_punct(text, '\'') || tokens[k - 1].is_punct(text, '’'))
        && matches!(tokens[k - 2].text(text), "l" | "d");
    let (mut j, prev) = if elided {
        (k - 2, tokens[k - 2].text(text))
    } else {
        let Some(prev) = k.checked_sub(1).and_then(word) else {
            return false;
        };
        (k - 1, prev)
    };
    if !elided && (direct.contains(&prev) || GENERIC_BEFORE.contains(&prev)) {
        return true;
    }
    // `de`, `du`, `des`, `del`, `of`, and `de la`, `de l'`, `of the` before the name.
    if matches!(prev, "la" | "the" | "l") && j > 0 {
        j -= 1;
    }
    let of = if prev == "d" {
        "de"
    } else {
        let Some(of) = word(j) else {
            return false;
        };
        of
    };
    matches!(of, "de" | "du" | "des" | "del" | "of")
        && j.checked_sub(1)
            .and_then(word)
            .is_some_and(|w| PLACE_BEFORE_OF.contains(&w) || GENERIC_BEFORE.contains(&w))
}

/// Generic words of place before a name, in lower case (the name alone is the place):
/// `le fleuve Casamance`, `la province du Soum`, `el río Ulúa`, `the town of Hola`.
const GENERIC_BEFORE: &[&str] = &[
    "fleuve",
    "rivière",
    "lac",
    "île",
    "îles",
    "baie",
    "golfe",
    "province",
    "région",
    "département",
    "commune",
    "communes",
    "village",
    "villages",
    "quartier",
    "localité",
    "district",
    "préfecture",
    "camp",
    "camps",
    "caza",
    "territoire",
    "wadi",
    "playa",
    "canal",
    "río",
    "lago",
    "isla",
    "islas",
    "bahía",
    "golfo",
    "provincia",
    "región",
    "departamento",
    "municipio",
    "comuna",
    "aldea",
    "corregimiento",
    "barrio",
    "localidad",
    "river",
    "lake",
    "island",
    "bay",
    "gulf",
    "county",
    "town",
];

/// Generic words of place after a name in English (`the Dniester river`, `Cox's Bazar
/// district`): the name alone is the place. Not `state`, which follows a demonym too (`the
/// Mexican state of Coahuila`).
const GENERIC_AFTER: &[&str] = &[
    "river",
    "district",
    "province",
    "county",
    "region",
    "island",
    "islands",
    "governorate",
    "municipality",
    "valley",
    "camp",
    "camps",
];

/// Whether token `i` is a generic word of place written after a name (`Hola district`, `the
/// Dadaab refugee camps`).
fn generic_after(text: &str, tokens: &Tokens, i: usize) -> bool {
    let word = |i: usize| {
        tokens
            .get(i)
            .filter(|n| !n.line_start && n.shape == Shape::Lower)
            .map(|n| n.text(text))
    };
    match word(i) {
        Some("refugee" | "displacement") => matches!(word(i + 1), Some("camp" | "camps")),
        Some(w) => GENERIC_AFTER.contains(&w),
        None => false,
    }
}

/// Words after which a capitalised name is a place (French, English, Spanish).
pub(super) const PLACE_PREPOSITIONS: &[&str] = &[
    "à", "au", "aux", "en", "vers", "depuis", "in", "near", "at", "from", "outside", "around",
    "across", "desde", "hacia", "hasta", "entre", "between", "via", "towards",
];

/// Words that, with `de` or `of` after them, ask for a place: `originaire de`, `près de`, `city
/// of`, `cerca de`.
const PLACE_BEFORE_OF: &[&str] = &[
    "originaire",
    "originaires",
    "natif",
    "native",
    "près",
    "proximité",
    "ville",
    "commune",
    "région",
    "province",
    "département",
    "village",
    "villages",
    "towns",
    "cities",
    "districts",
    "provinces",
    "regions",
    "islands",
    "localité",
    "quartier",
    "camp",
    "camps",
    "site",
    "sites",
    "city",
    "town",
    "outskirts",
    "district",
    "county",
    "state",
    "estado",
    "island",
    "comuna",
    "aldea",
    "pueblo",
    "localidad",
    "corregimiento",
    "barrio",
    "distrito",
    "isla",
    "province",
    "region",
    "cerca",
    "ciudad",
    "municipio",
    "provincia",
    "departamento",
    "región",
    "alrededores",
    "afueras",
    "oriundo",
    "oriunda",
    "oriundos",
    "originario",
    "originaria",
    "régions",
    "territoire",
    "caza",
    "communes",
    "localités",
    "plage",
    "plages",
    "archipel",
    "déplacés",
    "playa",
    "playas",
    "campamento",
    "campamentos",
    "comunas",
    "distritos",
    "municipios",
    "provincias",
    "departamentos",
    "localidades",
    "aldeas",
    "beaches",
    "territory",
];

/// Whether `b` follows `a` or `a` follows `b` in a list: only a comma, `et`, `and`, `y`, `ou`, `or`
/// or `o` between them.
fn listed_together(text: &str, a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    let (first, second) = if a.end <= b.start { (a, b) } else { (b, a) };
    if first.end > second.start {
        return false;
    }
    let between = text[first.end..second.start].trim();
    let between = between.strip_prefix(',').map_or(between, str::trim);
    // `de Calais, de Grande-Synthe et de Loon-Plage`: the repeated preposition.
    let between = ["de", "d'", "d’", "du"]
        .iter()
        .find_map(|p| between.strip_suffix(p))
        .filter(|b| b.is_empty() || b.ends_with(' '))
        .map_or(between, str::trim);
    matches!(between, "" | "et" | "and" | "y" | "e" | "ou" | "or" | "o")
        && text[first.end..second.start].len() <= 9
        && !text[first.end..second.start].contains('\n')
}

fn place(
    text: &str,
    range: std::ops::Range<usize>,
    kind: &'static str,
    code: &'static str,
) -> Entity {
    let normalized = match kind {
        "country" => code.to_string(),
        _ => {
            let mut name = crate::text::collapse(&text[range.clone()]);
            if !code.is_empty() {
                name.push_str(", ");
                name.push_str(code);
            }
            name
        }
    };
    let e = Entity::new(Kind::Place, range, normalized).static_attr("kind", kind);
    if code.is_empty() {
        e
    } else {
        e.static_attr("country", code)
    }
}

/// Places the gazetteer does not have, named by a generic word of place: `le fleuve Casamance`,
/// `la province du Soum`, `la région de l'Oriental`, `el río Ulúa`, `the town of Hola`, `the
/// Dniester river`. The name is the capitalised words (with `de`, `del`, `la` between two of
/// them: `Lanao del Sur`), at most four.
fn named_by_generic_words(
    text: &str,
    tokens: &Tokens,
    inside: &dyn Fn(&std::ops::Range<usize>) -> bool,
    out: &mut Vec<Entity>,
) {
    // The places found before, to test a name against by a search: by start, each with the
    // furthest end up to it. (A name found here starts at or after the end of the last one,
    // `covered`: it never overlaps another.)
    let mut found: Vec<(usize, usize)> = out.iter().map(|e| (e.range.start, e.range.end)).collect();
    found.sort_unstable();
    let mut furthest = 0;
    for f in &mut found {
        furthest = furthest.max(f.1);
        f.1 = furthest;
    }
    let overlaps_found = |range: &std::ops::Range<usize>| {
        let i = found.partition_point(|f| f.0 < range.end);
        i > 0 && found[i - 1].1 > range.start
    };
    let mut covered = 0;
    for k in tokens.marks() {
        let t = &tokens[k];
        if t.range.start < covered || t.line_start {
            continue;
        }
        if t.shape != Shape::Capitalised {
            continue;
        }
        let start = t.range.start;
        // The last token of the name.
        let mut j = k;
        {
            while j + 1 < tokens.len() && j - k < 4 {
                let n = &tokens[j + 1];
                if n.line_start || n.range.start != tokens[j].range.end + 1 {
                    break;
                }
                if n.shape == Shape::Capitalised && !n.has(MONTH_OR_DAY) {
                    j += 1;
                } else if matches!(n.text(text), "de" | "del" | "la" | "du")
                    && tokens.get(j + 2).is_some_and(|m| {
                        m.shape == Shape::Capitalised
                            && !m.line_start
                            && m.range.start == n.range.end + 1
                    })
                {
                    j += 2;
                } else {
                    break;
                }
            }
        }
        let range = start..tokens[j].range.end;
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        if before.is_some_and(is_word)
            || after.is_some_and(is_word)
            || t.has(MONTH_OR_DAY)
            || inside(&range)
            || overlaps_found(&range)
        {
            continue;
        }
        debug_assert!(!out
            .iter()
            .any(|e| e.range.start < range.end && range.start < e.range.end));
        let by_word = preceded_by_cue(text, tokens, k, &[]);
        // `the Dniester river`, after a lower-case word (not a sentence's first word).
        let by_word_after =
            k > 0 && tokens[k - 1].shape == Shape::Lower && generic_after(text, tokens, j + 1);
        // `à Assamaka`, `en Necoclí`: French `à` and a Romance `en` before a name that no list
        // knows (no first name, month, title or other word of the lexicon) name a place.
        let by_preposition = (t.flags & !JOINED) == 0
            && k > 0
            && tokens[k - 1].shape == Shape::Lower
            && (tokens[k - 1].text(text) == "à"
                || tokens.romance() && tokens[k - 1].text(text) == "en"
                || UNKNOWN_AFTER.contains(&tokens[k - 1].text(text))
                    && unknown_after_cue(text, tokens, k, j))
            && (k..=j).all(|m| tokens[m].flags & !JOINED == 0);
        if !by_word && !by_word_after && !by_preposition {
            continue;
        }
        covered = range.end;
        out.push(place(text, range, "region", ""));
    }
}

/// Whether token `k` names a street, a road or a bridge (`rue de Moscou`, `avenida Bolívar`,
/// `puente internacional San Roque`): not a place in these releases' sense.
fn on_a_street(text: &str, tokens: &Tokens, k: usize) -> bool {
    let mut i = k;
    for _ in 0..3 {
        let Some(p) = i.checked_sub(1) else {
            return false;
        };
        let t = &tokens[p];
        let w = t.text(text);
        if STREETS.iter().any(|s| s.eq_ignore_ascii_case(w)) {
            return true;
        }
        // A bridge's own name (`puente internacional San Roque`), but not the place a bridge
        // is named after (`puente de Rumichaca`).
        if BRIDGES.iter().any(|s| s.eq_ignore_ascii_case(w)) {
            return (p + 1..k).all(|b| !matches!(tokens[b].text(text), "de" | "du" | "del"));
        }
        let between = matches!(
            w,
            "de" | "du" | "des" | "del" | "la" | "internacional" | "international"
        );
        if t.shape != Shape::Lower || !between {
            return false;
        }
        i = p;
    }
    false
}

/// Prepositions of place after which an unknown capitalised name (in no list of the lexicon,
/// outside the people's and organisations' names) is a place: `in Kapantaran`, `near Shelby
/// Park`, `depuis Minova`, `desde Arboletes`. Measured on the three evaluation sets; `at`,
/// `from`, `between` and `to` are left out (`at Oxfam`, `from Abdi`).
const UNKNOWN_AFTER: &[&str] = &[
    "in", "near", "around", "outside", "depuis", "desde", "vers", "hacia",
];

/// Whether the name at tokens `k..=j` after one of [`UNKNOWN_AFTER`] reads as a place: the
/// preposition is not inside a name in title case (`Trafficking in Persons`), and no number
/// follows the name (`in Camp 9`, a camp named by number).
fn unknown_after_cue(text: &str, tokens: &Tokens, k: usize, j: usize) -> bool {
    let title_case = k >= 2
        && !tokens[k - 1].line_start
        && matches!(tokens[k - 2].shape, Shape::Capitalised | Shape::Upper);
    let number = tokens.get(j + 1).is_some_and(|n| {
        n.shape == Shape::Number
            && !n.line_start
            && text[tokens[j].range.end..n.range.start] == *" "
    });
    !title_case && !number
}

/// Words of streets and roads.
const STREETS: &[&str] = &[
    "rue",
    "avenue",
    "boulevard",
    "calle",
    "avenida",
    "carretera",
    "street",
    "road",
];

/// Words of bridges.
const BRIDGES: &[&str] = &["pont", "puente", "bridge"];

/// A place with the words that qualify it: `Central Kenya`, `North Kivu`, `Sahel central`,
/// `Darfour occidental`, `Tana River County`, `Lake Victoria Basin`. A qualifier that the
/// gazetteer read as a place of its own (`Central`, a town) is taken into the name.
fn with_their_qualifiers(text: &str, out: &mut Vec<Entity>) {
    const BEFORE: &[&str] = &[
        "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
        "Upper", "Lower",
    ];
    const AFTER: &[&str] = &[
        "County",
        "District",
        "Province",
        "Region",
        "State",
        "Governorate",
        "Department",
        "Basin",
        "Delta",
        "Valley",
        "central",
        "centrale",
        "occidental",
        "occidentale",
        "oriental",
        "orientale",
        "septentrional",
        "méridional",
        "Occidental",
        "Oriental",
    ];
    let mut k = 0;
    while k < out.len() {
        let e = &out[k];
        let mut range = e.range.clone();
        // The word before: `Central Kenya`.
        let head = text[..range.start].strip_suffix(' ').and_then(|h| {
            let w = h.rsplit(|c: char| !c.is_alphanumeric()).next()?;
            BEFORE.contains(&w).then(|| h.len() - w.len())
        });
        if let Some(start) = head {
            range.start = start;
        }
        let tail = text[range.end..].strip_prefix(' ').and_then(|t| {
            let w = t.split(|c: char| !c.is_alphanumeric()).next()?;
            AFTER.contains(&w).then(|| range.end + 1 + w.len())
        });
        if let Some(end) = tail {
            range.end = end;
        }
        if range == e.range {
            k += 1;
            continue;
        }
        let code = match e.attribute("country") {
            Some(Value::Text(Cow::Borrowed(c))) => *c,
            _ => "",
        };
        let dateline = e.attribute("dateline").is_some();
        // A qualifier read as a place of its own goes into this one.
        let r = range.clone();
        let mut merged = place(text, range, "region", code);
        if dateline {
            merged = merged.with("dateline", Value::Bool(true));
        }
        out[k] = merged;
        let before = out.len();
        out.retain(|o| o.range == r || !(o.range.start >= r.start && o.range.end <= r.end));
        if out.len() < before {
            k = 0;
            out.sort_by_key(|e| e.range.start);
            continue;
        }
        k += 1;
    }
}

/// Months and weekdays: never a place's name (`le département de Mars`? no: `en mars`).
const MONTH_OR_DAY: u32 = crate::lexicon::MONTH | crate::lexicon::WEEKDAY;

/// `NEW YORK, 4 March –`, `GENÈVE -` at the start of a line: a place of the gazetteer written
/// in capitals, read in the case the gazetteer has it (`New York`, `Genève`).
fn datelines_in_capitals(text: &str, tokens: &Tokens, out: &mut Vec<Entity>) {
    for i in tokens.marks() {
        let t = &tokens[i];
        // At the start of a line, or after another place and `/` (`BEYROUTH / HALBA, 21 juin`).
        let after_slash = i >= 2
            && tokens[i - 1].is_punct(text, '/')
            && tokens[i - 2].shape == Shape::Upper
            && (tokens[i - 2].line_start || i >= 3 && tokens[i - 3].is_punct(text, '/'));
        if !(t.line_start || after_slash) || t.shape != Shape::Upper || t.range.len() < 3 {
            continue;
        }
        let mut j = i;
        while j + 1 < tokens.len() && j - i < 3 {
            let n = &tokens[j + 1];
            if n.line_start || n.shape != Shape::Upper {
                break;
            }
            j += 1;
        }
        let ends = tokens.get(j + 1).is_some_and(|d| {
            !d.line_start
                && [',', '-', '–', '—', ':', '/', '(']
                    .iter()
                    .any(|&c| d.is_punct(text, c))
        });
        if !ends {
            continue;
        }
        let range = t.range.start..tokens[j].range.end;
        // Each word capitalised (`Port-Au-Prince` for `PORT-AU-PRINCE` will not match; the
        // names of one word or several words each capitalised do).
        let mut title = String::with_capacity(range.len());
        let mut start = true;
        for c in text[range.clone()].chars() {
            if start {
                title.push(c);
            } else {
                title.extend(c.to_lowercase());
            }
            // Not after an apostrophe: `COX'S BAZAR` is `Cox's Bazar`.
            start = !c.is_alphanumeric() && !matches!(c, '\'' | '’');
        }
        // The particles in lower case: `CIUDAD DE GUATEMALA` is `Ciudad de Guatemala`.
        for p in [
            " De ", " Del ", " La ", " El ", " Du ", " Des ", " Of ", " The ",
        ] {
            if title.contains(p) {
                title = title.replace(p, &p.to_lowercase());
            }
        }
        let listed = GAZETTEER
            .automaton
            .find(Input::new(&title).anchored(Anchored::Yes))
            .filter(|m| m.end() == title.len())
            .map(|m| GAZETTEER.info[m.pattern().as_usize()]);
        let Some((kind, code, _)) = listed.or_else(|| GAZETTEER.towns.get(&title)) else {
            continue;
        };
        if out
            .iter()
            .any(|e| e.range.start < range.end && range.start < e.range.end)
        {
            continue;
        }
        let mut e = place(&title, 0..title.len(), kind, code);
        e.range = range;
        out.push(e.with("dateline", Value::Bool(true)));
    }
}

/// `Guyane - L’OIM …` at the start of a line: the place the release was written from.
///
/// Not a name that `inside` holds: `Paolo de Rossi – +39 …` in a contact list is no dateline.
fn datelines(
    text: &str,
    tokens: &Tokens,
    inside: &dyn Fn(&std::ops::Range<usize>) -> bool,
    out: &mut Vec<Entity>,
) {
    for i in tokens.marks() {
        let t = &tokens[i];
        if !t.line_start || t.shape != Shape::Capitalised {
            continue;
        }
        let mut j = i;
        while j + 1 < tokens.len() && j - i < 4 {
            let n = &tokens[j + 1];
            if n.line_start
                || !(matches!(n.shape, Shape::Capitalised | Shape::Lower) || n.is_punct(text, '’'))
            {
                break;
            }
            j += 1;
        }
        let Some(dash) = tokens.get(j + 1) else {
            continue;
        };
        let dash_ok =
            dash.is_punct(text, '-') || dash.is_punct(text, '–') || dash.is_punct(text, '—');
        let follows = tokens.get(j + 2).is_some_and(|n| !n.line_start);
        if !dash_ok || dash.line_start || !follows || tokens[j].shape == Shape::Lower {
            continue;
        }
        let range = t.range.start..tokens[j].range.end;
        // `Lotte De Smet – +32 … – lotte@…`: fields of a contact line, not a dateline.
        let line_end = text[range.end..]
            .find('\n')
            .map_or(text.len(), |e| range.end + e);
        let rest = &text[dash.range.end..line_end];
        let fields = rest.contains([' ', '\t'])
            && (rest.contains(" – ") || rest.contains(" - ") || rest.contains(['|', '@']))
            || rest.trim_start().starts_with(['+', '(']);
        if fields && !out.iter().any(|e| e.range == range) {
            continue;
        }
        if let Some(e) = out.iter_mut().find(|e| e.range == range) {
            e.attributes.push(("dateline", Value::Bool(true)));
        } else if !inside(&range)
            && !out
                .iter()
                .any(|e| e.range.start < range.end && range.start < e.range.end)
        {
            out.push(
                Entity::new(Kind::Place, range.clone(), &text[range])
                    .static_attr("kind", "dateline")
                    .with("dateline", Value::Bool(true)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(text: &str) -> Vec<&str> {
        let toks = super::super::tokens::tokenize(text);
        find(text, &toks, &[], &[])
            .iter()
            .map(|e| &text[e.range.clone()])
            .collect()
    }

    #[test]
    fn names_start_on_whole_words_or_before_an_apostrophe() {
        assert_eq!(
            places("Haiti's recovery and Colombia’s"),
            ["Haiti", "Colombia"]
        );
        assert_eq!(
            places("en Côte d'Ivoire, en Côte d’Ivoire et à Port-d’Espagne"),
            ["Côte d'Ivoire", "Côte d’Ivoire", "Port-d’Espagne"]
        );
        assert_eq!(places("la Haïti-Dominicaine, Haïtien"), Vec::<&str>::new());
        assert_eq!(
            places("Trinité-et-Tobago, Etats-Unis"),
            ["Trinité-et-Tobago", "Etats-Unis"]
        );
    }

    #[test]
    fn ambiguous_names_only_with_a_cue_of_place() {
        assert_eq!(
            places("Nice work. Mobile teams and Florence Dupont."),
            Vec::<&str>::new()
        );
        assert_eq!(
            places("Elle vit à Nice, originaire de Florence, near Mobile."),
            ["Nice", "Florence", "Mobile"]
        );
        // A dateline, and a list with a place that needs no cue.
        assert_eq!(places("Mobile – The city"), ["Mobile"]);
        // A contact line's label.
        assert_eq!(places("Mobile: +63 917 845 2203"), Vec::<&str>::new());
        assert_eq!(
            places("Offices in Lyon, Nice and Florence; Tapachula and Zahlé too."),
            ["Lyon", "Nice", "Florence", "Tapachula", "Zahlé"]
        );
    }

    #[test]
    fn towns_are_places_but_end_no_other_name() {
        let text = "Carlos Torres";
        let toks = super::super::tokens::tokenize(text);
        assert!(place_at(text, &toks[1]).is_none());
        assert_eq!(places("à Torres"), ["Torres"]);
    }

    #[test]
    fn villages_only_with_a_cue() {
        // Villages of GeoNames' cities1000 (Oussouye, Colchane, Dadaab).
        assert_eq!(places("Oussouye a voté."), Vec::<&str>::new());
        assert_eq!(
            places("Les ateliers à Oussouye et Colchane."),
            ["Oussouye", "Colchane"]
        );
        assert_eq!(places("Colchane : le col"), ["Colchane"]);
        assert_eq!(
            places("The towns of Hola, Garsen and Bura are under water."),
            ["Hola", "Garsen", "Bura"]
        );
        // Romanised names, with and without their marks.
        assert_eq!(places("à Chișinău et à Chisinau"), ["Chișinău", "Chisinau"]);
    }

    #[test]
    fn generic_words_of_place_name_what_no_list_has() {
        assert_eq!(
            places("le long du fleuve Zorvane, dans la province du Kelmar."),
            ["Zorvane", "Kelmar"]
        );
        assert_eq!(places("la région de l'Ostrande"), ["Ostrande"]);
        assert_eq!(places("across the Velmora river"), ["Velmora"]);
        assert_eq!(
            places("el río Tarcual y la aldea de San Quilmo"),
            ["Tarcual", "San Quilmo"]
        );
        // Not a generic word, a month, or a sentence's first word before `river`.
        assert_eq!(
            places("le fleuve Juin, dans la province"),
            Vec::<&str>::new()
        );
        assert_eq!(places("Velmora river"), Vec::<&str>::new());
        assert_eq!(places("grâce au soutien de Tarcual"), Vec::<&str>::new());
        // French `à` before a name no list has.
        assert_eq!(places("arrivés à Zorvane hier"), ["Zorvane"]);
        assert_eq!(places("à Marie et à Juin"), Vec::<&str>::new());
        // English and Spanish prepositions of place before a name no list has.
        assert_eq!(
            places("families living in Zorvane, near Velmora, desde Tarcual"),
            ["Zorvane", "Velmora", "Tarcual"]
        );
        // Not inside a name in title case, nor a camp named by number.
        assert_eq!(
            places("Combat Trafficking in Velmoras; living in Zorvane 9"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn qualifiers_belong_to_the_place() {
        assert_eq!(places("rain in Central Kenya"), ["Central Kenya"]);
        assert_eq!(
            places("in Tana River County and Garissa County"),
            ["Tana River County", "Garissa County"]
        );
        assert_eq!(places("dans le Sahel central"), ["Sahel central"]);
        assert_eq!(places("the Lake Victoria Basin"), ["Lake Victoria Basin"]);
    }

    #[test]
    fn months_streets_and_contact_lines_are_no_places() {
        assert_eq!(places("Since March, the voucher"), Vec::<&str>::new());
        assert_eq!(
            places("au local, rue de Moscou, le samedi"),
            Vec::<&str>::new()
        );
        assert_eq!(places("sur le pont de Genève"), ["Genève"]);
        assert_eq!(
            places("Lotte Verhaegen – +32 2 515 61 19 – lotte@example.org"),
            Vec::<&str>::new()
        );
        assert_eq!(places("Kessel Lo - Le centre a ouvert"), ["Kessel Lo"]);
    }

    #[test]
    fn datelines_in_capitals_with_brackets_slashes_and_particles() {
        assert_eq!(
            places("ZIGUINCHOR (Sénégal) – Mercredi"),
            ["ZIGUINCHOR", "Sénégal"]
        );
        assert_eq!(
            places("BEYROUTH / HALBA, 21 juin 2023 – Vingt"),
            ["BEYROUTH", "HALBA"]
        );
        assert_eq!(places("COX'S BAZAR, 5 June 2023 – Nearly"), ["COX'S BAZAR"]);
        assert_eq!(
            places("CIUDAD DE GUATEMALA, martes"),
            ["CIUDAD DE GUATEMALA"]
        );
    }

    #[test]
    fn the_country_of_a_release() {
        let text = "Mombasa – Kenya, Uganda and Kenya again.";
        let toks = super::super::tokens::tokenize(text);
        let found = find(text, &toks, &[], &[]);
        assert_eq!(country_of(&found), Some("KE"));
        assert_eq!(country_of(&[]), None);
    }

    #[test]
    fn every_name_is_found_where_it_is_written() {
        // The lexicon's first words gate the automaton: a name whose first word it missed
        // would never be found.
        let (names, info) = names();
        let missed: Vec<&Cow<'static, str>> = names
            .iter()
            .zip(&info)
            .filter(|(n, i)| {
                // A month is never a place (`March`, a town in England).
                let toks = super::super::tokens::tokenize(n);
                if toks.len() == 1 && toks[0].has(crate::lexicon::MONTH) {
                    return false;
                }
                // An ambiguous name with its cue.
                let text = if i.2 & (AMBIGUOUS | VILLAGE) != 0 {
                    format!("à {n}")
                } else {
                    format!("({n})")
                };
                !places(&text).contains(&n.as_ref())
            })
            .map(|(n, _)| n)
            .collect();
        assert!(missed.is_empty(), "{missed:?}");
    }
}
