//! Evaluation end to end: assigning evaluators (with conflict-of-interest detection), the conflict
//! confirmation, drafting and submitting reviews (frozen afterwards, once under concurrency), the
//! blind rules, due-date reminders and the rubric freeze of a challenge.

use std::time::Duration as StdDuration;

use chrono::{Duration, SubsecRound, Utc};
use domain::Role;
use hub_tests::funnel::{
    self, admin, assign, assigned, draft, evaluator, fields, in_days, mails_with, manager, organization, review_act,
    save, save_and_submit, submitted, under_review, user_id, verified_proposer, wait_mails,
};
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

mod assignments;
mod reading_and_reminders;
mod submission;

const ORG_A_TAX: &str = "04817250931";
const PILLARS: [&str; 4] =
    ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];

/// The proposer of "Aurora Labs" (organisation A); returns the token and the organisation id.
async fn aurora(app: &TestApp) -> (String, String) {
    let (token, user) = verified_proposer(app, "anna@aurora.example", "Aurora Labs S.r.l.", ORG_A_TAX).await;
    (token, user["organization_id"].as_str().expect("organisation id").to_owned())
}

/// Confirms no conflict of interest (must succeed, stamping the confirmation).
async fn confirm(app: &TestApp, token: &str, review: &str) {
    let answer = funnel::confirm(app, token, review).await;
    assert!(answer.body["conflict_confirmed_at"].is_string(), "{}", answer.text);
}

/// A complete review, with `confidential` as its comment for the hub.
fn full_review(confidential: &str) -> Value {
    json!({
        "scores": {
            "security_sovereignty": 4.5,
            "growth_development": 3.5,
            "talent_skills": 2.0,
            "effectiveness_sustainability": 3.0
        },
        "comments": {"talent_skills": "The training plan is vague."},
        "overall_comment": "A solid proposal with a weak training plan.",
        "confidential_comment": confidential,
        "recommendation": "revise"
    })
}

/// Saves a complete draft and submits it.
async fn submit_review(app: &TestApp, token: &str, review: &str, confidential: &str) -> Value {
    save_and_submit(app, token, review, full_review(confidential)).await
}

/// The ids of a list answer's items (a page or a whole list).
#[track_caller]
fn ids_of(list: &Value) -> Vec<String> {
    list["items"].as_array().expect("a list").iter().map(|r| r["id"].as_str().expect("id").to_owned()).collect()
}

#[track_caller]
fn item_ids(answer: &Answer) -> Vec<String> {
    assert_eq!(answer.status, 200, "list: {}", answer.text);
    ids_of(&answer.body)
}

/// A challenge (hub manager) sponsored by a new public administration, opened; returns its id and slug.
async fn open_challenge(app: &TestApp, hub: &str, admin: &str) -> (String, String) {
    let sponsor = organization(app, admin, "Comune di Prova", "public_administration", "80004739258").await;
    let slug = "sfida-valutata";
    let created = app
        .post(
            "/api/v1/challenges",
            Some(hub),
            json!({
                "slug": slug,
                "title_it": "Sfida valutata",
                "description_it": "Una sfida di prova.",
                "sponsor_id": sponsor,
                "opens_at": (Utc::now() - Duration::hours(1)).trunc_subsecs(0).to_rfc3339(),
            }),
        )
        .await;
    assert_eq!(created.status, 201, "challenge: {}", created.text);
    let id = created.body["id"].as_str().expect("id").to_owned();
    let opened = app.post(&format!("/api/v1/challenges/{id}/open"), Some(hub), Value::Null).await;
    assert_eq!(opened.status, 200, "open: {}", opened.text);
    (id, slug.to_owned())
}

async fn patch_challenge(app: &TestApp, hub: &str, id: &str, if_match: &str, body: Value) -> Answer {
    let response = app
        .client
        .request(Method::PATCH, format!("{}/api/v1/challenges/{id}", app.base))
        .bearer_auth(hub)
        .header("If-Match", if_match)
        .json(&body)
        .send()
        .await
        .expect("the hub answers");
    TestApp::answer(response).await
}

async fn challenge_etag(app: &TestApp, hub: &str, id: &str) -> String {
    let read = app.get(&format!("/api/v1/challenges/{id}"), Some(hub)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    read.header("etag").expect("an etag").to_owned()
}

const ASSIGNED_MARKER: &str = "You have been assigned the review";
const DUE_MARKER: &str = "in less than 48 hours";
