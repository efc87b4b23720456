//! Editing a challenge under `If-Match`, who manages challenges, and the list's filters and pages.

use super::*;

hub_test!(edits_need_a_current_if_match, |app| {
    let sponsor = administration(&app).await;
    let hm = manager(&app).await;
    let created =
        create_ok(&app, &hm, with(body("modificabile", &sponsor), json!({"title_en": "An editable challenge"}))).await;
    assert_eq!(created["title_en"], "An editable challenge");
    let id = created["id"].as_str().expect("id").to_owned();
    let change = json!({"title_it": "Titolo cambiato"});

    patch(&app, &id, Some(&hm), None, change.clone()).await.assert_problem(428, "precondition_required");
    for garbage in ["*", "\"abc\"", "r1", "W/\"r1\"", "\"r\"", "\"rx\""] {
        patch(&app, &id, Some(&hm), Some(garbage), change.clone()).await.assert_problem(412, "precondition_failed");
    }
    patch(&app, &id, Some(&hm), Some("\"r2\""), change.clone()).await.assert_problem(412, "precondition_failed");
    // Nothing changed so far.
    let unchanged = app.get(&format!("/api/v1/challenges/{id}"), Some(&hm)).await;
    assert_eq!(unchanged.body["title_it"], "Sfida modificabile");
    assert_eq!(unchanged.header("etag"), Some("\"r1\""));

    let edited = patch(&app, &id, Some(&hm), Some("\"r1\""), change.clone()).await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    assert_eq!(edited.header("etag"), Some("\"r2\""));
    assert_eq!(edited.body["title_it"], "Titolo cambiato");
    assert_eq!(edited.body["title_en"], "An editable challenge", "fields left out keep their value");
    assert_eq!(edited.body["slug"], "modificabile");
    let read = app.get(&format!("/api/v1/challenges/{id}"), Some(&hm)).await;
    assert_eq!(read.body["title_it"], "Titolo cambiato");
    assert_eq!(read.header("etag"), Some("\"r2\""));

    // The ETag read before the edit is stale now.
    patch(&app, &id, Some(&hm), Some("\"r1\""), json!({"title_it": "Altro titolo"}))
        .await
        .assert_problem(412, "precondition_failed");

    // `null` clears an optional field.
    let cleared = patch(&app, &id, Some(&hm), Some("\"r2\""), json!({"title_en": null})).await;
    assert_eq!(cleared.status, 200, "{}", cleared.text);
    assert_eq!(cleared.body["title_en"], Value::Null);
    assert_eq!(cleared.header("etag"), Some("\"r3\""));
    assert_eq!(app.get(&format!("/api/v1/challenges/{id}"), Some(&hm)).await.body["title_en"], Value::Null);

    // Evaluation weights can be edited; the rest of the evaluation stays.
    let weights = json!({"evaluation": {"weights": {"talent_skills": 10, "effectiveness_sustainability": 40}}});
    let reweighted = patch(&app, &id, Some(&hm), Some("\"r3\""), weights).await;
    assert_eq!(reweighted.status, 200, "{}", reweighted.text);
    assert_eq!(reweighted.header("etag"), Some("\"r4\""));
    let expected = json!({"security_sovereignty": 25, "growth_development": 25, "talent_skills": 10, "effectiveness_sustainability": 40});
    assert_eq!(reweighted.body["evaluation"]["weights"], expected);
    assert_eq!(reweighted.body["evaluation"]["min_reviews"], 3);
    let read = app.get(&format!("/api/v1/challenges/{id}"), Some(&hm)).await;
    assert_eq!(read.body["evaluation"]["weights"], expected);

    // A wrong edit is refused with its field path and changes nothing.
    let wrong =
        patch(&app, &id, Some(&hm), Some("\"r4\""), json!({"evaluation": {"weights": {"talent_skills": 50}}})).await;
    assert_eq!(fields(&wrong), vec!["evaluation.weights".to_owned()]);
    let unknown = patch(&app, &id, Some(&hm), Some("\"r4\""), json!({"colour": "blue"})).await;
    unknown.assert_problem(422, "validation_failed");
    let closes_before = patch(
        &app,
        &id,
        Some(&hm),
        Some("\"r4\""),
        json!({"closes_at": (Utc::now() - Duration::days(5)).to_rfc3339()}),
    )
    .await;
    assert_eq!(fields(&closes_before), vec!["closes_at".to_owned()]);
    let read = app.get(&format!("/api/v1/challenges/{id}"), Some(&hm)).await;
    assert_eq!(read.header("etag"), Some("\"r4\""));
    assert_eq!(read.body["evaluation"]["weights"], expected);

    // Editing by slug works as well; an unknown challenge is 404.
    let by_slug = patch(&app, "modificabile", Some(&hm), Some("\"r4\""), json!({"tags": ["sanita"]})).await;
    assert_eq!(by_slug.status, 200, "{}", by_slug.text);
    assert_eq!(by_slug.body["tags"], json!(["sanita"]));
    patch(&app, "no-such-challenge", Some(&hm), Some("\"r1\""), change).await.assert_problem(404, "not_found");
});

