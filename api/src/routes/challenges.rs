//! Challenges: needs posted by administrations; hub managers create, edit, open and close them;
//! anyone reads the open and closed ones.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use domain::{Challenge, ChallengeContent, ChallengeInput, ChallengeState, DomainError, EvaluationInput, Pillar};
use persistence::ChallengeFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Authenticated, MaybeAuthenticated};
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::query::Query;
use crate::routes::conditional::{etag, expected_revision};
use crate::routes::{PageOf, PageQuery, blocking, double_option};
use crate::state::AppState;

mod following;
mod review;

pub use following::{FollowDto, follow, follow_one};

pub use review::{NOTE_MAX, ReturnRequest, act_one, archive, close, open, propose, review_mail, send_back};

/// Evaluation settings of a challenge.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "weights": {
        "effectiveness_sustainability": 25,
        "growth_development": 25,
        "security_sovereignty": 25,
        "talent_skills": 25
    },
    "thresholds": {
        "effectiveness_sustainability": 3.0,
        "growth_development": 3.0,
        "security_sovereignty": 3.0,
        "talent_skills": 3.0
    },
    "overall_threshold": 3.0,
    "min_reviews": 3,
    "consensus": "when_needed",
    "notice_of_grounds": false,
    "notice_days": 10,
    "redress_days": 30,
    "response": false,
    "response_days": 7,
    "response_with_scores": true
}))]
pub struct EvaluationDto {
    /// Weight of each pillar (sum 100).
    pub weights: BTreeMap<String, u8>,
    /// Threshold of each pillar, 0–5 in half points.
    pub thresholds: BTreeMap<String, f64>,
    /// Threshold of the weighted total.
    pub overall_threshold: f64,
    /// Submitted reviews needed before a decision.
    pub min_reviews: u8,
    /// When a proposal needs a final consensus report before its decision: `when_needed` or `always`.
    pub consensus: String,
    /// Whether a rejection after review needs a notice of the grounds first (L. 241/1990 art. 10-bis): on for the
    /// open call; off by default for challenges, competitive procedures that the article excludes.
    pub notice_of_grounds: bool,
    /// The team's term for observations on the notice, in days.
    pub notice_days: u8,
    /// Days after a rejection within which its team may ask for a review of the decision.
    pub redress_days: u8,
    /// Whether the team may answer the reviews, once they are in, before the consensus and the decision.
    pub response: bool,
    /// The team's term for its response, in days.
    pub response_days: u8,
    /// Whether the team reads the reviews' scores before the decision (else only their comments to it).
    pub response_with_scores: bool,
}

