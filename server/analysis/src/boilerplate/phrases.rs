//! Phrases that sites add around the text, in English, French, Spanish, German, Italian and
//! Portuguese: share bars, follow links, cookie notices, newsletters, related articles, "read
//! more", comments, copyright lines, skip links, print and close buttons.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::automaton::TwoSpeed;

use crate::lexicon::WordHash;

/// Phrases that mark a short line (at most [`SHORT_WORDS`] words) as boilerplate wherever they
/// stand in it, as whole words.
const PHRASES: &[&str] = &[
    // Share and follow.
    "share this",
    "share on",
    "share via",
    "partager sur",
    "partager cet",
    "partagez",
    "compartir en",
    "compartir este",
    "compártelo",
    "teilen auf",
    "artikel teilen",
    "condividi su",
    "condividi",
    "compartilhar",
    "compartilhe",
    "partilhar",
    "follow us",
    "suivez-nous",
    "suivez nous",
    "síguenos",
    "siguenos",
    "folgen sie uns",
    "folge uns",
    "seguici",
    "siga-nos",
    "sigam-nos",
    "email this",
    "tweet this",
    "pin it",
    // Cookies and privacy.
    "cookie",
    "cookies",
    "privacy policy",
    "privacy notice",
    "terms of use",
    "terms of service",
    "terms and conditions",
    "politique de confidentialité",
    "mentions légales",
    "política de privacidad",
    "aviso legal",
    "datenschutz",
    "datenschutzerklärung",
    "nutzungsbedingungen",
    "informativa sulla privacy",
    "política de privacidade",
    // Newsletters and accounts.
    "newsletter",
    "subscribe",
    "sign up",
    "s'abonner",
    "abonnez-vous",
    "inscrivez-vous",
    "suscríbete",
    "suscribirse",
    "abonnieren",
    "iscriviti",
    "inscreva-se",
    "assine",
    "log in",
    "sign in",
    "se connecter",
    "iniciar sesión",
    "einloggen",
    // Related and more.
    "related articles",
    "related posts",
    "related stories",
    "related content",
    "you may also like",
    "you might also like",
    "more stories",
    "recommended for you",
    "most read",
    "most popular",
    "trending now",
    "lire aussi",
    "à lire aussi",
    "voir aussi",
    "sur le même sujet",
    "articles similaires",
    "dans la même rubrique",
    "noticias relacionadas",
    "artículos relacionados",
    "te puede interesar",
    "también te puede interesar",
    "más leídas",
    "ähnliche artikel",
    "mehr zum thema",
    "das könnte sie auch interessieren",
    "meistgelesen",
    "articoli correlati",
    "potrebbe interessarti",
    "leia também",
    "veja também",
    "notícias relacionadas",
    "read more",
    "continue reading",
    "keep reading",
    "learn more",
    "see more",
    "view all",
    "lire la suite",
    "en savoir plus",
    "voir plus",
    "leer más",
    "seguir leyendo",
    "ver más",
    "weiterlesen",
    "mehr lesen",
    "mehr erfahren",
    "continua a leggere",
    "leggi anche",
    "leggi di più",
    "leia mais",
    "saiba mais",
    "ver mais",
    // Comments.
    "comments",
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "commentaires",
    "laisser un commentaire",
    "laissez un commentaire",
    "comentarios",
    "deja un comentario",
    "dejar un comentario",
    "kommentare",
    "kommentar schreiben",
    "commenti",
    "lascia un commento",
    "comentários",
    "deixe um comentário",
    // Navigation and buttons.
    "skip to content",
    "skip to main content",
    "skip navigation",
    "jump to navigation",
    "aller au contenu",
    "passer au contenu",
    "saltar al contenido",
    "ir al contenido",
    "zum inhalt springen",
    "direkt zum inhalt",
    "vai al contenuto",
    "salta al contenuto",
    "ir para o conteúdo",
    "back to top",
    "retour en haut",
    "volver arriba",
    "nach oben",
    "torna su",
    "voltar ao topo",
    "toggle navigation",
    "open menu",
    "close menu",
    "main menu",
    "menu principal",
    "hauptmenü",
    "search for",
    "rechercher sur",
    "print this",
    "imprimer cet",
    "imprimir este",
    "diese seite drucken",
    "advertisement",
    "publicité",
    "publicidad",
    "anzeige",
    "pubblicità",
    "publicidade",
];

/// Phrases that mark a line of any length up to [`COPYRIGHT_WORDS`] words.
const COPYRIGHT: &[&str] = &[
    "©",
    "copyright",
    "all rights reserved",
    "tous droits réservés",
    "todos los derechos reservados",
    "alle rechte vorbehalten",
    "tutti i diritti riservati",
    "todos os direitos reservados",
];

