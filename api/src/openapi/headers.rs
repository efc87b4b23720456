//! The response headers the hub sends, declared where it sends them, so that clients (and the
//! guidelines' rules on 429 and 503) see them: `Location` on every 201, `Retry-After` on every 429 and
//! 503, and `ETag` on the answers that carry a resource's version.

use serde_json::{Value, json};

/// The answers that carry an `ETag` (METHOD path, statuses): those that return a resource with a
/// version, for `If-Match` and `If-None-Match`. The authorization matrix checks that the hub sends
/// these and no other (tests/tests/hub/authorization.rs).
const ETAGS: &[(&str, &[&str])] = &[
    ("GET /api/v1/catalogue/services/{slug}", &["200", "304"]),
    ("GET /api/v1/catalogue/services/{slug}/publiccode.yml", &["200"]),
    ("PATCH /api/v1/catalogue/services/{slug}", &["200"]),
    ("POST /api/v1/catalogue/services", &["201"]),
    ("POST /api/v1/catalogue/services/{slug}/publish", &["200"]),
    ("POST /api/v1/catalogue/services/{slug}/deprecate", &["200"]),
    ("POST /api/v1/catalogue/services/{slug}/retire", &["200"]),
    ("POST /api/v1/proposals/{id}/promote", &["201"]),
    ("GET /api/v1/challenges/{id}", &["200"]),
    ("PATCH /api/v1/challenges/{id}", &["200"]),
    ("POST /api/v1/challenges", &["201"]),
    ("POST /api/v1/challenges/{id}/open", &["200"]),
    ("POST /api/v1/challenges/{id}/propose", &["200"]),
    ("POST /api/v1/challenges/{id}/return", &["200"]),
    ("POST /api/v1/challenges/{id}/close", &["200"]),
    ("POST /api/v1/challenges/{id}/archive", &["200"]),
    ("GET /api/v1/proposals/{id}", &["200"]),
    ("PATCH /api/v1/proposals/{id}", &["200"]),
    ("POST /api/v1/proposals", &["201", "200"]),
    ("POST /api/v1/proposals/{id}/submit", &["200"]),
    ("POST /api/v1/proposals/{id}/screen", &["200"]),
    ("POST /api/v1/proposals/{id}/request-revision", &["200"]),
    ("POST /api/v1/proposals/{id}/resubmit", &["200"]),
    ("POST /api/v1/proposals/{id}/withdraw", &["200"]),
    ("POST /api/v1/proposals/{id}/decide", &["200"]),
    ("GET /api/v1/needs/{id}", &["200"]),
    ("PATCH /api/v1/needs/{id}", &["200"]),
    ("POST /api/v1/needs", &["201"]),
    ("GET /api/v1/reviews/{id}", &["200"]),
    ("PUT /api/v1/reviews/{id}", &["200"]),
    ("GET /api/v1/proposals/{id}/consensus", &["200"]),
    ("PUT /api/v1/proposals/{id}/consensus/rapporteur", &["200"]),
    ("PUT /api/v1/proposals/{id}/consensus", &["200"]),
    ("PUT /api/v1/proposals/{id}/consensus/position", &["200"]),
    ("POST /api/v1/proposals/{id}/consensus/finalise", &["200"]),
];

/// Every answer of the API says its client's request allowance ([`crate::auth::api_limit`]).
fn rate_limit(response: &mut Value) {
    let number = |description: &str| json!({"description": description, "schema": {"type": "integer", "format": "int32", "minimum": 0}});
    response["headers"]["X-RateLimit-Limit"] = number("Requests allowed to this client address per minute");
    response["headers"]["X-RateLimit-Remaining"] = number("Requests left to this client address now");
    response["headers"]["X-RateLimit-Reset"] = number("Seconds until the whole allowance is available again");
}

/// Declares the headers of `operation`'s answers.
pub(super) fn declare(at: &str, operation: &mut Value) -> Result<(), String> {
    let api = at.split_once(' ').is_some_and(|(_, path)| path.starts_with("/api/v1/"));
    let Some(responses) = operation["responses"].as_object_mut() else { return Ok(()) };
    for (status, response) in responses.iter_mut() {
        if api && status.starts_with('2') {
            rate_limit(response);
        }
        match status.as_str() {
            "201" => {
                response["headers"]["Location"] = json!({
                    "description": "The address of the created resource",
                    "schema": {"type": "string", "format": "uri-reference", "maxLength": 2048},
                })
            }
            "429" | "503" => {
                response["headers"]["Retry-After"] = json!({
                    "description": "Seconds to wait before retrying",
                    "schema": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 86400},
                })
            }
            _ => {}
        }
    }
    for status in ETAGS.iter().filter(|(operation, _)| *operation == at).flat_map(|(_, statuses)| statuses.iter()) {
        let response =
            responses.get_mut(*status).ok_or_else(|| format!("{at} has no {status} answer to carry an ETag"))?;
        response["headers"]["ETag"] = json!({
            "description": "The resource's version, for `If-Match` and `If-None-Match`",
            "schema": {"type": "string", "maxLength": 64, "pattern": "^(W/)?\"[!#-~]*\"$"},
        });
    }
    Ok(())
}
