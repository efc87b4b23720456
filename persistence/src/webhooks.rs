//! Webhook endpoints (issue 20): registered by an organisation's owner or an admin, their secrets sealed
//! ([`secrets`]), and the events that audited changes raise, written in the change's own transaction
//! ([`raise`], called by the audit log's append) with one delivery per endpoint that is to hear of it.
//! The deliveries, their attempts and the worker's claims are in [`deliveries`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::webhook::{EndpointContent, EndpointId, EndpointState, EventType, Owner, Raised, Subject};
use domain::{Actor, AuditEvent, OrganizationId, Page, PageRequest};

use crate::Store;
use crate::audit;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::rows::utc;
use crate::schema::{assignments, organizations, proposals, services, webhook_deliveries, webhook_endpoints};
use crate::stored::Named;

mod deliveries;
mod secrets;

pub use deliveries::{Attempt, Claimed, Delivery, DeliveryFilter, Outcome};

/// An endpoint as its managers read it (never its secrets, which are shown once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The id.
    pub id: EndpointId,
    /// Whose it is.
    pub owner: Owner,
    /// The owning organisation's name (none for the hub's).
    pub organization_name: Option<String>,
    /// URL, description, events.
    pub content: EndpointContent,
    /// Active or disabled.
    pub state: EndpointState,
    /// Whether the hub disabled it after repeated failures (rather than its owner).
    pub disabled_by_hub: bool,
    /// Failed attempts in a row.
    pub failures: i32,
    /// Since when it has been failing.
    pub failing_since: Option<DateTime<Utc>>,
    /// Until when the previous secret also signs, after a rotation.
    pub previous_until: Option<DateTime<Utc>>,
    /// When registered.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_endpoints)]
