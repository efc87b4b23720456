//! Webhook endpoints (issue 20): an organisation's owner registers where its proposals', services' and
//! adoptions' events are posted, an admin where all of the hub's are; the secret is shown once (at
//! registration and at each rotation); the delivery log and redelivery are in [`deliveries`].

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use domain::webhook::{EndpointContent, EndpointId, Owner};
use domain::{DomainError, FieldError};
use persistence::{Endpoint, EndpointPatch};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::query::Query;
use crate::routes::{PageOf, PageQuery, blocking};
use crate::state::AppState;

pub mod deliveries;

/// A webhook endpoint (never its secret).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0a2-1b2c-7d3e-8f40-5a6b7c8d9e0f",
    "scope": "organization",
    "organization_id": "0192f0a1-0a1b-7c2d-9e3f-405162738495",
    "organization_name": "Università degli Studi di Padova",
    "url": "https://protocollo.unipd.example/hub",
    "description": "Protocollo dell'ateneo",
    "events": ["proposal.decided", "notice.issued"],
    "state": "active",
    "disabled_by_hub": false,
    "failures": 0,
    "failing_since": null,
    "previous_secret_until": null,
    "created_at": "2026-04-01T09:00:00Z",
    "updated_at": "2026-04-01T09:00:00Z"
}))]
pub struct EndpointDto {
    /// The id.
    pub id: String,
    /// `organization` (its proposals, services and adoptions) or `hub` (every event, registered by an admin).
    pub scope: String,
    /// The owning organisation (null for the hub's).
    pub organization_id: Option<String>,
    /// Its name.
    pub organization_name: Option<String>,
    /// Where deliveries are posted.
    pub url: String,
    /// A note for its owner.
    pub description: String,
    /// The events it is sent.
    pub events: Vec<String>,
    /// `active`, or `disabled` (by its owner, or by the hub after repeated failures).
    pub state: String,
    /// Whether the hub disabled it after repeated failures.
    pub disabled_by_hub: bool,
    /// Failed attempts in a row.
    pub failures: i32,
    /// Since when it has been failing.
    pub failing_since: Option<DateTime<Utc>>,
    /// Until when the previous secret also signs deliveries, after a rotation.
    pub previous_secret_until: Option<DateTime<Utc>>,
    /// When registered.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Endpoint> for EndpointDto {
    fn from(e: Endpoint) -> Self {
        let (scope, organization_id) = match e.owner {
            Owner::Hub => ("hub", None),
            Owner::Organization(org) => ("organization", Some(org.to_string())),
        };
        Self {
            id: e.id.to_string(),
            scope: scope.to_owned(),
            organization_id,
            organization_name: e.organization_name,
            url: e.content.url.as_str().to_owned(),
            description: e.content.description,
            events: e.content.events.iter().map(|k| k.as_str().to_owned()).collect(),
            state: e.state.as_str().to_owned(),
            disabled_by_hub: e.disabled_by_hub,
            failures: e.failures,
            failing_since: e.failing_since,
            previous_secret_until: e.previous_until,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// An endpoint with its signing secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "endpoint": {
        "id": "0192f0a2-1b2c-7d3e-8f40-5a6b7c8d9e0f", "scope": "organization",
        "organization_id": "0192f0a1-0a1b-7c2d-9e3f-405162738495",
        "organization_name": "Università degli Studi di Padova",
        "url": "https://protocollo.unipd.example/hub", "description": "Protocollo dell'ateneo",
        "events": ["proposal.decided"], "state": "active", "disabled_by_hub": false, "failures": 0,
        "failing_since": null, "previous_secret_until": null,
        "created_at": "2026-04-01T09:00:00Z", "updated_at": "2026-04-01T09:00:00Z"
    },
    "secret": "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD6cU0HqT2ndM="
}))]
pub struct EndpointWithSecret {
    /// The endpoint.
    pub endpoint: EndpointDto,
    /// The secret that signs its deliveries (Standard Webhooks: `whsec_` and the key in base64). Shown only now.
    pub secret: String,
}

/// A new webhook endpoint.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "url": "https://protocollo.unipd.example/hub",
    "description": "Protocollo dell'ateneo",
    "events": ["proposal.decided", "notice.issued"]
}))]
pub struct NewEndpointRequest {
    /// Where deliveries are posted: an `https` (or `http`) URL whose host resolves to public addresses only.
    #[schema(max_length = 2000)]
    pub url: String,
    /// A note for its owner.
    #[schema(max_length = 200)]
    pub description: Option<String>,
    /// The events to be sent: `proposal.moved`, `proposal.decided`, `review.submitted`, `notice.issued`,
    /// `notice.answered`, `redress.filed`, `redress.handled`, `service.published`, `service.deprecated`,
    /// `service.retired`, `adoption.declared`.
    #[schema(min_items = 1, max_items = 11)]
    pub events: Vec<String>,
    /// `organization` (the default: the caller's organisation, whose owner they must be) or `hub` (admins).
    pub scope: Option<String>,
}

