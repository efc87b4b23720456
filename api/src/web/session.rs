//! The browser's session: an HttpOnly, SameSite=Lax cookie (Secure over HTTPS) holding a signed note
//! of one of the hub's sessions. Each page checks that session as the API checks an access token, so
//! logging out anywhere, a password reset or a change of roles ends it. No token reaches script.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{FromRequest, HttpRequest, HttpResponse, dev::Payload, web};
use domain::{Actor, Locale, Role, UserId};
use persistence::SessionGrant;
use serde::{Deserialize, Serialize};

use crate::auth::jwt::ISSUER;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "hub_session";
/// The cookie that binds the forms of a visitor not signed in (log in, register) to one browser.
pub const VISIT_COOKIE: &str = "hub_visit";
/// The language a visitor chose with the switch.
pub const LANGUAGE_COOKIE: &str = "hub_lang";
/// The audience of session cookies (the key is the access tokens', the use is not).
const AUDIENCE: &str = "innovation-hub-web";
/// A browser session lasts a working day at most.
pub const TTL_HOURS: i64 = 10;

/// What the session cookie says, signed by the hub.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct WebClaims {
    iss: String,
    aud: String,
    sub: String,
    sid: String,
    ver: i32,
    roles: Vec<String>,
    /// The user's name and language, for the header and the pages' language.
    name: String,
    loc: String,
    iat: i64,
    nbf: i64,
    exp: i64,
}

/// A signed-in person.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// As the store knows them.
    pub actor: Actor,
    /// Their name.
    pub name: String,
    /// Their language.
    pub locale: Locale,
    /// The hub session.
    pub session_id: String,
}

/// Who is asking: signed in or not, in which language, and what binds their forms.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// The person, when signed in with a live session.
    pub signed_in: Option<SignedIn>,
    /// The pages' language: the person's own, else the switch's, else the browser's, else Italian.
    pub locale: Locale,
    /// The session (signed in) or visit that the forms' tokens are bound to.
    binding: Option<String>,
    /// A visit cookie to set, for a visitor who had none.
    new_visit: Option<String>,
    /// The session cookie named a session that has ended: clear it.
    stale: bool,
}

impl Visitor {
    /// The signed-in person, or a redirect to the log-in page that comes back here.
    ///
    /// # Errors
    /// [`ApiError::SignInRequired`] when nobody is signed in.
    pub fn person(&self, req: &HttpRequest) -> Result<&SignedIn, ApiError> {
        self.signed_in.as_ref().ok_or_else(|| ApiError::SignInRequired { back: back_to(req) })
    }

    /// The token of this visitor's forms (starting a visit when there is none).
    pub fn csrf(&mut self, state: &AppState) -> String {
        let binding = match &self.binding {
            Some(binding) => binding.clone(),
            None => {
                let visit = crate::auth::tokens::random_token();
                self.binding = Some(visit.clone());
                self.new_visit = Some(visit.clone());
                visit
            }
        };
        super::csrf::token(state.settings.jwt_secret.expose().as_bytes(), &binding)
    }

    /// Refuses a form whose token is not this visitor's.
    ///
    /// # Errors
    /// 403 `csrf_failed`.
    pub fn check_csrf(&self, state: &AppState, presented: &str) -> Result<(), ApiError> {
        let secret = state.settings.jwt_secret.expose().as_bytes();
        match &self.binding {
            Some(binding) if super::csrf::valid(secret, binding, presented) => Ok(()),
            _ => Err(ApiError::CsrfFailed),
        }
    }

    /// Sets the cookies this visit needs on `response`.
    pub fn finish(&self, state: &AppState, response: &mut HttpResponse) {
        if let Some(visit) = &self.new_visit {
            let _ = response.add_cookie(&cookie(state, VISIT_COOKIE, visit.clone(), None));
        }
        if self.stale {
            let _ = response.add_removal_cookie(&cookie(state, SESSION_COOKIE, String::new(), None));
        }
    }
}

/// The local path (and query) of `req`, to come back to after signing in.
pub fn back_to(req: &HttpRequest) -> String {
    req.uri().path_and_query().map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned())
}

/// A cookie of the hub: HttpOnly, SameSite=Lax, path `/`, Secure when the hub is served over HTTPS.
pub fn cookie(state: &AppState, name: &'static str, value: String, max_age: Option<CookieDuration>) -> Cookie<'static> {
    let mut cookie = Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.public_url.scheme() == "https")
        .finish();
    if let Some(age) = max_age {
        cookie.set_max_age(age);
    }
    cookie
}

/// Starts a browser session for `grant`: the cookie to set.
///
/// # Errors
/// An internal error if signing fails.
pub fn start(state: &AppState, grant: &SessionGrant, name: &str, locale: Locale) -> Result<Cookie<'static>, ApiError> {
    let now = state.store.now().timestamp();
    let claims = WebClaims {
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
        sub: grant.user_id.to_string(),
        sid: grant.session_id.clone(),
        ver: grant.token_version,
        roles: grant.roles.iter().map(|r| r.as_str().to_owned()).collect(),
        name: name.to_owned(),
        loc: locale.as_str().to_owned(),
        iat: now,
        nbf: now,
        exp: now + TTL_HOURS * 3600,
    };
    Ok(cookie(state, SESSION_COOKIE, state.jwt.sign(&claims)?, None))
}

