//! Accepting an invitation from its emailed link: the page names the organisation and the address
//! invited; the form creates the account in it as `POST /auth/register` with `invitation_token` does
//! (the address counts as verified), then signs the new member in.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{DomainError, Locale};
use serde::Deserialize;

use super::Token;
use crate::auth::tokens::hash_token;
use crate::error::ApiError;
use crate::routes::auth::{RegisterRequest, register_account};
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::login::signed_in;
use crate::web::{Layout, Tr, Visitor, render};

/// Why the form cannot be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// The link is unknown, used or expired.
    Invalid,
    /// The address has an account already.
    Taken,
}

#[derive(Template)]
#[template(path = "web/account/invitation.html")]
struct InvitationPage {
    l: Layout,
    csrf: String,
    token: String,
    organization: String,
    email: String,
    display_name: String,
    locale: String,
    errors: FieldErrors,
    refusal: Option<Refusal>,
}

impl InvitationPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// The organisation and address of the invitation `token`, if it is live.
async fn preview(state: &AppState, token: &str) -> Result<Option<(String, String)>, ApiError> {
    let (store, hash) = (state.store.clone(), hash_token(token.trim()));
    blocking(move || store.invitation_preview(&hash)).await
}

/// The page of an invitation: the form to join, or why it cannot be used.
#[get("/accept-invitation")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<Token>,
) -> Result<HttpResponse, ApiError> {
    let token = query.into_inner().token;
    let found = preview(&state, &token).await?;
    let (status, refusal) =
        if found.is_some() { (StatusCode::OK, None) } else { (StatusCode::NOT_FOUND, Some(Refusal::Invalid)) };
    let (organization, email) = found.unwrap_or_default();
    let csrf = visitor.csrf(&state);
    let locale = visitor.locale.as_str().to_owned();
    let page = InvitationPage {
        l: Layout::new(&state, &req, &mut visitor, "register"),
        csrf,
        token,
        organization,
        email,
        display_name: String::new(),
        locale,
        errors: FieldErrors::default(),
        refusal,
    };
    render(&state, &visitor, status, &page)
}

/// The form's fields.
#[derive(Debug, Deserialize)]
pub struct Joining {
    #[serde(default)]
    token: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    locale: String,
}

/// Joins: the new member is signed in and sees their account; invalid fields show the form again.
#[post("/accept-invitation")]
pub async fn accept(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Joining>,
) -> Result<HttpResponse, ApiError> {
    let Joining { token, display_name, password, locale } = form.0;
    let Some((organization, email)) = preview(&state, &token).await? else {
        return refused(&state, &req, visitor, token, Refusal::Invalid).await;
    };
    let body = RegisterRequest {
        email: email.clone(),
        password,
        display_name: display_name.clone(),
        locale: Some(locale.clone()).filter(|l| !l.is_empty()),
        organization: None,
        invitation_token: Some(token.clone()),
    };
    match register_account(&state, &req, body).await {
        Ok(Some(user)) => signed_in(&state, &visitor, user.id, "/account?done=joined").await,
        Ok(None) => Err(ApiError::internal("invitation", "joining created no account")),
        Err(ApiError::Domain(DomainError::Invalid(fields))) if fields.iter().any(|f| f.field == "invitation_token") => {
            refused(&state, &req, visitor, token, Refusal::Invalid).await
        }
        Err(ApiError::Domain(DomainError::Conflict { code: "email_taken", .. })) => {
            refused(&state, &req, visitor, token, Refusal::Taken).await
        }
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let errors = FieldErrors::from_domain(Tr(visitor.locale), &fields, str::to_owned);
            let csrf = visitor.csrf(&state);
            let page = InvitationPage {
                l: Layout::new(&state, &req, &mut visitor, "register"),
                csrf,
                token,
                organization,
                email,
                display_name,
                locale: if locale.parse::<Locale>().is_ok() { locale } else { "it".to_owned() },
                errors,
                refusal: None,
            };
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

/// The page saying why the invitation cannot be used.
async fn refused(
    state: &AppState,
    req: &HttpRequest,
    mut visitor: Visitor,
    token: String,
    refusal: Refusal,
) -> Result<HttpResponse, ApiError> {
    let status = match refusal {
        Refusal::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        Refusal::Taken => StatusCode::CONFLICT,
    };
    let csrf = visitor.csrf(state);
    let page = InvitationPage {
        l: Layout::new(state, req, &mut visitor, "register"),
        csrf,
        token,
        organization: String::new(),
        email: String::new(),
        display_name: String::new(),
        locale: String::new(),
        errors: FieldErrors::default(),
        refusal: Some(refusal),
    };
    render(state, &visitor, status, &page)
}
