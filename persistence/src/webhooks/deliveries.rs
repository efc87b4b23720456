//! The webhook outbox: one delivery per event and endpoint (unique, so never queued twice), claimed by
//! the delivery workers with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so several instances never
//! claim the same row), their outcomes recorded in one transaction per batch with every attempt kept for
//! the endpoint's log; and the endpoint disabled, its owners emailed, when it keeps failing.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::webhook::{DeliveryId, DeliveryStatus, DisablePolicy, EndpointId, EndpointState, EventType};
use domain::{Actor, AuditEvent, DomainError, Email, OutgoingMail, Page, PageRequest, Role};

use super::{managed, secrets};
use crate::Store;
use crate::audit;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::rows::{load_user, utc};
use crate::schema::{user_roles, users, webhook_attempts, webhook_deliveries, webhook_endpoints, webhook_events};
use crate::stored::Named;

/// One attempt of a delivery, as the endpoint's log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Attempt {
    /// When it was made.
    pub at: NaiveDateTime,
    /// The answer's status, if one came.
    pub status_code: Option<i32>,
    /// How long it took, in milliseconds.
    pub latency_ms: i32,
    /// What failed (a connection refused, a timeout, a refused address, a non-2xx answer).
    pub error: Option<String>,
}

/// One event to one endpoint, with its attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The id.
    pub id: DeliveryId,
    /// The event's id: the `webhook-id` of every attempt.
    pub event_id: String,
    /// The event's type.
    pub event_type: EventType,
    /// The body sent.
    pub payload: String,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Attempts in its current round.
    pub attempts: i32,
    /// When the next attempt is due (pending).
    pub next_attempt_at: DateTime<Utc>,
    /// The last answer's status.
    pub last_code: Option<i32>,
    /// The last error.
    pub last_error: Option<String>,
    /// When the event was raised.
    pub created_at: DateTime<Utc>,
    /// When an endpoint first answered 2xx.
    pub delivered_at: Option<DateTime<Utc>>,
    /// Every attempt, newest first.
    pub log: Vec<Attempt>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
struct DeliveryRow {
    id: String,
    event_id: String,
    status: DeliveryStatus,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    last_code: Option<i32>,
    last_error: Option<String>,
    created_at: NaiveDateTime,
    delivered_at: Option<NaiveDateTime>,
}

/// A delivery claimed by a worker: what to post where, and the secrets to sign it with.
#[derive(Clone)]
pub struct Claimed {
    /// The delivery.
    pub delivery_id: String,
    /// The endpoint.
    pub endpoint_id: String,
    /// Where to post.
    pub url: String,
    /// The `webhook-id`.
    pub event_id: String,
    /// The body.
    pub payload: String,
    /// The `webhook-timestamp`'s instant is the attempt's; the secrets sign it: the current one first,
    /// then the previous one during a rotation's overlap.
    pub secrets: Vec<String>,
    /// Attempts including this one.
    pub attempts: i32,
}

impl std::fmt::Debug for Claimed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Claimed")
            .field("delivery_id", &self.delivery_id)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The delivery.
    pub delivery_id: String,
    /// The answer's status, if one came.
    pub status_code: Option<u16>,
    /// How long it took.
    pub latency_ms: u32,
    /// What failed; `None` with a 2xx status is a delivery.
    pub error: Option<String>,
    /// The claim it answers: its [`Claimed::attempts`]. An outcome of a claim that is no longer the
    /// delivery's (redelivered since, or claimed again once its lease ended) is logged and decides nothing.
    pub attempt: i32,
}

impl Outcome {
    fn delivered(&self) -> bool {
        self.error.is_none() && self.status_code.is_some_and(|c| (200..300).contains(&c))
    }
}

/// Which deliveries a log shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeliveryFilter {
    /// Only those in this status.
    pub status: Option<DeliveryStatus>,
}

