//! JSON request bodies read so that a wrong value names its field: `{"min_reviews": "3"}` answers 422
//! `validation_failed` with `errors: [{"field": "min_reviews", …}]`, a bad date inside an array
//! `milestones[2].due`, in the dotted form the domain's own field errors use. Malformed JSON stays a
//! 400 `malformed_json`; another content type a 415.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use domain::DomainError;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body, like `web::Json`, whose type and format errors name the field. (utoipa reads a
/// parameter whose type is named `Json` as the request body, so the OpenAPI document is unchanged.)
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let checked = check_content_type(&req);
        // The body limit is the app's `PayloadConfig`; over it, the middleware answers a 413 problem.
        let bytes = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            checked?;
            let body = bytes.await?;
            Ok(Self(deserialize(&body)?))
        })
    }
}

/// 415 unless the request says its body is JSON (`application/json` or a `+json` type), as actix's
/// own JSON extractor decides.
///
/// # Errors
/// 415 `unsupported_media_type`.
pub fn check_content_type(req: &HttpRequest) -> Result<(), ApiError> {
    let json =
        req.mime_type().ok().flatten().is_some_and(|mime| {
            mime.subtype() == actix_web::mime::JSON || mime.suffix() == Some(actix_web::mime::JSON)
        });
    if json { Ok(()) } else { Err(ApiError::UnsupportedMediaType) }
}

/// Parses a JSON body.
///
/// # Errors
/// 400 `malformed_json` for text that is not JSON; 422 `validation_failed` naming the field for a
/// value of the wrong type or format, or a missing or unknown field.
pub fn deserialize<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(field_error)?;
    deserializer.end().map_err(|e| malformed(&e))?;
    Ok(value)
}

fn malformed(error: &serde_json::Error) -> ApiError {
    ApiError::bad_request("malformed_json", format!("the body is not valid JSON: {error}"))
}

/// The problem of a deserialisation error, with the path serde_path_to_error tracked.
fn field_error(error: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = error.path().to_string();
    let inner = error.inner();
    if !inner.is_data() {
        return malformed(inner);
    }
    let full = inner.to_string();
    // serde_json appends the position; the field says where.
    let message = full.rsplit_once(" at line ").map_or(full.as_str(), |(message, _)| message);
    let field = field_path(&path, message);
    ApiError::Domain(DomainError::invalid(field, "invalid_type", message))
}

/// The dotted path of the failing field. For a missing or unknown field, serde reports the object
/// that holds it, and its message names the field.
fn field_path(path: &str, message: &str) -> String {
    let parent = path.trim_end_matches('?').trim_end_matches('.');
    let named = message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("missing field") || message.starts_with("unknown field"));
    match (parent, named) {
        ("", None) => "body".to_owned(),
        ("", Some(name)) => name.to_owned(),
        (parent, Some(name)) if !parent.ends_with(name) => format!("{parent}.{name}"),
        (parent, _) => parent.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        due: chrono::NaiveDate,
        kind: Option<Kind>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[allow(dead_code)]
    enum Kind {
        Pilot,
        Study,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        title: String,
        min_reviews: Option<u32>,
        milestones: Option<Vec<Inner>>,
        owner: Option<Inner>,
    }

    /// The field and message of the 422 for `body`.
    fn field_of(body: &str) -> (String, String) {
        match deserialize::<Body>(body.as_bytes()) {
            Err(ApiError::Domain(DomainError::Invalid(fields))) => (fields[0].field.clone(), fields[0].message.clone()),
            other => panic!("not a 422: {other:?}"),
        }
    }

    #[test]
    fn a_wrong_value_names_its_field_at_any_depth() {
        assert_eq!(field_of(r#"{"title": "t", "min_reviews": "3"}"#).0, "min_reviews");
        assert_eq!(field_of(r#"{"title": 7}"#).0, "title");
        assert_eq!(field_of(r#"{"title": "t", "owner": {"due": "2026-13-01"}}"#).0, "owner.due");
        assert_eq!(field_of(r#"{"title": "t", "owner": {"due": "2026-01-01", "kind": "x"}}"#).0, "owner.kind");
        let array = r#"{"title": "t", "milestones": [{"due": "2026-01-01"}, {"due": "soon"}]}"#;
        assert_eq!(field_of(array).0, "milestones[1].due");
    }

    #[test]
    fn a_missing_or_unknown_field_is_named_where_it_is() {
        assert_eq!(field_of(r#"{"min_reviews": 3}"#).0, "title");
        assert_eq!(field_of(r#"{"title": "t", "extra": 1}"#).0, "extra");
        assert_eq!(field_of(r#"{"title": "t", "owner": {"kind": "pilot"}}"#).0, "owner.due");
        assert_eq!(field_of(r#"{"title": "t", "owner": {"due": "2026-01-01", "x": 1}}"#).0, "owner.x");
    }

    #[test]
    fn the_message_says_what_is_wrong_without_the_position() {
        let (_, message) = field_of(r#"{"title": "t", "min_reviews": "3"}"#);
        assert!(message.starts_with("invalid type: string \"3\", expected u32"), "{message}");
        assert!(!message.contains("line"), "{message}");
    }

    #[test]
    fn text_that_is_not_json_stays_a_400() {
        for body in [r#"{"title": "#, "{\"title\": \"t\"} trailing", "not json"] {
            match deserialize::<Body>(body.as_bytes()) {
                Err(ApiError::BadRequest { code: "malformed_json", .. }) => {}
                other => panic!("{body}: {other:?}"),
            }
        }
    }
}
