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

#[track_caller]
fn ids_of(list: &Value) -> Vec<String> {
    list.as_array().expect("a list").iter().map(|r| r["id"].as_str().expect("id").to_owned()).collect()
}

#[track_caller]
fn item_ids(answer: &Answer) -> Vec<String> {
    assert_eq!(answer.status, 200, "list: {}", answer.text);
    ids_of(&answer.body["items"])
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

hub_test!(assignments_are_made_by_hub_managers_and_refuse_conflicts_of_interest, |app| {
    let (anna, org_a) = aurora(&app).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let university = organization(&app, &admin, "Università di Prova", "university", "80214573604").await;
    let twin = organization(&app, &admin, "Aurora Research Foundation", "university", ORG_A_TAX).await;
    let (eva, eva_id) = evaluator(&app, "eva1@uni.example", Some(&university)).await;
    let (_, operator_eva_id) = evaluator(&app, "eva2@hub.example", None).await;
    let (_, colleague_id) = evaluator(&app, "colleague@aurora.example", Some(&org_a)).await;
    let (_, twin_id) = evaluator(&app, "twin@aurora-research.example", Some(&twin)).await;
    let plain =
        app.user_with_roles("plain@uni.example", &[Role::Proposer], Some(university.parse().expect("id"))).await;
    let plain_id = user_id(&app, &plain).await;

    let title = "Sovereign federated data space";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    let due = in_days(7);

    // The hub manager assigns; the evaluator is emailed.
    let created = assign(&app, Some(&hub), &id, &eva_id, &due).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let review = created.body["id"].as_str().expect("id").to_owned();
    assert_eq!(created.body["state"], "assigned");
    assert_eq!(created.body["proposal_id"], id.as_str());
    assert_eq!(created.body["proposal_title"], title);
    assert_eq!(created.body["proposal_version"], 1);
    assert_eq!(created.body["evaluator_id"], eva_id.as_str());
    assert_eq!(created.body["evaluator_name"], "Staff Member");
    assert_eq!(
        created.body["due_at"].as_str().map(|d| d.parse::<chrono::DateTime<Utc>>().expect("rfc 3339")),
        Some(due.parse::<chrono::DateTime<Utc>>().expect("rfc 3339"))
    );
    assert!(created.body["conflict_confirmed_at"].is_null(), "{}", created.text);
    assert!(created.body["submitted_at"].is_null(), "{}", created.text);
    assert_eq!(created.body["scores"], json!({}));
    let mail = app.mail_to("eva1@uni.example").await;
    assert!(mail.subject.contains(title), "subject: {}", mail.subject);
    assert!(mail.body.contains(title) && mail.body.contains(ASSIGNED_MARKER), "{}", mail.body);

    // The assignments, for hub managers only.
    let list = app.get(&format!("/api/v1/proposals/{id}/assignments"), Some(&hub)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(ids_of(&list.body), [review.as_str()]);
    assert_eq!(list.body[0]["evaluator_id"], eva_id.as_str());
    assert_eq!(list.body[0]["evaluator_name"], "Staff Member");
    assert_eq!(list.body[0]["state"], "assigned");
    app.get(&format!("/api/v1/proposals/{id}/assignments"), Some(&anna)).await.assert_problem(403, "forbidden");
    app.get(&format!("/api/v1/proposals/{id}/assignments"), Some(&eva)).await.assert_problem(403, "forbidden");
    app.get(&format!("/api/v1/proposals/{id}/assignments"), None).await.assert_problem(401, "unauthenticated");

    // Only hub managers assign.
    assign(&app, Some(&anna), &id, &operator_eva_id, &due).await.assert_problem(403, "forbidden");
    assign(&app, Some(&eva), &id, &operator_eva_id, &due).await.assert_problem(403, "forbidden");
    assign(&app, None, &id, &operator_eva_id, &due).await.assert_problem(401, "unauthenticated");

    // Only proposals under review are assigned.
    let drafted = draft(&app, &anna, "Still a draft", "open-call").await;
    assign(&app, Some(&hub), &drafted, &operator_eva_id, &due).await.assert_problem(409, "not_under_review");
    let waiting = submitted(&app, &anna, "Submitted, not screened", "open-call").await;
    assign(&app, Some(&hub), &waiting, &operator_eva_id, &due).await.assert_problem(409, "not_under_review");

    // Conflicts of interest: the proposing organisation, and any organisation with its tax code.
    assign(&app, Some(&hub), &id, &colleague_id, &due).await.assert_problem(409, "conflict_of_interest");
    assign(&app, Some(&hub), &id, &twin_id, &due).await.assert_problem(409, "conflict_of_interest");

    // Evaluators only; a due date in the future; once per evaluator.
    assert_eq!(fields(&assign(&app, Some(&hub), &id, &plain_id, &due).await), ["evaluator_id"]);
    let unknown = uuid::Uuid::now_v7().to_string();
    assert_eq!(fields(&assign(&app, Some(&hub), &id, &unknown, &due).await), ["evaluator_id"]);
    assert_eq!(fields(&assign(&app, Some(&hub), &id, "not-a-user", &due).await), ["evaluator_id"]);
    let past = (Utc::now() - Duration::hours(1)).trunc_subsecs(0).to_rfc3339();
    assert_eq!(fields(&assign(&app, Some(&hub), &id, &operator_eva_id, &past).await), ["due_at"]);
    assign(&app, Some(&hub), &id, &eva_id, &due).await.assert_problem(409, "already_assigned");

    // None of the refusals left an assignment or an email behind.
    let list = app.get(&format!("/api/v1/proposals/{id}/assignments"), Some(&hub)).await;
    assert_eq!(ids_of(&list.body), [review.as_str()]);
    for to in ["colleague@aurora.example", "twin@aurora-research.example", "eva2@hub.example", "plain@uni.example"] {
        assert!(mails_with(&app, to, "", "").is_empty(), "no email to {to}");
    }
    tokio::time::sleep(StdDuration::from_millis(500)).await;
    assert_eq!(app.mails_to("eva1@uni.example", 1).await.len(), 1, "one assignment, one email");

    // Another evaluator can be assigned too.
    let second = assigned(&app, &hub, &id, &operator_eva_id, &due).await;
    let list = app.get(&format!("/api/v1/proposals/{id}/assignments"), Some(&hub)).await;
    assert_eq!(ids_of(&list.body), [review.as_str(), second.as_str()]);
});

hub_test!(evaluators_confirm_no_conflict_before_reading_or_decline_with_a_reason, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let (eva, eva_id) = evaluator(&app, "eva1@uni.example", None).await;
    let (dora, dora_id) = evaluator(&app, "dora@uni.example", None).await;
    let title = "Quantum-safe VPN gateway";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    let review = assigned(&app, &hub, &id, &eva_id, &in_days(7)).await;
    let declined = assigned(&app, &hub, &id, &dora_id, &in_days(7)).await;

    // Before confirming: the proposal and the review are closed to the evaluator.
    app.get(&format!("/api/v1/proposals/{id}"), Some(&eva)).await.assert_problem(403, "forbidden");
    save(&app, &eva, &review, full_review("Early")).await.assert_problem(403, "forbidden");
    review_act(&app, &eva, &review, "submit", Value::Null).await.assert_problem(403, "forbidden");
    assert_eq!(item_ids(&app.get("/api/v1/proposals", Some(&eva)).await), Vec::<String>::new());

    // The queue shows the assignment with the proposal's title.
    let queue = app.get("/api/v1/reviews", Some(&eva)).await;
    assert_eq!(item_ids(&queue), [review.as_str()]);
    assert_eq!(queue.body["items"][0]["proposal_title"], title);
    assert_eq!(queue.body["items"][0]["proposal_id"], id.as_str());
    assert_eq!(queue.body["items"][0]["state"], "assigned");
    assert!(queue.body["items"][0]["conflict_confirmed_at"].is_null());
    app.get("/api/v1/reviews", Some(&anna)).await.assert_problem(403, "forbidden");
    app.get("/api/v1/reviews", None).await.assert_problem(401, "unauthenticated");
    // Someone else's assignment is not there.
    review_act(&app, &dora, &review, "confirm-no-conflict", Value::Null).await.assert_problem(404, "not_found");

    // Confirming opens the proposal; a second confirmation is refused.
    let confirmed = review_act(&app, &eva, &review, "confirm-no-conflict", Value::Null).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    assert!(confirmed.body["conflict_confirmed_at"].is_string(), "{}", confirmed.text);
    assert_eq!(confirmed.body["state"], "assigned");
    review_act(&app, &eva, &review, "confirm-no-conflict", Value::Null).await.assert_problem(409, "invalid_transition");
    let read = app.get(&format!("/api/v1/proposals/{id}"), Some(&eva)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["title"], title);
    assert_eq!(item_ids(&app.get("/api/v1/proposals", Some(&eva)).await), [id.as_str()]);
    let own = app.get(&format!("/api/v1/reviews/{review}"), Some(&eva)).await;
    assert_eq!(own.status, 200, "{}", own.text);
    assert!(own.body["conflict_confirmed_at"].is_string());

    // Declining needs a reason, which is kept.
    confirm(&app, &dora, &declined).await;
    assert_eq!(app.get(&format!("/api/v1/proposals/{id}"), Some(&dora)).await.status, 200);
    assert_eq!(fields(&review_act(&app, &dora, &declined, "decline", Value::Null).await), ["reason"]);
    assert_eq!(fields(&review_act(&app, &dora, &declined, "decline", json!({"reason": "   "})).await), ["reason"]);
    let control = review_act(&app, &dora, &declined, "decline", json!({"reason": "Conflitto\u{1b}[31m"})).await;
    assert_eq!(control.assert_problem(422, "validation_failed")["errors"][0]["code"], "control_characters");
    let reason = "I advised Aurora Labs last year.";
    let answer = review_act(&app, &dora, &declined, "decline", json!({"reason": reason})).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["state"], "declined");
    assert_eq!(answer.body["declined_reason"], reason);
    let list = app.get(&format!("/api/v1/proposals/{id}/assignments"), Some(&hub)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let entry = list.body.as_array().expect("list").iter().find(|a| a["id"] == declined.as_str()).expect("declined");
    assert_eq!(entry["state"], "declined");
    assert_eq!(entry["declined_reason"], reason);
    assert_eq!(entry["evaluator_id"], dora_id.as_str());

    // Declined: the proposal is closed to that evaluator again, and the assignment is final.
    app.get(&format!("/api/v1/proposals/{id}"), Some(&dora)).await.assert_problem(404, "not_found");
    assert_eq!(item_ids(&app.get("/api/v1/proposals", Some(&dora)).await), Vec::<String>::new());
    review_act(&app, &dora, &declined, "decline", json!({"reason": reason}))
        .await
        .assert_problem(409, "invalid_transition");
    save(&app, &dora, &declined, full_review("Late")).await.assert_problem(409, "invalid_transition");
    review_act(&app, &dora, &declined, "submit", Value::Null).await.assert_problem(409, "invalid_transition");
    // The other evaluator is unaffected.
    assert_eq!(app.get(&format!("/api/v1/proposals/{id}"), Some(&eva)).await.status, 200);
});

hub_test!(reviews_are_validated_submitted_complete_and_frozen, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let (eva, eva_id) = evaluator(&app, "eva1@uni.example", None).await;
    let id = under_review(&app, &anna, &hub, "Edge analytics platform", "open-call").await;
    let review = assigned(&app, &hub, &id, &eva_id, &in_days(7)).await;
    confirm(&app, &eva, &review).await;

    // Scores are 0–5 in half points, on the four pillars.
    let quarter = save(&app, &eva, &review, json!({"scores": {"talent_skills": 2.25}})).await;
    assert_eq!(fields(&quarter), ["scores.talent_skills"]);
    let six = save(&app, &eva, &review, json!({"scores": {"growth_development": 6}})).await;
    assert_eq!(fields(&six), ["scores.growth_development"]);
    let negative = save(&app, &eva, &review, json!({"scores": {"growth_development": -0.5}})).await;
    assert_eq!(fields(&negative), ["scores.growth_development"]);
    let luck = save(&app, &eva, &review, json!({"scores": {"luck": 3.0}})).await;
    assert_eq!(fields(&luck), ["scores.luck"]);
    let luck = save(&app, &eva, &review, json!({"comments": {"luck": "Plenty"}})).await;
    assert_eq!(fields(&luck), ["comments.luck"]);
    let recommendation = save(&app, &eva, &review, json!({"recommendation": "maybe"})).await;
    assert_eq!(fields(&recommendation), ["recommendation"]);
    assert_eq!(app.get(&format!("/api/v1/reviews/{review}"), Some(&eva)).await.body["state"], "assigned");

    // A partial draft is saved, but not submitted: every missing field is named.
    let partial = save(&app, &eva, &review, json!({"scores": {"talent_skills": 2.0, "growth_development": 0}})).await;
    assert_eq!(partial.status, 200, "{}", partial.text);
    assert_eq!(partial.body["state"], "in_progress");
    assert_eq!(partial.body["scores"], json!({"talent_skills": 2.0, "growth_development": 0.0}));
    let incomplete = review_act(&app, &eva, &review, "submit", Value::Null).await;
    assert_eq!(
        fields(&incomplete),
        [
            "scores.security_sovereignty",
            "comments.growth_development",
            "comments.talent_skills",
            "scores.effectiveness_sustainability",
            "overall_comment",
            "recommendation"
        ]
    );
    // A score above 2 needs no comment; 2.5 is not "2 or less".
    let mut almost = full_review("Hub only");
    almost["scores"]["talent_skills"] = json!(2.5);
    almost["comments"] = json!({});
    almost["overall_comment"] = json!("  ");
    let almost = save(&app, &eva, &review, almost).await;
    assert_eq!(almost.status, 200, "{}", almost.text);
    assert_eq!(fields(&review_act(&app, &eva, &review, "submit", Value::Null).await), ["overall_comment"]);
    assert_eq!(app.get(&format!("/api/v1/reviews/{review}"), Some(&eva)).await.body["state"], "in_progress");

    // Complete: submitted, with everything kept.
    let saved = save(&app, &eva, &review, full_review("Hub only")).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    let done = review_act(&app, &eva, &review, "submit", Value::Null).await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.body["state"], "submitted");
    assert!(done.body["submitted_at"].is_string(), "{}", done.text);
    let read = app.get(&format!("/api/v1/reviews/{review}"), Some(&eva)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["state"], "submitted");
    assert_eq!(
        read.body["scores"],
        json!({"security_sovereignty": 4.5, "growth_development": 3.5, "talent_skills": 2.0, "effectiveness_sustainability": 3.0})
    );
    let scored: Vec<&str> = read.body["scores"].as_object().expect("scores").keys().map(String::as_str).collect();
    let mut pillars = PILLARS.to_vec();
    pillars.sort_unstable();
    assert_eq!(scored, pillars, "every pillar scored");
    assert_eq!(read.body["comments"], json!({"talent_skills": "The training plan is vague."}));
    assert_eq!(read.body["overall_comment"], "A solid proposal with a weak training plan.");
    assert_eq!(read.body["confidential_comment"], "Hub only");
    assert_eq!(read.body["recommendation"], "revise");
    assert_eq!(read.body["submitted_at"], done.body["submitted_at"]);

    // Frozen.
    let mut changed = full_review("Changed my mind");
    changed["recommendation"] = json!("accept");
    save(&app, &eva, &review, changed).await.assert_problem(409, "invalid_transition");
    review_act(&app, &eva, &review, "submit", Value::Null).await.assert_problem(409, "invalid_transition");
    review_act(&app, &eva, &review, "decline", json!({"reason": "Too late"}))
        .await
        .assert_problem(409, "invalid_transition");
    review_act(&app, &eva, &review, "confirm-no-conflict", Value::Null).await.assert_problem(409, "invalid_transition");
    let again = app.get(&format!("/api/v1/reviews/{review}"), Some(&eva)).await;
    assert_eq!(again.body, read.body, "nothing changed");
    // The queue filters by state.
    assert_eq!(item_ids(&app.get("/api/v1/reviews?state=submitted", Some(&eva)).await), [review.as_str()]);
    assert_eq!(item_ids(&app.get("/api/v1/reviews?state=assigned", Some(&eva)).await), Vec::<String>::new());
    assert_eq!(fields(&app.get("/api/v1/reviews?state=lost", Some(&eva)).await), ["state"]);
});

