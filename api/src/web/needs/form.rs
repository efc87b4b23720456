//! `/needs/new` and `/needs/{id}/edit`: the form an officer states their administration's need with
//! (`POST /api/v1/needs`) and edits it while it is open (`PATCH /api/v1/needs/{id}`), its errors beside
//! the fields and summarised at the top; a need no longer open is refused in words.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{DomainError, Need, NeedId, Pillar, Urgency};
use persistence::NeedView;
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::needs::{NeedRequest, content, edit_one};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::manage::{Refusal, refusal_in};
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// The form's fields, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct Fields {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    pillar: Vec<String>,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    urgency: String,
    #[serde(default)]
    population: String,
    #[serde(default)]
    budget_min_eur: String,
    #[serde(default)]
    budget_max_eur: String,
    /// `public` when the box is ticked.
    #[serde(default)]
    visibility: String,
    /// The revision the edit form was filled with (hidden): the edit's `If-Match`.
    #[serde(default)]
    revision: String,
}

impl Fields {
    /// What a need says, as the form shows it to be edited.
    fn of(need: &Need) -> Self {
        let (revision, need) = (need.revision.to_string(), &need.content);
        Self {
            revision,
            title: need.title.clone(),
            description: need.description.clone(),
            pillar: need.pillars.iter().map(|p| p.key().to_owned()).collect(),
            tags: need.tags.iter().cloned().collect::<Vec<_>>().join(", "),
            urgency: need.urgency.as_str().to_owned(),
            population: need.population.to_string(),
            budget_min_eur: need.budget.map(|b| b.0.to_string()).unwrap_or_default(),
            budget_max_eur: need.budget.map(|b| b.1.to_string()).unwrap_or_default(),
            visibility: if need.public { "public" } else { "reserved" }.to_owned(),
        }
    }
}

/// Which form: a new need's, or the edit of an existing one (its id and title as saved).
#[derive(Debug, Clone)]
enum Purpose {
    State,
    Edit(NeedId, String),
}

#[derive(Template)]
#[template(path = "web/needs/form.html")]
struct FormPage {
    l: Layout,
    csrf: String,
    /// Where the form posts.
    action: String,
    /// The catalogue's keys of the heading, the lead and the button.
    heading: &'static str,
    lead: &'static str,
    submit: &'static str,
    /// The need's page and title, when editing.
    need: Option<(String, String)>,
    f: Fields,
    /// (key, name, ticked) of each pillar.
    pillars: Vec<(&'static str, String, bool)>,
    urgencies: Vec<(&'static str, String)>,
    errors: FieldErrors,
    /// Why the need may no longer be edited: the form is not shown.
    refusal: Option<Refusal>,
    /// Whether the edit was made on a revision a colleague's edit has since replaced.
    stale: bool,
}

impl FormPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

async fn form_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    purpose: Purpose,
    f: Fields,
    errors: FieldErrors,
    refusal: Option<Refusal>,
) -> Result<FormPage, ApiError> {
    let store = state.store.clone();
    let rubric = blocking(move || store.rubric_current()).await?;
    let tr = Tr(visitor.locale);
    let names = crate::web::rubric::pillars(&rubric, tr.0);
    let (action, heading, lead, submit, need) = match purpose {
        Purpose::State => ("/needs".to_owned(), "needs-new", "needs-new-lead", "needs-new-submit", None),
        Purpose::Edit(id, title) => {
            let page = format!("/needs/{id}");
            (format!("{page}/edit"), "need-edit", "need-edit-lead", "need-edit-submit", Some((page, title)))
        }
    };
    Ok(FormPage {
        csrf: visitor.csrf(state),
        action,
        heading,
        lead,
        submit,
        need,
        pillars: Pillar::ALL
            .iter()
            .map(|p| (p.key(), super::pillar_name(&names, *p), f.pillar.iter().any(|k| k == p.key())))
            .collect(),
        urgencies: Urgency::ALL.iter().map(|u| (u.as_str(), tr.t(&format!("need-urgency-{}", u.as_str())))).collect(),
        f,
        errors,
        refusal,
        stale: false,
        l: Layout::new(state, req, visitor, "needs"),
    })
}

/// Whether the signed-in person states needs; anyone else gets the 403 page.
fn officer(visitor: &Visitor, req: &HttpRequest) -> Result<domain::Actor, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    domain::need::require_officer(&actor)?;
    Ok(actor)
}

