//! Separation of duties, whatever roles a person holds: nobody screens, assigns, evaluates, decides or
//! promotes a proposal of their own organisation (or of one sharing its tax code) or one they created or
//! are on the team of; a hub manager never assigns themself. The same conflict of interest keeps an
//! evaluator off a proposal and blinds a reader to its reviews ([`crate::blind`]).

use std::collections::BTreeSet;

use crate::actor::{Actor, Role};
use crate::error::DomainError;
use crate::ids::{OrganizationId, UserId};
use crate::proposal::ProposalAction;

/// A person who may act on a proposal: who they are and where they work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The user.
    pub id: UserId,
    /// Their organisation.
    pub organization: OrganizationId,
    /// Its tax code.
    pub tax_code: String,
}

/// The parties of a proposal: its organisation, author and co-authors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parties {
    /// The proposing organisation.
    pub organization: OrganizationId,
    /// Its tax code.
    pub tax_code: String,
    /// Its author and co-authors.
    pub team: BTreeSet<UserId>,
}

/// Why a person may not act on a proposal: the conflict of interest (or, for an assignment, that the
/// hub manager would assign themself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// The person belongs to the proposing organisation.
    SameOrganization,
    /// The person's organisation has the proposing organisation's tax code.
    SameTaxCode,
    /// The person is on the proposal's team.
    OnTheTeam,
    /// A hub manager assigning themself.
    Themself,
}

impl Conflict {
    /// Its stable name, for pages to translate.
    pub fn code(self) -> &'static str {
        match self {
            Self::SameOrganization => "same_organization",
            Self::SameTaxCode => "same_tax_code",
            Self::OnTheTeam => "on_the_team",
            Self::Themself => "themself",
        }
    }

    /// What it is, said of `who` ("person", "evaluator").
    pub fn describe(self, who: &str) -> String {
        match self {
            Self::SameOrganization => format!("the {who} belongs to the proposing organisation"),
            Self::SameTaxCode => format!("the {who}'s organisation has the proposing organisation's tax code"),
            Self::OnTheTeam => format!("the {who} is on the proposal's team"),
            Self::Themself => "a hub manager never assigns themself".to_owned(),
        }
    }
}

/// The conflict of interest between a person and a proposal, if any.
pub fn conflict_of_interest(person: &Person, parties: &Parties) -> Option<Conflict> {
    if person.organization == parties.organization {
        Some(Conflict::SameOrganization)
    } else if person.tax_code == parties.tax_code {
        Some(Conflict::SameTaxCode)
    } else if parties.team.contains(&person.id) {
        Some(Conflict::OnTheTeam)
    } else {
        None
    }
}

/// Why `actor` may not assign `evaluator` to the proposal of `parties`, if anything keeps them apart.
pub fn assignee_conflict(actor: UserId, evaluator: &Person, parties: &Parties) -> Option<Conflict> {
    if actor == evaluator.id { Some(Conflict::Themself) } else { conflict_of_interest(evaluator, parties) }
}

/// A duty someone performs on another organisation's proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// Screen it (eligible, ineligible, or ask for a revision).
    Screen,
    /// Assign evaluators to it.
    Assign,
    /// Evaluate it.
    Evaluate,
    /// Decide on it.
    Decide,
    /// Promote it into the catalogue.
    Promote,
}

impl Duty {
    /// The duty a funnel move performs, if it is one (a proposer's own moves are not).
    pub fn of(action: ProposalAction) -> Option<Self> {
        match action {
            ProposalAction::ScreenEligible | ProposalAction::ScreenIneligible | ProposalAction::RequestRevision => {
                Some(Self::Screen)
            }
            ProposalAction::DecideAccept | ProposalAction::DecideReject | ProposalAction::Reopen => Some(Self::Decide),
            ProposalAction::Promote => Some(Self::Promote),
            ProposalAction::Submit | ProposalAction::Resubmit | ProposalAction::Withdraw => None,
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Self::Screen => "screen",
            Self::Assign => "assign evaluators to",
            Self::Evaluate => "evaluate",
            Self::Decide => "decide on",
            Self::Promote => "promote",
        }
    }
}

