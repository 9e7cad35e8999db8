//! People, organisations and contact records, found from cues: attributions (`a déclaré`,
//! `said`, `afirmó`), appositions with a role, titles, contact blocks; organisations by their
//! head word (`Ministère`, `Fund`, `Oficina`), the acronyms a text defines, and known acronyms.

use std::collections::HashMap;
use std::ops::Range;

use super::collapse;
use super::lexicon::WordHash as KeyHash;
use super::lexicon::{
    CLAUSE_JOIN, CONNECTOR, CUE_START, DOTTED_TITLE, HEAD, NOT_NAME as NOT_NAME_FLAG,
    ONE_WORD_PHRASE, ORG_LEFT_STOP as ORG_LEFT_STOP_FLAG, ORG_STOP as ORG_STOP_FLAG, PHRASE_NEXT,
    SAID_START, TITLE, TWO_WORD_HEAD,
};
use super::tokens::{Shape, Token, Tokens};
use super::{Entity, Kind, Value};

/// Words that start an organisation's name.
pub(super) const HEADS: &[&str] = &[
    "Organisation",
    "Organization",
    "Organización",
    "Ministère",
    "Ministry",
    "Ministerio",
    "Agence",
    "Agency",
    "Agencia",
    "Office",
    "Oficina",
    "Bureau",
    "Fonds",
    "Fund",
    "Fondo",
    "Commission",
    "Comisión",
    "Comité",
    "Committee",
    "Programme",
    "Program",
    "Programa",
    "Haut-Commissariat",
    "Institut",
    "Institute",
    "Instituto",
    "Université",
    "University",
    "Universidad",
    "Croix-Rouge",
    "Union",
    "Unión",
    "Banque",
    "Bank",
    "Banco",
    "Conseil",
    "Council",
    "Consejo",
    "Centre",
    "Center",
    "Centro",
    "Service",
    "Servicio",
    "Direction",
    "Dirección",
    "Département",
    "Department",
    "Departamento",
    "Secrétariat",
    "Secretariat",
    "Secretaría",
    "Association",
    "Asociación",
    "Fédération",
    "Federation",
    "Federación",
    "Ambassade",
    "Embassy",
    "Embajada",
    "Police",
    "Policía",
    "Brigade",
    "Réseau",
    "Network",
    "Red",
    "Gouvernement",
    "Government",
    "Gobierno",
    "Sénat",
    "Senate",
    "Senado",
    "Alliance",
    "Alianza",
    "Fondation",
    "Foundation",
    "Fundación",
    "Société",
    "Society",
    "Sociedad",
    "Délégation",
    "Delegation",
    "Delegación",
    "Autorité",
    "Authority",
    "Autoridad",
    "Defensoría",
    "Cancillería",
    "Registraduría",
    "Procuraduría",
    "Unidad",
    "Unit",
    "Unité",
    "Red Cross",
    "Cruz Roja",
    "Group",
    "Groupe",
    "Grupo",
    "Initiative",
    "Iniciativa",
    "Coopération",
    "Cooperación",
    "Cooperation",
    "Superintendencia",
    "Croissant-Rouge",
    "Observatoire",
    "Observatorio",
    "Observatory",
    "Court",
    "Cour",
    "Corte",
];

/// Words before a head word that are no part of the name (`The World Food Programme`).
pub(super) const ORG_LEFT_STOP: &[&str] = &[
    "The", "A", "An", "El", "La", "Le", "Les", "Los", "Las", "L", "Un", "Une", "Una", "Des", "Du",
    "De", "Del", "This", "Its", "Their", "Our", "Notre", "Nuestro", "Nuestra",
];

/// Words that join the words of a name.
pub(super) const CONNECTORS: &[&str] = &[
    "de", "du", "des", "d", "l", "la", "le", "les", "pour", "of", "the", "for", "on", "del", "el",
    "los", "las", "para", "en", "sur", "au", "aux", "y", "et", "and", "contre", "against",
    "contra",
];

/// Lower-case words that end an organisation's name.
pub(super) const ORG_STOP: &[&str] = &[
    "a",
    "est",
    "sont",
    "ont",
    "qui",
    "que",
    "dans",
    "avec",
    "par",
    "chargé",
    "chargée",
    "responsable",
    "lutter",
    "à",
    "hauteur",
    "which",
    "said",
    "has",
    "have",
    "is",
    "was",
    "will",
    "who",
    "that",
    "with",
    "by",
    "in",
    "ha",
    "han",
    "es",
    "son",
    "que",
    "con",
    "por",
    "quien",
    "afin",
    "permettra",
    "financé",
    "financée",
    "soutenu",
    "soutenue",
    "ainsi",
    "lors",
    "to",
    "from",
];

