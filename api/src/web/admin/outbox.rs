//! `/admin/outbox`: the mail outbox — by default its dead letters, each with its last error and a
//! retry (the same function as `POST /api/v1/admin/outbox/{id}/retry`); the other delivery states on
//! request. The content of a message is never shown: it may carry a single-use token.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::PageRequest;
use persistence::OutboxStatus;
use serde::Deserialize;

use super::admin;
use super::desk::delivery_name;
use crate::error::ApiError;
use crate::routes::admin::retry_one;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::listing::{filled, next_page};
use crate::web::manage::{Refusal, refusal_in};
use crate::web::{Layout, Tr, Visitor, render, see_other};

const STATES: [OutboxStatus; 3] = [OutboxStatus::Dead, OutboxStatus::Pending, OutboxStatus::Sent];

/// A message as a row of the list.
pub struct Row {
    id: String,
    created: String,
    template: String,
    recipient: String,
    status: String,
    attempts: i32,
    last_error: Option<String>,
    sent: Option<String>,
    dead: bool,
}

#[derive(Template)]
#[template(path = "web/admin/outbox.html")]
struct OutboxPage {
    l: Layout,
    csrf: String,
    rows: Vec<Row>,
    states: Vec<(&'static str, String, bool)>,
    all: bool,
    next: Option<String>,
    notice: Option<String>,
    refusal: Option<Refusal>,
}

/// The list's filter: `dead` when none is given, `all` for every message.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    cursor: Option<String>,
    done: Option<String>,
}

async fn outbox_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    query: ListQuery,
    refusal: Option<Refusal>,
) -> Result<OutboxPage, ApiError> {
    admin(visitor, req)?;
    let chosen = filled(query.status.as_deref()).unwrap_or_else(|| "dead".to_owned());
    let status = chosen.parse::<OutboxStatus>().ok();
    let page = PageRequest { after: filled(query.cursor.as_deref()), limit: 50 };
    let store = state.store.clone();
    let found = blocking(move || store.outbox_list(status, &page)).await?;
    let tr = Tr(visitor.locale);
    let rows = found
        .items
        .into_iter()
        .map(|m| Row {
            created: tr.datetime(&m.created_at),
            template: m.mail.template.as_str().to_owned(),
            recipient: m.mail.to.as_str().to_owned(),
            status: delivery_name(tr, m.status),
            attempts: m.attempts,
            last_error: m.last_error,
            sent: m.sent_at.map(|at| tr.datetime(&at)),
            dead: m.status == OutboxStatus::Dead,
            id: m.id,
        })
        .collect();
    let notice = query.done.as_deref().filter(|d| *d == "retried").map(|_| tr.t("admin-outbox-retried"));
    Ok(OutboxPage {
        csrf: visitor.csrf(state),
        rows,
        states: STATES.iter().map(|s| (s.as_str(), delivery_name(tr, *s), status == Some(*s))).collect(),
        all: status.is_none(),
        next: next_page("/admin/outbox", &[("status", Some(chosen))], found.next_cursor),
        notice,
        refusal,
        l: Layout::new(state, req, visitor, "admin"),
    })
}

/// The list.
#[get("/admin/outbox")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = outbox_page(&state, &req, &mut visitor, query.into_inner(), None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Retries a dead message.
#[post("/admin/outbox/{id}/retry")]
pub async fn retry(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = admin(&visitor, &req)?;
    match retry_one(&state, actor.user_id, path.into_inner()).await {
        Ok(_) => Ok(see_other(&state, &visitor, "/admin/outbox?status=dead&done=retried")),
        Err(error) => {
            let (status, why) = refusal_in("admin", Tr(visitor.locale), error, "messages-heading")?;
            let page = outbox_page(&state, &req, &mut visitor, ListQuery::default(), Some(why)).await?;
            render(&state, &visitor, status, &page)
        }
    }
}
