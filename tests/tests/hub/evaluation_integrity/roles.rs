//! Separation of duties and what a person with two roles reads.

use super::*;

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
