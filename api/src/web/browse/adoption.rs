//! `/catalogue/{slug}/adoption`: the form an officer declares (or updates) their administration's
//! adoption of a service with (`PUT /api/v1/catalogue/services/{slug}/adoptions/{organization_id}`), its
//! errors beside the fields and summarised at the top, a refusal in words.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{Actor, AdoptionState, DomainError};
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::adoptions::{AdoptionRequest, declare_one};
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::manage::{Refusal, refusal_in};
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// The form's fields, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct Fields {
    #[serde(default)]
    state: String,
    #[serde(default)]
    started_on: String,
    #[serde(default)]
    ended_on: String,
    #[serde(default)]
    note: String,
    /// `yes` when the box is ticked.
    #[serde(default)]
    listed: String,
}

#[derive(Template)]
#[template(path = "web/browse/adoption.html")]
struct AdoptionPage {
    l: Layout,
    csrf: String,
    slug: String,
    service: String,
    provider: String,
    /// Whether the administration declared before (the form updates it).
    declared: bool,
    f: Fields,
    /// (value, label) of each state.
    states: Vec<(&'static str, String)>,
    errors: FieldErrors,
    refusal: Option<Refusal>,
}

impl AdoptionPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// Whether the signed-in person declares adoptions; anyone else gets the 403 page.
fn officer(visitor: &Visitor, req: &HttpRequest) -> Result<Actor, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    domain::need::require_officer(&actor)?;
    Ok(actor)
}

async fn adoption_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    actor: Actor,
    slug: String,
    answered: Option<(Fields, FieldErrors, Option<Refusal>)>,
) -> Result<AdoptionPage, ApiError> {
    let store = state.store.clone();
    let key = slug.clone();
    let found = blocking(move || store.service_adopters(Some(&actor), &key)).await?;
    let tr = Tr(visitor.locale);
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let (typed, errors, refusal) = match answered {
        Some((f, errors, refusal)) => (Some(f), errors, refusal),
        None => (None, FieldErrors::default(), None),
    };
    let f = typed.unwrap_or_else(|| match &found.own {
        Some(own) => Fields {
            state: own.content.state.as_str().to_owned(),
            started_on: day(own.content.started_on),
            ended_on: day(own.content.ended_on),
            note: own.content.note.as_ref().map(|n| n.as_str().to_owned()).unwrap_or_default(),
            listed: if own.content.listed { "yes" } else { "" }.to_owned(),
        },
        None => {
            Fields { state: AdoptionState::InUse.as_str().to_owned(), listed: "yes".to_owned(), ..Fields::default() }
        }
    });
    Ok(AdoptionPage {
        csrf: visitor.csrf(state),
        slug,
        service: found.service.content.name.clone(),
        provider: found.provider_name.clone(),
        declared: found.own.is_some(),
        f,
        states: AdoptionState::ALL
            .iter()
            .map(|s| (s.as_str(), tr.t(&format!("adoption-state-{}", s.as_str()))))
            .collect(),
        errors,
        refusal,
        l: Layout::new(state, req, visitor, "catalogue"),
    })
}

/// The form.
#[get("/catalogue/{slug}/adoption")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = officer(&visitor, &req)?;
    let page = adoption_page(&state, &req, &mut visitor, actor, path.into_inner(), None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Declares the adoption; the service's page follows, at its adopters.
#[post("/catalogue/{slug}/adoption")]
pub async fn declare(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    form: Form<Fields>,
) -> Result<HttpResponse, ApiError> {
    let actor = officer(&visitor, &req)?;
    let slug = path.into_inner();
    let f = form.0;
    let text = |t: &str| Some(t.trim().to_owned()).filter(|t| !t.is_empty());
    let body = AdoptionRequest {
        state: text(&f.state),
        started_on: text(&f.started_on),
        ended_on: text(&f.ended_on),
        note: text(&f.note),
        listed: Some(f.listed == "yes"),
    };
    let tr = Tr(visitor.locale);
    let (status, errors, refusal) = match declare_one(&state, actor.clone(), slug.clone(), body).await {
        Ok(_) => return Ok(see_other(&state, &visitor, &format!("/catalogue/{slug}#adopters"))),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            (StatusCode::UNPROCESSABLE_ENTITY, FieldErrors::from_domain(tr, &fields, str::to_owned), None)
        }
        Err(error) => {
            let (status, why) = refusal_in("adoption", tr, error, "state")?;
            (status, FieldErrors::default(), Some(why))
        }
    };
    let page = adoption_page(&state, &req, &mut visitor, actor, slug, Some((f, errors, refusal))).await?;
    render(&state, &visitor, status, &page)
}
