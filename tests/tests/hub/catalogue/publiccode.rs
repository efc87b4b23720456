//! The publiccode.yml export: every mandatory key of the standard, for every seeded public service.

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
