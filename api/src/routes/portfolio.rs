//! A challenge's proposed portfolio within its budget (issue 19): the exact best set of passing
//! proposals that fits, beside the rank order, with why each other proposal is out.

use actix_web::{HttpResponse, get, web};
use domain::portfolio::{Portfolio, propose};
use domain::{DomainError, Role, Scope};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::routes::blocking;
use crate::state::AppState;
use persistence::RankingInput;

/// A line of the portfolio, for the document's examples.
fn line_example() -> serde_json::Value {
    serde_json::json!({
        "rank": 1,
        "proposal_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
        "title": "Telemonitoraggio FHIR a bassa connettività per le Case della Comunità",
        "organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6",
        "state": "under_review",
        "weighted_total": 4.1,
        "budget_cents": 32000000,
        "standing": "selected"
    })
}

/// One ranked proposal and where it stands in the portfolio.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = line_example)]
pub struct PortfolioLineDto {
    /// Its place in the ranking (raw weighted totals; 1 is best).
    #[schema(format = Int32, minimum = 1)]
    pub rank: usize,
    /// The proposal.
    pub proposal_id: String,
    /// Its title.
    pub title: String,
    /// Its organisation.
    pub organization_id: String,
    /// Its state.
    pub state: String,
    /// Its weighted total (none before a review).
    pub weighted_total: Option<f64>,
    /// Its requested budget in euro cents (0 when it asks for none).
    pub budget_cents: i64,
    /// `committed` (accepted already: its budget is spent), `selected` (in the proposed portfolio), or why it
    /// is out: `rejected`, `reviews_missing` (fewer submitted reviews than the challenge requires),
    /// `below_threshold`, `over_budget` (asks for more than the budget leaves, on its own) or `outscored` (it
    /// fits on its own, but the proposals selected are worth more together than any set with it).
    pub standing: String,
}

/// The proposed portfolio.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "challenge_id": "0192f0a3-5e6f-7a80-9b1c-2d3e4f5a6b7c",
    "budget_cents": 50000000,
    "committed_cents": 0,
    "selected_cents": 47000000,
    "remaining_cents": 3000000,
    "total_score": 7.9,
    "exact": true,
    "lines": [line_example()]
}))]
pub struct PortfolioDto {
    /// The challenge.
    pub challenge_id: String,
    /// Its budget in euro cents.
    pub budget_cents: i64,
    /// What its accepted proposals take of it.
    pub committed_cents: i64,
    /// What the proposed ones take.
    pub selected_cents: i64,
    /// What is left (negative when accepted proposals exceed the budget).
    pub remaining_cents: i64,
    /// Σ of the weighted totals of the accepted and proposed proposals: the greatest any set that fits reaches.
    pub total_score: f64,
    /// Whether the selection is proved optimal: false only if the search stopped at its limit (millions of
    /// candidate sets), when it is the best found.
    pub exact: bool,
    /// Every ranked proposal, in ranking order.
    pub lines: Vec<PortfolioLineDto>,
}

/// Read a challenge's proposed portfolio.
///
/// Hub managers (scope `reviews:read`), for a challenge that sets a budget (`no_budget`, 409, otherwise). Of its
/// proposals under review with the required reviews and passing every threshold, the set whose requested budgets fit
/// what the accepted ones leave of the budget and whose weighted totals add up to the most (an exact 0/1 knapsack
/// over euro cents); among sets of equal total, the better-ranked proposal goes in first. Every ranked proposal is
/// listed in ranking order with where it stands. The decisions remain the managers': each decision's history records
/// whether it followed the portfolio (`portfolio`). Proposals whose reviews the reader may not yet read (the blind
/// rule) are left out, as in the ranking.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(("id" = String, Path, description = "Challenge id or slug")), responses(
    (status = 200, description = "The portfolio", body = PortfolioDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The challenge sets no budget", body = Problem, content_type = "application/problem+json"),
))]
#[get("/challenges/{id}/portfolio")]
pub async fn get(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (_, dto) = portfolio(&state, auth.0, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(dto))
}

/// The portfolio of challenge `id` with the challenge itself: the API's endpoint and the ranking page.
///
/// # Errors
/// `forbidden` for anyone but hub managers; `not_found`; `no_budget`.
pub async fn portfolio(
    state: &AppState,
    actor: domain::Actor,
    id: String,
) -> Result<(domain::Challenge, PortfolioDto), ApiError> {
    actor.require(Role::HubManager, Scope::ReviewsRead)?;
    let store = state.store.clone();
    let input = blocking(move || store.challenge_ranking_input(&actor, &id)).await?;
    let Some(portfolio) = of(&input) else {
        return Err(DomainError::conflict("no_budget", "the challenge sets no budget").into());
    };
    let dto = PortfolioDto::new(&input, &portfolio);
    Ok((input.challenge, dto))
}

/// The portfolio of a ranking's input; none without a budget.
pub fn of(input: &RankingInput) -> Option<Portfolio> {
    let budget = input.challenge.content.budget_cents?;
    let contenders: Vec<_> = input.rows.iter().map(persistence::RankingRow::contender).collect();
    Some(propose(&contenders, &input.challenge.content.evaluation, budget))
}

impl PortfolioDto {
    /// The DTO of `portfolio`, with the titles of `input`'s rows.
    pub fn new(input: &RankingInput, portfolio: &Portfolio) -> Self {
        let rows: std::collections::BTreeMap<_, _> = input.rows.iter().map(|r| (r.proposal_id, r)).collect();
        Self {
            challenge_id: input.challenge.id.to_string(),
            budget_cents: portfolio.budget_cents,
            committed_cents: portfolio.committed_cents,
            selected_cents: portfolio.selected_cents,
            remaining_cents: portfolio.budget_cents - portfolio.committed_cents - portfolio.selected_cents,
            total_score: portfolio.total_score,
            exact: portfolio.exact,
            lines: portfolio
                .lines
                .iter()
                .filter_map(|l| {
                    let row = rows.get(&l.proposal)?;
                    Some(PortfolioLineDto {
                        rank: l.rank,
                        proposal_id: l.proposal.to_string(),
                        title: row.title.clone(),
                        organization_id: row.organization_id.clone(),
                        state: row.state.as_str().to_owned(),
                        weighted_total: l.aggregate.map(|a| a.weighted_total),
                        budget_cents: l.budget_cents,
                        standing: l.standing.key().to_owned(),
                    })
                })
                .collect(),
        }
    }
}
