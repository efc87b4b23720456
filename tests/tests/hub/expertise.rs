//! The expertise vocabulary: hub managers add, reword and retire terms (a retired term leaves every
//! evaluator's expertise); evaluators declare theirs only from it; the directory and automatic
//! assignment read what they declared. API and pages, every refusal by role, both engines.

use domain::Role;
use hub_tests::funnel::{evaluator, manager, verified_proposer};
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

async fn put_term(app: &TestApp, token: &str, tag: &str, body: Value) -> Answer {
    app.request(Method::PUT, &format!("/api/v1/expertise/{tag}"), Some(token), body).await
}

async fn declare(app: &TestApp, token: &str, tags: &[&str]) -> Answer {
    app.request(Method::PUT, "/api/v1/me/expertise", Some(token), json!({"expertise": tags})).await
}

fn term<'a>(vocabulary: &'a Answer, tag: &str) -> Option<&'a Value> {
    vocabulary.body["items"].as_array().expect("items").iter().find(|t| t["tag"] == tag)
}

hub_test!(hub_managers_curate_the_vocabulary_and_evaluators_declare_from_it, |app| {
    let hub = manager(&app).await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let (eva, eva_id) = evaluator(&app, "eva@uni.example", None).await;

    // Curated by hub managers only; the tag has the form of proposals' tags; the Italian label is required.
    let words = json!({"label_it": "Dati aperti", "label_en": "Open data"});
    put_term(&app, &anna, "open-data", words.clone()).await.assert_problem(403, "forbidden");
    put_term(&app, &eva, "open-data", words.clone()).await.assert_problem(403, "forbidden");
    let added = put_term(&app, &hub, "open-data", words.clone()).await;
    assert_eq!((added.status, added.header("location")), (201, Some("/api/v1/expertise")), "{}", added.text);
    let reworded = put_term(&app, &hub, "open-data", json!({"label_it": "Dati aperti e riuso dei dati"})).await;
    assert_eq!(reworded.status, 200, "{}", reworded.text);
    put_term(&app, &hub, "Open%20Data", words.clone()).await.assert_problem(422, "validation_failed");
    let missing = put_term(&app, &hub, "gis", json!({})).await;
    missing.assert_problem(422, "validation_failed");
    assert!(missing.text.contains("label_it"), "{}", missing.text);
    assert_eq!(put_term(&app, &hub, "gis", json!({"label_it": "Sistemi informativi territoriali"})).await.status, 201);

    // Everyone signed in reads it, with how many evaluators declare each term.
    app.get("/api/v1/expertise", None).await.assert_problem(401, "unauthenticated");
    let vocabulary = app.get("/api/v1/expertise", Some(&anna)).await;
    assert_eq!(vocabulary.status, 200, "{}", vocabulary.text);
    let open_data = term(&vocabulary, "open-data").expect("open-data");
    assert_eq!(open_data["label_it"], "Dati aperti e riuso dei dati");
    assert_eq!((open_data["label_en"].clone(), open_data["evaluators"].clone()), (Value::Null, json!(0)));

    // Evaluators declare from it only; others may not declare at all.
    declare(&app, &anna, &["open-data"]).await.assert_problem(403, "forbidden");
    declare(&app, &hub, &["open-data"]).await.assert_problem(403, "forbidden");
    let unknown = declare(&app, &eva, &["open-data", "blockchain"]).await;
    unknown.assert_problem(422, "validation_failed");
    assert!(unknown.text.contains("unknown_expertise") && unknown.text.contains("expertise[1]"), "{}", unknown.text);
    let declared = declare(&app, &eva, &["gis", "Open-Data"]).await;
    assert_eq!(declared.status, 200, "{}", declared.text);
    assert_eq!(declared.body["expertise"], json!(["gis", "open-data"]));
    let vocabulary = app.get("/api/v1/expertise", Some(&eva)).await;
    assert_eq!(term(&vocabulary, "gis").expect("gis")["evaluators"], 1);
    let directory = app.get("/api/v1/evaluators?expertise=gis", Some(&hub)).await;
    assert!(directory.text.contains(&eva_id), "the directory filters by what they declared: {}", directory.text);

    // Retired: out of the vocabulary and out of the evaluator's expertise, in one go; audited.
    let retire = |tag: &str| {
        let (app, hub, path) = (&app, hub.clone(), format!("/api/v1/expertise/{tag}"));
        async move { app.request(Method::DELETE, &path, Some(&hub), Value::Null).await }
    };
    app.request(Method::DELETE, "/api/v1/expertise/gis", Some(&eva), Value::Null)
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(retire("gis").await.status, 204);
    retire("gis").await.assert_problem(404, "not_found");
    assert_eq!(app.get("/api/v1/me", Some(&eva)).await.body["expertise"], json!(["open-data"]));
    assert!(term(&app.get("/api/v1/expertise", Some(&eva)).await, "gis").is_none());
    declare(&app, &eva, &["gis"]).await.assert_problem(422, "validation_failed");
    let root = app.user_with_roles("root@hub.example", &[Role::Admin], None).await;
    let audit = app.get("/api/v1/audit?action=expertise.term_retired&target_id=gis", Some(&root)).await;
    assert_eq!(audit.body["items"][0]["details"]["evaluators"], "1", "one evaluator lost it: {}", audit.text);
    // An empty list clears it; no list at all is refused.
    assert_eq!(declare(&app, &eva, &[]).await.body["expertise"], json!([]));
    app.request(Method::PUT, "/api/v1/me/expertise", Some(&eva), json!({}))
        .await
        .assert_problem(422, "validation_failed");
});

