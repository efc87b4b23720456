//! Decisions end to end: accepting (with the minimum of submitted reviews and passing thresholds, or
//! an explicit override), rejecting, the rationale, the decision email, refused decisions (once under
//! concurrency), and the anonymised feedback the proposing team reads afterwards.

use std::time::Duration as StdDuration;

use chrono::Utc;
use hub_tests::funnel::{
    MANAGER, admin, assigned, confirm, evaluator, fields, in_days, mails_with, manager, organization, save_and_submit,
    submitted, under_review, user_id, verified_proposer, wait_mails,
};
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

mod accepting;
mod consensus;
mod feedback;
mod notice;
mod portfolio;
mod quality;
mod redress;
mod refusals;
mod response;
mod summary;

const ORG_A_TAX: &str = "04817250931";
const ORG_B_TAX: &str = "07390162480";
const UNIVERSITY_TAX: &str = "80214573604";
const ANNA: &str = "anna@aurora.example";
const PILLARS: [&str; 4] =
    ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];
const ACCEPTED_MARKER: &str = "ACCETTATA";
const REJECTED_MARKER: &str = "non è stata accolta";

/// The proposer of "Aurora Labs" (organisation A); returns the token.
async fn aurora(app: &TestApp) -> String {
    verified_proposer(app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await.0
}

/// The proposer of "Nuvola Sicura" (organisation B); returns the token.
async fn nuvola(app: &TestApp) -> String {
    verified_proposer(app, "nico@nuvola.example", "Nuvola Sicura S.r.l.", ORG_B_TAX).await.0
}

/// A university (another organisation than the proposers'); returns its id.
async fn university(app: &TestApp) -> String {
    let admin = admin(app).await;
    organization(app, &admin, "Università di Prova", "university", UNIVERSITY_TAX).await
}

/// A complete review with `scores` in pillar order, a comment on the first pillar and on talent.
fn review_body(scores: [f64; 4], tag: &str, confidential: &str) -> Value {
    json!({
        "scores": {
            "security_sovereignty": scores[0],
            "growth_development": scores[1],
            "talent_skills": scores[2],
            "effectiveness_sustainability": scores[3]
        },
        "comments": {
            "security_sovereignty": format!("Sovereignty comment by {tag}."),
            "talent_skills": format!("Talent comment by {tag}.")
        },
        "overall_comment": format!("Overall comment by {tag}."),
        "confidential_comment": confidential,
        "recommendation": "accept"
    })
}

/// Confirms no conflict, saves `body` and submits it.
async fn review(app: &TestApp, token: &str, review: &str, body: Value) {
    confirm(app, token, review).await;
    save_and_submit(app, token, review, body).await;
}

/// `count` evaluators of the university assigned to `proposal`; the first `submit` submit a review
/// with `scores`. Returns (token, user id, review id) per evaluator.
async fn reviewed(
    app: &TestApp,
    hub: &str,
    proposal: &str,
    org: &str,
    count: usize,
    submit: usize,
    scores: [f64; 4],
) -> Vec<(String, String, String)> {
    let mut evaluators = Vec::new();
    for i in 1..=count {
        let (token, id) = evaluator(app, &format!("eva{i}@uni.example"), Some(org)).await;
        let review_id = assigned(app, hub, proposal, &id, &in_days(7)).await;
        evaluators.push((token, id, review_id));
    }
    for (i, (token, _, review_id)) in evaluators.iter().enumerate().take(submit) {
        let tag = format!("reviewer {}", i + 1);
        review(app, token, review_id, review_body(scores, &tag, &format!("Confidential note {}", i + 1))).await;
    }
    evaluators
}

async fn decide(app: &TestApp, token: Option<&str>, id: &str, body: Value) -> Answer {
    app.post(&format!("/api/v1/proposals/{id}/decide"), token, body).await
}

/// A decision that must succeed into `state`; returns the answer.
#[track_caller]
fn decided(answer: &Answer, state: &str) {
    assert_eq!(answer.status, 200, "decide to {state}: {}", answer.text);
    assert_eq!(answer.body["state"], state, "{}", answer.text);
}

async fn history(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    let answer = app.get(&format!("/api/v1/proposals/{id}/history"), Some(token)).await;
    assert_eq!(answer.status, 200, "history: {}", answer.text);
    answer.body["items"].as_array().expect("steps").clone()
}

async fn state_of(app: &TestApp, token: &str, id: &str) -> String {
    let read = app.get(&format!("/api/v1/proposals/{id}"), Some(token)).await;
    assert_eq!(read.status, 200, "read: {}", read.text);
    read.body["state"].as_str().expect("state").to_owned()
}

async fn feedback(app: &TestApp, token: Option<&str>, id: &str) -> Answer {
    app.get(&format!("/api/v1/proposals/{id}/feedback"), token).await
}

/// The link line of an email body.
fn link_in(body: &str) -> String {
    body.lines().map(str::trim).find(|l| l.starts_with("http")).expect("a link in the email").to_owned()
}

#[track_caller]
fn close(actual: &Value, expected: f64) {
    let value = actual.as_f64().unwrap_or_else(|| panic!("a number, got {actual}"));
    assert!((value - expected).abs() < 1e-9, "expected {expected}, got {value}");
}
