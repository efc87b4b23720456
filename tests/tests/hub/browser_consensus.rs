//! A rapporteur reconciles a split proposal in the real browser (issue 19), axe-core on every page: from
//! their sent review to the consensus page, the draft refused while incomplete (every missing field in
//! the summary), completed with the keyboard, saved; the other evaluator dissents; the
//! rapporteur finalises.

use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::{
    assigned, confirm, evaluator, in_days, manager, save_and_submit, under_review, verified_proposer,
};
use reqwest::Method;
use serde_json::json;

fn review(first: f64) -> serde_json::Value {
    json!({
        "scores": {"security_sovereignty": first, "growth_development": 4.0, "talent_skills": 4.0,
            "effectiveness_sustainability": 4.0},
        "comments": {"security_sovereignty": "Gestione delle chiavi da chiarire."},
        "overall_comment": "Solida.", "recommendation": "accept"
    })
}

async fn sign_in(browser: &Browser, email: &str) {
    browser.open("/login").await;
    browser.fill("#email", email).await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
}

browser_test!(a_rapporteur_reconciles_a_split_proposal_with_the_keyboard, |app| {
    let (proposer, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(&app).await;
    let proposal = under_review(&app, &proposer, &hub, "Registro federato delle chiavi", "open-call").await;
    let mut reviews = Vec::new();
    for (email, first) in [("elena@valdora.example", 4.5), ("paolo@tdi.example", 2.0)] {
        let (token, id) = evaluator(&app, email, None).await;
        let assignment = assigned(&app, &hub, &proposal, &id, &in_days(10)).await;
        confirm(&app, &token, &assignment).await;
        save_and_submit(&app, &token, &assignment, review(first)).await;
        reviews.push((id, assignment));
    }
    let path = format!("/api/v1/proposals/{proposal}/consensus/rapporteur");
    let designated = app.request(Method::PUT, &path, Some(&hub), json!({"rapporteur_id": reviews[0].0})).await;
    assert_eq!(designated.status, 200, "{}", designated.text);
    let page = format!("/consensus/{proposal}");

    let browser = Browser::start(&app.base, "en-GB,en", 1280, 900).await;
    sign_in(&browser, "elena@valdora.example").await;
    browser.open(&format!("/reviews/{}", reviews[0].1)).await;
    browser.click_through(&format!("a[href='{page}']")).await;
    assert!(browser.html().await.contains("divergence"), "the spread is flagged");
    browser.assert_accessible().await;

    // Only one pillar scored: refused, every missing field in the summary; its link moves the focus.
    browser.tab_to("the first agreed score", |f| f["id"] == "score_security_sovereignty").await;
    browser.keys("3.5").await;
    browser.tab_to("its justification", |f| f["id"] == "justification_security_sovereignty").await;
    browser.keys("Le valutazioni divergevano (4,5 e 2): le chiavi restano da chiarire.").await;
    browser.click_through("form[action$='/draft'] button[type='submit']").await;
    let refused = browser.html().await;
    assert!(refused.contains("There is a problem") || refused.contains("form-error"), "{refused}");
    assert!(refused.contains("href=\"#score_growth_development\""), "{refused}");
    browser.assert_accessible().await;
    for key in ["growth_development", "talent_skills", "effectiveness_sustainability"] {
        let (score, text) = (format!("score_{key}"), format!("justification_{key}"));
        browser.tab_to(&score, |f| f["id"] == score.as_str()).await;
        browser.keys("4").await;
        browser.tab_to(&text, |f| f["id"] == text.as_str()).await;
        browser.keys("Valutazioni concordi.").await;
    }
    browser.click_through("form[action$='/draft'] button[type='submit']").await;
    assert!(browser.html().await.contains("Draft saved."), "{}", browser.html().await);
    assert!(browser.path().await.starts_with(&format!("{page}?done=saved")));
    browser.assert_accessible().await;

    // The other evaluator dissents with a note, by keyboard.
    let other = Browser::start(&app.base, "en-GB,en", 1280, 900).await;
    sign_in(&other, "paolo@tdi.example").await;
    other.open(&page).await;
    other.assert_accessible().await;
    other.tab_to("the dissent", |f| f["id"] == "stance-concur").await;
    other.keys(&char::from(Key::Down).to_string()).await;
    assert_eq!(other.focused().await["id"], "stance-dissent");
    other.tab_to("the note", |f| f["id"] == "note").await;
    other.keys("La sicurezza merita meno di 3,5.").await;
    other.click_through("form[action$='/position'] button[type='submit']").await;
    assert!(other.html().await.contains("Position recorded."));
    other.close().await;

    // The rapporteur reads the dissent and finalises.
    browser.open(&page).await;
    assert!(browser.html().await.contains("La sicurezza merita meno di 3,5."));
    browser.click_through("form[action$='/finalise'] button[type='submit']").await;
    assert!(browser.html().await.contains("The report is final."));
    browser.assert_accessible().await;
    browser.keep_screenshot("consensus-final").await;
    browser.close().await;

    let token = app.token("elena@valdora.example").await;
    let read = app.get(&format!("/api/v1/proposals/{proposal}/consensus"), Some(&token)).await;
    assert_eq!(
        (read.body["state"].as_str(), read.body["scores"]["talent_skills"].as_f64()),
        (Some("final"), Some(4.0))
    );
});
