//! An annex's bytes: streamed from the object store with its media type, its name, its SHA-256 as a
//! strong ETag (`If-Match` naming another answers 412, `If-None-Match` naming it 304) and one byte range at
//! a time (`Range`, `If-Range`; several ranges are answered whole).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use domain::Scope;
use domain::annex::{Annex, AnnexId};

use super::disposition;
use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::routes::blocking;
use crate::state::AppState;

/// How an annex may be cached, on a 200, a 206 and a 304 alike: by the caller's own client only, checked
/// again each time (access may have been withdrawn).
const CACHE_CONTROL: &str = "private, no-cache";

/// Downloads an annex
///
/// Its bytes, with its media type, its name, its SHA-256 as a strong `ETag` (`If-Match` naming another
/// answers 412, `If-None-Match` naming it 304), and one byte range (`Range: bytes=…`, `If-Range`); several
/// ranges are answered whole. Whoever reads the proposal reads its submitted versions' annexes; the working
/// copy only its team and hub managers.
#[utoipa::path(tag = "proposals", security(("bearer" = [])), params(("id" = String, Path, description = "Annex id"),
    ("If-Match" = Option<String>, Header, description = "The ETag the file must still have (a download resumed in parts)"),
    ("If-None-Match" = Option<String>, Header, description = "An ETag read before"),
    ("Range" = Option<String>, Header, description = "One byte range, `bytes=first-last`"),
    ("If-Range" = Option<String>, Header, description = "The ETag the range is asked of")), responses(
    (status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>, headers(
        ("ETag" = String, description = "The file's SHA-256, quoted"),
        ("Content-Disposition" = String, description = "`attachment` with the file's name, in ASCII and in UTF-8"),
        ("Accept-Ranges" = String, description = "`bytes`"))),
    (status = 206, description = "The range asked for", content_type = "application/octet-stream", body = Vec<u8>, headers(
        ("ETag" = String, description = "The file's SHA-256, quoted"),
        ("Content-Range" = String, description = "`bytes first-last/size`"),
        ("Content-Disposition" = String, description = "`attachment` with the file's name, in ASCII and in UTF-8"))),
    (status = 304, description = "Not changed since the ETag given", headers(("ETag" = String, description = "The file's SHA-256, quoted"))),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "An assigned evaluator who has not confirmed having no conflict of interest", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 416, description = "The range lies outside the file (`Content-Range: bytes */size` gives its size)", body = Problem, content_type = "application/problem+json"),
    (status = 503, description = "The object store is unavailable", body = Problem, content_type = "application/problem+json"),
))]
#[get("/annexes/{id}/content")]
pub async fn content(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<AnnexId>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    auth.0.require_scope(Scope::ProposalsRead)?;
    let (store, id) = (state.store.clone(), path.into_inner());
    let (_, annex) = blocking(move || store.annex_get(&auth.0, id)).await?;
    serve(&state, &request, &annex).await
}

/// The response carrying `annex`'s bytes, as `request` asks for them.
///
/// # Errors
/// 412 when `If-Match` names no ETag of the file; 416 for a range outside the file; 503 when the object
/// store fails.
pub async fn serve(state: &AppState, request: &HttpRequest, annex: &Annex) -> Result<HttpResponse, ApiError> {
    let etag = format!("\"{}\"", annex.sha256);
    let headers = request.headers();
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    // RFC 9110, 13.1.1: compared strongly (a weak tag never matches); `*` matches, the file being there. A
    // header that is no text names nothing.
    if let Some(wanted) = headers.get(header::IF_MATCH) {
        let names = wanted.to_str().is_ok_and(|v| v.split(',').map(str::trim).any(|t| t == "*" || t == etag));
        if !names {
            return Err(ApiError::Domain(domain::DomainError::PreconditionFailed(
                "If-Match names no ETag of this file: it is not the file read before".to_owned(),
            )));
        }
    }
    if text(header::IF_NONE_MATCH)
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == etag || t.trim() == "*"))
    {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
            .finish());
    }
    // `If-Range` with another validator: the whole file.
    let range_applies = text(header::IF_RANGE).is_none_or(|v| v.trim() == etag);
    let range = match text(header::RANGE).filter(|_| range_applies) {
        None => None,
        Some(raw) => match http_range_header::parse_range_header(raw).map(|r| r.validate(annex.size)) {
            Ok(Ok(ranges)) if ranges.len() == 1 => Some(ranges[0].clone()),
            // Outside the file: 416. A range that does not parse, or ranges refused as abusive (too many,
            // overlapping), are ignored as RFC 9110 lets a server: the whole file.
            Ok(Err(http_range_header::RangeUnsatisfiableError::Unsatisfiable)) => {
                return Err(ApiError::RangeNotSatisfiable { size: annex.size });
            }
            Ok(Ok(_) | Err(_)) | Err(_) => None,
        },
    };
    let stream = state
        .annexes
        .objects
        .read(&annex.sha256, range.as_ref().map(|r| *r.start()..*r.end() + 1))
        .await
        .map_err(ApiError::Unavailable)?;
    let mut response = match &range {
        Some(r) => {
            let mut partial = HttpResponse::PartialContent();
            partial.insert_header((header::CONTENT_RANGE, format!("bytes {}-{}/{}", r.start(), r.end(), annex.size)));
            partial
        }
        None => HttpResponse::Ok(),
    };
    let length = range.as_ref().map_or(annex.size, |r| r.end() - r.start() + 1);
    Ok(response
        .content_type(annex.kind.media_type())
        .insert_header(disposition(&annex.filename))
        .insert_header((header::ETAG, etag))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
        .no_chunking(length)
        .streaming(stream))
}
