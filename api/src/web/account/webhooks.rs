//! Webhooks on the pages (issue 20): `/area/webhook` lists the endpoints the person manages (an
//! organisation's owner: its own; an admin: all of them) and registers one, answering with its secret
//! shown this once; `/area/webhook/{id}` ([`endpoint`]) is one endpoint, its actions and its delivery
//! log. Each does what `/api/v1/webhooks` does, through the same functions and store methods.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::webhook::{EndpointState, EventType, Owner};
use domain::{Actor, DomainError, PageRequest, Role, Scope};
use persistence::Endpoint;
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::webhooks::{EndpointWithSecret, checked, register};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::listing::{filled, next_page};
use crate::web::{Layout, Tr, Visitor, render};

mod endpoint;

/// Where the pages live (the `webhook_disabled` email links to `{LIST}/{id}`).
const LIST: &str = "/area/webhook";

/// The page of endpoint `id`.
fn endpoint_path(id: impl std::fmt::Display) -> String {
    format!("{LIST}/{id}")
}

/// An event's words: its name and a line on when it is sent.
fn event_words(tr: Tr, kind: EventType) -> (String, String) {
    let key = format!("webhook-event-{}", kind.as_str().replace(['.', '_'], "-"));
    (tr.t(&key), tr.t(&format!("{key}-hint")))
}

/// An event as a check box of the form.
pub struct EventChoice {
    value: &'static str,
    name: String,
    hint: String,
    ticked: bool,
}

/// Every event an endpoint may be sent, ticked when `chosen` names it.
fn event_choices(tr: Tr, chosen: &[String]) -> Vec<EventChoice> {
    EventType::ALL
        .iter()
        .filter(|kind| kind.subscribable())
        .map(|kind| {
            let (name, hint) = event_words(tr, *kind);
            EventChoice { value: kind.as_str(), name, hint, ticked: chosen.iter().any(|c| c == kind.as_str()) }
        })
        .collect()
}

/// The input id of a field the domain names (`events[2]` is the events' group).
fn input_id(field: &str) -> String {
    match field.split('[').next().unwrap_or(field) {
        "events" => "events".to_owned(),
        "description" => "description".to_owned(),
        "overlap_hours" => "overlap_hours".to_owned(),
        _ => "url".to_owned(),
    }
}

/// An endpoint as the pages show it (never its secret).
pub struct EndpointView {
    href: String,
    url: String,
    description: String,
    /// Whose events: the organisation's name, or the whole hub.
    owner: String,
    events: Vec<String>,
    active: bool,
    /// The state in words ("Disattivato dall'Innovation Hub dopo 15 tentativi falliti").
    state: String,
    /// Its run of failures, when it has one: how many, since when.
    failing: Option<String>,
    previous_until: Option<String>,
    created: String,
    updated: String,
}

impl EndpointView {
    fn new(tr: Tr, e: Endpoint) -> Self {
        let active = e.state == EndpointState::Active;
        let state = if e.disabled_by_hub {
            tr.t1("webhooks-disabled-by-hub", "n", e.failures)
        } else {
            tr.t(&format!("webhooks-state-{}", e.state.as_str()))
        };
        let owner = match e.owner {
            Owner::Hub => tr.t("webhooks-hub"),
            Owner::Organization(_) => e.organization_name.unwrap_or_default(),
        };
        Self {
            href: endpoint_path(e.id),
            url: e.content.url.as_str().to_owned(),
            description: e.content.description,
            owner,
            events: e.content.events.iter().map(|k| event_words(tr, *k).0).collect(),
            active,
            state,
            failing: (e.failures > 0).then(|| {
                let since = e.failing_since.map(|at| tr.datetime(&at)).unwrap_or_default();
                tr.with("webhook-failing-since", &[("n", e.failures.to_string()), ("when", since)])
            }),
            previous_until: e.previous_until.map(|at| tr.datetime(&at)),
            created: tr.datetime(&e.created_at),
            updated: tr.datetime(&e.updated_at),
        }
    }
}

/// What the registration form (and the endpoint's edit form) holds.
#[derive(Debug, Default, Deserialize)]
pub struct Typed {
    #[serde(default)]
    url: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    events: Vec<String>,
    /// `hub` (an admin's choice) or `organization`.
    #[serde(default)]
    scope: String,
}

/// Who may register what: an admin the hub's, an organisation's owner their organisation's.
fn may_register(actor: &Actor) -> (bool, bool) {
    let admin = actor.has_role(Role::Admin) && actor.has_scope(Scope::Admin);
    let owner = actor.is_org_owner && actor.has_scope(Scope::Webhooks);
    (owner, admin)
}

#[derive(Template)]
#[template(path = "web/account/webhooks.html")]
struct ListPage {
    l: Layout,
    csrf: String,
    endpoints: Vec<EndpointView>,
    next: Option<String>,
    /// Whether the list shows whose each endpoint is (an admin's, of every owner).
    owners: bool,
    /// Whether the person may register an endpoint at all.
    registers: bool,
    /// An admin who owns their organisation chooses whose events: its name, for the choice.
    choice: Option<String>,
    /// An admin who does not own their organisation registers the hub's only.
    hub_only: bool,
    typed: Typed,
    events: Vec<EventChoice>,
    errors: FieldErrors,
    notice: Option<String>,
}

impl ListPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// `?cursor=` (the list's next page) and `?done=deleted`.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    cursor: Option<String>,
    done: Option<String>,
}