/// Acronyms of organisations releases name without defining them, with what they stand for.
const KNOWN: &[(&str, &str)] = &[
    ("OIM", "Organisation internationale pour les migrations"),
    ("IOM", "International Organization for Migration"),
    ("UNICEF", "United Nations Children's Fund"),
    (
        "HCR",
        "Haut-Commissariat des Nations Unies pour les réfugiés",
    ),
    (
        "UNHCR",
        "Office of the United Nations High Commissioner for Refugees",
    ),
    (
        "ACNUR",
        "Alto Comisionado de las Naciones Unidas para los Refugiados",
    ),
    ("PAM", "Programme alimentaire mondial"),
    ("WFP", "World Food Programme"),
    ("OMS", "Organisation mondiale de la santé"),
    ("WHO", "World Health Organization"),
    ("PNUD", "Programme des Nations Unies pour le développement"),
    ("UNDP", "United Nations Development Programme"),
    ("ONU", "Organisation des Nations Unies"),
    ("UE", "Union européenne"),
    ("EU", "European Union"),
    ("CICR", "Comité international de la Croix-Rouge"),
    ("ICRC", "International Committee of the Red Cross"),
    ("FAO", "Food and Agriculture Organization"),
    ("OIT", "Organisation internationale du travail"),
    ("ILO", "International Labour Organization"),
    (
        "UNESCO",
        "United Nations Educational, Scientific and Cultural Organization",
    ),
    ("UNFPA", "United Nations Population Fund"),
    (
        "OCHA",
        "Office for the Coordination of Humanitarian Affairs",
    ),
    (
        "USAID",
        "United States Agency for International Development",
    ),
    (
        "ECHO",
        "European Civil Protection and Humanitarian Aid Operations",
    ),
    (
        "CEDEAO",
        "Communauté économique des États de l'Afrique de l'Ouest",
    ),
    ("ECOWAS", "Economic Community of West African States"),
    ("OEA", "Organisation des États américains"),
    ("OAS", "Organization of American States"),
    ("CARICOM", "Caribbean Community"),
    ("BID", "Banque interaméricaine de développement"),
    ("IDB", "Inter-American Development Bank"),
    ("FMI", "Fonds monétaire international"),
    ("IMF", "International Monetary Fund"),
    ("UNODC", "United Nations Office on Drugs and Crime"),
    (
        "ONUDC",
        "Office des Nations Unies contre la drogue et le crime",
    ),
    (
        "OSCE",
        "Organization for Security and Co-operation in Europe",
    ),
    ("MSF", "Médecins Sans Frontières"),
];

/// Verbs and phrases that attribute a quotation, each followed (or preceded) by a name.
pub(super) const SAID: &[&str] = &[
    "a déclaré",
    "a dit",
    "a affirmé",
    "a expliqué",
    "a souligné",
    "a ajouté",
    "a indiqué",
    "a précisé",
    "a rappelé",
    "a noté",
    "a estimé",
    "a assuré",
    "a insisté",
    "a conclu",
    "a t-elle ajouté",
    "déclare",
    "explique",
    "souligne",
    "selon",
    "said",
    "says",
    "explained",
    "added",
    "noted",
    "stressed",
    "according to",
    "afirmó",
    "dijo",
    "declaró",
    "explicó",
    "señaló",
    "agregó",
    "añadió",
    "indicó",
    "según",
    "destacó",
    "subrayó",
    "aseguró",
];

/// Titles before a name.
pub(super) const TITLES: &[&str] = &[
    "M.",
    "Mme",
    "Mlle",
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Dr",
    "Dr.",
    "Sr.",
    "Sra.",
    "Srta.",
    "Don",
    "Doña",
    "Ministre",
    "Minister",
    "Ministro",
    "Ministra",
    "Ambassadeur",
    "Ambassadrice",
    "Ambassador",
    "Embajador",
    "Embajadora",
    "Président",
    "Présidente",
    "President",
    "Presidente",
    "Professeur",
    "Professor",
    "Profesor",
    "Profesora",
    "Maître",
    "Monsieur",
    "Madame",
    "Señor",
    "Señora",
];

/// First words of a role in an apposition (`Nathalie Hanley, chef de mission …`).
const ROLES: &[&str] = &[
    "chef",
    "cheffe",
    "directeur",
    "directrice",
    "director",
    "directora",
    "coordinateur",
    "coordonnateur",
    "coordonnatrice",
    "coordinatrice",
    "coordinator",
    "coordinador",
    "coordinadora",
    "représentant",
    "représentante",
    "representative",
    "representante",
    "ministre",
    "minister",
    "ministro",
    "ministra",
    "head",
    "chief",
    "jefe",
    "jefa",
    "responsable",
    "porte-parole",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "portavoz",
    "officer",
    "oficial",
    "chargé",
    "chargée",
    "expert",
    "experte",
    "experto",
    "experta",
    "président",
    "présidente",
    "president",
    "presidente",
    "secrétaire",
    "secretary",
    "secretario",
    "secretaria",
    "ambassadeur",
    "ambassadrice",
    "ambassador",
    "embajador",
    "embajadora",
    "maire",
    "mayor",
    "alcalde",
    "alcaldesa",
    "administrateur",
    "administratrice",
    "administrator",
    "conseiller",
    "conseillère",
    "adviser",
    "advisor",
    "asesor",
    "asesora",
    "gestionnaire",
    "manager",
    "gerente",
    "délégué",
    "déléguée",
    "delegate",
    "delegado",
    "delegada",
    "consul",
    "cónsul",
    "commissaire",
    "commissioner",
    "comisionado",
    "comisionada",
    "spécialiste",
    "specialist",
    "especialista",
    "fondateur",
    "fondatrice",
    "founder",
    "fundador",
    "fundadora",
    "adjoint",
    "adjointe",
    "deputy",
    "senior",
    "principal",
    "vice-président",
    "vice-présidente",
    "vice-president",
    "vicepresidente",
    "sous-directeur",
    "sous-directrice",
    "agent",
    "agente",
    "inspecteur",
    "inspector",
    "inspectora",
    "professeur",
    "professor",
    "profesor",
    "profesora",
    "sénateur",
    "senator",
    "senador",
    "senadora",
    "député",
    "députée",
    "diputado",
    "diputada",
    "gouverneur",
    "governor",
    "gobernador",
    "gobernadora",
    "juge",
    "judge",
    "juez",
    "jueza",
    "procureur",
    "prosecutor",
    "fiscal",
    "analyste",
    "analyst",
    "analista",
    "chercheur",
    "chercheuse",
    "researcher",
    "investigador",
    "investigadora",
    "médecin",
    "doctor",
    "infirmière",
    "nurse",
    "enfermera",
    "travailleur",
    "travailleuse",
    "worker",
    "trabajador",
    "trabajadora",
    "point",
    "punto",
    "focal",
    "lead",
    "team",
    "chair",
    "assistant",
    "assistante",
    "asistente",
    "program",
    "programme",
    "project",
    "projet",
    "proyecto",
    "country",
    "regional",
    "régional",
    "régionale",
    "national",
    "nationale",
    "nacional",
    "general",
    "général",
    "générale",
    "executive",
    "exécutif",
    "exécutive",
    "ejecutivo",
    "ejecutiva",
    "communications",
    "media",
    "press",
    "presse",
    "prensa",
];

