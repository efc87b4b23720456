//! Evaluation: assignments of evaluators to proposals, and their reviews.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, Utc};
use domain::review::{AssignmentId, DECLINE_REASON_MAX, ReviewAction, ReviewContent, ReviewInput, ReviewState};
use domain::{DomainError, Note, Pillar, ProposalId, Role, Scope, UserId};
use persistence::ReviewView;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::query::Query;
use crate::routes::{ListOf, PageOf, PageQuery, blocking};
use crate::state::AppState;

/// A review (and the assignment it belongs to).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0c5-7081-7292-b3c4-d5e6f7a8b9ca",
    "proposal_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
    "proposal_title": "Gestione intelligente dei rifiuti urbani con sensori IoT",
    "proposal_version": 1,
    "evaluator_id": "0192f0a2-4d5e-7f60-b172-83a4b5c6d7e8",
    "evaluator_name": "Marco Esposito",
    "state": "in_progress",
    "due_at": "2026-03-20T17:00:00Z",
    "conflict_confirmed_at": "2026-03-06T08:45:00Z",
    "scores": {
        "effectiveness_sustainability": 4.0,
        "growth_development": 3.5,
        "security_sovereignty": 4.5,
        "talent_skills": 3.5
    },
    "comments": {"talent_skills": "Piano di formazione per gli operatori ben descritto."},
    "overall_comment": "Progetto maturo e ben calato sul territorio.",
    "confidential_comment": "Verificare la sostenibilità dei costi dopo il primo anno.",
    "recommendation": "accept",
    "submitted_at": null,
    "declined_reason": null,
    "cancelled_reason": null
}))]
pub struct ReviewDto {
    /// Id of the assignment and its review.
    pub id: String,
    /// The proposal.
    pub proposal_id: String,
    /// Its title.
    pub proposal_title: String,
    /// The proposal version reviewed.
    pub proposal_version: i32,
    /// The evaluator (shown to hub managers and to the evaluator themself).
    pub evaluator_id: Option<String>,
    /// The evaluator's name (same rule).
    pub evaluator_name: Option<String>,
    /// `assigned`, `in_progress`, `submitted`, `declined` or `cancelled` (the proposal left review at
    /// this version before submission).
    pub state: String,
    /// Due.
    pub due_at: DateTime<Utc>,
    /// When the evaluator confirmed having no conflict of interest.
    pub conflict_confirmed_at: Option<DateTime<Utc>>,
    /// Why the evaluator declined.
    pub declined_reason: Option<String>,
    /// Why the review was cancelled: `proposal_decided`, `proposal_withdrawn`, `revision_requested` or
    /// `new_version`.
    pub cancelled_reason: Option<String>,
    /// Score by pillar, 0–5 in half points (absent while not scored).
    pub scores: BTreeMap<String, f64>,
    /// Comment to the proposer by pillar.
    pub comments: BTreeMap<String, String>,
    /// Overall comment to the proposer.
    pub overall_comment: Option<String>,
    /// Comment for the hub only (never shown to proposers or other evaluators).
    pub confidential_comment: Option<String>,
    /// `accept`, `reject` or `revise`.
    pub recommendation: Option<String>,
    /// Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
}

impl From<ReviewView> for ReviewDto {
    fn from(v: ReviewView) -> Self {
        let a = v.assignment;
        let named = v.evaluator_name.is_some();
        Self {
            id: a.id.to_string(),
            proposal_id: a.proposal_id.to_string(),
            proposal_title: v.proposal_title,
            proposal_version: a.proposal_version,
            evaluator_id: named.then(|| a.evaluator_id.to_string()),
            evaluator_name: v.evaluator_name,
            state: a.state.as_str().to_owned(),
            due_at: a.due_at,
            conflict_confirmed_at: a.conflict_confirmed_at,
            declined_reason: a.declined_reason,
            cancelled_reason: a.cancelled_reason,
            scores: Pillar::ALL
                .iter()
                .filter_map(|p| a.content.scores[p.index()].map(|s| (p.key().to_owned(), s.value())))
                .collect(),
            comments: a.content.comments.into_iter().map(|(k, v)| (k.key().to_owned(), v)).collect(),
            overall_comment: a.content.overall_comment,
            confidential_comment: a.content.confidential_comment,
            recommendation: a.content.recommendation.map(|r| r.as_str().to_owned()),
            submitted_at: a.submitted_at,
        }
    }
}

