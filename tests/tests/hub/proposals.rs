//! Proposals end to end: drafts, the funnel's moves with their emails and history, submitted
//! versions, visibility, lists and filters, ETags and idempotent creation.

use chrono::{Duration, SubsecRound, Utc};
use domain::Role;
use hub_tests::funnel::{MANAGER, admin, complete, fields, manager, organization, user_id, verified_proposer};
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

mod reads_and_edits;

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

hub_test!(the_happy_path_through_a_revision_and_a_resubmission, |app| {
    let (anna, user) = aurora(&app).await;
    let anna_id = user["id"].as_str().expect("id").to_owned();
    let hub = manager(&app).await;
    let hub_id = user_id(&app, &hub).await;

    // Create: a draft at version 1, with an ETag and a Location.
    let created =
        app.post("/api/v1/proposals", Some(&anna), complete("Sovereign federated data space", "open-call")).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.header("etag"), Some("\"r1\""));
    let id = id_of(&created.body);
    assert_eq!(created.header("location"), Some(format!("/api/v1/proposals/{id}").as_str()));
    let p = &created.body;
    assert_eq!(p["state"], "draft");
    assert_eq!(p["version"], 1);
    assert_eq!(p["challenge_id"], OPEN_CALL_ID);
    assert_eq!(p["organization_id"], user["organization_id"]);
    assert_eq!(p["created_by"], anna_id.as_str());
    assert_eq!(p["title"], "Sovereign federated data space");
    assert_eq!(p["summary"], "Summary of Sovereign federated data space.");
    assert_eq!(p["description"], "## Idea\n\nA *Markdown* description.");
    assert_eq!(p["trl"], 5);
    assert_eq!(p["budget_cents"], 25_000_000);
    assert_eq!(p["tags"], json!(["cloud", "security"]));
    assert_eq!(p["self_assessment"].as_object().expect("pillars").len(), 4);
    assert!(p["submitted_at"].is_null(), "{p}");
    let read = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.header("etag"), Some("\"r1\""));
    assert_eq!(read.body["title"], p["title"]);

    // Submit: the team is told by email.
    let submitted = act(&app, &anna, &id, "submit", Value::Null).await;
    let p = moved(&submitted, "submitted");
    assert_eq!(p["version"], 1);
    assert!(p["submitted_at"].is_string(), "{p}");
    assert_eq!(submitted.header("etag"), Some("\"r2\""));
    let mails = app.mails_to("anna@aurora.example", 2).await;
    assert_eq!(mails.len(), 2, "verification and submission");
    let receipt = mails
        .iter()
        .find(|m| m.body.contains("Sovereign federated data space"))
        .unwrap_or_else(|| panic!("a submission email in {mails:?}"));
    assert!(receipt.body.contains("stata inviata") && receipt.body.contains("versione 1"), "{}", receipt.body);
    assert!(receipt.body.contains(&format!("http://hub.test/proposals/{id}")), "{}", receipt.body);

    // Screening: eligible, under review; then a revision is requested with a note.
    moved(&act(&app, &hub, &id, "screen", json!({"eligible": true})).await, "under_review");
    let note = "Please detail where the data is stored.";
    moved(&act(&app, &hub, &id, "request-revision", json!({"note": note})).await, "revision_requested");
    let mails = app.mails_to("anna@aurora.example", 3).await;
    assert_eq!(mails.len(), 3);
    assert!(mails.iter().any(|m| m.body.contains(note)), "the team is told the note: {mails:?}");

    // Edit while a revision is requested, then resubmit: version 2.
    let current = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await;
    let etag = current.header("etag").expect("etag").to_owned();
    let edited = patch(
        &app,
        &anna,
        &id,
        Some(&etag),
        json!({"title": "Sovereign data space, revised", "summary": "Data stays in Rome and Milan."}),
    )
    .await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    assert_ne!(edited.header("etag"), Some(etag.as_str()));
    assert_eq!(edited.body["state"], "revision_requested");
    assert_eq!(edited.body["version"], 1);
    assert_eq!(edited.body["title"], "Sovereign data space, revised");
    assert_eq!(edited.body["trl"], 5, "fields left out keep their value");
    let resubmitted = moved(&act(&app, &anna, &id, "resubmit", Value::Null).await, "submitted");
    assert_eq!(resubmitted["version"], 2);

    // Both submitted versions stay readable.
    let v1 = app.get(&format!("/api/v1/proposals/{id}/versions/1"), Some(&anna)).await;
    assert_eq!(v1.status, 200, "{}", v1.text);
    assert_eq!(v1.body["version"], 1);
    assert_eq!(v1.body["title"], "Sovereign federated data space");
    assert_eq!(v1.body["summary"], "Summary of Sovereign federated data space.");
    assert!(v1.body["submitted_at"].is_string());
    let v2 = app.get(&format!("/api/v1/proposals/{id}/versions/2"), Some(&hub)).await;
    assert_eq!(v2.status, 200, "{}", v2.text);
    assert_eq!(v2.body["version"], 2);
    assert_eq!(v2.body["title"], "Sovereign data space, revised");
    assert_eq!(v2.body["summary"], "Data stays in Rome and Milan.");
    assert_eq!(v2.body["trl"], 5);
    app.get(&format!("/api/v1/proposals/{id}/versions/3"), Some(&anna)).await.assert_problem(404, "not_found");

    // The hub managers are told of the resubmission; the team gets a new receipt.
    let manager_mails = app.mails_to(MANAGER, 1).await;
    assert_eq!(manager_mails.len(), 1, "{manager_mails:?}");
    let notice = &manager_mails[0];
    assert!(notice.body.contains("resubmitted") && notice.body.contains("version 2"), "{}", notice.body);
    assert!(
        notice.body.contains("Sovereign data space, revised") && notice.body.contains("Aurora Labs"),
        "{}",
        notice.body
    );
    let mails = app.mails_to("anna@aurora.example", 4).await;
    assert_eq!(mails.len(), 4);
    assert!(mails.iter().any(|m| m.body.contains("versione 2")), "{mails:?}");

    // The history has every step, oldest first.
    let history = app.get(&format!("/api/v1/proposals/{id}/history"), Some(&anna)).await;
    assert_eq!(history.status, 200, "{}", history.text);
    let steps = history.body.as_array().expect("steps");
    let summary: Vec<(&str, Option<&str>, &str, &str, i64)> = steps
        .iter()
        .map(|s| {
            (
                s["action"].as_str().expect("action"),
                s["from_state"].as_str(),
                s["to_state"].as_str().expect("to"),
                s["actor_id"].as_str().expect("actor"),
                s["version"].as_i64().expect("version"),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("create", None, "draft", anna_id.as_str(), 1),
            ("submit", Some("draft"), "submitted", anna_id.as_str(), 1),
            ("screen_eligible", Some("submitted"), "under_review", hub_id.as_str(), 1),
            ("request_revision", Some("under_review"), "revision_requested", hub_id.as_str(), 1),
            ("edit", Some("revision_requested"), "revision_requested", anna_id.as_str(), 1),
            ("resubmit", Some("revision_requested"), "submitted", anna_id.as_str(), 2),
        ]
    );
    let names: Vec<&str> = steps.iter().map(|s| s["actor_name"].as_str().expect("name")).collect();
    assert_eq!(names, ["Test User", "Test User", "Staff Member", "Staff Member", "Test User", "Test User"]);
    let notes: Vec<Option<&str>> = steps.iter().map(|s| s["note"].as_str()).collect();
    assert_eq!(notes, [None, None, None, Some(note), None, None]);
    assert!(steps.iter().all(|s| s["occurred_at"].is_string()));
});

