//! Funnel analytics (issue 19): proposals per state, days in each stage (median, 90th percentile) on the
//! hub's clock, acceptance by kind of organisation, the reviews' timeliness; for hub managers, through
//! the API and the page.

use chrono::{Duration, SecondsFormat};
use domain::Clock;
use hub_tests::funnel::{
    assigned, confirm, draft, evaluator, manager, moved, save_and_submit, scored_review, submitted, verified_proposer,
};
use hub_tests::{TestApp, hub_test};
use serde_json::{Value, json};

/// A due date `days` from the hub's clock.
fn due_in(app: &TestApp, days: i64) -> String {
    (app.clock.now() + Duration::days(days)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[track_caller]
fn about(actual: &Value, expected: f64) {
    let value = actual.as_f64().unwrap_or_else(|| panic!("a number, got {actual}"));
    assert!((value - expected).abs() < 0.01, "expected about {expected} days, got {value}");
}

hub_test!(the_funnel_counts_states_times_in_stage_acceptance_and_timely_reviews, |app| {
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let (nico, _) = verified_proposer(&app, "nico@nuvola.example", "Nuvola Sicura S.r.l.", "07390162480").await;
    manager(&app).await;
    let (_, eva_id) = evaluator(&app, "eva@hub.example", None).await;
    let (_, bob_id) = evaluator(&app, "bob@hub.example", None).await;
    // Access tokens expire as the clock moves: each step signs in again.
    let token = async |email: &str| app.token(email).await;
    let day = Duration::days(1);

    // Two submitted now, one left a draft.
    let first = submitted(&app, &anna, "Prima proposta", "open-call").await;
    let second = submitted(&app, &nico, "Seconda proposta", "open-call").await;
    draft(&app, &anna, "Bozza", "open-call").await;
    // The first screened after 2 days, the second after 6.
    app.clock.advance(day * 2);
    let hub = token("manager@hub.example").await;
    moved(&app, &hub, &first, "screen", json!({"eligible": true}), "under_review").await;
    app.clock.advance(day * 4);
    let (hub, eva) = (token("manager@hub.example").await, token("eva@hub.example").await);
    moved(&app, &hub, &second, "screen", json!({"eligible": true}), "under_review").await;
    // A review a day early, one 2 days late, one still open past its due date.
    let early = assigned(&app, &hub, &first, &eva_id, &due_in(&app, 1)).await;
    confirm(&app, &eva, &early).await;
    save_and_submit(&app, &eva, &early, scored_review()).await;
    let late = assigned(&app, &hub, &second, &eva_id, &due_in(&app, 1)).await;
    app.clock.advance(day * 3);
    let (hub, eva) = (token("manager@hub.example").await, token("eva@hub.example").await);
    confirm(&app, &eva, &late).await;
    save_and_submit(&app, &eva, &late, scored_review()).await;
    assigned(&app, &hub, &second, &bob_id, &due_in(&app, 1)).await;
    app.clock.advance(day * 2);
    let (hub, anna, bob) =
        (token("manager@hub.example").await, token("anna@aurora.example").await, token("bob@hub.example").await);
    // The first accepted 9 days after its screening.
    let accept = json!({"decision": "accept", "rationale": "Utile.", "override_reason": "Una valutazione basta."});
    moved(&app, &hub, &first, "decide", accept, "accepted").await;

    let read = app.get("/api/v1/analytics/funnel", Some(&hub)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    let f = &read.body;
    assert_eq!(f["challenge_id"], Value::Null);
    let count = |state: &str| {
        f["states"].as_array().expect("states").iter().find(|s| s["state"] == state).map(|s| s["proposals"].clone())
    };
    assert_eq!(
        (count("draft"), count("submitted"), count("under_review"), count("accepted")),
        (Some(json!(1)), Some(json!(0)), Some(json!(1)), Some(json!(1))),
        "{}",
        read.text
    );
    let stage = |state: &str| {
        f["stages"].as_array().expect("stages").iter().find(|s| s["state"] == state).cloned().expect(state)
    };
    let waiting = stage("submitted");
    assert_eq!(waiting["stays"], 2);
    about(&waiting["median_days"], 4.0);
    about(&waiting["p90_days"], 6.0);
    let reviewed = stage("under_review");
    assert_eq!(reviewed["stays"], 1, "the second is still under review");
    about(&reviewed["median_days"], 9.0);
    let kinds = f["conversion"].as_array().expect("conversion");
    assert_eq!(kinds.len(), 1, "{}", read.text);
    assert_eq!(
        (&kinds[0]["kind"], &kinds[0]["submitted"], &kinds[0]["decided"], &kinds[0]["accepted"]),
        (&json!("startup"), &json!(2), &json!(1), &json!(1))
    );
    about(&kinds[0]["acceptance_rate"], 1.0);
    let reviews = &f["reviews"];
    assert_eq!((&reviews["submitted"], &reviews["on_time"], &reviews["overdue"]), (&json!(2), &json!(1), &json!(1)));
    about(&reviews["median_days_late"], 0.5);

    // One challenge's figures; an unknown challenge is not found.
    let one = app.get("/api/v1/analytics/funnel?challenge=open-call", Some(&hub)).await;
    assert_eq!(one.body["challenge_id"], "01900000-0000-7000-8000-000000000002", "{}", one.text);
    assert_eq!(one.body["stages"], f["stages"]);
    app.get("/api/v1/analytics/funnel?challenge=no-such", Some(&hub)).await.assert_problem(404, "not_found");
    // Hub managers only.
    app.get("/api/v1/analytics/funnel", None).await.assert_problem(401, "unauthenticated");
    app.get("/api/v1/analytics/funnel", Some(&anna)).await.assert_problem(403, "forbidden");
    app.get("/api/v1/analytics/funnel", Some(&bob)).await.assert_problem(403, "forbidden");

    // The page, linked from the desk (in the manager's English).
    let visitor = app.signed_in("manager@hub.example", "en").await;
    assert!(visitor.get("/manage").await.text.contains("href=\"/manage/analytics\""));
    let page = visitor.get("/manage/analytics?challenge=open-call").await;
    assert_eq!(page.status, 200, "{}", page.text);
    for text in [
        "<h1>How proposals progress</h1>",
        "<td class=\"median\">4.0</td>",
        "<td class=\"median\">9.0</td>",
        "<td class=\"rate\">100 %</td>",
        "<dd class=\"on-time\">1</dd>",
        "value=\"open-call\" selected",
    ] {
        assert!(page.text.contains(text), "{text} missing: {}", page.text);
    }
    assert_eq!(visitor.get("/manage/analytics?challenge=no-such").await.status, 404);
    let proposer = app.signed_in("anna@aurora.example", "it").await;
    assert_eq!(proposer.get("/manage/analytics").await.status, 403);
});
