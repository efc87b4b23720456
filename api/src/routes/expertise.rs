//! The expertise vocabulary: hub managers add, word and retire its terms; evaluators declare their
//! own expertise from it (automatic assignment matches it with proposals' tags).

use actix_web::{HttpResponse, delete, get, put, web};
use domain::{Actor, ExpertiseTerm, User};
use persistence::{TermSaved, VocabularyEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::me::UserDto;
use crate::routes::{ListOf, blocking, located};
use crate::state::AppState;

/// A term of the vocabulary.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"tag": "open-data", "label_it": "Dati aperti", "label_en": "Open data", "evaluators": 3}))]
pub struct ExpertiseTermDto {
    /// The tag, as proposals and challenges write them.
    pub tag: String,
    /// What it covers, in Italian.
    pub label_it: String,
    /// In English, when given.
    pub label_en: Option<String>,
    /// How many evaluators declare it.
    pub evaluators: u64,
}

impl From<VocabularyEntry> for ExpertiseTermDto {
    fn from(e: VocabularyEntry) -> Self {
        Self { tag: e.term.tag, label_it: e.term.label_it, label_en: e.term.label_en, evaluators: e.evaluators }
    }
}

/// A term's words.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"label_it": "Dati aperti", "label_en": "Open data"}))]
pub struct ExpertiseTermRequest {
    /// What it covers, in Italian: 2 to 80 characters.
    pub label_it: Option<String>,
    /// In English (optional): 2 to 80 characters.
    pub label_en: Option<String>,
}

/// The expertise an evaluator declares.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"expertise": ["cloud", "open-data"]}))]
pub struct MyExpertiseRequest {
    /// Tags of the vocabulary, at most 20 (an empty list clears it).
    pub expertise: Option<Vec<String>>,
}

/// List the expertise vocabulary.
///
/// Anyone signed in: every term by tag, with its labels and how many evaluators declare it.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), responses(
    (status = 200, description = "The vocabulary", body = ListOf<ExpertiseTermDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
))]
#[get("/expertise")]
pub async fn vocabulary(
    state: web::Data<AppState>,
    _auth: Authenticated,
) -> Result<web::Json<ListOf<ExpertiseTermDto>>, ApiError> {
    let store = state.store.clone();
    let terms = blocking(move || store.expertise_vocabulary()).await?;
    Ok(web::Json(terms.into_iter().map(ExpertiseTermDto::from).collect()))
}

/// Add or reword a term.
///
/// Hub managers (a token needs `proposals:write`): a new tag joins the vocabulary (201), an existing one gets the new
/// labels (200). The tag has the form of proposals' tags (lowercase letters, digits, hyphens; at most 40).
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = ExpertiseTermRequest,
    params(("tag" = String, Path, description = "The term's tag")), responses(
    (status = 200, description = "Reworded"),
    (status = 201, description = "Added", headers(("Location" = String, description = "The vocabulary"))),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[put("/expertise/{tag}")]
pub async fn save_term(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
    body: Json<ExpertiseTermRequest>,
) -> Result<HttpResponse, ApiError> {
    let ExpertiseTermRequest { label_it, label_en } = body.into_inner();
    Ok(match save_one(&state, auth.0, &path.into_inner(), label_it.as_deref(), label_en.as_deref()).await? {
        TermSaved::Added => located(HttpResponse::Created().finish(), "/api/v1/expertise"),
        TermSaved::Reworded => HttpResponse::Ok().finish(),
    })
}

/// Adds or rewords a term as `actor`: the API and the hub managers' page.
///
/// # Errors
/// `validation_failed`, and what [`persistence::Store::expertise_term_save`] answers.
pub async fn save_one(
    state: &AppState,
    actor: Actor,
    tag: &str,
    label_it: Option<&str>,
    label_en: Option<&str>,
) -> Result<TermSaved, ApiError> {
    actor.may_curate_expertise()?;
    let term = ExpertiseTerm::parse(tag, label_it, label_en)?;
    let store = state.store.clone();
    blocking(move || store.expertise_term_save(&actor, &term)).await
}

/// Retire a term.
///
/// Hub managers (a token needs `proposals:write`): the term leaves the vocabulary and the expertise of every evaluator
/// who declared it. An unknown tag is `not_found` (404).
#[utoipa::path(tag = "evaluation", security(("bearer" = [])),
    params(("tag" = String, Path, description = "The term's tag")), responses(
    (status = 204, description = "Retired"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such term", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/expertise/{tag}")]
pub async fn retire_term(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let tag = path.into_inner();
    let store = state.store.clone();
    blocking(move || store.expertise_term_retire(&auth.0, &tag)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Declare your expertise.
///
/// Evaluators (a token needs `reviews:write`): the tags of the vocabulary that describe what you can evaluate, at most
/// 20; automatic assignment prefers proposals whose tags meet them. A tag the vocabulary lacks is `unknown_expertise`
/// (422); ask a hub manager to add it.
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = MyExpertiseRequest, responses(
    (status = 200, description = "Your account", body = UserDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an evaluator", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[put("/me/expertise")]
pub async fn declare(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<MyExpertiseRequest>,
) -> Result<web::Json<UserDto>, ApiError> {
    let chosen = body.into_inner().expertise.ok_or_else(|| {
        domain::DomainError::invalid("expertise", "required", "is required (an empty list clears it)")
    })?;
    Ok(web::Json(declare_one(&state, auth.0, chosen).await?.into()))
}

/// Sets `actor`'s expertise: the API and the evaluator's page.
///
/// # Errors
/// What [`persistence::Store::my_expertise_set`] answers.
pub async fn declare_one(state: &AppState, actor: Actor, chosen: Vec<String>) -> Result<User, ApiError> {
    let store = state.store.clone();
    blocking(move || store.my_expertise_set(&actor, &chosen)).await
}
