//! `/area/webhook/{id}`: one endpoint its managers read — its details, the forms that change it
//! (URL, description and events; disable or enable; a new secret, shown once; a test event; deletion
//! after a clear confirmation) and its delivery log, each delivery with a redelivery. Every form posts
//! with its CSRF token and comes back here with a notice (or the page again, with what was refused);
//! anyone who does not manage the endpoint gets the 404 page, as the API answers them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::webhook::{DeliveryId, DeliveryStatus, EndpointId, OVERLAP_DEFAULT_HOURS, OVERLAP_MAX_HOURS};
use domain::{DomainError, PageRequest};
use persistence::{Delivery, DeliveryFilter, EndpointPatch};
use serde::Deserialize;

use super::{EndpointView, EventChoice, LIST, Typed, endpoint_path, event_choices, event_words, input_id};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::webhooks::{checked, rotate_secret};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::listing::{filled, next_page};
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// What each form did, for the notice (`?done=`).
pub(super) const DONE: [&str; 6] = ["saved", "enabled", "disabled", "pinged", "redelivered", "in_flight"];

/// A delivery as a row of the log.
pub struct DeliveryRow {
    redeliver: String,
    event: String,
    webhook_id: String,
    status: String,
    attempts: i32,
    last_code: Option<i32>,
    last_error: Option<String>,
    latency: Option<String>,
    created: String,
    /// When it was delivered, or when the next attempt is due.
    then: Option<String>,
}

impl DeliveryRow {
    fn new(tr: Tr, endpoint: EndpointId, d: Delivery) -> Self {
        let then = match d.status {
            DeliveryStatus::Delivered => {
                d.delivered_at.map(|at| tr.t1("webhook-delivered-at", "when", tr.datetime(&at)))
            }
            DeliveryStatus::Pending => Some(tr.t1("webhook-next-attempt", "when", tr.datetime(&d.next_attempt_at))),
            DeliveryStatus::Failed => None,
        };
        Self {
            redeliver: format!("{}/deliveries/{}/redeliver", endpoint_path(endpoint), d.id),
            event: event_words(tr, d.event_type).0,
            webhook_id: d.event_id,
            status: tr.t(&format!("webhook-delivery-{}", d.status.as_str())),
            attempts: d.attempts,
            last_code: d.last_code,
            last_error: d.last_error,
            latency: d.log.first().map(|a| tr.t1("webhook-latency", "n", a.latency_ms)),
            created: tr.datetime(&d.created_at),
            then,
        }
    }
}

#[derive(Template)]
#[template(path = "web/account/webhooks_endpoint.html")]
struct EndpointPage {
    l: Layout,
    csrf: String,
    action: String,
    endpoint: EndpointView,
    /// The edit form's fields.
    typed: Typed,
    events: Vec<EventChoice>,
    overlap: String,
    overlap_max: i64,
    errors: FieldErrors,
    notice: Option<String>,
    deliveries: Vec<DeliveryRow>,
    /// The log's filter: each status's value, words, and whether it is chosen.
    statuses: Vec<(&'static str, String, bool)>,
    next: Option<String>,
}

impl EndpointPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// `?done=`, and the log's `?status=` and `?cursor=`.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    done: Option<String>,
    status: Option<String>,
    cursor: Option<String>,
}

/// What a refused form leaves on the page: the edit form's fields (else the endpoint's own), the
/// overlap typed, the errors.
#[derive(Default)]
struct Refused {
    typed: Option<Typed>,
    overlap: Option<String>,
    errors: FieldErrors,
}

