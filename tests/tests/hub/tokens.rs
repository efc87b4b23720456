//! Personal access tokens end to end: created with a secret shown once, listed without it, scoped,
//! never beyond the owner's roles, unable to manage credentials, revocable, expiring.

use domain::Role;
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

const TOKENS: &str = "/api/v1/me/tokens";

/// Creates a token with `body` as the session `session`; asserts 201 and returns the answer's body.
async fn create(app: &TestApp, session: &str, body: Value) -> Value {
    let answer = app.post(TOKENS, Some(session), body).await;
    assert_eq!(answer.status, 201, "create a token: {}", answer.text);
    answer.body
}

/// The secret of a new token with `scopes`.
async fn new_pat(app: &TestApp, session: &str, name: &str, scopes: &[&str]) -> String {
    let created = create(app, session, json!({"name": name, "scopes": scopes})).await;
    created["secret"].as_str().expect("secret").to_owned()
}

async fn delete(app: &TestApp, path: &str, token: &str) -> Answer {
    app.request(Method::DELETE, path, Some(token), Value::Null).await
}

fn time(value: &Value) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(value.as_str().expect("a timestamp")).expect("RFC 3339")
}

hub_test!(a_token_is_shown_once_listed_without_its_secret_and_authenticates, |app| {
    app.register("script@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let session = app.token("script@aurora.example").await;
    assert_eq!(app.get(TOKENS, Some(&session)).await.body, json!({"items": []}));

    let created = create(
        &app,
        &session,
        json!({"name": "scoring script", "scopes": ["reviews:write", "proposals:read", "reviews:write"]}),
    )
    .await;
    let secret = created["secret"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with("hubpat_"), "{secret}");
    assert!(secret.len() > "hubpat_".len() + 32, "{secret}");
    let id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(created["name"], "scoring script");
    assert_eq!(created["scopes"], json!(["proposals:read", "reviews:write"]), "deduplicated, stable order");
    assert_eq!(created["last_used_at"], Value::Null);
    assert_eq!(created["revoked_at"], Value::Null);
    let lifetime = time(&created["expires_at"]) - time(&created["created_at"]);
    assert_eq!(lifetime, chrono::Duration::days(90), "the default lifetime");

    // Listed, newest first, never with the secret.
    let other = create(&app, &session, json!({"name": "second", "scopes": ["admin"], "expires_in_days": 7})).await;
    let listed = app.get(TOKENS, Some(&session)).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let items = listed.body["items"].as_array().expect("a list");
    assert_eq!(items.len(), 2, "{}", listed.text);
    assert_eq!(items[0]["id"], other["id"]);
    assert_eq!(items[1]["id"], id.as_str());
    assert_eq!(items[1]["name"], "scoring script");
    assert_eq!(items[1]["scopes"], json!(["proposals:read", "reviews:write"]));
    assert_eq!(time(&items[0]["expires_at"]) - time(&items[0]["created_at"]), chrono::Duration::days(7));
    for item in items {
        assert!(item.get("secret").is_none(), "no secret in {item}");
    }
    assert!(!listed.text.contains(&secret), "the secret is not in the list");
    assert!(!listed.text.contains(other["secret"].as_str().expect("secret")), "the secret is not in the list");

    // The token authenticates as its owner.
    let me = app.get("/api/v1/me", Some(&secret)).await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert_eq!(me.body["email"], "script@aurora.example");

    // A made-up token with the prefix is refused.
    app.get("/api/v1/me", Some("hubpat_made-up")).await.assert_problem(401, "unauthenticated");
    let mut altered = secret.clone();
    altered.push('x');
    app.get("/api/v1/me", Some(&altered)).await.assert_problem(401, "unauthenticated");
});

hub_test!(a_token_cannot_manage_tokens, |app| {
    app.register("pat@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let session = app.token("pat@aurora.example").await;
    let secret = new_pat(
        &app,
        &session,
        "all scopes",
        &["proposals:read", "proposals:write", "reviews:read", "reviews:write", "catalogue:write", "admin"],
    )
    .await;
    let listed = app.get(TOKENS, Some(&session)).await;
    let id = listed.body["items"][0]["id"].as_str().expect("id").to_owned();

    app.get(TOKENS, Some(&secret)).await.assert_problem(403, "forbidden");
    app.post(TOKENS, Some(&secret), json!({"name": "child", "scopes": ["proposals:read"]}))
        .await
        .assert_problem(403, "forbidden");
    delete(&app, &format!("{TOKENS}/{id}"), &secret).await.assert_problem(403, "forbidden");

    // Nothing was created or revoked by those attempts.
    let after = app.get(TOKENS, Some(&session)).await;
    assert_eq!(after.body["items"].as_array().map(Vec::len), Some(1), "{}", after.text);
    assert_eq!(after.body["items"][0]["revoked_at"], Value::Null);
    assert_eq!(app.get("/api/v1/me", Some(&secret)).await.status, 200);
});

hub_test!(scopes_limit_a_token_and_never_exceed_the_roles, |app| {
    let admin = app.user_with_roles("admin@hub.example", &[Role::Admin], None).await;
    assert_eq!(app.get("/api/v1/users", Some(&admin)).await.status, 200, "the admin's session");

    let without = new_pat(&app, &admin, "read only", &["proposals:read", "reviews:read"]).await;
    app.get("/api/v1/users", Some(&without)).await.assert_problem(403, "forbidden");
    let with = new_pat(&app, &admin, "operator script", &["admin"]).await;
    let users = app.get("/api/v1/users", Some(&with)).await;
    assert_eq!(users.status, 200, "{}", users.text);
    let emails: Vec<&str> =
        users.body["items"].as_array().expect("items").iter().filter_map(|u| u["email"].as_str()).collect();
    assert!(emails.contains(&"admin@hub.example"), "{}", users.text);

    // A proposer may hold a token naming `admin`, but it gives nothing the roles do not.
    app.register("proposer@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let proposer = app.token("proposer@aurora.example").await;
    let pretender = new_pat(&app, &proposer, "pretender", &["admin"]).await;
    assert_eq!(app.get("/api/v1/me", Some(&pretender)).await.status, 200);
    app.get("/api/v1/users", Some(&pretender)).await.assert_problem(403, "forbidden");
    app.get("/api/v1/users", Some(&proposer)).await.assert_problem(403, "forbidden");
});

hub_test!(invalid_token_requests_are_refused_with_the_field, |app| {
    app.register("fields@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let session = app.token("fields@aurora.example").await;

    let unknown = app.post(TOKENS, Some(&session), json!({"name": "x", "scopes": ["root"]})).await;
    let body = unknown.assert_problem(422, "validation_failed");
    assert_eq!(body["errors"][0]["field"], "scopes[0]", "{}", unknown.text);
    assert_eq!(body["errors"][0]["code"], "unknown_scope", "{}", unknown.text);
    let second = app.post(TOKENS, Some(&session), json!({"name": "x", "scopes": ["proposals:read", "Admin"]})).await;
    assert_eq!(second.assert_problem(422, "validation_failed")["errors"][0]["field"], "scopes[1]");

    let empty = app.post(TOKENS, Some(&session), json!({"name": "x", "scopes": []})).await;
    assert_eq!(empty.assert_problem(422, "validation_failed")["errors"][0]["field"], "scopes", "{}", empty.text);

    for days in [0, 366] {
        let out =
            app.post(TOKENS, Some(&session), json!({"name": "x", "scopes": ["admin"], "expires_in_days": days})).await;
        assert_eq!(
            out.assert_problem(422, "validation_failed")["errors"][0]["field"],
            "expires_in_days",
            "{days} days: {}",
            out.text
        );
    }
    let blank = app.post(TOKENS, Some(&session), json!({"name": "   ", "scopes": ["admin"]})).await;
    assert_eq!(blank.assert_problem(422, "validation_failed")["errors"][0]["field"], "name", "{}", blank.text);

    // Every field at once: each is named.
    let all = app.post(TOKENS, Some(&session), json!({"name": "", "scopes": ["nope"], "expires_in_days": 0})).await;
    let fields: Vec<&str> = all.assert_problem(422, "validation_failed")["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    for field in ["name", "scopes[0]", "expires_in_days"] {
        assert!(fields.contains(&field), "{field} in {}", all.text);
    }

    // Nothing was created; the boundaries 1 and 365 are accepted.
    assert_eq!(app.get(TOKENS, Some(&session)).await.body, json!({"items": []}));
    create(&app, &session, json!({"name": "one day", "scopes": ["admin"], "expires_in_days": 1})).await;
    create(&app, &session, json!({"name": "one year", "scopes": ["admin"], "expires_in_days": 365})).await;
    assert_eq!(app.get(TOKENS, Some(&session)).await.body["items"].as_array().map(Vec::len), Some(2));
});

hub_test!(a_revoked_token_stops_working_and_others_tokens_are_not_found, |app| {
    app.register("owner@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let session = app.token("owner@aurora.example").await;
    let created = create(&app, &session, json!({"name": "to revoke", "scopes": ["proposals:read"]})).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let secret = created["secret"].as_str().expect("secret").to_owned();
    let kept = new_pat(&app, &session, "kept", &["proposals:read"]).await;
    assert_eq!(app.get("/api/v1/me", Some(&secret)).await.status, 200);

    // Another user cannot revoke it, nor learn that it exists.
    app.register("other@nuvola.example", "Nuvola Sicura S.r.l.", "07390162480").await;
    let stranger = app.token("other@nuvola.example").await;
    delete(&app, &format!("{TOKENS}/{id}"), &stranger).await.assert_problem(404, "not_found");
    delete(&app, &format!("{TOKENS}/not-a-token"), &session).await.assert_problem(404, "not_found");
    assert_eq!(app.get("/api/v1/me", Some(&secret)).await.status, 200, "still live");
    assert_eq!(app.get(TOKENS, Some(&stranger)).await.body, json!({"items": []}), "not in the stranger's list");

    let revoked = delete(&app, &format!("{TOKENS}/{id}"), &session).await;
    assert_eq!(revoked.status, 204, "{}", revoked.text);
    app.get("/api/v1/me", Some(&secret)).await.assert_problem(401, "unauthenticated");

    // Listed as revoked; the other token is untouched.
    let listed = app.get(TOKENS, Some(&session)).await;
    let entry =
        listed.body["items"].as_array().expect("list").iter().find(|t| t["id"] == id.as_str()).expect("still listed");
    assert!(entry["revoked_at"].is_string(), "{}", listed.text);
    assert_eq!(app.get("/api/v1/me", Some(&kept)).await.status, 200);
});

hub_test!(a_token_expires, |app| {
    app.register("expiry@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let session = app.token("expiry@aurora.example").await;
    let short = create(&app, &session, json!({"name": "short", "scopes": ["proposals:read"], "expires_in_days": 1}))
        .await["secret"]
        .as_str()
        .expect("secret")
        .to_owned();
    let long = new_pat(&app, &session, "long", &["proposals:read"]).await;
    assert_eq!(app.get("/api/v1/me", Some(&short)).await.status, 200);

    app.clock.advance(chrono::Duration::hours(23));
    assert_eq!(app.get("/api/v1/me", Some(&short)).await.status, 200, "still valid before a day");

    app.clock.advance(chrono::Duration::hours(2));
    app.get("/api/v1/me", Some(&short)).await.assert_problem(401, "unauthenticated");
    assert_eq!(app.get("/api/v1/me", Some(&long)).await.status, 200, "the 90-day token lives on");

    app.clock.advance(chrono::Duration::days(90));
    app.get("/api/v1/me", Some(&long)).await.assert_problem(401, "unauthenticated");
});

hub_test!(last_used_at_is_recorded, |app| {
    app.register("usage@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let session = app.token("usage@aurora.example").await;
    let secret = new_pat(&app, &session, "usage", &["proposals:read"]).await;
    let unused = app.get(TOKENS, Some(&session)).await;
    assert_eq!(unused.body["items"][0]["last_used_at"], Value::Null, "{}", unused.text);

    assert_eq!(app.get("/api/v1/me", Some(&secret)).await.status, 200);
    let used = app.get(TOKENS, Some(&session)).await;
    let first = time(&used.body["items"][0]["last_used_at"]);
    let created = time(&used.body["items"][0]["created_at"]);
    assert!(first >= created, "{}", used.text);

    // Recorded to the minute: a use an hour later moves it forward.
    app.clock.advance(chrono::Duration::hours(1));
    assert_eq!(app.get("/api/v1/me", Some(&secret)).await.status, 200);
    // The session's access token expired meanwhile (15 minutes, by the hub's clock).
    app.get(TOKENS, Some(&session)).await.assert_problem(401, "unauthenticated");
    let session = app.token("usage@aurora.example").await;
    let later = app.get(TOKENS, Some(&session)).await;
    let second = time(&later.body["items"][0]["last_used_at"]);
    assert!(second - first >= chrono::Duration::minutes(59), "{first} then {second}");
});
