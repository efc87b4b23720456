//! The PSN service catalogue: catalogue editors promote accepted proposals, write, publish, deprecate
//! and retire services; anyone searches the published and deprecated ones and downloads their
//! publiccode.yml.

use std::sync::Arc;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use domain::catalogue::{Service, ServiceAction, ServiceContent};
use domain::{ProposalId, Role, Scope};
use persistence::ServiceView;

use crate::auth::{Authenticated, MaybeAuthenticated};
use crate::cache::CachedPage;
use crate::error::{ApiError, Problem};
use crate::query::Query;
use crate::routes::conditional::{etag, expected_revision, not_modified, optional_revision};
use crate::routes::{ListOf, PageOf, PageQuery, blocking, json_body};
use crate::state::AppState;

mod dto;
pub mod shared;
pub use dto::*;

fn respond(status: StatusCode, service: Service) -> HttpResponse {
    HttpResponse::build(status).insert_header(("ETag", etag(service.revision))).json(ServiceDto::from(service))
}

/// A 201 with the new service's `ETag` and `Location`.
fn created(service: Service) -> HttpResponse {
    let location = format!("/api/v1/catalogue/services/{}", service.content.slug);
    crate::routes::located(respond(StatusCode::CREATED, service), &location)
}

/// List catalogue services.
///
/// Anyone may call it, with or without a token: anonymous callers see the published and deprecated services,
/// catalogue editors every one, proposers also the services promoted from their organisation's proposals. Search
/// with `q`, filter by service model, tag, provider, state and pillar score; paginated by cursor. An invalid filter
/// or cursor is `validation_failed` (422).
#[utoipa::path(tag = "catalogue", security((), ("bearer" = [])), params(PageQuery, ServiceQuery), responses(
    (status = 200, description = "A page of services", body = PageOf<ServiceDto>),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid filter or cursor", body = Problem, content_type = "application/problem+json"),
))]
#[get("/catalogue/services")]
pub async fn list(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    page: Query<PageQuery>,
    query: Query<ServiceQuery>,
) -> Result<PageOf<ServiceDto>, ApiError> {
    let page = page.parse()?;
    let filter = query.into_inner().into_filter()?;
    let store = state.store.clone();
    let services = blocking(move || store.services_list(auth.0.as_ref(), &filter, &page)).await?;
    Ok(PageOf::from_page(services, ServiceDto::from))
}

/// Create a catalogue service.
///
/// Catalogue editors (scope `catalogue:write`). The service starts in `draft`, visible to editors only; the answer
/// carries its `ETag`. Problems: `slug_taken` (409), `validation_failed` (422).
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
    Ok(created(service))
}

/// Read a catalogue service.
///
/// Anyone may read a published or deprecated service by slug; drafts and retired ones exist for catalogue editors
/// (and proposers of the origin proposal's organisation) only. The answer carries `ETag` and `Cache-Control`; `If-
/// None-Match` with the current ETag answers 304 with no body.
#[utoipa::path(tag = "catalogue", security((), ("bearer" = [])), params(("slug" = String, Path, description = "Service slug"),
    ("If-None-Match" = Option<String>, Header, description = "An ETag read before")), responses(
    (status = 200, description = "The service", body = ServiceDto, headers(
        ("ETag" = String, description = "The service's revision"),
        ("Deprecation" = Option<String>, description = "A deprecated or retired service: when it was deprecated, `@<unix seconds>` (RFC 9745)"),
        ("Sunset" = Option<String>, description = "A retired service: when it was retired, an HTTP date (RFC 8594)"),
        ("Link" = Option<String>, description = "The replacement of a deprecated service, `<…>; rel=\"successor-version\"`"))),
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
    let headers = lifecycle_headers(&view);
    let replacement = view.replacement.map(|(slug, name)| ServiceRef { slug, name });
    let mut dto = ServiceDto::from(view.service);
    dto.replacement = replacement;
    let body = serde_json::to_vec(&dto).map_err(|e| ApiError::internal("serializing a service", e))?;
    let page = CachedPage { etag: tag, body: body.into(), headers };
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
    for header in &page.headers {
        response.insert_header(header.clone());
    }
    if unchanged {
        response.finish()
    } else {
        response.insert_header(header::ContentType::json()).body(page.body.clone())
    }
}

