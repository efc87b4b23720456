//! The public pages to browse: challenges, the four pillars, the catalogue and its services.

use hub_tests::funnel::manager;
use hub_tests::hub_test;
use serde_json::{Value, json};

use crate::catalogue::{accepted, completion, direct, editor, proposer, publish};

hub_test!(the_challenges_the_public_sees, |app| {
    let hub = manager(&app).await;
    let sponsor = crate::challenges::administration(&app).await;
    let draft = app.post("/api/v1/challenges", Some(&hub), crate::challenges::body("sfida-in-bozza", &sponsor)).await;
    assert_eq!(draft.status, 201, "{}", draft.text);
    let visitor = app.visitor("it");
    let list = visitor.get("/challenges").await;
    assert_eq!(list.status, 200);
    assert!(list.text.contains("href=\"/challenges/open-call\""), "{}", list.text);
    assert!(!list.text.contains("sfida-in-bozza"), "a draft is not public");
    assert_eq!(visitor.get("/challenges/sfida-in-bozza").await.status, 404);
    assert_eq!(visitor.get("/challenges/no-such-challenge").await.status, 404);
    // A hub manager signed in sees the draft, as through the API.
    app.user_with_roles("capo@hub.example", &[domain::Role::HubManager], None).await;
    let manager_page = app.signed_in("capo@hub.example", "it").await.get("/challenges/sfida-in-bozza").await;
    assert_eq!(manager_page.status, 200, "{}", manager_page.text);
    // The detail: sponsor, rubric weights and thresholds, how to take part.
    let detail = visitor.get("/challenges/open-call").await;
    assert_eq!(detail.status, 200);
    assert!(detail.text.contains("<dt>Amministrazione promotrice</dt>"));
    assert!(
        detail.text.contains("<th scope=\"row\">Sicurezza e sovranità</th><td>25%</td><td>3,0</td>"),
        "{}",
        detail.text
    );
    assert!(detail.text.contains("href=\"/register\""), "the anonymous are invited to register");
    // Searching narrows the list.
    let none = visitor.get("/challenges?q=zzzznothing&state=").await;
    assert!(
        none.text.contains("Nessuna sfida corrisponde alla ricerca.") && !none.text.contains("/challenges/open-call\"")
    );
    let english = app.visitor("en").get("/challenges/open-call").await;
    assert!(english.text.contains("<html lang=\"en\">") && english.text.contains("How proposals will be assessed"));
});

hub_test!(the_pillars_page_defines_every_level, |app| {
    let page = app.visitor("it").get("/pillars").await;
    assert_eq!(page.status, 200);
    let store = app.store.clone();
    let rubric = tokio::task::spawn_blocking(move || store.rubric_current()).await.expect("join").expect("rubric");
    for pillar in &rubric.pillars {
        assert!(page.text.contains(&pillar.name_it), "{}", pillar.name_it);
        for level in &pillar.levels {
            let escaped = level.it.replace('&', "&amp;").replace('"', "&#34;").replace('\'', "&#39;");
            assert!(page.text.contains(&escaped), "level {} of {}", level.score, pillar.name_it);
        }
    }
});

hub_test!(the_catalogue_search_and_a_service_page, |app| {
    let hub = manager(&app).await;
    let editor = editor(&app).await;
    let (proposer, organization) = proposer(&app).await;
    // A scored service, from an accepted proposal, published.
    let proposal = accepted(&app, &proposer, &hub, "Gateway FHIR sovrano per le ASL", 4.5).await;
    let promoted = app.post(&format!("/api/v1/proposals/{proposal}/promote"), Some(&editor), Value::Null).await;
    let slug = promoted.body["slug"].as_str().expect("slug").to_owned();
    publish(&app, &editor, &slug, completion("Interoperabilità FHIR", "saas", "data-analytics")).await;
    // A draft: not public.
    direct(&app, &editor, "servizio-in-bozza", "Servizio in bozza", &organization).await;

    let visitor = app.visitor("it");
    let all = visitor.get("/catalogue").await;
    assert_eq!(all.status, 200);
    assert!(all.text.contains(&format!("href=\"/catalogue/{slug}\"")), "{}", all.text);
    assert!(!all.text.contains("servizio-in-bozza"));
    assert_eq!(visitor.get("/catalogue/servizio-in-bozza").await.status, 404, "a draft is not public");
    // The filters narrow: by model, by score, by words.
    assert!(visitor.get("/catalogue?service_model=saas").await.text.contains(&slug));
    assert!(!visitor.get("/catalogue?service_model=iaas").await.text.contains(&format!("/catalogue/{slug}\"")));
    assert!(!visitor.get("/catalogue?min_score=5&pillar=").await.text.contains(&format!("/catalogue/{slug}\"")));
    assert!(visitor.get("/catalogue?q=FHIR&sort=newest").await.text.contains(&slug));
    assert_eq!(visitor.get("/catalogue?sort=sideways").await.status, 422);

    let page = visitor.get(&format!("/catalogue/{slug}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("<h1>Gateway FHIR sovrano per le ASL</h1>") && page.text.contains("EUPL-1.2"));
    assert!(page.text.contains(&format!("href=\"/api/v1/catalogue/services/{slug}/publiccode.yml\"")));
    // The chart and the table show the same figures: 4,5 on every pillar.
    let chart = page.text.split("<svg").nth(1).and_then(|s| s.split("</svg>").next()).expect("a chart");
    assert!(chart.contains("role=\"img\"") && chart.contains("<title id=\"chart-title\">") && chart.contains("<desc"));
    assert_eq!(chart.matches(">4,5</text>").count(), 4, "{chart}");
    let table = page.text.split("</svg>").nth(1).expect("a table after the chart");
    assert_eq!(table.matches("<td>4,5</td>").count(), 4);
    // The publiccode.yml the page links to is there.
    let file = app.get(&format!("/api/v1/catalogue/services/{slug}/publiccode.yml"), None).await;
    assert_eq!(file.status, 200);
});

hub_test!(a_deprecated_service_names_its_successor, |app| {
    let editor = editor(&app).await;
    let (_, organization) = proposer(&app).await;
    for (slug, name) in [("vecchio", "Servizio vecchio"), ("nuovo", "Servizio nuovo")] {
        direct(&app, &editor, slug, name, &organization).await;
        publish(&app, &editor, slug, completion("Servizio", "paas", "document-management")).await;
    }
    let new_id = app.get("/api/v1/catalogue/services/nuovo", None).await.body["id"].as_str().expect("id").to_owned();
    let etag =
        app.get("/api/v1/catalogue/services/vecchio", Some(&editor)).await.header("etag").expect("etag").to_owned();
    let deprecated = app
        .client
        .post(format!("{}/api/v1/catalogue/services/vecchio/deprecate", app.base))
        .bearer_auth(&editor)
        .header("if-match", etag)
        .json(&json!({"reason": "Sostituito dal servizio nuovo.", "replacement": new_id}))
        .send()
        .await
        .expect("deprecate");
    assert_eq!(deprecated.status().as_u16(), 200, "{}", deprecated.text().await.unwrap_or_default());
    let page = app.visitor("it").get("/catalogue/vecchio").await;
    assert!(page.text.contains("Servizio dismesso") && page.text.contains("Sostituito dal servizio nuovo."));
    assert!(page.text.contains("<a href=\"/catalogue/nuovo\">Servizio nuovo</a>"), "{}", page.text);
});
