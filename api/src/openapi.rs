//! The OpenAPI document, generated from the handlers' annotations.

use serde_json::{Value, json};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

mod constraints;
mod guidelines;
mod headers;
mod links;
mod operations;
mod text;

use constraints::{constrain, constraints};
pub use guidelines::served;
use links::LINKS;
use operations::operation_id;

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
        (name = "organizations", description = "Organisations, invitations, the verification of administrations and their officers"),
        (name = "needs", description = "Needs (fabbisogni) stated and co-signed by administrations, triaged by the hub"),
        (name = "challenges", description = "Calls for proposals sponsored by public administrations"),
        (name = "proposals", description = "Proposals and the funnel: draft, submit, screen, revise, decide"),
        (name = "evaluation", description = "Assignments, conflicts of interest and blind reviews"),
        (name = "catalogue", description = "The PSN service catalogue: promotion, publishing, public search, publiccode.yml"),
        (name = "users", description = "User administration"),
        (name = "webhooks", description = "Webhook endpoints, signed per the Standard Webhooks specification, and their delivery log"),
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
///
/// # Panics
/// When a refinement names a schema, operation or property the document does not have, or the refined
/// document does not read back: a mistake in this file, which the OpenAPI test and `hub openapi` show at
/// once rather than serving a document without the rules.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, api) = crate::app::utoipa_app(actix_web::App::new()).split_for_parts();
    refine(api).unwrap_or_else(|e| panic!("the OpenAPI document's refinements do not apply: {e}"))
}

/// What the annotations cannot say one handler at a time: unique operation ids, the problems every
/// operation of a kind can answer (a malformed body or query, an unsupported media type, an
/// oversized body, an unavailable database), the links between operations that let a client (or a
/// stateful fuzzer) follow create → read → act, and the rule "exactly one of" at registration.
fn refine(api: utoipa::openapi::OpenApi) -> Result<utoipa::openapi::OpenApi, String> {
    let mut doc = serde_json::to_value(&api).map_err(|e| format!("the document does not serialise: {e}"))?;
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            for (method, operation) in item.iter_mut() {
                operation["operationId"] = json!(operation_id(method, path)?);
                common_responses(path, operation);
                guidelines::state_security(method, operation);
                headers::declare(&format!("{} {path}", method.to_uppercase()), operation)?;
            }
        }
    }
    for (from, status, name, to, parameters) in LINKS {
        let (from_method, from_path) = from.split_once(' ').unwrap_or_default();
        let (to_method, to_path) = to.split_once(' ').unwrap_or_default();
        let parameters: serde_json::Map<String, Value> =
            parameters.iter().map(|(name, expression)| ((*name).to_owned(), json!(expression))).collect();
        let response = &mut doc["paths"][from_path][from_method.to_lowercase()]["responses"][status];
        if !response.is_object() {
            return Err(format!("link {name}: no {status} answer of {from}"));
        }
        response["links"][name] = json!({"operationId": operation_id(to_method, to_path)?, "parameters": parameters});
    }
    for (target, constraint) in constraints() {
        constrain(&mut doc, &target, constraint)?;
    }
    // Registration takes exactly one of a new organisation and an invitation.
    {
        let register = doc.pointer_mut("/components/schemas/RegisterRequest").ok_or("no RegisterRequest schema")?;
        let plain = register.take();
        *register = json!({"allOf": [plain, {"oneOf": [
            {"type": "object", "required": ["organization"], "properties": {"invitation_token": {"type": "null"}}},
            {"type": "object", "required": ["invitation_token"], "properties": {"organization": {"type": "null"}}},
        ]}]});
    }
    text::state_the_edge_rules(&mut doc);
    guidelines::identify(&mut doc);
    guidelines::servers(&mut doc);
    guidelines::drop_unused_components(&mut doc);
    serde_json::from_value(doc).map_err(|e| format!("the refined document does not read back: {e}"))
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
    let secured = guidelines::takes_credential(operation);
    // `If-Match`, and whether it is required: an optional one is never 428.
    let if_match = operation["parameters"]
        .as_array()
        .and_then(|parameters| parameters.iter().find(|p| p["in"] == "header" && p["name"] == "If-Match"))
        .map(|p| p["required"] == true);
    // The media types the body may be in, as the 415's description names them.
    let takes = operation["requestBody"]["content"]
        .as_object()
        .map(|content| content.keys().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" or "))
        .unwrap_or_default();
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
    if let Some(required) = if_match {
        add("412", "`If-Match` names no current ETag: read the resource again (`precondition_failed`)");
        if required {
            add("428", "No `If-Match`: send the ETag you last read (`precondition_required`)");
        }
    }
    if has_body {
        add("413", "The body is larger than the limit (`payload_too_large`)");
        // A body of any bytes (a raw upload) has no wrong media type.
        if takes != "`application/octet-stream`" {
            add("415", &format!("The body is not {takes} (`unsupported_media_type`)"));
        }
        add("422", "Invalid fields, named one by one in `errors` (`validation_failed`)");
    }
    if has_query {
        add("422", "Invalid query parameters, named one by one in `errors` (`validation_failed`)");
    }
    if path.starts_with("/api/v1/") || path == "/readyz" || path == "/status" {
        add("503", "The database is unavailable; retry after the `Retry-After` seconds (`service_unavailable`)");
    }
    if let Some(too_many) = operation["responses"].get_mut("429") {
        too_many["headers"] = crate::middleware::too_many_requests_headers();
    }
}

