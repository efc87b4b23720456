//! The caller's own account and personal access tokens.

use std::collections::BTreeSet;

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use domain::{DisplayName, DomainError, Locale, Scope, User, Validation};
use persistence::PersonalAccessToken;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::auth::tokens::{PAT_PREFIX, new_secret};
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::{ListOf, blocking};
use crate::state::AppState;

/// A user.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0a2-1c2d-7e3f-a041-52637485a6b7",
    "organization_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6",
    "email": "giulia.bianchi@nuvolaverde.example",
    "display_name": "Giulia Bianchi",
    "locale": "it",
    "roles": ["proposer"],
    "is_org_owner": true,
    "email_verified": true,
    "expertise": [],
    "created_at": "2026-01-20T08:30:00Z",
    "left_at": null
}))]
pub struct UserDto {
    /// Id (UUID v7).
    pub id: String,
    /// The user's organisation.
    pub organization_id: String,
    /// Email address.
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// Language of emails: `it` or `en`.
    pub locale: String,
    /// Roles: `proposer`, `evaluator`, `hub_manager`, `catalogue_editor`, `admin`, `administration` (an officer of a
    /// verified public administration).
    pub roles: Vec<String>,
    /// Whether the user owns the organisation (may invite colleagues).
    pub is_org_owner: bool,
    /// Whether the email address is verified (required to submit anything).
    pub email_verified: bool,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// Expertise tags (evaluators).
    pub expertise: Vec<String>,
    /// When the account was closed: the user left their organisation or was removed from it (no role, session or
    /// token since; an invitation reopens it). `null` for an open account.
    pub left_at: Option<DateTime<Utc>>,
}

impl From<User> for UserDto {
    fn from(user: User) -> Self {
        Self {
            id: user.id.to_string(),
            organization_id: user.organization_id.to_string(),
            email: user.email,
            display_name: user.display_name,
            locale: user.locale.as_str().to_owned(),
            roles: user.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            is_org_owner: user.is_org_owner,
            email_verified: user.email_verified_at.is_some(),
            created_at: user.created_at,
            expertise: user.expertise.into_iter().collect(),
            left_at: user.left_at,
        }
    }
}

/// A personal access token (never its secret, except once at creation).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0e7-92a3-74b4-95e6-f7a8b9cadbec",
    "name": "Script di valutazione",
    "scopes": ["reviews:read", "reviews:write"],
    "created_at": "2026-03-01T09:00:00Z",
    "expires_at": "2026-05-30T09:00:00Z",
    "last_used_at": "2026-03-04T18:22:10Z",
    "revoked_at": null
}))]
pub struct TokenDto {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Scopes.
    pub scopes: Vec<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
    /// Last used, to the minute.
    pub last_used_at: Option<DateTime<Utc>>,
    /// Revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<PersonalAccessToken> for TokenDto {
    fn from(t: PersonalAccessToken) -> Self {
        Self {
            id: t.id,
            name: t.name,
            scopes: t.scopes.iter().map(|s| s.as_str().to_owned()).collect(),
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// A new token, with its secret: shown this once.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0e7-92a3-74b4-95e6-f7a8b9cadbec",
    "name": "Script di valutazione",
    "scopes": ["reviews:read", "reviews:write"],
    "created_at": "2026-03-01T09:00:00Z",
    "expires_at": "2026-05-30T09:00:00Z",
    "last_used_at": null,
    "revoked_at": null,
    "secret": "hubpat_Q2m7vR1kT9pX4sW8yB3nF6hJ0cL5dG2aZ7eK1uM9oI4"
}))]
pub struct CreatedToken {
    /// The token.
    #[serde(flatten)]
    pub token: TokenDto,
    /// The secret, for `Authorization: Bearer`. It cannot be shown again.
    pub secret: String,
}

/// A token to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Script di valutazione",
    "scopes": ["reviews:read", "reviews:write"],
    "expires_in_days": 90
}))]
pub struct NewTokenRequest {
    /// A name to recognise it by, 1 to 100 characters.
    #[schema(example = "scoring script")]
    pub name: String,
    /// Scopes: `proposals:read`, `proposals:write`, `reviews:read`, `reviews:write`, `catalogue:write`, `admin`,
    /// `administration` (an officer acting for their administration).
    #[schema(example = json!(["reviews:read", "reviews:write"]))]
    pub scopes: Vec<String>,
    /// Days until it expires, 1 to 365 (default 90).
    #[serde(default, deserialize_with = "crate::routes::integral::optional")]
    #[schema(minimum = 1, maximum = 365)]
    pub expires_in_days: Option<u32>,
}

