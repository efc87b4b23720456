//! ETags and `If-Match` for multi-editor resources: a change needs the ETag last read (428 without
//! one, 412 when it is stale).

use actix_web::HttpRequest;
use actix_web::http::header;

use crate::error::ApiError;

/// The ETag of a revision.
pub fn etag(revision: i32) -> String {
    format!("\"r{revision}\"")
}

/// Whether the caller's `If-None-Match` names `tag` (or `*`): the answer is then a 304.
pub fn not_modified(req: &HttpRequest, tag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == tag))
}

/// The revision the caller's `If-Match` names.
///
/// # Errors
/// 428 without the header (or with an empty one); 412 when it names no revision of ours (such as
/// `*`, which would overwrite blindly, or a weak tag).
pub fn expected_revision(req: &HttpRequest) -> Result<i32, ApiError> {
    let value = req
        .headers()
        .get(header::IF_MATCH)
        .filter(|v| !v.as_bytes().iter().all(u8::is_ascii_whitespace))
        .ok_or(ApiError::PreconditionRequired)?;
    let stale =
        || ApiError::Domain(domain::DomainError::PreconditionFailed("If-Match names no current ETag".to_owned()));
    let text = value.to_str().map_err(|_| stale())?.trim();
    text.strip_prefix("\"r").and_then(|t| t.strip_suffix('"')).and_then(|n| n.parse().ok()).ok_or_else(stale)
}

/// The revision an optional `If-Match` names: `None` without the header (the change then applies to
/// whatever is current).
///
/// # Errors
/// 412 when the header names no revision of ours.
pub fn optional_revision(req: &HttpRequest) -> Result<Option<i32>, ApiError> {
    match expected_revision(req) {
        Ok(revision) => Ok(Some(revision)),
        Err(ApiError::PreconditionRequired) => Ok(None),
        Err(other) => Err(other),
    }
}
