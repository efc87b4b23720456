//! Review quality (issue 19): hub managers who read the reviews and the version's rapporteur rate a
//! submitted review with labels and a note, once each (changing it replaces it); the evaluator reads the
//! ratings unsigned and is emailed the first; the hub flags reviews whose recommendation contradicts their
//! scores or that stand far from the final consensus; each evaluator's record for hub managers. Each
//! role's refusals.

use super::consensus::{designate, draft_body, finalise, save_draft};
use super::*;

async fn ratings(app: &TestApp, token: Option<&str>, review: &str) -> Answer {
    app.get(&format!("/api/v1/reviews/{review}/ratings"), token).await
}

async fn rate(app: &TestApp, token: Option<&str>, review: &str, body: Value) -> Answer {
    app.request(Method::PUT, &format!("/api/v1/reviews/{review}/rating"), token, body).await
}

async fn quality(app: &TestApp, token: Option<&str>, evaluator: &str) -> Answer {
    app.get(&format!("/api/v1/evaluators/{evaluator}/quality"), token).await
}

hub_test!(managers_and_the_rapporteur_rate_reviews_the_evaluator_reads_them_unsigned_and_the_hub_flags_them, |app| {
    let anna = aurora(&app).await;
    let nico = nuvola(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let title = "Sportello con valutazioni giudicate";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    // Two reviews in: the first accepts with scores under the thresholds; the third evaluator still writes.
    let panel = reviewed(&app, &hub, &id, &org, 3, 0, [4.0; 4]).await;
    let ((eva1, eva1_id, review1), (eva2, eva2_id, review2), (eva3, _, review3)) = (&panel[0], &panel[1], &panel[2]);
    review(&app, eva1, review1, review_body([2.5; 4], "reviewer 1", "Confidential 1")).await;
    review(&app, eva2, review2, review_body([4.0; 4], "reviewer 2", "Confidential 2")).await;

    // Who reads a review's ratings: its evaluator, the hub managers who read the reviews; nobody else.
    let own = ratings(&app, Some(eva1), review1).await;
    assert_eq!(own.status, 200, "{}", own.text);
    assert_eq!((&own.body["ratings"], &own.body["may_rate"]), (&json!([]), &json!(false)));
    assert_eq!(own.body["flags"], json!(["recommendation_at_odds"]), "accepting under the thresholds: {}", own.text);
    for stranger in [&anna, &nico, eva3] {
        ratings(&app, Some(stranger), review1).await.assert_problem(404, "not_found");
    }
    ratings(&app, None, review1).await.assert_problem(401, "unauthenticated");
    assert_eq!(ratings(&app, Some(&hub), review1).await.body["may_rate"], true);

    // Only a manager who reads the reviews or the rapporteur rates; never one's own; labels that agree.
    let body = json!({"labels": ["too_short", "vague"], "note": "NOTE-q7: motivare il punteggio sulla sicurezza."});
    rate(&app, Some(eva1), review1, body.clone()).await.assert_problem(403, "forbidden");
    rate(&app, Some(eva2), review1, body.clone()).await.assert_problem(404, "not_found");
    rate(&app, Some(&anna), review1, body.clone()).await.assert_problem(404, "not_found");
    assert_eq!(fields(&rate(&app, Some(&hub), review1, json!({"labels": []})).await), ["labels"]);
    assert_eq!(fields(&rate(&app, Some(&hub), review1, json!({"labels": ["helpful", "vague"]})).await), ["labels"]);
    assert_eq!(fields(&rate(&app, Some(&hub), review1, json!({"labels": ["rude"]})).await), ["labels"]);
    rate(&app, Some(&hub), review3, json!({"labels": ["helpful"]})).await.assert_problem(409, "not_submitted");

    // The first rating is created and its evaluator emailed; a change replaces it, without a second email.
    let given = rate(&app, Some(&hub), review1, body).await;
    assert_eq!(given.status, 201, "{}", given.text);
    assert_eq!(given.header("location"), Some(format!("/api/v1/reviews/{review1}/ratings").as_str()));
    let told =
        wait_mails(&app, "eva1@uni.example", title, "has rated your review", 1, StdDuration::from_secs(10)).await;
    assert_eq!(told.len(), 1, "the evaluator is told");
    assert!(told[0].body.contains(&format!("/reviews/{review1}")), "{}", told[0].body);
    let changed = rate(&app, Some(&hub), review1, json!({"labels": ["too_short"], "note": "NOTE-q7 bis."})).await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    let ratings_now = changed.body["ratings"].as_array().cloned().unwrap_or_default();
    assert_eq!(ratings_now.len(), 1, "one rating per rater: {}", changed.text);
    assert_eq!((&ratings_now[0]["labels"], &ratings_now[0]["rater"]), (&json!(["too_short"]), &json!("Staff Member")));
    std::thread::sleep(StdDuration::from_millis(300));
    assert_eq!(mails_with(&app, "eva1@uni.example", title, "has rated your review").len(), 1, "no second email");

    // The evaluator reads it unsigned.
    let own = ratings(&app, Some(eva1), review1).await;
    let first = &own.body["ratings"][0];
    assert_eq!((&first["note"], &first["rater"]), (&json!("NOTE-q7 bis."), &Value::Null), "{}", own.text);

    // The rapporteur rates too; a final consensus two points away flags the review.
    let eva2_token = eva2.clone();
    // (An evaluator of the version reads the others' reviews, but rates them only as the rapporteur.)
    assert_eq!(designate(&app, &hub, &id, eva2_id).await.status, 200);
    let by_rapporteur = rate(&app, Some(&eva2_token), review1, json!({"labels": ["inconsistent"]})).await;
    assert_eq!(by_rapporteur.status, 201, "{}", by_rapporteur.text);
    assert_eq!(by_rapporteur.body["ratings"].as_array().map(Vec::len), Some(2));
    rate(&app, Some(&eva2_token), review2, json!({"labels": ["helpful"]})).await.assert_problem(403, "forbidden");
    assert_eq!(save_draft(&app, &eva2_token, &id, draft_body(4.5, 4.0), None).await.status, 200);
    assert_eq!(finalise(&app, &hub, &id).await.status, 200);
    let flags = ratings(&app, Some(&hub), review1).await.body["flags"].clone();
    assert_eq!(flags, json!(["far_from_consensus", "recommendation_at_odds"]));
    assert_eq!(ratings(&app, Some(&hub), review2).await.body["flags"], json!([]));

    // The evaluator's record, for hub managers only.
    let record = quality(&app, Some(&hub), eva1_id).await;
    assert_eq!(record.status, 200, "{}", record.text);
    assert_eq!((&record.body["submitted"], &record.body["on_time"]), (&json!(1), &json!(1)), "{}", record.text);
    assert_eq!(record.body["labels"], json!({"too_short": 1, "inconsistent": 1}), "{}", record.text);
    assert_eq!(record.body["flags"], json!({"far_from_consensus": 1, "recommendation_at_odds": 1}));
    assert_eq!(record.body["consensus_distance"], 1.625, "(2 + 3 × 1.5) / 4: {}", record.text);
    let lenient = record.body["leniency"].as_f64().expect("a leniency: two reviews of one proposal");
    assert!(lenient < 0.0, "scored lower than the co-reviewer: {}", record.text);
    let careful = quality(&app, Some(&hub), eva2_id).await;
    assert!(careful.body["merit"].as_f64() > record.body["merit"].as_f64(), "{} vs {}", careful.text, record.text);
    quality(&app, Some(eva1), eva1_id).await.assert_problem(403, "forbidden");
    quality(&app, Some(&hub), &user_id(&app, &anna).await).await.assert_problem(404, "not_found");

    let root = app.token("admin@hub.example").await;
    let audit = app.get(&format!("/api/v1/audit?target_id={review1}&limit=100"), Some(&root)).await;
    assert!(audit.text.contains("review.rated"), "audited: {}", audit.text);
});
