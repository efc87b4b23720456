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
    answer.body.as_array().expect("a list").iter().map(|r| r["id"].as_str().expect("id").to_owned()).collect()
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

hub_test!(the_blind_rule_holds_per_version, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let uni = university(&app).await;
    let (eva1, eva1_id) = evaluator(&app, "eva1@uni.example", Some(&uni)).await;
    let (eva2, eva2_id) = evaluator(&app, "eva2@uni.example", Some(&uni)).await;
    let id = under_review(&app, &anna, &hub, "Versioned sovereign cloud", "open-call").await;

    // Version 1: both submit; each then reads the other's version-1 review.
    let v1_eva1 = assigned(&app, &hub, &id, &eva1_id, &in_days(7)).await;
    let v1_eva2 = assigned(&app, &hub, &id, &eva2_id, &in_days(7)).await;
    submit(&app, &eva1, &v1_eva1, 3.0, "eva1 v1").await;
    submit(&app, &eva2, &v1_eva2, 4.0, "eva2 v1").await;

    // Version 2: eva2 submits first; eva1 has confirmed but not submitted.
    moved(&app, &hub, &id, "request-revision", json!({"note": "Sharpen the budget."}), "revision_requested").await;
    moved(&app, &anna, &id, "resubmit", Value::Null, "submitted").await;
    moved(&app, &hub, &id, "screen", json!({"eligible": true}), "under_review").await;
    let v2_eva1 = assigned(&app, &hub, &id, &eva1_id, &in_days(7)).await;
    let v2_eva2 = assigned(&app, &hub, &id, &eva2_id, &in_days(7)).await;
    submit(&app, &eva2, &v2_eva2, 1.0, "eva2 v2").await;
    confirm(&app, &eva1, &v2_eva1).await;

    // eva1 reads version 1 (both submitted) and their own version 2 draft, never eva2's version 2.
    let read = app.get(&reviews_path(&id), Some(&eva1)).await;
    let seen = ids(&read);
    assert!(!seen.contains(&v2_eva2), "eva2's version-2 review leaked before eva1 submitted theirs: {}", read.text);
    assert!(!read.text.contains("eva2 v2"), "{}", read.text);
    assert!(seen.contains(&v1_eva2) && seen.contains(&v1_eva1) && seen.contains(&v2_eva1), "{}", read.text);
    app.get(&format!("/api/v1/reviews/{v2_eva2}"), Some(&eva1)).await.assert_problem(404, "not_found");

    // Once eva1 submits version 2, eva2's reads anonymised, without the confidential comment.
    save_and_submit(&app, &eva1, &v2_eva1, body(2.0, "eva1 v2")).await;
    let read = app.get(&reviews_path(&id), Some(&eva1)).await;
    assert!(ids(&read).contains(&v2_eva2), "{}", read.text);
    let other = read.body.as_array().expect("list").iter().find(|r| r["id"] == v2_eva2.as_str()).expect("eva2 v2");
    assert!(other["evaluator_id"].is_null() && other["confidential_comment"].is_null(), "{other}");
    app.get(&format!("/api/v1/reviews/{v2_eva2}"), Some(&eva1)).await.assert_problem(404, "not_found");
});

hub_test!(the_manager_role_never_lifts_the_blind_rule_of_an_assigned_evaluator, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let uni = university(&app).await;
    let both = app.user_with_roles("both@hub.example", &[Role::HubManager, Role::Evaluator], None).await;
    let both_id = user_id(&app, &both).await;
    let (eva, eva_id) = evaluator(&app, "eva@uni.example", Some(&uni)).await;
    let id = under_review(&app, &anna, &hub, "Blind manager proposal", "open-call").await;
    let mine = assigned(&app, &hub, &id, &both_id, &in_days(7)).await;
    let theirs = assigned(&app, &hub, &id, &eva_id, &in_days(7)).await;
    submit(&app, &eva, &theirs, 4.5, "the other evaluator").await;
    confirm(&app, &both, &mine).await;

    // Every path that returns others' reviews or scores is closed to them until they submit.
    let reviews = app.get(&reviews_path(&id), Some(&both)).await;
    reviews.assert_problem(403, "forbidden");
    app.get(&format!("/api/v1/reviews/{theirs}"), Some(&both)).await.assert_problem(404, "not_found");
    let listed = app.get(&format!("/api/v1/proposals/{id}/assignments"), Some(&both)).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert!(!listed.text.contains("the other evaluator"), "assignments list leaks the review: {}", listed.text);
    let other = listed.body.as_array().expect("list").iter().find(|r| r["id"] == theirs.as_str()).expect("listed");
    assert_eq!(other["scores"], json!({}), "{other}");
    assert!(!ranking_ids(&app, &both).await.contains(&id), "the ranking shows a proposal they are blind to");
    let ranking = app.get("/api/v1/challenges/open-call/ranking", Some(&both)).await;
    assert!(ranking.body["leniency"].get(&eva_id).is_none(), "the blinded review counts: {}", ranking.text);
    assert!(ranking_ids(&app, &hub).await.contains(&id), "an unassigned manager ranks it");
    let decide = json!({"decision": "reject", "rationale": "Not now."});
    app.post(&format!("/api/v1/proposals/{id}/decide"), Some(&both), decide).await.assert_problem(403, "forbidden");

    // After submitting their own, they read every review, as a hub manager.
    save_and_submit(&app, &both, &mine, body(3.0, "both")).await;
    let reviews = app.get(&reviews_path(&id), Some(&both)).await;
    assert_eq!(ids(&reviews).len(), 2, "{}", reviews.text);
    assert!(reviews.text.contains("the other evaluator"), "{}", reviews.text);
    assert!(ranking_ids(&app, &both).await.contains(&id));
});

