//! Stored names: the one place where a domain enum meets its `TEXT` column. [`stored_enums!`] gives each
//! enum its Diesel conversions, so that rows hold the enum itself and a stored name that no variant has
//! (which the schema's CHECK constraints rule out) is read as [`CorruptValue`], never as a panic.
//!
//! The orphan rule lets this crate implement Diesel's `FromSql` and `Queryable` for a domain type on its
//! own `MultiBackend`, so rows load enums; but neither `AsExpression` nor each engine's `ToSql` (no local
//! type in them), which a bound value needs, so a value written in a filter, an insert or an update
//! goes through the local wrapper [`Named`].

use diesel::backend::Backend;
use diesel::deserialize;
use diesel::expression::AsExpression;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;

/// A closed set of names stored in a `TEXT` column.
pub(crate) trait StoredName: Copy + Sized + std::fmt::Debug + 'static {
    /// What the name is of, for errors.
    const KIND: &'static str;

    /// The stored name.
    fn name(self) -> &'static str;

    /// The value stored as `name`, if any.
    fn from_name(name: &str) -> Option<Self>;
}

/// A stored name that no value has: a row the schema should not have let in.
#[derive(Debug, thiserror::Error)]
#[error("corrupt data: `{value}` is no {kind}")]
pub(crate) struct CorruptValue {
    kind: &'static str,
    value: String,
}

/// Reads the value stored as `name`.
///
/// # Errors
///
/// [`CorruptValue`] when no value has that name.
pub(crate) fn decode<T: StoredName>(name: String) -> deserialize::Result<T> {
    T::from_name(&name).ok_or_else(|| CorruptValue { kind: T::KIND, value: name }.into())
}

/// Gives each domain enum (with `FromStr` and a `&'static str` name, `as_str` unless another method is
/// named) its stored name and Diesel conversions over both engines.
macro_rules! stored_enums {
    ($($ty:path $(=> $name:ident)?),+ $(,)?) => {$(
        impl $crate::stored::StoredName for $ty {
            const KIND: &'static str = stringify!($ty);

            fn name(self) -> &'static str {
                stored_enums!(@name self $($name)?)
            }

            fn from_name(name: &str) -> Option<Self> {
                name.parse().ok()
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Text, $crate::db::MultiBackend> for $ty {
            fn from_sql(
                bytes: <$crate::db::MultiBackend as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                $crate::stored::decode(bytes.from_sql::<String, diesel::sql_types::Text>()?)
            }
        }

        impl diesel::deserialize::Queryable<diesel::sql_types::Text, $crate::db::MultiBackend> for $ty {
            type Row = Self;

            fn build(row: Self) -> diesel::deserialize::Result<Self> {
                Ok(row)
            }
        }
    )+};
    (@name $value:ident) => { $value.as_str() };
    (@name $value:ident $name:ident) => { $value.$name() };
}

stored_enums! {
    domain::ProposalState,
    domain::ProposalAction,
    domain::review::ReviewState,
    domain::review::Recommendation,
    domain::ChallengeState,
    domain::NeedState,
    domain::Urgency,
    domain::AdoptionState,
    domain::challenge::OpinionVerdict,
    domain::consensus::ConsensusPolicy,
    domain::consensus::ReportState,
    domain::redress::RedressState,
    domain::consensus::Stance,
    domain::catalogue::ServiceState,
    domain::catalogue::ServiceModel,
    domain::catalogue::DevelopmentStatus,
    domain::Role,
    domain::OrganizationKind,
    domain::Locale,
    domain::MailTemplate,
    domain::Pillar => key,
    crate::outbox::OutboxStatus,
    domain::webhook::EventType,
    domain::webhook::EndpointState,
    domain::webhook::DeliveryStatus,
}

/// A stored enum as a value a query writes: `proposals::state.eq(Named(ProposalState::Draft))`, or in an
/// `Insertable` row, `#[diesel(serialize_as = Named<ProposalState>)]` (`Named<Option<_>>` for a
/// nullable column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression)]
#[diesel(sql_type = Text)]
pub(crate) struct Named<T>(pub(crate) T);

impl<T> From<T> for Named<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

// On every backend, the multi-connection's own and each engine's (which it hands the value to).
impl<T: StoredName, DB: Backend> ToSql<Text, DB> for Named<T>
where
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.0.name().to_sql(out)
    }
}

impl<T: StoredName, DB: Backend> ToSql<Text, DB> for Named<Option<T>>
where
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        match self.0 {
            Some(value) => value.name().to_sql(out),
            None => Ok(IsNull::Yes),
        }
    }
}

/// The stored names of `values`, for a filter such as `eq_any`.
pub(crate) fn named<T: StoredName>(values: impl IntoIterator<Item = T>) -> Vec<Named<T>> {
    values.into_iter().map(Named).collect()
}

#[cfg(test)]
mod tests;
