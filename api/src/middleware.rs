//! Cross-cutting behaviour of every response: a request id (header and log span), metrics,
//! security headers, opaque bodies for server errors, HEAD as a GET without its body, `Retry-After`
//! on every 429 and 503, and one `Vary` naming the request headers an answer depends on.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, web};
use tracing::Instrument;

use crate::error::{ApiError, PROBLEM_JSON};
use crate::state::AppState;

/// The request id header.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Accepts a caller's request id when it is short and plain; otherwise makes one.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned)
}

/// The middleware.
///
/// # Errors
/// Never by itself: errors of inner services become responses.
pub async fn around(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let id = request_id(&req);
    let method = req.method().to_string();
    // HEAD is GET without the body: the connection drops the body and keeps the headers.
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    let secure = req.app_config().secure()
        || req.app_data::<web::Data<AppState>>().is_some_and(|s| s.settings.public_url.scheme() == "https");
    let path = req.path().to_owned();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let span = tracing::info_span!("request", request_id = %id, method = %method, path = %path);
    // The API's request limit counts first: a client over it gets its 429 before anything is read.
    let limited = state
        .as_ref()
        .filter(|_| path.starts_with("/api/v1"))
        .map(|s| s.api_limit.check(crate::auth::throttle::client_address(req.request())));
    let allowance = limited.as_ref().map(|l| *l.as_ref().unwrap_or_else(|(_, a)| a));
    let admitted = match limited {
        Some(Err((refused, _))) => Err(refused),
        _ => checked_input(&mut req).await,
    };
    let mut response = match admitted {
        // Handler and extractor errors arrive here as responses; an `Err` only comes from a failing
        // middleware, and actix renders it.
        Ok(()) => next.call(req).instrument(span.clone()).await?.map_into_boxed_body(),
        Err(refused) => {
            let (request, _) = req.into_parts();
            ServiceResponse::new(request, actix_web::ResponseError::error_response(&refused))
        }
    };
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON));
    // A body over the limit read as raw bytes is refused by actix's payload extractor in plain text.
    let too_large = status == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE && !is_problem;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if crate::web::is_page(&path) && (status.is_client_error() || status.is_server_error()) {
        // A page's error is a page, in the pages' design and the visitor's language.
        if !is_html {
            let code = response.response().extensions().get::<crate::error::ProblemCode>().map(|c| c.0.clone());
            let page = crate::web::errors::page(response.request(), status, code.as_deref(), &id, response.headers());
            response = response.into_response(page);
        }
    } else if status.is_server_error() || too_large {
        // Server errors never show their cause: only the kind of failure and the request id.
        let mut problem = if too_large {
            let limit = state.as_ref().map_or(0, |s| s.settings.body_limit);
            ApiError::PayloadTooLarge { limit }.problem()
        } else if status == actix_web::http::StatusCode::SERVICE_UNAVAILABLE {
            ApiError::Unavailable(String::new()).problem()
        } else {
            ApiError::Internal(String::new()).problem()
        };
        problem.status = status.as_u16();
        problem.request_id = Some(id.clone());
        let body = serde_json::to_string(&problem).unwrap_or_default();
        let mut builder = HttpResponse::build(status);
        for (name, value) in response.headers() {
            if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
                builder.append_header((name.clone(), value.clone()));
            }
        }
        response = response.into_response(builder.content_type(PROBLEM_JSON).body(body));
    }
    let route = response.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(REQUEST_ID, value);
    }
    security_headers(headers, &path, secure);
    retry_after(headers, status);
    // A 429 of another limit (logins, mail) tells that limit's wait (above), not the API's allowance.
    if let Some(allowance) = allowance.filter(|a| status != StatusCode::TOO_MANY_REQUESTS || a.remaining == 0) {
        allowance.write(headers);
    }
    if let Some(state) = state {
        state.metrics.observe(&method, &route, status.as_u16(), started.elapsed().as_secs_f64());
    }
    span.in_scope(|| {
        tracing::info!(status = status.as_u16(), route = %route, elapsed_ms = started.elapsed().as_millis() as u64, "served");
    });
    Ok(response)
}

/// The request-level input checks ([`crate::input`]): the path and query string, and a JSON body,
/// which is read here and put back for the handler.
async fn checked_input(req: &mut ServiceRequest) -> Result<(), ApiError> {
    crate::input::check_target(req.uri().path(), req.query_string())?;
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.contains("+json"));
    if json {
        let body = req.extract::<web::Bytes>().await.map_err(|e| {
            if e.as_response_error().status_code() == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE {
                let limit = req.app_data::<web::Data<AppState>>().map_or(0, |s| s.settings.body_limit);
                ApiError::PayloadTooLarge { limit }
            } else {
                ApiError::bad_request("malformed_body", e.to_string())
            }
        })?;
        crate::input::check_json(&body)?;
        req.set_payload(actix_web::dev::Payload::from(body));
    }
    Ok(())
}

