//! A challenge's ranking, with raw and calibrated totals, as JSON or CSV.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use domain::scoring::{Aggregate, Summed, ranking_of_sums};
use domain::{Pillar, Role, Scope};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::routes::blocking;
use crate::state::AppState;
use persistence::RankingInput;

/// One proposal in the ranking.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "rank": 1,
    "calibrated_rank": 1,
    "proposal_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
    "title": "Gestione intelligente dei rifiuti urbani con sensori IoT",
    "organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6",
    "state": "under_review",
    "reviews": 3,
    "weighted_total": 3.9,
    "calibrated_total": 3.8,
    "means": {
        "effectiveness_sustainability": 4.0,
        "growth_development": 3.5,
        "security_sovereignty": 4.5,
        "talent_skills": 3.5
    },
    "consensus_total": null,
    "passes": true,
    "needs_consensus": false,
    "submitted_at": "2026-03-02T09:15:00Z"
}))]
pub struct RankingRowDto {
    /// Rank (1 is best) by the scores a decision uses: a final consensus report's agreed scores, else the reviews'.
    #[schema(format = Int32, minimum = 1)]
    pub rank: usize,
    /// Rank under calibrated scores (a final consensus report's agreed scores where there is one).
    #[schema(format = Int32, minimum = 1)]
    pub calibrated_rank: usize,
    /// The proposal.
    pub proposal_id: String,
    /// Its title.
    pub title: String,
    /// Its organisation.
    pub organization_id: String,
    /// Its state.
    pub state: String,
    /// Submitted reviews of its current version.
    #[schema(format = Int32, minimum = 0)]
    pub reviews: usize,
    /// Weighted total of the pillar means.
    pub weighted_total: Option<f64>,
    /// The same after removing each evaluator's leniency.
    pub calibrated_total: Option<f64>,
    /// Mean per pillar.
    pub means: BTreeMap<String, f64>,
    /// The weighted total of the agreed scores of its final consensus report, if there is one.
    pub consensus_total: Option<f64>,
    /// Whether every pillar and the total reach their thresholds (the agreed scores, where there are some).
    pub passes: bool,
    /// Whether evaluators disagree by 2 points or more on a pillar.
    pub needs_consensus: bool,
    /// When it was last submitted.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// A challenge's ranking.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "challenge_id": "0192f0a3-5e6f-7a80-9b1c-2d3e4f5a6b7c",
    "leniency": {"0192f0a2-4d5e-7f60-b172-83a4b5c6d7e8": 0.25},
    "rows": [
        {
            "rank": 1,
            "calibrated_rank": 1,
            "proposal_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
            "title": "Gestione intelligente dei rifiuti urbani con sensori IoT",
            "organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6",
            "state": "under_review",
            "reviews": 3,
            "weighted_total": 3.9,
            "calibrated_total": 3.8,
            "means": {
                "effectiveness_sustainability": 4.0,
                "growth_development": 3.5,
                "security_sovereignty": 4.5,
                "talent_skills": 3.5
            },
            "consensus_total": null,
            "passes": true,
            "needs_consensus": false,
            "submitted_at": "2026-03-02T09:15:00Z"
        }
    ]
}))]
pub struct RankingDto {
    /// The challenge.
    pub challenge_id: String,
    /// Each evaluator's leniency: their mean offset from co-reviewers of the same proposals.
    pub leniency: BTreeMap<String, f64>,
    /// Proposals under review or decided, best first.
    pub rows: Vec<RankingRowDto>,
}

pub(crate) fn wants_csv(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().starts_with("text/csv")))
}