/// The list page, with what the registration form holds.
async fn list_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    query: ListQuery,
    typed: Typed,
    errors: FieldErrors,
) -> Result<ListPage, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    let tr = Tr(visitor.locale);
    let (owner, admin) = may_register(&actor);
    let page = PageRequest { after: filled(query.cursor.as_deref()), limit: 20 };
    let store = state.store.clone();
    let (found, choice) = blocking(move || {
        let found = store.webhook_list(&actor, &page)?;
        let choice =
            if owner && admin { Some(store.organization_get(&actor, actor.organization_id)?.name) } else { None };
        Ok((found, choice))
    })
    .await?;
    let notice = query.done.as_deref().filter(|d| *d == "deleted").map(|_| tr.t("webhooks-done-deleted"));
    let typed = if admin && !owner { Typed { scope: "hub".to_owned(), ..typed } } else { typed };
    Ok(ListPage {
        csrf: visitor.csrf(state),
        endpoints: found.items.into_iter().map(|e| EndpointView::new(tr, e)).collect(),
        next: next_page(LIST, &[], found.next_cursor),
        owners: admin,
        registers: owner || admin,
        choice,
        hub_only: admin && !owner,
        events: event_choices(tr, &typed.events),
        typed,
        errors,
        notice,
        l: Layout::new(state, req, visitor, "account"),
    })
}

/// The endpoints and the form to register one.
#[get("/area/webhook")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let typed = Typed::default();
    let page = list_page(&state, &req, &mut visitor, query.into_inner(), typed, FieldErrors::default()).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The page that shows a secret this once: after registering, or after a rotation.
#[derive(Template)]
#[template(path = "web/account/webhooks_secret.html")]
struct SecretPage {
    l: Layout,
    endpoint: EndpointView,
    secret: String,
    /// After a rotation (not a registration): until when the previous secret signs too, if it does.
    rotated: Option<Option<String>>,
    /// How long the endpoint has to answer, in seconds.
    timeout: u64,
}

/// Answers with `created`'s secret, shown this once (never in a link nor on another page).
fn secret_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    created: EndpointWithSecret,
    endpoint: Endpoint,
    rotated: bool,
) -> Result<HttpResponse, ApiError> {
    let tr = Tr(visitor.locale);
    let view = EndpointView::new(tr, endpoint);
    let page = SecretPage {
        rotated: rotated.then(|| view.previous_until.clone()),
        endpoint: view,
        secret: created.secret,
        timeout: state.webhooks.settings.timeout.as_secs(),
        l: Layout::new(state, req, visitor, "account"),
    };
    render(state, visitor, StatusCode::OK, &page)
}

/// Registers an endpoint: the page answers with its secret, shown this once; a refused field comes back
/// in the form, with what was typed.
#[post("/area/webhook")]
pub async fn add(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Typed>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let typed = form.0;
    let hub = typed.scope == "hub";
    Owner::for_new(&actor, hub)?;
    let registered = match checked(&state, &typed.url, Some(&typed.description), &typed.events, None).await {
        Ok(content) => register(&state, actor.clone(), hub, content).await,
        Err(error) => Err(error),
    };
    match registered {
        Ok(created) => {
            let id = created.endpoint.id.parse().map_err(|e| ApiError::internal("endpoint id", e))?;
            let store = state.store.clone();
            let endpoint = blocking(move || store.webhook_get(&actor, id)).await?;
            secret_page(&state, &req, &mut visitor, created, endpoint, false)
        }
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let errors = FieldErrors::from_domain(Tr(visitor.locale), &fields, input_id);
            let page = list_page(&state, &req, &mut visitor, ListQuery::default(), typed, errors).await?;
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

/// The pages of this area.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(add)
        .service(endpoint::show)
        .service(endpoint::save)
        .service(endpoint::switch)
        .service(endpoint::rotate)
        .service(endpoint::ping)
        .service(endpoint::remove)
        .service(endpoint::redeliver);
}

#[cfg(test)]
mod tests {
    use domain::Locale;
    use domain::webhook::{DeliveryStatus, EndpointState, EventType};

    use super::{Tr, endpoint, event_words};

    /// The words the pages find by a name made at run time (the catalogue's test sees only literal keys).
    #[test]
    fn every_event_state_status_notice_and_refusal_has_words_in_both_languages() {
        for tr in [Tr(Locale::It), Tr(Locale::En)] {
            for kind in EventType::ALL {
                let (name, hint) = event_words(tr, kind);
                assert!(!name.starts_with("webhook-event-") && !hint.starts_with("webhook-event-"), "{kind}");
            }
            let keys = EndpointState::ALL.iter().map(|s| format!("webhooks-state-{s}"));
            let keys = keys.chain(DeliveryStatus::ALL.iter().map(|s| format!("webhook-delivery-{s}")));
            for key in keys.chain(endpoint::DONE.iter().map(|d| format!("webhook-done-{d}"))) {
                assert_ne!(tr.t(&key), key);
            }
            let generic = tr.t("field-error-invalid");
            for code in [
                "invalid_url",
                "unsupported_scheme",
                "credentials_in_url",
                "too_long",
                "invalid_characters",
                "unknown_event",
                "required",
                "forbidden_address",
                "not_confirmed",
            ] {
                assert_ne!(crate::web::fields::message(tr, code), generic, "{code}");
            }
        }
    }
}
