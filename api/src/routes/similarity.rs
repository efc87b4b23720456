//! Similarity: the catalogue services most like a proposal (the reuse check its team answers, CAD
//! art. 68) and the other organisations' proposals most like it (for hub managers at screening).

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use domain::ProposalId;
use persistence::{SimilarProposal, SimilarService};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::routes::{ListOf, blocking};
use crate::state::AppState;

/// A similarity as the API writes it: two decimals, 0 to 1.
fn figure(similarity: f64) -> f64 {
    (similarity * 100.0).round() / 100.0
}

/// A catalogue service like the proposal.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"slug": "prenotazione-sportelli", "name": "Prenotazione degli sportelli", "short_description":
    "Agenda online degli sportelli comunali, con promemoria e accesso SPID.", "similarity": 0.47}))]
pub struct SimilarServiceDto {
    /// Its slug (`/api/v1/catalogue/services/{slug}`).
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its Italian short description.
    pub short_description: String,
    /// How alike, 0 to 1: the cosine of their significant words.
    pub similarity: f64,
}

impl From<SimilarService> for SimilarServiceDto {
    fn from(s: SimilarService) -> Self {
        Self {
            slug: s.service.content.slug,
            name: s.service.content.name,
            short_description: s.service.content.short_description_it,
            similarity: figure(s.similarity),
        }
    }
}

/// Another organisation's proposal like the one screened.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9", "title": "Agenda degli sportelli comunali",
    "organization_name": "Nuvola S.p.A.", "challenge_title": "Open call", "state": "under_review",
    "submitted_at": "2026-10-02T09:00:00Z", "similarity": 0.52}))]
pub struct SimilarProposalDto {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its organisation.
    pub organization_name: String,
    /// Its challenge's Italian title.
    pub challenge_title: String,
    /// Its state.
    pub state: String,
    /// When it was (last) submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// How alike, 0 to 1.
    pub similarity: f64,
}

impl From<SimilarProposal> for SimilarProposalDto {
    fn from(p: SimilarProposal) -> Self {
        Self {
            id: p.id.to_string(),
            title: p.title,
            organization_name: p.organization_name,
            challenge_title: p.challenge_title,
            state: p.state.as_str().to_owned(),
            submitted_at: p.submitted_at,
            similarity: figure(p.similarity),
        }
    }
}

/// List the catalogue services most similar to a proposal.
///
/// Whoever may read the proposal. The reuse check of CAD art. 68: the published services most like the proposal's
/// title, summary and description (at most 5, the most similar first, none below 0.12), so that its team says how the
/// proposal differs before submitting.
#[utoipa::path(tag = "proposals", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "The similar services", body = ListOf<SimilarServiceDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "The token lacks `proposals:read`, or an evaluator has not confirmed no conflict", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such proposal, or not visible to you", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/similar-services")]
pub async fn services(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<web::Json<ListOf<SimilarServiceDto>>, ApiError> {
    auth.0.require_scope(domain::Scope::ProposalsRead)?;
    let store = state.store.clone();
    let id = path.into_inner();
    let found = blocking(move || store.proposal_similar_services(&auth.0, id)).await?;
    Ok(web::Json(found.into_iter().map(SimilarServiceDto::from).collect()))
}

/// List the proposals most similar to one.
///
/// Hub managers (a token needs `proposals:read`), at screening: the proposals of other organisations, in any
/// challenge, submitted before this one or alongside it, most like its title, summary and description (at most 5, the
/// most similar first, none below 0.12).
#[utoipa::path(tag = "proposals", security(("bearer" = [])), params(("id" = String, Path, description = "Proposal id")), responses(
    (status = 200, description = "The similar proposals", body = ListOf<SimilarProposalDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such proposal", body = Problem, content_type = "application/problem+json"),
))]
#[get("/proposals/{id}/similar-proposals")]
pub async fn proposals(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<ProposalId>,
) -> Result<web::Json<ListOf<SimilarProposalDto>>, ApiError> {
    let store = state.store.clone();
    let id = path.into_inner();
    let found = blocking(move || store.proposal_similar_proposals(&auth.0, id)).await?;
    Ok(web::Json(found.into_iter().map(SimilarProposalDto::from).collect()))
}
