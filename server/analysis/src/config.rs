//! `tamis.toml`: every setting in one struct, with its default beside it.
//!
//! The command line reads the file found from the checked path upward (or `--config`); the
//! language server reads the one at the workspace root and lets `initializationOptions` and
//! `workspace/didChangeConfiguration` override it, through the same struct.

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::Severity;

/// The name of the configuration file.
pub const FILE_NAME: &str = "tamis.toml";

/// The corpus globs when `files` is not set.
pub const DEFAULT_FILES: &[&str] = &["*.txt"];

/// The configuration as written in `tamis.toml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Globs of the files that make up the corpus, relative to the folder checked.
    /// Default: `["*.txt"]` (matched against file names, at any depth).
    pub files: Option<Vec<String>>,
    /// Globs of files to leave out. Default: none.
    pub exclude: Vec<String>,
    /// Per rule code, or per family (`phone`, `email`, `boilerplate`): `"off"` or a severity
    /// (`"error"`, `"warning"`, `"info"`, `"hint"`). An exact code wins over its family.
    pub rules: BTreeMap<String, RuleLevel>,
    pub boilerplate: BoilerplateConfig,
    pub email: EmailConfig,
    pub phone: PhoneConfig,
}

impl Config {
    /// The corpus globs: `files`, else [`DEFAULT_FILES`].
    pub fn file_globs(&self) -> Vec<String> {
        match &self.files {
            Some(files) => files.clone(),
            None => DEFAULT_FILES.iter().map(|g| g.to_string()).collect(),
        }
    }
}

/// A rule's level in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Error,
    Warning,
    Info,
    Hint,
}

/// `[boilerplate]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct BoilerplateConfig {
    /// A line is corpus boilerplate when it recurs in at least this many documents. Default: 3.
    pub min_docs: u32,
    /// ... and in at least this share of the documents. Default: 0.2.
    pub min_ratio: f64,
    /// A run of recurring lines inside a document is boilerplate from this many lines on
    /// (blocks at the top or bottom count whatever their length). Default: 3.
    pub min_run: usize,
    /// Regular expressions: a line that matches one is boilerplate (safe fix). Default: none.
    pub patterns: Vec<String>,
    /// Regular expressions: a line that matches one is never boilerplate. Default: none.
    pub allow: Vec<String>,
}

impl Default for BoilerplateConfig {
    fn default() -> Self {
        BoilerplateConfig {
            min_docs: 3,
            min_ratio: 0.2,
            min_run: 3,
            patterns: Vec::new(),
            allow: Vec::new(),
        }
    }
}

/// `[email]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct EmailConfig {
    /// Addresses (as written, case-insensitive) that get no finding. Default: none.
    pub allow: Vec<String>,
}

/// `[phone]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct PhoneConfig {
    /// The region (ISO 3166 code such as `"FR"`) of numbers written without a country code.
    /// Default: none, in which case a region named nearby is used, else the number is reported.
    pub default_region: Option<String>,
    /// How fixes write numbers: `"international"` (`+506 2212 5352`) or `"e164"`
    /// (`+50622125352`). Default: `"international"`.
    pub format: PhoneFormat,
    /// Numbers (as written, or their E.164) that get no finding. Default: none.
    pub allow: Vec<String>,
}

/// The format that phone fixes write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PhoneFormat {
    #[default]
    International,
    E164,
}

/// A configuration checked and compiled, ready for the analysis.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub boilerplate_patterns: Vec<Regex>,
    pub boilerplate_allow: Vec<Regex>,
    pub default_region: Option<rlibphonenumber::Region>,
    pub files: globset::GlobSet,
    pub exclude: globset::GlobSet,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new(Config::default()).expect("the default configuration is valid")
    }
}

