//! Who sees which proposal: one decision for reading one proposal and for listing them. Hub managers
//! see every proposal; proposers their organisation's; catalogue editors the accepted and promoted
//! ones; evaluators the ones assigned to them (not declined) once they confirmed having no conflict of
//! interest. A person holding several roles sees the union.

use crate::actor::{Actor, Role};
use crate::error::DomainError;
use crate::ids::{OrganizationId, UserId};
use crate::proposal::Proposal;

/// The proposals an actor sees, as the store filters them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visibility {
    /// Every proposal.
    pub all: bool,
    /// The proposals of this organisation.
    pub organization: Option<OrganizationId>,
    /// The accepted and promoted proposals.
    pub for_catalogue: bool,
    /// The proposals assigned to this evaluator, once cleared of conflicts.
    pub assigned_to: Option<UserId>,
}

/// An evaluator's assignment to a proposal (declined ones do not count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvaluatorAccess {
    /// Assigned, the conflict of interest confirmed.
    Cleared,
    /// Assigned, the conflict of interest not yet confirmed.
    Unconfirmed,
}

/// The proposals `actor` sees.
pub fn visibility(actor: &Actor) -> Visibility {
    Visibility {
        all: actor.has_role(Role::HubManager),
        organization: actor.has_role(Role::Proposer).then_some(actor.organization_id),
        for_catalogue: actor.has_role(Role::CatalogueEditor),
        assigned_to: actor.has_role(Role::Evaluator).then_some(actor.user_id),
    }
}

impl Visibility {
    /// Whether no proposal at all is visible.
    pub fn sees_nothing(&self) -> bool {
        !self.all && self.organization.is_none() && !self.for_catalogue && self.assigned_to.is_none()
    }

    /// Whether `proposal` is visible other than through an assignment to evaluate it: to hub managers, its
    /// organisation's proposers, the catalogue's editors once accepted.
    pub fn sees_unassigned(&self, proposal: &Proposal) -> bool {
        self.all
            || self.organization == Some(proposal.organization_id)
            || (self.for_catalogue && proposal.state.is_for_catalogue())
    }

    /// Whether `proposal` is visible, given the reader's assignment to it, if any.
    ///
    /// # Errors
    /// `Forbidden` for an evaluator assigned but not yet cleared of conflicts; `NotFound` otherwise.
    pub fn check(&self, proposal: &Proposal, access: Option<EvaluatorAccess>) -> Result<(), DomainError> {
        if self.sees_unassigned(proposal) {
            return Ok(());
        }
        match (self.assigned_to, access) {
            (Some(_), Some(EvaluatorAccess::Cleared)) => Ok(()),
            (Some(_), Some(EvaluatorAccess::Unconfirmed)) => Err(DomainError::Forbidden(
                "confirm that you have no conflict of interest before reading the proposal".to_owned(),
            )),
            _ => Err(DomainError::NotFound("proposal")),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::Utc;

    use super::*;
    use crate::actor::Credential;
    use crate::proposal::{ProposalContent, ProposalId, ProposalState};

    fn actor(roles: &[Role], organization: OrganizationId) -> Actor {
        Actor {
            user_id: UserId::new(),
            organization_id: organization,
            is_org_owner: false,
            roles: roles.iter().copied().collect::<BTreeSet<_>>(),
            email_verified: true,
            credential: Credential::Session,
        }
    }

    fn proposal(organization: OrganizationId, state: ProposalState) -> Proposal {
        let now = Utc::now();
        Proposal {
            id: ProposalId::new(),
            challenge_id: crate::challenge::ChallengeId::new(),
            organization_id: organization,
            created_by: UserId::new(),
            content: ProposalContent::default(),
            team: BTreeSet::new(),
            state,
            version: 1,
            revision: 1,
            submitted_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn two_roles_see_the_union() {
        let org = OrganizationId::new();
        let both = visibility(&actor(&[Role::Proposer, Role::CatalogueEditor], org));
        assert_eq!(both.check(&proposal(org, ProposalState::Draft), None), Ok(()));
        assert_eq!(both.check(&proposal(OrganizationId::new(), ProposalState::Accepted), None), Ok(()));
        assert_eq!(
            both.check(&proposal(OrganizationId::new(), ProposalState::Draft), None),
            Err(DomainError::NotFound("proposal"))
        );
        let evaluator = visibility(&actor(&[Role::Evaluator], OrganizationId::new()));
        let p = proposal(org, ProposalState::UnderReview);
        assert_eq!(evaluator.check(&p, Some(EvaluatorAccess::Cleared)), Ok(()));
        assert!(matches!(evaluator.check(&p, Some(EvaluatorAccess::Unconfirmed)), Err(DomainError::Forbidden(_))));
        assert_eq!(evaluator.check(&p, None), Err(DomainError::NotFound("proposal")));
        assert!(visibility(&actor(&[Role::Admin], org)).sees_nothing());
    }
}
