//! The facts separation of duties is decided on ([`domain::duties`]): who a person is and where they
//! work, and a proposal's parties; and the check every duty's store method makes first.

use diesel::prelude::*;
use domain::duties::{Duty, Parties, Person, check_duty, conflict_of_interest};
use domain::{Actor, Proposal, UserId};

use crate::db::DbConnection;
use crate::error::StoreError;
use crate::rows::parse_stored;
use crate::schema::{organizations, users};

/// A user with their organisation's tax code.
pub(crate) fn person(conn: &mut DbConnection, user: UserId) -> Result<Person, StoreError> {
    let (organization, tax_code): (String, String) = users::table
        .inner_join(organizations::table)
        .filter(users::id.eq(user.to_string()))
        .select((organizations::id, organizations::tax_code))
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found("user"))?;
    Ok(Person { id: user, organization: parse_stored("organizations.id", &organization)?, tax_code })
}

/// A proposal's organisation (with its tax code), author and co-authors.
pub(crate) fn parties(conn: &mut DbConnection, proposal: &Proposal) -> Result<Parties, StoreError> {
    let tax_code: String =
        organizations::table.find(proposal.organization_id.to_string()).select(organizations::tax_code).first(conn)?;
    let mut team = proposal.team.clone();
    team.insert(proposal.created_by);
    Ok(Parties { organization: proposal.organization_id, tax_code, team })
}

/// Whether `actor` is on the proposal's side (its organisation, one sharing its tax code, its team).
pub(crate) fn is_conflicted(conn: &mut DbConnection, actor: &Actor, proposal: &Proposal) -> Result<bool, StoreError> {
    let me = person(conn, actor.user_id)?;
    Ok(conflict_of_interest(&me, &parties(conn, proposal)?).is_some())
}

/// Refuses `duty` on `proposal` to an `actor` on the proposal's side.
///
/// # Errors
/// `Forbidden` (separation of duties).
pub(crate) fn authorize_duty(
    conn: &mut DbConnection,
    actor: &Actor,
    duty: Duty,
    proposal: &Proposal,
) -> Result<(), StoreError> {
    let me = person(conn, actor.user_id)?;
    Ok(check_duty(&me, duty, &parties(conn, proposal)?)?)
}
