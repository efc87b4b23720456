//! Proposals and the funnel: one table of (state, action, role) → state, with the rules beside it.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::actor::{Actor, Role};
use crate::challenge::Challenge;
use crate::error::DomainError;
use crate::ids::{OrganizationId, UserId};
use crate::text::Note;

mod content;
mod state;

pub use content::*;
pub use state::*;

use ProposalAction as A;

crate::ids::id_type!(
    /// Identifies a proposal.
    ProposalId,
    "proposal"
);

/// A proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Id.
    pub id: ProposalId,
    /// The challenge it answers.
    pub challenge_id: crate::challenge::ChallengeId,
    /// The proposing organisation.
    pub organization_id: OrganizationId,
    /// Who created it.
    pub created_by: UserId,
    /// Content.
    pub content: ProposalContent,
    /// Co-authors (members of the same organisation).
    pub team: BTreeSet<UserId>,
    /// Funnel state.
    pub state: ProposalState,
    /// Submission version: 1 at first, +1 at each resubmission.
    pub version: i32,
    /// Revision, for ETags: every change increments it.
    pub revision: i32,
    /// When it was last submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// An accepted move, to record in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// The action.
    pub action: ProposalAction,
    /// From.
    pub from: ProposalState,
    /// To.
    pub to: ProposalState,
    /// The note (reason, rationale).
    pub note: Option<Note>,
    /// The proposal's version after the move.
    pub version: i32,
}

/// Who is told about a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The proposal's author and team.
    Team,
    /// Every hub manager.
    HubManagers,
}

/// The emails a move causes.
pub fn mails_for(action: ProposalAction) -> &'static [(crate::mail::MailTemplate, Audience)] {
    use crate::mail::MailTemplate as M;
    match action {
        A::Submit => &[(M::ProposalSubmitted, Audience::Team)],
        A::Resubmit => &[(M::ProposalSubmitted, Audience::Team), (M::ProposalResubmitted, Audience::HubManagers)],
        A::RequestRevision => &[(M::RevisionRequested, Audience::Team)],
        A::ScreenIneligible => &[(M::ProposalIneligible, Audience::Team)],
        A::DecideAccept | A::DecideReject => &[(M::Decision, Audience::Team)],
        A::Promote => &[(M::ProposalPromoted, Audience::Team)],
        _ => &[],
    }
}

impl Proposal {
    /// Whether `actor` may see it without an assignment (see [`crate::visibility`], the one home of the
    /// rule).
    pub fn visible_to(&self, actor: &Actor) -> bool {
        crate::visibility::visibility(actor).check(self, None).is_ok()
    }

    /// Whether `actor` is one of its team: a proposer of its organisation (the one home of the rule).
    pub fn is_team(&self, actor: &Actor) -> bool {
        actor.has_role(Role::Proposer) && actor.organization_id == self.organization_id
    }

    /// Whether `actor` reads the record of its procedure — the feedback and summary, the notice of the
    /// grounds, the requests for review: a proposer of its organisation, or a hub manager (the one home of
    /// the rule; anyone else is told it does not exist).
    pub fn record_readable_by(&self, actor: &Actor) -> bool {
        self.is_team(actor) || actor.has_role(Role::HubManager)
    }

    /// Whether `actor` may edit it now: a proposer of its organisation, while editable.
    ///
    /// # Errors
    /// `Forbidden` for other roles; `Conflict` when the state does not allow edits.
    pub fn check_edit(&self, actor: &Actor) -> Result<(), DomainError> {
        if !self.is_team(actor) {
            return Err(DomainError::Forbidden("only a proposer of its organisation may edit a proposal".to_owned()));
        }
        if !self.state.is_editable() {
            return Err(DomainError::conflict(
                "not_editable",
                format!("a proposal in state `{}` cannot be edited", self.state),
            ));
        }
        Ok(())
    }

