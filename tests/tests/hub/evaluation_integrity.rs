//! The evaluation's promises at the seams between versions, states and roles (issue 14, items 1–4): the
//! blind rule per version, whatever roles a reader holds; reviews only while the proposal is under
//! review at their version (open ones close, with the evaluator told); the override reason kept
//! internal; separation of duties for people holding several roles.

use std::time::Duration as StdDuration;

use domain::Role;
use hub_tests::funnel::{
    admin, assign, assigned, confirm, evaluator, in_days, manager, moved, organization, review_act, save,
    save_and_submit, under_review, user_id, verified_proposer, wait_mails,
};
use hub_tests::{Answer, TestApp, hub_test};
use serde_json::{Value, json};

mod blind_rule;
mod closing;
mod roles;

const ORG_A_TAX: &str = "04817250931";
const ANNA: &str = "anna@aurora.example";

/// Anna of Aurora Labs (organisation A); returns her token and the organisation id.
async fn aurora(app: &TestApp) -> (String, String) {
    let (token, user) = verified_proposer(app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await;
    (token, user["organization_id"].as_str().expect("organisation id").to_owned())
}

/// A university, another organisation than the proposer's; returns its id.
async fn university(app: &TestApp) -> String {
    let admin = admin(app).await;
    organization(app, &admin, "Università di Prova", "university", "80214573604").await
}

/// A complete review whose scores are all `score`, tagged `tag` in its comments.
fn body(score: f64, tag: &str) -> Value {
    json!({
        "scores": {
            "security_sovereignty": score, "growth_development": score,
            "talent_skills": score, "effectiveness_sustainability": score
        },
        "comments": {
            "security_sovereignty": format!("Sovereignty comment by {tag}."),
            "growth_development": format!("Growth comment by {tag}."),
            "talent_skills": format!("Talent comment by {tag}."),
            "effectiveness_sustainability": format!("Effectiveness comment by {tag}.")
        },
        "overall_comment": format!("Overall comment by {tag}."),
        "confidential_comment": format!("Confidential note by {tag}."),
        "recommendation": "accept"
    })
}

/// Confirms, saves `body` and submits (all must succeed).
async fn submit(app: &TestApp, token: &str, review: &str, score: f64, tag: &str) {
    confirm(app, token, review).await;
    save_and_submit(app, token, review, body(score, tag)).await;
}

fn reviews_path(id: &str) -> String {
    format!("/api/v1/proposals/{id}/reviews")
}

/// The ids of the reviews in a list answer.
#[track_caller]
fn ids(answer: &Answer) -> Vec<String> {
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["items"].as_array().expect("a list").iter().map(|r| r["id"].as_str().expect("id").to_owned()).collect()
}

async fn ranking_ids(app: &TestApp, hub: &str) -> Vec<String> {
    let ranking = app.get("/api/v1/challenges/open-call/ranking", Some(hub)).await;
    assert_eq!(ranking.status, 200, "{}", ranking.text);
    ranking.body["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["proposal_id"].as_str().expect("proposal id").to_owned())
        .collect()
}