/// Changes to an endpoint: each field given replaces the stored one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"events": ["proposal.decided", "proposal.moved"], "enabled": true}))]
pub struct EndpointPatchRequest {
    /// Where deliveries are posted (it cannot be removed: `null` is 422).
    #[schema(max_length = 2000)]
    #[serde(default, deserialize_with = "crate::routes::double_option")]
    pub url: Option<Option<String>>,
    /// A note for its owner (`null` removes it).
    #[schema(max_length = 200)]
    #[serde(default, deserialize_with = "crate::routes::double_option")]
    pub description: Option<Option<String>>,
    /// The events to be sent (they cannot be removed: `null` is 422).
    #[schema(min_items = 1, max_items = 11)]
    #[serde(default, deserialize_with = "crate::routes::double_option")]
    pub events: Option<Option<Vec<String>>>,
    /// `true` enables it (what waited goes out at once, its failures forgotten); `false` disables it.
    pub enabled: Option<bool>,
}

/// A rotation of the secret.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"overlap_hours": 24}))]
pub struct RotateRequest {
    /// How long the previous secret keeps signing beside the new one, in hours (0 to 168; default 24).
    #[schema(minimum = 0, maximum = 168)]
    #[serde(default, deserialize_with = "crate::routes::integral::optional")]
    pub overlap_hours: Option<i64>,
}

/// Checks the input and where it points; the parsed content.
///
/// # Errors
/// 422 for a wrong field or an address the hub does not call.
pub async fn checked(
    state: &AppState,
    url: &str,
    description: Option<&str>,
    events: &[String],
    current: Option<&EndpointContent>,
) -> Result<EndpointContent, ApiError> {
    let content = EndpointContent::parse(url, description, events)?;
    // Where it points is looked at when it changes: an endpoint whose host stopped resolving keeps its
    // description and events editable (delivery checks the address at every connection anyway).
    if current.is_none_or(|c| c.url != content.url) {
        state.webhooks.check_target(&content.url).await?;
    }
    Ok(content)
}

/// Registers an endpoint as the endpoint and the page do: the endpoint and its secret.
///
/// # Errors
/// As the endpoint.
pub async fn register(
    state: &AppState,
    actor: domain::Actor,
    hub: bool,
    content: EndpointContent,
) -> Result<EndpointWithSecret, ApiError> {
    Owner::for_new(&actor, hub)?;
    let (store, secret) = (state.store.clone(), crate::webhooks::new_secret());
    let shown = secret.clone();
    let endpoint = blocking(move || store.webhook_create(&actor, hub, content, &secret)).await?;
    Ok(EndpointWithSecret { endpoint: endpoint.into(), secret: shown })
}

/// Rotates the secret as the endpoint and the page do.
///
/// # Errors
/// As the endpoint.
pub async fn rotate_secret(
    state: &AppState,
    actor: domain::Actor,
    id: EndpointId,
    overlap_hours: Option<i64>,
) -> Result<EndpointWithSecret, ApiError> {
    let overlap = domain::webhook::overlap(overlap_hours)?;
    let (store, secret) = (state.store.clone(), crate::webhooks::new_secret());
    let shown = secret.clone();
    let endpoint = blocking(move || store.webhook_rotate(&actor, id, &secret, overlap)).await?;
    Ok(EndpointWithSecret { endpoint: endpoint.into(), secret: shown })
}

/// List webhook endpoints.
///
/// The endpoints the caller manages, newest first: an admin's are all of them (the hub's and every organisation's);
/// an organisation's owner's are its own (a token needs `webhooks`). Anyone else gets an empty list.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(PageQuery), responses(
    (status = 200, description = "A page of endpoints", body = PageOf<EndpointDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
))]
#[get("/webhooks")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Authenticated,
    page: Query<PageQuery>,
) -> Result<PageOf<EndpointDto>, ApiError> {
    let page = page.parse()?;
    let store = state.store.clone();
    let endpoints = blocking(move || store.webhook_list(&auth.0, &page)).await?;
    Ok(PageOf::from_page(endpoints, EndpointDto::from))
}

