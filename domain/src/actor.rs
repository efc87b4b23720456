//! Who is acting: a user with roles, through a session (every scope) or a personal access token
//! (only its scopes).

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{DomainError, FieldError};
use crate::ids::{OrganizationId, UserId};

/// A role a user holds. A user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Member of a proposing organisation.
    Proposer,
    /// Expert reviewer.
    Evaluator,
    /// Innovation Hub team.
    HubManager,
    /// PSN catalogue team.
    CatalogueEditor,
    /// Platform operator.
    Admin,
    /// Officer of a verified public administration: states needs, drafts and follows its challenges,
    /// declares adoptions.
    Administration,
}

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Self; 6] =
        [Self::Proposer, Self::Evaluator, Self::HubManager, Self::CatalogueEditor, Self::Admin, Self::Administration];

    /// The stable name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposer => "proposer",
            Self::Evaluator => "evaluator",
            Self::HubManager => "hub_manager",
            Self::CatalogueEditor => "catalogue_editor",
            Self::Admin => "admin",
            Self::Administration => "administration",
        }
    }
}

impl FromStr for Role {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| FieldError::new("roles", "unknown_role", format!("unknown role `{s}`")))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a personal access token may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Scope {
    /// Read proposals.
    #[serde(rename = "proposals:read")]
    ProposalsRead,
    /// Create and change proposals.
    #[serde(rename = "proposals:write")]
    ProposalsWrite,
    /// Read reviews.
    #[serde(rename = "reviews:read")]
    ReviewsRead,
    /// Draft and submit reviews.
    #[serde(rename = "reviews:write")]
    ReviewsWrite,
    /// Change the catalogue.
    #[serde(rename = "catalogue:write")]
    CatalogueWrite,
    /// Administration.
    #[serde(rename = "admin")]
    Admin,
    /// Act for one's public administration: state and co-sign needs, declare adoptions.
    #[serde(rename = "administration")]
    Administration,
    /// Manage one's organisation's webhook endpoints (its owner).
    #[serde(rename = "webhooks")]
    Webhooks,
}

impl Scope {
    /// Every scope, in a stable order.
    pub const ALL: [Self; 8] = [
        Self::ProposalsRead,
        Self::ProposalsWrite,
        Self::ReviewsRead,
        Self::ReviewsWrite,
        Self::CatalogueWrite,
        Self::Admin,
        Self::Administration,
        Self::Webhooks,
    ];

    /// The stable name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProposalsRead => "proposals:read",
            Self::ProposalsWrite => "proposals:write",
            Self::ReviewsRead => "reviews:read",
            Self::ReviewsWrite => "reviews:write",
            Self::CatalogueWrite => "catalogue:write",
            Self::Admin => "admin",
            Self::Administration => "administration",
            Self::Webhooks => "webhooks",
        }
    }
}

impl FromStr for Scope {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| FieldError::new("scopes", "unknown_scope", format!("unknown scope `{s}`")))
    }
}

/// How the actor authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// An interactive session (access JWT): every scope the user's roles allow.
    Session,
    /// A personal access token: only these scopes, and only where the user's roles allow.
    Token(BTreeSet<Scope>),
}

/// The authenticated caller of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user.
    pub user_id: UserId,
    /// The user's organisation.
    pub organization_id: OrganizationId,
    /// Whether the user owns (may invite to) the organisation.
    pub is_org_owner: bool,
    /// The user's current roles.
    pub roles: BTreeSet<Role>,
    /// Whether the user has verified their email address.
    pub email_verified: bool,
    /// The credential used.
    pub credential: Credential,
}

impl Actor {
    /// Whether the user holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether the credential carries `scope`.
    pub fn has_scope(&self, scope: Scope) -> bool {
        match &self.credential {
            Credential::Session => true,
            Credential::Token(scopes) => scopes.contains(&scope),
        }
    }

    /// Requires `role` and, for a token, `scope`.
    ///
    /// # Errors
    /// [`DomainError::Forbidden`] naming what is missing.
    pub fn require(&self, role: Role, scope: Scope) -> Result<(), DomainError> {
        if !self.has_role(role) {
            return Err(DomainError::Forbidden(format!("requires the `{role}` role")));
        }
        self.require_scope(scope)
    }

    /// Requires `scope` when authenticated by a token.
    ///
    /// # Errors
    /// [`DomainError::Forbidden`] naming the missing scope.
    pub fn require_scope(&self, scope: Scope) -> Result<(), DomainError> {
        if self.has_scope(scope) {
            Ok(())
        } else {
            Err(DomainError::Forbidden(format!("the token lacks the `{}` scope", scope.as_str())))
        }
    }

    /// Requires an interactive session: tokens cannot manage credentials.
    ///
    /// # Errors
    /// [`DomainError::Forbidden`] for a personal access token.
    pub fn require_session(&self) -> Result<(), DomainError> {
        match self.credential {
            Credential::Session => Ok(()),
            Credential::Token(_) => {
                Err(DomainError::Forbidden("personal access tokens cannot manage credentials; log in".to_owned()))
            }
        }
    }

