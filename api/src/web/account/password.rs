//! A forgotten password: ask for the reset email (the same answer whether or not the address has an
//! account), then set a new one from the emailed link, as `POST /auth/password-reset` and its confirm
//! do. The link's page only shows the form: opening it spends nothing.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;
use serde::Deserialize;

use super::Token;
use crate::error::ApiError;
use crate::routes::passwords::{confirm_reset, request_reset};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other};

#[derive(Template)]
#[template(path = "web/account/forgot.html")]
struct ForgotPage {
    l: Layout,
    csrf: String,
    email: String,
    errors: FieldErrors,
    /// The email is on its way.
    sent: bool,
}

impl ForgotPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

#[derive(Template)]
#[template(path = "web/account/reset.html")]
struct ResetPage {
    l: Layout,
    csrf: String,
    token: String,
    errors: FieldErrors,
    /// What became of the reset: `None` while the form is shown, `Some(true)` done, `Some(false)` a
    /// link that is unknown, used or expired.
    outcome: Option<bool>,
}

impl ResetPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// The address to send the link to.
#[derive(Debug, Deserialize)]
pub struct Address {
    #[serde(default)]
    email: String,
}

/// `?sent=1` once asked.
#[derive(Debug, Deserialize)]
pub struct Sent {
    sent: Option<String>,
}

/// The form that asks for a reset link (and, after it, the page saying the mail is on its way).
#[get("/forgot-password")]
pub async fn forgot(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<Sent>,
) -> Result<HttpResponse, ApiError> {
    let csrf = visitor.csrf(&state);
    let sent = query.sent.is_some();
    let l = Layout::new(&state, &req, &mut visitor, "login");
    let page = ForgotPage { l, csrf, email: String::new(), errors: FieldErrors::default(), sent };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Asks for the link: a 303 to the page saying it is on its way; not an address: the form again (422).
#[post("/forgot-password")]
pub async fn ask(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Address>,
) -> Result<HttpResponse, ApiError> {
    let email = form.0.email;
    match request_reset(&state, &req, &email).await {
        Ok(()) => Ok(see_other(&state, &visitor, "/forgot-password?sent=1")),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let errors = FieldErrors::from_domain(Tr(visitor.locale), &fields, |_| "email".to_owned());
            let csrf = visitor.csrf(&state);
            let l = Layout::new(&state, &req, &mut visitor, "login");
            let page = ForgotPage { l, csrf, email, errors, sent: false };
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

/// The emailed link's page: the form for the new password.
#[get("/reset-password")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<Token>,
) -> Result<HttpResponse, ApiError> {
    let csrf = visitor.csrf(&state);
    let l = Layout::new(&state, &req, &mut visitor, "login");
    let page = ResetPage { l, csrf, token: query.into_inner().token, errors: FieldErrors::default(), outcome: None };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The new password and the link's token.
#[derive(Debug, Deserialize)]
pub struct NewPassword {
    #[serde(default)]
    token: String,
    #[serde(default)]
    new_password: String,
}

/// Sets the new password: every session ends (this browser's too) and the person logs in again.
#[post("/reset-password")]
pub async fn reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<NewPassword>,
) -> Result<HttpResponse, ApiError> {
    let NewPassword { token, new_password } = form.0;
    let (status, errors, outcome) = match confirm_reset(&state, &token, &new_password).await {
        Ok(()) => (StatusCode::OK, FieldErrors::default(), Some(true)),
        Err(ApiError::Domain(DomainError::Invalid(fields))) if fields.iter().any(|f| f.field == "token") => {
            (StatusCode::UNPROCESSABLE_ENTITY, FieldErrors::default(), Some(false))
        }
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let errors = FieldErrors::from_domain(Tr(visitor.locale), &fields, |_| "new_password".to_owned());
            (StatusCode::UNPROCESSABLE_ENTITY, errors, None)
        }
        Err(other) => return Err(other),
    };
    if outcome == Some(true) {
        // The session this browser held has ended with the others.
        visitor.signed_in = None;
    }
    let csrf = visitor.csrf(&state);
    let l = Layout::new(&state, &req, &mut visitor, "login");
    let page = ResetPage { l, csrf, token, errors, outcome };
    render(&state, &visitor, status, &page)
}
