//! The PSN service catalogue: promotion of accepted proposals, editing with If-Match, the lifecycle,
//! public visibility, search and filters on both engines, 304s and the publiccode.yml export.

use std::time::Duration;

use domain::Role;
use hub_tests::funnel::{
    assigned, confirm, evaluator, fields, in_days, manager, moved, save_and_submit, under_review, verified_proposer,
    wait_mails,
};
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

const EDITOR: &str = "catalogue@hub.example";
const PROPOSER: &str = "anna@aurora.example";

async fn editor(app: &TestApp) -> String {
    app.user_with_roles(EDITOR, &[Role::CatalogueEditor], None).await
}

/// The proposer of Aurora Labs: (token, organisation id).
async fn proposer(app: &TestApp) -> (String, String) {
    let (token, _) = verified_proposer(app, PROPOSER, "Aurora Labs S.r.l.", "04817250931").await;
    let me = app.get("/api/v1/me", Some(&token)).await;
    (token, me.body["organization_id"].as_str().expect("organisation").to_owned())
}

/// A review with `score` on every pillar.
fn review(score: f64) -> Value {
    let pillars = ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];
    json!({
        "scores": pillars.iter().map(|p| ((*p).to_owned(), json!(score))).collect::<serde_json::Map<_, _>>(),
        "comments": pillars.iter().map(|p| ((*p).to_owned(), json!("Solido."))).collect::<serde_json::Map<_, _>>(),
        "overall_comment": "Buono.", "recommendation": "accept"
    })
}

/// A proposal accepted with one review scoring `score` everywhere (the minimum overridden).
async fn accepted(app: &TestApp, proposer: &str, hub: &str, title: &str, score: f64) -> String {
    let id = under_review(app, proposer, hub, title, "open-call").await;
    let (evaluator_token, evaluator_id) =
        evaluator(app, &format!("ev-{}@hub.example", &id[id.len() - 12..]), None).await;
    let review_id = assigned(app, hub, &id, &evaluator_id, &in_days(10)).await;
    confirm(app, &evaluator_token, &review_id).await;
    save_and_submit(app, &evaluator_token, &review_id, review(score)).await;
    moved(
        app,
        hub,
        &id,
        "decide",
        json!({"decision": "accept", "rationale": "Utile a molte amministrazioni.", "override_reason": "Test"}),
        "accepted",
    )
    .await;
    id
}

/// Everything publishing needs, on top of what promotion fills in.
fn completion(words: &str, model: &str, tag: &str) -> Value {
    json!({
        "long_description_it": format!(
            "Servizio erogato sul Polo Strategico Nazionale con dati ospitati in Italia. {words}. Cifratura con chiavi \
             gestite dall'amministrazione, monitoraggio continuo e supporto dedicato."
        ),
        "features_it": ["Dati ospitati in Italia", "Chiavi gestite dall'amministrazione"],
        "service_model": model,
        "tags": [tag],
        "license": "EUPL-1.2",
        "repository_url": "https://code.example.it/aurora/servizio",
        "version": "1.2.0",
        "contacts": [{"name": "Maria Bianchi", "email": "maria@aurora.example"}],
        "platforms": ["web", "kubernetes"],
        "development_status": "stable"
    })
}

async fn patch(app: &TestApp, token: &str, slug: &str, etag: Option<&str>, body: Value) -> Answer {
    let mut request = app
        .client
        .request(Method::PATCH, format!("{}/api/v1/catalogue/services/{slug}", app.base))
        .bearer_auth(token)
        .json(&body);
    if let Some(etag) = etag {
        request = request.header("if-match", etag);
    }
    TestApp::answer(request.send().await.expect("answer")).await
}

async fn etag_of(app: &TestApp, token: &str, slug: &str) -> String {
    let read = app.get(&format!("/api/v1/catalogue/services/{slug}"), Some(token)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    read.header("etag").expect("etag").to_owned()
}

/// Completes and publishes a service.
async fn publish(app: &TestApp, editor: &str, slug: &str, body: Value) -> Value {
    let etag = etag_of(app, editor, slug).await;
    let edited = patch(app, editor, slug, Some(&etag), body).await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    let published = app.post(&format!("/api/v1/catalogue/services/{slug}/publish"), Some(editor), Value::Null).await;
    assert_eq!(published.status, 200, "{}", published.text);
    assert_eq!(published.body["state"], "published");
    published.body
}

/// A service created directly by the editor for `provider`.
async fn direct(app: &TestApp, editor: &str, slug: &str, name: &str, provider: &str) -> Value {
    let created = app
        .post(
            "/api/v1/catalogue/services",
            Some(editor),
            json!({"slug": slug, "name": name, "short_description_it": format!("{name} sul PSN"),
                   "long_description_it": "Breve.", "provider_id": provider}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["state"], "draft");
    created.body
}

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
    assert!(history.body.as_array().expect("history").iter().any(|h| h["action"] == "promote"), "{}", history.text);
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
    let retired = app.post(&format!("/api/v1/catalogue/services/{slug}/retire"), Some(&editor), Value::Null).await;
    assert_eq!(retired.body["state"], "retired", "{}", retired.text);
    app.get(&format!("/api/v1/catalogue/services/{slug}"), None).await.assert_problem(404, "not_found");
    app.get(&format!("/api/v1/catalogue/services/{slug}/publiccode.yml"), None).await.assert_problem(404, "not_found");
    assert_eq!(app.get(&format!("/api/v1/catalogue/services/{slug}"), Some(&editor)).await.status, 200);
    app.post(&format!("/api/v1/catalogue/services/{slug}/retire"), Some(&editor), Value::Null)
        .await
        .assert_problem(409, "invalid_transition");
    let history = app.get(&format!("/api/v1/catalogue/services/{slug}/history"), Some(&editor)).await;
    let actions: Vec<&str> =
        history.body.as_array().expect("history").iter().filter_map(|h| h["action"].as_str()).collect();
    assert_eq!(actions, ["created", "edited", "publish", "deprecate", "retire"], "{}", history.text);
});

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

