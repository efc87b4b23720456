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
    answer.body.as_array().expect("steps").clone()
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

hub_test!(accepting_with_three_passing_reviews_records_the_rationale_and_emails_the_team, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let title = "Sovereign federated data space";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    reviewed(&app, &hub, &id, &org, 3, 3, [4.0, 4.0, 4.0, 4.0]).await;

    let rationale = "Strong on every pillar; fits the PSN roadmap.";
    let answer = decide(&app, Some(&hub), &id, json!({"decision": "accept", "rationale": rationale})).await;
    decided(&answer, "accepted");
    assert_eq!(answer.body["id"], id.as_str());
    assert!(answer.header("etag").is_some(), "an etag");
    assert_eq!(state_of(&app, &anna, &id).await, "accepted");

    // The history: the decision with the rationale as its note.
    let steps = history(&app, &hub, &id).await;
    let last = steps.last().expect("a step");
    assert_eq!(last["action"], "decide_accept", "{last}");
    assert_eq!(last["from_state"], "under_review");
    assert_eq!(last["to_state"], "accepted");
    assert_eq!(last["note"], rationale);
    assert_eq!(last["version"], 1);
    assert_eq!(last["actor_id"], user_id(&app, &hub).await.as_str());

    // The team is emailed, in Italian, with the link to the feedback.
    let mails = wait_mails(&app, ANNA, title, ACCEPTED_MARKER, 1, StdDuration::from_secs(15)).await;
    assert_eq!(mails.len(), 1, "one decision email to the proposer");
    let mail = &mails[0];
    assert!(mail.subject.contains(title), "subject: {}", mail.subject);
    assert!(mail.body.contains(rationale), "{}", mail.body);
    assert!(!mail.body.contains(REJECTED_MARKER), "{}", mail.body);
    let link = link_in(&mail.body);
    assert!(link.ends_with(&format!("/proposals/{id}/feedback")), "link: {link}");
    assert!(link.starts_with("http://hub.test/"), "link: {link}");
    // No decision email to the evaluators or the hub manager.
    tokio::time::sleep(StdDuration::from_millis(500)).await;
    for to in ["eva1@uni.example", MANAGER] {
        assert!(mails_with(&app, to, title, ACCEPTED_MARKER).is_empty(), "no decision email to {to}");
    }
});

