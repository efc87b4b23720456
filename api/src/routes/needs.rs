//! Needs (fabbisogni): stated (and edited while open) by an administration's officers, co-signed by
//! others, triaged by hub managers (merged, turned into a challenge, closed); public ones are listed for
//! everyone.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use domain::need::NeedContent;
use domain::{DomainError, NeedId, NeedInput, NeedState, Note, OrganizationId, Pillar};
use persistence::{NeedFilter, NeedSummary, NeedView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Authenticated, MaybeAuthenticated};
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::query::Query;
use crate::routes::{PageOf, PageQuery, blocking};
use crate::state::AppState;

/// The longest co-signature note and closing reason.
pub const NOTE_MAX: usize = 2000;

/// A need as an administration states it. On creation `title`, `description`, `pillars`, `urgency` and
/// `population` are required; on `PATCH` every field is optional, an absent one stays and `null` clears an end
/// of the budget range.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Prenotazione online degli sportelli anagrafici",
    "description": "Le code agli sportelli anagrafici superano le tre settimane: serve una prenotazione online con promemoria.",
    "pillars": ["effectiveness_sustainability", "growth_development"],
    "tags": ["anagrafe", "prenotazioni"],
    "urgency": "high",
    "population": 12400,
    "budget_min_eur": 20000,
    "budget_max_eur": 60000,
    "public": true
}))]
pub struct NeedRequest {
    /// 5 to 200 characters.
    pub title: Option<String>,
    /// What is needed and why (Markdown), 20 to 10,000 characters.
    pub description: Option<String>,
    /// The pillars it concerns, at least one: `security_sovereignty`, `growth_development`, `talent_skills`,
    /// `effectiveness_sustainability`.
    pub pillars: Option<Vec<String>>,
    /// Tags: lowercase letters, digits and hyphens, at most 20.
    pub tags: Option<Vec<String>>,
    /// `low`, `medium` or `high`.
    pub urgency: Option<String>,
    /// How many people (citizens or users) the administration serves with it: 1 to 100,000,000.
    #[serde(default, deserialize_with = "crate::routes::integral::optional")]
    pub population: Option<i64>,
    /// The lowest budget foreseen, in euros (with `budget_max_eur`, or neither).
    #[serde(default, deserialize_with = "crate::routes::integral::double_optional")]
    #[schema(value_type = Option<i64>)]
    pub budget_min_eur: Option<Option<i64>>,
    /// The highest budget foreseen, in euros.
    #[serde(default, deserialize_with = "crate::routes::integral::double_optional")]
    #[schema(value_type = Option<i64>)]
    pub budget_max_eur: Option<Option<i64>>,
    /// Whether everyone, anonymous visitors included, may read it (default `true`); otherwise the hub and the
    /// administrations' officers.
    pub public: Option<bool>,
}

/// An administration's co-signature.
#[derive(Debug, Serialize, ToSchema)]
pub struct CosignatureDto {
    /// The administration.
    pub organization_id: String,
    /// Its name.
    pub organization_name: String,
    /// What it adds.
    pub note: Option<String>,
    /// How many people it serves with the need.
    pub population: Option<i64>,
    /// Signed.
    pub created_at: DateTime<Utc>,
}

/// A move in a need's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct NeedEventDto {
    /// `stated`, `edited`, `cosigned`, `cosignature_withdrawn`, `merged`, `absorbed` (another need merged into
    /// this one), `converted` or `closed`.
    pub action: String,
    /// What it concerned: an administration's name, a title, a reason; for `edited`, the fields that changed, by
    /// their names here (`title, urgency`).
    pub detail: Option<String>,
    /// When.
    pub occurred_at: DateTime<Utc>,
}

/// A challenge a need became.
#[derive(Debug, Serialize, ToSchema)]
pub struct NeedChallengeDto {
    /// Its slug (`/api/v1/challenges/{slug}`).
    pub slug: String,
    /// Its Italian title.
    pub title: String,
}

