//! The blind rule per version, and the manager role never lifting it for an assigned evaluator.

use super::*;

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
    let other =
        read.body["items"].as_array().expect("list").iter().find(|r| r["id"] == v2_eva2.as_str()).expect("eva2 v2");
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
    let other =
        listed.body["items"].as_array().expect("list").iter().find(|r| r["id"] == theirs.as_str()).expect("listed");
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
