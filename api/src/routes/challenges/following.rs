//! `GET /challenges/{id}/follow`: a challenge as its administrations follow it — proposals per state,
//! the public summaries of those admitted to evaluation, and the decisions with their ranking once made.

use std::collections::BTreeMap;

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use domain::scoring::{Summed, ranking_of_sums};
use domain::{Actor, ProposalState};
use persistence::ChallengeFollow;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::routes::blocking;
use crate::routes::opinions::OpinionDto;
use crate::state::AppState;

/// A proposal admitted to evaluation.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdmittedDto {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its public summary.
    pub summary: Option<String>,
    /// Its description (Markdown): only when the challenge asks its administrations for opinions (`sponsor_opinions`),
    /// which they give having read it.
    pub description: Option<String>,
    /// The proposing organisation.
    pub organization_id: String,
    /// Its name.
    pub organization_name: String,
    /// `under_review`, `accepted`, `rejected` or `promoted`.
    pub state: String,
    /// When the hub decided on it, once it has.
    pub decided_at: Option<DateTime<Utc>>,
    /// The opinions the challenge's administrations gave on it, oldest first.
    pub opinions: Vec<OpinionDto>,
}

/// A decided proposal in the ranking.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecidedDto {
    /// Its place among the decided proposals, by weighted total (1 first).
    #[schema(format = Int32, minimum = 1)]
    pub rank: usize,
    /// Its id.
    pub proposal_id: String,
    /// Its title.
    pub title: String,
    /// The proposing organisation.
    pub organization_name: String,
    /// `accepted` (promoted to the catalogue too) or `rejected`.
    pub decision: String,
    /// The weighted total of its reviews, 0–5 (none without a complete review).
    pub weighted_total: Option<f64>,
}

/// A challenge as its administrations follow it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "challenge_id": "0192f0a3-5e6f-7a80-9b1c-2d3e4f5a6b7c", "slug": "prenotazione-sportelli", "state": "open",
    "sponsor_opinions": true,
    "counts": {"submitted": 2, "under_review": 3, "accepted": 1, "rejected": 1},
    "admitted": [{"id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9", "title": "Agenda unica degli sportelli",
                  "summary": "Prenotazioni online con promemoria via SMS.",
                  "description": "## Il servizio\n\nUn'agenda unica per tutti gli sportelli comunali.",
                  "organization_id": "0192f0a1-4c5d-7e6f-8071-8293a4b5c6d7", "organization_name": "Aurora Labs S.r.l.",
                  "state": "accepted", "decided_at": "2026-05-10T09:00:00Z",
                  "opinions": [{"organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6", "organization_name": "Comune di Porto Aurelio",
                                "verdict": "favourable", "text": "Risponde al fabbisogno che abbiamo espresso.",
                                "created_at": "2026-04-20T09:00:00Z", "updated_at": "2026-04-20T09:00:00Z"}]}],
    "ranking": [{"rank": 1, "proposal_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9", "title": "Agenda unica degli sportelli",
                 "organization_name": "Aurora Labs S.r.l.", "decision": "accepted", "weighted_total": 3.75}]
}))]
pub struct FollowDto {
    /// The challenge's id.
    pub challenge_id: String,
    /// Its slug.
    pub slug: String,
    /// Its state.
    pub state: String,
    /// Whether it asks its administrations for an opinion on each proposal under review
    /// (`PUT /proposals/{id}/opinions/{organization_id}`).
    pub sponsor_opinions: bool,
    /// How many of its proposals are in each state.
    pub counts: BTreeMap<String, i64>,
    /// The proposals admitted to evaluation, in the order they were submitted: their public summaries.
    pub admitted: Vec<AdmittedDto>,
    /// The decided proposals by weighted total: no score is shown before its proposal's decision.
    pub ranking: Vec<DecidedDto>,
}

impl FollowDto {
    /// The view of `followed`: the ranking is computed over the decided proposals alone.
    pub fn new(followed: ChallengeFollow) -> Self {
        let decided: Vec<Summed> = followed
            .admitted
            .iter()
            .filter_map(|p| {
                let sums = p.sums.clone()?;
                Some(Summed { proposal: p.id, submitted_at: p.submitted_at, sums, agreed: p.agreed })
            })
            .collect();
        let (entries, _) = ranking_of_sums(&decided, &BTreeMap::new(), &followed.challenge.content.evaluation);
        let ranking = entries
            .into_iter()
            .filter_map(|e| {
                let p = followed.admitted.iter().find(|p| p.id == e.proposal)?;
                let accepted = matches!(p.state, ProposalState::Accepted | ProposalState::Promoted);
                Some(DecidedDto {
                    rank: e.rank,
                    proposal_id: p.id.to_string(),
                    title: p.title.clone(),
                    organization_name: p.organization_name.clone(),
                    decision: if accepted { "accepted" } else { "rejected" }.to_owned(),
                    weighted_total: e.raw.map(|a| a.weighted_total),
                })
            })
            .collect();
        let c = &followed.challenge;
        Self {
            challenge_id: c.id.to_string(),
            slug: c.content.slug.clone(),
            state: c.state.as_str().to_owned(),
            sponsor_opinions: c.content.sponsor_opinions,
            counts: followed.counts.iter().map(|(s, n)| (s.as_str().to_owned(), *n)).collect(),
            admitted: followed
                .admitted
                .into_iter()
                .map(|p| AdmittedDto {
                    id: p.id.to_string(),
                    title: p.title,
                    summary: p.summary,
                    description: p.description,
                    organization_id: p.organization_id.to_string(),
                    organization_name: p.organization_name,
                    state: p.state.as_str().to_owned(),
                    decided_at: p.decided_at,
                    opinions: p.opinions.into_iter().map(OpinionDto::from).collect(),
                })
                .collect(),
            ranking,
        }
    }
}

/// Challenge `id` as `actor` follows it: the API's endpoint and the administration's page.
///
/// # Errors
/// `forbidden` for anyone but its administrations' officers and hub managers; `not_found`.
pub async fn follow_one(state: &AppState, actor: Actor, id: String) -> Result<ChallengeFollow, ApiError> {
    let store = state.store.clone();
    blocking(move || store.challenge_follow(&actor, &id)).await
}

/// Follow a challenge.
///
/// The officers of its sponsoring and co-sponsoring administrations (scope `administration`) and hub managers
/// (scope `proposals:read`), in any state. How many proposals are in each state; the public summary (title,
/// summary, organisation) of each proposal admitted to evaluation, with its description and the opinions given on it
/// when the challenge asks its administrations for opinions; and, once decisions are made, the decided
/// proposals by weighted total with their decisions. Never a review, an evaluator's identity or a score before its
/// proposal's decision. Anyone else: `forbidden` (403), or `not_found` (404) for a challenge they may not see.
#[utoipa::path(tag = "challenges", security(("bearer" = [])), params(("id" = String, Path, description = "Challenge id or slug")), responses(
    (status = 200, description = "The challenge as its administrations follow it", body = FollowDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Neither an officer of its administrations nor a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/challenges/{id}/follow")]
pub async fn follow(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
) -> Result<web::Json<FollowDto>, ApiError> {
    Ok(web::Json(FollowDto::new(follow_one(&state, auth.0, path.into_inner()).await?)))
}