/// Capitalised words that are no part of a person's name.
pub(super) const NOT_NAME: &[&str] = &[
    "Le",
    "La",
    "Les",
    "L",
    "Un",
    "Une",
    "Des",
    "Du",
    "De",
    "The",
    "A",
    "An",
    "El",
    "Los",
    "Las",
    "Il",
    "Elle",
    "Ils",
    "Elles",
    "Ce",
    "Cette",
    "Ces",
    "Nous",
    "Vous",
    "We",
    "Our",
    "They",
    "He",
    "She",
    "It",
    "This",
    "These",
    "Pour",
    "For",
    "Para",
    "Selon",
    "According",
    "Según",
    "Tel",
    "Tél",
    "Téléphone",
    "Phone",
    "Teléfono",
    "Email",
    "E-mail",
    "Courriel",
    "Correo",
    "Fax",
    "Mobile",
    "Cel",
    "Celular",
    "Contact",
    "Contacts",
    "Contacto",
    "Plus",
    "More",
    "Más",
    "Dans",
    "In",
    "En",
    "Avec",
    "With",
    "Con",
    "Depuis",
    "Since",
    "Desde",
    "Lors",
    "During",
    "Durante",
    "Grâce",
    "Thanks",
    "Gracias",
    "Au",
    "Aux",
    "Et",
    "And",
    "Y",
    "Ou",
    "Or",
    "O",
    "Mais",
    "But",
    "Pero",
    "Si",
    "If",
    "Sur",
    "On",
    "Sobre",
    "Par",
    "By",
    "Por",
    "Accueil",
    "Home",
    "Inicio",
    "Actualités",
    "News",
    "Noticias",
    "Publications",
    "Publicaciones",
    "Menu",
    "Share",
    "Partager",
    "Compartir",
    "Facebook",
    "Twitter",
    "LinkedIn",
    "Ministre",
    "Minister",
    "Ministro",
    "Ministra",
    "Parmi",
    "Among",
    "Entre",
    "Toutes",
    "Tous",
    "All",
    "Todos",
    "Todas",
    "Ces",
    "Those",
    "Estos",
    "Estas",
    "Cet",
    "Quand",
    "When",
    "Cuando",
    "Après",
    "After",
    "Después",
    "Avant",
    "Before",
    "Antes",
    "Nord",
    "Sud",
    "Est",
    "Ouest",
    "North",
    "South",
    "East",
    "West",
    "Norte",
    "Oeste",
    "Etat",
    "État",
    "Etats",
    "États",
    "Unis",
    "Nations",
    "Unies",
    "United",
    "Unidas",
    "Naciones",
    "Gouvernement",
    "Government",
    "Gobierno",
    "Président",
    "President",
    "Presidente",
    "Institut",
    "Organisation",
    "Organization",
    "Organización",
    "Réseau",
    "Red",
    "Network",
    "Commission",
    "Comisión",
    "Fonds",
    "Fund",
    "Fondo",
    "Bureau",
    "Office",
    "Oficina",
    "Agence",
    "Agency",
    "Agencia",
    "Programme",
    "Program",
    "Programa",
    "Ministère",
    "Ministry",
    "Ministerio",
    "Consultations",
    "Police",
    "Sénat",
    "Senate",
];

/// A word list as a set, for one hash per lookup instead of a scan; most words are turned away
/// before hashing by their first byte and length.
struct WordSet {
    words: std::collections::HashSet<&'static str, KeyHash>,
    /// Per first byte, the byte lengths (bits 0..63) of the words that start with it.
    lengths: [u64; 256],
}

impl WordSet {
    fn new(words: impl IntoIterator<Item = &'static str>) -> WordSet {
        let words: std::collections::HashSet<&'static str, KeyHash> =
            words.into_iter().filter(|w| !w.is_empty()).collect();
        let mut lengths = [0u64; 256];
        for w in &words {
            lengths[usize::from(w.as_bytes()[0])] |= 1 << w.len().min(63);
        }
        WordSet { words, lengths }
    }

    fn contains(&self, w: &&str) -> bool {
        let Some(&first) = w.as_bytes().first() else {
            return false;
        };
        self.lengths[usize::from(first)] & (1 << w.len().min(63)) != 0 && self.words.contains(*w)
    }
}

macro_rules! word_set {
    ($name:ident, $list:ident) => {
        static $name: std::sync::LazyLock<WordSet> =
            std::sync::LazyLock::new(|| WordSet::new($list.iter().copied()));
    };
}
word_set!(ROLE_SET, ROLES);

static KNOWN_MAP: std::sync::LazyLock<HashMap<&'static str, &'static str, KeyHash>> =
    std::sync::LazyLock::new(|| KNOWN.iter().copied().collect());

const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "van", "von", "der", "du", "dos", "das", "bin", "ben", "al",
    "el", "la", "le", "y",
];

fn name_word(t: &Token) -> bool {
    t.shape == Shape::Capitalised && !t.has(NOT_NAME_FLAG) && t.range.len() > 1
}

/// A person's name starting at token `i`: 2 to 4 capitalised words (with particles between),
/// the last allowed lower-case when `lenient` (a contact line written carelessly). Returns the
/// index of its last token.
fn name_at(text: &str, toks: &[Token], i: usize, lenient: bool) -> Option<usize> {
    if !toks.get(i).is_some_and(name_word) {
        return None;
    }
    let (mut last, mut words) = (i, 1);
    let mut j = i + 1;
    while j < toks.len() && words < 4 {
        let t = &toks[j];
        if t.line_start {
            break;
        }
        if name_word(t) {
            last = j;
            words += 1;
            j += 1;
        } else if t.shape == Shape::Lower
            && PARTICLES.contains(&t.text(text))
            && toks
                .get(j + 1)
                .is_some_and(|n| name_word(n) && !n.line_start)
        {
            j += 1;
        } else if lenient && words == 1 && t.shape == Shape::Lower && t.text(text).len() > 2 {
            // `Jorge gallo`: only right after a contact cue.
            let next = toks.get(j + 1);
            if next.is_none_or(|n| n.shape == Shape::Punct || n.line_start) {
                last = j;
                words += 1;
            }
            break;
        } else {
            break;
        }
    }
    (words >= 2).then_some(last)
}