hub_test!(publiccode_yml_has_every_mandatory_key_of_the_standard, |app| {
    let editor = editor(&app).await;
    let (_, organization) = proposer(&app).await;
    direct(&app, &editor, "firma-remota", "Firma remota qualificata", &organization).await;
    let mut body = completion("Firma digitale remota", "saas", "e-signature");
    body["short_description_en"] = json!("Qualified remote signature on the PSN");
    body["long_description_en"] = json!(
        "A qualified remote electronic signature service hosted on the Polo Strategico Nazionale, with keys held in \
         Italian hardware security modules and full audit trails for every administration."
    );
    body["features_en"] = json!(["Keys in Italian HSMs"]);
    body["landing_url"] = json!("https://aurora.example/firma");
    publish(&app, &editor, "firma-remota", body).await;

    let answer = app
        .client
        .get(format!("{}/api/v1/catalogue/services/firma-remota/publiccode.yml", app.base))
        .send()
        .await
        .expect("answer");
    assert_eq!(answer.status().as_u16(), 200);
    let content_type =
        answer.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(content_type.starts_with("application/yaml"), "{content_type}");
    let text = answer.text().await.expect("yaml");
    assert!(
        text.starts_with("publiccodeYmlVersion: '0.4'") || text.starts_with("publiccodeYmlVersion: \"0.4\""),
        "{text}"
    );
    let doc: Value = serde_norway::from_str(&text).expect("valid YAML");
    assert_publiccode(&doc);
    assert_eq!(doc["name"], "Firma remota qualificata");
    assert_eq!(doc["url"], "https://code.example.it/aurora/servizio");
    assert_eq!(doc["landingURL"], "https://aurora.example/firma");
    assert_eq!(doc["softwareVersion"], "1.2.0");
    assert_eq!(doc["categories"], json!(["e-signature"]));
    assert_eq!(doc["softwareType"], "standalone/web");
    assert_eq!(doc["description"]["en"]["features"], json!(["Keys in Italian HSMs"]));
    assert_eq!(doc["localisation"]["availableLanguages"], json!(["en", "it"]));
    assert_eq!(doc["localisation"]["localisationReady"], true);
});