hub_test!(only_hub_managers_manage_challenges, |app| {
    let sponsor = administration(&app).await;
    let hm = manager(&app).await;
    app.register("anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let proposer = app.token("anna@aurora.example").await;
    let evaluator = app.user_with_roles("evaluator@hub.example", &[Role::Evaluator], None).await;
    let editor = app.user_with_roles("editor@hub.example", &[Role::CatalogueEditor], None).await;
    let admin = app.token("admin@hub.example").await;
    let others = [("proposer", &proposer), ("evaluator", &evaluator), ("catalogue editor", &editor), ("admin", &admin)];

    let draft = create_ok(&app, &hm, body("ruoli", &sponsor)).await;
    let id = draft["id"].as_str().expect("id").to_owned();
    let operations = [
        (Method::POST, "/api/v1/challenges".to_owned(), body("intrusa", &sponsor)),
        (Method::PATCH, format!("/api/v1/challenges/{id}"), json!({"title_it": "Titolo intruso"})),
        (Method::POST, format!("/api/v1/challenges/{id}/open"), Value::Null),
        (Method::POST, format!("/api/v1/challenges/{id}/close"), Value::Null),
        (Method::POST, format!("/api/v1/challenges/{id}/archive"), Value::Null),
    ];
    for (method, path, payload) in &operations {
        let anonymous = app.request(method.clone(), path, None, payload.clone()).await;
        assert_eq!(anonymous.status, 401, "anonymous {method} {path}: {}", anonymous.text);
        anonymous.assert_problem(401, "unauthenticated");
        for (who, token) in &others {
            let mut request =
                app.client.request(method.clone(), format!("{}{path}", app.base)).bearer_auth(token.as_str());
            if *method == Method::PATCH {
                request = request.header("If-Match", "\"r1\"");
            }
            if !payload.is_null() {
                request = request.json(payload);
            }
            let answer = TestApp::answer(request.send().await.expect("answer")).await;
            // Creating is refused; the draft itself is not theirs to know of (officers: sponsorship.rs).
            let (status, code) = if path == "/api/v1/challenges" { (403, "forbidden") } else { (404, "not_found") };
            assert_eq!(answer.status, status, "{who}: {method} {path}: {}", answer.text);
            answer.assert_problem(status, code);
        }
    }

    // Nothing moved: still a draft at revision 1, and no intruder challenge.
    let after = app.get(&format!("/api/v1/challenges/{id}"), Some(&hm)).await;
    assert_eq!(after.body["state"], "draft");
    assert_eq!(after.body["title_it"], "Sfida ruoli");
    assert_eq!(after.header("etag"), Some("\"r1\""));
    app.get("/api/v1/challenges/intrusa", Some(&hm)).await.assert_problem(404, "not_found");
    // Other roles do not see drafts either.
    for (who, token) in &others {
        let answer = app.get(&format!("/api/v1/challenges/{id}"), Some(token.as_str())).await;
        assert_eq!(answer.status, 404, "{who}: {}", answer.text);
    }

    // The hub manager can do all of it.
    let edited = patch(&app, &id, Some(&hm), Some("\"r1\""), json!({"title_it": "Titolo del manager"})).await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    assert_eq!(act(&app, &hm, &id, "open").await["state"], "open");
    assert_eq!(act(&app, &hm, &id, "close").await["state"], "closed");
    assert_eq!(act(&app, &hm, &id, "archive").await["state"], "archived");

    // A bad credential on a public read is 401, not an anonymous read.
    app.get("/api/v1/challenges", Some("not-a-token")).await.assert_problem(401, "unauthenticated");
});

hub_test!(the_list_filters_and_pages, |app| {
    let sponsor = administration(&app).await;
    let hm = manager(&app).await;
    app.register("anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let proposer = app.token("anna@aurora.example").await;

    create_open(
        &app,
        &hm,
        with(
            body("telemedicina", &sponsor),
            json!({"title_it": "Telemedicina per le Aree Interne", "tags": ["salute", "cloud"]}),
        ),
    )
    .await;
    create_open(
        &app,
        &hm,
        with(body("scuole", &sponsor), json!({"title_it": "Scuole digitali", "tags": ["istruzione"]})),
    )
    .await;
    let closed = create_open(
        &app,
        &hm,
        with(body("archivi", &sponsor), json!({"title_it": "Archivi in cloud", "tags": ["cloud"]})),
    )
    .await;
    act(&app, &hm, closed["id"].as_str().expect("id"), "close").await;
    let gone = create_open(&app, &hm, with(body("passata", &sponsor), json!({"tags": ["cloud"]}))).await;
    let gone_id = gone["id"].as_str().expect("id").to_owned();
    act(&app, &hm, &gone_id, "close").await;
    act(&app, &hm, &gone_id, "archive").await;
    create_ok(
        &app,
        &hm,
        with(body("bozza", &sponsor), json!({"title_it": "Bozza nelle aree interne", "tags": ["cloud"]})),
    )
    .await;

    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();

    // Anonymous: the open and closed ones only.
    assert_eq!(sorted(slugs(&app, None, "").await), strings(&["archivi", "open-call", "scuole", "telemedicina"]));
    assert_eq!(sorted(slugs(&app, None, "?state=open").await), strings(&["open-call", "scuole", "telemedicina"]));
    assert_eq!(slugs(&app, None, "?state=closed").await, strings(&["archivi"]));
    assert_eq!(slugs(&app, None, "?state=draft").await, Vec::<String>::new());
    assert_eq!(slugs(&app, None, "?state=archived").await, Vec::<String>::new());
    assert_eq!(sorted(slugs(&app, None, "?tag=cloud").await), strings(&["archivi", "telemedicina"]));
    assert_eq!(slugs(&app, None, "?tag=cloud&state=open").await, strings(&["telemedicina"]));
    assert_eq!(slugs(&app, None, "?tag=nessuno").await, Vec::<String>::new());
    // `q`: a case-insensitive substring of the title.
    assert_eq!(slugs(&app, None, "?q=AREE").await, strings(&["telemedicina"]));
    assert_eq!(slugs(&app, None, "?q=aree%20interne").await, strings(&["telemedicina"]));
    assert_eq!(slugs(&app, None, "?q=digitali").await, strings(&["scuole"]));
    assert_eq!(slugs(&app, None, "?q=zzzz").await, Vec::<String>::new());
    assert_eq!(slugs(&app, None, "?q=cloud&state=closed").await, strings(&["archivi"]));

    // A proposer sees what the public sees; asking for drafts gives nothing.
    assert_eq!(slugs(&app, Some(&proposer), "?state=draft").await, Vec::<String>::new());
    assert_eq!(slugs(&app, Some(&proposer), "?state=archived").await, Vec::<String>::new());
    assert_eq!(
        sorted(slugs(&app, Some(&proposer), "").await),
        strings(&["archivi", "open-call", "scuole", "telemedicina"])
    );
    // The hub manager sees drafts and archived ones.
    assert_eq!(slugs(&app, Some(&hm), "?state=draft").await, strings(&["bozza"]));
    assert_eq!(slugs(&app, Some(&hm), "?state=archived").await, strings(&["passata"]));
    assert_eq!(sorted(slugs(&app, Some(&hm), "?q=aree").await), strings(&["bozza", "telemedicina"]));
    assert_eq!(
        sorted(slugs(&app, Some(&hm), "?tag=cloud").await),
        strings(&["archivi", "bozza", "passata", "telemedicina"])
    );

    // Pagination with limit=1 visits every visible challenge once.
    let pages = list_all(&app, None, "").await;
    let visited: Vec<String> = pages.iter().map(|c| c["slug"].as_str().expect("slug").to_owned()).collect();
    assert_eq!(visited.len(), 4, "{visited:?}");
    assert_eq!(sorted(visited), strings(&["archivi", "open-call", "scuole", "telemedicina"]));
    let managed = list_all(&app, Some(&hm), "").await;
    assert_eq!(managed.len(), 6, "{managed:?}");
    let open_pages = list_all(&app, None, "&state=open").await;
    let visited: Vec<String> = open_pages.iter().map(|c| c["slug"].as_str().expect("slug").to_owned()).collect();
    assert_eq!(sorted(visited), strings(&["open-call", "scuole", "telemedicina"]));
    // The whole list fits one page: no cursor.
    let all = app.get("/api/v1/challenges?limit=100", None).await;
    assert_eq!(all.body["items"].as_array().map(Vec::len), Some(4));
    assert!(all.body["next_cursor"].as_str().is_none(), "{}", all.text);

    // Bad filters and paging.
    let bogus = app.get("/api/v1/challenges?state=bogus", None).await;
    assert_eq!(fields(&bogus), vec!["state".to_owned()]);
    assert_eq!(fields(&app.get("/api/v1/challenges?limit=0", None).await), vec!["limit".to_owned()]);
    assert_eq!(fields(&app.get("/api/v1/challenges?limit=101", None).await), vec!["limit".to_owned()]);
    assert_eq!(fields(&app.get("/api/v1/challenges?cursor=%21%21%21", None).await), vec!["cursor".to_owned()]);
});
