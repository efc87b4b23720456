//! Typed identifiers: UUID v7, so that ids sort by creation time.

use uuid::Uuid;

/// Declares a typed UUID v7 identifier.
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// What this id names, in the words of a "not found" answer.
            pub const WHAT: &'static str = $what;

            /// A new, time-ordered id.
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map(Self)
            }
        }

        /// Read from a string (a path segment, a JSON string); a malformed one fails with
        /// [`not_found_message`]'s words, since a malformed id names nothing that exists.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                raw.parse().map_err(|_| serde::de::Error::custom($crate::ids::not_found_message(Self::WHAT)))
            }
        }
    };
}

pub(crate) use id_type;

id_type!(
    /// Identifies a user.
    UserId,
    "user"
);
id_type!(
    /// Identifies an organisation.
    OrganizationId,
    "organization"
);

/// The words of the answer to an id of `what` that names nothing: `proposal not found`. A malformed
/// id in a path answers them too (it names nothing that exists).
pub fn not_found_message(what: &str) -> String {
    format!("{what} not found")
}

/// A new time-ordered id for rows without a typed id of their own (tokens, outbox, audit).
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
