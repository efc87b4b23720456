//! The OpenAPI document, generated from the handlers' annotations.

use serde_json::{Value, json};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The document's fixed parts; paths and schemas are collected from the registered services.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Innovation Hub API",
        description = "The open-innovation platform of the Polo Strategico Nazionale: proposals to Italian public \
                       administrations, evaluated against four pillars, promoted into the PSN service catalogue.\n\n\
                       Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`. \
                       Authenticate with `Authorization: Bearer` and an access token from `/api/v1/auth/login` or a \
                       personal access token from `/api/v1/me/tokens`.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Registration, login, sessions and password reset"),
        (name = "me", description = "Your account and personal access tokens"),
        (name = "organizations", description = "Organisations and invitations"),
        (name = "challenges", description = "Needs posted by public administrations"),
        (name = "proposals", description = "Proposals and the funnel: draft, submit, screen, revise, decide"),
        (name = "evaluation", description = "Assignments, conflicts of interest and blind reviews"),
        (name = "catalogue", description = "The PSN service catalogue: promotion, publishing, public search, publiccode.yml"),
        (name = "users", description = "User administration"),
        (name = "admin", description = "Operator views: outbox and audit log"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
#[derive(Debug)]
pub struct ApiDoc;

/// Declares the `bearer` security scheme the handlers refer to.
#[derive(Debug)]
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT or personal access token").build(),
            ),
        );
    }
}

/// The complete document.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, api) = crate::app::utoipa_app(actix_web::App::new()).split_for_parts();
    refine(api)
}

/// What the annotations cannot say one handler at a time: unique operation ids, the problems every
/// operation of a kind can answer (a malformed body or query, an unsupported media type, an
/// oversized body, an unavailable database), the links between operations that let a client (or a
/// stateful fuzzer) follow create → read → act, and the rule "exactly one of" at registration.
fn refine(api: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let Ok(mut doc) = serde_json::to_value(&api) else { return api };
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            for (method, operation) in item.iter_mut() {
                operation["operationId"] = json!(operation_id(method, path));
                common_responses(path, operation);
            }
        }
    }
    for (from, status, name, to, parameters) in LINKS {
        let (from_method, from_path) = from.split_once(' ').unwrap_or_default();
        let (to_method, to_path) = to.split_once(' ').unwrap_or_default();
        let parameters: serde_json::Map<String, Value> =
            parameters.iter().map(|(name, expression)| ((*name).to_owned(), json!(expression))).collect();
        let response = &mut doc["paths"][from_path][from_method.to_lowercase()]["responses"][status];
        if response.is_object() {
            response["links"][name] =
                json!({"operationId": operation_id(&to_method.to_lowercase(), to_path), "parameters": parameters});
        }
    }
    // Registration takes exactly one of a new organisation and an invitation.
    if let Some(register) = doc.pointer_mut("/components/schemas/RegisterRequest") {
        let plain = register.take();
        *register = json!({"allOf": [plain, {"oneOf": [
            {"type": "object", "required": ["organization"], "properties": {"invitation_token": {"type": "null"}}},
            {"type": "object", "required": ["invitation_token"], "properties": {"organization": {"type": "null"}}},
        ]}]});
    }
    match serde_json::from_value(doc) {
        Ok(refined) => refined,
        Err(e) => {
            tracing::error!(error = %e, "the refined OpenAPI document does not read back; serving it unrefined");
            api
        }
    }
}

/// `get` + `/api/v1/proposals/{id}/submit` → `get_proposals_id_submit`: unique, stable, readable.
fn operation_id(method: &str, path: &str) -> String {
    let rest = path.strip_prefix("/api/v1/").unwrap_or(path.trim_start_matches('/'));
    let words: Vec<&str> = rest.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    format!("{method}_{}", words.join("_"))
}

