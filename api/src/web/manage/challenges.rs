//! `/manage/challenges`: every challenge with its state and window; the form to create one (a draft)
//! or edit one (with the revision read: a stale edit saves nothing), the evaluation settings shown
//! frozen once a review is submitted; opening, closing and archiving. The same functions as the API's
//! `/challenges` endpoints.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{Challenge, ChallengeAction, ChallengeState, DomainError};
use serde::Deserialize;

use super::challenge_form::Posted;
use super::challenge_page::{self as page, Desk};
use super::proposals::{challenges, title};
use super::screening::refusal;
use super::{manager, proposal::Refusal};
use crate::error::ApiError;
use crate::routes::challenges::act_one;
use crate::state::AppState;
use crate::web::form::Form;
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
                ChallengeState::Draft | ChallengeState::InReview => Some(("open", tr.t("manage-challenge-open"))),
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
    const DONE: [&str; 6] = ["created", "saved", "open", "return", "close", "archive"];
    let tr = Tr(visitor.locale);
    let notice =
        query.done.as_deref().filter(|d| DONE.contains(d)).map(|d| tr.t(&format!("manage-challenge-done-{d}")));
    let page = list_page(&state, &req, &mut visitor, notice, None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// A lifecycle form: the note of a return.
#[derive(Debug, Default, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    note: Option<String>,
}

/// Opens, closes or archives a challenge, or returns one in review to its administration with a note.
#[post("/manage/challenges/{id}/{action}")]
pub async fn lifecycle(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<(String, String)>,
    form: Form<MoveForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let (id, action) = path.into_inner();
    let act = match action.as_str() {
        "open" => ChallengeAction::Open,
        "return" => ChallengeAction::Return,
        "close" => ChallengeAction::Close,
        "archive" => ChallengeAction::Archive,
        _ => return Err(DomainError::NotFound("page").into()),
    };
    match act_one(&state, actor, id, act, form.0.note.as_deref()).await {
        Ok(_) => Ok(see_other(&state, &visitor, &format!("/manage/challenges?done={action}"))),
        Err(error) => {
            let (status, why) = refusal(Tr(visitor.locale), error, "challenges")?;
            let page = list_page(&state, &req, &mut visitor, None, Some(why)).await?;
            render(&state, &visitor, status, &page)
        }
    }
}

/// The form of a new challenge.
#[get("/manage/challenges/new")]
pub async fn new(state: web::Data<AppState>, req: HttpRequest, mut visitor: Visitor) -> Result<HttpResponse, ApiError> {
    page::blank(&state, &req, &mut visitor, Desk::Hub).await
}

/// Creates the draft.
#[post("/manage/challenges/new")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Posted>,
) -> Result<HttpResponse, ApiError> {
    page::create(&state, &req, &mut visitor, Desk::Hub, form.0.0).await
}

/// The form of an existing challenge; one its administration proposed shows how to open or return it.
#[get("/manage/challenges/{id}/edit")]
pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    page::saved(&state, &req, &mut visitor, Desk::Hub, path.into_inner()).await
}

/// Saves an edit made on the revision read.
#[post("/manage/challenges/{id}/edit")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    form: Form<Posted>,
) -> Result<HttpResponse, ApiError> {
    page::save(&state, &req, &mut visitor, Desk::Hub, path.into_inner(), form.0.0).await
}
