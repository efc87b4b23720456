//! `/editor/services/{slug}/history`: every step of a service's life, oldest first, through the store
//! method of `GET /api/v1/catalogue/services/{slug}/history`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;

use super::{editor, state_name};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::{Layout, Tr, Visitor, render};

/// One step as the table shows it.
pub struct Step {
    when: String,
    action: String,
    who: String,
    from: String,
    to: String,
    note: String,
}

#[derive(Template)]
#[template(path = "web/editor/history.html")]
struct HistoryPage {
    l: Layout,
    slug: String,
    name: String,
    steps: Vec<Step>,
}

/// The history.
#[get("/editor/services/{slug}/history")]
pub async fn history(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = editor(&visitor, &req)?;
    let (store, slug) = (state.store.clone(), path.into_inner());
    let (view, entries) = blocking(move || {
        let view = store.service_get(Some(&actor), &slug)?;
        Ok::<_, persistence::StoreError>((view, store.service_history(Some(&actor), &slug)?))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let steps = entries
        .into_iter()
        .map(|e| Step {
            when: tr.datetime(&e.occurred_at),
            action: tr.t(&format!("editor-action-{}", e.action)),
            who: e.actor_name.unwrap_or_else(|| tr.t("editor-history-nobody")),
            from: e.from_state.map_or_else(|| "—".to_owned(), |s| state_name(tr, s)),
            to: state_name(tr, e.to_state),
            note: e.note.unwrap_or_default(),
        })
        .collect();
    let page = HistoryPage {
        slug: view.service.content.slug.clone(),
        name: view.service.content.name.clone(),
        steps,
        l: Layout::new(&state, &req, &mut visitor, "editor"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
