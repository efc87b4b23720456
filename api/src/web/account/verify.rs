//! Verifying an address from the emailed link: the link's page only shows a button (mail scanners follow
//! links, so opening it changes nothing); the button's POST verifies as `POST /auth/verify-email` does.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::DomainError;

use super::Token;
use crate::auth::tokens::hash_token;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Layout, Visitor, render};

#[derive(Template)]
#[template(path = "web/account/verify.html")]
struct VerifyPage {
    l: Layout,
    csrf: String,
    token: String,
}

#[derive(Template)]
#[template(path = "web/account/verify_done.html")]
struct DonePage {
    l: Layout,
    verified: bool,
}

/// The link's page: a button that verifies.
#[get("/verify-email")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<Token>,
) -> Result<HttpResponse, ApiError> {
    let csrf = visitor.csrf(&state);
    let page =
        VerifyPage { l: Layout::new(&state, &req, &mut visitor, "account"), csrf, token: query.into_inner().token };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Verifies: a page saying so, or (unknown, used or expired token) a page saying what to do (422).
#[post("/verify-email")]
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Token>,
) -> Result<HttpResponse, ApiError> {
    let hash = hash_token(form.0.token.trim());
    let store = state.store.clone();
    let (verified, status) = match blocking(move || store.user_verify_email(&hash)).await {
        Ok(_) => (true, StatusCode::OK),
        Err(ApiError::Domain(DomainError::Invalid(_))) => (false, StatusCode::UNPROCESSABLE_ENTITY),
        Err(other) => return Err(other),
    };
    let page = DonePage { l: Layout::new(&state, &req, &mut visitor, "account"), verified };
    render(&state, &visitor, status, &page)
}
