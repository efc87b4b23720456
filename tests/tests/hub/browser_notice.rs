//! A team answers the notice of the grounds and the manager's rejection answers it, in the real browser
//! by keyboard, axe-core on every page (issue 19; L. 241/1990 art. 10-bis): the manager gives the grounds
//! from the decision's page, the team sends its observations from its proposal's page, the manager
//! rejects with the reply to them, the team reads all three in its evaluation summary.

use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::MANAGER;

const GROUNDS: &str = "Manca la stima dei costi di esercizio del servizio.";
const OBSERVATIONS: &str = "I costi di esercizio sono nella tabella 2 della proposta.";
const REPLY: &str = "La tabella 2 riporta solo i costi di avvio, non quelli di esercizio.";

async fn sign_in(browser: &Browser, email: &str) {
    browser.open("/login").await;
    browser.fill("#email", email).await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
}

browser_test!(a_team_answers_the_notice_of_the_grounds_and_the_rejection_answers_it, |app| {
    let id = crate::web_notice::reviewed(&app).await;
    let decide = format!("/manage/proposals/{id}/decide");

    // The manager gives the grounds from the decision's page.
    let hub = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    sign_in(&hub, MANAGER).await;
    hub.open(&decide).await;
    hub.assert_accessible().await;
    hub.tab_to("the grounds", |f| f["id"] == "grounds").await;
    hub.keys(GROUNDS).await;
    hub.click_through("form[action$='/notice'] button[type='submit']").await;
    assert!(hub.path().await.ends_with("?done=notified"), "{}", hub.path().await);
    hub.assert_accessible().await;

    // The team reads them on its proposal's page and answers by keyboard.
    let team = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    sign_in(&team, "anna@aurora.example").await;
    team.open(&format!("/proposals/{id}")).await;
    assert!(team.html().await.contains(GROUNDS), "the grounds are shown");
    team.assert_accessible().await;
    team.tab_to("the observations", |f| f["id"] == "observations").await;
    team.keys(OBSERVATIONS).await;
    team.click_through("form[action$='/observations'] button[type='submit']").await;
    assert!(team.path().await.ends_with("?done=observed"), "{}", team.path().await);
    let sent = team.html().await;
    assert!(sent.contains(OBSERVATIONS) && !sent.contains("id=\"observations\""), "sent once: {sent}");
    team.assert_accessible().await;

    // The manager rejects, answering the observations.
    hub.open(&decide).await;
    assert!(hub.html().await.contains(OBSERVATIONS), "the observations are on the decision's page");
    hub.assert_accessible().await;
    hub.tab_to("the decision", |f| f["id"] == "decision-accept").await;
    hub.keys(&char::from(Key::Down).to_string()).await;
    assert_eq!(hub.focused().await["id"], "decision-reject");
    hub.tab_to("the rationale", |f| f["id"] == "rationale").await;
    hub.keys("I costi di esercizio non sono stimati.").await;
    hub.tab_to("the reply", |f| f["id"] == "observations_reply").await;
    hub.keys(REPLY).await;
    hub.click_through("form[action$='/decide'] button[type='submit']").await;
    assert!(hub.path().await.ends_with("?done=rejected"), "{}", hub.path().await);
    hub.close().await;

    // The team's record holds the grounds, its observations and the reply.
    team.open(&format!("/proposals/{id}/summary")).await;
    let record = team.html().await;
    assert!([GROUNDS, OBSERVATIONS, REPLY].iter().all(|t| record.contains(t)), "{record}");
    team.assert_accessible().await;
    team.keep_screenshot("notice-summary").await;
    team.close().await;
});
