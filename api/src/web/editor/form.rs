//! `/editor/services/{slug}`: the service editor — every field of `PATCH /catalogue/services/{slug}`,
//! the categories chosen from publiccode.yml 0.7's list — beside the publish checklist (the domain's own
//! rule of what publishing needs, met or not, as saved) and a preview of the publiccode.yml the API
//! exports. The form carries the revision it was read at: when someone else saved meanwhile nothing is
//! overwritten, and the form comes back with both versions.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::catalogue::{DevelopmentStatus, SUPPORTS, ServiceModel, ServiceState, publiccode};
use domain::{DomainError, FieldError};
use persistence::ServiceView;
use serde::Deserialize;

use super::fields::{ContactRow, Problem, Typed, label, problems};
use super::{editor, load, state_name};
use crate::error::ApiError;
use crate::routes::catalogue::shared;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// One item of the publish checklist.
pub struct Check {
    /// The input it is about.
    id: String,
    label: String,
    /// What is still needed (unmet), or that it is there.
    message: String,
    met: bool,
}

/// A category of the standard's list, as a check box.
pub struct Category {
    key: &'static str,
    label: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "web/editor/service.html")]
pub struct ServicePage {
    l: Layout,
    csrf: String,
    /// The saved slug (where the page and its forms are).
    slug: String,
    /// The saved name.
    name: String,
    state: String,
    draft: bool,
    may_deprecate: bool,
    may_retire: bool,
    provider: String,
    origin: Option<String>,
    public: Option<String>,
    updated: String,
    /// The saved revision (the publish form's).
    revision: i32,
    deprecation_reason: Option<String>,
    successor: Option<(String, String)>,
    v: Typed,
    contacts: Vec<(usize, ContactRow)>,
    errors: Vec<Problem>,
    checklist: Vec<Check>,
    complete: bool,
    yaml: String,
    /// Someone else's saved version, when the edit was stale: (label, value) of each field.
    theirs: Option<Vec<(String, String)>>,
    done: Option<String>,
    models: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    categories: Vec<Category>,
    supports: Vec<(&'static str, bool)>,
}

impl ServicePage {
    fn error(&self, id: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.id == id).map(|e| e.message.as_str())
    }

    fn label(&self, id: &str) -> String {
        label(self.l.tr, id)
    }

    fn hint(&self, id: &str) -> String {
        self.l.tr.t(&format!("editor-hint-{}", id.replace('_', "-")))
    }
}

/// The saved fields of `view` as the stale form shows them beside what was typed.
fn summary(tr: Tr, view: &ServiceView) -> Vec<(String, String)> {
    let saved = Typed::saved(&view.service.content, view.service.revision);
    let mut tags: Vec<String> = saved.categories.iter().cloned().collect();
    tags.extend(saved.other_tags.split(", ").filter(|t| !t.is_empty()).map(str::to_owned));
    let contacts = saved.contacts.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ");
    [
        ("name", saved.name),
        ("short_description_it", saved.short_description_it),
        ("long_description_it", saved.long_description_it),
        ("short_description_en", saved.short_description_en),
        ("long_description_en", saved.long_description_en),
        ("features_it", saved.features_it),
        ("features_en", saved.features_en),
        ("service_model", saved.service_model),
        ("categories", tags.join(", ")),
        ("license", saved.license),
        ("repository_url", saved.repository_url),
        ("landing_url", saved.landing_url),
        ("version", saved.version),
        ("development_status", saved.development_status),
        ("release_date", saved.release_date),
        ("supports", saved.supports.iter().cloned().collect::<Vec<_>>().join(", ")),
        ("platforms", saved.platforms),
        ("contact-0-name", contacts),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(id, v)| (if id == "contact-0-name" { tr.t("editor-contacts") } else { label(tr, id) }, v))
    .collect()
}