hub_test!(fifty_concurrent_submissions_submit_a_review_once, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let (eva, eva_id) = evaluator(&app, "eva1@uni.example", None).await;
    let id = under_review(&app, &anna, &hub, "Created once under fire", "open-call").await;
    let review = assigned(&app, &hub, &id, &eva_id, &in_days(7)).await;
    confirm(&app, &eva, &review).await;
    let saved = save(&app, &eva, &review, full_review("Concurrent")).await;
    assert_eq!(saved.status, 200, "{}", saved.text);

    let answers = app
        .concurrently(50, |_, client, base| {
            client.post(format!("{base}/api/v1/reviews/{review}/submit")).bearer_auth(&eva)
        })
        .await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    let won: Vec<&Answer> = answers.iter().filter(|a| a.status == 200).collect();
    let refused = answers.iter().filter(|a| a.status == 409).count();
    assert_eq!(
        (won.len(), refused),
        (1, 49),
        "{statuses:?}: {:?}",
        answers.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
    for answer in answers.iter().filter(|a| a.status == 409) {
        answer.assert_problem(409, "invalid_transition");
    }
    let winner = won[0];
    assert_eq!(winner.body["state"], "submitted");

    let read = app.get(&format!("/api/v1/reviews/{review}"), Some(&eva)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["state"], "submitted");
    assert_eq!(read.body["submitted_at"], winner.body["submitted_at"]);
    // One submission in the audit log.
    let audit = app.get("/api/v1/audit?target_type=assignment&limit=100", Some(&admin)).await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    let submissions = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["target_id"] == review.as_str() && e["details"]["action"] == "submit")
        .count();
    assert_eq!(submissions, 1, "{}", audit.text);
});

