//! Adoption and reuse: an administration's officer declares that it adopts a catalogue service; the
//! service's adopters are read by whoever may see them; the provider and the adopters (its reuse
//! community) write to each other through the hub, throttled. The messages are in `adoptions/relay.rs`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::adoption::adopting;
use domain::catalogue::Service;
use domain::{Actor, Adoption, AdoptionContent, AdoptionState, AuditEvent, Note, OrganizationId, OutgoingMail, Role};

use crate::audit;
use crate::catalogue::{provider_contacts, resolve_visible};
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::organizations::load_organization;
use crate::rows::{parse_stored, utc};
use crate::schema::{adoptions, organizations, services};
use crate::stored::Named;
use crate::{Recipient, Store};

mod relay;

pub use relay::Relayed;

/// An adoption as stored, with its administration's name.
type AdoptionRow = (
    String,
    String,
    String,
    AdoptionState,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    String,
    NaiveDateTime,
    NaiveDateTime,
);

/// The columns of [`AdoptionRow`], `adoptions` joined to `organizations`.
type Columns = (
    adoptions::service_id,
    adoptions::organization_id,
    organizations::name,
    adoptions::state,
    adoptions::started_on,
    adoptions::ended_on,
    adoptions::note,
    adoptions::listed,
    adoptions::declared_by,
    adoptions::created_at,
    adoptions::updated_at,
);
const COLUMNS: Columns = (
    adoptions::service_id,
    adoptions::organization_id,
    organizations::name,
    adoptions::state,
    adoptions::started_on,
    adoptions::ended_on,
    adoptions::note,
    adoptions::listed,
    adoptions::declared_by,
    adoptions::created_at,
    adoptions::updated_at,
);

fn stored_date(column: &str, raw: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    raw.map(|d| {
        NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("`{d}` in {column}")))
    })
    .transpose()
}

fn into_adoption(row: AdoptionRow) -> Result<Adoption, StoreError> {
    let (service, org, name, state, started, ended, note, listed, declared_by, created, updated) = row;
    Ok(Adoption {
        service_id: parse_stored("adoptions.service_id", &service)?,
        organization_id: parse_stored("adoptions.organization_id", &org)?,
        organization_name: name,
        content: AdoptionContent {
            state,
            started_on: stored_date("adoptions.started_on", started)?,
            ended_on: stored_date("adoptions.ended_on", ended)?,
            note: note.map(|n| Note::parse("note", Some(&n), usize::MAX).ok().flatten()).unwrap_or_default(),
            listed,
        },
        declared_by: parse_stored("adoptions.declared_by", &declared_by)?,
        created_at: utc(created),
        updated_at: utc(updated),
    })
}

/// Every adoption of a service, oldest first.
pub(crate) fn of_service(conn: &mut DbConnection, service: &str) -> Result<Vec<Adoption>, StoreError> {
    let rows: Vec<AdoptionRow> = adoptions::table
        .inner_join(organizations::table)
        .filter(adoptions::service_id.eq(service))
        .order((adoptions::created_at.asc(), adoptions::organization_id.asc()))
        .select(COLUMNS)
        .load(conn)?;
    rows.into_iter().map(into_adoption).collect()
}

/// A service's adopters as one reader sees them.
#[derive(Debug, Clone)]
pub struct Adopters {
    /// The service.
    pub service: Service,
    /// Its provider's name.
    pub provider_name: String,
    /// The adoptions the reader may see, oldest first: the listed ones, or every one for a member of the
    /// community, a catalogue editor, a hub manager or an admin.
    pub adoptions: Vec<Adoption>,
    /// How many administrations use it or mean to (listed or not).
    pub adopters: usize,
    /// How many of them the reader does not see by name.
    pub unlisted: usize,
    /// Whether the reader belongs to its reuse community: the provider's people, or an administration
    /// that uses the service or means to.
    pub member: bool,
    /// The reader's administration's own declaration, if any.
    pub own: Option<Adoption>,
}

fn adopters(
    conn: &mut DbConnection,
    reader: Option<&Actor>,
    service: Service,
    name: String,
) -> Result<Adopters, StoreError> {
    let all = of_service(conn, &service.id.to_string())?;
    let org = reader.map(|r| r.organization_id);
    let own = all.iter().find(|a| Some(a.organization_id) == org).cloned();
    let member =
        org == Some(service.content.provider_id) || own.as_ref().is_some_and(|a| a.content.state.in_community());
    let privileged = member
        || reader.is_some_and(|r| {
            r.has_role(Role::CatalogueEditor) || r.has_role(Role::HubManager) || r.has_role(Role::Admin)
        });
    let current = all.iter().filter(|a| a.content.state.in_community()).count();
    let adoptions: Vec<Adoption> =
        all.into_iter().filter(|a| privileged || a.content.listed || Some(a.organization_id) == org).collect();
    let unlisted = current - adoptions.iter().filter(|a| a.content.state.in_community()).count();
    Ok(Adopters { service, provider_name: name, adoptions, adopters: current, unlisted, member, own })
}

