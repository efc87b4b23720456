//! Conversions between rows and domain values shared by several aggregates.

use std::collections::BTreeSet;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{Locale, OrganizationId, Role, User, UserId};

use crate::db::DbConnection;
use crate::error::StoreError;
use crate::schema::{user_roles, users};
use crate::stored::Named;

/// Reads a stored UTC timestamp.
pub(crate) fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// Parses a stored value that the schema's CHECK constraints keep valid.
pub(crate) fn parse_stored<T: FromStr>(column: &str, value: &str) -> Result<T, StoreError> {
    value.parse().map_err(|_| StoreError::Corrupt(format!("`{value}` in {column}")))
}

/// A `users` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub(crate) struct UserRow {
    pub id: String,
    pub organization_id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    #[diesel(serialize_as = Named<Locale>)]
    pub locale: Locale,
    pub is_org_owner: bool,
    pub email_verified_at: Option<NaiveDateTime>,
    pub token_version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub expertise: String,
    pub left_at: Option<NaiveDateTime>,
}

impl UserRow {
    pub(crate) fn into_user(self, roles: BTreeSet<Role>) -> Result<User, StoreError> {
        Ok(User {
            id: parse_stored::<UserId>("users.id", &self.id)?,
            organization_id: parse_stored::<OrganizationId>("users.organization_id", &self.organization_id)?,
            email: self.email,
            display_name: self.display_name,
            locale: self.locale,
            roles,
            is_org_owner: self.is_org_owner,
            email_verified_at: self.email_verified_at.map(utc),
            created_at: utc(self.created_at),
            expertise: serde_json::from_str(&self.expertise).map_err(|e| StoreError::internal("users.expertise", e))?,
            left_at: self.left_at.map(utc),
        })
    }
}

/// The roles of one user.
pub(crate) fn roles_of(conn: &mut DbConnection, user_id: &str) -> Result<BTreeSet<Role>, StoreError> {
    Ok(user_roles::table
        .filter(user_roles::user_id.eq(user_id))
        .select(user_roles::role)
        .load::<Role>(conn)?
        .into_iter()
        .collect())
}

/// How many admins the hub has besides `user_id`.
pub(crate) fn other_admins(conn: &mut DbConnection, user_id: &str) -> Result<u64, StoreError> {
    let count: i64 = user_roles::table
        .filter(user_roles::role.eq(Named(Role::Admin)))
        .filter(user_roles::user_id.ne(user_id))
        .count()
        .get_result(conn)?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// The users of `rows`, each with their roles (one query for all).
pub(crate) fn with_roles(conn: &mut DbConnection, rows: Vec<UserRow>) -> Result<Vec<User>, StoreError> {
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let pairs: Vec<(String, Role)> = user_roles::table
        .filter(user_roles::user_id.eq_any(&ids))
        .select((user_roles::user_id, user_roles::role))
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            let roles = pairs.iter().filter(|(user, _)| *user == row.id).map(|(_, role)| *role).collect();
            row.into_user(roles)
        })
        .collect()
}

/// Loads a user with roles, or not found.
pub(crate) fn load_user(conn: &mut DbConnection, id: &str) -> Result<User, StoreError> {
    let row: UserRow = users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found("user"))?;
    let roles = roles_of(conn, id)?;
    row.into_user(roles)
}

/// User `id` as a current member of organisation `organization` (not one who left it).
///
/// # Errors
/// `NotFound` (`member`) for anyone else.
pub(crate) fn load_member(conn: &mut DbConnection, organization: &str, id: &str) -> Result<User, StoreError> {
    let present: Option<String> = users::table
        .find(id)
        .filter(users::organization_id.eq(organization))
        .filter(users::left_at.is_null())
        .select(users::id)
        .first(conn)
        .optional()?;
    if present.is_none() {
        return Err(StoreError::not_found("member"));
    }
    load_user(conn, id)
}

/// Replaces the roles of a user.
pub(crate) fn set_roles(
    conn: &mut DbConnection,
    user_id: &str,
    roles: &BTreeSet<Role>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::delete(user_roles::table.filter(user_roles::user_id.eq(user_id))).execute(conn)?;
    for role in roles {
        diesel::insert_into(user_roles::table)
            .values((
                user_roles::user_id.eq(user_id),
                user_roles::role.eq(Named(*role)),
                user_roles::granted_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
