//! Proposals end to end: drafts, the funnel's moves with their emails and history, submitted
//! versions, visibility, lists and filters, ETags and idempotent creation.

use chrono::{Duration, SubsecRound, Utc};
use domain::Role;
use hub_tests::funnel::{MANAGER, admin, complete, fields, manager, organization, user_id, verified_proposer};
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

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

hub_test!(proposals_are_visible_to_their_organisation_and_the_hub_only, |app| {
    let (anna, _) = aurora(&app).await;
    let (nico, _) = nuvola(&app).await;
    let hub = manager(&app).await;
    let evaluator = app.user_with_roles("evaluator@hub.example", &[Role::Evaluator], None).await;
    let sponsor = administration(&app).await;
    let other = draft_challenge(&app, &hub, &sponsor, "sfida-dati", None).await;
    let other_id = other["id"].as_str().expect("id").to_owned();
    challenge_move(&app, &hub, &other_id, "open").await;

    let mut quantum = complete("Quantum-safe VPN gateway", "open-call");
    quantum["summary"] = json!("Post-quantum tunnels for municipalities.");
    let p1 = id_of(&create(&app, &anna, quantum).await);
    let mut edge = complete("Edge analytics platform", "open-call");
    edge["tags"] = json!(["data", "edge"]);
    edge["summary"] = json!("Streams sensor data; QUANTUM of nothing.");
    let p2 = id_of(&create(&app, &anna, edge).await);
    let mut third = complete("Open data portal", "open-call");
    third["challenge_id"] = json!("sfida-dati");
    third["tags"] = json!(["data"]);
    let p3 = id_of(&create(&app, &anna, third).await);
    let theirs = id_of(&create(&app, &nico, complete("Nuvola's own idea", "open-call")).await);
    moved(&act(&app, &anna, &p1, "submit", Value::Null).await, "submitted");

    // Another organisation's proposer: the proposal does not exist.
    app.get(&format!("/api/v1/proposals/{p1}"), Some(&nico)).await.assert_problem(404, "not_found");
    patch(&app, &nico, &p2, Some("\"r1\""), json!({"title": "Hijacked title"})).await.assert_problem(404, "not_found");
    app.get(&format!("/api/v1/proposals/{p1}/history"), Some(&nico)).await.assert_problem(404, "not_found");
    app.get(&format!("/api/v1/proposals/{p1}/versions/1"), Some(&nico)).await.assert_problem(404, "not_found");
    for (id, action, body) in [
        (&p2, "submit", Value::Null),
        (&p2, "withdraw", Value::Null),
        (&p1, "withdraw", Value::Null),
        (&p1, "resubmit", Value::Null),
        (&p1, "screen", json!({"eligible": true})),
        (&p1, "request-revision", json!({"note": "Nosy"})),
    ] {
        act(&app, &nico, id, action, body).await.assert_problem(404, "not_found");
    }
    assert_eq!(app.get(&format!("/api/v1/proposals/{p2}"), Some(&anna)).await.body["title"], "Edge analytics platform");
    assert_eq!(app.get(&format!("/api/v1/proposals/{p1}"), Some(&anna)).await.body["state"], "submitted");

    // An evaluator (not assigned) and the anonymous see nothing; the hub sees everything.
    app.get(&format!("/api/v1/proposals/{p1}"), Some(&evaluator)).await.assert_problem(404, "not_found");
    app.get(&format!("/api/v1/proposals/{p1}/history"), Some(&evaluator)).await.assert_problem(404, "not_found");
    assert_eq!(ids(&app.get("/api/v1/proposals", Some(&evaluator)).await), Vec::<String>::new());
    app.get(&format!("/api/v1/proposals/{p1}"), None).await.assert_problem(401, "unauthenticated");
    app.get("/api/v1/proposals", None).await.assert_problem(401, "unauthenticated");
    app.post("/api/v1/proposals", None, complete("Anonymous", "open-call"))
        .await
        .assert_problem(401, "unauthenticated");
    app.post(&format!("/api/v1/proposals/{p2}/submit"), None, Value::Null).await.assert_problem(401, "unauthenticated");
    let seen = app.get(&format!("/api/v1/proposals/{p1}"), Some(&hub)).await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    assert_eq!(app.get(&format!("/api/v1/proposals/{p1}/history"), Some(&hub)).await.status, 200);
    assert_eq!(app.get(&format!("/api/v1/proposals/{p1}/versions/1"), Some(&hub)).await.status, 200);
    assert_eq!(
        ids(&app.get("/api/v1/proposals", Some(&hub)).await),
        [p1.as_str(), p2.as_str(), p3.as_str(), theirs.as_str()]
    );

    // Lists: each proposer sees their organisation's, oldest first.
    assert_eq!(ids(&app.get("/api/v1/proposals", Some(&anna)).await), [p1.as_str(), p2.as_str(), p3.as_str()]);
    assert_eq!(ids(&app.get("/api/v1/proposals", Some(&nico)).await), [theirs.as_str()]);

    // Filters.
    assert_eq!(ids(&app.get("/api/v1/proposals?state=submitted", Some(&anna)).await), [p1.as_str()]);
    assert_eq!(ids(&app.get("/api/v1/proposals?state=draft", Some(&anna)).await), [p2.as_str(), p3.as_str()]);
    assert_eq!(
        ids(&app.get("/api/v1/proposals?state=draft", Some(&hub)).await),
        [p2.as_str(), p3.as_str(), theirs.as_str()]
    );
    let bad_state = app.get("/api/v1/proposals?state=pending", Some(&anna)).await;
    assert_eq!(fields(&bad_state), ["state"]);
    assert_eq!(ids(&app.get(&format!("/api/v1/proposals?challenge_id={other_id}"), Some(&anna)).await), [p3.as_str()]);
    assert_eq!(
        ids(&app.get(&format!("/api/v1/proposals?challenge_id={OPEN_CALL_ID}"), Some(&anna)).await),
        [p1.as_str(), p2.as_str()]
    );
    assert_eq!(
        ids(&app.get(&format!("/api/v1/proposals?challenge_id={other_id}"), Some(&nico)).await),
        Vec::<String>::new()
    );
    assert_eq!(ids(&app.get("/api/v1/proposals?q=quantum-SAFE", Some(&anna)).await), [p1.as_str()]);
    assert_eq!(
        ids(&app.get("/api/v1/proposals?q=Quantum", Some(&anna)).await),
        [p1.as_str(), p2.as_str()],
        "title or summary"
    );
    assert_eq!(ids(&app.get("/api/v1/proposals?q=quantum", Some(&nico)).await), Vec::<String>::new());
    assert_eq!(ids(&app.get("/api/v1/proposals?tag=data", Some(&anna)).await), [p2.as_str(), p3.as_str()]);
    assert_eq!(ids(&app.get("/api/v1/proposals?tag=edge", Some(&anna)).await), [p2.as_str()]);
    assert_eq!(ids(&app.get("/api/v1/proposals?tag=data&state=draft&q=portal", Some(&anna)).await), [p3.as_str()]);

    // Pagination by cursor.
    let mut seen = Vec::new();
    let mut path = "/api/v1/proposals?limit=1".to_owned();
    loop {
        let page = app.get(&path, Some(&anna)).await;
        let page_ids = ids(&page);
        assert_eq!(page_ids.len(), 1, "{}", page.text);
        seen.extend(page_ids);
        match page.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/proposals?limit=1&cursor={cursor}"),
            None => break,
        }
        assert!(seen.len() < 3, "the last page has no cursor");
    }
    assert_eq!(seen, [p1.as_str(), p2.as_str(), p3.as_str()]);
    let two = app.get("/api/v1/proposals?limit=2", Some(&anna)).await;
    assert_eq!(ids(&two), [p1.as_str(), p2.as_str()]);
    assert!(two.body["next_cursor"].is_string());
    let everything = app.get("/api/v1/proposals?limit=3", Some(&anna)).await;
    assert_eq!(ids(&everything).len(), 3);
    assert!(everything.body["next_cursor"].is_null(), "{}", everything.text);
    let too_many = app.get("/api/v1/proposals?limit=101", Some(&anna)).await;
    assert_eq!(fields(&too_many), ["limit"]);
});

