//! The visible language switch. A visitor not signed in follows a link that sets a cookie (a
//! preference that changes nothing on the hub); a signed-in person sends a form that changes their own
//! setting, which their emails follow too.

use actix_web::cookie::time::Duration;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use domain::Locale;
use persistence::ProfileChange;
use serde::Deserialize;

use super::form::Form;
use super::{Visitor, local_path, session};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;

/// Where to come back to.
#[derive(Debug, Deserialize)]
pub struct Back {
    next: Option<String>,
}

fn language(tag: &str) -> Result<Locale, ApiError> {
    tag.parse().map_err(|_| ApiError::NoRoute)
}

/// Switches a visitor's pages to `lang` (`it` or `en`) and goes back.
#[get("/language/{lang}")]
pub async fn switch(
    state: web::Data<AppState>,
    lang: web::Path<String>,
    back: web::Query<Back>,
) -> Result<HttpResponse, ApiError> {
    let locale = language(&lang)?;
    let cookie =
        session::cookie(&state, session::LANGUAGE_COOKIE, locale.as_str().to_owned(), Some(Duration::days(365)));
    let mut response =
        HttpResponse::SeeOther().insert_header((header::LOCATION, local_path(back.next.as_deref()))).finish();
    response.add_cookie(&cookie).map_err(|e| ApiError::internal("language cookie", e))?;
    Ok(response)
}

/// The signed-in switch's fields.
#[derive(Debug, Deserialize)]
pub struct Choice {
    lang: String,
    next: Option<String>,
}

/// Changes the signed-in person's language and goes back.
#[post("/language")]
pub async fn switch_signed_in(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    form: Form<Choice>,
) -> Result<HttpResponse, ApiError> {
    let person = visitor.person(&req)?;
    let locale = language(&form.0.lang).map_err(|_| ApiError::bad_request("malformed_form", "no such language"))?;
    let (user, store) = (person.actor.user_id, state.store.clone());
    let change = ProfileChange { display_name: None, locale: Some(locale) };
    let saved = blocking(move || store.user_update_profile(user, change)).await?;
    session::see_other_renamed(&state, &req, &visitor, &saved, &local_path(form.0.next.as_deref()))
}
