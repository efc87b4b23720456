//! `/manage/challenges`: every challenge with its state and window; the form to create one (a draft)
//! or edit one (with the revision read: a stale edit saves nothing), the evaluation settings shown
//! frozen once a review is submitted; opening, closing and archiving. The same functions as the API's
//! `/challenges` endpoints.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{Challenge, ChallengeAction, ChallengeState, DomainError, Pillar};
use serde::Deserialize;

use super::challenge_form::{ChallengeForm, errors};
use super::proposals::{challenges, title};
use super::screening::refusal;
use super::{manager, proposal::Refusal};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::challenges::{act_one, create_one, update_one};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::rubric::{name_of, pillars};
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// A challenge as the list shows it.
pub struct Row {
    slug: String,
    title: String,
    state: String,
    window: String,
    public: bool,
    /// The lifecycle move its state allows: (action, words).
    next: Option<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "web/manage/challenges.html")]
struct ListPage {
    l: Layout,
    csrf: String,
    rows: Vec<Row>,
    notice: Option<String>,
    refusal: Option<Refusal>,
}

/// `?done=`.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

fn window(tr: Tr, c: &Challenge) -> String {
    match &c.content.closes_at {
        Some(closes) => {
            tr.with("manage-challenge-window", &[("opens", tr.date(&c.content.opens_at)), ("closes", tr.date(closes))])
        }
        None => tr.t1("manage-challenge-from", "opens", tr.date(&c.content.opens_at)),
    }
}

async fn list_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    notice: Option<String>,
    refusal: Option<Refusal>,
) -> Result<ListPage, ApiError> {
    let actor = manager(visitor, req)?;
    let all = challenges(state, actor).await?;
    let tr = Tr(visitor.locale);
    let rows = all
        .iter()
        .map(|c| Row {
            slug: c.content.slug.clone(),
            title: title(tr, c),
            state: tr.t(&format!("challenge-state-{}", c.state.as_str())),
            window: window(tr, c),
            public: c.state.is_public(),
            next: match c.state {
                ChallengeState::Draft => Some(("open", tr.t("manage-challenge-open"))),
                ChallengeState::Open => Some(("close", tr.t("manage-challenge-close"))),
                ChallengeState::Closed => Some(("archive", tr.t("manage-challenge-archive"))),
                _ => None,
            },
        })
        .collect();
    Ok(ListPage { csrf: visitor.csrf(state), rows, notice, refusal, l: Layout::new(state, req, visitor, "manage") })
}

