//! One error type for every handler, rendered as RFC 9457 problem details with a stable `code`.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use domain::DomainError;
use persistence::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid field of a request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field's path in the request body, e.g. `organization.tax_code`.
    pub field: String,
    /// A stable machine code, e.g. `invalid_checksum`.
    pub code: String,
    /// What is wrong, in English (`code` is the part to match on).
    pub message: String,
}

/// RFC 9457 problem details.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// The URI of a page describing the kind of problem, in Italian and English:
    /// `{HUB_PUBLIC_URL}/problems/{code}`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the kind of problem, in the language `Accept-Language` prefers (Italian or
    /// English; English without the header), as `Content-Language` says.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong in this occurrence (in Italian where the hub's wording is fixed and the client
    /// prefers Italian; otherwise in English).
    pub detail: String,
    /// A stable machine-readable code.
    pub code: String,
    /// The invalid fields, for validation errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// The request id, for server errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// This occurrence: the request's path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
}

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The domain refused it.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// A malformed request.
    #[error("{detail}")]
    BadRequest {
        /// Stable code.
        code: &'static str,
        /// Detail.
        detail: String,
    },
    /// A query parameter whose value does not parse (400 `malformed_query`, naming it).
    #[error("the query parameter `{field}` is malformed: {message}")]
    MalformedQuery {
        /// The parameter.
        field: String,
        /// What is wrong, in English.
        message: String,
    },
    /// Too many attempts.
    #[error("too many requests; retry in {retry_after} s")]
    TooManyRequests {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// The body is larger than the limit.
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A `Range` outside the file (416, with `Content-Range: bytes */size`).
    #[error("the range lies outside the file's {size} bytes")]
    RangeNotSatisfiable {
        /// The file's size.
        size: u64,
    },
    /// A multi-editor resource was changed without `If-Match`.
    #[error("this change needs an If-Match header with the ETag you last read")]
    PreconditionRequired,
    /// The body is not JSON.
    #[error("the request body must be application/json")]
    UnsupportedMediaType,
    /// No such route.
    #[error("no such resource")]
    NoRoute,
    /// A path segment that should be an id is not one: it names nothing, like an unknown id.
    #[error("{0}")]
    MalformedId(String),
    /// The resource exists, but not with this method.
    #[error("this resource answers only {allow}")]
    MethodNotAllowed {
        /// The methods it answers, for the `Allow` header.
        allow: String,
    },
    /// A form posted without the CSRF token of the browser's session (403 `csrf_failed`).
    #[error("the form's security token is missing or belongs to another session; reload the page and try again")]
    CsrfFailed,
    /// A page for signed-in people asked for by nobody signed in: 303 to the log-in page, which comes
    /// back to `back` afterwards.
    #[error("sign in to see this page")]
    SignInRequired {
        /// The page to come back to.
        back: String,
    },
    /// The database cannot be reached now.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; the detail is logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// A 400 with a stable code.
    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::BadRequest { code, detail: detail.into() }
    }

    /// A 500 whose cause is logged.
    pub fn internal(context: &str, error: impl std::fmt::Display) -> Self {
        Self::Internal(format!("{context}: {error}"))
    }

    fn code(&self) -> &str {
        match self {
            Self::Domain(DomainError::Invalid(_)) => "validation_failed",
            Self::Domain(DomainError::Unauthenticated(_)) => "unauthenticated",
            Self::Domain(DomainError::Forbidden(_)) => "forbidden",
            Self::Domain(DomainError::NotFound(_)) => "not_found",
            Self::Domain(DomainError::Conflict { code, .. }) => code,
            Self::Domain(DomainError::PreconditionFailed(_)) => "precondition_failed",
            Self::PreconditionRequired => "precondition_required",
            Self::BadRequest { code, .. } => code,
            Self::MalformedQuery { .. } => "malformed_query",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::RangeNotSatisfiable { .. } => "range_not_satisfiable",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::NoRoute | Self::MalformedId(_) => "not_found",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::Unavailable(_) => "service_unavailable",
            Self::Internal(_) => "internal_error",
            Self::CsrfFailed => "csrf_failed",
            Self::SignInRequired { .. } => "unauthenticated",
        }
    }

    /// The problem details of this error.
    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let errors = match self {
            Self::Domain(DomainError::Invalid(fields)) => fields
                .iter()
                .map(|f| FieldProblem { field: f.field.clone(), code: f.code.to_owned(), message: f.message.clone() })
                .collect(),
            Self::MalformedQuery { field, message } => {
                vec![FieldProblem { field: field.clone(), code: "invalid_type".to_owned(), message: message.clone() }]
            }
            _ => Vec::new(),
        };
        let detail = match self {
            Self::Unavailable(_) => "the service is temporarily unavailable; retry later".to_owned(),
            Self::Internal(_) => "an unexpected error occurred; quote the request id to the operators".to_owned(),
            Self::Domain(DomainError::Unauthenticated(why)) => format!("authentication required: {why}"),
            Self::Domain(DomainError::NotFound(what)) => domain::ids::not_found_message(what),
            Self::Domain(DomainError::Forbidden(why)) => why.clone(),
            other => other.to_string(),
        };
        Problem {
            problem_type: format!("/problems/{}", self.code()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            code: self.code().to_owned(),
            errors,
            request_id: None,
            instance: None,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Domain(e) => Self::Domain(e),
            StoreError::Unavailable(e) => Self::Unavailable(e),
            StoreError::Corrupt(e) | StoreError::Internal(e) => Self::Internal(e),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        Self::Unavailable(error.to_string())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Domain(DomainError::Invalid(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Domain(DomainError::Unauthenticated(_)) => StatusCode::UNAUTHORIZED,
            Self::Domain(DomainError::Forbidden(_)) => StatusCode::FORBIDDEN,
            Self::Domain(DomainError::NotFound(_)) | Self::NoRoute | Self::MalformedId(_) => StatusCode::NOT_FOUND,
            Self::Domain(DomainError::Conflict { .. }) => StatusCode::CONFLICT,
            Self::Domain(DomainError::PreconditionFailed(_)) => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::BadRequest { .. } | Self::MalformedQuery { .. } => StatusCode::BAD_REQUEST,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RangeNotSatisfiable { .. } => StatusCode::RANGE_NOT_SATISFIABLE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::CsrfFailed => StatusCode::FORBIDDEN,
            Self::SignInRequired { .. } => StatusCode::SEE_OTHER,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(cause) => tracing::error!(cause = %cause, "internal error"),
            Self::Unavailable(cause) => tracing::warn!(cause = %cause, "database unavailable"),
            _ => {}
        }
        if let Self::SignInRequired { back } = self {
            let to = format!("/login?{}", serde_urlencoded::to_string([("next", back)]).unwrap_or_default());
            return HttpResponse::SeeOther().insert_header((header::LOCATION, to)).finish();
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        // For a page's error page, which says why in words where the code tells more than the status.
        response.extensions_mut().insert(ProblemCode(self.code().to_owned()));
        match self {
            Self::TooManyRequests { retry_after } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            Self::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            Self::RangeNotSatisfiable { size } => {
                response.insert_header((header::CONTENT_RANGE, format!("bytes */{size}")));
            }
            Self::MethodNotAllowed { allow } => {
                if let Ok(value) = HeaderValue::from_str(allow) {
                    response.insert_header((header::ALLOW, value));
                }
            }
            Self::Domain(DomainError::Unauthenticated(_)) => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            _ => {}
        }
        response.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

/// The code of the problem an answer carries, kept beside it for the pages' error page.
#[derive(Debug, Clone)]
pub struct ProblemCode(pub String);

/// Turns actix's JSON extractor errors into problems: 413, 415 or 400.
pub fn json_error(error: actix_web::error::JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    let api = match &error {
        E::OverflowKnownLength { limit, .. } | E::Overflow { limit } => ApiError::PayloadTooLarge { limit: *limit },
        E::ContentType => ApiError::UnsupportedMediaType,
        E::Deserialize(e) if e.is_data() => {
            ApiError::Domain(DomainError::invalid(json_path(&e.to_string()), "invalid_type", e.to_string()))
        }
        E::Deserialize(e) => ApiError::bad_request("malformed_json", format!("the body is not valid JSON: {e}")),
        E::Payload(actix_web::error::PayloadError::Overflow) => ApiError::PayloadTooLarge { limit: 0 },
        other => ApiError::bad_request("malformed_body", other.to_string()),
    };
    api.into()
}

/// serde_json names the missing or mistyped field in its message; keep it as the field path.
fn json_path(message: &str) -> String {
    message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("missing field") || message.starts_with("unknown field"))
        .unwrap_or("body")
        .to_owned()
}

/// Turns query-string errors into 400 problems.
pub fn query_error(error: actix_web::error::QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::bad_request("malformed_query", error.to_string()).into()
}

/// Turns path errors into 404 problems: a malformed id names nothing that exists, and answers as an
/// unknown one does (`proposal not found`, the words the id's `Deserialize` gives).
pub fn path_error(error: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    match error {
        actix_web::error::PathError::Deserialize(e) => ApiError::MalformedId(e.to_string()).into(),
        _ => ApiError::NoRoute.into(),
    }
}