/// The heads of two words (`Red Cross`), split.
static TWO_WORD_HEADS: std::sync::LazyLock<Vec<(&str, &str)>> =
    std::sync::LazyLock::new(|| HEADS.iter().filter_map(|h| h.split_once(' ')).collect());

/// Whether the words of `phrase` are the tokens from `i` (ASCII case kept; `’` as `'`).
/// Phrases indexed by their first word (lower-case), for one lookup per token.
struct Phrases {
    /// The lexicon's flag of the first words.
    flag: u32,
    by_first: HashMap<String, Vec<Vec<String>>, KeyHash>,
}

impl Phrases {
    fn new(phrases: &[&str], flag: u32) -> Phrases {
        let mut by_first: HashMap<String, Vec<Vec<String>>, KeyHash> = HashMap::default();
        for p in phrases {
            let words: Vec<String> = p.split(' ').map(|w| w.to_lowercase()).collect();
            // Keyed by the first word as written at the start of a sentence too (`Selon`), so
            // that a lookup needs no lower-casing; the lexicon flags the same forms.
            for key in super::lexicon::phrase_starts(p) {
                by_first.entry(key).or_default().push(words.clone());
            }
        }
        // Longest first: `a t-elle ajouté` before `a`.
        for v in by_first.values_mut() {
            v.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        Phrases { flag, by_first }
    }

    /// The last token of a phrase starting at token `i`, if one does.
    #[inline]
    fn at(&self, text: &str, toks: &[Token], i: usize) -> Option<usize> {
        // Most tokens start no phrase: turned away here, without a call; and most first words
        // start phrases of two words or more (`a déclaré`), turned away when the next word is no
        // phrase's second word (in lower, capitalised or upper case).
        let t = toks.get(i)?;
        if !t.has(self.flag)
            || !t.has(ONE_WORD_PHRASE) && !toks.get(i + 1).is_some_and(|n| n.has(PHRASE_NEXT))
        {
            return None;
        }
        self.from(text, toks, i)
    }

    /// [`Phrases::at`] for a token that starts one of the phrases' first words.
    fn from(&self, text: &str, toks: &[Token], i: usize) -> Option<usize> {
        let w = toks[i].text(text);
        let candidates = self.by_first.get(w)?;
        'phrase: for words in candidates {
            for (k, word) in words.iter().enumerate().skip(1) {
                let Some(t) = toks.get(i + k) else {
                    continue 'phrase;
                };
                if !same_word(word, t.text(text)) {
                    continue 'phrase;
                }
            }
            return Some(i + words.len() - 1);
        }
        None
    }
}

static SAID_PHRASES: std::sync::LazyLock<Phrases> =
    std::sync::LazyLock::new(|| Phrases::new(SAID, SAID_START));
static CUE_PHRASES: std::sync::LazyLock<Phrases> =
    std::sync::LazyLock::new(|| Phrases::new(CUES, CUE_START));

/// `rest` without `prefix`, compared case-insensitively, with `’` read as `'`.
fn strip_prefix_ci<'r>(rest: &'r str, prefix: &str) -> Option<&'r str> {
    let mut r = rest.char_indices();
    for p in prefix.chars() {
        let (_, c) = r.next()?;
        let p = if p == '’' { '\'' } else { p };
        if c != p && !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
    }
    Some(r.next().map_or("", |(k, _)| &rest[k..]))
}

/// Whether a token is a phrase's word (in lower case), any case, `’` read as `'`.
fn same_word(word: &str, token: &str) -> bool {
    if token.is_ascii() {
        // The phrases' words in lower case have no letter whose lower case is ASCII but which
        // is not (such as the Kelvin sign), so bytes compare.
        word.len() == token.len() && word.eq_ignore_ascii_case(token)
    } else {
        strip_prefix_ci(word, token) == Some("")
    }
}

