//! Query strings read so that a wrong value names its parameter: `?limit=abc` answers 400
//! `malformed_query` with `errors: [{"field": "limit", …}]` and a detail that names it, where actix's
//! own extractor said only "invalid digit found in string".

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Query parameters, like `web::Query`, whose errors name the parameter. (utoipa reads a parameter
/// whose type is named `Query` as query parameters, so the OpenAPI document is unchanged.)
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    /// The parameters.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(deserialize(req.query_string()).map(Self).map_err(Into::into))
    }
}

/// Parses a query string.
///
/// # Errors
/// 400 `malformed_query` naming the parameter whose value does not parse.
pub fn deserialize<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        let field = match path.as_str() {
            "." | "?" => message.split('`').nth(1).unwrap_or("query").to_owned(),
            path => path.to_owned(),
        };
        ApiError::MalformedQuery { field, message }
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Filter {
        limit: Option<u32>,
        min_score: Option<f64>,
        state: Option<State>,
        since: Option<chrono::NaiveDate>,
        q: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[allow(dead_code)]
    enum State {
        Open,
        Closed,
    }

    fn field_of(query: &str) -> String {
        match deserialize::<Filter>(query) {
            Err(ApiError::MalformedQuery { field, .. }) => field,
            other => panic!("{query}: not a malformed query: {other:?}"),
        }
    }

    #[test]
    fn a_wrong_value_names_its_parameter() {
        assert_eq!(field_of("limit=abc"), "limit");
        assert_eq!(field_of("q=x&min_score=high"), "min_score");
        assert_eq!(field_of("state=ajar"), "state");
        assert_eq!(field_of("since=yesterday"), "since");
        assert!(deserialize::<Filter>("limit=5&q=caf%C3%A9+bar&state=open&since=2026-01-31").is_ok());
        assert!(deserialize::<Filter>("unknown=1").is_ok(), "unknown parameters are ignored, as before");
    }
}