impl Settings {
    /// Compiles a configuration, rejecting invalid regular expressions, globs and regions.
    pub fn new(config: Config) -> Result<Settings, String> {
        let compile = |list: &[String], what: &str| {
            list.iter()
                .map(|p| Regex::new(p).map_err(|e| format!("invalid {what} `{p}`: {e}")))
                .collect::<Result<Vec<_>, _>>()
        };
        let boilerplate_patterns = compile(&config.boilerplate.patterns, "boilerplate.patterns")?;
        let boilerplate_allow = compile(&config.boilerplate.allow, "boilerplate.allow")?;
        let default_region = match &config.phone.default_region {
            None => None,
            // `Region::from_code` takes any two letters: check the code against the metadata.
            Some(r) => Some(
                crate::phone::region(r)
                    .ok_or_else(|| format!("unknown phone.default-region `{r}`"))?,
            ),
        };
        let files = glob_set(&config.file_globs())?;
        let exclude = glob_set(&config.exclude)?;
        for code in config.rules.keys() {
            if !crate::rules::is_known_code_or_family(code) {
                return Err(format!("unknown rule or family `{code}` in [rules]"));
            }
        }
        Ok(Settings {
            config,
            boilerplate_patterns,
            boilerplate_allow,
            default_region,
            files,
            exclude,
        })
    }

    /// The level configured for a rule code: the exact code first, then its family.
    pub fn level(&self, code: &str) -> Option<RuleLevel> {
        let rules = &self.config.rules;
        if rules.is_empty() {
            return None;
        }
        rules
            .get(code)
            .or_else(|| rules.get(code.split('-').next().unwrap_or(code)))
            .copied()
    }

    /// The severity for a finding of `code`, `None` when the rule is off.
    pub fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.level(code) {
            None => Some(default),
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::Error) => Some(Severity::Error),
            Some(RuleLevel::Warning) => Some(Severity::Warning),
            Some(RuleLevel::Info) => Some(Severity::Info),
            Some(RuleLevel::Hint) => Some(Severity::Hint),
        }
    }

    /// True when a path (relative to the checked folder) belongs to the corpus.
    pub fn is_corpus_file(&self, relative: &Path) -> bool {
        let name = relative.file_name().map(Path::new).unwrap_or(relative);
        (self.files.is_match(relative) || self.files.is_match(name))
            && !(self.exclude.is_match(relative) || self.exclude.is_match(name))
    }
}

fn glob_set(globs: &[String]) -> Result<globset::GlobSet, String> {
    let mut builder = globset::GlobSetBuilder::new();
    for g in globs {
        let glob = globset::GlobBuilder::new(g)
            .literal_separator(false)
            .build()
            .map_err(|e| format!("invalid glob `{g}`: {e}"))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| e.to_string())
}

/// Parses the text of a `tamis.toml`.
pub fn parse(text: &str) -> Result<Config, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_section() {
        let c = parse(
            r#"
            files = ["*.txt", "*.md"]
            [rules]
            phone-grouping = "off"
            email = "error"
            [boilerplate]
            min-docs = 5
            patterns = ["^Partager sur"]
            [phone]
            default-region = "ht"
            format = "e164"
            "#,
        )
        .unwrap();
        let s = Settings::new(c).unwrap();
        assert_eq!(s.severity("phone-grouping", Severity::Info), None);
        assert_eq!(
            s.severity("email-invalid", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(s.default_region, Some(rlibphonenumber::Region::HT));
        assert!(s.is_corpus_file(Path::new("a/b.md")));
    }

    #[test]
    fn rejects_unknown_keys_and_rules() {
        assert!(parse("colour = 1").is_err());
        let c = parse("[rules]\nnope = \"off\"").unwrap();
        assert!(Settings::new(c).unwrap_err().contains("nope"));
    }

    #[test]
    fn rejects_a_region_the_metadata_does_not_have() {
        // Two letters are not enough: `ZZ` and `UK` are no region of libphonenumber's metadata.
        for code in ["ZZ", "uk", "France"] {
            let c = parse(&format!("[phone]\ndefault-region = \"{code}\"")).unwrap();
            let e = Settings::new(c).unwrap_err();
            assert!(e.contains("unknown phone.default-region"), "{code}: {e}");
        }
    }
}
