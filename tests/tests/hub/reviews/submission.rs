//! Submitting a review: validated, complete and frozen, once under fifty concurrent submissions, and
//! the first one freezes the challenge's rubric.

use super::*;

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
