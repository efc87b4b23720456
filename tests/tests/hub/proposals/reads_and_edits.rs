//! Who reads a proposal, editing under `If-Match`, and idempotent creation.

use super::*;

hub_test!(proposals_are_visible_to_their_organisation_and_the_hub_only, |app| {
    let (anna, _) = aurora(&app).await;
    let (nico, _) = nuvola(&app).await;
    let hub = manager(&app).await;
    let evaluator = app.user_with_roles("evaluator@hub.example", &[Role::Evaluator], None).await;
    let sponsor = administration(&app).await;
    let other = draft_challenge(&app, &hub, &sponsor, "sfida-dati", None).await;
    let other_id = other["id"].as_str().expect("id").to_owned();
    challenge_move(&app, &hub, &other_id, "open").await;

    let mut quantum = complete("Quantum-safe VPN gateway", "open-call");
    quantum["summary"] = json!("Post-quantum tunnels for municipalities.");
    let p1 = id_of(&create(&app, &anna, quantum).await);
    let mut edge = complete("Edge analytics platform", "open-call");
    edge["tags"] = json!(["data", "edge"]);
    edge["summary"] = json!("Streams sensor data; QUANTUM of nothing.");
    let p2 = id_of(&create(&app, &anna, edge).await);
    let mut third = complete("Open data portal", "open-call");
    third["challenge_id"] = json!("sfida-dati");
    third["tags"] = json!(["data"]);
    let p3 = id_of(&create(&app, &anna, third).await);
    let theirs = id_of(&create(&app, &nico, complete("Nuvola's own idea", "open-call")).await);
    moved(&act(&app, &anna, &p1, "submit", Value::Null).await, "submitted");

    // Another organisation's proposer: the proposal does not exist.
    app.get(&format!("/api/v1/proposals/{p1}"), Some(&nico)).await.assert_problem(404, "not_found");
    patch(&app, &nico, &p2, Some("\"r1\""), json!({"title": "Hijacked title"})).await.assert_problem(404, "not_found");
    app.get(&format!("/api/v1/proposals/{p1}/history"), Some(&nico)).await.assert_problem(404, "not_found");
    app.get(&format!("/api/v1/proposals/{p1}/versions/1"), Some(&nico)).await.assert_problem(404, "not_found");
    for (id, action, body) in [
        (&p2, "submit", Value::Null),
        (&p2, "withdraw", Value::Null),
        (&p1, "withdraw", Value::Null),
        (&p1, "resubmit", Value::Null),
        (&p1, "screen", json!({"eligible": true})),
        (&p1, "request-revision", json!({"note": "Nosy"})),
    ] {
        act(&app, &nico, id, action, body).await.assert_problem(404, "not_found");
    }
    assert_eq!(app.get(&format!("/api/v1/proposals/{p2}"), Some(&anna)).await.body["title"], "Edge analytics platform");
    assert_eq!(app.get(&format!("/api/v1/proposals/{p1}"), Some(&anna)).await.body["state"], "submitted");

    // An evaluator (not assigned) and the anonymous see nothing; the hub sees everything.
    app.get(&format!("/api/v1/proposals/{p1}"), Some(&evaluator)).await.assert_problem(404, "not_found");
    app.get(&format!("/api/v1/proposals/{p1}/history"), Some(&evaluator)).await.assert_problem(404, "not_found");
    assert_eq!(ids(&app.get("/api/v1/proposals", Some(&evaluator)).await), Vec::<String>::new());
    app.get(&format!("/api/v1/proposals/{p1}"), None).await.assert_problem(401, "unauthenticated");
    app.get("/api/v1/proposals", None).await.assert_problem(401, "unauthenticated");
    app.post("/api/v1/proposals", None, complete("Anonymous", "open-call"))
        .await
        .assert_problem(401, "unauthenticated");
    app.post(&format!("/api/v1/proposals/{p2}/submit"), None, Value::Null).await.assert_problem(401, "unauthenticated");
    let seen = app.get(&format!("/api/v1/proposals/{p1}"), Some(&hub)).await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    assert_eq!(app.get(&format!("/api/v1/proposals/{p1}/history"), Some(&hub)).await.status, 200);
    assert_eq!(app.get(&format!("/api/v1/proposals/{p1}/versions/1"), Some(&hub)).await.status, 200);
    assert_eq!(
        ids(&app.get("/api/v1/proposals", Some(&hub)).await),
        [p1.as_str(), p2.as_str(), p3.as_str(), theirs.as_str()]
    );

    // Lists: each proposer sees their organisation's, oldest first.
    assert_eq!(ids(&app.get("/api/v1/proposals", Some(&anna)).await), [p1.as_str(), p2.as_str(), p3.as_str()]);
    assert_eq!(ids(&app.get("/api/v1/proposals", Some(&nico)).await), [theirs.as_str()]);

    // Filters.
    assert_eq!(ids(&app.get("/api/v1/proposals?state=submitted", Some(&anna)).await), [p1.as_str()]);
    assert_eq!(ids(&app.get("/api/v1/proposals?state=draft", Some(&anna)).await), [p2.as_str(), p3.as_str()]);
    assert_eq!(
        ids(&app.get("/api/v1/proposals?state=draft", Some(&hub)).await),
        [p2.as_str(), p3.as_str(), theirs.as_str()]
    );
    let bad_state = app.get("/api/v1/proposals?state=pending", Some(&anna)).await;
    assert_eq!(fields(&bad_state), ["state"]);
    assert_eq!(ids(&app.get(&format!("/api/v1/proposals?challenge_id={other_id}"), Some(&anna)).await), [p3.as_str()]);
    assert_eq!(
        ids(&app.get(&format!("/api/v1/proposals?challenge_id={OPEN_CALL_ID}"), Some(&anna)).await),
        [p1.as_str(), p2.as_str()]
    );
    assert_eq!(
        ids(&app.get(&format!("/api/v1/proposals?challenge_id={other_id}"), Some(&nico)).await),
        Vec::<String>::new()
    );
    assert_eq!(ids(&app.get("/api/v1/proposals?q=quantum-SAFE", Some(&anna)).await), [p1.as_str()]);
    assert_eq!(
        ids(&app.get("/api/v1/proposals?q=Quantum", Some(&anna)).await),
        [p1.as_str(), p2.as_str()],
        "title or summary"
    );
    assert_eq!(ids(&app.get("/api/v1/proposals?q=quantum", Some(&nico)).await), Vec::<String>::new());
    assert_eq!(ids(&app.get("/api/v1/proposals?tag=data", Some(&anna)).await), [p2.as_str(), p3.as_str()]);
    assert_eq!(ids(&app.get("/api/v1/proposals?tag=edge", Some(&anna)).await), [p2.as_str()]);
    assert_eq!(ids(&app.get("/api/v1/proposals?tag=data&state=draft&q=portal", Some(&anna)).await), [p3.as_str()]);

    // Pagination by cursor.
    let mut seen = Vec::new();
    let mut path = "/api/v1/proposals?limit=1".to_owned();
    loop {
        let page = app.get(&path, Some(&anna)).await;
        let page_ids = ids(&page);
        assert_eq!(page_ids.len(), 1, "{}", page.text);
        seen.extend(page_ids);
        match page.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/proposals?limit=1&cursor={cursor}"),
            None => break,
        }
        assert!(seen.len() < 3, "the last page has no cursor");
    }
    assert_eq!(seen, [p1.as_str(), p2.as_str(), p3.as_str()]);
    let two = app.get("/api/v1/proposals?limit=2", Some(&anna)).await;
    assert_eq!(ids(&two), [p1.as_str(), p2.as_str()]);
    assert!(two.body["next_cursor"].is_string());
    let everything = app.get("/api/v1/proposals?limit=3", Some(&anna)).await;
    assert_eq!(ids(&everything).len(), 3);
    assert!(everything.body["next_cursor"].is_null(), "{}", everything.text);
    let too_many = app.get("/api/v1/proposals?limit=101", Some(&anna)).await;
    assert_eq!(fields(&too_many), ["limit"]);
});

