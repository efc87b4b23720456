//! Claims and outcomes: a delivery being attempted (its lease held) is not redelivered, since the attempt's
//! outcome would end the new round; an outcome answering a claim that is no longer the delivery's (redelivered
//! since, or claimed again once its lease ended) is logged and decides nothing. The worker is kept away (it
//! looks every ten minutes) and the test claims and records as the worker does, at the moments it chooses.

use domain::webhook::DisablePolicy;
use persistence::Outcome;

use super::*;

/// One attempt's outcome for `delivery`, answering the claim of attempt `attempt`: `code` or no answer.
fn outcome(delivery: &str, attempt: i32, code: Option<u16>) -> Outcome {
    let error = match code {
        Some(code) if (200..300).contains(&code) => None,
        Some(code) => Some(format!("answered {code}")),
        None => Some("connection refused".to_owned()),
    };
    Outcome { delivery_id: delivery.to_owned(), status_code: code, latency_ms: 3, error, attempt }
}

/// Claims the due deliveries as the worker does, for `lease`; returns (delivery, attempts) of each.
async fn claim(app: &TestApp, lease: Duration) -> Vec<(String, i32)> {
    let store = app.store.clone();
    let claimed = tokio::task::spawn_blocking(move || store.webhook_claim(100, lease)).await.expect("join");
    claimed.expect("claimed").into_iter().map(|c| (c.delivery_id, c.attempts)).collect()
}

/// Records an outcome as the worker does (under a policy that disables nothing).
async fn record(app: &TestApp, outcome: Outcome) {
    let store = app.store.clone();
    let policy = DisablePolicy { failures: 1_000, period: Duration::days(365) };
    let recorded = tokio::task::spawn_blocking(move || store.webhook_record(&[outcome], policy, "http://hub.test"));
    recorded.await.expect("join").expect("recorded");
}

/// The delivery's (status, attempts, attempts logged).
async fn state(app: &TestApp, token: &str, endpoint: &str, delivery: &str) -> (String, i64, usize) {
    let log = deliveries(app, token, endpoint).await;
    let found = log.iter().find(|d| d["id"] == delivery).unwrap_or_else(|| panic!("{delivery} in {log:?}"));
    (found["status"].as_str().expect("status").to_owned(), found["attempts"].as_i64().expect("attempts"), logged(found))
}

hub_test!(
    a_delivery_in_flight_is_not_redelivered_and_an_outcome_of_an_earlier_claim_decides_nothing,
    settings = &[("HUB_WEBHOOK_POLL_MS", "600000")],
    |app| {
        let (uni, _) = university(&app).await;
        let (id, _) = register(&app, &uni, "http://127.0.0.1:9/slow", &["proposal.moved"]).await;
        let delivery = ping(&app, &uni, &id).await["id"].as_str().expect("id").to_owned();
        let lease = Duration::minutes(5);
        let redeliver = |token: String| {
            let (app, path) = (&app, at(&id, &format!("/deliveries/{delivery}/redeliver")));
            async move { app.post(&path, Some(&token), Value::Null).await }
        };

        // Claimed: being attempted. A redelivery now is 409, and changes nothing.
        assert_eq!(claim(&app, lease).await, [(delivery.clone(), 1)]);
        redeliver(uni.clone()).await.assert_problem(409, "delivery_in_flight");
        record(&app, outcome(&delivery, 1, None)).await;
        assert_eq!(state(&app, &uni, &id, &delivery).await, ("pending".to_owned(), 1, 1), "retried on the schedule");

        // Logged, it is redelivered: a new round. The first claim's outcome coming again decides nothing (it
        // failed a redelivered round that had not been attempted yet).
        let again = redeliver(uni.clone()).await;
        assert_eq!((again.status, &again.body["attempts"]), (202, &json!(0)), "{}", again.text);
        record(&app, outcome(&delivery, 1, None)).await;
        assert_eq!(state(&app, &uni, &id, &delivery).await, ("pending".to_owned(), 0, 2), "logged, nothing decided");

        // Claimed, then claimed again once the lease ended (its worker slow or gone): the earlier claim's 204
        // is logged but does not end the delivery while the later claim is in flight; the later claim's does.
        assert_eq!(claim(&app, lease).await, [(delivery.clone(), 1)]);
        app.clock.advance(lease + Duration::seconds(1));
        let uni = app.token(UNI).await;
        assert_eq!(claim(&app, lease).await, [(delivery.clone(), 2)], "the lease ended: claimed again");
        record(&app, outcome(&delivery, 1, Some(204))).await;
        assert_eq!(state(&app, &uni, &id, &delivery).await, ("pending".to_owned(), 2, 3), "the later claim decides");
        redeliver(uni.clone()).await.assert_problem(409, "delivery_in_flight");
        record(&app, outcome(&delivery, 2, Some(204))).await;
        assert_eq!(state(&app, &uni, &id, &delivery).await, ("delivered".to_owned(), 2, 4));
        // A duplicate of the last outcome decides nothing either.
        record(&app, outcome(&delivery, 2, Some(500))).await;
        assert_eq!(state(&app, &uni, &id, &delivery).await, ("delivered".to_owned(), 2, 5));
    }
);
