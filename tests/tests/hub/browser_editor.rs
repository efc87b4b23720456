//! The catalogue editor's journey in the real browser, axe-core on every page: the desk, promoting an
//! accepted proposal, completing the draft against the publish checklist, publishing, deprecating it in
//! favour of another published service, and the public page that says so.

use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::manager;

use crate::catalogue::{EDITOR, accepted, completion, editor, proposer, publish};

browser_test!(an_editor_promotes_completes_publishes_and_deprecates, |app| {
    let (proposer, _) = proposer(&app).await;
    let hub = manager(&app).await;
    let token = editor(&app).await;
    let successor = accepted(&app, &proposer, &hub, "Raccolta rifiuti regionale", 4.0).await;
    let successor =
        app.post(&format!("/api/v1/proposals/{successor}/promote"), Some(&token), serde_json::Value::Null).await;
    let successor = successor.body["slug"].as_str().expect("a slug").to_owned();
    publish(&app, &token, &successor, completion("Percorsi regionali", "saas", "data-analytics")).await;
    let proposal = accepted(&app, &proposer, &hub, "Raccolta rifiuti IoT", 3.5).await;

    let browser = Browser::start(&app.base, "en-GB,en", 1280, 900).await;
    browser.open("/login").await;
    browser.fill("#email", EDITOR).await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
    browser.click_through("a[href='/editor']").await;
    assert!(browser.html().await.contains("Raccolta rifiuti IoT"), "waiting for promotion");
    browser.assert_accessible().await;
    browser.keep_screenshot("editor-desk").await;

    // Promoted: the draft opens in the editor, its checklist naming what is missing.
    browser.click_through(&format!("form[action='/editor/proposals/{proposal}/promote'] button")).await;
    let path = browser.path().await;
    assert!(path.ends_with("?done=promoted"), "{path}");
    let slug = path.trim_start_matches("/editor/services/").trim_end_matches("?done=promoted").to_owned();
    assert!(browser.html().await.contains("href=\"#license\""), "the checklist names the licence");
    browser.assert_accessible().await;
    browser.keep_screenshot("editor-draft").await;

    // Completed field by field, a category chosen from the standard's list, a contact added.
    let long = "Servizio erogato sul Polo Strategico Nazionale con dati ospitati in Italia: i sensori dei cassonetti \
                alimentano ogni notte il calcolo dei percorsi di raccolta, con cruscotti per gli uffici comunali.";
    for (field, value) in [
        ("#long_description_it", long),
        ("#features_it", "Cruscotto dei cassonetti"),
        ("#license", "EUPL-1.2"),
        ("#repository_url", "https://code.example.it/aurora/rifiuti"),
        ("#version", "1.0.0"),
        ("#platforms", "web"),
        ("#contact-0-name", "Maria Bianchi"),
        ("#contact-0-email", "maria@aurora.example"),
    ] {
        browser.fill(field, value).await;
    }
    browser
        .client
        .execute("document.getElementById('release_date').value = '2026-05-04';", vec![])
        .await
        .expect("a date");
    for (select, value) in [("service_model", "saas"), ("development_status", "stable")] {
        browser.click(&format!("#{select} option[value='{value}']")).await;
    }
    browser.click("#category-data-collection").await;
    browser.click_through(&format!("form[action='/editor/services/{slug}'] button[type='submit']")).await;
    let html = browser.html().await;
    assert!(html.contains("has everything publiccode.yml requires"), "the checklist is complete");
    assert!(html.contains("license: EUPL-1.2"), "the preview follows the save");
    browser.assert_accessible().await;

    browser.click_through(&format!("form[action='/editor/services/{slug}/publish'] button")).await;
    assert!(browser.html().await.contains("Service published"));
    browser.assert_accessible().await;

    // Deprecated after its confirmation, naming the successor.
    browser.click_through(&format!("a[href='/editor/services/{slug}/deprecate']")).await;
    browser.assert_accessible().await;
    browser.fill("#reason", "Sostituito dal servizio regionale.").await;
    browser.click(&format!("#replacement option[value='{successor}']")).await;
    browser.keep_screenshot("editor-deprecate").await;
    browser.click_through(&format!("form[action='/editor/services/{slug}/deprecate'] button[type='submit']")).await;
    assert!(browser.path().await.ends_with("?done=deprecated"), "{}", browser.path().await);
    browser.assert_accessible().await;
    browser.click_through(&format!("a[href='/editor/services/{slug}/history']")).await;
    assert!(browser.html().await.contains("Sostituito dal servizio regionale."));
    browser.assert_accessible().await;

    // The public page says so.
    browser.open(&format!("/catalogue/{slug}")).await;
    let html = browser.html().await;
    assert!(html.contains("Sostituito dal servizio regionale.") && html.contains(&format!("/catalogue/{successor}")));
    browser.assert_accessible().await;
    browser.keep_screenshot("editor-public").await;
    browser.close().await;
});