/// The same session with the person's new name or language (after the profile page saved them).
///
/// # Errors
/// An internal error if signing fails.
fn renamed(state: &AppState, req: &HttpRequest, name: &str, locale: Locale) -> Result<Cookie<'static>, ApiError> {
    let claims = req
        .cookie(SESSION_COOKIE)
        .and_then(|c| state.jwt.claims_for::<WebClaims>(c.value(), AUDIENCE))
        .ok_or(ApiError::CsrfFailed)?;
    let claims = WebClaims { name: name.to_owned(), loc: locale.as_str().to_owned(), ..claims };
    Ok(cookie(state, SESSION_COOKIE, state.jwt.sign(&claims)?, None))
}

/// A 303 to `to` that also renews the session cookie with `user`'s saved name and language (after the
/// profile or the language switch changed them).
///
/// # Errors
/// An internal error if signing fails.
pub fn see_other_renamed(
    state: &AppState,
    req: &HttpRequest,
    visitor: &Visitor,
    user: &domain::User,
    to: &str,
) -> Result<HttpResponse, ApiError> {
    let cookie = renamed(state, req, &user.display_name, user.locale)?;
    let mut response = super::see_other(state, visitor, to);
    response.add_cookie(&cookie).map_err(|e| ApiError::internal("session cookie", e))?;
    Ok(response)
}

/// The claims of a session cookie that is signed and in date, with the language it names.
fn claims(state: &AppState, req: &HttpRequest) -> Option<WebClaims> {
    let now = state.store.now().timestamp();
    let claims = state.jwt.claims_for::<WebClaims>(req.cookie(SESSION_COOKIE)?.value(), AUDIENCE)?;
    (claims.exp > now && claims.nbf <= now + 5).then_some(claims)
}

/// The language a visitor not signed in reads: the switch's cookie, then the browser's.
fn chosen_language(req: &HttpRequest) -> Locale {
    match req.cookie(LANGUAGE_COOKIE).as_ref().map(Cookie::value) {
        Some("en") => Locale::En,
        Some("it") => Locale::It,
        _ => crate::problems::preferred(req, Locale::It),
    }
}

/// Checks the session a cookie names, as [`crate::auth::Authenticated`] checks an access token.
async fn visitor(state: web::Data<AppState>, req: HttpRequest) -> Visitor {
    let chosen = chosen_language(&req);
    let visit = req.cookie(VISIT_COOKIE).map(|c| c.value().to_owned()).filter(|v| v.len() == 43);
    let anonymous = |stale| Visitor { signed_in: None, locale: chosen, binding: visit.clone(), new_visit: None, stale };
    let had_cookie = req.cookie(SESSION_COOKIE).is_some();
    let Some(claims) = claims(&state, &req) else { return anonymous(had_cookie) };
    let Ok(user_id) = claims.sub.parse::<UserId>() else { return anonymous(true) };
    let roles: Option<std::collections::BTreeSet<Role>> = claims.roles.iter().map(|r| r.parse().ok()).collect();
    let Some(roles) = roles else { return anonymous(true) };
    let key = (user_id, claims.sid.clone(), claims.ver, Some(claims.roles.clone()));
    let writes = state.store.writes();
    let actor = match state.sessions.get(&key, writes) {
        Some(actor) => Some(actor),
        None => {
            let store = state.store.clone();
            let (sid, ver) = (claims.sid.clone(), claims.ver);
            let found = blocking(move || store.actor_for_session(user_id, &sid, ver, Some(roles))).await.ok();
            if let Some(actor) = &found {
                state.sessions.put(key, actor.clone(), writes);
            }
            found
        }
    };
    let Some(actor) = actor else { return anonymous(true) };
    let locale = claims.loc.parse().unwrap_or(chosen);
    Visitor {
        signed_in: Some(SignedIn { actor, name: claims.name, locale, session_id: claims.sid.clone() }),
        locale,
        binding: Some(claims.sid),
        new_visit: None,
        stale: false,
    }
}

impl FromRequest for Visitor {
    type Error = ApiError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| ApiError::internal("visitor", "application state missing"))?;
            Ok(visitor(state, req).await)
        })
    }
}

/// What a posted form's token must be bound to: the session a signed, in-date cookie names, else the
/// visit (no database read: the token's worth is its binding, and the page's action checks the
/// session itself).
pub fn binding(state: &AppState, req: &HttpRequest) -> Option<String> {
    claims(state, req)
        .map(|c| c.sid)
        .or_else(|| req.cookie(VISIT_COOKIE).map(|c| c.value().to_owned()).filter(|v| v.len() == 43))
}

/// The language of an error page for `req`, without reading the database: the session cookie's (when
/// signed and in date), else the visitor's choice.
pub fn language_of(req: &HttpRequest) -> Locale {
    req.app_data::<web::Data<AppState>>()
        .and_then(|state| claims(state, req))
        .and_then(|claims| claims.loc.parse().ok())
        .unwrap_or_else(|| chosen_language(req))
}
