//! Who manages an organisation's membership: its owner hands the ownership over to a member who has
//! verified their address; its owner renames it, except a verified administration, whose name is the
//! one in the Indice delle Pubbliche Amministrazioni and only an admin corrects. A member leaves, or
//! is removed, unless they own it, are the hub's last admin or have reviews open.

use super::{AdministrationStatus, Organization};
use crate::account::User;
use crate::actor::{Actor, Role, Scope};
use crate::error::DomainError;

impl Organization {
    /// Whether `actor` may rename it: its owner or an admin ([`Actor::may_manage_members`]); a
    /// verified administration an admin only.
    ///
    /// # Errors
    /// `Forbidden` for anyone else.
    pub fn check_rename(&self, actor: &Actor) -> Result<(), DomainError> {
        actor.may_manage_members(self.id)?;
        let admin = actor.has_role(Role::Admin) && actor.has_scope(Scope::Admin);
        if self.administration_status() == Some(AdministrationStatus::Verified) && !admin {
            return Err(DomainError::Forbidden(
                "a verified administration is named as in the IPA: ask the hub's admins to correct it".to_owned(),
            ));
        }
        Ok(())
    }

    /// Whether `actor` may make `member` its owner: who manages its members
    /// ([`Actor::may_manage_members`]), for one of them who has verified their address (an owner
    /// invites and appoints in the hub's name).
    ///
    /// # Errors
    /// `Forbidden`; `NotFound` (`member`) for someone who is not a member; `Conflict`
    /// (`member_unverified`) for an address not verified.
    pub fn check_new_owner(&self, actor: &Actor, member: &User) -> Result<(), DomainError> {
        actor.may_manage_members(self.id)?;
        if member.organization_id != self.id {
            return Err(DomainError::NotFound("member"));
        }
        if member.email_verified_at.is_none() {
            return Err(DomainError::conflict(
                "member_unverified",
                "the new owner must have verified their email address first",
            ));
        }
        Ok(())
    }
}

/// How a membership ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Departure {
    /// The member left.
    Left,
    /// Its owner or an admin removed them.
    Removed,
}

impl Departure {
    /// The name in audit events and mails.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Left => "left",
            Self::Removed => "removed",
        }
    }
}