fn service_and_provider(
    conn: &mut DbConnection,
    reader: Option<&Actor>,
    slug: &str,
) -> Result<(Service, String), StoreError> {
    let service = resolve_visible(conn, reader, slug)?;
    let provider = load_organization(conn, &service.content.provider_id.to_string())?;
    Ok((service, provider.name))
}

impl Store {
    /// A service's adopters as `reader` sees them.
    ///
    /// # Errors
    /// `NotFound` for a service the reader may not see.
    pub fn service_adopters(&self, reader: Option<&Actor>, slug: &str) -> Result<Adopters, StoreError> {
        self.db.read(|conn| {
            let (service, name) = service_and_provider(conn, reader, slug)?;
            adopters(conn, reader, service, name)
        })
    }

    /// Declares (or updates) the adoption of a service by the officer's verified administration, and
    /// emails the provider's people what `mail` writes when the declaration is new or its state changed.
    /// Returns the declaration and whether it is new.
    ///
    /// # Errors
    /// `NotFound` for a service the actor may not see; `Forbidden` for who is not an officer;
    /// `Conflict` (`own_service`, `service_not_adoptable`, `administration_unverified`).
    pub fn adoption_declare(
        &self,
        actor: &Actor,
        slug: &str,
        content: AdoptionContent,
        mail: impl Fn(&Recipient, &Service, &str) -> OutgoingMail,
    ) -> Result<(Adoption, bool), StoreError> {
        let now = self.db.now();
        self.db.write_catalogue(|conn| {
            let service = resolve_visible(conn, Some(actor), slug)?;
            let (key, org) = (service.id.to_string(), actor.organization_id.to_string());
            let previous = of_service(conn, &key)?.into_iter().find(|a| a.organization_id == actor.organization_id);
            adopting(
                actor,
                service.content.provider_id,
                service.state,
                previous.as_ref().map(|p| p.content.state),
                content.state,
            )?;
            let administration = load_organization(conn, &org)?;
            administration.officers_allowed()?;
            let values = (
                adoptions::state.eq(Named(content.state)),
                adoptions::started_on.eq(content.started_on.map(|d| d.format("%Y-%m-%d").to_string())),
                adoptions::ended_on.eq(content.ended_on.map(|d| d.format("%Y-%m-%d").to_string())),
                adoptions::note.eq(content.note.as_ref().map(Note::as_str)),
                adoptions::listed.eq(content.listed),
                adoptions::declared_by.eq(actor.user_id.to_string()),
                adoptions::updated_at.eq(now),
            );
            if previous.is_some() {
                diesel::update(adoptions::table.find((&key, &org))).set(values).execute(conn)?;
            } else {
                diesel::insert_into(adoptions::table)
                    .values((
                        adoptions::service_id.eq(&key),
                        adoptions::organization_id.eq(&org),
                        adoptions::created_at.eq(now),
                        values,
                    ))
                    .execute(conn)?;
            }
            let event = AuditEvent::new(Some(actor.user_id), "adoption.declared", "service", &key)
                .with("organization_id", org.clone())
                .with("state", content.state.as_str());
            audit::append(conn, &self.audit_key, &event, now)?;
            let changed = previous.as_ref().is_none_or(|p| p.content.state != content.state);
            if changed {
                for (email, locale, display_name) in provider_contacts(conn, &service.content.provider_id.to_string())?
                {
                    let Ok(email) = domain::Email::parse(&email) else { continue };
                    let to = Recipient { email, display_name, locale };
                    crate::outbox::enqueue(conn, &mail(&to, &service, &administration.name), now)?;
                }
            }
            let saved = of_service(conn, &key)?
                .into_iter()
                .find(|a| a.organization_id == actor.organization_id)
                .ok_or_else(|| StoreError::not_found("adoption"))?;
            Ok((saved, previous.is_none()))
        })
    }

    /// The adoptions of an administration, with each service's slug and name, newest change first (for
    /// its own people, admins and hub managers).
    ///
    /// # Errors
    /// `NotFound` for anyone else.
    pub fn organization_adoptions(
        &self,
        reader: &Actor,
        organization: OrganizationId,
    ) -> Result<Vec<(Adoption, String, String)>, StoreError> {
        let hub = (reader.has_role(Role::Admin) && reader.has_scope(domain::Scope::Admin))
            || (reader.has_role(Role::HubManager) && reader.has_scope(domain::Scope::ProposalsRead));
        if reader.organization_id != organization && !hub {
            return Err(StoreError::not_found("organization"));
        }
        self.db.read(|conn| {
            let rows: Vec<(AdoptionRow, String, String)> = adoptions::table
                .inner_join(organizations::table)
                .inner_join(services::table)
                .filter(adoptions::organization_id.eq(organization.to_string()))
                .order((adoptions::updated_at.desc(), adoptions::service_id.asc()))
                .select((COLUMNS, services::slug, services::name))
                .load(conn)?;
            rows.into_iter().map(|(row, slug, name)| Ok((into_adoption(row)?, slug, name))).collect()
        })
    }
}
