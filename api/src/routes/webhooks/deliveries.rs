//! An endpoint's delivery log (each event with its attempts: when, the answer's status, how long, what
//! failed), redelivery by hand, and the test event.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use domain::DomainError;
use domain::webhook::{DeliveryId, DeliveryStatus, EndpointId};
use persistence::{Delivery, DeliveryFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::query::Query;
use crate::routes::{PageOf, PageQuery, blocking};
use crate::state::AppState;

/// One attempt of a delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptDto {
    /// When it was made.
    pub at: DateTime<Utc>,
    /// The answer's HTTP status (null when none came: refused, timed out, an address the hub does not call).
    pub status_code: Option<i32>,
    /// How long it took, in milliseconds.
    pub latency_ms: i32,
    /// What failed.
    pub error: Option<String>,
}

/// One event sent to an endpoint.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0a3-2c3d-7e4f-9051-6a7b8c9d0e1f",
    "event_id": "msg_0192f0a32c3d7e4f90516a7b8c9d0e1f",
    "event_type": "proposal.decided",
    "payload": {"type": "proposal.decided", "timestamp": "2026-04-20T10:00:00.000Z",
                "data": {"proposal_id": "0192f0a2-0000-7000-8000-000000000001", "action": "decide_accept",
                         "from": "under_review", "to": "accepted", "challenge_id": "0192f0a2-0000-7000-8000-000000000002"}},
    "status": "delivered",
    "attempts": 2,
    "next_attempt_at": "2026-04-20T10:00:05Z",
    "last_status_code": 204,
    "last_error": null,
    "created_at": "2026-04-20T10:00:00Z",
    "delivered_at": "2026-04-20T10:00:05Z",
    "log": [
        {"at": "2026-04-20T10:00:05Z", "status_code": 204, "latency_ms": 41, "error": null},
        {"at": "2026-04-20T10:00:00Z", "status_code": 503, "latency_ms": 120, "error": "answered 503"}
    ]
}))]
pub struct DeliveryDto {
    /// The delivery's id.
    pub id: String,
    /// The event's id: the `webhook-id` header of every attempt (a receiver drops one it has seen).
    pub event_id: String,
    /// The event's type.
    pub event_type: String,
    /// The body sent: `type`, `timestamp` and `data` (ids and states, never personal data).
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    /// `pending` (an attempt is due), `delivered` (answered 2xx) or `failed` (every attempt failed).
    pub status: String,
    /// Attempts in its current round (a redelivery starts a new one).
    pub attempts: i32,
    /// When the next attempt is due, while pending.
    pub next_attempt_at: DateTime<Utc>,
    /// The last answer's HTTP status.
    pub last_status_code: Option<i32>,
    /// The last error.
    pub last_error: Option<String>,
    /// When the event was raised.
    pub created_at: DateTime<Utc>,
    /// When it was delivered.
    pub delivered_at: Option<DateTime<Utc>>,
    /// Its attempts, newest first (the last fifty).
    pub log: Vec<AttemptDto>,
}

impl From<Delivery> for DeliveryDto {
    fn from(d: Delivery) -> Self {
        Self {
            id: d.id.to_string(),
            event_id: d.event_id,
            event_type: d.event_type.as_str().to_owned(),
            payload: serde_json::from_str(&d.payload).unwrap_or(serde_json::Value::Null),
            status: d.status.as_str().to_owned(),
            attempts: d.attempts,
            next_attempt_at: d.next_attempt_at,
            last_status_code: d.last_code,
            last_error: d.last_error,
            created_at: d.created_at,
            delivered_at: d.delivered_at,
            log: d
                .log
                .into_iter()
                .map(|a| AttemptDto {
                    at: a.at.and_utc(),
                    status_code: a.status_code,
                    latency_ms: a.latency_ms,
                    error: a.error,
                })
                .collect(),
        }
    }
}

/// Delivery log filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// `pending`, `delivered` or `failed`.
    pub status: Option<String>,
}

/// List an endpoint's deliveries.
///
/// Its delivery log, newest first: each event sent to it, where it stands and its attempts (when, the answer's
/// status, how long it took, what failed). Its managers only.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])),
    params(("id" = String, Path, description = "Endpoint id"), PageQuery, DeliveryQuery), responses(
    (status = 200, description = "A page of deliveries", body = PageOf<DeliveryDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A token without `webhooks`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not one the caller manages", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown status", body = Problem, content_type = "application/problem+json"),
))]
#[get("/webhooks/{id}/deliveries")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<EndpointId>,
    page: Query<PageQuery>,
    filter: Query<DeliveryQuery>,
) -> Result<PageOf<DeliveryDto>, ApiError> {
    let page = page.parse()?;
    let status = filter
        .into_inner()
        .status
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<DeliveryStatus>())
        .transpose()
        .map_err(|e| DomainError::invalid("status", "unknown_status", e.message))?;
    let (store, id) = (state.store.clone(), path.into_inner());
    let found = blocking(move || store.webhook_deliveries(&auth.0, id, DeliveryFilter { status }, &page)).await?;
    Ok(PageOf::from_page(found, DeliveryDto::from))
}

/// Redeliver an event.
///
/// Sends a delivery again, whatever its status (a receiver that lost it, a failure once the cause is fixed): a new
/// round of attempts, due at once while the endpoint is active, with the same `webhook-id`. Not while an attempt
/// is in flight: its outcome would end the new round. Its managers only.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])),
    params(("id" = String, Path, description = "Endpoint id"), ("delivery_id" = String, Path, description = "Delivery id")), responses(
    (status = 202, description = "Queued again", body = DeliveryDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A token without `webhooks`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not one the caller manages", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Being attempted now (`delivery_in_flight`): redeliver it once the attempt is logged", body = Problem, content_type = "application/problem+json"),
))]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(EndpointId, DeliveryId)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery) = path.into_inner();
    let store = state.store.clone();
    let queued = blocking(move || store.webhook_redeliver(&auth.0, id, delivery)).await?;
    Ok(HttpResponse::Accepted().json(DeliveryDto::from(queued)))
}

/// Send a test event.
///
/// Queues a `webhook.ping` event to this endpoint only (`data.endpoint_id`), to check that it receives and verifies
/// deliveries. Its managers only.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(("id" = String, Path, description = "Endpoint id")), responses(
    (status = 202, description = "Queued", body = DeliveryDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A token without `webhooks`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not one the caller manages", body = Problem, content_type = "application/problem+json"),
))]
#[post("/webhooks/{id}/ping")]
pub async fn ping(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<EndpointId>,
) -> Result<HttpResponse, ApiError> {
    let (store, id) = (state.store.clone(), path.into_inner());
    let queued = blocking(move || store.webhook_ping(&auth.0, id)).await?;
    Ok(HttpResponse::Accepted().json(DeliveryDto::from(queued)))
}