    /// Whether the actor may see organisation `id`: its members and admins.
    pub fn can_see_organization(&self, id: OrganizationId) -> bool {
        self.organization_id == id || (self.has_role(Role::Admin) && self.has_scope(Scope::Admin))
    }

    /// Whether the actor looks organisations up (every one's profile, never their members): admins, and
    /// hub managers (a token needs `proposals:read`), who name evaluators' and sponsors' organisations.
    ///
    /// # Errors
    /// `Forbidden` for anyone else.
    pub fn may_look_up_organizations(&self) -> Result<(), DomainError> {
        if self.has_role(Role::Admin) && self.has_scope(Scope::Admin) {
            return Ok(());
        }
        self.require(Role::HubManager, Scope::ProposalsRead)
            .map_err(|_| DomainError::Forbidden("only admins and hub managers look organisations up".to_owned()))
    }

    /// Whether the actor may manage the members of organisation `id` — appoint and remove its
    /// officers (the role `administration`), hand over its ownership, rename it: its owner in a
    /// session, from a verified address, or an admin.
    ///
    /// # Errors
    /// `Forbidden` for anyone else.
    pub fn may_manage_members(&self, id: OrganizationId) -> Result<(), DomainError> {
        let owner = self.organization_id == id
            && self.is_org_owner
            && self.email_verified
            && self.credential == Credential::Session;
        if owner || (self.has_role(Role::Admin) && self.has_scope(Scope::Admin)) {
            Ok(())
        } else {
            Err(DomainError::Forbidden(
                "only the organisation's owner, signed in with a verified address, or an admin manages its members"
                    .to_owned(),
            ))
        }
    }

    /// Whether the actor may invite colleagues to organisation `id`: its owner, or an admin.
    pub fn can_invite_to(&self, id: OrganizationId) -> bool {
        (self.organization_id == id && self.is_org_owner && self.has_scope(Scope::ProposalsWrite))
            || (self.has_role(Role::Admin) && self.has_scope(Scope::Admin))
    }
}

/// Whether an organisation is verified: one an admin registered (it has no owner) is; one a user
/// founded is once one of its owners has verified their address.
pub fn organization_verified(owners: usize, verified_owners: usize) -> bool {
    owners == 0 || verified_owners > 0
}

impl Actor {
    /// Whether the actor may invite `id`'s colleagues now: an owner of it or an admin
    /// ([`Actor::can_invite_to`]), from a verified address, into a verified organisation (see
    /// [`organization_verified`]). An unverified account or organisation sends nothing in the hub's
    /// name.
    ///
    /// # Errors
    /// `Forbidden` for who may not invite or has not verified their address; `Conflict`
    /// (`organization_unverified`) for an organisation nobody verified.
    pub fn may_invite(&self, id: OrganizationId, organization_verified: bool) -> Result<(), DomainError> {
        if !self.can_invite_to(id) {
            return Err(DomainError::Forbidden("only the organisation's owner or an admin may invite".to_owned()));
        }
        if !self.email_verified {
            return Err(DomainError::Forbidden("verify your email address before inviting".to_owned()));
        }
        if !organization_verified {
            return Err(DomainError::conflict(
                "organization_unverified",
                "the organisation's owner has not verified their email address yet",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[Role], credential: Credential) -> Actor {
        Actor {
            user_id: UserId::new(),
            organization_id: OrganizationId::new(),
            is_org_owner: true,
            roles: roles.iter().copied().collect(),
            email_verified: true,
            credential,
        }
    }

    #[test]
    fn a_token_is_limited_to_its_scopes_and_the_roles() {
        let token = Credential::Token([Scope::Admin].into());
        assert!(actor(&[Role::Admin], token.clone()).require(Role::Admin, Scope::Admin).is_ok());
        assert!(
            actor(&[Role::Proposer], token.clone()).require(Role::Admin, Scope::Admin).is_err(),
            "scope without role"
        );
        assert!(actor(&[Role::Admin, Role::Proposer], token).require(Role::Proposer, Scope::ProposalsWrite).is_err());
        assert!(actor(&[Role::Admin], Credential::Session).require(Role::Admin, Scope::Admin).is_ok());
    }

    #[test]
    fn organisation_visibility() {
        let member = actor(&[Role::Proposer], Credential::Session);
        assert!(member.can_see_organization(member.organization_id));
        assert!(!member.can_see_organization(OrganizationId::new()));
        assert!(actor(&[Role::Admin], Credential::Session).can_see_organization(OrganizationId::new()));
        let mut not_owner = member.clone();
        not_owner.is_org_owner = false;
        assert!(!not_owner.can_invite_to(member.organization_id));
        assert!(member.can_invite_to(member.organization_id));
        assert!(member.may_invite(member.organization_id, true).is_ok());
        assert!(matches!(member.may_invite(member.organization_id, false), Err(DomainError::Conflict { .. })));
        let unverified = Actor { email_verified: false, ..member.clone() };
        assert!(matches!(unverified.may_invite(member.organization_id, true), Err(DomainError::Forbidden(_))));
        assert!(organization_verified(0, 0) && organization_verified(2, 1) && !organization_verified(1, 0));
    }

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        for scope in Scope::ALL {
            assert_eq!(scope.as_str().parse::<Scope>(), Ok(scope));
        }
    }
}