/// Read your account.
///
/// Any authenticated caller, by session or personal access token. Your name, email, language, roles, organisation,
/// expertise and whether your address is verified.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, description = "The caller", body = UserDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
))]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, auth: Authenticated) -> Result<web::Json<UserDto>, ApiError> {
    let store = state.store.clone();
    let user = blocking(move || store.user_get(auth.0.user_id)).await?;
    Ok(web::Json(user.into()))
}

/// Changes to your profile; a field left out keeps its value.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"display_name": "Giulia Bianchi", "locale": "en"}))]
pub struct ProfileUpdate {
    /// The name shown to others.
    #[schema(example = "Anna Rossi")]
    pub display_name: Option<String>,
    /// `it` or `en`: the language of your emails.
    #[schema(example = "en")]
    pub locale: Option<String>,
}

/// Edit your account.
///
/// Interactive sessions only (a personal access token gets 403 `forbidden`). Change your display name or the
/// language of your emails (`it` or `en`); absent fields stay as they are. Invalid fields are `validation_failed`
/// (422).
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body(content = ProfileUpdate, content_type = "application/merge-patch+json"), responses(
    (status = 200, description = "Your account, changed", body = UserDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A personal access token cannot change the account", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/me")]
pub async fn update(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<ProfileUpdate>,
) -> Result<web::Json<UserDto>, ApiError> {
    auth.0.require_session()?;
    let user = update_profile(&state, auth.0.user_id, body.display_name.as_deref(), body.locale.as_deref()).await?;
    Ok(web::Json(user.into()))
}

