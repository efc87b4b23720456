//! Webhooks in the real browser, by keyboard alone, axe-core on every page (issue 20): an organisation's
//! owner registers an endpoint at `/area/webhook`, reads its secret on the page that answers the form,
//! goes to the endpoint's page, sends a test event and finds its delivery in the log; in Italian and in
//! English.

use std::time::Duration;

use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::verified_proposer;
use hub_tests::receiver::Receiver;
use reqwest::Method;
use serde_json::json;

use crate::browser_needs::signed_in;
use crate::web_webhooks::ANNA;

/// What the pages say, in one language.
struct Words {
    /// The account's language, which the pages follow.
    locale: &'static str,
    accept_language: &'static str,
    none: &'static str,
    submit: &'static str,
    created: &'static str,
    decision: &'static str,
    ping: &'static str,
    delivered: &'static str,
    redeliver: &'static str,
}

const ITALIAN: Words = Words {
    locale: "it",
    accept_language: "it-IT,it",
    none: "Non ci sono ancora endpoint registrati.",
    submit: "Registra l'endpoint",
    created: "Endpoint registrato",
    decision: "Proposta: decisione",
    ping: "Invia un evento di prova",
    delivered: "consegnata il",
    redeliver: "Consegna di nuovo",
};

const ENGLISH: Words = Words {
    locale: "en",
    accept_language: "en-GB,en",
    none: "No endpoint has been registered yet.",
    submit: "Register the endpoint",
    created: "Endpoint registered",
    decision: "Proposal: decision",
    ping: "Send a test event",
    delivered: "delivered on",
    redeliver: "Deliver again",
};

browser_test!(an_owner_registers_an_endpoint_and_pings_it_by_keyboard, |app| {
    journey(&app, &ITALIAN, "webhooks").await;
});

browser_test!(the_same_in_english, |app| {
    journey(&app, &ENGLISH, "webhooks-en").await;
});

async fn journey(app: &hub_tests::TestApp, words: &Words, shots: &str) {
    if !Receiver::available() {
        return;
    }
    let receiver = Receiver::start();
    let url = receiver.url("/protocollo");
    let (anna, _) = verified_proposer(app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let language = app.request(Method::PATCH, "/api/v1/me", Some(&anna), json!({"locale": words.locale})).await;
    assert_eq!(language.status, 200, "{}", language.text);
    let enter = char::from(Key::Enter).to_string();

    let browser = Browser::start(&app.base, words.accept_language, 1280, 900).await;
    signed_in(&browser, ANNA).await;
    browser.open("/account").await;
    browser.tab_to("the webhooks' link", |f| f["href"] == "/area/webhook").await;
    browser.keys_through(&enter).await;
    assert_eq!(browser.path().await, "/area/webhook");
    assert!(browser.html().await.contains(words.none));
    browser.assert_accessible().await;

    // The form, field by field: the address, a description, one event ticked with the space bar.
    browser.tab_to("the address", |f| f["id"] == "url").await;
    browser.keys(&url).await;
    browser.tab_to("the description", |f| f["id"] == "description").await;
    browser.keys("Protocollo dell'ateneo").await;
    browser.tab_to("the decision's box", |f| f["name"] == "events" && f["id"] == "event-2").await;
    browser.keys(" ").await;
    browser.tab_to("the registration", |f| f["tag"] == "button" && f["text"] == words.submit).await;
    browser.keys_through(&enter).await;

    // The secret, shown this once, with how to verify what is signed with it.
    let html = browser.html().await;
    assert!(html.contains(words.created) && html.contains("Standard Webhooks"), "{html}");
    let secret = browser.text("code.secret").await;
    assert!(secret.starts_with("whsec_"), "{secret}");
    receiver.trust("/protocollo", &[&secret]);
    browser.assert_accessible().await;
    browser.keep_screenshot(&format!("{shots}-secret")).await;

    browser
        .tab_to("the endpoint's page", |f| f["href"].as_str().is_some_and(|h| h.starts_with("/area/webhook/")))
        .await;
    browser.keys_through(&enter).await;
    let page = browser.path().await;
    assert!(page.starts_with("/area/webhook/"), "{page}");
    let html = browser.html().await;
    assert!(html.contains(&url) && html.contains(words.decision) && !html.contains(&secret));
    browser.assert_accessible().await;

    browser.tab_to("the test event", |f| f["tag"] == "button" && f["text"] == words.ping).await;
    browser.keys_through(&enter).await;
    assert_eq!(browser.path().await, format!("{page}?done=pinged"));
    let got = receiver.wait_until(Duration::from_secs(10), |r| r.iter().any(|d| d.verified)).await;
    let ping = got.iter().find(|d| d.verified).expect("the test event, verified with the secret read");
    assert_eq!(ping.body["type"], "webhook.ping");

    // The log shows it delivered, once the worker has written the outcome down.
    let mut html = String::new();
    for _ in 0..100 {
        browser.open(&page).await;
        html = browser.html().await;
        if html.contains(words.delivered) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(html.contains(words.delivered) && html.contains(&ping.id) && html.contains(words.redeliver), "{html}");
    browser.assert_accessible().await;
    browser.keep_screenshot(&format!("{shots}-endpoint")).await;
    browser.close().await;
}
