//! Review quality (issue 19): hub managers and the version's rapporteur rate a submitted review with
//! HotCRP's labels and a note to its evaluator; the hub flags reviews far shorter than the challenge's
//! norm, far from the consensus or recommending against their own scores; each evaluator's record.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, put, web};
use chrono::{DateTime, Utc};
use domain::quality::RatingContent;
use domain::review::AssignmentId;
use domain::{Role, Scope, UserId};
use persistence::{EvaluatorQuality, RatingsView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::blocking;
use crate::state::AppState;

/// One rating of a review.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingDto {
    /// `helpful`, `too_short`, `vague`, `narrow`, `inconsistent`, `disrespectful`.
    pub labels: Vec<String>,
    /// The note to the evaluator.
    pub note: Option<String>,
    /// Who rated (null for the evaluator, who reads the ratings unsigned).
    pub rater: Option<String>,
    /// When (last changed).
    pub rated_at: DateTime<Utc>,
}

/// A review's ratings and the hub's flags on it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "review_id": "0192f0a2-1b2c-7d3e-8f40-5a6b7c8d9e0f",
    "flags": ["short"],
    "may_rate": true,
    "ratings": [{"labels": ["too_short", "vague"], "note": "Motivare il punteggio sulla sicurezza.",
                 "rater": "Marta Galli", "rated_at": "2026-04-03T10:00:00Z"}]
}))]
pub struct RatingsDto {
    /// The review.
    pub review_id: String,
    /// What the hub notices on its own: `short` (far shorter than the challenge's norm), `far_from_consensus`
    /// (some pillar 2 points or more from the final consensus), `recommendation_at_odds` (the recommendation
    /// contradicts the review's own scores against the thresholds).
    pub flags: Vec<String>,
    /// Whether the caller may rate it.
    pub may_rate: bool,
    /// The ratings, oldest first.
    pub ratings: Vec<RatingDto>,
}

impl From<RatingsView> for RatingsDto {
    fn from(v: RatingsView) -> Self {
        Self {
            review_id: v.review.to_string(),
            flags: v.flags.iter().map(|f| f.as_str().to_owned()).collect(),
            may_rate: v.may_rate,
            ratings: v
                .ratings
                .into_iter()
                .map(|(r, rater)| RatingDto {
                    labels: r.content.labels.iter().map(|l| l.as_str().to_owned()).collect(),
                    note: r.content.note,
                    rater,
                    rated_at: r.at,
                })
                .collect(),
        }
    }
}

/// A rating of a review.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"labels": ["too_short", "vague"], "note": "Motivare il punteggio sulla sicurezza."}))]
pub struct RatingRequest {
    /// At least one of `helpful`, `too_short`, `vague`, `narrow`, `inconsistent`, `disrespectful`; `helpful` never
    /// with a fault.
    #[serde(default)]
    #[schema(max_items = 6, min_items = 1)]
    pub labels: Vec<String>,
    /// A note to the evaluator.
    pub note: Option<String>,
}

/// Read a review's ratings.
///
/// Its evaluator (unsigned), the hub managers who read the version's reviews and the version's rapporteur (a token
/// needs `reviews:read`): the ratings and the hub's flags. Anyone else: 404.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Review id")), responses(
    (status = 200, description = "The ratings", body = RatingsDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A token without `reviews:read`", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found, or not one of its readers", body = Problem, content_type = "application/problem+json"),
))]
#[get("/reviews/{id}/ratings")]
pub async fn ratings(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<AssignmentId>,
) -> Result<web::Json<RatingsDto>, ApiError> {
    auth.0.require_scope(Scope::ReviewsRead)?;
    let (store, id) = (state.store.clone(), path.into_inner());
    Ok(web::Json(blocking(move || store.review_ratings(&auth.0, id)).await?.into()))
}

