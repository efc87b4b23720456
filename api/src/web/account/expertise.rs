//! `/account/expertise`: an evaluator declares their expertise from the hub's vocabulary (`PUT
//! /api/v1/me/expertise`), one box per term, labelled in the reader's language.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{DomainError, Locale, User};
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::expertise::declare_one;
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// A box of the form.
struct Choice {
    tag: String,
    label: String,
    ticked: bool,
}

#[derive(Template)]
#[template(path = "web/account/expertise.html")]
struct ExpertisePage {
    l: Layout,
    csrf: String,
    choices: Vec<Choice>,
    errors: FieldErrors,
    saved: bool,
}

impl ExpertisePage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// The boxes ticked.
#[derive(Debug, Default, Deserialize)]
pub struct Chosen {
    #[serde(default)]
    expertise: Vec<String>,
}

async fn page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    ticked: Option<Vec<String>>,
    errors: FieldErrors,
    saved: bool,
) -> Result<ExpertisePage, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    actor.may_declare_expertise()?;
    let store = state.store.clone();
    let (terms, me): (_, User) = blocking(move || {
        Ok::<_, persistence::StoreError>((store.expertise_vocabulary()?, store.user_get(actor.user_id)?))
    })
    .await?;
    let ticked = ticked.unwrap_or_else(|| me.expertise.iter().cloned().collect());
    let english = visitor.locale == Locale::En;
    let choices = terms
        .into_iter()
        .map(|e| Choice {
            ticked: ticked.contains(&e.term.tag),
            label: match (english, e.term.label_en) {
                (true, Some(en)) => en,
                _ => e.term.label_it,
            },
            tag: e.term.tag,
        })
        .collect();
    Ok(ExpertisePage {
        csrf: visitor.csrf(state),
        choices,
        errors,
        saved,
        l: Layout::new(state, req, visitor, "account"),
    })
}

/// `?saved=1` after saving.
#[derive(Debug, Deserialize)]
pub struct Saved {
    saved: Option<String>,
}

/// The page.
#[get("/account/expertise")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<Saved>,
) -> Result<HttpResponse, ApiError> {
    let shown = page(&state, &req, &mut visitor, None, FieldErrors::default(), query.saved.is_some()).await?;
    render(&state, &visitor, StatusCode::OK, &shown)
}

/// Saves the boxes ticked; a refusal shows them again with its reason.
#[post("/account/expertise")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Chosen>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let chosen = form.0.expertise;
    match declare_one(&state, actor, chosen.clone()).await {
        Ok(_) => Ok(see_other(&state, &visitor, "/account/expertise?saved=1")),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            // Every refusal concerns the one group of boxes (a term retired meanwhile, too many).
            let errors = FieldErrors::from_domain(Tr(visitor.locale), &fields[..1], |_| "expertise".to_owned());
            let shown = page(&state, &req, &mut visitor, Some(chosen), errors, false).await?;
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &shown)
        }
        Err(other) => Err(other),
    }
}
