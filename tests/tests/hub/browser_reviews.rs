//! The evaluator's journey in the real browser, axe-core on every page: the queue, the conflict step,
//! scoring with the keyboard, the draft saving itself (the page's script), a reload that keeps it, the
//! submission, the review as sent.

use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::{assigned, evaluator, in_days, manager, under_review, verified_proposer};

fn key(k: Key) -> String {
    char::from(k).to_string()
}

browser_test!(an_evaluator_scores_with_the_keyboard_lets_the_draft_save_itself_and_submits, |app| {
    let (proposer, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(&app).await;
    let proposal = under_review(&app, &proposer, &hub, "Archivio sanitario federato", "open-call").await;
    let (_, evaluator_id) = evaluator(&app, "elena@valdora.example", None).await;
    let review = assigned(&app, &hub, &proposal, &evaluator_id, &in_days(1)).await;

    let browser = Browser::start(&app.base, "en-GB,en", 1280, 900).await;
    browser.open("/login").await;
    browser.fill("#email", "elena@valdora.example").await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
    browser.click_through("a[href='/reviews']").await;
    assert!(browser.html().await.contains("due soon"), "the review due within 48 hours is marked");
    browser.assert_accessible().await;
    browser.click_through(&format!("a[href='/reviews/{review}']")).await;
    browser.assert_accessible().await;
    browser
        .tab_to("the confirmation", |f| f["tag"] == "button" && f["text"] == "I declare I have no conflict of interest")
        .await;
    browser.keys_through(&key(Key::Enter)).await;
    assert!(browser.html().await.contains("Levels of"), "the form, after the confirmation");
    browser.assert_accessible().await;

    // Scores with the keyboard: Tab to a pillar's "not yet", arrows to 3.5.
    let revision = || async {
        let html = browser.html().await;
        html.split("name=\"revision\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default().to_owned()
    };
    let before = revision().await;
    browser.tab_to("the first score", |f| f["id"] == "score-security_sovereignty-none").await;
    for _ in 0..8 {
        browser.keys(&key(Key::Right)).await;
    }
    assert_eq!(browser.focused().await["id"], "score-security_sovereignty-8", "3.5 chosen with the arrows");
    browser.tab_to("the overall comment", |f| f["id"] == "overall_comment").await;
    browser.keys("Proposta solida e ben argomentata.").await;
    // The script saves on its own a few seconds after the last change (nothing was pressed): the
    // hub has the typed comment, and the form's revision moved on.
    let token = app.token("elena@valdora.example").await;
    let mut saved = false;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let draft = app.get(&format!("/api/v1/reviews/{review}"), Some(&token)).await;
        if draft.body["overall_comment"] == "Proposta solida e ben argomentata." {
            saved = true;
            break;
        }
    }
    assert!(saved, "the draft saved itself: {}", browser.text("#autosave-status").await);
    assert_ne!(revision().await, before, "the form holds the new revision");
    assert!(browser.text("#autosave-status").await.starts_with("Draft saved on"));
    browser.open(&format!("/reviews/{review}")).await;
    let html = browser.html().await;
    assert!(html.contains("Proposta solida e ben argomentata."), "the reload keeps the autosaved draft");
    assert!(html.contains("value=\"3.5\" checked"), "and the score");

    // Submitting what is incomplete lists what is missing; the summary takes the focus.
    browser.click_through("button[name='intent'][value='submit']").await;
    assert!(browser.html().await.contains("id=\"form-error\""));
    assert_eq!(browser.focused().await["id"], "form-error", "the error summary has the focus");
    browser.assert_accessible().await;
    for (pillar, score) in
        [("growth_development", "4"), ("talent_skills", "3"), ("effectiveness_sustainability", "4.5")]
    {
        browser.click(&format!("input[name='score-{pillar}'][value='{score}']")).await;
    }
    browser.click("#recommendation-accept").await;
    browser.click_through("button[name='intent'][value='submit']").await;
    assert!(browser.path().await.ends_with("?done=submitted"), "{}", browser.path().await);
    assert!(browser.html().await.contains("Review submitted"));
    browser.assert_accessible().await;
    browser.close().await;
});
