//! The word lists of `data/lexicon/` (and the `lost-character` rule's `data/lost-oe.tsv`): each
//! file is read into the program when it is built and parsed once, at its first use.
//!
//! A file holds one entry a line; lines that start with `#` (the file's description and source,
//! at its top) and blank lines are skipped. The columns of a `.tsv` file are separated by tabs.

use std::sync::LazyLock;

/// The entries of a list file, as written.
fn entries(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect()
}

/// The entries of a file of two columns.
fn pairs(text: &'static str) -> Vec<(&'static str, &'static str)> {
    entries(text)
        .into_iter()
        .map(|l| l.split_once('\t').expect("two columns separated by a tab"))
        .collect()
}

macro_rules! list {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub fn $name() -> &'static [&'static str] {
            static LIST: LazyLock<Vec<&'static str>> =
                LazyLock::new(|| entries(include_str!(concat!("../../data/lexicon/", $file))));
            &LIST
        }
    };
}

list!(
    /// Words that start an organisation's name (`Ministère`, `Red Cross`).
    org_heads,
    "org-heads.txt"
);
list!(
    /// Organisations named in one word or without a head word (`Oxfam`, `Save the Children`).
    org_names,
    "org-names.txt"
);
list!(
    /// Capitalised words before a head word that are no part of the name (`The`, `Selon`).
    org_left_stops,
    "org-left-stops.txt"
);
list!(
    /// Lower-case words that join the words of an organisation's name (`de`, `of`).
    org_connectors,
    "org-connectors.txt"
);
list!(
    /// Lower-case words that end an organisation's name (`qui`, `which`).
    org_stops,
    "org-stops.txt"
);
list!(
    /// Phrases that attribute a quotation (`a déclaré`, `said`).
    attributions,
    "attributions.txt"
);
list!(
    /// Titles before a name (`Mme`, `Dr.`).
    titles,
    "titles.txt"
);
list!(
    /// First words of a role in an apposition (`chef`, `director`), in lower case.
    roles,
    "roles.txt"
);
list!(
    /// Capitalised words that are no part of a person's name, besides the contact labels.
    not_name,
    "not-name.txt"
);
list!(
    /// Particles between the words of a person's name (`de`, `van`).
    name_particles,
    "name-particles.txt"
);
list!(
    /// Weekday names in lower case (`mercredi`, `Friday`, `jueves`).
    weekdays,
    "weekdays.txt"
);
list!(
    /// First names, capitalised (`Amina`, `Jean`), less those that are also common words.
    first_names,
    "first-names.txt"
);
list!(
    /// Phrases that open a contact block (`veuillez contacter`, `Contact`).
    contact_cues,
    "contact-cues.txt"
);
list!(
    /// Phrases that open a release's contact block above its details (`for more
    /// information`, `contacts presse`), in lower case.
    contact_openers,
    "contact-openers.txt"
);
list!(
    /// Words after which a year alone is a date (`en`, `since`), in lower case.
    year_cues,
    "year-cues.txt"
);
list!(
    /// Currency names in the singular, in lower case (`dollar`, `peso`).
    currency_words,
    "currency-words.txt"
);
list!(
    /// Currency codes, in upper case (`USD`, `FCFA`).
    currency_codes,
    "currency-codes.txt"
);
list!(
    /// `semestre`, `trimestre`, `half`, `quarter`.
    periods,
    "periods.txt"
);
list!(
    /// Short function words of French and Spanish (`de`, `los`).
    romance_words,
    "romance-words.txt"
);
list!(
    /// Short function words of English (`the`, `of`).
    english_words,
    "english-words.txt"
);
list!(
    /// Words after which a name starts a clause (`et`, `and`, `por`).
    clause_joins,
    "clause-joins.txt"
);

/// Acronyms of organisations that releases name without defining them, with their expansions.
pub fn known_acronyms() -> &'static [(&'static str, &'static str)] {
    static LIST: LazyLock<Vec<(&'static str, &'static str)>> =
        LazyLock::new(|| pairs(include_str!("../../data/lexicon/known-acronyms.tsv")));
    &LIST
}

/// Month names in lower case, with the month's number.
pub fn months() -> &'static [(&'static str, u32)] {
    static LIST: LazyLock<Vec<(&'static str, u32)>> = LazyLock::new(|| {
        pairs(include_str!("../../data/lexicon/months.tsv"))
            .into_iter()
            .map(|(name, n)| (name, n.parse().expect("a month's number")))
            .collect()
    });
    &LIST
}

/// A word that lost its `œ`: the form found, the word it was, and whether the repair is sure.
pub struct LostOe {
    pub found: &'static str,
    pub word: &'static str,
    pub sure: bool,
}

/// The `lost-character` rule's words (`data/lost-oe.tsv`), in the file's order.
pub fn lost_oe() -> &'static [LostOe] {
    static LIST: LazyLock<Vec<LostOe>> = LazyLock::new(|| {
        include_str!("../../data/lost-oe.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let found = cols.next()?;
                let word = cols.next()?;
                let sure = cols.next()? == "yes";
                Some(LostOe { found, word, sure })
            })
            .collect()
    });
    &LIST
}

