//! The opinions (*pareri*) of a challenge's administrations on its proposals under review, when the
//! challenge asks for them: given by their officers, read by hub managers before they decide.

use actix_web::{HttpResponse, get, put, web};
use chrono::{DateTime, Utc};
use domain::challenge::{OpinionContent, SponsorOpinion};
use domain::{Actor, DomainError, OrganizationId, ProposalId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::{blocking, located};
use crate::state::AppState;

/// An administration's opinion as given.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"verdict": "favourable_with_remarks",
    "text": "Utile per i nostri sportelli, purché si integri con pagoPA e con l'anagrafe nazionale."}))]
pub struct OpinionRequest {
    /// `favourable`, `favourable_with_remarks` or `unfavourable`.
    pub verdict: Option<String>,
    /// Its reasons (and remarks): 10 to 4,000 characters.
    pub text: Option<String>,
}

/// An administration's opinion on a proposal.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6", "organization_name": "Comune di Porto Aurelio",
    "verdict": "favourable_with_remarks", "text": "Utile per i nostri sportelli, purché si integri con pagoPA e con l'anagrafe nazionale.",
    "created_at": "2026-03-01T09:00:00Z", "updated_at": "2026-03-01T09:00:00Z"}))]
pub struct OpinionDto {
    /// The administration.
    pub organization_id: String,
    /// Its name.
    pub organization_name: String,
    /// `favourable`, `favourable_with_remarks` or `unfavourable`.
    pub verdict: String,
    /// Its reasons.
    pub text: String,
    /// First given.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<SponsorOpinion> for OpinionDto {
    fn from(o: SponsorOpinion) -> Self {
        Self {
            organization_id: o.organization_id.to_string(),
            organization_name: o.organization_name,
            verdict: o.content.verdict.as_str().to_owned(),
            text: o.content.text.into_string(),
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

/// The opinions on a proposal.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"requested": true, "items": [{"organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6",
    "organization_name": "Comune di Porto Aurelio", "verdict": "favourable", "text": "Risponde al fabbisogno che abbiamo espresso.",
    "created_at": "2026-03-01T09:00:00Z", "updated_at": "2026-03-01T09:00:00Z"}]}))]
pub struct OpinionsDto {
    /// Whether its challenge asks its administrations for opinions.
    pub requested: bool,
    /// The opinions given, oldest first.
    pub items: Vec<OpinionDto>,
}

/// List the opinions on a proposal.
///
/// Hub managers (a token needs `proposals:read`), who read them before deciding, and the officers of the proposal's
/// challenge's administrations, its sponsor and co-sponsors (`administration`). Never its team or its evaluators: the
/// opinion is for the decision, and the reviews stay independent of it.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "The opinions", body = OpinionsDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager nor an officer of the challenge's administrations", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such proposal, or not visible to you", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/opinions")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<web::Json<OpinionsDto>, ApiError> {
    let store = state.store.clone();
    let id = path.into_inner();
    let (opinions, requested) = blocking(move || store.proposal_opinions(&auth.0, id)).await?;
    Ok(web::Json(OpinionsDto { requested, items: opinions.into_iter().map(OpinionDto::from).collect() }))
}

/// Give an administration's opinion on a proposal.
///
/// An officer (role `administration`; a token needs `administration`) of the proposal's challenge's sponsor or of a
/// co-sponsor, for their own administration (another id is `forbidden`), when the challenge asks for opinions
/// (`opinions_not_requested`, 409), while the proposal is under review (`not_under_review`, 409), never on a proposal
/// of their own administration (`own_proposal`, 409). One opinion per administration and proposal: a new one is 201, a
/// change 200. Non-binding: hub managers read it before deciding.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = OpinionRequest,
    params(("id" = String, Path, description = "Proposal id"), ("organization_id" = String, Path, description = "Your administration's id")), responses(
    (status = 200, description = "Updated", body = OpinionDto),
    (status = 201, description = "Given", body = OpinionDto, headers(("Location" = String, description = "The proposal's opinions"))),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an officer of the challenge's administrations, or of this one", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such proposal, or not visible to you", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "No opinion is asked for now, or the proposal is the administration's own", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[put("/proposals/{id}/opinions/{organization_id}")]
pub async fn give(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(ProposalId, OrganizationId)>,
    body: Json<OpinionRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, org) = path.into_inner();
    if org != auth.0.organization_id {
        domain::need::require_officer(&auth.0)?;
        return Err(DomainError::Forbidden("an officer gives opinions for their own administration".into()).into());
    }
    let (opinion, created) = give_one(&state, auth.0, id, body.into_inner()).await?;
    let dto = OpinionDto::from(opinion);
    Ok(if created {
        located(HttpResponse::Created().json(dto), &format!("/api/v1/proposals/{id}/opinions"))
    } else {
        HttpResponse::Ok().json(dto)
    })
}

/// Gives the officer's administration's opinion on proposal `id` (the API and the follow page): the opinion,
/// and whether it is new.
///
/// # Errors
/// `validation_failed`, and what [`persistence::Store::opinion_give`] answers.
pub async fn give_one(
    state: &AppState,
    actor: Actor,
    id: ProposalId,
    body: OpinionRequest,
) -> Result<(SponsorOpinion, bool), ApiError> {
    domain::need::require_officer(&actor)?;
    let content = OpinionContent::parse(body.verdict.as_deref(), body.text.as_deref())?;
    let store = state.store.clone();
    blocking(move || store.opinion_give(&actor, id, content)).await
}
