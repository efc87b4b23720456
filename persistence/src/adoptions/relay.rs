//! Messages within a service's reuse community, relayed by email: a member writes to another member
//! organisation (the provider, or an administration that adopts the service); neither side sees the
//! other's address. Each sender relays at most [`MESSAGES_PER_WINDOW`] messages in
//! [`MESSAGE_WINDOW_HOURS`] hours, counted in the database so that every hub instance agrees.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use domain::adoption::{MESSAGE_WINDOW_HOURS, MESSAGES_PER_WINDOW};
use domain::catalogue::Service;
use domain::{Actor, AuditEvent, CommunityMessage, DomainError, OrganizationId, OutgoingMail, Role, Scope};

use super::{adopters, service_and_provider};
use crate::audit;
use crate::catalogue::provider_contacts;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::needs::officers;
use crate::organizations::load_organization;
use crate::schema::{community_messages, users};
use crate::{Recipient, Store};

/// What became of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relayed {
    /// Written to the outbox for each of the recipient organisation's people.
    Sent,
    /// Not sent: the sender wrote their allowance; the next one fits in this many seconds.
    Throttled(u64),
}

/// Whether the sender may write another message at `now`: the seconds to wait otherwise. On
/// PostgreSQL the sender's row is locked first, so that two messages at once are counted one after
/// the other (SQLite runs its writes one at a time).
fn allowance(conn: &mut DbConnection, sender: &str, now: NaiveDateTime) -> Result<Option<u64>, StoreError> {
    if let DbConnection::Pg(pg) = conn {
        let _: Option<String> = users::table.find(sender).select(users::id).for_update().first(pg).optional()?;
    }
    let window = Duration::hours(MESSAGE_WINDOW_HOURS);
    let recent: Vec<NaiveDateTime> = community_messages::table
        .filter(community_messages::sender_id.eq(sender))
        .filter(community_messages::sent_at.gt(now - window))
        .order(community_messages::sent_at.desc())
        .select(community_messages::sent_at)
        .limit(i64::try_from(MESSAGES_PER_WINDOW).unwrap_or(i64::MAX))
        .load(conn)?;
    if recent.len() < MESSAGES_PER_WINDOW {
        return Ok(None);
    }
    // The oldest of the last allowance leaves the window first.
    let frees = recent.last().copied().unwrap_or(now) + window;
    Ok(Some(u64::try_from((frees - now).num_seconds()).unwrap_or(0).max(1)))
}

/// The people who read a message to `organization` about `service`: the provider's people with a
/// verified address, or an adopting administration's officers.
fn readers(conn: &mut DbConnection, service: &Service, organization: &str) -> Result<Vec<Recipient>, StoreError> {
    if organization == service.content.provider_id.to_string() {
        Ok(provider_contacts(conn, organization)?
            .into_iter()
            .filter_map(|(email, locale, display_name)| {
                domain::Email::parse(&email).ok().map(|email| Recipient { email, display_name, locale })
            })
            .collect())
    } else {
        officers(conn, organization)
    }
}

impl Store {
    /// Relays `message` from a member of the service's reuse community to another member organisation,
    /// `to`. `mail` writes each recipient's email from the service and the sender's name and
    /// organisation. An administration writes through its officers; the provider through any of its
    /// people.
    ///
    /// # Errors
    /// `NotFound` for a service the sender may not see; `Forbidden` for who is not a member (or an
    /// administration's member who is not its officer); `Invalid` on `to_organization_id` for an
    /// organisation outside the community, or the sender's own.
    pub fn community_message(
        &self,
        actor: &Actor,
        slug: &str,
        to: OrganizationId,
        message: &CommunityMessage,
        mail: impl Fn(&Recipient, &Service, &str, &str) -> OutgoingMail,
    ) -> Result<Relayed, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let (service, provider) = service_and_provider(conn, Some(actor), slug)?;
            let provider_id = service.content.provider_id;
            let community = adopters(conn, Some(actor), service, provider)?;
            let is_provider = actor.organization_id == provider_id;
            if !community.member {
                return Err(DomainError::Forbidden(
                    "only the provider and the administrations that adopt the service write to its community".into(),
                )
                .into());
            }
            if is_provider {
                actor.require_scope(Scope::ProposalsWrite)?;
            } else {
                actor.require(Role::Administration, Scope::Administration)?;
            }
            let in_community = to == provider_id
                || community.adoptions.iter().any(|a| a.organization_id == to && a.content.state.in_community());
            if !in_community || to == actor.organization_id {
                return Err(DomainError::invalid(
                    "to_organization_id",
                    "not_in_community",
                    "must be another member of the service's reuse community",
                )
                .into());
            }
            let sender = actor.user_id.to_string();
            if let Some(wait) = allowance(conn, &sender, now)? {
                return Ok(Relayed::Throttled(wait));
            }
            let service = community.service;
            let key = service.id.to_string();
            let (from, to) = (actor.organization_id.to_string(), to.to_string());
            diesel::insert_into(community_messages::table)
                .values((
                    community_messages::id.eq(domain::ids::new_id().to_string()),
                    community_messages::service_id.eq(&key),
                    community_messages::sender_id.eq(&sender),
                    community_messages::from_organization_id.eq(&from),
                    community_messages::to_organization_id.eq(&to),
                    community_messages::subject.eq(&message.subject),
                    community_messages::body.eq(&message.body),
                    community_messages::sent_at.eq(now),
                ))
                .execute(conn)?;
            let sender_name: String = users::table.find(&sender).select(users::display_name).first(conn)?;
            let from_name = load_organization(conn, &from)?.name;
            for reader in readers(conn, &service, &to)? {
                crate::outbox::enqueue(conn, &mail(&reader, &service, &sender_name, &from_name), now)?;
            }
            let event = AuditEvent::new(Some(actor.user_id), "community.message_relayed", "service", &key)
                .with("from_organization_id", from)
                .with("to_organization_id", to);
            audit::append(conn, &self.audit_key, &event, now)?;
            Ok(Relayed::Sent)
        })
    }
}