hub_test!(evaluators_read_other_reviews_only_after_submitting_their_own_and_anonymised, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let (eva, eva_id) = evaluator(&app, "eva1@uni.example", None).await;
    let (bob, bob_id) = evaluator(&app, "bob@uni.example", None).await;
    let (carl, _) = evaluator(&app, "carl@uni.example", None).await;
    let id = under_review(&app, &anna, &hub, "Open data portal", "open-call").await;
    let eva_review = assigned(&app, &hub, &id, &eva_id, &in_days(7)).await;
    let bob_review = assigned(&app, &hub, &id, &bob_id, &in_days(7)).await;
    confirm(&app, &eva, &eva_review).await;
    confirm(&app, &bob, &bob_review).await;
    let path = format!("/api/v1/proposals/{id}/reviews");

    // Before submitting: nothing to read.
    let saved = save(&app, &eva, &eva_review, full_review("Eva's secret")).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    app.get(&path, Some(&eva)).await.assert_problem(403, "forbidden");
    let saved = save(&app, &bob, &bob_review, full_review("Bob's secret")).await;
    assert_eq!(saved.status, 200, "{}", saved.text);

    // Eva submits: she reads the submitted reviews only (her own, with her confidential comment).
    submit_review(&app, &eva, &eva_review, "Eva's secret").await;
    let seen = app.get(&path, Some(&eva)).await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    assert_eq!(ids_of(&seen.body), [eva_review.as_str()], "Bob's draft is not shown");
    assert_eq!(seen.body[0]["confidential_comment"], "Eva's secret");
    assert_eq!(seen.body[0]["evaluator_id"], eva_id.as_str());
    assert!(!seen.text.contains("Bob's secret"), "{}", seen.text);
    // Bob, not yet submitted, still reads nothing.
    app.get(&path, Some(&bob)).await.assert_problem(403, "forbidden");

    // The hub manager reads every review, submitted or not, with names and confidential comments.
    let all = app.get(&path, Some(&hub)).await;
    assert_eq!(all.status, 200, "{}", all.text);
    assert_eq!(ids_of(&all.body), [eva_review.as_str(), bob_review.as_str()]);
    assert_eq!(all.body[0]["state"], "submitted");
    assert_eq!(all.body[1]["state"], "in_progress");
    assert_eq!(all.body[0]["evaluator_id"], eva_id.as_str());
    assert_eq!(all.body[1]["evaluator_id"], bob_id.as_str());
    assert_eq!(all.body[0]["evaluator_name"], "Staff Member");
    assert_eq!(all.body[1]["evaluator_name"], "Staff Member");
    assert_eq!(all.body[0]["confidential_comment"], "Eva's secret");
    assert_eq!(all.body[1]["confidential_comment"], "Bob's secret");

    // Bob submits: each reads the other's review anonymised, without its confidential comment.
    submit_review(&app, &bob, &bob_review, "Bob's secret").await;
    for (token, own, own_id, other, own_secret, other_secret) in [
        (&eva, &eva_review, &eva_id, &bob_review, "Eva's secret", "Bob's secret"),
        (&bob, &bob_review, &bob_id, &eva_review, "Bob's secret", "Eva's secret"),
    ] {
        let seen = app.get(&path, Some(token)).await;
        assert_eq!(seen.status, 200, "{}", seen.text);
        assert_eq!(ids_of(&seen.body), [eva_review.as_str(), bob_review.as_str()]);
        let reviews = seen.body.as_array().expect("list");
        let mine = reviews.iter().find(|r| r["id"] == own.as_str()).expect("own review");
        let theirs = reviews.iter().find(|r| r["id"] == other.as_str()).expect("other review");
        assert_eq!(mine["confidential_comment"], own_secret);
        assert_eq!(mine["evaluator_id"], own_id.as_str());
        assert!(theirs["confidential_comment"].is_null(), "{theirs}");
        assert!(theirs["evaluator_id"].is_null(), "{theirs}");
        assert!(theirs["evaluator_name"].is_null(), "{theirs}");
        assert_eq!(theirs["overall_comment"], "A solid proposal with a weak training plan.");
        assert_eq!(theirs["scores"]["security_sovereignty"], 4.5);
        assert!(!seen.text.contains(other_secret), "{}", seen.text);
    }

    // The proposer reads no review (before the decision); nor does an evaluator not assigned.
    let proposer = app.get(&path, Some(&anna)).await;
    assert_ne!(proposer.status, 200, "{}", proposer.text);
    assert!(proposer.status == 403 || proposer.status == 404, "{}", proposer.text);
    for secret in ["Eva's secret", "Bob's secret", "weak training plan", eva_id.as_str(), bob_id.as_str()] {
        assert!(!proposer.text.contains(secret), "{}", proposer.text);
    }
    app.get(&path, Some(&carl)).await.assert_problem(404, "not_found");
    app.get(&path, None).await.assert_problem(401, "unauthenticated");

    // A review is read by its evaluator and hub managers only.
    app.get(&format!("/api/v1/reviews/{eva_review}"), Some(&bob)).await.assert_problem(404, "not_found");
    app.get(&format!("/api/v1/reviews/{eva_review}"), Some(&carl)).await.assert_problem(404, "not_found");
    let by_proposer = app.get(&format!("/api/v1/reviews/{eva_review}"), Some(&anna)).await;
    assert!(by_proposer.status == 403 || by_proposer.status == 404, "{}", by_proposer.text);
    assert!(!by_proposer.text.contains("Eva's secret"), "{}", by_proposer.text);
    let by_hub = app.get(&format!("/api/v1/reviews/{eva_review}"), Some(&hub)).await;
    assert_eq!(by_hub.status, 200, "{}", by_hub.text);
    assert_eq!(by_hub.body["confidential_comment"], "Eva's secret");
    app.get("/api/v1/reviews/not-a-review", Some(&eva)).await.assert_problem(404, "not_found");
});