/// Organisations: head-word names, acronym definitions and their later mentions, known acronyms.
pub fn organisations(text: &str, toks: &Tokens) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let mut defined: HashMap<String, String, KeyHash> = HashMap::default();
    // The next token not yet in a name.
    let mut next = 0;
    let romance = toks.romance();
    for i in toks.marks() {
        if i < next {
            continue;
        }
        let t = &toks[i];
        if t.flags & (HEAD | TWO_WORD_HEAD) == 0 && t.shape != Shape::Punct {
            continue;
        }
        let w = t.text(text);
        // `Red Cross`: a head of two words.
        let two = t.has(TWO_WORD_HEAD)
            && toks.get(i + 1).is_some_and(|n| {
                let second = n.text(text);
                TWO_WORD_HEADS.contains(&(w, second))
            });
        if t.shape == Shape::Capitalised && (t.has(HEAD) || two) {
            let head_end = if two { i + 1 } else { i };
            let end = org_end(text, toks, head_end, romance);
            let start = org_start(text, toks, i, &out);
            if end > i || start < i {
                let range = toks[start].range.start..toks[end].range.end;
                let mut e = Entity::new(Kind::Organisation, range.clone(), collapse(&text[range]));
                if let Some(acr) = acronym_after(text, toks, end) {
                    defined.insert(acr.clone(), e.normalized.clone());
                    e = e.with("acronym", Value::Text(acr.into()));
                }
                out.push(e);
                next = end + 1;
                continue;
            }
        }
        if t.is_punct(text, '(') {
            // `Organisation internationale pour les migrations (OIM)`: the words before whose
            // initials spell the acronym.
            if let Some(acr) = toks.get(i + 1).filter(|a| a.shape == Shape::Upper) {
                let a = acr.text(text);
                if toks.get(i + 2).is_some_and(|c| c.is_punct(text, ')'))
                    && !out.iter().any(|e| {
                        e.range.end == t.range.start.saturating_sub(1)
                            || e.range.end == t.range.start
                    })
                {
                    if let Some(start) = expansion_start(text, toks, i, a) {
                        let range = toks[start].range.start..toks[i - 1].range.end;
                        let name = collapse(&text[range.clone()]);
                        defined.insert(a.to_string(), name.clone());
                        out.push(
                            Entity::new(Kind::Organisation, range, name)
                                .with("acronym", Value::Text(a.to_string().into())),
                        );
                    }
                }
            }
        }
    }
    // Acronyms: defined here, or known.
    for t in toks
        .marks()
        .map(|k| &toks[k])
        .filter(|t| t.shape == Shape::Upper)
    {
        let a = t.text(text);
        let expansion = defined
            .get(a)
            .map(String::as_str)
            .or_else(|| KNOWN_MAP.get(a).copied());
        if let Some(x) = expansion {
            if !out
                .iter()
                .any(|e| e.range.start <= t.range.start && t.range.end <= e.range.end)
            {
                out.push(
                    Entity::new(Kind::Organisation, t.range.clone(), x)
                        .with("acronym", Value::Text(a.to_string().into())),
                );
            }
        }
    }
    out.sort_by_key(|e| e.range.start);
    out
}

/// The first token of an organisation's name whose head word is token `head`: capitalised words
/// before it (`Asian Development Bank`, `Home Office`), articles left out.
fn org_start(text: &str, toks: &[Token], head: usize, before: &[Entity]) -> usize {
    let mut start = head;
    while start > 0 && head - start < 4 {
        let t = &toks[start - 1];
        let w = t.text(text);
        let taken = before.last().is_some_and(|e| e.range.end > t.range.start);
        if toks[start].line_start
            || taken
            || !matches!(t.shape, Shape::Capitalised | Shape::Upper)
            || t.has(ORG_LEFT_STOP_FLAG)
            || NOT_NAME_IN_ORG.contains(&w)
        {
            break;
        }
        start -= 1;
    }
    start
}

pub(super) const CUE_WORDS: &[&str] = &[
    "Contact",
    "Contacto",
    "Selon",
    "According",
    "Según",
    "Para",
    "Pour",
    "For",
];

/// The last token of an organisation's name whose head word ends at token `i`.
fn org_end(text: &str, toks: &[Token], i: usize, romance: bool) -> usize {
    let mut last = i;
    let mut lower_words = 0;
    let mut j = i + 1;
    while j < toks.len() && j - i <= 14 {
        let t = &toks[j];
        let w = t.text(text);
        let prev_cap = matches!(toks[j - 1].shape, Shape::Capitalised | Shape::Upper);
        let next = toks.get(j + 1);
        let next_cap = next.is_some_and(|n| n.shape == Shape::Capitalised);
        match t.shape {
            // A place right after the name is where the office is: `Agence Horizon Haïti`.
            Shape::Capitalised
                if prev_cap && j > i + 1 && super::gazetteer::place_at(text, t).is_some() =>
            {
                break
            }
            Shape::Capitalised | Shape::Upper if !NOT_NAME_IN_ORG.contains(&w) => {
                last = j;
            }
            Shape::Punct if matches!(w, "'" | "’") => {}
            Shape::Punct if w == "-" && next.is_some_and(|n| n.shape != Shape::Punct) => {}
            // `Ministerio de Trabajo, Migraciones y Seguridad Social`.
            Shape::Punct
                if w == ","
                    && romance
                    && prev_cap
                    && next_cap
                    && toks
                        .get(j + 2)
                        .is_some_and(|n| matches!(n.text(text), "y" | "et" | ",")) => {}
            // `l'Agence au Tchad`: where, not which.
            Shape::Lower
                if matches!(w, "au" | "aux" | "en" | "in")
                    && next.is_some_and(|n| super::gazetteer::place_at(text, n).is_some()) =>
            {
                break
            }
            Shape::Lower if t.has(CONNECTOR) => {
                if matches!(w, "et" | "and" | "y") {
                    // `Relaciones Exteriores y Movilidad Humana`, `affaires et des droits des
                    // femmes`; not `… et de l'UNICEF`.
                    let joins_caps = prev_cap && next_cap;
                    let joins_lower = next.is_some_and(|n| {
                        matches!(n.text(text), "de" | "du" | "des" | "d" | "of" | "del")
                    }) && toks[j + 2..]
                        .iter()
                        .find(|n| !n.has(CONNECTOR) && n.shape != Shape::Punct)
                        .is_some_and(|n| matches!(n.shape, Shape::Lower | Shape::Capitalised));
                    if !(joins_caps || joins_lower) {
                        break;
                    }
                }
            }
            Shape::Lower
                if romance && !t.has(ORG_STOP_FLAG) && !w.ends_with('ó') && lower_words < 4 =>
            {
                // French and Spanish names go on in lower case: `de la protection sociale`.
                lower_words += 1;
                last = j;
            }
            _ => break,
        }
        j += 1;
    }
    last
}

const NOT_NAME_IN_ORG: &[&str] = &["Tel", "Tél", "Email", "E-mail", "Fax", "Phone"];

/// `(ACR)` right after token `end`: the acronym.
fn acronym_after(text: &str, toks: &[Token], end: usize) -> Option<String> {
    let open = toks.get(end + 1)?;
    let acr = toks.get(end + 2)?;
    let close = toks.get(end + 3)?;
    (open.is_punct(text, '(') && acr.shape == Shape::Upper && close.is_punct(text, ')'))
        .then(|| acr.text(text).to_string())
}

