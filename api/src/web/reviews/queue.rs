//! `/reviews`: the evaluator's queue — every review assigned to them, due dates first among the open
//! ones, overdue and due-soon marked, through the store method of `GET /api/v1/reviews`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{PageRequest, Role, Scope};

use super::state_name;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::{Layout, Tr, Visitor, render};

/// A review as the queue lists it.
pub struct QueueRow {
    href: String,
    title: String,
    version: i32,
    state: String,
    due: String,
    /// `overdue`, `due-soon` or empty.
    urgency: &'static str,
    urgency_words: String,
}

#[derive(Template)]
#[template(path = "web/reviews/queue.html")]
struct QueuePage {
    l: Layout,
    /// Whether any proposal is assigned (the annexes' ZIP is offered).
    bundle: bool,
    open: Vec<QueueRow>,
    closed: Vec<QueueRow>,
}

/// How many reviews the page shows (the queue of one evaluator stays well below it).
const LIMIT: u32 = 200;

/// The queue.
#[get("/reviews")]
pub async fn queue(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    actor.require(Role::Evaluator, Scope::ReviewsRead)?;
    let store = state.store.clone();
    let page = PageRequest { after: None, limit: LIMIT };
    let found = blocking(move || store.reviews_queue(&actor, None, &page)).await?;
    let tr = Tr(visitor.locale);
    let now = state.store.now();
    let (mut open, closed): (Vec<_>, Vec<_>) = found.items.into_iter().partition(|r| r.assignment.state.is_open());
    open.sort_by_key(|r| r.assignment.due_at);
    let row = |r: persistence::ReviewView| {
        let a = &r.assignment;
        let urgency = match a.due_at - now {
            _ if !a.state.is_open() => "",
            left if left < chrono::Duration::zero() => "overdue",
            left if left < chrono::Duration::hours(48) => "due-soon",
            _ => "",
        };
        QueueRow {
            href: format!("/reviews/{}", a.id),
            title: r.proposal_title.clone(),
            version: a.proposal_version,
            state: state_name(tr, a.state),
            due: tr.datetime(&a.due_at),
            urgency,
            urgency_words: if urgency.is_empty() { String::new() } else { tr.t(&format!("reviews-{urgency}")) },
        }
    };
    let page = QueuePage {
        bundle: !open.is_empty() || !closed.is_empty(),
        open: open.into_iter().map(row).collect(),
        closed: closed.into_iter().map(row).collect(),
        l: Layout::new(&state, &req, &mut visitor, "reviews"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Every annex of the proposals assigned to the evaluator (of each, the latest version they read) in one ZIP,
/// streamed, as `GET /api/v1/me/assigned-annexes` answers it.
#[get("/reviews/annexes.zip")]
pub async fn bundle(state: web::Data<AppState>, req: HttpRequest, visitor: Visitor) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    actor.require(Role::Evaluator, Scope::ReviewsRead)?;
    let (store, person) = (state.store.clone(), actor.user_id);
    let bundle = blocking(move || store.annexes_assigned(&actor)).await?;
    let mut response =
        crate::annexes::bundle::response(&state.annexes, person, bundle, "allegati-proposte-assegnate.zip")?;
    visitor.finish(&state, &mut response);
    Ok(response)
}