/// A need.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0c4-5d6e-7f80-9102-a3b4c5d6e7f8",
    "organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6",
    "organization_name": "Comune di Porto Aurelio",
    "title": "Prenotazione online degli sportelli anagrafici",
    "description": "Le code agli sportelli anagrafici superano le tre settimane: serve una prenotazione online con promemoria.",
    "pillars": ["effectiveness_sustainability"],
    "tags": ["anagrafe"],
    "urgency": "high",
    "population": 12400,
    "budget_min_eur": 20000,
    "budget_max_eur": 60000,
    "public": true,
    "state": "open",
    "merged_into": null,
    "challenge": null,
    "closed_reason": null,
    "administrations": 2,
    "people": 15400,
    "cosignatures": [{"organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c7", "organization_name": "Comune di Borgo San Vitale",
        "note": "Anche da noi le code superano le due settimane.", "population": 3000, "created_at": "2026-11-20T09:00:00Z"}],
    "history": [{"action": "stated", "detail": null, "occurred_at": "2026-11-18T10:00:00Z"}],
    "created_at": "2026-11-18T10:00:00Z",
    "updated_at": "2026-11-18T10:00:00Z"
}))]
pub struct NeedDto {
    /// Id (UUID v7).
    pub id: String,
    /// The administration that states it.
    pub organization_id: String,
    /// Its name.
    pub organization_name: String,
    /// Title.
    pub title: String,
    /// Description (Markdown).
    pub description: String,
    /// Pillar keys.
    pub pillars: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// `low`, `medium` or `high`.
    pub urgency: String,
    /// People its administration serves with it.
    pub population: i64,
    /// Lowest budget foreseen, in euros.
    pub budget_min_eur: Option<i64>,
    /// Highest budget foreseen, in euros.
    pub budget_max_eur: Option<i64>,
    /// Readable by everyone.
    pub public: bool,
    /// `open`, `merged`, `converted` or `closed`.
    pub state: String,
    /// The need it was merged into.
    pub merged_into: Option<String>,
    /// The challenge it became.
    pub challenge: Option<NeedChallengeDto>,
    /// Why the hub closed it.
    pub closed_reason: Option<String>,
    /// How many administrations it concerns: its own and its co-signers.
    pub administrations: u32,
    /// How many people they serve with it.
    pub people: i64,
    /// Co-signatures, oldest first (absent from lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cosignatures: Option<Vec<CosignatureDto>>,
    /// History, oldest first (absent from lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<NeedEventDto>>,
    /// Stated.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl NeedDto {
    fn base(need: domain::Need, organization_name: String, administrations: usize, people: i64) -> Self {
        let c = need.content;
        let administrations = u32::try_from(administrations).unwrap_or(u32::MAX);
        Self {
            id: need.id.to_string(),
            organization_id: need.organization_id.to_string(),
            organization_name,
            title: c.title,
            description: c.description,
            pillars: c.pillars.iter().map(|p| p.key().to_owned()).collect(),
            tags: c.tags.into_iter().collect(),
            urgency: c.urgency.as_str().to_owned(),
            population: c.population,
            budget_min_eur: c.budget.map(|b| b.0),
            budget_max_eur: c.budget.map(|b| b.1),
            public: c.public,
            state: need.state.as_str().to_owned(),
            merged_into: need.merged_into.map(|n| n.to_string()),
            challenge: None,
            closed_reason: need.closed_reason,
            administrations,
            people,
            cosignatures: None,
            history: None,
            created_at: need.created_at,
            updated_at: need.updated_at,
        }
    }
}

impl From<NeedSummary> for NeedDto {
    fn from(s: NeedSummary) -> Self {
        Self::base(s.need, s.organization_name, s.administrations, s.people)
    }
}

