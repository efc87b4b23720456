//! The PSN service catalogue: services promoted from accepted proposals or written by the catalogue
//! team, their lifecycle, and their publiccode.yml.

use chrono::{DateTime, Utc};

use crate::error::DomainError;
use crate::pillar::{HalfPoints, Pillar};
use crate::proposal::ProposalId;
use crate::text::Note;

mod content;
pub mod publiccode;

pub use content::*;

crate::ids::id_type!(
    /// Identifies a catalogue service.
    ServiceId,
    "service"
);

use crate::named::named_enum;

named_enum!(
    /// How the service is delivered on the PSN cloud.
    ServiceModel, "service_model", "unknown_service_model" {
        /// Infrastructure as a service.
        Iaas = "iaas",
        /// Platform as a service.
        Paas = "paas",
        /// Containers as a service.
        Caas = "caas",
        /// Software as a service.
        Saas = "saas",
    }
);

named_enum!(
    /// How mature the software is (publiccode.yml `developmentStatus`).
    DevelopmentStatus, "development_status", "unknown_development_status" {
        /// An idea.
        Concept = "concept",
        /// Being built.
        Development = "development",
        /// Usable, with known gaps.
        Beta = "beta",
        /// In production use.
        Stable = "stable",
        /// No longer maintained.
        Obsolete = "obsolete",
    }
);

named_enum!(
    /// Where a service is in its life.
    ServiceState, "state", "unknown_state" {
        /// Being written; editors only.
        Draft = "draft",
        /// In the public catalogue.
        Published = "published",
        /// Still public, with a reason and maybe a replacement; not for new adoptions.
        Deprecated = "deprecated",
        /// Withdrawn from public view.
        Retired = "retired",
    }
);

impl ServiceState {
    /// Whether anonymous users see a service in this state.
    pub fn is_public(self) -> bool {
        matches!(self, Self::Published | Self::Deprecated)
    }
}

/// What an editor does to a service's lifecycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceAction {
    /// Into the public catalogue (every publiccode.yml field present).
    Publish,
    /// Not for new adoptions, with a reason and maybe a replacement.
    Deprecate {
        /// Why.
        reason: Note,
        /// The service to adopt instead.
        replacement: Option<ServiceId>,
    },
    /// Out of public view.
    Retire,
}

impl ServiceAction {
    /// The stable name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Publish => "publish",
            Self::Deprecate { .. } => "deprecate",
            Self::Retire => "retire",
        }
    }

    /// A deprecation: it needs a reason, parsed with [`DEPRECATION_REASON`]'s bounds.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] on `reason`.
    pub fn deprecate(reason: Option<Note>, replacement: Option<ServiceId>) -> Result<Self, DomainError> {
        let Some(reason) = reason else {
            return Err(DomainError::invalid("reason", "required", "is required to deprecate"));
        };
        Ok(Self::Deprecate { reason, replacement })
    }
}

/// The bounds of a deprecation's reason, in characters: at least 3, at most 2,000.
pub const DEPRECATION_REASON: (usize, usize) = (3, 2_000);

/// Turns a title into a slug: lowercase ASCII letters and digits joined by single hyphens, at most 60
/// characters (accents dropped: "Qualità dell'aria" → "qualita-dell-aria").
pub fn slugify(title: &str) -> String {
    let folded: String = title.chars().map(fold_accent).map(|c| c.to_ascii_lowercase()).collect();
    let mut slug = String::new();
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if slug.len() + 1 + word.len() > 60 {
            if slug.is_empty() {
                slug = word.chars().take(60).collect();
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.len() < 3 { format!("servizio-{slug}").trim_end_matches('-').to_owned() } else { slug }
}

/// Lowercase text with Italian accents folded, as the catalogue's full-text search compares it.
pub fn fold_for_search(text: &str) -> String {
    text.chars().map(fold_accent).flat_map(char::to_lowercase).collect()
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        c => c,
    }
}

/// A catalogue service.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Id.
    pub id: ServiceId,
    /// Content.
    pub content: ServiceContent,
    /// State.
    pub state: ServiceState,
    /// The accepted proposal it was promoted from.
    pub origin_proposal: Option<ProposalId>,
    /// The pillar means at acceptance, for promoted services.
    pub scores: Option<PillarScores>,
    /// Why it was deprecated.
    pub deprecation_reason: Option<String>,
    /// The service to adopt instead.
    pub replacement: Option<ServiceId>,
    /// Revision, for ETags.
    pub revision: i32,
    /// When it was first published.
    pub published_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl Service {
    /// The mean of the pillar scores at acceptance (the catalogue's "score" sort and filter).
    pub fn score(&self) -> Option<f64> {
        self.scores.map(|s| s.iter().map(|h| f64::from(h.halves()) / 2.0).sum::<f64>() / 4.0)
    }

    /// The pillar score at acceptance.
    pub fn pillar_score(&self, pillar: Pillar) -> Option<HalfPoints> {
        self.scores.map(|s| s[pillar.index()])
    }

    /// Applies an edit. A published, deprecated or retired service keeps its slug.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] for wrong fields or a changed slug after publication.
    pub fn edit(&self, input: ServiceInput) -> Result<ServiceContent, DomainError> {
        let next = self.content.edit(input)?;
        if self.state != ServiceState::Draft && next.slug != self.content.slug {
            return Err(DomainError::invalid("slug", "slug_frozen", "cannot change once the service is published"));
        }
        Ok(next)
    }

    /// The state `action` leads to, checked against the lifecycle and, to publish, completeness.
    ///
    /// # Errors
    /// [`DomainError::Conflict`] `invalid_transition` out of order; [`DomainError::Invalid`] listing every
    /// field publishing still needs; a replacement that is this service itself.
    pub fn apply(&self, action: &ServiceAction) -> Result<ServiceState, DomainError> {
        use ServiceState as S;
        let next = match (self.state, action) {
            (S::Draft, ServiceAction::Publish) => S::Published,
            (S::Published, ServiceAction::Deprecate { .. }) => S::Deprecated,
            (S::Published | S::Deprecated, ServiceAction::Retire) => S::Retired,
            (from, action) => {
                return Err(DomainError::conflict(
                    "invalid_transition",
                    format!("a service in state `{from}` cannot be asked to `{}`", action.as_str()),
                ));
            }
        };
        if matches!(action, ServiceAction::Publish) {
            let missing = self.content.missing_for_publication();
            if !missing.is_empty() {
                return Err(DomainError::Invalid(missing));
            }
        }
        if let ServiceAction::Deprecate { replacement: Some(r), .. } = action
            && *r == self.id
        {
            return Err(DomainError::invalid("replacement", "self_replacement", "cannot name the service itself"));
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests;