struct EndpointRow {
    id: String,
    organization_id: Option<String>,
    url: String,
    description: String,
    events: String,
    state: EndpointState,
    disabled_by_hub: bool,
    failures: i32,
    failing_since: Option<NaiveDateTime>,
    previous_until: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl EndpointRow {
    fn owner(&self) -> Result<Owner, StoreError> {
        match &self.organization_id {
            None => Ok(Owner::Hub),
            Some(org) => org
                .parse()
                .map(|id| Owner::Organization(OrganizationId(id)))
                .map_err(|e| StoreError::internal("corrupt webhook owner", e)),
        }
    }

    fn events(&self) -> Result<Vec<String>, StoreError> {
        serde_json::from_str(&self.events).map_err(|e| StoreError::internal("corrupt webhook events", e))
    }

    fn into_endpoint(self, organization_name: Option<String>) -> Result<Endpoint, StoreError> {
        let content = EndpointContent::parse(&self.url, Some(&self.description), &self.events()?)
            .map_err(|e| StoreError::internal("corrupt webhook endpoint", e))?;
        Ok(Endpoint {
            id: self.id.parse().map_err(|e| StoreError::internal("corrupt webhook id", e))?,
            owner: self.owner()?,
            organization_name,
            content,
            state: self.state,
            disabled_by_hub: self.disabled_by_hub,
            failures: self.failures,
            failing_since: self.failing_since.map(utc),
            previous_until: self.previous_until.map(utc),
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

fn events_json(events: &BTreeSet<EventType>) -> String {
    let names: Vec<&str> = events.iter().map(|e| e.as_str()).collect();
    serde_json::to_string(&names).unwrap_or_else(|_| "[]".to_owned())
}

fn load_row(conn: &mut DbConnection, id: EndpointId) -> Result<EndpointRow, StoreError> {
    webhook_endpoints::table
        .find(id.to_string())
        .select(EndpointRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found(EndpointId::WHAT))
}

fn view(conn: &mut DbConnection, row: EndpointRow) -> Result<Endpoint, StoreError> {
    let name = match &row.organization_id {
        Some(org) => organizations::table.find(org).select(organizations::name).first(conn).optional()?,
        None => None,
    };
    row.into_endpoint(name)
}

/// Loads an endpoint that `actor` manages.
fn managed(conn: &mut DbConnection, actor: &Actor, id: EndpointId) -> Result<EndpointRow, StoreError> {
    let row = load_row(conn, id)?;
    row.owner()?.check_manager(actor)?;
    Ok(row)
}

/// What an endpoint's manager changes: each field given replaces the stored one.
#[derive(Debug, Clone, Default)]
pub struct EndpointPatch {
    /// New URL, description and events.
    pub content: Option<EndpointContent>,
    /// Enable (resuming its pending deliveries at once, its failures forgotten) or disable it.
    pub enabled: Option<bool>,
}

impl Store {
    /// Registers an endpoint with its secret (sealed at rest): the hub's when `hub` (an admin), else the
    /// caller's organisation's (its owner). Audited.
    ///
    /// # Errors
    /// `Forbidden` as [`Owner::for_new`] says.
    pub fn webhook_create(
        &self,
        actor: &Actor,
        hub: bool,
        content: EndpointContent,
        secret: &str,
    ) -> Result<Endpoint, StoreError> {
        let owner = Owner::for_new(actor, hub)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let id = EndpointId::new();
            let sealed = secrets::seal(&self.audit_key, &id.to_string(), secret)?;
            let org = match owner {
                Owner::Organization(org) => Some(org.to_string()),
                Owner::Hub => None,
            };
            diesel::insert_into(webhook_endpoints::table)
                .values((
                    webhook_endpoints::id.eq(id.to_string()),
                    webhook_endpoints::organization_id.eq(&org),
                    webhook_endpoints::url.eq(content.url.as_str()),
                    webhook_endpoints::description.eq(&content.description),
                    webhook_endpoints::events.eq(events_json(&content.events)),
                    webhook_endpoints::secret.eq(sealed),
                    webhook_endpoints::state.eq(Named(EndpointState::Active)),
                    webhook_endpoints::created_by.eq(actor.user_id.to_string()),
                    webhook_endpoints::created_at.eq(now),
                    webhook_endpoints::updated_at.eq(now),
                ))
                .execute(conn)?;
            let event = AuditEvent::new(Some(actor.user_id), "webhook.created", "webhook_endpoint", id)
                .with("owner", org.unwrap_or_else(|| "hub".to_owned()))
                .with("events", content.events.len().to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            let row = load_row(conn, id)?;
            view(conn, row)
        })
    }

    /// The endpoints `actor` manages, newest first: all of them for an admin, their organisation's for its
    /// owner, none for anyone else.
    ///
    /// # Errors
    /// When the database fails.
    pub fn webhook_list(&self, actor: &Actor, page: &PageRequest) -> Result<Page<Endpoint>, StoreError> {
        let admin = actor.has_role(domain::Role::Admin) && actor.has_scope(domain::Scope::Admin);
        let owner = actor.is_org_owner && actor.has_scope(domain::Scope::Webhooks);
        if !admin && !owner {
            return Ok(Page { items: Vec::new(), next_cursor: None });
        }
        self.db.read(|conn| {
            let mut query = webhook_endpoints::table
                .select(EndpointRow::as_select())
                .order(webhook_endpoints::id.desc())
                .into_boxed();
            if !admin {
                query = query.filter(webhook_endpoints::organization_id.eq(actor.organization_id.to_string()));
            }
            if let Some(after) = &page.after {
                query = query.filter(webhook_endpoints::id.lt(after.clone()));
            }
            let rows: Vec<EndpointRow> = query.limit(i64::from(page.limit) + 1).load(conn)?;
            let endpoints = rows.into_iter().map(|r| view(conn, r)).collect::<Result<Vec<_>, _>>()?;
            Ok(Page::from_overfetch(endpoints, page.limit, |e: &Endpoint| e.id.to_string()))
        })
    }

    /// One endpoint `actor` manages.
    ///
    /// # Errors
    /// `NotFound` for an endpoint they do not manage (or none).
    pub fn webhook_get(&self, actor: &Actor, id: EndpointId) -> Result<Endpoint, StoreError> {
        self.db.read(|conn| {
            let row = managed(conn, actor, id)?;
            view(conn, row)
        })
    }

    /// Changes an endpoint. Audited.
    ///
    /// # Errors
    /// As [`Store::webhook_get`].
    pub fn webhook_update(&self, actor: &Actor, id: EndpointId, patch: EndpointPatch) -> Result<Endpoint, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let row = managed(conn, actor, id)?;
            let key = id.to_string();
            let mut event = AuditEvent::new(Some(actor.user_id), "webhook.updated", "webhook_endpoint", &key);
            if let Some(content) = &patch.content {
                diesel::update(webhook_endpoints::table.find(&key))
                    .set((
                        webhook_endpoints::url.eq(content.url.as_str()),
                        webhook_endpoints::description.eq(&content.description),
                        webhook_endpoints::events.eq(events_json(&content.events)),
                    ))
                    .execute(conn)?;
                event = event.with("events", content.events.len().to_string());
            }
            match patch.enabled {
                Some(true) if row.state == EndpointState::Disabled => {
                    diesel::update(webhook_endpoints::table.find(&key))
                        .set((
                            webhook_endpoints::state.eq(Named(EndpointState::Active)),
                            webhook_endpoints::disabled_by_hub.eq(false),
                            webhook_endpoints::failures.eq(0),
                            webhook_endpoints::failing_since.eq(None::<NaiveDateTime>),
                        ))
                        .execute(conn)?;
                    // What waited while it was down goes out now.
                    diesel::update(
                        webhook_deliveries::table
                            .filter(webhook_deliveries::endpoint_id.eq(&key))
                            .filter(webhook_deliveries::status.eq(Named(domain::webhook::DeliveryStatus::Pending))),
                    )
                    .set(webhook_deliveries::next_attempt_at.eq(now))
                    .execute(conn)?;
                    event = event.with("state", EndpointState::Active.as_str());
                }
                Some(false) if row.state == EndpointState::Active => {
                    diesel::update(webhook_endpoints::table.find(&key))
                        .set((
                            webhook_endpoints::state.eq(Named(EndpointState::Disabled)),
                            webhook_endpoints::disabled_by_hub.eq(false),
                        ))
                        .execute(conn)?;
                    event = event.with("state", EndpointState::Disabled.as_str());
                }
                _ => {}
            }
            diesel::update(webhook_endpoints::table.find(&key))
                .set(webhook_endpoints::updated_at.eq(now))
                .execute(conn)?;
            audit::append(conn, &self.audit_key, &event, now)?;
            let row = load_row(conn, id)?;
            view(conn, row)
        })
    }

    /// Deletes an endpoint with its deliveries and their log. Audited.
    ///
    /// # Errors
    /// As [`Store::webhook_get`].
    pub fn webhook_delete(&self, actor: &Actor, id: EndpointId) -> Result<(), StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            managed(conn, actor, id)?;
            let key = id.to_string();
            deliveries::delete_of_endpoint(conn, &key)?;
            diesel::delete(webhook_endpoints::table.find(&key)).execute(conn)?;
            let event = AuditEvent::new(Some(actor.user_id), "webhook.deleted", "webhook_endpoint", &key);
            audit::append(conn, &self.audit_key, &event, now)
        })
    }

    /// Replaces an endpoint's secret with `secret`; the previous one keeps signing (beside the new one) for
    /// `overlap`, so that the receiver can switch without losing a delivery. Audited.
    ///
    /// # Errors
    /// As [`Store::webhook_get`].
    pub fn webhook_rotate(
        &self,
        actor: &Actor,
        id: EndpointId,
        secret: &str,
        overlap: chrono::Duration,
    ) -> Result<Endpoint, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            managed(conn, actor, id)?;
            let key = id.to_string();
            let current: String = webhook_endpoints::table.find(&key).select(webhook_endpoints::secret).first(conn)?;
            let (previous, until) =
                if overlap > chrono::Duration::zero() { (Some(current), Some(now + overlap)) } else { (None, None) };
            diesel::update(webhook_endpoints::table.find(&key))
                .set((
                    webhook_endpoints::secret.eq(secrets::seal(&self.audit_key, &key, secret)?),
                    webhook_endpoints::previous_secret.eq(previous),
                    webhook_endpoints::previous_until.eq(until),
                    webhook_endpoints::updated_at.eq(now),
                ))
                .execute(conn)?;
            let event = AuditEvent::new(Some(actor.user_id), "webhook.secret_rotated", "webhook_endpoint", &key)
                .with("overlap_hours", overlap.num_hours().to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            let row = load_row(conn, id)?;
            view(conn, row)
        })
    }
}

