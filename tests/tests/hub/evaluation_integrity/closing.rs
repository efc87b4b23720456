//! Open reviews close when the proposal leaves review; the override reason stays internal.

use super::*;

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

    hub_tests::funnel::notice_answered(&app, &hub, &anna, &id).await;
    let reply = hub_tests::funnel::REPLY;
    let decide = json!({"decision": "reject", "rationale": "Below the bar.", "observations_reply": reply});
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
    let cancelled: Vec<&Value> = history.body["items"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|h| h["action"] == "reviews_cancelled")
        .collect();
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
    let step =
        history.body["items"].as_array().expect("steps").iter().find(|h| h["action"] == "decide_accept").cloned();
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
    let step =
        history.body["items"].as_array().expect("steps").iter().find(|h| h["action"] == "decide_accept").cloned();
    let step = step.expect("the decision");
    assert_eq!((&step["note"], &step["override_reason"]), (&json!("A strong fit."), &json!(secret)), "{step}");
    let feedback = app.get(&format!("/api/v1/proposals/{id}/feedback"), Some(&hub)).await;
    assert_eq!(feedback.body["override_reason"], secret, "{}", feedback.text);
    // The append-only audit log records that the thresholds were overridden, not the free-text reason
    // (which it could never erase).
    let audit = app.get("/api/v1/audit?target_type=proposal", Some(&admin)).await;
    assert!(!audit.text.contains(secret), "the audit log holds the reason: {}", audit.text);
    let decision =
        audit.body["items"].as_array().expect("items").iter().find(|e| e["details"]["action"] == "decide_accept");
    assert_eq!(decision.expect("the decision audited")["details"]["overridden"], "true", "{}", audit.text);
});