/// Rate a review.
///
/// A hub manager who reads the version's reviews, or the version's rapporteur (a token needs `reviews:write`),
/// never the review's own evaluator (403); a submitted review only (`not_submitted`, 409). Replaces the caller's
/// earlier rating (200); the first one is created (201) and its evaluator emailed.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), request_body = RatingRequest,
    params(("id" = String, Path, description = "Review id")), responses(
    (status = 200, description = "Rating replaced", body = RatingsDto),
    (status = 201, description = "Rating given", body = RatingsDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Neither a hub manager reading the reviews nor the rapporteur; or the review's evaluator", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The review is not submitted", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "No label, an unknown or contradictory one, or a note too long", body = Problem, content_type = "application/problem+json"),
))]
#[put("/reviews/{id}/rating")]
pub async fn rate(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<AssignmentId>,
    body: Json<RatingRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let RatingRequest { labels, note } = body.into_inner();
    let (view, created) = give_rating(&state, auth.0, id, &labels, note.as_deref()).await?;
    let dto = RatingsDto::from(view);
    Ok(if created {
        crate::routes::located(HttpResponse::Created().json(dto), &format!("/api/v1/reviews/{id}/ratings"))
    } else {
        HttpResponse::Ok().json(dto)
    })
}

/// Rates as the endpoint does (also the manager's page): the view and whether the rating is new.
///
/// # Errors
/// As the endpoint.
pub async fn give_rating(
    state: &AppState,
    actor: domain::Actor,
    id: AssignmentId,
    labels: &[String],
    note: Option<&str>,
) -> Result<(RatingsView, bool), ApiError> {
    actor.require_scope(Scope::ReviewsWrite)?;
    let content = RatingContent::parse(labels, note)?;
    let (store, base) = (state.store.clone(), state.settings.public_url.as_str().trim_end_matches('/').to_owned());
    blocking(move || store.review_rate(&actor, id, content, &base)).await
}

/// An evaluator's quality record.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "evaluator_id": "0192f0a2-1c2d-7e3f-a041-52637485a6b8",
    "display_name": "Elena Rinaldi",
    "submitted": 12,
    "on_time": 11,
    "labels": {"helpful": 6, "too_short": 1},
    "flags": {"far_from_consensus": 1},
    "leniency": 0.25,
    "consensus_distance": 0.4,
    "merit": 0.83
}))]
pub struct QualityDto {
    /// The evaluator.
    pub evaluator_id: String,
    /// Their name.
    pub display_name: String,
    /// Reviews submitted.
    pub submitted: u32,
    /// Of which by their due date.
    pub on_time: u32,
    /// The labels of the ratings their reviews received, by label.
    pub labels: BTreeMap<String, u32>,
    /// The hub's flags on their reviews, by flag.
    pub flags: BTreeMap<String, u32>,
    /// Mean offset of their scores from their co-reviewers' (positive: more lenient), where they share a proposal.
    pub leniency: Option<f64>,
    /// Mean distance of their scores from the final consensus, per pillar, over the reviews that have one.
    pub consensus_distance: Option<f64>,
    /// The figure automatic assignment breaks ties with when asked: on time, helpful, minus faults per review
    /// (0 without reviews).
    pub merit: f64,
}

impl From<EvaluatorQuality> for QualityDto {
    fn from(q: EvaluatorQuality) -> Self {
        let r = q.record;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            evaluator_id: q.evaluator.to_string(),
            display_name: q.name,
            submitted: count(r.submitted),
            on_time: count(r.on_time),
            merit: r.merit(),
            labels: r.labels.iter().map(|(l, n)| (l.as_str().to_owned(), count(*n))).collect(),
            flags: r.flags.iter().map(|(f, n)| (f.as_str().to_owned(), count(*n))).collect(),
            leniency: r.leniency,
            consensus_distance: r.consensus_distance,
        }
    }
}

/// Read an evaluator's quality record.
///
/// Hub managers (a token needs `proposals:read`): the evaluator's submitted reviews, how many on time, the ratings'
/// labels and the hub's flags they received, their leniency and their distance from the consensus.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Evaluator's user id")), responses(
    (status = 200, description = "The record", body = QualityDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No evaluator with this id", body = Problem, content_type = "application/problem+json"),
))]
#[get("/evaluators/{id}/quality")]
pub async fn quality(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<UserId>,
) -> Result<web::Json<QualityDto>, ApiError> {
    auth.0.require(Role::HubManager, Scope::ProposalsRead)?;
    let (store, id) = (state.store.clone(), path.into_inner());
    Ok(web::Json(blocking(move || store.evaluator_quality(&auth.0, id)).await?.into()))
}
