//! Review quality on the pages (issue 19): a hub manager rates a review from the proposal's page (the
//! labels kept when refused, CSRF), the evaluator reads the rating on their review's page, the manager
//! reads the evaluator's record from the directory, and automatic assignment offers the tie-breaker.

use hub_tests::funnel::MANAGER;
use hub_tests::hub_test;

hub_test!(a_manager_rates_a_review_and_reads_the_evaluators_record, |app| {
    let id = crate::web_notice::reviewed(&app).await;
    let hub_token = app.token(MANAGER).await;
    let listed = app.get(&format!("/api/v1/proposals/{id}/assignments"), Some(&hub_token)).await;
    let first = &listed.body["items"][0];
    let (review, evaluator) = (first["id"].as_str().expect("id"), first["evaluator_id"].as_str().expect("evaluator"));
    let hub = app.signed_in(MANAGER, "it").await;
    let page = format!("/manage/proposals/{id}");
    let action = format!("/manage/proposals/{id}/reviews/{review}/rating");
    let shown = hub.get(&page).await;
    assert!(shown.text.contains(&format!("action=\"{action}\"")), "the rating form: {}", shown.text);

    // Helpful and vague at once: refused beside the form, the ticks and the note kept.
    let both = [("label-helpful", "on"), ("label-vague", "on"), ("note", "NOTE-wq: da rivedere.")];
    let refused = hub.submit(&page, &action, &both).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains(&format!("id=\"rating-error-{review}\"")), "{}", refused.text);
    assert!(refused.text.contains("NOTE-wq: da rivedere."), "the note kept: {}", refused.text);
    assert_eq!(hub.post(&action, &[("label-vague", "on")]).await.status, 403, "a form without its token");
    let fields = [("label-too_short", "on"), ("note", "NOTE-wq: motivare i punteggi.")];
    let rated = hub.submit(&page, &action, &fields).await;
    assert_eq!(rated.status, 303, "{}", rated.text);
    assert_eq!(rated.header("location"), Some(format!("{page}?done=rated#rating-{review}").as_str()));
    let after = hub.get(&format!("{page}?done=rated")).await;
    assert!(after.text.contains("NOTE-wq: motivare i punteggi."), "{}", after.text);
    assert!(
        after.text.contains(&format!("id=\"label-too_short-{review}\" name=\"label-too_short\" value=\"on\" checked"))
    );

    // The evaluator reads it on their review's page, unsigned.
    let eva = app.signed_in(&email_of(&app, evaluator).await, "it").await;
    let own = eva.get(&format!("/reviews/{review}")).await;
    assert_eq!(own.status, 200, "{}", own.text);
    // (Test accounts are all "Staff Member": the rater would show as "Staff Member, <when>".)
    assert!(own.text.contains("NOTE-wq: motivare i punteggi.") && !own.text.contains("Staff Member, "), "{}", own.text);

    // The record, from the directory; the tie-breaker on the automatic assignment's page.
    let directory = hub.get("/manage/evaluators").await;
    assert!(directory.text.contains(&format!("href=\"/manage/evaluators/{evaluator}\"")), "{}", directory.text);
    let record = hub.get(&format!("/manage/evaluators/{evaluator}")).await;
    assert_eq!(record.status, 200, "{}", record.text);
    assert!(record.text.contains("Too short</th><td>1</td>"), "{}", record.text);
    let auto = hub.get("/manage/challenges/open-call/auto-assign").await;
    assert!(auto.text.contains("name=\"quality\""), "{}", auto.text);
    assert_eq!(app.visitor("it").get(&format!("/manage/evaluators/{evaluator}")).await.status, 303, "signed out");
});

/// The email of evaluator `id`, one of `eva1@hub.example` … `eva3@hub.example`.
async fn email_of(app: &hub_tests::TestApp, id: &str) -> String {
    for i in 1..=3 {
        let email = format!("eva{i}@hub.example");
        if hub_tests::funnel::user_id(app, &app.token(&email).await).await == id {
            return email;
        }
    }
    panic!("no evaluator {id}")
}

hub_test!(the_rapporteur_rates_the_panels_reviews_from_their_own_reviews_page, |app| {
    let id = crate::web_notice::reviewed(&app).await;
    let hub_token = app.token(MANAGER).await;
    let listed = app.get(&format!("/api/v1/proposals/{id}/assignments"), Some(&hub_token)).await;
    let mut reviews = Vec::new();
    for item in listed.body["items"].as_array().expect("assignments") {
        let evaluator = item["evaluator_id"].as_str().expect("evaluator");
        reviews.push((
            item["id"].as_str().expect("id").to_owned(),
            email_of(&app, evaluator).await,
            evaluator.to_owned(),
        ));
    }
    let ((rated, _, _), (own, rapporteur_email, rapporteur_id)) = (&reviews[0], &reviews[1]);
    let path = format!("/api/v1/proposals/{id}/consensus/rapporteur");
    let designated = app
        .request(reqwest::Method::PUT, &path, Some(&hub_token), serde_json::json!({"rapporteur_id": rapporteur_id}))
        .await;
    assert_eq!(designated.status, 200, "{}", designated.text);

    // The rapporteur's own review page offers a rating form on each of the others' reviews.
    let rapporteur = app.signed_in(rapporteur_email, "it").await;
    let page = format!("/reviews/{own}");
    let action = format!("/reviews/{rated}/rating");
    let shown = rapporteur.get(&page).await;
    assert!(shown.text.contains(&format!("action=\"{action}\"")), "{}", shown.text);
    let both = [("from", own.as_str()), ("label-helpful", "on"), ("label-narrow", "on")];
    let refused = rapporteur.submit(&page, &action, &both).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains(&format!("id=\"rating-error-{rated}\"")), "{}", refused.text);
    assert_eq!(rapporteur.post(&action, &[("from", own.as_str()), ("label-narrow", "on")]).await.status, 403);
    let sent = rapporteur.submit(&page, &action, &[("from", own.as_str()), ("label-narrow", "on")]).await;
    assert_eq!(sent.header("location"), Some(format!("{page}?rated=1#rating-{rated}").as_str()), "{}", sent.text);
    let back = rapporteur.get(&format!("{page}?rated=1")).await;
    assert!(back.text.contains("role=\"status\""), "{}", back.text);
    let ratings = app.get(&format!("/api/v1/reviews/{rated}/ratings"), Some(&hub_token)).await;
    assert_eq!(ratings.body["ratings"][0]["labels"], serde_json::json!(["narrow"]), "{}", ratings.text);

    // Another evaluator of the panel reads the others' reviews there but rates none.
    let (third, third_email, _) = &reviews[2];
    let other = app.signed_in(third_email, "it").await;
    let theirs = other.get(&format!("/reviews/{third}")).await;
    assert_eq!(theirs.status, 200, "{}", theirs.text);
    assert!(!theirs.text.contains("/rating\""), "no rating form: {}", theirs.text);
});