/// The organisations an event concerns, and the ids that complete its data.
fn concerned(
    conn: &mut DbConnection,
    raised: &Raised,
    data: &mut BTreeMap<String, String>,
) -> Result<BTreeSet<String>, StoreError> {
    let mut orgs = BTreeSet::new();
    let proposal = match &raised.subject {
        Subject::Proposal(id) => Some(id.clone()),
        Subject::Review(id) => {
            let (proposal, version): (String, i32) = assignments::table
                .find(id)
                .select((assignments::proposal_id, assignments::proposal_version))
                .first(conn)?;
            data.insert("version".to_owned(), version.to_string());
            Some(proposal)
        }
        Subject::Service(id) => {
            let (slug, provider): (String, String) =
                services::table.find(id).select((services::slug, services::provider_id)).first(conn)?;
            // A service's news concerns whoever adopts or adopted it; an adoption (which may be unlisted) only
            // the organisations that see every adoption of it: the provider and the reuse community
            // (`adoptions::adopters`), and the adopter itself (`raised.also`).
            let about_an_adoption = raised.kind == EventType::AdoptionDeclared;
            let adopters = crate::adoptions::of_service(conn, id)?
                .into_iter()
                .filter(|a| !about_an_adoption || a.content.state.in_community())
                .map(|a| a.organization_id.to_string());
            orgs.insert(provider);
            orgs.extend(adopters);
            data.insert("service_id".to_owned(), id.clone());
            data.insert("slug".to_owned(), slug);
            None
        }
    };
    if let Some(proposal) = proposal {
        let (org, challenge): (String, String) = proposals::table
            .find(&proposal)
            .select((proposals::organization_id, proposals::challenge_id))
            .first(conn)?;
        orgs.insert(org);
        data.insert("proposal_id".to_owned(), proposal);
        data.insert("challenge_id".to_owned(), challenge);
    }
    orgs.extend(raised.also.clone());
    Ok(orgs)
}