hub_test!(edits_need_the_current_etag_and_valid_fields, |app| {
    let (anna, _) = aurora(&app).await;
    let (_, nico_user) = nuvola(&app).await;
    let hub = manager(&app).await;
    let id = id_of(&create(&app, &anna, complete("Editable draft", "open-call")).await);
    let edit = json!({"title": "Editable draft, second take"});

    patch(&app, &anna, &id, None, edit.clone()).await.assert_problem(428, "precondition_required");
    patch(&app, &anna, &id, Some("\"r7\""), edit.clone()).await.assert_problem(412, "precondition_failed");
    patch(&app, &anna, &id, Some("*"), edit.clone()).await.assert_problem(412, "precondition_failed");
    let first = patch(&app, &anna, &id, Some("\"r1\""), edit.clone()).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(first.header("etag"), Some("\"r2\""));
    assert_eq!(first.body["title"], "Editable draft, second take");
    // The ETag read before the edit is stale now.
    patch(&app, &anna, &id, Some("\"r1\""), json!({"title": "Lost update"}))
        .await
        .assert_problem(412, "precondition_failed");

    // Hub managers see proposals but do not edit them.
    patch(&app, &hub, &id, Some("\"r2\""), json!({"title": "Managed title"})).await.assert_problem(403, "forbidden");

    // A proposal stays in its challenge.
    let moved_challenge = patch(&app, &anna, &id, Some("\"r2\""), json!({"challenge_id": "open-call"})).await;
    assert_eq!(fields(&moved_challenge), ["challenge_id"]);

    // Validation names each wrong field.
    let short = patch(&app, &anna, &id, Some("\"r2\""), json!({"title": "abc"})).await;
    assert_eq!(fields(&short), ["title"]);
    let long = patch(&app, &anna, &id, Some("\"r2\""), json!({"summary": "x".repeat(501)})).await;
    assert_eq!(fields(&long), ["summary"]);
    let trl = patch(&app, &anna, &id, Some("\"r2\""), json!({"trl": 10})).await;
    assert_eq!(fields(&trl), ["trl"]);
    let trl = patch(&app, &anna, &id, Some("\"r2\""), json!({"trl": 0})).await;
    assert_eq!(fields(&trl), ["trl"]);
    let pillar = patch(&app, &anna, &id, Some("\"r2\""), json!({"self_assessment": {"happiness": "Plenty"}})).await;
    assert_eq!(fields(&pillar), ["self_assessment.happiness"]);
    let nico_id = nico_user["id"].as_str().expect("id");
    let outsider = patch(&app, &anna, &id, Some("\"r2\""), json!({"team": [nico_id]})).await;
    assert_eq!(fields(&outsider), ["team[0]"]);
    let several = patch(&app, &anna, &id, Some("\"r2\""), json!({"title": "abc", "trl": 10})).await;
    let mut several = fields(&several);
    several.sort();
    assert_eq!(several, ["title", "trl"]);
    // On creation too.
    let mut bad = complete("ok", "open-call");
    bad["trl"] = json!(12);
    let refused = app.post("/api/v1/proposals", Some(&anna), bad).await;
    let mut refused = fields(&refused);
    refused.sort();
    assert_eq!(refused, ["title", "trl"]);

    // Nothing of the refused edits was kept.
    let current = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await;
    assert_eq!(current.header("etag"), Some("\"r2\""));
    assert_eq!(current.body["title"], "Editable draft, second take");
    assert_eq!(current.body["trl"], 5);
    assert_eq!(current.body["team"], json!([]));

    // A member of the organisation may join the team; null clears an optional field.
    let anna_id = user_id(&app, &anna).await;
    let teamed =
        patch(&app, &anna, &id, Some("\"r2\""), json!({"team": [anna_id], "budget_cents": null, "tags": ["ai"]})).await;
    assert_eq!(teamed.status, 200, "{}", teamed.text);
    assert_eq!(teamed.body["team"], json!([anna_id]));
    assert!(teamed.body["budget_cents"].is_null());
    assert_eq!(teamed.body["tags"], json!(["ai"]));

    // Submitted proposals are not editable.
    moved(&act(&app, &anna, &id, "submit", Value::Null).await, "submitted");
    let etag = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await.header("etag").expect("etag").to_owned();
    patch(&app, &anna, &id, Some(&etag), json!({"title": "Edited after submission"}))
        .await
        .assert_problem(409, "not_editable");
});

