//! Proposals: drafts, edits, the funnel's moves, history and submitted versions.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use domain::{
    DomainError, Proposal, ProposalAction, ProposalContent, ProposalId, ProposalInput, ProposalState, Role, Scope,
    UserId,
};
use persistence::{HistoryEntry, IdempotencyKey, ProposalFilter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::query::Query;
use crate::routes::conditional::{etag, expected_revision};
use crate::routes::{ListOf, PageOf, PageQuery, blocking, double_option};
use crate::state::AppState;

mod examples;
mod shared;

pub use shared::{create_draft, edit, perform};

/// A proposal's content.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = examples::content)]
pub struct ContentDto {
    /// Title.
    pub title: String,
    /// Summary (≤ 500 characters).
    pub summary: Option<String>,
    /// Description, Markdown as written (never rendered by the API).
    pub description: Option<String>,
    /// Technology readiness level, 1–9.
    pub trl: Option<u8>,
    /// Requested budget in euro cents.
    pub budget_cents: Option<i64>,
    /// Tags.
    pub tags: Vec<String>,
    /// Self-assessment by pillar key.
    pub self_assessment: BTreeMap<String, String>,
    /// The reuse check's answer (CAD art. 68): how the proposal differs from the most similar catalogue
    /// services (`GET /proposals/{id}/similar-services`). Required to submit when there are any.
    pub reuse_assessment: Option<String>,
}

impl From<ProposalContent> for ContentDto {
    fn from(c: ProposalContent) -> Self {
        Self {
            title: c.title,
            summary: c.summary,
            description: c.description,
            trl: c.trl,
            budget_cents: c.budget_cents,
            tags: c.tags.into_iter().collect(),
            self_assessment: c.self_assessment.into_iter().map(|(k, v)| (k.key().to_owned(), v)).collect(),
            reuse_assessment: c.reuse_assessment,
        }
    }
}

/// A proposal.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = examples::proposal)]
pub struct ProposalDto {
    /// Id (UUID v7).
    pub id: String,
    /// The challenge it answers.
    pub challenge_id: String,
    /// The proposing organisation.
    pub organization_id: String,
    /// Who created it.
    pub created_by: String,
    /// Funnel state.
    pub state: String,
    /// Submission version: 1, then +1 at each resubmission.
    pub version: i32,
    /// Co-authors (members of the organisation).
    pub team: Vec<String>,
    /// Content.
    #[serde(flatten)]
    pub content: ContentDto,
    /// When it was last submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Proposal> for ProposalDto {
    fn from(p: Proposal) -> Self {
        Self {
            id: p.id.to_string(),
            challenge_id: p.challenge_id.to_string(),
            organization_id: p.organization_id.to_string(),
            created_by: p.created_by.to_string(),
            state: p.state.as_str().to_owned(),
            version: p.version,
            team: p.team.iter().map(ToString::to_string).collect(),
            content: p.content.into(),
            submitted_at: p.submitted_at,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A proposal's fields. On creation `challenge_id` and `title` are required (the open call's slug is
/// `open-call`); on `PATCH` every field is optional and `null` clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = examples::proposal_request)]
pub struct ProposalRequest {
    /// The challenge (id or slug); creation only.
    #[schema(example = "open-call")]
    pub challenge_id: Option<String>,
    /// Title, 5 to 200 characters.
    pub title: Option<String>,
    /// Summary, up to 500 characters.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub summary: Option<Option<String>>,
    /// Description (Markdown).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// Technology readiness level, 1–9.
    #[serde(default, deserialize_with = "crate::routes::integral::double_optional")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 9)]
    pub trl: Option<Option<i64>>,
    /// Requested budget in euro cents, up to one billion euro.
    #[serde(default, deserialize_with = "crate::routes::integral::double_optional")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 100_000_000_000_i64)]
    pub budget_cents: Option<Option<i64>>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Self-assessment by pillar key (`null` clears one).
    pub self_assessment: Option<BTreeMap<String, Option<String>>>,
    /// How the proposal differs from the most similar catalogue services (`GET
    /// /proposals/{id}/similar-services`), up to 4,000 characters; required to submit when there are any.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub reuse_assessment: Option<Option<String>>,
    /// Co-authors: user ids of members of your organisation.
    pub team: Option<Vec<String>>,
}

/// A request's parts: the challenge, the content, the team.
type RequestParts = (Option<String>, ProposalInput, Option<Vec<UserId>>);

impl ProposalRequest {
    fn split(self) -> Result<RequestParts, DomainError> {
        let team = self.team.map(|ids| domain::proposal::parse_team(&ids)).transpose()?;
        let input = ProposalInput {
            title: self.title,
            summary: self.summary,
            description: self.description,
            trl: self.trl,
            budget_cents: self.budget_cents,
            tags: self.tags,
            self_assessment: self.self_assessment.map(|m| m.into_iter().collect()),
            reuse_assessment: self.reuse_assessment,
        };
        Ok((self.challenge_id, input, team))
    }
}

/// A move's note.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = examples::note_request)]
pub struct NoteRequest {
    /// Why (required to request a revision).
    pub note: Option<String>,
}

/// A screening decision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = examples::screen_request)]
pub struct ScreenRequest {
    /// Whether the proposal is eligible for evaluation.
    pub eligible: bool,
    /// Why it is not (required when ineligible).
    pub reason: Option<String>,
}

/// One step of a proposal's history.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = examples::history)]
pub struct HistoryDto {
    /// `create`, `edit`, a funnel action such as `submit`, or `reviews_cancelled` (open reviews closed
    /// when the proposal left review at their version).
    pub action: String,
    /// Who (user id).
    pub actor_id: Option<String>,
    /// Who (name).
    pub actor_name: Option<String>,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: String,
    /// The note given.
    pub note: Option<String>,
    /// Why a decision overrode the rules (hub managers and admins only).
    pub override_reason: Option<String>,
    /// For a decision on a challenge with a budget: `followed` when it accepted a proposal of the
    /// portfolio the hub proposed or rejected one out of it, `departed` otherwise (hub managers and admins
    /// only).
    pub portfolio: Option<String>,
    /// Version after the step.
    pub version: i32,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

impl From<HistoryEntry> for HistoryDto {
    fn from(h: HistoryEntry) -> Self {
        Self {
            action: h.action,
            actor_id: h.actor_id,
            actor_name: h.actor_name,
            from_state: h.from_state.map(|s| s.as_str().to_owned()),
            to_state: h.to_state.as_str().to_owned(),
            note: h.note,
            override_reason: h.override_reason,
            portfolio: h.portfolio,
            version: h.version,
            occurred_at: h.occurred_at,
        }
    }
}

/// A submitted version of a proposal.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = examples::version)]
pub struct VersionDto {
    /// The version.
    pub version: i32,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// Its content as submitted.
    #[serde(flatten)]
    pub content: ContentDto,
}

/// Filters of the proposal list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProposalQuery {
    /// Only proposals to this challenge (id).
    pub challenge_id: Option<String>,
    /// Only in this state.
    pub state: Option<String>,
    /// Only of this organisation (hub managers).
    pub organization_id: Option<String>,
    /// Only with this tag.
    pub tag: Option<String>,
    /// Words in the title or summary.
    pub q: Option<String>,
}

fn respond(status: StatusCode, proposal: Proposal) -> HttpResponse {
    HttpResponse::build(status).insert_header(("ETag", etag(proposal.revision))).json(ProposalDto::from(proposal))
}

/// List proposals.
///
/// Authenticated callers (scope `proposals:read`) see the proposals they may: hub managers every one, proposers
/// their organisation's. Filter by challenge, state, organisation (hub managers), tag and words (`q`); paginated by
/// cursor. An invalid filter is `validation_failed` (422).
#[utoipa::path(tag = "proposals", security(("bearer" = [])), params(PageQuery, ProposalQuery), responses(
    (status = 200, description = "A page of proposals", body = PageOf<ProposalDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "The token lacks `proposals:read`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid filter", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Authenticated,
    page: Query<PageQuery>,
    query: Query<ProposalQuery>,
) -> Result<PageOf<ProposalDto>, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let page = page.parse()?;
    let query = query.into_inner();
    let filter = ProposalFilter {
        challenge_id: query.challenge_id,
        state: query.state.as_deref().map(str::parse::<ProposalState>).transpose().map_err(DomainError::from)?,
        organization_id: query.organization_id,
        tag: query.tag,
        q: query.q,
    };
    let store = state.store.clone();
    let proposals = blocking(move || store.proposals_list(&auth.0, &filter, &page)).await?;
    Ok(PageOf::from_page(proposals, ProposalDto::from))
}

/// Create a proposal.
///
/// Proposers (scope `proposals:write`) create a `draft` for their organisation in answer to a challenge (id or
/// slug; the permanent open call is `open-call`), with themselves and the `team` they name as authors. Send an
/// `Idempotency-Key` to retry safely: the same key with the same body answers 200 with the first proposal and
/// creates nothing; the same key with another body is `validation_failed` (422). A challenge that does not accept
/// submissions is `challenge_not_open` (409). The answer carries `Location` and the `ETag`.
#[utoipa::path(tag = "proposals", security(("bearer" = [])), request_body = ProposalRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "A unique key per creation, 1 to 200 characters")), responses(
    (status = 201, description = "Created, with its `ETag`", body = ProposalDto),
    (status = 200, description = "A retry with the same `Idempotency-Key`: the proposal it created", body = ProposalDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a proposer", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The challenge is not open", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, or a key reused with another body", body = Problem, content_type = "application/problem+json"),
))]
#[post("/proposals")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    auth.0.require(Role::Proposer, Scope::ProposalsWrite)?;
    let request: ProposalRequest = crate::routes::json_body(&req, &body)?;
    let idempotency = match req.headers().get("idempotency-key") {
        None => None,
        Some(value) => {
            let key = value.to_str().ok().map(str::trim).filter(|k| (1..=200).contains(&k.len())).ok_or_else(|| {
                DomainError::invalid("Idempotency-Key", "invalid_key", "must be 1 to 200 visible ASCII characters")
            })?;
            Some(IdempotencyKey { key: key.to_owned(), request_hash: hex::encode(Sha256::digest(&body)) })
        }
    };
    let (challenge, input, team) = request.split()?;
    let challenge = challenge.ok_or_else(|| DomainError::invalid("challenge_id", "required", "is required"))?;
    let (proposal, created) =
        create_draft(&state, auth.0, challenge, input, team.unwrap_or_default(), idempotency).await?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    let location = format!("/api/v1/proposals/{}", proposal.id);
    Ok(crate::routes::located(respond(status, proposal), &location))
}

