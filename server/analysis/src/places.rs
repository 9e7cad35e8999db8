//! A small gazetteer of countries and large cities, in French, English and Spanish, for the
//! phone rules: a contact line that names an office (`OIM Haïti`, `Bogota`) tells the region
//! of a number written without its country code.

use std::sync::LazyLock;

use regex::Regex;

/// Names (lower-case, without accents where people often drop them too) and their ISO region.
const PLACES: &[(&str, &str)] = &[
    ("haïti", "HT"),
    ("haiti", "HT"),
    ("haití", "HT"),
    ("port-au-prince", "HT"),
    ("jamaïque", "JM"),
    ("jamaique", "JM"),
    ("jamaica", "JM"),
    ("kingston", "JM"),
    ("guyane", "GY"),
    ("guyana", "GY"),
    ("georgetown", "GY"),
    ("colombie", "CO"),
    ("colombia", "CO"),
    ("bogota", "CO"),
    ("bogotá", "CO"),
    ("costa rica", "CR"),
    ("san josé", "CR"),
    ("san jose", "CR"),
    ("trinité-et-tobago", "TT"),
    ("trinidad and tobago", "TT"),
    ("trinidad y tobago", "TT"),
    ("port-d'espagne", "TT"),
    ("port of spain", "TT"),
    ("belize", "BZ"),
    ("bahamas", "BS"),
    ("nassau", "BS"),
    ("république dominicaine", "DO"),
    ("dominican republic", "DO"),
    ("república dominicana", "DO"),
    ("saint-domingue", "DO"),
    ("santo domingo", "DO"),
    ("france", "FR"),
    ("paris", "FR"),
    ("belgique", "BE"),
    ("belgium", "BE"),
    ("bruxelles", "BE"),
    ("brussels", "BE"),
    ("suisse", "CH"),
    ("switzerland", "CH"),
    ("suiza", "CH"),
    ("genève", "CH"),
    ("geneva", "CH"),
    ("ginebra", "CH"),
    ("espagne", "ES"),
    ("spain", "ES"),
    ("españa", "ES"),
    ("madrid", "ES"),
    ("italie", "IT"),
    ("italy", "IT"),
    ("italia", "IT"),
    ("rome", "IT"),
    ("roma", "IT"),
    ("allemagne", "DE"),
    ("germany", "DE"),
    ("alemania", "DE"),
    ("berlin", "DE"),
    ("royaume-uni", "GB"),
    ("united kingdom", "GB"),
    ("reino unido", "GB"),
    ("london", "GB"),
    ("londres", "GB"),
    ("états-unis", "US"),
    ("etats-unis", "US"),
    ("united states", "US"),
    ("estados unidos", "US"),
    ("washington", "US"),
    ("new york", "US"),
    ("canada", "CA"),
    ("canadá", "CA"),
    ("mexique", "MX"),
    ("mexico", "MX"),
    ("méxico", "MX"),
    ("guatemala", "GT"),
    ("honduras", "HN"),
    ("el salvador", "SV"),
    ("nicaragua", "NI"),
    ("panama", "PA"),
    ("panamá", "PA"),
    ("cuba", "CU"),
    ("la havane", "CU"),
    ("havana", "CU"),
    ("venezuela", "VE"),
    ("caracas", "VE"),
    ("équateur", "EC"),
    ("ecuador", "EC"),
    ("pérou", "PE"),
    ("peru", "PE"),
    ("perú", "PE"),
    ("lima", "PE"),
    ("bolivie", "BO"),
    ("bolivia", "BO"),
    ("chili", "CL"),
    ("chile", "CL"),
    ("santiago", "CL"),
    ("argentine", "AR"),
    ("argentina", "AR"),
    ("buenos aires", "AR"),
    ("brésil", "BR"),
    ("brazil", "BR"),
    ("brasil", "BR"),
    ("uruguay", "UY"),
    ("paraguay", "PY"),
    ("sénégal", "SN"),
    ("senegal", "SN"),
    ("dakar", "SN"),
    ("mali", "ML"),
    ("bamako", "ML"),
    ("niger", "NE"),
    ("niamey", "NE"),
    ("maroc", "MA"),
    ("morocco", "MA"),
    ("marruecos", "MA"),
    ("rabat", "MA"),
    ("tunisie", "TN"),
    ("tunisia", "TN"),
    ("túnez", "TN"),
    ("tunis", "TN"),
    ("égypte", "EG"),
    ("egypt", "EG"),
    ("egipto", "EG"),
    ("le caire", "EG"),
    ("cairo", "EG"),
    ("libye", "LY"),
    ("libya", "LY"),
    ("libia", "LY"),
    ("tchad", "TD"),
    ("chad", "TD"),
    ("cameroun", "CM"),
    ("cameroon", "CM"),
    ("camerún", "CM"),
    ("nigeria", "NG"),
    ("côte d'ivoire", "CI"),
    ("abidjan", "CI"),
    ("ghana", "GH"),
    ("kenya", "KE"),
    ("nairobi", "KE"),
    ("éthiopie", "ET"),
    ("ethiopia", "ET"),
    ("etiopía", "ET"),
    ("somalie", "SO"),
    ("somalia", "SO"),
    ("soudan", "SD"),
    ("sudan", "SD"),
    ("sudán", "SD"),
    ("afrique du sud", "ZA"),
    ("south africa", "ZA"),
    ("sudáfrica", "ZA"),
    ("madagascar", "MG"),
    ("turquie", "TR"),
    ("turkey", "TR"),
    ("turquía", "TR"),
    ("grèce", "GR"),
    ("greece", "GR"),
    ("grecia", "GR"),
    ("liban", "LB"),
    ("lebanon", "LB"),
    ("líbano", "LB"),
    ("jordanie", "JO"),
    ("jordan", "JO"),
    ("jordania", "JO"),
    ("syrie", "SY"),
    ("syria", "SY"),
    ("siria", "SY"),
    ("irak", "IQ"),
    ("iraq", "IQ"),
    ("yémen", "YE"),
    ("yemen", "YE"),
    ("afghanistan", "AF"),
    ("afganistán", "AF"),
    ("pakistan", "PK"),
    ("pakistán", "PK"),
    ("bangladesh", "BD"),
    ("inde", "IN"),
    ("india", "IN"),
    ("thaïlande", "TH"),
    ("thailand", "TH"),
    ("tailandia", "TH"),
    ("bangkok", "TH"),
    ("philippines", "PH"),
    ("filipinas", "PH"),
    ("manille", "PH"),
    ("manila", "PH"),
    ("indonésie", "ID"),
    ("indonesia", "ID"),
    ("jakarta", "ID"),
    ("australie", "AU"),
    ("australia", "AU"),
    ("japon", "JP"),
    ("japan", "JP"),
    ("japón", "JP"),
    ("chine", "CN"),
    ("china", "CN"),
    ("ukraine", "UA"),
    ("ucrania", "UA"),
    ("pologne", "PL"),
    ("poland", "PL"),
    ("polonia", "PL"),
];