/// An assignment to make.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"evaluator_id": "0192f0a2-4d5e-7f60-b172-83a4b5c6d7e8", "due_at": "2026-03-20T17:00:00Z"}))]
pub struct AssignmentRequest {
    /// The evaluator's user id.
    pub evaluator_id: String,
    /// When the review is due (RFC 3339, in the future).
    pub due_at: DateTime<Utc>,
}

/// A review draft; `PUT` replaces the whole draft.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "scores": {
        "effectiveness_sustainability": 4.0,
        "growth_development": 3.5,
        "security_sovereignty": 4.5,
        "talent_skills": 3.5
    },
    "comments": {"talent_skills": "Piano di formazione per gli operatori ben descritto."},
    "overall_comment": "Progetto maturo e ben calato sul territorio.",
    "confidential_comment": "Verificare la sostenibilità dei costi dopo il primo anno.",
    "recommendation": "accept"
}))]
pub struct ReviewRequest {
    /// Score by pillar key, 0–5 in half points.
    #[serde(default)]
    #[schema(example = json!({"security_sovereignty": 4.0, "growth_development": 3.5, "talent_skills": 3.0, "effectiveness_sustainability": 2.5}))]
    pub scores: BTreeMap<String, Option<f64>>,
    /// Comment to the proposer by pillar key (required for scores of 2 or less at submission).
    #[serde(default)]
    pub comments: BTreeMap<String, String>,
    /// Overall comment to the proposer (required at submission).
    pub overall_comment: Option<String>,
    /// Comment for the hub only.
    pub confidential_comment: Option<String>,
    /// `accept`, `reject` or `revise` (required at submission).
    pub recommendation: Option<String>,
}

/// A reason.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "Ho collaborato con Nuvola Verde S.r.l. negli ultimi due anni."}))]
pub struct ReasonRequest {
    /// Why you decline (e.g. the conflict of interest).
    pub reason: Option<String>,
}

/// Queue filter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Only reviews in this state.
    pub state: Option<String>,
}

/// Assign an evaluator.
///
/// Hub managers (scope `proposals:write`), never on their own organisation's proposals nor assigning themselves
/// (403). Assigns a user with the `evaluator` role to a proposal `under_review`, with a due date; the review starts
/// `assigned` and the evaluator is emailed. Conflicts of interest are refused (`conflict_of_interest`, 409): an
/// evaluator of the proposing organisation, of an organisation with its tax code, or on its team; so is a second
/// assignment of the same evaluator (409). Not an evaluator, or a due date in the past: `validation_failed` (422).
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = AssignmentRequest,
    params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 201, description = "Assigned; the evaluator is emailed", body = ReviewDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager, or separation of duties (the proposal's side, or assigning yourself)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not under review, a conflict of interest, or already assigned", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not an evaluator, or a due date in the past", body = Problem, content_type = "application/problem+json"),
))]
#[post("/proposals/{id}/assignments")]
pub async fn assign(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
    body: Json<AssignmentRequest>,
) -> Result<HttpResponse, ApiError> {
    let assignment = assign_one(&state, auth.0, path.into_inner(), &body.evaluator_id, body.due_at).await?;
    let location = format!("/api/v1/reviews/{}", assignment.assignment.id);
    Ok(crate::routes::located(HttpResponse::Created().json(ReviewDto::from(assignment)), &location))
}

