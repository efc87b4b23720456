//! Proposals end to end: drafts, the funnel's moves with their emails and history, submitted
//! versions, visibility, lists and filters, ETags and idempotent creation.

use chrono::{Duration, SubsecRound, Utc};
use domain::Role;
use hub_tests::funnel::{MANAGER, admin, complete, fields, manager, organization, user_id, verified_proposer};
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

mod reads_and_edits;

mod lifecycle;
mod refusals;

const ORG_A_TAX: &str = "04817250931";
const ORG_B_TAX: &str = "07390162480";
const OPEN_CALL_ID: &str = "01900000-0000-7000-8000-000000000002";
const PILLARS: [&str; 4] =
    ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];

/// The usual first proposer, of "Aurora Labs".
async fn aurora(app: &TestApp) -> (String, Value) {
    verified_proposer(app, "anna@aurora.example", "Aurora Labs S.r.l.", ORG_A_TAX).await
}

/// A proposer of another organisation, "Nuvola Sicura".
async fn nuvola(app: &TestApp) -> (String, Value) {
    verified_proposer(app, "nico@nuvola.example", "Nuvola Sicura S.r.l.", ORG_B_TAX).await
}

/// Sends a request with extra headers.
async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Value,
) -> Answer {
    let mut request = app.client.request(method, format!("{}{path}", app.base));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if !body.is_null() {
        request = request.json(&body);
    }
    TestApp::answer(request.send().await.expect("the hub answers")).await
}

/// Creates a proposal; asserts 201 and returns it.
async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let created = app.post("/api/v1/proposals", Some(token), body).await;
    assert_eq!(created.status, 201, "create: {}", created.text);
    created.body
}

fn id_of(proposal: &Value) -> String {
    proposal["id"].as_str().expect("an id").to_owned()
}

/// A funnel move (`submit`, `withdraw`, `resubmit`, `request-revision`, `screen`).
async fn act(app: &TestApp, token: &str, id: &str, action: &str, body: Value) -> Answer {
    app.post(&format!("/api/v1/proposals/{id}/{action}"), Some(token), body).await
}

/// A move that must succeed into `state`; returns the proposal.
#[track_caller]
fn moved(answer: &Answer, state: &str) -> Value {
    assert_eq!(answer.status, 200, "move to {state}: {}", answer.text);
    assert_eq!(answer.body["state"], state, "{}", answer.text);
    answer.body.clone()
}

async fn patch(app: &TestApp, token: &str, id: &str, if_match: Option<&str>, body: Value) -> Answer {
    let headers: Vec<(&str, &str)> = if_match.map(|m| vec![("If-Match", m)]).unwrap_or_default();
    send(app, Method::PATCH, &format!("/api/v1/proposals/{id}"), Some(token), &headers, body).await
}

/// The ids of a list answer.
#[track_caller]
fn ids(answer: &Answer) -> Vec<String> {
    assert_eq!(answer.status, 200, "list: {}", answer.text);
    answer.body["items"].as_array().expect("items").iter().map(id_of).collect()
}

/// A public administration (created by an admin), to sponsor challenges; returns its id.
async fn administration(app: &TestApp) -> String {
    let admin = admin(app).await;
    organization(app, &admin, "Comune di Prova", "public_administration", "80004739258").await
}

/// A challenge in `draft` (hub managers), open since an hour ago, closing at `closes_at`.
async fn draft_challenge(
    app: &TestApp,
    manager: &str,
    sponsor: &str,
    slug: &str,
    closes_at: Option<chrono::DateTime<Utc>>,
) -> Value {
    let created = app
        .post(
            "/api/v1/challenges",
            Some(manager),
            json!({
                "slug": slug,
                "title_it": format!("Sfida {slug}"),
                "description_it": "Una sfida di prova.",
                "sponsor_id": sponsor,
                "opens_at": (Utc::now() - Duration::hours(1)).trunc_subsecs(0).to_rfc3339(),
                "closes_at": closes_at.map(|c| c.to_rfc3339()),
            }),
        )
        .await;
    assert_eq!(created.status, 201, "challenge: {}", created.text);
    assert_eq!(created.body["state"], "draft");
    created.body
}

async fn challenge_move(app: &TestApp, manager: &str, id: &str, action: &str) {
    let answer = app.post(&format!("/api/v1/challenges/{id}/{action}"), Some(manager), Value::Null).await;
    assert_eq!(answer.status, 200, "challenge {action}: {}", answer.text);
}