hub_test!(screening_ineligible_needs_a_reason_which_is_emailed_to_the_team, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let id = id_of(&create(&app, &anna, complete("Ineligible idea", "open-call")).await);
    moved(&act(&app, &anna, &id, "submit", Value::Null).await, "submitted");

    let missing = act(&app, &hub, &id, "screen", json!({"eligible": false})).await;
    assert_eq!(fields(&missing), ["reason"]);
    let blank = act(&app, &hub, &id, "screen", json!({"eligible": false, "reason": "   "})).await;
    assert_eq!(fields(&blank), ["reason"]);
    assert_eq!(app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await.body["state"], "submitted");

    let reason = "The call is reserved to public-sector cloud services.";
    moved(&act(&app, &hub, &id, "screen", json!({"eligible": false, "reason": reason})).await, "rejected");
    let mails = app.mails_to("anna@aurora.example", 3).await;
    assert_eq!(mails.len(), 3, "verification, submission, ineligibility");
    assert!(mails.iter().any(|m| m.body.contains(reason) && m.body.contains("Ineligible idea")), "{mails:?}");
    let history = app.get(&format!("/api/v1/proposals/{id}/history"), Some(&anna)).await.body;
    let last = history.as_array().and_then(|h| h.last()).expect("a step");
    assert_eq!(last["action"], "screen_ineligible");
    assert_eq!(last["to_state"], "rejected");
    assert_eq!(last["note"], reason);

    // Rejected is final for the proposer and the hub.
    act(&app, &anna, &id, "withdraw", Value::Null).await.assert_problem(409, "invalid_transition");
    act(&app, &hub, &id, "screen", json!({"eligible": true})).await.assert_problem(409, "invalid_transition");
});