/// A challenge.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0a3-5e6f-7a80-9b1c-2d3e4f5a6b7c",
    "slug": "mobilita-sostenibile-lecce",
    "state": "open",
    "review_note": null,
    "title_it": "Mobilità sostenibile nel centro storico",
    "title_en": "Sustainable mobility in the old town",
    "description_it": "Il Comune di Lecce cerca soluzioni per ridurre il traffico privato nel centro storico, integrate con il trasporto pubblico locale.",
    "description_en": null,
    "sponsor_id": "0192f0a1-2a3b-7c4d-9e5f-60718293a4b5",
    "tags": ["mobilita", "smart-city"],
    "opens_at": "2026-02-01T00:00:00Z",
    "closes_at": "2026-05-31T22:00:00Z",
    "accepting_submissions": true,
    "evaluation": {
        "weights": {
            "effectiveness_sustainability": 25,
            "growth_development": 25,
            "security_sovereignty": 25,
            "talent_skills": 25
        },
        "thresholds": {
            "effectiveness_sustainability": 3.0,
            "growth_development": 3.0,
            "security_sovereignty": 3.0,
            "talent_skills": 3.0
        },
        "overall_threshold": 3.0,
        "min_reviews": 3,
        "consensus": "when_needed",
        "notice_of_grounds": false,
        "notice_days": 10,
        "redress_days": 30,
        "response": false,
        "response_days": 7,
        "response_with_scores": true
    },
    "sponsor_opinions": false,
    "responsible_id": "0192f0a2-1b2c-7d3e-8f40-5a6b7c8d9e0f",
    "responsible_name": "Marta Galli",
    "budget_cents": 50000000,
    "annexes": [{"key": "presentazione", "name": "Presentazione", "required": true, "types": ["pdf"], "max_bytes": 20971520, "max_count": 1, "max_pages": 20}],
    "created_at": "2026-01-15T09:00:00Z",
    "updated_at": "2026-02-01T00:00:00Z"
}))]
pub struct ChallengeDto {
    /// Id (UUID v7).
    pub id: String,
    /// URL name; also accepted where an id is.
    pub slug: String,
    /// `draft`, `in_review` (proposed by its administration, awaiting a hub manager), `open`, `closed` or
    /// `archived`.
    pub state: String,
    /// Why a hub manager returned it to its administration, while it is a draft again (hub managers and its
    /// administrations' officers only see drafts).
    pub review_note: Option<String>,
    /// Title (Italian).
    pub title_it: String,
    /// Title (English).
    pub title_en: Option<String>,
    /// Description (Italian, Markdown).
    pub description_it: String,
    /// Description (English, Markdown).
    pub description_en: Option<String>,
    /// The sponsoring administration.
    pub sponsor_id: String,
    /// Its co-sponsors: the administrations of the needs it came from (`GET /challenges/{id}` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub co_sponsors: Option<Vec<CoSponsorDto>>,
    /// Tags.
    pub tags: Vec<String>,
    /// Submissions open.
    pub opens_at: DateTime<Utc>,
    /// Submissions close (absent: never, as for the open call).
    pub closes_at: Option<DateTime<Utc>>,
    /// Whether it accepts submissions right now.
    pub accepting_submissions: bool,
    /// How its proposals are evaluated.
    pub evaluation: EvaluationDto,
    /// Whether its administrations are asked for a non-binding opinion (*parere*) on each proposal under review
    /// (`PUT /proposals/{id}/opinions/{organization_id}`), which hub managers read before deciding.
    pub sponsor_opinions: bool,
    /// Its responsible officer (*responsabile del procedimento*, L. 241/1990 art. 5), a hub manager: named by a hub
    /// manager, or whoever opened it (absent before).
    pub responsible_id: Option<String>,
    /// The responsible officer's name (`GET /challenges/{id}` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responsible_name: Option<String>,
    /// What it can fund in all, in euro cents (absent: no budget set). With it, hub managers read the best
    /// portfolio of passing proposals that fits (`GET /challenges/{id}/portfolio`).
    #[schema(minimum = 1, maximum = 100_000_000_000_i64)]
    pub budget_cents: Option<i64>,
    /// The annexes it asks proposals for.
    pub annexes: Vec<crate::routes::annexes::AnnexRuleDto>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A co-sponsoring administration.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoSponsorDto {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

impl ChallengeDto {
    fn new(c: Challenge, now: DateTime<Utc>) -> Self {
        let e = c.content.evaluation;
        Self {
            id: c.id.to_string(),
            accepting_submissions: c.accepts_submissions(now),
            slug: c.content.slug,
            state: c.state.as_str().to_owned(),
            review_note: c.review_note,
            title_it: c.content.title_it,
            title_en: c.content.title_en,
            description_it: c.content.description_it,
            description_en: c.content.description_en,
            sponsor_id: c.content.sponsor_id.to_string(),
            co_sponsors: None,
            tags: c.content.tags.into_iter().collect(),
            opens_at: c.content.opens_at,
            closes_at: c.content.closes_at,
            evaluation: EvaluationDto {
                weights: Pillar::ALL.iter().map(|p| (p.key().to_owned(), e.weights[p.index()])).collect(),
                thresholds: Pillar::ALL.iter().map(|p| (p.key().to_owned(), e.thresholds[p.index()].value())).collect(),
                overall_threshold: e.overall_threshold.value(),
                min_reviews: e.min_reviews,
                consensus: e.consensus.as_str().to_owned(),
                notice_of_grounds: e.notice.required,
                notice_days: e.notice.days,
                redress_days: e.redress_days,
                response: e.response.allowed,
                response_days: e.response.days,
                response_with_scores: e.response.scores,
            },
            sponsor_opinions: c.content.sponsor_opinions,
            responsible_id: c.content.responsible_id.map(|r| r.to_string()),
            responsible_name: None,
            budget_cents: c.content.budget_cents,
            annexes: crate::routes::annexes::rules_dto(&c.content.annexes),
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// Evaluation settings to set; pillars left out keep their value.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationRequest {
    /// Weights by pillar key (the four must sum to 100).
    #[serde(default, deserialize_with = "crate::routes::integral::map")]
    #[schema(example = json!({"security_sovereignty": 30, "growth_development": 20, "talent_skills": 25, "effectiveness_sustainability": 25}))]
    pub weights: BTreeMap<String, i64>,
    /// Thresholds by pillar key, 0–5 in half points.
    #[serde(default)]
    pub thresholds: BTreeMap<String, f64>,
    /// Threshold of the weighted total, 0–5 in half points.
    pub overall_threshold: Option<f64>,
    /// Reviews needed before a decision, 1 to 20.
    #[serde(default, deserialize_with = "crate::routes::integral::optional")]
    #[schema(minimum = 1, maximum = 20)]
    pub min_reviews: Option<i64>,
    /// When a proposal needs a final consensus report before its decision: `when_needed` (the default: when some
    /// pillar's scores differ by 2 points or more) or `always`.
    #[schema(example = "when_needed")]
    pub consensus: Option<String>,
    /// Whether a rejection after review needs a notice of the grounds first (art. 10-bis; default: no, yes for the
    /// open call).
    pub notice_of_grounds: Option<bool>,
    /// The team's term for observations on the notice, 10 (the law's) to 60 days.
    #[serde(default, deserialize_with = "crate::routes::integral::optional")]
    #[schema(minimum = 10, maximum = 60)]
    pub notice_days: Option<i64>,
    /// Days after a rejection within which its team may ask for a review of the decision, 10 to 90 (default 30).
    #[serde(default, deserialize_with = "crate::routes::integral::optional")]
    #[schema(minimum = 10, maximum = 90)]
    pub redress_days: Option<i64>,
    /// Whether the team may answer the reviews once the challenge's minimum is in, before the consensus and the
    /// decision (default: no).
    pub response: Option<bool>,
    /// The team's term for its response, 3 to 30 days (default 7).
    #[serde(default, deserialize_with = "crate::routes::integral::optional")]
    #[schema(minimum = 3, maximum = 30)]
    pub response_days: Option<i64>,
    /// Whether the team reads the reviews' scores before the decision, or only their comments (default: yes).
    pub response_with_scores: Option<bool>,
}

/// A challenge's fields. On creation `slug`, `title_it`, `description_it`, `sponsor_id` and
/// `opens_at` are required; on `PATCH` every field is optional and `null` clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "slug": "mobilita-sostenibile-lecce",
    "title_it": "Mobilità sostenibile nel centro storico",
    "title_en": "Sustainable mobility in the old town",
    "description_it": "Il Comune di Lecce cerca soluzioni per ridurre il traffico privato nel centro storico, integrate con il trasporto pubblico locale.",
    "sponsor_id": "0192f0a1-2a3b-7c4d-9e5f-60718293a4b5",
    "tags": ["mobilita", "smart-city"],
    "opens_at": "2026-02-01T00:00:00Z",
    "closes_at": "2026-05-31T22:00:00Z",
    "evaluation": {
        "weights": {
            "security_sovereignty": 30,
            "growth_development": 20,
            "talent_skills": 20,
            "effectiveness_sustainability": 30
        },
        "thresholds": {
            "effectiveness_sustainability": 3.0,
            "growth_development": 3.0,
            "security_sovereignty": 3.0,
            "talent_skills": 3.0
        },
        "overall_threshold": 3.0,
        "min_reviews": 3
    }
}))]
pub struct ChallengeRequest {
    /// URL name: lowercase letters, digits and hyphens.
    #[schema(example = "telemedicina-territoriale")]
    pub slug: Option<String>,
    /// Title (Italian).
    pub title_it: Option<String>,
    /// Title (English).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub title_en: Option<Option<String>>,
    /// Description (Italian, Markdown).
    pub description_it: Option<String>,
    /// Description (English, Markdown).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub description_en: Option<Option<String>>,
    /// The sponsoring public administration's id.
    pub sponsor_id: Option<String>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Submissions open (RFC 3339).
    pub opens_at: Option<DateTime<Utc>>,
    /// Submissions close (RFC 3339); `null`: never.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub closes_at: Option<Option<DateTime<Utc>>>,
    /// Evaluation settings.
    pub evaluation: Option<EvaluationRequest>,
    /// Whether its administrations are asked for an opinion on each proposal under review (default: no).
    pub sponsor_opinions: Option<bool>,
    /// Its responsible officer: the id of a hub manager whose account is open (hub managers only; without one,
    /// whoever opens the challenge becomes it).
    pub responsible_id: Option<String>,
    /// What it can fund in all, in euro cents, up to one billion euro; `null` clears it.
    #[serde(default, deserialize_with = "crate::routes::integral::double_optional")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 100_000_000_000_i64)]
    pub budget_cents: Option<Option<i64>>,
    /// The annexes it asks proposals for (at most ten); the list replaces the current one.
    #[schema(max_items = 10)]
    pub annexes: Option<Vec<crate::routes::annexes::AnnexRuleRequest>>,
}

