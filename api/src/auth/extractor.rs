//! The `Authenticated` extractor: a bearer access token (JWT) or personal access token → an actor.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use domain::{Actor, DomainError};

use crate::auth::tokens::{PAT_PREFIX, hash_token};
use crate::error::ApiError;
use crate::state::AppState;

/// The authenticated caller. Extracting it answers 401 when the credential is missing or invalid.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Actor);

fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let missing = || ApiError::Domain(DomainError::Unauthenticated("a bearer token is required"));
    let value = req.headers().get(header::AUTHORIZATION).ok_or_else(missing)?;
    let value = value.to_str().map_err(|_| missing())?;
    let (scheme, token) = value.split_once(' ').ok_or_else(missing)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(missing());
    }
    Ok(token.trim().to_owned())
}

async fn authenticate(state: web::Data<AppState>, token: String) -> Result<Actor, ApiError> {
    if token.starts_with(PAT_PREFIX) {
        let hash = hash_token(&token);
        let store = state.store.clone();
        return Ok(web::block(move || store.actor_for_pat(&hash)).await??);
    }
    let claims = state.jwt.verify(&token, state.store.now().timestamp())?;
    let user_id =
        claims.sub.parse().map_err(|_| ApiError::Domain(DomainError::Unauthenticated("invalid access token")))?;
    let roles = match &claims.roles {
        Some(names) => Some(
            names
                .iter()
                .map(|name| name.parse())
                .collect::<Result<_, _>>()
                .map_err(|_| ApiError::Domain(DomainError::Unauthenticated("invalid access token")))?,
        ),
        None => None,
    };
    // A check made since this process last wrote anything still holds (see `crate::cache`).
    let key = (user_id, claims.sid, claims.ver, claims.roles);
    let writes = state.store.writes();
    if let Some(actor) = state.sessions.get(&key, writes) {
        return Ok(actor);
    }
    let store = state.store.clone();
    let (sid, ver) = (key.1.clone(), key.2);
    let actor = web::block(move || store.actor_for_session(user_id, &sid, ver, roles)).await??;
    state.sessions.put(key, actor.clone(), writes);
    Ok(actor)
}

/// The session of the request's access token (after [`Authenticated`] accepted it), e.g. to keep it
/// while the others end.
///
/// # Errors
/// 401 without an access token; 403 for a personal access token (it has no session).
pub fn session_id(req: &HttpRequest, state: &AppState) -> Result<String, ApiError> {
    let token = bearer(req)?;
    if token.starts_with(PAT_PREFIX) {
        return Err(ApiError::Domain(DomainError::Forbidden(
            "personal access tokens cannot manage credentials; log in".to_owned(),
        )));
    }
    Ok(state.jwt.verify(&token, state.store.now().timestamp())?.sid)
}

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("extractor", "application state missing"))?;
            authenticate(state, token?).await.map(Authenticated)
        })
    }
}