hub_test!(evaluators_are_reminded_once_when_a_review_is_due_within_two_days, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let (_, eva_id) = evaluator(&app, "eva1@uni.example", None).await;
    let (_, bob_id) = evaluator(&app, "bob@uni.example", None).await;
    let soon = "Due soon: sovereign cloud";
    let later = "Due later: green datacentre";
    let first = under_review(&app, &anna, &hub, soon, "open-call").await;
    let second = under_review(&app, &anna, &hub, later, "open-call").await;

    // Due in 47 hours: reminded at once, exactly once.
    let due = (Utc::now() + Duration::hours(47)).trunc_subsecs(0).to_rfc3339();
    assigned(&app, &hub, &first, &eva_id, &due).await;
    let reminders = wait_mails(&app, "eva1@uni.example", soon, DUE_MARKER, 1, StdDuration::from_secs(10)).await;
    assert_eq!(reminders.len(), 1, "a reminder for the review due in 47 hours");
    assert!(reminders[0].subject.contains(soon), "subject: {}", reminders[0].subject);
    assert!(reminders[0].subject.to_lowercase().contains("due soon"), "subject: {}", reminders[0].subject);
    tokio::time::sleep(StdDuration::from_secs(1)).await;
    assert_eq!(mails_with(&app, "eva1@uni.example", soon, DUE_MARKER).len(), 1, "reminded once");
    assert_eq!(mails_with(&app, "eva1@uni.example", soon, ASSIGNED_MARKER).len(), 1, "and told of the assignment");

    // Due in 5 days: no reminder yet.
    assigned(&app, &hub, &second, &bob_id, &in_days(5)).await;
    assert_eq!(
        wait_mails(&app, "bob@uni.example", later, ASSIGNED_MARKER, 1, StdDuration::from_secs(10)).await.len(),
        1
    );
    tokio::time::sleep(StdDuration::from_secs(1)).await;
    assert!(mails_with(&app, "bob@uni.example", later, DUE_MARKER).is_empty(), "not due within two days yet");

    // Four days later it is due within two days: one reminder.
    app.clock.advance(Duration::days(4));
    let reminders = wait_mails(&app, "bob@uni.example", later, DUE_MARKER, 1, StdDuration::from_secs(10)).await;
    assert_eq!(reminders.len(), 1, "a reminder once the review is due within two days");
    assert!(reminders[0].subject.contains(later), "subject: {}", reminders[0].subject);
    tokio::time::sleep(StdDuration::from_secs(1)).await;
    assert_eq!(mails_with(&app, "bob@uni.example", later, DUE_MARKER).len(), 1, "reminded once");
    // The first review (now past due) was not reminded again.
    assert_eq!(mails_with(&app, "eva1@uni.example", soon, DUE_MARKER).len(), 1);
});

