//! The store's errors. A Diesel error never leaves this crate: it becomes one of these.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use domain::DomainError;

use crate::stored::CorruptValue;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The domain refused the operation (validation, authorisation, not found, conflict).
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The database cannot be reached now; retrying later may succeed.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A stored value that the schema should have kept valid is not (a name no enum variant has).
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
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
            // The second line behind the edge's checks: PostgreSQL refuses a NUL byte (or any byte
            // sequence its encoding does not have) in text that a request brought in.
            DieselError::DatabaseError(_, info) if is_invalid_text(info.message()) => {
                Self::Domain(DomainError::invalid(
                    "request",
                    "invalid_characters",
                    "must not contain NUL bytes or other characters the database cannot store",
                ))
            }
            DieselError::DeserializationError(error) if is_corrupt(error.as_ref()) => {
                Self::Corrupt(error_chain(error.as_ref()))
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

/// Whether `error` (or what caused it) is a stored name no variant has.
fn is_corrupt(error: &(dyn std::error::Error + 'static)) -> bool {
    std::iter::successors(Some(error), |e| e.source()).any(|e| e.is::<CorruptValue>())
}

/// `error` and its causes, outermost first (Diesel's names the column).
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    std::iter::successors(Some(error), |e| e.source()).map(ToString::to_string).collect::<Vec<_>>().join(": ")
}

/// PostgreSQL reports a lost server, and a lock held past `lock_timeout` or a deadlock (SQLSTATE
/// 55P03, 40P01), in the message only; SQLite reports a write lock held past the busy timeout (by
/// another process) as "database is locked" (`SQLITE_BUSY`). A retry later gets past each.
fn is_unavailable(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    [
        "terminating connection",
        "server closed the connection",
        "connection refused",
        "no connection to the server",
        "database is locked",
        "database is busy",
        "database table is locked",
        "canceling statement due to lock timeout",
        "deadlock detected",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// PostgreSQL's refusal of text it cannot store: a NUL byte, or bytes invalid in its encoding
/// (SQLSTATE 22021 and 22P05, reported in the message only).
fn is_invalid_text(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    message.contains("invalid byte sequence") || message.contains("unsupported unicode escape sequence")
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
    } else if has("organizations_verified_tax_code_key") || has("organizations.tax_code") {
        // Two administrations with one tax code verified at once (the store checks first).
        ("tax_code_taken", "a verified administration already has this tax code")
    } else if has("assignments_proposal_evaluator_key") || has("assignments.evaluator_id") {
        // Two assignments of one evaluator racing past the store's own check (PostgreSQL).
        ("already_assigned", "this evaluator is already assigned to this version")
    } else {
        ("duplicate", "a record with the same unique value already exists")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database_error(message: &str) -> StoreError {
        DieselError::DatabaseError(DatabaseErrorKind::Unknown, Box::new(message.to_owned())).into()
    }

    #[test]
    fn text_the_database_refuses_is_invalid_and_a_lock_is_unavailable() {
        let nul = database_error("invalid byte sequence for encoding \"UTF8\": 0x00");
        assert!(matches!(nul, StoreError::Domain(DomainError::Invalid(ref f)) if f[0].code == "invalid_characters"));
        assert!(matches!(database_error("database is locked"), StoreError::Unavailable(_)));
        assert!(matches!(database_error("syntax error"), StoreError::Internal(_)));
    }
}
