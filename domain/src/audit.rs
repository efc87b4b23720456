//! Entries of the append-only audit log.

use std::collections::BTreeMap;

use crate::ids::UserId;

/// One thing that happened, written in the same transaction as the change itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Who did it; `None` for the system or an anonymous caller.
    pub actor: Option<UserId>,
    /// What happened, e.g. `user.registered`.
    pub action: &'static str,
    /// The kind of object it happened to, e.g. `user`.
    pub target_type: &'static str,
    /// The object's id.
    pub target_id: String,
    /// Further facts: ids, states, counts, never secrets nor personal data (names, emails, free
    /// text). The log is append-only and keyed, so erasing a user leaves it as it is.
    pub details: BTreeMap<String, String>,
}

impl AuditEvent {
    /// An event with no details.
    pub fn new(
        actor: Option<UserId>,
        action: &'static str,
        target_type: &'static str,
        target_id: impl ToString,
    ) -> Self {
        Self { actor, action, target_type, target_id: target_id.to_string(), details: BTreeMap::new() }
    }

    /// Adds a detail.
    #[must_use]
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.details.insert(key.to_owned(), value.into());
        self
    }
}
