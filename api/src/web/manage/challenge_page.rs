//! The challenge form's page for both desks that write challenges: the hub managers' (any
//! administration, any state: `/manage/challenges`) and an administration's officers' (their own
//! drafts: `/administration/challenges`). One form, one set of rules (the API's, the store deciding who
//! may), two addresses.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use domain::{Actor, Challenge, DomainError, Pillar, Role};

use super::challenge_annexes::AnnexRowView;
use super::challenge_form::{ChallengeForm, errors};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::challenges::{create_one, update_one};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::rubric::{name_of, pillars};
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// Which desk a challenge is written from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desk {
    /// The hub managers'.
    Hub,
    /// An administration's officers'.
    Administration,
}

impl Desk {
    /// The address its challenge pages live under.
    pub fn base(self) -> &'static str {
        match self {
            Self::Hub => "/manage/challenges",
            Self::Administration => "/administration/challenges",
        }
    }

    /// The person signed in, if this desk is theirs.
    ///
    /// # Errors
    /// `forbidden` for anyone else; `unauthenticated` signed out.
    pub fn actor(self, visitor: &Visitor, req: &HttpRequest) -> Result<Actor, ApiError> {
        let actor = visitor.person(req)?.actor.clone();
        let role = if self == Self::Hub { Role::HubManager } else { Role::Administration };
        if actor.has_role(role) {
            Ok(actor)
        } else {
            Err(DomainError::Forbidden(format!("requires role `{}`", role.as_str())).into())
        }
    }

    fn section(self) -> &'static str {
        if self == Self::Hub { "manage" } else { "administration" }
    }

    /// Where a saved challenge leads: the managers' list, or the administration's page of it.
    fn after(self, challenge: &Challenge, done: &str) -> String {
        match self {
            Self::Hub => format!("/manage/challenges?done={done}"),
            Self::Administration => format!("/administration/challenges/{}?done={done}", challenge.content.slug),
        }
    }
}

#[derive(Template)]
#[template(path = "web/manage/challenge_form.html")]
struct FormPage {
    l: Layout,
    csrf: String,
    /// The desk's address.
    base: &'static str,
    /// Whether it is the hub managers' (their desk in the breadcrumbs).
    hub: bool,
    /// The challenge edited (its slug as stored), or none for a new one.
    editing: Option<String>,
    f: ChallengeForm,
    sponsors: Vec<(String, String)>,
    /// The hub managers a hub manager may name responsible officer (none on the administration's desk).
    responsibles: Vec<(String, String)>,
    /// Each pillar: key, name, its weight's and threshold's input ids.
    pillar_rows: Vec<(&'static str, String, String, String)>,
    frozen: bool,
    /// The annexes it asks for, one row each, and blank rows.
    annex_rows: Vec<AnnexRowView>,
    errors: FieldErrors,
    /// The version saved meanwhile, when the edit was stale.
    saved: Option<ChallengeForm>,
    /// A challenge its administration proposed (the hub's desk: open it or return it), or one returned
    /// to it (the administration's desk: the hub's note).
    review: Option<ReviewPanel>,
}

/// What the form shows of a challenge's review.
pub struct ReviewPanel {
    slug: String,
    /// The proposing administration's name.
    sponsor: String,
    /// The hub's note of the last return.
    note: String,
}

impl FormPage {
    /// No error: a field shown empty whatever was refused.
    pub fn no_error(&self) -> Option<&str> {
        None
    }

    /// The weight typed for the pillar `key`.
    pub fn weight(&self, key: &str) -> &str {
        key.parse::<Pillar>().map_or("", |p| self.f.weight(p))
    }

