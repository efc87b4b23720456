//! Operations: liveness, readiness, the guidelines' status, metrics.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, Problem};
use crate::routes::blocking;
use crate::state::AppState;

/// A health answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"status": "ok"}))]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
}

/// Check liveness.
///
/// Anyone may call it. Answers 200 `{"status": "ok"}` while the process serves requests; it does not touch the
/// database (see `/readyz`).
#[utoipa::path(tag = "operations", responses((status = 200, description = "Alive", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health { status: "ok" })
}

/// Check readiness.
///
/// Anyone may call it. Answers 200 when the database answers and every migration is applied; otherwise
/// `service_unavailable` (503): take the instance out of rotation.
#[utoipa::path(tag = "operations", responses(
    (status = 200, description = "Ready", body = Health),
    (status = 503, description = "Not ready", body = Problem, content_type = "application/problem+json"),
))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    ready(&state).await?;
    Ok(web::Json(Health { status: "ok" }))
}

/// Whether the hub can serve: its database answers and every migration is applied.
async fn ready(state: &AppState) -> Result<(), ApiError> {
    let store = state.store.clone();
    blocking(move || store.ready()).await.map_err(|e| match e {
        ApiError::Internal(cause) => ApiError::Unavailable(cause),
        other => other,
    })
}

/// The API's status, as the Italian API guidelines ask of every API.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"status": "ok", "version": "0.1.0"}))]
pub struct Status {
    /// `ok`.
    #[schema(example = "ok")]
    pub status: &'static str,
    /// The hub's version.
    #[schema(example = "0.1.0")]
    pub version: &'static str,
}

/// Read the API's status.
///
/// Anyone may call it, without a token: the health check the Italian API guidelines ask of every API. It is
/// up (200, with the hub's version) when the database answers and every migration is applied, as `/readyz`;
/// otherwise 503 `service_unavailable` as problem+json with `Retry-After`.
#[utoipa::path(tag = "operations", responses(
    (status = 200, description = "Up: the database answers and every migration is applied", body = Status),
    (status = 503, description = "Down; retry after the `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
))]
#[get("/status")]
pub async fn status(state: web::Data<AppState>) -> Result<web::Json<Status>, ApiError> {
    ready(&state).await?;
    Ok(web::Json(Status { status: "ok", version: env!("CARGO_PKG_VERSION") }))
}

/// Read the Prometheus metrics.
///
/// Anyone who can reach it (restrict it at the network edge). Prometheus text format: requests by route and status,
/// latency, connection pool state, the depth of the mail outbox and of the webhook deliveries, SQL statements, the
/// annex uploads being received, how long the allocator keeps freed memory.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain")))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let store = state.store.clone();
    let depths = blocking(move || Ok((store.outbox_depth().ok(), store.webhook_depth().ok()))).await.ok();
    let (mails, webhooks) = depths.unwrap_or_default();
    let pending = crate::metrics::Pending { mails, webhooks };
    let (pool, statements) = (state.store.pool_state(), state.store.sql_statements());
    let body = state.metrics.render(pool, pending, statements, state.annexes.receiving());
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(body)
}
