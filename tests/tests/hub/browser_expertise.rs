//! The expertise pages and leaving an organisation in the real browser, axe-core on every state: a
//! hub manager's vocabulary; an evaluator ticks a term and saves with the keyboard alone, in Italian;
//! a member leaves their organisation with the keyboard (opening the disclosure that explains it,
//! confirming) and lands on the home page signed out.

use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::{MANAGER, evaluator, manager, verified_proposer};
use serde_json::json;

use crate::browser_needs::signed_in;

browser_test!(an_evaluator_declares_expertise_and_a_member_leaves_with_the_keyboard, |app| {
    let hub = manager(&app).await;
    for (tag, label) in [("cloud", "Cloud e infrastrutture"), ("open-data", "Dati aperti")] {
        let saved = app
            .request(reqwest::Method::PUT, &format!("/api/v1/expertise/{tag}"), Some(&hub), json!({"label_it": label}))
            .await;
        assert_eq!(saved.status, 201, "{}", saved.text);
    }
    let (eva, _) = evaluator(&app, "eva@uni.example", None).await;
    let patched = app.request(reqwest::Method::PATCH, "/api/v1/me", Some(&eva), json!({"locale": "it"})).await;
    assert_eq!(patched.status, 200, "{}", patched.text);

    let desk = Browser::start(&app.base, "en", 1280, 900).await;
    signed_in(&desk, MANAGER).await;
    desk.open("/manage/expertise").await;
    assert!(desk.html().await.contains("Dati aperti"));
    desk.assert_accessible().await;
    desk.close().await;

    let browser = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    signed_in(&browser, "eva@uni.example").await;
    browser.open("/account/expertise").await;
    browser.assert_accessible().await;
    browser.tab_to("the open-data box", |f| f["tag"] == "input" && f["id"] == "expertise-2").await;
    browser.keys(" ").await;
    browser.tab_to("the save button", |f| f["tag"] == "button").await;
    browser.keys_through(&char::from(Key::Enter).to_string()).await;
    assert_eq!(browser.path().await, "/account/expertise?saved=1");
    assert!(browser.html().await.contains("Competenze salvate"), "the notice");
    browser.assert_accessible().await;
    browser.close().await;
    assert_eq!(app.get("/api/v1/me", Some(&eva)).await.body["expertise"], json!(["open-data"]));

    // Marco leaves Aurora Labs.
    let (_, account) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let org = account["organization_id"].as_str().expect("organisation").to_owned();
    let marco =
        app.user_with_roles("marco@aurora.example", &[domain::Role::Proposer], Some(org.parse().expect("id"))).await;
    let patched = app.request(reqwest::Method::PATCH, "/api/v1/me", Some(&marco), json!({"locale": "it"})).await;
    assert_eq!(patched.status, 200, "{}", patched.text);
    let phone = Browser::start(&app.base, "it-IT,it", 390, 844).await;
    signed_in(&phone, "marco@aurora.example").await;
    phone.open("/account/organization").await;
    phone.assert_accessible().await;
    let enter = char::from(Key::Enter).to_string();
    phone
        .tab_to("the leaving disclosure", |f| {
            f["tag"] == "summary" && f["text"].as_str().is_some_and(|t| t.starts_with("Lascia"))
        })
        .await;
    phone.keys(&enter).await;
    phone.assert_accessible().await;
    phone
        .tab_to("the confirmation", |f| {
            f["tag"] == "button" && f["text"].as_str().is_some_and(|t| t.starts_with("Confermo: lascio"))
        })
        .await;
    phone.keys_through(&enter).await;
    assert_eq!(phone.path().await, "/?left=1");
    assert!(phone.html().await.contains("Ha lasciato l"), "the notice");
    phone.assert_accessible().await;
    phone.close().await;
});