impl ChallengeRequest {
    fn into_input(self) -> Result<ChallengeInput, DomainError> {
        let sponsor_id = self
            .sponsor_id
            .map(|s| {
                s.parse()
                    .map_err(|_| DomainError::invalid("sponsor_id", "unknown_organization", "no such organisation"))
            })
            .transpose()?;
        let responsible_id = self
            .responsible_id
            .map(|s| {
                s.parse()
                    .map_err(|_| DomainError::invalid("responsible_id", "not_a_hub_manager", "no such hub manager"))
            })
            .transpose()?;
        Ok(ChallengeInput {
            slug: self.slug,
            title_it: self.title_it,
            title_en: self.title_en,
            description_it: self.description_it,
            description_en: self.description_en,
            sponsor_id,
            tags: self.tags,
            opens_at: self.opens_at,
            closes_at: self.closes_at,
            evaluation: self.evaluation.map(|e| EvaluationInput {
                weights: e.weights.into_iter().collect(),
                thresholds: e.thresholds.into_iter().collect(),
                overall_threshold: e.overall_threshold,
                min_reviews: e.min_reviews,
                consensus: e.consensus,
                notice_of_grounds: e.notice_of_grounds,
                notice_days: e.notice_days,
                redress_days: e.redress_days,
                response: e.response,
                response_days: e.response_days,
                response_with_scores: e.response_with_scores,
            }),
            sponsor_opinions: self.sponsor_opinions,
            responsible_id,
            budget_cents: self.budget_cents,
            annexes: self.annexes.map(|rules| rules.into_iter().map(Into::into).collect()),
        })
    }
}

