//! Journeys in a real browser (headless Chromium through chromedriver), with axe-core run on every
//! page they open: 0 violations, and a check that the checker does find one where there is one.

use hub_tests::browser::Browser;
use hub_tests::browser_test;

const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (390, 844);

// The checks can fail: on a page with known faults (no language, an image without text, a field
// without a label), axe-core reports them.
browser_test!(axe_finds_known_violations, |app| {
    let browser = Browser::start(&app.base, "it-IT,it", DESKTOP.0, DESKTOP.1).await;
    browser
        .client
        .goto("data:text/html,<!doctype html><html><head><title>x</title></head><body><main><img src='x.png'><input type='text'></main></body></html>")
        .await
        .expect("goto");
    let rules: Vec<String> = browser.axe().await.into_iter().map(|v| v.id).collect();
    for rule in ["html-has-lang", "image-alt", "label"] {
        assert!(rules.contains(&rule.to_owned()), "{rule} among {rules:?}");
    }
    browser.close().await;
});

// The public pages and the frame pages, in Italian and English, at desktop and phone widths.
browser_test!(the_public_pages_have_no_accessibility_violation, |app| {
    // A published service with its scores' chart, and a deprecated one naming it.
    let hub = hub_tests::funnel::manager(&app).await;
    let editor = crate::catalogue::editor(&app).await;
    let (proposer, _) = crate::catalogue::proposer(&app).await;
    let proposal = crate::catalogue::accepted(&app, &proposer, &hub, "Gateway FHIR sovrano per le ASL", 4.5).await;
    let path = format!("/api/v1/proposals/{proposal}/promote");
    let slug =
        app.post(&path, Some(&editor), serde_json::Value::Null).await.body["slug"].as_str().expect("slug").to_owned();
    let completion = crate::catalogue::completion("Interoperabilità FHIR", "saas", "data-analytics");
    crate::catalogue::publish(&app, &editor, &slug, completion).await;
    let service = format!("/catalogue/{slug}");
    for (language, (width, height)) in [("it-IT,it", DESKTOP), ("en-GB,en", PHONE)] {
        let browser = Browser::start(&app.base, language, width, height).await;
        let pages = ["/", "/login", "/accessibility", "/privacy", "/terms", "/no-such-page", "/challenges"];
        let more =
            ["/challenges/open-call", "/pillars", "/catalogue", "/catalogue?q=FHIR&sort=score", service.as_str()];
        for path in pages.into_iter().chain(more) {
            browser.open(path).await;
            assert!(browser.html().await.contains("</footer>"), "{path} rendered in the frame");
            browser.assert_accessible().await;
        }
        browser.close().await;
    }
});

// Logging in and out with the keyboard alone: the skip link comes first and leads to the content,
// every field and button is reached with Tab, Enter submits.
browser_test!(logging_in_and_out_with_the_keyboard_only, |app| {
    app.user_with_roles("giulia@hub.example", &[domain::Role::Proposer], None).await;
    let browser = Browser::start(&app.base, "it-IT,it", DESKTOP.0, DESKTOP.1).await;
    browser.open("/").await;
    browser.tab_to("the skip link", |f| f["href"] == "#main").await;
    browser.keys(&char::from(fantoccini::key::Key::Enter).to_string()).await;
    assert_eq!(browser.focused().await["id"], "main", "the skip link moves the focus to the content");
    browser.open("/login").await;
    browser.tab_to("the email field", |f| f["id"] == "email").await;
    browser.keys("giulia@hub.example").await;
    browser.tab_to("the password field", |f| f["id"] == "password").await;
    browser.keys(hub_tests::PASSWORD).await;
    browser.keys_through(&char::from(fantoccini::key::Key::Enter).to_string()).await;
    assert_eq!(browser.path().await, "/");
    assert!(browser.text(".who").await.contains("Staff Member"), "signed in");
    browser.assert_accessible().await;
    browser.tab_to("the log-out button", |f| f["tag"] == "button" && f["text"] == "Log out").await;
    browser.keys_through(&char::from(fantoccini::key::Key::Enter).to_string()).await;
    assert_eq!(browser.path().await, "/?logged-out=1");
    assert!(browser.html().await.contains("href=\"/login\""), "signed out");
    browser.close().await;
});

