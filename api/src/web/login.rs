//! Log in and log out. Logging in checks the password as the API does (the same throttle) and starts
//! one of the hub's sessions for the browser; logging out ends it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use serde::Deserialize;

use super::form::Form;
use super::{Layout, Visitor, local_path, render, see_other, session};
use crate::auth::tokens::new_secret;
use crate::error::ApiError;
use crate::routes::auth::check_password;
use crate::routes::blocking;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "web/login.html")]
struct LoginPage {
    l: Layout,
    csrf: String,
    next: String,
    email: String,
    /// The message above the form: wrong credentials, too many attempts.
    error: Option<String>,
}

/// `?next=`: where to go once signed in.
#[derive(Debug, Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// The log-in page (signed in already: straight on).
#[get("/login")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<Next>,
) -> Result<HttpResponse, ApiError> {
    let next = local_path(query.next.as_deref());
    if visitor.signed_in.is_some() {
        return Ok(see_other(&state, &visitor, &next));
    }
    let csrf = visitor.csrf(&state);
    let page = LoginPage {
        l: Layout::new(&state, &req, &mut visitor, "login"),
        csrf,
        next,
        email: String::new(),
        error: None,
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The log-in form's fields.
#[derive(Debug, Deserialize)]
pub struct Credentials {
    email: String,
    password: String,
    next: Option<String>,
}

/// Logs in: on success a session cookie and a 303 to where the person was going; otherwise the form
/// again with the reason (the same words whether the address or the password was wrong).
#[post("/login")]
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Credentials>,
) -> Result<HttpResponse, ApiError> {
    let Credentials { email, password, next } = form.0;
    let next = local_path(next.as_deref());
    let tr = super::Tr(visitor.locale);
    let error = match check_password(&state, &req, &email, password).await {
        Ok(user_id) => match signed_in(&state, &visitor, user_id, &next).await {
            // The right password of an account closed when its holder left their organisation.
            Err(ApiError::Domain(domain::DomainError::Conflict { code: "account_closed", .. })) => tr.t("login-closed"),
            done => return done,
        },
        Err(ApiError::TooManyRequests { retry_after }) => tr.t1("login-too-many", "minutes", retry_after.div_ceil(60)),
        Err(ApiError::Domain(domain::DomainError::Unauthenticated(_))) => tr.t("login-refused"),
        Err(other) => return Err(other),
    };
    let csrf = visitor.csrf(&state);
    let page = LoginPage { l: Layout::new(&state, &req, &mut visitor, "login"), csrf, next, email, error: Some(error) };
    render(&state, &visitor, StatusCode::UNAUTHORIZED, &page)
}

/// Starts a session for `user_id` (who just proved who they are) and goes on to `next`.
///
/// # Errors
/// A store failure.
pub async fn signed_in(
    state: &AppState,
    visitor: &Visitor,
    user_id: domain::UserId,
    next: &str,
) -> Result<HttpResponse, ApiError> {
    let (_, secret) = new_secret(chrono::Duration::hours(session::TTL_HOURS));
    let store = state.store.clone();
    let (grant, user) = blocking(move || {
        let grant = store.session_create(user_id, secret)?;
        Ok::<_, persistence::StoreError>((grant, store.user_get(user_id)?))
    })
    .await?;
    let cookie = session::start(state, &grant, &user.display_name, user.locale)?;
    let mut response = see_other(state, visitor, next);
    response.add_cookie(&cookie).map_err(|e| ApiError::internal("session cookie", e))?;
    Ok(response)
}

/// Logs out: ends the session and forgets the cookie.
#[post("/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    visitor: Visitor,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    if let Some(person) = &visitor.signed_in {
        let (user, session_id) = (person.actor.user_id, person.session_id.clone());
        let store = state.store.clone();
        blocking(move || store.session_end(user, &session_id)).await?;
    }
    super::see_other_signed_out(&state, &visitor, "/?logged-out=1")
}