/// The editor's page for `view`: `typed` is what came back (else the saved fields), with the errors
/// found and someone else's saved version.
pub fn service_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    view: &ServiceView,
    typed: Option<Typed>,
    errors: &[FieldError],
    theirs: Option<&ServiceView>,
) -> Result<ServicePage, ApiError> {
    let tr = Tr(visitor.locale);
    let s = &view.service;
    let v = typed.unwrap_or_else(|| Typed::saved(&s.content, s.revision));
    let checklist: Vec<Check> = s
        .content
        .publication_checklist()
        .into_iter()
        .map(|r| {
            let id = super::fields::input_id(&r.need.field);
            let message = if r.met { tr.t("editor-check-met") } else { crate::web::fields::message(tr, r.need.code) };
            Check { label: label(tr, &id), id, message, met: r.met }
        })
        .collect();
    let mut contacts: Vec<(usize, ContactRow)> = v.contacts.iter().cloned().enumerate().collect();
    if contacts.len() < domain::catalogue::CONTACTS_MAX {
        contacts.push((contacts.len(), ContactRow::default()));
    }
    Ok(ServicePage {
        csrf: visitor.csrf(state),
        slug: s.content.slug.clone(),
        name: s.content.name.clone(),
        state: state_name(tr, s.state),
        draft: s.state == ServiceState::Draft,
        may_deprecate: s.state == ServiceState::Published,
        may_retire: s.state.is_public(),
        provider: view.provider_name.clone(),
        origin: s.origin_proposal.map(|p| format!("/proposals/{p}")),
        public: s.state.is_public().then(|| format!("/catalogue/{}", s.content.slug)),
        updated: tr.datetime(&s.updated_at),
        revision: s.revision,
        deprecation_reason: s.deprecation_reason.clone(),
        successor: view.replacement.clone().map(|(slug, name)| (format!("/catalogue/{slug}"), name)),
        complete: checklist.iter().all(|c| c.met),
        checklist,
        yaml: shared::publiccode_yaml(state, view)?,
        theirs: theirs.map(|t| summary(tr, t)),
        done: None,
        models: ServiceModel::ALL.iter().map(|m| (m.as_str(), tr.t(&format!("editor-model-{}", m.as_str())))).collect(),
        statuses: DevelopmentStatus::ALL
            .iter()
            .map(|d| (d.as_str(), tr.t(&format!("development-status-{}", d.as_str()))))
            .collect(),
        categories: publiccode::categories()
            .map(|key| Category { key, label: tr.t(&format!("category-{key}")), checked: v.categories.contains(key) })
            .collect(),
        supports: SUPPORTS.iter().map(|s| (*s, v.supports.contains(*s))).collect(),
        contacts,
        errors: problems(tr, errors),
        v,
        l: Layout::new(state, req, visitor, "editor"),
    })
}

/// `?done=` after a save or a move.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// The messages a `?done=` may show.
const DONE: [&str; 5] = ["saved", "promoted", "published", "deprecated", "retired"];

/// The editor.
#[get("/editor/services/{slug}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    query: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    let actor = editor(&visitor, &req)?;
    let view = load(&state, actor, path.into_inner()).await?;
    let mut page = service_page(&state, &req, &mut visitor, &view, None, &[], None)?;
    let tr = Tr(visitor.locale);
    page.done = query.done.as_deref().filter(|d| DONE.contains(d)).map(|d| tr.t(&format!("editor-done-{d}")));
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Saves the fields at the revision the form carries: the editor again (303), or the form with what is
/// wrong (422), or — someone else saved meanwhile — nothing saved and both versions shown (409).
#[post("/editor/services/{slug}")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    form: Form<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let actor = editor(&visitor, &req)?;
    let slug = path.into_inner();
    let current = load(&state, actor.clone(), slug.clone()).await?;
    let v = Typed::posted(&form.0);
    let revision = v.revision.trim().parse::<i32>().unwrap_or(0);
    let input = v.input(current.service.state == ServiceState::Draft);
    let (errors, stale) = match shared::edit(&state, actor.clone(), slug.clone(), revision, input).await {
        Ok(s) => return Ok(see_other(&state, &visitor, &format!("/editor/services/{}?done=saved", s.content.slug))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => (fields, false),
        Err(ApiError::Domain(DomainError::PreconditionFailed(_))) => (Vec::new(), true),
        Err(ApiError::Domain(DomainError::Conflict { code: "slug_taken", .. })) => {
            (vec![FieldError::new("slug", "slug_taken", "is taken")], false)
        }
        Err(other) => return Err(other),
    };
    // The page as saved now, with what was typed: a stale form now carries the saved revision, so that
    // sending it again replaces the other version knowingly.
    let view = load(&state, actor, slug).await?;
    let typed = Typed { revision: if stale { view.service.revision.to_string() } else { v.revision.clone() }, ..v };
    let theirs = stale.then_some(&view);
    let page = service_page(&state, &req, &mut visitor, &view, Some(typed), &errors, theirs)?;
    let status = if stale { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    render(&state, &visitor, status, &page)
}
