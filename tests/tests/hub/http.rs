//! HTTP conventions: problem+json for every error (including actix's own), request ids, security
//! headers, health, readiness and metrics.

use hub_tests::{PASSWORD, hub_test};
use serde_json::json;

hub_test!(malformed_oversized_and_mistyped_bodies_are_problems, |app| {
    let url = format!("{}/api/v1/auth/login", app.base);
    let malformed = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .expect("answer");
    hub_tests::TestApp::answer(malformed).await.assert_problem(400, "malformed_json");

    let wrong_type =
        app.client.post(&url).header("content-type", "text/plain").body("hello").send().await.expect("answer");
    hub_tests::TestApp::answer(wrong_type).await.assert_problem(415, "unsupported_media_type");

    let no_type = app.client.post(&url).body("{}").send().await.expect("answer");
    hub_tests::TestApp::answer(no_type).await.assert_problem(415, "unsupported_media_type");

    let huge = format!("{{\"email\": \"{}\", \"password\": \"x\"}}", "a".repeat(2 * 1024 * 1024));
    let too_large =
        app.client.post(&url).header("content-type", "application/json").body(huge).send().await.expect("answer");
    hub_tests::TestApp::answer(too_large).await.assert_problem(413, "payload_too_large");

    let missing = app.post("/api/v1/auth/login", None, json!({"email": "a@b.example"})).await;
    assert_eq!(missing.assert_problem(422, "validation_failed")["errors"][0]["field"], "password");
    let mistyped = app.post("/api/v1/auth/login", None, json!({"email": 42, "password": "x"})).await;
    mistyped.assert_problem(422, "validation_failed");
    let unknown =
        app.post("/api/v1/auth/login", None, json!({"email": "a@b.example", "password": "x", "admin": true})).await;
    assert_eq!(unknown.assert_problem(422, "validation_failed")["errors"][0]["field"], "admin");
});

hub_test!(unknown_routes_and_ids_are_404_problems, |app| {
    app.get("/api/v1/nothing-here", None).await.assert_problem(404, "not_found");
    // Outside the API, an unknown path is a page: the error page, in the pages' design.
    let page = app.get("/nothing", None).await;
    assert_eq!(page.status, 404);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    let id = page.header("x-request-id").expect("a request id").to_owned();
    assert!(
        page.text.contains("<h1 data-error=\"404\">Pagina non trovata</h1>") && page.text.contains(&id),
        "{}",
        page.text
    );
    let admin = app.user_with_roles("root@hub.example", &[domain::Role::Admin], None).await;
    app.get("/api/v1/organizations/not-a-uuid", Some(&admin)).await.assert_problem(404, "not_found");
    app.get(&format!("/api/v1/organizations/{}", uuid::Uuid::now_v7()), Some(&admin))
        .await
        .assert_problem(404, "not_found");
    let roles = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/users/{}/roles", uuid::Uuid::now_v7()),
            Some(&admin),
            json!({"roles": []}),
        )
        .await;
    roles.assert_problem(404, "not_found");
});

hub_test!(a_known_resource_with_another_method_is_405_with_allow, |app| {
    for (method, path, allow) in [
        (reqwest::Method::TRACE, "/api/v1/pillars", "GET, HEAD, OPTIONS"),
        (reqwest::Method::DELETE, "/api/v1/proposals", "GET, HEAD, OPTIONS, POST"),
        (reqwest::Method::PUT, "/api/v1/proposals/0193a7c4-0000-7000-8000-000000000000", "GET, HEAD, OPTIONS, PATCH"),
        (reqwest::Method::POST, "/healthz", "GET, HEAD, OPTIONS"),
        (reqwest::Method::GET, "/api/v1/me/tokens/some-id", "DELETE, OPTIONS"),
    ] {
        let answer = app.request(method.clone(), path, None, serde_json::Value::Null).await;
        answer.assert_problem(405, "method_not_allowed");
        assert_eq!(answer.header("allow"), Some(allow), "{method} {path}");
    }
    // An unknown path stays 404, whatever the method.
    app.request(reqwest::Method::TRACE, "/api/v1/nothing-here", None, serde_json::Value::Null)
        .await
        .assert_problem(404, "not_found");
});

hub_test!(validation_errors_name_every_field, |app| {
    let answer = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "not-an-email", "password": "short", "display_name": "  ", "locale": "fr",
                   "organization": {"name": "X", "kind": "ngo", "tax_code": "12345678901", "ipa_code": "a"}}),
        )
        .await;
    let body = answer.assert_problem(422, "validation_failed");
    let fields: Vec<&str> =
        body["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().unwrap_or("")).collect();
    for field in [
        "email",
        "password",
        "display_name",
        "locale",
        "organization.name",
        "organization.kind",
        "organization.tax_code",
        "organization.ipa_code",
    ] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    assert!(
        body["errors"].as_array().expect("errors").iter().all(|e| e["code"].is_string() && e["message"].is_string())
    );
});

