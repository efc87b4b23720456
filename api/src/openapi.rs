//! The OpenAPI document, generated from the handlers' annotations.

use domain::Pillar;
use serde_json::{Value, json};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

mod text;

use text::{line, lines};

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
    for (target, constraint) in constraints() {
        constrain(&mut doc, &target, constraint);
    }
    // Registration takes exactly one of a new organisation and an invitation.
    if let Some(register) = doc.pointer_mut("/components/schemas/RegisterRequest") {
        let plain = register.take();
        *register = json!({"allOf": [plain, {"oneOf": [
            {"type": "object", "required": ["organization"], "properties": {"invitation_token": {"type": "null"}}},
            {"type": "object", "required": ["invitation_token"], "properties": {"organization": {"type": "null"}}},
        ]}]});
    }
    text::state_the_edge_rules(&mut doc);
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
    let has_path =
        operation["parameters"].as_array().is_some_and(|parameters| parameters.iter().any(|p| p["in"] == "path"));
    let secured = operation.get("security").is_some();
    let conditional = operation["parameters"]
        .as_array()
        .is_some_and(|parameters| parameters.iter().any(|p| p["in"] == "header" && p["name"] == "If-Match"));
    let mut add = |status: &str, description: &str| {
        let responses = &mut operation["responses"];
        if responses.get(status).is_none() {
            responses[status] = problem(description);
        }
    };
    if has_body || has_query || has_path {
        add(
            "400",
            "Malformed request: the body is not JSON (`malformed_json`), the query string does not parse \
             (`malformed_query`), or a path segment, query value or JSON string holds a NUL or another control \
             character (`invalid_characters`)",
        );
    }
    if secured {
        add("401", "Not authenticated");
    }
    if conditional {
        add("412", "`If-Match` names no current ETag: read the resource again (`precondition_failed`)");
        add("428", "No `If-Match`: send the ETag you last read (`precondition_required`)");
    }
    if has_body {
        add("413", "The body is larger than the limit (`payload_too_large`)");
        add("415", "The body is not `application/json` (`unsupported_media_type`)");
        add("422", "Invalid fields, named one by one in `errors` (`validation_failed`)");
    }
    if has_query {
        add("422", "Invalid query parameters, named one by one in `errors` (`validation_failed`)");
    }
    if path.starts_with("/api/v1/") || path == "/readyz" {
        add("503", "The database is unavailable; retry after the `Retry-After` seconds (`service_unavailable`)");
    }
}

