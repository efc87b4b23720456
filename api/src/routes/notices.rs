//! Notice of the grounds before a refusal (issue 19; L. 241/1990 art. 10-bis): a hub manager sends the
//! team the grounds against accepting its proposal; the team sends its observations once, within the
//! challenge's term; a rejection waits for them or for the term to end, and answers them.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use domain::proposal::NOTE_MAX;
use domain::{DomainError, Note, ProposalId, Scope};
use persistence::NoticeView;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::{blocking, public_link};
use crate::state::AppState;

/// A notice of the grounds.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroundsNoticeDto {
    /// `running` (observations may be sent; a rejection waits), `answered` (the team sent observations) or `lapsed`
    /// (the term ended without any).
    pub stage: String,
    /// The grounds against accepting the proposal.
    pub grounds: String,
    /// The hub manager who gave notice.
    pub notified_by: String,
    /// When.
    pub notified_at: DateTime<Utc>,
    /// The end of the term for observations.
    pub due_at: DateTime<Utc>,
    /// The team's observations, once sent.
    pub observations: Option<String>,
    /// Who of the team sent them.
    pub observed_by: Option<String>,
    /// When.
    pub observed_at: Option<DateTime<Utc>>,
    /// Why the observations did not change the outcome: the rejection's reply to them.
    pub observations_reply: Option<String>,
}

/// A proposal's notice of the grounds: the challenge's rule and the notice on the current version.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "required": true,
    "days": 10,
    "version": 1,
    "notice": {
        "stage": "answered",
        "grounds": "Il piano di sicurezza non indica dove risiedono i dati né chi vi accede.",
        "notified_by": "Marta Galli",
        "notified_at": "2026-04-10T09:00:00Z",
        "due_at": "2026-04-20T09:00:00Z",
        "observations": "I dati risiedono sul PSN (regione Lazio); l'accesso è descritto nell'allegato tecnico, sezione 4.",
        "observed_by": "Anna Rossi",
        "observed_at": "2026-04-14T16:20:00Z",
        "observations_reply": null
    }
}))]
pub struct NoticeDto {
    /// Whether the challenge requires notice before a rejection (the open call does).
    pub required: bool,
    /// The challenge's term for observations, in days (at least the law's 10).
    pub days: u8,
    /// The proposal's current version, which the notice concerns.
    pub version: i32,
    /// The notice on it, once given.
    pub notice: Option<GroundsNoticeDto>,
}

impl NoticeDto {
    /// The view at `now`.
    pub fn of(view: NoticeView, now: DateTime<Utc>) -> Self {
        let NoticeView { rule, version, notice, notified_by, observed_by } = view;
        Self {
            required: rule.required,
            days: rule.days,
            version,
            notice: notice.map(|n| GroundsNoticeDto {
                stage: n.stage(now).as_str().to_owned(),
                grounds: n.grounds,
                notified_by: notified_by.unwrap_or_default(),
                notified_at: n.notified_at,
                due_at: n.due_at,
                observed_at: n.observations.as_ref().map(|o| o.at),
                observations: n.observations.map(|o| o.text),
                observed_by,
                observations_reply: n.reply,
            }),
        }
    }
}

/// Grounds against accepting a proposal.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"grounds": "Il piano di sicurezza non indica dove risiedono i dati né chi vi accede."}))]
pub struct NoticeRequest {
    /// The grounds (required).
    pub grounds: Option<String>,
}

/// The team's observations.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"observations": "I dati risiedono sul PSN; l'accesso è descritto nell'allegato tecnico, sezione 4."}))]
pub struct ObservationsRequest {
    /// The observations (required).
    pub observations: Option<String>,
}

fn dto(state: &AppState, view: NoticeView) -> NoticeDto {
    NoticeDto::of(view, state.store.now())
}

/// Read a proposal's notice of the grounds.
///
/// Its organisation's members and hub managers (scope `proposals:read`): whether the challenge requires notice before
/// a rejection, its term, and the notice on the current version once given (`notice` null before).
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "The notice", body = NoticeDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not the proposal's team nor a hub manager", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/notice")]
pub async fn get(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<web::Json<NoticeDto>, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let (store, id) = (state.store.clone(), path.into_inner());
    Ok(web::Json(dto(&state, blocking(move || store.notice_get(&auth.0, id)).await?)))
}

/// Give notice of the grounds before a rejection.
///
/// Hub managers who may decide on the proposal (scope `proposals:write`; never on their own organisation's proposal,
/// not while a review of theirs of this version is open: 403), on a proposal under review, once per version
/// (`notice_exists`, 409). The team is emailed the grounds and the end of the term; until then, or until it sends
/// observations, a rejection waits (`notice_running`, 409 on `decide`).
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = NoticeRequest,
    params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 201, description = "Notice given", body = NoticeDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager; separation of duties; or an open review of yours of this version", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not under review, or notice already given on this version", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The grounds are required", body = Problem, content_type = "application/problem+json"),
))]
#[post("/proposals/{id}/notice")]
pub async fn give(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
    body: Json<NoticeRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let view = give_notice(&state, auth.0, id, body.into_inner().grounds).await?;
    let location = format!("/api/v1/proposals/{id}/notice");
    Ok(crate::routes::located(HttpResponse::Created().json(dto(&state, view)), &location))
}

/// Gives notice as the endpoint does (also the manager's page).
///
/// # Errors
/// As the endpoint.
pub async fn give_notice(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    grounds: Option<String>,
) -> Result<NoticeView, ApiError> {
    actor.require_scope(Scope::ProposalsWrite)?;
    let grounds = Note::parse("grounds", grounds.as_deref(), NOTE_MAX)
        .map_err(DomainError::from)?
        .ok_or_else(|| DomainError::invalid("grounds", "required", "is required"))?;
    let (store, link) = (state.store.clone(), public_link(state, &format!("/proposals/{id}")));
    blocking(move || store.notice_give(&actor, id, grounds, &link)).await
}

/// Send the team's observations on the notice of the grounds.
///
/// A proposer of the proposal's organisation (scope `proposals:write`), once, before the term ends (`notice_lapsed`,
/// `observations_sent`, 409; `no_notice` without a notice on the current version). The manager who gave notice and
/// the challenge's responsible officer are emailed; the decision may then follow, and a rejection answers them.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = ObservationsRequest,
    params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "Observations sent", body = NoticeDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a proposer of its organisation", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "No notice, already sent, the term ended, or the proposal left review", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The observations are required", body = Problem, content_type = "application/problem+json"),
))]
#[post("/proposals/{id}/notice/observations")]
pub async fn observe(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
    body: Json<ObservationsRequest>,
) -> Result<web::Json<NoticeDto>, ApiError> {
    let view = send_observations(&state, auth.0, path.into_inner(), body.into_inner().observations).await?;
    Ok(web::Json(dto(&state, view)))
}

/// Sends observations as the endpoint does (also the team's page).
///
/// # Errors
/// As the endpoint.
pub async fn send_observations(
    state: &AppState,
    actor: domain::Actor,
    id: ProposalId,
    observations: Option<String>,
) -> Result<NoticeView, ApiError> {
    actor.require_scope(Scope::ProposalsWrite)?;
    let text = Note::parse("observations", observations.as_deref(), NOTE_MAX)
        .map_err(DomainError::from)?
        .ok_or_else(|| DomainError::invalid("observations", "required", "is required"))?;
    let (store, link) = (state.store.clone(), public_link(state, &format!("/manage/proposals/{id}/decide")));
    blocking(move || store.notice_observe(&actor, id, text, &link)).await
}