/// List your personal access tokens.
///
/// Interactive sessions only (a personal access token gets 403 `forbidden`). Your tokens, newest first, with their
/// scopes, expiry and last use; never their secrets.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, description = "Tokens, newest first", body = ListOf<TokenDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A personal access token cannot manage tokens", body = Problem, content_type = "application/problem+json"),
))]
#[get("/me/tokens")]
pub async fn list_tokens(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<web::Json<ListOf<TokenDto>>, ApiError> {
    auth.0.require_session()?;
    let store = state.store.clone();
    let tokens = blocking(move || store.pat_list(auth.0.user_id)).await?;
    Ok(web::Json(tokens.into_iter().map(TokenDto::from).collect()))
}

/// Create a personal access token.
///
/// Interactive sessions only (a personal access token gets 403 `forbidden`). For an API client such as an
/// evaluator's scoring script: the token acts as you, limited to its scopes and your roles, and expires after
/// `expires_in_days` (1 to 365, default 90). The secret is in this answer only: store it. No scope, an unknown
/// scope or an empty name is `validation_failed` (422).
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = NewTokenRequest, responses(
    (status = 201, description = "Created; the secret is shown once", body = CreatedToken),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A personal access token cannot create tokens", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[post("/me/tokens")]
pub async fn create_token(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: Json<NewTokenRequest>,
) -> Result<HttpResponse, ApiError> {
    auth.0.require_session()?;
    let CreatedToken { token, secret } = create(&state, auth.0.user_id, &body.into_inner()).await?;
    let location = format!("/api/v1/me/tokens/{}", token.id);
    Ok(crate::routes::located(HttpResponse::Created().json(CreatedToken { token, secret }), &location))
}

/// Revoke a personal access token.
///
/// Interactive sessions only (a personal access token gets 403 `forbidden`). The token stops working at once. A
/// token that is not yours is `not_found` (404).
#[utoipa::path(tag = "me", security(("bearer" = [])), params(("id" = String, Path, description = "Token id")), responses(
    (status = 204, description = "Revoked"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A personal access token cannot revoke tokens", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such token of yours", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/me/tokens/{id}")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    auth.0.require_session()?;
    let id = path.into_inner();
    let store = state.store.clone();
    blocking(move || store.pat_revoke(auth.0.user_id, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Everything the hub holds about you (GDPR arts. 15 and 20), as one JSON document.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "exported_at": "2026-06-01T12:00:00Z",
    "account": {
        "id": "0192f0a2-1c2d-7e3f-a041-52637485a6b7",
        "email": "giulia.bianchi@nuvolaverde.example",
        "display_name": "Giulia Bianchi",
        "locale": "it",
        "roles": ["proposer"]
    },
    "organization": {
        "id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6",
        "name": "Nuvola Verde S.r.l.",
        "kind": "startup",
        "tax_code": "04987650753"
    },
    "sessions": [{"created_at": "2026-05-30T08:00:00Z", "expires_at": "2026-06-29T08:00:00Z"}],
    "personal_access_tokens": [],
    "proposals": [
        {
            "id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
            "title": "Gestione intelligente dei rifiuti urbani con sensori IoT",
            "state": "accepted"
        }
    ],
    "reviews": [],
    "consensus": [],
    "proposal_history": [
        {
            "proposal_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
            "action": "submit",
            "from_state": "draft",
            "to_state": "submitted",
            "occurred_at": "2026-03-02T09:15:00Z"
        }
    ],
    "service_history": [],
    "invitations_sent": [{"email": "luca.ferri@nuvolaverde.example", "created_at": "2026-02-03T10:00:00Z"}],
    "emails": [{"template": "proposal_submitted", "status": "sent", "created_at": "2026-03-02T09:15:00Z"}],
    "audit": [
        {
            "action": "proposal.moved",
            "target_type": "proposal",
            "target_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
            "occurred_at": "2026-03-02T09:15:00Z"
        }
    ],
    "administration": [],
    "annexes": [
        {
            "id": "0192f0a4-5d6e-7f80-9a1b-2c3d4e5f6a7b",
            "proposal_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
            "version": 1,
            "rule": "piano-tecnico",
            "filename": "Piano tecnico.pdf",
            "type": "pdf",
            "size": 482133,
            "sha256": "9f2c4b1e8a7d6c5b4a39281706f5e4d3c2b1a0998877665544332211ffeeddcc",
            "pages": 12,
            "uploaded_at": "2026-05-31T10:20:00Z",
            "content": "/api/v1/annexes/0192f0a4-5d6e-7f80-9a1b-2c3d4e5f6a7b/content"
        }
    ]
}))]
pub struct PersonalDataExport {
    /// When this export was made.
    pub exported_at: DateTime<Utc>,
    /// Your account.
    #[schema(value_type = Object)]
    pub account: serde_json::Value,
    /// Your organisation.
    #[schema(value_type = Object)]
    pub organization: serde_json::Value,
    /// Your sign-in sessions (never a token).
    #[schema(value_type = Vec<Object>)]
    pub sessions: Vec<serde_json::Value>,
    /// Your personal access tokens (never a secret).
    #[schema(value_type = Vec<Object>)]
    pub personal_access_tokens: Vec<serde_json::Value>,
    /// Proposals you created or whose team you are in.
    #[schema(value_type = Vec<Object>)]
    pub proposals: Vec<serde_json::Value>,
    /// Your assignments and the reviews you wrote, with scores and comments.
    #[schema(value_type = Vec<Object>)]
    pub reviews: Vec<serde_json::Value>,
    /// What you wrote in consensus reports, each with its `kind`: `rapporteur` (a report you drafted, with its
    /// scores, justifications and comment) or `position` (your stance on a draft, with your note).
    #[schema(value_type = Vec<Object>)]
    pub consensus: Vec<serde_json::Value>,
    /// Moves you made on proposals.
    #[schema(value_type = Vec<Object>)]
    pub proposal_history: Vec<serde_json::Value>,
    /// Moves you made on catalogue services.
    #[schema(value_type = Vec<Object>)]
    pub service_history: Vec<serde_json::Value>,
    /// Colleagues you invited.
    #[schema(value_type = Vec<Object>)]
    pub invitations_sent: Vec<serde_json::Value>,
    /// Emails the hub wrote to you (their kind and delivery, not their content).
    #[schema(value_type = Vec<Object>)]
    pub emails: Vec<serde_json::Value>,
    /// Audit entries you caused or that concern your account.
    #[schema(value_type = Vec<Object>)]
    pub audit: Vec<serde_json::Value>,
    /// What you did for your administration, each act with its `kind`: `need_stated`, `need_cosigned`,
    /// `adoption_declared`, `opinion_given` (an opinion on a proposal, with its verdict and text, when you gave its
    /// latest version) and `community_message` (with its text).
    #[schema(value_type = Vec<Object>)]
    pub administration: Vec<serde_json::Value>,
    /// The files you attached to proposals: name, type, size, SHA-256, the proposal and its version (0: the
    /// working copy), and `content`, where their bytes are downloaded while you may read them.
    #[schema(value_type = Vec<Object>)]
    pub annexes: Vec<serde_json::Value>,
}

/// Export your personal data.
///
/// Interactive sessions only (a personal access token gets 403 `forbidden`). Everything the hub holds about you
/// (GDPR art. 15 and 20) as one JSON attachment: account, organisation, sessions, tokens, proposals, reviews,
/// history, invitations sent, emails, audit entries and what you did for an administration (needs, co-signatures,
/// adoptions, opinions on proposals, messages to reuse communities).
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, description = "Your personal data", body = PersonalDataExport),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A personal access token cannot export the account", body = Problem, content_type = "application/problem+json"),
))]
#[get("/me/export")]
pub async fn export(state: web::Data<AppState>, auth: Authenticated) -> Result<HttpResponse, ApiError> {
    auth.0.require_session()?;
    let body = personal_data(&state, auth.0.user_id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"innovation-hub-export.json\"",
        ))
        .json(body))
}

