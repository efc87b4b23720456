//! The hub manager's journey in the real browser, axe-core on every page: a challenge created and
//! opened, a proposal to it screened, automatic assignment previewed then applied, the ranking read,
//! the portfolio within the budget typed on the form read beside it, the decision taken with an override
//! (one review of the two required). The challenge's annex is asked for with the keyboard alone.

use hub_tests::browser::Browser;
use hub_tests::browser_test;
use hub_tests::funnel::{
    MANAGER, admin, evaluator, manager, organization, save_and_submit, submitted, verified_proposer,
};
use serde_json::json;

browser_test!(a_manager_opens_a_challenge_screens_assigns_ranks_and_decides, |app| {
    let hub = manager(&app).await;
    let sponsor =
        organization(&app, &admin(&app).await, "Comune di Lecce", "public_administration", "80004739258").await;
    let (proposer, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let (eva_token, _) = evaluator(&app, "elena@valdora.example", None).await;

    let browser = Browser::start(&app.base, "en-GB,en", 1280, 900).await;
    browser.open("/login").await;
    browser.fill("#email", MANAGER).await;
    browser.fill("#password", hub_tests::PASSWORD).await;
    browser.click_through("form[action='/login'] button[type='submit']").await;
    browser.click_through("a[href='/manage']").await;
    browser.assert_accessible().await;
    browser.keep_screenshot("manage-desk").await;

    // A new challenge: the texts, the sponsor, two reviews to decide; the settings keep their defaults.
    browser.click_through("a[href='/manage/challenges']").await;
    browser.assert_accessible().await;
    browser.click_through("a[href='/manage/challenges/new']").await;
    browser.assert_accessible().await;
    assert_eq!(browser.text("[data-weights-total] output").await, "100", "the script sums the weights");
    browser.fill("#weight-security_sovereignty", "30").await;
    assert_eq!(browser.text("[data-weights-total] output").await, "105", "as they are typed");
    browser.fill("#weight-security_sovereignty", "25").await;
    browser.fill("#title_it", "Mobilità sostenibile nel centro storico").await;
    browser.fill("#slug", "mobilita-sostenibile").await;
    browser.fill("#description_it", "Il Comune cerca soluzioni per ridurre il traffico privato.").await;
    browser.fill("#budget", "200,000.00").await;
    browser.click(&format!("#sponsor_id option[value='{sponsor}']")).await;
    browser.fill("#min_reviews", "2").await;
    // An annex asked for with the keyboard alone: a code with capitals and a space is refused beside its
    // row, everything typed kept; put right, the challenge asks for it.
    let tab_to = |id: &'static str| {
        let browser = &browser;
        async move { browser.tab_to(id, |f| f["id"] == id).await }
    };
    tab_to("annex-0-key").await;
    browser.keys("Technical Plan").await;
    tab_to("annex-0-name").await;
    browser.keys("Technical plan").await;
    // Optional (the proposal below is sent without it): its box left unticked.
    tab_to("annex-0-types-pdf").await;
    browser.keys(" ").await;
    tab_to("annex-0-max_pages").await;
    browser.keys("30").await;
    browser.keep_screenshot("manage-challenge-form").await;
    browser.keys_through(&char::from(fantoccini::key::Key::Enter).to_string()).await;
    let refused = browser.html().await;
    assert!(refused.contains("id=\"annex-0-key-error\""), "the error beside the row: {refused}");
    assert!(refused.contains("value=\"Technical Plan\"") && refused.contains("value=\"30\""), "kept: {refused}");
    browser.assert_accessible().await;
    browser.fill("#annex-0-key", "technical-plan").await;
    browser.keys_through(&char::from(fantoccini::key::Key::Enter).to_string()).await;
    assert_eq!(browser.path().await, "/manage/challenges?done=created");
    let asked = app.get("/api/v1/challenges/mobilita-sostenibile", Some(&hub)).await;
    assert_eq!(
        asked.body["annexes"],
        json!([{"key": "technical-plan", "name": "Technical plan", "required": false, "types": ["pdf"],
                "max_bytes": 20 * 1024 * 1024, "max_count": 1, "max_pages": 30}]),
        "{}",
        asked.text
    );
    browser.click_through("form[action='/manage/challenges/mobilita-sostenibile/open'] button").await;
    assert!(browser.html().await.contains("Challenge opened"), "{}", browser.html().await);
    browser.assert_accessible().await;

    // A proposal to it, screened eligible in the browser.
    let proposal = submitted(&app, &proposer, "Navette elettriche a chiamata", "mobilita-sostenibile").await;
    browser.open("/manage/proposals?state=submitted").await;
    browser.assert_accessible().await;
    browser.click_through(&format!("a[href='/manage/proposals/{proposal}']")).await;
    browser.assert_accessible().await;
    browser.click("#outcome-eligible").await;
    browser.click_through(&format!("form[action='/manage/proposals/{proposal}/screen'] button")).await;
    assert!(browser.html().await.contains("moved on to evaluation"));

    // Automatic assignment: the plan first, then applied.
    browser.open("/manage/challenges/mobilita-sostenibile/auto-assign").await;
    browser.assert_accessible().await;
    browser.fill("#per", "1").await;
    browser.click_through("button[name='step'][value='preview']").await;
    assert!(browser.html().await.contains("Nothing is assigned yet"));
    browser.assert_accessible().await;
    browser.keep_screenshot("manage-auto-assign-plan").await;
    browser.click_through("button[name='step'][value='apply']").await;
    assert!(browser.html().await.contains("1 assignment made"), "{}", browser.html().await);

    // The evaluator reviews (through the API); the ranking shows it; the decision needs an override.
    let reviews = app.get("/api/v1/reviews", Some(&eva_token)).await;
    let review = reviews.body["items"][0]["id"].as_str().expect("a review").to_owned();
    hub_tests::funnel::confirm(&app, &eva_token, &review).await;
    let scores = json!({"security_sovereignty": 4.0, "growth_development": 3.5, "talent_skills": 4.0, "effectiveness_sustainability": 4.0});
    save_and_submit(
        &app,
        &eva_token,
        &review,
        json!({"scores": scores, "overall_comment": "Bene.", "recommendation": "accept"}),
    )
    .await;
    browser.open("/manage/challenges/mobilita-sostenibile/ranking").await;
    assert!(browser.html().await.contains("Navette elettriche a chiamata"));
    // The budget typed on the form: the portfolio beside the rank order (one review of two: not yet in it).
    let ranking = browser.html().await;
    assert!(ranking.contains("200,000.00 €") && ranking.contains("Reviews incomplete"), "{ranking}");
    browser.assert_accessible().await;
    browser.keep_screenshot("manage-ranking").await;
    browser.click_through(&format!("a[href='/manage/proposals/{proposal}/decide']")).await;
    assert!(browser.html().await.contains("1 of the 2 required reviews are submitted"));
    assert!(browser.html().await.contains("<strong>Reviews incomplete</strong>"), "the portfolio's word on it");
    browser.assert_accessible().await;
    browser.click("#decision-accept").await;
    browser.fill("#rationale", "Soluzione matura, in linea con il piano urbano della mobilità.").await;
    browser.fill("#override_reason", "Il secondo valutatore ha rinunciato; la scadenza del bando è vicina.").await;
    browser.keep_screenshot("manage-decide").await;
    browser.click_through("form[action$='/decide'] button[type='submit']").await;
    assert_eq!(browser.path().await, format!("/manage/proposals/{proposal}?done=accepted"));
    browser.assert_accessible().await;
    let state = app.get(&format!("/api/v1/proposals/{proposal}"), Some(&hub)).await;
    assert_eq!(state.body["state"], "accepted");
    // The funnel's figures for the challenge, chosen from the page's own form.
    browser.open("/manage/analytics").await;
    browser.assert_accessible().await;
    browser.click("#challenge option[value='mobilita-sostenibile']").await;
    browser.click_through("form[action='/manage/analytics'] button[type='submit']").await;
    assert_eq!(browser.path().await, "/manage/analytics?challenge=mobilita-sostenibile");
    let figures = browser.html().await;
    assert!(figures.contains("<td class=\"rate\">100 %</td>"), "one accepted of one decided: {figures}");
    browser.assert_accessible().await;
    browser.close().await;
});
