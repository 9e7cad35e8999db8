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

/// The contact records of `text` as `name<TAB>office|phones|emails` (the evaluation's form),
/// and the people it names.
fn records_and_people(text: &str) -> (Vec<String>, Vec<String>) {
    let settings = Settings::default();
    let cx = Context {
        settings: &settings,
        model: None,
    };
    let list = |v: Option<&Value>| match v {
        Some(Value::List(l)) => l.join(","),
        Some(Value::Text(t)) => t.to_string(),
        _ => String::new(),
    };
    let found = extract_text(text, cx);
    let records = found
        .iter()
        .filter(|e| e.kind == Kind::Contact)
        .map(|e| {
            format!(
                "{}\t{}|{}|{}",
                list(e.attribute("name")),
                list(e.attribute("office")),
                list(e.attribute("phones")),
                list(e.attribute("emails"))
            )
        })
        .collect();
    let people = found
        .iter()
        .filter(|e| e.kind == Kind::Person)
        .map(|e| e.normalized.clone())
        .collect();
    (records, people)
}

#[test]
fn a_list_of_seven_contacts_in_several_layouts() {
    // Invented: one contact a paragraph, on one line with `/`, `|` or `–`, an office on the line
    // before the name, two contacts in one paragraph, a line of dashes between two.
    let text = "Les inscriptions sont ouvertes jusqu'au 12 mai.\n\n\
Pour plus d'informations, veuillez contacter :\n\n\
Amina Saleh\n\
Chargée de communication, OIM Niamey\n\
Tél. : +227 20 72 32 31\n\
Courriel : asaleh@iom.int\n\n\
Jorge Gallo / OIM Bogota / +57 601 639 7777 / jgallo@iom.int\n\n\
Lucie Fabre | Tél. +33 1 40 44 06 91 | lfabre@iom.int\n\
---\n\
OIM Dakar\n\
Moussa Diop\n\
Tel: +221 33 869 62 00\n\
E-mail: mdiop@iom.int\n\
Rukiya Brown, OIM Kingston, Tel: +1 876 968 0569, Email: rbrown@iom.int\n\n\
Paolo de Rossi – +39 06 4423 1428 – pderossi@iom.int\n\
Elena Prieto\n\
eprieto@iom.int\n\
Agence Horizon Bogota, Tél. +57 601 345 6789\n\n\
L'Organisation remercie le Gouvernement du Niger et ses partenaires pour leur soutien constant \
depuis le début du programme, qui a permis d'aider plus de 4 000 familles dans la région; le \
standard répond au +227 20 72 32 00.\n";
    let (records, people) = records_and_people(text);
    assert_eq!(
        records,
        [
            "Amina Saleh\tOIM Niamey|+22720723231|asaleh@iom.int",
            "Jorge Gallo\tOIM Bogota|+576016397777|jgallo@iom.int",
            "Lucie Fabre\t|+33140440691|lfabre@iom.int",
            "Moussa Diop\tOIM Dakar|+221338696200|mdiop@iom.int",
            "Rukiya Brown\tOIM Kingston|+18769680569|rbrown@iom.int",
            "Paolo de Rossi\t|+390644231428|pderossi@iom.int",
            "Elena Prieto\tAgence Horizon Bogota|+576013456789|eprieto@iom.int",
        ]
    );
    for name in [
        "Amina Saleh",
        "Jorge Gallo",
        "Lucie Fabre",
        "Moussa Diop",
        "Rukiya Brown",
        "Paolo de Rossi",
        "Elena Prieto",
    ] {
        assert!(people.iter().any(|p| p == name), "{name}: {people:?}");
    }
}

#[test]
fn an_address_goes_to_the_person_it_names() {
    // Two names, then their addresses in another order.
    let text = "Contacts :\nJorge Gallo, OIM Bogota\nAna Ruiz, OIM Quito\nEmail: aruiz@iom.int, jgallo@iom.int\n";
    let (records, _) = records_and_people(text);
    assert_eq!(
        records,
        [
            "Jorge Gallo\tOIM Bogota||jgallo@iom.int",
            "Ana Ruiz\tOIM Quito||aruiz@iom.int",
        ]
    );
}

#[test]
fn prose_after_a_contact_list_is_no_contact() {
    let text = "For more information, please contact Ana Ruiz, IOM Quito, Tel: +593 2 393 4400\n\n\
The programme, which David Miller opened in Quito last year, has since helped more than 4,000 \
families find work and housing in the region; its hotline answers at +593 2 393 4401.\n";
    let (records, _) = records_and_people(text);
    assert_eq!(records, ["Ana Ruiz\tIOM Quito|+59323934400|"]);
}

