//! Promoting an accepted proposal into a service, once, and a service's lifecycle under `If-Match`.

use super::*;

hub_test!(an_editor_promotes_an_accepted_proposal_once, |app| {
    let hub = manager(&app).await;
    let editor = editor(&app).await;
    let (proposer, organization) = proposer(&app).await;
    let proposal = accepted(&app, &proposer, &hub, "Gateway FHIR sovrano per le ASL", 4.5).await;
    let path = format!("/api/v1/proposals/{proposal}/promote");

    // Nobody but a catalogue editor promotes.
    app.post(&path, None, Value::Null).await.assert_problem(401, "unauthenticated");
    app.post(&path, Some(&hub), Value::Null).await.assert_problem(403, "forbidden");
    app.post(&path, Some(&proposer), Value::Null).await.assert_problem(403, "forbidden");

    let promoted = app.post(&path, Some(&editor), Value::Null).await;
    assert_eq!(promoted.status, 201, "{}", promoted.text);
    let service = &promoted.body;
    assert_eq!(service["state"], "draft");
    assert_eq!(service["slug"], "gateway-fhir-sovrano-per-le-asl");
    assert_eq!(service["name"], "Gateway FHIR sovrano per le ASL");
    assert_eq!(service["provider_id"], organization.as_str());
    assert_eq!(service["origin_proposal_id"], proposal.as_str());
    assert_eq!(service["short_description_it"], "Summary of Gateway FHIR sovrano per le ASL.");
    assert_eq!(service["tags"], json!(["cloud", "security"]));
    assert_eq!(service["scores"]["talent_skills"], 4.5, "the pillar means at acceptance");
    assert_eq!(service["score"], 4.5);
    assert!(promoted.header("etag").is_some());

    let read = app.get(&format!("/api/v1/proposals/{proposal}"), Some(&proposer)).await;
    assert_eq!(read.body["state"], "promoted");
    let history = app.get(&format!("/api/v1/proposals/{proposal}/history"), Some(&proposer)).await;
    assert!(
        history.body["items"].as_array().expect("history").iter().any(|h| h["action"] == "promote"),
        "{}",
        history.text
    );
    let mails =
        wait_mails(&app, PROPOSER, "Gateway FHIR sovrano per le ASL", "catalogo", 1, Duration::from_secs(15)).await;
    assert_eq!(mails.len(), 1, "the team hears of the promotion");

    // Twice: the proposal is no longer accepted.
    app.post(&path, Some(&editor), Value::Null).await.assert_problem(409, "invalid_transition");
    // Not from any other state: proposals before a decision do not exist for an editor.
    let pending = under_review(&app, &proposer, &hub, "Ancora in valutazione", "open-call").await;
    app.post(&format!("/api/v1/proposals/{pending}/promote"), Some(&editor), Value::Null)
        .await
        .assert_problem(404, "not_found");
    let draft = hub_tests::funnel::draft(&app, &proposer, "Ancora in bozza", "open-call").await;
    let submitted = hub_tests::funnel::submitted(&app, &proposer, "Appena inviata", "open-call").await;
    for other in [&draft, &submitted] {
        app.post(&format!("/api/v1/proposals/{other}/promote"), Some(&editor), Value::Null)
            .await
            .assert_problem(404, "not_found");
    }
    let (evaluator_token, _) = evaluator(&app, "valutatore@hub.example", None).await;
    app.post(&path, Some(&evaluator_token), Value::Null).await.assert_problem(403, "forbidden");
    app.post("/api/v1/proposals/not-an-id/promote", Some(&editor), Value::Null).await.assert_problem(404, "not_found");

    // The proposer sees the draft promoted from their proposal; the public does not.
    let slug = service["slug"].as_str().expect("slug");
    assert_eq!(app.get(&format!("/api/v1/catalogue/services/{slug}"), Some(&proposer)).await.status, 200);
    app.get(&format!("/api/v1/catalogue/services/{slug}"), None).await.assert_problem(404, "not_found");
    let audit = app
        .get("/api/v1/audit?limit=100", Some(&app.user_with_roles("root@hub.example", &[Role::Admin], None).await))
        .await;
    assert!(audit.text.contains("service.promoted"), "{}", audit.text);
});

