//! What the public sees (published and deprecated services, 304s) and search, filters and sorts on
//! both engines.

use super::*;

hub_test!(the_public_sees_published_and_deprecated_services_and_gets_304s, |app| {
    let editor = editor(&app).await;
    let (proposer, organization) = proposer(&app).await;
    let draft = direct(&app, &editor, "bozza-riservata", "Bozza riservata", &organization).await;
    direct(&app, &editor, "pubblicato", "Pubblicato", &organization).await;
    publish(&app, &editor, "pubblicato", completion("Visibile", "paas", "cloud-management")).await;

    let list = app.get("/api/v1/catalogue/services", None).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let slugs: Vec<&str> =
        list.body["items"].as_array().expect("items").iter().filter_map(|s| s["slug"].as_str()).collect();
    assert_eq!(slugs, ["pubblicato"]);
    let drafts = app.get("/api/v1/catalogue/services?state=draft", None).await;
    assert_eq!(drafts.body["items"], json!([]), "the public never lists drafts");
    let editors = app.get("/api/v1/catalogue/services?state=draft", Some(&editor)).await;
    assert_eq!(editors.body["items"][0]["slug"], "bozza-riservata");
    // A proposer sees only drafts promoted from their own proposals, not this direct one.
    app.get(&format!("/api/v1/catalogue/services/{}", draft["slug"].as_str().expect("slug")), Some(&proposer))
        .await
        .assert_problem(404, "not_found");

    let read = app.get("/api/v1/catalogue/services/pubblicato", None).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.header("cache-control"), Some("public, max-age=60"));
    let etag = read.header("etag").expect("etag").to_owned();
    let again = app.get_if_none_match("/api/v1/catalogue/services/pubblicato", &etag).await;
    assert_eq!(again.status, 304);
    assert_eq!(again.text, "", "a 304 has no body");
    let stale = app.get_if_none_match("/api/v1/catalogue/services/pubblicato", "\"r1\"").await;
    assert_eq!(stale.status, 200, "an old ETag gets the current service");
    app.get("/api/v1/catalogue/services?sort=random", None).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/catalogue/services?service_model=faas", None).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/catalogue/services?cursor=bm90LWEtY3Vyc29y", None).await.assert_problem(422, "validation_failed");
});

hub_test!(search_filters_and_sorts_work_on_both_engines, |app| {
    let hub = manager(&app).await;
    let editor = editor(&app).await;
    let (proposer, organization) = proposer(&app).await;
    // Two promoted services with scores, one direct without.
    let high = accepted(&app, &proposer, &hub, "Telemonitoraggio cardiologico", 4.5).await;
    let low = accepted(&app, &proposer, &hub, "Sportello unico digitale", 3.0).await;
    let mut slugs = Vec::new();
    for (proposal, words, model, tag) in [
        (&high, "Interoperabilità sanitaria con profili FHIR", "saas", "data-collection"),
        (&low, "Pratiche edilizie e commercio per i Comuni", "paas", "document-management"),
    ] {
        let promoted = app.post(&format!("/api/v1/proposals/{proposal}/promote"), Some(&editor), Value::Null).await;
        assert_eq!(promoted.status, 201, "{}", promoted.text);
        let slug = promoted.body["slug"].as_str().expect("slug").to_owned();
        publish(&app, &editor, &slug, completion(words, model, tag)).await;
        slugs.push(slug);
    }
    direct(&app, &editor, "anagrafe-cloud", "Anagrafe cloud", &organization).await;
    publish(
        &app,
        &editor,
        "anagrafe-cloud",
        completion("Anagrafe della popolazione residente", "iaas", "data-collection"),
    )
    .await;

    let found = |query: &'static str| {
        let app = &app;
        async move {
            let answer = app.get(&format!("/api/v1/catalogue/services?{query}"), None).await;
            assert_eq!(answer.status, 200, "{query}: {}", answer.text);
            answer.body["items"]
                .as_array()
                .expect("items")
                .iter()
                .filter_map(|s| s["slug"].as_str().map(str::to_owned))
                .collect::<Vec<_>>()
        }
    };
    // A word of the description, without its accent, and a prefix of another.
    assert_eq!(found("q=interoperabilita").await, [slugs[0].clone()]);
    assert_eq!(found("q=edili").await, [slugs[1].clone()]);
    assert_eq!(found("q=FHIR%20profili").await, [slugs[0].clone()], "every word must match");
    assert_eq!(found("q=residente").await, ["anagrafe-cloud"]);
    assert_eq!(found("q=inesistente").await, Vec::<String>::new());
    assert_eq!(found("q=%22%27%29%28*").await.len(), 3, "punctuation alone searches nothing");
    // A tag, also as a search word.
    assert_eq!(found("q=document").await, [slugs[1].clone()]);
    assert_eq!(found("tag=data-collection&sort=name").await, ["anagrafe-cloud", slugs[0].as_str()].map(str::to_owned));
    assert_eq!(found("service_model=paas").await, [slugs[1].clone()]);
    assert_eq!(found(Box::leak(format!("provider_id={organization}").into_boxed_str())).await.len(), 3);
    assert_eq!(found("provider_id=01900000-0000-7000-8000-000000000001").await, Vec::<String>::new());
    assert_eq!(found("min_score=4").await, [slugs[0].clone()]);
    assert_eq!(found("min_score=3&pillar=talent_skills&sort=score").await, [slugs[0].clone(), slugs[1].clone()]);
    app.get("/api/v1/catalogue/services?min_score=7", None).await.assert_problem(422, "validation_failed");
    assert_eq!(found("sort=score").await, [slugs[0].clone(), slugs[1].clone(), "anagrafe-cloud".to_owned()]);
    assert_eq!(found("sort=newest").await, ["anagrafe-cloud".to_owned(), slugs[1].clone(), slugs[0].clone()]);

    // Cursor pages, one service each, in every order, add up to the whole list.
    for sort in ["name", "newest", "score"] {
        let whole = app.get(&format!("/api/v1/catalogue/services?sort={sort}"), None).await.body["items"].clone();
        let mut paged = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/catalogue/services?sort={sort}&limit=1&cursor={c}"),
                None => format!("/api/v1/catalogue/services?sort={sort}&limit=1"),
            };
            let page = app.get(&path, None).await;
            assert_eq!(page.status, 200, "{}", page.text);
            paged.extend(page.body["items"].as_array().expect("items").iter().cloned());
            match page.body["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => break,
            }
        }
        assert_eq!(Value::Array(paged), whole, "{sort}");
    }
});
