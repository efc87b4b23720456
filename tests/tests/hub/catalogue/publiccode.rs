//! The publiccode.yml export: valid publiccode.yml 0.7 for a service built here and every seeded service.

use super::*;

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
    let header = |name: &str| answer.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(header("content-disposition"), "inline; filename=\"publiccode.yml\"");
    let tag = header("etag");
    assert!(tag.starts_with("\"r"), "an ETag: {tag:?}");
    assert!(header("deprecation").is_empty() && header("link").is_empty(), "a published service is not deprecated");
    let content_type =
        answer.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(content_type.starts_with("application/yaml"), "{content_type}");
    let text = answer.text().await.expect("yaml");
    assert!(
        text.starts_with("publiccodeYmlVersion: '0.7'") || text.starts_with("publiccodeYmlVersion: \"0.7\""),
        "{text}"
    );
    let doc: Value = serde_norway::from_str(&text).expect("valid YAML");
    assert_publiccode(&doc);
    assert_eq!(doc["name"], "Firma remota qualificata");
    assert_eq!(doc["url"], "https://code.example.it/aurora/servizio");
    assert_eq!(doc["landingURL"], "https://aurora.example/firma");
    assert_eq!(doc["softwareVersion"], "1.2.0");
    assert_eq!(doc["releaseDate"], "2026-05-04", "the editor's release date, not the day it was published");
    assert_eq!(doc["supports"], json!([{"id": "alias:gdpr"}, {"id": "alias:spid"}]));
    assert_eq!(doc["categories"], json!(["e-signature"]));
    assert_eq!(doc["softwareType"], "standalone/web");
    assert_eq!(doc["description"]["en"]["features"], json!(["Keys in Italian HSMs"]));
    assert_eq!(doc["localisation"]["availableLanguages"], json!(["en", "it"]));
    assert_eq!(doc["localisation"]["localisationReady"], true);

    // If-None-Match with the current ETag: 304 with the ETag and no body.
    let again = app
        .client
        .get(format!("{}/api/v1/catalogue/services/firma-remota/publiccode.yml", app.base))
        .header("If-None-Match", &tag)
        .send()
        .await
        .expect("answer");
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(again.headers().get("etag").and_then(|v| v.to_str().ok()), Some(tag.as_str()));
    assert!(again.bytes().await.expect("body").is_empty(), "no body with a 304");
    let stale = app
        .client
        .get(format!("{}/api/v1/catalogue/services/firma-remota/publiccode.yml", app.base))
        .header("If-None-Match", "\"r0\"")
        .send()
        .await
        .expect("answer");
    assert_eq!(stale.status().as_u16(), 200, "another ETag gets the document");

    let organisation = doc["organisation"]["uri"].as_str().expect("organisation/uri");
    assert_eq!(
        organisation,
        format!("{}/organizations/{organization}", app.settings.public_url.as_str().trim_end_matches('/'))
    );
    // The identifier resolves: the provider's page, its public services, for anyone.
    let provider = app.visitor("it").get(&format!("/organizations/{organization}")).await;
    assert_eq!(provider.status, 200, "{}", provider.text);
    assert!(
        provider.text.contains("href=\"/catalogue/firma-remota\"")
            && provider.text.contains("Firma remota qualificata"),
        "{}",
        provider.text
    );
    // No page for an organisation offering nothing public, nor for an id of none.
    let (other, _) =
        hub_tests::funnel::verified_proposer(&app, "bruno@nuvola.example", "Nuvola S.r.l.", "01234567897").await;
    let other = app.get("/api/v1/me", Some(&other)).await.body["organization_id"].as_str().expect("org").to_owned();
    for id in [other.as_str(), "0192f0a1-2a3b-7c4d-9e5f-60718293a4b5", "not-an-id"] {
        assert_eq!(app.visitor("it").get(&format!("/organizations/{id}")).await.status, 404, "{id}");
    }
});