hub_test!(withdrawal_from_every_open_state_is_final, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let draft = id_of(&create(&app, &anna, complete("Withdrawn as a draft", "open-call")).await);
    let submitted = id_of(&create(&app, &anna, complete("Withdrawn once submitted", "open-call")).await);
    let reviewed = id_of(&create(&app, &anna, complete("Withdrawn under review", "open-call")).await);
    let revising = id_of(&create(&app, &anna, complete("Withdrawn during revision", "open-call")).await);
    for id in [&submitted, &reviewed, &revising] {
        moved(&act(&app, &anna, id, "submit", Value::Null).await, "submitted");
    }
    moved(&act(&app, &hub, &reviewed, "screen", json!({"eligible": true})).await, "under_review");
    moved(&act(&app, &hub, &revising, "request-revision", json!({"note": "More detail"})).await, "revision_requested");

    for (id, from) in
        [(&draft, "draft"), (&submitted, "submitted"), (&reviewed, "under_review"), (&revising, "revision_requested")]
    {
        // A note with a control character is refused and moves nothing (issue 7's schemathesis
        // find: the document now states the rule as the note's pattern).
        let bell = act(&app, &anna, id, "withdraw", json!({"note": "Ritiro\u{7}"})).await;
        let problem = bell.assert_problem(422, "validation_failed");
        assert_eq!(
            (&problem["errors"][0]["field"], &problem["errors"][0]["code"]),
            (&json!("note"), &json!("control_characters"))
        );
        assert_eq!(app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await.body["state"], from);
        let withdrawn = moved(&act(&app, &anna, id, "withdraw", Value::Null).await, "withdrawn");
        assert_eq!(withdrawn["id"], id.as_str());
        let history = app.get(&format!("/api/v1/proposals/{id}/history"), Some(&anna)).await.body;
        let last = history.as_array().and_then(|h| h.last()).expect("a step").clone();
        assert_eq!((last["action"].as_str(), last["from_state"].as_str()), (Some("withdraw"), Some(from)));

        // Nothing moves a withdrawn proposal any more.
        for action in ["submit", "resubmit", "withdraw"] {
            act(&app, &anna, id, action, Value::Null).await.assert_problem(409, "invalid_transition");
        }
        act(&app, &hub, id, "screen", json!({"eligible": true})).await.assert_problem(409, "invalid_transition");
        act(&app, &hub, id, "screen", json!({"eligible": false, "reason": "No"}))
            .await
            .assert_problem(409, "invalid_transition");
        act(&app, &hub, id, "request-revision", json!({"note": "Too late"}))
            .await
            .assert_problem(409, "invalid_transition");
        let etag =
            app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await.header("etag").expect("etag").to_owned();
        patch(&app, &anna, id, Some(&etag), json!({"title": "Edited after withdrawal"}))
            .await
            .assert_problem(409, "not_editable");
    }
});