hub_test!(accepting_with_too_few_reviews_requires_an_override_kept_in_history_and_audit, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let org = organization(&app, &admin, "Università di Prova", "university", UNIVERSITY_TAX).await;
    let title = "Quantum-safe VPN gateway";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    // Three assigned, only two submitted (the third is still a draft).
    let evaluators = reviewed(&app, &hub, &id, &org, 3, 2, [4.0, 4.0, 4.0, 4.0]).await;
    let (carl, _, carl_review) = &evaluators[2];
    confirm(&app, carl, carl_review).await;
    let draft = app
        .request(
            Method::PUT,
            &format!("/api/v1/reviews/{carl_review}"),
            Some(carl),
            review_body([5.0, 5.0, 5.0, 5.0], "reviewer 3", "Draft only"),
        )
        .await;
    assert_eq!(draft.status, 200, "{}", draft.text);

    let rationale = "Promising despite a short panel.";
    let refused = decide(&app, Some(&hub), &id, json!({"decision": "accept", "rationale": rationale})).await;
    let problem = refused.assert_problem(409, "override_required");
    let detail = problem["detail"].as_str().expect("detail");
    assert!(detail.contains("reviews") && detail.contains('2') && detail.contains('3'), "detail: {detail}");
    assert_eq!(state_of(&app, &hub, &id).await, "under_review");
    // A blank override reason is no override.
    let blank = json!({"decision": "accept", "rationale": rationale, "override_reason": "   "});
    decide(&app, Some(&hub), &id, blank).await.assert_problem(409, "override_required");
    assert!(history(&app, &hub, &id).await.iter().all(|s| s["action"] != "decide_accept"), "nothing decided");

    // With an override reason: accepted, the reason in the history and the audit log.
    let reason = "Strategic priority for the national cloud.";
    let body = json!({"decision": "accept", "rationale": rationale, "override_reason": reason});
    decided(&decide(&app, Some(&hub), &id, body).await, "accepted");
    // The override reason has a field of its own (hub managers and admins); the note is the rationale.
    let steps = history(&app, &hub, &id).await;
    let decision = steps.iter().rev().find(|s| s["action"] == "decide_accept").expect("the decision");
    assert_eq!(decision["note"], rationale, "{decision}");
    assert_eq!(decision["override_reason"], reason, "{decision}");

    let audit = app.get("/api/v1/audit?target_type=proposal&limit=100", Some(&admin)).await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    let entries: Vec<&Value> = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["target_id"] == id.as_str() && e["details"]["action"] == "decide_accept")
        .collect();
    assert_eq!(entries.len(), 1, "{}", audit.text);
    assert_eq!(entries[0]["target_type"], "proposal");
    assert_eq!(entries[0]["details"]["override_reason"], reason);
    assert_eq!(entries[0]["details"]["from"], "under_review");
    assert_eq!(entries[0]["details"]["to"], "accepted");
    assert_eq!(entries[0]["actor_id"], user_id(&app, &hub).await.as_str());

    // The team's feedback shows the rationale without the override, and the two submitted reviews.
    let read = feedback(&app, Some(&anna), &id).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["decision"], "accept");
    assert_eq!(read.body["rationale"], rationale);
    assert!(!read.text.contains(reason) && !read.text.contains("Override"), "{}", read.text);
    let labels: Vec<&str> = read.body["reviews"]
        .as_array()
        .expect("reviews")
        .iter()
        .map(|r| r["evaluator"].as_str().expect("label"))
        .collect();
    assert_eq!(labels, ["Evaluator 1", "Evaluator 2"]);
    assert!(!read.text.contains("reviewer 3"), "a draft is not part of the feedback: {}", read.text);

    let mails = wait_mails(&app, ANNA, title, ACCEPTED_MARKER, 1, StdDuration::from_secs(15)).await;
    assert_eq!(mails.len(), 1, "one decision email");
});

hub_test!(accepting_below_a_pillar_threshold_requires_an_override_and_rejecting_does_not, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let title = "Edge analytics platform";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    // Talent scores 2.0 everywhere: its mean fails the 3.0 threshold; the weighted total (3.5) passes.
    reviewed(&app, &hub, &id, &org, 3, 3, [4.0, 4.0, 2.0, 4.0]).await;

    let refused = decide(&app, Some(&hub), &id, json!({"decision": "accept", "rationale": "Good enough."})).await;
    let problem = refused.assert_problem(409, "override_required");
    assert!(problem["detail"].as_str().expect("detail").contains("threshold"), "{}", refused.text);
    assert_eq!(state_of(&app, &hub, &id).await, "under_review");

    // A rejection needs no override.
    let rationale = "The training plan does not reach the talent threshold.";
    let answer = decide(&app, Some(&hub), &id, json!({"decision": "reject", "rationale": rationale})).await;
    decided(&answer, "rejected");
    let steps = history(&app, &anna, &id).await;
    let last = steps.last().expect("a step");
    assert_eq!(last["action"], "decide_reject", "{last}");
    assert_eq!(last["to_state"], "rejected");
    assert_eq!(last["note"], rationale);

    let mails = wait_mails(&app, ANNA, title, REJECTED_MARKER, 1, StdDuration::from_secs(15)).await;
    assert_eq!(mails.len(), 1, "one rejection email");
    assert!(mails[0].subject.contains(title), "subject: {}", mails[0].subject);
    assert!(!mails[0].body.contains(ACCEPTED_MARKER), "{}", mails[0].body);
    assert!(mails[0].body.contains(rationale), "{}", mails[0].body);
    assert!(link_in(&mails[0].body).ends_with(&format!("/proposals/{id}/feedback")), "{}", mails[0].body);

    // The feedback shows the failing pillar.
    let read = feedback(&app, Some(&anna), &id).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["decision"], "reject");
    assert_eq!(read.body["rationale"], rationale);
    let talent = &read.body["pillars"]["talent_skills"];
    close(&talent["mean"], 2.0);
    close(&talent["threshold"], 3.0);
    assert_eq!(talent["passes"], false);
    assert_eq!(read.body["pillars"]["security_sovereignty"]["passes"], true);
    close(&read.body["weighted_total"], 3.5);
});