/// Where the words before `(` at token `open` start, when their initials spell `acronym`.
fn expansion_start(text: &str, toks: &[Token], open: usize, acronym: &str) -> Option<usize> {
    let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphabetic()).collect();
    // The initials of the words read so far, last first, and those of the current word.
    let mut initials: Vec<char> = Vec::with_capacity(letters.len() + 2);
    let mut parts: Vec<char> = Vec::new();
    let mut j = open;
    while j > 0 && open - j < 14 {
        j -= 1;
        let t = &toks[j];
        let w = t.text(text);
        match t.shape {
            Shape::Punct if matches!(w, "'" | "’" | "-") => continue,
            Shape::Punct | Shape::Number => return None,
            _ if t.has(CONNECTOR) => continue,
            _ => {}
        }
        // `bien-être` gives B and E.
        parts.clear();
        parts.extend(
            w.split('-')
                .filter_map(|p| p.chars().next())
                .flat_map(char::to_uppercase),
        );
        initials.extend(parts.iter().rev());
        if initials.len() > letters.len() + 1 {
            return None;
        }
        let matches = initials.len() == letters.len()
            && initials
                .iter()
                .rev()
                .zip(&letters)
                .all(|(a, b)| a.eq_ignore_ascii_case(b));
        if matches && t.shape == Shape::Capitalised {
            return Some(j);
        }
    }
    None
}

/// People: attributions, appositions with a role, titles, contact cues, and the mentions of
/// the names found once.
pub fn people(text: &str, toks: &Tokens, orgs: &[Entity], blocks: &[Block]) -> Vec<Entity> {
    let mut found: Vec<(Range<usize>, Option<String>, Option<String>)> = Vec::new();
    let in_org = |r: &Range<usize>| {
        orgs.iter()
            .any(|o| o.range.start < r.end && r.start < o.range.end)
    };
    let add = |first: usize, last: usize, title: Option<String>, found: &mut Vec<_>| {
        let range = toks[first].range.start..toks[last].range.end;
        if in_org(&range) {
            return;
        }
        let role = role_after(text, toks, last);
        found.push((range, role, title));
    };
    for i in toks.marks() {
        let t = &toks[i];
        // Each case below starts at an attribution or at a capitalised word.
        if t.shape != Shape::Capitalised && !t.has(SAID_START) {
            continue;
        }
        let w = t.text(text);
        // Attribution then name: `a déclaré Volda Lawrence`, `said José Pérez`.
        if t.shape == Shape::Lower || t.shape == Shape::Capitalised {
            {
                if let Some(end) = SAID_PHRASES.at(text, toks, i) {
                    let mut k = end + 1;
                    if toks.get(k).is_some_and(|x| x.has(TITLE)) {
                        k += 1;
                        if toks.get(k).is_some_and(|x| x.is_punct(text, '.')) {
                            k += 1;
                        }
                    }
                    if let Some(last) = name_at(text, toks, k, false) {
                        add(k, last, None, &mut found);
                    }
                }
            }
        }
        // Title then name: `Mme Lucie Fabre`, `Dr. Ana Ruiz`, `Minister Ana Ruiz`.
        if (t.shape == Shape::Capitalised && t.has(TITLE))
            || (t.shape == Shape::Capitalised
                && t.has(DOTTED_TITLE)
                && toks.get(i + 1).is_some_and(|n| n.is_punct(text, '.')))
        {
            let mut k = i + 1;
            if toks.get(k).is_some_and(|x| x.is_punct(text, '.')) {
                k += 1;
            }
            if let Some(last) = name_at(text, toks, k, false) {
                add(k, last, Some(w.to_string()), &mut found);
            } else if toks.get(k).is_some_and(|x| name_word(x) && !x.line_start)
                && matches!(
                    w,
                    "M" | "Mme" | "Mr" | "Mrs" | "Ms" | "Dr" | "Sr" | "Sra" | "Monsieur" | "Madame"
                )
            {
                add(k, k, Some(w.to_string()), &mut found);
            }
        }
        // Name then a role or an attribution: `Robert Natiello, coordinateur de …`,
        // `Ana Ruiz said`.
        let starts_clause = i == 0
            || t.line_start
            || toks[i - 1].shape == Shape::Punct
            || toks[i - 1].has(CLAUSE_JOIN);
        if starts_clause {
            if let Some(last) = name_at(text, toks, i, false) {
                let role = role_span(text, toks, last).is_some();
                let said = SAID_PHRASES.at(text, toks, last + 1).is_some();
                if role || said {
                    add(i, last, None, &mut found);
                }
            }
        }
    }
    // Contact cues: `veuillez contacter Rukiya Brown`, and names alone on the lines of a block.
    for block in blocks {
        let mut k = block.first;
        while k <= block.last {
            let lenient = k == block.first || toks[k].line_start;
            let after_cue = k == block.first
                || toks[k].line_start
                || toks[k - 1].is_punct(text, ':')
                || matches!(
                    toks[k - 1].text(text),
                    "ou" | "or" | "o" | "contacter" | "contact" | "contactar" | "contacte"
                );
            if after_cue {
                if let Some(last) = name_at(text, toks, k, lenient) {
                    // A line of capitalised words that is an office (`Agence Horizon Haïti`) is
                    // no person.
                    let is_org = toks[k].has(HEAD) || KNOWN_MAP.contains_key(toks[k].text(text));
                    if !is_org {
                        add(k, last, None, &mut found);
                    }
                    k = last + 1;
                    continue;
                }
            }
            k += 1;
        }
    }
    // Later mentions of a full name found once.
    let names: Vec<String> = found
        .iter()
        .map(|(r, _, _)| collapse(&text[r.clone()]))
        .collect();
    let mut out: Vec<Entity> = Vec::new();
    let mut best_role: HashMap<String, String, KeyHash> = HashMap::default();
    for ((_, role, _), n) in found.iter().zip(&names) {
        if let Some(role) = role {
            best_role.entry(n.clone()).or_insert_with(|| role.clone());
        }
    }
    let mut seen: Vec<Range<usize>> = Vec::new();
    for ((r, role, title), n) in found.into_iter().zip(&names) {
        if seen.iter().any(|s| s.start < r.end && r.start < s.end) {
            continue;
        }
        seen.push(r.clone());
        let role = role.or_else(|| best_role.get(n).cloned());
        let e = Entity::new(Kind::Person, r, n.clone())
            .text_attr("role", role)
            .text_attr("title", title);
        out.push(e);
    }
    // The names, each once, in the order found: a release names a handful of people, so a scan
    // (first words compared) beats hashing every capitalised word.
    // Each with the length of its first word.
    let mut distinct: Vec<(&String, usize)> = Vec::new();
    for n in &names {
        if !distinct.iter().any(|(d, _)| *d == n) {
            distinct.push((n, n.find(' ').unwrap_or(n.len())));
        }
    }
    for i in toks.marks() {
        if distinct.is_empty() {
            break;
        }
        if toks[i].shape != Shape::Capitalised {
            continue;
        }
        let w = toks[i].text(text);
        let starts_with_w = |&&(n, first): &&(&String, usize)| {
            first == w.len() && n.as_bytes()[0] == w.as_bytes()[0] && &n[..first] == w
        };
        for &(n, _) in distinct.iter().filter(starts_with_w) {
            let Some(last) = match_words(text, toks, i, n.split(' ')) else {
                continue;
            };
            let r = toks[i].range.start..toks[last].range.end;
            if seen.iter().any(|s| s.start < r.end && r.start < s.end) || in_org(&r) {
                continue;
            }
            seen.push(r.clone());
            out.push(
                Entity::new(Kind::Person, r, n.clone())
                    .text_attr("role", best_role.get(n).cloned()),
            );
        }
    }
    out.sort_by_key(|e| e.range.start);
    out
}

