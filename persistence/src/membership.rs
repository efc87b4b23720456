//! Managing an organisation's membership: its owner (or an admin) hands the ownership over to a
//! member, renames it, lists and revokes the invitations still pending, removes a member; a member
//! leaves. The rules are the domain's ([`domain::Organization::check_new_owner`],
//! [`domain::Organization::check_rename`], [`domain::Organization::check_departure`],
//! [`Actor::can_invite_to`]); each change is audited in the same transaction.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::organization::OrganizationName;
use domain::review::ReviewState;
use domain::{Actor, AuditEvent, Departure, DomainError, Organization, OrganizationId, OutgoingMail, User, UserId};

use crate::accounts::{Recipient, recipient, revoke_all_sessions};
use crate::error::StoreError;
use crate::organizations::load_organization;
use crate::outbox::enqueue;
use crate::rows::{load_member, load_user, other_admins, utc};
use crate::schema::{
    account_tokens, assignments, invitations, organizations, personal_access_tokens as pat, refresh_tokens, sessions,
    user_roles, users,
};
use crate::stored::named;
use crate::{Store, audit};

/// An invitation sent and neither accepted nor expired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingInvitation {
    /// Its id.
    pub id: String,
    /// The address invited.
    pub email: String,
    /// Who invited (their name).
    pub invited_by: String,
    /// Sent.
    pub created_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
}

impl Store {
    /// Makes `member` the only owner of organisation `id`; the former owners stay members. Each of
    /// them and the new owner is written `mail(recipient, organization, new_owner)`. Handing it to its
    /// only owner changes nothing.
    ///
    /// # Errors
    /// `NotFound` for an organisation the actor may not see, or someone who is not its member;
    /// `Forbidden`; `Conflict` (`member_unverified`).
    pub fn organization_transfer(
        &self,
        actor: &Actor,
        id: OrganizationId,
        member: UserId,
        mail: impl Fn(&Recipient, &Organization, &User) -> OutgoingMail,
    ) -> Result<User, StoreError> {
        if !actor.can_see_organization(id) {
            return Err(StoreError::not_found("organization"));
        }
        let now = self.db.now();
        self.db.write(|conn| {
            let org = load_organization(conn, &id.to_string())?;
            let heir = load_member(conn, &id.to_string(), &member.to_string())?;
            org.check_new_owner(actor, &heir)?;
            let owners: Vec<String> = users::table
                .filter(users::organization_id.eq(id.to_string()))
                .filter(users::is_org_owner.eq(true))
                .select(users::id)
                .order(users::id.asc())
                .load(conn)?;
            let key = heir.id.to_string();
            if owners == [key.clone()] {
                return Ok(heir);
            }
            // (Ownership is read with the person on every request, not carried by their tokens.)
            let changed: Vec<&String> = owners.iter().filter(|o| **o != key).chain([&key]).collect();
            diesel::update(users::table.filter(users::id.eq_any(&changed)))
                .set((users::is_org_owner.eq(users::id.eq(&key)), users::updated_at.eq(now)))
                .execute(conn)?;
            let heir = load_user(conn, &key)?;
            for user in &changed {
                let to = recipient(&load_user(conn, user)?)?;
                enqueue(conn, &mail(&to, &org, &heir), now)?;
            }
            let event = AuditEvent::new(Some(actor.user_id), "organization.ownership_transferred", "organization", id)
                .with("to", key)
                .with("from", owners.join(","));
            audit::append(conn, &self.audit_key, &event, now)?;
            Ok(heir)
        })
    }

    /// Renames organisation `id` (its owner, or an admin; a verified administration an admin only).
    ///
    /// # Errors
    /// `NotFound` for an organisation the actor may not see; `Forbidden`.
    pub fn organization_rename(
        &self,
        actor: &Actor,
        id: OrganizationId,
        name: &OrganizationName,
    ) -> Result<Organization, StoreError> {
        if !actor.can_see_organization(id) {
            return Err(StoreError::not_found("organization"));
        }
        let now = self.db.now();
        self.db.write(|conn| {
            let org = load_organization(conn, &id.to_string())?;
            org.check_rename(actor)?;
            if org.name == name.as_str() {
                return Ok(org);
            }
            diesel::update(organizations::table.find(id.to_string()))
                .set(organizations::name.eq(name.as_str()))
                .execute(conn)?;
            let event = AuditEvent::new(Some(actor.user_id), "organization.renamed", "organization", id)
                .with("from", org.name.clone())
                .with("to", name.as_str());
            audit::append(conn, &self.audit_key, &event, now)?;
            load_organization(conn, &id.to_string())
        })
    }