static PLACE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = PLACES.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let alternation: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    // Boundaries as classes, not `\b`: a Unicode `\b` sends the regex engine to its slow path on
    // any non-ASCII text.
    Regex::new(&format!(
        r"(?:^|[^\p{{L}}\p{{N}}])(?i:({}))(?:[^\p{{L}}\p{{N}}]|$)",
        alternation.join("|")
    ))
    .expect("valid place regex")
});

/// A place named in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub range: std::ops::Range<usize>,
    pub region: rlibphonenumber::Region,
}

/// The last place named in `text` (the nearest one when `text` ends where a number starts).
pub fn last_place(text: &str) -> Option<Place> {
    PLACE_RE.captures_iter(text).last().and_then(|c| {
        let m = c.get(1)?;
        let name = m.as_str().to_lowercase();
        let (_, code) = PLACES.iter().find(|(n, _)| *n == name)?;
        Some(Place {
            range: m.range(),
            region: crate::phone::region(code)?,
        })
    })
}

/// The English name of a region, for messages (its ISO code when not known here).
pub fn region_name(id: rlibphonenumber::Region) -> String {
    let code = id.as_region_str();
    let code = code.as_str();
    let name = match code {
        "HT" => "Haiti",
        "JM" => "Jamaica",
        "GY" => "Guyana",
        "CO" => "Colombia",
        "CR" => "Costa Rica",
        "TT" => "Trinidad and Tobago",
        "BZ" => "Belize",
        "BS" => "Bahamas",
        "DO" => "Dominican Republic",
        "FR" => "France",
        "BE" => "Belgium",
        "CH" => "Switzerland",
        "ES" => "Spain",
        "IT" => "Italy",
        "DE" => "Germany",
        "GB" => "United Kingdom",
        "US" => "United States",
        "CA" => "Canada",
        "MX" => "Mexico",
        "AR" => "Argentina",
        "BR" => "Brazil",
        "CL" => "Chile",
        "PE" => "Peru",
        "EC" => "Ecuador",
        "VE" => "Venezuela",
        "SN" => "Senegal",
        "MA" => "Morocco",
        "KE" => "Kenya",
        _ => return code.to_string(),
    };
    format!("{name} ({code})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_office() {
        let p = last_place("Michela Macchiavello\nOIM Haïti\n").unwrap();
        assert_eq!(p.region, rlibphonenumber::Region::HT);
        assert!(last_place("rien ici").is_none());
    }
}
