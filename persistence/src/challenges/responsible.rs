//! A challenge's responsible officer (*responsabile del procedimento*): a hub manager whose account is
//! open, checked whenever one is named; named by their name wherever applicants read the challenge.

use diesel::prelude::*;
use domain::{Challenge, ChallengeContent, DomainError, Role, UserId};

use crate::Store;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::schema::{user_roles, users};
use crate::stored::Named;

/// Whether the responsible officer `content` names, if any, is a hub manager whose account is open.
///
/// # Errors
/// `Invalid` (`responsible_id`: `not_a_hub_manager`) otherwise.
pub(super) fn check(conn: &mut DbConnection, content: &ChallengeContent) -> Result<(), StoreError> {
    let Some(named) = content.responsible_id else { return Ok(()) };
    let managers: i64 = users::table
        .inner_join(user_roles::table)
        .filter(users::id.eq(named.to_string()))
        .filter(users::left_at.is_null())
        .filter(user_roles::role.eq(Named(Role::HubManager)))
        .count()
        .get_result(conn)?;
    if managers == 0 {
        return Err(DomainError::invalid(
            "responsible_id",
            "not_a_hub_manager",
            "the responsible officer must be a hub manager with an open account",
        )
        .into());
    }
    Ok(())
}

/// The name of `challenge`'s responsible officer, with their id; none before one is named.
pub(crate) fn named(conn: &mut DbConnection, challenge: &Challenge) -> Result<Option<(UserId, String)>, StoreError> {
    let Some(id) = challenge.content.responsible_id else { return Ok(None) };
    let name: String = users::table.find(id.to_string()).select(users::display_name).first(conn)?;
    Ok(Some((id, name)))
}

impl Store {
    /// `challenge`'s responsible officer, by id and name; none before one is named.
    ///
    /// # Errors
    /// When the database fails.
    pub fn challenge_responsible(&self, challenge: &Challenge) -> Result<Option<(UserId, String)>, StoreError> {
        self.db.read(|conn| named(conn, challenge))
    }

    /// The hub managers whose accounts are open, by id and name in name order: whom a challenge may
    /// name as its responsible officer.
    ///
    /// # Errors
    /// When the database fails.
    pub fn responsible_candidates(&self) -> Result<Vec<(UserId, String)>, StoreError> {
        self.db.read(|conn| {
            let rows: Vec<(String, String)> = users::table
                .inner_join(user_roles::table)
                .filter(users::left_at.is_null())
                .filter(user_roles::role.eq(Named(Role::HubManager)))
                .select((users::id, users::display_name))
                .order((users::display_name.asc(), users::id.asc()))
                .load(conn)?;
            rows.into_iter().map(|(id, name)| Ok((crate::rows::parse_stored("users.id", &id)?, name))).collect()
        })
    }
}
