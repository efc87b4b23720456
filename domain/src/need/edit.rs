//! An edit of a need's content by its administration: the fields given replace the current ones, and
//! the whole is checked again by the rules a new need meets ([`NeedContent::parse`]).

use super::{NeedContent, NeedInput};
use crate::error::DomainError;
use crate::named::named_enum;

named_enum!(
    /// A field of a need's content, by the name the API gives it: what an edit changed.
    NeedField, "field", "unknown_field" {
        /// The title.
        Title = "title",
        /// The description.
        Description = "description",
        /// The pillars.
        Pillars = "pillars",
        /// The tags.
        Tags = "tags",
        /// The urgency.
        Urgency = "urgency",
        /// The people served.
        Population = "population",
        /// The lowest budget.
        BudgetMin = "budget_min_eur",
        /// The highest budget.
        BudgetMax = "budget_max_eur",
        /// Whether the public reads it.
        Public = "public",
    }
);

/// An edit of a need's content: each field given replaces the current one; an end of the budget
/// range may be cleared (`Some(None)`), and the range holds both ends or neither.
#[derive(Debug, Clone, Default)]
pub struct NeedPatch {
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Pillar keys.
    pub pillars: Option<Vec<String>>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Urgency name.
    pub urgency: Option<String>,
    /// People served.
    pub population: Option<i64>,
    /// Lowest budget, in euros (`Some(None)`: none).
    pub budget_min_eur: Option<Option<i64>>,
    /// Highest budget, in euros (`Some(None)`: none).
    pub budget_max_eur: Option<Option<i64>>,
    /// Public or not.
    pub public: Option<bool>,
}

impl NeedContent {
    /// Applies an edit: the fields given replace the current ones and the result is validated whole, as
    /// a new need is.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] with a field error per broken rule.
    pub fn edit(&self, patch: NeedPatch) -> Result<Self, DomainError> {
        let (min, max) = (self.budget.map(|b| b.0), self.budget.map(|b| b.1));
        Self::parse(NeedInput {
            title: Some(patch.title.unwrap_or_else(|| self.title.clone())),
            description: Some(patch.description.unwrap_or_else(|| self.description.clone())),
            pillars: Some(patch.pillars.unwrap_or_else(|| self.pillars.iter().map(|p| p.key().to_owned()).collect())),
            tags: Some(patch.tags.unwrap_or_else(|| self.tags.iter().cloned().collect())),
            urgency: Some(patch.urgency.unwrap_or_else(|| self.urgency.as_str().to_owned())),
            population: Some(patch.population.unwrap_or(self.population)),
            budget_min_eur: patch.budget_min_eur.unwrap_or(min),
            budget_max_eur: patch.budget_max_eur.unwrap_or(max),
            public: Some(patch.public.unwrap_or(self.public)),
        })
    }

    /// The fields in which `next` differs from this content, in the order of [`NeedField::ALL`].
    pub fn changes(&self, next: &Self) -> Vec<NeedField> {
        let (before, after) = (self.budget.unzip(), next.budget.unzip());
        NeedField::ALL
            .into_iter()
            .filter(|field| match field {
                NeedField::Title => self.title != next.title,
                NeedField::Description => self.description != next.description,
                NeedField::Pillars => self.pillars != next.pillars,
                NeedField::Tags => self.tags != next.tags,
                NeedField::Urgency => self.urgency != next.urgency,
                NeedField::Population => self.population != next.population,
                NeedField::BudgetMin => before.0 != after.0,
                NeedField::BudgetMax => before.1 != after.1,
                NeedField::Public => self.public != next.public,
            })
            .collect()
    }
}
