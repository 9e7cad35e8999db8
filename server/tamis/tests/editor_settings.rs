//! The editors name exactly the settings of `tamis.toml`: the VS Code extension's
//! `package.json` (and the keys `extension.ts` sends), the Neovim plugin's `settings_keys`, and
//! the entity types the VS Code theme knows.

mod common;

use std::collections::BTreeSet;

use common::repo;
use serde_json::Value;
use tamis_analysis::config::{Config, DEFAULT_FILES};
use tamis_analysis::ide::HIGHLIGHT_KINDS;

/// The dotted keys of `tamis.toml`, from its struct (a table of maps such as `rules` is one key).
fn toml_keys() -> BTreeSet<String> {
    // Options are left out of the serialization when unset: set them to see their keys.
    let mut config = Config {
        files: Some(Vec::new()),
        ..Config::default()
    };
    config.phone.default_region = Some(String::new());
    let value = serde_json::to_value(config).unwrap();
    let mut keys = BTreeSet::new();
    for (k, v) in value.as_object().unwrap() {
        match v {
            Value::Object(section) if k != "rules" => {
                for sub in section.keys() {
                    keys.insert(format!("{k}.{sub}"));
                }
            }
            _ => {
                keys.insert(k.clone());
            }
        }
    }
    keys
}

/// `minDocs` → `min-docs`.
fn kebab(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn package_json() -> Value {
    let text = std::fs::read_to_string(repo().join("editors/vscode/package.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn vscode_settings_are_the_toml_keys() {
    let package = package_json();
    let properties = package["contributes"]["configuration"]["properties"]
        .as_object()
        .unwrap();
    let settings: BTreeSet<String> = properties
        .keys()
        .filter_map(|k| k.strip_prefix("tamis."))
        .filter(|k| !k.starts_with("server."))
        .map(|k| k.split('.').map(kebab).collect::<Vec<_>>().join("."))
        .collect();
    assert_eq!(
        settings,
        toml_keys(),
        "package.json settings vs tamis.toml keys"
    );

    // extension.ts turns each setting into its tamis.toml key: `put("phone", "format", …)`.
    let ts = std::fs::read_to_string(repo().join("editors/vscode/src/extension.ts")).unwrap();
    let put = regex::Regex::new(r#"put\((undefined|"([a-z]+)"), "([a-z-]+)", set\("#).unwrap();
    let sent: BTreeSet<String> = put
        .captures_iter(&ts)
        .map(|c| match c.get(2) {
            Some(section) => format!("{}.{}", section.as_str(), &c[3]),
            None => c[3].to_string(),
        })
        .collect();
    assert_eq!(
        sent,
        toml_keys(),
        "keys extension.ts sends vs tamis.toml keys"
    );

    // The defaults the extension shows are the server's.
    let defaults = serde_json::to_value(Config::default()).unwrap();
    let shown = |key: &str| properties[&format!("tamis.{key}")]["default"].clone();
    assert_eq!(
        shown("boilerplate.minDocs"),
        defaults["boilerplate"]["min-docs"]
    );
    assert_eq!(
        shown("boilerplate.minRatio"),
        defaults["boilerplate"]["min-ratio"]
    );
    assert_eq!(
        shown("boilerplate.minRun"),
        defaults["boilerplate"]["min-run"]
    );
    assert_eq!(shown("phone.format"), defaults["phone"]["format"]);
    assert_eq!(shown("files"), serde_json::json!(DEFAULT_FILES));
}

#[test]
fn neovim_settings_are_the_toml_keys() {
    let lua = std::fs::read_to_string(repo().join("editors/nvim/lua/tamis/init.lua")).unwrap();
    let start = lua
        .find("M.settings_keys = {")
        .expect("M.settings_keys in init.lua");
    let end = start + lua[start..].find('}').unwrap();
    let keys: BTreeSet<String> = regex::Regex::new(r#""([a-z.-]+)""#)
        .unwrap()
        .captures_iter(&lua[start..end])
        .map(|c| c[1].to_string())
        .collect();
    assert_eq!(keys, toml_keys(), "M.settings_keys vs tamis.toml keys");
}

#[test]
fn vscode_token_types_are_the_highlighted_entity_types() {
    let package = package_json();
    let ids: Vec<&str> = package["contributes"]["semanticTokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    let kinds: Vec<&str> = HIGHLIGHT_KINDS.iter().map(|k| k.as_str()).collect();
    assert_eq!(ids, kinds);
}
