//! Automatic assignment of evaluators across a challenge.

use actix_web::{post, web};
use chrono::{DateTime, Utc};
use domain::{DomainError, Role, Scope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::blocking;
use crate::state::AppState;

/// What to staff.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoAssignRequest {
    /// Evaluators each proposal under review should have, 1 to 10 (existing assignments count).
    #[serde(deserialize_with = "crate::routes::integral::required")]
    #[schema(example = 3, minimum = 1, maximum = 10)]
    pub evaluators_per_proposal: i64,
    /// When the new reviews are due.
    pub due_at: DateTime<Utc>,
}

/// One new assignment.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlannedAssignmentDto {
    /// The proposal.
    pub proposal_id: String,
    /// The evaluator.
    pub evaluator_id: String,
}

/// A proposal left short.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShortfallDto {
    /// The proposal.
    pub proposal_id: String,
    /// Evaluators it still lacks.
    #[schema(format = Int32, minimum = 1)]
    pub missing: usize,
    /// Why.
    pub reason: String,
}

/// What was assigned and what could not be.
#[derive(Debug, Serialize, ToSchema)]
pub struct AutoAssignDto {
    /// New assignments (the evaluators are emailed).
    pub assigned: Vec<PlannedAssignmentDto>,
    /// Proposals left short, with the reason.
    pub unassigned: Vec<ShortfallDto>,
}

/// Assign N evaluators to every proposal under review of a challenge (hub managers): balanced load (no
/// evaluator above ⌈total ÷ evaluators⌉ + 1), expertise matching the proposals' tags first, never a
/// conflict of interest. Deterministic for the same input; reports what it could not assign and why.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = AutoAssignRequest,
    params(("id" = String, Path, description = "Challenge id or slug")), responses(
    (status = 200, description = "The assignments made and the shortfalls", body = AutoAssignDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid number or due date", body = Problem, content_type = "application/problem+json"),
))]
#[post("/challenges/{id}/auto-assign")]
pub async fn auto_assign(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
    body: Json<AutoAssignRequest>,
) -> Result<web::Json<AutoAssignDto>, ApiError> {
    auth.0.require(Role::HubManager, Scope::ProposalsWrite)?;
    let per = usize::try_from(body.evaluators_per_proposal)
        .ok()
        .filter(|n| (1..=10).contains(n))
        .ok_or_else(|| DomainError::invalid("evaluators_per_proposal", "out_of_range", "must be 1 to 10"))?;
    let due_at = body.due_at;
    let link = crate::routes::public_link(&state, "/reviews");
    let id = path.into_inner();
    let store = state.store.clone();
    let plan = blocking(move || store.challenge_auto_assign(&auth.0, &id, per, due_at, &link)).await?;
    Ok(web::Json(AutoAssignDto {
        assigned: plan
            .assign
            .iter()
            .map(|(p, e)| PlannedAssignmentDto { proposal_id: p.to_string(), evaluator_id: e.to_string() })
            .collect(),
        unassigned: plan
            .shortfalls
            .into_iter()
            .map(|s| ShortfallDto { proposal_id: s.proposal.to_string(), missing: s.missing, reason: s.reason })
            .collect(),
    }))
}