/// A problem response.
fn problem(description: &str) -> Value {
    json!({"description": description,
           "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
}

/// Adds the problems an operation can answer by its shape, where its annotations do not say them.
fn common_responses(path: &str, operation: &mut Value) {
    let has_body = operation.get("requestBody").is_some();
    let has_query =
        operation["parameters"].as_array().is_some_and(|parameters| parameters.iter().any(|p| p["in"] == "query"));
    let secured = operation.get("security").is_some();
    let mut add = |status: &str, description: &str| {
        let responses = &mut operation["responses"];
        if responses.get(status).is_none() {
            responses[status] = problem(description);
        }
    };
    if has_body || has_query {
        add(
            "400",
            "Malformed request: the body is not JSON (`malformed_json`) or the query string does not parse (`malformed_query`)",
        );
    }
    if secured {
        add("401", "Not authenticated");
    }
    if has_body {
        add("413", "The body is larger than the limit (`payload_too_large`)");
        add("415", "The body is not `application/json` (`unsupported_media_type`)");
    }
    if path.starts_with("/api/v1/") || path == "/readyz" {
        add("503", "The database is unavailable; retry after the `Retry-After` seconds (`service_unavailable`)");
    }
}

/// Links between operations: (from, status, name, to, parameters of `to` as runtime expressions).
type LinkRow = (&'static str, &'static str, &'static str, &'static str, &'static [(&'static str, &'static str)]);

const PROPOSAL_ID: &[(&str, &str)] = &[("path.id", "$response.body#/id")];
const SAME_PROPOSAL: &[(&str, &str)] = &[("path.id", "$request.path.id")];
const SERVICE_SLUG: &[(&str, &str)] = &[("path.slug", "$response.body#/slug")];
const CHALLENGE_ID: &[(&str, &str)] = &[("path.id", "$response.body#/id")];

const LINKS: &[LinkRow] = &[
    ("POST /api/v1/proposals", "201", "read", "GET /api/v1/proposals/{id}", PROPOSAL_ID),
    (
        "POST /api/v1/proposals",
        "201",
        "edit",
        "PATCH /api/v1/proposals/{id}",
        &[("path.id", "$response.body#/id"), ("header.If-Match", "$response.header.ETag")],
    ),
    ("POST /api/v1/proposals", "201", "submit", "POST /api/v1/proposals/{id}/submit", PROPOSAL_ID),
    ("POST /api/v1/proposals", "201", "withdraw", "POST /api/v1/proposals/{id}/withdraw", PROPOSAL_ID),
    ("POST /api/v1/proposals", "201", "history", "GET /api/v1/proposals/{id}/history", PROPOSAL_ID),
    ("POST /api/v1/proposals/{id}/submit", "200", "screen", "POST /api/v1/proposals/{id}/screen", SAME_PROPOSAL),
    ("POST /api/v1/proposals/{id}/submit", "200", "read", "GET /api/v1/proposals/{id}", SAME_PROPOSAL),
    (
        "POST /api/v1/proposals/{id}/screen",
        "200",
        "request_revision",
        "POST /api/v1/proposals/{id}/request-revision",
        SAME_PROPOSAL,
    ),
    ("POST /api/v1/proposals/{id}/screen", "200", "assign", "POST /api/v1/proposals/{id}/assignments", SAME_PROPOSAL),
    ("POST /api/v1/proposals/{id}/screen", "200", "decide", "POST /api/v1/proposals/{id}/decide", SAME_PROPOSAL),
    (
        "POST /api/v1/proposals/{id}/request-revision",
        "200",
        "resubmit",
        "POST /api/v1/proposals/{id}/resubmit",
        SAME_PROPOSAL,
    ),
    ("POST /api/v1/proposals/{id}/decide", "200", "promote", "POST /api/v1/proposals/{id}/promote", SAME_PROPOSAL),
    ("POST /api/v1/proposals/{id}/decide", "200", "feedback", "GET /api/v1/proposals/{id}/feedback", SAME_PROPOSAL),
    ("POST /api/v1/proposals/{id}/promote", "201", "read", "GET /api/v1/catalogue/services/{slug}", SERVICE_SLUG),
    (
        "POST /api/v1/proposals/{id}/assignments",
        "201",
        "read",
        "GET /api/v1/reviews/{id}",
        &[("path.id", "$response.body#/id")],
    ),
    (
        "POST /api/v1/proposals/{id}/assignments",
        "201",
        "confirm",
        "POST /api/v1/reviews/{id}/confirm-no-conflict",
        &[("path.id", "$response.body#/id")],
    ),
    (
        "POST /api/v1/proposals/{id}/assignments",
        "201",
        "save",
        "PUT /api/v1/reviews/{id}",
        &[("path.id", "$response.body#/id")],
    ),
    (
        "POST /api/v1/proposals/{id}/assignments",
        "201",
        "submit",
        "POST /api/v1/reviews/{id}/submit",
        &[("path.id", "$response.body#/id")],
    ),
    (
        "POST /api/v1/proposals/{id}/assignments",
        "201",
        "decline",
        "POST /api/v1/reviews/{id}/decline",
        &[("path.id", "$response.body#/id")],
    ),
    ("POST /api/v1/challenges", "201", "read", "GET /api/v1/challenges/{id}", CHALLENGE_ID),
    (
        "POST /api/v1/challenges",
        "201",
        "edit",
        "PATCH /api/v1/challenges/{id}",
        &[("path.id", "$response.body#/id"), ("header.If-Match", "$response.header.ETag")],
    ),
    ("POST /api/v1/challenges", "201", "open", "POST /api/v1/challenges/{id}/open", CHALLENGE_ID),
    ("POST /api/v1/challenges", "201", "close", "POST /api/v1/challenges/{id}/close", CHALLENGE_ID),
    ("POST /api/v1/challenges", "201", "ranking", "GET /api/v1/challenges/{id}/ranking", CHALLENGE_ID),
    ("POST /api/v1/catalogue/services", "201", "read", "GET /api/v1/catalogue/services/{slug}", SERVICE_SLUG),
    (
        "POST /api/v1/catalogue/services",
        "201",
        "edit",
        "PATCH /api/v1/catalogue/services/{slug}",
        &[("path.slug", "$response.body#/slug"), ("header.If-Match", "$response.header.ETag")],
    ),
    (
        "POST /api/v1/catalogue/services",
        "201",
        "publish",
        "POST /api/v1/catalogue/services/{slug}/publish",
        SERVICE_SLUG,
    ),
    (
        "POST /api/v1/catalogue/services",
        "201",
        "history",
        "GET /api/v1/catalogue/services/{slug}/history",
        SERVICE_SLUG,
    ),
    (
        "POST /api/v1/catalogue/services",
        "201",
        "publiccode",
        "GET /api/v1/catalogue/services/{slug}/publiccode.yml",
        SERVICE_SLUG,
    ),
    (
        "POST /api/v1/organizations",
        "201",
        "read",
        "GET /api/v1/organizations/{id}",
        &[("path.id", "$response.body#/id")],
    ),
    (
        "POST /api/v1/organizations",
        "201",
        "invite",
        "POST /api/v1/organizations/{id}/invitations",
        &[("path.id", "$response.body#/id")],
    ),
    ("POST /api/v1/me/tokens", "201", "revoke", "DELETE /api/v1/me/tokens/{id}", &[("path.id", "$response.body#/id")]),
];

/// The complete document as YAML, as checked in at `openapi.yaml`.
///
/// # Errors
/// When serialisation fails.
pub fn yaml() -> anyhow::Result<String> {
    Ok(document().to_yaml()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_refinements_survive_the_round_trip() {
        let refined = super::document();
        let json = serde_json::to_value(&refined).expect("json");
        assert_eq!(json["paths"]["/api/v1/proposals/{id}"]["get"]["operationId"], "get_proposals_id");
        assert_eq!(
            json["paths"]["/api/v1/proposals"]["post"]["responses"]["201"]["links"]["submit"]["operationId"],
            "post_proposals_id_submit"
        );
        assert!(json["components"]["schemas"]["RegisterRequest"]["allOf"].is_array());
        assert!(json["paths"]["/api/v1/proposals"]["post"]["responses"]["415"].is_object());
    }
}
