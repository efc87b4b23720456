//! The organisation's page in the real browser, axe-core on every state: its owner hands the ownership
//! over with the keyboard alone — opening the disclosure that explains it, confirming — in Italian at
//! desktop width; the page again on a phone, in English, as the new owner reads it.

use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::verified_proposer;
use serde_json::json;

use crate::browser_needs::signed_in;

browser_test!(an_owner_hands_the_organisation_over_with_the_keyboard, |app| {
    let (anna, account) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let org = account["organization_id"].as_str().expect("organisation").to_owned();
    let marco = "marco@aurora.example";
    app.user_with_roles(marco, &[domain::Role::Proposer], Some(org.parse().expect("id"))).await;
    let invited = app
        .post(&format!("/api/v1/organizations/{org}/invitations"), Some(&anna), json!({"email": "luca@aurora.example"}))
        .await;
    assert_eq!(invited.status, 201, "{}", invited.text);

    let browser = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    signed_in(&browser, "anna@aurora.example").await;
    browser.open("/account/organization").await;
    browser.assert_accessible().await;
    let enter = char::from(Key::Enter).to_string();
    browser.tab_to("the hand-over disclosure", |f| f["tag"] == "summary").await;
    browser.keys(&enter).await;
    browser.assert_accessible().await;
    browser
        .tab_to("the confirmation", |f| {
            f["tag"] == "button" && f["text"].as_str().is_some_and(|t| t.starts_with("Confermo"))
        })
        .await;
    browser.keys_through(&enter).await;
    assert_eq!(browser.path().await, "/account/organization?done=owner");
    assert!(browser.html().await.contains("Titolarità ceduta"), "the notice");
    browser.assert_accessible().await;
    browser.close().await;

    let phone = Browser::start(&app.base, "en", 390, 844).await;
    signed_in(&phone, marco).await;
    phone.open("/account/organization").await;
    let html = phone.html().await;
    assert!(html.contains("Invitations awaiting an answer") && html.contains("luca@aurora.example"), "{html}");
    phone.assert_accessible().await;
    phone.keep_screenshot("organization-phone").await;
    phone.close().await;
});