/// The ranking as CSV, a row a proposal (the API's `Accept: text/csv` and the managers' download).
///
/// # Errors
/// An internal error if the CSV cannot be written.
pub fn to_csv(ranking: &RankingDto) -> Result<String, ApiError> {
    let mut head = vec![
        "rank",
        "calibrated_rank",
        "proposal_id",
        "title",
        "organization_id",
        "state",
        "reviews",
        "weighted_total",
        "calibrated_total",
    ];
    head.extend(Pillar::ALL.iter().map(|p| p.key()));
    head.extend(["consensus_total", "passes", "needs_consensus", "submitted_at"]);
    let number = |v: Option<f64>| v.map(|v| format!("{v:.3}")).unwrap_or_default();
    let rows = ranking.rows.iter().map(|row| {
        let mut record = vec![
            row.rank.to_string(),
            row.calibrated_rank.to_string(),
            row.proposal_id.clone(),
            row.title.clone(),
            row.organization_id.clone(),
            row.state.clone(),
            row.reviews.to_string(),
            number(row.weighted_total),
            number(row.calibrated_total),
        ];
        record.extend(Pillar::ALL.iter().map(|p| number(row.means.get(p.key()).copied())));
        record.extend([
            number(row.consensus_total),
            row.passes.to_string(),
            row.needs_consensus.to_string(),
            row.submitted_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
        ]);
        record
    });
    crate::csv_export::document(&head, rows)
}

/// Read a challenge's ranking.
///
/// Hub managers (scope `reviews:read`). The challenge's proposals under review or decided, by weighted total, ties
/// broken by the pillar means in pillar order, then earlier submission; with raw and calibrated (evaluator-leniency
/// corrected) totals and ranks, pass/fail against the thresholds, and needs-consensus (a pillar's scores 2 points
/// or more apart). Where a proposal's current version has a final consensus report, both orders and pass/fail use
/// its agreed scores (`consensus_total`), the reviews' totals shown beside them. `Accept: text/csv` returns the
/// same as CSV.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Challenge id or slug")), responses(
    (status = 200, description = "The ranking as JSON, or as CSV with `Accept: text/csv`", content(
        (RankingDto = "application/json"),
        (String = "text/csv"),
    )),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/challenges/{id}/ranking")]
pub async fn get(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (_, dto) = ranking(&state, auth.0, path.into_inner()).await?;
    if wants_csv(&req) {
        return Ok(HttpResponse::Ok().content_type("text/csv; charset=utf-8").body(to_csv(&dto)?));
    }
    Ok(HttpResponse::Ok().json(dto))
}

/// The ranking of challenge `id` with the challenge itself: the API's endpoint and the managers' page.
///
/// # Errors
/// `forbidden` for anyone but hub managers; `not_found`.
pub async fn ranking(
    state: &AppState,
    actor: domain::Actor,
    id: String,
) -> Result<(domain::Challenge, RankingDto), ApiError> {
    actor.require(Role::HubManager, Scope::ReviewsRead)?;
    let store = state.store.clone();
    let RankingInput { challenge, rows, totals } = blocking(move || store.challenge_ranking_input(&actor, &id)).await?;
    let inputs: Vec<Summed> = rows.iter().map(persistence::RankingRow::summed).collect();
    let (entries, leniency) = ranking_of_sums(&inputs, &totals, &challenge.content.evaluation);
    let by_id: BTreeMap<_, _> = rows.into_iter().map(|r| (r.proposal_id, r)).collect();
    let total = |a: Option<Aggregate>| a.map(|a| a.weighted_total);
    let dto = RankingDto {
        challenge_id: challenge.id.to_string(),
        leniency: leniency.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        rows: entries
            .into_iter()
            .filter_map(|e| {
                let row = by_id.get(&e.proposal)?;
                Some(RankingRowDto {
                    rank: e.rank,
                    calibrated_rank: e.calibrated_rank,
                    proposal_id: e.proposal.to_string(),
                    title: row.title.clone(),
                    organization_id: row.organization_id.clone(),
                    state: row.state.as_str().to_owned(),
                    reviews: row.sums.reviews as usize,
                    weighted_total: total(e.raw),
                    calibrated_total: total(e.calibrated),
                    means: e
                        .raw
                        .map(|a| Pillar::ALL.iter().map(|p| (p.key().to_owned(), a.means[p.index()])).collect())
                        .unwrap_or_default(),
                    consensus_total: total(e.consensus),
                    passes: e.consensus.or(e.raw).is_some_and(|a| a.passes_all()),
                    needs_consensus: e.raw.is_some_and(|a| a.needs_consensus),
                    submitted_at: row.submitted_at,
                })
            })
            .collect(),
    };
    Ok((challenge, dto))
}