/// The page of endpoint `id` as `visitor` manages it (a 404 for anyone else).
async fn endpoint_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: EndpointId,
    query: PageQuery,
    refused: Refused,
) -> Result<EndpointPage, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    let tr = Tr(visitor.locale);
    let status = filled(query.status.as_deref()).and_then(|s| s.parse::<DeliveryStatus>().ok());
    let page = PageRequest { after: filled(query.cursor.as_deref()), limit: 20 };
    let store = state.store.clone();
    let (endpoint, found) = blocking(move || {
        let endpoint = store.webhook_get(&actor, id)?;
        let found = store.webhook_deliveries(&actor, id, DeliveryFilter { status }, &page)?;
        Ok((endpoint, found))
    })
    .await?;
    let typed = refused.typed.unwrap_or_else(|| Typed {
        url: endpoint.content.url.as_str().to_owned(),
        description: endpoint.content.description.clone(),
        events: endpoint.content.events.iter().map(|e| e.as_str().to_owned()).collect(),
        scope: String::new(),
    });
    let notice = query.done.as_deref().filter(|d| DONE.contains(d)).map(|d| tr.t(&format!("webhook-done-{d}")));
    let path = endpoint_path(id);
    let filter = [("status", status.map(|s| s.as_str().to_owned()))];
    Ok(EndpointPage {
        csrf: visitor.csrf(state),
        events: event_choices(tr, &typed.events),
        typed,
        overlap: refused.overlap.unwrap_or_else(|| OVERLAP_DEFAULT_HOURS.to_string()),
        overlap_max: OVERLAP_MAX_HOURS,
        errors: refused.errors,
        notice,
        deliveries: found.items.into_iter().map(|d| DeliveryRow::new(tr, id, d)).collect(),
        statuses: DeliveryStatus::ALL
            .iter()
            .map(|s| (s.as_str(), tr.t(&format!("webhook-delivery-{}", s.as_str())), status == Some(*s)))
            .collect(),
        next: next_page(&path, &filter, found.next_cursor).map(|next| format!("{next}#deliveries-heading")),
        endpoint: EndpointView::new(tr, endpoint),
        action: path,
        l: Layout::new(state, req, visitor, "account"),
    })
}

/// The page again with what a form was refused for (422).
async fn refused_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: EndpointId,
    refused: Refused,
) -> Result<HttpResponse, ApiError> {
    let page = endpoint_page(state, req, visitor, id, PageQuery::default(), refused).await?;
    render(state, visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// Back to the page after a form, with its notice.
fn done(state: &AppState, visitor: &Visitor, id: EndpointId, what: &str) -> HttpResponse {
    see_other(state, visitor, &format!("{}?done={what}", endpoint_path(id)))
}

/// The endpoint, its forms and its delivery log.
#[get("/area/webhook/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<EndpointId>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (id, query) = (path.into_inner(), query.into_inner());
    let page = endpoint_page(&state, &req, &mut visitor, id, query, Refused::default()).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Saves the URL (checked as at registration), description and events.
#[post("/area/webhook/{id}")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<EndpointId>,
    form: Form<Typed>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let (id, typed) = (path.into_inner(), form.0);
    // Its managers only, before the address is looked at: anyone else gets the 404 page.
    let store = state.store.clone();
    let reader = actor.clone();
    let current = blocking(move || store.webhook_get(&reader, id)).await?;
    let saved = match checked(&state, &typed.url, Some(&typed.description), &typed.events, Some(&current.content)).await
    {
        Ok(content) => {
            let (store, patch) = (state.store.clone(), EndpointPatch { content: Some(content), enabled: None });
            blocking(move || store.webhook_update(&actor, id, patch)).await.map(|_| ())
        }
        Err(error) => Err(error),
    };
    match saved {
        Ok(()) => Ok(done(&state, &visitor, id, "saved")),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let errors = FieldErrors::from_domain(Tr(visitor.locale), &fields, input_id);
            refused_page(&state, &req, &mut visitor, id, Refused { typed: Some(typed), errors, ..Refused::default() })
                .await
        }
        Err(other) => Err(other),
    }
}

/// The state form: `enabled` is `1` to enable, `0` to disable.
#[derive(Debug, Deserialize)]
pub struct Switch {
    #[serde(default)]
    enabled: String,
}