/// The last token of `words` written from token `i`, if they are.
fn match_words<'w>(
    text: &str,
    toks: &[Token],
    i: usize,
    words: impl Iterator<Item = &'w str>,
) -> Option<usize> {
    let mut last = None;
    for (k, w) in words.enumerate() {
        if toks.get(i + k)?.text(text) != w {
            return None;
        }
        last = Some(i + k);
    }
    last
}

/// `, chef de mission de l'OIM en Colombie` after the name ending at token `last`: the role, up
/// to the end of the clause.
fn role_after(text: &str, toks: &[Token], last: usize) -> Option<String> {
    role_span(text, toks, last).map(|r| collapse(&text[r]))
}

/// Where [`role_after`]'s role is written.
fn role_span(text: &str, toks: &[Token], last: usize) -> Option<Range<usize>> {
    let comma = toks.get(last + 1)?;
    if !comma.is_punct(text, ',') {
        return None;
    }
    let first = toks.get(last + 2)?;
    if first.shape == Shape::Punct || first.shape == Shape::Number || first.range.len() > 32 {
        return None;
    }
    let mut buf = [0u8; 32];
    let word = super::tokens::lower_into(first.text(text), &mut buf)?;
    if !ROLE_SET.contains(&word) {
        return None;
    }
    let mut end = last + 2;
    let mut j = last + 3;
    while j < toks.len() && j - last < 24 {
        let t = &toks[j];
        let w = t.text(text);
        if t.shape == Shape::Punct && !matches!(w, "'" | "’" | "-" | "&") {
            break;
        }
        if SAID_PHRASES.at(text, toks, j).is_some() {
            break;
        }
        // A label or a number starts the next part of a contact line.
        if t.shape == Shape::Number || NOT_NAME_IN_ORG.contains(&w) {
            break;
        }
        end = j;
        j += 1;
    }
    Some(first.range.start..toks[end].range.end)
}

/// The tokens of a contact block: from its cue to the end of its paragraph.
pub struct Block {
    /// The first token after the cue.
    first: usize,
    last: usize,
}

pub(super) const CUES: &[&str] = &[
    "veuillez contacter",
    "contactez",
    "contacter",
    "please contact",
    "contact",
    "Contact",
    "Contacts",
    "contacte a",
    "contacte con",
    "contactar a",
    "contactar con",
    "Contacto",
    "Contactos",
];

pub fn contact_blocks(text: &str, toks: &Tokens) -> Vec<Block> {
    let mut out = Vec::new();
    // The next token not yet in a block.
    let mut next = 0;
    for i in toks.marks() {
        if i < next || !toks[i].has(CUE_START) {
            continue;
        }
        let Some(cue_end) = CUE_PHRASES.at(text, toks, i) else {
            continue;
        };
        let mut first = cue_end + 1;
        while toks.get(first).is_some_and(|t| t.is_punct(text, ':')) {
            first += 1;
        }
        if first >= toks.len() {
            break;
        }
        // The block goes on to a blank line or the end of the text.
        let mut last = first;
        for j in first + 1..toks.len() {
            let gap = &text.as_bytes()[toks[j - 1].range.end..toks[j].range.start];
            if gap.iter().filter(|&&b| b == b'\n').count() >= 2 {
                break;
            }
            last = j;
        }
        out.push(Block { first, last });
        next = last + 1;
    }
    out
}

