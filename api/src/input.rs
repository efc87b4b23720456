//! Request-level input checks, before any handler: no text that reaches a query may hold a control
//! character. A path segment, a query value (cursors included) or a JSON string with a NUL byte or
//! another control character is refused with 400 `invalid_characters` on both engines — PostgreSQL
//! cannot store a NUL at all, and no identifier, slug, token or search term has one. (Free text in
//! bodies keeps its own rule, [`domain::text::clean_text`], which allows line breaks and tabs; only
//! a NUL is refused here, wherever it is.) Persistence maps PostgreSQL's refusal of such text to a
//! 422 as a second line.

use crate::error::ApiError;

/// The problem for a request whose path or query string holds a control character.
fn invalid(place: &str) -> ApiError {
    ApiError::bad_request(
        "invalid_characters",
        format!("the {place} must not contain NUL bytes or other control characters"),
    )
}

/// `raw` with its `%XX` escapes (and, in a query string, `+`) decoded, lossily as UTF-8.
fn percent_decoded(raw: &str, plus_is_space: bool) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Checks the request's path and query string.
///
/// # Errors
/// 400 `invalid_characters` when either holds a control character once decoded.
pub fn check_target(path: &str, query: &str) -> Result<(), ApiError> {
    if domain::text::has_control(&percent_decoded(path, false)) {
        return Err(invalid("path"));
    }
    if domain::text::has_control(&percent_decoded(query, true)) {
        return Err(invalid("query string"));
    }
    Ok(())
}

/// Whether the JSON text `body` has a string with an escaped NUL (`\u0000`). JSON cannot hold a raw
/// control character in a string (the parser refuses it), so the escape is the only way in. Escapes
/// are read in order, so an escaped backslash followed by `u0000` is text, not a NUL.
pub fn json_has_nul(body: &[u8]) -> bool {
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'\\' {
            if body.get(i + 1) == Some(&b'u') && body.get(i + 2..i + 6) == Some(b"0000".as_slice()) {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// Checks a JSON body.
///
/// # Errors
/// 400 `invalid_characters` when a string in it holds a NUL; 400 `malformed_json` when it is an array.
/// No request body of the hub is one, and serde would read an array into a struct field by field
/// (`[null, null]` as `{"display_name": null, "locale": null}`).
pub fn check_json(body: &[u8]) -> Result<(), ApiError> {
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::bad_request("malformed_json", "the body must be a JSON object, not an array"));
    }
    if json_has_nul(body) { Err(invalid("body")) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_paths_and_queries_are_found_once_decoded() {
        assert!(check_target("/api/v1/challenges/open-call", "limit=5&q=caf%C3%A9+bar").is_ok());
        assert!(check_target("/api/v1/challenges/open%00call", "").is_err());
        assert!(check_target("/api/v1/challenges/x", "q=a%00").is_err());
        assert!(check_target("/api/v1/challenges/x", "q=a%0A").is_err());
        assert!(check_target("/api/v1/challenges/x", "q=a%c2%85").is_err(), "C1 too");
        assert!(check_target("/api/v1/challenges/x", "q=100%").is_ok(), "a lone percent is text");
        assert!(check_target("/api/v1/challenges/x", "q=%0").is_ok());
    }

    #[test]
    fn an_array_body_is_refused_and_an_object_is_not() {
        assert!(check_json(b" \n[null, null]").is_err());
        assert!(check_json(br#"{"tags": [null]}"#).is_ok());
        assert!(check_json(b"null").is_ok());
    }

    #[test]
    fn an_escaped_nul_is_found_and_an_escaped_backslash_is_not() {
        assert!(json_has_nul(br#"{"a": "x\u0000y"}"#));
        assert!(json_has_nul(br#"{"a\u0000": 1}"#));
        assert!(!json_has_nul(br#"{"a": "x\\u0000y"}"#));
        assert!(json_has_nul(br#"{"a": "x\\\u0000y"}"#));
        assert!(!json_has_nul(br#"{"a": "line\nbreak\u0001"}"#));
    }
}
