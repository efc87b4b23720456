//! The web interface: server-rendered pages from the same binary, calling the same store methods as
//! the API (shaped like kanidm's views: one module per area, with the session, CSRF, assets, language
//! and error pages as small modules of their own). Every page works with JavaScript off and loads
//! nothing from elsewhere.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::error::ApiError;
use crate::state::AppState;

mod account;
mod admin;
pub mod assets;
mod browse;
pub mod chart;
pub mod csrf;
mod editor;
pub mod errors;
pub mod fields;
pub mod form;
pub mod i18n;
mod info;
mod language;
pub mod listing;
pub mod login;
mod manage;
pub mod markdown;
mod needs;
mod open_data;
mod proposals;
mod public;
mod reviews;
pub mod rubric;
pub mod session;
mod sponsor;

pub use i18n::Tr;
pub use session::Visitor;

/// Whether `path` is a page (not the API, its document, the docs page or the operators' endpoints):
/// its errors are pages too.
pub fn is_page(path: &str) -> bool {
    const NOT_PAGES: [&str; 6] = ["/api", "/docs", "/metrics", "/healthz", "/readyz", "/status"];
    !NOT_PAGES.iter().any(|p| path.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
}

/// The policy of the pages: their own style sheet, script, images and fonts; forms post here only.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; \
     font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What every page's frame shows: the language, the person signed in, the header's forms' token, the
/// assets' names, where the page is.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The translator.
    pub tr: Tr,
    /// The signed-in person's name.
    pub user: Option<String>,
    /// Whether the person evaluates (their queue is in the navigation).
    pub evaluates: bool,
    /// Whether the person runs the hub (the managers' workspace is in the navigation).
    pub manages: bool,
    /// Whether the person edits the catalogue (the editors' workspace is in the navigation).
    pub edits: bool,
    /// Whether the person administers the platform (the admins' workspace is in the navigation).
    pub administers: bool,
    /// Whether the person is an officer of an administration (its challenges are in the navigation).
    pub officer: bool,
    /// Whether the request carries a session an error page does not read (its header then links the
    /// account instead of offering to log in).
    pub session: bool,
    /// The token of the header's forms (log out, language) when signed in.
    pub csrf: String,
    /// The page's path and query, for the language switch to come back to.
    pub here: String,
    /// The navigation item the page belongs to.
    pub section: &'static str,
    /// The style sheet's URL.
    pub css: String,
    /// The script's URL.
    pub js: String,
    /// The mark's URL.
    pub logo: String,
}

impl Layout {
    /// The frame for `visitor` on the page of `req`, in `section` of the navigation.
    pub fn new(state: &AppState, req: &HttpRequest, visitor: &mut Visitor, section: &'static str) -> Self {
        let csrf = if visitor.signed_in.is_some() { visitor.csrf(state) } else { String::new() };
        let has = |role| visitor.signed_in.as_ref().is_some_and(|s| s.actor.has_role(role));
        Self {
            tr: Tr(visitor.locale),
            user: visitor.signed_in.as_ref().map(|s| s.name.clone()),
            evaluates: has(domain::Role::Evaluator),
            manages: has(domain::Role::HubManager),
            edits: has(domain::Role::CatalogueEditor),
            administers: has(domain::Role::Admin),
            officer: has(domain::Role::Administration),
            session: visitor.signed_in.is_some(),
            csrf,
            here: session::back_to(req),
            section,
            css: state.assets.url("hub.css"),
            js: state.assets.url("hub.js"),
            logo: state.assets.url("logo.svg"),
        }
    }

    /// The frame of an error page: no database read, so nobody shown as signed in (whoever carries a
    /// session is offered their account rather than the login).
    pub fn bare(tr: Tr, req: &HttpRequest, state: Option<&AppState>) -> Self {
        let url = |name| state.map_or_else(String::new, |s| s.assets.url(name));
        Self {
            tr,
            user: None,
            evaluates: false,
            manages: false,
            edits: false,
            administers: false,
            officer: false,
            session: req.cookie(session::SESSION_COOKIE).is_some(),
            csrf: String::new(),
            here: session::back_to(req),
            section: "",
            css: url("hub.css"),
            js: url("hub.js"),
            logo: url("logo.svg"),
        }
    }

    /// The other language, for the switch: its tag and its own name.
    pub fn other_language(&self) -> (&'static str, &'static str) {
        match self.tr.0 {
            domain::Locale::It => ("en", "English"),
            domain::Locale::En => ("it", "Italiano"),
        }
    }

    /// `aria-current` for a navigation item.
    pub fn current(&self, section: &str) -> &'static str {
        if self.section == section { "page" } else { "false" }
    }
}

/// A rendered page: HTML in the visitor's language, never stored by a shared cache, with the pages'
/// security policy and the visit's cookies.
///
/// # Errors
/// An internal error if the template fails.
pub fn render(
    state: &AppState,
    visitor: &Visitor,
    status: actix_web::http::StatusCode,
    page: &impl Template,
) -> Result<HttpResponse, ApiError> {
    Ok(html(state, visitor, status, rendered(page)?))
}

