//! Setup helpers shared by the funnel's integration tests: verified proposers, hub managers and
//! admins, organisations and evaluators, complete proposals moved along the funnel, and reviews
//! assigned, confirmed, saved and submitted.

use std::time::Duration as StdDuration;

use chrono::{Duration, SubsecRound, Utc};
use domain::{OrganizationId, Role};
use reqwest::Method;
use serde_json::{Value, json};

use crate::{Answer, TestApp};

/// The email of the hub manager made by [`manager`].
pub const MANAGER: &str = "manager@hub.example";

/// Registers a founder of a new organisation, verifies their email with the emailed token and logs
/// in; returns the access token and the user.
pub async fn verified_proposer(app: &TestApp, email: &str, org: &str, tax_code: &str) -> (String, Value) {
    let user = app.register(email, org, tax_code).await;
    let token = app.mail_to(email).await.token();
    let verified = app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await;
    assert_eq!(verified.status, 204, "verify {email}: {}", verified.text);
    (app.token(email).await, user)
}

/// Registers the founder of a public administration through the API and verifies their address;
/// returns their token and the account (the administration is pending until an admin verifies it).
pub async fn founded_administration(
    app: &TestApp,
    email: &str,
    name: &str,
    tax_code: &str,
    ipa: &str,
) -> (String, Value) {
    let body = json!({
        "email": email, "password": crate::PASSWORD, "display_name": "Referente di prova",
        "organization": {"name": name, "kind": "public_administration", "tax_code": tax_code, "ipa_code": ipa}
    });
    let registered = app.post("/api/v1/auth/register", None, body).await;
    assert_eq!(registered.status, 202, "register {email}: {}", registered.text);
    let token = app.mail_to(email).await.token();
    let verified = app.post("/api/v1/auth/verify-email", None, json!({"token": token})).await;
    assert_eq!(verified.status, 204, "verify {email}: {}", verified.text);
    (app.token(email).await, app.account(email).await)
}

/// Verifies organisation `id` as `admin`; asserts 200 and returns the organisation.
pub async fn verify_administration(app: &TestApp, admin: &str, id: &str) -> Value {
    let verified = app.post(&format!("/api/v1/organizations/{id}/verification"), Some(admin), Value::Null).await;
    assert_eq!(verified.status, 200, "verify {id}: {}", verified.text);
    verified.body
}

/// A hub manager's access token.
pub async fn manager(app: &TestApp) -> String {
    app.user_with_roles(MANAGER, &[Role::HubManager], None).await
}

/// An admin's access token.
pub async fn admin(app: &TestApp) -> String {
    app.user_with_roles("admin@hub.example", &[Role::Admin], None).await
}

/// Creates an organisation as an admin (a public administration gets an IPA code); returns its id.
pub async fn organization(app: &TestApp, admin: &str, name: &str, kind: &str, tax_code: &str) -> String {
    let mut body = json!({"name": name, "kind": kind, "tax_code": tax_code});
    if kind == "public_administration" {
        body["ipa_code"] = json!("c_h501");
    }
    let created = app.post("/api/v1/organizations", Some(admin), body).await;
    assert_eq!(created.status, 201, "organisation {name}: {}", created.text);
    created.body["id"].as_str().expect("id").to_owned()
}

/// An evaluator in `organization` (None: the operator organisation); returns the token and user id.
pub async fn evaluator(app: &TestApp, email: &str, organization: Option<&str>) -> (String, String) {
    let organization: Option<OrganizationId> = organization.map(|o| o.parse().expect("an organisation id"));
    let token = app.user_with_roles(email, &[Role::Evaluator], organization).await;
    let id = user_id(app, &token).await;
    (token, id)
}

/// The id of the user of `token`.
pub async fn user_id(app: &TestApp, token: &str) -> String {
    let me = app.get("/api/v1/me", Some(token)).await;
    assert_eq!(me.status, 200, "me: {}", me.text);
    me.body["id"].as_str().expect("id").to_owned()
}

/// A proposal body with every field submission needs (the four self-assessment pillars included),
/// to `challenge`.
pub fn complete(title: &str, challenge: &str) -> Value {
    json!({
        "challenge_id": challenge,
        "title": title,
        "summary": format!("Summary of {title}."),
        "description": "## Idea\n\nA *Markdown* description.",
        "trl": 5,
        "budget_cents": 25_000_000,
        "tags": ["cloud", "security"],
        "self_assessment": {
            "security_sovereignty": "Data stays in Italian data centres.",
            "growth_development": "Grows a regional supply chain.",
            "talent_skills": "Trains twenty engineers.",
            "effectiveness_sustainability": "Halves the energy per request."
        },
        // The reuse check's answer, so that a test's catalogue never stops its proposals (the
        // similarity tests leave it out to see the check at work).
        "reuse_assessment": "Nothing in the catalogue does this yet."
    })
}

/// Creates a complete draft proposal to `challenge` (the reuse check answered); returns its id.
pub async fn draft(app: &TestApp, proposer: &str, title: &str, challenge: &str) -> String {
    let created = app.post("/api/v1/proposals", Some(proposer), complete(title, challenge)).await;
    assert_eq!(created.status, 201, "create: {}", created.text);
    created.body["id"].as_str().expect("id").to_owned()
}

/// A funnel move that must succeed into `state`.
pub async fn moved(app: &TestApp, token: &str, id: &str, action: &str, body: Value, state: &str) {
    let answer = app.post(&format!("/api/v1/proposals/{id}/{action}"), Some(token), body).await;
    assert_eq!(answer.status, 200, "{action} to {state}: {}", answer.text);
    assert_eq!(answer.body["state"], state, "{}", answer.text);
}