hub_test!(refused_decisions_name_the_problem, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let id = under_review(&app, &anna, &hub, "Open data portal", "open-call").await;
    let evaluators = reviewed(&app, &hub, &id, &org, 3, 3, [4.0, 4.0, 4.0, 4.0]).await;
    let eva = &evaluators[0].0;

    // A rationale is required, for both decisions.
    for decision in ["accept", "reject"] {
        assert_eq!(fields(&decide(&app, Some(&hub), &id, json!({"decision": decision})).await), ["rationale"]);
        let blank = json!({"decision": decision, "rationale": "  \n "});
        assert_eq!(fields(&decide(&app, Some(&hub), &id, blank).await), ["rationale"]);
        let null = json!({"decision": decision, "rationale": null});
        assert_eq!(fields(&decide(&app, Some(&hub), &id, null).await), ["rationale"]);
    }
    // The decision is `accept` or `reject`.
    for decision in ["approve", "", "ACCEPT", "revise"] {
        let body = json!({"decision": decision, "rationale": "Because."});
        assert_eq!(fields(&decide(&app, Some(&hub), &id, body).await), ["decision"], "decision {decision:?}");
    }

    // Only hub managers decide; the anonymous must log in.
    let body = json!({"decision": "accept", "rationale": "I like it."});
    decide(&app, Some(&anna), &id, body.clone()).await.assert_problem(403, "forbidden");
    decide(&app, Some(eva), &id, body.clone()).await.assert_problem(403, "forbidden");
    decide(&app, None, &id, body.clone()).await.assert_problem(401, "unauthenticated");
    assert_eq!(state_of(&app, &hub, &id).await, "under_review");

    // Unknown proposals.
    decide(&app, Some(&hub), "not-a-proposal", body.clone()).await.assert_problem(404, "not_found");
    decide(&app, Some(&hub), &uuid::Uuid::now_v7().to_string(), body.clone()).await.assert_problem(404, "not_found");

    // A proposal not under review.
    let waiting = submitted(&app, &anna, "Submitted, not screened", "open-call").await;
    let good = json!({"decision": "accept", "rationale": "Fine.", "override_reason": "Urgent."});
    decide(&app, Some(&hub), &waiting, good.clone()).await.assert_problem(409, "invalid_transition");
    decide(&app, Some(&hub), &waiting, json!({"decision": "reject", "rationale": "No."}))
        .await
        .assert_problem(409, "invalid_transition");
    assert_eq!(state_of(&app, &hub, &waiting).await, "submitted");

    // Deciding twice.
    decided(
        &decide(&app, Some(&hub), &id, json!({"decision": "accept", "rationale": "Convincing."})).await,
        "accepted",
    );
    decide(&app, Some(&hub), &id, json!({"decision": "accept", "rationale": "Again."}))
        .await
        .assert_problem(409, "invalid_transition");
    decide(&app, Some(&hub), &id, json!({"decision": "reject", "rationale": "Changed my mind."}))
        .await
        .assert_problem(409, "invalid_transition");
    assert_eq!(state_of(&app, &hub, &id).await, "accepted");
    let decisions = history(&app, &hub, &id)
        .await
        .iter()
        .filter(|s| s["action"].as_str().is_some_and(|a| a.starts_with("decide_")))
        .count();
    assert_eq!(decisions, 1, "one decision in the history");
    let read = feedback(&app, Some(&anna), &id).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["decision"], "accept");
    assert_eq!(read.body["rationale"], "Convincing.");
});

hub_test!(proposals_of_other_organisations_do_not_exist_for_deciding, |app| {
    // README ("Architecture"): 404 for an object the caller may not know exists; the other moves (screen,
    // request-revision) answer 404 to another organisation's proposer (tests/tests/hub/proposals.rs).
    let anna = aurora(&app).await;
    let nico = nuvola(&app).await;
    let hub = manager(&app).await;
    let id = under_review(&app, &anna, &hub, "Smart lighting for the city", "open-call").await;
    let body = json!({"decision": "reject", "rationale": "Nosy."});
    let answer = decide(&app, Some(&nico), &id, body).await;
    answer.assert_problem(404, "not_found");
    assert_eq!(state_of(&app, &hub, &id).await, "under_review");
});

