//! The open call, a challenge's way from draft to archived, and its submission window.

use super::*;

hub_test!(the_open_call_exists_from_the_first_migration, |app| {
    let listed = app.get("/api/v1/challenges", None).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let items = listed.body["items"].as_array().expect("items");
    let open_call = items.iter().find(|c| c["slug"] == "open-call").expect("the open call is listed");
    assert_eq!(open_call["state"], "open");
    assert_eq!(open_call["accepting_submissions"], true);
    assert_eq!(open_call["closes_at"], Value::Null);
    assert_eq!(open_call["sponsor_id"], api::cli::OPERATOR_ORGANIZATION);
    assert_default_evaluation(open_call);

    // Readable anonymously by slug and by id, with an ETag.
    let by_slug = app.get("/api/v1/challenges/open-call", None).await;
    assert_eq!(by_slug.status, 200, "{}", by_slug.text);
    assert_eq!(by_slug.header("etag"), Some("\"r1\""));
    assert_eq!(by_slug.body["accepting_submissions"], true);
    assert_eq!(by_slug.body["closes_at"], Value::Null);
    assert_default_evaluation(&by_slug.body);
    let id = open_call["id"].as_str().expect("id");
    let by_id = app.get(&format!("/api/v1/challenges/{id}"), None).await;
    assert_eq!(by_id.status, 200, "{}", by_id.text);
    assert_eq!(by_id.body["slug"], "open-call");

    // It never closes: a year later it still accepts submissions.
    app.clock.advance(Duration::days(365));
    assert_eq!(app.get("/api/v1/challenges/open-call", None).await.body["accepting_submissions"], true);
});