/// Read a service's publiccode.yml.
///
/// Whoever may read the service. The service described as a publiccode.yml file (the Italian standard for
/// reusable public software, version 0.7), ready for the national catalogue, with its `ETag`: `If-None-Match`
/// with the current ETag answers 304. A deprecated service also says `Deprecation`, `Sunset` and its successor.
#[utoipa::path(tag = "catalogue", security((), ("bearer" = [])), params(("slug" = String, Path, description = "Service slug"),
    ("If-None-Match" = Option<String>, Header, description = "An ETag read before")), responses(
    (status = 200, description = "publiccode.yml 0.7, shown inline as `publiccode.yml`", content_type = "application/yaml", body = Object, headers(
        ("ETag" = String, description = "The service's revision and the administrations `usedBy` names"),
        ("Deprecation" = Option<String>, description = "A deprecated or retired service: when it was deprecated, `@<unix seconds>` (RFC 9745)"),
        ("Sunset" = Option<String>, description = "A retired service: when it was retired, an HTTP date (RFC 8594)"),
        ("Link" = Option<String>, description = "The replacement of a deprecated service, `<…>; rel=\"successor-version\"`"),
        ("Content-Disposition" = String, description = "`inline; filename=\"publiccode.yml\"`"))),
    (status = 304, description = "Unchanged since the ETag given", headers(("ETag" = String, description = "The service's revision and the administrations `usedBy` names"))),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such service, or not visible to you", body = Problem, content_type = "application/problem+json"),
))]
#[get("/catalogue/services/{slug}/publiccode.yml")]
pub async fn publiccode(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = path.into_inner();
    let signed_in = auth.0.is_some();
    let store = state.store.clone();
    let view = blocking(move || store.service_publiccode(auth.0.as_ref(), &slug)).await?;
    let tag = shared::publiccode_etag(view.service.revision, &view.used_by);
    let mut response = if not_modified(&req, &tag) { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response.insert_header(("ETag", tag.clone())).insert_header(("Cache-Control", cache_control(&view, signed_in)));
    for header in lifecycle_headers(&view) {
        response.insert_header(header);
    }
    if not_modified(&req, &tag) {
        return Ok(response.finish());
    }
    let yaml = shared::publiccode_yaml(&state, &view)?;
    // Inline: a browser shows the YAML; saved, it gets the standard's own file name.
    Ok(response
        .content_type("application/yaml; charset=utf-8")
        .insert_header(("Content-Disposition", "inline; filename=\"publiccode.yml\""))
        .body(yaml))
}

/// What a deprecated (or retired) service answers besides its body: `Deprecation` (RFC 9745, when it
/// was deprecated), `Sunset` (RFC 8594, when it was retired) and the successor as
/// `Link: <…>; rel="successor-version"`.
fn lifecycle_headers(view: &ServiceView) -> Vec<(&'static str, String)> {
    let mut headers = Vec::new();
    if let Some(at) = view.deprecated_at {
        headers.push(("Deprecation", format!("@{}", at.timestamp())));
    }
    if let Some(at) = view.retired_at {
        headers.push(("Sunset", at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()));
    }
    if let Some((slug, _)) = &view.replacement {
        headers.push(("Link", format!("</api/v1/catalogue/services/{slug}>; rel=\"successor-version\"")));
    }
    headers
}

/// Edit a catalogue service.
///
/// Catalogue editors (scope `catalogue:write`), with `If-Match` naming the current `ETag`: 428
/// `precondition_required` without it, 412 `precondition_failed` when it is stale. Absent fields stay. A published
/// service keeps its slug (422); problems: `slug_taken` (409), `validation_failed` (422).
#[utoipa::path(tag = "catalogue", security(("bearer" = [])), request_body(content = ServiceRequest, content_type = "application/merge-patch+json"),
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
    let service = shared::edit(&state, auth.0, path.into_inner(), revision, input).await?;
    Ok(respond(StatusCode::OK, service))
}

