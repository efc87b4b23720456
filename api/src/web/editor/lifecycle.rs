//! A service's moves: publishing (refused, with the checklist's missing items, until complete),
//! deprecating (a reason, and a successor picked among the published services) and retiring, each after
//! a confirmation step — the API's `POST /catalogue/services/{slug}/publish|deprecate|retire`, at the
//! revision the page was read at.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::catalogue::ServiceState;
use domain::{DomainError, FieldError, PageRequest};
use persistence::{ServiceFilter, ServiceView};
use serde::Deserialize;

use super::fields::{Problem, label, problems};
use super::form::service_page;
use super::{editor, load, state_name};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::catalogue::{DeprecateRequest, shared};
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// The revision a lifecycle form was read at.
#[derive(Debug, Deserialize)]
pub struct Revision {
    #[serde(default)]
    revision: String,
}

impl Revision {
    fn expected(&self) -> Option<i32> {
        self.revision.trim().parse().ok()
    }
}

/// Publishes a draft: the public page's address in the editor's message, or the editor listing what
/// publishing still needs (422).
#[post("/editor/services/{slug}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    form: Form<Revision>,
) -> Result<HttpResponse, ApiError> {
    let actor = editor(&visitor, &req)?;
    let slug = path.into_inner();
    let expected = form.0.expected();
    let action = domain::catalogue::ServiceAction::Publish;
    match shared::act(&state, actor.clone(), slug.clone(), expected, move |_| Ok(action)).await {
        Ok(s) => Ok(see_other(&state, &visitor, &format!("/editor/services/{}?done=published", s.content.slug))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let view = load(&state, actor, slug).await?;
            let page = service_page(&state, &req, &mut visitor, &view, None, &fields, None)?;
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

/// A move's confirmation page.
#[derive(Template)]
#[template(path = "web/editor/confirm.html")]
struct ConfirmPage {
    l: Layout,
    csrf: String,
    slug: String,
    name: String,
    state: String,
    revision: i32,
    /// `deprecate` or `retire`.
    action: &'static str,
    reason: String,
    replacement: String,
    /// The published services that may succeed it: (slug, name).
    successors: Vec<(String, String)>,
    errors: Vec<Problem>,
}

impl ConfirmPage {
    fn error(&self, id: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.id == id).map(|e| e.message.as_str())
    }

    fn label(&self, id: &str) -> String {
        label(self.l.tr, id)
    }

    /// The message key of this move's `part` (`title`, `text`, `confirm`).
    fn key(&self, part: &str) -> String {
        format!("editor-{}-{part}", self.action)
    }
}

/// The confirmation of `action` on `view`, with what was typed and what is wrong.
async fn confirm_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    view: &ServiceView,
    action: &'static str,
    typed: (String, String),
    errors: &[FieldError],
) -> Result<ConfirmPage, ApiError> {
    let tr = Tr(visitor.locale);
    let s = &view.service;
    let successors = if action == "deprecate" {
        let (store, actor, me) = (state.store.clone(), visitor.signed_in.as_ref().map(|v| v.actor.clone()), s.id);
        let filter = ServiceFilter { state: Some(ServiceState::Published), ..ServiceFilter::default() };
        let page = PageRequest { after: None, limit: 100 };
        let found = blocking(move || store.services_list(actor.as_ref(), &filter, &page)).await?;
        found.items.into_iter().filter(|o| o.id != me).map(|o| (o.content.slug, o.content.name)).collect()
    } else {
        Vec::new()
    };
    Ok(ConfirmPage {
        csrf: visitor.csrf(state),
        slug: s.content.slug.clone(),
        name: s.content.name.clone(),
        state: state_name(tr, s.state),
        revision: s.revision,
        action,
        reason: typed.0,
        replacement: typed.1,
        successors,
        errors: problems(tr, errors),
        l: Layout::new(state, req, visitor, "editor"),
    })
}

/// The deprecation's confirmation: why, and what to adopt instead.
#[get("/editor/services/{slug}/deprecate")]
pub async fn confirm_deprecate(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = editor(&visitor, &req)?;
    let view = load(&state, actor, path.into_inner()).await?;
    let page = confirm_page(&state, &req, &mut visitor, &view, "deprecate", Default::default(), &[]).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The deprecation form.
#[derive(Debug, Deserialize)]
pub struct Deprecation {
    #[serde(default)]
    revision: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    replacement: String,
}

/// Deprecates: the editor again (303), or the confirmation with what is wrong (422).
#[post("/editor/services/{slug}/deprecate")]
pub async fn deprecate(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    form: Form<Deprecation>,
) -> Result<HttpResponse, ApiError> {
    let actor = editor(&visitor, &req)?;
    let slug = path.into_inner();
    let f = form.0;
    let request = DeprecateRequest {
        reason: Some(f.reason.clone()).filter(|r| !r.trim().is_empty()),
        replacement: Some(f.replacement.clone()).filter(|r| !r.is_empty()),
    };
    let expected = f.revision.trim().parse().ok();
    match shared::deprecate(&state, actor.clone(), slug.clone(), expected, request).await {
        Ok(s) => Ok(see_other(&state, &visitor, &format!("/editor/services/{}?done=deprecated", s.content.slug))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let view = load(&state, actor, slug).await?;
            let typed = (f.reason, f.replacement);
            let page = confirm_page(&state, &req, &mut visitor, &view, "deprecate", typed, &fields).await?;
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

/// The retirement's confirmation.
#[get("/editor/services/{slug}/retire")]
pub async fn confirm_retire(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = editor(&visitor, &req)?;
    let view = load(&state, actor, path.into_inner()).await?;
    let page = confirm_page(&state, &req, &mut visitor, &view, "retire", Default::default(), &[]).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Retires: out of public view.
#[post("/editor/services/{slug}/retire")]
pub async fn retire(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<String>,
    form: Form<Revision>,
) -> Result<HttpResponse, ApiError> {
    let actor = editor(&visitor, &req)?;
    let action = domain::catalogue::ServiceAction::Retire;
    let s = shared::act(&state, actor, path.into_inner(), form.0.expected(), move |_| Ok(action)).await?;
    Ok(see_other(&state, &visitor, &format!("/editor/services/{}?done=retired", s.content.slug)))
}