/// The people of `text`, as written.
fn people_written(text: &str) -> Vec<String> {
    entities(text)
        .iter()
        .filter_map(|e| e.strip_prefix("person `"))
        .map(|e| e[..e.find('`').unwrap()].to_string())
        .collect()
}

#[test]
fn surnames_with_particles_and_their_later_mentions() {
    // Invented names. The later mention is the surname with its particle, not its last word.
    let text =
        "« Il faut agir », a déclaré Margriet de Vos, cheffe de mission. Mme de Vos a visité \
le site. « Nous restons », explique Carlos Andrés de León Girón, director. De León estima \
que todo va bien. La directrice, Fatima-Zahra El Idrissi, a déclaré que tout va bien. \
El Idrissi a conclu.\n";
    let people = people_written(text);
    for name in [
        "Margriet de Vos",
        "de Vos",
        "Carlos Andrés de León Girón",
        "De León",
        "Fatima-Zahra El Idrissi",
        "El Idrissi",
    ] {
        assert!(people.iter().any(|p| p == name), "{name}: {people:?}");
    }
    // Negative: the bare last word is no mention of its own.
    for wrong in ["Vos", "León", "Idrissi"] {
        assert!(!people.iter().any(|p| p == wrong), "{wrong}: {people:?}");
    }
    // Negative: a capitalised particle before a place makes no name of an organisation.
    let people = people_written("Selon Météo-France La Réunion, le cyclone faiblit.\n");
    assert!(people.is_empty(), "{people:?}");
}

#[test]
fn titles_and_honorifics_stay_out_of_the_name() {
    let text = "\"We will move,\" said Ratu Tevita Nawadra Koroi, the permanent secretary. \
Cllr de Souza-Marsh welcomed it. \"It is hard,\" said Fr. Antonio \"Tony\" dela Cruz Maglaya. \
The Honourable Jean-Luc Tremblay-Roy, Minister of Labour, spoke. \"Not yet,\" said Ernesto \
Villalobos Jr. on Tuesday.\n";
    let people = people_written(text);
    for name in [
        "Tevita Nawadra Koroi",
        "de Souza-Marsh",
        "Antonio \"Tony\" dela Cruz Maglaya",
        "Jean-Luc Tremblay-Roy",
        "Ernesto Villalobos Jr.",
    ] {
        assert!(people.iter().any(|p| p == name), "{name}: {people:?}");
    }
    assert!(
        !people
            .iter()
            .any(|p| p.starts_with("Ratu") || p.starts_with("Cllr") || p.starts_with("Fr")),
        "{people:?}"
    );
}

#[test]
fn names_between_commas_before_an_attribution() {
    let text = "Its chairman, Johan Mbeki Sarrazin, said the board would pay. \
Ramiro Quispe Huanca, de Encuentros, indicó que hay más llegadas.\n";
    let people = people_written(text);
    for name in ["Johan Mbeki Sarrazin", "Ramiro Quispe Huanca"] {
        assert!(people.iter().any(|p| p == name), "{name}: {people:?}");
    }
    // Negative: capitalised words between commas without an attribution are no person.
    let people = people_written("In the end, Grand Forks Station, once closed, reopened.\n");
    assert!(people.is_empty(), "{people:?}");
}

#[test]
fn places_and_offices_are_no_people() {
    let people = people_written(
        "Families crossed near Shelby Park and along the Rio Grande Valley. Others reached \
Wadi Khaled and Lac Vert. Media Relations answered.\n",
    );
    assert!(people.is_empty(), "{people:?}");
}

#[test]
fn contact_lines_in_capitals_under_an_office_and_after_a_heading() {
    // Invented: a surname in capitals under an office line, a job title on a `|` line, a
    // heading without the word contact, an out-of-hours line of its own.
    let text = "Le programme continue.\n\nContact presse :\nAgence nationale du Sahel\n\
Nadia TOURAINE\nTél : +212 5 37 66 24 10\nEmail : n.touraine@ans.ma\n";
    let (records, people) = records_and_people(text);
    assert!(people.iter().any(|p| p == "Nadia TOURAINE"), "{people:?}");
    assert_eq!(
        records,
        ["Nadia TOURAINE\tAgence nationale du Sahel|+212537662410|n.touraine@ans.ma"]
    );

    let text = "The river rose.\n\nMEDIA CONTACTS\n\
Wanjiru Kamau Otieno | Public Information Officer, Kenya Red Cross Society | +254 722 380 112 | wkamau@redcross.or.ke\n";
    let (records, people) = records_and_people(text);
    assert_eq!(
        records,
        ["Wanjiru Kamau Otieno\tKenya Red Cross Society|+254722380112|wkamau@redcross.or.ke"]
    );
    // Negative: a job title is no person.
    assert_eq!(people, ["Wanjiru Kamau Otieno"]);

    let text = "The camps are full.\n\nFor more information, please contact:\n\
Ruth Oduya Kamara, Media Manager: r.kamara@example.org / +44 7831 650 401\n\
Out of hours: media@example.org / +44 7701 011 241\n";
    let (records, _) = records_and_people(text);
    assert_eq!(
        records,
        [
            "Ruth Oduya Kamara\t|+447831650401|r.kamara@example.org",
            "\t|+447701011241|media@example.org",
        ]
    );

    let text =
        "Las llegadas siguen.\n\nMás información:\nGabinete de Prensa – Cruz Roja Española\n\
Marta Vidal Soler\n+34 922 28 29 25\nmvidal@cruzroja.es\n";
    let (records, _) = records_and_people(text);
    assert_eq!(
        records,
        ["Marta Vidal Soler\tGabinete de Prensa – Cruz Roja Española|+34922282925|mvidal@cruzroja.es"]
    );
    // Negative: the same words inside prose open no block.
    let text = "Para más información sobre el programa, Marta Vidal Soler visitó Madrid.\n";
    let (records, _) = records_and_people(text);
    assert!(records.is_empty(), "{records:?}");
}

