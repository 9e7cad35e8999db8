use super::*;
use crate::config::Settings;

fn entities(text: &str) -> Vec<String> {
    let settings = Settings::default();
    let cx = Context {
        settings: &settings,
        model: None,
    };
    extract_text(text, cx)
        .iter()
        .map(|e| {
            let mut s = format!(
                "{} `{}` = {}",
                e.kind.as_str(),
                &text[e.range.clone()],
                e.normalized
            );
            for (k, v) in &e.attributes {
                match v {
                    Value::Text(t) => s.push_str(&format!(" {k}={t}")),
                    Value::List(l) => s.push_str(&format!(" {k}=[{}]", l.join(", "))),
                    Value::Bool(b) => s.push_str(&format!(" {k}={b}")),
                }
            }
            s
        })
        .collect()
}

#[test]
fn a_quoted_person_with_a_role_and_a_contact_record() {
    let text = "Guyane - Avec le soutien de l’OIM en Jamaïque et le Ministère de la protection sociale, l’atelier a eu lieu (16-17 mars).\n« Nous devons agir », a déclaré Volda Lawrence, Ministre de la protection sociale.\nPour plus d’informations, veuillez contacter Nathalie Hanley, OIM Guyane, Tel: +592 225 37 45, Email: nhanley@iom.int\n";
    let got = entities(text);
    for g in &got {
        eprintln!("{g}");
    }
    assert!(
        got.iter().any(|g| g.starts_with(
            "person `Volda Lawrence` = Volda Lawrence role=Ministre de la protection sociale"
        )),
        "{got:#?}"
    );
    assert!(
        got.iter().any(|g| g.starts_with("contact `Nathalie Hanley")
            && g.contains("office=OIM Guyane")
            && g.contains("phones=[+5922253745]")
            && g.contains("emails=[nhanley@iom.int]")),
        "{got:#?}"
    );
    assert!(
        got.iter()
            .any(|g| g.starts_with("organisation `Ministère de la protection sociale`")),
        "{got:#?}"
    );
    assert!(
        got.iter().any(|g| g.starts_with("place `Guyane` = GY")),
        "{got:#?}"
    );
    assert!(
        got.iter().any(|g| g.starts_with("date `16-17 mars`")),
        "{got:#?}"
    );
}

proptest::proptest! {
    /// The parts of a huge text follow one another, cover it, end on character boundaries and,
    /// where the text has one close after the size, on a blank line.
    #[test]
    fn parts_cover_the_text_and_end_on_blank_lines(
        text in "[a-zé’ \n]{0,300}",
        size in 1usize..64,
    ) {
        let parts = super::parts(&text, size);
        let mut at = 0;
        for p in &parts {
            proptest::prop_assert_eq!(p.start, at);
            proptest::prop_assert!(p.end > p.start && text.is_char_boundary(p.end));
            proptest::prop_assert!(p.len() <= 2 * size + 4);
            let window = &text.as_bytes()[(p.start + size).min(text.len())..(p.start + 2 * size).min(text.len())];
            if p.end < text.len() && window.windows(2).any(|w| w == b"\n\n") {
                proptest::prop_assert!(text[..p.end].ends_with("\n\n"));
            }
            at = p.end;
        }
        proptest::prop_assert_eq!(at, text.len());
    }
}

#[test]
fn people_by_first_name_without_a_cue_and_their_later_mentions() {
    let people = |text: &str| -> Vec<String> {
        entities(text)
            .into_iter()
            .filter(|e| e.starts_with("person"))
            .map(|e| e.split(" role=").next().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        people(
            "La réunion a réuni Amina Saleh et Paolo de Rossi à Rome. Amina a ouvert la séance."
        ),
        [
            "person `Amina Saleh` = Amina Saleh",
            "person `Paolo de Rossi` = Paolo de Rossi",
            "person `Amina` = Amina Saleh",
        ]
    );
    assert_eq!(
        people("Ambassador Juan Carlos Ortega Vidal met the press. Ortega spoke first."),
        [
            "person `Juan Carlos Ortega Vidal` = Juan Carlos Ortega Vidal title=Ambassador",
            "person `Ortega` = Juan Carlos Ortega Vidal",
        ]
    );
    // A place, an organisation's head or a month after a first name is no surname.
    assert_eq!(
        people("Des familles de Sierra Leone sont arrivées."),
        Vec::<String>::new()
    );
}

#[test]
fn regions_of_several_words_islands_and_datelines_in_capitals() {
    let places = |text: &str| -> Vec<String> {
        entities(text)
            .into_iter()
            .filter(|e| e.starts_with("place"))
            .collect()
    };
    assert_eq!(
        places("NEW YORK, 4 March 2022 – Arrivals in North Africa and on Lampedusa rose."),
        [
            "place `NEW YORK` = New York, US kind=region country=US dateline=true",
            "place `North Africa` = North Africa kind=region",
            "place `Lampedusa` = Lampedusa, IT kind=island country=IT",
        ]
    );
    assert_eq!(
        places("GENÈVE - L'Afrique de l'Ouest et l'América Latina."),
        [
            "place `GENÈVE` = Genève, CH kind=city country=CH dateline=true",
            "place `Afrique de l'Ouest` = Afrique de l'Ouest kind=region",
            "place `América Latina` = América Latina kind=region",
        ]
    );
}

#[test]
fn no_entity_inside_a_boilerplate_menu() {
    let text = "-\nAccueil\n- Qui sommes-nous\n- Bureau de Genève\n- Afrique de l'Ouest\nSalle de presse\nSalle de presse\nLa Croix-Rouge a distribué des kits à Jacmel le 12 mars 2019.\n";
    let settings = Settings::default();
    let cx = Context {
        settings: &settings,
        model: None,
    };
    let (findings, found) = crate::check_and_extract(text, cx);
    assert!(findings.iter().any(|f| f.code == "boilerplate-menu"));
    let menu_end = text.find("La Croix").unwrap();
    assert!(extract_text(text, cx)
        .iter()
        .any(|e| e.range.end <= menu_end));
    assert!(found.iter().all(|e| e.range.start >= menu_end), "{found:?}");
    assert!(found.iter().any(|e| e.kind == Kind::Date));
}
