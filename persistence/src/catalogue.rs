//! The PSN service catalogue: services, their tags, lifecycle history and full-text search document.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::catalogue::{
    Contact, DevelopmentStatus, PillarScores, Service, ServiceContent, ServiceModel, ServiceState,
};
use domain::{Actor, AuditEvent, DomainError, HalfPoints, Locale, MailContent, OutgoingMail, Pillar, Role, ServiceId};

use crate::Store;
use crate::audit;
use crate::backend::{TextIndex, fixed, split_aggregate};
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::rows::{parse_stored, utc};
use crate::schema::{organizations, service_history, service_tags, services, users};
use crate::stored::Named;

mod lifecycle;
mod search;
mod similar;

pub use search::{ServiceFilter, ServiceSort};
pub use similar::SimilarService;
pub(crate) use similar::similar_services;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = services, treat_none_as_null = true)]
struct ServiceRow {
    id: String,
    slug: String,
    name: String,
    short_description_it: String,
    long_description_it: String,
    short_description_en: Option<String>,
    long_description_en: Option<String>,
    features_it: String,
    features_en: String,
    #[diesel(serialize_as = Named<Option<ServiceModel>>)]
    service_model: Option<ServiceModel>,
    provider_id: String,
    license: Option<String>,
    repository_url: Option<String>,
    landing_url: Option<String>,
    version: Option<String>,
    contacts: String,
    platforms: String,
    #[diesel(serialize_as = Named<Option<DevelopmentStatus>>)]
    development_status: Option<DevelopmentStatus>,
    #[diesel(serialize_as = Named<ServiceState>)]
    state: ServiceState,
    origin_proposal_id: Option<String>,
    score_security_sovereignty: Option<i32>,
    score_growth_development: Option<i32>,
    score_talent_skills: Option<i32>,
    score_effectiveness_sustainability: Option<i32>,
    sort_score: i32,
    deprecation_reason: Option<String>,
    replacement_id: Option<String>,
    revision: i32,
    published_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    /// [`PubliccodeFields`] as JSON.
    publiccode: String,
}

/// The editor-set fields only publiccode.yml uses, kept together in `services.publiccode`.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct PubliccodeFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    release_date: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    supports: BTreeSet<String>,
}

fn json<T: serde::Serialize>(column: &str, value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::internal(column, e))
}

fn from_json<T: serde::de::DeserializeOwned>(column: &str, value: &str) -> Result<T, StoreError> {
    serde_json::from_str(value).map_err(|e| StoreError::internal(column, e))
}

impl ServiceRow {
    fn from_service(s: &Service) -> Result<Self, StoreError> {
        let c = &s.content;
        let score = |p: Pillar| s.scores.map(|v| v[p.index()].halves());
        Ok(Self {
            id: s.id.to_string(),
            slug: c.slug.clone(),
            name: c.name.clone(),
            short_description_it: c.short_description_it.clone(),
            long_description_it: c.long_description_it.clone(),
            short_description_en: c.short_description_en.clone(),
            long_description_en: c.long_description_en.clone(),
            features_it: json("services.features_it", &c.features_it)?,
            features_en: json("services.features_en", &c.features_en)?,
            service_model: c.service_model,
            provider_id: c.provider_id.to_string(),
            license: c.license.clone(),
            repository_url: c.repository_url.clone(),
            landing_url: c.landing_url.clone(),
            version: c.version.clone(),
            contacts: json("services.contacts", &c.contacts)?,
            platforms: json("services.platforms", &c.platforms)?,
            development_status: c.development_status,
            state: s.state,
            origin_proposal_id: s.origin_proposal.map(|p| p.to_string()),
            score_security_sovereignty: score(Pillar::SecuritySovereignty),
            score_growth_development: score(Pillar::GrowthDevelopment),
            score_talent_skills: score(Pillar::TalentSkills),
            score_effectiveness_sustainability: score(Pillar::EffectivenessSustainability),
            sort_score: s.scores.map_or(-1, |v| v.iter().map(|h| h.halves()).sum()),
            deprecation_reason: s.deprecation_reason.clone(),
            replacement_id: s.replacement.map(|r| r.to_string()),
            revision: s.revision,
            published_at: s.published_at.map(|t| t.naive_utc()),
            created_at: s.created_at.naive_utc(),
            updated_at: s.updated_at.naive_utc(),
            publiccode: json(
                "services.publiccode",
                &PubliccodeFields { release_date: c.release_date, supports: c.supports.clone() },
            )?,
        })
    }

