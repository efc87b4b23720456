//! `/needs`: the needs (fabbisogni) the visitor may see — the public ones for everyone, every one for
//! the administrations' officers and the hub — with a need's page (its co-signatures and history), the
//! form an officer states one with and edits it with, and the forms that co-sign, withdraw, merge,
//! convert and close: the same functions as `/api/v1/needs`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{Actor, NeedState, Pillar, Role};
use persistence::{NeedFilter, NeedSummary};
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::{PageQuery, blocking};
use crate::state::AppState;
use crate::web::listing::{filled, next_page};
use crate::web::{Layout, Tr, Visitor, render};

mod form;
mod page;

/// The pages of this area.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(list)
        // Before `/needs/{id}`, which would take `new` for an id.
        .service(form::new)
        .service(form::create)
        .service(form::edit)
        .service(form::save)
        .service(page::show)
        .service(page::cosign)
        .service(page::withdraw)
        .service(page::merge)
        .service(page::convert)
        .service(page::close);
}

/// The names of the pillars in the reader's language, from the current rubric.
type PillarNames = Vec<crate::web::rubric::PillarView>;

fn pillar_name(names: &PillarNames, pillar: Pillar) -> String {
    crate::web::rubric::name_of(names, pillar)
}

/// A number of people or euros, in the reader's form.
fn count(tr: Tr, n: i64) -> String {
    #[expect(clippy::cast_precision_loss, reason = "counts of people and euros below 2^53")]
    tr.number(n as f64, 0)
}

/// A need as a card of the list.
pub struct NeedCard {
    href: String,
    title: String,
    organization: String,
    state: String,
    urgency: String,
    pillars: String,
    reach: String,
}

impl NeedCard {
    fn new(tr: Tr, names: &PillarNames, s: &NeedSummary) -> Self {
        let n = &s.need;
        Self {
            href: format!("/needs/{}", n.id),
            title: n.content.title.clone(),
            organization: s.organization_name.clone(),
            state: tr.t(&format!("need-state-{}", n.state.as_str())),
            urgency: tr.t(&format!("need-urgency-{}", n.content.urgency.as_str())),
            pillars: n.content.pillars.iter().map(|p| pillar_name(names, *p)).collect::<Vec<_>>().join(", "),
            reach: reach(tr, s.administrations, s.people),
        }
    }
}

/// "2 administrations, 15,400 people".
fn reach(tr: Tr, administrations: usize, people: i64) -> String {
    tr.with("need-reach", &[("administrations", administrations.to_string()), ("people", count(tr, people))])
}

/// Whether `actor` states needs (an officer of a verified administration).
fn officer(actor: Option<&Actor>) -> bool {
    actor.is_some_and(|a| a.has_role(Role::Administration))
}

#[derive(Template)]
#[template(path = "web/needs/list.html")]
struct ListPage {
    l: Layout,
    q: String,
    state: String,
    pillar: String,
    states: Vec<(&'static str, String)>,
    pillars: Vec<(&'static str, String)>,
    needs: Vec<NeedCard>,
    /// Whether the visitor may state a need (the button).
    states_needs: bool,
    next: Option<String>,
}

/// The list's search form.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    state: Option<String>,
    pillar: Option<String>,
    cursor: Option<String>,
}

/// The needs.
#[get("/needs")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { q, state: wanted, pillar, cursor } = query.into_inner();
    let (q, wanted, pillar) = (filled(q.as_deref()), filled(wanted.as_deref()), filled(pillar.as_deref()));
    let filter = NeedFilter {
        state: wanted.as_deref().map(str::parse::<NeedState>).transpose().map_err(domain::DomainError::from)?,
        pillar: pillar.as_deref().map(str::parse::<Pillar>).transpose().map_err(domain::DomainError::from)?,
        organization_id: None,
        q: q.clone(),
    };
    let page = PageQuery { limit: Some(20), cursor: filled(cursor.as_deref()) }.parse()?;
    let (store, actor) = (state.store.clone(), visitor.signed_in.as_ref().map(|s| s.actor.clone()));
    let states_needs = officer(actor.as_ref());
    let wanted_filter = filter.clone();
    let (found, rubric) = blocking(move || {
        Ok::<_, persistence::StoreError>((
            store.needs_list(actor.as_ref(), &wanted_filter, &page)?,
            store.rubric_current()?,
        ))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let names = crate::web::rubric::pillars(&rubric, tr.0);
    let filters = [("q", q.clone()), ("state", wanted.clone()), ("pillar", pillar.clone())];
    let page = ListPage {
        q: q.unwrap_or_default(),
        state: wanted.unwrap_or_default(),
        pillar: pillar.unwrap_or_default(),
        states: NeedState::ALL.iter().map(|s| (s.as_str(), tr.t(&format!("need-state-{}", s.as_str())))).collect(),
        pillars: Pillar::ALL.iter().map(|p| (p.key(), pillar_name(&names, *p))).collect(),
        needs: found.items.iter().map(|s| NeedCard::new(tr, &names, s)).collect(),
        states_needs,
        next: next_page("/needs", &filters, found.next_cursor),
        l: Layout::new(&state, &req, &mut visitor, "needs"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
