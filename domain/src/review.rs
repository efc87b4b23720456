//! Assignments and reviews: an evaluator assigned to one version of a proposal confirms they have no
//! conflict of interest (or declines), drafts a review and submits it, frozen.

use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::error::DomainError;
use crate::ids::UserId;
use crate::named::named_enum;
use crate::proposal::{Move, ProposalId, ProposalState};
use crate::text::Note;

mod content;

pub use content::*;

crate::ids::id_type!(
    /// Identifies an assignment (and its review).
    AssignmentId,
    "review"
);

named_enum!(
    /// Where a review is.
    ReviewState, "state", "unknown_state" {
        /// Assigned; nothing written yet.
        Assigned = "assigned",
        /// A draft is saved.
        InProgress = "in_progress",
        /// Submitted and frozen.
        Submitted = "submitted",
        /// The evaluator declined (a conflict of interest, or unavailable).
        Declined = "declined",
        /// Closed before submission: the proposal left review at this version (decided, withdrawn,
        /// returned for revision, resubmitted).
        Cancelled = "cancelled",
    }
);

impl ReviewState {
    /// Whether the evaluator still works on it (assigned or in progress).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Assigned | Self::InProgress)
    }
}

/// An assignment of an evaluator to one version of a proposal, with its review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Id (also the review's id).
    pub id: AssignmentId,
    /// The proposal.
    pub proposal_id: ProposalId,
    /// The proposal version reviewed.
    pub proposal_version: i32,
    /// The evaluator.
    pub evaluator_id: UserId,
    /// Who assigned it (none for automatic assignment by the system).
    pub assigned_by: Option<UserId>,
    /// Due.
    pub due_at: DateTime<Utc>,
    /// State.
    pub state: ReviewState,
    /// When the evaluator confirmed having no conflict of interest.
    pub conflict_confirmed_at: Option<DateTime<Utc>>,
    /// Why the evaluator declined.
    pub declined_reason: Option<String>,
    /// Why the review was cancelled.
    pub cancelled_reason: Option<String>,
    /// The review.
    pub content: ReviewContent,
    /// When it was submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Revision (ETag).
    pub revision: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// What the evaluator does to their assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    /// Confirm no conflict of interest.
    ConfirmNoConflict,
    /// Decline (reason required).
    Decline,
    /// Save a draft.
    SaveDraft,
    /// Submit.
    Submit,
}

impl ReviewAction {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConfirmNoConflict => "confirm_no_conflict",
            Self::Decline => "decline",
            Self::SaveDraft => "save_draft",
            Self::Submit => "submit",
        }
    }
}

fn refused(state: ReviewState, action: ReviewAction) -> DomainError {
    DomainError::conflict("invalid_transition", format!("a review in state `{state}` cannot `{}`", action.as_str()))
}

/// The longest reason an evaluator may give for declining, in characters.
pub const DECLINE_REASON_MAX: usize = 2_000;

impl Assignment {
    /// Decides an evaluator's action on their own assignment; returns the next state.
    ///
    /// # Errors
    /// `NotFound` for someone else's assignment, `Forbidden` before the conflict check,
    /// `Conflict` for a move its state does not allow (`review_closed` when the proposal, `proposal`
    /// as (state, version), is no longer under review at the assignment's version), `Invalid` for a
    /// missing reason or an incomplete review.
    pub fn decide(
        &self,
        actor: &Actor,
        action: ReviewAction,
        reason: Option<&Note>,
        proposal: (ProposalState, i32),
    ) -> Result<ReviewState, DomainError> {
        if actor.user_id != self.evaluator_id {
            return Err(DomainError::NotFound("review"));
        }
        let open = self.state.is_open();
        if open && !open_at(proposal.0, proposal.1, self.proposal_version) {
            return Err(DomainError::conflict(
                "review_closed",
                "the proposal is no longer under review at this version; the review is closed",
            ));
        }
        match action {
            ReviewAction::ConfirmNoConflict => {
                if !open || self.conflict_confirmed_at.is_some() {
                    return Err(refused(self.state, action));
                }
                Ok(self.state)
            }
            ReviewAction::Decline => {
                if !open {
                    return Err(refused(self.state, action));
                }
                if reason.is_none() {
                    return Err(DomainError::invalid(
                        "reason",
                        "required",
                        "say why you decline (e.g. the conflict of interest)",
                    ));
                }
                Ok(ReviewState::Declined)
            }
            ReviewAction::SaveDraft | ReviewAction::Submit => {
                if !open {
                    return Err(refused(self.state, action));
                }
                if self.conflict_confirmed_at.is_none() {
                    return Err(DomainError::Forbidden(
                        "confirm that you have no conflict of interest first".to_owned(),
                    ));
                }
                if action == ReviewAction::SaveDraft {
                    return Ok(ReviewState::InProgress);
                }
                let missing = self.content.missing_for_submission();
                if missing.is_empty() { Ok(ReviewState::Submitted) } else { Err(DomainError::Invalid(missing)) }
            }
        }
    }
}

/// Whether a review of `assignment_version` may still be worked on: only while its proposal is under
/// review at that version.
pub fn open_at(proposal_state: ProposalState, proposal_version: i32, assignment_version: i32) -> bool {
    proposal_state == ProposalState::UnderReview && proposal_version == assignment_version
}

/// Why open reviews were cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosingReason {
    /// The hub accepted or rejected the proposal.
    ProposalDecided,
    /// Its organisation withdrew it.
    ProposalWithdrawn,
    /// The hub returned it for revision.
    RevisionRequested,
    /// A new version was submitted.
    NewVersion,
}

impl ClosingReason {
    /// The stable name, stored with the cancelled review and named in the evaluator's email.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProposalDecided => "proposal_decided",
            Self::ProposalWithdrawn => "proposal_withdrawn",
            Self::RevisionRequested => "revision_requested",
            Self::NewVersion => "new_version",
        }
    }
}

/// Why a move of a proposal from version `version_before` closes its open reviews, if it does: when it
/// leaves `under_review` or gets a new version.
pub fn closing_reason(step: &Move, version_before: i32) -> Option<ClosingReason> {
    if step.to == ProposalState::UnderReview && step.version == version_before {
        return None;
    }
    Some(match step.to {
        ProposalState::Accepted | ProposalState::Rejected => ClosingReason::ProposalDecided,
        ProposalState::Withdrawn => ClosingReason::ProposalWithdrawn,
        ProposalState::RevisionRequested => ClosingReason::RevisionRequested,
        _ => ClosingReason::NewVersion,
    })
}

#[cfg(test)]
mod tests;
