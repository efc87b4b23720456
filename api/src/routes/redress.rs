//! Redress (issue 19): within the challenge's term after a rejection the team asks, once per decision,
//! for a review on procedural grounds; a hub manager other than the one who decided rejects the request
//! with a reason, or upholds it and reopens the evaluation as a new version.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use domain::proposal::NOTE_MAX;
use domain::{DomainError, Note, ProposalId, Scope};
use persistence::RedressView;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::{blocking, public_link};
use crate::state::AppState;

/// A request for review.
#[derive(Debug, Serialize, ToSchema)]
pub struct RedressRequestDto {
    /// The version whose rejection it challenges.
    pub version: i32,
    /// `pending`, `rejected` (the decision stands) or `upheld` (the evaluation was reopened).
    pub state: String,
    /// The team's statement of the procedural grounds.
    pub statement: String,
    /// Who of the team filed it.
    pub filed_by: Option<String>,
    /// When.
    pub filed_at: DateTime<Utc>,
    /// The hub manager who handled it.
    pub handled_by: Option<String>,
    /// When.
    pub handled_at: Option<DateTime<Utc>>,
    /// Their reasons.
    pub reason: Option<String>,
}

/// A proposal's redress: the term, the current rejection's deadline, the latest request.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "days": 30,
    "deadline": "2026-05-31T12:00:00Z",
    "open": false,
    "request": {
        "version": 1, "state": "pending",
        "statement": "Una delle tre valutazioni è stata inviata dopo la decisione e non è stata considerata.",
        "filed_by": "Anna Rossi", "filed_at": "2026-05-10T09:00:00Z",
        "handled_by": null, "handled_at": null, "reason": null
    }
}))]
pub struct RedressDto {
    /// Days after a rejection within which the team may ask for a review.
    pub days: u8,
    /// Until when the current rejection may be challenged (null unless the proposal is rejected).
    pub deadline: Option<DateTime<Utc>>,
    /// Whether the team may file a request now.
    pub open: bool,
    /// The latest request, if any.
    pub request: Option<RedressRequestDto>,
}

impl From<RedressView> for RedressDto {
    fn from(v: RedressView) -> Self {
        Self {
            days: v.days,
            deadline: v.deadline,
            open: v.open,
            request: v.request.map(|r| RedressRequestDto {
                version: r.decision.version,
                state: r.state.as_str().to_owned(),
                statement: r.statement,
                filed_by: v.filed_by,
                filed_at: r.filed_at,
                handled_by: v.handled_by,
                handled_at: r.handled_at,
                reason: r.reason,
            }),
        }
    }
}

/// A request for review.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"statement": "Una delle tre valutazioni è stata inviata dopo la decisione e non è stata considerata."}))]
pub struct RedressRequest {
    /// The procedural grounds (required).
    pub statement: Option<String>,
}

/// What a hub manager decides on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RedressOutcome {
    /// Reopen the evaluation.
    Uphold,
    /// The decision stands.
    Reject,
}

/// The handling of a request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"outcome": "uphold", "reason": "La valutazione inviata in ritardo non era stata letta: la valutazione riprende."}))]
pub struct HandleRequest {
    /// `uphold` (reopen the evaluation) or `reject` (the decision stands).
    pub outcome: RedressOutcome,
    /// Why (required); the team reads it.
    pub reason: Option<String>,
}

/// Read a proposal's redress.
///
/// Its organisation's members and hub managers (scope `proposals:read`): the challenge's term, the deadline of the
/// current rejection and the latest request for review.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "The redress", body = RedressDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not the proposal's team nor a hub manager", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/redress")]
pub async fn get(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<web::Json<RedressDto>, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let (store, id) = (state.store.clone(), path.into_inner());
    Ok(web::Json(blocking(move || store.redress_get(&auth.0, id)).await?.into()))
}

/// Ask for a review of a rejection.
///
/// A proposer of the proposal's organisation (scope `proposals:write`), on a rejected proposal, within the challenge's
/// term after the decision (`redress_closed`, 409), once per decision (`redress_exists`, 409). Hub managers are
/// emailed; one other than the manager who decided handles it.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = RedressRequest,
    params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 201, description = "Filed", body = RedressDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a proposer of its organisation", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not rejected, already requested, or the term ended", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The statement is required", body = Problem, content_type = "application/problem+json"),
))]
#[post("/proposals/{id}/redress")]
pub async fn file(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
    body: Json<RedressRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let view = file_request(&state, auth.0, id, body.into_inner().statement).await?;
    let location = format!("/api/v1/proposals/{id}/redress");
    Ok(crate::routes::located(HttpResponse::Created().json(RedressDto::from(view)), &location))
}

/// Files as the endpoint does (also the team's page).
///
/// # Errors
/// As the endpoint.
pub async fn file_request(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    statement: Option<String>,
) -> Result<RedressView, ApiError> {
    actor.require_scope(Scope::ProposalsWrite)?;
    let statement = Note::parse("statement", statement.as_deref(), NOTE_MAX)
        .map_err(DomainError::from)?
        .ok_or_else(|| DomainError::invalid("statement", "required", "is required"))?;
    let (store, link) = (state.store.clone(), public_link(state, &format!("/manage/proposals/{id}")));
    blocking(move || store.redress_file(&actor, id, statement, &link)).await
}

/// Handle a request for review.
///
/// A hub manager other than the one who decided (scope `proposals:write`; never on their own organisation's proposal:
/// 403), while the request is pending (`redress_handled`, 409; `no_redress` without one on the current decision).
/// `uphold` reopens the evaluation: the proposal returns to `under_review` as a new version, for new assignments,
/// the earlier decision kept in the history. The team is emailed the outcome and the reasons.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = HandleRequest,
    params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "Handled", body = RedressDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager, the manager who decided, or separation of duties", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "No pending request", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The reason is required", body = Problem, content_type = "application/problem+json"),
))]
#[post("/proposals/{id}/redress/handle")]
pub async fn handle(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
    body: Json<HandleRequest>,
) -> Result<web::Json<RedressDto>, ApiError> {
    let body = body.into_inner();
    let uphold = body.outcome == RedressOutcome::Uphold;
    Ok(web::Json(handle_request(&state, auth.0, path.into_inner(), uphold, body.reason).await?.into()))
}

/// Handles as the endpoint does (also the manager's page).
///
/// # Errors
/// As the endpoint.
pub async fn handle_request(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    uphold: bool,
    reason: Option<String>,
) -> Result<RedressView, ApiError> {
    actor.require_scope(Scope::ProposalsWrite)?;
    let reason = Note::parse("reason", reason.as_deref(), NOTE_MAX)
        .map_err(DomainError::from)?
        .ok_or_else(|| DomainError::invalid("reason", "required", "is required"))?;
    let (store, link) = (state.store.clone(), public_link(state, &format!("/proposals/{id}")));
    blocking(move || store.redress_handle(&actor, id, uphold, reason, &link)).await
}