impl From<NeedView> for NeedDto {
    fn from(v: NeedView) -> Self {
        let (administrations, people) = domain::need::reach(&v.need, &v.cosignatures);
        let mut dto = Self::base(v.need, v.organization_name, administrations, people);
        dto.challenge = v.challenge.map(|(slug, title, _)| NeedChallengeDto { slug, title });
        dto.cosignatures = Some(
            v.cosignatures
                .into_iter()
                .map(|c| CosignatureDto {
                    organization_id: c.organization_id.to_string(),
                    organization_name: c.organization_name,
                    note: c.note,
                    population: c.population,
                    created_at: c.created_at,
                })
                .collect(),
        );
        dto.history = Some(
            v.history
                .into_iter()
                .map(|e| NeedEventDto { action: e.action, detail: e.detail, occurred_at: e.occurred_at })
                .collect(),
        );
        dto
    }
}

/// Filters of the need list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NeedQuery {
    /// Only needs in this state: `open`, `merged`, `converted`, `closed`.
    pub state: Option<String>,
    /// Only needs concerning this pillar.
    pub pillar: Option<String>,
    /// Only the needs of this administration (its id).
    pub organization_id: Option<String>,
    /// Words in the title or the description (case does not matter).
    pub q: Option<String>,
}

impl NeedQuery {
    /// The store's filter.
    ///
    /// # Errors
    /// `validation_failed` for an unknown state or pillar.
    pub fn parse(&self) -> Result<NeedFilter, ApiError> {
        let state = self.state.as_deref().map(str::parse::<NeedState>).transpose().map_err(DomainError::from)?;
        let pillar = self.pillar.as_deref().map(str::parse::<Pillar>).transpose().map_err(DomainError::from)?;
        Ok(NeedFilter { state, pillar, organization_id: self.organization_id.clone(), q: self.q.clone() })
    }
}

/// List needs.
///
/// Anyone: anonymous visitors read the public needs; the administrations' officers, hub managers and admins every
/// need; other users the public ones and their own administration's. Newest first, paginated by cursor, each with how
/// many administrations it concerns and how many people they serve. Filters: `state`, `pillar`, `organization_id`,
/// `q`.
#[utoipa::path(tag = "needs", security((), ("bearer" = [])), params(PageQuery, NeedQuery), responses(
    (status = 200, description = "A page of needs", body = PageOf<NeedDto>),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid filter", body = Problem, content_type = "application/problem+json"),
))]
#[get("/needs")]
pub async fn list(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    page: Query<PageQuery>,
    query: Query<NeedQuery>,
) -> Result<PageOf<NeedDto>, ApiError> {
    let page = page.parse()?;
    let filter = query.parse()?;
    let store = state.store.clone();
    let found = blocking(move || store.needs_list(auth.0.as_ref(), &filter, &page)).await?;
    Ok(PageOf::from_page(found, NeedDto::from))
}

/// Parses a need's fields.
///
/// # Errors
/// `validation_failed` naming each broken rule.
pub fn content(body: NeedRequest) -> Result<NeedContent, ApiError> {
    Ok(NeedContent::parse(NeedInput {
        title: body.title,
        description: body.description,
        pillars: body.pillars,
        tags: body.tags,
        urgency: body.urgency,
        population: body.population,
        budget_min_eur: body.budget_min_eur.flatten(),
        budget_max_eur: body.budget_max_eur.flatten(),
        public: body.public,
    })?)
}

