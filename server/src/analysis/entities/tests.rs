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
