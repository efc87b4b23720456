//! A manager rates a review by keyboard, in the real browser, axe-core on every page (issue 19): the
//! rating form on the proposal's page, the evaluator's review page with the rating, the evaluator's record.

use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::MANAGER;

async fn sign_in(browser: &Browser, email: &str) {
    browser.open("/login").await;
    browser.fill("#email", email).await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
}

browser_test!(a_manager_rates_a_review_by_keyboard_and_the_evaluator_reads_it, |app| {
    let id = crate::web_notice::reviewed(&app).await;
    let hub_token = app.token(MANAGER).await;
    let listed = app.get(&format!("/api/v1/proposals/{id}/assignments"), Some(&hub_token)).await;
    let first = &listed.body["items"][0];
    let (review, evaluator) = (first["id"].as_str().expect("id"), first["evaluator_id"].as_str().expect("evaluator"));
    let note = "Motivare i punteggi sotto la soglia con esempi tratti dalla proposta.";

    // The manager ticks "too short", writes a note and saves, by keyboard.
    let hub = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    sign_in(&hub, MANAGER).await;
    hub.open(&format!("/manage/proposals/{id}")).await;
    hub.assert_accessible().await;
    hub.tab_to("the label too short", |f| f["id"] == format!("label-too_short-{review}")).await;
    hub.keys(" ").await;
    hub.tab_to("the note", |f| f["id"] == format!("note-{review}")).await;
    hub.keys(note).await;
    hub.click_through(&format!("form[action$='/reviews/{review}/rating'] button[type='submit']")).await;
    assert!(hub.path().await.contains("done=rated"), "{}", hub.path().await);
    assert!(hub.html().await.contains(note), "the rating is shown");
    hub.assert_accessible().await;

    // The evaluator's record.
    hub.open(&format!("/manage/evaluators/{evaluator}")).await;
    hub.assert_accessible().await;
    hub.close().await;

    // The evaluator reads the rating on their review's page.
    let mut email = String::new();
    for i in 1..=3 {
        let candidate = format!("eva{i}@hub.example");
        if hub_tests::funnel::user_id(&app, &app.token(&candidate).await).await == evaluator {
            email = candidate;
        }
    }
    let eva = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    sign_in(&eva, &email).await;
    eva.open(&format!("/reviews/{review}")).await;
    assert!(eva.html().await.contains(note), "the evaluator reads the rating");
    eva.assert_accessible().await;
    eva.close().await;
});