/// The form.
#[get("/needs/new")]
pub async fn new(state: web::Data<AppState>, req: HttpRequest, mut visitor: Visitor) -> Result<HttpResponse, ApiError> {
    officer(&visitor, &req)?;
    let fields = Fields { urgency: "medium".to_owned(), visibility: "public".to_owned(), ..Fields::default() };
    let page = form_page(&state, &req, &mut visitor, Purpose::State, fields, FieldErrors::default(), None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// A whole number typed in the Italian or the English way ("12.400", "12,400", "12 400").
fn whole(field: &str, raw: &str) -> Result<Option<i64>, DomainError> {
    let digits: String = raw.chars().filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}' | '€')).collect();
    if digits.is_empty() {
        return Ok(None);
    }
    digits.parse().map(Some).map_err(|_| DomainError::invalid(field, "not_a_number", "must be a whole number"))
}

/// The form's fields as the API's body, every field's error at once: a number that does not read as one,
/// and whatever the rules of a need refuse. An empty budget clears it.
fn request(f: &Fields) -> Result<NeedRequest, ApiError> {
    let mut unreadable = Vec::new();
    let mut number = |field: &str, raw: &str| {
        whole(field, raw).unwrap_or_else(|e| {
            if let DomainError::Invalid(fields) = e {
                unreadable.extend(fields);
            }
            None
        })
    };
    let body = NeedRequest {
        title: Some(f.title.clone()),
        description: Some(f.description.clone()),
        pillars: Some(f.pillar.clone()),
        // A keyword typed as words ("piccoli comuni") is the tag those words make ("piccoli-comuni").
        tags: Some(
            f.tags
                .split(',')
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join("-"))
                .filter(|t| !t.is_empty())
                .collect(),
        ),
        urgency: Some(f.urgency.clone()),
        population: number("population", &f.population),
        budget_min_eur: Some(number("budget_min_eur", &f.budget_min_eur)),
        budget_max_eur: Some(number("budget_max_eur", &f.budget_max_eur)),
        public: Some(f.visibility == "public"),
    };
    match (content(body.clone()), unreadable.is_empty()) {
        (Ok(_), true) => Ok(body),
        (Ok(_), false) => Err(DomainError::Invalid(unreadable).into()),
        (Err(ApiError::Domain(DomainError::Invalid(mut fields))), _) => {
            fields.retain(|f| !unreadable.iter().any(|u| u.field == f.field));
            fields.extend(unreadable);
            Err(DomainError::Invalid(fields).into())
        }
        (Err(other), _) => Err(other),
    }
}

/// The need's page after `result`, or the form again: with each invalid field's error (422), with why
/// the need may no longer be edited (409), or saying that a colleague's edit came first (412).
async fn answer(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    purpose: Purpose,
    result: Result<NeedView, ApiError>,
    f: Fields,
) -> Result<HttpResponse, ApiError> {
    let tr = Tr(visitor.locale);
    let (mut stale, editing) = (false, matches!(purpose, Purpose::Edit(..)));
    let (status, errors, refusal) = match result {
        Ok(view) => return Ok(see_other(state, visitor, &format!("/needs/{}", view.need.id))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            // `pillars[0]` and `tags[2]` are the fields `pillars` and `tags` of the form.
            let errors = FieldErrors::from_domain(tr, &fields, |f| f.split('[').next().unwrap_or(f).to_owned());
            (StatusCode::UNPROCESSABLE_ENTITY, errors, None)
        }
        Err(error @ ApiError::Domain(DomainError::Conflict { .. })) if editing => {
            let (status, why) = refusal_in("need", tr, error, "title")?;
            (status, FieldErrors::default(), Some(why))
        }
        Err(ApiError::Domain(DomainError::PreconditionFailed(_))) if editing => {
            stale = true;
            (StatusCode::PRECONDITION_FAILED, FieldErrors::default(), None)
        }
        Err(other) => return Err(other),
    };
    let mut page = form_page(state, req, visitor, purpose, f, errors, refusal).await?;
    page.stale = stale;
    render(state, visitor, status, &page)
}

/// States the need; its page follows.
#[post("/needs")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Fields>,
) -> Result<HttpResponse, ApiError> {
    let actor = officer(&visitor, &req)?;
    let f = form.0;
    let result = match request(&f).and_then(content) {
        Ok(need) => {
            let store = state.store.clone();
            blocking(move || store.need_create(&actor, &need)).await
        }
        Err(error) => Err(error),
    };
    answer(&state, &req, &mut visitor, Purpose::State, result, f).await
}

/// Need `id` as `actor` may edit it, or the 404 (not theirs to read) or 403 page (not theirs to edit); with
/// why it may no longer be edited, when it is not open.
async fn editable(
    state: &AppState,
    actor: &domain::Actor,
    id: NeedId,
) -> Result<(NeedView, Option<ApiError>), ApiError> {
    let (store, reader) = (state.store.clone(), actor.clone());
    let view = blocking(move || store.need_get(Some(&reader), id)).await?;
    match view.need.editing(actor) {
        Ok(()) => Ok((view, None)),
        Err(error @ DomainError::Conflict { .. }) => Ok((view, Some(error.into()))),
        Err(other) => Err(other.into()),
    }
}

/// The edit form of a need, filled with what it says; for a need no longer open, why it is not.
#[get("/needs/{id}/edit")]
pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<NeedId>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let (view, refused) = editable(&state, &actor, id).await?;
    let (fields, purpose) = (Fields::of(&view.need), Purpose::Edit(id, view.need.content.title.clone()));
    if let Some(error) = refused {
        return answer(&state, &req, &mut visitor, purpose, Err(error), fields).await;
    }
    let page = form_page(&state, &req, &mut visitor, purpose, fields, FieldErrors::default(), None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Saves the edit; the need's page follows.
#[post("/needs/{id}/edit")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<NeedId>,
    form: Form<Fields>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let mut f = form.0;
    // Who may not edit it is told so before what they typed is checked.
    let (view, refused) = editable(&state, &actor, id).await?;
    let purpose = Purpose::Edit(id, view.need.content.title.clone());
    // A form without a revision of ours was made on none: it is stale.
    let revision = f.revision.trim().parse().unwrap_or(-1);
    // Stale before invalid, as the API answers: what is typed again is typed on the version saved.
    let checked = refused.map_or_else(|| view.need.at_revision(revision).map_err(ApiError::from), Err);
    let result = match checked.and_then(|()| request(&f)) {
        Ok(body) => edit_one(&state, actor, id, revision, body).await,
        Err(error) => Err(error),
    };
    // Stale or refused, what was typed comes back at the revision now saved: sending it again replaces
    // the colleague's edit knowingly.
    f.revision = view.need.revision.to_string();
    answer(&state, &req, &mut visitor, purpose, result, f).await
}
