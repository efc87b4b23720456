//! A team appeals and another manager reopens, in the real browser by keyboard, axe-core on every page
//! (issue 19): the team asks for a review of its rejection from the proposal's page; a hub manager other
//! than the one who decided upholds it from the proposal's page; the proposal is back under review.

use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;

const STATEMENT: &str = "Il requisito citato nella decisione non è previsto dal bando.";
const REASON: &str = "Il requisito non è nel bando: la proposta va valutata.";

async fn sign_in(browser: &Browser, email: &str) {
    browser.open("/login").await;
    browser.fill("#email", email).await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
}

browser_test!(a_team_appeals_and_another_manager_reopens_the_evaluation, |app| {
    let id = crate::web_redress::ineligible(&app).await;

    let team = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    sign_in(&team, "anna@aurora.example").await;
    team.open(&format!("/proposals/{id}")).await;
    team.assert_accessible().await;
    team.tab_to("the statement", |f| f["id"] == "statement").await;
    team.keys(STATEMENT).await;
    team.click_through("form[action$='/redress'] button[type='submit']").await;
    assert!(team.path().await.ends_with("?done=redress"), "{}", team.path().await);
    assert!(team.html().await.contains(STATEMENT));
    team.assert_accessible().await;

    let other = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    sign_in(&other, "second@hub.example").await;
    other.open(&format!("/manage/proposals/{id}")).await;
    other.assert_accessible().await;
    other.tab_to("the outcome", |f| f["id"] == "redress-reject").await;
    other.keys(&char::from(Key::Up).to_string()).await;
    assert_eq!(other.focused().await["id"], "redress-uphold");
    other.tab_to("the reasons", |f| f["id"] == "reason").await;
    other.keys(REASON).await;
    other.click_through("form[action$='/redress'] button[type='submit']").await;
    assert!(other.path().await.ends_with("?done=redress-upheld"), "{}", other.path().await);
    assert!(other.html().await.contains("state-under_review"), "back under review");
    other.assert_accessible().await;
    other.close().await;

    team.open(&format!("/proposals/{id}")).await;
    let page = team.html().await;
    assert!(page.contains(REASON) && page.contains("state-under_review"), "{page}");
    team.assert_accessible().await;
    team.keep_screenshot("redress-upheld").await;
    team.close().await;
});
