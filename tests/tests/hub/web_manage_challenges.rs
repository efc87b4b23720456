//! The managers' challenge pages: a draft created through the form (the weights' sum checked, the
//! values kept), opened, edited (a stale edit saves nothing and shows the saved version), closed and
//! archived; the evaluation settings frozen once a review is in. Managers made here read English.

use hub_tests::funnel::{MANAGER, admin, manager, organization};
use hub_tests::{TestApp, hub_test};

pub(crate) const SLUG: &str = "mobilita-sostenibile-lecce";

pub(crate) fn fields<'a>(sponsor: &'a str, weight: &'a str, title: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title_it", title),
        ("slug", SLUG),
        ("description_it", "Il Comune cerca soluzioni per ridurre il traffico privato nel centro storico."),
        ("sponsor_id", sponsor),
        ("tags", "mobilita, smart-city"),
        ("opens_at", "2026-01-15"),
        ("closes_at", "2099-05-31"),
        ("weight-security_sovereignty", weight),
        ("weight-growth_development", "25"),
        ("weight-talent_skills", "25"),
        ("weight-effectiveness_sustainability", "25"),
        ("threshold-security_sovereignty", "3"),
        ("threshold-growth_development", "3"),
        ("threshold-talent_skills", "2.5"),
        ("threshold-effectiveness_sustainability", "3"),
        ("overall_threshold", "3"),
        ("min_reviews", "2"),
    ]
}

