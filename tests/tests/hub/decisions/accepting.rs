//! Accepting: with three passing reviews, and the override that too few reviews or a pillar under its
//! threshold need.

use super::*;

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
    // The log records that the thresholds were overridden; the reason, free text, only the history.
    assert_eq!(entries[0]["details"]["overridden"], "true", "{}", audit.text);
    assert!(entries[0]["details"].get("override_reason").is_none(), "{}", audit.text);
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
    hub_tests::funnel::notice_answered(&app, &hub, &anna, &id).await;
    let reply = hub_tests::funnel::REPLY;
    let body = json!({"decision": "reject", "rationale": rationale, "observations_reply": reply});
    let answer = decide(&app, Some(&hub), &id, body).await;
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