hub_test!(every_response_has_a_request_id_and_security_headers, |app| {
    let ok = app.get("/healthz", None).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body, json!({"status": "ok"}));
    let error = app.get("/api/v1/me", None).await;
    error.assert_problem(401, "unauthenticated");
    assert_eq!(error.header("www-authenticate"), Some("Bearer"));
    for answer in [&ok, &error] {
        let id = answer.header("x-request-id").expect("x-request-id");
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(answer.header("x-frame-options"), Some("DENY"));
        assert_eq!(answer.header("referrer-policy"), Some("no-referrer"));
        assert!(answer.header("content-security-policy").is_some_and(|v| v.contains("frame-ancestors 'none'")));
    }
    assert_eq!(error.header("cache-control"), Some("no-store"));
    assert_ne!(ok.header("x-request-id"), error.header("x-request-id"));
    // A caller's own request id is kept.
    let traced = app
        .client
        .get(format!("{}/healthz", app.base))
        .header("x-request-id", "client-trace-42")
        .send()
        .await
        .expect("answer");
    assert_eq!(traced.headers().get("x-request-id").and_then(|v| v.to_str().ok()), Some("client-trace-42"));
    // CORS is off unless configured.
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, format!("{}/api/v1/auth/login", app.base))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .expect("answer");
    assert!(preflight.headers().get("access-control-allow-origin").is_none());
});

hub_test!(readiness_and_metrics, |app| {
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status, 200, "{}", ready.text);
    // The Italian API guidelines' status: up, as JSON, with the version.
    let status = app.get("/status", None).await;
    assert_eq!(status.status, 200, "{}", status.text);
    assert!(status.header("content-type").is_some_and(|v| v.starts_with("application/json")));
    assert_eq!(status.body["status"], "ok");
    assert_eq!(status.body["version"], env!("CARGO_PKG_VERSION"));
    app.post("/api/v1/auth/login", None, json!({"email": "nobody@x.example", "password": PASSWORD})).await;
    let metrics = app.get("/metrics", None).await;
    assert_eq!(metrics.status, 200);
    assert!(metrics.header("content-type").is_some_and(|v| v.starts_with("text/plain")));
    let text = metrics.text;
    assert!(
        text.contains("hub_http_requests_total{method=\"POST\",route=\"/api/v1/auth/login\",status=\"401\"} 1"),
        "requests by route and status:\n{text}"
    );
    assert!(text.contains("hub_http_request_duration_seconds_bucket"), "latency histogram");
    assert!(text.contains("hub_db_pool_connections{state=\"open\"}"), "pool state");
    let statements: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("hub_db_statements_total "))
        .and_then(|v| v.trim().parse().ok())
        .expect("the statement counter");
    // Scraped after the statements of the login above, and never ahead of the store's own count.
    assert!(statements > 0 && statements <= app.store.sql_statements(), "{statements}");
    assert!(text.contains("hub_outbox_pending"), "outbox depth");
    assert!(text.contains("hub_webhook_deliveries_pending 0"), "webhook deliveries waiting: none in a fresh hub");
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_is_on_only_for_configured_origins() {
    let app =
        hub_tests::TestApp::spawn_with(hub_tests::Backend::Sqlite, &[("HUB_CORS_ORIGINS", "https://portale.example")])
            .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, format!("{}/api/v1/auth/login", app.base))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .send()
    };
    let allowed = preflight("https://portale.example").await.expect("answer");
    assert_eq!(
        allowed.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()),
        Some("https://portale.example")
    );
    let refused = preflight("https://evil.example").await.expect("answer");
    assert!(refused.headers().get("access-control-allow-origin").is_none());
}

mod fields;
mod semantics;

// PATCH bodies are JSON merge patches (RFC 7396), as the document says: `application/merge-patch+json`
// is taken, and so is plain `application/json`; any other type is 415.
hub_test!(patch_takes_a_merge_patch, |app| {
    let token = app.user_with_roles("mia@hub.example", &[domain::Role::Evaluator], None).await;
    let url = format!("{}/api/v1/me", app.base);
    let patch = |content_type: &'static str, name: &'static str| {
        app.client
            .patch(&url)
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(json!({"display_name": name}).to_string())
            .send()
    };
    let merge =
        hub_tests::TestApp::answer(patch("application/merge-patch+json", "Mia Bianchi").await.expect("answer")).await;
    assert_eq!(merge.status, 200, "{}", merge.text);
    assert_eq!(merge.body["display_name"], "Mia Bianchi");
    let plain = hub_tests::TestApp::answer(patch("application/json", "Mia B.").await.expect("answer")).await;
    assert_eq!(plain.body["display_name"], "Mia B.", "{}", plain.text);
    let other = hub_tests::TestApp::answer(patch("text/plain", "Nobody").await.expect("answer")).await;
    other.assert_problem(415, "unsupported_media_type");
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.body["display_name"], "Mia B.");
});