    /// Decides a move: the table, then the rules beside it.
    ///
    /// # Errors
    /// `Forbidden` (role, organisation, unverified email), `Conflict` (state, closed challenge),
    /// `Invalid` (missing note, incomplete content). The note comes parsed ([`Note::parse`] with
    /// [`NOTE_MAX`]).
    pub fn decide(
        &self,
        action: ProposalAction,
        actor: &Actor,
        note: Option<Note>,
        challenge: &Challenge,
        now: DateTime<Utc>,
    ) -> Result<Move, DomainError> {
        let to = next_state(self.state, action, &actor.roles)?;
        let acts_as_proposer = TRANSITIONS.iter().any(|(_, a, role, _)| *a == action && *role == Role::Proposer);
        if acts_as_proposer && actor.organization_id != self.organization_id {
            return Err(DomainError::Forbidden("only its organisation may do this".to_owned()));
        }
        let note = match note {
            Some(note) => Some(note),
            None if action.requires_note() => {
                return Err(DomainError::invalid(
                    "note",
                    "required",
                    format!("`{action}` needs a note explaining why"),
                ));
            }
            None => None,
        };
        let mut version = self.version;
        if action == A::Reopen {
            version += 1;
        }
        if matches!(action, A::Submit | A::Resubmit) {
            if !actor.email_verified {
                return Err(DomainError::Forbidden("verify your email address before submitting".to_owned()));
            }
            if !challenge.accepts_submissions(now) {
                return Err(DomainError::conflict(
                    "challenge_not_open",
                    "the challenge does not accept submissions now (it is not open, or outside its window)",
                ));
            }
            let missing = self.content.missing_for_submission();
            if !missing.is_empty() {
                return Err(DomainError::Invalid(missing));
            }
            if action == A::Resubmit {
                version += 1;
            }
        }
        Ok(Move { action, from: self.state, to, note, version })
    }
}

/// What a decision rests on: the submitted reviews of the current version against the challenge's
/// minimum, the consensus report the challenge requires, and whether the scores (the report's, once
/// final) pass every threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcceptanceCheck {
    /// Submitted reviews of the current version.
    pub submitted_reviews: usize,
    /// The challenge's minimum.
    pub min_reviews: u8,
    /// Whether every pillar mean and the weighted total reach their thresholds.
    pub passes_thresholds: bool,
    /// Whether the challenge requires a consensus report that is not final yet.
    pub consensus_missing: bool,
}

impl AcceptanceCheck {
    /// Why accepting would break the rules, if it would.
    pub fn shortfall(&self) -> Option<String> {
        if self.submitted_reviews < usize::from(self.min_reviews) {
            Some(format!("only {} of the {} required reviews are submitted", self.submitted_reviews, self.min_reviews))
        } else if self.consensus_missing {
            Some(CONSENSUS_MISSING.to_owned())
        } else if !self.passes_thresholds {
            Some("the scores do not pass the challenge's thresholds".to_owned())
        } else {
            None
        }
    }

    /// Allows the decision (`accept` or a rejection), or requires an explicit override reason (kept in
    /// history and audit): an acceptance against every shortfall, a rejection only against a missing
    /// consensus report.
    ///
    /// # Errors
    /// `Conflict` (`override_required`) naming the shortfall when no reason is given.
    pub fn allow(&self, accept: bool, override_reason: Option<Note>) -> Result<Option<Note>, DomainError> {
        let shortfall =
            if accept { self.shortfall() } else { self.consensus_missing.then(|| CONSENSUS_MISSING.to_owned()) };
        let Some(shortfall) = shortfall else { return Ok(None) };
        let verb = if accept { "accept" } else { "reject" };
        match override_reason {
            Some(reason) => Ok(Some(reason)),
            None => Err(DomainError::conflict(
                "override_required",
                format!("{shortfall}: give an `override_reason` to {verb} anyway"),
            )),
        }
    }
}

/// The shortfall of a decision the challenge wants reconciled first.
const CONSENSUS_MISSING: &str = "the challenge requires a final consensus report on this version";

#[cfg(test)]
pub(crate) mod tests;