/// Whether `person` may perform `duty` on the proposal of `parties`.
///
/// # Errors
/// `Forbidden` naming the conflict of interest.
pub fn check_duty(person: &Person, duty: Duty, parties: &Parties) -> Result<(), DomainError> {
    match conflict_of_interest(person, parties) {
        None => Ok(()),
        Some(conflict) => Err(DomainError::Forbidden(format!(
            "separation of duties: you may not {} it ({})",
            duty.verb(),
            conflict.describe("person")
        ))),
    }
}

/// Whether `actor` (performing the assignment, free of conflicts) may assign `evaluator` to the
/// proposal of `parties`.
///
/// # Errors
/// `Forbidden` when assigning themself; `Conflict` (`conflict_of_interest`) for a conflicted evaluator.
pub fn check_assignee(actor: UserId, evaluator: &Person, parties: &Parties) -> Result<(), DomainError> {
    match assignee_conflict(actor, evaluator, parties) {
        None => Ok(()),
        Some(Conflict::Themself) => {
            Err(DomainError::Forbidden("separation of duties: a hub manager never assigns themself".to_owned()))
        }
        Some(conflict) => Err(DomainError::conflict("conflict_of_interest", conflict.describe("evaluator"))),
    }
}

/// Whether `actor` reads the hub's internal record of a proposal (an override reason): hub managers and
/// admins, unless they are on the proposal's side (`conflicted`).
pub fn reads_internal_record(actor: &Actor, conflicted: bool) -> bool {
    !conflicted && (actor.has_role(Role::HubManager) || actor.has_role(Role::Admin))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parties(org: OrganizationId, created_by: UserId, mut team: BTreeSet<UserId>) -> Parties {
        team.insert(created_by);
        Parties { organization: org, tax_code: "04817250931".to_owned(), team }
    }

    fn person(id: UserId, org: OrganizationId, tax: &str) -> Person {
        Person { id, organization: org, tax_code: tax.to_owned() }
    }

    #[test]
    fn conflicts_of_interest() {
        let me = UserId::new();
        let org = OrganizationId::new();
        let author = UserId::new();
        let other = OrganizationId::new();
        assert!(
            conflict_of_interest(&person(me, org, "07390162480"), &parties(org, author, BTreeSet::new())).is_some()
        );
        assert!(
            conflict_of_interest(&person(me, other, "04817250931"), &parties(org, author, BTreeSet::new())).is_some()
        );
        assert!(
            conflict_of_interest(&person(me, other, "07390162480"), &parties(org, author, BTreeSet::from([me])))
                .is_some()
        );
        assert!(conflict_of_interest(&person(me, other, "07390162480"), &parties(org, me, BTreeSet::new())).is_some());
        assert_eq!(
            conflict_of_interest(&person(me, other, "07390162480"), &parties(org, author, BTreeSet::new())),
            None
        );
    }

    #[test]
    fn duties_and_assignees() {
        let me = UserId::new();
        let org = OrganizationId::new();
        let p = parties(org, UserId::new(), BTreeSet::new());
        for duty in [Duty::Screen, Duty::Assign, Duty::Evaluate, Duty::Decide, Duty::Promote] {
            assert!(matches!(check_duty(&person(me, org, "1"), duty, &p), Err(DomainError::Forbidden(_))));
            assert_eq!(check_duty(&person(me, OrganizationId::new(), "1"), duty, &p), Ok(()));
        }
        let eva = person(me, OrganizationId::new(), "1");
        assert!(matches!(check_assignee(me, &eva, &p), Err(DomainError::Forbidden(_))), "never themself");
        assert_eq!(check_assignee(UserId::new(), &eva, &p), Ok(()));
        assert!(matches!(
            check_assignee(UserId::new(), &person(me, org, "1"), &p),
            Err(DomainError::Conflict { code: "conflict_of_interest", .. })
        ));
        assert_eq!(Duty::of(ProposalAction::Withdraw), None);
        assert_eq!(Duty::of(ProposalAction::RequestRevision), Some(Duty::Screen));
    }
}