hub_test!(an_idempotency_key_creates_one_proposal_however_often_it_is_sent, |app| {
    let (anna, _) = aurora(&app).await;
    let (nico, _) = nuvola(&app).await;
    let path = "/api/v1/proposals";
    let body = complete("Created exactly once", "open-call");

    let first = send(&app, Method::POST, path, Some(&anna), &[("Idempotency-Key", "create-1")], body.clone()).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let id = id_of(&first.body);
    let again = send(&app, Method::POST, path, Some(&anna), &[("Idempotency-Key", "create-1")], body.clone()).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.body["id"], id.as_str());
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(ids(&app.get(path, Some(&anna)).await), [id.as_str()]);

    // The same key with another body is refused; nothing is created.
    let other = send(
        &app,
        Method::POST,
        path,
        Some(&anna),
        &[("Idempotency-Key", "create-1")],
        complete("A different proposal", "open-call"),
    )
    .await;
    assert_eq!(fields(&other), ["Idempotency-Key"]);
    assert_eq!(ids(&app.get(path, Some(&anna)).await), [id.as_str()]);
    // Keys belong to their user.
    let theirs = send(&app, Method::POST, path, Some(&nico), &[("Idempotency-Key", "create-1")], body.clone()).await;
    assert_eq!(theirs.status, 201, "{}", theirs.text);
    assert_ne!(theirs.body["id"], id.as_str());
    // Without a key, every POST creates.
    create(&app, &anna, body.clone()).await;
    assert_eq!(ids(&app.get(path, Some(&anna)).await).len(), 2);

    // Ten concurrent POSTs with one key: one proposal, and every answer names it.
    let burst = complete("Created once under fire", "open-call");
    let answers = app
        .concurrently(10, |_, client, base| {
            client
                .post(format!("{base}/api/v1/proposals"))
                .bearer_auth(&anna)
                .header("Idempotency-Key", "burst-1")
                .json(&burst)
        })
        .await;
    let created = answers.iter().filter(|a| a.status == 201).count();
    let replayed = answers.iter().filter(|a| a.status == 200).count();
    assert_eq!((created, replayed), (1, 9), "{:?}", answers.iter().map(|a| &a.text).collect::<Vec<_>>());
    let burst_ids: std::collections::BTreeSet<&str> =
        answers.iter().map(|a| a.body["id"].as_str().expect("id")).collect();
    assert_eq!(burst_ids.len(), 1, "{burst_ids:?}");
    let list = app.get("/api/v1/proposals?q=under%20fire", Some(&anna)).await;
    assert_eq!(ids(&list), burst_ids.iter().map(|i| (*i).to_owned()).collect::<Vec<_>>());
    assert_eq!(ids(&app.get(path, Some(&anna)).await).len(), 3);
});