#[test]
fn an_office_before_the_name_on_each_line_is_that_persons() {
    let text =
        "Contacts:\nUNHCR Moldova: Irina Popescu-Lungu, ipopescu@unhcr.org, +373 69 110 458\n\
Moldova Red Cross Society: Ion Rusu, ion.rusu@redcross.md, +373 22 729 645\n";
    let (records, _) = records_and_people(text);
    assert_eq!(
        records,
        [
            "Irina Popescu-Lungu\tUNHCR Moldova|+37369110458|ipopescu@unhcr.org",
            "Ion Rusu\tMoldova Red Cross Society|+37322729645|ion.rusu@redcross.md",
        ]
    );
    let text = "For more information, please contact Amina Farah Hassan at IOM Djibouti, Tel: +253 21 35 22 36, Email: afarah@iom.int\n";
    let (records, _) = records_and_people(text);
    assert_eq!(
        records,
        ["Amina Farah Hassan\tIOM Djibouti|+25321352236|afarah@iom.int"]
    );
}

#[test]
fn a_trunk_zero_in_brackets_is_no_digit_of_the_number() {
    assert_eq!(
        without_trunk_zero("+32 (0)2 515 61 19").as_deref(),
        Some("+3225156119")
    );
    assert_eq!(
        without_trunk_zero("+44 (0)7831 650 409").as_deref(),
        Some("+447831650409")
    );
    // Negative: other writings keep the phone module's value.
    assert_eq!(without_trunk_zero("+32 2 515 61 19"), None);
    assert_eq!(without_trunk_zero("(0)2 515 61 19"), None);
}

#[test]
fn names_in_bylines_with_initials_filiations_and_compound_first_names() {
    // Invented names and places.
    let text = "Par Jean-Noël Mvondo Etoga\n\
By Hannah Lefebvre-Osei Staff Writer\n\
Le préfet du département du Lom, Paul-Étienne Bikoro Nsia, a annoncé des renforts.\n\
Mayor Nathaniel R. Whitcombe said the shelter would stay open. Whitcombe added that funds were short.\n\
« L'eau manque », témoigne Mariem Mint Sidiya, animatrice du comité. Le commissaire, \
Ahmed Salem Ould Bouna Cheikh, a rappelé le plan.\n\
« Merci à tous », a déclaré Awa Bernadette Kouamé épouse Dosso.\n";
    let people = people_written(text);
    for name in [
        "Jean-Noël Mvondo Etoga",
        "Hannah Lefebvre-Osei",
        "Paul-Étienne Bikoro Nsia",
        "Nathaniel R. Whitcombe",
        "Whitcombe",
        "Mariem Mint Sidiya",
        "Ahmed Salem Ould Bouna Cheikh",
        "Awa Bernadette Kouamé épouse Dosso",
    ] {
        assert!(people.iter().any(|p| p == name), "{name}: {people:?}");
    }
    // Negative: the role after a byline's name and the title before a name are not the name's.
    assert!(
        !people
            .iter()
            .any(|p| p.contains("Staff") || p.starts_with("Mayor")),
        "{people:?}"
    );
}

