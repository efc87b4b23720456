//! The OpenAPI document is generated from the code and checked in: this test fails when they differ.
//! `UPDATE_OPENAPI=1 cargo test -p hub-tests --test hub openapi` rewrites `openapi.yaml`.

use std::path::PathBuf;

use hub_tests::{Backend, TestApp};

#[test]
fn openapi_yaml_matches_the_code() {
    let generated = api::openapi::yaml().expect("the document renders");
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi.yaml");
    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write openapi.yaml");
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "openapi.yaml is out of date: run `UPDATE_OPENAPI=1 cargo test -p hub-tests --test hub openapi` and commit it"
    );
}

#[test]
fn the_server_embeds_the_generated_document() {
    let generated = serde_json::to_value(api::openapi::document()).expect("json");
    let embedded: serde_json::Value = serde_json::from_slice(api::app::OPENAPI_JSON).expect("embedded JSON");
    assert!(
        embedded == generated,
        "the embedded document is openapi.yaml as last built: run `UPDATE_OPENAPI=1 cargo test -p hub-tests --test \
         hub openapi`, then the tests again"
    );
    let routes = api::app::RouteTable::of_json(api::app::OPENAPI_JSON).expect("paths");
    assert_eq!(routes, api::app::RouteTable::of(&api::openapi::document()), "the same routes and methods");
    assert_eq!(routes.methods("/api/v1/proposals/{id}").map(<[String]>::len), Some(2), "GET and PATCH");
}

#[test]
fn the_document_describes_every_route_and_its_problems() {
    let doc: serde_json::Value = serde_json::to_value(api::openapi::document()).expect("json");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "OpenAPI 3.1");
    let paths = doc["paths"].as_object().expect("paths");
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/verify-email",
        "/api/v1/auth/verify-email/resend",
        "/api/v1/auth/password-reset",
        "/api/v1/auth/password-reset/confirm",
        "/api/v1/me",
        "/api/v1/me/tokens",
        "/api/v1/me/tokens/{id}",
        "/api/v1/organizations",
        "/api/v1/organizations/{id}",
        "/api/v1/organizations/{id}/invitations",
        "/api/v1/me/export",
        "/api/v1/me/password",
        "/api/v1/users",
        "/api/v1/users/{id}/roles",
        "/api/v1/admin/outbox",
        "/api/v1/audit",
        "/api/v1/challenges",
        "/api/v1/challenges/{id}",
        "/api/v1/challenges/{id}/open",
        "/api/v1/challenges/{id}/close",
        "/api/v1/challenges/{id}/archive",
        "/api/v1/proposals",
        "/api/v1/proposals/{id}",
        "/api/v1/proposals/{id}/history",
        "/api/v1/proposals/{id}/versions/{version}",
        "/api/v1/proposals/{id}/submit",
        "/api/v1/proposals/{id}/withdraw",
        "/api/v1/proposals/{id}/screen",
        "/api/v1/proposals/{id}/request-revision",
        "/api/v1/proposals/{id}/resubmit",
        "/api/v1/proposals/{id}/assignments",
        "/api/v1/proposals/{id}/assignments/{assignment_id}",
        "/api/v1/proposals/{id}/reviews",
        "/api/v1/reviews",
        "/api/v1/reviews/{id}",
        "/api/v1/reviews/{id}/submit",
        "/api/v1/reviews/{id}/decline",
        "/api/v1/reviews/{id}/confirm-no-conflict",
        "/api/v1/pillars",
        "/api/v1/challenges/{id}/ranking",
        "/api/v1/challenges/{id}/auto-assign",
        "/api/v1/proposals/{id}/decide",
        "/api/v1/proposals/{id}/feedback",
        "/api/v1/proposals/{id}/promote",
        "/api/v1/catalogue/services",
        "/api/v1/catalogue/services/{slug}",
        "/api/v1/catalogue/services/{slug}/publiccode.yml",
        "/api/v1/catalogue/services/{slug}/history",
        "/api/v1/catalogue/services/{slug}/publish",
        "/api/v1/catalogue/services/{slug}/deprecate",
        "/api/v1/catalogue/services/{slug}/retire",
        "/healthz",
        "/readyz",
        "/status",
        "/metrics",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    // Every authenticated operation documents its 401 as problem+json.
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("path item") {
            let credential = operation["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.as_object().is_some_and(|r| !r.is_empty())));
            if credential {
                let unauthorized = &operation["responses"]["401"]["content"]["application/problem+json"];
                assert!(unauthorized.is_object(), "{method} {path} documents 401 problem+json");
            }
        }
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_document_and_the_docs_page() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let served = app.get("/api/openapi.json", None).await;
    assert_eq!(served.status, 200);
    // The generated document, but for its server and terms: this hub's own.
    let mut expected = serde_json::to_value(api::openapi::document()).expect("json");
    let public = app.settings.public_url.as_str().trim_end_matches('/').to_owned();
    expected["servers"] =
        serde_json::json!([{"url": public, "description": "This hub (not over HTTPS: a sandbox)", "x-sandbox": true}]);
    expected["info"]["termsOfService"] = serde_json::json!(format!("{public}/terms"));
    assert_eq!(served.body, expected);
    let terms = app.client.get(format!("{}/terms", app.base)).send().await.expect("answer");
    assert_eq!(terms.status().as_u16(), 200, "the terms the document names are served");

    let redirect = app.client.get(format!("{}/docs", app.base)).send().await.expect("answer");
    assert_eq!(redirect.status().as_u16(), 200, "the redirect to /docs/ is followed");
    let page = app.client.get(format!("{}/docs/", app.base)).send().await.expect("answer");
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("swagger-ui"), "Swagger UI is served from the binary");
    let initializer = app.get("/docs/swagger-initializer.js", None).await;
    assert_eq!(initializer.status, 200);
    assert!(initializer.text.contains("/api/openapi.json"), "{}", initializer.text);
    assert!(!initializer.text.contains("https://"), "nothing is loaded from elsewhere: {}", initializer.text);
}
