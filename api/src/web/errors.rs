//! Error pages: a page's 403, 404, 409, 422, 429, 500 or 503 in the pages' design and the visitor's
//! language, with the request id to quote. The middleware turns any error of a page that is not a page
//! already (a problem from a store method, an extractor's refusal) into one.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{Layout, Tr};
use crate::state::AppState;

/// The error page.
#[derive(Template)]
#[template(path = "web/error.html")]
struct ErrorPage {
    l: Layout,
    status: u16,
    title: String,
    text: String,
    request_id: String,
}

/// The message keys of a status: the problem's own where its code says more (a form whose token
/// expired is not a missing permission), the status's where the hub has words for it, else its class's.
fn keys(status: StatusCode, code: Option<&str>) -> &'static str {
    match (status.as_u16(), code) {
        (403, Some("csrf_failed")) => "error-403-csrf",
        (status, _) => by_status(status),
    }
}

fn by_status(status: u16) -> &'static str {
    match status {
        400 => "error-400",
        401 | 403 => "error-403",
        404 | 405 => "error-404",
        409 | 412 | 428 => "error-409",
        413 => "error-413",
        422 => "error-422",
        429 => "error-429",
        503 => "error-503",
        s if s >= 500 => "error-500",
        _ => "error-400",
    }
}

/// The error page of `status` for `req`, the problem's `code` if it had one, with the headers of
/// `original` (Retry-After, Allow…).
pub fn page(
    req: &HttpRequest,
    status: StatusCode,
    code: Option<&str>,
    request_id: &str,
    original: &header::HeaderMap,
) -> HttpResponse {
    let locale = super::session::language_of(req);
    let tr = Tr(locale);
    let key = keys(status, code);
    let layout = req
        .app_data::<web::Data<AppState>>()
        .map_or_else(|| Layout::bare(tr, req, None), |state| Layout::bare(tr, req, Some(state.get_ref())));
    let page = ErrorPage {
        l: layout,
        status: status.as_u16(),
        title: tr.t(&format!("{key}-title")),
        text: tr.t(&format!("{key}-text")),
        request_id: request_id.to_owned(),
    };
    let mut response = HttpResponse::build(status);
    for (name, value) in original {
        if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE && name != header::WWW_AUTHENTICATE {
            response.append_header((name.clone(), value.clone()));
        }
    }
    response
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_LANGUAGE, locale.as_str()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::CONTENT_SECURITY_POLICY, super::CONTENT_SECURITY_POLICY))
        .body(page.render().unwrap_or_else(|_| format!("{} {}", status.as_u16(), page.title)))
}