hub_test!(ten_concurrent_acceptances_decide_once, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let org = organization(&app, &admin, "Università di Prova", "university", UNIVERSITY_TAX).await;
    let title = "Decided once under fire";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    reviewed(&app, &hub, &id, &org, 3, 3, [4.0, 4.0, 4.0, 4.0]).await;

    let answers = app
        .concurrently(10, |i, client, base| {
            client
                .post(format!("{base}/api/v1/proposals/{id}/decide"))
                .bearer_auth(&hub)
                .json(&json!({"decision": "accept", "rationale": format!("Rationale {i}")}))
        })
        .await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    let won: Vec<&Answer> = answers.iter().filter(|a| a.status == 200).collect();
    let refused: Vec<&Answer> = answers.iter().filter(|a| a.status == 409).collect();
    assert_eq!(
        (won.len(), refused.len()),
        (1, 9),
        "{statuses:?}: {:?}",
        answers.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
    for answer in &refused {
        assert_eq!(answer.header("content-type"), Some("application/problem+json"), "{}", answer.text);
        let code = answer.body["code"].as_str().expect("a code");
        assert!(code == "invalid_transition" || code == "concurrent_change", "{}", answer.text);
    }
    assert_eq!(won[0].body["state"], "accepted");

    // One decision: in the history, the audit log and the mailbox.
    let steps = history(&app, &hub, &id).await;
    let decisions: Vec<&Value> = steps.iter().filter(|s| s["action"] == "decide_accept").collect();
    assert_eq!(decisions.len(), 1, "{steps:?}");
    let note = decisions[0]["note"].as_str().expect("note").to_owned();
    assert!(note.starts_with("Rationale "), "{note}");
    let audit = app.get("/api/v1/audit?target_type=proposal&limit=100", Some(&admin)).await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    let audited = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["target_id"] == id.as_str() && e["details"]["action"] == "decide_accept")
        .count();
    assert_eq!(audited, 1, "{}", audit.text);
    assert_eq!(wait_mails(&app, ANNA, title, ACCEPTED_MARKER, 1, StdDuration::from_secs(15)).await.len(), 1);
    tokio::time::sleep(StdDuration::from_secs(1)).await;
    let mails = mails_with(&app, ANNA, title, ACCEPTED_MARKER);
    assert_eq!(mails.len(), 1, "emailed once");
    assert!(mails[0].body.contains(&note), "the winner's rationale: {}", mails[0].body);
    let read = feedback(&app, Some(&anna), &id).await;
    assert_eq!(read.body["rationale"], note.as_str(), "{}", read.text);
});

