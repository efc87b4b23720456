//! Row locks that order concurrent transactions on PostgreSQL. SQLite needs none: its writes run one
//! at a time (`BEGIN IMMEDIATE`), so a transaction there already sees everything committed before it.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::error::StoreError;
use crate::schema::{proposals, webhook_endpoints};

/// How a transaction holds a proposal's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hold {
    /// It relies on the proposal's state staying as read (a review being saved or submitted).
    Share,
    /// It will change the proposal, and what it reads before must not change meanwhile (a move, a
    /// decision reading the scores).
    Update,
}

/// Locks the proposal's row until the transaction ends, before anything is read of it, so that a
/// decision and a review of the same proposal run one after the other: the decision reads every review
/// committed before it, and a review waiting for it reads the decided state. A missing row locks nothing.
///
/// # Errors
/// A database error (a lock time-out is `Unavailable`).
pub(crate) fn proposal(conn: &mut DbConnection, id: &str, hold: Hold) -> Result<(), StoreError> {
    if let DbConnection::Pg(pg) = conn {
        let row = proposals::table.find(id).select(proposals::id);
        let _: Option<String> = match hold {
            Hold::Share => row.for_share().first(pg).optional()?,
            Hold::Update => row.for_update().first(pg).optional()?,
        };
    }
    Ok(())
}

/// Locks a webhook endpoint's row until the transaction ends, before its run of failures is read: two
/// instances recording failures of the same endpoint count both, and only one disables it.
///
/// # Errors
/// A database error (a lock time-out is `Unavailable`).
pub(crate) fn webhook_endpoint(conn: &mut DbConnection, id: &str) -> Result<(), StoreError> {
    if let DbConnection::Pg(pg) = conn {
        let _: Option<String> =
            webhook_endpoints::table.find(id).select(webhook_endpoints::id).for_update().first(pg).optional()?;
    }
    Ok(())
}
