//! Who writes and moves a challenge: hub managers any challenge, at any time; the officers of its
//! sponsoring administration their own draft, which they propose to the hub and a hub manager opens or
//! returns to them with a note.

use crate::actor::{Actor, Role, Scope};
use crate::error::DomainError;
use crate::ids::UserId;

use super::{Challenge, ChallengeAction, ChallengeContent, ChallengeState};

/// The side an actor writes a challenge from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeAuthor {
    /// A hub manager (a token needs `proposals:write`).
    HubManager,
    /// An officer of the sponsoring administration (a token needs `administration`).
    Officer,
}

impl ChallengeAuthor {
    /// The side `actor` drafts `content` from: a hub manager, or an officer drafting for their own
    /// administration.
    ///
    /// # Errors
    /// `Forbidden` for anyone else, an officer naming another sponsor, or a token without the scope.
    pub fn of(actor: &Actor, content: &ChallengeContent) -> Result<Self, DomainError> {
        if actor.has_role(Role::HubManager) {
            actor.require_scope(Scope::ProposalsWrite)?;
            return Ok(Self::HubManager);
        }
        if actor.has_role(Role::Administration) {
            actor.require_scope(Scope::Administration)?;
            if content.sponsor_id != actor.organization_id {
                return Err(DomainError::Forbidden(
                    "an officer drafts challenges for their own administration only".to_owned(),
                ));
            }
            return Ok(Self::Officer);
        }
        Err(DomainError::Forbidden("requires the `hub_manager` or `administration` role".to_owned()))
    }
}

impl Challenge {
    /// Whether `actor` is an officer of its sponsoring administration.
    pub fn is_sponsor_officer(&self, actor: &Actor) -> bool {
        actor.has_role(Role::Administration) && actor.organization_id == self.content.sponsor_id
    }

    /// Whether `actor` may edit it into `next`: a hub manager always; an officer of its sponsor while it
    /// is a draft, keeping the sponsor and the responsible officer.
    ///
    /// # Errors
    /// `Forbidden` for anyone else (or a sponsor or responsible officer changed by an officer);
    /// `Conflict` (`not_editable`) when an officer's challenge is no longer a draft.
    pub fn check_edit(&self, actor: &Actor, next: &ChallengeContent) -> Result<(), DomainError> {
        if ChallengeAuthor::of(actor, next)? == ChallengeAuthor::HubManager {
            return Ok(());
        }
        if !self.is_sponsor_officer(actor) {
            return Err(DomainError::Forbidden("only its administration's officers may edit it".to_owned()));
        }
        if next.responsible_id != self.content.responsible_id {
            return Err(responsible_named_by_managers());
        }
        if self.state != ChallengeState::Draft {
            return Err(DomainError::conflict(
                "not_editable",
                format!("a challenge in state `{}` is the hub's to edit now", self.state),
            ));
        }
        Ok(())
    }

    /// Whether `actor` may do `action`, and the state it leads to: an officer of its sponsor proposes
    /// its draft; hub managers return, open, close and archive. (A return's note is the caller's check.)
    ///
    /// # Errors
    /// `Forbidden` for the wrong side; `Conflict` (`invalid_transition`) for a move the state does not
    /// allow.
    pub fn decide(&self, actor: &Actor, action: ChallengeAction) -> Result<ChallengeState, DomainError> {
        match action {
            ChallengeAction::Propose => {
                if !self.is_sponsor_officer(actor) {
                    return Err(DomainError::Forbidden(
                        "only an officer of its sponsoring administration proposes a challenge".to_owned(),
                    ));
                }
                actor.require_scope(Scope::Administration)?;
            }
            _ => actor.require(Role::HubManager, Scope::ProposalsWrite)?,
        }
        action.apply(self.state)
    }

    /// The responsible officer it has once `actor` moved it to `to`: on opening, the one named, or else
    /// the hub manager who opens it; otherwise the one it has.
    pub fn responsible_after(&self, actor: &Actor, to: ChallengeState) -> Option<UserId> {
        match (self.content.responsible_id, to) {
            (None, ChallengeState::Open) => Some(actor.user_id),
            (named, _) => named,
        }
    }

    /// Whether `actor` may see it whatever its state, as one of its sponsors' officers (`co_sponsor`:
    /// whether the actor's administration co-sponsors it) or a hub manager.
    pub fn seen_by_sponsor(&self, actor: &Actor, co_sponsor: bool) -> bool {
        actor.has_role(Role::HubManager)
            || (actor.has_role(Role::Administration) && (self.is_sponsor_officer(actor) || co_sponsor))
    }
}

/// Only hub managers name a challenge's responsible officer.
fn responsible_named_by_managers() -> DomainError {
    DomainError::Forbidden("only a hub manager names a challenge's responsible officer".to_owned())
}

impl ChallengeAuthor {
    /// Whether this side may name `content`'s responsible officer: only hub managers do.
    ///
    /// # Errors
    /// `Forbidden` for an officer's draft naming one.
    pub fn check_responsible(self, content: &ChallengeContent) -> Result<(), DomainError> {
        if self == Self::Officer && content.responsible_id.is_some() {
            return Err(responsible_named_by_managers());
        }
        Ok(())
    }
}

/// Whom a challenge's move is emailed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAudience {
    /// The hub managers: a challenge proposed to them.
    HubManagers,
    /// The sponsor's officers: their draft returned to them.
    Officers,
    /// The officers of the sponsor and of every co-sponsor: the challenge opened to proposals.
    Administrations,
}

impl ChallengeAction {
    /// Whom this move is emailed to, if anyone: a proposal to the hub managers; a return to the sponsor's
    /// officers; an opening, whoever drafted it, to the officers of every administration it concerns.
    pub fn audience(self) -> Option<ReviewAudience> {
        match self {
            Self::Propose => Some(ReviewAudience::HubManagers),
            Self::Return => Some(ReviewAudience::Officers),
            Self::Open => Some(ReviewAudience::Administrations),
            Self::Close | Self::Archive => None,
        }
    }
}