/// Labels that are boilerplate when they are the whole line (a button or a menu entry): too
/// common as words to be looked for inside a line.
const LABELS: &[&str] = &[
    "share",
    "partager",
    "compartir",
    "teilen",
    "tweet",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "pinterest",
    "reddit",
    "instagram",
    "youtube",
    "telegram",
    "print",
    "imprimer",
    "imprimir",
    "drucken",
    "stampa",
    "close",
    "fermer",
    "cerrar",
    "schließen",
    "chiudi",
    "fechar",
    "menu",
    "menú",
    "search",
    "rechercher",
    "recherche",
    "buscar",
    "suche",
    "suchen",
    "cerca",
    "pesquisar",
    "home",
    "accueil",
    "inicio",
    "startseite",
    "contact",
    "contact us",
    "contactez-nous",
    "contacto",
    "kontakt",
    "contatti",
    "contato",
    "about",
    "about us",
    "à propos",
    "qui sommes-nous",
    "quiénes somos",
    "über uns",
    "chi siamo",
    "sobre nós",
    "reply",
    "répondre",
    "responder",
    "antworten",
    "rispondi",
    "previous",
    "next",
    "précédent",
    "suivant",
    "anterior",
    "siguiente",
    "zurück",
    "weiter",
    "precedente",
    "successivo",
    "próximo",
    "accept",
    "accepter",
    "aceptar",
    "akzeptieren",
    "accetta",
    "aceitar",
    "rss",
    "impressum",
    "sitemap",
    "plan du site",
    "mapa del sitio",
    "login",
    "logout",
    "register",
    "tags",
    "topics",
    "related",
    "sections",
    "more",
];

/// Lines longer than this (in words) hold running text, whatever phrase they contain.
const SHORT_WORDS: usize = 8;
const COPYRIGHT_WORDS: usize = 40;

/// The copyright phrases then the others, in one automaton that ignores ASCII case, so that a
/// line is read once without being lower-cased (phrases whose capital is not ASCII are written
/// both ways). A DFA once enough text has been read (it reads every line of every page about
/// twice as fast as the NFA for this many phrases, but costs about 3 ms to build, most of the
/// start-up of `tamis check` on a release without a phone number): see [`TwoSpeed`].
pub(crate) static FINDER: TwoSpeed = TwoSpeed::new(|kind| {
    let capitalised: Vec<String> = PHRASES
        .iter()
        .filter(|p| !p.starts_with(|c: char| c.is_ascii()))
        .map(|p| {
            let mut c = p.chars();
            let first = c.next().expect("a phrase").to_uppercase();
            first.chain(c).collect()
        })
        .collect();
    let patterns: Vec<&str> = COPYRIGHT
        .iter()
        .chain(PHRASES)
        .copied()
        .chain(capitalised.iter().map(String::as_str))
        .collect();
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(kind))
        .build(patterns)
        .expect("valid phrases")
});

/// The copyright phrases alone, for lines too long to be a short phrase: most of a page's text
/// is read by this small automaton rather than the large one.
pub(crate) static COPYRIGHT_FINDER: TwoSpeed = TwoSpeed::new(|kind| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(kind))
        .build(COPYRIGHT)
        .expect("valid phrases")
});

/// The lone labels, hashed: every short line of every page is looked up.
static LABEL_SET: LazyLock<HashSet<&'static str, WordHash>> =
    LazyLock::new(|| LABELS.iter().copied().collect());

/// True when a line is one of the lone labels, in any case (lower-cased without allocating when
/// it is ASCII, as most are).
fn is_label(label: &str) -> bool {
    if label.is_ascii() {
        let mut buf = [0u8; 24];
        let lower = &mut buf[..label.len()];
        lower.copy_from_slice(label.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).is_ok_and(|l| LABEL_SET.contains(l));
    }
    LABEL_SET.contains(label.to_lowercase().as_str())
}

/// True when a line of `words` words is a boilerplate phrase, a copyright line or a lone label.
pub fn is_boilerplate(t: &str, words: usize) -> bool {
    if words > COPYRIGHT_WORDS {
        return false;
    }
    let short = words <= SHORT_WORDS;
    if !short {
        return may_hold_copyright(t) && COPYRIGHT_FINDER.get(t.len()).is_match(t);
    }
    let label = t.trim_matches(|c: char| !c.is_alphanumeric());
    if label.len() <= 24 && is_label(label) {
        return true;
    }
    FINDER.get(t.len()).find_iter(t).any(|m| {
        m.pattern().as_usize() < COPYRIGHT.len() || (short && whole_words(t, m.start(), m.end()))
    })
}

