//! Typed identifiers: UUID v7, so that ids sort by creation time.

use uuid::Uuid;

/// Declares a typed UUID v7 identifier.
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
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
    };
}

pub(crate) use id_type;

id_type!(
    /// Identifies a user.
    UserId
);
id_type!(
    /// Identifies an organisation.
    OrganizationId
);

/// A new time-ordered id for rows without a typed id of their own (tokens, outbox, audit).
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