hub_test!(every_seeded_service_exports_a_valid_publiccode_yml_0_7, |app| {
    let passwords = api::auth::passwords::Passwords::new(app.settings.argon2).expect("passwords");
    api::seeds::load(&app.store, &passwords, None, "demo password 2026", &app.settings.public_url, &app.annexes())
        .await
        .expect("seeds");
    // Every seeded service the catalogue team sees, but drafts (a draft may lack what publishing needs).
    let editor = app.token_with("catalogue@hub.example", "demo password 2026").await;
    let list = app.get("/api/v1/catalogue/services?limit=100", Some(&editor)).await;
    let slugs: Vec<String> = list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|s| s["state"] != "draft")
        .filter_map(|s| s["slug"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(slugs.len(), 5, "the seeded published, deprecated and retired services: {}", list.text);
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    for slug in slugs {
        let text = app
            .client
            .get(format!("{}/api/v1/catalogue/services/{slug}/publiccode.yml", app.base))
            .bearer_auth(&editor)
            .send()
            .await
            .expect("answer")
            .text()
            .await
            .expect("yaml");
        let doc: Value = serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{slug}: {e}\n{text}"));
        assert_publiccode(&doc);
        let released = doc["releaseDate"].as_str().unwrap_or_default();
        assert!(released < today.as_str(), "{slug}: a seeded release is in the past, not the seeding day: {released}");
        let uri = doc["organisation"]["uri"].as_str().unwrap_or_default();
        assert!(uri.starts_with("urn:x-italian-pa:") || uri.contains("/organizations/"), "{slug}: {uri}");
    }
});

/// The document passes every rule of publiccode.yml 0.7 ([`hub_tests::publiccode::violations`]).
fn assert_publiccode(doc: &Value) {
    let today = chrono::Utc::now().date_naive();
    let errors = hub_tests::publiccode::violations(doc, today);
    assert!(errors.is_empty(), "publiccode.yml 0.7 violations: {errors:#?}\n{doc:#}");
}

hub_test!(a_deprecated_service_says_so_in_its_headers, |app| {
    let passwords = api::auth::passwords::Passwords::new(app.settings.argon2).expect("passwords");
    api::seeds::load(&app.store, &passwords, None, "demo password 2026", &app.settings.public_url, &app.annexes())
        .await
        .expect("seeds");
    let editor = app.token_with("catalogue@hub.example", "demo password 2026").await;
    let headers_of = |path: String, token: Option<String>| {
        let request = app.client.get(format!("{}{path}", app.base));
        let request = match token {
            Some(t) => request.bearer_auth(t),
            None => request,
        };
        async move {
            let answer = request.send().await.expect("answer");
            assert_eq!(answer.status().as_u16(), 200, "{path}");
            let get = |name: &str| answer.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
            (get("deprecation"), get("sunset"), get("link"))
        }
    };
    // Deprecated with a successor: on the service (twice: the second from the public page cache) and
    // on its publiccode.yml.
    for path in [
        "/api/v1/catalogue/services/backup-immutabile",
        "/api/v1/catalogue/services/backup-immutabile",
        "/api/v1/catalogue/services/backup-immutabile/publiccode.yml",
    ] {
        let (deprecation, sunset, link) = headers_of(path.to_owned(), None).await;
        let seconds: i64 = deprecation
            .as_deref()
            .and_then(|d| d.strip_prefix('@'))
            .and_then(|d| d.parse().ok())
            .unwrap_or_else(|| panic!("{path}: Deprecation: @<unix seconds>, not {deprecation:?}"));
        assert!((seconds - chrono::Utc::now().timestamp()).abs() < 3600, "deprecated when the seeds ran");
        assert_eq!(sunset, None, "{path}: not retired, no Sunset");
        assert_eq!(
            link.as_deref(),
            Some("</api/v1/catalogue/services/backup-immutabile-v2>; rel=\"successor-version\""),
            "{path}"
        );
    }
    // Retired: Deprecation and Sunset (an HTTP date).
    let (deprecation, sunset, _) =
        headers_of("/api/v1/catalogue/services/conservazione-documentale-legacy".into(), Some(editor)).await;
    assert!(deprecation.is_some_and(|d| d.starts_with('@')));
    let sunset = sunset.expect("Sunset");
    assert!(chrono::DateTime::parse_from_rfc2822(&sunset.replace("GMT", "+0000")).is_ok(), "an HTTP date: {sunset}");
    // Published: none of them.
    let (deprecation, sunset, link) = headers_of("/api/v1/catalogue/services/backup-immutabile-v2".into(), None).await;
    assert_eq!((deprecation, sunset, link), (None, None, None));
});
