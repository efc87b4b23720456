//! Accounts and sessions: register, verify, log in, refresh, log out, reset a password.

use actix_web::{HttpRequest, HttpResponse, post, web};
use domain::{
    DisplayName, DomainError, Email, Locale, NewAccount, NewOrganization, OutgoingMail, Password, Validation, mails,
};
use persistence::{Membership, Registered, SessionGrant};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::auth::jwt::ACCESS_TTL_SECONDS;
use crate::auth::throttle::client_address;
use crate::auth::tokens::{hash_token, new_secret};
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::me::UserDto;
use crate::routes::{blocking, public_link};
use crate::state::AppState;

const VERIFY_HOURS: i64 = 48;
const REFRESH_DAYS: i64 = 30;

/// A new organisation, registered together with its first user (its owner).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Comune di Lecce",
    "kind": "public_administration",
    "tax_code": "80008510754",
    "ipa_code": "c_e506"
}))]
pub struct NewOrganizationDto {
    /// The organisation's name.
    #[schema(example = "Aurora Labs S.r.l.")]
    pub name: String,
    /// `startup`, `university`, `research_centre`, `company` or `public_administration`.
    #[schema(example = "startup")]
    pub kind: String,
    /// Partita IVA or numeric codice fiscale (11 digits, checksum verified).
    #[schema(example = "12345678903")]
    pub tax_code: String,
    /// IPA code, for public administrations only.
    pub ipa_code: Option<String>,
}

impl NewOrganizationDto {
    /// Parses it into the domain's value.
    ///
    /// # Errors
    /// Validation errors with paths under `organization`.
    pub fn parse(&self, prefix: &str) -> Result<NewOrganization, DomainError> {
        NewOrganization::parse(&self.name, &self.kind, &self.tax_code, self.ipa_code.as_deref()).map_err(|e| match e {
            DomainError::Invalid(fields) => DomainError::Invalid(
                fields.into_iter().map(|f| if prefix.is_empty() { f } else { f.under(prefix) }).collect(),
            ),
            other => other,
        })
    }
}

/// Registration: with a new organisation, or with an invitation to an existing one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "email": "giulia.bianchi@nuvolaverde.example",
    "password": "correct horse battery staple",
    "display_name": "Giulia Bianchi",
    "locale": "it",
    "organization": {"name": "Nuvola Verde S.r.l.", "kind": "startup", "tax_code": "04987650753"}
}))]
pub struct RegisterRequest {
    /// Email address; one account per address.
    #[schema(example = "anna.rossi@aurora-labs.example")]
    pub email: String,
    /// 12 to 128 characters.
    #[schema(example = "correct horse battery staple", min_length = 12, max_length = 128)]
    pub password: String,
    /// The name shown to others.
    #[schema(example = "Anna Rossi")]
    pub display_name: String,
    /// `it` (default) or `en`: the language of your emails.
    pub locale: Option<String>,
    /// The organisation to create (you become its owner). Exactly one of this and `invitation_token`.
    pub organization: Option<NewOrganizationDto>,
    /// The token of an invitation sent to this address.
    pub invitation_token: Option<String>,
}

