//! Who manages an organisation's membership: its owner hands the ownership over to a member who has
//! verified their address; its owner renames it, except a verified administration, whose name is the
//! one in the Indice delle Pubbliche Amministrazioni and only an admin corrects.

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
}
