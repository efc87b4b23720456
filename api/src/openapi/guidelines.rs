//! What the Italian API guidelines (AgID's checker, profile *Italian Guidelines Full*) ask of the
//! document as a whole: the API's identity and contacts, its servers, security stated on every
//! operation, and no component that nothing uses.

use std::collections::BTreeSet;

use serde_json::{Value, json};

/// The API's identity: a stable id across versions and hosts.
const API_ID: &str = "urn:x-psn:innovation-hub:api";

/// The API's identity, contacts and terms (`x-summary`, `x-api-id`, `contact`, `termsOfService`).
pub(super) fn identify(doc: &mut Value) {
    let info = &mut doc["info"];
    let summary = "Proposals to Italian public administrations, evaluated against four pillars and promoted into \
                   the PSN service catalogue";
    info["summary"] = json!(summary);
    info["x-summary"] = json!(summary);
    info["x-api-id"] = json!(API_ID);
    info["contact"] =
        json!({"name": "Innovation Hub — Polo Strategico Nazionale", "url": "https://www.polostrategiconazionale.it/"});
    // Each hub serves its own terms: the served document names them at the hub's address ([`served`]).
    info["termsOfService"] = json!(format!("https://{TEMPLATE_HOST}/terms"));
}

/// The host of the checked-in document, a template (a reserved name, RFC 6761): each hub serves the
/// document with its own address instead.
const TEMPLATE_HOST: &str = "hub.example";

/// The servers: a deployment over HTTPS, whose host each deployment names. The served document names
/// the hub that serves it instead ([`served`]).
pub(super) fn servers(doc: &mut Value) {
    doc["servers"] = json!([{
        "url": "https://{host}",
        "description": "A deployment of the hub, over HTTPS (production)",
        "variables": {"host": {"default": TEMPLATE_HOST, "description": "The host name (and port) of the deployment"}},
    }]);
}

/// The document as one hub serves it: its only server is that hub, marked a sandbox when it is not
/// served over HTTPS (a demo or a development machine), so that Swagger UI's "Try it out" calls it;
/// its terms of service are that hub's.
#[must_use]
pub fn served(document: &[u8], public_url: &url::Url) -> Vec<u8> {
    let Ok(mut doc) = serde_json::from_slice::<Value>(document) else { return document.to_vec() };
    let url = public_url.as_str().trim_end_matches('/');
    let sandbox = public_url.scheme() != "https";
    let description = if sandbox { "This hub (not over HTTPS: a sandbox)" } else { "This hub" };
    doc["servers"] = json!([{"url": url, "description": description, "x-sandbox": sandbox}]);
    doc["info"]["termsOfService"] = json!(format!("{url}/terms"));
    serde_json::to_vec(&doc).unwrap_or_else(|_| document.to_vec())
}

/// Every operation that changes state says its security: the ones whose annotations name none need no
/// credential (`[{}]`, an explicit empty requirement, as the guidelines ask of unsafe methods). Reads
/// without a credential say nothing, so that a generated client calls them without a token.
pub(super) fn state_security(method: &str, operation: &mut Value) {
    let unsafe_method = matches!(method, "post" | "put" | "patch" | "delete");
    if unsafe_method && operation.get("security").is_none() {
        operation["security"] = json!([{}]);
    }
}

/// Whether an operation takes a credential (a non-empty requirement among its alternatives).
pub(super) fn takes_credential(operation: &Value) -> bool {
    operation["security"].as_array().is_some_and(|s| s.iter().any(|r| r.as_object().is_some_and(|r| !r.is_empty())))
}

/// Removes the component schemas that no path uses, directly or through other components.
pub(super) fn drop_unused_components(doc: &mut Value) {
    let mut used = BTreeSet::new();
    let mut pending: Vec<String> = Vec::new();
    references(&doc["paths"], &mut pending);
    while let Some(name) = pending.pop() {
        if used.insert(name.clone()) {
            references(&doc["components"]["schemas"][&name], &mut pending);
        }
    }
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        schemas.retain(|name, _| used.contains(name));
    }
}

/// The component schemas `value` refers to.
fn references(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value.as_str()) {
                    ("$ref", Some(target)) => {
                        if let Some(name) = target.strip_prefix("#/components/schemas/") {
                            into.push(name.to_owned());
                        }
                    }
                    _ => references(value, into),
                }
            }
        }
        Value::Array(values) => values.iter().for_each(|v| references(v, into)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn a_component_nothing_uses_goes_and_one_used_through_another_stays() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}}}}},
            "components": {"schemas": {
                "Page": {"properties": {"items": {"items": {"$ref": "#/components/schemas/Item"}}}},
                "Item": {"type": "object"},
                "Orphan": {"type": "object"},
            }},
        });
        super::drop_unused_components(&mut doc);
        let names: Vec<&String> = doc["components"]["schemas"].as_object().expect("schemas").keys().collect();
        assert_eq!(names, ["Item", "Page"]);
    }

    #[test]
    fn the_served_document_names_the_hub_that_serves_it() {
        let doc = br#"{"openapi":"3.1.0","servers":[{"url":"https://{host}"}]}"#;
        let demo = super::served(doc, &url::Url::parse("http://127.0.0.1:8080/").expect("url"));
        let demo: serde_json::Value = serde_json::from_slice(&demo).expect("json");
        assert_eq!(
            demo["servers"],
            json!([{"url": "http://127.0.0.1:8080", "description": "This hub (not over HTTPS: a sandbox)", "x-sandbox": true}])
        );
        let production = super::served(doc, &url::Url::parse("https://hub.example.it").expect("url"));
        let production: serde_json::Value = serde_json::from_slice(&production).expect("json");
        assert_eq!(production["servers"][0]["url"], "https://hub.example.it");
        assert_eq!(production["servers"][0]["x-sandbox"], false);
        assert_eq!(production["info"]["termsOfService"], "https://hub.example.it/terms");
    }
}
