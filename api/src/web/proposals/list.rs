//! `/proposals`: the proposals the person may see (their organisation's), grouped by state or filtered
//! to one, through the store method of `GET /api/v1/proposals`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{PageRequest, ProposalState, Role};
use persistence::ProposalFilter;
use serde::Deserialize;

use super::state_name;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::{Layout, Tr, Visitor, render};

/// A proposal as a row of the list.
pub struct Row {
    /// Its page.
    pub href: String,
    /// Its title.
    pub title: String,
    /// Its version.
    pub version: i32,
    /// When it last changed.
    pub updated: String,
}

/// The proposals in one state.
pub struct Group {
    /// The state's key, for the heading's id.
    pub key: &'static str,
    /// The state's name.
    pub name: String,
    /// Its proposals.
    pub rows: Vec<Row>,
}

/// A filter link.
pub struct Filter {
    /// Where it goes.
    pub href: String,
    /// Its words.
    pub label: String,
    /// Whether it is the one shown.
    pub current: bool,
}

#[derive(Template)]
#[template(path = "web/proposals/list.html")]
struct ListPage {
    l: Layout,
    groups: Vec<Group>,
    filters: Vec<Filter>,
    may_create: bool,
    next: Option<String>,
}

/// `?state=` and `?cursor=`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    state: Option<String>,
    cursor: Option<String>,
}

/// The list.
#[get("/proposals")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let query = query.into_inner();
    let only = query.state.as_deref().filter(|s| !s.is_empty()).and_then(|s| s.parse::<ProposalState>().ok());
    let filter = ProposalFilter { state: only, ..ProposalFilter::default() };
    let page = PageRequest { after: query.cursor.clone().filter(|c| !c.is_empty()), limit: 100 };
    let may_create = actor.has_role(Role::Proposer);
    let store = state.store.clone();
    let found = blocking(move || store.proposals_list(&actor, &filter, &page)).await?;
    let tr = Tr(visitor.locale);
    let groups = ProposalState::ALL
        .iter()
        .map(|s| Group {
            key: s.as_str(),
            name: state_name(tr, *s),
            rows: found
                .items
                .iter()
                .filter(|p| p.state == *s)
                .map(|p| Row {
                    href: format!("/proposals/{}", p.id),
                    title: p.content.title.clone(),
                    version: p.version,
                    updated: tr.datetime(&p.updated_at),
                })
                .collect(),
        })
        .filter(|g| !g.rows.is_empty())
        .collect();
    let mut filters =
        vec![Filter { href: "/proposals".to_owned(), label: tr.t("proposals-all"), current: only.is_none() }];
    filters.extend(ProposalState::ALL.iter().map(|s| Filter {
        href: format!("/proposals?state={}", s.as_str()),
        label: state_name(tr, *s),
        current: only == Some(*s),
    }));
    let next = found.next_cursor.map(|c| match only {
        Some(s) => format!("/proposals?state={}&cursor={c}", s.as_str()),
        None => format!("/proposals?cursor={c}"),
    });
    let page = ListPage { l: Layout::new(&state, &req, &mut visitor, "proposals"), groups, filters, may_create, next };
    render(&state, &visitor, StatusCode::OK, &page)
}