/// Where a constraint applies.
enum Target {
    /// A property of a component schema.
    Property(&'static str, &'static str),
    /// The items of an array property of a component schema.
    Items(&'static str, &'static str),
    /// A map property's values, keyed by the four pillars (no other key).
    PillarMap(&'static str, &'static str),
    /// A query parameter of one operation (`GET /api/v1/...`).
    Query(&'static str, &'static str),
    /// The JSON body of one operation: what it requires beyond its schema (fields present and not
    /// null, or a rule between fields).
    Body(&'static str),
}

/// A new organisation: an IPA code only for a public administration.
fn ipa_code_by_kind() -> Value {
    use domain::OrganizationKind::{self as Kind, PublicAdministration as Pa};
    let others: Vec<&str> = Kind::ALL.iter().filter(|k| **k != Pa).map(|k| k.as_str()).collect();
    let kind = |kinds: Value| json!({"type": "string", "enum": kinds});
    json!({"oneOf": [{"type": "object", "properties": {"kind": kind(json!([Pa.as_str()]))}},
        {"type": "object", "properties": {"kind": kind(json!(others)), "ipa_code": {"type": "null"}}}]})
}

fn names<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> Value {
    json!(all.iter().map(|v| name(*v)).collect::<Vec<_>>())
}

/// A body that needs `fields`, none of them null, besides its schema.
fn requires(fields: &[&str]) -> Value {
    let properties: serde_json::Map<String, Value> = fields
        .iter()
        // Present, not null, and (when text) more than whitespace.
        .map(|f| {
            let schema =
                json!({"type": ["string", "number", "boolean", "object", "array"], "minLength": 1, "pattern": "\\S"});
            ((*f).to_owned(), schema)
        })
        .collect();
    json!({"type": "object", "required": fields, "properties": properties})
}

/// The closed sets and rules the domain enforces, stated in the document so that clients (and the
/// fuzzer) know them without trying.
fn constraints() -> Vec<(Target, Value)> {
    use domain::{
        ChallengeState, DevelopmentStatus, OrganizationKind, Pillar, ProposalState, Role, Scope, ServiceModel,
        ServiceState, review::ReviewState,
    };
    let locales = json!({"enum": ["it", "en"]});
    let pillars = names(&Pillar::ALL, Pillar::key);
    let tags = json!({"maxItems": domain::challenge::TAGS_MAX});
    let features = json!({"maxItems": domain::catalogue::FEATURES_MAX});
    vec![
        // Names and titles: one line, no format characters.
        (Target::Property("RegisterRequest", "display_name"), line(100)),
        (Target::Property("ProfileUpdate", "display_name"), line(100)),
        (Target::Property("NewOrganizationDto", "name"), line(200)),
        (Target::Property("NewTokenRequest", "name"), line(100)),
        (Target::Property("ProposalRequest", "title"), line(200)),
        (Target::Property("ChallengeRequest", "title_it"), line(200)),
        (Target::Property("ChallengeRequest", "title_en"), line(200)),
        (Target::Property("ServiceRequest", "name"), line(200)),
        // Every array a request brings is bounded.
        (Target::Property("ProposalRequest", "team"), json!({"maxItems": domain::proposal::TEAM_MAX})),
        (Target::Property("ProposalRequest", "tags"), tags.clone()),
        (Target::Property("ChallengeRequest", "tags"), tags.clone()),
        (Target::Property("ServiceRequest", "tags"), tags.clone()),
        (Target::Property("ServiceRequest", "platforms"), tags),
        (Target::Property("ServiceRequest", "features_it"), features.clone()),
        (Target::Property("ServiceRequest", "features_en"), features),
        (Target::Property("ServiceRequest", "contacts"), json!({"maxItems": domain::catalogue::CONTACTS_MAX})),
        (Target::Property("RolesRequest", "roles"), json!({"maxItems": Role::ALL.len()})),
        (Target::Property("ServiceRequest", "short_description_it"), line(domain::catalogue::SHORT_DESCRIPTION_MAX)),
        (Target::Property("ServiceRequest", "short_description_en"), line(domain::catalogue::SHORT_DESCRIPTION_MAX)),
        (Target::Property("ServiceRequest", "long_description_it"), lines(domain::catalogue::LONG_DESCRIPTION.1)),
        (Target::Property("ServiceRequest", "long_description_en"), lines(domain::catalogue::LONG_DESCRIPTION.1)),
        (Target::Property("ScreenRequest", "reason"), lines(domain::proposal::NOTE_MAX)),
        (Target::Property("DecisionRequest", "rationale"), lines(domain::proposal::NOTE_MAX)),
        (Target::Property("ProposalRequest", "summary"), lines(500)),
        (Target::Property("ProposalRequest", "description"), lines(50_000)),
        (Target::Property("RegisterRequest", "locale"), locales.clone()),
        (Target::Property("InvitationRequest", "locale"), locales.clone()),
        (Target::Property("ProfileUpdate", "locale"), locales),
        (
            Target::Property("NewOrganizationDto", "kind"),
            json!({"enum": names(&OrganizationKind::ALL, OrganizationKind::as_str)}),
        ),
        (Target::Property("NewOrganizationDto", "ipa_code"), json!({"pattern": "^[A-Za-z0-9_]{2,20}$"})),
        // Only a public administration has an IPA code (`not_an_administration`).
        (Target::Body("POST /api/v1/organizations"), ipa_code_by_kind()),
        (Target::Items("NewTokenRequest", "scopes"), json!({"enum": names(&Scope::ALL, Scope::as_str)})),
        (Target::Property("NewTokenRequest", "scopes"), json!({"minItems": 1, "maxItems": Scope::ALL.len()})),
        (Target::Items("RolesRequest", "roles"), json!({"enum": names(&Role::ALL, Role::as_str)})),
        (Target::Property("NoteRequest", "note"), lines(domain::proposal::NOTE_MAX)),
        (Target::Property("ReasonRequest", "reason"), lines(domain::review::DECLINE_REASON_MAX)),
        (Target::Property("ReviewRequest", "recommendation"), json!({"enum": ["accept", "reject", "revise"]})),
        (
            Target::PillarMap("ReviewRequest", "scores"),
            json!({"type": ["number", "null"], "minimum": 0, "maximum": 5, "multipleOf": 0.5}),
        ),
        (Target::PillarMap("ReviewRequest", "comments"), json!({"type": "string"})),
        (Target::PillarMap("EvaluationRequest", "weights"), json!({"type": "integer", "minimum": 0, "maximum": 100})),
        (
            Target::PillarMap("EvaluationRequest", "thresholds"),
            json!({"type": "number", "minimum": 0, "maximum": 5, "multipleOf": 0.5}),
        ),
        (Target::PillarMap("ProposalRequest", "self_assessment"), json!({"type": ["string", "null"]})),
        (
            Target::Property("ServiceRequest", "service_model"),
            json!({"enum": names(ServiceModel::ALL, ServiceModel::as_str)}),
        ),
        (
            Target::Property("ServiceRequest", "development_status"),
            json!({"enum": names(DevelopmentStatus::ALL, DevelopmentStatus::as_str)}),
        ),
        (
            Target::Query("GET /api/v1/proposals", "state"),
            json!({"enum": names(&ProposalState::ALL, ProposalState::as_str)}),
        ),
        (
            Target::Query("GET /api/v1/challenges", "state"),
            json!({"enum": names(&ChallengeState::ALL, ChallengeState::as_str)}),
        ),
        (
            Target::Query("GET /api/v1/catalogue/services", "state"),
            json!({"enum": names(ServiceState::ALL, ServiceState::as_str)}),
        ),
        (
            Target::Query("GET /api/v1/catalogue/services", "service_model"),
            json!({"enum": names(ServiceModel::ALL, ServiceModel::as_str)}),
        ),
        (Target::Query("GET /api/v1/catalogue/services", "pillar"), json!({"enum": pillars})),
        (Target::Query("GET /api/v1/catalogue/services", "sort"), json!({"enum": ["name", "newest", "score"]})),
        (
            Target::Query("GET /api/v1/catalogue/services", "min_score"),
            json!({"minimum": 0, "maximum": 5, "multipleOf": 0.5}),
        ),
        (
            Target::Query("GET /api/v1/organizations", "kind"),
            json!({"enum": names(&OrganizationKind::ALL, OrganizationKind::as_str)}),
        ),
        (Target::Query("GET /api/v1/users", "role"), json!({"enum": names(&Role::ALL, Role::as_str)})),
        (Target::Query("GET /api/v1/reviews", "state"), json!({"enum": names(&ReviewState::ALL, ReviewState::as_str)})),
        (Target::Query("GET /api/v1/admin/outbox", "status"), json!({"enum": ["pending", "sent", "dead"]})),
        (Target::Body("POST /api/v1/proposals"), requires(&["challenge_id", "title"])),
        (
            Target::Body("POST /api/v1/challenges"),
            requires(&["slug", "title_it", "description_it", "sponsor_id", "opens_at"]),
        ),
        (
            Target::Body("POST /api/v1/catalogue/services"),
            requires(&["slug", "name", "short_description_it", "long_description_it", "provider_id"]),
        ),
        (Target::Body("POST /api/v1/catalogue/services/{slug}/deprecate"), requires(&["reason"])),
        (Target::Body("POST /api/v1/reviews/{id}/decline"), requires(&["reason"])),
        (Target::Body("POST /api/v1/proposals/{id}/request-revision"), requires(&["note"])),
        (
            Target::Body("POST /api/v1/proposals/{id}/screen"),
            json!({"oneOf": [
                {"type": "object", "properties": {"eligible": {"type": "boolean", "enum": [true]}}},
                {"type": "object", "required": ["reason"], "properties": {"eligible": {"type": "boolean", "enum": [false]}, "reason": {"type": "string", "minLength": 1}}},
            ]}),
        ),
    ]
}

/// Merges `constraint` into the schema `target` names; an `enum` keeps `null` where the schema
/// allows it.
fn constrain(doc: &mut Value, target: &Target, constraint: Value) {
    fn merge(schema: &mut Value, constraint: &Value) {
        let nullable = schema["type"].as_array().is_some_and(|t| t.iter().any(|t| t == "null"))
            || schema["oneOf"].as_array().is_some_and(|o| o.iter().any(|s| s["type"] == "null"));
        if let (Some(schema), Some(constraint)) = (schema.as_object_mut(), constraint.as_object()) {
            for (key, value) in constraint {
                let mut value = value.clone();
                if key == "enum"
                    && nullable
                    && let Some(values) = value.as_array_mut()
                {
                    values.push(Value::Null);
                }
                schema.insert(key.clone(), value);
            }
        }
    }
    match target {
        Target::Property(schema, property) => {
            if let Some(s) = doc.pointer_mut(&format!("/components/schemas/{schema}/properties/{property}")) {
                merge(s, &constraint);
            }
        }
        Target::Items(schema, property) => {
            if let Some(s) = doc.pointer_mut(&format!("/components/schemas/{schema}/properties/{property}/items")) {
                merge(s, &constraint);
            }
        }
        Target::PillarMap(schema, property) => {
            if let Some(s) = doc.pointer_mut(&format!("/components/schemas/{schema}/properties/{property}")) {
                let properties: serde_json::Map<String, Value> =
                    Pillar::ALL.iter().map(|p| (p.key().to_owned(), constraint.clone())).collect();
                let nullable = s["type"].as_array().is_some_and(|t| t.iter().any(|t| t == "null"));
                let description = s.get("description").cloned();
                let example = s.get("example").cloned();
                *s = json!({"type": if nullable { json!(["object", "null"]) } else { json!("object") },
                            "properties": properties, "additionalProperties": false});
                if let Some(d) = description {
                    s["description"] = d;
                }
                if let Some(e) = example {
                    s["example"] = e;
                }
            }
        }
        Target::Query(at, name) => {
            let Some((method, path)) = at.split_once(' ') else { return };
            let pointer =
                format!("/paths/{}/{}/parameters", path.replace('~', "~0").replace('/', "~1"), method.to_lowercase());
            if let Some(parameters) = doc.pointer_mut(&pointer).and_then(Value::as_array_mut) {
                for parameter in parameters.iter_mut().filter(|p| p["name"] == *name && p["in"] == "query") {
                    merge(&mut parameter["schema"], &constraint);
                }
            }
        }
        Target::Body(at) => {
            let Some((method, path)) = at.split_once(' ') else { return };
            let pointer = format!(
                "/paths/{}/{}/requestBody/content/application~1json/schema",
                path.replace('~', "~0").replace('/', "~1"),
                method.to_lowercase()
            );
            if let Some(schema) = doc.pointer_mut(&pointer) {
                let plain = schema.take();
                *schema = json!({"allOf": [plain, constraint]});
            }
        }
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
        // Every constraint of the table reads back, down to the last one.
        let screen = &json["paths"]["/api/v1/proposals/{id}/screen"]["post"]["requestBody"]["content"]["application/json"]
            ["schema"];
        assert_eq!(screen["allOf"][1]["oneOf"][1]["required"], serde_json::json!(["reason"]));
        let scores = &json["components"]["schemas"]["ReviewRequest"]["properties"]["scores"];
        assert_eq!(scores["properties"]["talent_skills"]["multipleOf"], 0.5);
        assert_eq!(scores["additionalProperties"], false);
        let note = &json["components"]["schemas"]["NoteRequest"]["properties"]["note"];
        assert_eq!(note["maxLength"], 4000);
        assert_eq!(note["pattern"], super::text::multiline_text().as_str());
    }

    /// Every array a request body brings states its bound.
    #[test]
    fn every_request_array_has_max_items() {
        let json = serde_json::to_value(super::document()).expect("json");
        let schemas = json["components"]["schemas"].as_object().expect("schemas");
        let mut seen = 0;
        for (name, schema) in
            schemas.iter().filter(|(name, _)| name.ends_with("Request") || *name == "NewOrganizationDto")
        {
            let parts: Vec<&serde_json::Value> =
                std::iter::once(schema).chain(schema["allOf"].as_array().into_iter().flatten()).collect();
            for part in parts {
                for (property, value) in part["properties"].as_object().into_iter().flatten() {
                    let is_array = value["type"] == "array"
                        || value["type"].as_array().is_some_and(|t| t.iter().any(|t| t == "array"));
                    if is_array {
                        seen += 1;
                        assert!(value["maxItems"].is_u64(), "{name}.{property} has no maxItems: {value}");
                    }
                }
            }
        }
        assert!(seen >= 10, "the check saw the arrays ({seen})");
    }
}