/// List a proposal's assignments.
///
/// Hub managers (scope `reviews:read`). Every assignment of the proposal with its review, oldest first.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "Assignments, oldest first", body = ListOf<ReviewDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/assignments")]
pub async fn assignments(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<web::Json<ListOf<ReviewDto>>, ApiError> {
    auth.0.require(Role::HubManager, Scope::ReviewsRead)?;
    let proposal = path.into_inner();
    let store = state.store.clone();
    let list = blocking(move || store.assignments_list(&auth.0, proposal)).await?;
    Ok(web::Json(list.into_iter().map(ReviewDto::from).collect()))
}

/// Remove an assignment.
///
/// Hub managers (scope `proposals:write`). Removes an assignment whose review is not submitted (`review_submitted`,
/// 409, otherwise), with its draft; the change is audited.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])),
    params(("id" = String, Path, description = "Proposal id"), ("assignment_id" = String, Path, description = "Assignment id")), responses(
    (status = 204, description = "Removed"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Its review is submitted", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/proposals/{id}/assignments/{assignment_id}")]
pub async fn unassign(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(ProposalId, AssignmentId)>,
) -> Result<HttpResponse, ApiError> {
    let (proposal, assignment) = path.into_inner();
    unassign_one(&state, auth.0, proposal, assignment).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Assigns evaluator `evaluator` (an id as sent) to `proposal`, due at `due_at`: the API's endpoint and the
/// managers' picker.
///
/// # Errors
/// `forbidden`, `not_found`, `conflict` (`conflict_of_interest`, `already_assigned`, `not_under_review`),
/// `validation_failed`: what [`persistence::Store::assignment_create`] refuses.
pub async fn assign_one(
    state: &AppState,
    actor: domain::Actor,
    proposal: ProposalId,
    evaluator: &str,
    due_at: chrono::DateTime<chrono::Utc>,
) -> Result<persistence::ReviewView, ApiError> {
    actor.require(Role::HubManager, Scope::ProposalsWrite)?;
    let evaluator: UserId = evaluator
        .parse()
        .map_err(|_| DomainError::invalid("evaluator_id", "not_an_evaluator", "no evaluator has this id"))?;
    let store = state.store.clone();
    let link = crate::routes::public_link(state, "/reviews");
    blocking(move || store.assignment_create(&actor, proposal, evaluator, due_at, &link)).await
}

/// Removes an assignment without a submitted review: the API's endpoint and the managers' page.
///
/// # Errors
/// `forbidden`, `not_found`, `conflict` (`review_submitted`).
pub async fn unassign_one(
    state: &AppState,
    actor: domain::Actor,
    proposal: ProposalId,
    assignment: AssignmentId,
) -> Result<(), ApiError> {
    actor.require(Role::HubManager, Scope::ProposalsWrite)?;
    let store = state.store.clone();
    blocking(move || store.assignment_delete(&actor, proposal, assignment)).await
}

/// List a proposal's reviews.
///
/// Under the blind rules (scope `reviews:read`): hub managers read every review; an evaluator reads the submitted
/// ones (anonymised, without confidential comments) only after submitting their own of the version (403 `forbidden`
/// before); the proposal's side never reads them here (see the feedback).
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "Reviews", body = ListOf<ReviewDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Submit your own review of a version first (whatever your roles), or you are on the proposal's side", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/reviews")]
pub async fn proposal_reviews(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<web::Json<ListOf<ReviewDto>>, ApiError> {
    auth.0.require_scope(Scope::ReviewsRead)?;
    let proposal = path.into_inner();
    let store = state.store.clone();
    let list = blocking(move || store.proposal_reviews(&auth.0, proposal)).await?;
    Ok(web::Json(list.into_iter().map(ReviewDto::from).collect()))
}

/// List your review queue.
///
/// Evaluators (scope `reviews:read`). Your assignments, newest first, with their state (`assigned`, `in_progress`,
/// `submitted`, `declined`), due date and proposal title; paginated by cursor.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(PageQuery, QueueQuery), responses(
    (status = 200, description = "A page of your reviews, newest first", body = PageOf<ReviewDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an evaluator", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid filter", body = Problem, content_type = "application/problem+json"),
))]
#[get("/reviews")]
pub async fn queue(
    state: web::Data<AppState>,
    auth: Authenticated,
    page: Query<PageQuery>,
    query: Query<QueueQuery>,
) -> Result<PageOf<ReviewDto>, ApiError> {
    auth.0.require(Role::Evaluator, Scope::ReviewsRead)?;
    let page = page.parse()?;
    let filter = query.state.as_deref().map(str::parse::<ReviewState>).transpose().map_err(DomainError::from)?;
    let store = state.store.clone();
    let reviews = blocking(move || store.reviews_queue(&auth.0, filter, &page)).await?;
    Ok(PageOf::from_page(reviews, ReviewDto::from))
}