async fn challenge(app: &TestApp, hub: &str) -> serde_json::Value {
    let answer = app.get(&format!("/api/v1/challenges/{SLUG}"), Some(hub)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body
}

fn revision(html: &str) -> String {
    html.split("name=\"revision\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("a revision").to_owned()
}

hub_test!(a_manager_creates_opens_edits_closes_and_archives_a_challenge, |app| {
    let hub = manager(&app).await;
    let sponsor =
        organization(&app, &admin(&app).await, "Comune di Lecce", "public_administration", "80004739258").await;
    let person = app.signed_in(MANAGER, "it").await;
    let new = "/manage/challenges/new";
    let form = person.get(new).await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.text.contains(&format!("<option value=\"{sponsor}\">Comune di Lecce</option>")), "{}", form.text);

    // Weights adding up to 105: refused beside the first weight, every value kept, nothing created.
    let wrong = person.submit(new, new, &fields(&sponsor, "30", "Mobilità sostenibile")).await;
    assert_eq!(wrong.status, 422, "{}", wrong.text);
    assert!(
        wrong.text.contains("href=\"#weight-security_sovereignty\"") && wrong.text.contains("add up to 100"),
        "{}",
        wrong.text
    );
    assert!(
        wrong.text.contains("value=\"Mobilità sostenibile\"") && wrong.text.contains("value=\"30\""),
        "{}",
        wrong.text
    );
    assert_eq!(app.get(&format!("/api/v1/challenges/{SLUG}"), Some(&hub)).await.status, 404);

    let created = person.submit(new, new, &fields(&sponsor, "25", "Mobilità sostenibile")).await;
    assert_eq!(created.header("location"), Some("/manage/challenges?done=created"), "{}", created.text);
    let saved = challenge(&app, &hub).await;
    assert_eq!((saved["state"].as_str(), saved["evaluation"]["min_reviews"].as_u64()), (Some("draft"), Some(2)));
    assert_eq!(saved["evaluation"]["thresholds"]["talent_skills"], 2.5);
    assert_eq!(app.visitor("it").get(&format!("/challenges/{SLUG}")).await.status, 404, "a draft is not public");

    // Opened from the list: public now.
    let list = "/manage/challenges";
    let opened = person.submit(list, &format!("/manage/challenges/{SLUG}/open"), &[]).await;
    assert_eq!(opened.header("location"), Some("/manage/challenges?done=open"), "{}", opened.text);
    assert_eq!(app.visitor("it").get(&format!("/challenges/{SLUG}")).await.status, 200);

    // Two windows edit it: the second, stale, saves nothing and shows the saved version.
    let edit = format!("/manage/challenges/{SLUG}/edit");
    let first = person.get(&edit).await;
    let read = revision(&first.text);
    let mut changed = fields(&sponsor, "25", "Mobilità sostenibile nel centro storico");
    changed.push(("revision", &read));
    let ok = person.submit(&edit, &edit, &changed).await;
    assert_eq!(ok.header("location"), Some("/manage/challenges?done=saved"), "{}", ok.text);
    let mut stale = fields(&sponsor, "25", "Titolo di un'altra finestra");
    stale.push(("revision", &read));
    let refused = person.submit(&edit, &edit, &stale).await;
    assert_eq!(refused.status, 412, "{}", refused.text);
    assert!(refused.text.contains("Someone else saved the challenge meanwhile"), "{}", refused.text);
    assert!(
        refused.text.contains("<dd>Mobilità sostenibile nel centro storico</dd>"),
        "the saved version: {}",
        refused.text
    );
    assert!(refused.text.contains("value=\"Titolo di un&#39;altra finestra\""), "what was typed: {}", refused.text);
    assert_eq!(challenge(&app, &hub).await["title_it"], "Mobilità sostenibile nel centro storico");

    // Closed, then archived; an archived one cannot be opened again.
    for (action, state) in [("close", "closed"), ("archive", "archived")] {
        let moved = person.submit(list, &format!("/manage/challenges/{SLUG}/{action}"), &[]).await;
        assert_eq!(moved.status, 303, "{action}: {}", moved.text);
        assert_eq!(challenge(&app, &hub).await["state"], state);
    }
    let token = hub_tests::pages::csrf_token(&person.get(list).await.text, "/logout");
    let again = person.post(&format!("/manage/challenges/{SLUG}/open"), &[("csrf", &token)]).await;
    assert_eq!(again.status, 409, "{}", again.text);
});

hub_test!(the_settings_freeze_once_a_review_is_in, |app| {
    use hub_tests::funnel::{assigned, confirm, evaluator, in_days, save_and_submit, under_review, verified_proposer};
    let hub = manager(&app).await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let proposal = under_review(&app, &anna, &hub, "Proposta valutata", "open-call").await;
    let (eva_token, eva) = evaluator(&app, "elena@valdora.example", None).await;
    let review = assigned(&app, &hub, &proposal, &eva, &in_days(5)).await;
    let person = app.signed_in(MANAGER, "it").await;
    let edit = "/manage/challenges/open-call/edit";
    assert!(!person.get(edit).await.text.contains("The settings are frozen"));
    confirm(&app, &eva_token, &review).await;
    let scores = serde_json::json!({"security_sovereignty": 3.0, "growth_development": 3.0, "talent_skills": 3.0, "effectiveness_sustainability": 3.0});
    save_and_submit(
        &app,
        &eva_token,
        &review,
        serde_json::json!({"scores": scores, "overall_comment": "Ok.", "recommendation": "accept"}),
    )
    .await;
    let form = person.get(edit).await;
    assert!(
        form.text.contains("The settings are frozen") && form.text.contains("data-weight readonly"),
        "{}",
        form.text
    );
});

hub_test!(only_managers_open_the_challenge_pages, |app| {
    hub_tests::funnel::evaluator(&app, "elena@valdora.example", None).await;
    let eva = app.signed_in("elena@valdora.example", "en").await;
    for path in ["/manage/challenges", "/manage/challenges/new", "/manage/challenges/open-call/edit"] {
        assert_eq!(eva.get(path).await.status, 403, "{path}");
    }
    let manager_token = manager(&app).await;
    let person = app.signed_in(MANAGER, "it").await;
    assert_eq!(person.post("/manage/challenges/open-call/close", &[]).await.status, 403, "no token");
    assert_eq!(person.post("/manage/challenges/new", &[("title_it", "X")]).await.status, 403, "no token");
    let open = app.get("/api/v1/challenges/open-call", Some(&manager_token)).await;
    assert_eq!(open.body["state"], "open");
});