hub_test!(the_lifecycle_moves_in_order_with_if_match_and_completeness, |app| {
    let editor = editor(&app).await;
    let (proposer, organization) = proposer(&app).await;
    let missing = app.post("/api/v1/catalogue/services", Some(&editor), json!({"name": "Senza slug"})).await;
    assert_eq!(fields(&missing), ["slug", "short_description_it", "long_description_it", "provider_id"]);
    app.post("/api/v1/catalogue/services", Some(&proposer), json!({})).await.assert_problem(403, "forbidden");
    let service = direct(&app, &editor, "archivio-documentale", "Archivio documentale", &organization).await;
    let duplicate = app
        .post(
            "/api/v1/catalogue/services",
            Some(&editor),
            json!({"slug": "archivio-documentale", "name": "Altro", "short_description_it": "x",
                   "long_description_it": "y", "provider_id": organization}),
        )
        .await;
    duplicate.assert_problem(409, "slug_taken");
    let slug = service["slug"].as_str().expect("slug");

    // Publishing lists every field the publiccode.yml needs.
    let incomplete = app.post(&format!("/api/v1/catalogue/services/{slug}/publish"), Some(&editor), Value::Null).await;
    assert_eq!(
        fields(&incomplete),
        [
            "service_model",
            "license",
            "repository_url",
            "version",
            "contacts",
            "platforms",
            "development_status",
            "release_date",
            "features_it",
            "tags",
            "long_description_it"
        ]
    );

    // Edits need the current ETag.
    patch(&app, &editor, slug, None, json!({"version": "1.0.0"})).await.assert_problem(428, "precondition_required");
    patch(&app, &editor, slug, Some("\"r99\""), json!({"version": "1.0.0"}))
        .await
        .assert_problem(412, "precondition_failed");
    let etag = etag_of(&app, &editor, slug).await;
    let bad = patch(&app, &editor, slug, Some(&etag), json!({"license": "GPL-3", "version": "uno"})).await;
    assert_eq!(fields(&bad), ["license", "version"]);
    patch(&app, &proposer, slug, Some(&etag), json!({"version": "1.0.0"})).await.assert_problem(403, "forbidden");
    let published =
        publish(&app, &editor, slug, completion("Protocollo e conservazione", "saas", "document-management")).await;
    assert!(published["published_at"].is_string());
    app.post(&format!("/api/v1/catalogue/services/{slug}/publish"), Some(&editor), Value::Null)
        .await
        .assert_problem(409, "invalid_transition");

    // The slug is stable once published.
    let etag = etag_of(&app, &editor, slug).await;
    let renamed = patch(&app, &editor, slug, Some(&etag), json!({"slug": "nuovo-nome"})).await;
    assert_eq!(renamed.assert_problem(422, "validation_failed")["errors"][0]["code"], "slug_frozen");

    // The provider hears of the publication.
    let mails = wait_mails(&app, PROPOSER, "Archivio documentale", "publiccode.yml", 1, Duration::from_secs(15)).await;
    assert_eq!(mails.len(), 1, "the provider organisation is told");

    // Deprecation needs a reason and names a published replacement.
    let successor = direct(&app, &editor, "archivio-documentale-2", "Archivio documentale 2", &organization).await;
    let successor_slug = successor["slug"].as_str().expect("slug");
    let deprecate = format!("/api/v1/catalogue/services/{slug}/deprecate");
    assert_eq!(fields(&app.post(&deprecate, Some(&editor), json!({})).await), ["reason"]);
    let draft_replacement =
        app.post(&deprecate, Some(&editor), json!({"reason": "Sostituito.", "replacement": successor_slug})).await;
    assert_eq!(fields(&draft_replacement), ["replacement"], "a draft cannot replace");
    publish(&app, &editor, successor_slug, completion("Versione due", "saas", "document-management")).await;
    let deprecated = app
        .post(
            &deprecate,
            Some(&editor),
            json!({"reason": "Sostituito dalla versione 2.", "replacement": successor_slug}),
        )
        .await;
    assert_eq!(deprecated.status, 200, "{}", deprecated.text);
    assert_eq!(deprecated.body["state"], "deprecated");
    let public = app.get(&format!("/api/v1/catalogue/services/{slug}"), None).await;
    assert_eq!(public.status, 200, "deprecated services stay public");
    assert_eq!(public.body["deprecation_reason"], "Sostituito dalla versione 2.");
    assert_eq!(public.body["replacement"], json!({"slug": successor_slug, "name": "Archivio documentale 2"}));
    let notice =
        wait_mails(&app, PROPOSER, "Archivio documentale", "Sostituito dalla versione 2.", 1, Duration::from_secs(15))
            .await;
    assert_eq!(notice.len(), 1, "the provider hears of the deprecation");

    // Retired: gone from public view, kept for editors, with the whole history.
    // A lifecycle move's `If-Match` is optional: a stale one is 412, an empty one is none (never 428).
    let retire = format!("{}/api/v1/catalogue/services/{slug}/retire", app.base);
    let with = |tag: &'static str| app.client.post(&retire).bearer_auth(&editor).header("if-match", tag).send();
    TestApp::answer(with("\"r99\"").await.expect("answer")).await.assert_problem(412, "precondition_failed");
    let retired = TestApp::answer(with("").await.expect("answer")).await;
    assert_eq!(retired.body["state"], "retired", "{}", retired.text);
    app.get(&format!("/api/v1/catalogue/services/{slug}"), None).await.assert_problem(404, "not_found");
    app.get(&format!("/api/v1/catalogue/services/{slug}/publiccode.yml"), None).await.assert_problem(404, "not_found");
    assert_eq!(app.get(&format!("/api/v1/catalogue/services/{slug}"), Some(&editor)).await.status, 200);
    app.post(&format!("/api/v1/catalogue/services/{slug}/retire"), Some(&editor), Value::Null)
        .await
        .assert_problem(409, "invalid_transition");
    let history = app.get(&format!("/api/v1/catalogue/services/{slug}/history"), Some(&editor)).await;
    let actions: Vec<&str> =
        history.body["items"].as_array().expect("history").iter().filter_map(|h| h["action"].as_str()).collect();
    assert_eq!(actions, ["created", "edited", "publish", "deprecate", "retire"], "{}", history.text);
});