hub_test!(edits_need_the_current_etag_and_valid_fields, |app| {
    let (anna, _) = aurora(&app).await;
    let (_, nico_user) = nuvola(&app).await;
    let hub = manager(&app).await;
    let id = id_of(&create(&app, &anna, complete("Editable draft", "open-call")).await);
    let edit = json!({"title": "Editable draft, second take"});

    patch(&app, &anna, &id, None, edit.clone()).await.assert_problem(428, "precondition_required");
    patch(&app, &anna, &id, Some("\"r7\""), edit.clone()).await.assert_problem(412, "precondition_failed");
    patch(&app, &anna, &id, Some("*"), edit.clone()).await.assert_problem(412, "precondition_failed");
    let first = patch(&app, &anna, &id, Some("\"r1\""), edit.clone()).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(first.header("etag"), Some("\"r2\""));
    assert_eq!(first.body["title"], "Editable draft, second take");
    // The ETag read before the edit is stale now.
    patch(&app, &anna, &id, Some("\"r1\""), json!({"title": "Lost update"}))
        .await
        .assert_problem(412, "precondition_failed");

    // Hub managers see proposals but do not edit them.
    patch(&app, &hub, &id, Some("\"r2\""), json!({"title": "Managed title"})).await.assert_problem(403, "forbidden");

    // A proposal stays in its challenge.
    let moved_challenge = patch(&app, &anna, &id, Some("\"r2\""), json!({"challenge_id": "open-call"})).await;
    assert_eq!(fields(&moved_challenge), ["challenge_id"]);

    // Validation names each wrong field.
    let short = patch(&app, &anna, &id, Some("\"r2\""), json!({"title": "abc"})).await;
    assert_eq!(fields(&short), ["title"]);
    let long = patch(&app, &anna, &id, Some("\"r2\""), json!({"summary": "x".repeat(501)})).await;
    assert_eq!(fields(&long), ["summary"]);
    let trl = patch(&app, &anna, &id, Some("\"r2\""), json!({"trl": 10})).await;
    assert_eq!(fields(&trl), ["trl"]);
    let trl = patch(&app, &anna, &id, Some("\"r2\""), json!({"trl": 0})).await;
    assert_eq!(fields(&trl), ["trl"]);
    let pillar = patch(&app, &anna, &id, Some("\"r2\""), json!({"self_assessment": {"happiness": "Plenty"}})).await;
    assert_eq!(fields(&pillar), ["self_assessment.happiness"]);
    let nico_id = nico_user["id"].as_str().expect("id");
    let outsider = patch(&app, &anna, &id, Some("\"r2\""), json!({"team": [nico_id]})).await;
    assert_eq!(fields(&outsider), ["team[0]"]);
    let several = patch(&app, &anna, &id, Some("\"r2\""), json!({"title": "abc", "trl": 10})).await;
    let mut several = fields(&several);
    several.sort();
    assert_eq!(several, ["title", "trl"]);
    // On creation too.
    let mut bad = complete("ok", "open-call");
    bad["trl"] = json!(12);
    let refused = app.post("/api/v1/proposals", Some(&anna), bad).await;
    let mut refused = fields(&refused);
    refused.sort();
    assert_eq!(refused, ["title", "trl"]);

    // Nothing of the refused edits was kept.
    let current = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await;
    assert_eq!(current.header("etag"), Some("\"r2\""));
    assert_eq!(current.body["title"], "Editable draft, second take");
    assert_eq!(current.body["trl"], 5);
    assert_eq!(current.body["team"], json!([]));

    // A member of the organisation may join the team; null clears an optional field.
    let anna_id = user_id(&app, &anna).await;
    let teamed =
        patch(&app, &anna, &id, Some("\"r2\""), json!({"team": [anna_id], "budget_cents": null, "tags": ["ai"]})).await;
    assert_eq!(teamed.status, 200, "{}", teamed.text);
    assert_eq!(teamed.body["team"], json!([anna_id]));
    assert!(teamed.body["budget_cents"].is_null());
    assert_eq!(teamed.body["tags"], json!(["ai"]));

    // Submitted proposals are not editable.
    moved(&act(&app, &anna, &id, "submit", Value::Null).await, "submitted");
    let etag = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await.header("etag").expect("etag").to_owned();
    patch(&app, &anna, &id, Some(&etag), json!({"title": "Edited after submission"}))
        .await
        .assert_problem(409, "not_editable");
});