/// Erase your account.
///
/// Interactive sessions only (a personal access token gets 403 `forbidden`). Erases your personal data (GDPR art.
/// 17): name, email, password, roles, sessions and tokens go; your proposals, reviews and decisions stay,
/// attributed to an anonymous user. It cannot be undone, and every token you hold stops working at once. The hub's
/// only admin cannot be erased (`last_admin`, 409).
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 204, description = "Erased"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "A personal access token cannot erase the account", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`last_admin`: the hub's only admin cannot be erased", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/me")]
pub async fn erase(state: web::Data<AppState>, auth: Authenticated) -> Result<HttpResponse, ApiError> {
    auth.0.require_session()?;
    let store = state.store.clone();
    blocking(move || store.user_erase(auth.0.user_id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Changes a user's name or language as `PATCH /me` does (an absent one keeps its value).
///
/// # Errors
/// Invalid fields (422).
pub async fn update_profile(
    state: &AppState,
    user_id: domain::UserId,
    display_name: Option<&str>,
    locale: Option<&str>,
) -> Result<User, ApiError> {
    let mut v = Validation::new();
    let display_name = display_name.and_then(|raw| v.check(DisplayName::parse(raw)));
    let locale = locale.and_then(|raw| v.check(raw.parse::<Locale>()));
    v.finish()?;
    let change = persistence::ProfileChange { display_name, locale };
    let store = state.store.clone();
    blocking(move || store.user_update_profile(user_id, change)).await
}

/// Creates a personal access token as `POST /me/tokens` does: the token and its secret, shown once.
///
/// # Errors
/// Invalid fields (422).
pub async fn create(
    state: &AppState,
    user_id: domain::UserId,
    body: &NewTokenRequest,
) -> Result<CreatedToken, ApiError> {
    let mut v = Validation::new();
    let name = v.check(domain::text::clean_text("name", &body.name, 1, 100, false));
    let mut scopes = BTreeSet::new();
    // Over the bound, the items are not read one by one.
    let bounded = v.check(domain::text::at_most("scopes", body.scopes.len(), Scope::ALL.len())).is_some();
    for (i, raw) in body.scopes.iter().enumerate().filter(|_| bounded) {
        if let Some(scope) =
            v.check(raw.parse::<Scope>().map_err(|e| domain::FieldError { field: format!("scopes[{i}]"), ..e }))
        {
            scopes.insert(scope);
        }
    }
    if body.scopes.is_empty() {
        v.push(domain::FieldError::new("scopes", "required", "must name at least one scope"));
    }
    let days = body.expires_in_days.unwrap_or(90);
    if !(1..=365).contains(&days) {
        v.push(domain::FieldError::new("expires_in_days", "out_of_range", "must be between 1 and 365"));
    }
    v.finish()?;
    let name = name.ok_or_else(|| ApiError::Domain(DomainError::invalid("name", "required", "must not be empty")))?;
    let (secret, stored) = new_secret(chrono::Duration::days(i64::from(days)));
    let secret = format!("{PAT_PREFIX}{secret}");
    let stored = persistence::NewSecret { hash: crate::auth::tokens::hash_token(&secret), ..stored };
    let store = state.store.clone();
    let token = blocking(move || store.pat_create(user_id, &name, &scopes, stored)).await?;
    let token = TokenDto::from(token);
    Ok(CreatedToken { token, secret })
}

/// Everything the hub holds about `user_id`, as `GET /me/export` gives it.
///
/// # Errors
/// A store failure.
pub async fn personal_data(state: &AppState, user_id: domain::UserId) -> Result<PersonalDataExport, ApiError> {
    let store = state.store.clone();
    let data = blocking(move || store.user_export(user_id)).await?;
    Ok(PersonalDataExport {
        exported_at: state.store.now(),
        account: data.account,
        organization: data.organization,
        sessions: data.sessions,
        personal_access_tokens: data.personal_access_tokens,
        proposals: data.proposals,
        reviews: data.reviews,
        consensus: data.consensus,
        proposal_history: data.proposal_history,
        service_history: data.service_history,
        invitations_sent: data.invitations_sent,
        emails: data.emails,
        audit: data.audit,
        administration: data.administration,
        annexes: data.annexes,
    })
}