/// The complete document as YAML, as checked in at `openapi.yaml`.
///
/// Keys are in alphabetical order at every level, so that the file is the same at every run (utoipa
/// keeps extensions such as `info.x-api-id` in a hash map, whose order changes from run to run).
///
/// # Errors
/// When serialisation fails.
pub fn yaml() -> anyhow::Result<String> {
    Ok(serde_norway::to_string(&serde_json::to_value(document())?)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_refinements_survive_the_round_trip() {
        let refined = super::document();
        let json = serde_json::to_value(&refined).expect("json");
        assert_eq!(json["paths"]["/api/v1/proposals/{id}"]["get"]["operationId"], "read_proposal");
        assert_eq!(
            json["paths"]["/api/v1/proposals"]["post"]["responses"]["201"]["links"]["submit"]["operationId"],
            "submit_proposal"
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

    /// A refinement that names a place the document does not have stops the build of the document with
    /// that place named, rather than serving the document without its rules.
    #[test]
    fn a_refinement_without_its_target_fails_naming_it() {
        let bare = utoipa::openapi::OpenApiBuilder::new().build();
        let Err(error) = super::refine(bare) else { panic!("a bare document has nothing to refine") };
        assert!(error.contains("POST /api/v1/proposals"), "the first link's operation is named: {error}");
        let mut doc = serde_json::json!({"components": {"schemas": {}}});
        let target = super::constraints::Target::Property("NewOrganizationDto", "ipa_code");
        let error = super::constrain(&mut doc, &target, serde_json::json!({})).expect_err("no such schema");
        assert_eq!(error, "no /components/schemas/NewOrganizationDto/properties/ipa_code in the document");
    }

    /// The rule "an IPA code only for a public administration" is on the organisation schema, so both
    /// `POST /organizations` and registration's new organisation state it.
    #[test]
    fn the_ipa_code_rule_is_stated_wherever_an_organisation_is_created() {
        let json = serde_json::to_value(super::document()).expect("json");
        let organisation = &json["components"]["schemas"]["NewOrganizationDto"];
        let others = &organisation["allOf"][1]["oneOf"][1]["properties"];
        assert_eq!(others["ipa_code"]["type"], "null", "{organisation}");
        assert!(!others["kind"]["enum"].as_array().expect("kinds").contains(&"public_administration".into()));
        let register = &json["components"]["schemas"]["RegisterRequest"]["allOf"][0]["properties"]["organization"];
        assert_eq!(register["oneOf"][0]["$ref"], "#/components/schemas/NewOrganizationDto");
        let create = &json["paths"]["/api/v1/organizations"]["post"]["requestBody"]["content"]["application/json"];
        assert_eq!(create["schema"]["$ref"], "#/components/schemas/NewOrganizationDto");
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
