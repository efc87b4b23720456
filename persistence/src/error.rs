//! The store's errors. A Diesel error never leaves this crate: it becomes one of these.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use domain::DomainError;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The domain refused the operation (validation, authorisation, not found, conflict).
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The database cannot be reached now; retrying later may succeed.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything else: a bug or a corrupted row.
    #[error("storage error: {0}")]
    Internal(String),
}

impl StoreError {
    /// A not-found error for `what`.
    pub fn not_found(what: &'static str) -> Self {
        Self::Domain(DomainError::NotFound(what))
    }

    /// An internal error with context.
    pub fn internal(context: &str, error: impl std::fmt::Display) -> Self {
        Self::Internal(format!("{context}: {error}"))
    }
}

impl From<DieselError> for StoreError {
    fn from(error: DieselError) -> Self {
        match error {
            DieselError::NotFound => Self::not_found("record"),
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                let constraint = info.constraint_name().unwrap_or_default().to_owned();
                let (code, message) = unique_violation(&constraint, info.message());
                Self::Domain(DomainError::conflict(code, message))
            }
            DieselError::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => Self::Unavailable(info.message().to_owned()),
            DieselError::DatabaseError(_, info) if is_unavailable(info.message()) => {
                Self::Unavailable(info.message().to_owned())
            }
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<r2d2::Error> for StoreError {
    fn from(error: r2d2::Error) -> Self {
        Self::Unavailable(error.to_string())
    }
}

/// PostgreSQL reports a lost server in the message only.
fn is_unavailable(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    ["terminating connection", "server closed the connection", "connection refused", "no connection to the server"]
        .iter()
        .any(|m| message.contains(m))
}

/// The code and message of a unique violation, by constraint (PostgreSQL) or column (SQLite): a race
/// that passes the store's own check before insert still gets the same answer as one that does not.
fn unique_violation(constraint: &str, message: &str) -> (&'static str, &'static str) {
    let names = [constraint, message];
    let has = |needle: &str| names.iter().any(|n| n.contains(needle));
    if has("users_email_key") || has("users.email") {
        ("email_taken", "an account with this email already exists")
    } else if has("organizations_ipa_code_key") || has("organizations.ipa_code") {
        ("ipa_code_taken", "an organisation with this IPA code already exists")
    } else if has("assignments_proposal_evaluator_key") || has("assignments.evaluator_id") {
        // Two assignments of one evaluator racing past the store's own check (PostgreSQL).
        ("already_assigned", "this evaluator is already assigned to this version")
    } else {
        ("duplicate", "a record with the same unique value already exists")
    }
}