/// Register a webhook endpoint.
///
/// An organisation's owner registers one for its organisation (a token needs `webhooks`): it is sent the events of
/// its proposals, of the services it provides or adopts and of their adoptions. An admin registers one for the hub
/// (`"scope": "hub"`, scope `admin`): every event. The URL's host must resolve to public addresses only
/// (`forbidden_address`, 422: loopback, private, link-local and metadata addresses are refused unless the operator
/// allows them). Deliveries are signed per the Standard Webhooks specification with the secret in the answer, shown
/// only now.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), request_body = NewEndpointRequest, responses(
    (status = 201, description = "Registered; the secret is shown this once", body = EndpointWithSecret),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not the owner of an organisation (nor an admin, for the hub's)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A wrong field, an unknown event, or an address the hub does not call", body = Problem, content_type = "application/problem+json"),
))]
#[post("/webhooks")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<NewEndpointRequest>,
) -> Result<HttpResponse, ApiError> {
    let NewEndpointRequest { url, description, events, scope } = body.into_inner();
    let hub = match scope.as_deref() {
        None | Some("organization") => false,
        Some("hub") => true,
        Some(_) => return Err(DomainError::invalid("scope", "unknown_scope", "must be organization or hub").into()),
    };
    Owner::for_new(&auth.0, hub)?;
    let content = checked(&state, &url, description.as_deref(), &events, None).await?;
    let created = register(&state, auth.0, hub, content).await?;
    let location = format!("/api/v1/webhooks/{}", created.endpoint.id);
    Ok(crate::routes::located(HttpResponse::Created().json(created), &location))
}

/// Read a webhook endpoint.
///
/// Its organisation's owner (a token needs `webhooks`) or an admin; anyone else gets 404.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(("id" = String, Path, description = "Endpoint id")), responses(
    (status = 200, description = "The endpoint", body = EndpointDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A token without `webhooks`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not one the caller manages", body = Problem, content_type = "application/problem+json"),
))]
#[get("/webhooks/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<EndpointId>,
) -> Result<web::Json<EndpointDto>, ApiError> {
    let (store, id) = (state.store.clone(), path.into_inner());
    Ok(web::Json(blocking(move || store.webhook_get(&auth.0, id)).await?.into()))
}

/// Change a webhook endpoint.
///
/// Its URL (checked as at registration), description and events; `enabled` disables it or enables it again (the
/// deliveries that waited go out at once and its failures are forgotten). Its managers only.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), request_body(content = EndpointPatchRequest, content_type = "application/merge-patch+json"),
    params(("id" = String, Path, description = "Endpoint id")), responses(
    (status = 200, description = "The endpoint, changed", body = EndpointDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A token without `webhooks`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not one the caller manages", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A wrong field, an unknown event, or an address the hub does not call", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/webhooks/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<EndpointId>,
    body: Json<EndpointPatchRequest>,
) -> Result<web::Json<EndpointDto>, ApiError> {
    let id = path.into_inner();
    let EndpointPatchRequest { url, description, events, enabled } = body.into_inner();
    let (store, actor) = (state.store.clone(), auth.0.clone());
    let current = blocking(move || store.webhook_get(&actor, id)).await?;
    // Merge-patch (RFC 7396): `null` removes a field; the address and the events cannot be removed.
    let removed: Vec<FieldError> = [("url", matches!(url, Some(None))), ("events", matches!(events, Some(None)))]
        .into_iter()
        .filter(|(_, removed)| *removed)
        .map(|(field, _)| FieldError::new(field, "required", "cannot be removed"))
        .collect();
    if !removed.is_empty() {
        return Err(DomainError::Invalid(removed).into());
    }
    let content = if url.is_some() || description.is_some() || events.is_some() {
        let url = url.flatten().unwrap_or_else(|| current.content.url.as_str().to_owned());
        let description = description.map_or_else(|| current.content.description.clone(), Option::unwrap_or_default);
        let events =
            events.flatten().unwrap_or_else(|| current.content.events.iter().map(|e| e.as_str().to_owned()).collect());
        Some(checked(&state, &url, Some(&description), &events, Some(&current.content)).await?)
    } else {
        None
    };
    let store = state.store.clone();
    let patch = EndpointPatch { content, enabled };
    Ok(web::Json(blocking(move || store.webhook_update(&auth.0, id, patch)).await?.into()))
}

/// Delete a webhook endpoint.
///
/// With its deliveries and their log. Its managers only.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(("id" = String, Path, description = "Endpoint id")), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A token without `webhooks`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not one the caller manages", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/webhooks/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<EndpointId>,
) -> Result<HttpResponse, ApiError> {
    let (store, id) = (state.store.clone(), path.into_inner());
    blocking(move || store.webhook_delete(&auth.0, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rotate a webhook endpoint's secret.
///
/// A new secret, shown this once; the previous one keeps signing beside it for `overlap_hours` (default 24, at most
/// 168; 0 stops it at once), so that the receiver can switch without refusing a delivery: each delivery then carries
/// two signatures. Its managers only.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), request_body = RotateRequest,
    params(("id" = String, Path, description = "Endpoint id")), responses(
    (status = 200, description = "The new secret, shown this once", body = EndpointWithSecret),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A token without `webhooks`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not one the caller manages", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An overlap out of range", body = Problem, content_type = "application/problem+json"),
))]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn rotate(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<EndpointId>,
    body: Json<RotateRequest>,
) -> Result<web::Json<EndpointWithSecret>, ApiError> {
    let RotateRequest { overlap_hours } = body.into_inner();
    Ok(web::Json(rotate_secret(&state, auth.0, path.into_inner(), overlap_hours).await?))
}