// A new user with a browser and nothing else: register a startup, open the verification link from the
// mail, verify, log in, write a proposal, save it, find it in the list, complete and submit it; a
// manager decides through the API; the proposer reads the feedback. axe-core on every page.
browser_test!(a_new_startup_registers_verifies_and_writes_a_proposal, |app| {
    let browser = Browser::start(&app.base, "it-IT,it", DESKTOP.0, DESKTOP.1).await;
    browser.open("/register").await;
    browser.assert_accessible().await;
    browser.fill("#org_name", "Nuvola Verde S.r.l.").await;
    browser.fill("#tax_code", "04987650753").await;
    browser.fill("#display_name", "Giulia Bianchi").await;
    browser.fill("#email", "giulia@nuvolaverde.example").await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/register'] button[type='submit']").await;
    assert_eq!(browser.path().await, "/register/sent");
    browser.assert_accessible().await;
    let mail = app.mail_to("giulia@nuvolaverde.example").await;
    let start = mail.body.find("/verify-email?token=").expect("the link in the mail");
    let link: String =
        mail.body[start..].chars().take_while(|c| !c.is_whitespace() && *c != '<' && *c != '"').collect();
    browser.open(&link).await;
    browser.assert_accessible().await;
    browser.click_through("form[action='/verify-email'] button[type='submit']").await;
    browser.assert_accessible().await;
    browser.open("/login").await;
    browser.fill("#email", "giulia@nuvolaverde.example").await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
    assert!(browser.text(".who").await.contains("Giulia Bianchi"), "signed in");
    let open_call = app.get("/api/v1/challenges/open-call", None).await.body["id"].as_str().expect("id").to_owned();
    browser.open(&format!("/proposals/new?challenge={open_call}")).await;
    browser.assert_accessible().await;
    browser.fill("#title", "Archivio sanitario federato").await;
    browser.click_through("form[action='/proposals'] button[type='submit']").await;
    let page = browser.path().await.split('?').next().unwrap_or_default().to_owned();
    assert!(page.starts_with("/proposals/") && page != "/proposals/new", "the saved proposal's page: {page}");
    assert!(browser.html().await.contains("Archivio sanitario federato"));
    browser.assert_accessible().await;
    browser.open("/proposals").await;
    assert!(browser.html().await.contains("Archivio sanitario federato"));
    browser.assert_accessible().await;
    browser.open(&format!("{page}/history")).await;
    browser.assert_accessible().await;

    // Every field, then the submission from the proposal's page.
    browser.open(&format!("{page}/edit")).await;
    browser.assert_accessible().await;
    browser.fill("#summary", "Un archivio condiviso tra le aziende sanitarie, ospitato in Italia.").await;
    browser.fill("#description", "## Idea\n\nFederare gli archivi delle ASL sul *Polo Strategico Nazionale*.").await;
    browser.click("#trl option[value='5']").await;
    browser.fill("#budget", "250.000,00").await;
    browser.fill("#tags", "salute, cloud").await;
    for pillar in ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"] {
        browser.fill(&format!("#sa-{pillar}"), "Descritto nel piano di progetto allegato.").await;
    }
    browser.click_through(&format!("form[action='{page}/edit'] button[type='submit']")).await;
    let saved = browser.path().await;
    assert!(
        saved.split('?').next() == Some(page.as_str()),
        "saved back to the proposal's page: {saved}: {}",
        browser.html().await
    );
    browser.click_through(&format!("form[action='{page}/submit'] button[type='submit']")).await;
    assert!(browser.path().await.ends_with("?done=submitted"), "{}", browser.path().await);
    browser.assert_accessible().await;

    // A manager screens, an evaluator reviews, the manager decides — through the API.
    let id = page.trim_start_matches("/proposals/").to_owned();
    let hub = hub_tests::funnel::manager(&app).await;
    hub_tests::funnel::moved(&app, &hub, &id, "screen", serde_json::json!({"eligible": true}), "under_review").await;
    let (evaluator, evaluator_id) = hub_tests::funnel::evaluator(&app, "ev@hub.example", None).await;
    let due = hub_tests::funnel::in_days(5);
    let review = hub_tests::funnel::assigned(&app, &hub, &id, &evaluator_id, &due).await;
    hub_tests::funnel::confirm(&app, &evaluator, &review).await;
    hub_tests::funnel::save_and_submit(&app, &evaluator, &review, crate::catalogue::review(4.0)).await;
    let decision = serde_json::json!({"decision": "accept", "rationale": "Utile a molte ASL.", "override_reason": "Una sola valutazione, concorde."});
    hub_tests::funnel::moved(&app, &hub, &id, "decide", decision, "accepted").await;

    // The proposer reads the feedback from the proposal's page.
    browser.open(&page).await;
    browser.click_through(&format!("a[href='{page}/feedback']")).await;
    let html = browser.html().await;
    assert!(html.contains("La proposta è stata accettata") && html.contains("Utile a molte ASL."), "{html}");
    browser.assert_accessible().await;
    // From there, with the keyboard, the evaluation summary to print or download.
    let summary = format!("{page}/summary");
    browser.tab_to("the summary's link", |f| f["href"] == summary.as_str()).await;
    browser.keys_through(&char::from(fantoccini::key::Key::Enter).to_string()).await;
    assert_eq!(browser.path().await, summary);
    let html = browser.html().await;
    assert!(html.contains("Relazione di sintesi della valutazione") && html.contains("Utile a molte ASL."), "{html}");
    assert_eq!(browser.text("button[data-print]").await, "Stampa", "the script shows the print button");
    browser.assert_accessible().await;
    browser.close().await;
});
