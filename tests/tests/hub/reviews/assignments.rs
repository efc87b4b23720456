//! Assignments by hub managers (conflicts of interest refused) and the evaluator's confirmation or
//! decline.

use super::*;

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
    // The due date in the reader's language and Rome's time, not a UTC timestamp.
    assert!(mail.body.contains("(Rome time)") && !mail.body.contains("UTC"), "{}", mail.body);

    // The assignments, for hub managers only.
    let list = app.get(&format!("/api/v1/proposals/{id}/assignments"), Some(&hub)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(ids_of(&list.body), [review.as_str()]);
    assert_eq!(list.body["items"][0]["evaluator_id"], eva_id.as_str());
    assert_eq!(list.body["items"][0]["evaluator_name"], "Staff Member");
    assert_eq!(list.body["items"][0]["state"], "assigned");
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
    let told = app.mails_to("eva1@uni.example", 1).await;
    assert_eq!(told.len(), 1, "one assignment, one email");
    // It leads to the review itself, where the evaluator confirms having no conflict, not to the queue.
    assert!(told[0].body.contains(&format!("/reviews/{review}")), "{}", told[0].body);

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
    let entry =
        list.body["items"].as_array().expect("list").iter().find(|a| a["id"] == declined.as_str()).expect("declined");
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
