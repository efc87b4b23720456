//! What a proposal says, and the rules of its content.

use std::collections::{BTreeMap, BTreeSet};

use crate::challenge::parse_tags;
use crate::error::{DomainError, FieldError, Validation};
use crate::ids::UserId;
use crate::pillar::Pillar;
use crate::text::clean_text;

/// The content of a proposal. Drafts may be incomplete; submission needs every field but the budget.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ProposalContent {
    /// Title, 5 to 200 characters.
    pub title: String,
    /// Summary, up to 500 characters.
    pub summary: Option<String>,
    /// Description, Markdown as written (never rendered by the API).
    pub description: Option<String>,
    /// Technology readiness level, 1 to 9.
    pub trl: Option<u8>,
    /// Requested budget in euro cents.
    pub budget_cents: Option<i64>,
    /// Tags.
    pub tags: BTreeSet<String>,
    /// Self-assessment per pillar.
    pub self_assessment: BTreeMap<Pillar, String>,
    /// The reuse check's answer (CAD art. 68): how the proposal differs from the catalogue services
    /// most like it. Snapshots taken before it existed read as none.
    #[serde(default)]
    pub reuse_assessment: Option<String>,
}

/// Proposal content as given, before validation. `Some(None)` clears an optional field.
#[derive(Debug, Clone, Default)]
pub struct ProposalInput {
    /// Title.
    pub title: Option<String>,
    /// Summary.
    pub summary: Option<Option<String>>,
    /// Description.
    pub description: Option<Option<String>>,
    /// TRL.
    pub trl: Option<Option<i64>>,
    /// Budget in euro cents.
    pub budget_cents: Option<Option<i64>>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Self-assessment by pillar key; `None` text clears a pillar.
    pub self_assessment: Option<Vec<(String, Option<String>)>>,
    /// How it differs from the similar catalogue services.
    pub reuse_assessment: Option<Option<String>>,
}

/// The longest reuse assessment, in characters.
pub const REUSE_ASSESSMENT_MAX: usize = 4_000;

/// The longest note a move of a proposal may carry, in characters.
pub const NOTE_MAX: usize = 4_000;

/// The largest budget accepted: one billion euro.
pub const MAX_BUDGET_CENTS: i64 = 100_000_000_000;

/// The most co-authors a proposal's team names.
pub const TEAM_MAX: usize = 50;

/// Parses a team: at most [`TEAM_MAX`] user ids. (Whether they belong to the organisation is the
/// store's check, in one query.)
///
/// # Errors
/// `Invalid` on `team` when it is too long, on `team[i]` for an entry that is no user id.
pub fn parse_team(raw: &[String]) -> Result<Vec<UserId>, DomainError> {
    crate::text::at_most("team", raw.len(), TEAM_MAX)?;
    raw.iter()
        .enumerate()
        .map(|(i, id)| {
            id.parse::<UserId>().map_err(|_| {
                DomainError::invalid(
                    format!("team[{i}]"),
                    "not_a_member",
                    "is not a member of the proposing organisation",
                )
            })
        })
        .collect()
}

impl ProposalContent {
    /// Validates a new draft: a title is enough.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each wrong field.
    pub fn create(input: ProposalInput) -> Result<Self, DomainError> {
        if input.title.is_none() {
            return Err(DomainError::invalid("title", "required", "is required"));
        }
        Self::default().edit(input)
    }

    /// Applies an edit; given fields replace the current ones.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each wrong field.
    pub fn edit(&self, input: ProposalInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let mut next = self.clone();
        if let Some(title) = input.title.and_then(|t| v.check(clean_text("title", &t, 5, 200, false))) {
            next.title = title;
        }
        if let Some(summary) = input.summary {
            next.summary = summary.and_then(|t| v.check(clean_text("summary", &t, 1, 500, true)));
        }
        if let Some(description) = input.description {
            next.description = description.and_then(|t| v.check(clean_text("description", &t, 1, 50_000, true)));
        }
        if let Some(trl) = input.trl {
            next.trl = match trl {
                None => None,
                Some(level @ 1..=9) => Some(level as u8),
                Some(_) => {
                    v.push(FieldError::new("trl", "out_of_range", "must be a technology readiness level from 1 to 9"));
                    None
                }
            };
        }
        if let Some(budget) = input.budget_cents {
            next.budget_cents = match budget {
                Some(cents) if !(0..=MAX_BUDGET_CENTS).contains(&cents) => {
                    v.push(FieldError::new(
                        "budget_cents",
                        "out_of_range",
                        "must be between 0 and one billion euro, in cents",
                    ));
                    None
                }
                other => other,
            };
        }
        if let Some(tags) = input.tags.and_then(|t| v.check(parse_tags(&t))) {
            next.tags = tags;
        }
        if let Some(text) = input.reuse_assessment {
            next.reuse_assessment = text
                .filter(|t| !t.trim().is_empty())
                .and_then(|t| v.check(clean_text("reuse_assessment", &t, 1, REUSE_ASSESSMENT_MAX, true)));
        }
        for (key, text) in input.self_assessment.unwrap_or_default() {
            let field = format!("self_assessment.{key}");
            let Ok(pillar) = key.parse::<Pillar>() else {
                v.push(FieldError::new(field, "unknown_pillar", "is not one of the four pillars"));
                continue;
            };
            match text.filter(|t| !t.trim().is_empty()) {
                None => {
                    next.self_assessment.remove(&pillar);
                }
                Some(text) => {
                    if let Some(text) = v.check(clean_text(&field, &text, 1, 4000, true)) {
                        next.self_assessment.insert(pillar, text);
                    }
                }
            }
        }
        v.finish()?;
        Ok(next)
    }

    /// The fields submission still needs.
    pub fn missing_for_submission(&self) -> Vec<FieldError> {
        let mut missing = Vec::new();
        let mut need = |field: String, present: bool| {
            if !present {
                missing.push(FieldError::new(field, "required_for_submission", "is required to submit"));
            }
        };
        need("summary".to_owned(), self.summary.is_some());
        need("description".to_owned(), self.description.is_some());
        need("trl".to_owned(), self.trl.is_some());
        for pillar in Pillar::ALL {
            need(format!("self_assessment.{pillar}"), self.self_assessment.contains_key(&pillar));
        }
        missing
    }

    /// The reuse check at submission (CAD art. 68): when the catalogue holds services like the proposal
    /// (`similar_services` of them), its team must say how it differs.
    ///
    /// # Errors
    /// `Invalid` on `reuse_assessment` when similar services exist and the answer is missing.
    pub fn check_reuse(&self, similar_services: usize) -> Result<(), DomainError> {
        if similar_services > 0 && self.reuse_assessment.is_none() {
            return Err(DomainError::invalid(
                "reuse_assessment",
                "reuse_assessment_required",
                format!(
                    "the catalogue has {similar_services} service(s) like this proposal: say how it differs before submitting"
                ),
            ));
        }
        Ok(())
    }
}