/// Disables the endpoint, or enables it again (what waited goes out at once, its failures forgotten).
#[post("/area/webhook/{id}/state")]
pub async fn switch(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<EndpointId>,
    form: Form<Switch>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let enabled = match form.0.enabled.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(ApiError::bad_request("malformed_form", "`enabled` is 1 (enable) or 0 (disable)")),
    };
    let id = path.into_inner();
    let (store, patch) = (state.store.clone(), EndpointPatch { content: None, enabled: Some(enabled) });
    blocking(move || store.webhook_update(&actor, id, patch)).await?;
    Ok(done(&state, &visitor, id, if enabled { "enabled" } else { "disabled" }))
}

/// The rotation form.
#[derive(Debug, Deserialize)]
pub struct Rotation {
    #[serde(default)]
    overlap_hours: String,
}

/// A new secret, shown this once; the previous one signs beside it for the hours chosen.
#[post("/area/webhook/{id}/rotate")]
pub async fn rotate(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<EndpointId>,
    form: Form<Rotation>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let (id, typed) = (path.into_inner(), form.0.overlap_hours.trim().to_owned());
    let hours = if typed.is_empty() { Some(None) } else { typed.parse::<i64>().ok().map(Some) };
    let rotated = match hours {
        Some(hours) => rotate_secret(&state, actor.clone(), id, hours).await,
        None => Err(DomainError::invalid("overlap_hours", "not_a_number", "is not a whole number").into()),
    };
    match rotated {
        Ok(created) => {
            let store = state.store.clone();
            let endpoint = blocking(move || store.webhook_get(&actor, id)).await?;
            super::secret_page(&state, &req, &mut visitor, created, endpoint, true)
        }
        Err(ApiError::Domain(DomainError::Invalid(_))) => {
            let message = Tr(visitor.locale).t1("webhook-overlap-invalid", "max", OVERLAP_MAX_HOURS);
            let errors = FieldErrors(vec![("overlap_hours".to_owned(), message)]);
            let refused = Refused { overlap: Some(typed), errors, ..Refused::default() };
            refused_page(&state, &req, &mut visitor, id, refused).await
        }
        Err(other) => Err(other),
    }
}

/// Queues a test event (`webhook.ping`) to this endpoint only.
#[post("/area/webhook/{id}/ping")]
pub async fn ping(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<EndpointId>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let (store, id) = (state.store.clone(), path.into_inner());
    blocking(move || store.webhook_ping(&actor, id)).await?;
    Ok(done(&state, &visitor, id, "pinged"))
}

/// The deletion form: the box that says the person understands.
#[derive(Debug, Deserialize)]
pub struct Deletion {
    confirm: Option<String>,
}

/// Deletes the endpoint with its delivery log, once confirmed.
#[post("/area/webhook/{id}/delete")]
pub async fn remove(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<EndpointId>,
    form: Form<Deletion>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    if form.0.confirm.as_deref() != Some("yes") {
        let errors = FieldErrors::one(Tr(visitor.locale), "confirm", "not_confirmed");
        return refused_page(&state, &req, &mut visitor, id, Refused { errors, ..Refused::default() }).await;
    }
    let store = state.store.clone();
    blocking(move || store.webhook_delete(&actor, id)).await?;
    Ok(see_other(&state, &visitor, &format!("{LIST}?done=deleted")))
}

/// Sends a delivery again: a new round of attempts with the same `webhook-id`.
#[post("/area/webhook/{id}/deliveries/{delivery}/redeliver")]
pub async fn redeliver(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<(EndpointId, DeliveryId)>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let (id, delivery) = path.into_inner();
    let store = state.store.clone();
    match blocking(move || store.webhook_redeliver(&actor, id, delivery)).await {
        Ok(_) => Ok(done(&state, &visitor, id, "redelivered")),
        // Being attempted: the page says to redeliver it once the attempt is logged.
        Err(ApiError::Domain(DomainError::Conflict { code: "delivery_in_flight", .. })) => {
            Ok(done(&state, &visitor, id, "in_flight"))
        }
        Err(e) => Err(e),
    }
}