/// Writes an event and one delivery per endpoint in `targets`, due now.
pub(crate) fn enqueue(
    conn: &mut DbConnection,
    kind: EventType,
    data: &BTreeMap<String, String>,
    seq: Option<i64>,
    targets: &[String],
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let event_id = format!("msg_{}", domain::ids::new_id().simple());
    let timestamp = utc(now).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let payload = serde_json::json!({"type": kind.as_str(), "timestamp": timestamp, "data": data}).to_string();
    diesel::insert_into(webhook_events::table)
        .values((
            webhook_events::id.eq(&event_id),
            webhook_events::event_type.eq(Named(kind)),
            webhook_events::audit_seq.eq(seq),
            webhook_events::payload.eq(payload),
            webhook_events::occurred_at.eq(now),
        ))
        .execute(conn)?;
    for endpoint in targets {
        diesel::insert_into(webhook_deliveries::table)
            .values((
                webhook_deliveries::id.eq(domain::ids::new_id().to_string()),
                webhook_deliveries::endpoint_id.eq(endpoint),
                webhook_deliveries::event_id.eq(&event_id),
                webhook_deliveries::status.eq(Named(DeliveryStatus::Pending)),
                webhook_deliveries::next_attempt_at.eq(now),
                webhook_deliveries::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Deletes an endpoint's deliveries and their attempts (before the endpoint itself).
pub(crate) fn delete_of_endpoint(conn: &mut DbConnection, endpoint: &str) -> Result<(), StoreError> {
    let ids =
        webhook_deliveries::table.filter(webhook_deliveries::endpoint_id.eq(endpoint)).select(webhook_deliveries::id);
    diesel::delete(webhook_attempts::table.filter(webhook_attempts::delivery_id.eq_any(ids))).execute(conn)?;
    diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::endpoint_id.eq(endpoint))).execute(conn)?;
    Ok(())
}

fn load_delivery(conn: &mut DbConnection, row: DeliveryRow) -> Result<Delivery, StoreError> {
    let (event_type, payload): (EventType, String) = webhook_events::table
        .find(&row.event_id)
        .select((webhook_events::event_type, webhook_events::payload))
        .first(conn)?;
    let log: Vec<Attempt> = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq(&row.id))
        .order(webhook_attempts::id.desc())
        .select((
            webhook_attempts::attempted_at,
            webhook_attempts::status_code,
            webhook_attempts::latency_ms,
            webhook_attempts::error,
        ))
        .limit(50)
        .load(conn)?;
    Ok(Delivery {
        id: row.id.parse().map_err(|e| StoreError::internal("corrupt delivery id", e))?,
        event_id: row.event_id,
        event_type,
        payload,
        status: row.status,
        attempts: row.attempts,
        next_attempt_at: utc(row.next_attempt_at),
        last_code: row.last_code,
        last_error: row.last_error,
        created_at: utc(row.created_at),
        delivered_at: row.delivered_at.map(utc),
        log,
    })
}

/// Who hears that an endpoint was disabled: its organisation's owners, or the hub's admins.
fn owners(conn: &mut DbConnection, organization: Option<&str>) -> Result<Vec<String>, StoreError> {
    Ok(match organization {
        Some(org) => users::table
            .filter(users::organization_id.eq(org))
            .filter(users::is_org_owner.eq(true))
            .filter(users::left_at.is_null())
            .select(users::id)
            .load(conn)?,
        None => {
            user_roles::table.filter(user_roles::role.eq(Named(Role::Admin))).select(user_roles::user_id).load(conn)?
        }
    })
}

impl Store {
    /// An endpoint's deliveries, newest first, each with its attempts.
    ///
    /// # Errors
    /// `NotFound` for an endpoint the caller does not manage.
    pub fn webhook_deliveries(
        &self,
        actor: &Actor,
        endpoint: EndpointId,
        filter: DeliveryFilter,
        page: &PageRequest,
    ) -> Result<Page<Delivery>, StoreError> {
        // One snapshot: each delivery's row and its attempts are read in separate statements, and a worker
        // recording an attempt between them would show a row (its due time, its last status) older than its log.
        self.db.snapshot(|conn| {
            managed(conn, actor, endpoint)?;
            let mut query = webhook_deliveries::table
                .filter(webhook_deliveries::endpoint_id.eq(endpoint.to_string()))
                .select(DeliveryRow::as_select())
                .order(webhook_deliveries::id.desc())
                .into_boxed();
            if let Some(status) = filter.status {
                query = query.filter(webhook_deliveries::status.eq(Named(status)));
            }
            if let Some(after) = &page.after {
                query = query.filter(webhook_deliveries::id.lt(after.clone()));
            }
            let rows: Vec<DeliveryRow> = query.limit(i64::from(page.limit) + 1).load(conn)?;
            let items = rows.into_iter().map(|r| load_delivery(conn, r)).collect::<Result<Vec<_>, _>>()?;
            Ok(Page::from_overfetch(items, page.limit, |d: &Delivery| d.id.to_string()))
        })
    }

    /// Sends a delivery again, whatever its status: a new round of attempts, due now (when the endpoint
    /// is active), with the same `webhook-id`, so that a receiver that did get it knows it. Audited. Not while
    /// an attempt is in flight (its lease held): its outcome would end the new round.
    ///
    /// # Errors
    /// `NotFound` for an endpoint the caller does not manage or a delivery not of it; `Conflict`
    /// (`delivery_in_flight`) while it is being attempted.
    pub fn webhook_redeliver(
        &self,
        actor: &Actor,
        endpoint: EndpointId,
        delivery: DeliveryId,
    ) -> Result<Delivery, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            managed(conn, actor, endpoint)?;
            let of_endpoint = webhook_deliveries::table
                .filter(webhook_deliveries::id.eq(delivery.to_string()))
                .filter(webhook_deliveries::endpoint_id.eq(endpoint.to_string()));
            let leased: Option<Option<NaiveDateTime>> =
                of_endpoint.clone().select(webhook_deliveries::locked_until).first(conn).optional()?;
            let Some(leased) = leased else { return Err(StoreError::not_found(DeliveryId::WHAT)) };
            let in_flight = || {
                DomainError::conflict(
                    "delivery_in_flight",
                    "it is being attempted now: redeliver it once this attempt is logged",
                )
            };
            if leased.is_some_and(|until| until > now) {
                return Err(in_flight().into());
            }
            let idle = webhook_deliveries::locked_until.is_null().or(webhook_deliveries::locked_until.le(now));
            let changed = diesel::update(of_endpoint.filter(idle))
                .set((
                    webhook_deliveries::status.eq(Named(DeliveryStatus::Pending)),
                    webhook_deliveries::attempts.eq(0),
                    webhook_deliveries::next_attempt_at.eq(now),
                    webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
            if changed != 1 {
                // Claimed since it was read (the update waited for that claim, and saw it).
                return Err(in_flight().into());
            }
            let event = AuditEvent::new(Some(actor.user_id), "webhook.redelivered", "webhook_endpoint", endpoint)
                .with("delivery", delivery.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            let row =
                webhook_deliveries::table.find(delivery.to_string()).select(DeliveryRow::as_select()).first(conn)?;
            load_delivery(conn, row)
        })
    }

    /// Queues a `webhook.ping` event to one endpoint (its owner checks that it receives and verifies).
    ///
    /// # Errors
    /// `NotFound` for an endpoint the caller does not manage.
    pub fn webhook_ping(&self, actor: &Actor, endpoint: EndpointId) -> Result<Delivery, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            managed(conn, actor, endpoint)?;
            let key = endpoint.to_string();
            let data = BTreeMap::from([("endpoint_id".to_owned(), key.clone())]);
            enqueue(conn, EventType::Ping, &data, None, std::slice::from_ref(&key), now)?;
            let row = webhook_deliveries::table
                .filter(webhook_deliveries::endpoint_id.eq(&key))
                .order(webhook_deliveries::id.desc())
                .select(DeliveryRow::as_select())
                .first(conn)?;
            load_delivery(conn, row)
        })
    }

    /// Claims up to `limit` due deliveries of active endpoints for `lease`: until it ends no other worker
    /// claims them. A worker that dies mid-delivery leaves the lease to expire, and the delivery is
    /// attempted again with the same `webhook-id`.
    ///
    /// # Errors
    /// When the database fails, or a secret does not open (another `HUB_AUDIT_KEY`).
    pub fn webhook_claim(&self, limit: i64, lease: chrono::Duration) -> Result<Vec<Claimed>, StoreError> {
        let now = self.db.now();
        self.db.write_untracked(|conn| {
            let active = webhook_endpoints::table
                .filter(webhook_endpoints::state.eq(Named(EndpointState::Active)))
                .select(webhook_endpoints::id);
            macro_rules! due {
                () => {
                    webhook_deliveries::table
                        .filter(webhook_deliveries::status.eq(Named(DeliveryStatus::Pending)))
                        .filter(webhook_deliveries::next_attempt_at.le(now))
                        .filter(webhook_deliveries::locked_until.is_null().or(webhook_deliveries::locked_until.lt(now)))
                        .filter(webhook_deliveries::endpoint_id.eq_any(active))
                        .order(webhook_deliveries::next_attempt_at.asc())
                        .limit(limit)
                        .select(webhook_deliveries::id)
                };
            }
            let ids: Vec<String> = match conn {
                DbConnection::Pg(pg) => due!().for_update().skip_locked().load(pg)?,
                DbConnection::Sqlite(_) => due!().load(conn)?,
            };
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq_any(&ids)))
                .set((
                    webhook_deliveries::locked_until.eq(now + lease),
                    webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
                ))
                .execute(conn)?;
            type Joined = (String, String, i32, String, String, Option<String>, Option<NaiveDateTime>, String, String);
            let rows: Vec<Joined> = webhook_deliveries::table
                .inner_join(webhook_endpoints::table)
                .inner_join(webhook_events::table)
                .filter(webhook_deliveries::id.eq_any(&ids))
                .order(webhook_deliveries::next_attempt_at.asc())
                .select((
                    webhook_deliveries::id,
                    webhook_deliveries::endpoint_id,
                    webhook_deliveries::attempts,
                    webhook_endpoints::url,
                    webhook_endpoints::secret,
                    webhook_endpoints::previous_secret,
                    webhook_endpoints::previous_until,
                    webhook_events::id,
                    webhook_events::payload,
                ))
                .load(conn)?;
            rows.into_iter()
                .map(|(delivery_id, endpoint_id, attempts, url, secret, previous, until, event_id, payload)| {
                    let mut secrets = vec![secrets::open(&self.audit_key, &endpoint_id, &secret)?];
                    if let (Some(previous), Some(until)) = (previous, until)
                        && until > now
                    {
                        secrets.push(secrets::open(&self.audit_key, &endpoint_id, &previous)?);
                    }
                    Ok(Claimed { delivery_id, endpoint_id, url, event_id, payload, secrets, attempts })
                })
                .collect()
        })
    }

    /// Records a batch of attempts in one transaction: each delivered, retried after the schedule's wait, or
    /// failed after the last attempt; each endpoint's run of failures counted, and an endpoint that keeps
    /// failing (`policy`) disabled, its owners emailed with a link under `link_base`. Returns the endpoints
    /// disabled.
    ///
    /// # Errors
    /// When the database fails (the leases then expire and the deliveries are attempted again).
    pub fn webhook_record(
        &self,
        outcomes: &[Outcome],
        policy: DisablePolicy,
        link_base: &str,
    ) -> Result<Vec<String>, StoreError> {
        let now = self.db.now();
        self.db.write_untracked(|conn| {
            let mut disabled = Vec::new();
            for outcome in outcomes {
                let found: Option<String> = webhook_deliveries::table
                    .find(&outcome.delivery_id)
                    .select(webhook_deliveries::endpoint_id)
                    .first(conn)
                    .optional()?;
                // Its endpoint was deleted meanwhile.
                let Some(endpoint) = found else { continue };
                let error = outcome.error.as_ref().map(|e| e.chars().take(500).collect::<String>());
                let code = outcome.status_code.map(i32::from);
                diesel::insert_into(webhook_attempts::table)
                    .values((
                        webhook_attempts::id.eq(domain::ids::new_id().to_string()),
                        webhook_attempts::delivery_id.eq(&outcome.delivery_id),
                        webhook_attempts::attempted_at.eq(now),
                        webhook_attempts::status_code.eq(code),
                        webhook_attempts::latency_ms.eq(i32::try_from(outcome.latency_ms).unwrap_or(i32::MAX)),
                        webhook_attempts::error.eq(&error),
                    ))
                    .execute(conn)?;
                // Only while the claim it answers is the delivery's (its attempt, its lease held; checked by the
                // update itself, which a redelivery or another claim committed meanwhile changes): an outcome of
                // an earlier claim (redelivered since, or claimed again once its lease ended) is logged above and
                // decides nothing — the current claim's will.
                let target = webhook_deliveries::table
                    .find(&outcome.delivery_id)
                    .filter(webhook_deliveries::attempts.eq(outcome.attempt))
                    .filter(webhook_deliveries::locked_until.is_not_null());
                if outcome.delivered() {
                    let changed = diesel::update(target)
                        .set((
                            webhook_deliveries::status.eq(Named(DeliveryStatus::Delivered)),
                            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
                            webhook_deliveries::last_code.eq(code),
                            webhook_deliveries::last_error.eq(None::<String>),
                            webhook_deliveries::delivered_at.eq(now),
                        ))
                        .execute(conn)?;
                    if changed == 0 {
                        continue;
                    }
                    diesel::update(webhook_endpoints::table.find(&endpoint))
                        .set((
                            webhook_endpoints::failures.eq(0),
                            webhook_endpoints::failing_since.eq(None::<NaiveDateTime>),
                        ))
                        .execute(conn)?;
                    continue;
                }
                let (status, next) = match domain::webhook::retry_delay(outcome.attempt) {
                    Some(wait) => (DeliveryStatus::Pending, now + wait),
                    None => (DeliveryStatus::Failed, now),
                };
                let changed = diesel::update(target)
                    .set((
                        webhook_deliveries::status.eq(Named(status)),
                        webhook_deliveries::next_attempt_at.eq(next),
                        webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
                        webhook_deliveries::last_code.eq(code),
                        webhook_deliveries::last_error.eq(&error),
                    ))
                    .execute(conn)?;
                if changed == 1 && self.count_failure(conn, &endpoint, policy, link_base, now)? {
                    disabled.push(endpoint);
                }
            }
            Ok(disabled)
        })
    }

    /// Counts a failed attempt against an endpoint; disables it (and emails its owners) when `policy` says.
    fn count_failure(
        &self,
        conn: &mut DbConnection,
        endpoint: &str,
        policy: DisablePolicy,
        link_base: &str,
        now: NaiveDateTime,
    ) -> Result<bool, StoreError> {
        crate::locks::webhook_endpoint(conn, endpoint)?;
        let (failures, since, state, org, url): (i32, Option<NaiveDateTime>, EndpointState, Option<String>, String) =
            webhook_endpoints::table
                .find(endpoint)
                .select((
                    webhook_endpoints::failures,
                    webhook_endpoints::failing_since,
                    webhook_endpoints::state,
                    webhook_endpoints::organization_id,
                    webhook_endpoints::url,
                ))
                .first(conn)?;
        let (failures, since) = (failures.saturating_add(1), since.unwrap_or(now));
        diesel::update(webhook_endpoints::table.find(endpoint))
            .set((webhook_endpoints::failures.eq(failures), webhook_endpoints::failing_since.eq(since)))
            .execute(conn)?;
        if state != EndpointState::Active || !policy.disables(failures, Some(utc(since)), utc(now)) {
            return Ok(false);
        }
        diesel::update(webhook_endpoints::table.find(endpoint))
            .set((
                webhook_endpoints::state.eq(Named(EndpointState::Disabled)),
                webhook_endpoints::disabled_by_hub.eq(true),
                webhook_endpoints::updated_at.eq(now),
            ))
            .execute(conn)?;
        let event = AuditEvent::new(None, "webhook.disabled", "webhook_endpoint", endpoint)
            .with("failures", failures.to_string());
        audit::append(conn, &self.audit_key, &event, now)?;
        let link = format!("{link_base}/area/webhook/{endpoint}");
        for owner in owners(conn, org.as_deref())? {
            let user = load_user(conn, &owner)?;
            let Ok(to) = Email::parse(&user.email) else { continue };
            let content = domain::mails::WebhookDisabled {
                display_name: user.display_name.clone(),
                url: url.clone(),
                failures,
                link: link.clone(),
            };
            crate::outbox::enqueue(conn, &OutgoingMail::new(to, user.locale, content), now)?;
        }
        Ok(true)
    }

    /// How many deliveries wait (pending), for the metrics.
    ///
    /// # Errors
    /// When the database fails.
    pub fn webhook_depth(&self) -> Result<i64, StoreError> {
        self.db.read(|conn| {
            Ok(webhook_deliveries::table
                .filter(webhook_deliveries::status.eq(Named(DeliveryStatus::Pending)))
                .count()
                .get_result(conn)?)
        })
    }
}
