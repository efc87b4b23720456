//! HTTP routes, one module per resource, one function per endpoint.

pub mod admin;
pub mod administrations;
pub mod adoptions;
pub mod analytics;
pub mod annexes;
pub mod auth;
pub mod auto_assign;
pub mod catalogue;
pub mod challenges;
pub mod conditional;
pub mod consensus;
pub mod decisions;
pub mod directory;
pub mod expertise;
pub mod exports;
pub mod integral;
pub mod me;
pub mod membership;
pub mod needs;
pub mod notices;
pub mod open_data;
pub mod opinions;
pub mod ops;
pub mod organizations;
pub mod passwords;
pub mod pillars;
pub mod portfolio;
pub mod problems;
pub mod proposals;
pub mod quality;
pub mod ranking;
pub mod redress;
pub mod responses;
pub mod reviews;
pub mod similarity;
pub mod summary;
pub mod users;
pub mod webhooks;

use base64::Engine as _;
use domain::{DomainError, PageRequest};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;
use crate::state::AppState;

/// Cursor pagination parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many items, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page (opaque; empty for the first page).
    #[param(pattern = "^[A-Za-z0-9_-]*$")]
    pub cursor: Option<String>,
}

impl PageQuery {
    /// The page request, validated.
    ///
    /// # Errors
    /// 422 for a limit out of range or a cursor that is not one of ours.
    pub fn parse(&self) -> Result<PageRequest, ApiError> {
        let limit = self.limit.unwrap_or(20);
        if !(1..=100).contains(&limit) {
            return Err(DomainError::invalid("limit", "out_of_range", "must be between 1 and 100").into());
        }
        // An empty cursor (`?cursor=`, as a form sends it) is the first page.
        let after = self
            .cursor
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(|c| {
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(c)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    // None of ours holds a NUL, which PostgreSQL cannot take in a query. (Some keys
                    // join their parts with U+001F, so other control characters are not refused.)
                    .filter(|key| !key.contains('\0'))
                    .ok_or_else(|| DomainError::invalid("cursor", "invalid_cursor", "is not a cursor of this list"))
            })
            .transpose()?;
        Ok(PageRequest { after, limit })
    }
}

/// Encodes a page's cursor for clients.
pub fn encode_cursor(key: Option<String>) -> Option<String> {
    key.map(|k| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(k))
}

/// A page of items.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageOf<T: ToSchema> {
    /// The items.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl<T: ToSchema> PageOf<T> {
    /// Converts a domain page.
    pub fn from_page<U>(page: domain::Page<U>, f: impl Fn(U) -> T) -> Self {
        Self { items: page.items.into_iter().map(f).collect(), next_cursor: encode_cursor(page.next_cursor) }
    }
}

/// A whole list (not paged), in an object so that it can grow fields without breaking clients.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListOf<T: ToSchema> {
    /// The items.
    pub items: Vec<T>,
}

impl<T: ToSchema> FromIterator<T> for ListOf<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Self { items: items.into_iter().collect() }
    }
}

/// A 201 says where the created resource is (RFC 9110 §15.3.2): `Location`, a path on this hub.
pub fn located(mut response: actix_web::HttpResponse, path: &str) -> actix_web::HttpResponse {
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(path) {
        response.headers_mut().insert(actix_web::http::header::LOCATION, value);
    }
    response
}

/// A page answers as JSON with, beside `next_cursor`, a `Link` to the next page (RFC 8288): the same
/// request with `cursor` and `limit` set, every other query parameter (the filters) kept.
impl<T: ToSchema + Serialize> actix_web::Responder for PageOf<T> {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, req: &actix_web::HttpRequest) -> actix_web::HttpResponse {
        let mut response = actix_web::HttpResponse::Ok();
        if let Some(cursor) = &self.next_cursor {
            response.insert_header((actix_web::http::header::LINK, next_link(req, cursor)));
        }
        response.json(self)
    }
}

/// `<path?…&cursor=…&limit=…>; rel="next"` for the page after `req`'s.
fn next_link(req: &actix_web::HttpRequest, cursor: &str) -> String {
    let asked: Vec<(String, String)> =
        url::form_urlencoded::parse(req.query_string().as_bytes()).into_owned().collect();
    let limit = asked.iter().find(|(k, _)| k == "limit").map_or("20", |(_, v)| v.as_str());
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in asked.iter().filter(|(k, _)| k != "cursor" && k != "limit") {
        query.append_pair(key, value);
    }
    query.append_pair("cursor", cursor).append_pair("limit", limit);
    format!("<{}?{}>; rel=\"next\"", req.path(), query.finish())
}

/// Runs a store call on the blocking pool.
///
/// # Errors
/// The store's error, or 503 when the blocking pool is gone.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, persistence::StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    Ok(actix_web::web::block(f).await??)
}

/// The challenge a listing is narrowed to (`?challenge=`, its id or slug; blank is none), as `actor` may
/// see it.
///
/// # Errors
/// `not_found` for a challenge the actor may not see.
pub fn narrowed_to(
    store: &persistence::Store,
    actor: &domain::Actor,
    challenge: Option<&str>,
) -> Result<Option<domain::Challenge>, persistence::StoreError> {
    match challenge.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => store.challenge_get(Some(actor), c).map(Some),
        None => Ok(None),
    }
}

/// A link in an email: `path` on the hub's public URL.
pub fn public_link(state: &AppState, path: &str) -> String {
    let mut url = state.settings.public_url.clone();
    url.set_path(path);
    url.to_string()
}

/// Deserialises a field that may be absent (`None`), `null` (`Some(None)`) or a value.
///
/// # Errors
/// When the value does not deserialise.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Parses a JSON body read as bytes (where the raw bytes are needed too), with the same problems as
/// the JSON extractor [`crate::json::Json`]: 415 for another content type, 400 for malformed JSON,
/// 422 naming the field for wrong fields.
///
/// # Errors
/// Those problems.
pub fn json_body<T: serde::de::DeserializeOwned>(req: &actix_web::HttpRequest, body: &[u8]) -> Result<T, ApiError> {
    crate::json::check_content_type(req)?;
    crate::json::deserialize(body)
}