hub_test!(every_seeded_public_service_exports_a_complete_publiccode_yml, |app| {
    let passwords = api::auth::passwords::Passwords::new(app.settings.argon2).expect("passwords");
    api::seeds::load(&app.store, &passwords, None, "demo password 2026", &app.settings.public_url)
        .await
        .expect("seeds");
    let list = app.get("/api/v1/catalogue/services?limit=100", None).await;
    let slugs: Vec<String> = list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|s| s["slug"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(slugs.len(), 4, "the seeded published and deprecated services: {}", list.text);
    for slug in slugs {
        let text = app
            .client
            .get(format!("{}/api/v1/catalogue/services/{slug}/publiccode.yml", app.base))
            .send()
            .await
            .expect("answer")
            .text()
            .await
            .expect("yaml");
        let doc: Value = serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{slug}: {e}\n{text}"));
        assert_publiccode(&doc);
    }
});

/// Every key publiccode.yml 0.4 marks mandatory (`docs/standard/schema.core.rst`), with its type and limits.
fn assert_publiccode(doc: &Value) {
    let text = |v: &Value, key: &str| {
        assert!(v[key].as_str().is_some_and(|s| !s.is_empty()), "{key} is a non-empty string: {doc}");
    };
    assert_eq!(doc["publiccodeYmlVersion"], "0.4");
    text(doc, "name");
    assert!(doc["url"].as_str().is_some_and(|u| u.starts_with("https://")), "url: {doc}");
    assert!(doc["platforms"].as_array().is_some_and(|p| !p.is_empty()), "platforms");
    let categories = doc["categories"].as_array().expect("categories");
    assert!(!categories.is_empty());
    assert!(categories.iter().all(|c| domain::catalogue::publiccode::is_category(c.as_str().unwrap_or_default())));
    assert!(
        ["concept", "development", "beta", "stable", "obsolete"]
            .contains(&doc["developmentStatus"].as_str().unwrap_or_default())
    );
    assert!(
        [
            "standalone/mobile",
            "standalone/iot",
            "standalone/desktop",
            "standalone/web",
            "standalone/backend",
            "standalone/other",
            "addon",
            "library",
            "configurationFiles"
        ]
        .contains(&doc["softwareType"].as_str().unwrap_or_default())
    );
    let descriptions = doc["description"].as_object().expect("description");
    assert!(descriptions.contains_key("it"), "an Italian description");
    for (language, d) in descriptions {
        let short = d["shortDescription"].as_str().expect("shortDescription");
        assert!(!short.is_empty() && short.chars().count() <= 150, "{language} shortDescription ≤ 150");
        let long = d["longDescription"].as_str().expect("longDescription").chars().count();
        assert!((150..=10_000).contains(&long), "{language} longDescription 150–10,000: {long}");
        assert!(d["features"].as_array().is_some_and(|f| !f.is_empty()), "{language} features");
    }
    text(&doc["legal"], "license");
    assert!(
        ["internal", "contract", "community", "none"]
            .contains(&doc["maintenance"]["type"].as_str().unwrap_or_default())
    );
    if matches!(doc["maintenance"]["type"].as_str(), Some("internal" | "community")) {
        let contacts = doc["maintenance"]["contacts"].as_array().expect("contacts");
        assert!(!contacts.is_empty() && contacts.iter().all(|c| c["name"].is_string()), "contacts with names");
    }
    assert!(doc["localisation"]["localisationReady"].is_boolean());
    assert!(doc["localisation"]["availableLanguages"].as_array().is_some_and(|l| !l.is_empty()));
    assert_eq!(doc["it"]["countryExtensionVersion"], "1.0");
}

hub_test!(catalogue_endpoints_answer_bad_input_and_wrong_roles_with_problems, |app| {
    let editor = editor(&app).await;
    let (proposer, organization) = proposer(&app).await;
    direct(&app, &editor, "servizio-prova", "Servizio di prova", &organization).await;
    let raw = |method: Method, path: &str, token: Option<&str>, content_type: &str, body: Vec<u8>| {
        let mut request =
            app.client.request(method, format!("{}{path}", app.base)).header("content-type", content_type).body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { TestApp::answer(request.send().await.expect("answer")).await }
    };
    let create = "/api/v1/catalogue/services";
    raw(Method::POST, create, Some(&editor), "text/plain", b"{}".to_vec())
        .await
        .assert_problem(415, "unsupported_media_type");
    raw(Method::POST, create, Some(&editor), "application/json", b"{\"slug\": ".to_vec())
        .await
        .assert_problem(400, "malformed_json");
    let unknown = app.post(create, Some(&editor), json!({"slug": "x", "colour": "blu"})).await;
    assert_eq!(fields(&unknown), ["colour"]);
    raw(Method::POST, create, Some(&editor), "application/json", vec![b' '; 3 * 1024 * 1024])
        .await
        .assert_problem(413, "payload_too_large");
    let deprecate = "/api/v1/catalogue/services/servizio-prova/deprecate";
    raw(Method::POST, deprecate, Some(&editor), "application/json", b"{\"reason\": ".to_vec())
        .await
        .assert_problem(400, "malformed_json");

    // Every editing endpoint: anonymous is 401, a proposer 403, an unknown service 404.
    for (method, path, body) in [
        (Method::POST, create.to_owned(), json!({})),
        (Method::PATCH, "/api/v1/catalogue/services/servizio-prova".to_owned(), json!({})),
        (Method::POST, "/api/v1/catalogue/services/servizio-prova/publish".to_owned(), Value::Null),
        (Method::POST, deprecate.to_owned(), json!({"reason": "Motivo."})),
        (Method::POST, "/api/v1/catalogue/services/servizio-prova/retire".to_owned(), Value::Null),
    ] {
        app.request(method.clone(), &path, None, body.clone()).await.assert_problem(401, "unauthenticated");
        app.request(method.clone(), &path, Some(&proposer), body.clone()).await.assert_problem(403, "forbidden");
    }
    for action in ["publish", "retire"] {
        app.post(&format!("/api/v1/catalogue/services/nessuno/{action}"), Some(&editor), Value::Null)
            .await
            .assert_problem(404, "not_found");
    }
    patch(&app, &editor, "nessuno", Some("\"r1\""), json!({"version": "1.0.0"})).await.assert_problem(404, "not_found");
    let replacement = app.post(deprecate, Some(&editor), json!({"reason": "Motivo.", "replacement": "nessuno"})).await;
    assert_eq!(fields(&replacement), ["replacement"]);

    // A draft's page, history and publiccode.yml do not exist for the public.
    for suffix in ["", "/history", "/publiccode.yml"] {
        app.get(&format!("/api/v1/catalogue/services/servizio-prova{suffix}"), None)
            .await
            .assert_problem(404, "not_found");
    }
    app.get("/api/v1/catalogue/services?limit=0", None).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/catalogue/services?min_score=abc", None).await.assert_problem(400, "malformed_query");
});
