//! `/pillars`: the four pillars of the versioned rubric, each with every level of its 0–5 scale.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::rubric::{PillarView, pillars};
use crate::web::{Layout, Visitor, render};

#[derive(Template)]
#[template(path = "web/browse/pillars.html")]
struct PillarsPage {
    l: Layout,
    version: String,
    pillars: Vec<PillarView>,
}

/// The four pillars.
#[get("/pillars")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let store = state.store.clone();
    let rubric = blocking(move || store.rubric_current()).await?;
    let locale = visitor.locale;
    let page = PillarsPage {
        version: rubric.version.clone(),
        pillars: pillars(&rubric, locale),
        l: Layout::new(&state, &req, &mut visitor, "pillars"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
