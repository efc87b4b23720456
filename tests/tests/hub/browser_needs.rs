//! Administrations and needs in the real browser, axe-core on every page: the admin verifies a
//! municipality; its officer states a need with the keyboard alone, and edits it; another
//! administration's officer co-signs it; the hub manager turns it into a challenge; the officer follows
//! it from the need's page and from the administration's challenges — in Italian at desktop width, and
//! the pages again on a phone. An officer drafts and proposes a challenge, which the hub returns with a
//! note.

use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::{admin, founded_administration, manager};
use serde_json::json;

const VALDORA: &str = "sindaco@comune.valdora.example";
const BORGO: &str = "b@comune.borgo.example";

fn key(k: Key) -> String {
    char::from(k).to_string()
}

pub(crate) async fn signed_in(browser: &Browser, email: &str) {
    browser.open("/login").await;
    browser.fill("#email", email).await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
}

browser_test!(a_municipality_is_verified_states_a_need_and_follows_it_into_a_challenge, |app| {
    let root = admin(&app).await;
    let (_, valdora) = founded_administration(&app, VALDORA, "Comune di Valdora", "80214573604", "c_l219").await;
    let valdora_org = valdora["organization_id"].as_str().expect("organisation").to_owned();
    let (_, borgo) = founded_administration(&app, BORGO, "Comune di Borgo", "80139582748", "c_b001").await;
    hub_tests::funnel::verify_administration(&app, &root, borgo["organization_id"].as_str().expect("id")).await;

    // The admin verifies Valdora from its page.
    let browser = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    signed_in(&browser, "admin@hub.example").await;
    browser.open("/admin").await;
    browser.click_through("a[href='/admin/organizations?status=pending']").await;
    browser.assert_accessible().await;
    browser.click_through(&format!("a[href='/admin/organizations/{valdora_org}']")).await;
    browser.assert_accessible().await;
    browser.click_through(&format!("form[action='/admin/organizations/{valdora_org}/verification'] button")).await;
    assert!(browser.path().await.ends_with("?done=verified"), "{}", browser.path().await);
    browser.assert_accessible().await;
    browser.close().await;

    // Its officer states a need with the keyboard alone.
    let browser = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    signed_in(&browser, VALDORA).await;
    browser.open("/needs").await;
    browser.assert_accessible().await;
    let enter = key(Key::Enter);
    browser.tab_to("the new need link", |f| f["href"] == "/needs/new").await;
    browser.keys_through(&enter).await;
    browser.assert_accessible().await;
    for (id, text) in [
        ("title", "Prenotazione online degli sportelli"),
        ("description", "Le code agli sportelli anagrafici superano le tre settimane."),
    ] {
        browser.tab_to(id, |f| f["id"] == id).await;
        browser.keys(text).await;
    }
    browser.tab_to("the first pillar", |f| f["id"] == "pillar-effectiveness_sustainability").await;
    browser.keys(" ").await;
    browser.tab_to("the population", |f| f["id"] == "population").await;
    browser.keys("12.400").await;
    browser.tab_to("the publish button", |f| f["tag"] == "button" && f["text"] == "Pubblica il fabbisogno").await;
    browser.keys_through(&enter).await;
    let need_path = browser.path().await;
    assert!(need_path.starts_with("/needs/"), "{need_path}");
    assert!(browser.html().await.contains("12.400 persone servite"), "the need's page");
    browser.assert_accessible().await;
    browser.keep_screenshot("need-desktop").await;

    // And edits it, still with the keyboard: the urgency goes up, and the history says so.
    browser.tab_to("the edit link", |f| f["href"] == format!("{need_path}/edit")).await;
    browser.keys_through(&enter).await;
    browser.assert_accessible().await;
    browser.tab_to("the urgency", |f| f["id"] == "urgency").await;
    browser.keys(&key(Key::Down)).await;
    browser.tab_to("the save button", |f| f["tag"] == "button" && f["text"] == "Salva le modifiche").await;
    browser.keys_through(&enter).await;
    assert_eq!(browser.path().await, need_path, "back on the need's page");
    assert!(browser.html().await.contains("Modificato dall"), "the edit is in the history");
    browser.assert_accessible().await;
    browser.close().await;

    // Borgo co-signs it.
    let browser = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    signed_in(&browser, BORGO).await;
    browser.open(&need_path).await;
    browser.assert_accessible().await;
    browser.fill("#population", "3.000").await;
    browser.click_through("form[action$='/cosignatures'] button[type='submit']").await;
    assert!(browser.html().await.contains("2 amministrazioni, 15.400 persone servite"), "co-signed");
    browser.assert_accessible().await;
    browser.close().await;

    // The hub manager turns it into a challenge, from the need's page.
    let hub = manager(&app).await;
    let body = json!({"slug": "sportelli", "title_it": "Sportelli comunali", "description_it": "Una descrizione della sfida.",
                      "sponsor_id": valdora_org, "opens_at": (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339()});
    let challenge = app.post("/api/v1/challenges", Some(&hub), body).await;
    assert_eq!(challenge.status, 201, "{}", challenge.text);
    let browser = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    signed_in(&browser, "manager@hub.example").await;
    browser.open(&need_path).await;
    browser.assert_accessible().await;
    browser.click_through("form[action$='/conversion'] button[type='submit']").await;
    assert!(browser.html().await.contains("href=\"/challenges/sportelli\""), "linked");
    browser.close().await;
    let opened = app.post("/api/v1/challenges/sportelli/open", Some(&hub), serde_json::Value::Null).await;
    assert_eq!(opened.status, 200, "{}", opened.text);

    // The officer follows it, on a phone: the need's page links the challenge, now public.
    let browser = Browser::start(&app.base, "it-IT,it", 390, 844).await;
    signed_in(&browser, VALDORA).await;
    browser.open(&need_path).await;
    assert!(browser.html().await.contains("Diventato la sfida «Sportelli comunali»"), "the history");
    browser.assert_accessible().await;
    browser.keep_screenshot("need-phone").await;
    browser.click_through("a[href='/challenges/sportelli']").await;
    assert_eq!(browser.path().await, "/challenges/sportelli");
    assert!(
        browser.html().await.contains("<dt>Co-promotori</dt><dd>Comune di Borgo</dd>"),
        "the co-signer co-sponsors it"
    );
    browser.assert_accessible().await;
    browser.open("/needs/new").await;
    browser.assert_accessible().await;
    browser.open("/account").await;
    assert!(browser.html().await.contains("amministrazione verificata"), "the account says so");
    browser.assert_accessible().await;
    // From the account, the administration's challenges: the one it sponsors, followed.
    browser.click_through("a[href='/administration/challenges']").await;
    browser.assert_accessible().await;
    browser.click_through("a[href='/administration/challenges/sportelli']").await;
    assert!(browser.html().await.contains("Proposte ricevute, per stato"), "the follow page");
    browser.assert_accessible().await;
    browser.keep_screenshot("sponsor-follow-phone").await;
    browser.close().await;
});

browser_test!(an_officer_drafts_and_proposes_a_challenge_and_the_hub_returns_it_with_a_note, |app| {
    let root = admin(&app).await;
    let (_, valdora) = founded_administration(&app, VALDORA, "Comune di Valdora", "80214573604", "c_l219").await;
    hub_tests::funnel::verify_administration(&app, &root, valdora["organization_id"].as_str().expect("id")).await;
    manager(&app).await;

    // The officer drafts the challenge through the form, then proposes it.
    let browser = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    signed_in(&browser, VALDORA).await;
    browser.open("/administration/challenges").await;
    browser.assert_accessible().await;
    browser.click_through("a[href='/administration/challenges/new']").await;
    browser.assert_accessible().await;
    for (field, value) in [
        ("#title_it", "Prenotare gli sportelli comunali"),
        ("#slug", "sportelli-prenotati"),
        ("#description_it", "Il Comune cerca un'agenda unica per gli sportelli anagrafici."),
    ] {
        browser.fill(field, value).await;
    }
    // (The window opens today unless changed, and the evaluation keeps the hub's defaults.)
    browser.click_through("form[action='/administration/challenges/new'] button[type='submit']").await;
    assert_eq!(browser.path().await, "/administration/challenges/sportelli-prenotati?done=created");
    browser.assert_accessible().await;
    browser.click_through("form[action='/administration/challenges/sportelli-prenotati/propose'] button").await;
    assert!(browser.html().await.contains("Sfida proposta all"), "proposed");
    browser.close().await;

    // The hub manager reads it in the form, and returns it with a note.
    let browser = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    signed_in(&browser, "manager@hub.example").await;
    browser.open("/manage/challenges/sportelli-prenotati/edit").await;
    assert!(browser.html().await.contains("Comune di Valdora"), "who proposes it");
    browser.assert_accessible().await;
    browser.fill("#note", "Indicare quanti sportelli sono coinvolti.").await;
    browser.click_through("form[action='/manage/challenges/sportelli-prenotati/return'] button").await;
    browser.close().await;

    // The officer reads the note on the challenge's page.
    let browser = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    signed_in(&browser, VALDORA).await;
    browser.open("/administration/challenges/sportelli-prenotati").await;
    assert!(browser.html().await.contains("Indicare quanti sportelli sono coinvolti."), "the note");
    browser.assert_accessible().await;
    browser.keep_screenshot("sponsor-returned").await;
    browser.close().await;
});
