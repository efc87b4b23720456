//! The hub managers' directory of evaluators: whom they can assign or automatic assignment will
//! consider, with the expertise each declares and the reviews each has open.

use actix_web::{get, web};
use domain::{Role, Scope};
use persistence::EvaluatorEntry;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::query::Query;
use crate::routes::{ListOf, blocking};
use crate::state::AppState;

/// An evaluator.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0a2-1c2d-7e3f-a041-52637485a6b8",
    "display_name": "Elena Rinaldi",
    "organization": "Università degli Studi di Valdora",
    "expertise": ["cloud", "cybersecurity"],
    "open_reviews": 2
}))]
pub struct EvaluatorDto {
    /// The user id, as assignments ask for it.
    pub id: String,
    /// Name.
    pub display_name: String,
    /// Their organisation's name.
    pub organization: String,
    /// The expertise tags they declare (automatic assignment matches them with a proposal's tags).
    pub expertise: Vec<String>,
    /// Reviews assigned to them and not yet submitted, across the hub.
    pub open_reviews: i64,
}

impl From<EvaluatorEntry> for EvaluatorDto {
    fn from(e: EvaluatorEntry) -> Self {
        Self {
            id: e.id.to_string(),
            display_name: e.name,
            organization: e.organization,
            expertise: e.expertise,
            open_reviews: e.open_reviews,
        }
    }
}

/// Filters of the directory.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvaluatorQuery {
    /// Words in the name (case does not matter).
    pub q: Option<String>,
    /// Only evaluators who declare this expertise tag.
    pub expertise: Option<String>,
}

/// List the evaluators.
///
/// Hub managers (a token needs `proposals:read`): every evaluator by name, with their organisation, their expertise
/// and the reviews they have open — the ids assignments ask for. At most 500.
#[utoipa::path(tag = "evaluation", security(("bearer" = [])), params(EvaluatorQuery), responses(
    (status = 200, description = "The evaluators", body = ListOf<EvaluatorDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
))]
#[get("/evaluators")]
pub async fn evaluators(
    state: web::Data<AppState>,
    auth: Authenticated,
    query: Query<EvaluatorQuery>,
) -> Result<web::Json<ListOf<EvaluatorDto>>, ApiError> {
    auth.0.require(Role::HubManager, Scope::ProposalsRead)?;
    let EvaluatorQuery { q, expertise } = query.into_inner();
    let store = state.store.clone();
    let found = blocking(move || store.evaluators_directory(&auth.0, q.as_deref(), expertise.as_deref())).await?;
    Ok(web::Json(ListOf { items: found.into_iter().map(EvaluatorDto::from).collect() }))
}
