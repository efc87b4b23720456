//! Problem details in the client's language (issue 15). Every problem answer passes through
//! [`localize`], which
//! - makes `type` an absolute URI, `{HUB_PUBLIC_URL}/problems/{code}`, a page describing the problem
//!   (served by [`crate::routes::problems`]);
//! - adds `instance`: the request's path (RFC 9457 §3.1.5), without its query string, which may hold
//!   search terms or cursors. The request id is in the `X-Request-Id` header and, on 5xx, `request_id`;
//! - writes `title` (from [`table`]) and, where the hub's wording is fixed, `detail` in the language
//!   `Accept-Language` prefers: Italian when it prefers Italian to English, English otherwise (and
//!   without the header, as before: the API is international, its clients mostly scripts). The
//!   domain's own sentences and the field messages in `errors` stay English; `code` and each error's
//!   `code` are the stable, language-free part to match on;
//! - sets `Content-Language` and `Vary: Accept-Language`.

pub mod table;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, AcceptLanguage, Header, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};
use domain::{DomainError, Locale};
use serde_json::Value;

use crate::error::{ApiError, PROBLEM_JSON};
use crate::state::AppState;

/// The language `Accept-Language` prefers among Italian and English; `fallback` when it names
/// neither (or is absent or unreadable).
pub fn preferred(req: &impl HttpMessage, fallback: Locale) -> Locale {
    let Ok(accept) = AcceptLanguage::parse(req) else { return fallback };
    accept
        .ranked()
        .iter()
        .find_map(|tag| match tag {
            header::Preference::Specific(tag) => match tag.primary_language() {
                "it" => Some(Locale::It),
                "en" => Some(Locale::En),
                _ => None,
            },
            header::Preference::Any => None,
        })
        .unwrap_or(fallback)
}

/// The middleware: rewrites every `application/problem+json` answer as the module says.
///
/// # Errors
/// Those of the inner service.
pub async fn localize(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let locale = preferred(&req, Locale::En);
    let instance = req.path().to_owned();
    let base = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.settings.public_url.as_str().trim_end_matches('/').to_owned())
        .unwrap_or_default();
    let response = next.call(req).await?.map_into_boxed_body();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON));
    if !is_problem {
        return Ok(response);
    }
    let detail = response.response().error().and_then(|e| e.as_error::<ApiError>()).and_then(|e| detail_in(e, locale));
    let (request, response) = response.into_parts();
    let (mut head, body) = response.into_parts();
    let Ok(bytes) = actix_web::body::to_bytes(body).await else {
        return Ok(ServiceResponse::new(request, head.set_body(BoxBody::new(()))));
    };
    let Ok(mut problem) = serde_json::from_slice::<Value>(&bytes) else {
        return Ok(ServiceResponse::new(request, head.set_body(BoxBody::new(bytes))));
    };
    let code = problem["code"].as_str().unwrap_or_default().to_owned();
    problem["type"] = Value::String(format!("{base}/problems/{code}"));
    problem["instance"] = Value::String(instance);
    if let Some(kind) = table::find(&code) {
        let title = if locale == Locale::It { kind.title_it } else { kind.title_en };
        problem["title"] = Value::String(title.to_owned());
    }
    if let Some(detail) = detail.or_else(|| fixed_detail(&code, locale)) {
        problem["detail"] = Value::String(detail);
    }
    let headers = head.headers_mut();
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(locale.as_str()));
    headers.append(header::VARY, HeaderValue::from_static("accept-language"));
    headers.remove(header::CONTENT_LENGTH);
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    Ok(ServiceResponse::new(request, head.set_body(BoxBody::new(body))))
}

/// The detail of an error whose wording is the hub's own, in Italian; `None` to keep the English.
fn detail_in(error: &ApiError, locale: Locale) -> Option<String> {
    if locale != Locale::It {
        return None;
    }
    Some(match error {
        ApiError::TooManyRequests { retry_after } => format!("troppe richieste; riprovare tra {retry_after} s"),
        ApiError::PayloadTooLarge { limit } => format!("il corpo della richiesta supera {limit} byte"),
        ApiError::MalformedQuery { field, .. } => format!("il parametro `{field}` della query string non è valido"),
        ApiError::MethodNotAllowed { allow } => format!("questa risorsa risponde solo a {allow}"),
        ApiError::Domain(DomainError::Invalid(fields)) => {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            format!("dati non validi: {}", names.join(", "))
        }
        other => return fixed_detail(other.problem().code.as_str(), locale),
    })
}

/// The Italian detail of the kinds whose English detail is always the same.
fn fixed_detail(code: &str, locale: Locale) -> Option<String> {
    if locale != Locale::It {
        return None;
    }
    let detail = match code {
        "unsupported_media_type" => "il corpo della richiesta deve essere application/json",
        "precondition_required" => "questa modifica richiede l'intestazione If-Match con l'ETag letto per ultimo",
        "service_unavailable" => "il servizio è momentaneamente non disponibile; riprovare più tardi",
        "internal_error" => {
            "si è verificato un errore inatteso; comunicare agli operatori l'identificativo della richiesta"
        }
        _ => return None,
    };
    Some(detail.to_owned())
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn of(header: &str) -> Locale {
        preferred(
            &TestRequest::default().insert_header((header::ACCEPT_LANGUAGE, header)).to_http_request(),
            Locale::En,
        )
    }

    #[test]
    fn the_header_picks_italian_or_english_by_preference() {
        assert_eq!(of("it-IT,it;q=0.9,en;q=0.8"), Locale::It);
        assert_eq!(of("en-GB,it;q=0.5"), Locale::En);
        assert_eq!(of("de-DE,it;q=0.5,en;q=0.4"), Locale::It, "the first of ours it names");
        assert_eq!(of("en;q=0.2,it;q=0.7"), Locale::It, "by weight, not by order");
        assert_eq!(of("fr"), Locale::En, "neither: the fallback");
        assert_eq!(of("*"), Locale::En);
        assert_eq!(preferred(&TestRequest::default().to_http_request(), Locale::It), Locale::It);
    }

    #[test]
    fn every_code_of_the_code_base_has_a_page() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let emitted =
            regex::Regex::new(r#"(?:conflict\(|Conflict\s*\{\s*code:|bad_request\(|=>)\s*"([a-z_]+)""#).expect("regex");
        let mut codes = std::collections::BTreeSet::new();
        for dir in ["api/src", "domain/src", "persistence/src"] {
            let mut stack = vec![root.join(dir)];
            while let Some(path) = stack.pop() {
                if path.is_dir() {
                    stack.extend(std::fs::read_dir(&path).expect("dir").map(|e| e.expect("entry").path()));
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("source");
                    let is_error_module = path.ends_with("api/src/error.rs");
                    for found in emitted.captures_iter(&text) {
                        // `=> "code"` arms only in `ApiError::code`.
                        if !found[0].starts_with("=>") || is_error_module {
                            codes.insert(found[1].to_owned());
                        }
                    }
                }
            }
        }
        assert!(codes.len() > 30, "the scan finds the codes: {codes:?}");
        let missing: Vec<_> = codes.iter().filter(|c| table::find(c).is_none()).collect();
        assert!(missing.is_empty(), "codes without an entry in problems::table: {missing:?}");
    }

    #[test]
    fn each_entry_is_written_in_both_languages() {
        for kind in table::KINDS {
            assert_ne!(kind.title_it, kind.title_en, "{}", kind.code);
            assert_ne!(kind.about_it, kind.about_en, "{}", kind.code);
            assert!(kind.about_it.ends_with('.') && kind.about_en.ends_with('.'), "{}", kind.code);
        }
    }
}
