//! The server's configuration: `tamis.toml` at the workspace root, overridden by the client's
//! `initializationOptions`, then by `workspace/didChangeConfiguration`. All three use the keys of
//! `tamis.toml` (`{"phone": {"default-region": "HT"}}`).

use std::path::PathBuf;

use serde_json::Value;

use tamis_analysis::config::{self, Config, Settings, FILE_NAME};

/// The configuration file of the first workspace root.
pub fn file(roots: &[PathBuf]) -> Option<PathBuf> {
    roots.first().map(|r| r.join(FILE_NAME))
}

/// The settings in force.
pub fn effective(
    roots: &[PathBuf],
    init: Option<&Value>,
    client: Option<&Value>,
) -> Result<Settings, String> {
    let base = match file(roots).filter(|p| p.is_file()) {
        Some(path) => crate::workspace::read_config(&path)?,
        None => Config::default(),
    };
    let mut value = serde_json::to_value(base).map_err(|e| e.to_string())?;
    for layer in [init, client].into_iter().flatten() {
        if layer.is_object() {
            merge(&mut value, layer);
        }
    }
    let config: Config = serde_json::from_value(strip_nulls(value)).map_err(|e| e.to_string())?;
    Settings::new(config)
}

fn merge(base: &mut Value, layer: &Value) {
    match (base, layer) {
        (Value::Object(b), Value::Object(l)) => {
            for (k, v) in l {
                merge(b.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (b, l) => *b = l.clone(),
    }
}

fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Adds `value` to the list `section.key` of the workspace's `tamis.toml`, creating the file or
/// the section when needed and keeping the rest of the file as it is.
pub fn add_to_list(
    roots: &[PathBuf],
    section: &str,
    key: &str,
    value: &str,
) -> Result<PathBuf, String> {
    let path = file(roots).ok_or("no workspace folder to hold tamis.toml")?;
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let table = doc
        .entry(section)
        .or_insert(toml_edit::table())
        .as_table_mut()
        .ok_or_else(|| format!("`{section}` in {} is not a table", path.display()))?;
    let list = table
        .entry(key)
        .or_insert(toml_edit::value(toml_edit::Array::new()))
        .as_array_mut()
        .ok_or_else(|| format!("`{section}.{key}` in {} is not a list", path.display()))?;
    if !list.iter().any(|v| v.as_str() == Some(value)) {
        list.push(value);
    }
    let new = doc.to_string();
    // The same checks as any configuration: never write a file tamis cannot read back.
    Settings::new(config::parse(&new)?)?;
    crate::workspace::write_atomically(&path, None, new.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}
