//! The PSN service catalogue: catalogue editors promote accepted proposals, write, publish, deprecate
//! and retire services; anyone searches the published and deprecated ones and downloads their
//! publiccode.yml.

use std::collections::BTreeMap;
use std::sync::Arc;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use domain::catalogue::publiccode::PublicCode;
use domain::catalogue::{Contact, Service, ServiceAction, ServiceContent, ServiceInput, ServiceModel, ServiceState};
use domain::{DomainError, HalfPoints, Pillar, ProposalId, Role, Scope};
use persistence::{ServiceFilter, ServiceSort, ServiceView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Authenticated, MaybeAuthenticated};
use crate::cache::CachedPage;
use crate::error::{ApiError, Problem};
use crate::routes::conditional::{etag, expected_revision, not_modified};
use crate::routes::{PageOf, PageQuery, blocking, double_option, json_body, public_link};
use crate::state::AppState;

/// A maintenance contact.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactDto {
    /// Full name.
    pub name: String,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// Organisation or role.
    pub affiliation: Option<String>,
}

/// Another service, by slug and name.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceRef {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
}

/// A catalogue service.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceDto {
    /// Id (UUID v7).
    pub id: String,
    /// URL name, stable once published.
    pub slug: String,
    /// `draft`, `published`, `deprecated` or `retired`.
    pub state: String,
    /// Name.
    pub name: String,
    /// Short description, Italian (at most 150 characters).
    pub short_description_it: String,
    /// Long description, Italian (Markdown).
    pub long_description_it: String,
    /// Short description, English.
    pub short_description_en: Option<String>,
    /// Long description, English.
    pub long_description_en: Option<String>,
    /// Key features, Italian.
    pub features_it: Vec<String>,
    /// Key features, English.
    pub features_en: Vec<String>,
    /// `iaas`, `paas`, `caas` or `saas`.
    pub service_model: Option<String>,
    /// Category tags.
    pub tags: Vec<String>,
    /// The provider organisation.
    pub provider_id: String,
    /// SPDX licence expression.
    pub license: Option<String>,
    /// Source repository.
    pub repository_url: Option<String>,
    /// Landing page.
    pub landing_url: Option<String>,
    /// Semantic version.
    pub version: Option<String>,
    /// Maintenance contacts.
    pub contacts: Vec<ContactDto>,
    /// Platforms.
    pub platforms: Vec<String>,
    /// `concept`, `development`, `beta`, `stable` or `obsolete`.
    pub development_status: Option<String>,
    /// The accepted proposal it was promoted from.
    pub origin_proposal_id: Option<String>,
    /// The pillar means at acceptance (promoted services), 0–5 in half points.
    pub scores: Option<BTreeMap<String, f64>>,
    /// The mean of `scores`.
    pub score: Option<f64>,
    /// Why it was deprecated.
    pub deprecation_reason: Option<String>,
    /// The service to adopt instead (deprecated services).
    pub replacement_id: Option<String>,
    /// The replacement's slug and name (on the service's own page).
    pub replacement: Option<ServiceRef>,
    /// First published.
    pub published_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Service> for ServiceDto {
    fn from(s: Service) -> Self {
        let score = s.score();
        let c = s.content;
        Self {
            id: s.id.to_string(),
            slug: c.slug,
            state: s.state.as_str().to_owned(),
            name: c.name,
            short_description_it: c.short_description_it,
            long_description_it: c.long_description_it,
            short_description_en: c.short_description_en,
            long_description_en: c.long_description_en,
            features_it: c.features_it,
            features_en: c.features_en,
            service_model: c.service_model.map(|m| m.as_str().to_owned()),
            tags: c.tags.into_iter().collect(),
            provider_id: c.provider_id.to_string(),
            license: c.license,
            repository_url: c.repository_url,
            landing_url: c.landing_url,
            version: c.version,
            contacts: c
                .contacts
                .into_iter()
                .map(|c| ContactDto { name: c.name, email: c.email, phone: c.phone, affiliation: c.affiliation })
                .collect(),
            platforms: c.platforms.into_iter().collect(),
            development_status: c.development_status.map(|d| d.as_str().to_owned()),
            origin_proposal_id: s.origin_proposal.map(|p| p.to_string()),
            scores: s.scores.map(|v| Pillar::ALL.iter().map(|p| (p.key().to_owned(), v[p.index()].value())).collect()),
            score,
            deprecation_reason: s.deprecation_reason,
            replacement_id: s.replacement.map(|r| r.to_string()),
            replacement: None,
            published_at: s.published_at,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

/// A service's fields. On creation `slug`, `name`, `short_description_it`, `long_description_it` and
/// `provider_id` are required; on `PATCH` every field is optional and `null` clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceRequest {
    /// URL name: lowercase letters, digits and hyphens; frozen once published.
    #[schema(example = "gateway-fhir-sovrano")]
    pub slug: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Short description, Italian (at most 150 characters).
    pub short_description_it: Option<String>,
    /// Long description, Italian (Markdown; at least 150 characters to publish).
    pub long_description_it: Option<String>,
    /// Short description, English.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub short_description_en: Option<Option<String>>,
    /// Long description, English.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub long_description_en: Option<Option<String>>,
    /// Key features, Italian (one line each, at most 30).
    pub features_it: Option<Vec<String>>,
    /// Key features, English.
    pub features_en: Option<Vec<String>>,
    /// `iaas`, `paas`, `caas` or `saas`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub service_model: Option<Option<String>>,
    /// Category tags; publishing needs one from the publiccode.yml category list.
    pub tags: Option<Vec<String>>,
    /// The provider organisation's id.
    pub provider_id: Option<String>,
    /// SPDX licence expression, e.g. `EUPL-1.2`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub license: Option<Option<String>>,
    /// Source repository URL.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub repository_url: Option<Option<String>>,
    /// Landing page URL.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub landing_url: Option<Option<String>>,
    /// Semantic version, e.g. `1.4.0`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub version: Option<Option<String>>,
    /// Maintenance contacts.
    pub contacts: Option<Vec<ContactDto>>,
    /// Platforms, e.g. `web`, `linux`, `kubernetes`.
    pub platforms: Option<Vec<String>>,
    /// `concept`, `development`, `beta`, `stable` or `obsolete`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub development_status: Option<Option<String>>,
}

impl ServiceRequest {
    fn into_input(self) -> Result<ServiceInput, DomainError> {
        let provider_id = self
            .provider_id
            .map(|s| {
                s.parse()
                    .map_err(|_| DomainError::invalid("provider_id", "unknown_organization", "no such organisation"))
            })
            .transpose()?;
        Ok(ServiceInput {
            slug: self.slug,
            name: self.name,
            short_description_it: self.short_description_it,
            long_description_it: self.long_description_it,
            short_description_en: self.short_description_en,
            long_description_en: self.long_description_en,
            features_it: self.features_it,
            features_en: self.features_en,
            service_model: self.service_model,
            tags: self.tags,
            provider_id,
            license: self.license,
            repository_url: self.repository_url,
            landing_url: self.landing_url,
            version: self.version,
            contacts: self.contacts.map(|cs| {
                cs.into_iter()
                    .map(|c| Contact { name: c.name, email: c.email, phone: c.phone, affiliation: c.affiliation })
                    .collect()
            }),
            platforms: self.platforms,
            development_status: self.development_status,
        })
    }
}

/// Filters and order of the catalogue.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// Words to find in the name, descriptions, features and tags (each word also as a prefix).
    pub q: Option<String>,
    /// `iaas`, `paas`, `caas` or `saas`.
    pub service_model: Option<String>,
    /// Only with this tag.
    pub tag: Option<String>,
    /// Only by this provider organisation.
    pub provider_id: Option<String>,
    /// Only in this state (drafts and retired services: catalogue editors).
    pub state: Option<String>,
    /// Only services scoring at least this at acceptance (0–5): the mean of the pillars, or of `pillar`.
    pub min_score: Option<f64>,
    /// The pillar `min_score` applies to.
    pub pillar: Option<String>,
    /// `name` (default), `newest` or `score`.
    pub sort: Option<String>,
}

impl ServiceQuery {
    fn into_filter(self) -> Result<ServiceFilter, DomainError> {
        let sort = match self.sort.as_deref() {
            None | Some("name") => ServiceSort::Name,
            Some("newest") => ServiceSort::Newest,
            Some("score") => ServiceSort::Score,
            Some(_) => return Err(DomainError::invalid("sort", "unknown_sort", "must be name, newest or score")),
        };
        Ok(ServiceFilter {
            q: self.q,
            service_model: self.service_model.as_deref().map(str::parse::<ServiceModel>).transpose()?,
            tag: self.tag,
            provider_id: self.provider_id,
            state: self.state.as_deref().map(str::parse::<ServiceState>).transpose()?,
            min_score: self.min_score.map(|m| HalfPoints::parse("min_score", m)).transpose()?,
            pillar: self.pillar.as_deref().map(str::parse::<Pillar>).transpose()?,
            sort,
        })
    }
}

/// Why a service is deprecated, and what to adopt instead.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeprecateRequest {
    /// Why (3 to 2,000 characters).
    pub reason: Option<String>,
    /// The replacement: a published service's slug or id.
    pub replacement: Option<String>,
}