/// Read a review.
///
/// Its evaluator, or any hub manager (scope `reviews:read`); to anyone else it does not exist (`not_found`, 404).
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Review id")), responses(
    (status = 200, description = "The review, with its `ETag`", body = ReviewDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/reviews/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<AssignmentId>,
) -> Result<HttpResponse, ApiError> {
    auth.0.require_scope(Scope::ReviewsRead)?;
    let id = path.into_inner();
    let store = state.store.clone();
    Ok(with_etag(blocking(move || store.review_get(&auth.0, id)).await?))
}

/// A review with its revision's ETag (what `If-Match` on `PUT` names).
fn with_etag(review: ReviewView) -> HttpResponse {
    let tag = crate::routes::conditional::etag(review.assignment.revision);
    HttpResponse::Ok().insert_header((actix_web::http::header::ETAG, tag)).json(ReviewDto::from(review))
}

/// Save your review draft.
///
/// The assigned evaluator (scope `reviews:write`), after confirming no conflict of interest (403 before). Replaces
/// the whole draft: per pillar a score (0 to 5 in half points) and a comment, an overall comment to the proposer, a
/// confidential comment to the hub, a recommendation. The review moves to `in_progress`. A submitted, declined or
/// cancelled review, or a proposal no longer under review at its version, is 409; invalid scores or fields are
/// `validation_failed` (422). Hub managers read reviews, never write them. With `If-Match` (the `ETag` of the last
/// read or save) the draft is saved only if nobody saved it since (`precondition_failed`, 412): a second window's
/// older copy overwrites nothing.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = ReviewRequest,
    params(("id" = String, Path, description = "Review id"),
        ("If-Match" = Option<String>, Header, description = "The ETag last read: the draft is saved only if nobody saved it since")), responses(
    (status = 200, description = "Saved, with its new `ETag`", body = ReviewDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Confirm no conflict of interest first; hub managers read reviews, never write them", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Submitted, declined or cancelled, or the proposal is no longer under review at its version", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "`If-Match` names an older revision: the draft was saved elsewhere since", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid scores or fields", body = Problem, content_type = "application/problem+json"),
))]
#[put("/reviews/{id}")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    auth: Authenticated,
    path: web::Path<AssignmentId>,
    body: Json<ReviewRequest>,
) -> Result<HttpResponse, ApiError> {
    let expected = crate::routes::conditional::optional_revision(&req)?;
    Ok(with_etag(save_draft(&state, auth.0, path.into_inner(), body.into_inner(), expected).await?))
}

/// Saves a review draft as `PUT /reviews/{id}` does, at revision `expected` when given.
///
/// # Errors
/// As the endpoint: 403, 404, 409, 412, 422.
pub async fn save_draft(
    state: &AppState,
    actor: domain::Actor,
    id: AssignmentId,
    body: ReviewRequest,
    expected: Option<i32>,
) -> Result<ReviewView, ApiError> {
    actor.require_scope(Scope::ReviewsWrite)?;
    let content = ReviewContent::parse(ReviewInput {
        scores: body.scores.into_iter().collect(),
        comments: body.comments.into_iter().collect(),
        overall_comment: body.overall_comment,
        confidential_comment: body.confidential_comment,
        recommendation: body.recommendation,
    })?;
    let store = state.store.clone();
    blocking(move || store.review_save(&actor, id, content, expected)).await
}

