//! `/editor`: the accepted proposals waiting for promotion (each with its button, `POST
//! /api/v1/proposals/{id}/promote`) and the catalogue's services by state, through the store methods of
//! `GET /api/v1/proposals?state=accepted` and `GET /api/v1/catalogue/services?state=…`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::catalogue::{Service, ServiceState};
use domain::{PageRequest, ProposalId, ProposalState};
use persistence::{ProposalFilter, ServiceFilter, ServiceSort};

use super::{editor, state_name};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::catalogue::shared;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// How many rows a list shows (the catalogue team's lists stay well below it).
const LIMIT: u32 = 100;

/// An accepted proposal waiting for promotion.
pub struct Waiting {
    id: String,
    title: String,
    accepted: String,
}

/// A service as its state's table lists it.
pub struct Row {
    href: String,
    name: String,
    updated: String,
    /// Its public page, for published and deprecated services.
    public: Option<String>,
}

/// The services in one state.
pub struct Group {
    key: &'static str,
    name: String,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "web/editor/desk.html")]
struct DeskPage {
    l: Layout,
    csrf: String,
    waiting: Vec<Waiting>,
    groups: Vec<Group>,
}

/// The editors' desk.
#[get("/editor")]
pub async fn desk(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let actor = editor(&visitor, &req)?;
    let store = state.store.clone();
    let (accepted, services) = blocking(move || {
        let page = PageRequest { after: None, limit: LIMIT };
        let filter = ProposalFilter { state: Some(ProposalState::Accepted), ..ProposalFilter::default() };
        let accepted = store.proposals_list(&actor, &filter, &page)?.items;
        let mut services = Vec::new();
        for s in ServiceState::ALL {
            let filter = ServiceFilter { state: Some(s), sort: ServiceSort::Newest, ..ServiceFilter::default() };
            services.push((s, store.services_list(Some(&actor), &filter, &page)?.items));
        }
        Ok::<_, persistence::StoreError>((accepted, services))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let row = |s: &Service| Row {
        href: format!("/editor/services/{}", s.content.slug),
        name: s.content.name.clone(),
        updated: tr.datetime(&s.updated_at),
        public: s.state.is_public().then(|| format!("/catalogue/{}", s.content.slug)),
    };
    let page = DeskPage {
        csrf: visitor.csrf(&state),
        waiting: accepted
            .iter()
            .map(|p| Waiting {
                id: p.id.to_string(),
                title: p.content.title.clone(),
                accepted: tr.datetime(&p.updated_at),
            })
            .collect(),
        groups: services
            .iter()
            .map(|(s, items)| Group {
                key: s.as_str(),
                name: state_name(tr, *s),
                rows: items.iter().map(row).collect(),
            })
            .collect(),
        l: Layout::new(&state, &req, &mut visitor, "editor"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Promotes an accepted proposal: its new draft service opens in the editor.
#[post("/editor/proposals/{id}/promote")]
pub async fn promote(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<ProposalId>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let service = shared::promote(&state, actor, path.into_inner()).await?;
    Ok(see_other(&state, &visitor, &format!("/editor/services/{}?done=promoted", service.content.slug)))
}