hub_test!(open_reviews_close_when_the_proposal_leaves_review, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let uni = organization(&app, &admin, "Università di Prova", "university", "80214573604").await;
    let (drafter, drafter_id) = evaluator(&app, "drafter@uni.example", Some(&uni)).await;
    let (done, done_id) = evaluator(&app, "done@uni.example", Some(&uni)).await;
    let (late, late_id) = evaluator(&app, "late@uni.example", Some(&uni)).await;
    let title = "Decided while reviews were open";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    let drafting = assigned(&app, &hub, &id, &drafter_id, &in_days(7)).await;
    let submitted = assigned(&app, &hub, &id, &done_id, &in_days(7)).await;
    let unconfirmed = assigned(&app, &hub, &id, &late_id, &in_days(7)).await;
    confirm(&app, &drafter, &drafting).await;
    assert_eq!(save(&app, &drafter, &drafting, body(5.0, "drafter")).await.status, 200);
    submit(&app, &done, &submitted, 2.0, "done").await;

    let decide = json!({"decision": "reject", "rationale": "Below the bar."});
    let decided = app.post(&format!("/api/v1/proposals/{id}/decide"), Some(&hub), decide).await;
    assert_eq!(decided.status, 200, "{}", decided.text);
    let feedback_path = format!("/api/v1/proposals/{id}/feedback");
    let before = app.get(&feedback_path, Some(&anna)).await;
    assert_eq!(before.status, 200, "{}", before.text);
    let ranked_before = app.get("/api/v1/challenges/open-call/ranking", Some(&hub)).await;

    // Nothing more can be written into the decided proposal's reviews.
    review_act(&app, &drafter, &drafting, "submit", Value::Null).await.assert_problem(409, "invalid_transition");
    save(&app, &drafter, &drafting, body(5.0, "drafter")).await.assert_problem(409, "invalid_transition");
    review_act(&app, &late, &unconfirmed, "confirm-no-conflict", Value::Null)
        .await
        .assert_problem(409, "invalid_transition");
    let after = app.get(&feedback_path, Some(&anna)).await;
    assert_eq!(after.body, before.body, "the feedback changed after the decision");
    let ranked_after = app.get("/api/v1/challenges/open-call/ranking", Some(&hub)).await;
    assert_eq!(ranked_after.body["rows"], ranked_before.body["rows"], "the ranking changed after the decision");

    // The open reviews are cancelled with their reason, in history and audit; their evaluators told.
    let read = app.get(&format!("/api/v1/reviews/{drafting}"), Some(&drafter)).await;
    assert_eq!(read.body["state"], "cancelled", "{}", read.text);
    assert_eq!(read.body["cancelled_reason"], "proposal_decided", "{}", read.text);
    let read = app.get(&format!("/api/v1/reviews/{submitted}"), Some(&done)).await;
    assert_eq!(read.body["state"], "submitted", "a submitted review stays: {}", read.text);
    let history = app.get(&format!("/api/v1/proposals/{id}/history"), Some(&hub)).await;
    let cancelled: Vec<&Value> =
        history.body.as_array().expect("steps").iter().filter(|h| h["action"] == "reviews_cancelled").collect();
    assert_eq!(cancelled.len(), 1, "{}", history.text);
    assert!(cancelled[0]["note"].as_str().is_some_and(|n| n.starts_with("2 ")), "{}", history.text);
    let audit = app.get("/api/v1/audit?target_type=proposal", Some(&admin)).await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    let closed = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["action"] == "assignment.cancelled" && e["target_id"] == id.as_str())
        .count();
    assert_eq!(closed, 2, "{}", audit.text);
    for to in ["drafter@uni.example", "late@uni.example"] {
        let mails = wait_mails(&app, to, title, "the hub decided on the proposal", 1, StdDuration::from_secs(15)).await;
        assert_eq!(mails.len(), 1, "the cancellation email to {to}");
    }
    assert!(
        wait_mails(&app, "done@uni.example", title, "cancelled", 1, StdDuration::from_millis(300)).await.is_empty()
    );

    // Withdrawn, and returned for revision: the same.
    for (action, body_, reason) in [
        ("withdraw", Value::Null, "proposal_withdrawn"),
        ("request-revision", json!({"note": "Rework it."}), "revision_requested"),
    ] {
        let other = under_review(&app, &anna, &hub, &format!("Leaves review by {action}"), "open-call").await;
        let review = assigned(&app, &hub, &other, &drafter_id, &in_days(7)).await;
        confirm(&app, &drafter, &review).await;
        let who = if action == "withdraw" { &anna } else { &hub };
        let moved_ = app.post(&format!("/api/v1/proposals/{other}/{action}"), Some(who), body_).await;
        assert_eq!(moved_.status, 200, "{action}: {}", moved_.text);
        save(&app, &drafter, &review, body(4.0, "drafter")).await.assert_problem(409, "invalid_transition");
        let read = app.get(&format!("/api/v1/reviews/{review}"), Some(&drafter)).await;
        assert_eq!((&read.body["state"], &read.body["cancelled_reason"]), (&json!("cancelled"), &json!(reason)));
    }
});