    /// The threshold typed for the pillar `key`.
    pub fn threshold(&self, key: &str) -> &str {
        key.parse::<Pillar>().map_or("", |p| self.f.threshold(p))
    }
}

/// What the desk's form offers to choose from.
struct Choices {
    /// Every verified administration to a hub manager, their own to an officer.
    sponsors: Vec<(String, String)>,
    /// The hub managers who may be named responsible officer (a hub manager's desk only).
    responsibles: Vec<(String, String)>,
    rubric: domain::Rubric,
    /// Whether the evaluation settings of the challenge edited are frozen (never for an officer's draft).
    frozen: bool,
}

/// What `desk`'s form offers `actor` for the challenge `editing` (none: a new one).
async fn choices(state: &AppState, desk: Desk, actor: Actor, editing: Option<String>) -> Result<Choices, ApiError> {
    let store = state.store.clone();
    blocking(move || {
        let rubric = store.rubric_current()?;
        if desk == Desk::Administration {
            let own = store.organization_get(&actor, actor.organization_id)?;
            let sponsors = vec![(own.id.to_string(), own.name)];
            return Ok(Choices { sponsors, responsibles: Vec::new(), rubric, frozen: false });
        }
        let frozen = match &editing {
            Some(id) => store.rubric_frozen(&actor, id)?,
            None => false,
        };
        let responsibles =
            store.responsible_candidates()?.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
        Ok(Choices { sponsors: store.sponsors(&actor)?, responsibles, rubric, frozen })
    })
    .await
}

#[expect(clippy::too_many_arguments, reason = "the page's parts, each needed")]
async fn form_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    desk: Desk,
    editing: Option<Challenge>,
    typed: Option<ChallengeForm>,
    errors: FieldErrors,
    stale: bool,
) -> Result<FormPage, ApiError> {
    let actor = desk.actor(visitor, req)?;
    let own = actor.organization_id.to_string();
    let Choices { sponsors, responsibles, rubric, frozen } =
        choices(state, desk, actor, editing.as_ref().map(|c| c.id.to_string())).await?;
    let tr = Tr(visitor.locale);
    let views = pillars(&rubric, tr.0);
    let blank = || {
        let mut f = ChallengeForm::blank(state.store.now());
        if desk == Desk::Administration {
            f.sponsor_id = own.clone();
        }
        f
    };
    let mut f = typed.unwrap_or_else(|| editing.as_ref().map_or_else(blank, |c| ChallengeForm::of(c, tr)));
    if let (true, Some(current)) = (frozen, &editing) {
        f = ChallengeForm::of(current, tr).keep_texts(&f);
    }
    let saved = match (stale, &editing) {
        (true, Some(current)) => {
            f.revision = current.revision.to_string();
            Some(ChallengeForm::of(current, tr))
        }
        _ => None,
    };
    let review = editing.as_ref().and_then(|c| {
        let sponsor = sponsors.iter().find(|(id, _)| *id == c.content.sponsor_id.to_string()).map(|(_, n)| n.clone());
        let panel = |note: String| ReviewPanel {
            slug: c.content.slug.clone(),
            sponsor: sponsor.clone().unwrap_or_default(),
            note,
        };
        match desk {
            Desk::Hub => (c.state == domain::ChallengeState::InReview).then(|| panel(String::new())),
            Desk::Administration => {
                c.review_note.clone().filter(|_| c.state == domain::ChallengeState::Draft).map(panel)
            }
        }
    });
    let annex_rows = f.annexes.views(tr);
    Ok(FormPage {
        review,
        csrf: visitor.csrf(state),
        base: desk.base(),
        hub: desk == Desk::Hub,
        editing: editing.map(|c| c.content.slug),
        f,
        sponsors,
        responsibles,
        pillar_rows: Pillar::ALL
            .iter()
            .map(|p| (p.key(), name_of(&views, *p), format!("weight-{}", p.key()), format!("threshold-{}", p.key())))
            .collect(),
        frozen,
        annex_rows,
        errors,
        saved,
        l: Layout::new(state, req, visitor, desk.section()),
    })
}

impl ChallengeForm {
    /// The saved evaluation settings with the texts and annexes typed in `typed` (a frozen rubric keeps its
    /// values; the annexes are not frozen with it).
    fn keep_texts(self, typed: &Self) -> Self {
        Self {
            slug: typed.slug.clone(),
            title_it: typed.title_it.clone(),
            title_en: typed.title_en.clone(),
            description_it: typed.description_it.clone(),
            description_en: typed.description_en.clone(),
            sponsor_id: typed.sponsor_id.clone(),
            responsible_id: typed.responsible_id.clone(),
            tags: typed.tags.clone(),
            opens_at: typed.opens_at.clone(),
            closes_at: typed.closes_at.clone(),
            budget: typed.budget.clone(),
            annexes: typed.annexes.clone(),
            ..self
        }
    }
}

