//! `/needs/new`: the form an officer states their administration's need with (`POST /api/v1/needs`),
//! its errors beside the fields and summarised at the top.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{DomainError, Pillar, Urgency};
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::needs::{NeedRequest, content};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
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
}

#[derive(Template)]
#[template(path = "web/needs/new.html")]
struct NewPage {
    l: Layout,
    csrf: String,
    f: Fields,
    /// (key, name, ticked) of each pillar.
    pillars: Vec<(&'static str, String, bool)>,
    urgencies: Vec<(&'static str, String)>,
    errors: FieldErrors,
}

impl NewPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

async fn new_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    f: Fields,
    errors: FieldErrors,
) -> Result<NewPage, ApiError> {
    let store = state.store.clone();
    let rubric = blocking(move || store.rubric_current()).await?;
    let tr = Tr(visitor.locale);
    let names = crate::web::rubric::pillars(&rubric, tr.0);
    Ok(NewPage {
        csrf: visitor.csrf(state),
        pillars: Pillar::ALL
            .iter()
            .map(|p| (p.key(), super::pillar_name(&names, *p), f.pillar.iter().any(|k| k == p.key())))
            .collect(),
        urgencies: Urgency::ALL.iter().map(|u| (u.as_str(), tr.t(&format!("need-urgency-{}", u.as_str())))).collect(),
        f,
        errors,
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
    let page = new_page(&state, &req, &mut visitor, fields, FieldErrors::default()).await?;
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
    // Every field's error at once: a number that does not read as one, and whatever the rules refuse.
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
        tags: Some(f.tags.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()),
        urgency: Some(f.urgency.clone()),
        population: number("population", &f.population),
        budget_min_eur: number("budget_min_eur", &f.budget_min_eur),
        budget_max_eur: number("budget_max_eur", &f.budget_max_eur),
        public: Some(f.visibility == "public"),
    };
    let result = match (content(body), unreadable.is_empty()) {
        (Ok(need), true) => {
            let store = state.store.clone();
            blocking(move || store.need_create(&actor, &need)).await
        }
        (Ok(_), false) => Err(DomainError::Invalid(unreadable).into()),
        (Err(ApiError::Domain(DomainError::Invalid(mut fields))), _) => {
            fields.retain(|f| !unreadable.iter().any(|u| u.field == f.field));
            fields.extend(unreadable);
            Err(DomainError::Invalid(fields).into())
        }
        (Err(other), _) => Err(other),
    };
    let errors = match result {
        Ok(view) => return Ok(see_other(&state, &visitor, &format!("/needs/{}", view.need.id))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            // `pillars[0]` and `tags[2]` are the fields `pillars` and `tags` of the form.
            FieldErrors::from_domain(Tr(visitor.locale), &fields, |f| f.split('[').next().unwrap_or(f).to_owned())
        }
        Err(other) => return Err(other),
    };
    let page = new_page(&state, &req, &mut visitor, f, errors).await?;
    render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
}