/// One step of a service's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceHistoryDto {
    /// `created`, `promoted`, `edited`, `publish`, `deprecate` or `retire`.
    pub action: String,
    /// Who.
    pub actor_name: Option<String>,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: String,
    /// The deprecation reason.
    pub note: Option<String>,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

fn respond(status: StatusCode, service: Service) -> HttpResponse {
    HttpResponse::build(status).insert_header(("ETag", etag(service.revision))).json(ServiceDto::from(service))
}

/// The catalogue: anyone sees published and deprecated services; catalogue editors every one;
/// proposers also the services promoted from their organisation's proposals.
#[utoipa::path(tag = "catalogue", params(PageQuery, ServiceQuery), responses(
    (status = 200, description = "A page of services", body = PageOf<ServiceDto>),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid filter or cursor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/catalogue/services")]
pub async fn list(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    page: web::Query<PageQuery>,
    query: web::Query<ServiceQuery>,
) -> Result<web::Json<PageOf<ServiceDto>>, ApiError> {
    let page = page.parse()?;
    let filter = query.into_inner().into_filter()?;
    let store = state.store.clone();
    let services = blocking(move || store.services_list(auth.0.as_ref(), &filter, &page)).await?;
    Ok(web::Json(PageOf::from_page(services, ServiceDto::from)))
}