/// Filters of the challenge list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChallengeQuery {
    /// `draft`, `in_review`, `open`, `closed` or `archived` (the others than open and closed: hub managers, and
    /// the officers of the challenge's administrations).
    pub state: Option<String>,
    /// Only challenges with this tag.
    pub tag: Option<String>,
    /// Words in the title or description.
    pub q: Option<String>,
}

fn respond(status: actix_web::http::StatusCode, challenge: Challenge, now: DateTime<Utc>) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(("ETag", etag(challenge.revision)))
        .json(ChallengeDto::new(challenge, now))
}

/// List challenges.
///
/// Anyone may call it, with or without a token: hub managers see every challenge; the officers of an
/// administration the open and closed ones and, in every state, those their administration sponsors or
/// co-sponsors; everyone else the open and closed ones. Filter by `state`, `tag` and words (`q`); paginated by
/// cursor. A credential that is sent must be valid (`unauthenticated`, 401).
#[utoipa::path(tag = "challenges", security((), ("bearer" = [])), params(PageQuery, ChallengeQuery), responses(
    (status = 200, description = "A page of challenges", body = PageOf<ChallengeDto>),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid filter", body = Problem, content_type = "application/problem+json"),
))]
#[get("/challenges")]
pub async fn list(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    page: Query<PageQuery>,
    query: Query<ChallengeQuery>,
) -> Result<PageOf<ChallengeDto>, ApiError> {
    let page = page.parse()?;
    let query = query.into_inner();
    let filter = ChallengeFilter {
        state: query.state.as_deref().map(str::parse::<ChallengeState>).transpose().map_err(DomainError::from)?,
        tag: query.tag,
        q: query.q,
        sponsored_by: None,
    };
    let store = state.store.clone();
    let challenges = blocking(move || store.challenges_list(auth.0.as_ref(), &filter, &page)).await?;
    let now = state.store.now();
    Ok(PageOf::from_page(challenges, |c| ChallengeDto::new(c, now)))
}