hub_test!(a_co_author_on_the_team_reads_edits_submits_and_is_told, |app| {
    let (anna, user) = aurora(&app).await;
    let org: domain::OrganizationId = user["organization_id"].as_str().expect("organisation").parse().expect("an id");
    let bruno = app.user_with_roles("bruno@aurora.example", &[Role::Proposer], Some(org)).await;
    let bruno_id = user_id(&app, &bruno).await;
    let title = "Proposta scritta a quattro mani";
    let id = id_of(&create(&app, &anna, complete(title, "open-call")).await);

    let teamed = patch(&app, &anna, &id, Some("\"r1\""), json!({"team": [bruno_id]})).await;
    assert_eq!(teamed.status, 200, "{}", teamed.text);
    assert_eq!(teamed.body["team"], json!([bruno_id]));

    // The co-author reads it, edits it and submits it.
    let read = app.get(&format!("/api/v1/proposals/{id}"), Some(&bruno)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["team"], json!([bruno_id]));
    let edited = patch(&app, &bruno, &id, Some("\"r2\""), json!({"summary": "Riassunto rivisto dal coautore."})).await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    assert_eq!(edited.body["summary"], "Riassunto rivisto dal coautore.");
    moved(&act(&app, &bruno, &id, "submit", Value::Null).await, "submitted");

    // Both the author and the co-author are told.
    for to in ["anna@aurora.example", "bruno@aurora.example"] {
        let mails = hub_tests::funnel::wait_mails(&app, to, title, "", 1, std::time::Duration::from_secs(10)).await;
        assert!(!mails.is_empty(), "{to} is told of the submission");
    }
});