/// Create a service in `draft` (catalogue editors).
#[utoipa::path(tag = "catalogue", security(("bearer" = [])), request_body = ServiceRequest, responses(
    (status = 201, description = "Created, with its `ETag`", body = ServiceDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a catalogue editor", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Slug taken", body = Problem, content_type = "application/problem+json"),
    (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[post("/catalogue/services")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    auth.0.require(Role::CatalogueEditor, Scope::CatalogueWrite)?;
    let request: ServiceRequest = json_body(&req, &body)?;
    let content = ServiceContent::create(request.into_input()?)?;
    let store = state.store.clone();
    let service = blocking(move || store.service_create(&auth.0, content)).await?;
    Ok(respond(StatusCode::CREATED, service))
}

/// A service by slug, with `ETag` and `Cache-Control`; `If-None-Match` with the current ETag answers 304.
#[utoipa::path(tag = "catalogue", params(("slug" = String, Path, description = "Service slug"),
    ("If-None-Match" = Option<String>, Header, description = "An ETag read before")), responses(
    (status = 200, description = "The service", body = ServiceDto),
    (status = 304, description = "Unchanged since the ETag given"),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such service, or not visible to you", body = Problem, content_type = "application/problem+json"),
))]
#[get("/catalogue/services/{slug}")]
pub async fn get(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = path.into_inner();
    let signed_in = auth.0.is_some();
    let writes = state.store.catalogue_writes();
    if !signed_in && let Some(page) = state.public_pages.get(slug.as_str(), writes) {
        return Ok(answer(&req, &page, PUBLIC));
    }
    let store = state.store.clone();
    let key = slug.clone();
    let view = blocking(move || store.service_get(auth.0.as_ref(), &slug)).await?;
    let cache = cache_control(&view, signed_in);
    let tag = etag(view.service.revision);
    let replacement = view.replacement.map(|(slug, name)| ServiceRef { slug, name });
    let mut dto = ServiceDto::from(view.service);
    dto.replacement = replacement;
    let body = serde_json::to_vec(&dto).map_err(|e| ApiError::internal("serializing a service", e))?;
    let page = CachedPage { etag: tag, body: body.into() };
    let answered = answer(&req, &page, cache);
    if cache == PUBLIC {
        state.public_pages.put(key, Arc::new(page), writes);
    }
    Ok(answered)
}