/// Create a challenge.
///
/// Hub managers (scope `proposals:write`) for any verified administration; an officer of a verified administration
/// (scope `administration`) for their own only (`sponsor_id` naming another: `forbidden`, 403), who then proposes it
/// to the hub (`POST /challenges/{id}/propose`). The challenge starts in `draft`, visible to hub managers and the
/// officers of its administrations only, with its evaluation settings (weights summing to 100, thresholds, minimum
/// reviews; defaults 25 each, 3.0 and 3). The answer carries the `ETag` later edits send as `If-Match`. Problems:
/// `slug_taken` (409), `validation_failed` (422).
#[utoipa::path(tag = "challenges", security(("bearer" = [])), request_body = ChallengeRequest, responses(
    (status = 201, description = "Created; `ETag` for later edits", body = ChallengeDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Neither a hub manager nor an officer of the sponsor named", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Slug taken", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[post("/challenges")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<ChallengeRequest>,
) -> Result<HttpResponse, ApiError> {
    let challenge = create_one(&state, auth.0, body.into_inner()).await?;
    let location = format!("/api/v1/challenges/{}", challenge.id);
    Ok(crate::routes::located(respond(actix_web::http::StatusCode::CREATED, challenge, state.store.now()), &location))
}

/// Read a challenge.
///
/// Anyone may read an open or closed challenge, by id or slug; one in another state (a draft, one in review, an
/// archived one) exists for hub managers and the officers of its sponsoring and co-sponsoring administrations only
/// (`not_found`, 404, for others). The answer carries its `ETag`, names its co-sponsors (the administrations of the
/// needs it came from), its responsible officer's name and, for a draft its administration proposed and the hub
/// returned, the hub's `review_note`.
#[utoipa::path(tag = "challenges", security((), ("bearer" = [])), params(("id" = String, Path, description = "Challenge id or slug")), responses(
    (status = 200, description = "The challenge, with its `ETag`", body = ChallengeDto),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/challenges/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let store = state.store.clone();
    let (challenge, co, responsible) = blocking(move || {
        let challenge = store.challenge_get(auth.0.as_ref(), &id)?;
        let co = store.challenge_co_sponsors(challenge.id)?;
        let responsible = store.challenge_responsible(&challenge)?;
        Ok::<_, persistence::StoreError>((challenge, co, responsible))
    })
    .await?;
    let tag = etag(challenge.revision);
    let mut dto = ChallengeDto::new(challenge, state.store.now());
    dto.co_sponsors = Some(co.into_iter().map(|(id, name)| CoSponsorDto { id, name }).collect());
    dto.responsible_name = responsible.map(|(_, name)| name);
    Ok(HttpResponse::Ok().insert_header(("ETag", tag)).json(dto))
}

/// Edit a challenge.
///
/// Hub managers (scope `proposals:write`) any challenge; the officers of its sponsoring administration (scope
/// `administration`) while it is a draft, keeping the sponsor (`not_editable`, 409, once proposed or open). With
/// `If-Match` naming the current `ETag`: 428 `precondition_required` without it, 412 `precondition_failed` when it is
/// stale. A draft the caller may not see is `not_found` (404). Problems: `slug_taken` (409), `validation_failed`
/// (422).
#[utoipa::path(tag = "challenges", security(("bearer" = [])), request_body(content = ChallengeRequest, content_type = "application/merge-patch+json"),
    params(("id" = String, Path, description = "Challenge id or slug"), ("If-Match" = String, Header, description = "The ETag last read")), responses(
    (status = 200, description = "Edited, with its new `ETag`", body = ChallengeDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Neither a hub manager nor an officer of its sponsor", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Slug taken, or no longer the officers' to edit (`not_editable`)", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "Stale `If-Match`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    (status = 428, description = "`If-Match` missing", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/challenges/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    path: web::Path<String>,
    body: Json<ChallengeRequest>,
) -> Result<HttpResponse, ApiError> {
    let revision = expected_revision(&req)?;
    let challenge = update_one(&state, auth.0, path.into_inner(), revision, body.into_inner()).await?;
    Ok(respond(actix_web::http::StatusCode::OK, challenge, state.store.now()))
}

/// Creates a draft challenge from `request`: the API's endpoint and the desks' forms (a hub manager's
/// for any administration, an officer's for their own; the store decides).
///
/// # Errors
/// `forbidden` for anyone else; `slug_taken`; `validation_failed`.
pub async fn create_one(
    state: &AppState,
    actor: domain::Actor,
    request: ChallengeRequest,
) -> Result<Challenge, ApiError> {
    let content = ChallengeContent::create(request.into_input()?)?;
    let store = state.store.clone();
    blocking(move || store.challenge_create(&actor, content, ChallengeState::Draft)).await
}

/// Edits challenge `id` read at `revision` with `request`: the API's endpoint and the desks' forms (hub
/// managers any challenge, its sponsor's officers their draft; the store decides).
///
/// # Errors
/// `forbidden`, `not_found`, `not_editable`, `precondition_failed` when stale, `slug_taken`, `rubric_frozen`,
/// `validation_failed`.
pub async fn update_one(
    state: &AppState,
    actor: domain::Actor,
    id: String,
    revision: i32,
    request: ChallengeRequest,
) -> Result<Challenge, ApiError> {
    let input = request.into_input()?;
    let store = state.store.clone();
    blocking(move || store.challenge_update(&actor, &id, revision, input)).await
}
