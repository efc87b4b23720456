//! Public administrations as actors: an admin verifies one, and its owner (or an admin) appoints
//! its officers, who hold the role `administration`.

use std::collections::BTreeSet;

use diesel::prelude::*;
use domain::{Actor, AuditEvent, DomainError, Organization, OrganizationId, OutgoingMail, Role, User, UserId};

use crate::Store;
use crate::accounts::{Recipient, recipient};
use crate::audit;
use crate::error::StoreError;
use crate::organizations::{ensure_tax_code_free, load_organization};
use crate::outbox::enqueue;
use crate::rows::{UserRow, load_user, set_roles};
use crate::schema::{organizations, users};

impl Store {
    /// Verifies a pending public administration (admins): its tax code must be free among the
    /// verified ones. Its owners become its first officers, and each is written `mail`.
    ///
    /// # Errors
    /// `NotFound`; `Forbidden` for anyone but an admin; `Conflict` (`not_an_administration`,
    /// `administration_verified`, `tax_code_taken`).
    pub fn organization_verify(
        &self,
        admin: &Actor,
        id: OrganizationId,
        mail: impl Fn(&Recipient, &Organization) -> OutgoingMail,
    ) -> Result<Organization, StoreError> {
        admin.require(Role::Admin, domain::Scope::Admin)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let key = id.to_string();
            let org = load_organization(conn, &key)?;
            org.verification()?;
            ensure_tax_code_free(conn, &org.tax_code, Some(&key))?;
            // Conditional: of two admins verifying at once, one does.
            let changed = diesel::update(organizations::table.find(&key).filter(organizations::verified_at.is_null()))
                .set((organizations::verified_at.eq(now), organizations::verified_by.eq(admin.user_id.to_string())))
                .execute(conn)?;
            if changed != 1 {
                return Err(
                    DomainError::conflict("administration_verified", "the administration is already verified").into()
                );
            }
            let org = load_organization(conn, &key)?;
            let owners: Vec<String> = users::table
                .filter(users::organization_id.eq(&key))
                .filter(users::is_org_owner.eq(true))
                .select(users::id)
                .load(conn)?;
            for owner in &owners {
                let user = load_user(conn, owner)?;
                let mut roles = user.roles.clone();
                roles.insert(Role::Administration);
                change_roles(conn, &user, &roles, now)?;
                enqueue(conn, &mail(&recipient(&user)?, &org), now)?;
            }
            let event = AuditEvent::new(Some(admin.user_id), "organization.verified", "organization", &key)
                .with("tax_code", org.tax_code.clone())
                .with("officers", owners.join(","));
            audit::append(conn, &self.audit_key, &event, now)?;
            Ok(org)
        })
    }

    /// Appoints (`officer`) or removes an officer of a verified administration: its owner or an admin
    /// ([`Actor::may_manage_members`]), for one of its members.
    ///
    /// # Errors
    /// `NotFound` for an organisation the actor may not see or a user who is not its member;
    /// `Forbidden`; `Conflict` (`not_an_administration`, `administration_unverified`).
    pub fn organization_set_officer(
        &self,
        actor: &Actor,
        id: OrganizationId,
        user_id: UserId,
        officer: bool,
    ) -> Result<User, StoreError> {
        if !actor.can_see_organization(id) {
            return Err(StoreError::not_found("organization"));
        }
        actor.may_manage_members(id)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let org = load_organization(conn, &id.to_string())?;
            let user = crate::rows::load_member(conn, &id.to_string(), &user_id.to_string())?;
            org.officers_allowed()?;
            if user.roles.contains(&Role::Administration) == officer {
                return Ok(user);
            }
            let mut roles = user.roles.clone();
            if officer {
                roles.insert(Role::Administration);
            } else {
                roles.remove(&Role::Administration);
            }
            change_roles(conn, &user, &roles, now)?;
            let action = if officer { "organization.officer_appointed" } else { "organization.officer_removed" };
            let event =
                AuditEvent::new(Some(actor.user_id), action, "organization", id).with("user_id", user.id.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            load_user(conn, &user.id.to_string())
        })
    }

    /// The members of an organisation with their roles, by name (not who left): for its members and
    /// admins.
    ///
    /// # Errors
    /// `NotFound` for an organisation the actor may not see.
    pub fn organization_people(&self, actor: &Actor, id: OrganizationId) -> Result<Vec<User>, StoreError> {
        if !actor.can_see_organization(id) {
            return Err(StoreError::not_found("organization"));
        }
        self.db.read(|conn| {
            load_organization(conn, &id.to_string())?;
            let rows: Vec<UserRow> = users::table
                .filter(users::organization_id.eq(id.to_string()))
                .filter(users::left_at.is_null())
                .select(UserRow::as_select())
                .order((users::display_name.asc(), users::id.asc()))
                .limit(500)
                .load(conn)?;
            crate::rows::with_roles(conn, rows)
        })
    }
}

/// Gives `user` the roles `roles` and ends the access tokens that carry the old ones.
pub(crate) fn change_roles(
    conn: &mut crate::db::DbConnection,
    user: &User,
    roles: &BTreeSet<Role>,
    now: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    let id = user.id.to_string();
    set_roles(conn, &id, roles, now)?;
    diesel::update(users::table.find(&id))
        .set((users::token_version.eq(users::token_version + 1), users::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}