/// Public pages may be cached briefly by anyone; what only a signed-in caller sees, by nobody else.
const PUBLIC: &str = "public, max-age=60";
const PRIVATE: &str = "private, no-cache";

fn cache_control(view: &ServiceView, signed_in: bool) -> &'static str {
    if view.service.state.is_public() && !signed_in { PUBLIC } else { PRIVATE }
}

/// A service page as answered: 304 when the caller's `If-None-Match` names its ETag.
fn answer(req: &HttpRequest, page: &CachedPage, cache_control: &'static str) -> HttpResponse {
    let unchanged = not_modified(req, &page.etag);
    let mut response = if unchanged { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response.insert_header(("ETag", page.etag.clone())).insert_header(("Cache-Control", cache_control));
    if unchanged {
        response.finish()
    } else {
        response.insert_header(header::ContentType::json()).body(page.body.clone())
    }
}

/// The service as a publiccode.yml file (the Italian standard, version 0.4).
#[utoipa::path(tag = "catalogue", params(("slug" = String, Path, description = "Service slug")), responses(
    (status = 200, description = "publiccode.yml", content_type = "application/yaml", body = Object),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such service, or not visible to you", body = Problem, content_type = "application/problem+json"),
))]
#[get("/catalogue/services/{slug}/publiccode.yml")]
pub async fn publiccode(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = path.into_inner();
    let signed_in = auth.0.is_some();
    let store = state.store.clone();
    let view = blocking(move || store.service_get(auth.0.as_ref(), &slug)).await?;
    let document = PublicCode::of(&view.service, view.provider_ipa.as_deref());
    let yaml = serde_norway::to_string(&document).map_err(|e| ApiError::internal("publiccode.yml", e))?;
    Ok(HttpResponse::Ok()
        .content_type("application/yaml; charset=utf-8")
        .insert_header(("ETag", etag(view.service.revision)))
        .insert_header(("Cache-Control", cache_control(&view, signed_in)))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}.publiccode.yml\"", view.service.content.slug),
        ))
        .body(yaml))
}

/// Edit a service (catalogue editors) with `If-Match`: 428 without it, 412 when it is stale.
#[utoipa::path(tag = "catalogue", security(("bearer" = [])), request_body = ServiceRequest,
    params(("slug" = String, Path, description = "Service slug"), ("If-Match" = String, Header, description = "The ETag last read")), responses(
    (status = 200, description = "Edited, with its new `ETag`", body = ServiceDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a catalogue editor", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Slug taken", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "Stale `If-Match`", body = Problem, content_type = "application/problem+json"),
    (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, or the slug of a published service", body = Problem, content_type = "application/problem+json"),
    (status = 428, description = "`If-Match` missing", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/catalogue/services/{slug}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    auth.0.require(Role::CatalogueEditor, Scope::CatalogueWrite)?;
    let revision = expected_revision(&req)?;
    let request: ServiceRequest = json_body(&req, &body)?;
    let input = request.into_input()?;
    let slug = path.into_inner();
    let store = state.store.clone();
    let service = blocking(move || store.service_update(&auth.0, &slug, revision, input)).await?;
    Ok(respond(StatusCode::OK, service))
}

/// The optional `If-Match` of a lifecycle move: checked when given.
fn optional_revision(req: &HttpRequest) -> Result<Option<i32>, ApiError> {
    if req.headers().contains_key(header::IF_MATCH) { expected_revision(req).map(Some) } else { Ok(None) }
}

async fn act(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: &HttpRequest,
    slug: String,
    action: impl FnOnce(&persistence::Store) -> Result<ServiceAction, persistence::StoreError> + Send + 'static,
) -> Result<HttpResponse, ApiError> {
    auth.0.require(Role::CatalogueEditor, Scope::CatalogueWrite)?;
    let revision = optional_revision(req)?;
    let store = state.store.clone();
    let page = public_link(&state, &format!("/api/v1/catalogue/services/{slug}"));
    let service = blocking(move || {
        let action = action(&store)?;
        store.service_act(&auth.0, &slug, revision, action, &page)
    })
    .await?;
    Ok(respond(StatusCode::OK, service))
}

/// Publish a draft (catalogue editors): every field the publiccode.yml needs must be present — a 422
/// lists the missing ones. Emails the provider organisation.
#[utoipa::path(tag = "catalogue", security(("bearer" = [])), params(("slug" = String, Path, description = "Service slug"),
    ("If-Match" = Option<String>, Header, description = "The ETag last read (checked when given)")), responses(
    (status = 200, description = "Published", body = ServiceDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a catalogue editor", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not a draft", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "Stale `If-Match`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Fields missing for publication, each named", body = Problem, content_type = "application/problem+json"),
))]
#[post("/catalogue/services/{slug}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(state, auth, &req, path.into_inner(), |_| Ok(ServiceAction::Publish)).await
}