hub_test!(the_vocabulary_and_the_evaluators_expertise_have_their_pages, |app| {
    let hub_token = manager(&app).await;
    evaluator(&app, "eva@uni.example", None).await;
    put_term(&app, &hub_token, "cloud", json!({"label_it": "Cloud e infrastrutture", "label_en": "Cloud"})).await;
    let hub = app.signed_in(hub_tests::funnel::MANAGER, "it").await;
    let page = "/manage/expertise";
    assert!(hub.get("/manage").await.text.contains(&format!("href=\"{page}\"")));
    let shown = hub.get(page).await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    assert!(shown.text.contains("Cloud e infrastrutture") && shown.text.contains("Retire cloud"), "{}", shown.text);

    // Added (a bad tag first, shown beside its field with what was typed), then retired; CSRF required.
    let refused = hub.submit(page, page, &[("tag", "Dati Aperti"), ("label_it", "Dati aperti")]).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(
        refused.text.contains("id=\"tag-error\"") && refused.text.contains("value=\"Dati Aperti\""),
        "{}",
        refused.text
    );
    let added = hub.submit(page, page, &[("tag", "open-data"), ("label_it", "Dati aperti"), ("label_en", "")]).await;
    assert_eq!(added.header("location"), Some("/manage/expertise?done=saved&tag=open-data"), "{}", added.text);
    assert!(hub.follow(&added).await.text.contains("Term open-data saved"));
    assert_eq!(hub.post(page, &[("tag", "gis"), ("label_it", "Territorio")]).await.status, 403, "no CSRF token");
    let retired = hub.submit(page, "/manage/expertise/cloud/retire", &[]).await;
    assert_eq!(retired.header("location"), Some("/manage/expertise?done=retired&tag=cloud"), "{}", retired.text);
    assert!(!hub.get(page).await.text.contains("Cloud e infrastrutture"));

    // The evaluator ticks from it (the Italian label where no English one is given); their account links
    // to the page; others are refused it.
    let eva = app.signed_in("eva@uni.example", "en").await;
    assert!(eva.get("/account").await.text.contains("href=\"/account/expertise\""));
    let mine = eva.get("/account/expertise").await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    assert!(
        mine.text.contains("Dati aperti <code>open-data</code>"),
        "the Italian label when no English: {}",
        mine.text
    );
    let saved = eva.submit("/account/expertise", "/account/expertise", &[("expertise", "open-data")]).await;
    assert_eq!(saved.header("location"), Some("/account/expertise?saved=1"), "{}", saved.text);
    let after = eva.follow(&saved).await;
    assert!(after.text.contains("value=\"open-data\" checked"), "{}", after.text);
    let stale = eva.submit("/account/expertise", "/account/expertise", &[("expertise", "retired-term")]).await;
    assert_eq!(stale.status, 422, "{}", stale.text);
    assert!(stale.text.contains("id=\"expertise-error\""), "{}", stale.text);
    assert_eq!(hub.get("/account/expertise").await.status, 403, "a hub manager declares no expertise");
    assert_eq!(eva.get(page).await.status, 403, "an evaluator curates nothing");
});
