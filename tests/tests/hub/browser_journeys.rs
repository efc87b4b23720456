//! More journeys in the real browser, axe-core on every page: the account pages, the feedback of a
//! decided proposal read after switching to English, an anonymous search of the catalogue down to the
//! publiccode.yml, and a proposal written with the keyboard alone. With `HUB_SCREENSHOTS` set, the
//! main pages are also kept as pictures at desktop and phone widths.

use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;
use serde_json::{Value, json};

const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (390, 844);

fn key(k: Key) -> String {
    char::from(k).to_string()
}

/// Logs `email` in through the page.
async fn log_in(browser: &Browser, email: &str) {
    browser.open("/login").await;
    browser.fill("#email", email).await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
    assert!(browser.html().await.contains("action=\"/logout\""), "signed in as {email}");
}

browser_test!(the_account_pages_have_no_accessibility_violation, |app| {
    let (owner, user) =
        hub_tests::funnel::verified_proposer(&app, "giulia@nuvola.example", "Nuvola S.r.l.", "04817250931").await;
    let org = user["organization_id"].as_str().expect("organisation").to_owned();
    let body = json!({"email": "luca@nuvola.example", "locale": "en"});
    assert_eq!(app.post(&format!("/api/v1/organizations/{org}/invitations"), Some(&owner), body).await.status, 201);
    let mail = app.mail_to("luca@nuvola.example").await;
    let start = mail.body.find("/accept-invitation?token=").expect("the invitation's link");
    let invitation: String = mail.body[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    for (language, (width, height), suffix) in [("it-IT,it", DESKTOP, "desktop"), ("en-GB,en", PHONE, "phone")] {
        let browser = Browser::start(&app.base, language, width, height).await;
        for path in ["/forgot-password", "/reset-password?token=unknown", invitation.as_str()] {
            browser.open(path).await;
            browser.assert_accessible().await;
        }
        // A form sent with its errors: the summary and the messages by the fields pass too.
        browser.open("/forgot-password").await;
        browser.fill("#email", "not an address").await;
        browser.click_through("form[action='/forgot-password'] button[type='submit']").await;
        assert!(browser.html().await.contains("id=\"email-error\""));
        browser.assert_accessible().await;
        log_in(&browser, "giulia@nuvola.example").await;
        for path in ["/account", "/account/data", "/account/tokens"] {
            browser.open(path).await;
            browser.assert_accessible().await;
            browser.keep_screenshot(&format!("{}-{suffix}", path.trim_start_matches('/').replace('/', "-"))).await;
        }
        browser.fill("#name", "Script").await;
        browser.click("input[name='scopes'][value='proposals:read']").await;
        browser.click_through("form[action='/account/tokens'] button[type='submit']").await;
        assert!(browser.text(".secret").await.starts_with("hubpat_"), "the secret, shown once");
        browser.assert_accessible().await;
        browser.open("/account").await;
        browser.click_through("form[action='/account/password'] button[type='submit']").await;
        let html = browser.html().await;
        assert!(html.contains("id=\"new_password-error\""), "the empty form's errors: {html}");
        browser.assert_accessible().await;
        browser.close().await;
    }
});

browser_test!(a_proposer_switches_to_english_and_reads_the_feedback_of_a_decided_proposal, |app| {
    let hub = hub_tests::funnel::manager(&app).await;
    let (proposer, _) = crate::catalogue::proposer(&app).await;
    let id = crate::catalogue::accepted(&app, &proposer, &hub, "Gateway FHIR sovrano per le ASL", 4.0).await;
    let browser = Browser::start(&app.base, "it-IT,it", DESKTOP.0, DESKTOP.1).await;
    log_in(&browser, "anna@aurora.example").await;
    browser.open(&format!("/proposals/{id}")).await;
    assert!(browser.html().await.contains("lang=\"it\""));
    browser.click_through("form[action='/language'] button[type='submit']").await;
    assert_eq!(browser.path().await, format!("/proposals/{id}"), "the switch comes back to the page");
    assert!(browser.html().await.contains("<html lang=\"en\">"), "the pages are in English");
    browser.assert_accessible().await;
    browser.click_through(&format!("a[href='/proposals/{id}/feedback']")).await;
    assert_eq!(browser.path().await, format!("/proposals/{id}/feedback"));
    let html = browser.html().await;
    assert!(
        html.contains("The proposal was accepted") && html.contains("4.00"),
        "the decision and the means, in English"
    );
    browser.assert_accessible().await;
    browser.keep_screenshot("feedback-desktop").await;
    browser.close().await;
    assert_eq!(
        app.get("/api/v1/me", Some(&proposer)).await.body["locale"],
        "en",
        "the switch is the account's setting"
    );
});

browser_test!(an_anonymous_visitor_finds_a_service_and_downloads_its_publiccode, |app| {
    let hub = hub_tests::funnel::manager(&app).await;
    let editor = crate::catalogue::editor(&app).await;
    let (proposer, _) = crate::catalogue::proposer(&app).await;
    let proposal = crate::catalogue::accepted(&app, &proposer, &hub, "Gateway FHIR sovrano per le ASL", 4.5).await;
    let promoted = app.post(&format!("/api/v1/proposals/{proposal}/promote"), Some(&editor), Value::Null).await;
    let slug = promoted.body["slug"].as_str().expect("slug").to_owned();
    let completion = crate::catalogue::completion("Interoperabilità FHIR", "saas", "data-analytics");
    crate::catalogue::publish(&app, &editor, &slug, completion).await;
    for (language, (width, height), suffix) in [("it-IT,it", DESKTOP, "desktop"), ("en-GB,en", PHONE, "phone")] {
        let browser = Browser::start(&app.base, language, width, height).await;
        browser.open("/").await;
        browser.keep_screenshot(&format!("home-{suffix}")).await;
        browser.click_through("a.button[href='/catalogue']").await;
        browser.fill("#q", "FHIR").await;
        browser.keys_through(&key(Key::Enter)).await;
        assert!(browser.path().await.starts_with("/catalogue?q=FHIR"), "{}", browser.path().await);
        browser.assert_accessible().await;
        browser.keep_screenshot(&format!("catalogue-{suffix}")).await;
        browser.click_through(&format!("a[href='/catalogue/{slug}']")).await;
        assert_eq!(browser.path().await, format!("/catalogue/{slug}"));
        browser.assert_accessible().await;
        browser.keep_screenshot(&format!("service-{suffix}")).await;
        let link = browser
            .client
            .find(fantoccini::Locator::Css("a[download='publiccode.yml']"))
            .await
            .expect("the publiccode.yml link")
            .attr("href")
            .await
            .expect("href")
            .expect("an address");
        let download = app.client.get(format!("{}{link}", app.base)).send().await.expect("the download");
        assert_eq!(download.status(), 200);
        let text = download.text().await.expect("the file");
        assert!(text.contains("publiccodeYmlVersion") && text.contains("Gateway FHIR sovrano"), "{text}");
        browser.open("/challenges/open-call").await;
        browser.keep_screenshot(&format!("challenge-{suffix}")).await;
        // The open data, from the footer: the service counted among the catalogue's.
        browser.click_through("footer a[href='/open-data']").await;
        browser.assert_accessible().await;
        let services = app.client.get(format!("{}/api/v1/open-data/services?format=csv", app.base)).send().await;
        let services = services.expect("the services").text().await.expect("the CSV");
        assert!(services.contains(&slug), "{services}");
        browser.close().await;
    }
});

// A proposal written with the keyboard alone: from the list to the form, each field reached with
// Tab, the draft saved with Enter on its button.
browser_test!(a_proposal_is_written_and_saved_with_the_keyboard_only, |app| {
    hub_tests::funnel::verified_proposer(&app, "giulia@nuvola.example", "Nuvola S.r.l.", "04817250931").await;
    let browser = Browser::start(&app.base, "it-IT,it", DESKTOP.0, DESKTOP.1).await;
    log_in(&browser, "giulia@nuvola.example").await;
    browser.open("/proposals").await;
    browser.tab_to("the new proposal link", |f| f["href"] == "/proposals/new").await;
    browser.keys_through(&key(Key::Enter)).await;
    assert!(browser.path().await.starts_with("/proposals/new"));
    browser.tab_to("the challenge", |f| f["id"] == "challenge").await;
    browser.keys(&key(Key::Down)).await;
    browser.tab_to("the title", |f| f["id"] == "title").await;
    browser.keys("Archivio sanitario federato").await;
    browser.tab_to("the summary", |f| f["id"] == "summary").await;
    browser.keys("Un archivio condiviso tra le aziende sanitarie.").await;
    browser.tab_to("the save button", |f| f["tag"] == "button" && f["text"] == "Salva la bozza").await;
    browser.keys_through(&key(Key::Enter)).await;
    let page = browser.path().await;
    assert!(page.starts_with("/proposals/") && !page.starts_with("/proposals/new"), "saved: {page}");
    assert!(browser.html().await.contains("Archivio sanitario federato"));
    browser.assert_accessible().await;
    browser.keep_screenshot("proposal-desktop").await;
    browser.close().await;
});

// Every mail's link, opened in the browser by its recipient (logging in where the page asks), lands on
// a page of the hub in their language, not an error page; axe-core on each.
browser_test!(
    every_mails_link_opens_a_working_page_in_the_browser,
    settings = crate::web_mail_links::SETTINGS,
    |app| {
        crate::web_mail_links::every_kind_of_mail(&app).await;
        // Each recipient in their own browser, logging in at their first link (the hub throttles logins
        // from one address), signed in at their next ones.
        let mut links = crate::web_mail_links::one_link_per_template(&app).await;
        links.sort_by(|a, b| a.to.cmp(&b.to));
        let mut open: Option<(String, Browser)> = None;
        for link in links {
            let language = if link.locale == "en" { "en-GB,en" } else { "it-IT,it" };
            let browser = match open.take() {
                Some((to, browser)) if to == link.to && !crate::web_mail_links::entry_page(&link.path) => browser,
                other => {
                    if let Some((_, browser)) = other {
                        browser.close().await;
                    }
                    Browser::start(&app.base, language, DESKTOP.0, DESKTOP.1).await
                }
            };
            browser.open(&link.path).await;
            if browser.path().await != link.path && browser.path().await.starts_with("/login") {
                browser.fill("#email", &link.to).await;
                browser.fill("#password", hub_tests::PASSWORD).await;
                browser.click_through("form[action='/login'] button[type='submit']").await;
            }
            assert_eq!(browser.path().await, link.path, "{:?} ends on its page", link.template);
            let html = browser.html().await;
            assert!(!html.contains("data-error="), "{:?}: {} is an error page: {html}", link.template, link.path);
            assert!(
                html.contains(&format!("<html lang=\"{}\">", link.locale)),
                "{:?} in its recipient's language",
                link.template
            );
            browser.assert_accessible().await;
            if crate::web_mail_links::entry_page(&link.path) {
                browser.close().await;
            } else {
                open = Some((link.to, browser));
            }
        }
        if let Some((_, browser)) = open {
            browser.close().await;
        }
    }
);

// The new startup's journey with the keyboard alone: every field reached with Tab (options with the
// arrows), every button pressed with Enter — register, verify from the mail's link, log in, write a
// complete proposal and submit it.
browser_test!(a_new_startup_registers_and_submits_a_proposal_with_the_keyboard_only, |app| {
    let browser = Browser::start(&app.base, "it-IT,it", DESKTOP.0, DESKTOP.1).await;
    let enter = key(Key::Enter);
    browser.open("/register").await;
    for (id, text) in [
        ("org_name", "Nuvola Verde S.r.l."),
        ("tax_code", "04987650753"),
        ("display_name", "Giulia Bianchi"),
        ("email", "giulia@nuvolaverde.example"),
        ("password", hub_tests::PASSWORD),
    ] {
        browser.tab_to(id, |f| f["id"] == id).await;
        browser.keys(text).await;
    }
    browser.tab_to("the register button", |f| f["tag"] == "button" && f["text"] == "Registra").await;
    browser.keys_through(&enter).await;
    assert_eq!(browser.path().await, "/register/sent");
    let mail = app.mail_to("giulia@nuvolaverde.example").await;
    let start = mail.body.find("/verify-email?token=").expect("the link in the mail");
    let link: String = mail.body[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    browser.open(&link).await;
    browser.tab_to("the confirm button", |f| f["tag"] == "button" && f["text"] == "Conferma l'indirizzo").await;
    browser.keys_through(&enter).await;
    assert!(browser.html().await.contains("Indirizzo confermato"));
    browser.open("/login").await;
    browser.tab_to("the email", |f| f["id"] == "email").await;
    browser.keys("giulia@nuvolaverde.example").await;
    browser.tab_to("the password", |f| f["id"] == "password").await;
    browser.keys(hub_tests::PASSWORD).await;
    browser.keys_through(&enter).await;
    browser.tab_to("my proposals", |f| f["href"] == "/proposals").await;
    browser.keys_through(&enter).await;
    browser.tab_to("the new proposal link", |f| f["href"] == "/proposals/new").await;
    browser.keys_through(&enter).await;
    browser.tab_to("the challenge", |f| f["id"] == "challenge").await;
    browser.keys(&key(Key::Down)).await;
    for (id, text) in [
        ("title", "Archivio sanitario federato"),
        ("summary", "Un archivio condiviso tra le aziende sanitarie."),
        ("description", "Federare gli archivi delle ASL sul Polo Strategico Nazionale."),
    ] {
        browser.tab_to(id, |f| f["id"] == id).await;
        browser.keys(text).await;
    }
    browser.tab_to("the TRL", |f| f["id"] == "trl").await;
    for _ in 0..5 {
        browser.keys(&key(Key::Down)).await;
    }
    for (id, text) in [("budget", "250.000,00"), ("tags", "salute, cloud")] {
        browser.tab_to(id, |f| f["id"] == id).await;
        browser.keys(text).await;
    }
    for pillar in ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"] {
        let id = format!("sa-{pillar}");
        browser.tab_to(&id, |f| f["id"] == id.as_str()).await;
        browser.keys("Descritto nel piano di progetto.").await;
    }
    browser.tab_to("the save button", |f| f["tag"] == "button" && f["text"] == "Salva la bozza").await;
    browser.keys_through(&enter).await;
    let page = browser.path().await;
    assert!(page.starts_with("/proposals/") && !page.contains("/new"), "saved: {page}: {}", browser.html().await);
    browser.tab_to("the submit button", |f| f["tag"] == "button" && f["text"] == "Presenta la proposta").await;
    browser.keys_through(&enter).await;
    assert!(browser.path().await.ends_with("?done=submitted"), "{}: {}", browser.path().await, browser.html().await);
    browser.assert_accessible().await;
    browser.close().await;
});