/// Challenge `id` as `actor` may see it.
///
/// # Errors
/// `not_found` for one they may not see.
pub async fn load(state: &AppState, actor: Actor, id: String) -> Result<Challenge, ApiError> {
    let store = state.store.clone();
    blocking(move || store.challenge_get(Some(&actor), &id)).await
}

/// The form of a new challenge.
///
/// # Errors
/// `forbidden` for anyone the desk is not for.
pub async fn blank(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    desk: Desk,
) -> Result<HttpResponse, ApiError> {
    let page = form_page(state, req, visitor, desk, None, None, FieldErrors::default(), false).await?;
    render(state, visitor, StatusCode::OK, &page)
}

/// Creates the draft typed, or shows the form again with what is wrong.
///
/// # Errors
/// `forbidden` for anyone the desk is not for.
pub async fn create(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    desk: Desk,
    typed: ChallengeForm,
) -> Result<HttpResponse, ApiError> {
    let actor = desk.actor(visitor, req)?;
    let result = match typed.request(true, visitor.locale) {
        Ok(request) => create_one(state, actor, request).await,
        Err(e) => Err(e.into()),
    };
    refused_or(state, req, visitor, desk, result, None, typed, "created").await
}

/// The form of challenge `id` as saved.
///
/// # Errors
/// `forbidden`, `not_found`.
pub async fn saved(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    desk: Desk,
    id: String,
) -> Result<HttpResponse, ApiError> {
    let current = load(state, desk.actor(visitor, req)?, id).await?;
    let page = form_page(state, req, visitor, desk, Some(current), None, FieldErrors::default(), false).await?;
    render(state, visitor, StatusCode::OK, &page)
}

/// Saves an edit of challenge `id` made on the revision read, or shows the form again.
///
/// # Errors
/// `forbidden`, `not_found`, `not_editable` (an officer's challenge no longer a draft).
pub async fn save(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    desk: Desk,
    id: String,
    typed: ChallengeForm,
) -> Result<HttpResponse, ApiError> {
    let actor = desk.actor(visitor, req)?;
    let current = load(state, actor.clone(), id).await?;
    let frozen = match desk {
        Desk::Hub => {
            let (store, actor, id) = (state.store.clone(), actor.clone(), current.id.to_string());
            blocking(move || store.rubric_frozen(&actor, &id)).await?
        }
        Desk::Administration => false,
    };
    let revision = typed.revision.trim().parse::<i32>().unwrap_or(-1);
    let result = match typed.request(!frozen, visitor.locale) {
        Ok(request) => update_one(state, actor, current.id.to_string(), revision, request).await,
        Err(e) => Err(e.into()),
    };
    refused_or(state, req, visitor, desk, result, Some(current), typed, "saved").await
}

/// To the desk's page after `result`, or the form again with what was wrong.
#[expect(clippy::too_many_arguments, reason = "the outcome and what to show again")]
async fn refused_or(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    desk: Desk,
    result: Result<Challenge, ApiError>,
    editing: Option<Challenge>,
    typed: ChallengeForm,
    done: &str,
) -> Result<HttpResponse, ApiError> {
    let tr = Tr(visitor.locale);
    let (status, errors, stale) = match result {
        Ok(saved) => return Ok(see_other(state, visitor, &desk.after(&saved, done))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            (StatusCode::UNPROCESSABLE_ENTITY, errors(tr, &fields, &typed.annexes), false)
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
        (true, Some(current)) => Some(load(state, desk.actor(visitor, req)?, current.id.to_string()).await?),
        (_, editing) => editing,
    };
    let page = form_page(state, req, visitor, desk, editing, Some(typed), errors, stale).await?;
    render(state, visitor, status, &page)
}
