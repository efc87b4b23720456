//! Refused decisions, other organisations' proposals, and ten concurrent acceptances deciding once.

use super::*;

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
