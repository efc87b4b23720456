//! What a read costs in SQL statements, counted by the pool's instrumentation (every statement sent,
//! `BEGIN`, `COMMIT` and PostgreSQL's check-out probe included): a fixed number, however many tags,
//! co-authors or items there are (no query per item).

use hub_tests::funnel::{complete, verified_proposer};
use hub_tests::{TestApp, hub_test};
use serde_json::json;

/// Statements sent to the database while `path` is read as `token`: the least of five reads, since
/// the mail worker polls the database in the background.
async fn cost(app: &TestApp, path: &str, token: &str) -> u64 {
    let mut least = u64::MAX;
    for _ in 0..5 {
        let before = app.store.sql_statements();
        let answer = app.get(path, Some(token)).await;
        let after = app.store.sql_statements();
        assert_eq!(answer.status, 200, "{path}: {}", answer.text);
        least = least.min(after - before);
    }
    least
}

hub_test!(reads_cost_the_same_statements_whatever_their_size, |app| {
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let small =
        app.post("/api/v1/proposals", Some(&anna), json!({"challenge_id": "open-call", "title": "Small one"})).await;
    assert_eq!(small.status, 201, "{}", small.text);
    let mut body = complete("A large proposal", "open-call");
    body["tags"] = json!(["cloud", "security", "health", "mobility", "energy", "education"]);
    let large = app.post("/api/v1/proposals", Some(&anna), body).await;
    assert_eq!(large.status, 201, "{}", large.text);
    let small = cost(&app, &format!("/api/v1/proposals/{}", small.body["id"].as_str().expect("id")), &anna).await;
    let large = cost(&app, &format!("/api/v1/proposals/{}", large.body["id"].as_str().expect("id")), &anna).await;
    assert_eq!(small, large, "one proposal costs as many statements with six tags as with none");

    let two = cost(&app, "/api/v1/proposals?limit=100", &anna).await;
    for i in 0..10 {
        let more =
            app.post("/api/v1/proposals", Some(&anna), complete(&format!("Proposal number {i}"), "open-call")).await;
        assert_eq!(more.status, 201, "{}", more.text);
    }
    let twelve = cost(&app, "/api/v1/proposals?limit=100", &anna).await;
    assert_eq!(two, twelve, "a page of twelve proposals costs as many statements as a page of two");
    eprintln!("statements/{:?}: GET /proposals/{{id}} {small}, a page of proposals {twelve}", app.backend);
});