/// Read a proposal.
///
/// Authenticated callers (scope `proposals:read`) who may see it: hub managers every proposal, proposers their
/// organisation's. To anyone else it does not exist (`not_found`, 404). The answer carries the `ETag` edits send as
/// `If-Match`.
#[utoipa::path(tag = "proposals", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "The proposal, with its `ETag`", body = ProposalDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "The token lacks `proposals:read`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<HttpResponse, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let id = path.into_inner();
    let store = state.store.clone();
    let proposal = blocking(move || store.proposal_get(&auth.0, id)).await?;
    Ok(respond(StatusCode::OK, proposal))
}

/// Edit a proposal.
///
/// Its organisation's proposers (scope `proposals:write`) edit a `draft` or a proposal in `revision_requested`,
/// with `If-Match` naming the current `ETag` (428 `precondition_required` without it, 412 `precondition_failed`
/// when stale). Absent fields stay; `null` clears an optional one; the challenge cannot change. In another state:
/// `not_editable` (409). Invalid fields are `validation_failed` (422).
#[utoipa::path(tag = "proposals", security(("bearer" = [])), request_body(content = ProposalRequest, content_type = "application/merge-patch+json"),
    params(("id" = String, Path, description = "Proposal id"), ("If-Match" = String, Header, description = "The ETag last read")), responses(
    (status = 200, description = "Edited, with its new `ETag`", body = ProposalDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a proposer of its organisation", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not editable in its state", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "Stale `If-Match`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    (status = 428, description = "`If-Match` missing", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/proposals/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    path: web::Path<ProposalId>,
    body: Json<ProposalRequest>,
) -> Result<HttpResponse, ApiError> {
    auth.0.require_scope(Scope::ProposalsWrite)?;
    let id = path.into_inner();
    let (challenge, input, team) = body.into_inner().split()?;
    if challenge.is_some() {
        return Err(
            DomainError::invalid("challenge_id", "immutable", "a proposal cannot move to another challenge").into()
        );
    }
    let revision = expected_revision(&req)?;
    let proposal = edit(&state, auth.0, id, revision, input, team).await?;
    Ok(respond(StatusCode::OK, proposal))
}

async fn act(
    state: web::Data<AppState>,
    auth: Authenticated,
    id: ProposalId,
    action: ProposalAction,
    note: (&str, Option<String>),
) -> Result<HttpResponse, ApiError> {
    let proposal = perform(&state, auth.0, id, action, note).await?;
    Ok(respond(StatusCode::OK, proposal))
}

macro_rules! move_endpoint {
    ($name:ident, $path:literal, $action:expr, $summary:literal, $description:literal, $ok:literal) => {
        #[doc = $summary]
        #[doc = ""]
        #[doc = $description]
        #[utoipa::path(tag = "proposals", security(("bearer" = [])), request_body(content = Option<NoteRequest>, description = "An optional note"),
            params(("id" = String, Path, description = "Proposal id")), responses(
            (status = 200, description = $ok, body = ProposalDto),
            (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
            (status = 403, description = "Your roles or organisation do not allow it, or separation of duties (the proposal's side)", body = Problem, content_type = "application/problem+json"),
            (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
            (status = 409, description = "Not allowed from its state, or the challenge is closed", body = Problem, content_type = "application/problem+json"),
            (status = 422, description = "A required note or field is missing, or the note is longer than 4000 characters or has control characters", body = Problem, content_type = "application/problem+json"),
        ))]
        #[post($path)]
        pub async fn $name(
            state: web::Data<AppState>,
            auth: Authenticated,
            req: HttpRequest,
            path: web::Path<ProposalId>,
            body: web::Bytes,
        ) -> Result<HttpResponse, ApiError> {
            // No body and a JSON `null` both mean no note.
            let note: NoteRequest = if body.is_empty() {
                NoteRequest::default()
            } else {
                crate::routes::json_body::<Option<NoteRequest>>(&req, &body)?.unwrap_or_default()
            };
            act(state, auth, path.into_inner(), $action, ("note", note.note)).await
        }
    };
}

move_endpoint!(
    submit,
    "/proposals/{id}/submit",
    ProposalAction::Submit,
    "Submit a proposal.",
    "A proposer of its organisation with a verified address (scope `proposals:write`) moves a `draft` to `submitted` at \
     version 1, while the challenge accepts submissions (`challenge_not_open`, 409, otherwise) and with every mandatory \
     field (`validation_failed`, 422, naming the missing ones). The reuse check (CAD art. 68): when the catalogue \
     has published services like the proposal (`GET /proposals/{id}/similar-services`), its `reuse_assessment` must \
     say how it differs (`reuse_assessment_required` on that field, 422). The team is emailed; an optional `note` \
     is kept in the history. From another state: `invalid_transition` (409).",
    "Submitted (version 1)"
);
move_endpoint!(
    withdraw,
    "/proposals/{id}/withdraw",
    ProposalAction::Withdraw,
    "Withdraw a proposal.",
    "A proposer of its organisation (scope `proposals:write`) moves a proposal in `draft`, `submitted`, `under_review` \
     or `revision_requested` to `withdrawn`, for good; an optional `note` is kept in the history. Reviews still open are cancelled and \
     their evaluators told by email. From another state: `invalid_transition` (409).",
    "Withdrawn"
);
move_endpoint!(
    resubmit,
    "/proposals/{id}/resubmit",
    ProposalAction::Resubmit,
    "Resubmit a revised proposal.",
    "A proposer of its organisation (scope `proposals:write`) moves a proposal in `revision_requested` back to \
     `submitted`: the version increments, the earlier version stays readable and its reviews stay, marked as of that \
     version. The same checks as at submission apply, the reuse check included (422). The team and the hub managers \
     are emailed. From another state: `invalid_transition` (409).",
    "Submitted again, with the next version"
);
move_endpoint!(
    request_revision,
    "/proposals/{id}/request-revision",
    ProposalAction::RequestRevision,
    "Request a revision.",
    "Hub managers (scope `proposals:write`), never of their own organisation's proposals (separation of duties, 403), \
     move a `submitted` or `under_review` proposal to `revision_requested`, with a `note` (required, at most 4000 \
     characters: `validation_failed`, 422) that is emailed to the team. Reviews still open are cancelled and their \
     evaluators told by email. From another state: `invalid_transition` (409).",
    "Revision requested"
);

/// Screen a proposal.
///
/// Hub managers (scope `proposals:write`), never of their own organisation's proposals (separation of duties, 403).
/// A `submitted` proposal found eligible moves to `under_review`; one found ineligible moves to `rejected`, with a
/// `reason` (required, 422 without it) that is emailed to the team. From another state: `invalid_transition` (409).
#[utoipa::path(tag = "proposals", security(("bearer" = [])), request_body = ScreenRequest,
    params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "Screened", body = ProposalDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager, or separation of duties (the proposal's side)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not submitted", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A reason is required when ineligible", body = Problem, content_type = "application/problem+json"),
))]
#[post("/proposals/{id}/screen")]
pub async fn screen(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
    body: Json<ScreenRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let action = if body.eligible { ProposalAction::ScreenEligible } else { ProposalAction::ScreenIneligible };
    let reason = body.reason;
    act(state, auth, path.into_inner(), action, ("reason", reason)).await.map_err(|e| match e {
        ApiError::Domain(DomainError::Invalid(fields)) => ApiError::Domain(DomainError::Invalid(
            fields
                .into_iter()
                .map(|f| if f.field == "note" { domain::FieldError { field: "reason".to_owned(), ..f } } else { f })
                .collect(),
        )),
        other => other,
    })
}