async fn act(
    state: web::Data<AppState>,
    auth: Authenticated,
    id: AssignmentId,
    action: ReviewAction,
    reason: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let review = perform(&state, auth.0, id, action, reason).await?;
    Ok(HttpResponse::build(StatusCode::OK).json(ReviewDto::from(review)))
}

/// Confirms no conflict, declines (with `reason`) or submits, as the review's endpoints do.
///
/// # Errors
/// As the endpoints: 403, 404, 409, 422.
pub async fn perform(
    state: &AppState,
    actor: domain::Actor,
    id: AssignmentId,
    action: ReviewAction,
    reason: Option<String>,
) -> Result<ReviewView, ApiError> {
    actor.require_scope(Scope::ReviewsWrite)?;
    let reason = Note::parse("reason", reason.as_deref(), DECLINE_REASON_MAX).map_err(DomainError::from)?;
    let (store, base) = (state.store.clone(), state.settings.public_url.as_str().trim_end_matches('/').to_owned());
    blocking(move || store.review_act(&actor, id, action, reason, &base)).await
}

/// Confirm no conflict of interest.
///
/// The assigned evaluator (scope `reviews:write`). Confirms you have no conflict of interest with the proposal: you
/// can then read it and draft your review. Already confirmed, or a review no longer open: 409.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Review id")), responses(
    (status = 200, description = "Confirmed", body = ReviewDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Hub managers read reviews, never write them", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Already confirmed, submitted, declined or cancelled, or the proposal is no longer under review at its version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/reviews/{id}/confirm-no-conflict")]
pub async fn confirm_no_conflict(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<AssignmentId>,
) -> Result<HttpResponse, ApiError> {
    act(state, auth, path.into_inner(), ReviewAction::ConfirmNoConflict, None).await
}

/// Decline an assignment.
///
/// The assigned evaluator (scope `reviews:write`), saying why (a conflict of interest, unavailability: required, at
/// most 2000 characters, 422 otherwise). The review moves to `declined` and the reason is kept for the hub. A
/// submitted, declined or cancelled review: 409.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = ReasonRequest,
    params(("id" = String, Path, description = "Review id")), responses(
    (status = 200, description = "Declined", body = ReviewDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Hub managers read reviews, never write them", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Submitted, declined or cancelled, or the proposal is no longer under review at its version", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The reason is missing, longer than 2000 characters or has control characters", body = Problem, content_type = "application/problem+json"),
))]
#[post("/reviews/{id}/decline")]
pub async fn decline(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    path: web::Path<AssignmentId>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let reason: ReasonRequest =
        if body.is_empty() { ReasonRequest::default() } else { crate::routes::json_body(&req, &body)? };
    act(state, auth, path.into_inner(), ReviewAction::Decline, reason.reason).await
}

/// Submit your review.
///
/// The assigned evaluator (scope `reviews:write`), after confirming no conflict of interest. Every pillar scored, a
/// comment for each score of 2 or less, an overall comment and a recommendation (`accept`, `reject`, `revise`),
/// else `validation_failed` (422) naming what is missing. The review moves to `submitted` and is frozen. Already
/// submitted, declined or cancelled: 409.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Review id")), responses(
    (status = 200, description = "Submitted", body = ReviewDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Confirm no conflict of interest first; hub managers read reviews, never write them", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Already submitted, declined or cancelled, or the proposal is no longer under review at its version", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Incomplete", body = Problem, content_type = "application/problem+json"),
))]
#[post("/reviews/{id}/submit")]
pub async fn submit(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<AssignmentId>,
) -> Result<HttpResponse, ApiError> {
    act(state, auth, path.into_inner(), ReviewAction::Submit, None).await
}