    /// The invitations to organisation `id` still pending, newest first: for who may invite
    /// ([`Actor::can_invite_to`]).
    ///
    /// # Errors
    /// `NotFound` for an organisation the actor may not see; `Forbidden`.
    pub fn invitations_pending(&self, actor: &Actor, id: OrganizationId) -> Result<Vec<PendingInvitation>, StoreError> {
        if !actor.can_see_organization(id) {
            return Err(StoreError::not_found("organization"));
        }
        if !actor.can_invite_to(id) {
            return Err(DomainError::Forbidden(
                "only the organisation's owner or an admin sees its invitations".into(),
            )
            .into());
        }
        let now = self.db.now();
        self.db.read(|conn| {
            load_organization(conn, &id.to_string())?;
            let rows: Vec<(String, String, String, chrono::NaiveDateTime, chrono::NaiveDateTime)> = invitations::table
                .inner_join(users::table.on(users::id.eq(invitations::invited_by)))
                .filter(invitations::organization_id.eq(id.to_string()))
                .filter(invitations::accepted_at.is_null())
                .filter(invitations::expires_at.gt(now))
                .order((invitations::created_at.desc(), invitations::id.desc()))
                .select((
                    invitations::id,
                    invitations::email,
                    users::display_name,
                    invitations::created_at,
                    invitations::expires_at,
                ))
                .limit(500)
                .load(conn)?;
            Ok(rows
                .into_iter()
                .map(|(id, email, invited_by, created, expires)| PendingInvitation {
                    id,
                    email,
                    invited_by,
                    created_at: utc(created),
                    expires_at: utc(expires),
                })
                .collect())
        })
    }

    /// Revokes a pending invitation to organisation `id`: its link no longer works.
    ///
    /// # Errors
    /// `NotFound` for an organisation the actor may not see, or an invitation that is not pending;
    /// `Forbidden`.
    pub fn invitation_revoke(&self, actor: &Actor, id: OrganizationId, invitation: &str) -> Result<(), StoreError> {
        if !actor.can_see_organization(id) {
            return Err(StoreError::not_found("organization"));
        }
        if !actor.can_invite_to(id) {
            return Err(
                DomainError::Forbidden("only the organisation's owner or an admin revokes invitations".into()).into()
            );
        }
        let now = self.db.now();
        self.db.write(|conn| {
            let gone = diesel::delete(
                invitations::table
                    .filter(invitations::id.eq(invitation))
                    .filter(invitations::organization_id.eq(id.to_string()))
                    .filter(invitations::accepted_at.is_null())
                    .filter(invitations::expires_at.gt(now)),
            )
            .execute(conn)?;
            if gone != 1 {
                return Err(StoreError::not_found("invitation"));
            }
            let event = AuditEvent::new(Some(actor.user_id), "invitation.revoked", "organization", id)
                .with("invitation_id", invitation);
            audit::append(conn, &self.audit_key, &event, now)?;
            Ok(())
        })
    }

    /// Ends `member`'s membership of organisation `id`: they leave, or its owner or an admin removes
    /// them ([`Organization::check_departure`]). Their account is closed in the same transaction — no
    /// role, session, refresh or personal access token, pending account link; logging in is refused —
    /// and keeps what it wrote, attributed as before; an invitation to the same address reopens it.
    /// They are written `mail(recipient, organization, departure)`.
    ///
    /// # Errors
    /// `NotFound` for an organisation the actor may not see, or someone who is not its member;
    /// `Forbidden`; `Conflict` (`owner_must_hand_over`, `last_admin`, `open_reviews`).
    pub fn organization_member_remove(
        &self,
        actor: &Actor,
        id: OrganizationId,
        member: UserId,
        mail: impl Fn(&Recipient, &Organization, Departure) -> OutgoingMail,
    ) -> Result<Departure, StoreError> {
        if !actor.can_see_organization(id) {
            return Err(StoreError::not_found("organization"));
        }
        let now = self.db.now();
        self.db.write(|conn| {
            let org = load_organization(conn, &id.to_string())?;
            let key = member.to_string();
            let user = load_member(conn, &id.to_string(), &key)?;
            let open: i64 = assignments::table
                .filter(assignments::evaluator_id.eq(&key))
                .filter(assignments::state.eq_any(named([ReviewState::Assigned, ReviewState::InProgress])))
                .count()
                .get_result(conn)?;
            let departure =
                org.check_departure(actor, &user, other_admins(conn, &key)?, u64::try_from(open).unwrap_or(0))?;
            let to = recipient(&user)?;
            revoke_all_sessions(conn, &key, departure.as_str(), now)?;
            let own_sessions = sessions::table.filter(sessions::user_id.eq(&key)).select(sessions::id);
            diesel::delete(refresh_tokens::table.filter(refresh_tokens::session_id.eq_any(own_sessions)))
                .execute(conn)?;
            diesel::delete(pat::table.filter(pat::user_id.eq(&key))).execute(conn)?;
            diesel::delete(account_tokens::table.filter(account_tokens::user_id.eq(&key))).execute(conn)?;
            diesel::delete(user_roles::table.filter(user_roles::user_id.eq(&key))).execute(conn)?;
            diesel::update(users::table.find(&key))
                .set((
                    users::left_at.eq(now),
                    users::token_version.eq(users::token_version + 1),
                    users::updated_at.eq(now),
                ))
                .execute(conn)?;
            enqueue(conn, &mail(&to, &org, departure), now)?;
            let roles: Vec<&str> = user.roles.iter().map(|r| r.as_str()).collect();
            let action = match departure {
                Departure::Left => "organization.member_left",
                Departure::Removed => "organization.member_removed",
            };
            let event = AuditEvent::new(Some(actor.user_id), action, "organization", id)
                .with("user_id", key)
                .with("roles", roles.join(","));
            audit::append(conn, &self.audit_key, &event, now)?;
            Ok(departure)
        })
    }
}
