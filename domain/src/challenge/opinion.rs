//! A sponsor's opinion (*parere*) on a proposal under review: asked for per challenge, given by an
//! officer of one of its administrations (the sponsor or a co-sponsor), one per administration and
//! proposal and kept up to date until the decision, read by hub managers before they decide. It binds
//! no one: the decision and its rationale stay the hub's.

use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::error::{DomainError, FieldError, Validation};
use crate::ids::{OrganizationId, UserId};
use crate::named::named_enum;
use crate::need::require_officer;
use crate::proposal::{ProposalId, ProposalState};
use crate::text::Note;

use super::Challenge;

named_enum!(
    /// What an administration thinks of a proposal.
    OpinionVerdict, "verdict", "unknown_verdict" {
        /// In favour.
        Favourable = "favourable",
        /// In favour, on conditions or with remarks the text states.
        FavourableWithRemarks = "favourable_with_remarks",
        /// Not in favour.
        Unfavourable = "unfavourable",
    }
);

/// The longest opinion, in characters.
pub const OPINION_MAX: usize = 4_000;
/// The shortest: an opinion gives its reasons.
pub const OPINION_MIN: usize = 10;

/// An opinion as validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionContent {
    /// In favour or not.
    pub verdict: OpinionVerdict,
    /// Its reasons (and, in favour with remarks, the remarks).
    pub text: Note,
}

impl OpinionContent {
    /// Validates an opinion: both fields required, the text [`OPINION_MIN`] to [`OPINION_MAX`]
    /// characters.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each missing or wrong field.
    pub fn parse(verdict: Option<&str>, text: Option<&str>) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let verdict = match verdict.map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => v.check(raw.parse::<OpinionVerdict>()),
            None => {
                v.push(FieldError::new("verdict", "required", "is required"));
                None
            }
        };
        let text = match v.check(Note::parse_within("text", text, OPINION_MIN, OPINION_MAX)) {
            Some(None) => {
                v.push(FieldError::new("text", "required", "give the opinion's reasons"));
                None
            }
            other => other.flatten(),
        };
        v.finish()?;
        match (verdict, text) {
            (Some(verdict), Some(text)) => Ok(Self { verdict, text }),
            _ => Err(DomainError::invalid("verdict", "required", "is required")),
        }
    }
}

/// An administration's opinion on a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SponsorOpinion {
    /// The proposal.
    pub proposal_id: ProposalId,
    /// The administration.
    pub organization_id: OrganizationId,
    /// Its name.
    pub organization_name: String,
    /// What it thinks.
    pub content: OpinionContent,
    /// The officer who last gave it.
    pub given_by: UserId,
    /// First given.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A proposal as an opinion on it needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpinionSubject {
    /// Its organisation.
    pub organization_id: OrganizationId,
    /// Where it is.
    pub state: ProposalState,
}

impl Challenge {
    /// Whether `actor` may give (or update) an opinion on `proposal`, one of its proposals, for their
    /// administration (`co_sponsor`: whether it co-sponsors the challenge): an officer of the sponsor or
    /// of a co-sponsor, while the challenge asks for opinions and the proposal is under review, never on
    /// a proposal of their own administration.
    ///
    /// # Errors
    /// `Forbidden` for who is not an officer of one of its administrations; `Conflict`:
    /// `opinions_not_requested`, `own_proposal`, `not_under_review`.
    pub fn check_opinion(&self, actor: &Actor, co_sponsor: bool, proposal: OpinionSubject) -> Result<(), DomainError> {
        require_officer(actor)?;
        if !(self.is_sponsor_officer(actor) || co_sponsor) {
            return Err(DomainError::Forbidden(
                "only the officers of a challenge's administrations give an opinion on its proposals".to_owned(),
            ));
        }
        if !self.content.sponsor_opinions {
            return Err(DomainError::conflict(
                "opinions_not_requested",
                "this challenge does not ask its administrations for opinions",
            ));
        }
        if proposal.organization_id == actor.organization_id {
            return Err(DomainError::conflict(
                "own_proposal",
                "an administration gives no opinion on a proposal of its own (a conflict of interest)",
            ));
        }
        if proposal.state != ProposalState::UnderReview {
            return Err(DomainError::conflict(
                "not_under_review",
                format!("an opinion is given while the proposal is under review, not `{}`", proposal.state),
            ));
        }
        Ok(())
    }

    /// The administrations asked for an opinion when a proposal of `proposer` is admitted to review:
    /// the sponsor and the `co_sponsors`, never the proposal's own, each once; none when the challenge
    /// asks for no opinion.
    pub fn asked_for_opinion(&self, co_sponsors: &[OrganizationId], proposer: OrganizationId) -> Vec<OrganizationId> {
        if !self.content.sponsor_opinions {
            return Vec::new();
        }
        let mut asked: Vec<OrganizationId> = Vec::new();
        for org in std::iter::once(&self.content.sponsor_id).chain(co_sponsors) {
            if *org != proposer && !asked.contains(org) {
                asked.push(*org);
            }
        }
        asked
    }
}
