//! Organisations and invitations to join them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{
    Actor, AuditEvent, DomainError, Email, NewOrganization, Organization, OrganizationId, OrganizationKind,
    OutgoingMail, Page, PageRequest,
};

use crate::audit;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::outbox::enqueue;
use crate::rows::{parse_stored, utc};
use crate::schema::{invitations, organizations, users};
use crate::stored::Named;
use crate::{NewSecret, Store};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
struct OrganizationRow {
    id: String,
    name: String,
    kind: OrganizationKind,
    tax_code: String,
    ipa_code: Option<String>,
    created_at: NaiveDateTime,
    verified_at: Option<NaiveDateTime>,
}

impl OrganizationRow {
    fn into_organization(self) -> Result<Organization, StoreError> {
        Ok(Organization {
            id: parse_stored("organizations.id", &self.id)?,
            name: self.name,
            kind: self.kind,
            tax_code: self.tax_code,
            ipa_code: self.ipa_code,
            created_at: utc(self.created_at),
            verified_at: self.verified_at.map(utc),
        })
    }
}

/// Who vouches for a new public administration at its registration.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Vouched<'a> {
    /// Nobody: a user founded it; it waits for an admin.
    No,
    /// An admin registered it (verified by them), or the seeds did (`None`).
    By(Option<&'a str>),
}