hub_test!(a_challenge_goes_from_draft_to_open_to_closed_to_archived, |app| {
    let sponsor = administration(&app).await;
    let hm = manager(&app).await;

    let created = create(&app, &hm, with(body("telemedicina", &sponsor), json!({"tags": ["Salute", "cloud"]}))).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.header("etag"), Some("\"r1\""));
    let draft = created.body.clone();
    assert_eq!(draft["state"], "draft");
    assert_eq!(draft["slug"], "telemedicina");
    assert_eq!(draft["sponsor_id"], json!(sponsor));
    assert_eq!(draft["tags"], json!(["cloud", "salute"]));
    assert_eq!(draft["accepting_submissions"], false, "a draft accepts nothing");
    assert_eq!(draft["title_en"], Value::Null);
    assert_default_evaluation(&draft);
    let id = draft["id"].as_str().expect("id").to_owned();

    // A draft is invisible to anonymous callers and to non-managers, listed for the hub manager.
    app.get(&format!("/api/v1/challenges/{id}"), None).await.assert_problem(404, "not_found");
    app.get("/api/v1/challenges/telemedicina", None).await.assert_problem(404, "not_found");
    let proposer = {
        app.register("anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
        app.token("anna@aurora.example").await
    };
    app.get(&format!("/api/v1/challenges/{id}"), Some(&proposer)).await.assert_problem(404, "not_found");
    assert!(!slugs(&app, None, "").await.contains(&"telemedicina".to_owned()));
    assert!(!slugs(&app, Some(&proposer), "").await.contains(&"telemedicina".to_owned()));
    assert!(slugs(&app, Some(&hm), "").await.contains(&"telemedicina".to_owned()));
    let seen = app.get(&format!("/api/v1/challenges/{id}"), Some(&hm)).await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    assert_eq!(seen.header("etag"), Some("\"r1\""));

    // Refused moves from draft.
    for action in ["close", "archive"] {
        app.post(&format!("/api/v1/challenges/{id}/{action}"), Some(&hm), Value::Null)
            .await
            .assert_problem(409, "invalid_transition");
    }

    // Open: public, by id and by slug, listed, accepting submissions.
    let opened = app.post(&format!("/api/v1/challenges/{id}/open"), Some(&hm), Value::Null).await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    assert_eq!(opened.body["state"], "open");
    assert_eq!(opened.body["accepting_submissions"], true);
    assert_eq!(opened.header("etag"), Some("\"r2\""));
    let by_id = app.get(&format!("/api/v1/challenges/{id}"), None).await;
    assert_eq!(by_id.status, 200, "{}", by_id.text);
    assert_eq!(by_id.body["state"], "open");
    assert_eq!(by_id.body["tags"], json!(["cloud", "salute"]));
    let by_slug = app.get("/api/v1/challenges/telemedicina", None).await;
    assert_eq!(by_slug.status, 200, "{}", by_slug.text);
    assert_eq!(by_slug.body["id"], json!(id));
    assert!(slugs(&app, None, "").await.contains(&"telemedicina".to_owned()));
    for action in ["open", "archive"] {
        app.post(&format!("/api/v1/challenges/{id}/{action}"), Some(&hm), Value::Null)
            .await
            .assert_problem(409, "invalid_transition");
    }

    // Close (by slug): still public, no longer accepting submissions.
    let closed = act(&app, &hm, "telemedicina", "close").await;
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["accepting_submissions"], false);
    let public = app.get(&format!("/api/v1/challenges/{id}"), None).await;
    assert_eq!(public.status, 200, "{}", public.text);
    assert_eq!(public.body["state"], "closed");
    assert_eq!(public.body["accepting_submissions"], false);
    assert!(slugs(&app, None, "").await.contains(&"telemedicina".to_owned()));
    for action in ["open", "close"] {
        app.post(&format!("/api/v1/challenges/{id}/{action}"), Some(&hm), Value::Null)
            .await
            .assert_problem(409, "invalid_transition");
    }

    // Archive: gone for the public, kept for the hub manager; no way out.
    let archived = act(&app, &hm, &id, "archive").await;
    assert_eq!(archived["state"], "archived");
    assert_eq!(archived["accepting_submissions"], false);
    app.get(&format!("/api/v1/challenges/{id}"), None).await.assert_problem(404, "not_found");
    app.get("/api/v1/challenges/telemedicina", Some(&proposer)).await.assert_problem(404, "not_found");
    assert!(!slugs(&app, None, "").await.contains(&"telemedicina".to_owned()));
    let kept = app.get(&format!("/api/v1/challenges/{id}"), Some(&hm)).await;
    assert_eq!(kept.status, 200, "{}", kept.text);
    assert_eq!(kept.body["state"], "archived");
    assert_eq!(kept.header("etag"), Some("\"r4\""));
    assert_eq!(slugs(&app, Some(&hm), "?state=archived").await, vec!["telemedicina".to_owned()]);
    for action in ["open", "close", "archive"] {
        app.post(&format!("/api/v1/challenges/{id}/{action}"), Some(&hm), Value::Null)
            .await
            .assert_problem(409, "invalid_transition");
    }

    // Unknown challenges are 404 for the manager too.
    app.post("/api/v1/challenges/no-such-challenge/open", Some(&hm), Value::Null)
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/challenges/no-such-challenge", Some(&hm)).await.assert_problem(404, "not_found");
});

hub_test!(the_submission_window_follows_the_clock, |app| {
    let sponsor = administration(&app).await;
    let hm = manager(&app).await;
    let later = with(
        body("futura", &sponsor),
        json!({
            "opens_at": (Utc::now() + Duration::days(2)).to_rfc3339(),
            "closes_at": (Utc::now() + Duration::days(10)).to_rfc3339(),
        }),
    );
    let opened = create_open(&app, &hm, later).await;
    assert_eq!(opened["state"], "open");
    assert_eq!(opened["accepting_submissions"], false, "before opens_at");
    app.clock.advance(Duration::days(3));
    assert_eq!(app.get("/api/v1/challenges/futura", None).await.body["accepting_submissions"], true);
    app.clock.advance(Duration::days(8));
    let after = app.get("/api/v1/challenges/futura", None).await;
    assert_eq!(after.body["state"], "open");
    assert_eq!(after.body["accepting_submissions"], false, "after closes_at");
});