/// The contact records of the blocks: a person, their organisation and office, phones, emails.
pub fn contacts(
    text: &str,
    toks: &[Token],
    blocks: &[Block],
    people: &[Entity],
    orgs: &[Entity],
    places: &[Entity],
    others: &[Entity],
) -> Vec<Entity> {
    let mut out = Vec::new();
    for block in blocks {
        let span = toks[block.first].range.start..toks[block.last].range.end;
        let within = |e: &&Entity| e.range.start >= span.start && e.range.end <= span.end;
        let persons: Vec<&Entity> = people.iter().filter(within).collect();
        let members: Vec<&Entity> = orgs
            .iter()
            .chain(places)
            .chain(
                others
                    .iter()
                    .filter(|e| matches!(e.kind, Kind::Email | Kind::Phone)),
            )
            .filter(within)
            .collect();
        // One record per person, with what follows them up to the next person.
        let mut starts: Vec<usize> = persons.iter().map(|p| p.range.start).collect();
        if starts
            .first()
            .is_none_or(|s| members.iter().any(|m| m.range.start < *s))
        {
            starts.insert(0, span.start);
        }
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(span.end);
            let person = persons.iter().find(|p| p.range.start == start);
            let mine: Vec<&&Entity> = members
                .iter()
                .filter(|m| m.range.start >= start && m.range.end <= end)
                .collect();
            if person.is_none() && mine.is_empty() {
                continue;
            }
            let phones: Vec<String> = mine
                .iter()
                .filter(|m| m.kind == Kind::Phone)
                .map(|m| m.normalized.clone())
                .collect();
            let emails: Vec<String> = mine
                .iter()
                .filter(|m| m.kind == Kind::Email)
                .map(|m| m.normalized.clone())
                .collect();
            let org = mine.iter().find(|m| m.kind == Kind::Organisation);
            let office = mine
                .iter()
                .find(|m| matches!(m.kind, Kind::Organisation | Kind::Place))
                .map(|m| {
                    // From the start of its line or comma-separated part: `Harbor Relief Nairobi`.
                    // Not past the office itself: a dateline may overlap the person's name.
                    let floor = person.map_or(start, |p| p.range.end).min(m.range.start);
                    let seg = text[floor..m.range.start]
                        .rfind([',', '\n', ':'])
                        .map_or(floor, |k| floor + k + 1);
                    office_text(text, seg, end)
                });
            let record_end = mine
                .iter()
                .map(|m| m.range.end)
                .chain(person.map(|p| p.range.end))
                .max()
                .unwrap_or(end);
            let name = person.map(|p| p.normalized.clone());
            let normalized = name
                .clone()
                .or_else(|| emails.first().cloned())
                .or_else(|| phones.first().cloned())
                .unwrap_or_default();
            let mut e = Entity::new(Kind::Contact, start..record_end, normalized)
                .text_attr("name", name)
                .text_attr("organisation", org.map(|o| o.normalized.clone()))
                .text_attr("office", office);
            if !phones.is_empty() {
                e = e.with("phones", Value::List(phones));
            }
            if !emails.is_empty() {
                e = e.with("emails", Value::List(emails));
            }
            out.push(e);
        }
    }
    out
}

/// The office a contact line names: from its first organisation or place to the next label,
/// number or line break.
fn office_text(text: &str, start: usize, limit: usize) -> String {
    const STOPS: [&str; 14] = [
        "\n",
        "Tel",
        "Tél",
        "Phone",
        "Teléfono",
        "Email",
        "E-mail",
        "Courriel",
        "Correo",
        "Fax",
        "Mobile",
        "Cel",
        "+",
        "\"mailto",
    ];
    let rest = &text[start..limit];
    // One pass: the first position where a stop starts (they all start with an ASCII byte).
    let end = rest
        .bytes()
        .enumerate()
        .filter(|(_, b)| {
            matches!(
                b,
                b'\n' | b'T' | b'P' | b'E' | b'C' | b'F' | b'M' | b'+' | b'"'
            )
        })
        .find(|(i, _)| {
            STOPS
                .iter()
                .any(|s| rest.as_bytes()[*i..].starts_with(s.as_bytes()))
        })
        .map_or(rest.len(), |(i, _)| i);
    collapse(rest[..end].trim_end_matches([',', ';', ':', ' ', '\t', '\r']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_makes_single_spaces() {
        for (s, want) in [
            ("Ana Ruiz", "Ana Ruiz"),
            (" Ana  Ruiz ", "Ana Ruiz"),
            ("Ana\nRuiz", "Ana Ruiz"),
            ("Ana\u{a0}Ruiz", "Ana Ruiz"),
            ("chef de l’OIM", "chef de l’OIM"),
            ("Ana\t Ruiz\r\n", "Ana Ruiz"),
            ("", ""),
        ] {
            assert_eq!(collapse(s), want, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn collapse_is_split_whitespace_then_join(
            s in "[a-zA-Zé’–\u{2010}\u{2030}\u{2060} \t\n\r\u{a0}\u{85}\u{1f}\u{2000}\u{2009}\u{200a}\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{1680}]{0,24}"
        ) {
            proptest::prop_assert_eq!(collapse(&s), s.split_whitespace().collect::<Vec<_>>().join(" "));
        }

        #[test]
        fn collapse_is_split_whitespace_then_join_on_any_text(s in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(collapse(&s), s.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    #[test]
    fn phrases_of_one_or_more_words_in_the_usual_cases() {
        let ends = |text: &str| -> Vec<usize> {
            let toks = super::super::tokens::tokenize(text);
            (0..toks.len())
                .filter_map(|i| SAID_PHRASES.at(text, &toks, i))
                .collect()
        };
        assert_eq!(ends("elle a déclaré"), [2]);
        assert_eq!(ends("elle a Déclaré"), [2]);
        assert_eq!(ends("ELLE A DÉCLARÉ"), [2]);
        assert_eq!(ends("a t-elle ajouté"), [2]);
        assert_eq!(ends("According to Ana"), [1]);
        assert_eq!(ends("Selon Ana, said Bo"), [0, 3]);
        assert_eq!(ends("il y a des gens, a dit"), [7]);
        assert_eq!(ends("il a"), Vec::<usize>::new());
    }

    #[test]
    fn phrase_words_match_in_any_case() {
        assert!(same_word("déclaré", "Déclaré"));
        assert!(same_word("said", "SAID"));
        assert!(same_word("l'oim", "l’OIM"));
        assert!(!same_word("said", "sai"));
        assert!(!same_word("déclaré", "declare"));
    }
}
