//! Where a proposal is in the funnel and what moves it: one table of (state, action, role) → state.

use std::collections::BTreeSet;

use crate::actor::Role;
use crate::error::DomainError;
use crate::named::named_enum;

named_enum!(
    /// Where a proposal is in the funnel.
    ProposalState, "state", "unknown_state" {
        /// Being written by its organisation.
        Draft = "draft",
        /// Sent to the hub, waiting for screening.
        Submitted = "submitted",
        /// Eligible; being evaluated.
        UnderReview = "under_review",
        /// The hub asked for changes.
        RevisionRequested = "revision_requested",
        /// Accepted by the hub.
        Accepted = "accepted",
        /// Rejected (ineligible at screening, or by decision).
        Rejected = "rejected",
        /// Withdrawn by its organisation.
        Withdrawn = "withdrawn",
        /// Promoted into the PSN catalogue.
        Promoted = "promoted",
    }
);

impl ProposalState {
    /// Accepted or promoted: what the catalogue team works from.
    pub fn is_for_catalogue(self) -> bool {
        matches!(self, Self::Accepted | Self::Promoted)
    }

    /// Whether its organisation may still edit the content.
    pub fn is_editable(self) -> bool {
        matches!(self, Self::Draft | Self::RevisionRequested)
    }
}

named_enum!(
    /// What someone does to a proposal.
    ProposalAction, "action", "unknown_action" {
        /// Send a draft to the hub.
        Submit = "submit",
        /// Screening found it eligible.
        ScreenEligible = "screen_eligible",
        /// Screening found it ineligible (reason required).
        ScreenIneligible = "screen_ineligible",
        /// Ask for changes (note required).
        RequestRevision = "request_revision",
        /// Send the revised proposal (a new version).
        Resubmit = "resubmit",
        /// Accept (rationale required).
        DecideAccept = "decide_accept",
        /// Reject (rationale required).
        DecideReject = "decide_reject",
        /// Withdraw it.
        Withdraw = "withdraw",
        /// Promote into the catalogue.
        Promote = "promote",
        /// A request for review upheld: back to review as a new version (reason required).
        Reopen = "reopen",
    }
);

impl ProposalAction {
    /// Whether the move needs a note (a reason, a rationale).
    pub fn requires_note(self) -> bool {
        matches!(
            self,
            Self::ScreenIneligible | Self::RequestRevision | Self::DecideAccept | Self::DecideReject | Self::Reopen
        )
    }
}

use ProposalAction as A;
use ProposalState as S;

/// The funnel: every allowed move, and nothing else.
pub const TRANSITIONS: &[(ProposalState, ProposalAction, Role, ProposalState)] = &[
    (S::Draft, A::Submit, Role::Proposer, S::Submitted),
    (S::Submitted, A::ScreenEligible, Role::HubManager, S::UnderReview),
    (S::Submitted, A::ScreenIneligible, Role::HubManager, S::Rejected),
    (S::Submitted, A::RequestRevision, Role::HubManager, S::RevisionRequested),
    (S::UnderReview, A::RequestRevision, Role::HubManager, S::RevisionRequested),
    (S::RevisionRequested, A::Resubmit, Role::Proposer, S::Submitted),
    (S::UnderReview, A::DecideAccept, Role::HubManager, S::Accepted),
    (S::UnderReview, A::DecideReject, Role::HubManager, S::Rejected),
    (S::Draft, A::Withdraw, Role::Proposer, S::Withdrawn),
    (S::Submitted, A::Withdraw, Role::Proposer, S::Withdrawn),
    (S::UnderReview, A::Withdraw, Role::Proposer, S::Withdrawn),
    (S::RevisionRequested, A::Withdraw, Role::Proposer, S::Withdrawn),
    (S::Accepted, A::Promote, Role::CatalogueEditor, S::Promoted),
    (S::Rejected, A::Reopen, Role::HubManager, S::UnderReview),
];

/// The state `action` leads to from `from` for someone holding `roles`.
///
/// # Errors
/// [`DomainError::Forbidden`] when none of the roles may ever take this action;
/// [`DomainError::Conflict`] (`invalid_transition`) when they may, but not from this state.
pub fn next_state(
    from: ProposalState,
    action: ProposalAction,
    roles: &BTreeSet<Role>,
) -> Result<ProposalState, DomainError> {
    let mine = |role: &Role| roles.contains(role);
    if !TRANSITIONS.iter().any(|(_, a, role, _)| *a == action && mine(role)) {
        return Err(DomainError::Forbidden(format!("your roles do not allow `{action}`")));
    }
    TRANSITIONS
        .iter()
        .find(|(f, a, role, _)| *f == from && *a == action && mine(role))
        .map(|(_, _, _, to)| *to)
        .ok_or_else(|| {
            DomainError::conflict(
                "invalid_transition",
                format!("a proposal in state `{from}` cannot be moved by `{action}`"),
            )
        })
}
