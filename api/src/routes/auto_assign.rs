//! Automatic assignment of evaluators across a challenge.

use actix_web::{post, web};
use chrono::{DateTime, Utc};
use domain::{DomainError, Role, Scope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use domain::assignment_plan::Plan;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::blocking;
use crate::state::AppState;

/// What to staff.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"evaluators_per_proposal": 3, "due_at": "2026-03-20T17:00:00Z", "preview": false}))]
pub struct AutoAssignRequest {
    /// Evaluators each proposal under review should have, 1 to 10 (existing assignments count).
    #[serde(deserialize_with = "crate::routes::integral::required")]
    #[schema(example = 3, minimum = 1, maximum = 10)]
    pub evaluators_per_proposal: i64,
    /// When the new reviews are due.
    pub due_at: DateTime<Utc>,
    /// `true` to see the plan without applying it: nothing is assigned, nobody is emailed.
    #[serde(default)]
    pub preview: bool,
    /// `true` to break ties between candidates equal in expertise and load by their quality record (on time,
    /// rated helpful, few faults): `GET /api/v1/evaluators/{id}/quality`.
    #[serde(default)]
    pub prefer_quality: bool,
}

/// One new assignment.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "proposal_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
    "evaluator_id": "0192f0a2-4d5e-7f60-b172-83a4b5c6d7e8"
}))]
pub struct PlannedAssignmentDto {
    /// The proposal.
    pub proposal_id: String,
    /// The evaluator.
    pub evaluator_id: String,
}

/// A proposal left short.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "proposal_id": "0192f0b4-7a81-7292-b3c4-d5e6f7a8b9ca",
    "missing": 1,
    "reason": "not enough evaluators without a conflict of interest"
}))]
pub struct ShortfallDto {
    /// The proposal.
    pub proposal_id: String,
    /// Evaluators it still lacks.
    #[schema(format = Int32, minimum = 1)]
    pub missing: usize,
    /// Why.
    pub reason: String,
}

/// What was assigned (or, in a preview, would be) and what could not be.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "assigned": [
        {
            "proposal_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
            "evaluator_id": "0192f0a2-4d5e-7f60-b172-83a4b5c6d7e8"
        }
    ],
    "unassigned": [
        {
            "proposal_id": "0192f0b4-7a81-7292-b3c4-d5e6f7a8b9ca",
            "missing": 1,
            "reason": "not enough evaluators without a conflict of interest"
        }
    ]
}))]
pub struct AutoAssignDto {
    /// New assignments (the evaluators are emailed), or in a preview the ones the plan would make.
    pub assigned: Vec<PlannedAssignmentDto>,
    /// Proposals left short, with the reason.
    pub unassigned: Vec<ShortfallDto>,
}

/// Assign evaluators automatically.
///
/// Hub managers (scope `proposals:write`). Assigns `evaluators_per_proposal` (1 to 10) evaluators to every proposal
/// under review of the challenge, due at `due_at`: balanced load (no evaluator above ⌈total ÷ evaluators⌉ + 1),
/// expertise matching the proposals' tags first, never a conflict of interest (same organisation, same tax code, on
/// the team). Each evaluator assigned is emailed. Deterministic for the same input; the answer lists the
/// assignments made and what it could not assign, and why. With `"preview": true` nothing is assigned and
/// nobody emailed: the answer is the plan that the same request without it would apply. An out-of-range number
/// or a past due date is `validation_failed` (422).
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
    let body = body.into_inner();
    let how = (!body.preview, body.prefer_quality);
    let plan = run(&state, auth.0, path.into_inner(), body.evaluators_per_proposal, body.due_at, how).await?;
    Ok(web::Json(plan.into()))
}

/// Plans `per` evaluators for every proposal under review of challenge `id`, due at `due_at`, and applies the
/// plan when `how.0` (breaking ties by the quality record when `how.1`): the API's endpoint and the managers'
/// page.
///
/// # Errors
/// `forbidden` for anyone but hub managers; `not_found`; `validation_failed` for a number out of range or a
/// past due date.
pub async fn run(
    state: &AppState,
    actor: domain::Actor,
    id: String,
    per: i64,
    due_at: DateTime<Utc>,
    how: (bool, bool),
) -> Result<Plan, ApiError> {
    actor.require(Role::HubManager, Scope::ProposalsWrite)?;
    let per = usize::try_from(per)
        .ok()
        .filter(|n| (1..=10).contains(n))
        .ok_or_else(|| DomainError::invalid("evaluators_per_proposal", "out_of_range", "must be 1 to 10"))?;
    let link = crate::routes::public_link(state, "/reviews");
    let store = state.store.clone();
    blocking(move || store.challenge_auto_assign(&actor, &id, per, due_at, &link, how)).await
}

impl From<Plan> for AutoAssignDto {
    fn from(plan: Plan) -> Self {
        Self {
            assigned: plan
                .assign
                .iter()
                .map(|(p, e)| PlannedAssignmentDto { proposal_id: p.to_string(), evaluator_id: e.to_string() })
                .collect(),
            unassigned: plan
                .shortfalls
                .iter()
                .map(|s| ShortfallDto { proposal_id: s.proposal.to_string(), missing: s.missing, reason: s.reason() })
                .collect(),
        }
    }
}
