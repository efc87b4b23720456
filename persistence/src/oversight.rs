//! What the admins' desk shows at a glance: accounts per role, organisations per kind, the mail
//! outbox per delivery state and the audit log's size — each a count the database makes.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::{Actor, DomainError, OrganizationKind, Role};

use crate::Store;
use crate::error::StoreError;
use crate::outbox::OutboxStatus;
use crate::rows::utc;
use crate::schema::{audit_log, organizations, outbox, user_roles, users};

/// The kinds of object the audit log records, as its `target_type` names them (the filter's choices).
pub const AUDIT_TARGETS: [&str; 11] = [
    "address",
    "assignment",
    "challenge",
    "need",
    "organization",
    "outbox",
    "personal_access_token",
    "proposal",
    "service",
    "session",
    "user",
];

/// The admins' figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oversight {
    /// Accounts.
    pub users: i64,
    /// Accounts holding each role (a role nobody holds is absent).
    pub by_role: Vec<(Role, i64)>,
    /// Organisations of each kind (a kind without any is absent).
    pub by_kind: Vec<(OrganizationKind, i64)>,
    /// Public administrations waiting for an admin's verification.
    pub pending_administrations: i64,
    /// Emails in each delivery state (a state without any is absent).
    pub outbox: Vec<(OutboxStatus, i64)>,
    /// Entries of the audit log.
    pub audit_entries: i64,
    /// When the last one was written.
    pub audit_last: Option<DateTime<Utc>>,
}

fn require_admin(actor: &Actor) -> Result<(), StoreError> {
    if actor.has_role(Role::Admin) {
        Ok(())
    } else {
        Err(DomainError::Forbidden("requires role `admin`".to_owned()).into())
    }
}

impl Store {
    /// The admins' figures, read in one snapshot.
    ///
    /// # Errors
    /// `Forbidden` for anyone but admins.
    pub fn oversight(&self, actor: &Actor) -> Result<Oversight, StoreError> {
        require_admin(actor)?;
        self.db.snapshot(|conn| {
            let users: i64 = users::table.count().get_result(conn)?;
            let by_role: Vec<(Role, i64)> = user_roles::table
                .group_by(user_roles::role)
                .select((user_roles::role, diesel::dsl::count_star()))
                .load(conn)?;
            let by_kind: Vec<(OrganizationKind, i64)> = organizations::table
                .group_by(organizations::kind)
                .select((organizations::kind, diesel::dsl::count_star()))
                .load(conn)?;
            let pending_administrations: i64 = organizations::table
                .filter(organizations::kind.eq(crate::stored::Named(OrganizationKind::PublicAdministration)))
                .filter(organizations::verified_at.is_null())
                .count()
                .get_result(conn)?;
            let outbox: Vec<(OutboxStatus, i64)> = outbox::table
                .group_by(outbox::status)
                .select((outbox::status, diesel::dsl::count_star()))
                .load(conn)?;
            let (audit_entries, last): (i64, Option<chrono::NaiveDateTime>) = audit_log::table
                .select((diesel::dsl::count_star(), diesel::dsl::max(audit_log::occurred_at)))
                .get_result(conn)?;
            let mut by_role = by_role;
            by_role.sort_by_key(|(role, _)| Role::ALL.iter().position(|r| r == role));
            let mut by_kind = by_kind;
            by_kind.sort_by_key(|(kind, _)| OrganizationKind::ALL.iter().position(|k| k == kind));
            let mut outbox = outbox;
            outbox.sort_by_key(|(status, _)| status.as_str());
            Ok(Oversight {
                users,
                by_role,
                by_kind,
                pending_administrations,
                outbox,
                audit_entries,
                audit_last: last.map(utc),
            })
        })
    }
}
