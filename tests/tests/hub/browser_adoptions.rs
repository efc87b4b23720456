//! Adoption in the real browser, axe-core on every page: an officer opens a published service, declares
//! with the keyboard alone that the administration uses it, finds it among the adopters and in the
//! publiccode.yml's `usedBy`, and writes to the provider from the community page — at desktop width, and
//! the community page again on a phone.

use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::admin;
use serde_json::Value;

use crate::catalogue::{completion, direct, editor, proposer, publish};

const VALDORA: &str = "a@comune.valdora.example";
const PAGE: &str = "/catalogue/prenotazioni-sportelli";

async fn signed_in(browser: &Browser, email: &str) {
    browser.open("/login").await;
    browser.fill("#email", email).await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
}

browser_test!(an_officer_adopts_a_service_and_finds_it_in_used_by, |app| {
    let editor = editor(&app).await;
    let (_, aurora) = proposer(&app).await;
    direct(&app, &editor, "prenotazioni-sportelli", "Prenotazioni sportelli", &aurora).await;
    publish(&app, &editor, "prenotazioni-sportelli", completion("Prenotazioni", "saas", "document-management")).await;
    let root = admin(&app).await;
    crate::needs::officer(&app, &root, VALDORA, "Comune di Valdora", "80214573604", "c_l219").await;

    let browser = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    signed_in(&browser, VALDORA).await;
    browser.open(PAGE).await;
    browser.assert_accessible().await;
    let enter = char::from(Key::Enter).to_string();
    let form = format!("{PAGE}/adoption");
    browser.tab_to("the adoption link", |f| f["href"] == form.as_str()).await;
    browser.keys_through(&enter).await;
    assert_eq!(browser.path().await, form);
    browser.assert_accessible().await;
    // "In uso" is chosen already; a note, and the declaration.
    browser.tab_to("the note", |f| f["id"] == "note").await;
    browser.keys("Sportelli anagrafici e tributi.").await;
    browser.tab_to("the declare button", |f| f["tag"] == "button" && f["text"] == "Dichiara l'adozione").await;
    browser.keys_through(&enter).await;
    assert_eq!(browser.path().await, PAGE, "the service page, at its adopters");
    let html = browser.html().await;
    assert!(html.contains("Comune di Valdora — In uso"), "{html}");
    browser.assert_accessible().await;
    browser.keep_screenshot("service-adopters").await;

    // The document the national catalogue reads names the administration.
    let yaml = app.get("/api/v1/catalogue/services/prenotazioni-sportelli/publiccode.yml", None).await;
    let doc: Value = serde_norway::from_str(&yaml.text).expect("YAML");
    assert_eq!(doc["usedBy"], serde_json::json!(["Comune di Valdora"]), "{}", yaml.text);

    // The community: its members, and a message to the provider.
    browser.click_through(&format!("a[href='{PAGE}/community']")).await;
    browser.assert_accessible().await;
    browser.fill("#subject", "Integrazione con ANPR").await;
    browser.fill("#body", "Come avete configurato l'accesso ad ANPR?").await;
    browser.click_through(&format!("form[action='{PAGE}/community'] button")).await;
    assert!(browser.html().await.contains("Messaggio inoltrato."));
    browser.assert_accessible().await;
    browser.close().await;

    let phone = Browser::start(&app.base, "it-IT,it", 375, 812).await;
    signed_in(&phone, VALDORA).await;
    phone.open(&format!("{PAGE}/community")).await;
    phone.assert_accessible().await;
    phone.keep_screenshot("community-phone").await;
    phone.close().await;
});
