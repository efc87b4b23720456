//! `/manage/evaluators`: the hub managers' directory of evaluators (`GET /api/v1/evaluators`) — name,
//! organisation, expertise and open reviews, searched by name and filtered by expertise.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use persistence::EvaluatorEntry;
use serde::Deserialize;

use super::manager;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::listing::filled;
use crate::web::{Layout, Visitor, render};

#[derive(Template)]
#[template(path = "web/manage/evaluators.html")]
struct DirectoryPage {
    l: Layout,
    q: String,
    expertise: String,
    evaluators: Vec<EvaluatorEntry>,
}

/// The directory's search form.
#[derive(Debug, Deserialize)]
pub struct DirectoryQuery {
    q: Option<String>,
    expertise: Option<String>,
}

/// The directory.
#[get("/manage/evaluators")]
pub async fn directory(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<DirectoryQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let DirectoryQuery { q, expertise } = query.into_inner();
    let (q, expertise) = (filled(q.as_deref()), filled(expertise.as_deref()));
    let store = state.store.clone();
    let (words, tag) = (q.clone(), expertise.clone());
    let evaluators = blocking(move || store.evaluators_directory(&actor, words.as_deref(), tag.as_deref())).await?;
    let page = DirectoryPage {
        q: q.unwrap_or_default(),
        expertise: expertise.unwrap_or_default(),
        evaluators,
        l: Layout::new(&state, &req, &mut visitor, "manage"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