/// Inserts an organisation inside the caller's transaction; returns its id. A public administration
/// is verified at once when `vouched` says so (its tax code must then be free among the verified).
pub(crate) fn insert_organization(
    conn: &mut DbConnection,
    org: &NewOrganization,
    vouched: Vouched<'_>,
    now: NaiveDateTime,
) -> Result<String, StoreError> {
    let verified = match vouched {
        Vouched::By(admin) if org.kind == OrganizationKind::PublicAdministration => {
            ensure_tax_code_free(conn, org.tax_code.as_str(), None)?;
            Some((now, admin))
        }
        _ => None,
    };
    if let Some(ipa) = &org.ipa_code {
        let taken: i64 =
            organizations::table.filter(organizations::ipa_code.eq(ipa.as_str())).count().get_result(conn)?;
        if taken > 0 {
            return Err(
                DomainError::conflict("ipa_code_taken", "an organisation with this IPA code already exists").into()
            );
        }
    }
    let id = OrganizationId::new().to_string();
    diesel::insert_into(organizations::table)
        .values((
            organizations::id.eq(&id),
            organizations::name.eq(org.name.as_str()),
            organizations::kind.eq(Named(org.kind)),
            organizations::tax_code.eq(org.tax_code.as_str()),
            organizations::ipa_code.eq(org.ipa_code.as_ref().map(|c| c.as_str())),
            organizations::created_at.eq(now),
            organizations::verified_at.eq(verified.map(|(at, _)| at)),
            organizations::verified_by.eq(verified.and_then(|(_, by)| by)),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Refuses a tax code that a verified administration other than `except` already has.
pub(crate) fn ensure_tax_code_free(
    conn: &mut DbConnection,
    tax_code: &str,
    except: Option<&str>,
) -> Result<(), StoreError> {
    let mut holders = organizations::table
        .filter(organizations::tax_code.eq(tax_code))
        .filter(organizations::kind.eq(Named(OrganizationKind::PublicAdministration)))
        .filter(organizations::verified_at.is_not_null())
        .into_boxed();
    if let Some(except) = except {
        holders = holders.filter(organizations::id.ne(except.to_owned()));
    }
    let taken: i64 = holders.count().get_result(conn)?;
    if taken > 0 {
        return Err(
            DomainError::conflict("tax_code_taken", "a verified administration already has this tax code").into()
        );
    }
    Ok(())
}

pub(crate) fn load_organization(conn: &mut DbConnection, id: &str) -> Result<Organization, StoreError> {
    organizations::table
        .find(id)
        .select(OrganizationRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found("organization"))?
        .into_organization()
}

/// What the organisation list keeps: each filter set narrows it.
#[derive(Debug, Clone, Default)]
pub struct OrganizationFilter {
    /// Only organisations of this kind.
    pub kind: Option<OrganizationKind>,
    /// Only public administrations in this state.
    pub status: Option<domain::AdministrationStatus>,
    /// Words in the name, the tax code or the IPA code (case folded).
    pub q: Option<String>,
}

impl Store {
    /// Creates an organisation (admins; registration creates its own). A public administration an
    /// admin registers is verified by them.
    ///
    /// # Errors
    /// `Conflict` for a taken IPA code, or an administration's tax code a verified one has.
    pub fn organization_create(&self, admin: &Actor, org: &NewOrganization) -> Result<Organization, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let id = insert_organization(conn, org, Vouched::By(Some(&admin.user_id.to_string())), now)?;
            let event = AuditEvent::new(Some(admin.user_id), "organization.created", "organization", &id)
                .with("kind", org.kind.as_str());
            audit::append(conn, &self.audit_key, &event, now)?;
            load_organization(conn, &id)
        })
    }

    /// Finds the organisation with this tax code and name, or creates it (seeds; no actor): a public
    /// administration verified unless `pending`.
    ///
    /// # Errors
    /// `Conflict` for an IPA code taken by another organisation.
    pub fn organization_ensure(&self, org: &NewOrganization, pending: bool) -> Result<Organization, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let existing: Option<String> = organizations::table
                .filter(organizations::tax_code.eq(org.tax_code.as_str()))
                .filter(organizations::name.eq(org.name.as_str()))
                .select(organizations::id)
                .first(conn)
                .optional()?;
            let id = match existing {
                Some(id) => id,
                None => {
                    let vouched = if pending { Vouched::No } else { Vouched::By(None) };
                    let id = insert_organization(conn, org, vouched, now)?;
                    audit::append(
                        conn,
                        &self.audit_key,
                        &AuditEvent::new(None, "organization.created", "organization", &id),
                        now,
                    )?;
                    id
                }
            };
            load_organization(conn, &id)
        })
    }

    /// An organisation, if the actor may see it (its members and admins) or looks organisations up
    /// (hub managers too); otherwise not found.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn organization_get(&self, actor: &Actor, id: OrganizationId) -> Result<Organization, StoreError> {
        if !actor.can_see_organization(id) && actor.may_look_up_organizations().is_err() {
            return Err(StoreError::not_found("organization"));
        }
        self.db.read(|conn| load_organization(conn, &id.to_string()))
    }

    /// Every organisation, oldest first, narrowed by [`OrganizationFilter`]: for who looks them up
    /// ([`Actor::may_look_up_organizations`]).
    ///
    /// # Errors
    /// `Forbidden` for anyone else.
    pub fn organizations_list(
        &self,
        actor: &Actor,
        filter: &OrganizationFilter,
        page: &PageRequest,
    ) -> Result<Page<Organization>, StoreError> {
        actor.may_look_up_organizations()?;
        self.db.read(|conn| {
            let mut query =
                organizations::table.select(OrganizationRow::as_select()).order(organizations::id.asc()).into_boxed();
            if let Some(kind) = filter.kind {
                query = query.filter(organizations::kind.eq(Named(kind)));
            }
            if let Some(status) = filter.status {
                query = query.filter(organizations::kind.eq(Named(OrganizationKind::PublicAdministration)));
                query = match status {
                    domain::AdministrationStatus::Pending => query.filter(organizations::verified_at.is_null()),
                    domain::AdministrationStatus::Verified => query.filter(organizations::verified_at.is_not_null()),
                };
            }
            if let Some(q) = filter.q.as_deref().map(crate::backend::like_pattern) {
                query = query.filter(
                    crate::backend::lower(organizations::name)
                        .like(q.clone())
                        .escape(crate::backend::LIKE_ESCAPE)
                        .or(crate::backend::lower(organizations::tax_code)
                            .like(q.clone())
                            .escape(crate::backend::LIKE_ESCAPE))
                        .or(crate::backend::lower(organizations::ipa_code.assume_not_null())
                            .like(q)
                            .escape(crate::backend::LIKE_ESCAPE)),
                );
            }
            if let Some(after) = &page.after {
                query = query.filter(organizations::id.gt(after.clone()));
            }
            let rows: Vec<OrganizationRow> = query.limit(i64::from(page.limit) + 1).load(conn)?;
            let orgs = rows.into_iter().map(OrganizationRow::into_organization).collect::<Result<Vec<_>, _>>()?;
            Ok(Page::from_overfetch(orgs, page.limit, |o: &Organization| o.id.to_string()))
        })
    }

    /// Invites `email` to join organisation `id`: its owner or an admin may, from a verified address,
    /// into a verified organisation ([`Actor::may_invite`]). The invitation is stored and an email
    /// written to the outbox in the same transaction, whether or not the address has an account
    /// (`mail(org, true)` then says so), so that the inviter learns nothing about it.
    ///
    /// # Errors
    /// `NotFound` when the actor may not see the organisation, `Forbidden` when they may not invite,
    /// `Conflict` (`organization_unverified`) for an organisation nobody verified.
    pub fn invitation_create(
        &self,
        actor: &Actor,
        id: OrganizationId,
        email: &Email,
        secret: NewSecret,
        mail: impl FnOnce(&Organization, bool) -> OutgoingMail,
    ) -> Result<String, StoreError> {
        if !actor.can_see_organization(id) {
            return Err(StoreError::not_found("organization"));
        }
        let now = self.db.now();
        self.db.write(|conn| {
            let org = load_organization(conn, &id.to_string())?;
            let owners: Vec<bool> = users::table
                .filter(users::organization_id.eq(id.to_string()))
                .filter(users::is_org_owner.eq(true))
                .select(users::email_verified_at.is_not_null())
                .load(conn)?;
            let verified = domain::actor::organization_verified(owners.len(), owners.iter().filter(|v| **v).count());
            actor.may_invite(id, verified)?;
            // A closed account (its holder left an organisation) is reopened by accepting.
            let taken: i64 = users::table
                .filter(users::email.eq(email.as_str()))
                .filter(users::left_at.is_null())
                .count()
                .get_result(conn)?;
            let invitation_id = domain::ids::new_id().to_string();
            diesel::insert_into(invitations::table)
                .values((
                    invitations::id.eq(&invitation_id),
                    invitations::organization_id.eq(id.to_string()),
                    invitations::email.eq(email.as_str()),
                    invitations::invited_by.eq(actor.user_id.to_string()),
                    invitations::token_hash.eq(&secret.hash),
                    invitations::created_at.eq(now),
                    invitations::expires_at.eq(now + secret.ttl),
                ))
                .execute(conn)?;
            enqueue(conn, &mail(&org, taken > 0), now)?;
            let event = AuditEvent::new(Some(actor.user_id), "invitation.created", "organization", id)
                .with("invitation_id", invitation_id.clone());
            audit::append(conn, &self.audit_key, &event, now)?;
            Ok(invitation_id)
        })
    }

    /// What the page of a live invitation shows: the organisation's name and the address invited
    /// (`None` for a token that is unknown, used or expired).
    ///
    /// # Errors
    /// A database failure.
    pub fn invitation_preview(&self, token_hash: &str) -> Result<Option<(String, String)>, StoreError> {
        let now = self.db.now();
        self.db.read(|conn| {
            Ok(invitations::table
                .inner_join(organizations::table.on(organizations::id.eq(invitations::organization_id)))
                .filter(invitations::token_hash.eq(token_hash))
                .filter(invitations::accepted_at.is_null())
                .filter(invitations::expires_at.gt(now))
                .select((organizations::name, invitations::email))
                .first(conn)
                .optional()?)
        })
    }
}