/// What a contact label is read for: the uses column of `data/lexicon/contact-labels.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelUse {
    /// A capitalised word that is no part of a person's name.
    Name,
    /// A token that ends an organisation's name or a person's role, compared as written.
    Org,
    /// A text that ends the office of a contact record, compared as written.
    Office,
    /// Where the phone finder looks for a labelled number (ASCII letters in any case).
    Scan,
    /// An email label that ends a line, the address on a later line (any case; a space stands
    /// for any white space).
    Split,
}

impl LabelUse {
    const ALL: [LabelUse; 5] = [
        LabelUse::Name,
        LabelUse::Org,
        LabelUse::Office,
        LabelUse::Scan,
        LabelUse::Split,
    ];

    fn as_str(self) -> &'static str {
        match self {
            LabelUse::Name => "name",
            LabelUse::Org => "org",
            LabelUse::Office => "office",
            LabelUse::Scan => "scan",
            LabelUse::Split => "split",
        }
    }
}

/// A row of `data/lexicon/contact-labels.tsv`.
struct ContactLabel {
    label: &'static str,
    /// `phone` or `email`.
    #[cfg_attr(not(test), allow(dead_code))]
    kind: &'static str,
    uses: &'static str,
}

static CONTACT_LABELS: LazyLock<Vec<ContactLabel>> = LazyLock::new(|| {
    entries(include_str!("../../data/lexicon/contact-labels.tsv"))
        .into_iter()
        .map(|l| {
            let mut cols = l.split('\t');
            let (Some(label), Some(kind), Some(uses), None) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                panic!("a contact label has three columns: {l:?}")
            };
            ContactLabel { label, kind, uses }
        })
        .collect()
});

/// The contact labels (`Tel`, `Courriel`) read for `use_`, in the file's order.
pub fn contact_labels(use_: LabelUse) -> &'static [&'static str] {
    static BY_USE: LazyLock<[Vec<&'static str>; 5]> = LazyLock::new(|| {
        LabelUse::ALL.map(|u| {
            CONTACT_LABELS
                .iter()
                .filter(|l| l.uses.split(' ').any(|w| w == u.as_str()))
                .map(|l| l.label)
                .collect()
        })
    });
    &BY_USE[use_ as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_files_hold_plain_entries() {
        let lists = [
            org_heads(),
            org_names(),
            org_left_stops(),
            org_connectors(),
            org_stops(),
            attributions(),
            titles(),
            roles(),
            not_name(),
            name_particles(),
            contact_cues(),
            year_cues(),
            currency_words(),
            currency_codes(),
            periods(),
            romance_words(),
            english_words(),
            clause_joins(),
        ];
        for list in lists {
            assert!(!list.is_empty());
            for e in list {
                assert_eq!(e.trim(), *e, "{e:?}");
                assert!(!e.contains(['\t', '\r']) && !e.contains("  "), "{e:?}");
            }
        }
        assert_eq!(months().len(), 40);
        assert!(months().iter().all(|(_, n)| (1..=12).contains(n)));
        assert_eq!(
            known_acronyms()[0],
            ("OIM", "Organisation internationale pour les migrations")
        );
        assert!(lost_oe()
            .iter()
            .any(|l| l.found == "uvre" && l.word == "œuvre" && l.sure));
    }

    #[test]
    fn contact_labels_have_known_kinds_and_uses() {
        assert!(!CONTACT_LABELS.is_empty());
        for l in CONTACT_LABELS.iter() {
            assert!(matches!(l.kind, "phone" | "email"), "{}", l.label);
            for u in l.uses.split(' ') {
                assert!(
                    LabelUse::ALL.iter().any(|k| k.as_str() == u),
                    "{}: {u}",
                    l.label
                );
            }
        }
        // The lists each use had before there was one list.
        assert_eq!(
            contact_labels(LabelUse::Name),
            [
                "Tel",
                "Tél",
                "Téléphone",
                "Phone",
                "Teléfono",
                "Fax",
                "Mobile",
                "Cel",
                "Celular",
                "Email",
                "E-mail",
                "Courriel",
                "Correo"
            ]
        );
        assert_eq!(
            contact_labels(LabelUse::Org),
            ["Tel", "Tél", "Phone", "Fax", "Email", "E-mail"]
        );
        assert_eq!(
            contact_labels(LabelUse::Office),
            [
                "Tel",
                "Tél",
                "Phone",
                "Teléfono",
                "Fax",
                "Mobile",
                "Cel",
                "Email",
                "E-mail",
                "Courriel",
                "Correo"
            ]
        );
        assert_eq!(
            contact_labels(LabelUse::Scan),
            [
                "Tel", "Tél", "TÉL", "Phone", "Fax", "Mobil", "Cell", "Portable", "Móvil", "Movil",
                "GSM", "WhatsApp"
            ]
        );
    }
}