hub_test!(the_override_reason_stays_internal, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let title = "Accepted against the rules";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    let secret = "Board instruction 77-X";
    let decide = json!({"decision": "accept", "rationale": "A strong fit.", "override_reason": secret});
    let decided = app.post(&format!("/api/v1/proposals/{id}/decide"), Some(&hub), decide).await;
    assert_eq!(decided.status, 200, "{}", decided.text);

    // The team reads the rationale, never the override reason: history, feedback, export, email.
    let history = app.get(&format!("/api/v1/proposals/{id}/history"), Some(&anna)).await;
    assert_eq!(history.status, 200, "{}", history.text);
    assert!(!history.text.contains(secret), "the team reads the override reason: {}", history.text);
    let step = history.body.as_array().expect("steps").iter().find(|h| h["action"] == "decide_accept").cloned();
    let step = step.expect("the decision");
    assert_eq!(step["note"], "A strong fit.", "{step}");
    assert!(step["override_reason"].is_null(), "{step}");
    let feedback = app.get(&format!("/api/v1/proposals/{id}/feedback"), Some(&anna)).await;
    assert_eq!(feedback.body["rationale"], "A strong fit.", "{}", feedback.text);
    assert!(!feedback.text.contains(secret), "{}", feedback.text);
    let export = app.get("/api/v1/me/export", Some(&anna)).await;
    assert_eq!(export.status, 200, "{}", export.text);
    assert!(!export.text.contains(secret), "{}", export.text);
    let mails = wait_mails(&app, ANNA, title, "A strong fit.", 1, StdDuration::from_secs(15)).await;
    assert!(mails.iter().all(|m| !m.body.contains(secret)), "the decision email carries the override reason");

    // Hub managers and admins read it in its own field.
    let history = app.get(&format!("/api/v1/proposals/{id}/history"), Some(&hub)).await;
    let step = history.body.as_array().expect("steps").iter().find(|h| h["action"] == "decide_accept").cloned();
    let step = step.expect("the decision");
    assert_eq!((&step["note"], &step["override_reason"]), (&json!("A strong fit."), &json!(secret)), "{step}");
    let feedback = app.get(&format!("/api/v1/proposals/{id}/feedback"), Some(&hub)).await;
    assert_eq!(feedback.body["override_reason"], secret, "{}", feedback.text);
    let audit = app.get("/api/v1/audit?target_type=proposal", Some(&admin)).await;
    assert!(audit.text.contains(secret), "the audit log keeps it: {}", audit.text);
});

