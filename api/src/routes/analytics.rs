//! Funnel analytics for hub managers (issue 19): proposals per state, time in each stage, acceptance by
//! kind of organisation and the reviews' timeliness, of one challenge or all
//! ([`domain::analytics`]). The managers' page `/manage/analytics` shows the same figures.

use actix_web::{get, web};
use domain::analytics::Funnel;
use domain::{Actor, Challenge, Role, Scope};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::routes::blocking;
use crate::state::AppState;

/// Which challenge's figures.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnalyticsQuery {
    /// Only this challenge's proposals (its id or slug); every challenge's without it.
    #[param(max_length = 80)]
    pub challenge: Option<String>,
}

/// Proposals in one state.
#[derive(Debug, Serialize, ToSchema)]
pub struct StateCountDto {
    /// The state.
    pub state: String,
    /// How many proposals are in it now.
    #[schema(format = Int32, minimum = 0)]
    pub proposals: usize,
}

/// How long proposals stayed in one state.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageTimeDto {
    /// The state.
    pub state: String,
    /// Stays that ended (proposals still in it are not counted).
    #[schema(format = Int32, minimum = 0)]
    pub stays: usize,
    /// Median, in days.
    pub median_days: f64,
    /// 90th percentile, in days.
    pub p90_days: f64,
}

/// One kind of organisation's submissions and acceptances.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversionDto {
    /// `startup`, `university`, `research_centre`, `company` or `public_administration`.
    pub kind: String,
    /// Proposals ever submitted.
    #[schema(format = Int32, minimum = 0)]
    pub submitted: usize,
    /// Of those, decided after review (accepted, promoted or rejected).
    #[schema(format = Int32, minimum = 0)]
    pub decided: usize,
    /// Of those, accepted or promoted.
    #[schema(format = Int32, minimum = 0)]
    pub accepted: usize,
    /// Accepted over decided, once any is decided.
    pub acceptance_rate: Option<f64>,
}

/// Whether the reviews come in on time.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelinessDto {
    /// Reviews submitted.
    #[schema(format = Int32, minimum = 0)]
    pub submitted: usize,
    /// Of those, by their due date.
    #[schema(format = Int32, minimum = 0)]
    pub on_time: usize,
    /// Reviews still open past their due date.
    #[schema(format = Int32, minimum = 0)]
    pub overdue: usize,
    /// Median of submission minus due date, in days (negative: early).
    pub median_days_late: Option<f64>,
}

/// The funnel's figures.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "challenge_id": null,
    "states": [{"state": "draft", "proposals": 4}, {"state": "submitted", "proposals": 2},
               {"state": "under_review", "proposals": 6}],
    "stages": [{"state": "submitted", "stays": 12, "median_days": 2.5, "p90_days": 6.0},
               {"state": "under_review", "stays": 7, "median_days": 18.0, "p90_days": 30.5}],
    "conversion": [{"kind": "startup", "submitted": 9, "decided": 5, "accepted": 3, "acceptance_rate": 0.6}],
    "reviews": {"submitted": 21, "on_time": 18, "overdue": 2, "median_days_late": -1.5}
}))]
pub struct FunnelDto {
    /// The challenge, or none for every challenge.
    pub challenge_id: Option<String>,
    /// Proposals per state now, every state.
    pub states: Vec<StateCountDto>,
    /// Time in each stage proposals left, in the funnel's order.
    pub stages: Vec<StageTimeDto>,
    /// Per kind of organisation with a submission.
    pub conversion: Vec<ConversionDto>,
    /// The reviews.
    pub reviews: TimelinessDto,
}

impl FunnelDto {
    fn new(challenge: Option<&Challenge>, f: Funnel) -> Self {
        Self {
            challenge_id: challenge.map(|c| c.id.to_string()),
            states: f
                .counts
                .into_iter()
                .map(|(state, proposals)| StateCountDto { state: state.as_str().to_owned(), proposals })
                .collect(),
            stages: f
                .stages
                .into_iter()
                .map(|t| StageTimeDto {
                    state: t.state.as_str().to_owned(),
                    stays: t.stays,
                    median_days: t.median_days,
                    p90_days: t.p90_days,
                })
                .collect(),
            conversion: f
                .conversion
                .into_iter()
                .map(|c| ConversionDto {
                    acceptance_rate: c.rate(),
                    kind: c.kind,
                    submitted: c.submitted,
                    decided: c.decided,
                    accepted: c.accepted,
                })
                .collect(),
            reviews: TimelinessDto {
                submitted: f.reviews.submitted,
                on_time: f.reviews.on_time,
                overdue: f.reviews.overdue,
                median_days_late: f.reviews.median_days_late,
            },
        }
    }
}

/// The funnel of `challenge` (id or slug; every challenge without one) as `actor` reads it, with the
/// challenge: the API's endpoint and the managers' page.
///
/// # Errors
/// `forbidden` for anyone but hub managers; `not_found` for an unknown challenge.
pub async fn funnel_of(
    state: &AppState,
    actor: Actor,
    challenge: Option<String>,
) -> Result<(Option<Challenge>, Funnel), ApiError> {
    actor.require(Role::HubManager, Scope::ReviewsRead)?;
    let store = state.store.clone();
    blocking(move || {
        let challenge = crate::routes::narrowed_to(&store, &actor, challenge.as_deref())?;
        let id = challenge.as_ref().map(|c| c.id.to_string());
        Ok((challenge, store.funnel_analytics(&actor, id.as_deref())?))
    })
    .await
}

/// Read the funnel's figures.
///
/// Hub managers (scope `reviews:read`). Of one challenge (`challenge`, its id or slug) or every challenge: proposals
/// per state now; how long proposals stayed in each state they left (median and 90th percentile, in days); per kind
/// of organisation, submissions, decisions after review and acceptances; the reviews submitted, on time, overdue and
/// their median lateness.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(AnalyticsQuery), responses(
    (status = 200, description = "The figures", body = FunnelDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such challenge", body = Problem, content_type = "application/problem+json"),
))]
#[get("/analytics/funnel")]
pub async fn funnel(
    state: web::Data<AppState>,
    auth: Authenticated,
    query: web::Query<AnalyticsQuery>,
) -> Result<web::Json<FunnelDto>, ApiError> {
    let (challenge, f) = funnel_of(&state, auth.0, query.into_inner().challenge).await?;
    Ok(web::Json(FunnelDto::new(challenge.as_ref(), f)))
}