hub_test!(refused_transitions_are_409_and_wrong_roles_403, |app| {
    let (anna, user) = aurora(&app).await;
    let org: domain::OrganizationId = user["organization_id"].as_str().expect("org").parse().expect("uuid");
    let hub = manager(&app).await;
    let id = id_of(&create(&app, &anna, complete("Moves that are refused", "open-call")).await);

    // From draft: only submit and withdraw.
    act(&app, &anna, &id, "resubmit", Value::Null).await.assert_problem(409, "invalid_transition");
    act(&app, &hub, &id, "screen", json!({"eligible": true})).await.assert_problem(409, "invalid_transition");
    act(&app, &hub, &id, "request-revision", json!({"note": "Not yet"}))
        .await
        .assert_problem(409, "invalid_transition");

    // Roles that may never take an action: 403 whatever the state.
    act(&app, &hub, &id, "submit", Value::Null).await.assert_problem(403, "forbidden");
    act(&app, &hub, &id, "withdraw", Value::Null).await.assert_problem(403, "forbidden");
    act(&app, &anna, &id, "screen", json!({"eligible": true})).await.assert_problem(403, "forbidden");

    moved(&act(&app, &anna, &id, "submit", Value::Null).await, "submitted");
    act(&app, &anna, &id, "submit", Value::Null).await.assert_problem(409, "invalid_transition");
    act(&app, &anna, &id, "resubmit", Value::Null).await.assert_problem(409, "invalid_transition");
    act(&app, &hub, &id, "submit", Value::Null).await.assert_problem(403, "forbidden");
    act(&app, &hub, &id, "resubmit", Value::Null).await.assert_problem(403, "forbidden");
    act(&app, &anna, &id, "screen", json!({"eligible": true})).await.assert_problem(403, "forbidden");
    act(&app, &anna, &id, "screen", json!({"eligible": false, "reason": "Mine"}))
        .await
        .assert_problem(403, "forbidden");
    act(&app, &anna, &id, "request-revision", json!({"note": "Let me fix it"})).await.assert_problem(403, "forbidden");

    // A revision request needs a note.
    let no_note = act(&app, &hub, &id, "request-revision", Value::Null).await;
    assert_eq!(fields(&no_note), ["note"]);

    moved(&act(&app, &hub, &id, "screen", json!({"eligible": true})).await, "under_review");
    act(&app, &hub, &id, "screen", json!({"eligible": true})).await.assert_problem(409, "invalid_transition");
    act(&app, &anna, &id, "submit", Value::Null).await.assert_problem(409, "invalid_transition");
    act(&app, &anna, &id, "resubmit", Value::Null).await.assert_problem(409, "invalid_transition");
    act(&app, &anna, &id, "request-revision", json!({"note": "x"})).await.assert_problem(403, "forbidden");
    moved(&act(&app, &hub, &id, "request-revision", json!({"note": "Detail it"})).await, "revision_requested");
    act(&app, &hub, &id, "request-revision", json!({"note": "Again"})).await.assert_problem(409, "invalid_transition");
    act(&app, &hub, &id, "screen", json!({"eligible": true})).await.assert_problem(409, "invalid_transition");
    act(&app, &anna, &id, "submit", Value::Null).await.assert_problem(409, "invalid_transition");
    act(&app, &hub, &id, "resubmit", Value::Null).await.assert_problem(403, "forbidden");

    // Staff without the proposer role (even of the same organisation) cannot create proposals, and
    // the proposal does not exist for them, so its moves are 404 like every other read.
    let draft = id_of(&create(&app, &anna, complete("A draft staff cannot submit", "open-call")).await);
    for (email, role) in [
        ("evaluator@hub.example", Role::Evaluator),
        ("editor@hub.example", Role::CatalogueEditor),
        ("admin@hub.example", Role::Admin),
    ] {
        let staff = app.user_with_roles(email, &[role], Some(org)).await;
        app.post("/api/v1/proposals", Some(&staff), complete("Staff proposal", "open-call"))
            .await
            .assert_problem(403, "forbidden");
        act(&app, &staff, &draft, "submit", Value::Null).await.assert_problem(404, "not_found");
        act(&app, &staff, &draft, "withdraw", Value::Null).await.assert_problem(404, "not_found");
    }
    assert_eq!(app.get(&format!("/api/v1/proposals/{draft}"), Some(&anna)).await.body["state"], "draft");
});