hub_test!(separation_of_duties_holds_whatever_the_roles, |app| {
    let (anna, org_a) = aurora(&app).await;
    let hub = manager(&app).await;
    let uni = university(&app).await;
    let insider_roles = [Role::HubManager, Role::Evaluator, Role::CatalogueEditor];
    let insider = app.user_with_roles("insider@aurora.example", &insider_roles, Some(org_a.parse().expect("id"))).await;
    let insider_id = user_id(&app, &insider).await;
    let both = app.user_with_roles("both@hub.example", &[Role::HubManager, Role::Evaluator], None).await;
    let both_id = user_id(&app, &both).await;
    let (_, eva_id) = evaluator(&app, "eva@uni.example", Some(&uni)).await;

    // A manager of the proposing organisation neither screens, assigns, decides nor promotes.
    let waiting = hub_tests::funnel::submitted(&app, &anna, "Insider's own proposal", "open-call").await;
    let screen =
        app.post(&format!("/api/v1/proposals/{waiting}/screen"), Some(&insider), json!({"eligible": true})).await;
    screen.assert_problem(403, "forbidden");
    moved(&app, &hub, &waiting, "screen", json!({"eligible": true}), "under_review").await;
    assign(&app, Some(&insider), &waiting, &eva_id, &in_days(7)).await.assert_problem(403, "forbidden");
    assign(&app, Some(&hub), &waiting, &insider_id, &in_days(7)).await.assert_problem(409, "conflict_of_interest");

    // Nobody assigns themself, even holding the evaluator role.
    assign(&app, Some(&both), &waiting, &both_id, &in_days(7)).await.assert_problem(403, "forbidden");
    let auto_body = json!({"evaluators_per_proposal": 2, "due_at": in_days(7)});
    let auto = app.post("/api/v1/challenges/open-call/auto-assign", Some(&both), auto_body).await;
    assert_eq!(auto.status, 200, "{}", auto.text);
    let chosen: Vec<&Value> =
        auto.body["assigned"].as_array().expect("assigned").iter().map(|a| &a["evaluator_id"]).collect();
    assert!(!chosen.contains(&&json!(both_id)), "auto-assignment assigned the manager themself: {}", auto.text);
    assert!(chosen.contains(&&json!(eva_id)), "{}", auto.text);

    let decide = json!({"decision": "accept", "rationale": "Ours.", "override_reason": "We like it."});
    app.post(&format!("/api/v1/proposals/{waiting}/decide"), Some(&insider), decide.clone())
        .await
        .assert_problem(403, "forbidden");
    app.get(&reviews_path(&waiting), Some(&insider)).await.assert_problem(403, "forbidden");
    let decided = app.post(&format!("/api/v1/proposals/{waiting}/decide"), Some(&hub), decide).await;
    assert_eq!(decided.status, 200, "{}", decided.text);
    app.post(&format!("/api/v1/proposals/{waiting}/promote"), Some(&insider), Value::Null)
        .await
        .assert_problem(403, "forbidden");
    let history = app.get(&format!("/api/v1/proposals/{waiting}/history"), Some(&insider)).await;
    assert!(!history.text.contains("We like it."), "a conflicted manager reads the override: {}", history.text);
});

hub_test!(a_person_with_two_roles_lists_what_they_may_read, |app| {
    let (anna, org_a) = aurora(&app).await;
    let hub = manager(&app).await;
    let roles = [Role::Proposer, Role::CatalogueEditor];
    let both = app.user_with_roles("pe@aurora.example", &roles, Some(org_a.parse().expect("id"))).await;
    let draft = hub_tests::funnel::draft(&app, &anna, "Own organisation's draft", "open-call").await;
    let other = verified_proposer(&app, "nico@nuvola.example", "Nuvola Sicura S.r.l.", "07390162480").await.0;
    let theirs = under_review(&app, &other, &hub, "Another organisation's proposal", "open-call").await;

    // One rule for the single read and the list: the union of what each role sees.
    let read = app.get(&format!("/api/v1/proposals/{draft}"), Some(&both)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    let list = app.get("/api/v1/proposals", Some(&both)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let listed: Vec<&str> =
        list.body["items"].as_array().expect("items").iter().map(|p| p["id"].as_str().expect("id")).collect();
    assert!(listed.contains(&draft.as_str()), "the list hides a proposal the reader reads: {}", list.text);
    assert!(!listed.contains(&theirs.as_str()), "{}", list.text);
    app.get(&format!("/api/v1/proposals/{theirs}"), Some(&both)).await.assert_problem(404, "not_found");
});