/// Writes the event an audited change raises, if any endpoint is to hear of it, with one delivery each:
/// in the change's transaction, so that the change and its event commit or roll back together.
pub(crate) fn raise(
    conn: &mut DbConnection,
    event: &AuditEvent,
    seq: i64,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let Some(raised) = domain::webhook::raised(event) else { return Ok(()) };
    let endpoints: Vec<(String, Option<String>, String)> = webhook_endpoints::table
        .filter(webhook_endpoints::state.eq(Named(EndpointState::Active)))
        .select((webhook_endpoints::id, webhook_endpoints::organization_id, webhook_endpoints::events))
        .load(conn)?;
    let subscribed: Vec<(String, Option<String>)> = endpoints
        .into_iter()
        .filter(|(_, _, events)| {
            serde_json::from_str::<Vec<String>>(events).is_ok_and(|e| e.iter().any(|n| n == raised.kind.as_str()))
        })
        .map(|(id, org, _)| (id, org))
        .collect();
    if subscribed.is_empty() {
        return Ok(());
    }
    let mut data = raised.data.clone();
    let orgs = concerned(conn, &raised, &mut data)?;
    let targets: Vec<String> = subscribed
        .into_iter()
        .filter(|(_, org)| org.as_ref().is_none_or(|o| orgs.contains(o)))
        .map(|(id, _)| id)
        .collect();
    if targets.is_empty() {
        return Ok(());
    }
    deliveries::enqueue(conn, raised.kind, &data, Some(seq), &targets, now)
}
