//! Symbol search: which entities match what the user typed.

use crate::entities::Kind;

/// A search for entities by their text or normalised value, case-insensitive.
pub struct SymbolQuery {
    lowercase: String,
}

impl SymbolQuery {
    pub fn new(query: &str) -> SymbolQuery {
        SymbolQuery {
            lowercase: query.to_lowercase(),
        }
    }

    /// True when an entity of `kind`, written `text` (spaces collapsed) and normalised as
    /// `normalized`, matches. Contact records are never symbols: their parts are.
    pub fn matches(&self, kind: Kind, text: &str, normalized: &str) -> bool {
        kind != Kind::Contact
            && (self.lowercase.is_empty()
                || text.to_lowercase().contains(&self.lowercase)
                || normalized.to_lowercase().contains(&self.lowercase))
    }
}