/// Issued tokens.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMTkyZjBhMi0xYzJkLTdlM2YtYTA0MS01MjYzNzQ4NWE2YjcifQ.c2lnbmF0dXJl",
    "token_type": "Bearer",
    "expires_in": 900,
    "refresh_token": "xXbs0GgXfhd9IyW2Gh3y3Z6cFmlLPqXuX4i4MHZhTV0",
    "refresh_expires_in": 2592000
}))]
pub struct TokenResponse {
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// The access token (JWT) for `Authorization: Bearer`.
    pub access_token: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// The refresh token: single use, rotated by `/auth/refresh`.
    pub refresh_token: String,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: i64,
}

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "giulia.bianchi@nuvolaverde.example", "password": "correct horse battery staple"}))]
pub struct LoginRequest {
    /// Email address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// A refresh token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"refresh_token": "xXbs0GgXfhd9IyW2Gh3y3Z6cFmlLPqXuX4i4MHZhTV0"}))]
pub struct RefreshRequest {
    /// The refresh token of the session.
    pub refresh_token: String,
}

/// A single-use token received by email.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "ypeE9zvO_J-DWMAQdCCT5ru0vflkj88IBQsDdEw4tT0"}))]
pub struct TokenRequest {
    /// The token.
    pub token: String,
}

/// A link in an email: a front-end page that receives the token.
pub fn email_link(state: &AppState, page: &str, token: &str) -> String {
    let mut url = state.settings.public_url.clone();
    url.set_path(page);
    url.query_pairs_mut().clear().append_pair("token", token);
    url.to_string()
}

async fn issue(state: &AppState, grant: SessionGrant, refresh_token: String) -> Result<TokenResponse, ApiError> {
    let now = state.store.now().timestamp();
    let access_token = state.jwt.issue(&grant, now)?;
    Ok(TokenResponse {
        token_type: "Bearer",
        access_token,
        expires_in: ACCESS_TTL_SECONDS,
        refresh_token,
        refresh_expires_in: REFRESH_DAYS * 86_400,
    })
}

/// Register an account.
///
/// Anyone may call it. With `organization`, creates the organisation, makes you its owner with the `proposer` role,
/// and emails a verification link; the answer is 202 with no body, the same whether or not the address already has
/// an account (if it has, nothing is created and its owner is told by email). Log in to see your account. With
/// `invitation_token`, joins the inviting organisation (201 with the account); the address counts as verified.
/// Nobody joins an organisation without an invitation. Problems: `email_taken` (409, with an invitation),
/// `validation_failed` (422, each field named), `too_many_requests` (429 with `Retry-After`, per address registered
/// and per client address).
#[utoipa::path(tag = "auth", request_body = RegisterRequest, responses(
    (status = 201, description = "Joined with an invitation", body = UserDto),
    (status = 202, description = "With a new organisation: a verification email (or, for an address with an account, a notice) is on its way to the address"),
    (status = 409, description = "With an invitation: the address already has an account (`email_taken`)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many registrations for the address or from the client", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/register")]
pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    match register_account(&state, &req, body.into_inner()).await? {
        // The new account's resource is `/me` (there is no `/users/{id}` to read).
        Some(user) => Ok(crate::routes::located(HttpResponse::Created().json(UserDto::from(user)), "/api/v1/me")),
        None => Ok(HttpResponse::Accepted().finish()),
    }
}

/// Registers an account as `POST /auth/register` does (validation, throttle, password hashing, mail): the
/// account when it joined by invitation, `None` when founding (the same whether or not the address had one).
///
/// # Errors
/// As the API's register: invalid fields, throttled, the address taken (with an invitation).
pub async fn register_account(
    state: &AppState,
    req: &HttpRequest,
    body: RegisterRequest,
) -> Result<Option<domain::User>, ApiError> {
    let mut v = Validation::new();
    let email = v.check(Email::parse(&body.email));
    let password = v.check(Password::parse("password", &body.password));
    let display_name = v.check(DisplayName::parse(&body.display_name));
    let locale = v.check(body.locale.as_deref().map_or(Ok(Locale::default()), str::parse));
    let membership = match (&body.organization, &body.invitation_token) {
        (Some(org), None) => match org.parse("organization") {
            Ok(org) => Some(Membership::Found(org)),
            Err(DomainError::Invalid(fields)) => {
                fields.into_iter().for_each(|f| v.push(f));
                None
            }
            Err(other) => return Err(other.into()),
        },
        (None, Some(token)) => Some(Membership::Invited { token_hash: hash_token(token.trim()) }),
        _ => {
            v.push(domain::FieldError::new(
                "organization",
                "exactly_one",
                "give exactly one of `organization` (a new one) and `invitation_token`",
            ));
            None
        }
    };
    v.finish()?;
    let (Some(email), Some(password), Some(display_name), Some(locale), Some(membership)) =
        (email, password, display_name, locale, membership)
    else {
        return Err(ApiError::internal("register", "validation passed with missing values"));
    };
    state.mail_throttle.check(&email, client_address(req))?;
    let password_hash = state.passwords.hash(password).await?;
    let verification = match membership {
        Membership::Found(_) => {
            let (token, secret) = new_secret(chrono::Duration::hours(VERIFY_HOURS));
            let link = email_link(state, "/verify-email", &token);
            let display_name = display_name.as_str().to_owned();
            let content = mails::VerifyEmail { display_name, link, token, hours: VERIFY_HOURS };
            let mail = OutgoingMail::new(email.clone(), locale, content);
            Some((secret, mail))
        }
        Membership::Invited { .. } => None,
    };
    let founding = matches!(membership, Membership::Found(_));
    let forgot = public_link(state, "/forgot-password");
    let account = NewAccount { email, display_name, password_hash, locale, expertise: Default::default() };
    let store = state.store.clone();
    let registered = blocking(move || {
        store.user_register(account, membership, verification, |to| {
            let content = mails::RegistrationAccountExists { display_name: to.display_name.clone(), link: forgot };
            OutgoingMail::new(to.email.clone(), to.locale, content)
        })
    })
    .await;
    match registered {
        Ok(Registered::Created(user)) if !founding => Ok(Some(user)),
        Ok(_) => Ok(None),
        // Two registrations of one new address at once: the loser's account exists, by the winner.
        Err(ApiError::Domain(DomainError::Conflict { code: "email_taken", .. })) if founding => Ok(None),
        Err(error) => Err(error),
    }
}

/// Verify an email address.
///
/// Anyone holding the single-use token emailed at registration (or by `/auth/verify-email/resend`) may call it; no
/// authentication. The account's address becomes verified, which submitting proposals and inviting colleagues
/// require. An unknown, used or expired token is `validation_failed` (422).
#[utoipa::path(tag = "auth", request_body = TokenRequest, responses(
    (status = 204, description = "Verified"),
    (status = 422, description = "Unknown, used or expired token", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/verify-email")]
pub async fn verify_email(state: web::Data<AppState>, body: Json<TokenRequest>) -> Result<HttpResponse, ApiError> {
    let hash = hash_token(body.token.trim());
    let store = state.store.clone();
    blocking(move || store.user_verify_email(&hash)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Resend the verification email.
///
/// For the caller, when the first email expired or was lost: a new single-use link is emailed to the account's
/// address. Interactive sessions only (an access token from login, not a personal access token: 403 `forbidden`).
/// An address already verified is `already_verified` (409). Throttled per address and per client address
/// (`too_many_requests`, 429 with `Retry-After`).
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses(
    (status = 202, description = "A new verification email is on its way"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A personal access token cannot ask for it", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Already verified", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many requests for the address or from the client", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/verify-email/resend")]
pub async fn resend_verification(
    state: web::Data<AppState>,
    req: HttpRequest,
    auth: Authenticated,
) -> Result<HttpResponse, ApiError> {
    auth.0.require_session()?;
    resend_verification_to(&state, &req, auth.0.user_id).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Log in.
///
/// Anyone may call it. Exchanges email and password for a 15-minute access token (JWT) and a 30-day refresh token.
/// Wrong password and unknown account get the same answer (`unauthenticated`, 401). A few failures for an account
/// from one client address make that address wait, longer after each further failure; a right password from an
/// address without failures is never refused for the account's sake. Attempts per client address are limited too
/// (`too_many_requests`, 429 with `Retry-After`). The right password of an account closed when its holder left their
/// organisation is `account_closed` (409): an invitation from an organisation reopens it.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, description = "Logged in", body = TokenResponse),
    (status = 401, description = "Invalid credentials", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The account left its organisation and is closed", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many attempts", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let user_id = check_password(&state, &req, &body.email, body.password).await?;
    let (refresh_token, secret) = new_secret(chrono::Duration::days(REFRESH_DAYS));
    let store = state.store.clone();
    let grant = blocking(move || store.session_create(user_id, secret)).await?;
    Ok(HttpResponse::Ok().json(issue(&state, grant, refresh_token).await?))
}

/// Checks an email address and password as every log-in does (the API's and the pages'): throttled
/// per account and per client address, the same work and the same answer whether or not the address
/// has an account.
///
/// # Errors
/// `unauthenticated` for a wrong address or password; `too_many_requests` over the throttle.
pub async fn check_password(
    state: &AppState,
    req: &HttpRequest,
    email: &str,
    password: String,
) -> Result<domain::UserId, ApiError> {
    let account_key = email.trim().to_lowercase();
    let attempt = state.throttle.begin(&account_key, client_address(req))?;
    let refused = || ApiError::Domain(DomainError::Unauthenticated("invalid email or password"));
    let stored = match Email::parse(email) {
        Ok(email) if password.chars().count() <= Password::MAX => {
            let store = state.store.clone();
            blocking(move || store.user_credentials(&email)).await?
        }
        _ => None,
    };
    let (user_id, hash) = match stored {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    if !state.passwords.verify(password, hash).await? {
        return Err(refused());
    }
    let user_id = user_id.ok_or_else(refused)?;
    state.throttle.succeeded(attempt);
    Ok(user_id)
}

/// Rotate a refresh token.
///
/// Anyone holding a refresh token may call it; no access token is needed. Returns a new access token and a new
/// refresh token of the same session. Each refresh token works once: presenting a spent one again revokes the whole
/// session (every token of its family). An unknown, spent, expired or revoked token is `unauthenticated` (401).
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, description = "Rotated", body = TokenResponse),
    (status = 401, description = "Unknown, spent, expired or revoked", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/refresh")]
pub async fn refresh(state: web::Data<AppState>, body: Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let hash = hash_token(body.refresh_token.trim());
    let (refresh_token, secret) = new_secret(chrono::Duration::days(REFRESH_DAYS));
    let store = state.store.clone();
    let grant = blocking(move || store.session_refresh(&hash, secret)).await?;
    Ok(HttpResponse::Ok().json(issue(&state, grant, refresh_token).await?))
}

/// Log out.
///
/// Anyone holding the session's refresh token may call it. Ends that session: its refresh tokens stop working and
/// the access tokens issued to it are refused at once. An unknown refresh token is `unauthenticated` (401).
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 204, description = "Logged out"),
    (status = 401, description = "Unknown refresh token", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, body: Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let hash = hash_token(body.refresh_token.trim());
    let store = state.store.clone();
    blocking(move || store.session_revoke(&hash)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Emails `user_id` a new verification link as `POST /auth/verify-email/resend` does.
///
/// # Errors
/// Already verified (409), throttled (429).
pub async fn resend_verification_to(
    state: &AppState,
    req: &HttpRequest,
    user_id: domain::UserId,
) -> Result<(), ApiError> {
    let store = state.store.clone();
    let user = blocking(move || store.user_get(user_id)).await?;
    // Whether it is verified already is the store's to say (409), after the throttle counted the ask.
    let email = Email::parse(&user.email).map_err(|e| ApiError::internal("stored email", e))?;
    state.mail_throttle.check(&email, client_address(req))?;
    let (token, secret) = new_secret(chrono::Duration::hours(VERIFY_HOURS));
    let link = email_link(state, "/verify-email", &token);
    let store = state.store.clone();
    blocking(move || {
        store.user_resend_verification(user_id, secret, |to| {
            let display_name = to.display_name.clone();
            let content = mails::VerifyEmail { display_name, link, token, hours: VERIFY_HOURS };
            OutgoingMail::new(to.email.clone(), to.locale, content)
        })
    })
    .await?;
    Ok(())
}
