//! A team answers the reviews, in the real browser by keyboard, axe-core on every page (issue 19): once
//! the reviews are in, the team reads them on its proposal's page and sends its response; an evaluator
//! reads it on the consensus page, the manager on the proposal's and the decision's pages.

use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::MANAGER;

use crate::web_response::{COMMENT, RESPONSE};

async fn sign_in(browser: &Browser, email: &str) {
    browser.open("/login").await;
    browser.fill("#email", email).await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
}

browser_test!(a_team_answers_the_reviews_and_the_panel_reads_the_response, |app| {
    let id = crate::web_response::reviewed(&app).await;

    // The team reads the reviews, anonymised, and answers by keyboard.
    let team = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    sign_in(&team, "anna@aurora.example").await;
    team.open(&format!("/proposals/{id}")).await;
    assert!(team.html().await.contains(COMMENT), "the reviews are shown");
    team.assert_accessible().await;
    team.tab_to("the response", |f| f["id"] == "response").await;
    team.keys(RESPONSE).await;
    team.click_through("form[action$='/response'] button[type='submit']").await;
    assert!(team.path().await.ends_with("?done=responded"), "{}", team.path().await);
    let sent = team.html().await;
    assert!(sent.contains(RESPONSE) && !sent.contains("id=\"response\""), "sent once: {sent}");
    team.assert_accessible().await;
    team.close().await;

    // An evaluator reads it on the consensus page.
    let eva = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    sign_in(&eva, "eva1@hub.example").await;
    eva.open(&format!("/consensus/{id}")).await;
    assert!(eva.html().await.contains(RESPONSE), "the panel reads the response");
    eva.assert_accessible().await;
    eva.close().await;

    // The manager reads it on the proposal's page and before deciding.
    let hub = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    sign_in(&hub, MANAGER).await;
    for page in [format!("/manage/proposals/{id}"), format!("/manage/proposals/{id}/decide")] {
        hub.open(&page).await;
        assert!(hub.html().await.contains(RESPONSE), "{page} shows the response");
        hub.assert_accessible().await;
    }
    hub.keep_screenshot("response-decide").await;
    hub.close().await;
});