hub_test!(an_idempotency_key_creates_one_proposal_however_often_it_is_sent, |app| {
    let (anna, _) = aurora(&app).await;
    let (nico, _) = nuvola(&app).await;
    let path = "/api/v1/proposals";
    let body = complete("Created exactly once", "open-call");

    let first = send(&app, Method::POST, path, Some(&anna), &[("Idempotency-Key", "create-1")], body.clone()).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let id = id_of(&first.body);
    let again = send(&app, Method::POST, path, Some(&anna), &[("Idempotency-Key", "create-1")], body.clone()).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.body["id"], id.as_str());
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(ids(&app.get(path, Some(&anna)).await), [id.as_str()]);

    // The same key with another body is refused; nothing is created.
    let other = send(
        &app,
        Method::POST,
        path,
        Some(&anna),
        &[("Idempotency-Key", "create-1")],
        complete("A different proposal", "open-call"),
    )
    .await;
    assert_eq!(fields(&other), ["Idempotency-Key"]);
    assert_eq!(ids(&app.get(path, Some(&anna)).await), [id.as_str()]);
    // Keys belong to their user.
    let theirs = send(&app, Method::POST, path, Some(&nico), &[("Idempotency-Key", "create-1")], body.clone()).await;
    assert_eq!(theirs.status, 201, "{}", theirs.text);
    assert_ne!(theirs.body["id"], id.as_str());
    // Without a key, every POST creates.
    create(&app, &anna, body.clone()).await;
    assert_eq!(ids(&app.get(path, Some(&anna)).await).len(), 2);

    // Ten concurrent POSTs with one key: one proposal, and every answer names it.
    let burst = complete("Created once under fire", "open-call");
    let answers = app
        .concurrently(10, |_, client, base| {
            client
                .post(format!("{base}/api/v1/proposals"))
                .bearer_auth(&anna)
                .header("Idempotency-Key", "burst-1")
                .json(&burst)
        })
        .await;
    let created = answers.iter().filter(|a| a.status == 201).count();
    let replayed = answers.iter().filter(|a| a.status == 200).count();
    assert_eq!((created, replayed), (1, 9), "{:?}", answers.iter().map(|a| &a.text).collect::<Vec<_>>());
    let burst_ids: std::collections::BTreeSet<&str> =
        answers.iter().map(|a| a.body["id"].as_str().expect("id")).collect();
    assert_eq!(burst_ids.len(), 1, "{burst_ids:?}");
    let list = app.get("/api/v1/proposals?q=under%20fire", Some(&anna)).await;
    assert_eq!(ids(&list), burst_ids.iter().map(|i| (*i).to_owned()).collect::<Vec<_>>());
    assert_eq!(ids(&app.get(path, Some(&anna)).await).len(), 3);
});
