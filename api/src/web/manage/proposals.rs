//! `/manage/proposals`: every proposal a hub manager may see, filtered by challenge, state,
//! organisation, tag and words, through the store method of `GET /api/v1/proposals`.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{Challenge, PageRequest, ProposalState};
use persistence::{ChallengeFilter, ProposalFilter};
use serde::Deserialize;

use super::manager;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::listing::{filled, next_page};
use crate::web::proposals::state_name;
use crate::web::public::localized;
use crate::web::{Layout, Tr, Visitor, render};

/// A proposal as a row of the list.
pub struct Row {
    href: String,
    title: String,
    organization: String,
    organization_href: String,
    challenge: String,
    state: String,
    version: i32,
    submitted: String,
}

/// An option of a select: its value, its words, whether chosen.
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// What it shows.
    pub label: String,
    /// Whether it is the one chosen.
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "web/manage/proposals.html")]
struct ListPage {
    l: Layout,
    rows: Vec<Row>,
    challenges: Vec<Choice>,
    states: Vec<Choice>,
    organization: Option<(String, String)>,
    tag: String,
    q: String,
    next: Option<String>,
}

/// The filters, as the form sends them (an empty field is no filter).
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    challenge: Option<String>,
    state: Option<String>,
    organization: Option<String>,
    tag: Option<String>,
    q: Option<String>,
    cursor: Option<String>,
}

/// Every challenge a hub manager sees (drafts too), for selects and titles.
///
/// # Errors
/// What the store answers.
pub async fn challenges(state: &AppState, actor: domain::Actor) -> Result<Vec<Challenge>, ApiError> {
    let store = state.store.clone();
    let page = PageRequest { after: None, limit: 100 };
    Ok(blocking(move || store.challenges_list(Some(&actor), &ChallengeFilter::default(), &page)).await?.items)
}

/// A challenge's title in the reader's language.
pub fn title(tr: Tr, challenge: &Challenge) -> String {
    localized(tr.0, &challenge.content.title_it, challenge.content.title_en.as_deref())
}

/// The list.
#[get("/manage/proposals")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let query = query.into_inner();
    let only = filled(query.state.as_deref()).and_then(|s| s.parse::<ProposalState>().ok());
    let filter = ProposalFilter {
        challenge_id: filled(query.challenge.as_deref()),
        state: only,
        organization_id: filled(query.organization.as_deref()),
        tag: filled(query.tag.as_deref()),
        q: filled(query.q.as_deref()),
    };
    let page = PageRequest { after: filled(query.cursor.as_deref()), limit: 50 };
    let all = challenges(&state, actor.clone()).await?;
    let store = state.store.clone();
    let reader = actor.clone();
    let wanted = filter.clone();
    let (found, organizations) = blocking(move || {
        let found = store.proposals_list(&reader, &wanted, &page)?;
        let mut ids: Vec<String> = found.items.iter().map(|p| p.organization_id.to_string()).collect();
        ids.extend(wanted.organization_id.clone());
        let names = store.organizations_named(&reader, &ids)?;
        Ok((found, names))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let titles: BTreeMap<String, String> = all.iter().map(|c| (c.id.to_string(), title(tr, c))).collect();
    let organization_of = |id: &str| organizations.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let rows = found
        .items
        .iter()
        .map(|p| {
            let organization = p.organization_id.to_string();
            Row {
                href: format!("/manage/proposals/{}", p.id),
                title: p.content.title.clone(),
                organization_href: format!("/manage/proposals?organization={organization}"),
                organization: organization_of(&organization),
                challenge: titles.get(&p.challenge_id.to_string()).cloned().unwrap_or_default(),
                state: state_name(tr, p.state),
                version: p.version,
                submitted: p.submitted_at.map_or_else(|| "—".to_owned(), |at| tr.date(&at)),
            }
        })
        .collect();
    let challenges = all
        .iter()
        .map(|c| Choice {
            value: c.id.to_string(),
            label: title(tr, c),
            selected: filter.challenge_id.as_deref() == Some(&c.id.to_string()),
        })
        .collect();
    let states = ProposalState::ALL
        .iter()
        .filter(|s| **s != ProposalState::Draft)
        .map(|s| Choice { value: s.as_str().to_owned(), label: state_name(tr, *s), selected: only == Some(*s) })
        .collect();
    let filters = [
        ("challenge", filter.challenge_id.clone()),
        ("state", only.map(|s| s.as_str().to_owned())),
        ("organization", filter.organization_id.clone()),
        ("tag", filter.tag.clone()),
        ("q", filter.q.clone()),
    ];
    let next = next_page("/manage/proposals", &filters, found.next_cursor);
    let page = ListPage {
        rows,
        challenges,
        states,
        organization: filter.organization_id.clone().map(|id| (organization_of(&id), id)),
        tag: filter.tag.clone().unwrap_or_default(),
        q: filter.q.clone().unwrap_or_default(),
        next,
        l: Layout::new(&state, &req, &mut visitor, "manage"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