/// What the tests' rejections after observations answer (`observations_reply`).
pub const REPLY: &str = "Le osservazioni non superano i motivi comunicati.";

/// Gives the team of proposal `id` notice of the grounds (the open call requires it before a rejection,
/// L. 241/1990 art. 10-bis) and has `team` answer it, so that a rejection may follow at once with an
/// `observations_reply` (see [`REPLY`]).
pub async fn notice_answered(app: &TestApp, hub: &str, team: &str, id: &str) {
    let grounds = json!({"grounds": "Il piano di formazione non raggiunge la soglia."});
    let notice = app.post(&format!("/api/v1/proposals/{id}/notice"), Some(hub), grounds).await;
    assert_eq!(notice.status, 201, "notice: {}", notice.text);
    let observations = json!({"observations": "Il piano è descritto nella sezione 3."});
    let answer = app.post(&format!("/api/v1/proposals/{id}/notice/observations"), Some(team), observations).await;
    assert_eq!(answer.status, 200, "observations: {}", answer.text);
    assert_eq!(answer.body["notice"]["stage"], "answered", "{}", answer.text);
}

/// A submitted proposal (not yet screened) to `challenge`; returns its id.
pub async fn submitted(app: &TestApp, proposer: &str, title: &str, challenge: &str) -> String {
    let id = draft(app, proposer, title, challenge).await;
    moved(app, proposer, &id, "submit", Value::Null, "submitted").await;
    id
}

/// A proposal to `challenge` submitted and screened eligible: under review; returns its id.
pub async fn under_review(app: &TestApp, proposer: &str, hub: &str, title: &str, challenge: &str) -> String {
    let id = submitted(app, proposer, title, challenge).await;
    moved(app, hub, &id, "screen", json!({"eligible": true}), "under_review").await;
    id
}

/// `days` from now, to the second, as RFC 3339.
pub fn in_days(days: i64) -> String {
    (Utc::now() + Duration::days(days)).trunc_subsecs(0).to_rfc3339()
}

/// Assigns `evaluator` to `proposal`, due at `due_at`.
pub async fn assign(app: &TestApp, token: Option<&str>, proposal: &str, evaluator: &str, due_at: &str) -> Answer {
    app.post(
        &format!("/api/v1/proposals/{proposal}/assignments"),
        token,
        json!({"evaluator_id": evaluator, "due_at": due_at}),
    )
    .await
}

/// Assigns (must succeed); returns the review id.
pub async fn assigned(app: &TestApp, hub: &str, proposal: &str, evaluator: &str, due_at: &str) -> String {
    let answer = assign(app, Some(hub), proposal, evaluator, due_at).await;
    assert_eq!(answer.status, 201, "assign: {}", answer.text);
    assert_eq!(answer.body["state"], "assigned", "{}", answer.text);
    answer.body["id"].as_str().expect("id").to_owned()
}

/// A review action (`confirm-no-conflict`, `submit`, …).
pub async fn review_act(app: &TestApp, token: &str, review: &str, action: &str, body: Value) -> Answer {
    app.post(&format!("/api/v1/reviews/{review}/{action}"), Some(token), body).await
}

/// Confirms no conflict of interest (must succeed); returns the answer.
pub async fn confirm(app: &TestApp, token: &str, review: &str) -> Answer {
    let answer = review_act(app, token, review, "confirm-no-conflict", Value::Null).await;
    assert_eq!(answer.status, 200, "confirm: {}", answer.text);
    answer
}

/// Saves a review draft.
pub async fn save(app: &TestApp, token: &str, review: &str, body: Value) -> Answer {
    app.request(Method::PUT, &format!("/api/v1/reviews/{review}"), Some(token), body).await
}

/// Saves `body` as the review's draft and submits it (both must succeed); returns the review.
pub async fn save_and_submit(app: &TestApp, token: &str, review: &str, body: Value) -> Value {
    let saved = save(app, token, review, body).await;
    assert_eq!(saved.status, 200, "save: {}", saved.text);
    let answer = review_act(app, token, review, "submit", Value::Null).await;
    assert_eq!(answer.status, 200, "submit: {}", answer.text);
    assert_eq!(answer.body["state"], "submitted", "{}", answer.text);
    answer.body
}

/// A complete review: every pillar scored 4, a comment, a recommendation to accept.
pub fn scored_review() -> Value {
    json!({
        "scores": {"security_sovereignty": 4.0, "growth_development": 4.0, "talent_skills": 4.0,
                   "effectiveness_sustainability": 4.0},
        "overall_comment": "Solida.",
        "recommendation": "accept"
    })
}

/// The field names of a 422 answer.
#[track_caller]
pub fn fields(answer: &Answer) -> Vec<String> {
    let body = answer.assert_problem(422, "validation_failed");
    body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("a field").to_owned())
        .collect()
}

/// The emails to `to` whose body names `title` and contains `marker`.
pub fn mails_with(app: &TestApp, to: &str, title: &str, marker: &str) -> Vec<crate::mail::Mail> {
    crate::mail::read_all(&[app.mail_dir().as_path()])
        .into_iter()
        .filter(|m| m.to.contains(to) && m.body.contains(title) && m.body.contains(marker))
        .collect()
}

/// Waits up to `timeout` for `count` emails as in [`mails_with`].
pub async fn wait_mails(
    app: &TestApp,
    to: &str,
    title: &str,
    marker: &str,
    count: usize,
    timeout: StdDuration,
) -> Vec<crate::mail::Mail> {
    let started = std::time::Instant::now();
    loop {
        let found = mails_with(app, to, title, marker);
        if found.len() >= count || started.elapsed() > timeout {
            return found;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
}