/// Headers every response carries; the docs page gets a policy that lets Swagger UI run from this
/// server only.
fn security_headers(headers: &mut HeaderMap, path: &str, secure: bool) {
    let csp = if crate::web::is_page(path) {
        crate::web::CONTENT_SECURITY_POLICY
    } else if path.starts_with("/docs") {
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
    } else {
        "default-src 'none'; frame-ancestors 'none'"
    };
    let pairs = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CONTENT_SECURITY_POLICY, csp),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"),
    ];
    for (name, value) in pairs {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    // HSTS means something only over HTTPS (RFC 6797 §7.2: a browser ignores it over plain HTTP), and
    // a hub tried out over HTTP must not pin a host name to HTTPS.
    if secure && !headers.contains_key(header::STRICT_TRANSPORT_SECURITY) {
        headers
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    if path.starts_with("/api/v1") && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

/// Every 429 and 503 says when to come back (RFC 9110 §10.2.3, RFC 6585 §4), whichever part of the
/// hub or of actix answered it; a 429 also says that nothing remains of its limit until then.
fn retry_after(headers: &mut HeaderMap, status: StatusCode) {
    let default = match status {
        StatusCode::TOO_MANY_REQUESTS => "60",
        StatusCode::SERVICE_UNAVAILABLE => "5",
        _ => return,
    };
    if !headers.contains_key(header::RETRY_AFTER) {
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static(default));
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        let reset = headers.get(header::RETRY_AFTER).cloned();
        if let Some(reset) = reset {
            headers.insert(RATE_LIMIT_RESET, reset);
        }
        headers.insert(RATE_LIMIT_REMAINING, HeaderValue::from_static("0"));
    }
}

/// The request headers an answer depends on, in one `Vary` (outside [`actix_web::middleware::Compress`],
/// which adds `accept-encoding` to the answers it encodes): `Accept-Encoding` on every answer (each may
/// be compressed), `Authorization` on the API's (what it shows depends on who asks), and whatever a
/// handler named; and a handler's `Content-Encoding: identity`, once Compress has seen it, removed.
///
/// # Errors
/// Never by itself.
pub async fn vary<B: MessageBody>(req: ServiceRequest, next: Next<B>) -> Result<ServiceResponse<B>, Error> {
    let api = req.path().starts_with("/api/v1");
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    let mut names: Vec<String> = Vec::new();
    let named = headers.get_all(header::VARY).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(','));
    let wanted = ["Accept-Encoding"].into_iter().chain(api.then_some("Authorization"));
    for name in named.map(str::trim).chain(wanted) {
        if !name.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(canonical(name));
        }
    }
    if let Ok(value) = HeaderValue::from_str(&names.join(", ")) {
        headers.insert(header::VARY, value);
    }
    // `Content-Encoding: identity` is how a handler keeps Compress off bytes already compressed (an annex,
    // a ZIP); it names no coding and is not sent (RFC 9110 §8.4.1).
    if headers.get(header::CONTENT_ENCODING).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"identity")) {
        headers.remove(header::CONTENT_ENCODING);
    }
    Ok(response)
}

/// `accept-encoding` → `Accept-Encoding`.
fn canonical(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// How much of a limit is left (0 on a 429).
pub const RATE_LIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
/// Seconds until the limit allows again.
pub const RATE_LIMIT_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// How the OpenAPI document declares the fields of a 429 that [`retry_after`] guarantees.
pub fn too_many_requests_headers() -> serde_json::Value {
    let seconds = |description: &str| serde_json::json!({"description": description, "schema": {"type": "integer", "format": "int32", "minimum": 0}});
    serde_json::json!({
        "Retry-After": seconds("Seconds to wait before trying again"),
        "X-RateLimit-Remaining": seconds("Requests left in the current window: 0"),
        "X-RateLimit-Reset": seconds("Seconds until the limit allows again (as `Retry-After`)"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_429_and_503_says_when_to_come_back() {
        for (status, expected) in [(StatusCode::TOO_MANY_REQUESTS, "60"), (StatusCode::SERVICE_UNAVAILABLE, "5")] {
            let mut headers = HeaderMap::new();
            retry_after(&mut headers, status);
            assert_eq!(headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some(expected), "{status}");
        }
        // A handler's own wait is kept, and a 429 tells it as the limit's reset.
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("17"));
        retry_after(&mut headers, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("17"));
        assert_eq!(headers.get(RATE_LIMIT_RESET).and_then(|v| v.to_str().ok()), Some("17"));
        assert_eq!(headers.get(RATE_LIMIT_REMAINING).and_then(|v| v.to_str().ok()), Some("0"));
        let mut ok = HeaderMap::new();
        retry_after(&mut ok, StatusCode::OK);
        assert!(ok.is_empty());
    }

    #[test]
    fn vary_names_are_written_canonically() {
        assert_eq!(canonical("accept-encoding"), "Accept-Encoding");
        assert_eq!(canonical("AUTHORIZATION"), "Authorization");
    }
}