/// The HTML of `page`.
///
/// # Errors
/// An internal error if the template fails.
pub fn rendered(page: &impl Template) -> Result<web::Bytes, ApiError> {
    page.render().map(web::Bytes::from).map_err(|e| ApiError::internal("rendering a page", e))
}

/// A page's answer: `body` with the headers every page carries and the visit's cookies.
pub fn html(
    state: &AppState,
    visitor: &Visitor,
    status: actix_web::http::StatusCode,
    body: web::Bytes,
) -> HttpResponse {
    let mut response = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_LANGUAGE, visitor.locale.as_str()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .body(body);
    visitor.finish(state, &mut response);
    response
}

/// A catalogue page as anonymous visitors read it: the short-lived copy while no service was written
/// since (`ReadCache`), else what `build` renders, kept for the next one. Signed-in people always get
/// theirs rendered (their frame names them; drafts may show).
///
/// # Errors
/// What `build` answers.
pub async fn catalogue_page<F>(
    state: &AppState,
    req: &HttpRequest,
    visitor: &Visitor,
    build: F,
) -> Result<HttpResponse, ApiError>
where
    F: AsyncFnOnce() -> Result<web::Bytes, ApiError>,
{
    if visitor.signed_in.is_some() {
        return Ok(html(state, visitor, actix_web::http::StatusCode::OK, build().await?));
    }
    let key = (session::back_to(req), visitor.locale);
    let writes = state.store.catalogue_writes();
    if let Some(body) = state.public_html.get(&key, writes) {
        return Ok(html(state, visitor, actix_web::http::StatusCode::OK, body));
    }
    let body = build().await?;
    state.public_html.put(key, body.clone(), writes);
    Ok(html(state, visitor, actix_web::http::StatusCode::OK, body))
}

/// A similarity (0 to 1) as the pages write it: "somiglianza 47%".
pub fn similarity_figure(tr: Tr, similarity: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 to 100
    let percent = (similarity * 100.0).round().clamp(0.0, 100.0) as u32;
    tr.t1("similarity-figure", "percent", percent)
}

/// A 303 to `to` (after a form), with the visit's cookies.
pub fn see_other(state: &AppState, visitor: &Visitor, to: &str) -> HttpResponse {
    let mut response = HttpResponse::SeeOther().insert_header((header::LOCATION, to)).finish();
    visitor.finish(state, &mut response);
    response
}

/// A 303 to `to` that also forgets the browser session's cookie: after logging out, leaving the
/// organisation or erasing the account.
///
/// # Errors
/// An internal error if the cookie cannot be written.
pub fn see_other_signed_out(state: &AppState, visitor: &Visitor, to: &str) -> Result<HttpResponse, ApiError> {
    let mut response = see_other(state, visitor, to);
    response
        .add_removal_cookie(&session::cookie(state, session::SESSION_COOKIE, String::new(), None))
        .map_err(|e| ApiError::internal("session cookie", e))?;
    Ok(response)
}

/// A path of this hub to go back to, from a form or a query: only a local path (no scheme, no other
/// host, no `//`); anything else goes home.
pub fn local_path(path: Option<&str>) -> String {
    match path {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.contains(['\r', '\n']) => {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// The pages.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(assets::asset)
        .service(public::home)
        .service(language::switch)
        .service(language::switch_signed_in)
        .service(login::show)
        .service(login::submit)
        .service(login::logout)
        .service(info::accessibility)
        .service(info::privacy)
        .service(info::terms)
        .service(open_data::page)
        .service(open_data::catalog)
        .configure(browse::configure)
        .configure(needs::configure)
        .configure(account::configure)
        .configure(proposals::configure)
        .configure(reviews::configure)
        .configure(manage::configure)
        .configure(sponsor::configure)
        .configure(editor::configure)
        .configure(admin::configure);
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_gone_back_to() {
        assert_eq!(super::local_path(Some("/proposals/1?x=2")), "/proposals/1?x=2");
        for hostile in ["//evil.example", "https://evil.example", "/\\evil.example", "evil", "/a\r\nSet-Cookie: x"] {
            assert_eq!(super::local_path(Some(hostile)), "/", "{hostile}");
        }
        assert_eq!(super::local_path(None), "/");
    }

    #[test]
    fn pages_are_everything_but_the_api_and_the_operators_endpoints() {
        for page in ["/", "/login", "/catalogue", "/verify-email", "/apis-are-not-this"] {
            assert!(super::is_page(page), "{page}");
        }
        for not in ["/api/v1/proposals", "/api/openapi.json", "/docs/", "/metrics", "/healthz", "/readyz", "/status"] {
            assert!(!super::is_page(not), "{not}");
        }
    }
}
