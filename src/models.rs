//! The Veo 3.1 family: its rows (a model's id, its tier, and the fields it takes, each with its need
//! and allowed values), and how a model is found by its id. The rows themselves are the one table's (spec/family.mjs, written as
//! src/table.rs); tests/models.rs holds them to the vendor's OpenAPI files (spec/api/).

pub use crate::fields::{Need, Take, Tier};
pub use crate::table::{Field, Model, DEFAULT_MODEL, MODELS};

impl Model {
    /// What the row says of `field`. `model` is the row itself: every row takes it.
    pub fn take(&self, field: Field) -> Take {
        if field == Field::Model {
            return (Need::Required, &[]);
        }
        self.takes
            .iter()
            .find(|t| t.0 == field)
            .map_or((Need::No, &[]), |t| (t.1, t.2))
    }

    /// What the API does with `field` left out, as text, when the vendor's file says.
    pub fn default(&self, field: Field) -> Option<&'static str> {
        self.defaults.iter().find(|d| d.0 == field).map(|d| d.1)
    }
}

/// The model a name or a generation id names: an id ends in `:<model>`.
pub fn named_by(name_or_id: &str) -> &str {
    match name_or_id.bytes().rposition(|b| b == b':') {
        Some(i) => name_or_id.get(i + 1..).unwrap_or(name_or_id),
        None => name_or_id,
    }
}

/// The model of this id, if it is one of the family.
pub fn find(id: &str) -> Option<&'static Model> {
    MODELS.iter().find(|m| m.id == id)
}
