//! `/manage/expertise`: the hub managers curate the expertise vocabulary (`GET`, `PUT`, `DELETE
//! /api/v1/expertise[/{tag}]`) — every term with its labels and how many evaluators declare it, a form
//! that adds a term or rewords one, and a confirmed button that retires one.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use serde::Deserialize;

use super::manager;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::expertise::save_one;
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// A term as the page lists it.
struct TermRow {
    tag: String,
    label_it: String,
    label_en: Option<String>,
    evaluators: u64,
    /// What retiring it does, counted.
    warning: String,
}

#[derive(Template)]
#[template(path = "web/manage/expertise.html")]
struct VocabularyPage {
    l: Layout,
    csrf: String,
    terms: Vec<TermRow>,
    typed: TermForm,
    errors: FieldErrors,
    done: Option<String>,
}

impl VocabularyPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// The add-or-reword form.
#[derive(Debug, Default, Deserialize)]
pub struct TermForm {
    #[serde(default)]
    tag: String,
    #[serde(default)]
    label_it: String,
    #[serde(default)]
    label_en: String,
}

/// `?done=` after a form.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
    tag: Option<String>,
}

async fn vocabulary_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    typed: TermForm,
    errors: FieldErrors,
    done: Option<String>,
) -> Result<VocabularyPage, ApiError> {
    manager(visitor, req)?;
    let store = state.store.clone();
    let tr = Tr(visitor.locale);
    let terms = blocking(move || store.expertise_vocabulary())
        .await?
        .into_iter()
        .map(|e| TermRow {
            warning: tr
                .with("expertise-retire-warning", &[("tag", e.term.tag.clone()), ("count", e.evaluators.to_string())]),
            tag: e.term.tag,
            label_it: e.term.label_it,
            label_en: e.term.label_en,
            evaluators: e.evaluators,
        })
        .collect();
    Ok(VocabularyPage {
        csrf: visitor.csrf(state),
        terms,
        typed,
        errors,
        done,
        l: Layout::new(state, req, visitor, "manage"),
    })
}

/// The page again, saying what was `done` to `tag`.
fn done_at(done: &str, tag: &str) -> String {
    let query =
        form_urlencoded::Serializer::new(String::new()).append_pair("done", done).append_pair("tag", tag).finish();
    format!("/manage/expertise?{query}")
}

/// The page.
#[get("/manage/expertise")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    let tr = Tr(visitor.locale);
    let Done { done, tag } = query.into_inner();
    let done = done
        .filter(|d| ["saved", "retired"].contains(&d.as_str()))
        .map(|d| tr.t1(&format!("expertise-done-{d}"), "tag", tag.unwrap_or_default()));
    let page = vocabulary_page(&state, &req, &mut visitor, TermForm::default(), FieldErrors::default(), done).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Adds or rewords a term; invalid fields are shown beside them.
#[post("/manage/expertise")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<TermForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let typed = form.0;
    let label_en = Some(typed.label_en.as_str()).filter(|l| !l.trim().is_empty());
    match save_one(&state, actor, &typed.tag, Some(&typed.label_it), label_en).await {
        Ok(_) => {
            let tag = typed.tag.trim().to_lowercase();
            Ok(see_other(&state, &visitor, &done_at("saved", &tag)))
        }
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let errors = FieldErrors::from_domain(Tr(visitor.locale), &fields, str::to_owned);
            let page = vocabulary_page(&state, &req, &mut visitor, typed, errors, None).await?;
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

/// Retires a term: it leaves every evaluator's expertise too.
#[post("/manage/expertise/{tag}/retire")]
pub async fn retire(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<String>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let tag = path.into_inner();
    let store = state.store.clone();
    let key = tag.clone();
    blocking(move || store.expertise_term_retire(&actor, &key)).await?;
    Ok(see_other(&state, &visitor, &done_at("retired", &tag)))
}