/// State a need.
///
/// An officer of a verified administration (role `administration`; a token needs the scope `administration`), for
/// that administration. Problems: `forbidden` (403) for anyone else, `validation_failed` (422).
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = NeedRequest, responses(
    (status = 201, description = "Stated", body = NeedDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an officer", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[post("/needs")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<NeedRequest>,
) -> Result<HttpResponse, ApiError> {
    domain::need::require_officer(&auth.0)?;
    let need = content(body.into_inner())?;
    let store = state.store.clone();
    let view = blocking(move || store.need_create(&auth.0, &need)).await?;
    let location = format!("/api/v1/needs/{}", view.need.id);
    Ok(crate::routes::located(tagged(HttpResponse::Created(), view), &location))
}

/// Read a need.
///
/// Whoever may list it (see the list); to anyone else it does not exist (`not_found`, 404). With its co-signatures and
/// its history, and its `ETag`, which an edit names in `If-Match`.
#[utoipa::path(tag = "needs", security((), ("bearer" = [])), params(("id" = String, Path, description = "Need id")), responses(
    (status = 200, description = "The need, with its `ETag`", body = NeedDto),
    (status = 401, description = "A credential was sent and is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/needs/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    path: web::Path<NeedId>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let store = state.store.clone();
    Ok(tagged(HttpResponse::Ok(), blocking(move || store.need_get(auth.0.as_ref(), id)).await?))
}

/// A need's answer with its `ETag`.
pub(super) fn tagged(mut response: actix_web::HttpResponseBuilder, view: NeedView) -> HttpResponse {
    response.insert_header(("ETag", crate::routes::conditional::etag(view.need.revision))).json(NeedDto::from(view))
}

/// A co-signature.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"note": "Anche da noi le code superano le due settimane.", "population": 3000}))]
pub struct CosignRequest {
    /// What the administration adds (at most 2,000 characters).
    pub note: Option<String>,
    /// How many people it serves with the need: 1 to 100,000,000.
    #[serde(default, deserialize_with = "crate::routes::integral::optional")]
    pub population: Option<i64>,
}

/// Co-sign a need.
///
/// An officer of another verified administration ("anche noi"; a token needs the scope `administration`), once per
/// administration, while the need is open. Problems: `forbidden` (403), `not_found` (404), `own_need`,
/// `need_not_open`, `already_cosigned` (409), `validation_failed` (422).
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = CosignRequest,
    params(("id" = String, Path, description = "Need id")), responses(
    (status = 201, description = "Co-signed: the need", body = NeedDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an officer", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Its own need, not open, or co-signed already", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[post("/needs/{id}/cosignatures")]
pub async fn cosign(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<NeedId>,
    body: Json<CosignRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let org = auth.0.organization_id;
    let view = cosign_one(&state, auth.0, id, body.into_inner()).await?;
    let location = format!("/api/v1/needs/{id}/cosignatures/{org}");
    Ok(crate::routes::located(HttpResponse::Created().json(NeedDto::from(view)), &location))
}

/// Co-signs need `id` for `actor`'s administration: the API's endpoint and the need's page.
///
/// # Errors
/// What [`persistence::Store::need_cosign`] answers; `validation_failed` for a bad note.
pub async fn cosign_one(
    state: &AppState,
    actor: domain::Actor,
    id: NeedId,
    body: CosignRequest,
) -> Result<NeedView, ApiError> {
    let note = Note::parse("note", body.note.as_deref(), NOTE_MAX).map_err(DomainError::from)?;
    let store = state.store.clone();
    blocking(move || store.need_cosign(&actor, id, note.as_ref(), body.population)).await
}

/// Withdraw a co-signature.
///
/// An officer of the administration that co-signed (a token needs the scope `administration`), while the need is
/// open. Another administration's co-signature is `forbidden` (403); one that does not exist `not_found` (404).
#[utoipa::path(tag = "needs", security(("bearer" = [])), params(
    ("id" = String, Path, description = "Need id"),
    ("organization_id" = String, Path, description = "The co-signing administration: the caller's"),
), responses(
    (status = 204, description = "Withdrawn"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an officer of that administration", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The need is not open", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/needs/{id}/cosignatures/{organization_id}")]
pub async fn withdraw(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(NeedId, OrganizationId)>,
) -> Result<HttpResponse, ApiError> {
    let (id, org) = path.into_inner();
    if org != auth.0.organization_id {
        return Err(
            DomainError::Forbidden("only the co-signing administration's officers withdraw it".to_owned()).into()
        );
    }
    let store = state.store.clone();
    blocking(move || store.need_withdraw_cosignature(&auth.0, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

mod editing;
mod triage;

pub use editing::{edit, edit_one, edited_mail};
pub use triage::{
    CloseRequest, ConversionRequest, MergeRequest, close, close_one, closed_mail, convert, convert_one, converted_mail,
    merge, merge_one, merged_mail,
};