hub_test!(the_first_submitted_review_freezes_the_challenge_rubric, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let (eva, eva_id) = evaluator(&app, "eva1@uni.example", None).await;
    let (challenge, slug) = open_challenge(&app, &hub, &admin).await;
    let id = under_review(&app, &anna, &hub, "Smart lighting for the city", &slug).await;
    let read = app.get(&format!("/api/v1/proposals/{id}"), Some(&hub)).await;
    assert_eq!(read.body["challenge_id"], challenge.as_str());
    let review = assigned(&app, &hub, &id, &eva_id, &in_days(7)).await;
    confirm(&app, &eva, &review).await;

    // A draft review does not freeze the rubric.
    let saved = save(&app, &eva, &review, full_review("Draft")).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    let etag = challenge_etag(&app, &hub, &challenge).await;
    let weights = json!({"evaluation": {"weights": {"talent_skills": 10, "effectiveness_sustainability": 40}}});
    let reweighted = patch_challenge(&app, &hub, &challenge, &etag, weights).await;
    assert_eq!(reweighted.status, 200, "{}", reweighted.text);
    assert_eq!(reweighted.body["evaluation"]["weights"]["talent_skills"], 10);

    // Submitted: the evaluation settings are frozen, the rest is still editable.
    submit_review(&app, &eva, &review, "Final").await;
    let etag = challenge_etag(&app, &hub, &challenge).await;
    let weights = json!({"evaluation": {"weights": {"talent_skills": 25, "effectiveness_sustainability": 25}}});
    patch_challenge(&app, &hub, &challenge, &etag, weights).await.assert_problem(409, "rubric_frozen");
    let thresholds = json!({"evaluation": {"thresholds": {"talent_skills": 3.5}}});
    patch_challenge(&app, &hub, &challenge, &etag, thresholds).await.assert_problem(409, "rubric_frozen");
    let read = app.get(&format!("/api/v1/challenges/{challenge}"), Some(&hub)).await;
    assert_eq!(read.header("etag"), Some(etag.as_str()), "nothing changed");
    assert_eq!(read.body["evaluation"]["weights"]["talent_skills"], 10);
    let retitled =
        patch_challenge(&app, &hub, &challenge, &etag, json!({"title_it": "Sfida valutata, nuovo titolo"})).await;
    assert_eq!(retitled.status, 200, "{}", retitled.text);
    assert_eq!(retitled.body["title_it"], "Sfida valutata, nuovo titolo");
    assert_eq!(retitled.body["evaluation"]["weights"]["talent_skills"], 10);
    assert_ne!(retitled.header("etag"), Some(etag.as_str()));
});
