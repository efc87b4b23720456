//! The blind rule, per version: to read others' reviews (scores, comments, aggregates) of version N of
//! a proposal, your own review of version N is submitted — whatever roles you hold. A hub manager who
//! is not assigned to version N reads every review of it; nobody on the proposal's side (its
//! organisation, its team) reads its reviews, only the feedback after the decision.

use crate::actor::{Actor, Role};
use crate::review::{Assignment, ReviewState};

/// What a reader may read of the reviews of one version of a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewSight {
    /// Every review, with the evaluators' names and confidential comments (hub managers free of the
    /// blind rule).
    Everything,
    /// Their own review, and the others' submitted ones anonymised, without confidential comments
    /// (an evaluator who submitted their own).
    Submitted,
    /// Their own review only (an evaluator who has not submitted, whatever other roles they hold).
    OwnOnly,
}

/// What `actor` may read of the reviews of one version of a proposal: `conflicted` when they are on
/// the proposal's side (see [`crate::duties::conflict_of_interest`]), `own` the state of their own
/// assignment to that version, if any.
pub fn review_sight(actor: &Actor, conflicted: bool, own: Option<ReviewState>) -> ReviewSight {
    let manager = actor.has_role(Role::HubManager) && !conflicted;
    match own {
        Some(state) if state.is_open() => ReviewSight::OwnOnly,
        Some(ReviewState::Submitted) if manager => ReviewSight::Everything,
        Some(ReviewState::Submitted) => ReviewSight::Submitted,
        _ if manager => ReviewSight::Everything,
        _ => ReviewSight::OwnOnly,
    }
}

/// How a review is shown to a reader allowed to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revealed {
    /// The review, without what the reader may not read.
    pub review: Assignment,
    /// Whether the reader may know who wrote it.
    pub named: bool,
}

impl ReviewSight {
    /// Whether the reader reads the scores of others, one by one or aggregated (the ranking, a
    /// decision's basis).
    pub fn reads_others(self) -> bool {
        self != Self::OwnOnly
    }

    /// The review as `actor` may read it, or `None`.
    pub fn reveal(self, actor: &Actor, mut review: Assignment) -> Option<Revealed> {
        if review.evaluator_id == actor.user_id {
            return Some(Revealed { review, named: true });
        }
        match self {
            Self::Everything => Some(Revealed { review, named: true }),
            Self::Submitted if review.state == ReviewState::Submitted => {
                review.content.confidential_comment = None;
                Some(Revealed { review, named: false })
            }
            Self::Submitted | Self::OwnOnly => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::Utc;

    use super::*;
    use crate::actor::Credential;
    use crate::ids::{OrganizationId, UserId};
    use crate::proposal::ProposalId;
    use crate::review::{AssignmentId, ReviewContent};

    fn actor(roles: &[Role]) -> Actor {
        Actor {
            user_id: UserId::new(),
            organization_id: OrganizationId::new(),
            is_org_owner: false,
            roles: roles.iter().copied().collect::<BTreeSet<_>>(),
            email_verified: true,
            credential: Credential::Session,
        }
    }

    fn review(by: UserId, state: ReviewState) -> Assignment {
        let now = Utc::now();
        Assignment {
            id: AssignmentId::new(),
            proposal_id: ProposalId::new(),
            proposal_version: 2,
            evaluator_id: by,
            assigned_by: None,
            due_at: now,
            state,
            conflict_confirmed_at: Some(now),
            declined_reason: None,
            cancelled_reason: None,
            content: ReviewContent { confidential_comment: Some("for the hub".to_owned()), ..ReviewContent::default() },
            submitted_at: None,
            revision: 1,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn the_blind_rule_holds_whatever_the_roles() {
        let both = actor(&[Role::HubManager, Role::Evaluator]);
        let evaluator = actor(&[Role::Evaluator]);
        let manager = actor(&[Role::HubManager]);
        for state in [ReviewState::Assigned, ReviewState::InProgress] {
            assert_eq!(review_sight(&both, false, Some(state)), ReviewSight::OwnOnly, "the manager role lifts nothing");
            assert_eq!(review_sight(&evaluator, false, Some(state)), ReviewSight::OwnOnly);
        }
        assert_eq!(review_sight(&both, false, Some(ReviewState::Submitted)), ReviewSight::Everything);
        assert_eq!(review_sight(&evaluator, false, Some(ReviewState::Submitted)), ReviewSight::Submitted);
        assert_eq!(review_sight(&evaluator, false, None), ReviewSight::OwnOnly, "a review of another version");
        assert_eq!(review_sight(&evaluator, false, Some(ReviewState::Cancelled)), ReviewSight::OwnOnly);
        assert_eq!(review_sight(&manager, false, None), ReviewSight::Everything);
        assert_eq!(review_sight(&manager, true, None), ReviewSight::OwnOnly, "not on the proposal's side");
    }

    #[test]
    fn revealing_anonymises_and_hides_confidential_comments() {
        let reader = actor(&[Role::Evaluator]);
        let other = review(UserId::new(), ReviewState::Submitted);
        let shown = ReviewSight::Submitted.reveal(&reader, other.clone()).expect("submitted");
        assert!(!shown.named);
        assert_eq!(shown.review.content.confidential_comment, None);
        assert_eq!(ReviewSight::Submitted.reveal(&reader, review(UserId::new(), ReviewState::InProgress)), None);
        assert_eq!(ReviewSight::OwnOnly.reveal(&reader, other.clone()), None);
        let mine = review(reader.user_id, ReviewState::InProgress);
        assert!(ReviewSight::OwnOnly.reveal(&reader, mine).is_some_and(|r| r.named));
        assert!(ReviewSight::Everything.reveal(&reader, other).is_some_and(|r| r.named));
    }
}
