//! The four pillars and their scale.

use actix_web::{get, web};
use domain::Rubric;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, Problem};
use crate::routes::blocking;
use crate::state::AppState;

/// One whole level of a pillar's 0–5 scale (evaluators score in half points).
#[derive(Debug, Serialize, ToSchema)]
pub struct LevelDto {
    /// 0 to 5.
    pub score: u8,
    /// Definition (Italian).
    pub it: String,
    /// Definition (English).
    pub en: String,
}

/// A pillar.
#[derive(Debug, Serialize, ToSchema)]
pub struct PillarDto {
    /// Stable key, e.g. `security_sovereignty`.
    pub key: String,
    /// Name (Italian).
    pub name_it: String,
    /// Name (English).
    pub name_en: String,
    /// What it assesses (Italian).
    pub description_it: String,
    /// What it assesses (English).
    pub description_en: String,
    /// The definition of every whole level, 0 to 5.
    pub levels: Vec<LevelDto>,
}

/// The versioned rubric.
#[derive(Debug, Serialize, ToSchema)]
pub struct RubricDto {
    /// Version of the rubric text.
    pub version: String,
    /// Scores go from this…
    pub min_score: f64,
    /// …to this…
    pub max_score: f64,
    /// …in steps of this.
    pub step: f64,
    /// The four pillars, in order.
    pub pillars: Vec<PillarDto>,
}

impl From<Rubric> for RubricDto {
    fn from(r: Rubric) -> Self {
        Self {
            version: r.version,
            min_score: 0.0,
            max_score: 5.0,
            step: 0.5,
            pillars: r
                .pillars
                .into_iter()
                .map(|p| PillarDto {
                    key: p.pillar.key().to_owned(),
                    name_it: p.name_it,
                    name_en: p.name_en,
                    description_it: p.description_it,
                    description_en: p.description_en,
                    levels: p.levels.into_iter().map(|l| LevelDto { score: l.score, it: l.it, en: l.en }).collect(),
                })
                .collect(),
        }
    }
}

/// The hub's four pillars with the definition of every level, in Italian and English.
#[utoipa::path(tag = "evaluation", responses(
    (status = 200, description = "The current rubric", body = RubricDto),
    (status = 503, description = "Unavailable", body = Problem, content_type = "application/problem+json"),
))]
#[get("/pillars")]
pub async fn list(state: web::Data<AppState>) -> Result<web::Json<RubricDto>, ApiError> {
    let store = state.store.clone();
    Ok(web::Json(blocking(move || store.rubric_current()).await?.into()))
}
