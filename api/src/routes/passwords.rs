//! Passwords: reset by email, change when signed in. A new password ends what someone else may hold
//! (the other sessions, every personal access token, every outstanding reset link), and the user is
//! told by email.

use actix_web::{HttpRequest, HttpResponse, post, web};
use domain::{DomainError, Email, Locale, OutgoingMail, Password, mails};
use persistence::Recipient;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::auth::extractor::session_id;
use crate::auth::throttle::client_address;
use crate::auth::tokens::{hash_token, new_secret};
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::auth::email_link;
use crate::routes::{blocking, public_link};
use crate::state::AppState;

const RESET_MINUTES: i64 = 60;

/// Who asks for a password reset.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "giulia.bianchi@nuvolaverde.example"}))]
pub struct PasswordResetRequest {
    /// Email address of the account.
    pub email: String,
}

/// A password reset.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "token": "ypeE9zvO_J-DWMAQdCCT5ru0vflkj88IBQsDdEw4tT0",
    "new_password": "una nuova password lunga"
}))]
pub struct PasswordResetConfirm {
    /// The token received by email.
    pub token: String,
    /// The new password, 12 to 128 characters.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

/// A signed-in change of password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "current_password": "correct horse battery staple",
    "new_password": "una nuova password lunga"
}))]
pub struct PasswordChange {
    /// The current password.
    pub current_password: String,
    /// The new password, 12 to 128 characters.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

/// The "your password was changed" email, with `link` to reset it if it was not the user.
fn password_changed(link: String, to: &Recipient) -> OutgoingMail {
    OutgoingMail::new(
        to.email.clone(),
        to.locale,
        mails::PasswordChanged { display_name: to.display_name.clone(), link },
    )
}

/// Ask for a password reset email.
///
/// Anyone may call it. Emails a single-use reset link, valid one hour, to the address. The answer (202) is the same
/// whether or not the account exists, and so is the work: an address without an account is told so by email.
/// Problems: `validation_failed` (422, not an email address), `too_many_requests` (429 with `Retry-After`, per
/// address asked for and per client address).
#[utoipa::path(tag = "auth", request_body = PasswordResetRequest, responses(
    (status = 202, description = "An email is on its way to the address"),
    (status = 422, description = "Not an email address", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many requests for the address or from the client", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/password-reset")]
pub async fn password_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    request_reset(&state, &req, &body.email).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password with a reset token.
///
/// Anyone holding the emailed token (single use, one hour) may call it. Every session ends, every access token
/// already issued stops working, every personal access token is revoked, every other reset link is spent, and the
/// user is told by email. A bad token or a password the policy refuses is `validation_failed` (422).
#[utoipa::path(tag = "auth", request_body = PasswordResetConfirm, responses(
    (status = 204, description = "Password changed"),
    (status = 422, description = "Bad token or password", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/password-reset/confirm")]
pub async fn password_reset_confirm(
    state: web::Data<AppState>,
    body: Json<PasswordResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    confirm_reset(&state, &body.token, &body.new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Change your password.
///
/// Interactive sessions only (a personal access token gets 403 `forbidden`). This session goes on; your other
/// sessions end, your personal access tokens are revoked, any reset link still outstanding is spent, and you are
/// told by email. A wrong current password is `validation_failed` (422, code `wrong_password` on
/// `current_password`) and counts as a failed login (the same throttle: `too_many_requests`, 429).
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = PasswordChange, responses(
    (status = 204, description = "Password changed"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A personal access token cannot change the password", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "`wrong_password`, or an invalid new password", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many wrong passwords", body = Problem, content_type = "application/problem+json"),
))]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    auth: Authenticated,
    body: Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    auth.0.require_session()?;
    let body = body.into_inner();
    let keep = session_id(&req, &state)?;
    change(&state, &req, auth.0.user_id, keep, body.current_password, &body.new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Emails a reset link for the address `raw` as `POST /auth/password-reset` does (the same whether or
/// not it has an account).
///
/// # Errors
/// Not an email address (422), throttled (429).
pub async fn request_reset(state: &AppState, req: &HttpRequest, raw: &str) -> Result<(), ApiError> {
    let email = Email::parse(raw).map_err(DomainError::from)?;
    state.mail_throttle.check(&email, client_address(req))?;
    let (token, secret) = new_secret(chrono::Duration::minutes(RESET_MINUTES));
    let link = email_link(state, "/reset-password", &token);
    let register = public_link(state, "/register");
    let store = state.store.clone();
    blocking(move || {
        store.user_password_reset_request(&email, secret, |to| match to {
            Some(to) => OutgoingMail::new(
                to.email.clone(),
                to.locale,
                mails::PasswordReset { display_name: to.display_name.clone(), link, token, minutes: RESET_MINUTES },
            ),
            None => OutgoingMail::new(email.clone(), Locale::default(), mails::PasswordResetUnknown { link: register }),
        })
    })
    .await?;
    Ok(())
}

/// Sets a new password with an emailed reset token as `POST /auth/password-reset/confirm` does.
///
/// # Errors
/// A bad token or a password the policy refuses (422).
pub async fn confirm_reset(state: &AppState, token: &str, new_password: &str) -> Result<(), ApiError> {
    let password = Password::parse("new_password", new_password).map_err(DomainError::from)?;
    let hash = state.passwords.hash(password).await?;
    let token_hash = hash_token(token.trim());
    let (store, link) = (state.store.clone(), public_link(state, "/forgot-password"));
    blocking(move || store.user_password_reset_confirm(&token_hash, &hash, |to| password_changed(link, to))).await?;
    Ok(())
}

/// Changes a signed-in user's password as `POST /me/password` does: the session `keep` goes on.
///
/// # Errors
/// An invalid new password or a wrong current one (422), too many wrong ones (429).
pub async fn change(
    state: &AppState,
    req: &HttpRequest,
    user_id: domain::UserId,
    keep: String,
    current: String,
    new_password: &str,
) -> Result<(), ApiError> {
    let password = Password::parse("new_password", new_password).map_err(DomainError::from)?;
    let store = state.store.clone();
    let (email, stored) = blocking(move || store.user_password_hash(user_id)).await?;
    let attempt = state.throttle.begin(&email, client_address(req))?;
    if current.chars().count() > Password::MAX || !state.passwords.verify(current, Some(stored)).await? {
        return Err(DomainError::invalid("current_password", "wrong_password", "is not your current password").into());
    }
    state.throttle.succeeded(attempt);
    let hash = state.passwords.hash(password).await?;
    let (store, link) = (state.store.clone(), public_link(state, "/forgot-password"));
    blocking(move || store.user_password_change(user_id, &keep, &hash, |to| password_changed(link, to))).await?;
    Ok(())
}