impl Organization {
    /// Whether `actor` may end `member`'s membership: the member themself, signed in (leaving), or who
    /// manages its members ([`Actor::may_manage_members`]) removing them. Never its owner (who hands
    /// the ownership over first), the hub's last admin (`other_admins` is how many others there are),
    /// or an evaluator with reviews still open (`open_reviews`: hub managers reassign them first, so no
    /// proposal loses an evaluator unnoticed).
    ///
    /// # Errors
    /// `NotFound` (`member`) for someone who is not a member; `Forbidden`; `Conflict` (`owner_must_hand_over`,
    /// `last_admin`, `open_reviews`).
    pub fn check_departure(
        &self,
        actor: &Actor,
        member: &User,
        other_admins: u64,
        open_reviews: u64,
    ) -> Result<Departure, DomainError> {
        if member.organization_id != self.id {
            return Err(DomainError::NotFound("member"));
        }
        let departure = if actor.user_id == member.id {
            actor.require_session()?;
            Departure::Left
        } else {
            actor.may_manage_members(self.id)?;
            Departure::Removed
        };
        if member.is_org_owner {
            return Err(DomainError::conflict(
                "owner_must_hand_over",
                "the organisation's owner hands the ownership over to another member first",
            ));
        }
        if member.roles.contains(&Role::Admin) && other_admins == 0 {
            return Err(DomainError::conflict(
                "last_admin",
                "the hub's only admin cannot leave: make another user admin first",
            ));
        }
        if open_reviews > 0 {
            return Err(DomainError::conflict(
                "open_reviews",
                "the member has reviews still open: the hub managers reassign them first",
            ));
        }
        Ok(departure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Credential;
    use crate::ids::{OrganizationId, UserId};
    use crate::organization::OrganizationKind;

    fn organization(kind: OrganizationKind, verified: bool) -> Organization {
        Organization {
            id: OrganizationId::new(),
            name: "Comune di Valdora".to_owned(),
            kind,
            tax_code: "80214573604".to_owned(),
            ipa_code: (kind == OrganizationKind::PublicAdministration).then(|| "c_l219".to_owned()),
            created_at: chrono::Utc::now(),
            verified_at: verified.then(chrono::Utc::now),
        }
    }

    fn person(org: OrganizationId, roles: &[Role], owner: bool, credential: Credential) -> Actor {
        Actor {
            user_id: UserId::new(),
            organization_id: org,
            is_org_owner: owner,
            roles: roles.iter().copied().collect(),
            email_verified: true,
            credential,
        }
    }

    fn member(org: OrganizationId, verified: bool) -> User {
        User {
            id: UserId::new(),
            organization_id: org,
            email: "marco@aurora.example".to_owned(),
            display_name: "Marco".to_owned(),
            locale: crate::Locale::It,
            roles: [Role::Proposer].into(),
            is_org_owner: false,
            email_verified_at: verified.then(chrono::Utc::now),
            created_at: chrono::Utc::now(),
            expertise: std::collections::BTreeSet::new(),
            left_at: None,
        }
    }

    #[test]
    fn the_owner_hands_over_to_a_verified_member_and_renames_all_but_a_verified_administration() {
        let startup = organization(OrganizationKind::Startup, false);
        let owner = person(startup.id, &[Role::Proposer], true, Credential::Session);
        let colleague = person(startup.id, &[Role::Proposer], false, Credential::Session);
        let token = person(startup.id, &[Role::Proposer], true, Credential::Token([Scope::ProposalsWrite].into()));
        let admin = person(OrganizationId::new(), &[Role::Admin], false, Credential::Session);
        let forbidden = |r: Result<(), DomainError>| matches!(r, Err(DomainError::Forbidden(_)));

        assert_eq!(startup.check_new_owner(&owner, &member(startup.id, true)), Ok(()));
        assert_eq!(startup.check_new_owner(&admin, &member(startup.id, true)), Ok(()));
        assert!(forbidden(startup.check_new_owner(&colleague, &member(startup.id, true))));
        assert!(forbidden(startup.check_new_owner(&token, &member(startup.id, true))), "a session, not a token");
        assert_eq!(
            startup.check_new_owner(&owner, &member(OrganizationId::new(), true)),
            Err(DomainError::NotFound("member"))
        );
        assert!(matches!(
            startup.check_new_owner(&owner, &member(startup.id, false)),
            Err(DomainError::Conflict { code: "member_unverified", .. })
        ));

        assert_eq!(startup.check_rename(&owner), Ok(()));
        assert!(forbidden(startup.check_rename(&colleague)));
        let pending = organization(OrganizationKind::PublicAdministration, false);
        let verified = organization(OrganizationKind::PublicAdministration, true);
        let pa_owner = |org: &Organization| person(org.id, &[Role::Administration], true, Credential::Session);
        assert_eq!(pending.check_rename(&pa_owner(&pending)), Ok(()), "still the founder's to correct");
        assert!(forbidden(verified.check_rename(&pa_owner(&verified))), "the IPA's name");
        assert_eq!(verified.check_rename(&admin), Ok(()));
    }
    #[test]
    fn a_member_leaves_or_is_removed_but_not_the_owner_the_last_admin_or_an_evaluator_with_reviews() {
        let startup = organization(OrganizationKind::Startup, false);
        let owner = person(startup.id, &[Role::Proposer], true, Credential::Session);
        let admin = person(OrganizationId::new(), &[Role::Admin], false, Credential::Session);
        let colleague = person(startup.id, &[Role::Proposer], false, Credential::Session);
        let marco = member(startup.id, true);
        let as_actor = |user: &User, credential: Credential| Actor {
            user_id: user.id,
            organization_id: user.organization_id,
            is_org_owner: user.is_org_owner,
            roles: user.roles.clone(),
            email_verified: true,
            credential,
        };

        assert_eq!(startup.check_departure(&owner, &marco, 1, 0), Ok(Departure::Removed));
        assert_eq!(startup.check_departure(&admin, &marco, 1, 0), Ok(Departure::Removed));
        assert_eq!(startup.check_departure(&as_actor(&marco, Credential::Session), &marco, 1, 0), Ok(Departure::Left));
        assert!(matches!(startup.check_departure(&colleague, &marco, 1, 0), Err(DomainError::Forbidden(_))));
        let token = Credential::Token([Scope::ProposalsWrite].into());
        assert!(
            matches!(startup.check_departure(&as_actor(&marco, token), &marco, 1, 0), Err(DomainError::Forbidden(_))),
            "leaving takes a session"
        );
        assert_eq!(
            startup.check_departure(&owner, &member(OrganizationId::new(), true), 1, 0),
            Err(DomainError::NotFound("member"))
        );
        let conflict = |r: Result<Departure, DomainError>| match r {
            Err(DomainError::Conflict { code, .. }) => code,
            other => panic!("{other:?}"),
        };
        let mut heir = member(startup.id, true);
        heir.is_org_owner = true;
        assert_eq!(conflict(startup.check_departure(&admin, &heir, 1, 0)), "owner_must_hand_over");
        let mut only_admin = member(startup.id, true);
        only_admin.roles.insert(Role::Admin);
        assert_eq!(conflict(startup.check_departure(&owner, &only_admin, 0, 0)), "last_admin");
        assert_eq!(startup.check_departure(&owner, &only_admin, 1, 0), Ok(Departure::Removed));
        assert_eq!(conflict(startup.check_departure(&owner, &marco, 1, 2)), "open_reviews");
    }
}