/// Deprecate a published service (catalogue editors) with a reason and optionally a published
/// replacement. It stays public, marked deprecated. Emails the provider organisation.
#[utoipa::path(tag = "catalogue", security(("bearer" = [])), request_body = DeprecateRequest,
    params(("slug" = String, Path, description = "Service slug"),
    ("If-Match" = Option<String>, Header, description = "The ETag last read (checked when given)")), responses(
    (status = 200, description = "Deprecated", body = ServiceDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a catalogue editor", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not published", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "Stale `If-Match`", body = Problem, content_type = "application/problem+json"),
    (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "No reason, or an unknown or unpublished replacement", body = Problem, content_type = "application/problem+json"),
))]
#[post("/catalogue/services/{slug}/deprecate")]
pub async fn deprecate(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request: DeprecateRequest = json_body(&req, &body)?;
    act(state, auth, &req, path.into_inner(), move |store| {
        let replacement = request.replacement.as_deref().map(|r| store.service_id_of(r)).transpose()?;
        Ok(ServiceAction::deprecate(request.reason.as_deref(), replacement)?)
    })
    .await
}

/// Retire a published or deprecated service (catalogue editors): it leaves public view.
#[utoipa::path(tag = "catalogue", security(("bearer" = [])), params(("slug" = String, Path, description = "Service slug"),
    ("If-Match" = Option<String>, Header, description = "The ETag last read (checked when given)")), responses(
    (status = 200, description = "Retired", body = ServiceDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a catalogue editor", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "A draft or already retired", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "Stale `If-Match`", body = Problem, content_type = "application/problem+json"),
))]
#[post("/catalogue/services/{slug}/retire")]
pub async fn retire(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(state, auth, &req, path.into_inner(), |_| Ok(ServiceAction::Retire)).await
}

/// The lifecycle history of a service you may see, oldest first.
#[utoipa::path(tag = "catalogue", params(("slug" = String, Path, description = "Service slug")), responses(
    (status = 200, description = "The history", body = Vec<ServiceHistoryDto>),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/catalogue/services/{slug}/history")]
pub async fn history(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    path: web::Path<String>,
) -> Result<web::Json<Vec<ServiceHistoryDto>>, ApiError> {
    let slug = path.into_inner();
    let store = state.store.clone();
    let entries = blocking(move || store.service_history(auth.0.as_ref(), &slug)).await?;
    Ok(web::Json(
        entries
            .into_iter()
            .map(|e| ServiceHistoryDto {
                action: e.action,
                actor_name: e.actor_name,
                from_state: e.from_state,
                to_state: e.to_state,
                note: e.note,
                occurred_at: e.occurred_at,
            })
            .collect(),
    ))
}

/// Promote an accepted proposal into a draft catalogue service (catalogue editors): name, descriptions,
/// provider, tags and the pillar means at acceptance come from the proposal, which becomes `promoted`;
/// its team is emailed. Promoting twice is a 409.
#[utoipa::path(tag = "catalogue", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 201, description = "The new draft service, with its `ETag`", body = ServiceDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a catalogue editor, or separation of duties (the proposal's side)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such proposal among the accepted and promoted ones", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Already promoted", body = Problem, content_type = "application/problem+json"),
))]
#[post("/proposals/{id}/promote")]
pub async fn promote(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    auth.0.require(Role::CatalogueEditor, Scope::CatalogueWrite)?;
    let id: ProposalId = path.parse().map_err(|_| ApiError::Domain(DomainError::NotFound("proposal")))?;
    let store = state.store.clone();
    let page = public_link(&state, &format!("/proposals/{id}"));
    let service = blocking(move || store.proposal_promote(&auth.0, id, &page)).await?;
    Ok(respond(StatusCode::CREATED, service))
}