hub_test!(feedback_is_anonymised_and_only_for_the_team_and_the_hub_after_the_decision, |app| {
    let anna = aurora(&app).await;
    let nico = nuvola(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let title = "Green datacentre heat reuse";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    let scores: [[f64; 4]; 3] = [[4.0, 3.0, 3.5, 4.5], [4.5, 3.5, 3.0, 4.0], [3.5, 5.0, 4.0, 3.0]];
    let secrets = ["CONFIDENTIAL-eva-1f3a", "CONFIDENTIAL-bob-77c2", "CONFIDENTIAL-carl-9d0e"];
    let mut evaluators = Vec::new();
    for email in ["eva@uni.example", "bob@uni.example", "carl@uni.example"] {
        let (token, user) = evaluator(&app, email, Some(&org)).await;
        let review_id = assigned(&app, &hub, &id, &user, &in_days(7)).await;
        evaluators.push((token, user, review_id, email));
    }
    for (i, (token, _, review_id, _)) in evaluators.iter().enumerate() {
        review(&app, token, review_id, review_body(scores[i], &format!("panel member {}", i + 1), secrets[i])).await;
    }
    let (dave, _) = evaluator(&app, "dave@uni.example", Some(&org)).await;

    // Before the decision: not decided, for the team and the hub alike.
    feedback(&app, Some(&anna), &id).await.assert_problem(409, "not_decided");
    feedback(&app, Some(&hub), &id).await.assert_problem(409, "not_decided");

    let rationale = "Convincing heat reuse with a credible partner network.";
    decided(&decide(&app, Some(&hub), &id, json!({"decision": "accept", "rationale": rationale})).await, "accepted");

    // The proposer reads the decision, the pillars and the anonymised reviews.
    let read = feedback(&app, Some(&anna), &id).await;
    assert_eq!(read.status, 200, "{}", read.text);
    let body = &read.body;
    assert_eq!(body["decision"], "accept");
    assert_eq!(body["rationale"], rationale);
    assert_eq!(body["version"], 1);
    assert!(
        body["decided_at"].as_str().is_some_and(|d| d.parse::<chrono::DateTime<Utc>>().is_ok()),
        "decided_at: {}",
        body["decided_at"]
    );
    let mut keys: Vec<&str> = body["pillars"].as_object().expect("pillars").keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = PILLARS.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected);
    let mut means = [0.0; 4];
    for (p, pillar) in PILLARS.iter().enumerate() {
        means[p] = scores.iter().map(|s| s[p]).sum::<f64>() / 3.0;
        let entry = &body["pillars"][pillar];
        close(&entry["mean"], means[p]);
        close(&entry["threshold"], 3.0);
        assert_eq!(entry["weight"], 25, "{entry}");
        assert_eq!(entry["passes"], true, "{entry}");
    }
    // growth_development: (3.0 + 3.5 + 5.0) / 3.
    close(&body["pillars"]["growth_development"]["mean"], 11.5 / 3.0);
    close(&body["weighted_total"], means.iter().map(|m| m * 25.0).sum::<f64>() / 100.0);
    close(&body["overall_threshold"], 3.0);

    let reviews = body["reviews"].as_array().expect("reviews");
    assert_eq!(reviews.len(), 3, "{}", read.text);
    for (i, entry) in reviews.iter().enumerate() {
        let tag = format!("panel member {}", i + 1);
        assert_eq!(entry["evaluator"], format!("Evaluator {}", i + 1));
        for (p, pillar) in PILLARS.iter().enumerate() {
            close(&entry["scores"][pillar], scores[i][p]);
        }
        assert_eq!(
            entry["comments"],
            json!({
                "security_sovereignty": format!("Sovereignty comment by {tag}."),
                "talent_skills": format!("Talent comment by {tag}.")
            })
        );
        assert_eq!(entry["overall_comment"], format!("Overall comment by {tag}."));
        let mut fields: Vec<&str> = entry.as_object().expect("a review").keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["comments", "evaluator", "overall_comment", "scores"], "{entry}");
    }
    // No identities, no confidential comments.
    for (_, user, review_id, email) in &evaluators {
        for secret in [user.as_str(), review_id.as_str(), email] {
            assert!(!read.text.contains(secret), "{secret} leaked: {}", read.text);
        }
    }
    for secret in secrets.iter().copied().chain(["CONFIDENTIAL", "Staff Member", "uni.example", "confidential"]) {
        assert!(!read.text.contains(secret), "{secret} leaked: {}", read.text);
    }

    // The hub manager reads it too.
    let by_hub = feedback(&app, Some(&hub), &id).await;
    assert_eq!(by_hub.status, 200, "{}", by_hub.text);
    assert_eq!(by_hub.body, read.body);

    // Nobody else: another organisation, the evaluators (assigned or not), the anonymous.
    feedback(&app, Some(&nico), &id).await.assert_problem(404, "not_found");
    feedback(&app, Some(&evaluators[0].0), &id).await.assert_problem(404, "not_found");
    feedback(&app, Some(&dave), &id).await.assert_problem(404, "not_found");
    feedback(&app, None, &id).await.assert_problem(401, "unauthenticated");
    feedback(&app, Some(&anna), "not-a-proposal").await.assert_problem(404, "not_found");
    feedback(&app, Some(&anna), &uuid::Uuid::now_v7().to_string()).await.assert_problem(404, "not_found");
});