hub_test!(submission_needs_a_verified_email_and_every_mandatory_field, |app| {
    // An unverified proposer may write drafts but not submit them.
    app.register("new@aurora.example", "Aurora Labs S.r.l.", ORG_A_TAX).await;
    let unverified = app.token("new@aurora.example").await;
    let id = id_of(&create(&app, &unverified, complete("Written before verifying", "open-call")).await);
    act(&app, &unverified, &id, "submit", Value::Null).await.assert_problem(403, "forbidden");
    assert_eq!(app.get(&format!("/api/v1/proposals/{id}"), Some(&unverified)).await.body["state"], "draft");

    // A draft with a title only lists what is missing.
    let (anna, _) = aurora(&app).await;
    let bare = id_of(&create(&app, &anna, json!({"challenge_id": "open-call", "title": "Only a title"})).await);
    let refused = act(&app, &anna, &bare, "submit", Value::Null).await;
    let mut missing = fields(&refused);
    missing.sort();
    let mut expected: Vec<String> = ["summary", "description", "trl"].iter().map(|f| (*f).to_owned()).collect();
    expected.extend(PILLARS.iter().map(|p| format!("self_assessment.{p}")));
    expected.sort();
    assert_eq!(missing, expected);
    assert!(
        refused.body["errors"].as_array().expect("errors").iter().all(|e| e["code"] == "required_for_submission"),
        "{}",
        refused.text
    );

    // Completing it one field short still refuses, naming that field.
    let etag =
        app.get(&format!("/api/v1/proposals/{bare}"), Some(&anna)).await.header("etag").expect("etag").to_owned();
    let mut body = complete("Only a title", "open-call");
    body.as_object_mut().expect("object").remove("challenge_id");
    body["self_assessment"]["talent_skills"] = Value::Null;
    let edited = patch(&app, &anna, &bare, Some(&etag), body).await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    let refused = act(&app, &anna, &bare, "submit", Value::Null).await;
    assert_eq!(fields(&refused), ["self_assessment.talent_skills"]);
    let etag = edited.header("etag").expect("etag").to_owned();
    let completed =
        patch(&app, &anna, &bare, Some(&etag), json!({"self_assessment": {"talent_skills": "Trains."}})).await;
    assert_eq!(completed.status, 200, "{}", completed.text);
    moved(&act(&app, &anna, &bare, "submit", Value::Null).await, "submitted");
});

hub_test!(challenges_must_exist_be_open_and_be_inside_their_window, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let sponsor = administration(&app).await;
    let closes_at = (Utc::now() + Duration::minutes(5)).trunc_subsecs(0);
    let windowed = draft_challenge(&app, &hub, &sponsor, "telemedicina-territoriale", Some(closes_at)).await;
    let windowed_id = windowed["id"].as_str().expect("id").to_owned();
    let body = |challenge: &str| {
        let mut body = complete("A proposal to a challenge", "open-call");
        body["challenge_id"] = json!(challenge);
        body
    };

    // Unknown and draft challenges do not exist for proposers.
    let unknown = app.post("/api/v1/proposals", Some(&anna), body("no-such-challenge")).await;
    assert_eq!(fields(&unknown), ["challenge_id"]);
    let draft = app.post("/api/v1/proposals", Some(&anna), body("telemedicina-territoriale")).await;
    assert_eq!(fields(&draft), ["challenge_id"]);
    let draft_by_id = app.post("/api/v1/proposals", Some(&anna), body(&windowed_id)).await;
    assert_eq!(fields(&draft_by_id), ["challenge_id"]);
    let missing = app.post("/api/v1/proposals", Some(&anna), json!({"title": "No challenge at all"})).await;
    assert_eq!(fields(&missing), ["challenge_id"]);

    // Open: drafts by slug or id; submission works inside the window.
    challenge_move(&app, &hub, &windowed_id, "open").await;
    let early = create(&app, &anna, body("telemedicina-territoriale")).await;
    assert_eq!(early["challenge_id"], windowed_id.as_str());
    let late = create(&app, &anna, body(&windowed_id)).await;
    moved(&act(&app, &anna, &id_of(&early), "submit", Value::Null).await, "submitted");

    // A closed challenge takes no new proposals.
    let closed = draft_challenge(&app, &hub, &sponsor, "sfida-chiusa", None).await;
    let closed_id = closed["id"].as_str().expect("id").to_owned();
    challenge_move(&app, &hub, &closed_id, "open").await;
    let before_closing = create(&app, &anna, body("sfida-chiusa")).await;
    challenge_move(&app, &hub, &closed_id, "close").await;
    app.post("/api/v1/proposals", Some(&anna), body("sfida-chiusa")).await.assert_problem(409, "challenge_not_open");
    act(&app, &anna, &id_of(&before_closing), "submit", Value::Null).await.assert_problem(409, "challenge_not_open");

    // One second past closes_at the open challenge refuses submissions.
    let wait = closes_at - Utc::now() + Duration::seconds(1);
    app.clock.advance(wait);
    act(&app, &anna, &id_of(&late), "submit", Value::Null).await.assert_problem(409, "challenge_not_open");
    assert_eq!(app.get(&format!("/api/v1/proposals/{}", id_of(&late)), Some(&anna)).await.body["state"], "draft");
    // The open call never closes.
    let open_call = create(&app, &anna, complete("Still welcome in the open call", "open-call")).await;
    moved(&act(&app, &anna, &id_of(&open_call), "submit", Value::Null).await, "submitted");
});