/// The list.
#[get("/manage/challenges")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    const DONE: [&str; 5] = ["created", "saved", "open", "close", "archive"];
    let tr = Tr(visitor.locale);
    let notice =
        query.done.as_deref().filter(|d| DONE.contains(d)).map(|d| tr.t(&format!("manage-challenge-done-{d}")));
    let page = list_page(&state, &req, &mut visitor, notice, None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Opens, closes or archives a challenge.
#[post("/manage/challenges/{id}/{action}")]
pub async fn lifecycle(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<(String, String)>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let (id, action) = path.into_inner();
    let act = match action.as_str() {
        "open" => ChallengeAction::Open,
        "close" => ChallengeAction::Close,
        "archive" => ChallengeAction::Archive,
        _ => return Err(DomainError::NotFound("page").into()),
    };
    match act_one(&state, actor, id, act).await {
        Ok(_) => Ok(see_other(&state, &visitor, &format!("/manage/challenges?done={action}"))),
        Err(error) => {
            let (status, why) = refusal(Tr(visitor.locale), error, "challenges")?;
            let page = list_page(&state, &req, &mut visitor, None, Some(why)).await?;
            render(&state, &visitor, status, &page)
        }
    }
}

#[derive(Template)]
#[template(path = "web/manage/challenge_form.html")]
struct FormPage {
    l: Layout,
    csrf: String,
    /// The challenge edited (its slug as stored), or none for a new one.
    editing: Option<String>,
    f: ChallengeForm,
    sponsors: Vec<(String, String)>,
    /// Each pillar: key, name, its weight's and threshold's input ids.
    pillar_rows: Vec<(&'static str, String, String, String)>,
    frozen: bool,
    errors: FieldErrors,
    /// The version saved meanwhile, when the edit was stale.
    saved: Option<ChallengeForm>,
}

impl FormPage {
    /// The weight typed for the pillar `key`.
    pub fn weight(&self, key: &str) -> &str {
        key.parse::<Pillar>().map_or("", |p| self.f.weight(p))
    }

    /// The threshold typed for the pillar `key`.
    pub fn threshold(&self, key: &str) -> &str {
        key.parse::<Pillar>().map_or("", |p| self.f.threshold(p))
    }
}

async fn form_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    editing: Option<Challenge>,
    typed: Option<ChallengeForm>,
    errors: FieldErrors,
    stale: bool,
) -> Result<FormPage, ApiError> {
    let actor = manager(visitor, req)?;
    let store = state.store.clone();
    let id = editing.as_ref().map(|c| c.id.to_string());
    let (sponsors, rubric, frozen) = blocking(move || {
        let frozen = match &id {
            Some(id) => store.rubric_frozen(&actor, id)?,
            None => false,
        };
        Ok((store.sponsors(&actor)?, store.rubric_current()?, frozen))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let views = pillars(&rubric, tr.0);
    let mut f = typed
        .unwrap_or_else(|| editing.as_ref().map_or_else(|| ChallengeForm::blank(state.store.now()), ChallengeForm::of));
    if let (true, Some(current)) = (frozen, &editing) {
        f = ChallengeForm::of(current).keep_texts(&f);
    }
    let saved = match (stale, &editing) {
        (true, Some(current)) => {
            f.revision = current.revision.to_string();
            Some(ChallengeForm::of(current))
        }
        _ => None,
    };
    Ok(FormPage {
        csrf: visitor.csrf(state),
        editing: editing.map(|c| c.content.slug),
        f,
        sponsors,
        pillar_rows: Pillar::ALL
            .iter()
            .map(|p| (p.key(), name_of(&views, *p), format!("weight-{}", p.key()), format!("threshold-{}", p.key())))
            .collect(),
        frozen,
        errors,
        saved,
        l: Layout::new(state, req, visitor, "manage"),
    })
}

impl ChallengeForm {
    /// The saved evaluation settings with the texts typed in `typed` (a frozen rubric keeps its values).
    fn keep_texts(self, typed: &Self) -> Self {
        Self {
            slug: typed.slug.clone(),
            title_it: typed.title_it.clone(),
            title_en: typed.title_en.clone(),
            description_it: typed.description_it.clone(),
            description_en: typed.description_en.clone(),
            sponsor_id: typed.sponsor_id.clone(),
            tags: typed.tags.clone(),
            opens_at: typed.opens_at.clone(),
            closes_at: typed.closes_at.clone(),
            ..self
        }
    }
}

/// The form of a new challenge.
#[get("/manage/challenges/new")]
pub async fn new(state: web::Data<AppState>, req: HttpRequest, mut visitor: Visitor) -> Result<HttpResponse, ApiError> {
    let page = form_page(&state, &req, &mut visitor, None, None, FieldErrors::default(), false).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Creates the draft.
#[post("/manage/challenges/new")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<ChallengeForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let typed = form.0;
    let result = match typed.request(true) {
        Ok(request) => create_one(&state, actor, request).await,
        Err(e) => Err(e.into()),
    };
    refused_or(state, req, &mut visitor, result, None, typed, "created").await
}

async fn load(state: &AppState, actor: domain::Actor, id: String) -> Result<Challenge, ApiError> {
    let store = state.store.clone();
    blocking(move || store.challenge_get(Some(&actor), &id)).await
}

/// The form of an existing challenge.
#[get("/manage/challenges/{id}/edit")]
pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let current = load(&state, actor, path.into_inner()).await?;
    let page = form_page(&state, &req, &mut visitor, Some(current), None, FieldErrors::default(), false).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Saves an edit made on the revision read.
#[post("/manage/challenges/{id}/edit")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    form: Form<ChallengeForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let current = load(&state, actor.clone(), path.into_inner()).await?;
    let typed = form.0;
    let frozen = {
        let (store, actor, id) = (state.store.clone(), actor.clone(), current.id.to_string());
        blocking(move || store.rubric_frozen(&actor, &id)).await?
    };
    let revision = typed.revision.trim().parse::<i32>().unwrap_or(-1);
    let result = match typed.request(!frozen) {
        Ok(request) => update_one(&state, actor, current.id.to_string(), revision, request).await,
        Err(e) => Err(e.into()),
    };
    refused_or(state, req, &mut visitor, result, Some(current), typed, "saved").await
}

/// To the list after `result`, or the form again with what was wrong.
async fn refused_or(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: &mut Visitor,
    result: Result<Challenge, ApiError>,
    editing: Option<Challenge>,
    typed: ChallengeForm,
    done: &str,
) -> Result<HttpResponse, ApiError> {
    let tr = Tr(visitor.locale);
    let (status, errors, stale) = match result {
        Ok(_) => return Ok(see_other(&state, visitor, &format!("/manage/challenges?done={done}"))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            (StatusCode::UNPROCESSABLE_ENTITY, errors(tr, &fields), false)
        }
        Err(ApiError::Domain(DomainError::Conflict { code: "slug_taken", .. })) => {
            (StatusCode::CONFLICT, FieldErrors::one(tr, "slug", "slug_taken"), false)
        }
        Err(ApiError::Domain(DomainError::Conflict { code: "rubric_frozen", .. })) => {
            (StatusCode::CONFLICT, FieldErrors::one(tr, "weight-security_sovereignty", "rubric_frozen"), false)
        }
        Err(ApiError::Domain(DomainError::PreconditionFailed(_))) => {
            (StatusCode::PRECONDITION_FAILED, FieldErrors::default(), true)
        }
        Err(other) => return Err(other),
    };
    // A stale edit shows the version saved meanwhile: it is read again.
    let editing = match (stale, editing) {
        (true, Some(current)) => Some(load(&state, manager(visitor, &req)?, current.id.to_string()).await?),
        (_, editing) => editing,
    };
    let page = form_page(&state, &req, visitor, editing, Some(typed), errors, stale).await?;
    render(&state, visitor, status, &page)
}