/// Read a proposal's history.
///
/// Whoever may see the proposal (scope `proposals:read`). Every move of the funnel, oldest first, with actor, time,
/// from and to states, note and version.
#[utoipa::path(tag = "proposals", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "Oldest first", body = ListOf<HistoryDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "The token lacks `proposals:read`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/history")]
pub async fn history(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<web::Json<ListOf<HistoryDto>>, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let id = path.into_inner();
    let store = state.store.clone();
    let entries = blocking(move || store.proposal_history(&auth.0, id)).await?;
    Ok(web::Json(entries.into_iter().map(HistoryDto::from).collect()))
}

/// Read a submitted version.
///
/// Whoever may see the proposal (scope `proposals:read`). The content exactly as submitted at that version (1, then
/// one more at each resubmission), so that reviews of an earlier version can be read against it. A version never
/// submitted is `not_found` (404).
#[utoipa::path(tag = "proposals", security(("bearer" = [])),
    params(("id" = String, Path, description = "Proposal id"), ("version" = i32, Path, description = "Version")), responses(
    (status = 200, description = "The content as submitted", body = VersionDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "The token lacks `proposals:read`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/versions/{version}")]
pub async fn version(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(ProposalId, String)>,
) -> Result<web::Json<VersionDto>, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let (id, version) = path.into_inner();
    let version: i32 = version.parse().map_err(|_| ApiError::Domain(DomainError::NotFound("version")))?;
    let store = state.store.clone();
    let (content, submitted_at) = blocking(move || store.proposal_version(&auth.0, id, version)).await?;
    Ok(web::Json(VersionDto { version, submitted_at, content: content.into() }))
}
