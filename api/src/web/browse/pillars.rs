//! `/pillars`: the four pillars of the versioned rubric, each with every level of its 0–5 scale.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::public::localized;
use crate::web::{Layout, Visitor, render};

/// A pillar with its scale.
struct PillarView {
    key: &'static str,
    name: String,
    about: String,
    /// (score, definition), 0 to 5.
    levels: Vec<(u8, String)>,
}

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
        pillars: rubric
            .pillars
            .iter()
            .map(|p| PillarView {
                key: p.pillar.key(),
                name: localized(locale, &p.name_it, Some(&p.name_en)),
                about: localized(locale, &p.description_it, Some(&p.description_en)),
                levels: p.levels.iter().map(|l| (l.score, localized(locale, &l.it, Some(&l.en)))).collect(),
            })
            .collect(),
        l: Layout::new(&state, &req, &mut visitor, "pillars"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
