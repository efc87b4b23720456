//! The team's response to the reviews (issue 19): where the challenge allows it, once the reviews of a
//! version are in, the team reads them anonymised and answers once within the challenge's term; the
//! evaluators and the rapporteur read the answer before the consensus, and the decision waits for it or
//! for the term to end.

use actix_web::{get, post, web};
use chrono::{DateTime, Utc};
use domain::proposal::NOTE_MAX;
use domain::{DomainError, Note, ProposalId, Scope};
use persistence::ResponseView;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::blocking;
use crate::routes::decisions::AnonymousReviewDto;
use crate::state::AppState;

/// The team's window to answer the reviews of one version.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseWindowDto {
    /// `running` (the team may answer; the consensus and the decision wait), `answered`, `lapsed` (the term
    /// ended without a response) or `closed` (the proposal left review while the team could still answer).
    pub stage: String,
    /// When the reviews were in and the window opened.
    pub opened_at: DateTime<Utc>,
    /// The end of the term.
    pub due_at: DateTime<Utc>,
    /// Whether the team reads the reviews' scores (else `scores` is empty in each review).
    pub with_scores: bool,
    /// The version's submitted reviews, anonymised ("Evaluator 1" … "Evaluator n").
    pub reviews: Vec<AnonymousReviewDto>,
    /// The team's response, once sent.
    pub response: Option<String>,
    /// Who of the team sent it.
    pub answered_by: Option<String>,
    /// When.
    pub answered_at: Option<DateTime<Utc>>,
}

/// The team's response to the reviews of a proposal's current version, with the challenge's rule.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "allowed": true,
    "days": 7,
    "with_scores": false,
    "version": 1,
    "window": {
        "stage": "answered",
        "opened_at": "2026-04-02T10:15:00Z",
        "due_at": "2026-04-09T10:15:00Z",
        "with_scores": false,
        "reviews": [{
            "evaluator": "Evaluator 1",
            "scores": {},
            "comments": {"security_sovereignty": "Non è chiaro dove risiedano i dati."},
            "overall_comment": "Progetto interessante, da precisare sulla sicurezza.",
            "submitted_at": "2026-04-02T10:15:00Z"
        }],
        "response": "I dati risiedono sul PSN (regione Lazio): si veda l'allegato tecnico, sezione 4.",
        "answered_by": "Anna Rossi",
        "answered_at": "2026-04-05T16:20:00Z"
    }
}))]
pub struct ResponseDto {
    /// Whether the challenge lets the team answer the reviews.
    pub allowed: bool,
    /// The challenge's term for the response, in days.
    pub days: u8,
    /// Whether the challenge shows the team the reviews' scores.
    pub with_scores: bool,
    /// The proposal's current version.
    pub version: i32,
    /// The window on it, once the reviews are in (null before, and where the challenge allows no response).
    pub window: Option<ResponseWindowDto>,
}

impl ResponseDto {
    /// The view at `now`.
    pub fn of(view: ResponseView, now: DateTime<Utc>) -> Self {
        let ResponseView { rule, version, window, reviews, answered_by, open, .. } = view;
        Self {
            allowed: rule.allowed,
            days: rule.days,
            with_scores: rule.scores,
            version,
            window: window.map(|w| ResponseWindowDto {
                stage: stage_name(w.stage(now), open).to_owned(),
                opened_at: w.opened_at,
                due_at: w.due_at,
                with_scores: w.scores,
                reviews: reviews.into_iter().map(AnonymousReviewDto::from).collect(),
                answered_at: w.answer.as_ref().map(|a| a.at),
                response: w.answer.map(|a| a.text),
                answered_by,
            }),
        }
    }
}

/// Where a window stands as the pages and the API name it: a window still running on a proposal that left
/// review is `closed`.
pub fn stage_name(stage: domain::term::TermStage, open: bool) -> &'static str {
    match stage {
        domain::term::TermStage::Running if !open => "closed",
        other => other.as_str(),
    }
}

/// The team's response to the reviews.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"response": "I dati risiedono sul PSN (regione Lazio): si veda l'allegato tecnico, sezione 4."}))]
pub struct ResponseRequest {
    /// The response (required).
    pub response: Option<String>,
}

/// Read the team's response to the reviews.
///
/// The proposal's team (scope `proposals:read`), and whoever reads the version's reviews: hub managers free of the
/// blind rule and the evaluators whose own review of the version is submitted (403 to an evaluator whose review is
/// still open). The challenge's rule, and once the reviews are in the window: its term, the reviews anonymised (with
/// or without their scores, as the challenge says) and the response once sent. Before the reviews are in `window`
/// is null: the team reads no review before then.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "The response", body = ResponseDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "An evaluator whose own review of this version is still open", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or neither the team nor a reader of the reviews", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/response")]
pub async fn get(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<web::Json<ResponseDto>, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let (store, id) = (state.store.clone(), path.into_inner());
    let view = blocking(move || store.response_get(&auth.0, id)).await?;
    Ok(web::Json(ResponseDto::of(view, state.store.now())))
}

/// Answer the reviews.
///
/// A proposer of the proposal's organisation (scope `proposals:write`), once, before the term ends
/// (`response_sent`, `response_lapsed`, 409; `no_response_window` before the reviews are in or where the challenge
/// allows no response). The version's evaluators, its rapporteur and the challenge's responsible officer are
/// emailed; the consensus report is then finalised and the decision taken.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = ResponseRequest,
    params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "Response sent", body = ResponseDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a proposer of its organisation", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "No window open, already sent, the term ended, or the proposal left review", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The response is required", body = Problem, content_type = "application/problem+json"),
))]
#[post("/proposals/{id}/response")]
pub async fn send(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
    body: Json<ResponseRequest>,
) -> Result<web::Json<ResponseDto>, ApiError> {
    let view = send_response(&state, auth.0, path.into_inner(), body.into_inner().response).await?;
    Ok(web::Json(ResponseDto::of(view, state.store.now())))
}

/// Sends the response as the endpoint does (also the team's page).
///
/// # Errors
/// As the endpoint.
pub async fn send_response(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    response: Option<String>,
) -> Result<ResponseView, ApiError> {
    actor.require_scope(Scope::ProposalsWrite)?;
    let text = Note::parse("response", response.as_deref(), NOTE_MAX)
        .map_err(DomainError::from)?
        .ok_or_else(|| DomainError::invalid("response", "required", "is required"))?;
    let (store, base) = (state.store.clone(), state.settings.public_url.as_str().trim_end_matches('/').to_owned());
    blocking(move || store.response_send(&actor, id, text, &base)).await
}