    fn into_service(self, tags: BTreeSet<String>) -> Result<Service, StoreError> {
        let half = |h: i32| HalfPoints::from_halves(h).map_err(|e| StoreError::internal("services.score", e));
        let scores: Option<PillarScores> = match (
            self.score_security_sovereignty,
            self.score_growth_development,
            self.score_talent_skills,
            self.score_effectiveness_sustainability,
        ) {
            (Some(a), Some(b), Some(c), Some(d)) => Some([half(a)?, half(b)?, half(c)?, half(d)?]),
            _ => None,
        };
        let contacts: Vec<Contact> = from_json("services.contacts", &self.contacts)?;
        let publiccode: PubliccodeFields = from_json("services.publiccode", &self.publiccode)?;
        Ok(Service {
            id: parse_stored("services.id", &self.id)?,
            content: ServiceContent {
                slug: self.slug,
                name: self.name,
                short_description_it: self.short_description_it,
                long_description_it: self.long_description_it,
                short_description_en: self.short_description_en,
                long_description_en: self.long_description_en,
                features_it: from_json("services.features_it", &self.features_it)?,
                features_en: from_json("services.features_en", &self.features_en)?,
                service_model: self.service_model,
                tags,
                provider_id: parse_stored("services.provider_id", &self.provider_id)?,
                license: self.license,
                repository_url: self.repository_url,
                landing_url: self.landing_url,
                version: self.version,
                contacts,
                platforms: from_json("services.platforms", &self.platforms)?,
                development_status: self.development_status,
                release_date: publiccode.release_date,
                supports: publiccode.supports,
            },
            state: self.state,
            origin_proposal: self
                .origin_proposal_id
                .as_deref()
                .map(|p| parse_stored("services.origin_proposal_id", p))
                .transpose()?,
            scores,
            deprecation_reason: self.deprecation_reason,
            replacement: self
                .replacement_id
                .as_deref()
                .map(|r| parse_stored("services.replacement_id", r))
                .transpose()?,
            revision: self.revision,
            published_at: self.published_at.map(utc),
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

/// A history row: action, actor's name, from, to, note, when.
type HistoryRow = (String, Option<String>, Option<ServiceState>, ServiceState, Option<String>, NaiveDateTime);

/// A service with what its page shows beside it.
#[derive(Debug, Clone)]
pub struct ServiceView {
    /// The service.
    pub service: Service,
    /// The provider's IPA code, when it is an administration.
    pub provider_ipa: Option<String>,
    /// The provider's name.
    pub provider_name: String,
    /// The replacement's slug and name, when deprecated with one.
    pub replacement: Option<(String, String)>,
    /// When it was deprecated (deprecated and retired services).
    pub deprecated_at: Option<DateTime<Utc>>,
    /// When it was retired.
    pub retired_at: Option<DateTime<Utc>>,
    /// The administrations publiccode.yml's `usedBy` names: the listed ones that use it now (read by
    /// [`Store::service_publiccode`] only; empty otherwise).
    pub used_by: Vec<String>,
}

/// One step of a service's history.
#[derive(Debug, Clone)]
pub struct ServiceHistoryEntry {
    /// `create`, `edit`, `promote`, `publish`, `deprecate` or `retire`.
    pub action: String,
    /// Who did it.
    pub actor_name: Option<String>,
    /// The state before.
    pub from_state: Option<ServiceState>,
    /// The state after.
    pub to_state: ServiceState,
    /// The note given (a deprecation reason).
    pub note: Option<String>,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

fn load_service(conn: &mut DbConnection, id: &str) -> Result<Service, StoreError> {
    let (row, tags) = services::table
        .find(id)
        .select((ServiceRow::as_select(), fixed::<ServiceTags>()))
        .first::<(ServiceRow, Option<String>)>(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found("service"))?;
    assemble(row, tags.as_deref())
}

/// A service's tags (`[a-z0-9-]`), comma-separated, as a column of its own row's query: a service, or
/// a page of them, in one statement.
struct ServiceTags;
impl crate::backend::Fragment for ServiceTags {
    const SQL: &'static str =
        "(SELECT string_agg(service_tags.tag, ',') FROM service_tags WHERE service_tags.service_id = services.id)";
    type SqlType = diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

/// A service from its row and its aggregated tags.
fn assemble(row: ServiceRow, tags: Option<&str>) -> Result<Service, StoreError> {
    row.into_service(split_aggregate(tags).map(str::to_owned).collect())
}

fn resolve(conn: &mut DbConnection, slug_or_id: &str) -> Result<Service, StoreError> {
    let (row, tags) = services::table
        .filter(services::slug.eq(slug_or_id).or(services::id.eq(slug_or_id)))
        .select((ServiceRow::as_select(), fixed::<ServiceTags>()))
        .first::<(ServiceRow, Option<String>)>(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found("service"))?;
    assemble(row, tags.as_deref())
}

fn is_editor(actor: Option<&Actor>) -> bool {
    actor.is_some_and(|a| a.has_role(Role::CatalogueEditor))
}

/// Anyone sees published and deprecated services; editors every one; a proposer the services
/// promoted from their organisation's proposals.
fn may_see(actor: Option<&Actor>, service: &Service) -> bool {
    service.state.is_public()
        || is_editor(actor)
        || actor.is_some_and(|a| {
            a.has_role(Role::Proposer)
                && service.origin_proposal.is_some()
                && a.organization_id == service.content.provider_id
        })
}

pub(crate) fn resolve_visible(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    slug_or_id: &str,
) -> Result<Service, StoreError> {
    let service = resolve(conn, slug_or_id)?;
    if may_see(actor, &service) { Ok(service) } else { Err(StoreError::not_found("service")) }
}

fn write_tags(conn: &mut DbConnection, id: &str, tags: &BTreeSet<String>) -> Result<(), StoreError> {
    diesel::delete(service_tags::table.filter(service_tags::service_id.eq(id))).execute(conn)?;
    for tag in tags {
        diesel::insert_into(service_tags::table)
            .values((service_tags::service_id.eq(id), service_tags::tag.eq(tag)))
            .execute(conn)?;
    }
    Ok(())
}

/// The text the full-text index holds for a service.
pub(crate) fn search_document(c: &ServiceContent) -> String {
    let mut parts = vec![c.name.clone(), c.short_description_it.clone(), c.long_description_it.clone()];
    parts.extend(c.short_description_en.iter().cloned());
    parts.extend(c.long_description_en.iter().cloned());
    parts.extend(c.features_it.iter().cloned());
    parts.extend(c.features_en.iter().cloned());
    parts.extend(c.tags.iter().map(|t| t.replace('-', " ")));
    parts.join("\n")
}

fn check_provider(conn: &mut DbConnection, content: &ServiceContent) -> Result<(), StoreError> {
    let exists: i64 =
        organizations::table.filter(organizations::id.eq(content.provider_id.to_string())).count().get_result(conn)?;
    if exists == 0 {
        return Err(DomainError::invalid("provider_id", "unknown_organization", "no such organisation").into());
    }
    Ok(())
}

fn check_slug_free(conn: &mut DbConnection, slug: &str, except: &str) -> Result<(), StoreError> {
    let taken: i64 =
        services::table.filter(services::slug.eq(slug)).filter(services::id.ne(except)).count().get_result(conn)?;
    if taken > 0 {
        return Err(DomainError::conflict("slug_taken", "another service has this slug").into());
    }
    Ok(())
}

/// A free slug from `base`: itself, or with `-2`, `-3`… appended.
fn free_slug(conn: &mut DbConnection, base: &str) -> Result<String, StoreError> {
    let taken: Vec<String> =
        services::table.filter(services::slug.like(format!("{base}%"))).select(services::slug).load(conn)?;
    let taken: BTreeSet<String> = taken.into_iter().collect();
    Ok((1..)
        .map(|n| if n == 1 { base.to_owned() } else { format!("{base}-{n}") })
        .find(|s| !taken.contains(s))
        .unwrap_or_default())
}

#[expect(clippy::too_many_arguments, reason = "the facts of one move, and the audit key that records it")]
fn history(
    conn: &mut DbConnection,
    key: &audit::AuditKey,
    service: &Service,
    actor: &Actor,
    action: &str,
    from: Option<ServiceState>,
    note: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(service_history::table)
        .values((
            service_history::id.eq(domain::ids::new_id().to_string()),
            service_history::service_id.eq(service.id.to_string()),
            service_history::actor_id.eq(Some(actor.user_id.to_string())),
            service_history::action.eq(action),
            service_history::from_state.eq(from.map(Named)),
            service_history::to_state.eq(Named(service.state)),
            service_history::note.eq(note),
            service_history::occurred_at.eq(now),
        ))
        .execute(conn)?;
    // As for challenges: a lifecycle move is a state change naming its action.
    let kind = match action {
        "created" => "service.created",
        "promoted" => "service.promoted",
        "edited" => "service.updated",
        _ => "service.state_changed",
    };
    let mut event = AuditEvent::new(Some(actor.user_id), kind, "service", service.id)
        .with("slug", service.content.slug.clone())
        .with("action", action.to_owned())
        .with("to", service.state.as_str());
    if let Some(from) = from {
        event = event.with("from", from.as_str());
    }
    audit::append(conn, key, &event, now)
}

/// Inserts a new service with its tags and search document.
fn insert(conn: &mut DbConnection, service: &Service) -> Result<(), StoreError> {
    check_provider(conn, &service.content)?;
    check_slug_free(conn, &service.content.slug, &service.id.to_string())?;
    diesel::insert_into(services::table).values(ServiceRow::from_service(service)?).execute(conn)?;
    write_tags(conn, &service.id.to_string(), &service.content.tags)?;
    crate::backend::search_write(conn, TextIndex::Services, &service.id.to_string(), &search_document(&service.content))
}

/// Saves a changed service if nobody changed it since `expected_revision`.
fn save(conn: &mut DbConnection, service: &Service, expected_revision: i32) -> Result<(), StoreError> {
    let changed =
        diesel::update(services::table.find(service.id.to_string()).filter(services::revision.eq(expected_revision)))
            .set(ServiceRow::from_service(service)?)
            .execute(conn)?;
    if changed != 1 {
        return Err(DomainError::conflict("concurrent_change", "the service changed meanwhile; read it again").into());
    }
    write_tags(conn, &service.id.to_string(), &service.content.tags)?;
    crate::backend::search_write(conn, TextIndex::Services, &service.id.to_string(), &search_document(&service.content))
}

/// The email addresses of the provider organisation's active users, with their locale and name.
pub(crate) fn provider_contacts(
    conn: &mut DbConnection,
    provider: &str,
) -> Result<Vec<(String, Locale, String)>, StoreError> {
    Ok(users::table
        .filter(users::organization_id.eq(provider))
        .filter(users::left_at.is_null())
        .filter(users::email_verified_at.is_not_null())
        .select((users::email, users::locale, users::display_name))
        .load(conn)?)
}

/// Writes the email `content` gives each of the service's provider contacts (by display name).
fn notify_provider<C: MailContent>(
    conn: &mut DbConnection,
    service: &Service,
    now: NaiveDateTime,
    content: impl Fn(String) -> C,
) -> Result<(), StoreError> {
    for (email, locale, name) in provider_contacts(conn, &service.content.provider_id.to_string())? {
        let Ok(to) = domain::Email::parse(&email) else { continue };
        let mail = OutgoingMail::new(to, locale, content(name));
        crate::outbox::enqueue(conn, &mail, now)?;
    }
    Ok(())
}

impl Store {
    pub fn service_get(&self, actor: Option<&Actor>, slug: &str) -> Result<ServiceView, StoreError> {
        self.db.read(|conn| {
            // The row with its provider's IPA code and its tags (`[a-z0-9-]`, comma-separated): one
            // statement for a live service.
            type Row = (ServiceRow, Option<String>, Option<String>, Option<String>);
            let (row, provider_ipa, provider_name, tags): Row = services::table
                .left_join(organizations::table.on(organizations::id.eq(services::provider_id)))
                .filter(services::slug.eq(slug).or(services::id.eq(slug)))
                .select((
                    ServiceRow::as_select(),
                    organizations::ipa_code.nullable(),
                    organizations::name.nullable(),
                    fixed::<ServiceTags>(),
                ))
                .first(conn)
                .optional()?
                .ok_or_else(|| StoreError::not_found("service"))?;
            let service = assemble(row, tags.as_deref())?;
            if !may_see(actor, &service) {
                return Err(StoreError::not_found("service"));
            }
            let replacement = match service.replacement {
                Some(r) => services::table
                    .find(r.to_string())
                    .select((services::slug, services::name))
                    .first::<(String, String)>(conn)
                    .optional()?,
                None => None,
            };
            let provider_name = provider_name.unwrap_or_default();
            let (mut deprecated_at, mut retired_at) = (None, None);
            if matches!(service.state, ServiceState::Deprecated | ServiceState::Retired) {
                let steps: Vec<(String, NaiveDateTime)> = service_history::table
                    .filter(service_history::service_id.eq(service.id.to_string()))
                    .filter(service_history::action.eq_any(["deprecate", "retire"]))
                    .select((service_history::action, service_history::occurred_at))
                    .load(conn)?;
                for (action, at) in steps {
                    let slot = if action == "deprecate" { &mut deprecated_at } else { &mut retired_at };
                    *slot = Some(utc(at));
                }
                // A service retired straight from published was deprecated when it was retired.
                deprecated_at = deprecated_at.or(retired_at);
            }
            let used_by = Vec::new();
            Ok(ServiceView { service, provider_ipa, provider_name, replacement, deprecated_at, retired_at, used_by })
        })
    }

    /// [`Store::service_get`] with what its publiccode.yml needs besides: the administrations `usedBy`
    /// names (one statement more, so not on the hot read).
    ///
    /// # Errors
    /// As [`Store::service_get`].
    pub fn service_publiccode(&self, actor: Option<&Actor>, slug: &str) -> Result<ServiceView, StoreError> {
        let mut view = self.service_get(actor, slug)?;
        view.used_by = self.db.read(|conn| {
            Ok(domain::adoption::used_by(&crate::adoptions::of_service(conn, &view.service.id.to_string())?))
        })?;
        Ok(view)
    }

    /// The id of a service by slug or id (any state), for naming a replacement.
    ///
    /// # Errors
    /// `Invalid` on `replacement` when there is none.
    pub fn service_id_of(&self, slug: &str) -> Result<ServiceId, StoreError> {
        self.db.read(|conn| {
            resolve(conn, slug)
                .map(|s| s.id)
                .map_err(|_| DomainError::invalid("replacement", "unknown_service", "no such service").into())
        })
    }
}
