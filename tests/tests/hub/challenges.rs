//! Challenges end to end: the permanent open call, the draft → open → closed → archived life of a
//! challenge and who sees it, sponsors and slugs, validation with field paths, `If-Match` edits,
//! roles, and the list's filters and cursor pagination.

use chrono::{Duration, Utc};
use domain::Role;
use hub_tests::funnel::manager;
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

mod edits_roles_and_lists;

mod creation;
mod lifecycle;
mod responsible;

const PILLARS: [&str; 4] =
    ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];

/// Registers a public administration (as an admin); returns its id.
pub(crate) async fn administration(app: &TestApp) -> String {
    let admin = app.user_with_roles("admin@hub.example", &[Role::Admin], None).await;
    let org = app
        .post(
            "/api/v1/organizations",
            Some(&admin),
            json!({"name": "Comune di Prova", "kind": "public_administration", "tax_code": "80004739258", "ipa_code": "c_prova"}),
        )
        .await;
    assert_eq!(org.status, 201, "{}", org.text);
    assert_eq!(org.body["kind"], "public_administration");
    org.body["id"].as_str().expect("org id").to_owned()
}

/// A valid creation body: open since yesterday, closing in 30 days.
pub(crate) fn body(slug: &str, sponsor: &str) -> Value {
    json!({
        "slug": slug,
        "title_it": format!("Sfida {slug}"),
        "description_it": "Una descrizione della sfida.",
        "sponsor_id": sponsor,
        "opens_at": (Utc::now() - Duration::days(1)).to_rfc3339(),
        "closes_at": (Utc::now() + Duration::days(30)).to_rfc3339(),
    })
}

/// `body` with extra fields merged in.
fn with(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().expect("object") {
        base[k] = v.clone();
    }
    base
}

/// POST /challenges.
async fn create(app: &TestApp, token: &str, body: Value) -> Answer {
    app.post("/api/v1/challenges", Some(token), body).await
}

/// Creates a draft; asserts 201; returns the challenge.
async fn create_ok(app: &TestApp, token: &str, body: Value) -> Value {
    let answer = create(app, token, body).await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    answer.body
}

/// Creates and opens a challenge; returns it (open).
async fn create_open(app: &TestApp, token: &str, body: Value) -> Value {
    let id = create_ok(app, token, body).await["id"].as_str().expect("id").to_owned();
    act(app, token, &id, "open").await
}

/// POST /challenges/{id}/{action}; asserts 200; returns the challenge.
async fn act(app: &TestApp, token: &str, id: &str, action: &str) -> Value {
    let answer = app.post(&format!("/api/v1/challenges/{id}/{action}"), Some(token), Value::Null).await;
    assert_eq!(answer.status, 200, "{action} {id}: {}", answer.text);
    answer.body
}

/// PATCH /challenges/{id} with an optional `If-Match`.
async fn patch(app: &TestApp, id: &str, token: Option<&str>, if_match: Option<&str>, body: Value) -> Answer {
    let mut request = app.client.request(Method::PATCH, format!("{}/api/v1/challenges/{id}", app.base)).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(if_match) = if_match {
        request = request.header("If-Match", if_match);
    }
    TestApp::answer(request.send().await.expect("the hub answers")).await
}

/// The field paths of a 422 `validation_failed` answer.
#[track_caller]
fn fields(answer: &Answer) -> Vec<String> {
    let body = answer.assert_problem(422, "validation_failed");
    body["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().expect("field").to_owned()).collect()
}

/// Every item of a list, following `next_cursor`; asserts no page repeats an item.
async fn list_all(app: &TestApp, token: Option<&str>, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let mut path = format!("/api/v1/challenges?limit=1{query}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let page = app.get(&path, token).await;
        assert_eq!(page.status, 200, "{path}: {}", page.text);
        let page_items = page.body["items"].as_array().expect("items");
        assert!(page_items.len() <= 1, "limit=1 gave {}", page.text);
        items.extend(page_items.iter().cloned());
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
    panic!("pagination did not end");
}

/// The slugs of a list answer's first page.
async fn slugs(app: &TestApp, token: Option<&str>, query: &str) -> Vec<String> {
    let answer = app.get(&format!("/api/v1/challenges{query}"), token).await;
    assert_eq!(answer.status, 200, "{query}: {}", answer.text);
    answer.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["slug"].as_str().expect("slug").to_owned())
        .collect()
}

#[track_caller]
fn assert_default_evaluation(challenge: &Value) {
    let evaluation = &challenge["evaluation"];
    for pillar in PILLARS {
        assert_eq!(evaluation["weights"][pillar], json!(25), "weight of {pillar} in {challenge}");
        assert_eq!(evaluation["thresholds"][pillar].as_f64(), Some(3.0), "threshold of {pillar} in {challenge}");
    }
    assert_eq!(evaluation["weights"].as_object().map(|o| o.len()), Some(4), "{challenge}");
    assert_eq!(evaluation["thresholds"].as_object().map(|o| o.len()), Some(4), "{challenge}");
    assert_eq!(evaluation["overall_threshold"].as_f64(), Some(3.0), "{challenge}");
    assert_eq!(evaluation["min_reviews"], json!(3), "{challenge}");
}
