//! Refused moves: wrong transitions and roles, incomplete or unverified submissions, challenges that
//! are closed, missing or out of their window.

use super::*;

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
