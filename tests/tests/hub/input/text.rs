//! Free text, emails, CSV cells and request arrays: what the edge lets in and what exports let out.

use super::*;

hub_test!(names_and_titles_refuse_format_characters_and_mark_floods, |app| {
    let zalgo = format!("Z{}algo Labs", "\u{0301}\u{0336}\u{0489}\u{0352}");
    for (name, code) in [
        ("Anna\u{202E}moc.exe", "format_characters"),
        ("An\u{200B}na", "format_characters"),
        (zalgo.as_str(), "combining_marks"),
    ] {
        let answer = app
            .post(
                "/api/v1/auth/register",
                None,
                json!({"email": "x@x.example", "password": PASSWORD, "display_name": name,
                       "organization": {"name": name, "kind": "startup", "tax_code": "04817250931"}}),
            )
            .await;
        let body = answer.assert_problem(422, "validation_failed");
        let errors: Vec<(String, String)> = body["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| (e["field"].as_str().unwrap_or("").to_owned(), e["code"].as_str().unwrap_or("").to_owned()))
            .collect();
        assert!(errors.contains(&("display_name".to_owned(), code.to_owned())), "{name:?}: {errors:?}");
        assert!(errors.contains(&("organization.name".to_owned(), code.to_owned())), "{name:?}: {errors:?}");
    }
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    for title in ["\u{FEFF}Proposta invisibile", "Proposta \u{2066}nascosta", zalgo.as_str()] {
        let mut body = complete(title, "open-call");
        body["title"] = json!(title);
        assert_eq!(fields(&app.post("/api/v1/proposals", Some(&anna), body).await), ["title"], "{title:?}");
    }
    let token =
        app.post("/api/v1/me/tokens", Some(&anna), json!({"name": "ci\u{202E}", "scopes": ["proposals:read"]})).await;
    assert_eq!(fields(&token), ["name"]);
    // Real names keep their marks; a note keeps an emoji's joiner.
    let ok = app.post("/api/v1/proposals", Some(&anna), complete("Nguyễn Thị Minh Khai", "open-call")).await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    assert_eq!(ok.body["title"], "Nguyễn Thị Minh Khai");
});

hub_test!(emails_are_bare_addresses_one_account_per_mailbox, |app| {
    for email in ["\"Alias\" <anna@aurora.example>", "Anna <anna@aurora.example>", "<anna@aurora.example>"] {
        let answer = app
            .post(
                "/api/v1/auth/register",
                None,
                json!({"email": email, "password": PASSWORD, "display_name": "Anna",
                       "organization": {"name": "Aurora Labs", "kind": "startup", "tax_code": "04817250931"}}),
            )
            .await;
        assert_eq!(fields(&answer), ["email"], "{email}");
    }
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let org = app.get("/api/v1/me", Some(&anna)).await.body["organization_id"].as_str().expect("org").to_owned();
    let invite = app
        .post(
            &format!("/api/v1/organizations/{org}/invitations"),
            Some(&anna),
            json!({"email": "\"Boss\" <bob@aurora.example>"}),
        )
        .await;
    assert_eq!(fields(&invite), ["email"]);
    // The same mailbox in other letters is the same account.
    let again = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"email": "ANNA@Aurora.Example", "password": PASSWORD, "display_name": "Anna",
                   "organization": {"name": "Aurora Bis", "kind": "startup", "tax_code": "01234567897"}}),
        )
        .await;
    assert!(again.status == 409 || again.status == 201 || again.status == 202, "{}", again.text);
    let users = app.get("/api/v1/users?limit=100", Some(&hub_tests::funnel::admin(&app).await)).await;
    let annas = users.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|u| u["email"].as_str().is_some_and(|e| e.to_lowercase().contains("anna@aurora.example")))
        .count();
    assert_eq!(annas, 1, "{}", users.text);
});

hub_test!(csv_exports_neutralise_formulas, |app| {
    let hub = manager(&app).await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let title = "=cmd|' /C calc'!A0";
    under_review(&app, &anna, &hub, title, "open-call").await;
    under_review(&app, &anna, &hub, "@SUM(1+1)*cmd|' /C calc'!A0", "open-call").await;
    let response = app
        .client
        .get(format!("{}/api/v1/challenges/open-call/ranking", app.base))
        .bearer_auth(&hub)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("answer");
    let csv = TestApp::answer(response).await;
    assert_eq!(csv.status, 200, "{}", csv.text);
    assert!(csv.text.contains(",'=cmd|' /C calc'!A0,"), "{}", csv.text);
    assert!(csv.text.contains(",'@SUM(1+1)*cmd|' /C calc'!A0,"), "{}", csv.text);
    for line in csv.text.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@', '\t', '\r']), "a formula cell in {line}");
        }
    }
});

hub_test!(request_arrays_are_bounded_and_a_team_is_checked_in_one_query, |app| {
    let admin = hub_tests::funnel::admin(&app).await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let huge: Vec<String> = (0..24_000).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let mut body = complete("Proposta di squadra", "open-call");
    body["team"] = json!(huge);
    assert_eq!(fields(&app.post("/api/v1/proposals", Some(&anna), body).await), ["team"]);
    let id = draft(&app, &anna, "Proposta di squadra", "open-call").await;
    let etag = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await.header("etag").expect("etag").to_owned();
    let patch = |team: Vec<String>| {
        let request = app
            .client
            .patch(format!("{}/api/v1/proposals/{id}", app.base))
            .bearer_auth(&anna)
            .header("if-match", &etag)
            .json(&json!({"team": team}));
        let store = app.store.clone();
        async move {
            let before = store.sql_statements();
            let answer = TestApp::answer(request.send().await.expect("answer")).await;
            (answer, store.sql_statements() - before)
        }
    };
    let (one, one_cost) = patch(vec![uuid::Uuid::now_v7().to_string()]).await;
    assert_eq!(fields(&one), ["team[0]"]);
    let fifty: Vec<String> = (0..50).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let (many, many_cost) = patch(fifty).await;
    assert_eq!(fields(&many).len(), 50);
    // The mail worker's polls share the counter: a few statements of slack, not one per member.
    assert!(many_cost < one_cost + 10, "one query for the team whatever its size: {one_cost} vs {many_cost}");
    let (too_many, _) = patch((0..51).map(|_| uuid::Uuid::now_v7().to_string()).collect()).await;
    assert_eq!(fields(&too_many), ["team"]);
    let anna_id = user_id(&app, &anna).await;
    let roles = app
        .request(
            Method::PUT,
            &format!("/api/v1/users/{anna_id}/roles"),
            Some(&admin),
            json!({"roles": vec!["proposer"; 24_000]}),
        )
        .await;
    assert_eq!(fields(&roles), ["roles"]);
    let scopes = app
        .post("/api/v1/me/tokens", Some(&anna), json!({"name": "ci", "scopes": vec!["proposals:read"; 24_000]}))
        .await;
    assert_eq!(fields(&scopes), ["scopes"]);
    let mut tags = complete("Proposta etichettata", "open-call");
    tags["tags"] = json!((0..21).map(|i| format!("t{i}")).collect::<Vec<_>>());
    assert_eq!(fields(&app.post("/api/v1/proposals", Some(&anna), tags).await), ["tags"]);
});
