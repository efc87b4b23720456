//! An administration's opinion in the real browser, axe-core on every page: the officer opens a proposal
//! under review from the challenge's page, reads it and gives the administration's opinion with the
//! keyboard alone (in Italian, at desktop width); the hub manager reads it on the decision's page (in
//! English, on a phone).

use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::{admin, founded_administration, manager, under_review, verified_proposer};
use serde_json::json;

use crate::browser_needs::signed_in;

const VALDORA: &str = "sindaco@comune.valdora.example";
const SLUG: &str = "sportelli-con-parere";

browser_test!(an_officer_gives_an_opinion_with_the_keyboard_and_the_hub_reads_it_before_deciding, |app| {
    let root = admin(&app).await;
    let (_, valdora) = founded_administration(&app, VALDORA, "Comune di Valdora", "80214573604", "c_l219").await;
    let valdora_org = valdora["organization_id"].as_str().expect("organisation").to_owned();
    hub_tests::funnel::verify_administration(&app, &root, &valdora_org).await;
    let hub = manager(&app).await;
    let created = app
        .post(
            "/api/v1/challenges",
            Some(&hub),
            json!({"slug": SLUG, "title_it": "Prenotare gli sportelli comunali", "description_it": "Una descrizione della sfida.",
                   "sponsor_id": valdora_org, "sponsor_opinions": true,
                   "opens_at": (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339()}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(
        app.post(&format!("/api/v1/challenges/{SLUG}/open"), Some(&hub), serde_json::Value::Null).await.status,
        200
    );
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let id = under_review(&app, &anna, &hub, "Agenda unica degli sportelli", SLUG).await;

    let browser = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    signed_in(&browser, VALDORA).await;
    browser.open(&format!("/administration/challenges/{SLUG}")).await;
    browser.assert_accessible().await;
    let enter = char::from(Key::Enter).to_string();
    let page = format!("/administration/challenges/{SLUG}/proposals/{id}");
    browser.tab_to("the proposal's link", |f| f["href"] == page.as_str()).await;
    browser.keys_through(&enter).await;
    assert_eq!(browser.path().await, page);
    browser.assert_accessible().await;
    browser.tab_to("the first verdict", |f| f["id"] == "verdict-favourable").await;
    // Arrow keys move within the radio group, as a keyboard user expects.
    browser.keys(&char::from(Key::Down).to_string()).await;
    assert_eq!(browser.focused().await["id"], "verdict-favourable_with_remarks");
    browser.keys(" ").await;
    browser.tab_to("the reasons", |f| f["id"] == "text").await;
    browser.keys("Utile per i nostri sportelli, purché si integri con pagoPA.").await;
    browser.tab_to("the record button", |f| f["tag"] == "button" && f["text"] == "Registra il parere").await;
    browser.keys_through(&enter).await;
    assert_eq!(browser.path().await, format!("/administration/challenges/{SLUG}?done=opinion"));
    let html = browser.html().await;
    assert!(html.contains("Parere registrato") && html.contains("Favorevole con osservazioni"), "{html}");
    browser.assert_accessible().await;
    browser.close().await;

    let phone = Browser::start(&app.base, "en", 390, 844).await;
    signed_in(&phone, "manager@hub.example").await;
    phone.open(&format!("/manage/proposals/{id}/decide")).await;
    let html = phone.html().await;
    assert!(html.contains("In favour, with remarks") && html.contains("purché si integri con pagoPA"), "{html}");
    phone.assert_accessible().await;
    phone.keep_screenshot("opinion-decide-phone").await;
    phone.close().await;
});