async fn act(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: &HttpRequest,
    slug: String,
    action: ServiceAction,
) -> Result<HttpResponse, ApiError> {
    auth.0.require(Role::CatalogueEditor, Scope::CatalogueWrite)?;
    let revision = optional_revision(req)?;
    let service = shared::act(&state, auth.0, slug, revision, move |_| Ok(action)).await?;
    Ok(respond(StatusCode::OK, service))
}

/// Publish a catalogue service.
///
/// Catalogue editors (scope `catalogue:write`); `If-Match` is checked when given (412 when stale). Moves a `draft`
/// to `published`: every field the publiccode.yml needs must be present, else `validation_failed` (422) naming each
/// missing one. The provider organisation is emailed. From another state: `invalid_transition` (409).
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
    act(state, auth, &req, path.into_inner(), ServiceAction::Publish).await
}

/// Deprecate a catalogue service.
///
/// Catalogue editors (scope `catalogue:write`); `If-Match` is checked when given (412 when stale). Moves a
/// `published` service to `deprecated`, with a reason and optionally a published replacement (422 without a reason,
/// or with an unknown or unpublished replacement). It stays public, marked deprecated; the provider organisation is
/// emailed. From another state: `invalid_transition` (409).
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
    auth.0.require(Role::CatalogueEditor, Scope::CatalogueWrite)?;
    let revision = optional_revision(&req)?;
    let service = shared::deprecate(&state, auth.0, path.into_inner(), revision, request).await?;
    Ok(respond(StatusCode::OK, service))
}

/// Retire a catalogue service.
///
/// Catalogue editors (scope `catalogue:write`); `If-Match` is checked when given (412 when stale). Moves a
/// `published` or `deprecated` service to `retired`: it leaves public view. A draft or an already retired service:
/// `invalid_transition` (409).
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
    act(state, auth, &req, path.into_inner(), ServiceAction::Retire).await
}

/// Read a service's history.
///
/// Whoever may read the service. Every lifecycle move, oldest first, with actor, time, from and to states and note.
#[utoipa::path(tag = "catalogue", security((), ("bearer" = [])), params(("slug" = String, Path, description = "Service slug")), responses(
    (status = 200, description = "The history", body = ListOf<ServiceHistoryDto>),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/catalogue/services/{slug}/history")]
pub async fn history(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    path: web::Path<String>,
) -> Result<web::Json<ListOf<ServiceHistoryDto>>, ApiError> {
    let slug = path.into_inner();
    let store = state.store.clone();
    let entries = blocking(move || store.service_history(auth.0.as_ref(), &slug)).await?;
    Ok(web::Json(
        entries
            .into_iter()
            .map(|e| ServiceHistoryDto {
                action: e.action,
                actor_name: e.actor_name,
                from_state: e.from_state.map(|s| s.as_str().to_owned()),
                to_state: e.to_state.as_str().to_owned(),
                note: e.note,
                occurred_at: e.occurred_at,
            })
            .collect(),
    ))
}

/// Promote a proposal into the catalogue.
///
/// Catalogue editors (scope `catalogue:write`), never of their own organisation's proposals (separation of duties).
/// Moves an `accepted` proposal to `promoted` and, in the same transaction, creates a `draft` catalogue service:
/// name, descriptions, provider, tags and the pillar means at acceptance come from the proposal. Its team is
/// emailed. Promoting twice is a 409.
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
    path: web::Path<ProposalId>,
) -> Result<HttpResponse, ApiError> {
    let service = shared::promote(&state, auth.0, path.into_inner()).await?;
    Ok(created(service))
}