/// Whether a line may hold a [`COPYRIGHT`] phrase: `©`, or in any ASCII case `copyright` or a
/// `v` that `serv` ends (`reserved`, `réservés`, `riservati`) or `vorbehalten` starts. Every
/// phrase holds one of these (`every_copyright_phrase_passes_the_sieve`), and most lines of
/// running text none: a few `memchr` where the automaton read every byte of every line of
/// nine to forty words.
fn may_hold_copyright(t: &str) -> bool {
    let b = t.as_bytes();
    let ci = |at: usize, word: &[u8]| {
        b.get(at..at + word.len())
            .is_some_and(|w| w.iter().zip(word).all(|(x, p)| x | 0x20 == *p))
    };
    // `©` is C2 A9: its first byte is the rarer one (A9 ends `é`).
    memchr::memchr_iter(0xc2, b).any(|i| b.get(i + 1) == Some(&0xa9))
        || memchr::memchr2_iter(b'v', b'V', b)
            .any(|i| (i >= 3 && ci(i - 3, b"serv")) || ci(i, b"vorbehalten"))
        || memchr::memchr2_iter(b'y', b'Y', b).any(|i| i >= 3 && ci(i - 3, b"copyright"))
}

/// Lines that open readers' comments, once a count (`12`) is taken off the front.
const COMMENTS_OPENERS: &[&str] = &[
    "comment",
    "comments",
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "comments are closed",
    "responses",
    "replies",
    "join the discussion",
    "join the conversation",
    "commentaire",
    "commentaires",
    "laisser un commentaire",
    "réagissez",
    "réactions",
    "comentario",
    "comentarios",
    "deja un comentario",
    "dejar un comentario",
    "kommentar",
    "kommentare",
    "kommentar schreiben",
    "commento",
    "commenti",
    "lascia un commento",
    "comentário",
    "comentários",
    "deixe um comentário",
];

/// True when a line opens the readers' comments: `12 Comments`, `Leave a Reply`, or a
/// commenter's `says:`.
pub fn opens_comments(t: &str) -> bool {
    if t.len() > 40 {
        return false;
    }
    // Lower-cased on the stack when ASCII, as most such lines are.
    let mut buf = [0u8; 40];
    let owned;
    let lower: &str = if t.is_ascii() {
        let b = &mut buf[..t.len()];
        b.copy_from_slice(t.as_bytes());
        b.make_ascii_lowercase();
        std::str::from_utf8(b).expect("ASCII")
    } else {
        owned = t.to_lowercase();
        &owned
    };
    let rest = lower
        .trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    COMMENTS_OPENERS.contains(&rest) || (lower.ends_with("says:") && lower.len() <= 30)
}

/// True when `s[start..end]` neither starts nor ends inside a word.
fn whole_words(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(t: &str) -> bool {
        is_boilerplate(t, t.split_whitespace().count())
    }

    #[test]
    fn every_copyright_phrase_passes_the_sieve() {
        for phrase in COPYRIGHT {
            for written in [
                phrase.to_string(),
                phrase.to_ascii_uppercase(),
                format!("Text before {phrase} and after"),
            ] {
                assert!(may_hold_copyright(&written), "{written}");
            }
        }
        // Lines the sieve lets through or turns away agree with the automaton.
        for line in [
            "Les pays ont signé un accord sur la migration et le développement durable hier",
            "The agency served over two thousand families in the province this year alone",
            "COPYRIGHT 2024 Agence Horizon, ALL RIGHTS RESERVED, reproduction prohibited here",
            "Tous droits réservés à l'agence et à ses partenaires pour toute la durée du projet",
            "copyrigh t and reser ved are not the phrases, nor is vorbehalt alone in this line",
        ] {
            let automaton = COPYRIGHT_FINDER.get(line.len()).is_match(line);
            assert!(!automaton || may_hold_copyright(line), "{line}");
        }
    }

    #[test]
    fn phrases_in_several_languages() {
        for t in [
            "Share this article",
            "Lire la suite »",
            "Leer más",
            "Folgen Sie uns",
            "© 2024 Example Media Group",
            "Tous droits réservés.",
            "Skip to content",
            "Print",
            "23 Comments",
        ] {
            assert!(check(t), "{t}");
        }
    }

    #[test]
    fn running_text_and_words_inside_words_are_not_phrases() {
        for t in [
            "Sharepoint migration finished",
            "The minister said the council would share the cost of the new bridge with the region.",
            "Home prices rose again",
        ] {
            assert!(!check(t), "{t}");
        }
    }
}