#[test]
fn offices_from_the_layout_of_a_list_whatever_organisations_are_known() {
    // Invented: the office beside the name after a dash, in brackets, on the line above, before
    // the name on its line; national numbers read with the dateline's country.
    let text = "RENNES, le 4 mars 2024 – Les ateliers reprennent en avril.\n\n\
Contacts presse :\n\n\
Claire Martin – Collectif Tisserands\n\
Tél. +33 2 98 44 12 30\n\
c.martin@tisserands.fr\n\n\
Julien Moreau (Atelier Passerelles) – 06 71 22 48 90\n\n\
Cabinet de l'adjointe aux Solidarités\n\
Sophie Bernard – +33 2 98 96 37 00 – sophie.bernard@mairie-exemple.fr\n\n\
Réseau Boussole : Thomas Petit, 06 12 34 56 78, thomas@boussole.org\n";
    let (records, _) = records_and_people(text);
    assert_eq!(
        records,
        [
            "Claire Martin\tCollectif Tisserands|+33298441230|c.martin@tisserands.fr",
            "Julien Moreau\tAtelier Passerelles|+33671224890|",
            "Sophie Bernard\tCabinet de l'adjointe aux Solidarités|+33298963700|sophie.bernard@mairie-exemple.fr",
            "Thomas Petit\tRéseau Boussole|+33612345678|thomas@boussole.org",
        ]
    );
}

#[test]
fn a_name_after_a_role_and_a_comma_or_with_an_age() {
    let text = "« Il faut des couvertures », a précisé la directrice régionale de la santé, \
Clémence Ondoua Mbarga. Tomasa Quilla Mamani, 47, a street vendor, lost her stall. \
\"Nos quedamos sin nada\", dijo Eulalia, voluntaria de la filial. Eulalia coordina el albergue. \
City Manager Rosalind Anne Kettering told the council that beds were full.\n";
    let people = people_written(text);
    for name in [
        "Clémence Ondoua Mbarga",
        "Tomasa Quilla Mamani",
        "Eulalia",
        "Rosalind Anne Kettering",
    ] {
        assert!(people.iter().any(|p| p == name), "{name}: {people:?}");
    }
    // Negative: a place before `según` or after a role-less comma is no person; a town in a
    // list after a generic word is no person either.
    let people = people_written(
        "Llueve en las comunidades de Reyes y Santa Rosa del Yacuma, según el último reporte. \
The flood reached Eastern Samar and Ibo Island. Service communication – Ville de Briançon\n",
    );
    assert!(people.is_empty(), "{people:?}");
}

#[test]
fn an_office_with_commas_on_a_line_of_its_own() {
    let text = "The pilot opens in June.\n\nContacts\nJane Holloway\nPress Secretary\n\
Office of the Minister of Housing, Infrastructure and Communities\n613-957-2991\n\
jane.holloway@infc.gc.ca\n";
    let (records, _) = records_and_people(text);
    assert_eq!(
        records,
        ["Jane Holloway\tOffice of the Minister of Housing, Infrastructure and Communities|+16139572991|jane.holloway@infc.gc.ca"]
    );
}

#[test]
fn a_press_office_without_a_name_and_what_is_no_record() {
    // A press unit heading its organisation; a label is no office; a job title is no office;
    // an address with a switchboard number is no contact.
    let text = "Se abrió la oficina.\n\n\
Prensa Municipalidad de Tandil\n\
Tel. (0249) 443-2000 int. 215 – prensa@tandil.gob.ar\n";
    let (records, people) = records_and_people(text);
    assert_eq!(
        records,
        ["\tMunicipalidad de Tandil|+542494432000|prensa@tandil.gob.ar"]
    );
    assert!(people.is_empty(), "{people:?}");
    let text = "The camp reopened.\n\nContact:\n\
Sarah Cohen, Senior Media Officer: s.cohen@relief-exemple.org / +44 20 7946 0321\n\
Out of hours: media@relief-exemple.org / +44 7700 900123\n\n\
Harbour Relief Trust – 12 Harbour Street, London E1 6AN – Tel. +44 20 7946 0000\n";
    let (records, _) = records_and_people(text);
    assert_eq!(
        records,
        [
            "Sarah Cohen\t|+442079460321|s.cohen@relief-exemple.org",
            "\t|+447700900123|media@relief-exemple.org",
        ]
    );
}

#[test]
fn entities_within_a_span_are_those_a_pass_finds() {
    let mut draws = crate::testing::Draws(0x9e37_79b9_7f4a_7c15);
    for _ in 0..300 {
        let n = draws.below(40);
        let items: Vec<Entity> = (0..n)
            .map(|_| {
                let start = draws.below(60);
                Entity::new(Kind::Email, start..start + draws.below(8), "")
            })
            .collect();
        let by_start = ByStart::new(&items);
        for _ in 0..20 {
            let start = draws.below(70);
            let span = start..start + draws.below(30);
            let plain: Vec<*const Entity> = items
                .iter()
                .filter(|e| e.range.start >= span.start && e.range.end <= span.end)
                .map(|e| e as *const Entity)
                .collect();
            let searched: Vec<*const Entity> = by_start
                .within(span.clone())
                .map(|e| e as *const Entity)
                .collect();
            assert_eq!(searched, plain, "{span:?}");
        }
    }
}
